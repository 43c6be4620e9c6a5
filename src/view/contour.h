/* A level line through a grid of values (pure), for the phase diagram's
 * γ·σ_max = 1 line (Pascanu, Mikolov & Bengio 2013): on one side of it the
 * gradient must vanish, on the other it may explode.
 *
 * The grid has nx columns and ny rows: v[j·nx + i] is column i, row j. The
 * terminal marks the cell edges the line crosses; a figure draws the line
 * itself, through the cell centres' grid (cell (i, j)'s centre is the point
 * (i, j); the screen or the figure decides which way rows run). NaN (e.g.
 * "does not apply" for a gated cell) is on neither side: no edge next to it
 * is crossed and no line passes through its squares. */
#ifndef RS_VIEW_CONTOUR_H
#define RS_VIEW_CONTOUR_H

#include <stddef.h>

/* Which side of the level a value is on: at or above (the level counts as
 * above: γ·σ_max = 1 gives no guarantee), below, or none (NaN). */
typedef enum { RS_SIDE_BELOW, RS_SIDE_ABOVE, RS_SIDE_NONE } rs_side;

rs_side rs_contour_side(double v, double level);

/* The crossed edges: edge_x[j·nx + i] = 1 when the level lies between
 * (i, j) and (i+1, j) (one below, the other at or above), edge_y[j·nx + i]
 * = 1 between (i, j) and (i, j+1); the last column's edge_x and the last
 * row's edge_y are 0. Either array may be NULL. Returns how many are crossed. */
int rs_contour_edges(const double *v, int nx, int ny, double level, unsigned char *edge_x, unsigned char *edge_y);

/* Where the level crosses between two values a (at 0) and b (at 1), by linear
 * interpolation: in [0, 1] when it lies between them. */
double rs_contour_crossing(double a, double b, double level);

typedef struct {
    double x0, y0, x1, y1;      /* grid coordinates: cell (i, j)'s centre is (i, j) */
} rs_segment;

/* The level line as segments by marching squares (Lorensen & Cline 1987)
 * over the squares whose corners are four neighbouring cell centres; each
 * crossing by linear interpolation along its edge, a saddle resolved by the
 * mean of its four corners. Writes at most max segments into out (may be
 * NULL with max 0); returns how many there are. */
int rs_contour_segments(const double *v, int nx, int ny, double level, rs_segment *out, int max);

#endif
