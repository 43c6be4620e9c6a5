/* The figures of issue 14's three views, each as CSV and SVG written to a
 * FILE * (the caller opens and closes it): the spectrum (figure_spectrum.c),
 * the itemized gradients (figure_itemized.c) and the phase diagram of a
 * sweep (figure_phase.c). Each returns 0, or −1 when a write failed. */
#ifndef RS_VIEW_FIGURES_H
#define RS_VIEW_FIGURES_H

#include <stdio.h>

#include "rnnscope/session.h"
#include "rnnscope/sweep.h"

/* ---- the spectrum ------------------------------------------------------------- */

/* n snapshots of rs_session_spectrum (oldest first, e.g. at initialisation
 * and after training) as CSV: "step,set,re,im", one row per eigenvalue, set
 * being W_hh, W_sk or jacobian (rs_eig_matrix_names). */
int rs_spectrum_csv(FILE *f, const rs_spectrum *const snaps[], int n);

/* The same as a picture of the complex plane, equal aspect: the unit circle,
 * the circle of radius σ_max of the newest snapshot, the circle law's disc
 * (an iid init of W_hh), the newest eigenvalues filled and the older ones
 * hollow; a legend with ρ, σ_max, γ·σ_max; s for the title and caption. */
int rs_spectrum_svg(FILE *f, const rs_spectrum *const snaps[], int n, const rs_session *s);

/* ---- the itemized gradients --------------------------------------------------- */

/* The rows that predict as CSV: "quantity,t_prime,s_1,…,s_T", first every g_h
 * row (‖∂L_{t′}/∂h_s‖), then every g_x row (‖∂L_{t′}/∂x_s‖); s > t′ is left
 * blank (a prediction does not depend on later steps). */
int rs_itemized_csv(FILE *f, const rs_itemized *it);

/* Two triangles side by side (g_h, g_x): row t′, column s, on the heat map's
 * colour scale — each row relative to its own value at s = t′ — and, for a
 * task whose inputs are symbols and T ≤ 120, the sequence's symbols under the
 * g_x triangle coloured by the last prediction's connectivity. s (the
 * session the rows are of) gives the task's symbols, the title and caption. */
int rs_itemized_svg(FILE *f, const rs_itemized *it, const rs_session *s);

/* ---- the phase diagram ---------------------------------------------------------- */

/* The sweep's grid (finished) as a heat map: colour = the mean per-step decay
 * (log scale, around 1: cold vanishing, hot exploding), the reach written in
 * each cell, diverged cells marked, and the γ·σ_max = 1 line at
 * initialisation (marching squares through the cells' centres). */
int rs_phase_svg(FILE *f, const rs_sweep *sw);

#endif
