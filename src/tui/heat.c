/* Gathering the heatmap's numbers from the session (no terminal). */
#include "heat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colour.h"

const char *const rs_view_names[RS_VIEW_COUNT] = {"g_h", "g_x", "g_w", "dact", "sat", "g_c", "units"};
const char *const rs_view_symbols[RS_VIEW_COUNT] = {
    "‖∂L/∂h_t‖", "‖∂L/∂x_t‖", "‖δ_t h_{t−1}ᵀ‖", "mean |f′(a_t)|", "saturated share", "‖∂L/∂c_t‖", "|∂L/∂h_t| per unit",
};
const char *const rs_view_symbols_ascii[RS_VIEW_COUNT] = {
    "|dL/dh_t|", "|dL/dx_t|", "|delta_t h_{t-1}^T|", "mean |f'(a_t)|", "saturated share", "|dL/dc_t|",
    "|dL/dh_t| per unit",
};
const char *const rs_view_meanings[RS_VIEW_COUNT] = {
    "how much the loss still reacts to h_t",
    "connectivity: how much input t can still change the loss",
    "step t's share of the W_hh gradient: do early steps still teach?",
    "the activation's slope: each step back multiplies by it",
    "share of saturated units (slope < 1% of max): they pass nothing",
    "the cell-state path, the constant error carousel (lstm)",
    "per hidden unit (norm over the batch), latest step; rows = units",
};
const char *const rs_view_nouns[RS_VIEW_COUNT] = {
    "gradient", "connectivity", "weight-gradient share", "slope", "saturation", "cell-state gradient", "gradient",
};

int rs_view_index(const char *name)
{
    for (int i = 0; name && i < RS_VIEW_COUNT; i++)
        if (strcmp(rs_view_names[i], name) == 0)
            return i;
    return -1;
}

static bool is_cell(const char *cell, const char *name) { return cell && strcmp(cell, name) == 0; }
static bool gated(const char *cell) { return is_cell(cell, "lstm") || is_cell(cell, "gru"); }

bool rs_view_applies(int view, const char *cell)
{
    if (view < 0 || view >= RS_VIEW_COUNT)
        return false;
    return view != RS_VIEW_G_C || is_cell(cell, "lstm");
}

int rs_view_next(int view, const char *cell)
{
    /* g_c sits beside g_h: the two paths of the lstm's gradient. */
    static const int cycle[] = {RS_VEC_G_H, RS_VIEW_G_C, RS_VEC_G_X, RS_VEC_G_W, RS_VEC_DACT, RS_VEC_SAT, RS_VIEW_UNITS};
    enum { N = sizeof cycle / sizeof cycle[0] };
    int at = 0;
    for (int i = 0; i < N; i++)
        if (cycle[i] == view)
            at = i;
    for (int k = 1; k <= N; k++) {
        const int next = cycle[(at + k) % N];
        if (rs_view_applies(next, cell))
            return next;
    }
    return RS_VEC_G_H;
}

const char *rs_view_symbol(int view, const char *cell, bool utf8)
{
    if (view == RS_VEC_DACT && is_cell(cell, "lstm"))
        return "mean f_t";
    if (view == RS_VEC_DACT && is_cell(cell, "gru"))
        return utf8 ? "mean (1 − z_t)" : "mean (1 - z_t)";
    if (view == RS_VEC_SAT && gated(cell))
        return "saturated gates";
    return utf8 ? rs_view_symbols[view] : rs_view_symbols_ascii[view];
}

const char *rs_view_meaning(int view, const char *cell)
{
    if (view == RS_VEC_DACT && is_cell(cell, "lstm"))
        return "mean forget gate f: each step back multiplies c_t by it";
    if (view == RS_VEC_DACT && is_cell(cell, "gru"))
        return "mean 1 − z, the new share of h_t (memory path: × z)";
    if (view == RS_VEC_SAT && gated(cell))
        return "σ gates stuck open or shut (σ′ < 1% of ¼): they pass nothing";
    if (view == RS_VEC_G_W && gated(cell))
        return "step t's share of the W_hh gradient (all gates): do early steps teach?";
    if (view == RS_VEC_G_H && is_cell(cell, "lstm"))
        return "how much the loss reacts to h_t (c_t held)";
    return rs_view_meanings[view];
}

const char *rs_view_noun(int view, const char *cell)
{
    if (view == RS_VEC_DACT && is_cell(cell, "lstm"))
        return "forget gate";
    if (view == RS_VEC_DACT && is_cell(cell, "gru"))
        return "share of new";
    if (view == RS_VEC_SAT && gated(cell))
        return "gate saturation";
    return rs_view_nouns[view];
}

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

void rs_heat_unit_norms(double *out, const rs_workspace *ws, int t_from)
{
    const int T = ws->T, B = ws->B, H = ws->H;
    for (int u = 0; u < H; u++)
        for (int t = 1; t <= T; t++) {
            double ss = 0.0;
            if (t >= t_from) {
                const double *dh = ws->dh + (size_t)t * B * H;   /* block 0 is unused */
                for (int b = 0; b < B; b++)
                    ss += dh[(size_t)b * H + u] * dh[(size_t)b * H + u];
            }
            out[(size_t)u * T + (t - 1)] = sqrt(ss);
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
        rs_heat_unit_norms(g->unit_buf, ws, t_from);
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
        const bool applies = rs_view_applies(view, rs_session_config(ses[s])->model.cell);
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
