/* The heatmap's numbers: the session's per-timestep vectors gathered onto a
 * grid of (data rows × timestep bins), classified and given a colour range.
 * No terminal here: the grid is what the screen shows and what the inspector
 * reads, so both always agree. */
#ifndef RS_TUI_HEAT_H
#define RS_TUI_HEAT_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"
#include "rnnscope/session.h"

/* Views: the per-timestep vectors in rs_vector_kind order (so a view below
 * RS_VIEW_UNITS is its vector kind), g_c being the lstm's, then the per-unit
 * view. */
enum { RS_VIEW_G_C = RS_VEC_G_C, RS_VIEW_UNITS = RS_VEC_KINDS, RS_VIEW_COUNT };

/* Generic names and texts (as for an rnn); the functions below say what a
 * view means for a given cell (model.cell: "rnn", "lstm", "gru", "skip"). */
extern const char *const rs_view_names[RS_VIEW_COUNT];      /* "g_h", …, "g_c", "units" */
extern const char *const rs_view_symbols[RS_VIEW_COUNT];    /* "‖∂L/∂h_t‖" … (UTF-8) */
extern const char *const rs_view_symbols_ascii[RS_VIEW_COUNT];
extern const char *const rs_view_meanings[RS_VIEW_COUNT];   /* one line, plain words */
extern const char *const rs_view_nouns[RS_VIEW_COUNT];      /* "gradient", "connectivity", … */

int rs_view_index(const char *name);   /* −1 when unknown */

/* Whether the cell measures the view (g_c: only the lstm has a cell state). */
bool rs_view_applies(int view, const char *cell);
/* The next view that key v offers for the cell: g_h, g_c (lstm only), g_x,
 * g_w, dact, sat, units, and round again. */
int rs_view_next(int view, const char *cell);
/* The view's symbol, meaning and noun for the cell: dact is the mean forget
 * gate for the lstm and the mean 1 − z for the gru; sat counts σ gates. */
const char *rs_view_symbol(int view, const char *cell, bool utf8);
const char *rs_view_meaning(int view, const char *cell);
const char *rs_view_noun(int view, const char *cell);

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

/* |∂L/∂h_t| per hidden unit, the norm over the batch, into out (H × T,
 * unit-major); 0 for t < t_from (not yet reached by a step-through). */
void rs_heat_unit_norms(double *out, const rs_workspace *ws, int t_from);

/* The timesteps already known on a row (step-through: only t ≥ first). */
int rs_heat_known_from(const rs_session *s);

#endif
