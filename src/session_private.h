/* The session's state, shared by session.c and session_export.c only. */
#ifndef RS_SESSION_PRIVATE_H
#define RS_SESSION_PRIVATE_H

#include "rnnscope/session.h"

/* Engine specs derived from a config. */
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

struct rs_session {
    rs_config cfg;
    rs_settings set;

    /* sized by the model */
    rs_model *model;
    rs_optimizer_state *opt;
    rs_spectral_workspace *spectral_ws;
    double *clipped;            /* (nparams) the gradient after clipping: what the optimiser applies */
    double *params_before;      /* (nparams) the weights the last step (or attempt) ran with */
    double *undo_params;        /* (nparams) the weights before the last update ... */
    double *undo_m, *undo_v;    /* (nparams) ... and the optimiser state: to undo it */
    long undo_t;

    /* sized by the model, T and B */
    rs_workspace *ws;
    rs_batch *batch;            /* the last step's (or attempt's) batch */
    rs_batch *prev_batch;       /* the batch of the step before */

    gsl_rng *weight_rng, *data_rng;

    /* the text task's corpus, and the task.file it was read from ("" = none) */
    rs_text text;
    char text_path[sizeof ((rs_config *)0)->task.file];

    long steps;                 /* successful steps since the reset */
    bool retry_batch;           /* the next step uses `batch` again */
    bool retry_prev_batch;      /* the next step uses `prev_batch` again (its update was undone) */
    bool diverged;
    long diverged_at;
    const char *divergence;
    bool have_last;
    rs_step_stats last;
    rs_spectral spectral;

    /* history ring: the last hist_cap steps; vectors at length hist_T */
    size_t hist_cap, hist_count, hist_next;
    int hist_T;
    rs_step_stats *hist_stats;  /* (hist_cap) */
    double *hist_vec;           /* (hist_cap, RS_VEC_KINDS, hist_T) */

    /* step-through */
    bool bptt_active;
    rs_bptt_cursor cursor;
    double bptt_product;
    rs_bptt_view bptt_view;     /* the last step of the step-through, for rs_session_bptt_last */
    bool have_bptt_view;
};

#endif
