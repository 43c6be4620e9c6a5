/* Gathering the heat map's numbers from the session (no terminal). */
#include "heat.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "format.h"

int rs_heat_known_from(const rs_session *s)
{
    return rs_session_bptt_active(s) ? rs_session_bptt_t(s) + 1 : 1;
}

void rs_heat_free(rs_heat_grid *g)
{
    free(g->row_id);
    free(g->row_last);
    free(g->row_kind);
    free(g->row_ref);
    free(g->row_tbptt);
    free(g->row_broke);
    free(g->raw);
    free(g->raw_t);
    free(g->x);
    free(g->cls);
    free(g->unit_buf);
    memset(g, 0, sizeof *g);
}

/* Grow every array; on failure free everything. */
static bool reserve(rs_heat_grid *g, size_t rows, size_t cells, size_t units)
{
    bool ok = true;
#define GROW(p, n) do { void *q = realloc(p, (n) * sizeof *(p)); if (q) (p) = q; else ok = false; } while (0)
    if (rows > g->cap_rows) {
        GROW(g->row_id, rows);
        GROW(g->row_last, rows);
        GROW(g->row_kind, rows);
        GROW(g->row_ref, rows);
        GROW(g->row_tbptt, rows);
        GROW(g->row_broke, rows);
        if (ok) g->cap_rows = rows;
    }
    if (ok && cells > g->cap_cells) {
        GROW(g->raw, cells);
        GROW(g->raw_t, cells);
        GROW(g->x, cells);
        GROW(g->cls, cells);
        if (ok) g->cap_cells = cells;
    }
    if (ok && units > g->cap_units) {
        GROW(g->unit_buf, units);
        if (ok) g->cap_units = units;
    }
#undef GROW
    if (!ok)
        rs_heat_free(g);
    return ok;
}

void rs_heat_scale_of(int view, const rs_heat_opts *o, rs_scale_kind *kind, double *range, bool *fit)
{
    if (view == RS_VEC_SAT) {
        *kind = RS_SCALE_SHARE;
        *range = 1.0;
        *fit = false;
    } else if (view == RS_VEC_DACT) {
        *kind = RS_SCALE_SLOPE;
        *range = 1.0;
        *fit = o->range <= 0;
    } else {
        *kind = o->relative ? RS_SCALE_RELATIVE : RS_SCALE_ABSOLUTE;
        *fit = o->range <= 0;
        *range = *fit ? 1.0 : o->range;
    }
}

bool rs_view_is_gradient(int view) { return view != RS_VEC_DACT && view != RS_VEC_SAT; }

/* What a row knows about itself beyond its numbers. */
typedef struct {
    int t_from;         /* the first timestep known (step-through: the rest is not computed yet) */
    int cut_below;      /* t ≤ cut_below lies beyond the truncation window (last readout) */
    bool failed;        /* a diverged attempt */
} row_facts;

/* Which class wins a bin of several timesteps: a NaN/Inf must never hide,
 * then a value, a zero, a missing ratio, and the kinds of no value. */
static int rank(int cls)
{
    switch (cls) {
    case RS_HEAT_NONFINITE: return 7;
    case RS_HEAT_VALUE: return 6;
    case RS_HEAT_ZERO: return 5;
    case RS_HEAT_NOREF: return 4;
    case RS_HEAT_CUT: return 3;
    case RS_HEAT_BROKEN: return 2;
    default: return 1;
    }
}

static void fill_row(rs_heat_grid *g, int r, const double *v, const row_facts *f)
{
    const int T = g->T, nb = g->tb.nbins;
    double *raw = g->raw + (size_t)r * nb, *x = g->x + (size_t)r * nb;
    int *at = g->raw_t + (size_t)r * nb;
    unsigned char *cls = g->cls + (size_t)r * nb;
    const bool gradient = rs_view_is_gradient(g->view);
    g->row_ref[r] = v && f->t_from <= T ? v[T - 1] : NAN;
    /* A diverged attempt: going back from t = T as BPTT does, the first
     * NaN, Inf or overflow is where it broke; what was computed from there
     * on (smaller t) is no measurement, whatever number it came out as. */
    int broke = 0;
    for (int t = T; v && f->failed && gradient && t >= f->t_from && !broke; t--)
        if (!isfinite(v[t - 1]) || fabs(v[t - 1]) > RS_DIVERGENCE_CEILING)
            broke = t;
    g->row_broke[r] = broke;
    for (int b = 0; b < nb; b++) {
        int t0, t1;
        rs_tbins_range(&g->tb, b, &t0, &t1);
        raw[b] = NAN;
        x[b] = 0.0;
        at[b] = 0;
        cls[b] = RS_HEAT_EMPTY;
        for (int t = t0; v && t <= t1; t++) {
            double xt = 0.0;
            int c;
            if (t < f->t_from)
                c = RS_HEAT_EMPTY;
            else {
                c = rs_heat_classify(v[t - 1], g->row_ref[r], g->kind, &xt);
                if (gradient && t <= f->cut_below && v[t - 1] == 0.0)
                    c = RS_HEAT_CUT;
                else if (t < broke && c != RS_HEAT_NONFINITE)
                    c = RS_HEAT_BROKEN;
            }
            const bool larger = c == RS_HEAT_VALUE && cls[b] == RS_HEAT_VALUE && fabs(v[t - 1]) > fabs(raw[b]);
            if (rank(c) > rank(cls[b]) || larger) {
                cls[b] = (unsigned char)c;
                raw[b] = t < f->t_from ? NAN : v[t - 1];
                x[b] = c == RS_HEAT_VALUE ? xt : 0.0;
                at[b] = t;
            }
        }
    }
}

/* The timesteps beyond the truncation window of a row trained with window
 * k: with the loss at t = T only, the gradient reaches T − k + 1 and stops
 * (rs_bptt_cut); with a loss at every step each chunk has its own. */
static int cut_below(const rs_session *s, int T, int tbptt)
{
    const bool last = rs_session_settings(s)->model.readout == RS_READOUT_LAST;
    return last && tbptt > 0 && tbptt < T ? T - tbptt : 0;
}

bool rs_heat_build(rs_heat_grid *g, const rs_session *s, int view, const rs_heat_opts *o, int slots, int width)
{
    const rs_config *cfg = rs_session_config(s);
    g->view = view;
    rs_heat_scale_of(view, o, &g->kind, &g->range, &g->fit);
    g->T = (int)cfg->task.length;
    g->slots = slots;
    g->nrows = 0;
    g->tb = rs_tbins_compute(g->T, width);
    g->rb = rs_rowbins_compute(0, 0);
    g->ug = rs_groups_compute(0, 0);
    g->any_nonfinite = g->any_zero = g->any_novalue = g->any_noref = false;
    /* spectrum and itemized have panels of their own: no heat-map rows */
    if (slots <= 0 || width <= 0 || !rs_view_is_heat(view))
        return true;

    const bool bptt = rs_session_bptt_active(s);
    const rs_step_stats *last = rs_session_last(s);
    const bool failed = !bptt && rs_session_diverged(s) && last != NULL;
    const int t_from = rs_heat_known_from(s);
    const rs_workspace *ws = rs_session_workspace(s);
    const bool have_current = bptt || last != NULL;
    /* The window of the step in the workspace: being stepped through (the
     * settings'), or the last one trained or tried. */
    const int current_tbptt = bptt || !last ? rs_session_settings(s)->tbptt : last->tbptt;

    size_t units = 0;
    if (view == RS_VIEW_UNITS) {
        if (!have_current || ws->T != g->T)
            return true;
        g->ug = rs_groups_compute(ws->H, slots);
        g->nrows = g->ug.nrows;
        units = (size_t)ws->H * (size_t)g->T;
    } else {
        const int extra = (bptt || failed) ? 1 : 0;
        /* Only the steps trained at the current length (a length change
         * keeps the loss curve but not the old vectors). */
        const size_t count = rs_session_history_count(s);
        size_t first = count;
        while (first > 0 && rs_session_history_vector(s, first - 1, RS_VEC_G_H))
            first--;
        g->hist_first = first;
        g->rb = rs_rowbins_compute(count - first, slots - extra);
        g->nrows = g->rb.nrows + extra;
    }
    if (!reserve(g, (size_t)g->nrows + 1, ((size_t)g->nrows + 1) * (size_t)g->tb.nbins, units + 1)) {
        g->nrows = 0;
        return false;
    }

    if (view == RS_VIEW_UNITS) {
        rs_session_unit_norms(s, g->unit_buf);
        const int T = g->T;
        const row_facts f = {t_from, cut_below(s, T, current_tbptt), failed};
        for (int r = 0; r < g->nrows; r++) {
            int u0, u1;
            rs_groups_range(&g->ug, r, &u0, &u1);
            /* A group of units shows its largest: the row is unit u0 when H fits. */
            double *v = g->unit_buf + (size_t)u0 * T;
            for (int u = u0 + 1; u <= u1; u++)
                for (int t = 0; t < T; t++) {
                    const double y = g->unit_buf[(size_t)u * T + t];
                    if (!isfinite(y) || (isfinite(v[t]) && y > v[t]))
                        v[t] = y;
                }
            g->row_id[r] = u0 + 1;
            g->row_last[r] = u1 + 1;
            g->row_kind[r] = RS_ROW_UNIT;
            g->row_tbptt[r] = current_tbptt;
            fill_row(g, r, v, &f);
        }
    } else {
        const rs_vector_kind k = (rs_vector_kind)view;
        for (int r = 0; r < g->rb.nrows; r++) {
            const size_t i = g->hist_first + rs_rowbins_item(&g->rb, r);
            const rs_step_stats *st = rs_session_history_stats(s, i);
            g->row_id[r] = st->step;
            g->row_last[r] = 0;
            g->row_kind[r] = RS_ROW_HISTORY;
            g->row_tbptt[r] = st->tbptt;
            const row_facts f = {1, cut_below(s, g->T, st->tbptt), false};
            fill_row(g, r, rs_session_history_vector(s, i, k), &f);
        }
        if (bptt || failed) {
            const int r = g->rb.nrows;
            g->row_id[r] = bptt ? rs_session_steps(s) + 1 : last->step;
            g->row_last[r] = 0;
            g->row_kind[r] = bptt ? RS_ROW_PENDING : RS_ROW_FAILED;
            g->row_tbptt[r] = current_tbptt;
            const row_facts f = {bptt ? t_from : 1, cut_below(s, g->T, current_tbptt), failed};
            fill_row(g, r, rs_session_vector(s, k), &f);
        }
    }

    const size_t n = (size_t)g->nrows * (size_t)g->tb.nbins;
    if (g->fit)
        g->range = rs_heat_fit(g->x, g->cls, n);
    for (size_t i = 0; i < n; i++) {
        const rs_heat_mark m = rs_heat_mark_of(g->cls[i]);
        g->any_nonfinite |= m == RS_MARK_NAN;
        g->any_zero |= m == RS_MARK_ZERO;
        g->any_novalue |= m == RS_MARK_NOVALUE;
        g->any_noref |= g->cls[i] == RS_HEAT_NOREF;
    }
    return true;
}

void rs_heat_build_sides(rs_heat_grid *const grid[], const rs_session *const ses[], const int slots[],
                         const int width[], int n, int view, const rs_heat_opts *o)
{
    double range = 0.0;
    for (int s = 0; s < n; s++) {
        const bool applies = rs_view_applies(view, rs_session_settings(ses[s])->model.cell);
        rs_heat_build(grid[s], ses[s], view, o, applies ? slots[s] : 0, width[s]);
        if (grid[s]->nrows > 0 && grid[s]->range > range)
            range = grid[s]->range;
    }
    /* A fixed range is the same on both sides by construction; a fitted one
     * becomes the wider of the two. */
    for (int s = 0; s < n && range > 0.0; s++)
        grid[s]->range = range;
}

int rs_heat_ticks(rs_scale_kind kind, double range, double out[5])
{
    if (kind == RS_SCALE_SHARE) {
        out[0] = -1.0;
        out[1] = -0.5;
        out[2] = 0.0;
        return 3;
    }
    /* Whole decades (a slope's range is one decade: its halves are ½). */
    const double half = kind == RS_SCALE_SLOPE ? range / 2.0 : round(range / 2.0);
    const double ticks[5] = {-range, -half, 0.0, half, range};
    memcpy(out, ticks, sizeof ticks);
    return 5;
}

void rs_heat_tick_label(rs_scale_kind kind, double x, bool utf8, char *buf, size_t n)
{
    if (kind == RS_SCALE_SHARE)
        snprintf(buf, n, "%.0f%%", -100.0 * x + 0.0);   /* + 0.0: no "-0%" */
    else if (kind == RS_SCALE_SLOPE)
        snprintf(buf, n, "%.2g", pow(10.0, x));
    else
        rs_fmt_pow10(buf, n, (int)lround(x), utf8);
}

int rs_heat_cell_row(const rs_heat_grid *g, int lines, int per_line, int y, int h)
{
    /* A diverged attempt (always the newest row) fills the last line alone:
     * its ✕ marks take a whole cell and would hide the row sharing it. */
    if (per_line > 1 && g->nrows > 0 && g->row_kind[g->nrows - 1] == RS_ROW_FAILED) {
        if (y == lines - 1)
            return g->nrows - 1;
        const int slots = (lines - 1) * per_line, slot = y * per_line + h;
        const int r = slot - (slots - (g->nrows - 1));
        return r >= 0 && r < g->nrows - 1 ? r : -1;
    }
    const int slots = lines * per_line;
    const int slot = y * per_line + h;
    const int r = slot - (slots - g->nrows);
    return r >= 0 && r < g->nrows ? r : -1;
}
