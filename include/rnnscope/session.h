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
    /* Pascanu's numbers of the weights this step trained with (before its
     * update): σ_max and γ·σ_max every step; ρ on its schedule
     * (stats.spectral_every), so radius_step says whose weights the radius
     * is of: this step's when it equals step, an earlier one's otherwise. */
    double sigma_max, bound, radius;
    long radius_step;
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

/* ---- the memory budget ----------------------------------------------------
 * A session's memory is known before anything is allocated (the model, one
 * training pass — O(T·B·H) — and the plots' history — O(stats.history·T));
 * a config that would need more than the limit is refused with what it
 * would need and which keys to lower, instead of filling the machine. */

/* The bytes a session of these settings allocates. */
size_t rs_session_bytes(const rs_settings *set);
/* The limit for cfg: stats.memory_limit MiB, or (0) half of the machine's
 * physical memory; why (may be NULL) says which, for messages. */
size_t rs_memory_limit(const rs_config *cfg, char *why, size_t n);
/* 0 when n sessions of these settings fit under cfg's limit together; else
 * −1 and e (RS_ERR_INPUT): what they would need and which keys to lower. */
int rs_budget_check(const rs_settings *const sets[], int n, const rs_config *cfg, rs_error *e);
/* The settings a session of cfg would have (a text task's file is read for
 * its alphabet, then let go: out->task.text is NULL); −1 and e when cfg
 * cannot be built. For checking a budget before anything is allocated. */
int rs_config_settings(const rs_config *cfg, rs_settings *out, rs_error *e);
/* The settings a session would build from cfg (with its own text corpus);
 * −1 and e when cfg cannot be built. For checking a budget ahead. */
int rs_session_settings_for(const rs_session *s, const rs_config *cfg, rs_settings *out, rs_error *e);

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
/* A number that changes whenever what the session shows may have changed —
 * weights, batch, forward or backward pass, config (a step, an attempt that
 * diverged, a step-through, a reset, a configure) — and is never the same
 * for two states, nor for two sessions, of one process. Front ends key
 * their caches of derived numbers (spectrum, itemized) by it. */
long rs_session_revision(const rs_session *s);
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

/* ρ and the eigenvalues (a dgeev, H³: at large H more than a step) are
 * computed in the step that needs them, so a row's ρ is of its own weights
 * (the default: headless runs, tests); the live view runs them in the
 * background instead, published half a period later, so a frame never waits. */
void rs_session_spectral_in_background(rs_session *s, bool on);

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

/* ---- the spectrum view ----------------------------------------------------------
 * Why σ = 0.1 vanishes and σ = 0.3 explodes: where the eigenvalues of W_hh
 * lie relative to the unit circle (Pascanu, Mikolov & Bengio 2013, §3.1).
 * What is drawn depends on the cell:
 *   rnn    the eigenvalues of W_hh (current weights)
 *   skip   those of W_hh and of W_sk, two sets (the one-step and the k-step path)
 *   lstm   those of the one-step state Jacobian ∂(h_T, c_T)/∂(h_{T−1}, c_{T−1})
 *   gru    those of ∂h_T/∂h_{T−1}
 * the gated cells' of sequence b of the last forward pass: their memory path
 * is multiplied by gates, so W_hh alone says little; the Jacobian, which
 * includes the gates, is what multiplies the gradient per step back. */
typedef enum { RS_EIG_W_HH, RS_EIG_W_SK, RS_EIG_JACOBIAN, RS_EIG_COUNT } rs_eig_matrix;
extern const char *const rs_eig_matrix_names[];     /* "W_hh", "W_sk", "jacobian", NULL: the CSV's set column */

typedef struct {
    rs_eig_matrix matrix;
    int n;                  /* eigenvalues (H; lstm 2H) */
    const double *re, *im;  /* (n) sorted by modulus, largest first (NaN when not finite) */
    double radius;          /* ρ = max |λ| */
    double sigma_max;       /* the matrix's largest singular value: every |λ| ≤ σ_max */
    char label[96];         /* what these are, for a legend: "W_hh", "W_sk (8-step path)",
                             * "∂(h_T, c_T)/∂(h_T−1, c_T−1), sequence 1" */
} rs_eig_set;

#define RS_SPECTRUM_SETS 2

typedef struct {
    int nsets;              /* 0 (nothing to draw yet: title says why), 1, or 2 (skip) */
    rs_eig_set set[RS_SPECTRUM_SETS];
    /* For an iid init of W_hh (gaussian, uniform, xavier, he): Girko's (1985)
     * circle law — the eigenvalues of an H×H matrix of iid entries of
     * variance v fill the disc of radius √(v·H) uniformly as H grows:
     * std·√H for a gaussian (σ = 0.1, H = 32: ρ ≈ 0.57 before any training).
     * NaN for orthogonal and identity (every |λ| = gain) and gated cells. */
    double circle_law;
    double gamma, bound;    /* γ = sup|f′| and γ·σ_max(W_hh) (rnn, skip); NaN for gated cells */
    long step;              /* W_hh: after this many steps; a Jacobian: of this step's forward pass */
    int b, t;               /* a Jacobian: the sequence (0-based) and the step T it goes back from */
    char title[160];        /* one line: what the picture shows */
    void *store;            /* private: the buffers, kept between calls */
} rs_spectrum;

/* What to draw for the session's cell now, into sp (zero-initialised the
 * first time; its buffers follow the sizes). b: the sequence for a gated
 * cell's Jacobian. The session is not changed. 0; −1 and e when b is not a
 * sequence of the batch (RS_ERR_INPUT) or out of memory. Before a gated
 * cell's first forward pass, nsets = 0 and title says to train a step. */
int rs_session_spectrum(const rs_session *s, int b, rs_spectrum *sp, rs_error *e);
void rs_spectrum_free(rs_spectrum *sp);

/* ---- per-prediction gradients (the itemized view, engine.h rs_itemized) ------
 * Of sequence b of the last step's batch (a step-through under way: of the
 * step under way), with the weights that step ran with, so the rows add up
 * to the ∂L/∂h_s of sequence b that step computed. *it is created (or made
 * anew) for the session's sizes when NULL or of other sizes; free it with
 * rs_itemized_free. Costs T backward passes of one sequence — outside
 * training, never inside a step; the session is not changed. 0; −1 and e
 * before the first step or when b is not a sequence of the batch
 * (RS_ERR_INPUT), or out of memory. */
int rs_session_itemized(const rs_session *s, int b, rs_itemized **it, rs_error *e);

/* ---- measuring without training -------------------------------------------------- */

/* The gradient at the current weights and nothing more: a batch (drawn as
 * a step draws it), the forward and backward pass, their statistics into
 * *st (step = the steps trained so far, clip_scale 1) and the per-timestep
 * vectors (rs_session_vector) — no clipping, no update, no history, no
 * change to the step count or to rs_session_last. A step-through under way
 * is finished this way. For measuring a fresh session at initialisation
 * (rnnscope sweep --steps 0); the next step trains on a new batch. No
 * allocation. */
void rs_session_differentiate(rs_session *s, rs_step_stats *st);

/* The rnnscope-state/1 JSON of DESIGN §6 for the last step (before its
 * update). −1 with a message when no step has been trained. */
int rs_session_export_state(const rs_session *s, FILE *f, char *err, size_t errlen);

#endif
