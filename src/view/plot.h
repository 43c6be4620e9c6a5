/* Curves people trust (STYLE: TensorBoard's scalars, btop's graphs), as
 * pure functions of the numbers and a size: axes with ticks at round
 * numbers, linear or log₁₀; the whole run's training curve downsampled onto
 * the columns of a plot with the min/max of each column kept (a spike is
 * never lost) and the values that were not numbers counted, never plotted;
 * and the drawing of such a curve — a min/max band and a mean line — on a
 * braille canvas, for the terminal and the tests alike. */
#ifndef RS_VIEW_PLOT_H
#define RS_VIEW_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "braille.h"
#include "rnnscope/curve.h"

/* ---- axes ----------------------------------------------------------------- */

#define RS_AXIS_MAX_TICKS 16

/* A value axis: the range drawn and its ticks. A log axis draws log₁₀ of
 * the values (lo, hi and the ticks are values, all positive). */
typedef struct {
    bool log;
    double lo, hi;
    int nticks;
    double tick[RS_AXIS_MAX_TICKS];
} rs_plot_axis;

/* Values from min to max (min > 0) span more than two decades: a linear
 * axis would flatten all but the largest, so a log axis is drawn. */
#define RS_AXIS_LOG_SPAN 100.0
bool rs_axis_wants_log(double min, double max);

/* Round ticks over [lo, hi]: 1, 2 or 5 × 10^k apart, at most max_ticks
 * (≥ 2) of them, each inside the range. Returns the count. */
int rs_ticks_linear(double lo, double hi, int max_ticks, double *out, int max);
/* Decades 10^k over [lo, hi] (positive), every 1, 2, 5, 10, … decades so
 * that at most max_ticks fit. Returns the count. */
int rs_ticks_log(double lo, double hi, int max_ticks, double *out, int max);

/* The axis for data from min to max that must also show the references
 * (NaN: none): log when the values span more than two decades and are all
 * positive (allow_log), else linear from 0 (when all are ≥ 0) or a little
 * below the smallest; a little room above the largest; up to max_ticks. */
rs_plot_axis rs_axis_fit(double min, double max, const double *refs, int nrefs, bool allow_log, int max_ticks);

/* Where v lies on the axis, 0 at lo … 1 at hi (outside: below 0 or above 1;
 * NaN for a value a log axis cannot show). */
double rs_axis_frac(const rs_plot_axis *a, double v);

/* ---- the training curve on columns --------------------------------------- */

/* One column of a plot: the steps it covers and what the curve holds there. */
typedef struct {
    long step0, step1;      /* the steps [step0, step1] */
    double min, max, mean;  /* over its finite values; NaN when none */
    long count, bad;        /* finite values; not finite or above the ceiling */
} rs_curve_col;

/* The steps [first, last] of the curve (false when it is empty). */
bool rs_curve_span(const rs_curve *c, long *first, long *last);

/* The curve's kind k over steps [from, to] onto n columns of equal step
 * width (the last may be short). A bucket goes to the column of its middle
 * step, so min and max stay exact (a column's min is the least of its
 * buckets' minima); a column no bucket falls in has count and bad 0 and
 * NaN values. Returns n. */
int rs_curve_columns(const rs_curve *c, rs_curve_kind k, long from, long to, int n, rs_curve_col *out);

/* ---- drawing a curve ------------------------------------------------------ */

/* The axis for curve columns: fitted to their means (and the references),
 * log when the means span more than two decades; widened to take in the
 * columns' minima and maxima when that costs at most half the range again
 * (a decade on a log axis) — a spike further out is clipped at the edge,
 * it does not flatten the curve. */
rs_plot_axis rs_axis_for_columns(const rs_curve_col *const *cols, const int *n, int sets, const double *refs, int nrefs,
                            int max_ticks);

/* The curve's columns onto a braille canvas, one column per dot column
 * (n = 2·canvas width): for each column the edges of its band, a dot at
 * its min and one at its max, in band_role (a filled band of a noisy loss
 * would hide the line),
 * and the means joined by a line in line_role (over a gap of empty columns
 * too, so a sparse start still reads as a line). Values outside the axis
 * are clipped at its edge. band_role 0: no band. */
void rs_plot_curve(rs_braille *c, const rs_plot_axis *y, const rs_curve_col *cols, int n, int band_role, int line_role);

/* A horizontal line at value v across the canvas, every other dot (a
 * reference, dotted so a curve on it still shows); nothing when v is off
 * the axis. Returns the dot row, or −1. */
int rs_plot_hline(rs_braille *c, const rs_plot_axis *y, double v, int role);

/* The dot row of value v on a canvas h cells high (0 at the top), clamped
 * to the canvas; −1 for NaN. */
int rs_plot_dot_row(const rs_plot_axis *y, double v, int h);

#endif
