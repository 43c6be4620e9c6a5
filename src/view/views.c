/* The heat map's views: names, symbols and meanings per cell. */
#include "views.h"

#include <stdlib.h>
#include <string.h>

#include "colour.h"

const char *const rs_view_names[RS_VIEW_COUNT] = {"g_h", "g_x", "g_w", "dact", "sat", "g_c", "units",
                                                       "spectrum", "itemized", "phase"};
const char *const rs_view_symbols[RS_VIEW_COUNT] = {
    "‖∂L/∂h_t‖", "‖∂L/∂x_t‖", "‖δ_t h_{t−1}ᵀ‖", "mean |f′(a_t)|", "saturated share", "‖∂L/∂c_t‖", "|∂L/∂h_t| per unit",
    "eigenvalues λ of W_hh", "‖∂L_t′/∂h_s‖ per prediction", "reach per configuration",
};
const char *const rs_view_symbols_ascii[RS_VIEW_COUNT] = {
    "|dL/dh_t|", "|dL/dx_t|", "|delta_t h_{t-1}^T|", "mean |f'(a_t)|", "saturated share", "|dL/dc_t|",
    "|dL/dh_t| per unit", "eigenvalues of W_hh", "|dL_t'/dh_s| per prediction", "reach per configuration",
};
const char *const rs_view_meanings[RS_VIEW_COUNT] = {
    "how much the loss still reacts to h_t",
    "connectivity: how much input t can still change the loss",
    "step t's share of the W_hh gradient: do early steps still teach?",
    "the activation's slope: each step back multiplies by it",
    "share of saturated units (slope < 1% of max): they pass nothing",
    "the cell-state path, the constant error carousel (lstm)",
    "per hidden unit (norm over the batch), latest step; rows = units",
    "in the complex plane: outside the unit circle a direction grows each step",
    "how far back each single prediction t′ reaches (one sequence, latest step)",
    "this run's neighbours, each trained from its seeds: where vanishing turns into exploding",
};
const char *const rs_view_nouns[RS_VIEW_COUNT] = {
    "gradient", "connectivity", "weight-gradient share", "slope", "saturation", "cell-state gradient", "gradient",
    "eigenvalue", "gradient", "reach",
};

int rs_view_index(const char *name)
{
    for (int i = 0; name && i < RS_VIEW_COUNT; i++)
        if (strcmp(rs_view_names[i], name) == 0)
            return i;
    return -1;
}


bool rs_view_is_heat(int view) { return view >= 0 && view < RS_VIEW_SPECTRUM; }

bool rs_view_applies(int view, rs_cell cell)
{
    if (view < 0 || view >= RS_VIEW_COUNT)
        return false;
    return view != RS_VIEW_G_C || cell == RS_CELL_LSTM;
}

/* g_c sits beside g_h: the two paths of the lstm's gradient. */
static const int view_cycle[] = {RS_VEC_G_H, RS_VIEW_G_C, RS_VEC_G_X, RS_VEC_G_W, RS_VEC_DACT, RS_VEC_SAT,
                                 RS_VIEW_UNITS, RS_VIEW_SPECTRUM, RS_VIEW_ITEMIZED, RS_VIEW_PHASE};
enum { VIEW_CYCLE_N = sizeof view_cycle / sizeof view_cycle[0] };

/* The view dir steps along the cycle from view, skipping those the cell does not measure. */
static int view_step(int view, rs_cell cell, int dir)
{
    int at = 0;
    for (int i = 0; i < VIEW_CYCLE_N; i++)
        if (view_cycle[i] == view)
            at = i;
    for (int k = 1; k <= VIEW_CYCLE_N; k++) {
        const int next = view_cycle[((at + dir * k) % VIEW_CYCLE_N + VIEW_CYCLE_N) % VIEW_CYCLE_N];
        if (rs_view_applies(next, cell))
            return next;
    }
    return RS_VEC_G_H;
}

int rs_view_next(int view, rs_cell cell) { return view_step(view, cell, +1); }
int rs_view_prev(int view, rs_cell cell) { return view_step(view, cell, -1); }

const char *rs_view_symbol(int view, rs_cell cell, bool utf8)
{
    if (view == RS_VIEW_PHASE && rs_cell_is_gated(cell))
        return "reach per cell type";
    if (view == RS_VIEW_SPECTRUM && cell == RS_CELL_SKIP)
        return utf8 ? "eigenvalues λ of W_hh and W_sk" : "eigenvalues of W_hh and W_sk";
    if (view == RS_VIEW_SPECTRUM && rs_cell_is_gated(cell))
        return utf8 ? "eigenvalues λ of the step Jacobian" : "eigenvalues of the step Jacobian";
    if (view == RS_VEC_DACT && cell == RS_CELL_LSTM)
        return "mean f_t";
    if (view == RS_VEC_DACT && cell == RS_CELL_GRU)
        return utf8 ? "mean (1 − z_t)" : "mean (1 - z_t)";
    if (view == RS_VEC_SAT && rs_cell_is_gated(cell))
        return "saturated gates";
    return utf8 ? rs_view_symbols[view] : rs_view_symbols_ascii[view];
}

const char *rs_view_meaning(int view, rs_cell cell)
{
    if (view == RS_VIEW_SPECTRUM && rs_cell_is_gated(cell))
        return "∂s_T/∂s_T−1, gates included: outside the unit circle a direction grows per step back";
    if (view == RS_VEC_DACT && cell == RS_CELL_LSTM)
        return "mean forget gate f: each step back multiplies c_t by it";
    if (view == RS_VEC_DACT && cell == RS_CELL_GRU)
        return "mean 1 − z, the new share of h_t (memory path: × z)";
    if (view == RS_VEC_SAT && rs_cell_is_gated(cell))
        return "σ gates stuck open or shut (σ′ < 1% of ¼): they pass nothing";
    if (view == RS_VEC_G_W && rs_cell_is_gated(cell))
        return "step t's share of the W_hh gradient (all gates): do early steps teach?";
    if (view == RS_VEC_G_H && cell == RS_CELL_LSTM)
        return "how much the loss reacts to h_t (c_t held)";
    return rs_view_meanings[view];
}

const char *rs_view_noun(int view, rs_cell cell)
{
    if (view == RS_VEC_DACT && cell == RS_CELL_LSTM)
        return "forget gate";
    if (view == RS_VEC_DACT && cell == RS_CELL_GRU)
        return "share of new";
    if (view == RS_VEC_SAT && rs_cell_is_gated(cell))
        return "gate saturation";
    return rs_view_nouns[view];
}

int rs_view_of_config(const rs_config *cfg)
{
    const int v = rs_config_choice_index(cfg, "view.mode");
    return v >= 0 ? v : RS_VEC_G_H;
}

bool rs_view_relative(const rs_config *cfg)
{
    return rs_config_choice_index(cfg, "view.scale") != 1;   /* relative, absolute */
}

int rs_view_range(const rs_config *cfg)
{
    /* fit, then the ladder (test-tui-pure holds the choices equal to it) */
    const int i = rs_config_choice_index(cfg, "view.range");
    return i < 0 ? RS_RANGE_DEFAULT : i == 0 ? 0 : rs_range_ladder[i - 1];
}

long rs_view_phase_steps(const rs_config *cfg)
{
    return cfg->view.phase_steps ? strtol(cfg->view.phase_steps, NULL, 10) : 100;
}
