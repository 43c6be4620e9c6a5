/* The itemized panel (issue 14), in the heat map's place when view.mode is
 * itemized: ‖∂L_t′/∂h_s‖ for every prediction t′ (a row) and every step
 * s ≤ t′ (a column) of one sequence of the latest step — how far back each
 * single prediction reaches (Cashman et al. 2019, "RNNbow") — binned with
 * the heat map's bins and coloured on its colour scale (each row relative
 * to its own value at s = t′, on the same fixed range of decades, so the
 * two pictures agree). Under it the inspected prediction's input symbols,
 * each coloured by ‖∂L_t′/∂x_s‖ (Madsen 2019's connectivity), and what it
 * is to predict. The numbers are the session's (rs_session_itemized, kept
 * in live.c); this file places them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../view/plots.h"
#include "live.h"
#include "panels.h"

#define YLABEL_W 8

/* Which class wins a bin: a NaN/Inf must never hide, then a value (its
 * largest), a zero; nothing (s > t′) last — as the heat map's bins. */
static int rank(int cls)
{
    switch (cls) {
    case RS_HEAT_NONFINITE: return 4;
    case RS_HEAT_VALUE: return 3;
    case RS_HEAT_ZERO: return 2;
    case RS_HEAT_EMPTY: return 0;
    default: return 1;
    }
}

/* The bin of predictions pred[p0 … p1] × steps s0 … s1. */
static int bin_cell(const rs_itemized *it, bool input, const int *pred, int p0, int p1, int s0, int s1, double *x)
{
    int best = RS_HEAT_EMPTY;
    *x = 0.0;
    for (int p = p0; p <= p1; p++)
        for (int s = s0; s <= s1; s++) {
            double xs;
            const int c = rs_itemized_cell(it, input, pred[p], s, &xs);
            if (rank(c) > rank(best) || (c == RS_HEAT_VALUE && best == RS_HEAT_VALUE && xs > *x)) {
                best = c;
                *x = c == RS_HEAT_VALUE ? xs : 0.0;
            }
        }
    return best;
}

/* The swatch of a class and x on ±range; −1: nothing (the terminal's background). */
static int swatch_of(const rs_term *t, int cls, double x, double range)
{
    if (cls == RS_HEAT_EMPTY)
        return -1;
    const rs_heat_mark m = rs_heat_mark_of(cls);
    if (m != RS_MARK_NONE)
        return rs_swatch_of_mark(t->scheme, m);
    return rs_swatch_of_level(t->scheme, rs_heat_level(x, range, rs_scheme_steps(t->scheme)));
}

/* One text line of the triangle: rows upper and lower in its halves (−1: none). */
static void draw_line(WINDOW *w, const rs_term *t, int y, int x0, const rs_tbins *tb, const int *up, const int *lo)
{
    for (int b = 0; b < tb->nbins; b++)
        rs_heat_half_cells(w, t, y, x0 + rs_tbins_col(tb, b), rs_tbins_col(tb, b + 1) - rs_tbins_col(tb, b), up[b],
                           lo ? lo[b] : -1);
}

/* The colour scale in one line: 10⁻ᴿ, the ramp, 10ᴿ, and what 1 means. */
static void scale_line(const rs_draw_ctx *c, int y, int x, int width, double range)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const int steps = rs_scheme_steps(t->scheme);
    char lo[32], hi[32];
    rs_fmt_pow10(lo, sizeof lo, -(int)range, t->utf8);
    rs_fmt_pow10(hi, sizeof hi, (int)range, t->utf8);
    int used = rs_put(w, t, RS_ROLE_DIM, y, x, width, "colour ");
    used += rs_putf(w, t, RS_ROLE_TEXT, y, x + used, width - used, "%s ", lo);
    int cells = 2 * steps + 1 < 33 ? 2 * steps + 1 : 33;
    if (cells > width - used - 8)
        cells = (width - used - 8) | 1;     /* odd: the middle swatch is 1 */
    if (cells < 5)
        return;
    for (int i = 0; i < cells; i++) {
        const int level = (int)lround(-steps + (double)i * 2.0 * steps / (cells - 1));
        rs_term_swatch(w, t, y, x + used + i, rs_swatch_of_level(t->scheme, level));
    }
    used += cells;
    used += rs_putf(w, t, RS_ROLE_TEXT, y, x + used, width - used, " %s", hi);
    rs_put_cut(w, t, RS_ROLE_DIM, y, x + used, width - used, "  × the row's value at s = t′");
}

/* A symbol as one screen cell. */
static void symbol_cell(const rs_term *t, const char *name, char out[8])
{
    char buf[32];
    const char *s = name ? rs_screen_text(t, name, buf, sizeof buf) : "?";
    if (rs_text_width(s) == 1 && strlen(s) < 8)
        snprintf(out, 8, "%s", s);
    else
        snprintf(out, 8, "%c", s[0] && (unsigned char)s[0] < 0x80 ? s[0] : '?');
}

/* What step t′ is to predict: its target's name, or "" (a real-valued target). */
static void target_of(const rs_session *s, const rs_itemized *it, int tp, char *buf, size_t n)
{
    buf[0] = '\0';
    const rs_batch *row = &it->row;
    if (!row->label)
        return;
    const bool last = rs_session_settings(s)->model.readout == RS_READOUT_LAST;
    const int label = row->label[last ? 0 : tp - 1];
    const char *name = label >= 0 ? rs_task_class_name(rs_session_task(s), label) : NULL;
    if (name)
        snprintf(buf, n, "%s", name);
}

void rs_draw_itemized(const rs_draw_ctx *c, rs_rect box, const rs_sides *sd, int k, const rs_heat_view *v,
                      rs_live *live)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const rs_session *s = sd->s[k];
    char title[200];
    snprintf(title, sizeof title, "Itemized: each prediction t′ back through the steps s · %s t′ %s s",
                 rs_utf8_or(t, "↑↓", "up/down"), rs_utf8_or(t, "←→", "left/right"));
    rs_panel p = rs_open_view_panel(c, box, sd, k, title);
    if (p.width < 20 || p.y > p.last)
        return;
    int x = p.x;
    x += rs_put(w, t, RS_ROLE_KEY, p.y, x, p.width, "v ");
    x += rs_put(w, t, RS_ROLE_VALUE, p.y, x, p.x + p.width - x, "itemized ");
    const rs_itemized *it = live->it;
    if (!live->ik.have || live->ik.rc != 0 || !it) {
        rs_put_cut(w, t, RS_ROLE_DIM, p.y, x, p.x + p.width - x, rs_utf8_or(t, "‖∂L_t′/∂h_s‖ per prediction t′",
                                                                            "|dL_t'/dh_s| per prediction t'"));
        rs_put_cut(w, t, RS_ROLE_DIM, p.y + (p.last - p.y) / 2, p.x + 2, p.width - 2,
                   live->ik.have ? live->ik.msg : "computing…");
        return;
    }
    const int T = it->T, np = it->npredictions;
    const bool one_row = np == 1;
    char head[240];
    snprintf(head, sizeof head, "%s · row t′ predicts, column s ≤ t′ · seq. %d · step %ld",
             rs_utf8_or(t, "‖∂L_t′/∂h_s‖", "|dL_t'/dh_s|"), it->b + 1, live->ik.step);
    rs_put_cut(w, t, RS_ROLE_DIM, p.y, x, p.x + p.width - x, head);
    p.y++;
    if (np <= 0) {
        rs_put_cut(w, t, RS_ROLE_DIM, p.y + (p.last - p.y) / 2, p.x + 2, p.width - 2, "no step of this task predicts");
        return;
    }

    /* The inspected prediction t′ and step s (0: the last prediction; s = t′). */
    int ip = np - 1;
    for (int i = 0; i < np; i++)
        if (v->item_tp > 0 && live->pred[i] <= v->item_tp)
            ip = i;
    const int tp = live->pred[ip];
    const int is = v->item_s >= 1 && v->item_s <= tp ? v->item_s : tp;

    /* Lines from the bottom up: the inspector, the input symbols (a task of
     * symbols; monochrome: their shades under them), the colour scale, the
     * s axis; the triangle gets the rest. */
    const bool symbols = it->row.token != NULL && it->row.token[tp - 1] >= 0;
    const bool mono_strip = t->scheme == RS_SCHEME_MONO;
    int bottom = p.last;
    const int y_inspect = bottom--;
    const int y_strip = symbols && mono_strip ? bottom-- : -1;
    const int y_text = symbols ? bottom-- : -1;
    const int y_note = one_row ? bottom-- : -1;
    const int y_scale = bottom--;
    const int y_axis = bottom--;
    const rs_rect grid = {p.y, p.x + YLABEL_W, bottom - p.y + 1, p.width - YLABEL_W};
    if (grid.h < 1 || grid.w < 8) {
        rs_put_cut(w, t, RS_ROLE_DIM, p.y, p.x, p.width, "too little room: a larger terminal shows the triangle");
        return;
    }
    const rs_tbins tb = rs_tbins_compute(T, grid.w);
    const int per = rs_heat_rows_per_line(t);
    const rs_groups gr = rs_groups_compute(np, grid.h * per);

    /* The colour range: the heat map's (fixed: the same decades), or fit. */
    double range = v->scale.range;
    if (range <= 0.0) {
        double m = 0.0;
        for (int r = 0; r < gr.nrows; r++) {
            int p0, p1;
            rs_groups_range(&gr, r, &p0, &p1);
            for (int b = 0; b < tb.nbins; b++) {
                int s0, s1;
                double xb;
                rs_tbins_range(&tb, b, &s0, &s1);
                if (bin_cell(it, false, live->pred, p0, p1, s0, s1, &xb) == RS_HEAT_VALUE && fabs(xb) > m)
                    m = fabs(xb);
            }
        }
        range = ceil(m - 1e-9) < 1.0 ? 1.0 : ceil(m - 1e-9);
    }

    /* The triangle, t′ down, s across; the inspected row marked. */
    int up[1024], lo[1024];
    const int nb = tb.nbins < 1024 ? tb.nbins : 1024;
    int last_label = -10;
    for (int y = 0; y * per < gr.nrows && y < grid.h; y++) {
        for (int h = 0; h < per; h++) {
            const int r = y * per + h;
            int *dst = h ? lo : up;
            for (int b = 0; b < nb; b++) {
                dst[b] = -1;
                if (r >= gr.nrows)
                    continue;
                int p0, p1, s0, s1;
                double xb;
                rs_groups_range(&gr, r, &p0, &p1);
                rs_tbins_range(&tb, b, &s0, &s1);
                const int cls = bin_cell(it, false, live->pred, p0, p1, s0, s1, &xb);
                dst[b] = swatch_of(t, cls, xb, range);
            }
        }
        draw_line(w, t, grid.y + y, grid.x, &tb, up, per == 2 ? lo : NULL);
        int p0, p1, q0, q1;
        rs_groups_range(&gr, y * per, &p0, &p1);
        rs_groups_range(&gr, y * per + per - 1 < gr.nrows ? y * per + per - 1 : gr.nrows - 1, &q0, &q1);
        const bool inspected = ip >= p0 && ip <= q1;
        const bool last_line = (y + 1) * per >= gr.nrows || y + 1 == grid.h;
        if (inspected || y == 0 || last_line || y - last_label >= 4) {
            char lab[32];
            snprintf(lab, sizeof lab, "t′ %d", live->pred[inspected ? ip : p0]);
            const int lw = rs_screen_width(t, lab);
            if (!inspected && (last_line || y - last_label >= 4 || y == 0))
                rs_put(w, t, RS_ROLE_DIM, grid.y + y, grid.x - 1 - lw, lw, lab);
            else if (inspected)
                rs_put(w, t, RS_ROLE_CURSOR, grid.y + y, grid.x - 1 - lw, lw, lab);
            last_label = y;
        }
        if (inspected)
            rs_put(w, t, RS_ROLE_CURSOR, grid.y + y, grid.x - 1, 1, rs_glyph(t, "▶"));
    }

    /* The s axis: ticks as the heat map's, ▲ at the inspected s. */
    rs_put(w, t, RS_ROLE_DIM, y_axis, p.x, YLABEL_W, "     s ");
    int ticks[32];
    char tl[16];
    snprintf(tl, sizeof tl, "%d", T);
    const int nt = rs_ticks(T, tb.ncols, (int)strlen(tl), ticks, 32);
    const int cx = grid.x + rs_tbins_col_of_t(&tb, is);
    int free_x = grid.x;
    for (int i = 0; i < nt; i++) {
        snprintf(tl, sizeof tl, "%d", ticks[i]);
        const int lw = (int)strlen(tl);
        int tx = grid.x + rs_tbins_col_of_t(&tb, ticks[i]);
        if (i == nt - 1 && i > 0)
            tx = grid.x + tb.ncols - lw;
        if (tx < free_x || tx + lw > grid.x + grid.w || (cx >= tx - 1 && cx <= tx + lw))
            continue;
        rs_put(w, t, RS_ROLE_TEXT, y_axis, tx, lw, tl);
        free_x = tx + lw + 1;
    }
    rs_put(w, t, RS_ROLE_CURSOR, y_axis, cx, 1, rs_glyph(t, "▲"));
    scale_line(c, y_scale, p.x, p.width, range);
    if (y_note >= 0)
        rs_put_cut(w, t, RS_ROLE_TEXT, y_note, p.x, p.width,
                   "one row: this task predicts once, at the last step (= g_h of one sequence)");

    /* The inspected prediction in words. */
    char target[64], val[48], ratio[48], line[320];
    target_of(s, it, tp, target, sizeof target);
    double xs;
    const int cls = rs_itemized_cell(it, false, tp, is, &xs);
    rs_fmt_num(val, sizeof val, it->g_h[(size_t)(tp - 1) * T + (is - 1)], t->utf8);
    if (cls == RS_HEAT_VALUE)
        rs_fmt_num(ratio, sizeof ratio, pow(10.0, xs), t->utf8);
    snprintf(line, sizeof line, "t′ = %d%s%s%s · s = %d: ‖∂L_%d/∂h_%d‖ = %s%s%s%s", tp,
             target[0] ? " predicts «" : "", target, target[0] ? "»" : "", is, tp, is, val,
             cls == RS_HEAT_VALUE ? ", " : "", cls == RS_HEAT_VALUE ? ratio : "",
             cls == RS_HEAT_VALUE ? "× its value at s = t′" : "");
    rs_put_cut(w, t, RS_ROLE_TEXT, y_inspect, p.x, p.width, line);

    /* The input symbols s ≤ t′, the last ones that fit up to t′ (one cell
     * each, so they read as text), coloured by ‖∂L_t′/∂x_s‖; the inspected
     * s underlined (monochrome: its shade ^ under it). */
    if (y_text >= 0) {
        const rs_task_spec *task = rs_session_task(s);
        rs_put(w, t, RS_ROLE_DIM, y_text, p.x, YLABEL_W, " input ");
        const int room = grid.w - 2 - (target[0] ? rs_screen_width(t, target) + 1 : 0);
        const int first = tp - room + 1 > 1 ? tp - room + 1 : 1;
        int xe = grid.x;
        for (int sx = first; sx <= tp; sx++) {
            const int tok = it->row.token[sx - 1];
            const int xx = grid.x + (sx - first);
            char cell[8];
            symbol_cell(t, tok >= 0 ? rs_task_token_name(task, tok) : NULL, cell);
            double xi;
            const int ci = rs_itemized_cell(it, true, tp, sx, &xi);
            const int sw = swatch_of(t, ci, xi, range);
            if (sw >= 0)
                rs_term_text_on_swatch(w, t, y_text, xx, sw, cell);
            else
                rs_put(w, t, RS_ROLE_DIM, y_text, xx, 1, cell);
            if (sx == is)
                mvwchgat(w, y_text, xx, 1, A_UNDERLINE | A_BOLD, PAIR_NUMBER(getattrs(w)), NULL);
            if (y_strip >= 0 && sw >= 0)
                rs_term_swatch(w, t, y_strip, xx, sw);
            xe = xx + 1;
        }
        if (target[0])
            rs_putf(w, t, RS_ROLE_VALUE, y_text, xe, p.x + p.width - xe, "%s%s", rs_utf8_or(t, "→", ">"), target);
    }
}
