/* Binning the data onto the screen's cells: pure functions of the data
 * sizes and the room, unit-tested without a terminal. */
#ifndef RS_VIEW_BINS_H
#define RS_VIEW_BINS_H

#include <stdbool.h>
#include <stddef.h>

/* Timesteps t = 1 … T onto `width` screen columns. When T fits, every
 * timestep is one bin; when it does not, t_per_col consecutive timesteps share
 * a bin. The bins are spread over the whole width: bin b covers the columns
 * [b·ncols/nbins, (b+1)·ncols/nbins) (so some are one column wider). */
typedef struct {
    int T;
    int t_per_col;      /* timesteps per bin (1 when T fits) */
    int nbins;          /* ceil(T / t_per_col) */
    int ncols;          /* = width (0 when T or width is 0) */
} rs_tbins;

rs_tbins rs_tbins_compute(int T, int width);
/* Bin of screen column x (0-based inside the grid), −1 outside. */
int rs_tbins_bin_at(const rs_tbins *b, int x);
/* First and last timestep (1-based, inclusive) of bin i. */
void rs_tbins_range(const rs_tbins *b, int bin, int *t0, int *t1);
/* First screen column of bin i (i = nbins gives ncols). */
int rs_tbins_col(const rs_tbins *b, int bin);
/* First screen column of the bin holding timestep t. */
int rs_tbins_col_of_t(const rs_tbins *b, int t);

/* History rows: n items (oldest first) onto `slots` rows, newest at the
 * bottom. When they do not fit, every stride-th item is shown, always
 * including the newest. Row r counts from the top, 0 … nrows−1. */
typedef struct {
    size_t n;
    size_t stride;
    int nrows;
} rs_rowbins;

rs_rowbins rs_rowbins_compute(size_t n, int slots);
/* Index (0 = oldest) of the item shown on row r. */
size_t rs_rowbins_item(const rs_rowbins *b, int row);

/* Units (or any items to group, not sample): n onto slots, k = ceil(n/slots)
 * per row, row r covers [r·k, min((r+1)·k, n)). */
typedef struct {
    int n, per_row, nrows;
} rs_groups;

rs_groups rs_groups_compute(int n, int slots);
void rs_groups_range(const rs_groups *g, int row, int *first, int *last);

/* A few "nice" tick timesteps for an axis of T steps on `width` columns,
 * always 1 and T; returns the count written (≤ max). */
int rs_ticks(int T, int width, int label_width, int *ticks, int max);

#endif
