/* The screen's frame: the title bar, the status line, the message line, the
 * help overlay, the "enlarge" screen and compact compare mode's divider. */
#include <stdio.h>
#include <string.h>

#include "../view/changes.h"
#include "../view/figure.h"
#include "keys.h"
#include "panels.h"

/* ---- the sides in words ----------------------------------------------------------- */

void rs_describe_side(const rs_sides *sd, int k, char *buf, size_t n)
{
    rs_figure_describe(rs_session_config(sd->s[k]), sd->n == 2 && sd->s[1 - k] ? rs_session_config(sd->s[1 - k]) : NULL,
                       buf, n);
}

rs_panel rs_open_view_panel(const rs_draw_ctx *c, rs_rect box, const rs_sides *sd, int k, const char *title)
{
    const bool focus = rs_comparing(sd) && k == sd->focus, pointed = rs_points_at(c, "heatmap");
    char label[200];
    if (rs_comparing(sd)) {
        char d[160];
        rs_describe_side(sd, k, d, sizeof d);
        snprintf(label, sizeof label, "%s%s: %s", focus ? "▶ " : "", rs_pair_side_names[k], d);
        title = label;
    }
    return rs_panel_open(c->w, c->t, c->compact, box, title,
                         pointed ? RS_ROLE_POINT : focus ? RS_ROLE_FOCUS : RS_ROLE_PANEL_TITLE,
                         pointed ? RS_ROLE_POINT : focus ? RS_ROLE_FOCUS : RS_ROLE_BORDER);
}

/* ---- title -------------------------------------------------------------------------- */

void rs_draw_title(const rs_draw_ctx *ctx, rs_rect r, const rs_sides *sd, bool one_side, const char *scenario)
{
    WINDOW *w = ctx->w;
    const rs_term *t = ctx->t;
    const rs_config *c = rs_session_config(sd->s[sd->focus]);
    rs_fill(w, t, RS_ROLE_TITLE, r.y, r.x, r.w);
    char right[3][400];
    if (rs_comparing(sd)) {
        char d[2][160];
        rs_describe_side(sd, 0, d[0], sizeof d[0]);
        rs_describe_side(sd, 1, d[1], sizeof d[1]);
        if (one_side) {
            snprintf(right[0], sizeof right[0], "compare: the %s side (%s) · Tab: the %s ", rs_pair_side_names[sd->focus],
                     d[sd->focus], rs_pair_side_names[1 - sd->focus]);
            snprintf(right[1], sizeof right[1], "compare: %s (Tab: %s) ", rs_pair_side_names[sd->focus],
                     rs_pair_side_names[1 - sd->focus]);
        } else {
            snprintf(right[0], sizeof right[0], "left %s | right %s · %s task, T=%ld · batch %ld ", d[0], d[1],
                     c->task.name, c->task.length, c->train.batch);
            snprintf(right[1], sizeof right[1], "left %s | right %s · T=%ld ", d[0], d[1], c->task.length);
        }
    } else {
        /* The gated cells have their fixed σ and tanh: no activation to name. */
        const bool act = rs_key_applies(rs_key_find("model.activation"), c);
        snprintf(right[0], sizeof right[0], "%s%s%s · %s task, T=%ld · H %ld · batch %ld ", c->model.cell,
                 act ? " " : "", act ? c->model.activation : "", c->task.name, c->task.length, c->model.hidden,
                 c->train.batch);
        right[1][0] = '\0';
    }
    char title[700], changes[300];
    /* An honest header: the scenario's title describes its own settings;
     * once the run differs (a key, --set), it says how. */
    const rs_config *c0 = rs_session_config(sd->s[0]);
    const bool changed = sd->base && rs_config_changes(c0, sd->base, changes, sizeof changes) > 0;
    snprintf(title, sizeof title, " rnnscope · %s%s%s", c->scenario.title[0] ? c->scenario.title : scenario,
             changed ? " — changed: " : "", changed ? changes : "");
    /* The title keeps 24 columns (half the line when it says what changed);
     * the right part, what the run is, takes the longest form that fits. */
    const int title_w = rs_text_width(title);
    const int least = changed ? r.w / 2 : 24;
    const int keep = title_w < least ? title_w : least;
    for (int i = 0; i < 2; i++) {
        const int rw = rs_text_width(right[i]);
        if (!right[i][0] || keep + 2 + rw > r.w)
            continue;
        rs_put_cut(w, t, RS_ROLE_TITLE, r.y, r.x, r.w - rw - 2, title);
        rs_put(w, t, RS_ROLE_TITLE, r.y, r.x + r.w - rw, rw, right[i]);
        return;
    }
    rs_put_cut(w, t, RS_ROLE_TITLE, r.y, r.x, r.w, title);
}

/* ---- status line ---------------------------------------------------------------------- */

static const char *state_word(const rs_sides *sd, bool running, rs_role *role)
{
    const rs_session *s = sd->s[sd->focus];
    if (rs_session_bptt_active(s)) {
        *role = RS_ROLE_STATUS_PAUSE;
        return "stepping BPTT";
    }
    bool all_diverged = true;
    for (int k = 0; k < sd->n; k++)
        all_diverged &= rs_session_diverged(sd->s[k]);
    if (all_diverged) {
        *role = RS_ROLE_STATUS_BAD;
        return "diverged";
    }
    if (running) {
        *role = RS_ROLE_STATUS_RUN;
        return "running";
    }
    *role = RS_ROLE_STATUS_PAUSE;
    return "paused";
}

/* Compare mode: one side's part of the status line. */
static rs_role side_status(const rs_term *t, const rs_sides *sd, int k, bool brief, char *buf, size_t n)
{
    const rs_session *s = sd->s[k];
    const rs_step_stats *last = rs_session_last(s);
    char num[48] = "-";
    if (last)
        rs_fmt_num(num, sizeof num, last->loss, t->utf8);
    const char *name = brief ? (k ? "R" : "L") : rs_pair_side_names[k];
    /* The focused side is marked: where the keys go. */
    const char *mark = k == sd->focus ? "▸" : " ";
    if (rs_session_bptt_active(s)) {
        snprintf(buf, n, brief ? "%s%s %ld t=%d " : "%s%s: step %ld, BPTT at t = %d ", mark, name, rs_session_steps(s) + 1,
                 rs_session_bptt_t(s));
        return RS_ROLE_STATUS_PAUSE;
    }
    if (rs_session_diverged(s)) {
        /* One number for the failure, as the banner and the row label say it. */
        const long at = last ? last->step : rs_session_diverged_at(s);
        snprintf(buf, n, brief ? "%s%s ✕%ld " : "%s%s: ✕ diverged at step %ld ", mark, name, at);
        return RS_ROLE_STATUS_BAD;
    }
    snprintf(buf, n, brief ? "%s%s %ld %s " : "%s%s: step %ld, loss %s ", mark, name, rs_session_steps(s), num);
    return RS_ROLE_STATUS;
}

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

/* The speed set with ( ): "speed 5/s" or "speed max". */
static void speed_text(const rs_run_rates *run, char *buf, size_t n)
{
    if (run->limit > 0.0)
        snprintf(buf, n, "speed %.0f/s", run->limit);
    else
        snprintf(buf, n, "speed max");
}

/* Compare mode: the state, then each side's step and loss; the way out. */
static void draw_status_compare(const rs_draw_ctx *c, rs_rect r, const rs_sides *sd, const rs_run_rates *run)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    rs_fill(w, t, RS_ROLE_STATUS, r.y, r.x, r.w);
    rs_role role;
    const char *state = state_word(sd, run->running, &role);
    char head[64], seg[2][2][128], rates[96] = "", hint[96], short_hint[64];
    const char *quit = "q quit ";
    snprintf(head, sizeof head, " %s %s ", run->running ? "▶" : "‖", state);
    rs_role srole[2];
    for (int k = 0; k < 2; k++) {
        srole[k] = side_status(t, sd, k, false, seg[0][k], sizeof seg[0][k]);
        side_status(t, sd, k, true, seg[1][k], sizeof seg[1][k]);
    }
    char speed[48];
    speed_text(run, speed, sizeof speed);
    if (run->running)
        snprintf(rates, sizeof rates, "  · %s · %.0f rounds/s · %.0f frames/s", speed, run->steps_per_s, run->fps);
    else
        snprintf(rates, sizeof rates, "  · %s", speed);
    snprintf(hint, sizeof hint, run->running ? "Tab focus · ? help · q quit " : "space: train · Tab focus · q quit ");
    snprintf(short_hint, sizeof short_hint, "? help · q quit ");
    const int room = r.w - 1;
    const int form = rs_text_width(head) + 2 + rs_text_width(seg[0][0]) + 1 + rs_text_width(seg[0][1]) + 1 +
                     rs_text_width(quit) <= room ? 0 : 1;
    int used = rs_text_width(head) + 2 + rs_text_width(seg[form][0]) + 1 + rs_text_width(seg[form][1]);
    const char *right = status_hint(used, room, quit, short_hint, hint);
    const bool show_rates = rates[0] && used + rs_text_width(rates) + 1 + rs_text_width(right) <= room;
    int x = r.x + rs_put(w, t, role, r.y, r.x, r.w, head) + 2;
    for (int k = 0; k < 2; k++) {
        x += rs_put(w, t, rs_points_at(c, "status") ? RS_ROLE_POINT : srole[k], r.y, x, r.x + r.w - x, seg[form][k]);
        if (k == 0)
            x += rs_put(w, t, RS_ROLE_STATUS, r.y, x, r.x + r.w - x, "│");
    }
    if (show_rates)
        x += rs_put(w, t, RS_ROLE_STATUS, r.y, x, r.x + r.w - x, rates);
    const int hw = rs_text_width(right);
    const int hx = r.x + r.w - hw < x + 1 ? x + 1 : r.x + r.w - hw;
    rs_put(w, t, RS_ROLE_STATUS, r.y, hx, r.x + r.w - hx, right);
}

/* State, step, loss and the way out always; the rest while it fits. A
 * divergence is one number, the failed step's, as in the banner and the
 * heat map's row label: "✕ diverged at step 4 (weights after step 3)". */
void rs_draw_status(const rs_draw_ctx *c, rs_rect r, const rs_sides *sd, const rs_run_rates *run)
{
    if (rs_comparing(sd)) {
        draw_status_compare(c, r, sd, run);
        return;
    }
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const rs_session *s = sd->s[0];
    rs_fill(w, t, RS_ROLE_STATUS, r.y, r.x, r.w);
    rs_role role;
    const char *state = state_word(sd, run->running, &role);
    char head[64], step[128], loss[64] = "", rates[128] = "", hint[96], short_hint[64], speed[48];
    const char *quit = "q quit ";
    const int room = r.w - 1;
    const bool diverged = rs_session_diverged(s) && !rs_session_bptt_active(s);
    snprintf(head, sizeof head, " %s %s ", diverged ? "✕" : run->running ? "▶" : "‖", state);
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
    } else if (diverged) {
        const long at = last ? last->step : rs_session_diverged_at(s), kept = rs_session_steps(s);
        if (kept > 0 && kept < at)
            snprintf(step, sizeof step, " at step %ld (weights after step %ld)", at, kept);
        else
            snprintf(step, sizeof step, " at step %ld", at);
        if (rs_text_width(head) + rs_text_width(step) + 1 + rs_text_width(quit) > room)
            snprintf(step, sizeof step, " at step %ld", at);
    } else
        snprintf(step, sizeof step, "  step %ld", rs_session_steps(s));
    speed_text(run, speed, sizeof speed);
    if (run->running)         /* paused, a rate is only yesterday's news */
        snprintf(rates, sizeof rates, "  ·  %s  ·  %.0f steps/s  ·  %.0f frames/s", speed, run->steps_per_s, run->fps);
    else
        snprintf(rates, sizeof rates, "  ·  %s", speed);
    /* Paused, what starts it; running, how to stop it and the speed keys. */
    if (run->running)
        snprintf(hint, sizeof hint, "( ) speed · space pause · ? help · q quit ");
    else if (diverged)
        snprintf(hint, sizeof hint, "c - i: cures · n: retry · ? help · q quit ");
    else
        snprintf(hint, sizeof hint, "space: train · ? help · q quit ");
    snprintf(short_hint, sizeof short_hint, run->running || diverged ? "? help · q quit " : "space: train · q quit ");

    /* Widths decide what is shown, in this order: state, step, the way
     * out, the loss, help, the run key, the speed and rates. */
    int used = rs_text_width(head) + rs_text_width(step);
    const bool show_loss = loss[0] && used + rs_text_width(loss) + 1 + rs_text_width(quit) <= room;
    if (show_loss)
        used += rs_text_width(loss);
    const char *right = status_hint(used, room, quit, short_hint, hint);
    bool show_rates = rates[0] && used + rs_text_width(rates) + 1 + rs_text_width(right) <= room;
    if (!show_rates && run->running) {
        /* The speed before the measured rates. */
        snprintf(rates, sizeof rates, "  ·  %s  ·  %.0f steps/s", speed, run->steps_per_s);
        show_rates = used + rs_text_width(rates) + 1 + rs_text_width(right) <= room;
    }

    int x = r.x + rs_put(w, t, role, r.y, r.x, r.w, head);
    /* A lesson pointing at the status line: the step and the loss. */
    const rs_role what = rs_points_at(c, "status") ? RS_ROLE_POINT : diverged ? RS_ROLE_STATUS_BAD : RS_ROLE_STATUS;
    x += rs_put(w, t, what, r.y, x, r.x + r.w - x, step);
    if (show_loss)
        x += rs_put(w, t, what == RS_ROLE_STATUS_BAD ? RS_ROLE_STATUS : what, r.y, x, r.x + r.w - x, loss);
    if (show_rates)
        x += rs_put(w, t, RS_ROLE_STATUS, r.y, x, r.x + r.w - x, rates);
    const int hw = rs_text_width(right);
    const int hx = r.x + r.w - hw < x + 1 ? x + 1 : r.x + r.w - hw;
    rs_put(w, t, RS_ROLE_STATUS, r.y, hx, r.x + r.w - hx, right);
}

/* ---- message line ----------------------------------------------------------------------- */

void rs_draw_message(const rs_draw_ctx *c, rs_rect r, const char *msg, bool error, const rs_sides *sd, bool one_side)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    rs_fill(w, t, RS_ROLE_TEXT, r.y, r.x, r.w);
    if (msg[0]) {
        rs_put_cut(w, t, error ? RS_ROLE_ERROR : RS_ROLE_VALUE, r.y, r.x + 1, r.w - 2, msg);
        return;
    }
    /* No message: what to do next. */
    const bool stepping = rs_session_bptt_active(sd->s[sd->focus]);
    const char *arrows = rs_utf8_or(t, "←↑↓→", "arrows");
    char hints[3][300];
    if (rs_in_lesson(c) && stepping) {
        snprintf(hints[0], sizeof hints[0], "b: one timestep further back · n: finish the step · → or PgDn: next step · ← back");
        snprintf(hints[1], sizeof hints[1], "b: further back · n: finish · → next step");
        snprintf(hints[2], sizeof hints[2], "b: back · → next");
    } else if (rs_in_lesson(c)) {
        /* A lesson: the pages first. */
        snprintf(hints[0], sizeof hints[0], "→ or PgDn: next step · ← or PgUp: back · space: run / pause · h j k l: inspect · "
                 "? keys");
        snprintf(hints[1], sizeof hints[1], "→ next step · ← back · space run · ? keys");
        snprintf(hints[2], sizeof hints[2], "→ next · ← back");
    } else if (stepping && c->compact) {
        /* The compact info lines have no room for this; the box has. */
        snprintf(hints[0], sizeof hints[0], "b: one timestep further back · n or space: finish the step (clip, update)");
        snprintf(hints[1], sizeof hints[1], "b: one step further back · n: finish the step");
        snprintf(hints[2], sizeof hints[2], "b: back · n: finish");
    } else if (one_side) {
        snprintf(hints[0], sizeof hints[0], "compare mode, the %s side shown: Tab shows the %s · enlarge to %d columns for both",
                 rs_pair_side_names[sd->focus], rs_pair_side_names[1 - sd->focus], RS_TUI_SPLIT_COLS);
        snprintf(hints[1], sizeof hints[1], "Tab: the %s side · %d columns: both", rs_pair_side_names[1 - sd->focus],
                 RS_TUI_SPLIT_COLS);
        snprintf(hints[2], sizeof hints[2], "Tab: other side");
    } else if (c->compact && rs_comparing(sd)) {
        snprintf(hints[0], sizeof hints[0], "Tab: focus the other side · m: back to one · enlarge to %d×%d for settings, loss "
                 "and theory", RS_TUI_SPLIT_FULL_COLS, RS_TUI_SPLIT_FULL_ROWS);
        snprintf(hints[1], sizeof hints[1], "Tab: focus · m: one model · %d×%d: more panels", RS_TUI_SPLIT_FULL_COLS,
                 RS_TUI_SPLIT_FULL_ROWS);
        snprintf(hints[2], sizeof hints[2], "Tab: focus · ? keys");
    } else if (rs_comparing(sd)) {
        snprintf(hints[0], sizeof hints[0], "Tab: focus the other side (a i C c t - + act on the focused one, < > r on both) · "
                 "m: back to one model · ? keys");
        snprintf(hints[1], sizeof hints[1], "Tab: focus the other side · m: back to one model · ? keys");
        snprintf(hints[2], sizeof hints[2], "Tab: focus · ? keys");
    } else if (c->compact && c->panels) {
        /* The ruled layout: every panel, the settings in brief. */
        snprintf(hints[0], sizeof hints[0], "%s or click: a cell's value · b: step through BPTT · ( ) speed · %d×%d: every "
                 "setting in a box · ? keys", arrows, RS_TUI_FULL_COLS, RS_TUI_BOX_ROWS);
        snprintf(hints[1], sizeof hints[1], "%s or click: a cell's value · b: BPTT · ( ) speed · ? keys", arrows);
        snprintf(hints[2], sizeof hints[2], "? keys");
    } else if (c->compact) {
        /* Say what the compact layout leaves out, and how to get it back. */
        snprintf(hints[0], sizeof hints[0], "compact view: enlarge to %d×%d for the settings, loss and theory panels · ? keys",
                 RS_TUI_FULL_COLS, RS_TUI_FULL_ROWS);
        snprintf(hints[1], sizeof hints[1], "enlarge to %d×%d: settings, loss, theory · ? keys", RS_TUI_FULL_COLS,
                 RS_TUI_FULL_ROWS);
        snprintf(hints[2], sizeof hints[2], "enlarge: more panels · ? keys");
    } else {
        snprintf(hints[0], sizeof hints[0],
                 "%s or click: exact value of a cell · b: step through BPTT · ( ) speed · v: view · a i c t - + < > o u g: "
                 "change training", arrows);
        snprintf(hints[1], sizeof hints[1], "%s or click: a cell's value · b: step through BPTT · ? keys", arrows);
        snprintf(hints[2], sizeof hints[2], "? keys");
    }
    const char *texts[] = {hints[0], hints[1], hints[2]};
    rs_put_first_fitting(w, t, RS_ROLE_DIM, r.y, r.x + 1, r.w - 2, texts, 3);
}

/* ---- compact compare mode's divider --------------------------------------------------------- */

void rs_draw_divider(const rs_draw_ctx *c, rs_rect r)
{
    rs_term_set_role(c->w, c->t, RS_ROLE_BORDER);
    for (int y = r.y; y < r.y + r.h; y++)
        mvwaddstr(c->w, y, r.x, rs_glyph(c->t, "│"));
}

/* ---- help overlay and the too-small screen ---------------------------------------------- */

int rs_draw_help(const rs_draw_ctx *c, int cols, int rows, int *page)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    rs_help_line lines[64];
    const int n = (int)rs_help_lines(lines, 64, rs_in_lesson(c) ? RS_IN_LESSON : RS_IN_VIEW);
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
    const int pages = (n + per_page - 1) / per_page;
    if (*page >= pages)
        *page = 0;
    const int first = *page * per_page;
    char title[128];
    if (pages > 1 && *page + 1 < pages)
        snprintf(title, sizeof title, "Keys %d/%d · space: more · other keys close", *page + 1, pages);
    else if (pages > 1)
        snprintf(title, sizeof title, "Keys %d/%d · any key closes", *page + 1, pages);
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
            rs_put_cut(w, t, RS_ROLE_PANEL_TITLE, y, x, cw - 1, lines[i].text);
        else {
            rs_put(w, t, RS_ROLE_KEY, y, x + 1, 7, lines[i].label);
            rs_put_cut(w, t, RS_ROLE_HELP, y, x + 8, cw - 9, lines[i].text);
        }
    }
    return pages;
}

/* Wrapped and centred: it must fit the smallest terminal without garbage. */
void rs_draw_too_small(const rs_draw_ctx *c, int cols, int rows, int min_cols, int min_rows)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    char msg[200], ascii[200], wb[240];
    snprintf(msg, sizeof msg, "enlarge the terminal to at least %d×%d%s (now %d×%d)", min_cols, min_rows,
             rs_in_lesson(c) ? " for the lesson" : "", cols, rows);
    const char *lines[8];
    const int n = rs_wrap(rs_screen_text(t, msg, ascii, sizeof ascii), cols > 2 ? cols - 2 : cols, wb, sizeof wb, lines, 8);
    int y = (rows - n - 1) / 2;
    if (y < 0)
        y = 0;
    for (int i = 0; i < n && y < rows; i++, y++) {
        const int lw = rs_text_width(lines[i]);
        rs_put(w, t, RS_ROLE_ERROR, y, (cols - lw) / 2 > 0 ? (cols - lw) / 2 : 0, cols, lines[i]);
    }
    if (y < rows)
        rs_put(w, t, RS_ROLE_DIM, y, (cols - 6) / 2 > 0 ? (cols - 6) / 2 : 0, cols, "q quit");
}
