/* The heatmap panel: its box (or, compact, the rule above it) with the
 * side's title, the view's header, the grid of half-block cells, the row
 * labels, the t axis and the words under it, the inspector's marks and the
 * timestep a lesson points at. The legend below it is panel_legend.c. */
#include <stdio.h>
#include <string.h>

#include "../view/colour.h"
#include "../view/taskmarks.h"
#include "panels.h"
#include "term.h"

const char *rs_first_word(const rs_session *s, int T, int t)
{
    const rs_batch *batch = rs_session_batch(s);
    if (!batch || !batch->token || batch->T != T || t < 1 || t > batch->T)
        return NULL;
    const int tok = batch->token[(size_t)(t - 1) * batch->B];
    return tok >= 0 ? rs_task_token_name(rs_session_task(s), tok) : NULL;
}

#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* ---- the grid's cells ------------------------------------------------------------------ */

/* The swatch of grid row r's bin b: its level on the ramp, or its mark. */
static int cell_swatch(const rs_term *t, const rs_heat_grid *g, int r, int b)
{
    const size_t i = (size_t)r * g->tb.nbins + b;
    const rs_heat_mark m = rs_heat_mark_of(g->cls[i]);
    if (m != RS_MARK_NONE)
        return rs_swatch_of_mark(t->scheme, m);
    return rs_swatch_of_level(t->scheme, rs_heat_cell_level(g, i, rs_scheme_steps(t->scheme)));
}

/* Bin b of the text line at (y, x): the grid rows upper and lower in its
 * halves (−1: none), or without half blocks one row (lower, else upper). */
static void draw_cell(WINDOW *w, const rs_term *t, const rs_heat_grid *g, int y, int x, int upper, int lower, int b)
{
    const int ncols = rs_tbins_col(&g->tb, b + 1) - rs_tbins_col(&g->tb, b);
    rs_heat_half_cells(w, t, y, x, ncols, upper >= 0 ? cell_swatch(t, g, upper, b) : -1,
                       lower >= 0 ? cell_swatch(t, g, lower, b) : -1);
}

static void row_label(const rs_heat_grid *g, int r, char *buf, size_t n)
{
    switch (g->row_kind[r]) {
    case RS_ROW_UNIT:
        if (g->row_last[r] > g->row_id[r])
            snprintf(buf, n, "%ld-%d", g->row_id[r], g->row_last[r]);
        else
            snprintf(buf, n, "u%ld", g->row_id[r]);
        break;
    case RS_ROW_PENDING: snprintf(buf, n, "◀%ld", g->row_id[r]); break;
    case RS_ROW_FAILED: snprintf(buf, n, "✕%ld", g->row_id[r]); break;
    default: snprintf(buf, n, "%ld", g->row_id[r]);
    }
}

/* ---- around the grid ------------------------------------------------------------------- */

/* The input along the t axis, for the first sequence of the last batch:
 * its words (a task of symbols), the task's markers — where the
 * information lives — standing out; the adding problem's marked numbers. */
static void draw_words(const rs_draw_ctx *c, const rs_heat_layout *hl, const rs_heat_grid *g, const rs_session *s,
                       const rs_task_marks *m)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const rs_rect W = hl->words, gr = hl->grid;
    const rs_tbins *tb = &g->tb;
    rs_put(w, t, RS_ROLE_DIM, W.y, W.x, gr.x - W.x, " input ");
    int next_free = gr.x;
    /* The markers first: they must show; the words fill in around them.
     * mark_x/mark_end: where a bin's marker label starts and ends (0: none). */
    int mark_x[1024] = {0}, mark_end[1024] = {0};
    for (int i = 0; i < m->n; i++) {
        const int b = (m->t[i] - 1) / tb->t_per_col;
        if (b < 0 || b >= tb->nbins || b >= 1024)
            continue;
        int x = gr.x + rs_tbins_col(tb, b);
        /* A marker near t = T ends at the grid's edge rather than being cut. */
        const int lw = rs_screen_width(t, m->label[i]);
        if (x + lw > gr.x + gr.w)
            x = MAX(next_free, gr.x + gr.w - lw);
        if (x < next_free || mark_x[b])
            continue;
        mark_x[b] = x;
        mark_end[b] = x + rs_put(w, t, RS_ROLE_KEY, W.y, x, gr.x + gr.w - x, m->label[i]);
        next_free = mark_end[b] + 1;
    }
    next_free = gr.x;
    for (int b = 0; b < tb->nbins; b++) {
        int t0, t1;
        rs_tbins_range(tb, b, &t0, &t1);
        const char *name = rs_first_word(s, g->T, t0);
        const int x = gr.x + rs_tbins_col(tb, b);
        if (b < 1024 && mark_x[b]) {
            next_free = MAX(next_free, mark_end[b] + 1);    /* the words go on after it */
            continue;
        }
        if (!name || x < next_free)
            continue;
        /* a word must not run into the next marker's label */
        int room = gr.x + gr.w - x;
        for (int bb = b + 1; bb < tb->nbins && bb < 1024; bb++)
            if (mark_x[bb]) {
                room = mark_x[bb] - 1 - x;
                break;
            }
        if (rs_screen_width(t, name) > room)
            continue;
        const int used = rs_put(w, t, RS_ROLE_DIM, W.y, x, room, name);
        next_free = x + used + 1;
    }
}

/* Compare mode: a side's label, "left: rnn tanh", marked when it has the focus. */
static void side_label(const rs_draw_ctx *c, const rs_sides *sd, int k, bool brief, char *buf, size_t n)
{
    char d[160];
    rs_describe_side(sd, k, d, sizeof d);
    if (rs_comparing(sd) && k == sd->focus)
        snprintf(buf, n, "▶ %s: %s%s", rs_pair_side_names[k], d, brief ? "" : " ◀ keys act here");
    else
        snprintf(buf, n, "%s: %s%s", rs_pair_side_names[k], d, brief ? "" : rs_in_lesson(c) ? "" : " (Tab focuses)");
}

/* The view's name, symbol and meaning: inside the box (full layout) or as
 * the title of the rule above the grid (compact; compare mode: after the
 * side's label). */
static void heat_header(const rs_draw_ctx *c, const rs_heat_layout *hl, const rs_sides *sd, int k, int view)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const rs_rect H = hl->header;
    int x = H.x, end = H.x + H.w;
    if (c->compact) {
        const bool focus = rs_comparing(sd) && k == sd->focus;
        rs_rule_role(w, t, H.y, H.x, H.w, NULL, RS_ROLE_BORDER,
                     rs_points_at(c, "heatmap") ? RS_ROLE_POINT : focus ? RS_ROLE_FOCUS : RS_ROLE_BORDER);
        x += 1;
        end -= 1;
        if (rs_comparing(sd)) {
            char label[200];
            side_label(c, sd, k, true, label, sizeof label);
            x += rs_putf(w, t, focus ? RS_ROLE_FOCUS : RS_ROLE_PANEL_TITLE, H.y, x, end - x, " %s ", label);
            x += 1;     /* the rule shows between the label and the view */
        }
        x += rs_put(w, t, RS_ROLE_TEXT, H.y, x, end - x, " ");
        end -= 1;       /* a space before the rule goes on */
    }
    x += rs_putf(w, t, RS_ROLE_KEY, H.y, x, end - x, "v ");
    x += rs_putf(w, t, RS_ROLE_VALUE, H.y, x, end - x, "%s ", rs_view_names[view]);
    const rs_cell cell = rs_cell_of(sd->s[k]);
    x += rs_putf(w, t, RS_ROLE_TEXT, H.y, x, end - x, "%s: ", rs_view_symbol(view, cell, t->utf8));
    x += rs_put_cut(w, t, RS_ROLE_DIM, H.y, x, end - x, rs_view_meaning(view, cell));
    if (c->compact)
        rs_put(w, t, RS_ROLE_TEXT, H.y, x, 1, " ");
}

/* A lesson pointing at timestep t: marked on the t axis ("▲t=38") and, in
 * a box, by "▼" in the top border above the column. */
static void point_timestep(const rs_draw_ctx *c, rs_rect box, const rs_heat_layout *hl, const rs_heat_grid *g,
                           int title_end)
{
    const rs_term *t = c->t;
    const rs_lesson_view *v = c->point;
    if (!v || v->point != RS_POINT_T || v->point_t < 1 || v->point_t > g->T || g->tb.nbins == 0)
        return;
    const rs_rect gr = hl->grid, ta = hl->taxis;
    const int b = (int)(v->point_t - 1) / g->tb.t_per_col;
    const int x = gr.x + (rs_tbins_col(&g->tb, b) + rs_tbins_col(&g->tb, b + 1) - 1) / 2;
    char label[32];
    snprintf(label, sizeof label, "▲t=%ld", v->point_t);
    const int lw = rs_text_width(label);
    const int lx = x + lw <= gr.x + gr.w ? x : gr.x + gr.w - lw;
    rs_put(c->w, t, RS_ROLE_POINT, ta.y, lx, lw, label);
    if (!c->compact && x >= title_end)
        rs_put(c->w, t, RS_ROLE_POINT, box.y, x, 1, "▼");
}

/* ---- the panel ------------------------------------------------------------------------- */

bool rs_draw_heat(const rs_draw_ctx *c, const rs_side_rects *rects, const rs_heat_layout *hl, const rs_heat_grid *g,
                  const rs_sides *sd, int k, const rs_heat_view *v)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const rs_rect box = rects->heat;
    const bool focus = rs_comparing(sd) && k == sd->focus;
    int title_end = 0;
    if (!c->compact) {
        char title[240];
        if (rs_comparing(sd)) {
            side_label(c, sd, k, false, title, sizeof title);
            if (rs_text_width(title) > box.w - 6)
                side_label(c, sd, k, true, title, sizeof title);
        } else {
            snprintf(title, sizeof title, "Through time: timestep t →, training steps ↓");
            if (rs_screen_width(t, title) > box.w - 6)
                snprintf(title, sizeof title, "Through time: t →, steps ↓");
        }
        const bool pointed = rs_points_at(c, "heatmap");
        rs_box_role(w, t, box, title, pointed ? RS_ROLE_POINT : focus ? RS_ROLE_FOCUS : RS_ROLE_PANEL_TITLE,
                    pointed ? RS_ROLE_POINT : focus ? RS_ROLE_FOCUS : RS_ROLE_BORDER);
        title_end = box.x + 2 + rs_screen_width(t, title) + 2;
    }
    if (rs_rect_empty(hl->grid))
        return false;
    heat_header(c, hl, sd, k, v->view);
    const rs_session *s = sd->s[k];
    const char *cell = rs_session_config(s)->model.cell;
    if (!rs_view_applies(v->view, rs_cell_of(s))) {
        /* Compare mode, g_c beside a cell without a cell state. */
        char why[160];
        snprintf(why, sizeof why, "the %s has no cell state c_t: g_c is the lstm's (v: the next view)", cell);
        rs_put_cut(w, t, RS_ROLE_DIM, hl->grid.y + hl->grid.h / 2, hl->grid.x + 2, hl->grid.w - 2, why);
        return false;
    }

    /* The grid. */
    const rs_rect gr = hl->grid;
    const int per = rs_heat_rows_per_line(t);
    if (g->nrows == 0) {
        const char *what = v->view == RS_VIEW_UNITS ? "the units view shows the latest step: train one first (n or space)"
                                                    : "no training steps yet: space runs, n trains one step";
        rs_put_cut(w, t, RS_ROLE_DIM, gr.y + gr.h / 2, gr.x + 2, gr.w - 2, what);
    } else {
        /* Few rows yet (the first seconds, or a run that diverged at once):
         * the empty space above them says how the rows come. */
        const int first_text_row = (gr.h * per - g->nrows) / per;
        if (first_text_row >= 3) {
            const int newest = g->row_kind[g->nrows - 1];
            char what[160], label[48];
            row_label(g, g->nrows - 1, label, sizeof label);
            if (v->view == RS_VIEW_UNITS)
                snprintf(what, sizeof what, "one row per hidden unit, at the latest step");
            else if (newest == RS_ROW_FAILED)
                snprintf(what, sizeof what, "one row per step; %s: the attempt that diverged", label);
            else if (newest == RS_ROW_PENDING)
                snprintf(what, sizeof what, "one row per step; %s: being stepped through", label);
            else
                snprintf(what, sizeof what, "one row per training step, the newest at the bottom");
            rs_put_cut(w, t, RS_ROLE_DIM, gr.y + first_text_row / 2, gr.x + 2, gr.w - 2, what);
        }
    }
    for (int y = 0; y < gr.h; y++) {
        const int up = rs_heat_cell_row(g, gr.h, per, y, 0), lo = per == 2 ? rs_heat_cell_row(g, gr.h, per, y, 1) : -1;
        if (up < 0 && lo < 0)
            continue;
        for (int b = 0; b < g->tb.nbins; b++)
            draw_cell(w, t, g, gr.y + y, gr.x + rs_tbins_col(&g->tb, b), per == 2 ? up : -1, per == 2 ? lo : up, b);
    }

    /* Row labels: the top and bottom rows and about every fourth line. */
    const rs_rect yl = hl->ylabels;
    int last_labelled = -10;
    for (int y = 0; y < gr.h; y++) {
        const int up = rs_heat_cell_row(g, gr.h, per, y, 0), lo = per == 2 ? rs_heat_cell_row(g, gr.h, per, y, 1) : -1;
        const int r = up >= 0 ? up : lo;
        if (r < 0)
            continue;
        /* The first text row with data, even when it starts in a lower half. */
        const bool bottom = y == gr.h - 1, top = y == 0 || rs_heat_cell_row(g, gr.h, per, y - 1, per - 1) < 0;
        if (!(top || bottom || (y - last_labelled >= 4 && gr.h - 1 - y >= 3)))
            continue;
        char lab[48];
        row_label(g, bottom && lo >= 0 ? lo : r, lab, sizeof lab);
        const int lw = rs_text_width(lab);
        rs_put(w, t, RS_ROLE_DIM, yl.y + y, yl.x + (yl.w - 1 - lw > 0 ? yl.w - 1 - lw : 0), yl.w - 1, lab);
        last_labelled = y;
    }

    /* The t axis, ▲ at the task's markers (where the information lives,
     * view/taskmarks.c) and the tick labels around them. */
    const rs_rect ta = hl->taxis;
    rs_put(w, t, RS_ROLE_DIM, ta.y, ta.x, yl.w, "     t ");
    rs_task_marks marks;
    rs_task_marks_session(s, 0, &marks);
    bool marked[1024] = {false};
    for (int i = 0; i < marks.n; i++) {
        const int b = (marks.t[i] - 1) / g->tb.t_per_col;
        const int x = rs_tbins_col(&g->tb, b);
        if (b >= 0 && b < g->tb.nbins && x < 1024) {
            marked[x] = true;
            rs_put(w, t, RS_ROLE_KEY, ta.y, gr.x + x, 1, rs_glyph(t, "▲"));
        }
    }
    int ticks[32];
    char tl[16];
    snprintf(tl, sizeof tl, "%d", g->T);
    const int nt = rs_ticks(g->T, g->tb.ncols, (int)strlen(tl), ticks, 32);
    int free_x = gr.x;
    /* The inspector's ▲ stands on the axis line: the tick labels make room
     * for it (a marker drawn over "20" would read as "▲0"). */
    const bool cursor = v->cursor && k == sd->focus && g->nrows > 0;
    const int cx = cursor ? gr.x + rs_tbins_col(&g->tb, v->cur_bin) : -10;
    for (int i = 0; i < nt; i++) {
        snprintf(tl, sizeof tl, "%d", ticks[i]);
        const int lw = (int)strlen(tl);
        int tx = gr.x + rs_tbins_col_of_t(&g->tb, ticks[i]);
        if (i == nt - 1 && i > 0)
            tx = gr.x + g->tb.ncols - lw;       /* T ends at the right edge */
        bool clash = cx >= tx - 1 && cx <= tx + lw;
        for (int x = tx - gr.x; x < tx - gr.x + lw && x >= 0 && x < 1024; x++)
            clash |= marked[x];
        if (tx < free_x || tx + lw > gr.x + gr.w || clash)
            continue;
        rs_put(w, t, RS_ROLE_TEXT, ta.y, tx, lw, tl);
        free_x = tx + lw + 1;
    }
    if (hl->words.h > 0)
        draw_words(c, hl, g, s, &marks);

    /* The inspector's cursor (on the focused side): markers on both axes. */
    if (cursor) {
        const int r = g->nrows - 1 - v->cur_row;
        const int slots = gr.h * per;
        const int ty = (slots - g->nrows + r) / per;
        rs_put(w, t, RS_ROLE_CURSOR, gr.y + ty, yl.x + yl.w - 1, 1, "▶");
        rs_put(w, t, RS_ROLE_CURSOR, ta.y, cx, 1, "▲");
    }
    point_timestep(c, box, hl, g, title_end);
    return true;
}
