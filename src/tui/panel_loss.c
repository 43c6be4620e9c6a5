/* The training curves (issue 10, like TensorBoard's scalars): the whole run
 * from the session's bounded curve (rs_session_curve), per column its
 * min/max band and its mean line, on a log axis when the values span more
 * than two decades; the chance line labelled and always on the axis (on
 * the adding task also 1/12, a net that knows only one of the two marked
 * numbers); the gradient norm before clipping with the clip threshold; the
 * accuracy; one step axis under them. A value past the divergence ceiling
 * or not a number is marked ✕ where it happened, never plotted. Compare
 * mode: both sides in each plot, each in its colour. The axes and the
 * columns are the view's (view/plot.c); this file places them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../view/plot.h"
#include "panels.h"

/* The canvas's roles, lowest first: a cell shows the highest of its dots. */
enum { R_BAND = 1, R_REF, R_CLIP, R_CHANCE, R_RIGHT, R_LEFT, R_COUNT };

#define MAX_DOTS 1024       /* dot columns of a plot: 512 text columns */

/* The steps the curves of the sides cover: [first, last]; false when none. */
static bool step_span(const rs_sides *sd, long *first, long *last)
{
    bool any = false;
    for (int k = 0; k < sd->n; k++) {
        long f, l;
        if (!rs_curve_span(rs_session_curve(sd->s[k]), &f, &l))
            continue;
        const rs_step_stats *st = rs_session_last(sd->s[k]);
        if (st && st->step > l)
            l = st->step;
        *first = any && *first < f ? *first : f;
        *last = any && *last > l ? *last : l;
        any = true;
    }
    return any;
}

/* One plot of the panel: what it shows and its references. */
typedef struct {
    rs_curve_kind kind;
    const char *name;       /* in the label column at its top: "grad", "acc"; NULL: none */
    double ref[3];          /* reference values (NaN: none) … */
    int ref_role[3];        /* … their canvas roles … */
    const char *ref_label[3];   /* … and labels */
    bool fixed01;           /* accuracy: 0 … 1 */
} plot_spec;

/* A text row's label, right-aligned in the label column (width lw − 1). */
static void label_at(const rs_draw_ctx *c, int y, int x, int lw, rs_role role, const char *s)
{
    const int w = rs_screen_width(c->t, s);
    rs_put(c->w, c->t, role, y, x + (lw - 1 - w > 0 ? lw - 1 - w : 0), lw - 1, s);
}

/* A tick value as a label: decades on a log axis (10⁻², 1, 10³), else the number. */
static void tick_text(const rs_plot_axis *a, double v, bool utf8, char *buf, size_t n)
{
    if (a->log)
        rs_fmt_pow10(buf, n, (int)lround(log10(v)), utf8);
    else
        rs_fmt_num(buf, n, v, utf8);
}

static void draw_plot(const rs_draw_ctx *c, rs_rect area, const rs_sides *sd, const plot_spec *ps, long first, long last)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const int lw = RS_PLOT_YLABEL;
    const rs_rect plot = {area.y, area.x + lw, area.h, area.w - lw};
    if (plot.h < 1 || plot.w < 4)
        return;
    int n = 2 * plot.w;
    if (n > MAX_DOTS)
        n = MAX_DOTS;
    static rs_curve_col cols[2][MAX_DOTS];
    for (int k = 0; k < sd->n; k++)
        rs_curve_columns(rs_session_curve(sd->s[k]), ps->kind, first, last, n, cols[k]);
    rs_plot_axis y;
    const int max_ticks = plot.h >= 4 ? plot.h / 2 + 1 : 2;
    if (ps->fixed01) {
        y = (rs_plot_axis){.log = false, .lo = 0.0, .hi = 1.0};
        y.nticks = rs_ticks_linear(0.0, 1.0, plot.h >= 3 ? 3 : 2, y.tick, RS_AXIS_MAX_TICKS);
    } else {
        /* The references always on the axis: the chance line never hides. */
        const rs_curve_col *sets[2] = {cols[0], cols[1]};
        const int ns[2] = {n, n};
        y = rs_axis_for_columns(sets, ns, sd->n, ps->ref, 3, max_ticks);
    }
    rs_braille canvas;
    if (!rs_braille_init(&canvas, plot.w, plot.h))
        return;
    int ref_row[3] = {-1, -1, -1};
    for (int i = 0; i < 3; i++)
        if (isfinite(ps->ref[i]))
            ref_row[i] = rs_plot_hline(&canvas, &y, ps->ref[i], ps->ref_role[i]);
    for (int k = sd->n - 1; k >= 0; k--)
        rs_plot_curve(&canvas, &y, cols[k], n, R_BAND, k ? R_RIGHT : R_LEFT);
    /* Single session: the accuracy green and the gradient norm cyan, as their numbers. */
    const bool two = rs_comparing(sd);
    const rs_role left = two || ps->kind == RS_CURVE_LOSS ? RS_ROLE_LOSS
                       : ps->kind == RS_CURVE_ACC           ? RS_ROLE_ACC
                                                             : RS_ROLE_LOSS_B;
    /* The band in the borders' blue: behind the line, apart from the grey references. */
    const rs_role roles[R_COUNT] = {RS_ROLE_TEXT, RS_ROLE_BORDER, RS_ROLE_DIM, RS_ROLE_BAD, RS_ROLE_CHANCE, RS_ROLE_LOSS_B, left};
    rs_put_braille(w, t, plot.y, plot.x, &canvas, roles, R_COUNT);
    rs_braille_free(&canvas);

    /* The label column: the plot's name on top, the references' labels,
     * then the ticks on the rows still free. */
    bool taken[128] = {false};
    if (ps->name && plot.h >= 2) {
        label_at(c, plot.y, area.x, lw, left, ps->name);
        taken[0] = true;
    }
    for (int i = 0; i < 3; i++) {
        const int row = ref_row[i] < 0 ? -1 : ref_row[i] / 4;
        if (row < 0 || row >= plot.h || row >= 128 || taken[row])
            continue;
        label_at(c, plot.y + row, area.x, lw, ps->ref_role[i] == R_CHANCE ? RS_ROLE_CHANCE
                                            : ps->ref_role[i] == R_CLIP  ? RS_ROLE_BAD
                                                                          : RS_ROLE_DIM, ps->ref_label[i]);
        taken[row] = true;
    }
    for (int i = y.nticks - 1; i >= 0; i--) {
        const int row = rs_plot_dot_row(&y, y.tick[i], plot.h) / 4;
        if (row < 0 || row >= plot.h || row >= 128 || taken[row])
            continue;
        char lab[32];
        tick_text(&y, y.tick[i], t->utf8, lab, sizeof lab);
        label_at(c, plot.y + row, area.x, lw, RS_ROLE_DIM, lab);
        taken[row] = true;
    }
    /* ✕ where a value was not a number or past 10¹⁰⁰: where it happened, on top. */
    for (int k = 0; k < sd->n; k++)
        for (int j = 0; j < n; j++)
            if (cols[k][j].bad > 0)
                rs_put(w, t, RS_ROLE_BAD, plot.y, plot.x + j / 2, 1, rs_glyph(t, "✕"));
}

/* The step axis under the plots: round step numbers at their columns. */
static void step_axis(const rs_draw_ctx *c, rs_rect r, long first, long last)
{
    const int lw = RS_PLOT_YLABEL, pw = r.w - lw;
    rs_put(c->w, c->t, RS_ROLE_DIM, r.y, r.x, lw, " step ");
    if (pw < 4)
        return;
    if (last <= first) {
        rs_putf(c->w, c->t, RS_ROLE_TEXT, r.y, r.x + lw, pw, "%ld", first);
        return;
    }
    double ticks[RS_AXIS_MAX_TICKS];
    char last_s[32];
    snprintf(last_s, sizeof last_s, "%ld", last);
    const int per = (int)strlen(last_s) + 2;
    int n = rs_ticks_linear((double)first, (double)last, pw / per > 1 ? pw / per : 2, ticks, RS_AXIS_MAX_TICKS);
    int free_x = 0;
    for (int i = 0; i < n; i++) {
        const long s = lround(ticks[i]);
        if ((double)s != ticks[i] && last > first)
            continue;                   /* whole steps only */
        char lab[32];
        snprintf(lab, sizeof lab, "%ld", s);
        const int lab_w = (int)strlen(lab);
        const double f = last > first ? (double)(s - first) / (double)(last - first) : 0.0;
        int x = (int)lround(f * (pw - 1)) - lab_w / 2;
        if (x < 0)
            x = 0;
        if (x + lab_w > pw)
            x = pw - lab_w;
        if (x < free_x)
            continue;
        rs_put(c->w, c->t, RS_ROLE_TEXT, r.y, r.x + lw + x, lab_w, lab);
        free_x = x + lab_w + 1;
    }
}

/* The line of numbers above the plots: the last step's loss and accuracy,
 * the chance line's value (compare mode: each side's loss in its colour). */
static void numbers_line(const rs_draw_ctx *c, rs_rect r, const rs_sides *sd)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const double chance = rs_session_chance_loss(sd->s[0]);
    char cs[48];
    rs_fmt_num(cs, sizeof cs, chance, t->utf8);
    char piece[4][160];
    rs_role roles[4];
    int np = 0;
    for (int k = 0; k < sd->n; k++) {
        const rs_step_stats *last = rs_session_last(sd->s[k]);
        char ls[48], acc[48];
        rs_fmt_num(ls, sizeof ls, last ? last->loss : NAN, t->utf8);
        rs_fmt_num(acc, sizeof acc, last ? last->acc : NAN, t->utf8);
        if (rs_comparing(sd))
            snprintf(piece[np], sizeof piece[np], "%s %s %s  ", rs_utf8_or(t, "━", "-"), rs_pair_side_names[k],
                     last ? ls : "-");
        else
            snprintf(piece[np], sizeof piece[np], "loss %s  acc %s  ", last ? ls : "-", last ? acc : "-");
        roles[np++] = k ? RS_ROLE_LOSS_B : RS_ROLE_LOSS;
    }
    snprintf(piece[np], sizeof piece[np], "%s chance %s", rs_utf8_or(t, "┄", "--"), cs);
    roles[np++] = RS_ROLE_CHANCE;
    int x = r.x;
    for (int i = 0; i < np; i++) {
        /* each whole or not at all */
        if (rs_screen_width(t, piece[i]) > r.x + r.w - x)
            continue;
        x += rs_put(w, t, roles[i], r.y, x, r.x + r.w - x, piece[i]);
    }
}

void rs_draw_loss(const rs_draw_ctx *c, rs_rect r, const rs_sides *sd, bool theory_folded)
{
    /* The theory folded into this box: a lesson pointing at it points here. */
    rs_role border = rs_point_border(c, "loss");
    if (theory_folded && rs_points_at(c, "theory"))
        border = RS_ROLE_POINT;
    const char *title = theory_folded ? "Training curves and theory" : "Training curves, whole run";
    if (rs_comparing(sd))
        title = "Training curves of both sides";
    rs_panel_open(c->w, c->t, c->compact, r, title, border == RS_ROLE_POINT ? RS_ROLE_POINT : RS_ROLE_PANEL_TITLE, border);
    const rs_loss_layout ll = rs_loss_layout_compute(r, !c->compact, theory_folded);
    if (rs_rect_empty(ll.numbers))
        return;
    numbers_line(c, ll.numbers, sd);
    if (!rs_rect_empty(ll.theory)) {
        /* Compare mode: each side's bound in a line; else the two most telling lines. */
        rs_panel th = {ll.theory.x, ll.theory.w, ll.theory.y, ll.theory.y + ll.theory.h - 1};
        if (rs_comparing(sd))
            for (int k = 0; k < 2; k++) {
                const int nw = rs_put(c->w, c->t, k ? RS_ROLE_LOSS_B : RS_ROLE_LOSS, th.y + k, th.x, th.width,
                                      k ? "right: " : "left: ");
                rs_panel one = {th.x + nw, th.width - nw, th.y + k, th.y + k};
                rs_theory_lines(c, sd->s[k], &one);
            }
        else
            rs_theory_lines(c, sd->s[0], &th);
    }
    long first = 0, last = 0;
    if (!step_span(sd, &first, &last)) {
        if (!rs_rect_empty(ll.loss))
            rs_put(c->w, c->t, RS_ROLE_DIM, ll.loss.y + ll.loss.h / 2, ll.loss.x + RS_PLOT_YLABEL, ll.loss.w - RS_PLOT_YLABEL,
                   "(no steps yet)");
        return;
    }
    const rs_settings *set = rs_session_settings(sd->s[sd->focus]);
    const bool adding = set->task.kind == RS_TASK_ADDING;
    /* The adding problem: a net that knows one of the two marked numbers
     * has only the other's variance left, 1/12 (issue 11). */
    const plot_spec loss = {RS_CURVE_LOSS, NULL,
                            {rs_session_chance_loss(sd->s[0]), adding ? 1.0 / 12.0 : NAN, NAN},
                            {R_CHANCE, R_REF, 0}, {"chance", "1 mark", NULL}, false};
    const bool clipping = set->clip == RS_CLIP_NORM;
    const plot_spec grad = {RS_CURVE_GRAD_NORM, "‖g‖", {clipping ? set->clip_threshold : NAN, NAN, NAN}, {R_CLIP, 0, 0},
                            {"clip", NULL, NULL}, false};
    const plot_spec acc = {RS_CURVE_ACC, "acc", {NAN, NAN, NAN}, {0, 0, 0}, {NULL, NULL, NULL}, true};
    if (!rs_rect_empty(ll.loss))
        draw_plot(c, ll.loss, sd, &loss, first, last);
    if (!rs_rect_empty(ll.grad))
        draw_plot(c, ll.grad, sd, &grad, first, last);
    if (!rs_rect_empty(ll.acc))
        draw_plot(c, ll.acc, sd, &acc, first, last);
    if (!rs_rect_empty(ll.steps))
        step_axis(c, ll.steps, first, last);
}

/* Eight levels of a sparkline: blocks, or ASCII characters. */
static const char *spark(const rs_term *t, int lv, char one[2])
{
    static const char *const blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    static const char ramp[] = " .:-=+*#";
    one[0] = ramp[lv];
    one[1] = '\0';
    return rs_utf8_or(t, blocks[lv], one);
}

void rs_loss_lines(const rs_draw_ctx *c, const rs_session *s, rs_panel *p)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const rs_step_stats *last = rs_session_last(s);
    char ls[48], cs[48], acc[48];
    rs_fmt_num(ls, sizeof ls, last ? last->loss : NAN, t->utf8);
    rs_fmt_num(cs, sizeof cs, rs_session_chance_loss(s), t->utf8);
    rs_fmt_num(acc, sizeof acc, last ? last->acc : NAN, t->utf8);
    rs_panel_line(w, t, p, RS_ROLE_LOSS, "loss %s · acc %s · chance %s", last ? ls : "-", last ? acc : "-", cs);
    if (p->y > p->last)
        return;
    /* The whole run's mean loss as a sparkline, one column each. */
    long first, last_step;
    const rs_curve *curve = rs_session_curve(s);
    if (!rs_curve_span(curve, &first, &last_step))
        return;
    static rs_curve_col cols[MAX_DOTS];
    int n = p->width - 8;
    if (n > MAX_DOTS)
        n = MAX_DOTS;
    if (n < 1)
        return;
    rs_curve_columns(curve, RS_CURVE_LOSS, first, last_step, n, cols);
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < n; i++)
        if (cols[i].count) {
            lo = fmin(lo, cols[i].mean);
            hi = fmax(hi, cols[i].mean);
        }
    if (!(hi >= lo))
        return;
    rs_put(w, t, RS_ROLE_DIM, p->y, p->x, 8, "curve   ");
    for (int i = 0; i < n; i++) {
        if (!cols[i].count)
            continue;
        int lv = hi > lo ? (int)floor((cols[i].mean - lo) / (hi - lo) * 8) : 0;
        lv = lv < 0 ? 0 : lv > 7 ? 7 : lv;
        char one[2];
        rs_put(w, t, RS_ROLE_LOSS, p->y, p->x + 8 + i, 1, spark(t, lv, one));
    }
    p->y++;
}
