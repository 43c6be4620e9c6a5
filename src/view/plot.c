/* Axes, the training curve on columns, and its drawing (pure). */
#include "plot.h"

#include <math.h>

/* ---- axes ----------------------------------------------------------------- */

bool rs_axis_wants_log(double min, double max)
{
    return isfinite(min) && isfinite(max) && min > 0.0 && max / min > RS_AXIS_LOG_SPAN;
}

/* The round step (1, 2 or 5 × 10^k) at least `raw` long. */
static double nice_step(double raw)
{
    if (!(raw > 0.0) || !isfinite(raw))
        return 1.0;
    const double mag = pow(10.0, floor(log10(raw)));
    static const double mult[] = {1.0, 2.0, 5.0, 10.0};
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++)
        if (mult[i] * mag >= raw * (1.0 - 1e-9))
            return mult[i] * mag;
    return 10.0 * mag;
}

int rs_ticks_linear(double lo, double hi, int max_ticks, double *out, int max)
{
    if (!(hi > lo) || max_ticks < 2 || max < 1)
        return 0;
    /* The smallest round step that gives at most max_ticks ticks in the
     * range (0.1 for 0.06 … 0.33 in 3: 0.1, 0.2, 0.3; not 0.2 alone). */
    double step = nice_step((hi - lo) / (2.0 * max_ticks));
    while (floor(hi / step + 1e-9) - ceil(lo / step - 1e-9) + 1 > max_ticks)
        step = nice_step(step * 1.01);
    int n = 0;
    for (double k = ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9 && n < max; k++) {
        double v = k * step;
        if (fabs(v) < step * 1e-9)
            v = 0.0;        /* no "-0" or 1e-17 for zero */
        out[n++] = v;
    }
    return n;
}

int rs_ticks_log(double lo, double hi, int max_ticks, double *out, int max)
{
    if (!(lo > 0.0) || !(hi > lo) || max_ticks < 1 || max < 1)
        return 0;
    const int e0 = (int)ceil(log10(lo) - 1e-9), e1 = (int)floor(log10(hi) + 1e-9);
    static const int every[] = {1, 2, 5, 10, 20, 50, 100, 200, 500};
    int d = every[sizeof every / sizeof every[0] - 1];
    for (size_t i = 0; i < sizeof every / sizeof every[0]; i++) {
        const int first = (int)ceil((double)e0 / every[i]) * every[i];
        if (first > e1 || (e1 - first) / every[i] + 1 <= max_ticks) {
            d = every[i];
            break;
        }
    }
    int n = 0;
    for (int e = (int)ceil((double)e0 / d) * d; e <= e1 && n < max; e += d)
        out[n++] = pow(10.0, e);
    return n;
}

rs_plot_axis rs_axis_fit(double min, double max, const double *refs, int nrefs, bool allow_log, int max_ticks)
{
    rs_plot_axis a = {0};
    double lo = isfinite(min) ? min : INFINITY, hi = isfinite(max) ? max : -INFINITY;
    for (int i = 0; i < nrefs; i++)
        if (isfinite(refs[i])) {
            lo = fmin(lo, refs[i]);
            hi = fmax(hi, refs[i]);
        }
    if (!(lo <= hi)) {
        lo = 0.0;
        hi = 1.0;
    }
    if (allow_log && rs_axis_wants_log(lo, hi)) {
        /* Whole decades: the ticks land on the edges. */
        a.log = true;
        a.lo = pow(10.0, floor(log10(lo) + 1e-9));
        a.hi = pow(10.0, ceil(log10(hi) - 1e-9));
        if (a.hi <= a.lo)
            a.hi = a.lo * 10.0;
        a.nticks = rs_ticks_log(a.lo, a.hi, max_ticks, a.tick, RS_AXIS_MAX_TICKS);
        return a;
    }
    double span = hi - lo;
    if (span <= 0.0)
        span = fabs(hi) > 0.0 ? fabs(hi) * 0.2 : 1.0;
    a.lo = lo - 0.05 * span;
    a.hi = hi + 0.05 * span;
    if (lo >= 0.0 && a.lo < 0.0)
        a.lo = 0.0;         /* a loss is never below 0: the axis need not be */
    a.nticks = rs_ticks_linear(a.lo, a.hi, max_ticks, a.tick, RS_AXIS_MAX_TICKS);
    return a;
}

double rs_axis_frac(const rs_plot_axis *a, double v)
{
    if (isnan(v))
        return NAN;
    if (a->log) {
        if (!(v > 0.0))
            return NAN;
        return (log10(v) - log10(a->lo)) / (log10(a->hi) - log10(a->lo));
    }
    return (v - a->lo) / (a->hi - a->lo);
}

/* ---- the training curve on columns --------------------------------------- */

bool rs_curve_span(const rs_curve *c, long *first, long *last)
{
    if (c->n <= 0)
        return false;
    *first = c->bucket[0].first_step;
    /* The last bucket may be part full: its steps so far are its counts. */
    const rs_curve_bucket *b = &c->bucket[c->n - 1];
    const rs_curve_stat *st = &b->stat[RS_CURVE_LOSS];
    const long seen = st->count + st->bad;
    *last = b->first_step + (seen > 0 ? (seen < c->width ? seen : c->width) : 1) - 1;
    return true;
}

int rs_curve_columns(const rs_curve *c, rs_curve_kind k, long from, long to, int n, rs_curve_col *out)
{
    if (n <= 0)
        return 0;
    if (to < from)
        to = from;
    const long span = to - from + 1;
    for (int j = 0; j < n; j++) {
        rs_curve_col *o = &out[j];
        o->step0 = from + span * j / n;
        o->step1 = from + span * (j + 1) / n - 1;
        if (o->step1 < o->step0)
            o->step1 = o->step0;
        o->min = o->max = NAN;
        o->mean = 0.0;      /* the sum, until the end */
        o->count = o->bad = 0;
    }
    for (int i = 0; i < c->n; i++) {
        const rs_curve_bucket *b = &c->bucket[i];
        long mid = b->first_step + (c->width - 1) / 2;
        if (mid > to)
            mid = to;
        if (mid < from)
            continue;
        const int j = (int)((mid - from) * n / span);
        if (j < 0 || j >= n)
            continue;
        const rs_curve_stat *st = &b->stat[k];
        rs_curve_col *o = &out[j];
        o->bad += st->bad;
        if (st->count == 0)
            continue;
        o->min = o->count ? fmin(o->min, st->min) : st->min;
        o->max = o->count ? fmax(o->max, st->max) : st->max;
        o->count += st->count;
        o->mean += st->sum;
    }
    for (int j = 0; j < n; j++)
        out[j].mean = out[j].count ? out[j].mean / (double)out[j].count : NAN;
    return n;
}

rs_plot_axis rs_axis_for_columns(const rs_curve_col *const *cols, const int *n, int sets, const double *refs, int nrefs,
                            int max_ticks)
{
    double lo = INFINITY, hi = -INFINITY, lo_all = INFINITY, hi_all = -INFINITY;
    for (int k = 0; k < sets; k++)
        for (int j = 0; j < n[k]; j++) {
            const rs_curve_col *o = &cols[k][j];
            if (!o->count)
                continue;
            lo = fmin(lo, o->mean);
            hi = fmax(hi, o->mean);
            lo_all = fmin(lo_all, o->min);
            hi_all = fmax(hi_all, o->max);
        }
    rs_plot_axis a = rs_axis_fit(lo, hi, refs, nrefs, true, max_ticks);
    if (!(lo <= hi))
        return a;
    /* Widen to the band when it is near, in the axis's own measure. */
    double wlo = a.lo, whi = a.hi;
    if (a.log) {
        if (lo_all > 0.0 && lo_all >= a.lo / 10.0)
            wlo = fmin(wlo, lo_all);
        if (hi_all <= a.hi * 10.0)
            whi = fmax(whi, hi_all);
    } else {
        const double span = a.hi - a.lo;
        if (lo_all >= a.lo - span / 2)
            wlo = fmin(wlo, lo_all);
        if (hi_all <= a.hi + span / 2)
            whi = fmax(whi, hi_all);
    }
    if (wlo == a.lo && whi == a.hi)
        return a;
    double ends[2] = {wlo, whi};
    /* The widened range as "references", the means as the data: the same
     * log or linear choice, now with room for the band. */
    double all[8];
    int m = 0;
    for (int i = 0; i < nrefs && m < 6; i++)
        all[m++] = refs[i];
    all[m++] = ends[0];
    all[m++] = ends[1];
    const rs_plot_axis w = rs_axis_fit(lo, hi, all, m, true, max_ticks);
    return w.log == a.log ? w : a;
}

/* ---- drawing a curve ------------------------------------------------------ */

int rs_plot_dot_row(const rs_plot_axis *y, double v, int h)
{
    const double f = rs_axis_frac(y, v);
    if (isnan(f))
        return -1;
    const int rows = 4 * h;
    /* 1 at the top dot, 0 at the bottom one. */
    const double r = (1.0 - f) * (rows - 1);
    if (r < 0.0)
        return 0;
    if (r > rows - 1)
        return rows - 1;
    return (int)lround(r);
}

void rs_plot_curve(rs_braille *c, const rs_plot_axis *y, const rs_curve_col *cols, int n, int band_role, int line_role)
{
    int px = -1, py = -1;
    for (int j = 0; j < n && j < 2 * c->w; j++) {
        const rs_curve_col *o = &cols[j];
        if (o->count == 0)
            continue;
        if (band_role > 0) {
            /* The band's edges: its min and max, one dot each; an edge off
             * the axis is left out (a row of them clamped to the border
             * would read as a line). */
            const double top = rs_axis_frac(y, o->max), bottom = rs_axis_frac(y, o->min);
            if (top >= 0.0 && top <= 1.0)
                rs_braille_set(c, j, rs_plot_dot_row(y, o->max, c->h), band_role);
            if (bottom >= 0.0 && bottom <= 1.0)
                rs_braille_set(c, j, rs_plot_dot_row(y, o->min, c->h), band_role);
        }
        const int my = rs_plot_dot_row(y, o->mean, c->h);
        if (my < 0)
            continue;
        if (px >= 0)
            rs_braille_line(c, px, py, j, my, line_role);
        else
            rs_braille_set(c, j, my, line_role);
        px = j;
        py = my;
    }
}

int rs_plot_hline(rs_braille *c, const rs_plot_axis *y, double v, int role)
{
    const double f = rs_axis_frac(y, v);
    if (isnan(f) || f < 0.0 || f > 1.0)
        return -1;
    const int row = rs_plot_dot_row(y, v, c->h);
    for (int x = 0; x < 2 * c->w; x += 2)
        rs_braille_set(c, x, row, role);
    return row;
}
