/* The heatmap's numbers: the session's per-timestep vectors gathered onto a
 * grid of (data rows × timestep bins), classified and given a colour range.
 * No terminal here: the grid is what the screen shows and what the inspector
 * reads, so both always agree. */
#ifndef RS_VIEW_HEAT_H
#define RS_VIEW_HEAT_H

#include <stdbool.h>
#include <stddef.h>

#include "bins.h"
#include "rnnscope/session.h"

#include "views.h"

typedef enum { RS_ROW_HISTORY, RS_ROW_PENDING, RS_ROW_FAILED, RS_ROW_UNIT } rs_row_kind;

typedef struct {
    int view;
    bool relative;
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
    /* per cell, nrows × nbins, row-major */
    double *raw;            /* the value shown: the largest magnitude in the bin, or a NaN/Inf found there */
    int *raw_t;             /* which t that value came from (0 if none) */
    double *x;              /* log10 (relative: log10 v − log10 ref) */
    unsigned char *cls;     /* rs_heat_class */
    double lo, hi;          /* colour range (log10) */
    bool any_nonfinite, any_zero, any_noref;
    /* storage */
    size_t cap_rows, cap_cells;
    double *unit_buf;       /* H × T, units view */
    size_t cap_units;
} rs_heat_grid;

/* Rebuild the grid for the session's current state: slots data rows, width
 * screen columns. Returns false when out of memory (the grid is then empty). */
bool rs_heat_build(rs_heat_grid *g, const rs_session *s, int view, bool relative, int slots, int width);
void rs_heat_free(rs_heat_grid *g);

/* The grids of the n sessions on screen (compare mode: two), grid[k] with
 * slots[k] data rows and width[k] columns; a session whose cell the view
 * does not measure gets an empty grid. Two share one colour scale, the
 * union of their ranges, so equal colours mean equal sizes. */
void rs_heat_build_sides(rs_heat_grid *const grid[], const rs_session *const ses[], const int slots[],
                         const int width[], int n, int view, bool relative);

/* The grid row (index into its arrays) shown in half h (0 upper, 1 lower)
 * of text line y of a grid area `lines` high, with per_line data rows per
 * text line (the rows bottom-aligned); −1 when none. */
int rs_heat_cell_row(const rs_heat_grid *g, int lines, int per_line, int y, int h);

/* The timesteps already known on a row (step-through: only t ≥ first). */
int rs_heat_known_from(const rs_session *s);

#endif
