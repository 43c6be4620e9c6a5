/* rnnscope sweep: the phase diagram — where the boundary between vanishing
 * and exploding gradients lies. A grid of configurations (two keys, e.g.
 * init.std on a log grid × model.activation), one session per cell trained
 * N steps (or, with N = 0, only differentiated at initialisation), measured:
 * the reach, the mean per-step decay, the final loss, whether it diverged,
 * and γ·σ_max at initialisation — the line γ·σ_max = 1 below which the
 * gradient must vanish (Pascanu, Mikolov & Bengio 2013).
 *
 * Every core works on it: worker threads take cells off a shared counter,
 * each owning the session of its cell. A cell depends only on its config
 * and seeds, so the grid — and its CSV, byte for byte — is the same with
 * any number of workers. Starting, polling and waiting are separate calls:
 * the CLI draws progress between them, a live view can too. */
#ifndef RNNSCOPE_SWEEP_H
#define RNNSCOPE_SWEEP_H

#include <stdbool.h>
#include <stdio.h>

#include "rnnscope/config.h"

#define RS_AXIS_MAX 256

/* One axis of the grid: a config key and its values, as text rs_config_set takes. */
typedef struct {
    char key[48];
    int count;
    char value[RS_AXIS_MAX][40];
    double number[RS_AXIS_MAX];     /* a numeric key's values; NaN for a choice */
    bool numeric;                   /* the key is a number (int or real) */
    bool log;                       /* a range spaced evenly on a log scale */
} rs_axis;

/* "key=from:to:log:count", "key=from:to:lin:count" (count values, both ends
 * included; an integer key's are rounded) or "key=a,b,c" (a list; a choice
 * key's choices, or numbers). −1 and e (RS_ERR_INPUT: what is wrong and what
 * is allowed) for an unknown key, a key that does not change training
 * (scenario.*, view.*), a text key, a malformed range or more than
 * RS_AXIS_MAX values. The values themselves are checked by rs_sweep_create. */
int rs_axis_parse(rs_axis *a, const char *arg, rs_error *e);

/* What one cell measured. */
typedef struct {
    int T;
    long steps;             /* steps trained: N, fewer when it diverged; 0 for N = 0 */
    int reach;              /* rs_reach of the last finite step's g_h (0 when none) */
    double decay;           /* rs_mean_decay of the same g_h: the geometric mean per-step factor */
    double loss, acc;       /* mean over the last min(100, N) finite steps; N = 0: at initialisation */
    bool diverged;
    long diverged_at;       /* rs_session_diverged_at: the first step that failed, 0: none (N = 0: 1
                             * when the loss or gradient at initialisation is not finite or past
                             * RS_DIVERGENCE_CEILING) */
    double bound, sigma_max, radius, gamma;     /* rs_spectral at initialisation: bound = γ·σ_max */
} rs_sweep_cell;

typedef struct rs_sweep rs_sweep;

/* A grid over base: columns x, rows y (NULL: one row), each cell trained
 * steps steps (0: one forward and backward pass at initialisation, no
 * update). Every cell's config is built and checked here (the values are
 * allowed, the keys apply to some cell): NULL and e otherwise. */
rs_sweep *rs_sweep_create(const rs_config *base, const rs_axis *x, const rs_axis *y, long steps, rs_error *e);
void rs_sweep_free(rs_sweep *sw);

int rs_sweep_nx(const rs_sweep *sw);
int rs_sweep_ny(const rs_sweep *sw);
long rs_sweep_steps(const rs_sweep *sw);
const rs_axis *rs_sweep_x(const rs_sweep *sw);
const rs_axis *rs_sweep_y(const rs_sweep *sw);     /* NULL when there is one row */
const rs_config *rs_sweep_base(const rs_sweep *sw);

/* The config of cell (i, j): column i, row j. */
void rs_sweep_cell_config(const rs_sweep *sw, int i, int j, rs_config *out);

/* Start jobs worker threads (fewer when there are fewer cells) and return.
 * −1 and e when no thread could be started. A sweep runs once. */
int rs_sweep_start(rs_sweep *sw, int jobs, rs_error *e);
/* Cells finished so far; safe to call while the workers run. */
int rs_sweep_done(const rs_sweep *sw);
/* Cell (i, j), or NULL while it is not finished (safe while the workers run). */
const rs_sweep_cell *rs_sweep_cell_at(const rs_sweep *sw, int i, int j);
/* True once every worker has stopped (every cell finished, or failed, or
 * the sweep was cancelled): rs_sweep_wait then returns at once. */
bool rs_sweep_finished(const rs_sweep *sw);
/* Ask the workers to stop after the step they are in. */
void rs_sweep_cancel(rs_sweep *sw);
/* Wait for the workers. 0 when every cell finished; −1 and e: the error of
 * the first cell (in grid order) whose session could not be built, or
 * "cancelled after k of n cells" (RS_ERR_IO). */
int rs_sweep_wait(rs_sweep *sw, rs_error *e);

/* The finished grid as CSV, one line per cell, rows then columns:
 * "i,j,<x key>[,<y key>],steps,reach,T,decay,loss,acc,diverged,diverged_at,
 * bound,sigma_max,radius". The same bytes whatever the number of workers. */
int rs_sweep_csv(FILE *f, const rs_sweep *sw);

#endif
