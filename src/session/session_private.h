/* The session's state, shared by session.c and export.c only. */
#ifndef RS_SESSION_PRIVATE_H
#define RS_SESSION_PRIVATE_H

#include "rnnscope/curve.h"
#include "rnnscope/session.h"

/* The parts that are allocated together when their sizes change. A new
 * config allocates the new parts first and swaps them in only when all
 * succeeded, so a failed configure changes nothing. */

/* Sized by the model. */
typedef struct {
    rs_model *model;
    rs_optimizer_state *opt;
    rs_spectral_workspace *spectral_ws;
    double *clipped;            /* (nparams) the gradient after clipping: what the optimiser applies */
    double *params_before;      /* (nparams) the weights the last step (or attempt) ran with */
    double *undo_params;        /* (nparams) the weights before the last update ... */
    double *undo_m, *undo_v;    /* (nparams) ... and the optimiser state: to undo it */
} rs_model_parts;

/* Sized by the model, T and B. */
typedef struct {
    rs_workspace *ws;
    rs_batch *batch;            /* the last step's (or attempt's) batch */
    rs_batch *prev_batch;       /* the batch of the step before */
} rs_data_parts;

/* The history ring: the last cap steps; vectors at length T. */
typedef struct {
    size_t cap, count, next;
    int T;
    long vec_since;             /* steps before this one have no vectors (trained before a change of T) */
    rs_step_stats *stats;       /* (cap) */
    double *vec;                /* (cap, RS_VEC_KINDS, T) */
} rs_history;

struct rs_session {
    rs_config cfg;
    rs_settings set;
    rs_model_parts m;
    rs_data_parts d;
    rs_history hist;
    rs_curve curve;             /* the whole run's loss, accuracy and gradient norm, bounded */
    long undo_t;                /* the optimiser's step count before the last update */

    gsl_rng *weight_rng, *data_rng;

    /* the text task's corpus, and the task.file it was read from ("" = none) */
    rs_text text;
    char text_path[sizeof ((rs_config *)0)->task.file];

    long steps;                 /* successful steps since the reset */
    long revision;              /* rs_session_revision */
    bool retry_batch;           /* the next step uses `batch` again */
    bool retry_prev_batch;      /* the next step uses `prev_batch` again (its update was undone) */
    bool diverged;
    long diverged_at;
    const char *divergence;
    bool have_last;
    rs_step_stats last;
    rs_spectral spectral;
    long radius_step;           /* the step whose weights spectral.radius is of */
    bool spectral_background;   /* ρ on the spectral workspace's thread */
    long pending_step;          /* background: the step whose weights are being solved */

    /* step-through */
    bool bptt_active;
    rs_bptt_cursor cursor;
    double bptt_product;
    rs_bptt_view bptt_view;     /* the last step of the step-through, for rs_session_bptt_last */
    bool have_bptt_view;
};

#endif
