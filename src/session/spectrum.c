/* The spectrum view's numbers for a session (session.h rs_spectrum): the
 * eigenvalues of W_hh (and W_sk), or of a gated cell's one-step state
 * Jacobian, with σ_max, ρ and Girko's circle law. Outside training: the
 * buffers are allocated when the sizes change, never in a step. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "session_private.h"

const char *const rs_eig_matrix_names[] = {"W_hh", "W_sk", "jacobian", NULL};

/* The buffers behind an rs_spectrum, for n×n matrices. */
typedef struct {
    int n;
    rs_eigen_workspace *eig;
    double *J;                          /* (n, n) a gated cell's Jacobian */
    double *re[RS_SPECTRUM_SETS], *im[RS_SPECTRUM_SETS];   /* (n) */
} spectrum_store;

static void store_free(spectrum_store *st)
{
    if (!st)
        return;
    rs_eigen_workspace_free(st->eig);
    free(st->J);
    for (int k = 0; k < RS_SPECTRUM_SETS; k++) {
        free(st->re[k]);
        free(st->im[k]);
    }
    free(st);
}

void rs_spectrum_free(rs_spectrum *sp)
{
    store_free(sp->store);
    *sp = (rs_spectrum){0};
}

/* sp's buffers for n×n matrices: kept when the size is the same. */
static spectrum_store *store_for(rs_spectrum *sp, int n)
{
    spectrum_store *st = sp->store;
    if (st && st->n == n)
        return st;
    store_free(st);
    sp->store = NULL;
    st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->n = n;
    st->eig = rs_eigen_workspace_create(n);
    st->J = malloc((size_t)n * (size_t)n * sizeof(double));
    bool ok = st->eig && st->J;
    for (int k = 0; k < RS_SPECTRUM_SETS; k++) {
        st->re[k] = malloc((size_t)n * sizeof(double));
        st->im[k] = malloc((size_t)n * sizeof(double));
        ok = ok && st->re[k] && st->im[k];
    }
    if (!ok) {
        store_free(st);
        return NULL;
    }
    sp->store = st;
    return st;
}

/* Girko's circle law (Girko 1985; Bai 1997): the eigenvalues of an n×n matrix
 * of iid entries with variance v fill the disc of radius √(v·n) uniformly as
 * n grows. The variance of each init of W_hh (engine.h rs_init_matrix):
 * gaussian std², uniform U[−a, a] a²/3, xavier gain²·2/(H+H), he gain²·2/H.
 * Orthogonal and identity are not iid: their eigenvalues lie on the circle
 * of radius gain. */
static double circle_law(const rs_init_spec *init, int H)
{
    const double s = init->recurrent_scale;
    switch (init->recurrent) {
    case RS_INIT_GAUSSIAN: return s * sqrt((double)H);
    case RS_INIT_UNIFORM: return s * sqrt(H / 3.0);
    case RS_INIT_XAVIER: return s;
    case RS_INIT_HE: return s * sqrt(2.0);
    default: return NAN;
    }
}

/* The eigenvalues, ρ and σ_max of the n×n A into set k. */
static void fill_set(rs_spectrum *sp, spectrum_store *st, int k, rs_eig_matrix which, const double *A)
{
    rs_eig_set *set = &sp->set[k];
    *set = (rs_eig_set){.matrix = which, .n = st->n, .re = st->re[k], .im = st->im[k]};
    rs_eigenvalues(st->eig, A, st->re[k], st->im[k]);
    set->radius = hypot(st->re[k][0], st->im[k][0]);
    set->sigma_max = rs_sigma_max(st->eig, A);
    sp->nsets = k + 1;
}

int rs_session_spectrum(const rs_session *s, int b, rs_spectrum *sp, rs_error *e)
{
    const rs_model_spec *spec = &s->set.model;
    const rs_model *m = s->m.model;
    const bool gated = rs_cell_is_gated(spec->cell);
    const int B = s->d.ws->B, T = s->d.ws->T;
    if (gated && (b < 0 || b >= B)) {
        rs_error_set(e, RS_ERR_INPUT, "spectrum: sequence %d: the batch has sequences 0 … %d", b, B - 1);
        return -1;
    }
    spectrum_store *st = store_for(sp, gated ? rs_state_size(spec) : spec->hidden);
    if (!st) {
        rs_error_set(e, RS_ERR_MEMORY, "spectrum: out of memory (model.hidden = %d)", spec->hidden);
        return -1;
    }
    sp->nsets = 0;
    sp->step = s->steps;
    sp->b = -1;
    sp->t = 0;
    sp->gamma = sp->bound = sp->circle_law = NAN;

    if (!gated) {
        /* rnn, skip: the recurrent matrices themselves, as they are now. */
        sp->gamma = rs_activation_ops[spec->activation].sup_derivative(spec->leaky_slope);
        sp->circle_law = circle_law(&s->set.init, spec->hidden);
        fill_set(sp, st, 0, RS_EIG_W_HH, m->param.W_hh);
        snprintf(sp->set[0].label, sizeof sp->set[0].label, "W_hh");
        sp->bound = sp->gamma * sp->set[0].sigma_max;
        if (spec->cell == RS_CELL_SKIP) {
            fill_set(sp, st, 1, RS_EIG_W_SK, m->param.W_sk);
            snprintf(sp->set[1].label, sizeof sp->set[1].label, "W_sk (%d-step path)", spec->skip);
        }
        snprintf(sp->title, sizeof sp->title, "eigenvalues of %s after %ld training step%s",
                 spec->cell == RS_CELL_SKIP ? "W_hh and W_sk" : "W_hh", s->steps, s->steps == 1 ? "" : "s");
        return 0;
    }

    /* Gated cells: the Jacobian of the last forward pass, with the weights
     * it ran with (a step-through under way: the current ones). */
    const char *what = spec->cell == RS_CELL_LSTM ? "∂(h_T, c_T)/∂(h_T−1, c_T−1)" : "∂h_T/∂h_T−1";
    if (!s->have_last && !s->bptt_active) {
        snprintf(sp->title, sizeof sp->title, "eigenvalues of the step Jacobian %s: train a step first", what);
        return 0;
    }
    rs_model ran = *m;
    if (!s->bptt_active) {
        ran.param_block = s->m.params_before;
        ran.param = rs_params_in(m, s->m.params_before);
    }
    rs_state_jacobian(&ran, s->d.ws, T - 1, b, st->J);
    fill_set(sp, st, 0, RS_EIG_JACOBIAN, st->J);
    snprintf(sp->set[0].label, sizeof sp->set[0].label, "%s, sequence %d", what, b + 1);
    sp->step = s->bptt_active ? s->steps + 1 : s->last.step;
    sp->b = b;
    sp->t = T;
    snprintf(sp->title, sizeof sp->title, "eigenvalues of the step Jacobian %s of sequence %d, training step %ld",
             what, b + 1, sp->step);
    return 0;
}
