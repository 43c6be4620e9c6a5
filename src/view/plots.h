/* The three views of issue 14 as pure plots for a terminal (STYLE: "a plot
 * is a pure function from numbers and a size to rows of glyphs and colour
 * roles; the panel only places it"): the spectrum on a braille canvas, and
 * the itemized gradients' cells on the heat map's colour scale. */
#ifndef RS_VIEW_PLOTS_H
#define RS_VIEW_PLOTS_H

#include <stdbool.h>

#include "braille.h"
#include "colour.h"
#include "rnnscope/session.h"

/* ---- the spectrum ------------------------------------------------------------ */

/* The series of the spectrum plot as braille roles, in precedence order: a
 * cell holding a point is a point's, whatever else passes through it. */
enum {
    RS_SPECTRUM_ROLE_AXES = 1,  /* the real and imaginary axes */
    RS_SPECTRUM_ROLE_LAW,       /* the circle law's rim, std·√H (an iid init) */
    RS_SPECTRUM_ROLE_SIGMA,     /* the circle of radius σ_max (of the first set) */
    RS_SPECTRUM_ROLE_UNIT,      /* the unit circle |λ| = 1 */
    RS_SPECTRUM_ROLE_SECOND,    /* the second set's eigenvalues (skip: W_sk) */
    RS_SPECTRUM_ROLE_POINTS,    /* the first set's eigenvalues (W_hh, or the step Jacobian) */
};

/* Draw sp on c (cleared first), centred on 0 with equal aspect for terminal
 * cells cell_aspect times as tall as wide (RS_CELL_ASPECT): every circle and
 * point fits, the unit circle always. Returns the plane, for the panel's
 * labels (e.g. where Re = 1 falls). */
rs_plane rs_spectrum_plot(rs_braille *c, const rs_spectrum *sp, double cell_aspect);

/* ---- the itemized gradients ------------------------------------------------------ */

/* Cell (t′, s) of an itemized triangle (1-based; input: ‖∂L_{t′}/∂x_s‖, else
 * ‖∂L_{t′}/∂h_s‖) on the heat map's relative scale: each row compared with
 * its own value at s = t′ (*x = log10 of the ratio). RS_HEAT_EMPTY where
 * there is nothing: s > t′, or a step t′ that does not predict. */
rs_heat_class rs_itemized_cell(const rs_itemized *it, bool input, int tp, int s, double *x);

#endif
