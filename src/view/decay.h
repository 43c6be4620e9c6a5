/* The decay profile (issue 10): log₁₀ ‖∂L/∂h_t‖ / ‖∂L/∂h_T‖ against t for
 * the latest step, as the papers draw it (Pascanu, Mikolov & Bengio 2013,
 * Fig. 3; Bengio et al. 1994): a line whose slope is the decay per step —
 * sigmoid steep, tanh shallower, LSTM flat. Over it, where it applies, the
 * theory's envelope (γ·σ_max)^(T−t), and the 10⁻⁶ line below which the
 * gradient no longer reaches (rnnscope's "reach").
 *
 * Pure: the series from a session (or a vector, for the tests), its
 * drawing on a braille canvas with the heatmap's columns (the same rs_tbins,
 * so t lines up with the heat map above), the y ticks, and an SVG line plot
 * of the same series for slides. */
#ifndef RS_VIEW_DECAY_H
#define RS_VIEW_DECAY_H

#include <stdbool.h>
#include <stdio.h>

#include "bins.h"
#include "braille.h"
#include "rnnscope/session.h"

/* The longest sequence the profile holds (task.length's maximum). */
#define RS_DECAY_MAX_T 1000

/* The y range, in decades relative to t = T, the same for every toggle and
 * both sides of compare mode, so a slope means the same whatever is shown:
 * wide enough that the sigmoid RNN on the adding task at T = 50 (10⁻⁴³ at
 * t = 1) stays on it, with room above 1 for gradients that grow going back.
 * A value off the range leaves the plot at its edge. */
#define RS_DECAY_LO (-50.0)
#define RS_DECAY_HI 10.0

/* The span for the heat map's range of ±range decades (view.range; 0 =
 * fit): RS_DECAY_LO … RS_DECAY_HI up to the default ±32; a wider rung
 * (64, 128, 308 — what one picks to see an explosion) widens the profile
 * to ±range too, so a gradient that grows going back stays on it. */
void rs_decay_span(int range, double *lo, double *hi);

/* The reach line: 10⁻⁶ of the gradient at t = T (RS_REACH_FRACTION). */
#define RS_DECAY_REACH_DECADES (-6.0)

/* Whether Pascanu's envelope bounds the profile, and if not, why. It holds
 * for the plain rnn with a readout at the last step only: then ∂L/∂h_t is
 * ∂L/∂h_T times T − t Jacobians diag(f′) W_hh, each of norm ≤ γ·σ_max. */
typedef enum {
    RS_DECAY_THEORY_APPLIES,
    RS_DECAY_THEORY_SKIP,       /* W_sk h_{t−k}: a second, k-step route back */
    RS_DECAY_THEORY_GATED,      /* lstm, gru: the memory path is multiplied by gates, not W_hh */
    RS_DECAY_THEORY_EVERY,      /* a loss at every step: ∂L/∂h_t gets terms of its own */
} rs_decay_theory;

rs_decay_theory rs_decay_theory_of(rs_cell cell, rs_readout readout);
/* What holds instead, in a line (brief: for a narrow panel); "" when it applies. */
const char *rs_decay_theory_note(rs_decay_theory th, bool brief);

/* What a timestep's point is. */
typedef enum {
    RS_DECAY_NONE,          /* not computed (a step-through not there yet), or no ratio */
    RS_DECAY_VALUE,         /* logr holds log₁₀ of the ratio */
    RS_DECAY_ZERO,          /* exactly 0: cut by truncated BPTT (below every range) */
    RS_DECAY_NONFINITE,     /* NaN or Inf: the ✕ */
} rs_decay_class;

typedef struct {
    int T;                              /* timesteps (≤ RS_DECAY_MAX_T) */
    bool have;                          /* a step to show */
    bool noref;                         /* ‖∂L/∂h_T‖ is 0 or not finite: no ratio */
    double logr[RS_DECAY_MAX_T];        /* log₁₀ ‖∂L/∂h_t‖/‖∂L/∂h_T‖, index t − 1 */
    unsigned char cls[RS_DECAY_MAX_T];  /* rs_decay_class */
    rs_decay_theory theory;
    double log_rate;                    /* log₁₀ γ·σ_max (NaN when the theory does not apply) */
    int reach;                          /* timesteps back from T above 10⁻⁶ (rs_reach) */
} rs_decay_series;

/* The series of a vector g_h[0 … T−1] whose first known timestep is
 * known_from (a step-through fills in from T down), for a cell with a
 * readout, with γ·σ_max = bound (NaN: not known). */
void rs_decay_from_vector(rs_decay_series *d, const double *g_h, int T, int known_from, rs_cell cell,
                          rs_readout readout, double bound);
/* The series of a session's latest step (its attempt, when it diverged;
 * the timesteps a step-through has reached). */
void rs_decay_from_session(rs_decay_series *d, const rs_session *s);

/* The envelope at timestep t, in decades: (T − t)·log₁₀ γ·σ_max; NaN when
 * it does not apply. */
double rs_decay_envelope(const rs_decay_series *d, int t);

/* Y ticks in decades over [lo, hi]: 0 and every 1, 2, 5, 10, 20, … decades
 * so that at most max_ticks fit. Returns the count. */
int rs_decay_ticks(double lo, double hi, int max_ticks, double *out, int max);

/* ---- drawing on a braille canvas ------------------------------------------- */

/* The roles of the canvas, lowest first (a cell takes the highest role of
 * its dots): reference lines under the theory under the measured lines;
 * the right side of compare mode under the left. */
enum {
    RS_DECAY_ROLE_REACH = 1,
    RS_DECAY_ROLE_MARK,         /* a task marker's column */
    RS_DECAY_ROLE_ENVELOPE,
    RS_DECAY_ROLE_SERIES,       /* series k has role RS_DECAY_ROLE_SERIES + (n − 1 − k) */
};

/* The dot column of timestep t on a canvas whose columns are the heat
 * map's bins tb (several timesteps of a bin spread across its dots). */
double rs_decay_dot_x(const rs_tbins *tb, int t);
/* The dot row of y decades on a canvas h cells high over [lo, hi] (may be
 * outside the canvas). */
double rs_decay_dot_y(double y, double lo, double hi, int h);

/* Draw n series (0 the left or only side, on top), the envelope of those it
 * applies to, the 10⁻⁶ line and the task's marker columns (marks[i] a
 * timestep) onto c, the canvas over the columns of tb and the decades
 * [lo, hi]. A point off the range leaves at the edge; a zero (cut by
 * truncation) runs along the bottom edge; a non-finite point is not drawn (the caller marks it ✕ at
 * rs_decay_dot_x). */
void rs_decay_draw(rs_braille *c, const rs_tbins *tb, double lo, double hi, const rs_decay_series *const *d, int n,
                   const int *marks, int nmarks);

/* ---- an SVG line plot --------------------------------------------------------- */

/* The profile of n series as a standalone SVG line plot: axes with decade
 * ticks over [lo, hi], the reach line, the envelope where it applies, the
 * marker columns, a legend naming each series (names[k]) and the title. 0,
 * or −1 when writing failed. */
int rs_decay_svg(FILE *f, const rs_decay_series *const *d, const char *const *names, int n, double lo, double hi,
                 const int *marks, int nmarks, const char *title);

#endif
