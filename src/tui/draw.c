/* Drawing the interactive view: every panel is a function of the app state
 * and the session, writing into stdscr; tui.c refreshes once per frame. */
#include "draw.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../view/colour.h"
#include "../view/format.h"
#include "../view/text.h"
#include "app.h"
#include "keys.h"

#define G(t, utf, ascii) ((t)->utf8 ? (utf) : (ascii))

/* ---- helpers ---------------------------------------------------------------- */

/* The text as the terminal can show it: raw UTF-8 on a terminal that is not
 * UTF-8 shows as garbage, so there it is transliterated (into buf). Text is
 * measured (wrapped, cut) in this form. */
static const char *screen_text(const rs_term *t, const char *s, char *buf, size_t n)
{
    if (t->utf8 || !s)
        return s;
    rs_ascii(s, buf, n);
    return buf;
}

int rs_put(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int maxw, const char *s)
{
    if (maxw <= 0 || !s)
        return 0;
    char ascii[4096];
    s = screen_text(t, s, ascii, sizeof ascii);
    const size_t bytes = rs_text_prefix(s, maxw);
    rs_term_set_role(w, t, role);
    mvwaddnstr(w, y, x, s, (int)bytes);
    char tmp[4096];
    const size_t n = bytes < sizeof tmp ? bytes : sizeof tmp - 1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    return rs_text_width(tmp);
}

/* As rs_put, but a text that does not fit ends in "…" instead of being cut
 * silently in the middle of a word. */
static int put_cut(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int maxw, const char *s)
{
    if (maxw <= 0 || !s)
        return 0;
    char ascii[4096];
    s = screen_text(t, s, ascii, sizeof ascii);
    const char *ellipsis = G(t, "…", "...");
    const int ew = rs_text_width(ellipsis);
    if (rs_text_width(s) <= maxw || maxw <= ew)
        return rs_put(w, t, role, y, x, maxw, s);
    const int used = rs_put(w, t, role, y, x, maxw - ew, s);
    return used + rs_put(w, t, role, y, x + used, ew, ellipsis);
}

#if defined(__GNUC__)
__attribute__((format(printf, 7, 8)))
#endif
static int putf(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int maxw, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return rs_put(w, t, role, y, x, maxw, buf);
}

void rs_fill(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int width)
{
    rs_term_set_role(w, t, role);
    for (int i = 0; i < width; i++)
        mvwaddch(w, y, x + i, ' ');
}

static void hrule(WINDOW *w, int y, int x, int n, const char *glyph)
{
    for (int i = 0; i < n; i++)
        mvwaddstr(w, y, x + i, glyph);
}

static void put_title(WINDOW *w, const rs_term *t, int y, int x, int maxw, const char *title, rs_role role)
{
    if (!title || !*title || maxw < 3)
        return;
    char buf[256];
    snprintf(buf, sizeof buf, " %s", title);
    const int used = put_cut(w, t, role, y, x, maxw - 1, buf);
    rs_put(w, t, role, y, x + used, 1, " ");
}

/* A box whose border is drawn in a role (compare mode: the focused side's). */
static void box_role(WINDOW *w, const rs_term *t, rs_rect r, const char *title, rs_role title_role, rs_role border)
{
    if (r.h < 2 || r.w < 2)
        return;
    const char *h = G(t, "─", "-"), *v = G(t, "│", "|");
    rs_term_set_role(w, t, border);
    mvwaddstr(w, r.y, r.x, G(t, "╭", "+"));
    hrule(w, r.y, r.x + 1, r.w - 2, h);
    mvwaddstr(w, r.y, r.x + r.w - 1, G(t, "╮", "+"));
    for (int y = r.y + 1; y < r.y + r.h - 1; y++) {
        mvwaddstr(w, y, r.x, v);
        mvwaddstr(w, y, r.x + r.w - 1, v);
    }
    mvwaddstr(w, r.y + r.h - 1, r.x, G(t, "╰", "+"));
    hrule(w, r.y + r.h - 1, r.x + 1, r.w - 2, h);
    mvwaddstr(w, r.y + r.h - 1, r.x + r.w - 1, G(t, "╯", "+"));
    put_title(w, t, r.y, r.x + 2, r.w - 4, title, title_role);
}

void rs_box(WINDOW *w, const rs_term *t, rs_rect r, const char *title, rs_role title_role)
{
    box_role(w, t, r, title, title_role, RS_ROLE_BORDER);
}

/* A horizontal rule with a title: the compact layout's panel border. */
static void rule_role(WINDOW *w, const rs_term *t, int y, int x, int width, const char *title, rs_role title_role,
                      rs_role border)
{
    rs_term_set_role(w, t, border);
    hrule(w, y, x, width, G(t, "─", "-"));
    put_title(w, t, y, x + 1, width - 2, title, title_role);
}

/* The text area of a panel and the next free line in it. Full layout: a box,
 * text two columns in from its border; compact: a titled rule on the top
 * line, text on the lines below. Drawing code of every panel goes through
 * this, so each panel draws the same in both layouts. */
typedef struct {
    int x, width;
    int y, last;        /* next line to write; last line of the area */
} panel;

/* The text area of a panel at r, before anything is drawn. */
static panel panel_area(const rs_app *a, rs_rect r)
{
    if (a->layout.compact)
        return (panel){r.x + 1, r.w - 2, r.y + 1, r.y + r.h - 1};
    return (panel){r.x + 2, r.w - 4, r.y + 1, r.y + r.h - 2};
}

/* Draw the panel's border (box or rule) with its title, in the border
 * role; its text area. */
static panel panel_open_role(WINDOW *w, const rs_app *a, rs_rect r, const char *title, rs_role title_role, rs_role border)
{
    if (a->layout.compact)
        rule_role(w, &a->term, r.y, r.x, r.w, title, title_role, border);
    else
        box_role(w, &a->term, r, title, title_role, border);
    return panel_area(a, r);
}



static int panel_room(const panel *p) { return p->last - p->y + 1; }

/* Write the next line of a panel (cut with "…"); false when it is full. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static bool panel_line(WINDOW *w, const rs_term *t, panel *p, rs_role role, const char *fmt, ...)
{
    if (p->y > p->last)
        return false;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put_cut(w, t, role, p->y++, p->x, p->width, buf);
    return true;
}

/* Text wrapped onto the panel's next lines, at most max of them; the last
 * one ends in "…" when the text goes on. Returns the lines written. */
static int panel_wrap(WINDOW *w, const rs_term *t, panel *p, rs_role role, const char *s, int max)
{
    if (max > panel_room(p))
        max = panel_room(p);
    if (max <= 0 || p->width < 1)
        return 0;
    char ascii[1400], wb[1400];
    const char *lines[9];
    if (max > 8)
        max = 8;
    s = screen_text(t, s, ascii, sizeof ascii);
    /* One line more than shown tells whether the text was cut. */
    const int n = rs_wrap(s, p->width, wb, sizeof wb, lines, max + 1);
    const int shown = n < max ? n : max;
    for (int i = 0; i < shown; i++) {
        if (i == shown - 1 && n > max) {
            char cut[1400];
            /* Too wide by construction, so put_cut ends it in "…". */
            snprintf(cut, sizeof cut, "%s %s", lines[i], lines[i + 1]);
            put_cut(w, t, role, p->y++, p->x, p->width, cut);
        } else
            rs_put(w, t, role, p->y++, p->x, p->width, lines[i]);
    }
    return shown;
}

/* Lines the text takes wrapped at width. */
static int wrapped_lines(const rs_term *t, const char *s, int width)
{
    char ascii[1400], wb[1400];
    const char *lines[16];
    return rs_wrap(screen_text(t, s, ascii, sizeof ascii), width, wb, sizeof wb, lines, 16);
}

/* A few lines, each with its role, to be wrapped into a panel. The info
 * panel builds a long and a brief one and shows the long one when it fits. */
#define PARA_MAX 6
typedef struct {
    int n;
    rs_role role[PARA_MAX];
    char text[PARA_MAX][320];
} para;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void para_add(para *p, rs_role role, const char *fmt, ...)
{
    if (p->n == PARA_MAX)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->text[p->n], sizeof p->text[p->n], fmt, ap);
    va_end(ap);
    p->role[p->n++] = role;
}

/* Screen lines the paragraph takes at this width. */
static int para_height(const rs_term *t, const para *p, int width)
{
    int h = 0;
    for (int i = 0; i < p->n; i++) {
        char ascii[400], wb[400];
        const char *lines[8];
        const int n = rs_wrap(screen_text(t, p->text[i], ascii, sizeof ascii), width, wb, sizeof wb, lines, 8);
        h += n > 0 ? n : 1;
    }
    return h;
}

static void para_put(WINDOW *w, const rs_term *t, panel *pn, const para *p)
{
    for (int i = 0; i < p->n && panel_room(pn) > 0; i++)
        panel_wrap(w, t, pn, p->role[i], p->text[i], panel_room(pn));
}

/* The word of the first sequence at timestep t (1-based), NULL when the
 * task's inputs are not words or the batch is of another length. */
static const char *first_word(const rs_side *sd, int t)
{
    const rs_batch *batch = rs_session_batch(sd->s);
    if (!batch || !batch->token || batch->T != sd->grid.T || t < 1 || t > batch->T)
        return NULL;
    const int tok = batch->token[(size_t)(t - 1) * batch->B];
    return tok >= 0 ? rs_task_token_name(rs_session_task(sd->s), tok) : NULL;
}

static bool comparing(const rs_app *a) { return a->nsides == 2; }
static const rs_side *focused(const rs_app *a) { return &a->side[a->focus]; }
static int side_index(const rs_app *a, const rs_side *sd) { return sd == &a->side[1] ? 1 : 0; }
static bool has_focus(const rs_app *a, const rs_side *sd) { return comparing(a) && sd == focused(a); }

/* A lesson's step: what it points at (NULL: not a lesson). */
static const rs_lesson_view *lesson_view(const rs_app *a) { return a->lesson ? rs_lesson_player_view(a->lesson) : NULL; }

static bool points_at(const rs_app *a, const char *panel)
{
    const rs_lesson_view *v = lesson_view(a);
    return v && v->point == RS_POINT_PANEL && strcmp(v->point_what, panel) == 0;
}

/* The config key a lesson points at, as the settings panel has it (init.std
 * and its kin are on W_hh init's row); NULL when it points at none. */
static const char *pointed_key(const rs_app *a)
{
    const rs_lesson_view *v = lesson_view(a);
    if (!v || v->point != RS_POINT_KEY)
        return NULL;
    const char *k = v->point_what;
    if (strcmp(k, "init.std") == 0 || strcmp(k, "init.range") == 0 || strcmp(k, "init.gain") == 0)
        return "init.recurrent";
    return k;
}

/* Whether the settings panel has a row for a config key. */
static bool key_has_row(const char *key)
{
    for (size_t i = 0; i < rs_tui_nkeys; i++)
        if (rs_tui_keys[i].setting && rs_tui_keys[i].cfg_key && strcmp(rs_tui_keys[i].cfg_key, key) == 0)
            return true;
    return false;
}

/* The border of a panel: highlighted when a lesson points at it. */
static rs_role panel_border(const rs_app *a, const char *panel)
{
    const char *key = pointed_key(a);
    if (points_at(a, panel) || (strcmp(panel, "config") == 0 && key && !key_has_row(key)))
        return RS_ROLE_POINT;
    /* The theory folded into the loss box: the loss box is pointed at. */
    if (strcmp(panel, "loss") == 0 && points_at(a, "theory") && rs_rect_empty(a->layout.theory))
        return RS_ROLE_POINT;
    return RS_ROLE_BORDER;
}

/* The mean over t of a per-timestep vector of the last step; NaN if none. */
static double vector_mean(const rs_session *s, rs_vector_kind k)
{
    const double *v = rs_session_last(s) ? rs_session_vector(s, k) : NULL;
    const int T = (int)rs_session_config(s)->task.length;
    if (!v || T <= 0)
        return NAN;
    double sum = 0.0;
    for (int t = 0; t < T; t++)
        sum += v[t];
    return sum / T;
}

/* What a gated cell multiplies its memory path by: "the forget gate f"
 * (lstm) or "z" (gru), and that gate's mean over the last step (the gru's
 * dact is the mean 1 − z, so its z is 1 − dact). */
static const char *gate_name(rs_cell cell) { return cell == RS_CELL_LSTM ? "the forget gate f" : "z"; }
static const char *gate_symbol(rs_cell cell) { return cell == RS_CELL_LSTM ? "f" : "z"; }

static double gate_mean(const rs_session *s)
{
    const double d = vector_mean(s, RS_VEC_DACT);
    return rs_session_settings(s)->model.cell == RS_CELL_GRU ? 1.0 - d : d;
}

/* The cell of a session, typed. */
static rs_cell cell_of(const rs_session *s) { return rs_session_settings(s)->model.cell; }

/* ---- title, status, message ------------------------------------------------------ */

/* Whether a key names a difference between the two sides of compare mode:
 * it matters for the config (the table's applies), it can differ (not
 * shared), and the description does not name it already (cell, activation). */
static bool key_relevant(const rs_config *c, const rs_key *k)
{
    if (k->flags & RS_KEY_SHARED)
        return false;
    if (strcmp(k->key, "model.cell") == 0 || strcmp(k->key, "model.activation") == 0)
        return false;
    return rs_key_applies(k, c);
}

void rs_side_describe(const rs_app *a, int k, char *buf, size_t n)
{
    const rs_config *c = rs_session_config(a->side[k].s);
    const bool act = rs_key_applies(rs_key_find("model.activation"), c);
    size_t used = (size_t)snprintf(buf, n, "%s%s%s", c->model.cell, act ? " " : "", act ? c->model.activation : "");
    if (a->nsides != 2 || !a->side[1 - k].s)
        return;
    const rs_config *o = rs_session_config(a->side[1 - k].s);
    int extra = 0;
    for (size_t i = 0; i < rs_nkeys && extra < 2 && used < n; i++) {
        const rs_key *key = &rs_keys[i];
        if (!key_relevant(c, key))
            continue;
        char mine[96], theirs[96];
        rs_config_format(c, key, mine, sizeof mine);
        rs_config_format(o, key, theirs, sizeof theirs);
        if (strcmp(mine, theirs) == 0)
            continue;
        const char *name = strcmp(key->key, "init.recurrent") == 0 ? "init" : strchr(key->key, '.') + 1;
        used += (size_t)snprintf(buf + used, n - used, " %s %s", name, mine);
        extra++;
    }
}

static void draw_title(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    const rs_config *c = rs_session_config(focused(a)->s);
    const rs_rect r = a->layout.title;
    rs_fill(w, t, RS_ROLE_TITLE, r.y, r.x, r.w);
    char right[3][400];
    const char *dot = G(t, "·", "|");
    if (comparing(a)) {
        char d[2][160];
        rs_side_describe(a, 0, d[0], sizeof d[0]);
        rs_side_describe(a, 1, d[1], sizeof d[1]);
        if (a->layout.one_side) {
            snprintf(right[0], sizeof right[0], "compare: the %s side (%s) %s Tab: the %s ", rs_pair_side_names[a->focus],
                     d[a->focus], dot, rs_pair_side_names[1 - a->focus]);
            snprintf(right[1], sizeof right[1], "compare: %s (Tab: %s) ", rs_pair_side_names[a->focus],
                     rs_pair_side_names[1 - a->focus]);
        } else {
            snprintf(right[0], sizeof right[0], "left %s | right %s %s %s task, T=%ld %s batch %ld ", d[0], d[1], dot,
                     c->task.name, c->task.length, dot, c->train.batch);
            snprintf(right[1], sizeof right[1], "left %s | right %s %s T=%ld ", d[0], d[1], dot, c->task.length);
        }
    } else {
        /* The gated cells have their fixed σ and tanh: no activation to name. */
        const bool act = rs_key_applies(rs_key_find("model.activation"), c);
        snprintf(right[0], sizeof right[0], "%s%s%s %s %s task, T=%ld %s H %ld %s batch %ld ", c->model.cell,
                 act ? " " : "", act ? c->model.activation : "", dot,
                 c->task.name, c->task.length, dot, c->model.hidden, dot, c->train.batch);
        right[1][0] = '\0';
    }
    char title[300];
    snprintf(title, sizeof title, " rnnscope %s %s", dot, c->scenario.title[0] ? c->scenario.title : a->scenario);
    /* The title keeps 24 columns; the right part takes the longest form that fits. */
    const int title_w = rs_text_width(title);
    for (int i = 0; i < 2; i++) {
        const int rw = rs_text_width(right[i]);
        if (!right[i][0] || (title_w < 24 ? title_w : 24) + 2 + rw > r.w)
            continue;
        put_cut(w, t, RS_ROLE_TITLE, r.y, r.x, r.w - rw - 2, title);
        rs_put(w, t, RS_ROLE_TITLE, r.y, r.x + r.w - rw, rw, right[i]);
        return;
    }
    put_cut(w, t, RS_ROLE_TITLE, r.y, r.x, r.w, title);
}

static const char *state_word(const rs_app *a, rs_role *role)
{
    const rs_session *s = focused(a)->s;
    if (rs_session_bptt_active(s)) {
        *role = RS_ROLE_STATUS_PAUSE;
        return "stepping BPTT";
    }
    bool all_diverged = true;
    for (int k = 0; k < a->nsides; k++)
        all_diverged &= rs_session_diverged(a->side[k].s);
    if (all_diverged) {
        *role = RS_ROLE_STATUS_BAD;
        return "diverged";
    }
    if (a->running) {
        *role = RS_ROLE_STATUS_RUN;
        return "running";
    }
    *role = RS_ROLE_STATUS_PAUSE;
    return "paused";
}

/* Compare mode: one side's part of the status line. */
static rs_role side_status(const rs_app *a, int k, bool brief, char *buf, size_t n)
{
    const rs_term *t = &a->term;
    const rs_session *s = a->side[k].s;
    const rs_step_stats *last = rs_session_last(s);
    char num[48] = "-";
    if (last)
        rs_fmt_num(num, sizeof num, last->loss, t->utf8);
    const char *name = brief ? (k ? "R" : "L") : rs_pair_side_names[k];
    /* The focused side is marked: where the keys go. */
    const char *mark = k == a->focus ? G(t, "▸", ">") : " ";
    if (rs_session_bptt_active(s)) {
        snprintf(buf, n, brief ? "%s%s %ld t=%d " : "%s%s: step %ld, BPTT at t = %d ", mark, name, rs_session_steps(s) + 1,
                 rs_session_bptt_t(s));
        return RS_ROLE_STATUS_PAUSE;
    }
    if (rs_session_diverged(s)) {
        snprintf(buf, n, brief ? "%s%s %ld %s " : "%s%s: step %ld, %s diverged ", mark, name, rs_session_steps(s),
                 G(t, "✕", "X"));
        return RS_ROLE_STATUS_BAD;
    }
    snprintf(buf, n, brief ? "%s%s %ld %s " : "%s%s: step %ld, loss %s ", mark, name, rs_session_steps(s), num);
    return RS_ROLE_STATUS;
}

/* Compare mode: the state, then each side's step and loss; the way out. */

/* The right end of the status line: the longest of the three hints that still
 * fits after `used` columns of a line `room` wide. */
static const char *status_hint(int used, int room, const char *quit, const char *short_hint, const char *hint)
{
    if (used + 1 + rs_text_width(hint) <= room)
        return hint;
    if (used + 1 + rs_text_width(short_hint) <= room)
        return short_hint;
    return quit;
}
static void draw_status_compare(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    const rs_rect r = a->layout.status;
    const char *dot = G(t, "·", "|");
    rs_fill(w, t, RS_ROLE_STATUS, r.y, r.x, r.w);
    rs_role role;
    const char *state = state_word(a, &role);
    char head[64], seg[2][2][128], rates[96] = "", hint[96], short_hint[64];
    const char *quit = "q quit ";
    snprintf(head, sizeof head, " %s %s ", a->running ? G(t, "▶", ">") : G(t, "⏸", "="), state);
    rs_role srole[2];
    for (int k = 0; k < 2; k++) {
        srole[k] = side_status(a, k, false, seg[0][k], sizeof seg[0][k]);
        side_status(a, k, true, seg[1][k], sizeof seg[1][k]);
    }
    if (a->running)
        snprintf(rates, sizeof rates, "  %s %.0f rounds/s %s %.0f frames/s", dot, a->steps_per_s, dot, a->fps);
    snprintf(hint, sizeof hint, "Tab focus %s ? help %s q quit ", dot, dot);
    snprintf(short_hint, sizeof short_hint, "? help %s q quit ", dot);
    const int room = r.w - 1;
    const int form = rs_text_width(head) + 2 + rs_text_width(seg[0][0]) + 1 + rs_text_width(seg[0][1]) + 1 +
                     rs_text_width(quit) <= room ? 0 : 1;
    int used = rs_text_width(head) + 2 + rs_text_width(seg[form][0]) + 1 + rs_text_width(seg[form][1]);
    const char *right = status_hint(used, room, quit, short_hint, hint);
    const bool show_rates = rates[0] && used + rs_text_width(rates) + 1 + rs_text_width(right) <= room;
    int x = r.x + rs_put(w, t, role, r.y, r.x, r.w, head) + 2;
    for (int k = 0; k < 2; k++) {
        x += rs_put(w, t, points_at(a, "status") ? RS_ROLE_POINT : srole[k], r.y, x, r.x + r.w - x, seg[form][k]);
        if (k == 0)
            x += rs_put(w, t, RS_ROLE_STATUS, r.y, x, r.x + r.w - x, G(t, "│", "|"));
    }
    if (show_rates)
        x += rs_put(w, t, RS_ROLE_STATUS, r.y, x, r.x + r.w - x, rates);
    const int hw = rs_text_width(right);
    const int hx = r.x + r.w - hw < x + 1 ? x + 1 : r.x + r.w - hw;
    rs_put(w, t, RS_ROLE_STATUS, r.y, hx, r.x + r.w - hx, right);
}

/* State, step, loss and the way out always; the rest while it fits. */
static void draw_status(WINDOW *w, const rs_app *a)
{
    if (comparing(a)) {
        draw_status_compare(w, a);
        return;
    }
    const rs_term *t = &a->term;
    const rs_session *s = a->side[0].s;
    const rs_rect r = a->layout.status;
    const char *dot = G(t, "·", "|");
    rs_fill(w, t, RS_ROLE_STATUS, r.y, r.x, r.w);
    rs_role role;
    const char *state = state_word(a, &role);
    char head[64], step[96], loss[64] = "", rates[96] = "", hint[96], short_hint[64];
    const char *quit = "q quit ";
    const int room = r.w - 1;
    snprintf(head, sizeof head, " %s %s ", a->running ? G(t, "▶", ">") : G(t, "⏸", "="), state);
    const rs_step_stats *last = rs_session_last(s);
    if (last) {
        char num[48];
        rs_fmt_num(num, sizeof num, last->loss, t->utf8);
        snprintf(loss, sizeof loss, "  loss %s", num);
    }
    if (rs_session_bptt_active(s)) {
        /* The long form only when the loss and the way out still fit. */
        snprintf(step, sizeof step, "  step %ld, going back at t = %d", rs_session_steps(s) + 1, rs_session_bptt_t(s));
        if (rs_text_width(head) + rs_text_width(step) + rs_text_width(loss) + 1 + rs_text_width(quit) > room)
            snprintf(step, sizeof step, "  step %ld, t = %d", rs_session_steps(s) + 1, rs_session_bptt_t(s));
    } else
        snprintf(step, sizeof step, "  step %ld", rs_session_steps(s));
    if (a->running)         /* paused, a rate is only yesterday's news */
        snprintf(rates, sizeof rates, "  %s  %.0f steps/s  %s  %.0f frames/s", dot, a->steps_per_s, dot, a->fps);
    snprintf(hint, sizeof hint, "space %s %s ? help %s q quit ", a->running ? "pause" : "run", dot, dot);
    snprintf(short_hint, sizeof short_hint, "? help %s q quit ", dot);

    /* Widths decide what is shown, in this order: state, step, the way
     * out, the loss, help, the run key, the rates. */
    int used = rs_text_width(head) + rs_text_width(step);
    const bool show_loss = loss[0] && used + rs_text_width(loss) + 1 + rs_text_width(quit) <= room;
    if (show_loss)
        used += rs_text_width(loss);
    const char *right = status_hint(used, room, quit, short_hint, hint);
    const bool show_rates = rates[0] && used + rs_text_width(rates) + 1 + rs_text_width(right) <= room;

    int x = r.x + rs_put(w, t, role, r.y, r.x, r.w, head);
    /* A lesson pointing at the status line: the step and the loss. */
    const rs_role what = points_at(a, "status") ? RS_ROLE_POINT : RS_ROLE_STATUS;
    x += rs_put(w, t, what, r.y, x, r.x + r.w - x, step);
    if (show_loss)
        x += rs_put(w, t, what, r.y, x, r.x + r.w - x, loss);
    if (show_rates)
        x += rs_put(w, t, RS_ROLE_STATUS, r.y, x, r.x + r.w - x, rates);
    const int hw = rs_text_width(right);
    const int hx = r.x + r.w - hw < x + 1 ? x + 1 : r.x + r.w - hw;
    rs_put(w, t, RS_ROLE_STATUS, r.y, hx, r.x + r.w - hx, right);
}

/* The first of the texts that fits the width, else the last one cut. */
static void put_first_fitting(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int width, const char *const *texts,
                              int n)
{
    for (int i = 0; i < n; i++) {
        char ascii[1024];
        if (i == n - 1 || rs_text_width(screen_text(t, texts[i], ascii, sizeof ascii)) <= width) {
            put_cut(w, t, role, y, x, width, texts[i]);
            return;
        }
    }
}

static void draw_message(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    const rs_rect r = a->layout.message;
    rs_fill(w, t, RS_ROLE_TEXT, r.y, r.x, r.w);
    if (a->msg[0]) {
        put_cut(w, t, a->msg_error ? RS_ROLE_ERROR : RS_ROLE_VALUE, r.y, r.x + 1, r.w - 2, a->msg);
        return;
    }
    /* No message: what to do next. */
    const char *dot = G(t, " · ", " | ");
    const char *x = G(t, "×", "x");
    char hints[3][300];
    if (a->lesson && rs_session_bptt_active(focused(a)->s)) {
        snprintf(hints[0], sizeof hints[0], "b: one timestep further back%sn: finish the step%s%s or PgDn: next step%s%s back",
                 dot, dot, G(t, "→", "->"), dot, G(t, "←", "<-"));
        snprintf(hints[1], sizeof hints[1], "b: further back%sn: finish%s%s next step", dot, dot, G(t, "→", "->"));
        snprintf(hints[2], sizeof hints[2], "b: back%s%s next", dot, G(t, "→", "->"));
    } else if (a->lesson) {
        /* A lesson: the pages first. */
        snprintf(hints[0], sizeof hints[0], "%s or PgDn: next step%s%s or PgUp: back%sspace: run / pause%sh j k l: inspect%s"
                 "? keys", G(t, "→", "->"), dot, G(t, "←", "<-"), dot, dot, dot);
        snprintf(hints[1], sizeof hints[1], "%s next step%s%s back%sspace run%s? keys", G(t, "→", "->"), dot, G(t, "←", "<-"),
                 dot, dot);
        snprintf(hints[2], sizeof hints[2], "%s next%s%s back", G(t, "→", "->"), dot, G(t, "←", "<-"));
    } else if (rs_session_bptt_active(focused(a)->s) && a->layout.compact) {
        /* The compact info lines have no room for this; the box has. */
        snprintf(hints[0], sizeof hints[0], "b: one timestep further back%sn or space: finish the step (clip, update)", dot);
        snprintf(hints[1], sizeof hints[1], "b: one step further back%sn: finish the step", dot);
        snprintf(hints[2], sizeof hints[2], "b: back%sn: finish", dot);
    } else if (a->layout.one_side) {
        snprintf(hints[0], sizeof hints[0], "compare mode, the %s side shown: Tab shows the %s%senlarge to %d columns for both",
                 rs_pair_side_names[a->focus], rs_pair_side_names[1 - a->focus], dot, RS_TUI_SPLIT_COLS);
        snprintf(hints[1], sizeof hints[1], "Tab: the %s side%s%d columns: both", rs_pair_side_names[1 - a->focus], dot,
                 RS_TUI_SPLIT_COLS);
        snprintf(hints[2], sizeof hints[2], "Tab: other side");
    } else if (a->layout.compact && comparing(a)) {
        snprintf(hints[0], sizeof hints[0], "Tab: focus the other side%sm: back to one%senlarge to %d%s%d for settings, loss "
                 "and theory", dot, dot, RS_TUI_SPLIT_FULL_COLS, x, RS_TUI_SPLIT_FULL_ROWS);
        snprintf(hints[1], sizeof hints[1], "Tab: focus%sm: one model%s%d%s%d: more panels", dot, dot,
                 RS_TUI_SPLIT_FULL_COLS, x, RS_TUI_SPLIT_FULL_ROWS);
        snprintf(hints[2], sizeof hints[2], "Tab: focus%s? keys", dot);
    } else if (comparing(a)) {
        snprintf(hints[0], sizeof hints[0], "Tab: focus the other side (a i C c t - + act on the focused one, < > r on both)%s"
                 "m: back to one model%s? keys", dot, dot);
        snprintf(hints[1], sizeof hints[1], "Tab: focus the other side%sm: back to one model%s? keys", dot, dot);
        snprintf(hints[2], sizeof hints[2], "Tab: focus%s? keys", dot);
    } else if (a->layout.compact) {
        /* Say what the compact layout leaves out, and how to get it back. */
        snprintf(hints[0], sizeof hints[0], "compact view: enlarge to %d%s%d for the settings, loss and theory panels%s? keys",
                 RS_TUI_FULL_COLS, x, RS_TUI_FULL_ROWS, dot);
        snprintf(hints[1], sizeof hints[1], "enlarge to %d%s%d: settings, loss, theory%s? keys", RS_TUI_FULL_COLS, x,
                 RS_TUI_FULL_ROWS, dot);
        snprintf(hints[2], sizeof hints[2], "enlarge: more panels%s? keys", dot);
    } else {
        snprintf(hints[0], sizeof hints[0],
                 "%s or click: exact value of a cell%sb: step through BPTT%sv: view%sS: scale%sa i c t - + < >: change training",
                 G(t, "←↑↓→", "arrows"), dot, dot, dot, dot);
        snprintf(hints[1], sizeof hints[1], "%s or click: a cell's value%sb: step through BPTT%s? keys", G(t, "←↑↓→", "arrows"),
                 dot, dot);
        snprintf(hints[2], sizeof hints[2], "? keys");
    }
    const char *texts[] = {hints[0], hints[1], hints[2]};
    put_first_fitting(w, t, RS_ROLE_DIM, r.y, r.x + 1, r.w - 2, texts, 3);
}

/* ---- compact layout: the settings in one or two lines ------------------------------ */

static void setting_value(const rs_app *a, const rs_session *s, const rs_tui_key *k, char *buf, size_t n, bool brief);

/* The settings the compact summary shows, most important first. */
static const rs_action summary_order[] = {
    RS_ACT_CELL, RS_ACT_ACTIVATION, RS_ACT_INIT, RS_ACT_CLIP, RS_ACT_LR_DOWN,
    RS_ACT_LEN_DOWN, RS_ACT_TBPTT, RS_ACT_CLIP_DOWN, RS_ACT_SEED,
};

static void draw_settings_summary(WINDOW *w, const rs_app *a, const rs_side *sd)
{
    const rs_term *t = &a->term;
    const rs_rect r = sd->r.settings;
    rs_setting_row rows[RS_TUI_SETTING_ROWS + 4];
    const size_t nrows = rs_setting_rows(rows, sizeof rows / sizeof rows[0]);
    int used[2] = {0}, line = 0;    /* columns taken on each line; the line being filled */
    const int nlines = r.h < 2 ? r.h : 2, width = r.w - 1;
    for (size_t i = 0; i < sizeof summary_order / sizeof summary_order[0]; i++) {
        const rs_setting_row *row = NULL;
        for (size_t j = 0; j < nrows; j++)
            if (rows[j].key->action == summary_order[i])
                row = &rows[j];
        if (!row || !row->key->brief)
            continue;
        /* The gated cells have no activation to choose. */
        if (row->key->action == RS_ACT_ACTIVATION && rs_cell_is_gated(cell_of(sd->s)))
            continue;
        char val[128];
        setting_value(a, sd->s, row->key, val, sizeof val, false);
        const int bw = *row->key->brief ? rs_text_width(row->key->brief) + 1 : 0;
        const int iw = rs_text_width(row->labels) + 1 + bw + rs_text_width(val);
        /* In order of importance, line after line; on the last line a
         * smaller one may still fit after a larger one did not. */
        if (used[line] + (used[line] ? 2 : 0) + iw > width && line + 1 < nlines)
            line++;
        const int gap = used[line] ? 2 : 0;
        if (used[line] + gap + iw > width)
            continue;
        int x = r.x + 1 + used[line] + gap;
        /* A lesson pointing at this setting: the whole item stands out. */
        const char *pk = pointed_key(a);
        const bool pointed = pk && row->key->cfg_key && strcmp(row->key->cfg_key, pk) == 0;
        x += rs_put(w, t, pointed ? RS_ROLE_POINT : RS_ROLE_KEY, r.y + line, x, iw, row->labels) + 1;
        if (bw)
            x += rs_put(w, t, pointed ? RS_ROLE_POINT : RS_ROLE_DIM, r.y + line, x, bw, row->key->brief) + 1;
        rs_put(w, t, pointed ? RS_ROLE_POINT : RS_ROLE_VALUE, r.y + line, x, width, val);
        used[line] += gap + iw;
    }
    /* … or at the settings as a whole. */
    if (panel_border(a, "config") == RS_ROLE_POINT)
        rs_put(w, t, RS_ROLE_POINT, r.y, r.x, 1, G(t, "▶", ">"));
}

/* ---- heatmap ----------------------------------------------------------------------- */

static int rows_per_text(const rs_term *t)
{
    return t->utf8 && t->scheme != RS_SCHEME_MONO ? 2 : 1;
}

void rs_app_relayout(rs_app *a)
{
    const rs_layout_opts o = {comparing(a), a->lesson ? rs_lesson_caption_lines(a, COLS - 4) : 0};
    a->layout = rs_layout_compute_opts(COLS, LINES, &o);
    /* Where each side goes: split, each its own; else the focused one alone. */
    for (int k = 0; k < 2; k++) {
        rs_side *sd = &a->side[k];
        memset(&sd->r, 0, sizeof sd->r);
        if (k >= a->nsides || a->layout.too_small)
            ;
        else if (a->layout.split)
            sd->r = a->layout.side[k];
        else if (k == a->focus)
            sd->r = a->layout.side[0];
        sd->hl = rs_heat_layout_compute(sd->r.heat, !a->layout.compact, a->words);
    }
}

static bool side_shown(const rs_side *sd) { return sd->s && !rs_rect_empty(sd->r.heat); }

/* Cell index (into grid arrays) shown at text row y (0-based in the grid),
 * half h; −1 when none. */
static int cell_row(const rs_app *a, const rs_side *sd, int y, int h)
{
    const int k = rows_per_text(&a->term);
    const int slots = sd->hl.grid.h * k;
    const int slot = y * k + h;
    const int r = slot - (slots - sd->grid.nrows);
    return r >= 0 && r < sd->grid.nrows ? r : -1;
}

bool rs_app_cell_at(const rs_app *a, int y, int x, int *side, int *bin, int *row_from_bottom)
{
    if (a->layout.too_small)
        return false;
    for (int s = 0; s < a->nsides; s++) {
        const rs_side *sd = &a->side[s];
        const rs_rect g = sd->hl.grid;
        if (!side_shown(sd) || !rs_rect_contains(g, y, x))
            continue;
        const int b = rs_tbins_bin_at(&sd->grid.tb, x - g.x);
        int r = cell_row(a, sd, y - g.y, 0);
        if (r < 0)
            r = cell_row(a, sd, y - g.y, 1);
        if (b < 0 || r < 0)
            return false;
        *side = s;
        *bin = b;
        *row_from_bottom = sd->grid.nrows - 1 - r;
        return true;
    }
    return false;
}

static int cell_colour(const rs_app *a, const rs_heat_grid *g, int r, int b)
{
    const rs_term *t = &a->term;
    if (r < 0)
        return rs_term_heat_index(t, RS_HEAT_EMPTY, 0);
    const size_t i = (size_t)r * g->tb.nbins + b;
    const int n = rs_heat_schemes[t->scheme].nbuckets;
    return rs_term_heat_index(t, g->cls[i], rs_heat_bucket(g->x[i], g->lo, g->hi, n));
}

static void draw_cell(WINDOW *w, const rs_app *a, const rs_heat_grid *g, int y, int x, int upper, int lower, int b)
{
    const int ncols = rs_tbins_col(&g->tb, b + 1) - rs_tbins_col(&g->tb, b);
    const rs_term *t = &a->term;
    const int n = rs_heat_schemes[t->scheme].nbuckets;
    const int neutral = n / 2, nan_idx = n;
    if (t->scheme == RS_SCHEME_MONO) {
        const int r = lower >= 0 ? lower : upper;
        char ch = ' ';
        attr_t at = A_NORMAL;
        if (r >= 0) {
            const size_t i = (size_t)r * g->tb.nbins + b;
            switch (g->cls[i]) {
            case RS_HEAT_VALUE: ch = rs_heat_schemes[t->scheme].ramp[rs_heat_bucket(g->x[i], g->lo, g->hi, n)]; break;
            case RS_HEAT_ZERO: ch = '0'; break;
            case RS_HEAT_NONFINITE: ch = 'X'; at = A_BOLD | A_REVERSE; break;
            case RS_HEAT_NOREF: ch = '?'; break;
            default: ch = ' ';
            }
        }
        wattr_set(w, at, 0, NULL);
        for (int c = 0; c < ncols; c++)
            mvwaddch(w, y, x + c, (chtype)(unsigned char)ch);
        return;
    }
    const int cu = upper >= 0 ? cell_colour(a, g, upper, b) : rs_term_heat_index(t, RS_HEAT_EMPTY, 0);
    const int cl = lower >= 0 ? cell_colour(a, g, lower, b) : rs_term_heat_index(t, RS_HEAT_EMPTY, 0);
    const char *glyph;
    short pair;
    if (cu == nan_idx || cl == nan_idx) {
        glyph = G(t, "✕", "X");
        pair = rs_term_heat_pair(t, neutral, nan_idx);
    } else if (cu == cl || !t->utf8) {
        glyph = " ";
        pair = rs_term_heat_pair(t, cl, cl);
    } else {
        glyph = "▀";
        pair = rs_term_heat_pair(t, cu, cl);
    }
    wattr_set(w, A_NORMAL, pair, NULL);
    for (int c = 0; c < ncols; c++)
        mvwaddstr(w, y, x + c, glyph);
}

static void row_label(const rs_app *a, const rs_heat_grid *g, int r, char *buf, size_t n)
{
    switch (g->row_kind[r]) {
    case RS_ROW_UNIT:
        if (g->row_last[r] > g->row_id[r])
            snprintf(buf, n, "%ld-%d", g->row_id[r], g->row_last[r]);
        else
            snprintf(buf, n, "u%ld", g->row_id[r]);
        break;
    case RS_ROW_PENDING: snprintf(buf, n, "%s%ld", G(&a->term, "◀", "<"), g->row_id[r]); break;
    case RS_ROW_FAILED: snprintf(buf, n, "%s%ld", G(&a->term, "✕", "X"), g->row_id[r]); break;
    default: snprintf(buf, n, "%ld", g->row_id[r]);
    }
}

static void legend_and_caption(WINDOW *w, const rs_app *a, const rs_side *sd)
{
    const rs_term *t = &a->term;
    const rs_heat_grid *g = &sd->grid;
    const rs_heat_scheme *sc = &rs_heat_schemes[t->scheme];
    const rs_rect L = sd->hl.legend, C = sd->hl.caption;
    const char *dot = G(t, " · ", " | ");
    char lo[48], hi[48];
    rs_fmt_pow10(lo, sizeof lo, (int)lround(g->lo), t->utf8);
    rs_fmt_pow10(hi, sizeof hi, (int)lround(g->hi), t->utf8);
    int x = L.x + rs_put(w, t, RS_ROLE_TEXT, L.y, L.x, L.w, lo);
    x += rs_put(w, t, RS_ROLE_TEXT, L.y, x, L.x + L.w - x, " ");
    const int cw = sc->nbuckets < 8 ? 2 : 1;
    for (int b = 0; b < sc->nbuckets && x + cw <= L.x + L.w; b++) {
        if (t->scheme == RS_SCHEME_MONO) {
            wattr_set(w, A_NORMAL, 0, NULL);
            mvwaddch(w, L.y, x, (chtype)(unsigned char)sc->ramp[b]);
            x++;
            continue;
        }
        wattr_set(w, A_NORMAL, rs_term_heat_pair(t, b, b), NULL);
        for (int c = 0; c < cw; c++)
            mvwaddch(w, L.y, x++, ' ');
    }
    if (t->scheme == RS_SCHEME_MONO)
        x += rs_put(w, t, RS_ROLE_DIM, L.y, x, L.x + L.w - x, "|");
    x += rs_put(w, t, RS_ROLE_TEXT, L.y, x, L.x + L.w - x, " ");
    x += rs_put(w, t, RS_ROLE_TEXT, L.y, x, L.x + L.w - x, hi);
    /* What the scale means and how the grid is binned: each piece whole or
     * not at all (the caption below says the same in words). */
    char more[4][128];
    if (g->relative)
        snprintf(more[0], sizeof more[0], " %s the value at t=T", G(t, "×", "x"));
    else
        snprintf(more[0], sizeof more[0], " (absolute)");
    if (g->relative && rs_text_width(more[0]) > L.x + L.w - x)
        snprintf(more[0], sizeof more[0], " %s at t=T", G(t, "×", "x"));
    if (g->tb.t_per_col > 1)
        snprintf(more[1], sizeof more[1], "%s1 column = %d timesteps (the largest)", dot, g->tb.t_per_col);
    else
        more[1][0] = '\0';
    if (a->view == RS_VIEW_UNITS && g->ug.per_row > 1)
        snprintf(more[2], sizeof more[2], "%srows: %d units each (the largest)", dot, g->ug.per_row);
    else if (a->view == RS_VIEW_UNITS)
        snprintf(more[2], sizeof more[2], "%srows: hidden units", dot);
    else if (g->rb.stride > 1)
        snprintf(more[2], sizeof more[2], "%s1 row = every %zu steps", dot, g->rb.stride);
    else
        snprintf(more[2], sizeof more[2], "%s1 row = 1 step", dot);
    snprintf(more[3], sizeof more[3], "%s", a->layout.split ? G(t, " · one scale for both", " | one scale for both") : "");
    for (int i = 0; i < 4; i++)
        if (rs_text_width(more[i]) <= L.x + L.w - x)
            x += rs_put(w, t, RS_ROLE_DIM, L.y, x, L.x + L.w - x, more[i]);

    /* The colours in words: the longest form that fits the caption's lines. */
    if (C.h <= 0)
        return;
    char cap[3][512];
    const char *noun = rs_view_noun(a->view, cell_of(sd->s));
    const char *nanmark = t->scheme == RS_SCHEME_MONO ? "X = NaN/Inf"
                        : t->utf8 ? "magenta ✕ = NaN/Inf" : "magenta X = NaN/Inf";
    const char *nanshort = t->scheme == RS_SCHEME_MONO || !t->utf8 ? "X = NaN/Inf" : "✕ = NaN/Inf";
    const char *zeromark = t->scheme == RS_SCHEME_MONO ? "0 = exactly 0"
                         : t->scheme == RS_SCHEME_8 ? "black = exactly 0" : "grey = exactly 0";
    const char *cold = t->scheme == RS_SCHEME_MONO ? "' .:' = " : t->scheme == RS_SCHEME_8 ? "blue/cyan = " : "blue = ";
    const char *hot = t->scheme == RS_SCHEME_MONO ? "'#%@' = " : t->scheme == RS_SCHEME_8 ? "yellow/red = " : "red = ";
    const char *noref = g->any_noref ? (t->utf8 ? " · ? = 0 at t=T: press S" : " | ? = 0 at t=T: press S") : "";
    if (g->relative) {
        snprintf(cap[0], sizeof cap[0], "%s%s smaller than at t=T (vanishing)%s%slarger (exploding)%s%s%s%s%s", cold, noun,
                 dot, hot, dot, nanmark, dot, zeromark, noref);
        snprintf(cap[1], sizeof cap[1], "%ssmaller than at t=T (vanishing)%s%slarger (exploding)%s%s%s", cold, dot, hot, dot,
                 nanshort, noref);
        snprintf(cap[2], sizeof cap[2], "%svanishing%s%sexploding%s%s%s", cold, dot, hot, dot, nanshort, noref);
    } else {
        snprintf(cap[0], sizeof cap[0], "%ssmall %s%s%slarge (absolute, log scale)%s%s%s%s", cold, noun, dot, hot, dot,
                 nanmark, dot, zeromark);
        snprintf(cap[1], sizeof cap[1], "%ssmall%s%slarge (log scale)%s%s", cold, dot, hot, dot, nanshort);
        snprintf(cap[2], sizeof cap[2], "%ssmall%s%slarge%s%s", cold, dot, hot, dot, nanshort);
    }
    int pick = 0;
    char ascii[600], wb[600];
    const char *lines[4];
    while (pick < 2 && rs_wrap(screen_text(t, cap[pick], ascii, sizeof ascii), C.w, wb, sizeof wb, lines, C.h + 1) > C.h)
        pick++;
    panel p = {C.x, C.w, C.y, C.y + C.h - 1};
    panel_wrap(w, t, &p, RS_ROLE_TEXT, cap[pick], C.h);
}

static void draw_words(WINDOW *w, const rs_app *a, const rs_side *sd)
{
    const rs_term *t = &a->term;
    const rs_rect W = sd->hl.words, gr = sd->hl.grid;
    const rs_tbins *tb = &sd->grid.tb;
    rs_put(w, t, RS_ROLE_DIM, W.y, W.x, gr.x - W.x, " input ");
    int next_free = gr.x;
    for (int b = 0; b < tb->nbins; b++) {
        int t0, t1;
        rs_tbins_range(tb, b, &t0, &t1);
        const char *name = first_word(sd, t0);
        const int x = gr.x + rs_tbins_col(tb, b);
        if (!name || x < next_free)
            continue;
        const int room = gr.x + gr.w - x;
        const int used = rs_put(w, t, t0 == 1 ? RS_ROLE_VALUE : RS_ROLE_TEXT, W.y, x, room, name);
        next_free = x + used + 1;
    }
}

/* Compare mode: a side's label, "left: rnn tanh", marked when it has the focus. */
static void side_label(const rs_app *a, const rs_side *sd, bool brief, char *buf, size_t n)
{
    const rs_term *t = &a->term;
    const int k = side_index(a, sd);
    char d[160];
    rs_side_describe(a, k, d, sizeof d);
    if (has_focus(a, sd))
        snprintf(buf, n, "%s%s: %s%s", G(t, "▶ ", "> "), rs_pair_side_names[k], d,
                 brief ? "" : G(t, " ◀ keys act here", " < keys act here"));
    else
        snprintf(buf, n, "%s: %s%s", rs_pair_side_names[k], d, brief ? "" : a->lesson ? "" : " (Tab focuses)");
}

/* The view's name, symbol and meaning: inside the box (full layout) or as
 * the title of the rule above the grid (compact; compare mode: after the
 * side's label). */
static void heat_header(WINDOW *w, const rs_app *a, const rs_side *sd)
{
    const rs_term *t = &a->term;
    const rs_rect H = sd->hl.header;
    int x = H.x, end = H.x + H.w;
    if (a->layout.compact) {
        const bool focus = has_focus(a, sd);
        rule_role(w, t, H.y, H.x, H.w, NULL, RS_ROLE_BORDER,
                  points_at(a, "heatmap") ? RS_ROLE_POINT : focus ? RS_ROLE_FOCUS : RS_ROLE_BORDER);
        x += 1;
        end -= 1;
        if (comparing(a)) {
            char label[200];
            side_label(a, sd, true, label, sizeof label);
            x += putf(w, t, focus ? RS_ROLE_FOCUS : RS_ROLE_PANEL_TITLE, H.y, x, end - x, " %s ", label);
            x += 1;     /* the rule shows between the label and the view */
        }
        x += rs_put(w, t, RS_ROLE_TEXT, H.y, x, end - x, " ");
        end -= 1;       /* a space before the rule goes on */
    }
    x += putf(w, t, RS_ROLE_KEY, H.y, x, end - x, "v ");
    x += putf(w, t, RS_ROLE_VALUE, H.y, x, end - x, "%s ", rs_view_names[a->view]);
    const rs_cell cell = cell_of(sd->s);
    x += putf(w, t, RS_ROLE_TEXT, H.y, x, end - x, "%s: ", rs_view_symbol(a->view, cell, t->utf8));
    x += put_cut(w, t, RS_ROLE_DIM, H.y, x, end - x, rs_view_meaning(a->view, cell));
    if (a->layout.compact)
        rs_put(w, t, RS_ROLE_TEXT, H.y, x, 1, " ");
}

/* A lesson pointing at timestep t: marked on the t axis ("▲t=38") and, in
 * a box, by "▼" in the top border above the column. */
static void point_timestep(WINDOW *w, const rs_app *a, const rs_side *sd, int title_end)
{
    const rs_term *t = &a->term;
    const rs_lesson_view *v = lesson_view(a);
    const rs_heat_grid *g = &sd->grid;
    if (!v || v->point != RS_POINT_T || v->point_t < 1 || v->point_t > g->T || g->tb.nbins == 0)
        return;
    const rs_rect gr = sd->hl.grid, ta = sd->hl.taxis;
    const int b = (int)(v->point_t - 1) / g->tb.t_per_col;
    const int x = gr.x + (rs_tbins_col(&g->tb, b) + rs_tbins_col(&g->tb, b + 1) - 1) / 2;
    char label[32];
    snprintf(label, sizeof label, "%st=%ld", G(t, "▲", "^"), v->point_t);
    const int lw = rs_text_width(label);
    const int lx = x + lw <= gr.x + gr.w ? x : gr.x + gr.w - lw;
    rs_put(w, t, RS_ROLE_POINT, ta.y, lx, lw, label);
    if (!a->layout.compact && x >= title_end)
        rs_put(w, t, RS_ROLE_POINT, sd->r.heat.y, x, 1, G(t, "▼", "v"));
}

static void draw_heat(WINDOW *w, rs_app *a, rs_side *sd)
{
    const rs_term *t = &a->term;
    const rs_heat_layout *hl = &sd->hl;
    const rs_heat_grid *g = &sd->grid;
    int title_end = 0;
    if (!a->layout.compact) {
        char title[240];
        if (comparing(a)) {
            side_label(a, sd, false, title, sizeof title);
            if (rs_text_width(title) > sd->r.heat.w - 6)
                side_label(a, sd, true, title, sizeof title);
        } else {
            snprintf(title, sizeof title, "Through time: timestep t %s, training steps %s", G(t, "→", "->"), G(t, "↓", "v"));
            if (rs_text_width(title) > sd->r.heat.w - 6)
                snprintf(title, sizeof title, "Through time: t %s, steps %s", G(t, "→", "->"), G(t, "↓", "v"));
        }
        const bool focus = has_focus(a, sd), pointed = points_at(a, "heatmap");
        box_role(w, t, sd->r.heat, title, pointed ? RS_ROLE_POINT : focus ? RS_ROLE_FOCUS : RS_ROLE_PANEL_TITLE,
                 pointed ? RS_ROLE_POINT : focus ? RS_ROLE_FOCUS : RS_ROLE_BORDER);
        title_end = sd->r.heat.x + 2 + rs_text_width(title) + 2;
    }
    if (rs_rect_empty(hl->grid))
        return;
    heat_header(w, a, sd);
    if (!rs_view_applies(a->view, cell_of(sd->s))) {
        /* Compare mode, g_c beside a cell without a cell state. */
        char why[160];
        snprintf(why, sizeof why, "the %s has no cell state c_t: g_c is the lstm's (v: the next view)",
                 rs_session_config(sd->s)->model.cell);
        put_cut(w, t, RS_ROLE_DIM, hl->grid.y + hl->grid.h / 2, hl->grid.x + 2, hl->grid.w - 2, why);
        return;
    }

    /* The grid. */
    const rs_rect gr = hl->grid;
    const int k = rows_per_text(t);
    if (g->nrows == 0) {
        const char *what = a->view == RS_VIEW_UNITS ? "the units view shows the latest step: train one first (n or space)"
                                                   : "no training steps yet: space runs, n trains one step";
        put_cut(w, t, RS_ROLE_DIM, gr.y + gr.h / 2, gr.x + 2, gr.w - 2, what);
    } else {
        /* Few rows yet (the first seconds, or a run that diverged at once):
         * the empty space above them says how the rows come. */
        const int first_text_row = (gr.h * k - g->nrows) / k;
        if (first_text_row >= 3) {
            const int newest = g->row_kind[g->nrows - 1];
            char what[160], label[48];
            row_label(a, g, g->nrows - 1, label, sizeof label);
            if (a->view == RS_VIEW_UNITS)
                snprintf(what, sizeof what, "one row per hidden unit, at the latest step");
            else if (newest == RS_ROW_FAILED)
                snprintf(what, sizeof what, "one row per step; %s: the attempt that diverged", label);
            else if (newest == RS_ROW_PENDING)
                snprintf(what, sizeof what, "one row per step; %s: being stepped through", label);
            else
                snprintf(what, sizeof what, "one row per training step, the newest at the bottom");
            put_cut(w, t, RS_ROLE_DIM, gr.y + first_text_row / 2, gr.x + 2, gr.w - 2, what);
        }
    }
    for (int y = 0; y < gr.h; y++) {
        const int up = cell_row(a, sd, y, 0), lo = k == 2 ? cell_row(a, sd, y, 1) : -1;
        if (up < 0 && lo < 0)
            continue;
        for (int b = 0; b < g->tb.nbins; b++)
            draw_cell(w, a, g, gr.y + y, gr.x + rs_tbins_col(&g->tb, b), k == 2 ? up : -1, k == 2 ? lo : up, b);
    }

    /* Row labels: the top and bottom rows and about every fourth line. */
    const rs_rect yl = hl->ylabels;
    int last_labelled = -10;
    for (int y = 0; y < gr.h; y++) {
        const int up = cell_row(a, sd, y, 0), lo = k == 2 ? cell_row(a, sd, y, 1) : -1;
        const int r = up >= 0 ? up : lo;
        if (r < 0)
            continue;
        /* The first text row with data, even when it starts in a lower half. */
        const bool bottom = y == gr.h - 1, top = y == 0 || cell_row(a, sd, y - 1, k - 1) < 0;
        if (!(top || bottom || (y - last_labelled >= 4 && gr.h - 1 - y >= 3)))
            continue;
        char lab[48];
        row_label(a, g, bottom && lo >= 0 ? lo : r, lab, sizeof lab);
        const int lw = rs_text_width(lab);
        rs_put(w, t, RS_ROLE_DIM, yl.y + y, yl.x + (yl.w - 1 - lw > 0 ? yl.w - 1 - lw : 0), yl.w - 1, lab);
        last_labelled = y;
    }

    /* The t axis. */
    const rs_rect ta = hl->taxis;
    rs_put(w, t, RS_ROLE_DIM, ta.y, ta.x, yl.w, "     t ");
    int ticks[32];
    char tl[16];
    snprintf(tl, sizeof tl, "%d", g->T);
    const int nt = rs_ticks(g->T, g->tb.ncols, (int)strlen(tl), ticks, 32);
    int free_x = gr.x;
    for (int i = 0; i < nt; i++) {
        snprintf(tl, sizeof tl, "%d", ticks[i]);
        const int lw = (int)strlen(tl);
        int tx = gr.x + rs_tbins_col_of_t(&g->tb, ticks[i]);
        if (i == nt - 1 && i > 0)
            tx = gr.x + g->tb.ncols - lw;       /* T ends at the right edge */
        if (tx < free_x || tx + lw > gr.x + gr.w)
            continue;
        rs_put(w, t, RS_ROLE_TEXT, ta.y, tx, lw, tl);
        free_x = tx + lw + 1;
    }
    if (hl->words.h > 0)
        draw_words(w, a, sd);

    /* The inspector's cursor (on the focused side): markers on both axes. */
    if (a->cursor && sd == focused(a) && g->nrows > 0) {
        const int r = g->nrows - 1 - a->cur_row;
        const int slots = gr.h * k;
        const int ty = (slots - g->nrows + r) / k;
        rs_put(w, t, RS_ROLE_CURSOR, gr.y + ty, yl.x + yl.w - 1, 1, G(t, "▶", ">"));
        const int cx = gr.x + rs_tbins_col(&g->tb, a->cur_bin);
        rs_put(w, t, RS_ROLE_CURSOR, ta.y, cx, 1, G(t, "▲", "^"));
    }
    point_timestep(w, a, sd, title_end);
    legend_and_caption(w, a, sd);
}

/* ---- the info panel: divergence banner, step-through caption, inspector --------------- */

/* The inspected cell: where, which step, the exact value (wrapped onto at
 * most max lines). */
static void inspector_line(WINDOW *w, const rs_app *a, const rs_side *sd, panel *p, int max)
{
    const rs_term *t = &a->term;
    const rs_heat_grid *g = &sd->grid;
    if (sd != focused(a)) {
        if (p->y <= p->last)
            put_cut(w, t, RS_ROLE_DIM, p->y++, p->x, p->width,
                    p->width >= 56 ? "Tab: focus this side (its settings keys, its inspector)" : "Tab: focus this side");
        return;
    }
    if (!a->cursor || g->nrows == 0) {
        char hint[2][160];
        /* In a lesson ← and → turn the pages: the inspector has h j k l. */
        const char *keys = a->lesson ? "h j k l" : G(t, "←↑↓→", "arrow keys");
        snprintf(hint[0], sizeof hint[0], "Inspector: %s or a mouse click shows one cell's t, step and exact value", keys);
        snprintf(hint[1], sizeof hint[1], "%s or click: one cell's exact value", a->lesson ? "h j k l" : G(t, "←↑↓→", "arrows"));
        if (p->y <= p->last) {
            const char *texts[] = {hint[0], hint[1]};
            put_first_fitting(w, t, RS_ROLE_DIM, p->y++, p->x, p->width, texts, 2);
        }
        return;
    }
    const int r = g->nrows - 1 - a->cur_row;
    const size_t i = (size_t)r * g->tb.nbins + a->cur_bin;
    char where[96], rowtxt[64], val[96] = "", extra[160] = "";
    int t0, t1;
    rs_tbins_range(&g->tb, a->cur_bin, &t0, &t1);
    if (t0 == t1)
        snprintf(where, sizeof where, "t = %d", t0);
    else
        snprintf(where, sizeof where, "t = %d%s%d (largest at %d)", t0, G(t, "–", "-"), t1, g->raw_t[i]);
    switch (g->row_kind[r]) {
    case RS_ROW_UNIT:
        if (g->row_last[r] > g->row_id[r])
            snprintf(rowtxt, sizeof rowtxt, "units %ld%s%d (largest), step %ld", g->row_id[r], G(t, "–", "-"),
                     g->row_last[r], rs_session_steps(sd->s));
        else
            snprintf(rowtxt, sizeof rowtxt, "unit %ld, step %ld", g->row_id[r], rs_session_steps(sd->s));
        break;
    case RS_ROW_PENDING: snprintf(rowtxt, sizeof rowtxt, "step %ld (being stepped through)", g->row_id[r]); break;
    case RS_ROW_FAILED: snprintf(rowtxt, sizeof rowtxt, "step %ld (the attempt that diverged)", g->row_id[r]); break;
    default: snprintf(rowtxt, sizeof rowtxt, "step %ld", g->row_id[r]);
    }
    if (g->cls[i] == RS_HEAT_EMPTY)
        snprintf(val, sizeof val, "not known (yet)");
    else {
        snprintf(val, sizeof val, "%s = %.6g", rs_view_names[a->view], g->raw[i]);
        if (g->relative && g->cls[i] == RS_HEAT_VALUE) {
            char rel[48];
            rs_fmt_num(rel, sizeof rel, pow(10.0, g->x[i]), t->utf8);
            snprintf(extra, sizeof extra, "  (%s %s its value at t=T)", rel, G(t, "×", "x"));
        } else if (g->cls[i] == RS_HEAT_NOREF)
            snprintf(extra, sizeof extra, "  (the value at t=T is 0: no relative scale)");
    }
    const char *word = t0 == t1 ? first_word(sd, t0) : NULL;
    if (word) {
        const size_t n = strlen(extra);
        snprintf(extra + n, sizeof extra - n, "  input: %s", word);
    }
    char line[600];
    snprintf(line, sizeof line, "%s %s %s %s %s %s%s", G(t, "▲", "^"), where, G(t, "·", "|"), rowtxt, G(t, "·", "|"), val,
             extra);
    panel_wrap(w, t, p, RS_ROLE_TEXT, line, max);
}

/* The step-through: where the backward pass is, what the chain rule did. */
static void bptt_text(const rs_app *a, const rs_side *sd, bool brief, para *p)
{
    const rs_term *t = &a->term;
    const char *dot = G(t, " · ", " | ");
    const int T = (int)rs_session_config(sd->s)->task.length;
    const int next = rs_session_bptt_t(sd->s);
    const rs_cell cell = cell_of(sd->s);
    const bool gated = rs_cell_is_gated(cell);
    char buf[320];
    rs_bptt_view view;
    if (!rs_session_bptt_last(sd->s, &view)) {
        if (brief)
            para_add(p, RS_ROLE_TEXT, "Forward pass of step %ld done. b goes back from t = T = %d.", rs_session_steps(sd->s) + 1, T);
        else
            para_add(p, RS_ROLE_TEXT, "Forward pass of step %ld done, the loss is known. Press b to go back from t = T = %d.",
                     rs_session_steps(sd->s) + 1, T);
    } else {
        const rs_bptt_view *v = &view;
        char dn[48], gh[48], jac[48], prod[48];
        rs_fmt_num(dn, sizeof dn, v->delta_norm, t->utf8);
        rs_fmt_num(gh, sizeof gh, v->g_h, t->utf8);
        rs_fmt_num(jac, sizeof jac, v->jacobian, t->utf8);
        rs_fmt_num(prod, sizeof prod, v->product, t->utf8);
        if (brief) {
            /* Where, the story, the numbers: the most telling line first. */
            para_add(p, RS_ROLE_VALUE, "t = %d of %d%s%s = %s", v->t, T, dot, G(t, "‖∂L/∂h_t‖", "|dL/dh_t|"), gh);
            rs_bptt_sentence_short(buf, sizeof buf, T - v->t, v->ratio, t->utf8);
            para_add(p, RS_ROLE_GOOD, "%s", buf);
            if (v->t < T)
                para_add(p, RS_ROLE_TEXT, "local factor %s%sproduct %s", jac, dot, prod);
        } else {
            para_add(p, RS_ROLE_VALUE, "t = %d of %d%s%s%s = %s%s%s = %s", v->t, T, dot, G(t, "‖δ_t‖", "|delta_t|"),
                     gated ? " (all gates)" : "", dn, dot, G(t, "‖∂L/∂h_t‖", "|dL/dh_t|"), gh);
            if (v->t < T) {
                /* The norm of the Jacobian of one step of the recurrence
                 * (engine.h, rs_local_jacobian_norm): the lstm's of its
                 * whole state (h, c), the gru's through z, r and n, the
                 * skip cell's of the one-step path (W_sk is a second route). */
                char factor[160];
                if (cell == RS_CELL_LSTM)
                    snprintf(factor, sizeof factor, "%s(h,c)_%d/%s(h,c)_%d%s", G(t, "‖∂", "|d"), v->t + 1,
                             G(t, "∂", "d"), v->t, G(t, "‖₂", "|_2"));
                else if (cell == RS_CELL_GRU)
                    snprintf(factor, sizeof factor, "%sh_%d/%sh_%d%s", G(t, "‖∂", "|d"), v->t + 1,
                             G(t, "∂", "d"), v->t, G(t, "‖₂", "|_2"));
                else
                    snprintf(factor, sizeof factor, "%sdiag(f%s(a_%d)) W_hh%s", G(t, "‖", "|"), G(t, "′", "'"), v->t + 1,
                             G(t, "‖₂", "|_2"));
                para_add(p, RS_ROLE_TEXT, "local factor %s = %s%srunning product = %s", factor, jac, dot, prod);
            } else
                para_add(p, RS_ROLE_TEXT, "the first step back starts from the loss at the end: no factor yet");
            rs_bptt_sentence(buf, sizeof buf, T - v->t, v->ratio, t->utf8);
            para_add(p, RS_ROLE_GOOD, "%s", buf);
        }
    }
    if (a->layout.compact)
        return;                 /* the message line says what the keys do next */
    if (brief)
        para_add(p, RS_ROLE_DIM, next > 0 ? "b: further back%sn: finish the step" : "all done%sb or n: finish the step", dot);
    else
        para_add(p, RS_ROLE_DIM, next > 0 ? "b: one timestep further back%sn or space: finish this training step"
                                          : "all timesteps done%sb, n or space: finish this training step (clip, update)",
                 dot);
}

/* The divergence banner: what happened, the cures, how to go on. */
static void banner_text(const rs_app *a, const rs_side *sd, bool brief, para *p)
{
    const rs_term *t = &a->term;
    const char *dot = G(t, " · ", " | ");
    const rs_config *c = rs_session_config(sd->s);
    const rs_step_stats *st = rs_session_last(sd->s);
    const long at = st ? st->step : rs_session_diverged_at(sd->s), done = rs_session_steps(sd->s);
    /* After an undone update the same batch is tried again: the step the
     * keys go on with is the one after the last that counted. */
    const long next = done + 1;
    char again[96];
    if (next < at)
        snprintf(again, sizeof again, "redoes step %ld", next);
    else
        snprintf(again, sizeof again, "retries step %ld", next);
    /* Compare mode: the cures act on the focused side; r restarts both. */
    const bool other = comparing(a) && sd != focused(a);
    const char *restarts = comparing(a) ? "r restarts both" : "r restarts";
    if (brief) {
        para_add(p, RS_ROLE_BANNER, "%s %s at step %ld", G(t, "✕", "X"), rs_session_divergence(sd->s), at);
        para_add(p, RS_ROLE_BANNER, "%scures: c clipping%s- lr%si init", other ? "Tab, then " : "", dot, dot);
        para_add(p, RS_ROLE_BANNER, "then n %s%s%s", again, dot, restarts);
        return;
    }
    char lr[32], thr[32];
    snprintf(lr, sizeof lr, "%g", c->train.lr);
    snprintf(thr, sizeof thr, "%g", c->train.clip_threshold);
    const bool clipping = rs_session_settings(sd->s)->clip != RS_CLIP_NONE;
    para_add(p, RS_ROLE_BANNER, "%s exploding gradients: %s at step %ld %s training halted", G(t, "✕", "X"),
             rs_session_divergence(sd->s), at, G(t, "—", "-"));
    para_add(p, RS_ROLE_BANNER, "%scures: c clipping (%s%s%s)%s- learning rate (%s)%si init (%s)",
             other ? "Tab, then " : "", c->train.clip, clipping ? " " : "", clipping ? thr : "", dot, lr, dot,
             c->init.recurrent);
    if (next < at)
        para_add(p, RS_ROLE_BANNER, "then space or n %s from the weights after step %ld%s%s", again, done, dot, restarts);
    else
        para_add(p, RS_ROLE_BANNER, "then space or n %s%s%s", again, dot, restarts);
}

static void theory_text(WINDOW *w, const rs_app *a, const rs_session *ses, panel *p);
static void loss_lines(WINDOW *w, const rs_app *a, const rs_session *s, panel *p);

/* Compare mode: a side's numbers at a glance. */
static void side_numbers(WINDOW *w, const rs_app *a, const rs_side *sd, panel *p)
{
    const rs_term *t = &a->term;
    const rs_step_stats *st = rs_session_last(sd->s);
    if (!st || p->y > p->last)
        return;
    char loss[48];
    rs_fmt_num(loss, sizeof loss, st->loss, t->utf8);
    const char *dot = G(t, " · ", " | ");
    if (p->width >= 50)
        panel_line(w, t, p, RS_ROLE_VALUE, "step %ld%sloss %s%sacc %.2f%sreach %d of %d", st->step, dot, loss, dot, st->acc,
                   dot, st->reach, st->T);
    else
        panel_line(w, t, p, RS_ROLE_VALUE, "loss %s%sacc %.2f%sreach %d/%d", loss, dot, st->acc, dot, st->reach, st->T);
}

static void draw_info(WINDOW *w, const rs_app *a, const rs_side *sd)
{
    const rs_term *t = &a->term;
    const rs_rect r = sd->r.info;
    const rs_role border = has_focus(a, sd) ? RS_ROLE_FOCUS : RS_ROLE_BORDER;
    const panel area = panel_area(a, r);
    const int width = area.width, room = panel_room(&area);
    para lng = {0}, brief = {0};

    if (rs_session_bptt_active(sd->s)) {
        bptt_text(a, sd, false, &lng);
        const bool fits = para_height(t, &lng, width) <= room;
        if (!fits)
            bptt_text(a, sd, true, &brief);
        panel p = panel_open_role(w, a, r, fits && r.w >= 70 ? "BPTT step-through: the chain rule, one timestep at a time"
                                                          : "BPTT step-through", RS_ROLE_PANEL_TITLE, border);
        para_put(w, t, &p, fits ? &lng : &brief);
        return;
    }
    if (rs_session_diverged(sd->s)) {
        banner_text(a, sd, false, &lng);
        const bool fits = para_height(t, &lng, width) <= room;
        if (!fits)
            banner_text(a, sd, true, &brief);
        panel p = panel_open_role(w, a, r, fits ? "Diverged" : "Diverged: exploding gradients", RS_ROLE_BAD, border);
        const para *text = fits ? &lng : &brief;
        for (int y = p.y; y < p.y + para_height(t, text, p.width) && y <= p.last; y++)
            rs_fill(w, t, RS_ROLE_BANNER, y, p.x - 1, p.width + 2);
        para_put(w, t, &p, text);
        inspector_line(w, a, sd, &p, 1);
        return;
    }
    /* A lesson pointing at the theory or the loss, in the compact layout
     * that has no panel for them: they take this one. */
    if (a->layout.compact && (points_at(a, "theory") || points_at(a, "loss"))) {
        const bool theory = points_at(a, "theory");
        panel p = panel_open_role(w, a, r, theory ? "Theory vs measurement" : "Loss", RS_ROLE_POINT, RS_ROLE_POINT);
        if (theory)
            theory_text(w, a, sd->s, &p);
        else
            loss_lines(w, a, sd->s, &p);
        return;
    }
    panel p = panel_open_role(w, a, r, "Inspector", RS_ROLE_PANEL_TITLE, border);
    if (comparing(a)) {
        side_numbers(w, a, sd, &p);
        inspector_line(w, a, sd, &p, 2);
        return;
    }
    inspector_line(w, a, sd, &p, 2);
    const char *summary = rs_session_config(sd->s)->scenario.summary;
    if (summary[0])
        panel_wrap(w, t, &p, RS_ROLE_DIM, summary, panel_room(&p));
}

/* ---- right column: settings, loss, theory ----------------------------------------------- */

static void setting_value(const rs_app *a, const rs_session *s, const rs_tui_key *k, char *buf, size_t n, bool brief)
{
    const rs_config *c = rs_session_config(s);
    const char *key = k->cfg_key ? k->cfg_key : "";
    /* What the view shows lives in the app, not in the config. */
    if (k->action == RS_ACT_VIEW) {
        snprintf(buf, n, "%s", rs_view_names[a->view]);
    } else if (k->action == RS_ACT_SCALE) {
        snprintf(buf, n, "%s", a->relative ? "relative (t=T)" : "absolute");
    } else if (k->action == RS_ACT_WORDS) {
        snprintf(buf, n, "%s", a->words ? "on" : "off");
    } else if (k->action == RS_ACT_ACTIVATION && !rs_key_applies(rs_key_find("model.activation"), c)) {
        snprintf(buf, n, brief ? "n/a" : "n/a: %s, tanh", G(&a->term, "σ", "sigmoid"));
    } else if (k->action == RS_ACT_INIT) {
        const char *r = c->init.recurrent;
        const rs_init kind = rs_session_settings(s)->init.recurrent;
        const double scale = rs_config_get_real(c, rs_config_recurrent_scale_key(c));
        /* Two values side by side get the short names. */
        const char *name = !brief ? r : kind == RS_INIT_ORTHOGONAL ? "orth" : kind == RS_INIT_IDENTITY ? "ident" : r;
        if (kind == RS_INIT_GAUSSIAN)
            snprintf(buf, n, brief ? "gauss %.0s%g" : "gaussian %s %g", G(&a->term, "σ", "std"), scale);
        else if (kind == RS_INIT_UNIFORM)
            snprintf(buf, n, brief ? "unif %s%g" : "uniform %s%g", G(&a->term, "±", "+-"), scale);
        else
            snprintf(buf, n, "%s %s%g", name, G(&a->term, "×", "x"), scale);
    } else if (k->action == RS_ACT_TBPTT) {
        if (c->train.tbptt == 0)
            snprintf(buf, n, "full");
        else
            snprintf(buf, n, "%ld steps", c->train.tbptt);
    } else {
        const rs_key *ck = rs_key_find(key);
        if (ck)
            rs_config_format(c, ck, buf, n);
        else
            snprintf(buf, n, "?");
    }
}

/* A lesson pointing at a setting: its row is highlighted. */
static bool row_pointed(const rs_app *a, const rs_tui_key *k)
{
    const char *key = pointed_key(a);
    return key && k->cfg_key && strcmp(k->cfg_key, key) == 0;
}

/* Whether a setting row is the same for both sides by construction. */
static bool row_shared(const rs_tui_key *k)
{
    return k->action == RS_ACT_VIEW || k->action == RS_ACT_SCALE || k->action == RS_ACT_WORDS ||
           (k->cfg_key && rs_key_shared(k->cfg_key));
}

static void draw_config(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    const rs_rect r = a->layout.config;
    rs_setting_row rows[RS_TUI_SETTING_ROWS + 4];
    const size_t nrows = rs_setting_rows(rows, sizeof rows / sizeof rows[0]);
    const bool two = comparing(a);
    /* Compare mode: a line naming the columns when there is one. */
    const bool header = two && r.h - 2 >= (int)nrows + 1;
    /* The ↺ legend goes in the title when there is no line for it; the
     * task line comes with a second spare line. */
    const int spare = r.h - 2 - (int)nrows - (header ? 1 : 0);
    const bool legend = spare >= 1, footer = spare >= 2;
    char title[96];
    if (two && !header)
        snprintf(title, sizeof title, "Settings: left, right %s %s = re-init", G(t, "·", "|"), G(t, "↺", "*"));
    else if (two)
        snprintf(title, sizeof title, legend ? "Settings of both sides" : "Settings %s %s = re-initialises",
                 G(t, "·", "|"), G(t, "↺", "*"));
    else
        snprintf(title, sizeof title, legend ? "Settings (key, value)" : "Settings %s %s = re-initialises",
                 G(t, "·", "|"), G(t, "↺", "*"));
    const rs_role border = panel_border(a, "config");
    panel p = panel_open_role(w, a, r, title, border == RS_ROLE_POINT ? RS_ROLE_POINT : RS_ROLE_PANEL_TITLE, border);
    const rs_config *c = rs_session_config(focused(a)->s);
    /* Compare mode: two value columns, each vw wide. */
    const int vx = p.x + 18, vw = (p.width - 18 - 3) / 2;
    if (header) {
        for (int k = 0; k < 2; k++) {
            const bool focus = k == a->focus;
            putf(w, t, focus ? RS_ROLE_FOCUS : RS_ROLE_DIM, p.y, vx + k * (vw + 1), vw, "%s%s", rs_pair_side_names[k],
                 focus ? G(t, " ◀", " <") : "");
        }
        put_cut(w, t, RS_ROLE_DIM, p.y, p.x, 17, "key setting");
        p.y++;
    }
    for (size_t i = 0; i < nrows && panel_room(&p) > 0; i++) {
        const rs_tui_key *k = rows[i].key;
        /* key labels, name, value(s), and ↺ at the right edge when it re-initialises */
        const bool resets = rs_tui_key_class(k) == RS_CLASS_RESETS;
        const bool pointed = row_pointed(a, k);
        if (pointed)
            rs_fill(w, t, RS_ROLE_POINT, p.y, p.x - 1, p.width + 2);
        rs_put(w, t, pointed ? RS_ROLE_POINT : RS_ROLE_KEY, p.y, p.x, 4, rows[i].labels);
        rs_put(w, t, pointed ? RS_ROLE_POINT : RS_ROLE_TEXT, p.y, p.x + 4, 14, k->setting);
        if (!two || row_shared(k)) {
            char val[128];
            setting_value(a, two ? a->side[0].s : focused(a)->s, k, val, sizeof val, false);
            put_cut(w, t, pointed ? RS_ROLE_POINT : RS_ROLE_VALUE, p.y, vx, p.width - 18 - (resets ? 2 : 0), val);
        } else {
            /* The values that differ stand out; the same ones are plain. */
            char val[2][128];
            for (int s = 0; s < 2; s++)
                setting_value(a, a->side[s].s, k, val[s], sizeof val[s], true);
            const bool differ = strcmp(val[0], val[1]) != 0;
            for (int s = 0; s < 2; s++)
                put_cut(w, t, pointed ? RS_ROLE_POINT : differ ? RS_ROLE_VALUE : RS_ROLE_TEXT, p.y, vx + s * (vw + 1), vw,
                        val[s]);
        }
        if (resets)
            rs_put(w, t, pointed ? RS_ROLE_POINT : RS_ROLE_DIM, p.y, p.x + p.width - 1, 1, G(t, "↺", "*"));
        p.y++;
    }
    if (footer) {
        if (two)
            panel_line(w, t, &p, RS_ROLE_DIM, "    both: task %s, batch %ld (the same batches)", c->task.name,
                       c->train.batch);
        else
            panel_line(w, t, &p, RS_ROLE_DIM, "    task %s, H %ld, batch %ld, %s", c->task.name, c->model.hidden,
                       c->train.batch, c->train.optimizer);
    }
    if (legend)
        panel_line(w, t, &p, RS_ROLE_DIM, two ? "%s re-initialises (the focused side)" : "%s re-initialises the weights",
                   G(t, "↺", "*"));
}

/* The theory of Pascanu et al. against the measurement, in the lines the
 * panel has: the full form from 6 lines on, else the most telling first.
 * Gated cells: the bound does not apply (their memory path is multiplied by
 * a gate, not by W_hh); rs_spectral has NaN there, which is never shown. */
static void theory_text(WINDOW *w, const rs_app *a, const rs_session *ses, panel *p)
{
    const rs_term *t = &a->term;
    const rs_config *c = rs_session_config(ses);
    const rs_cell cell = cell_of(ses);
    const bool gated = rs_cell_is_gated(cell), skip = cell == RS_CELL_SKIP;
    const rs_spectral sp = rs_session_spectral(ses);
    const rs_step_stats *st = rs_session_last(ses);
    const rs_role bound_role = sp.bound < 1.0 ? RS_ROLE_TEXT : RS_ROLE_BAD;
    char g[32], sm[32], rho[32], b[32], d[32], one[48], reading[320], gm[32];
    rs_fmt_num(g, sizeof g, sp.gamma, t->utf8);
    rs_fmt_num(sm, sizeof sm, sp.sigma_max, t->utf8);
    rs_fmt_num(rho, sizeof rho, sp.radius, t->utf8);
    rs_fmt_num(b, sizeof b, sp.bound, t->utf8);
    rs_fmt_num(d, sizeof d, st ? st->decay : NAN, t->utf8);
    rs_fmt_num(gm, sizeof gm, gate_mean(ses), t->utf8);
    rs_fmt_pow10(one, sizeof one, -6, t->utf8);
    const long T = c->task.length;
    const char *x = G(t, "×", "x");
    /* A narrow panel (compare mode) drops the words it can spare. */
    const bool narrow = p->width < 36;
    const char *decay = narrow ? "measured" : "measured decay";
    char reach[96];
    snprintf(reach, sizeof reach, narrow ? "reach %d of %ld steps" : "reach %d of %ld steps (> %s of t=T)",
             st ? st->reach : 0, T, one);
    if (gated) {
        if (panel_room(p) >= 6) {
            panel_line(w, t, p, RS_ROLE_TEXT, narrow ? "mean %s %s, %s%s(W_hh) %s" : "mean %s = %s%s%s(W_hh) = %s",
                       gate_symbol(cell), st ? gm : "-", narrow ? "" : G(t, " · ", " | "), G(t, "σ_max", "sigma_max"), sm);
            panel_line(w, t, p, RS_ROLE_TEXT, "%s %s%s per step back", decay, st ? d : "-", st ? x : "");
            panel_line(w, t, p, RS_ROLE_TEXT, "%s", reach);
            snprintf(reading, sizeof reading,
                     "the memory path is multiplied by %s, not by W_hh: Pascanu's bound %s does not apply",
                     gate_name(cell), G(t, "γ·σ_max", "gamma*sigma_max"));
            if (wrapped_lines(t, reading, p->width) > panel_room(p))
                snprintf(reading, sizeof reading, "memory %s %s, not W_hh: the bound %s does not apply", x,
                         cell == RS_CELL_LSTM ? "forget gate f" : "z", G(t, "γ·σ_max", "gamma*sigma_max"));
            panel_wrap(w, t, p, RS_ROLE_VALUE, reading, panel_room(p));
            return;
        }
        panel_line(w, t, p, RS_ROLE_VALUE, "bound n/a: memory %s %s, not W_hh", x, gate_symbol(cell));
        panel_line(w, t, p, RS_ROLE_TEXT, "measured %s%s per step back", st ? d : "-", st ? x : "");
        panel_line(w, t, p, RS_ROLE_TEXT, "reach %d of %ld steps", st ? st->reach : 0, T);
        panel_line(w, t, p, RS_ROLE_TEXT, "%s(W_hh) = %s%smean %s %s", G(t, "σ_max", "sigma_max"), sm,
                   G(t, " · ", " | "), gate_symbol(cell), st ? gm : "-");
        return;
    }
    /* The skip cell: the bound is that of the one-step path; W_sk h_{t−k}
     * is a second, k times shorter route back. */
    const long k = c->model.skip, jumps = k > 0 ? (T - 1 + k - 1) / k : T - 1;
    char skip_note[160];
    snprintf(skip_note, sizeof skip_note, "skip path (k = %ld): a shorter route, t = 1 in %ld jumps, not %ld steps",
             k, jumps, T - 1);
    if (panel_room(p) >= 6) {
        panel_line(w, t, p, RS_ROLE_TEXT, "%s = %s   %s(W_hh) = %s", G(t, "γ = sup|f′|", "gamma = sup|f'|"), g,
                   G(t, "ρ", "radius"), rho);
        if (skip)
            panel_line(w, t, p, bound_role, "one-step bound %s = %s %s 1", G(t, "γ·σ_max", "gamma*sigma_max"), b,
                       sp.bound < 1.0 ? "<" : G(t, "≥", ">="));
        else
            panel_line(w, t, p, bound_role, "bound %s = %s %s %s = %s", G(t, "γ·σ_max", "gamma*sigma_max"), g, x, sm, b);
        panel_line(w, t, p, RS_ROLE_TEXT, "%s %s%s per step back", decay, st ? d : "-", st ? x : "");
        panel_line(w, t, p, RS_ROLE_TEXT, "%s", reach);
        if (skip)
            snprintf(reading, sizeof reading, "%s", skip_note);
        else
            rs_theory_reading(reading, sizeof reading, sp.bound, t->utf8);
        if (!skip && wrapped_lines(t, reading, p->width) > panel_room(p))
            rs_theory_short(reading, sizeof reading, sp.bound, t->utf8);
        panel_wrap(w, t, p, RS_ROLE_VALUE, reading, panel_room(p));
        return;
    }
    rs_theory_short(reading, sizeof reading, sp.bound, t->utf8);
    panel_line(w, t, p, bound_role, "%s%s", skip ? "1-step " : "", reading);
    if (skip)
        panel_line(w, t, p, RS_ROLE_TEXT, "+ skip path: t = 1 in %ld jumps, not %ld", jumps, T - 1);
    panel_line(w, t, p, RS_ROLE_TEXT, "measured %s%s per step back", st ? d : "-", st ? x : "");
    panel_line(w, t, p, RS_ROLE_TEXT, "reach %d of %ld steps", st ? st->reach : 0, T);
    panel_line(w, t, p, RS_ROLE_TEXT, "%s = %s   %s(W_hh) = %s", G(t, "γ", "gamma"), g, G(t, "ρ", "radius"), rho);
}

static void draw_theory(WINDOW *w, const rs_app *a)
{
    const rs_role border = panel_border(a, "theory");
    panel p = panel_open_role(w, a, a->layout.theory, "Theory vs measurement",
                              border == RS_ROLE_POINT ? RS_ROLE_POINT : RS_ROLE_PANEL_TITLE, border);
    if (!comparing(a)) {
        theory_text(w, a, a->side[0].s, &p);
        return;
    }
    /* Compare mode: each side under its name, in half the lines. */
    const int per = panel_room(&p) / 2;
    for (int k = 0; k < 2; k++) {
        char d[160];
        rs_side_describe(a, k, d, sizeof d);
        panel sub = {p.x, p.width, p.y, p.y + (k ? panel_room(&p) : per) - 1};
        panel_line(w, &a->term, &sub, k == a->focus ? RS_ROLE_FOCUS : RS_ROLE_PANEL_TITLE, "%s: %s", rs_pair_side_names[k], d);
        theory_text(w, a, a->side[k].s, &sub);
        p.y += per;
    }
}

/* Column means of the loss and accuracy history, binned onto ncol columns. */
static int loss_columns(const rs_session *s, int width, double *loss_col, double *acc_col, int max)
{
    const size_t n = rs_session_history_count(s);
    if (n == 0 || width <= 0)
        return 0;
    const size_t per = (n + (size_t)width - 1) / (size_t)width;
    int ncol = (int)((n + per - 1) / per);
    if (ncol > max)
        ncol = max;
    for (int cidx = 0; cidx < ncol; cidx++) {
        double sl = 0.0, sa = 0.0;
        int cnt = 0;
        for (size_t i = (size_t)cidx * per; i < n && i < (size_t)(cidx + 1) * per; i++) {
            const rs_step_stats *st = rs_session_history_stats(s, i);
            if (isfinite(st->loss)) {
                sl += st->loss;
                sa += st->acc;
                cnt++;
            }
        }
        loss_col[cidx] = cnt ? sl / cnt : NAN;
        acc_col[cidx] = cnt ? sa / cnt : NAN;
    }
    return ncol;
}

/* Level 0 … levels−1 of v on [lo, hi]. */
static int level_of(double v, double lo, double hi, int levels)
{
    int lv = (int)floor((v - lo) / (hi - lo) * levels);
    return lv < 0 ? 0 : lv >= levels ? levels - 1 : lv;
}

/* Compare mode: the mean loss of each column of steps [s0 + c·per, s0 + (c+1)·per). */
static void loss_by_steps(const rs_session *s, long s0, long per, int ncol, double *col)
{
    int cnt[512] = {0};
    for (int c = 0; c < ncol; c++)
        col[c] = 0.0;
    const size_t n = rs_session_history_count(s);
    for (size_t i = 0; i < n; i++) {
        const rs_step_stats *st = rs_session_history_stats(s, i);
        const long c = (st->step - s0) / per;
        if (c >= 0 && c < ncol && isfinite(st->loss)) {
            col[c] += st->loss;
            cnt[c]++;
        }
    }
    for (int c = 0; c < ncol; c++)
        col[c] = cnt[c] ? col[c] / cnt[c] : NAN;
}

/* Compare mode: both loss curves in one plot over the steps, each in its
 * colour (and, without colours, its mark), with a line per side naming them. */
static void draw_loss_compare(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    const rs_role border = panel_border(a, "loss");
    panel p = panel_open_role(w, a, a->layout.loss, "Loss of both sides",
                              border == RS_ROLE_POINT ? RS_ROLE_POINT : RS_ROLE_PANEL_TITLE, border);
    static const rs_role roles[2] = {RS_ROLE_LOSS, RS_ROLE_LOSS_B};
    const bool colours = t->scheme != RS_SCHEME_MONO;
    /* The marks: half blocks in two colours, or two characters. */
    const char *mark[2][2] = {{"▄", "▀"}, {"▄", "▀"}};
    if (!colours || !t->utf8) {
        mark[0][0] = mark[0][1] = "*";
        mark[1][0] = mark[1][1] = "o";
    }
    const double chance = rs_session_chance_loss(a->side[0].s);
    for (int k = 0; k < 2 && panel_room(&p) > 0; k++) {
        const rs_session *s = a->side[k].s;
        const rs_step_stats *last = rs_session_last(s);
        char ls[48];
        rs_fmt_num(ls, sizeof ls, last ? last->loss : NAN, t->utf8);
        int x = p.x + rs_put(w, t, roles[k], p.y, p.x, p.width, colours && t->utf8 ? "▀▀ " : k ? "o  " : "*  ");
        putf(w, t, roles[k], p.y, x, p.x + p.width - x, "%s: loss %s, acc %.2f", rs_pair_side_names[k], last ? ls : "-",
             last ? last->acc : 0.0);
        p.y++;
    }
    const int plot_top = p.y, plot_rows = panel_room(&p);
    const int lab = 6, pw = p.width - lab;
    if (plot_rows < 1 || pw < 4)
        return;
    /* The steps both sides' histories cover, onto pw columns. */
    long s0 = -1, s1 = -1;
    for (int k = 0; k < 2; k++) {
        const rs_session *s = a->side[k].s;
        const size_t n = rs_session_history_count(s);
        if (n == 0)
            continue;
        const long first = rs_session_history_stats(s, 0)->step, last = rs_session_history_stats(s, n - 1)->step;
        s0 = s0 < 0 || first < s0 ? first : s0;
        s1 = last > s1 ? last : s1;
    }
    if (s0 < 0) {
        rs_put(w, t, RS_ROLE_DIM, plot_top + plot_rows / 2, p.x + lab, pw, "(no steps yet)");
        return;
    }
    const long per = (s1 - s0 + 1 + pw - 1) / pw;
    int ncol = (int)((s1 - s0 + 1 + per - 1) / per);
    if (ncol > 512)
        ncol = 512;
    double col[2][512];
    double ymax = chance, ymin = chance;
    for (int k = 0; k < 2; k++) {
        loss_by_steps(a->side[k].s, s0, per, ncol, col[k]);
        for (int c = 0; c < ncol; c++)
            if (isfinite(col[k][c])) {
                ymax = fmax(ymax, col[k][c]);
                ymin = fmin(ymin, col[k][c]);
            }
    }
    const double pad = 0.05 * (ymax - ymin) + 1e-12;
    ymax += pad;
    ymin = ymin - pad < 0.0 ? 0.0 : ymin - pad;
    char yl[32];
    rs_fmt_num(yl, sizeof yl, ymax, t->utf8);
    rs_put(w, t, RS_ROLE_DIM, plot_top, p.x, lab - 1, yl);
    if (plot_rows > 1) {
        rs_fmt_num(yl, sizeof yl, ymin, t->utf8);
        rs_put(w, t, RS_ROLE_DIM, plot_top + plot_rows - 1, p.x, lab - 1, yl);
    }
    const int levels = plot_rows * 2;
    const int chance_level = (int)floor((chance - ymin) / (ymax - ymin) * levels);
    const int chance_y = plot_top + plot_rows - 1 - chance_level / 2;
    if (chance_y >= plot_top && chance_y < plot_top + plot_rows) {
        for (int c = 0; c < pw; c++)
            rs_put(w, t, RS_ROLE_CHANCE, chance_y, p.x + lab + c, 1, G(t, "┄", "-"));
        /* Its value in the label column, unless the range's labels are there. */
        if (chance_y != plot_top && chance_y != plot_top + plot_rows - 1) {
            char cs[48];
            rs_fmt_num(cs, sizeof cs, chance, t->utf8);
            rs_put(w, t, RS_ROLE_CHANCE, chance_y, p.x, lab - 1, cs);
        }
    }
    /* The right side over the left: where they meet, the later one shows. */
    for (int k = 0; k < 2; k++)
        for (int c = 0; c < ncol && c < pw; c++) {
            if (!isfinite(col[k][c]))
                continue;
            const int lv = level_of(col[k][c], ymin, ymax, levels);
            const int yy = plot_top + plot_rows - 1 - lv / 2;
            rs_put(w, t, roles[k], yy, p.x + lab + c, 1, mark[k][lv % 2]);
        }
}

/* The loss in a few lines (the compact layout, when a lesson points at it):
 * the numbers, then the curve as a sparkline, high = large. */
static void loss_lines(WINDOW *w, const rs_app *a, const rs_session *s, panel *p)
{
    const rs_term *t = &a->term;
    const rs_step_stats *last = rs_session_last(s);
    char ls[48], cs[48];
    rs_fmt_num(ls, sizeof ls, last ? last->loss : NAN, t->utf8);
    rs_fmt_num(cs, sizeof cs, rs_session_chance_loss(s), t->utf8);
    panel_line(w, t, p, RS_ROLE_LOSS, "loss %s%sacc %.2f%schance %s", last ? ls : "-", G(t, " · ", " | "),
               last ? last->acc : 0.0, G(t, " · ", " | "), cs);
    if (p->y > p->last)
        return;
    double col[512], acc[512];
    const int ncol = loss_columns(s, p->width - 8, col, acc, 512);
    double lo = INFINITY, hi = -INFINITY;
    for (int c = 0; c < ncol; c++)
        if (isfinite(col[c])) {
            lo = fmin(lo, col[c]);
            hi = fmax(hi, col[c]);
        }
    if (ncol == 0 || !(hi >= lo))
        return;
    static const char *const spark[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    static const char ramp[] = " .:-=+*#";
    rs_put(w, t, RS_ROLE_DIM, p->y, p->x, 8, "curve   ");
    for (int c = 0; c < ncol; c++) {
        if (!isfinite(col[c]))
            continue;
        const int lv = hi > lo ? level_of(col[c], lo, hi, 8) : 0;
        char one[2] = {ramp[lv], '\0'};
        rs_put(w, t, RS_ROLE_LOSS, p->y, p->x + 8 + c, 1, t->utf8 ? spark[lv] : one);
    }
    p->y++;
}

static void draw_loss(WINDOW *w, const rs_app *a)
{
    if (comparing(a)) {
        draw_loss_compare(w, a);
        return;
    }
    const rs_term *t = &a->term;
    /* On a short screen the theory's two most telling lines close this box. */
    const bool folded = rs_rect_empty(a->layout.theory);
    const rs_role border = panel_border(a, "loss");
    panel p = panel_open_role(w, a, a->layout.loss, folded ? "Loss and theory" : "Loss and accuracy",
                              border == RS_ROLE_POINT ? RS_ROLE_POINT : RS_ROLE_PANEL_TITLE, border);
    if (panel_room(&p) <= 0)
        return;
    const int theory_lines = folded ? 2 : 0;
    const rs_session *s = a->side[0].s;
    const rs_step_stats *last = rs_session_last(s);
    const double chance = rs_session_chance_loss(s);
    char ls[48], cs[48];
    rs_fmt_num(ls, sizeof ls, last ? last->loss : NAN, t->utf8);
    rs_fmt_num(cs, sizeof cs, chance, t->utf8);
    const int x = p.x, width = p.width, top = p.y;
    /* loss, accuracy and the chance line's value, each whole or not at all */
    char piece[3][64];
    static const rs_role roles[3] = {RS_ROLE_LOSS, RS_ROLE_ACC, RS_ROLE_CHANCE};
    snprintf(piece[0], sizeof piece[0], "loss %s", last ? ls : "-");
    snprintf(piece[1], sizeof piece[1], "  acc %.2f", last ? last->acc : 0.0);
    snprintf(piece[2], sizeof piece[2], "  %s%s chance", G(t, "┄", "-"), cs);
    if (rs_text_width(piece[0]) + rs_text_width(piece[1]) + rs_text_width(piece[2]) > width)
        snprintf(piece[2], sizeof piece[2], "  %s%s", G(t, "┄", "-"), cs);
    int xx = x;
    for (int i = 0; i < 3; i++)
        if (rs_text_width(piece[i]) <= x + width - xx)
            xx += rs_put(w, t, roles[i], top, xx, x + width - xx, piece[i]);
    p.y++;
    if (folded) {
        panel th = {p.x, p.width, p.last - theory_lines + 1, p.last};
        theory_text(w, a, s, &th);
        p.last -= theory_lines;
    }

    /* The accuracy sparkline only when the loss keeps 3 rows. */
    const bool acc_row = panel_room(&p) >= 4;
    const int plot_top = p.y, plot_rows = panel_room(&p) - (acc_row ? 1 : 0);
    const int lab = 6, pw = width - lab;
    if (plot_rows < 1 || pw < 4)
        return;
    double loss_col[512], acc_col[512];
    const int ncol = loss_columns(s, pw, loss_col, acc_col, 512);
    if (ncol == 0) {
        rs_put(w, t, RS_ROLE_DIM, plot_top + plot_rows / 2, x + lab, pw, "(no steps yet)");
        return;
    }
    double ymax = chance, ymin = chance;
    for (int cidx = 0; cidx < ncol; cidx++)
        if (isfinite(loss_col[cidx])) {
            ymax = fmax(ymax, loss_col[cidx]);
            ymin = fmin(ymin, loss_col[cidx]);
        }
    const double pad = 0.05 * (ymax - ymin) + 1e-12;
    ymax += pad;
    ymin = ymin - pad < 0.0 ? 0.0 : ymin - pad;
    char yl[32];
    rs_fmt_num(yl, sizeof yl, ymax, t->utf8);
    rs_put(w, t, RS_ROLE_DIM, plot_top, x, lab - 1, yl);
    if (plot_rows > 1) {
        rs_fmt_num(yl, sizeof yl, ymin, t->utf8);
        rs_put(w, t, RS_ROLE_DIM, plot_top + plot_rows - 1, x, lab - 1, yl);
    }
    const int levels = plot_rows * 2;
    const int chance_level = (int)floor((chance - ymin) / (ymax - ymin) * levels);
    const int chance_y = plot_top + plot_rows - 1 - chance_level / 2;
    for (int cidx = 0; cidx < pw; cidx++)
        if (chance_y >= plot_top && chance_y < plot_top + plot_rows)
            rs_put(w, t, RS_ROLE_CHANCE, chance_y, x + lab + cidx, 1, G(t, "┄", "-"));
    for (int cidx = 0; cidx < ncol && cidx < pw; cidx++) {
        if (!isfinite(loss_col[cidx]))
            continue;
        const int lv = level_of(loss_col[cidx], ymin, ymax, levels);
        const int yy = plot_top + plot_rows - 1 - lv / 2;
        rs_put(w, t, RS_ROLE_LOSS, yy, x + lab + cidx, 1, t->utf8 ? (lv % 2 ? "▀" : "▄") : "*");
    }
    if (!acc_row)
        return;
    /* Accuracy as a one-line sparkline, 0 … 1. */
    static const char *const spark[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    static const char ramp[] = " .:-=+*#";
    const int acc_y = plot_top + plot_rows;
    rs_put(w, t, RS_ROLE_ACC, acc_y, x, lab, "acc   ");
    for (int cidx = 0; cidx < ncol && cidx < pw; cidx++) {
        if (!isfinite(acc_col[cidx]))
            continue;
        const int lv = level_of(acc_col[cidx], 0.0, 1.0, 8);
        char one[2] = {ramp[lv], '\0'};
        rs_put(w, t, RS_ROLE_ACC, acc_y, x + lab + cidx, 1, t->utf8 ? spark[lv] : one);
    }
}

/* ---- a lesson: the caption ----------------------------------------------------------- */

/* The step whose caption is shown: the one being trained for, else the one shown. */
static int caption_step(const rs_app *a)
{
    return a->lesson_pending >= 0 ? a->lesson_pending : rs_lesson_player_view(a->lesson)->step;
}

int rs_lesson_caption_lines(const rs_app *a, int width)
{
    const rs_lesson *l = rs_lesson_player_lesson(a->lesson);
    const int i = caption_step(a);
    if (i < 0 || i >= l->nsteps)
        return RS_TUI_CAPTION_MIN;
    return wrapped_lines(&a->term, l->step[i].caption, width);
}

/* What the step points at when the screen does not show it: a line to add. */
static void point_note(const rs_app *a, char *buf, size_t n)
{
    const rs_term *t = &a->term;
    const rs_lesson_view *v = lesson_view(a);
    buf[0] = '\0';
    if (v->point == RS_POINT_KEY && !key_has_row(pointed_key(a))) {
        const rs_key *k = rs_key_find(v->point_what);
        char val[96] = "?";
        if (k)
            rs_config_format(rs_session_config(a->side[0].s), k, val, sizeof val);
        snprintf(buf, n, "%s %s = %s", G(t, "→", "->"), v->point_what, val);
    }
}

static void draw_caption(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    const rs_rect r = a->layout.caption;
    const rs_lesson *l = rs_lesson_player_lesson(a->lesson);
    const int i = caption_step(a);
    if (rs_rect_empty(r) || i < 0 || i >= l->nsteps)
        return;
    char title[256];
    snprintf(title, sizeof title, "Lesson %d/%d %s %s", i + 1, l->nsteps, G(t, "·", "|"), l->step[i].title);
    panel p = panel_open_role(w, a, r, title, RS_ROLE_FOCUS, RS_ROLE_FOCUS);
    char note[256] = "";
    if (a->lesson_pending < 0)
        point_note(a, note, sizeof note);
    /* The note takes the last line when there is one to spare. */
    const int text_room = panel_room(&p) - (note[0] && wrapped_lines(t, l->step[i].caption, p.width) < panel_room(&p) ? 1 : 0);
    panel_wrap(w, t, &p, RS_ROLE_TEXT, l->step[i].caption, text_room);
    if (note[0])
        panel_wrap(w, t, &p, RS_ROLE_POINT, note, 1);
    /* How to turn the pages, in the box's bottom border (full layout). */
    if (!a->layout.compact) {
        char hint[128];
        const char *dot = G(t, " · ", " | ");
        if (i + 1 == l->nsteps)
            snprintf(hint, sizeof hint, " %s back%slast step: q quits ", G(t, "←", "<-"), dot);
        else if (i == 0 && !(a->autoplay > 0.0 && a->next_page_at > 0.0))
            snprintf(hint, sizeof hint, " %s or PgDn: next ", G(t, "→", "->"));
        else if (a->autoplay > 0.0 && a->next_page_at > 0.0) {
            const double left = a->next_page_at - rs_now();
            snprintf(hint, sizeof hint, " %s back%s%s next (autoplay: in %.0f s) ", G(t, "←", "<-"), dot, G(t, "→", "->"),
                     left > 0.0 ? left : 0.0);
        } else
            snprintf(hint, sizeof hint, " %s back%s%s next ", G(t, "←", "<-"), dot, G(t, "→", "->"));
        char ascii[160];
        const int hw = rs_text_width(screen_text(t, hint, ascii, sizeof ascii));
        if (hw + 4 < r.w)
            rs_put(w, t, RS_ROLE_FOCUS, r.y + r.h - 1, r.x + r.w - 2 - hw, hw, hint);
    }
}

/* ---- help overlay and the too-small screen ---------------------------------------------- */

static void draw_help(WINDOW *w, rs_app *a)
{
    const rs_term *t = &a->term;
    rs_help_line lines[64];
    const int n = (int)rs_help_lines(lines, 64, a->lesson ? RS_IN_LESSON : RS_IN_VIEW);
    const int cols = COLS, rows = LINES;
    const int colw = 64;
    const int inner_h = rows - 4;
    const int ncols = n + 2 > inner_h && cols >= 2 * colw + 4 ? 2 : 1;
    const int per_col_all = (n + ncols - 1) / ncols;
    const int bw = ncols * colw + 4 > cols - 2 ? cols - 2 : ncols * colw + 4;
    const int bh = per_col_all + 4 > rows - 2 ? rows - 2 : per_col_all + 4;
    const rs_rect r = rs_centre(cols, rows, bw, bh);
    /* Lines per column on screen; what does not fit goes on further pages. */
    const int per_col = r.h - 3 < 1 ? 1 : r.h - 3;
    const int per_page = per_col * ncols;
    a->help_pages = (n + per_page - 1) / per_page;
    if (a->help_page >= a->help_pages)
        a->help_page = 0;
    const int first = a->help_page * per_page;
    char title[128];
    if (a->help_pages > 1 && a->help_page + 1 < a->help_pages)
        snprintf(title, sizeof title, "Keys %d/%d %s space: more %s other keys close", a->help_page + 1, a->help_pages,
                 G(t, "·", "|"), G(t, "·", "|"));
    else if (a->help_pages > 1)
        snprintf(title, sizeof title, "Keys %d/%d %s any key closes", a->help_page + 1, a->help_pages, G(t, "·", "|"));
    else
        snprintf(title, sizeof title, "Keys (any key closes this help)");
    for (int y = r.y; y < r.y + r.h; y++)
        rs_fill(w, t, RS_ROLE_HELP, y, r.x, r.w);
    rs_box(w, t, r, title, RS_ROLE_PANEL_TITLE);
    const int cw = (r.w - 4) / ncols;
    for (int i = first; i < n && i < first + per_page; i++) {
        const int col = (i - first) / per_col, row = (i - first) % per_col;
        const int y = r.y + 2 + row, x = r.x + 2 + col * cw;
        if (y > r.y + r.h - 2)
            continue;
        if (lines[i].is_title)
            put_cut(w, t, RS_ROLE_PANEL_TITLE, y, x, cw - 1, lines[i].text);
        else {
            rs_put(w, t, RS_ROLE_KEY, y, x + 1, 7, lines[i].label);
            put_cut(w, t, RS_ROLE_HELP, y, x + 8, cw - 9, lines[i].text);
        }
    }
}

/* Wrapped and centred: it must fit the smallest terminal without garbage. */
static void draw_too_small(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    char msg[200], wb[240];
    snprintf(msg, sizeof msg, "enlarge the terminal to at least %d%s%d%s (now %d%s%d)", a->layout.min_cols, G(t, "×", "x"),
             a->layout.min_rows, a->lesson ? " for the lesson" : "", COLS, G(t, "×", "x"), LINES);
    const char *lines[8];
    const int n = rs_wrap(msg, COLS > 2 ? COLS - 2 : COLS, wb, sizeof wb, lines, 8);
    int y = (LINES - n - 1) / 2;
    if (y < 0)
        y = 0;
    for (int i = 0; i < n && y < LINES; i++, y++) {
        const int lw = rs_text_width(lines[i]);
        rs_put(w, t, RS_ROLE_ERROR, y, (COLS - lw) / 2 > 0 ? (COLS - lw) / 2 : 0, COLS, lines[i]);
    }
    if (y < LINES)
        rs_put(w, t, RS_ROLE_DIM, y, (COLS - 6) / 2 > 0 ? (COLS - 6) / 2 : 0, COLS, "q quit");
}

/* Build the grids of the sides on screen; compare mode: one colour scale
 * for both, the union of their ranges, so equal colours mean equal sizes. */
static void build_grids(rs_app *a)
{
    const int k = rows_per_text(&a->term);
    bool have = false;
    double lo = 0.0, hi = 0.0;
    for (int s = 0; s < a->nsides; s++) {
        rs_side *sd = &a->side[s];
        const bool applies = rs_view_applies(a->view, cell_of(sd->s));
        rs_heat_build(&sd->grid, sd->s, a->view, a->relative, applies ? sd->hl.grid.h * k : 0, sd->hl.grid.w);
        const rs_heat_grid *g = &sd->grid;
        bool values = false;
        for (size_t i = 0; i < (size_t)g->nrows * (size_t)g->tb.nbins && !values; i++)
            values = g->cls[i] == RS_HEAT_VALUE;
        if (!values)
            continue;       /* an empty grid's default range says nothing */
        lo = have ? fmin(lo, g->lo) : g->lo;
        hi = have ? fmax(hi, g->hi) : g->hi;
        have = true;
    }
    if (have && a->nsides == 2)
        for (int s = 0; s < 2; s++) {
            a->side[s].grid.lo = lo;
            a->side[s].grid.hi = hi;
        }
    const rs_heat_grid *g = &a->side[a->focus].grid;
    if (a->cursor) {
        if (g->nrows == 0)
            a->cursor = false;
        else {
            if (a->cur_row >= g->nrows) a->cur_row = g->nrows - 1;
            if (a->cur_bin >= g->tb.nbins) a->cur_bin = g->tb.nbins - 1;
        }
    }
}

void rs_draw(rs_app *a)
{
    WINDOW *w = stdscr;
    wattr_set(w, A_NORMAL, 0, NULL);
    werase(w);
    if (a->layout.too_small) {
        draw_too_small(w, a);
        return;
    }
    build_grids(a);
    draw_title(w, a);
    for (int s = 0; s < a->nsides; s++) {
        rs_side *sd = &a->side[s];
        if (!side_shown(sd))
            continue;
        draw_heat(w, a, sd);
        draw_info(w, a, sd);
        if (a->layout.compact)
            draw_settings_summary(w, a, sd);
    }
    if (!rs_rect_empty(a->layout.divider)) {
        rs_term_set_role(w, &a->term, RS_ROLE_BORDER);
        for (int y = a->layout.divider.y; y < a->layout.divider.y + a->layout.divider.h; y++)
            mvwaddstr(w, y, a->layout.divider.x, G(&a->term, "│", "|"));
    }
    if (!a->layout.compact) {
        draw_config(w, a);
        draw_loss(w, a);
        if (!rs_rect_empty(a->layout.theory))
            draw_theory(w, a);
    }
    if (a->lesson)
        draw_caption(w, a);
    draw_status(w, a);
    draw_message(w, a);
    if (a->help)
        draw_help(w, a);
    wattr_set(w, A_NORMAL, 0, NULL);
}
