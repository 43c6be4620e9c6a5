/* The views of the heat map: which per-timestep quantity it shows, its name,
 * symbol and one-line meaning, per cell (pure). */
#ifndef RS_VIEW_VIEWS_H
#define RS_VIEW_VIEWS_H

#include <stdbool.h>

#include "rnnscope/config.h"
#include "rnnscope/session.h"

/* Views: the per-timestep vectors in rs_vector_kind order (so a view below
 * RS_VIEW_UNITS is its vector kind), g_c being the lstm's, then the per-unit
 * view — those are the heat map's — then the three that draw a picture of
 * their own in the heat map's place (issue 14): the eigenvalues in the
 * complex plane (spectrum), the per-prediction gradient triangle
 * (itemized) and the phase diagram of the run's neighbours (phase). */
enum {
    RS_VIEW_G_C = RS_VEC_G_C,
    RS_VIEW_UNITS = RS_VEC_KINDS,
    RS_VIEW_SPECTRUM,
    RS_VIEW_ITEMIZED,
    RS_VIEW_PHASE,
    RS_VIEW_COUNT
};

/* Generic names and texts (as for an rnn); the functions below say what a
 * view means for a given cell. The names are view.mode's choices, in order. */
extern const char *const rs_view_names[RS_VIEW_COUNT];      /* "g_h", …, "g_c", "units", "spectrum", "itemized", "phase" */
extern const char *const rs_view_symbols[RS_VIEW_COUNT];    /* "‖∂L/∂h_t‖" … (UTF-8) */
extern const char *const rs_view_symbols_ascii[RS_VIEW_COUNT];
extern const char *const rs_view_meanings[RS_VIEW_COUNT];   /* one line, plain words */
extern const char *const rs_view_nouns[RS_VIEW_COUNT];      /* "gradient", "connectivity", … */

int rs_view_index(const char *name);   /* −1 when unknown */

/* Whether the view is drawn as the heat map (rows of steps or units × t);
 * false for spectrum, itemized and phase, which have panels of their own. */
bool rs_view_is_heat(int view);

/* Whether the cell measures the view (g_c: only the lstm has a cell state). */
bool rs_view_applies(int view, rs_cell cell);
/* The next view that key v offers for the cell: g_h, g_c (lstm only), g_x,
 * g_w, dact, sat, units, spectrum, itemized, phase, and round again; the
 * previous one (key V: from g_h, phase). */
int rs_view_next(int view, rs_cell cell);
int rs_view_prev(int view, rs_cell cell);
/* The view's symbol, meaning and noun for the cell: dact is the mean forget
 * gate for the lstm and the mean 1 − z for the gru; sat counts σ gates. */
const char *rs_view_symbol(int view, rs_cell cell, bool utf8);
const char *rs_view_meaning(int view, rs_cell cell);
const char *rs_view_noun(int view, rs_cell cell);

/* The view a config asks for (view.mode), whether its scale is relative
 * (view.scale), and its colour range in decades (view.range; 0 = fit). */
int rs_view_of_config(const rs_config *cfg);
bool rs_view_relative(const rs_config *cfg);
int rs_view_range(const rs_config *cfg);
/* The steps each cell of the phase view trains (view.phase_steps). */
long rs_view_phase_steps(const rs_config *cfg);

#endif
