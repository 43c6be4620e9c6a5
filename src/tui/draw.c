/* Drawing the interactive view: every panel is a function of the app state
 * and the session, writing into stdscr; tui.c refreshes once per frame. */
#include "draw.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "colour.h"
#include "keys.h"
#include "text.h"

#define G(t, utf, ascii) ((t)->utf8 ? (utf) : (ascii))

/* ---- helpers ---------------------------------------------------------------- */

int rs_put(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int maxw, const char *s)
{
    if (maxw <= 0 || !s)
        return 0;
    const size_t bytes = rs_text_prefix(s, maxw);
    rs_term_set_role(w, t, role);
    mvwaddnstr(w, y, x, s, (int)bytes);
    char tmp[4096];
    const size_t n = bytes < sizeof tmp ? bytes : sizeof tmp - 1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    return rs_text_width(tmp);
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

static void hrule(WINDOW *w, const rs_term *t, int y, int x, int n, const char *glyph)
{
    (void)t;
    for (int i = 0; i < n; i++)
        mvwaddstr(w, y, x + i, glyph);
}

void rs_box(WINDOW *w, const rs_term *t, rs_rect r, const char *title, rs_role title_role)
{
    if (r.h < 2 || r.w < 2)
        return;
    const char *h = G(t, "─", "-"), *v = G(t, "│", "|");
    rs_term_set_role(w, t, RS_ROLE_BORDER);
    mvwaddstr(w, r.y, r.x, G(t, "╭", "+"));
    hrule(w, t, r.y, r.x + 1, r.w - 2, h);
    mvwaddstr(w, r.y, r.x + r.w - 1, G(t, "╮", "+"));
    for (int y = r.y + 1; y < r.y + r.h - 1; y++) {
        mvwaddstr(w, y, r.x, v);
        mvwaddstr(w, y, r.x + r.w - 1, v);
    }
    mvwaddstr(w, r.y + r.h - 1, r.x, G(t, "╰", "+"));
    hrule(w, t, r.y + r.h - 1, r.x + 1, r.w - 2, h);
    mvwaddstr(w, r.y + r.h - 1, r.x + r.w - 1, G(t, "╯", "+"));
    if (title && *title) {
        char buf[256];
        snprintf(buf, sizeof buf, " %s ", title);
        rs_put(w, t, title_role, r.y, r.x + 2, r.w - 4, buf);
    }
}

/* ---- title, status, message ------------------------------------------------------ */

static void draw_title(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    const rs_config *c = rs_session_config(a->s);
    const rs_rect r = a->layout.title;
    rs_fill(w, t, RS_ROLE_TITLE, r.y, r.x, r.w);
    char right[256];
    const char *dot = G(t, "·", "|");
    snprintf(right, sizeof right, "%s %s %s %s task, T=%ld %s H %ld %s batch %ld ", c->model.cell, c->model.activation,
             dot, c->task.name, c->task.length, dot, c->model.hidden, dot, c->train.batch);
    const int rw = rs_text_width(right);
    int used = putf(w, t, RS_ROLE_TITLE, r.y, r.x, r.w, " rnnscope %s %s", G(t, "·", "|"),
                    c->scenario.title[0] ? c->scenario.title : a->scenario);
    if (used + 2 + rw <= r.w)
        rs_put(w, t, RS_ROLE_TITLE, r.y, r.x + r.w - rw, rw, right);
}

static const char *state_word(const rs_app *a, rs_role *role)
{
    if (rs_session_bptt_active(a->s)) {
        *role = RS_ROLE_STATUS_PAUSE;
        return "stepping BPTT";
    }
    if (rs_session_diverged(a->s)) {
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

static void draw_status(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    const rs_rect r = a->layout.status;
    rs_fill(w, t, RS_ROLE_STATUS, r.y, r.x, r.w);
    rs_role role;
    const char *state = state_word(a, &role);
    int x = r.x + putf(w, t, role, r.y, r.x, r.w, " %s %s ", a->running ? G(t, "▶", ">") : G(t, "⏸", "="), state);
    char info[256];
    if (rs_session_bptt_active(a->s))
        snprintf(info, sizeof info, "  step %ld, going back at t = %d", rs_session_steps(a->s) + 1,
                 rs_session_bptt_t(a->s));
    else
        snprintf(info, sizeof info, "  step %ld  %s  %.0f steps/s  %s  %.0f frames/s", rs_session_steps(a->s),
                 G(t, "·", "|"), a->running ? a->steps_per_s : 0.0, G(t, "·", "|"), a->fps);
    x += rs_put(w, t, RS_ROLE_STATUS, r.y, x, r.x + r.w - x, info);
    char hint[96];
    snprintf(hint, sizeof hint, "space %s %s ? help %s q quit ", a->running ? "pause" : "run", G(t, "·", "|"),
             G(t, "·", "|"));
    const int hw = rs_text_width(hint);
    rs_put(w, t, RS_ROLE_STATUS, r.y, r.x + r.w - hw < x + 1 ? x + 1 : r.x + r.w - hw, r.x + r.w - x - 1, hint);
}

static void draw_message(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    const rs_rect r = a->layout.message;
    rs_fill(w, t, RS_ROLE_TEXT, r.y, r.x, r.w);
    if (a->msg[0])
        rs_put(w, t, a->msg_error ? RS_ROLE_ERROR : RS_ROLE_VALUE, r.y, r.x + 1, r.w - 2, a->msg);
    else
        putf(w, t, RS_ROLE_DIM, r.y, r.x + 1, r.w - 2,
             "%s or click: exact value of a cell %s b: step through BPTT %s v: view %s S: scale %s a i c t - + < >: change training",
             G(t, "←↑↓→", "arrows"), G(t, "·", "|"), G(t, "·", "|"), G(t, "·", "|"), G(t, "·", "|"));
}

/* ---- heatmap ----------------------------------------------------------------------- */

static int rows_per_text(const rs_term *t)
{
    return t->utf8 && t->scheme != RS_SCHEME_MONO ? 2 : 1;
}

void rs_app_relayout(rs_app *a)
{
    a->layout = rs_layout_compute(COLS, LINES);
    a->hl = rs_heat_layout_compute(a->layout.heat, a->words);
}

/* Cell index (into grid arrays) shown at text row y (0-based in the grid),
 * half h; −1 when none. */
static int cell_row(const rs_app *a, int y, int h)
{
    const int k = rows_per_text(&a->term);
    const int slots = a->hl.grid.h * k;
    const int slot = y * k + h;
    const int r = slot - (slots - a->grid.nrows);
    return r >= 0 && r < a->grid.nrows ? r : -1;
}

bool rs_app_cell_at(const rs_app *a, int y, int x, int *bin, int *row_from_bottom)
{
    const rs_rect g = a->hl.grid;
    if (a->layout.too_small || !rs_rect_contains(g, y, x))
        return false;
    const int b = rs_tbins_bin_at(&a->grid.tb, x - g.x);
    int r = cell_row(a, y - g.y, 0);
    if (r < 0)
        r = cell_row(a, y - g.y, 1);
    if (b < 0 || r < 0)
        return false;
    *bin = b;
    *row_from_bottom = a->grid.nrows - 1 - r;
    return true;
}

static int cell_colour(const rs_app *a, int r, int b)
{
    const rs_term *t = &a->term;
    if (r < 0)
        return rs_term_heat_index(t, RS_HEAT_EMPTY, 0);
    const size_t i = (size_t)r * a->grid.tb.nbins + b;
    const int n = rs_heat_schemes[t->scheme].nbuckets;
    return rs_term_heat_index(t, a->grid.cls[i], rs_heat_bucket(a->grid.x[i], a->grid.lo, a->grid.hi, n));
}

static void draw_cell(WINDOW *w, const rs_app *a, int y, int x, int upper, int lower, int b)
{
    const int ncols = rs_tbins_col(&a->grid.tb, b + 1) - rs_tbins_col(&a->grid.tb, b);
    const rs_term *t = &a->term;
    const rs_heat_grid *g = &a->grid;
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
    const int cu = upper >= 0 ? cell_colour(a, upper, b) : rs_term_heat_index(t, RS_HEAT_EMPTY, 0);
    const int cl = lower >= 0 ? cell_colour(a, lower, b) : rs_term_heat_index(t, RS_HEAT_EMPTY, 0);
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

static void row_label(const rs_app *a, int r, char *buf, size_t n)
{
    const rs_heat_grid *g = &a->grid;
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

static void legend_and_caption(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    const rs_heat_grid *g = &a->grid;
    const rs_heat_scheme *sc = &rs_heat_schemes[t->scheme];
    const rs_rect L = a->hl.legend, C = a->hl.caption;
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
    char more[256];
    if (g->relative)
        snprintf(more, sizeof more, " %s the value at t=T", G(t, "×", "x"));
    else
        snprintf(more, sizeof more, " (absolute)");
    x += rs_put(w, t, RS_ROLE_DIM, L.y, x, L.x + L.w - x, more);
    if (g->tb.t_per_col > 1)
        snprintf(more, sizeof more, "%s1 column = %d timesteps (the largest)", dot, g->tb.t_per_col);
    else
        more[0] = '\0';
    x += rs_put(w, t, RS_ROLE_DIM, L.y, x, L.x + L.w - x, more);
    if (a->view == RS_VIEW_UNITS && g->ug.per_row > 1)
        snprintf(more, sizeof more, "%srows: %d units each (the largest)", dot, g->ug.per_row);
    else if (a->view == RS_VIEW_UNITS)
        snprintf(more, sizeof more, "%srows: hidden units", dot);
    else if (g->rb.stride > 1)
        snprintf(more, sizeof more, "%s1 row = every %zu steps", dot, g->rb.stride);
    else
        snprintf(more, sizeof more, "%s1 row = 1 step", dot);
    rs_put(w, t, RS_ROLE_DIM, L.y, x, L.x + L.w - x, more);

    /* The colours in words. */
    char cap[512];
    const char *noun = rs_view_nouns[a->view];
    const char *nanmark = t->scheme == RS_SCHEME_MONO ? "X = NaN/Inf"
                        : t->utf8 ? "magenta ✕ = NaN/Inf" : "magenta X = NaN/Inf";
    const char *zeromark = t->scheme == RS_SCHEME_MONO ? "0 = exactly 0"
                         : t->scheme == RS_SCHEME_8 ? "black = exactly 0" : "grey = exactly 0";
    const char *cold = t->scheme == RS_SCHEME_MONO ? "' .:' = " : t->scheme == RS_SCHEME_8 ? "blue/cyan = " : "blue = ";
    const char *hot = t->scheme == RS_SCHEME_MONO ? "'#%@' = " : t->scheme == RS_SCHEME_8 ? "yellow/red = " : "red = ";
    if (g->relative)
        snprintf(cap, sizeof cap, "%s%s smaller than at t=T (vanishing)%s%slarger (exploding)%s%s%s%s%s",
                 cold, noun, dot, hot, dot, nanmark, dot, zeromark,
                 g->any_noref ? (t->utf8 ? " · ? = 0 at t=T: press S" : " | ? = 0 at t=T: press S") : "");
    else
        snprintf(cap, sizeof cap, "%ssmall %s%s%slarge (absolute, log scale)%s%s%s%s", cold, noun, dot, hot, dot, nanmark, dot,
                 zeromark);
    char wb[600];
    const char *lines[2];
    const int n = rs_wrap(cap, C.w, wb, sizeof wb, lines, C.h);
    for (int i = 0; i < n; i++)
        rs_put(w, t, RS_ROLE_TEXT, C.y + i, C.x, C.w, lines[i]);
}

static void draw_words(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    const rs_rect W = a->hl.words, gr = a->hl.grid;
    const rs_batch *batch = rs_session_batch(a->s);
    const rs_task_spec *task = rs_session_task(a->s);
    const rs_tbins *tb = &a->grid.tb;
    rs_put(w, t, RS_ROLE_DIM, W.y, W.x, gr.x - W.x, " input ");
    if (!batch || batch->T != tb->T || !batch->token)
        return;
    int next_free = gr.x;
    for (int b = 0; b < tb->nbins; b++) {
        int t0, t1;
        rs_tbins_range(tb, b, &t0, &t1);
        const int tok = batch->token[(size_t)(t0 - 1) * batch->B];
        const char *name = tok >= 0 ? rs_task_token_name(task, tok) : NULL;
        const int x = gr.x + rs_tbins_col(tb, b);
        if (!name || x < next_free)
            continue;
        const int room = gr.x + gr.w - x;
        const int used = rs_put(w, t, t0 == 1 ? RS_ROLE_VALUE : RS_ROLE_TEXT, W.y, x, room, name);
        next_free = x + used + 1;
    }
}

static void draw_heat(WINDOW *w, rs_app *a)
{
    const rs_term *t = &a->term;
    const rs_heat_layout *hl = &a->hl;
    const rs_heat_grid *g = &a->grid;
    char title[160];
    snprintf(title, sizeof title, "Through time: timestep t %s, training steps %s", G(t, "→", "->"), G(t, "↓", "v"));
    rs_box(w, t, a->layout.heat, title, RS_ROLE_PANEL_TITLE);
    if (rs_rect_empty(hl->grid))
        return;

    /* Header: the view and what it means. */
    const rs_rect H = hl->header;
    int x = H.x + putf(w, t, RS_ROLE_KEY, H.y, H.x, H.w, "v ");
    x += putf(w, t, RS_ROLE_VALUE, H.y, x, H.x + H.w - x, "%s ", rs_view_names[a->view]);
    x += putf(w, t, RS_ROLE_TEXT, H.y, x, H.x + H.w - x, "%s%s ",
              t->utf8 ? rs_view_symbols[a->view] : rs_view_symbols_ascii[a->view], G(t, ":", ":"));
    x += rs_put(w, t, RS_ROLE_DIM, H.y, x, H.x + H.w - x, rs_view_meanings[a->view]);

    /* The grid. */
    const rs_rect gr = hl->grid;
    const int k = rows_per_text(t);
    if (g->nrows == 0) {
        const char *what = a->view == RS_VIEW_UNITS ? "the units view shows the latest step: train one first (n or space)"
                                                   : "no training steps yet: space runs, n trains one step";
        rs_put(w, t, RS_ROLE_DIM, gr.y + gr.h / 2, gr.x + 2, gr.w - 2, what);
    }
    for (int y = 0; y < gr.h; y++) {
        const int up = cell_row(a, y, 0), lo = k == 2 ? cell_row(a, y, 1) : -1;
        if (up < 0 && lo < 0)
            continue;
        for (int b = 0; b < g->tb.nbins; b++)
            draw_cell(w, a, gr.y + y, gr.x + rs_tbins_col(&g->tb, b), k == 2 ? up : -1, k == 2 ? lo : up, b);
    }

    /* Row labels: the top and bottom rows and about every fourth line. */
    const rs_rect yl = hl->ylabels;
    int last_labelled = -10;
    for (int y = 0; y < gr.h; y++) {
        const int up = cell_row(a, y, 0), lo = k == 2 ? cell_row(a, y, 1) : -1;
        const int r = up >= 0 ? up : lo;
        if (r < 0)
            continue;
        const bool bottom = y == gr.h - 1, top = y == 0 || (up >= 0 && cell_row(a, y - 1, k - 1) < 0 && y > 0);
        if (!(top || bottom || (y - last_labelled >= 4 && gr.h - 1 - y >= 3)))
            continue;
        char lab[48];
        row_label(a, bottom && lo >= 0 ? lo : r, lab, sizeof lab);
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
        draw_words(w, a);

    /* The inspector's cursor: markers on both axes. */
    if (a->cursor && g->nrows > 0) {
        const int r = g->nrows - 1 - a->cur_row;
        const int slots = gr.h * k;
        const int ty = (slots - g->nrows + r) / k;
        rs_put(w, t, RS_ROLE_CURSOR, gr.y + ty, yl.x + yl.w - 1, 1, G(t, "▶", ">"));
        const int cx = gr.x + rs_tbins_col(&g->tb, a->cur_bin);
        rs_put(w, t, RS_ROLE_CURSOR, ta.y, cx, 1, G(t, "▲", "^"));
    }
    legend_and_caption(w, a);
}

/* ---- the info box: divergence banner, step-through caption, inspector --------------- */

static void inspector_line(WINDOW *w, const rs_app *a, int y, int x, int width)
{
    const rs_term *t = &a->term;
    const rs_heat_grid *g = &a->grid;
    if (!a->cursor || g->nrows == 0) {
        putf(w, t, RS_ROLE_DIM, y, x, width, "Inspector: %s or a mouse click shows one cell's t, step and exact value",
             G(t, "←↑↓→", "arrow keys"));
        return;
    }
    const int r = g->nrows - 1 - a->cur_row;
    const size_t i = (size_t)r * g->tb.nbins + a->cur_bin;
    char where[96], rowtxt[64], val[160] = "";
    int t0, t1;
    rs_tbins_range(&g->tb, a->cur_bin, &t0, &t1);
    if (t0 == t1)
        snprintf(where, sizeof where, "t = %d", t0);
    else
        snprintf(where, sizeof where, "t = %d%s%d (largest at t = %d)", t0, G(t, "–", "-"), t1, g->raw_t[i]);
    switch (g->row_kind[r]) {
    case RS_ROW_UNIT:
        if (g->row_last[r] > g->row_id[r])
            snprintf(rowtxt, sizeof rowtxt, "units %ld%s%d (largest), step %ld", g->row_id[r], G(t, "–", "-"),
                     g->row_last[r], rs_session_steps(a->s));
        else
            snprintf(rowtxt, sizeof rowtxt, "unit %ld, step %ld", g->row_id[r], rs_session_steps(a->s));
        break;
    case RS_ROW_PENDING: snprintf(rowtxt, sizeof rowtxt, "step %ld (being stepped through)", g->row_id[r]); break;
    case RS_ROW_FAILED: snprintf(rowtxt, sizeof rowtxt, "step %ld (the attempt that diverged)", g->row_id[r]); break;
    default: snprintf(rowtxt, sizeof rowtxt, "step %ld", g->row_id[r]);
    }
    if (g->cls[i] == RS_HEAT_EMPTY)
        snprintf(val, sizeof val, "not known (yet)");
    else {
        int n = snprintf(val, sizeof val, "%s = %.6g", rs_view_names[a->view], g->raw[i]);
        if (g->relative && g->cls[i] == RS_HEAT_VALUE) {
            char rel[48];
            rs_fmt_num(rel, sizeof rel, pow(10.0, g->x[i]), t->utf8);
            snprintf(val + n, sizeof val - (size_t)n, "  (%s %s its value at t=T)", rel, G(t, "×", "x"));
        } else if (g->cls[i] == RS_HEAT_NOREF)
            snprintf(val + n, sizeof val - (size_t)n, "  (the value at t=T is 0: no relative scale)");
    }
    const char *word = NULL;
    const rs_batch *batch = rs_session_batch(a->s);
    if (t0 == t1 && batch && batch->token && batch->T == g->T) {
        const int tok = batch->token[(size_t)(t0 - 1) * batch->B];
        word = tok >= 0 ? rs_task_token_name(rs_session_task(a->s), tok) : NULL;
    }
    putf(w, t, RS_ROLE_TEXT, y, x, width, "%s %s %s %s %s %s%s%s", G(t, "▲", "^"), where, G(t, "·", "|"), rowtxt,
         G(t, "·", "|"), val, word ? "  input: " : "", word ? word : "");
}

static void draw_info(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    const rs_rect r = a->layout.info;
    const int x = r.x + 2, width = r.w - 4;
    int y = r.y + 1;
    const int last = r.y + r.h - 2;
    const char *dot = G(t, " · ", " | ");
    const rs_config *c = rs_session_config(a->s);
    char buf[512];

    if (rs_session_bptt_active(a->s)) {
        rs_box(w, t, r, "BPTT step-through: the chain rule, one timestep at a time", RS_ROLE_PANEL_TITLE);
        const int T = (int)c->task.length;
        const int next = rs_session_bptt_t(a->s);
        if (!a->have_bptt) {
            putf(w, t, RS_ROLE_TEXT, y++, x, width, "Forward pass of step %ld done, the loss is known. Press b to go back from t = T = %d.",
                 rs_session_steps(a->s) + 1, T);
        } else {
            const rs_bptt_view *v = &a->bptt;
            char dn[48], gh[48], jac[48], prod[48];
            rs_fmt_num(dn, sizeof dn, v->delta_norm, t->utf8);
            rs_fmt_num(gh, sizeof gh, v->g_h, t->utf8);
            rs_fmt_num(jac, sizeof jac, v->jacobian, t->utf8);
            rs_fmt_num(prod, sizeof prod, v->product, t->utf8);
            putf(w, t, RS_ROLE_VALUE, y++, x, width, "t = %d of %d%s%s = %s%s%s = %s", v->t, T, dot,
                 G(t, "‖δ_t‖", "|delta_t|"), dn, dot, G(t, "‖∂L/∂h_t‖", "|dL/dh_t|"), gh);
            if (v->t < T)
                putf(w, t, RS_ROLE_TEXT, y++, x, width, "local factor %sdiag(f%s(a_%d)) W_hh%s = %s%srunning product = %s",
                     G(t, "‖", "|"), G(t, "′", "'"), v->t + 1, G(t, "‖₂", "|_2"), jac, dot, prod);
            else
                putf(w, t, RS_ROLE_TEXT, y++, x, width, "the first step back starts from the loss at the end: no factor yet");
            rs_bptt_sentence(buf, sizeof buf, T - v->t, v->ratio, t->utf8);
            rs_put(w, t, RS_ROLE_GOOD, y++, x, width, buf);
        }
        if (y <= last)
            putf(w, t, RS_ROLE_DIM, y++, x, width, next > 0 ? "b: one timestep further back%sn or space: finish this training step"
                                                            : "all timesteps done%sb, n or space: finish this training step (clip, update)",
                 dot);
        return;
    }
    if (rs_session_diverged(a->s)) {
        rs_box(w, t, r, "Diverged", RS_ROLE_BAD);
        const rs_step_stats *st = rs_session_last(a->s);
        for (int yy = y; yy <= last && yy < y + 3; yy++)
            rs_fill(w, t, RS_ROLE_BANNER, yy, r.x + 1, r.w - 2);
        putf(w, t, RS_ROLE_BANNER, y++, x, width, "%s exploding gradients: %s at step %ld %s training halted",
             G(t, "✕", "X"), rs_session_divergence(a->s), st ? st->step : rs_session_diverged_at(a->s),
             G(t, "—", "-"));
        char lr[32], thr[32];
        snprintf(lr, sizeof lr, "%g", c->train.lr);
        snprintf(thr, sizeof thr, "%g", c->train.clip_threshold);
        putf(w, t, RS_ROLE_BANNER, y++, x, width, "cures: c clipping (%s%s%s)%s- learning rate (%s)%si init (%s)",
             c->train.clip, strcmp(c->train.clip, "none") ? " " : "", strcmp(c->train.clip, "none") ? thr : "", dot, lr,
             dot, c->init.recurrent);
        putf(w, t, RS_ROLE_BANNER, y++, x, width, "then space/n resumes from the last finite weights (step %ld)%sr restarts",
             rs_session_steps(a->s), dot);
        if (y <= last)
            inspector_line(w, a, y, x, width);
        return;
    }
    rs_box(w, t, r, "Inspector", RS_ROLE_PANEL_TITLE);
    inspector_line(w, a, y++, x, width);
    const char *summary = c->scenario.summary;
    if (summary[0] && y <= last) {
        char wb[1100];
        const char *lines[6];
        const int n = rs_wrap(summary, width, wb, sizeof wb, lines, last - y + 1);
        for (int i = 0; i < n && y <= last; i++)
            rs_put(w, t, RS_ROLE_DIM, y++, x, width, lines[i]);
    }
}

/* ---- right column: config, loss, theory ----------------------------------------------- */

typedef struct {
    const char *cfg_key;
    const char *name;
} cfg_name;

static const cfg_name cfg_names[] = {
    {"model.activation", "activation"}, {"init.recurrent", "W_hh init"}, {"model.cell", "cell"},
    {"train.seed", "weight seed"},      {"train.clip", "clipping"},      {"train.clip_threshold", "clip threshold"},
    {"train.tbptt", "BPTT window"},     {"train.lr", "learning rate"},   {"task.length", "length T"},
    {"view.mode", "view"},              {"view.scale", "scale"},
};

static void cfg_value(const rs_app *a, const char *key, char *buf, size_t n)
{
    const rs_config *c = rs_session_config(a->s);
    if (strcmp(key, "init.recurrent") == 0) {
        const char *r = c->init.recurrent;
        if (strcmp(r, "gaussian") == 0)
            snprintf(buf, n, "gaussian %s %g", G(&a->term, "σ", "std"), c->init.std);
        else if (strcmp(r, "uniform") == 0)
            snprintf(buf, n, "uniform %s%g", G(&a->term, "±", "+-"), c->init.range);
        else
            snprintf(buf, n, "%s %s%g", r, G(&a->term, "×", "x"), c->init.gain);
    } else if (strcmp(key, "train.tbptt") == 0) {
        if (c->train.tbptt == 0)
            snprintf(buf, n, "full");
        else
            snprintf(buf, n, "%ld steps", c->train.tbptt);
    } else if (strcmp(key, "view.mode") == 0) {
        snprintf(buf, n, "%s", rs_view_names[a->view]);
    } else if (strcmp(key, "view.scale") == 0) {
        snprintf(buf, n, "%s", a->relative ? "relative to t=T" : "absolute");
    } else {
        const rs_key *k = rs_key_find(key);
        if (k)
            rs_config_format(c, k, buf, n);
        else
            snprintf(buf, n, "?");
    }
}

static void draw_config(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    const rs_rect r = a->layout.config;
    rs_box(w, t, r, "Settings (key, value)", RS_ROLE_PANEL_TITLE);
    const int x = r.x + 2, width = r.w - 4, last = r.y + r.h - 2;
    int y = r.y + 1;
    const rs_config *c = rs_session_config(a->s);
    /* One line per config key the key table changes, in table order. */
    const char *seen[RS_ACT_COUNT];
    size_t nseen = 0;
    for (size_t i = 0; i < rs_tui_nkeys && y <= last; i++) {
        const rs_tui_key *k = &rs_tui_keys[i];
        if (!k->cfg_key)
            continue;
        bool dup = false;
        for (size_t j = 0; j < nseen; j++)
            dup |= strcmp(seen[j], k->cfg_key) == 0;
        if (dup)
            continue;
        seen[nseen++] = k->cfg_key;
        char labels[16] = "";
        for (size_t j = i; j < rs_tui_nkeys; j++)
            if (rs_tui_keys[j].cfg_key && strcmp(rs_tui_keys[j].cfg_key, k->cfg_key) == 0 && rs_tui_keys[j].label)
                snprintf(labels + strlen(labels), sizeof labels - strlen(labels), "%s%s", labels[0] ? " " : "",
                         rs_tui_keys[j].label);
        const char *name = k->cfg_key;
        for (size_t j = 0; j < sizeof cfg_names / sizeof cfg_names[0]; j++)
            if (strcmp(cfg_names[j].cfg_key, k->cfg_key) == 0)
                name = cfg_names[j].name;
        char val[128];
        cfg_value(a, k->cfg_key, val, sizeof val);
        putf(w, t, RS_ROLE_KEY, y, x, 4, "%s", labels);
        putf(w, t, RS_ROLE_TEXT, y, x + 4, 15, "%s", name);
        rs_put(w, t, RS_ROLE_VALUE, y, x + 19, width - 21, val);
        if (k->cls == RS_CLASS_RESETS)
            rs_put(w, t, RS_ROLE_DIM, y, x + width - 1, 1, G(t, "↺", "*"));
        y++;
    }
    if (y <= last) {
        putf(w, t, RS_ROLE_KEY, y, x, 4, "w");
        putf(w, t, RS_ROLE_TEXT, y, x + 4, 15, "words on axis");
        rs_put(w, t, RS_ROLE_VALUE, y++, x + 19, width - 19, a->words ? "on" : "off");
    }
    if (y <= last)
        putf(w, t, RS_ROLE_DIM, y++, x, width, "%s task %s, H %ld, batch %ld, %s", "   ", c->task.name, c->model.hidden,
             c->train.batch, c->train.optimizer);
    if (y <= last)
        putf(w, t, RS_ROLE_DIM, y++, x, width, "%s re-initialises the weights", G(t, "↺", "*"));
}

static void draw_loss(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    const rs_rect r = a->layout.loss;
    rs_box(w, t, r, "Loss and accuracy", RS_ROLE_PANEL_TITLE);
    const int x = r.x + 2, width = r.w - 4;
    const int top = r.y + 1, bottom = r.y + r.h - 2;
    if (bottom < top)
        return;
    const rs_session *s = a->s;
    const rs_step_stats *last = rs_session_last(s);
    const double chance = rs_session_chance_loss(s);
    char ls[48], cs[48];
    rs_fmt_num(ls, sizeof ls, last ? last->loss : NAN, t->utf8);
    rs_fmt_num(cs, sizeof cs, chance, t->utf8);
    int xx = x + putf(w, t, RS_ROLE_LOSS, top, x, width, "loss %s", last ? ls : "-");
    xx += putf(w, t, RS_ROLE_ACC, top, xx, x + width - xx, "  acc %.2f", last ? last->acc : 0.0);
    putf(w, t, RS_ROLE_CHANCE, top, xx, x + width - xx, "  %s%s chance", G(t, "┄", "-"), cs);

    const int plot_top = top + 1, acc_row = bottom;
    const int plot_rows = acc_row - plot_top;      /* text rows for the loss */
    const int lab = 6, pw = width - lab;
    const size_t n = rs_session_history_count(s);
    if (plot_rows < 1 || pw < 4)
        return;
    if (n == 0) {
        rs_put(w, t, RS_ROLE_DIM, plot_top + plot_rows / 2, x + lab, pw, "(no steps yet)");
        return;
    }
    /* Bin the history onto pw columns: the mean of each bin. */
    const size_t per = (n + (size_t)pw - 1) / (size_t)pw;
    const int ncol = (int)((n + per - 1) / per);
    double ymax = chance;
    double loss_col[512], acc_col[512];
    for (int cidx = 0; cidx < ncol && cidx < 512; cidx++) {
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
        if (cnt && loss_col[cidx] > ymax)
            ymax = loss_col[cidx];
    }
    double ymin = chance;
    for (int cidx = 0; cidx < ncol && cidx < 512; cidx++)
        if (isfinite(loss_col[cidx]) && loss_col[cidx] < ymin)
            ymin = loss_col[cidx];
    const double pad = 0.05 * (ymax - ymin) + 1e-12;
    ymax += pad;
    ymin = ymin - pad < 0.0 ? 0.0 : ymin - pad;
    char yl[32];
    rs_fmt_num(yl, sizeof yl, ymax, t->utf8);
    rs_put(w, t, RS_ROLE_DIM, plot_top, x, lab - 1, yl);
    rs_fmt_num(yl, sizeof yl, ymin, t->utf8);
    rs_put(w, t, RS_ROLE_DIM, plot_top + plot_rows - 1, x, lab - 1, yl);
    const int levels = plot_rows * 2;
    const int chance_level = (int)floor((chance - ymin) / (ymax - ymin) * levels);
    const int chance_y = plot_top + plot_rows - 1 - chance_level / 2;
    for (int cidx = 0; cidx < pw; cidx++)
        if (chance_y >= plot_top && chance_y < plot_top + plot_rows)
            rs_put(w, t, RS_ROLE_CHANCE, chance_y, x + lab + cidx, 1, G(t, "┄", "-"));
    for (int cidx = 0; cidx < ncol && cidx < pw; cidx++) {
        if (!isfinite(loss_col[cidx]))
            continue;
        int lv = (int)floor((loss_col[cidx] - ymin) / (ymax - ymin) * levels);
        if (lv >= levels) lv = levels - 1;
        if (lv < 0) lv = 0;
        const int yy = plot_top + plot_rows - 1 - lv / 2;
        rs_put(w, t, RS_ROLE_LOSS, yy, x + lab + cidx, 1, t->utf8 ? (lv % 2 ? "▀" : "▄") : "*");
    }
    /* Accuracy as a one-line sparkline, 0 … 1. */
    static const char *const spark[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    static const char ramp[] = " .:-=+*#";
    rs_put(w, t, RS_ROLE_ACC, acc_row, x, lab, "acc   ");
    for (int cidx = 0; cidx < ncol && cidx < pw; cidx++) {
        if (!isfinite(acc_col[cidx]))
            continue;
        int lv = (int)floor(acc_col[cidx] * 8);
        if (lv > 7) lv = 7;
        if (lv < 0) lv = 0;
        char one[2] = {ramp[lv], '\0'};
        rs_put(w, t, RS_ROLE_ACC, acc_row, x + lab + cidx, 1, t->utf8 ? spark[lv] : one);
    }
}

static void draw_theory(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    const rs_rect r = a->layout.theory;
    rs_box(w, t, r, "Theory vs measurement", RS_ROLE_PANEL_TITLE);
    const int x = r.x + 2, width = r.w - 4, last = r.y + r.h - 2;
    int y = r.y + 1;
    const rs_spectral sp = rs_session_spectral(a->s);
    const rs_step_stats *st = rs_session_last(a->s);
    char g[32], sm[32], rho[32], b[32], d[32];
    rs_fmt_num(g, sizeof g, sp.gamma, t->utf8);
    rs_fmt_num(sm, sizeof sm, sp.sigma_max, t->utf8);
    rs_fmt_num(rho, sizeof rho, sp.radius, t->utf8);
    rs_fmt_num(b, sizeof b, sp.bound, t->utf8);
    rs_fmt_num(d, sizeof d, st ? st->decay : NAN, t->utf8);
    putf(w, t, RS_ROLE_TEXT, y++, x, width, "%s = %s   %s(W_hh) = %s", G(t, "γ = sup|f′|", "gamma = sup|f'|"), g,
         G(t, "ρ", "radius"), rho);
    if (y <= last)
        putf(w, t, sp.bound < 1.0 ? RS_ROLE_TEXT : RS_ROLE_BAD, y++, x, width, "bound %s = %s %s %s = %s",
             G(t, "γ·σ_max", "gamma*sigma_max"), g, G(t, "×", "x"), sm, b);
    if (y <= last)
        putf(w, t, RS_ROLE_TEXT, y++, x, width, "measured decay %s%s per step back", st ? d : "-",
             st ? G(t, "×", "x") : "");
    if (y <= last) {
        char one[48];
        rs_fmt_pow10(one, sizeof one, -6, t->utf8);
        putf(w, t, RS_ROLE_TEXT, y++, x, width, "reach %d of %ld steps (> %s of t=T)", st ? st->reach : 0,
             rs_session_config(a->s)->task.length, one);
    }
    char reading[256], wb[300];
    rs_theory_reading(reading, sizeof reading, sp.bound, t->utf8);
    const char *lines[4];
    const int n = rs_wrap(reading, width, wb, sizeof wb, lines, last - y + 1);
    for (int i = 0; i < n && y <= last; i++)
        rs_put(w, t, RS_ROLE_VALUE, y++, x, width, lines[i]);
}

/* ---- help overlay and the too-small screen ---------------------------------------------- */

static void draw_help(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    rs_help_line lines[64];
    const size_t n = rs_help_lines(lines, 64);
    const int cols = COLS, rows = LINES;
    const int colw = 64;
    const int inner_h = rows - 4;
    int ncols = (int)n + 2 > inner_h && cols >= 2 * colw + 4 ? 2 : 1;
    const int per_col = ((int)n + ncols - 1) / ncols;
    const int bw = ncols * colw + 4 > cols - 2 ? cols - 2 : ncols * colw + 4;
    const int bh = per_col + 4 > rows - 2 ? rows - 2 : per_col + 4;
    const rs_rect r = rs_centre(cols, rows, bw, bh);
    for (int y = r.y; y < r.y + r.h; y++)
        rs_fill(w, t, RS_ROLE_HELP, y, r.x, r.w);
    rs_box(w, t, r, "Keys (any key closes this help)", RS_ROLE_PANEL_TITLE);
    const int cw = (r.w - 4) / ncols;
    for (size_t i = 0; i < n; i++) {
        const int col = (int)i / per_col, row = (int)i % per_col;
        const int y = r.y + 2 + row, x = r.x + 2 + col * cw;
        if (y > r.y + r.h - 2)
            continue;
        if (lines[i].is_title)
            rs_put(w, t, RS_ROLE_PANEL_TITLE, y, x, cw - 1, lines[i].text);
        else {
            rs_put(w, t, RS_ROLE_KEY, y, x + 1, 7, lines[i].label);
            rs_put(w, t, RS_ROLE_HELP, y, x + 8, cw - 9, lines[i].text);
        }
    }
}

static void draw_too_small(WINDOW *w, const rs_app *a)
{
    const rs_term *t = &a->term;
    char msg[160], wb[200];
    snprintf(msg, sizeof msg, "enlarge the terminal to at least %d%s%d (now %d%s%d)", RS_TUI_MIN_COLS, G(t, "×", "x"),
             RS_TUI_MIN_ROWS, COLS, G(t, "×", "x"), LINES);
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

void rs_draw(rs_app *a)
{
    WINDOW *w = stdscr;
    wattr_set(w, A_NORMAL, 0, NULL);
    werase(w);
    if (a->layout.too_small) {
        draw_too_small(w, a);
        return;
    }
    const int k = rows_per_text(&a->term);
    rs_heat_build(&a->grid, a->s, a->view, a->relative, a->hl.grid.h * k, a->hl.grid.w);
    if (a->cursor) {
        if (a->grid.nrows == 0)
            a->cursor = false;
        else {
            if (a->cur_row >= a->grid.nrows) a->cur_row = a->grid.nrows - 1;
            if (a->cur_bin >= a->grid.tb.nbins) a->cur_bin = a->grid.tb.nbins - 1;
        }
    }
    draw_title(w, a);
    draw_heat(w, a);
    draw_info(w, a);
    draw_config(w, a);
    draw_loss(w, a);
    draw_theory(w, a);
    draw_status(w, a);
    draw_message(w, a);
    if (a->help)
        draw_help(w, a);
    wattr_set(w, A_NORMAL, 0, NULL);
}
