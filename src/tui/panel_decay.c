/* The decay profile panel (issue 10): log₁₀ ‖∂L/∂h_t‖/‖∂L/∂h_T‖ against t
 * for the latest step, a braille line under the heat map and t for t in
 * its columns, on a fixed range of decades so a slope means the same after
 * every toggle. The series, the envelope, the ticks and the drawing are
 * the view's (view/decay.c); this file places them and names them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../view/decay.h"
#include "../view/taskmarks.h"
#include "panels.h"

/* The canvas's roles (view/decay.h) in the screen's colours: a side's line
 * in its loss colour (compare mode's left gold, right cyan), the theory in
 * green, the references grey, the task's markers in the key colour. */
static void roles_for(int n, rs_role roles[8])
{
    roles[0] = RS_ROLE_TEXT;
    roles[RS_DECAY_ROLE_REACH] = RS_ROLE_CHANCE;
    roles[RS_DECAY_ROLE_MARK] = RS_ROLE_KEY;
    roles[RS_DECAY_ROLE_ENVELOPE] = RS_ROLE_GOOD;
    /* series k has role SERIES + (n − 1 − k): the left (k = 0) on top */
    for (int k = 0; k < n; k++)
        roles[RS_DECAY_ROLE_SERIES + (n - 1 - k)] = k ? RS_ROLE_LOSS_B : RS_ROLE_LOSS;
}

/* The y labels: decades at round steps (1 always among them), each on the
 * text line its dot row falls in, the reach line's 10⁻⁶ where it is free. */
static void y_labels(const rs_draw_ctx *c, rs_rect yl, int h, double lo, double hi)
{
    bool taken[64] = {false};
    /* The reach line's 10⁻⁶ first: it is the line a reader looks for. */
    const int reach = (int)lround(rs_decay_dot_y(RS_DECAY_REACH_DECADES, lo, hi, h) / 4.0 - 0.375);
    if (reach >= 0 && reach < h && reach < 64) {
        char lab[32];
        rs_fmt_pow10(lab, sizeof lab, (int)RS_DECAY_REACH_DECADES, c->t->utf8);
        const int lw = rs_screen_width(c->t, lab);
        rs_put(c->w, c->t, RS_ROLE_CHANCE, yl.y + reach, yl.x + yl.w - 1 - lw, lw, lab);
        taken[reach] = true;
    }
    double ticks[16];
    const int n = rs_decay_ticks(lo, hi, h < 3 ? 2 : (h + 1) / 2 + 1, ticks, 16);
    for (int i = n - 1; i >= 0; i--) {
        const int row = (int)lround(rs_decay_dot_y(ticks[i], lo, hi, h) / 4.0 - 0.375);
        /* a free row with a free row on either side, so labels never touch;
         * but 1 (the value at t = T, what all is measured against) always */
        const bool touches = (row > 0 && taken[row - 1]) || (row + 1 < 64 && taken[row + 1]);
        if (row < 0 || row >= h || row >= 64 || taken[row] || (touches && ticks[i] != 0.0))
            continue;
        char lab[32];
        rs_fmt_pow10(lab, sizeof lab, (int)ticks[i], c->t->utf8);
        const int lw = rs_screen_width(c->t, lab);
        rs_put(c->w, c->t, RS_ROLE_DIM, yl.y + row, yl.x + yl.w - 1 - lw, lw, lab);
        taken[row] = true;
    }
}

/* The t axis under the plot: the heat map's ticks, and ▲ at the task's markers. */
static void t_axis(const rs_draw_ctx *c, rs_rect ta, rs_rect plot, const rs_tbins *tb, const rs_task_marks *m)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    rs_put(w, t, RS_ROLE_DIM, ta.y, ta.x, plot.x - ta.x, "     t ");
    bool marked[1024] = {false};
    for (int i = 0; i < m->n; i++) {
        const int x = (int)(rs_decay_dot_x(tb, m->t[i]) / 2.0);
        if (x >= 0 && x < plot.w && x < 1024) {
            marked[x] = true;
            rs_put(w, t, RS_ROLE_KEY, ta.y, plot.x + x, 1, rs_glyph(t, "▲"));
        }
    }
    int ticks[32];
    char tl[16];
    snprintf(tl, sizeof tl, "%d", tb->T);
    const int nt = rs_ticks(tb->T, tb->ncols, (int)strlen(tl), ticks, 32);
    int free_x = 0;
    for (int i = 0; i < nt; i++) {
        snprintf(tl, sizeof tl, "%d", ticks[i]);
        const int lw = (int)strlen(tl);
        int tx = rs_tbins_col_of_t(tb, ticks[i]);
        if (i == nt - 1 && i > 0)
            tx = tb->ncols - lw;        /* T ends at the right edge, as on the heat map */
        bool clash = false;
        for (int x = tx; x < tx + lw && x < 1024 && x >= 0; x++)
            clash |= marked[x];
        if (tx < free_x || tx + lw > plot.w || clash)
            continue;
        rs_put(w, t, RS_ROLE_TEXT, ta.y, plot.x + tx, lw, tl);
        free_x = tx + lw + 1;
    }
}

/* The right end of the title line: who is who in compare mode, and the
 * theory — its envelope, or what holds instead. */
typedef struct {
    char theory[160], sides[2][48];
    bool applies;
} legend_text;

static legend_text legend_of(const rs_draw_ctx *c, const rs_sides *sd, const rs_decay_series *d)
{
    const rs_term *t = c->t;
    legend_text l = {0};
    l.applies = d[0].have && d[0].theory == RS_DECAY_THEORY_APPLIES && isfinite(d[0].log_rate);
    if (l.applies)
        snprintf(l.theory, sizeof l.theory, " %s bound (γ·σ_max)^(T−t) ", rs_utf8_or(t, "⠒⠒", ".."));
    else if (d[0].have && d[0].theory != RS_DECAY_THEORY_APPLIES)
        snprintf(l.theory, sizeof l.theory, " %s ", rs_decay_theory_note(d[0].theory, true));
    if (rs_comparing(sd))
        for (int k = 0; k < 2; k++)
            snprintf(l.sides[k], sizeof l.sides[k], " %s %s", rs_utf8_or(t, "━━", "--"), rs_pair_side_names[k]);
    return l;
}

static int legend_width(const rs_draw_ctx *c, const rs_sides *sd, const rs_decay_series *d)
{
    const legend_text l = legend_of(c, sd, d);
    return rs_screen_width(c->t, l.theory) + rs_screen_width(c->t, l.sides[0]) + rs_screen_width(c->t, l.sides[1]) +
           (rs_comparing(sd) ? 1 : 0);
}

static void legend(const rs_draw_ctx *c, int y, int x_min, int x_end, const rs_sides *sd, const rs_decay_series *d)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    legend_text l = legend_of(c, sd, d);
    int x = x_end - legend_width(c, sd, d);
    if (x < x_min) {
        /* No room for the theory's words: the sides alone. */
        l.theory[0] = '\0';
        x = x_end - (rs_screen_width(t, l.sides[0]) + rs_screen_width(t, l.sides[1]) + 1);
        if (x < x_min || !rs_comparing(sd))
            return;
    }
    for (int k = 0; k < 2 && rs_comparing(sd); k++)
        x += rs_put(w, t, k ? RS_ROLE_LOSS_B : RS_ROLE_LOSS, y, x, x_end - x, l.sides[k]);
    if (rs_comparing(sd))
        x += rs_put(w, t, RS_ROLE_TEXT, y, x, x_end - x, " ");
    rs_put(w, t, l.applies ? RS_ROLE_GOOD : RS_ROLE_DIM, y, x, x_end - x, l.theory);
}

void rs_draw_decay(const rs_draw_ctx *c, rs_rect r, const rs_sides *sd, int under, const rs_heat_view *v)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    if (rs_rect_empty(r))
        return;
    const int k0 = under >= 0 ? under : sd->focus;
    const rs_session *s = sd->s[k0];
    /* The series of every side on screen: compare mode's two share the plot. */
    static rs_decay_series d[2];
    for (int k = 0; k < sd->n; k++)
        rs_decay_from_session(&d[k], sd->s[k]);
    const rs_step_stats *last = rs_session_last(s);
    const long step = rs_session_bptt_active(s) ? rs_session_steps(s) + 1 : last ? last->step : 0;
    /* The longest title that leaves the legend its room: the theory's
     * words say as much as the title does. */
    char titles[3][160];
    snprintf(titles[0], sizeof titles[0], "Decay ‖∂L/∂h_t‖/‖∂L/∂h_T‖ of step %ld", step);
    snprintf(titles[1], sizeof titles[1], "Decay ‖∂L/∂h_t‖/‖∂L/∂h_T‖");
    snprintf(titles[2], sizeof titles[2], "Decay");
    const int legend_w = legend_width(c, sd, d);
    int pick = 2;
    for (int i = 0; i < 3; i++)
        if (rs_screen_width(t, titles[i]) + 6 + legend_w <= r.w) {
            pick = i;
            break;
        }
    const char *title = titles[pick];
    const rs_role border = rs_point_border(c, "decay");
    rs_panel_open(w, t, c->compact, r, title, border == RS_ROLE_POINT ? RS_ROLE_POINT : RS_ROLE_PANEL_TITLE, border);
    const int title_end = (c->compact ? r.x + 1 : r.x + 2) + rs_screen_width(t, title) + 3;
    legend(c, r.y, title_end, r.x + r.w - (c->compact ? 1 : 2), sd, d);

    const rs_decay_layout dl = rs_decay_layout_compute(r, !c->compact);
    if (rs_rect_empty(dl.plot))
        return;
    const rs_rect plot = dl.plot;
    const int T = d[k0].T;
    if (!d[k0].have) {
        rs_put_cut(w, t, RS_ROLE_DIM, plot.y + plot.h / 2, plot.x + 1, plot.w - 1,
                   "no step yet: the profile of the first step comes with n or space");
        return;
    }
    double lo, hi;
    rs_decay_span(v->scale.range, &lo, &hi);
    y_labels(c, dl.ylabels, plot.h, lo, hi);
    /* The heat map's bins over the same width: its columns, t for t. */
    const rs_tbins tb = rs_tbins_compute(T, plot.w);
    rs_task_marks m;
    rs_task_marks_session(s, 0, &m);
    rs_braille canvas;
    if (!rs_braille_init(&canvas, plot.w, plot.h))
        return;
    const rs_decay_series *all[2] = {&d[0], &d[1]};
    rs_decay_draw(&canvas, &tb, lo, hi, all, sd->n, m.t, m.n);
    rs_role roles[8];
    roles_for(sd->n, roles);
    rs_put_braille(w, t, plot.y, plot.x, &canvas, roles, 8);
    rs_braille_free(&canvas);
    /* What a line cannot show: ▲ where a side's line is above the range
     * (an explosion off the chart), ▼ below it, 0 where truncation cut
     * the gradient to exactly 0 — each at its t, in the side's colour;
     * ✕ where a value is not a number, at the top. */
    for (int k = sd->n - 1; k >= 0; k--) {
        const rs_role role = k ? RS_ROLE_LOSS_B : RS_ROLE_LOSS;
        for (int tt = 1; tt <= d[k].T; tt++) {
            const int cls = d[k].cls[tt - 1];
            const bool above = cls == RS_DECAY_VALUE && d[k].logr[tt - 1] > hi;
            const bool under = cls == RS_DECAY_VALUE && d[k].logr[tt - 1] < lo;
            /* zeros: one 0 where they begin, going back from T */
            const bool zero = cls == RS_DECAY_ZERO && (tt == d[k].T || d[k].cls[tt] != RS_DECAY_ZERO);
            if (!above && !under && !zero)
                continue;
            const int x = (int)(rs_decay_dot_x(&tb, tt) / 2.0);
            if (x < 0 || x >= plot.w)
                continue;
            if (above)
                rs_put(w, t, role, plot.y, plot.x + x, 1, rs_glyph(t, "▲"));
            else if (under)
                rs_put(w, t, role, plot.y + plot.h - 1, plot.x + x, 1, rs_glyph(t, "▼"));
            else
                rs_put(w, t, RS_ROLE_DIM, plot.y + plot.h - 1, plot.x + x, 1, "0");
        }
    }
    for (int k = 0; k < sd->n; k++)
        for (int tt = 1; tt <= d[k].T; tt++)
            if (d[k].cls[tt - 1] == RS_DECAY_NONFINITE) {
                const int x = (int)(rs_decay_dot_x(&tb, tt) / 2.0);
                if (x >= 0 && x < plot.w)
                    rs_put(w, t, RS_ROLE_BAD, plot.y, plot.x + x, 1, rs_glyph(t, "✕"));
            }
    if (d[k0].noref && !rs_session_bptt_active(s))
        rs_put_cut(w, t, RS_ROLE_DIM, plot.y + plot.h / 2, plot.x + 1, plot.w - 1,
                   "‖∂L/∂h_T‖ is 0 or not a number: no ratio to draw");
    if (!rs_rect_empty(dl.taxis))
        t_axis(c, dl.taxis, plot, &tb, &m);
}
