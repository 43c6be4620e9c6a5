/* rnnscope session: one training run — model, task, optimiser and statistics
 * history — built from a config. The terminal UI and the headless CLI drive
 * this same API, so anything the screen shows can be produced and tested
 * without a terminal. */
#ifndef RNNSCOPE_SESSION_H
#define RNNSCOPE_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rnnscope/config.h"
#include "rnnscope/curve.h"
#include "rnnscope/engine.h"
#include "rnnscope/task.h"

typedef struct rs_session rs_session;

typedef enum { RS_STEP_OK, RS_STEP_DIVERGED } rs_step_status;

/* A loss or gradient norm above this counts as a divergence, like NaN or Inf:
 * there the numbers no longer mean anything for learning — one more update of
 * that size overflows the weights or the next forward pass (double ends at
 * 1.8·10³⁰⁸), and a curve or heat map scaled to it says nothing about the
 * rest. Never "recovered" at 4.7·10³⁰⁶. */
#define RS_DIVERGENCE_CEILING 1e100

/* The per-timestep quantities of DESIGN §3, each a vector of length T (the
 * exact definitions per cell are in engine.h, at rs_bptt_step). The first
 * RS_VEC_COUNT are measured for every cell; RS_VEC_G_C, which only the lstm
 * has, comes after them (NaN throughout for the other cells), and
 * RS_VEC_KINDS counts them all. The history ring keeps all RS_VEC_KINDS. */
typedef enum {
    RS_VEC_G_H,     /* ‖∂L/∂h_t‖ over batch × hidden, total derivative */
    RS_VEC_G_X,     /* ‖∂L/∂x_t‖: how much input t can still move the loss */
    RS_VEC_G_W,     /* ‖δ_t h_{t−1}ᵀ‖: timestep t's share of ∂L/∂W_hh */
    RS_VEC_DACT,    /* mean |f′(a_t)| (rnn, skip); mean forget gate (lstm); mean 1 − z (gru) */
    RS_VEC_SAT,     /* fraction of units with |f′| < 1 % of sup |f′| (gated cells: of σ gates) */
    RS_VEC_COUNT,   /* the vectors every cell has */
    RS_VEC_G_C = RS_VEC_COUNT,  /* lstm ‖∂L/∂c_t‖ over batch × hidden, total; NaN for other cells */
    RS_VEC_KINDS
} rs_vector_kind;

extern const char *const rs_vector_names[];   /* "g_h", "g_x", "g_w", "dact", "sat", "g_c", NULL */

/* The scalar record of one training step. */
typedef struct {
    long step;          /* 1-based */
    int T;              /* sequence length it was trained at */
    int tbptt;          /* the truncation window it was trained with (0: full BPTT) */
    double loss, acc;
    double grad_norm;   /* global L2 norm before clipping */
    double clip_scale;  /* ‖clipped‖ / ‖raw‖, 1 = untouched */
    int reach;          /* rs_reach of g_h */
    double decay;       /* rs_mean_decay of g_h (NaN when undefined) */
} rs_step_stats;

/* The engine specs a session builds from its config: what the front ends
 * read, typed (switch on rs_cell, rs_clip, …; never compare a choice string). */
typedef struct {
    rs_model_spec model;
    rs_init_spec init;
    rs_task_spec task;
    rs_optimizer_spec optimizer;
    rs_clip clip;
    double clip_threshold;
    int tbptt, batch;
    size_t history;
    long spectral_every;
} rs_settings;

/* Create a session; NULL and e (kind RS_ERR_INPUT with a message naming the
 * key, e.g. a task length too short for the copy task; RS_ERR_MEMORY; RS_ERR_IO
 * for an unreadable text file) when the config cannot be built. */
rs_session *rs_session_create(const rs_config *cfg, rs_error *e);
void rs_session_free(rs_session *s);

/* One training step: a batch (a fresh one, or again the one that diverged),
 * forward, BPTT, statistics, clipping, optimiser update. On a non-finite loss
 * or gradient (or update) the weights stay those of the last finite step and
 * the session is diverged until a step succeeds; diverged steps are not
 * counted and leave no history. No allocation. */
rs_step_status rs_session_step(rs_session *s);

/* Take a changed config. Keys for which rs_key_resets() is true re-initialise
 * the weights from the weight seed and restart the data from the data seed
 * (step 0, history cleared); the others continue from the current weights.
 * −1 and e when the new config cannot be built (nothing changes). */
int rs_session_configure(rs_session *s, const rs_config *cfg, rs_error *e);

/* Back to step 0: weights from the weight seed, batches from the data seed. */
void rs_session_reset(rs_session *s);

const rs_config *rs_session_config(const rs_session *s);
const rs_settings *rs_session_settings(const rs_session *s);
const rs_model *rs_session_model(const rs_session *s);
const rs_task_spec *rs_session_task(const rs_session *s);
const rs_batch *rs_session_batch(const rs_session *s);          /* the last step's batch */
const rs_workspace *rs_session_workspace(const rs_session *s);  /* the last step's activations */
long rs_session_steps(const rs_session *s);
bool rs_session_diverged(const rs_session *s);
/* The first step that failed since the reset, 0 if none. A failed step is the
 * one the next attempt redoes: when the loss or gradient of step N+1 goes bad
 * at the weights after step N, step N's update is undone and step N is the
 * failure (its row, the CSV's row, the banner and the status line all say N);
 * with nothing to undo, the failure is the attempt itself. */
long rs_session_diverged_at(const rs_session *s);
/* What went wrong in the last failed step, in words: "the loss became NaN",
 * "the gradient norm passed 10¹⁰⁰", "the update overflowed the weights"; "" if none. */
const char *rs_session_divergence(const rs_session *s);
double rs_session_chance_loss(const rs_session *s);

/* The last step (NULL before the first), and its per-timestep vectors. */
const rs_step_stats *rs_session_last(const rs_session *s);
const double *rs_session_vector(const rs_session *s, rs_vector_kind k);

/* σ_max, spectral radius, γ and γ·σ_max of the current W_hh; recomputed every
 * stats.spectral_every steps and after every re-initialisation. For lstm and
 * gru only σ_max (of the whole recurrent matrix): the others are NaN, "does
 * not apply" (see rs_spectral in engine.h). */
rs_spectral rs_session_spectral(const rs_session *s);

/* |∂L/∂h_t| per hidden unit of the last step (the norm over the batch) into
 * out, H × T, unit-major; 0 where a step-through has not reached t yet. */
void rs_session_unit_norms(const rs_session *s, double *out);

/* The whole run's loss, accuracy and gradient norm (before clipping) in
 * bounded memory (curve.h); diverged attempts are counted as bad values. */
const rs_curve *rs_session_curve(const rs_session *s);

/* History ring buffer of the last stats.history steps, i = 0 the oldest. A
 * vector is NULL when the step was trained at another length than now. */
size_t rs_session_history_count(const rs_session *s);
const rs_step_stats *rs_session_history_stats(const rs_session *s, size_t i);
const double *rs_session_history_vector(const rs_session *s, size_t i, rs_vector_kind k);

/* BPTT step-through (DESIGN §3). begin: a batch and its forward pass, the
 * cursor at t = T. step: one timestep back. finish: the remaining timesteps
 * and the rest of an ordinary training step. A step-through step gives
 * bit-for-bit the gradients and update of rs_session_step. */
typedef struct {
    int t;              /* the timestep just processed */
    double delta_norm;  /* ‖δ_t‖ = ‖∂L/∂a_t‖ over batch × hidden (gated: × all gates) */
    double g_h;         /* ‖∂L/∂h_t‖ */
    double ratio;       /* g_h[t] / g_h[T] */
    double jacobian;    /* rs_local_jacobian_norm at t (NaN at t = T; per cell, see engine.h) */
    double product;     /* running product of the jacobians from T−1 down to t */
} rs_bptt_view;

void rs_session_bptt_begin(rs_session *s);
bool rs_session_bptt_step(rs_session *s, rs_bptt_view *view);   /* false: none left */
rs_step_status rs_session_bptt_finish(rs_session *s);
bool rs_session_bptt_active(const rs_session *s);
/* The view of the last rs_session_bptt_step of the step-through under way;
 * false when none is under way or none was taken since begin. */
bool rs_session_bptt_last(const rs_session *s, rs_bptt_view *view);
int rs_session_bptt_t(const rs_session *s);   /* next timestep to process, 0 = done */

/* The rnnscope-state/1 JSON of DESIGN §6 for the last step (before its
 * update). −1 with a message when no step has been trained. */
int rs_session_export_state(const rs_session *s, FILE *f, char *err, size_t errlen);

#endif
