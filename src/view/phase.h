/* The phase diagram's picture, shared by `rnnscope sweep` (cli/sweep.c), its
 * SVG (figure_phase.c) and the live phase view (tui/panel_phase.c): which
 * grid a run's phase diagram spans, and how a cell is coloured. Pure. */
#ifndef RS_VIEW_PHASE_H
#define RS_VIEW_PHASE_H

#include "colour.h"
#include "rnnscope/sweep.h"

/* A cell's colour is the colour its own heat map gives its first column:
 * log10 (g_h[1] / g_h[T]) = (T − 1)·log10 decay — exact when every step back
 * was measured, the decay being the geometric mean of the T − 1 ratios — on
 * the heat map's default ±32 decades (colour.h), so a phase diagram and a
 * live heat map say the same thing in the same colours. */
#define RS_PHASE_DECADES ((double)RS_RANGE_DEFAULT)

/* The columns of the default grid: W_hh's scale from a tenth of its edge
 * value to ten times it, log-spaced (10^(1/6) ≈ 1.47× apart, the edge in the
 * middle). */
#define RS_PHASE_COLUMNS 13

/* The edge value of cfg's W_hh scale key (rs_config_recurrent_scale_key):
 * the scale at which Girko's circle law puts the eigenvalues' disc on the
 * unit circle, ρ ≈ 1 — std = 1/√H for a gaussian, range = √3/√H for a
 * uniform (its std is range/√3), gain = 1 for xavier (std gain/√H), 1/√2
 * for he (std gain·√(2/H)), and 1 for orthogonal and identity (every |λ| is
 * the gain). */
double rs_phase_edge(const rs_config *cfg);

/* The default grid for a run: x = W_hh's scale key on RS_PHASE_COLUMNS
 * log-spaced values around rs_phase_edge, each rounded to 3 digits; y = model.activation's four
 * choices when the cell has one (rnn, skip), else model.cell's four cells
 * (a gated cell's gates set their own slopes). 0, or −1 and e. */
int rs_phase_axes(const rs_config *cfg, rs_axis *x, rs_axis *y, rs_error *e);

/* The column of a numeric axis nearest value on the axis's spacing (log or
 * linear); −1 when value lies more than half a spacing beyond either end.
 * The row of a choice axis holding value; −1 when none does. */
int rs_phase_column(const rs_axis *a, double value);
int rs_phase_row(const rs_axis *a, const char *value);
/* The cell of sweep sw nearest a run with config cfg (column i, row j);
 * −1 where cfg lies off that axis. */
void rs_phase_where(const rs_sweep *sw, const rs_config *cfg, int *i, int *j);

/* How a finished cell is coloured: RS_HEAT_NONFINITE when it diverged,
 * RS_HEAT_VALUE with x = (T − 1)·log10 decay on the ±RS_PHASE_DECADES scale, or
 * RS_HEAT_ZERO when there is no decay to take because g_h underflowed to
 * exactly 0 before t = 1 (vanished past double's range). */
rs_heat_class rs_phase_class(const rs_sweep_cell *c, double *x);

/* γ·σ_max at initialisation of the finished cells, NaN elsewhere: v[j·nx + i]
 * for column i, row j — the values the line γ·σ_max = 1 runs through
 * (contour.h). */
void rs_phase_bounds(const rs_sweep *sw, double *v);

/* Where the line meets a corner of cells on a text screen: the heavy
 * box-drawing piece with arms up, down, left and right (ASCII: | - +). */
const char *rs_phase_junction(bool utf8, bool up, bool down, bool left, bool right);

#endif
