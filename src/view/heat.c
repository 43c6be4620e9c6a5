/* Gathering the heat map's numbers from the session (no terminal). */
#include "heat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colour.h"

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

/* The value a bin shows: a NaN/Inf if there is one (it must not hide), else
 * the largest magnitude. t_from: first known timestep. */
static double bin_value(const double *v, int t0, int t1, int t_from, int *at)
{
    double best = 0.0;
    *at = 0;
    for (int t = t0 < t_from ? t_from : t0; t <= t1; t++) {
        const double x = v[t - 1];
        if (!isfinite(x)) {
            *at = t;
            return x;
        }
        if (*at == 0 || fabs(x) > fabs(best)) {
            best = x;
            *at = t;
        }
    }
    return best;
}

static void fill_row(rs_heat_grid *g, int r, const double *v, int t_from)
{
    double *raw = g->raw + (size_t)r * g->tb.nbins;
    int *at = g->raw_t + (size_t)r * g->tb.nbins;
    unsigned char *cls = g->cls + (size_t)r * g->tb.nbins;
    double *x = g->x + (size_t)r * g->tb.nbins;
    g->row_ref[r] = v && t_from <= g->T ? v[g->T - 1] : NAN;
    for (int b = 0; b < g->tb.nbins; b++) {
        int t0, t1;
        rs_tbins_range(&g->tb, b, &t0, &t1);
        if (!v || t1 < t_from) {
            raw[b] = NAN;
            at[b] = 0;
            cls[b] = RS_HEAT_EMPTY;
            x[b] = 0.0;
            continue;
        }
        raw[b] = bin_value(v, t0, t1, t_from, &at[b]);
        cls[b] = (unsigned char)rs_heat_classify(raw[b], g->row_ref[r], g->relative, &x[b]);
    }
}

bool rs_heat_build(rs_heat_grid *g, const rs_session *s, int view, bool relative, int slots, int width)
{
    const rs_config *cfg = rs_session_config(s);
    g->view = view;
    g->relative = relative;
    g->T = (int)cfg->task.length;
    g->slots = slots;
    g->nrows = 0;
    g->tb = rs_tbins_compute(g->T, width);
    g->rb = rs_rowbins_compute(0, 0);
    g->ug = rs_groups_compute(0, 0);
    g->lo = -1.0;
    g->hi = 1.0;
    g->any_nonfinite = g->any_zero = g->any_noref = false;
    if (slots <= 0 || width <= 0)
        return true;

    const bool bptt = rs_session_bptt_active(s);
    const bool failed = !bptt && rs_session_diverged(s) && rs_session_last(s) != NULL;
    const int t_from = rs_heat_known_from(s);
    const rs_workspace *ws = rs_session_workspace(s);
    const bool have_current = bptt || rs_session_last(s) != NULL;

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
            fill_row(g, r, v, t_from);
        }
    } else {
        const rs_vector_kind k = (rs_vector_kind)view;
        for (int r = 0; r < g->rb.nrows; r++) {
            const size_t i = g->hist_first + rs_rowbins_item(&g->rb, r);
            g->row_id[r] = rs_session_history_stats(s, i)->step;
            g->row_last[r] = 0;
            g->row_kind[r] = RS_ROW_HISTORY;
            fill_row(g, r, rs_session_history_vector(s, i, k), 1);
        }
        if (bptt || failed) {
            const int r = g->rb.nrows;
            g->row_id[r] = bptt ? rs_session_steps(s) + 1 : rs_session_last(s)->step;
            g->row_last[r] = 0;
            g->row_kind[r] = bptt ? RS_ROW_PENDING : RS_ROW_FAILED;
            fill_row(g, r, rs_session_vector(s, k), bptt ? t_from : 1);
        }
    }

    const size_t n = (size_t)g->nrows * (size_t)g->tb.nbins;
    rs_heat_range(g->x, g->cls, n, relative, &g->lo, &g->hi);
    for (size_t i = 0; i < n; i++) {
        g->any_nonfinite |= g->cls[i] == RS_HEAT_NONFINITE;
        g->any_zero |= g->cls[i] == RS_HEAT_ZERO;
        g->any_noref |= g->cls[i] == RS_HEAT_NOREF;
    }
    return true;
}

void rs_heat_build_sides(rs_heat_grid *const grid[], const rs_session *const ses[], const int slots[],
                         const int width[], int n, int view, bool relative)
{
    bool have = false;
    double lo = 0.0, hi = 0.0;
    for (int s = 0; s < n; s++) {
        const bool applies = rs_view_applies(view, rs_session_settings(ses[s])->model.cell);
        rs_heat_build(grid[s], ses[s], view, relative, applies ? slots[s] : 0, width[s]);
        const rs_heat_grid *g = grid[s];
        bool values = false;
        for (size_t i = 0; i < (size_t)g->nrows * (size_t)g->tb.nbins && !values; i++)
            values = g->cls[i] == RS_HEAT_VALUE;
        if (!values)
            continue;       /* an empty grid's default range says nothing */
        lo = have ? fmin(lo, g->lo) : g->lo;
        hi = have ? fmax(hi, g->hi) : g->hi;
        have = true;
    }
    if (have && n == 2)
        for (int s = 0; s < 2; s++) {
            grid[s]->lo = lo;
            grid[s]->hi = hi;
        }
}

int rs_heat_cell_row(const rs_heat_grid *g, int lines, int per_line, int y, int h)
{
    const int slots = lines * per_line;
    const int slot = y * per_line + h;
    const int r = slot - (slots - g->nrows);
    return r >= 0 && r < g->nrows ? r : -1;
}
