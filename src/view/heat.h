/* The heatmap's numbers: the session's per-timestep vectors gathered onto a
 * grid of (data rows × timestep bins), classified and placed on a colour
 * scale. No terminal here: the grid is what the screen shows, what the SVG
 * draws and what the inspector reads, so all three always agree. */
#ifndef RS_VIEW_HEAT_H
#define RS_VIEW_HEAT_H

#include <stdbool.h>
#include <stddef.h>

#include "bins.h"
#include "colour.h"
#include "rnnscope/session.h"

#include "views.h"

typedef enum { RS_ROW_HISTORY, RS_ROW_PENDING, RS_ROW_FAILED, RS_ROW_UNIT } rs_row_kind;

/* The scale the user chose, the same for every view and both sides of
 * compare mode (view.scale, view.range; keys S, [ ] and f). */
typedef struct {
    bool relative;      /* the gradient views relative to t = T, else absolute */
    int range;          /* their colour range, ± decades; 0 = fit to the data */
} rs_heat_opts;

/* The scale of a view under those options: the gradient views (g_h, g_x,
 * g_w, g_c, units) relative or absolute on ±range (fit: from the data);
 * dact, a per-step factor, on its own ±1 decade (10⁻¹ … 10: a view of
 * slopes ≤ 1 that the gradient's range would squash to white); sat, a
 * share, from none (neutral) to all (the darkest cold colour). */
void rs_heat_scale_of(int view, const rs_heat_opts *o, rs_scale_kind *kind, double *range, bool *fit);
/* Whether a view measures a gradient (truncation cuts it, a broken backward
 * pass spoils it) rather than the forward pass (dact, sat). */
bool rs_view_is_gradient(int view);

typedef struct {
    int view;
    rs_scale_kind kind;
    bool fit;               /* the range came from the data */
    double range;           /* x ∈ [−range, range] spans the ramp */
    /* sizes */
    int T;
    int nrows;              /* data rows (bottom-aligned in the slots) */
    int slots;              /* data rows the panel has room for */
    rs_tbins tb;
    rs_rowbins rb;          /* history rows */
    size_t hist_first;      /* first history item shown (older ones are of another length) */
    rs_groups ug;           /* units view */
    /* per data row */
    long *row_id;           /* step number, or first unit (1-based) */
    int *row_last;          /* units: last unit of the group (1-based) */
    unsigned char *row_kind;
    double *row_ref;        /* the raw value at t = T (relative scale) */
    int *row_tbptt;         /* the truncation window the row was trained with (0: full) */
    int *row_broke;         /* a diverged attempt: the t where its backward pass broke (0: none) */
    /* per cell, nrows × nbins, row-major */
    double *raw;            /* the value shown: the largest magnitude in the bin, or a NaN/Inf found there */
    int *raw_t;             /* which t that value came from (0 if none) */
    double *x;              /* its place on the scale (rs_heat_classify) */
    unsigned char *cls;     /* rs_heat_class */
    bool any_nonfinite, any_zero, any_novalue, any_noref;
    /* storage */
    size_t cap_rows, cap_cells;
    double *unit_buf;       /* H × T, units view */
    size_t cap_units;
} rs_heat_grid;

/* Rebuild the grid for the session's current state: slots data rows, width
 * screen columns. Returns false when out of memory (the grid is then empty). */
bool rs_heat_build(rs_heat_grid *g, const rs_session *s, int view, const rs_heat_opts *o, int slots, int width);
void rs_heat_free(rs_heat_grid *g);

/* The grids of the n sessions on screen (compare mode: two), grid[k] with
 * slots[k] data rows and width[k] columns; a session whose cell the view
 * does not measure gets an empty grid. Two share one colour scale (fit: the
 * wider of their ranges), so equal colours mean equal sizes. */
void rs_heat_build_sides(rs_heat_grid *const grid[], const rs_session *const ses[], const int slots[],
                         const int width[], int n, int view, const rs_heat_opts *o);

/* The level of cell i on a scheme's ramp with steps levels a side. */
static inline int rs_heat_cell_level(const rs_heat_grid *g, size_t i, int steps)
{
    return rs_heat_level(g->x[i], g->range, steps);
}

/* The legend's ticks for a scale: its ends, their halves and the middle
 * (the hot half missing for a share). Returns how many, ≤ 5, coldest first. */
int rs_heat_ticks(rs_scale_kind kind, double range, double out[5]);
/* A tick's label: "10⁻³²", "1", "10¹⁶" (ASCII "1e-32"), for a slope "0.1",
 * for a share "100%". */
void rs_heat_tick_label(rs_scale_kind kind, double x, bool utf8, char *buf, size_t n);

/* The grid row (index into its arrays) shown in half h (0 upper, 1 lower)
 * of text line y of a grid area `lines` high, with per_line data rows per
 * text line (the rows bottom-aligned; a diverged attempt, the newest row,
 * fills the last line alone); −1 when none. */
int rs_heat_cell_row(const rs_heat_grid *g, int lines, int per_line, int y, int h);

/* The timesteps already known on a row (step-through: only t ≥ first). */
int rs_heat_known_from(const rs_session *s);

#endif
