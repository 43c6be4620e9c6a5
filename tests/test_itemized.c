/* Per-prediction (itemized) gradients: the rows add up to the ordinary
 * backward pass — Σ_{t′} ∂L_{t′}/∂h_s = ∂L/∂h_s and the same for x — for
 * every cell, loss and readout, full and truncated BPTT; a row against
 * finite differences of L_{t′}; a readout at the last step has one row; and
 * the session's wrapper leaves the session exactly as it was. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "check_main.h"
#include "testutil.h"

#include "rnnscope/session.h"

enum { T = 9, B = 3, I = 3, H = 5, O = 4 };

typedef struct {
    rs_cell cell;
    rs_readout readout;
    rs_loss loss;
    int tbptt;
} sum_case;

static const sum_case sum_cases[] = {
#define WAYS(cell) \
    {cell, RS_READOUT_EVERY, RS_LOSS_XENT, 0}, {cell, RS_READOUT_EVERY, RS_LOSS_MSE, 0}, \
    {cell, RS_READOUT_EVERY, RS_LOSS_XENT, 4}, {cell, RS_READOUT_EVERY, RS_LOSS_MSE, 3}, \
    {cell, RS_READOUT_LAST, RS_LOSS_XENT, 0}, {cell, RS_READOUT_LAST, RS_LOSS_MSE, 4}
    WAYS(RS_CELL_RNN), WAYS(RS_CELL_LSTM), WAYS(RS_CELL_GRU), WAYS(RS_CELL_SKIP),
#undef WAYS
};

static double norm_of(const double *v, int n) { return rs_norm(v, (size_t)n); }

/* ‖a − b‖ over n numbers. */
static double distance(const double *a, const double *b, int n)
{
    double d[64];
    for (int i = 0; i < n; i++)
        d[i] = a[i] - b[i];
    return rs_norm(d, (size_t)n);
}

START_TEST(rows_add_up_to_the_ordinary_backward_pass)
{
    const sum_case *c = &sum_cases[_i];
    const rs_model_spec spec = {c->cell, RS_TANH, 0.01, I, H, O, c->readout, c->loss, 2};
    rs_model *m = rs_model_create(&spec);
    rs_workspace *ws = rs_workspace_create(&spec, T, B);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 500 + (unsigned long)_i);
    rs_batch *batch = test_batch(T, B, I, O, c->readout, c->loss, rng);
    test_randomize(m, 0.7, rng);
    rs_forward(m, ws, batch, 1, T);
    rs_loss_forward(m, ws, batch, NULL);
    rs_backward(m, ws, batch, c->tbptt);

    rs_itemized *it = rs_itemized_create(&spec, T);
    ck_assert_ptr_nonnull(it);
    ck_assert(rs_itemized_fits(it, &spec, T));
    ck_assert(!rs_itemized_fits(it, &spec, T + 1));
    for (int b = 0; b < B; b++) {
        ck_assert_int_eq(rs_itemized_compute(it, m->param_block, batch, b, c->tbptt), 0);
        ck_assert_int_eq(it->b, b);
        double worst = 0.0;
        for (int s = 1; s <= T; s++) {
            const double *dh = ws->dh + ((size_t)s * B + b) * H, *dx = ws->dx + ((size_t)(s - 1) * B + b) * I;
            const double eh = distance(it->dh_sum + (size_t)(s - 1) * H, dh, H);
            const double ex = distance(it->dx_sum + (size_t)(s - 1) * I, dx, I);
            ck_assert_msg(eh <= 1e-12 * norm_of(dh, H) && ex <= 1e-12 * norm_of(dx, I),
                          "case %d (%s %s %s tbptt %d) b=%d s=%d: |Σ − ∂L/∂h| = %g of %g, |Σ − ∂L/∂x| = %g of %g",
                          _i, rs_cell_names[c->cell], rs_readout_names[c->readout], rs_loss_names[c->loss], c->tbptt,
                          b, s, eh, norm_of(dh, H), ex, norm_of(dx, I));
            worst = fmax(worst, eh / fmax(norm_of(dh, H), 1e-300));
        }
        /* The rows: which steps predict, the triangle, and the truncation's cut. */
        int predicting = 0;
        for (int tp = 1; tp <= T; tp++) {
            const int k = c->readout == RS_READOUT_EVERY ? tp - 1 : 0;
            const bool predicts = (c->readout == RS_READOUT_EVERY || tp == T) &&
                                  (c->loss == RS_LOSS_MSE || batch->label[(size_t)k * B + b] >= 0);
            ck_assert_int_eq(it->predicts[tp - 1], predicts);
            predicting += predicts;
            for (int s = 1; s <= T; s++) {
                const double g = it->g_h[(size_t)(tp - 1) * T + (s - 1)], gx = it->g_x[(size_t)(tp - 1) * T + (s - 1)];
                const bool reached = predicts && s <= tp && rs_bptt_chunk(s, T, c->tbptt) == rs_bptt_chunk(tp, T, c->tbptt);
                if (reached)
                    ck_assert_msg(g > 0.0 && gx > 0.0, "case %d b=%d: row %d col %d is %g", _i, b, tp, s, g);
                else
                    ck_assert_msg(g == 0.0 && gx == 0.0, "case %d b=%d: row %d col %d is %g, not 0", _i, b, tp, s, g);
            }
        }
        ck_assert_int_eq(it->npredictions, predicting);
        /* A readout at the last step: its one row is the sequence's own g_h. */
        if (c->readout == RS_READOUT_LAST)
            for (int s = 1; s <= T; s++) {
                const double own = norm_of(ws->dh + ((size_t)s * B + b) * H, H);
                ck_assert(fabs(it->g_h[(size_t)(T - 1) * T + (s - 1)] - own) <= 1e-12 * own);
            }
        if (b == 0 && _i % 6 == 0)
            printf("case %2d %-4s: rows add up to ∂L/∂h to %.2g relative\n", _i, rs_cell_names[c->cell], worst);
    }
    /* Not a sequence of the batch, or a batch of another length: −1. */
    ck_assert_int_eq(rs_itemized_compute(it, m->param_block, batch, B, 0), -1);
    ck_assert_int_eq(rs_itemized_compute(it, m->param_block, batch, -1, 0), -1);
    rs_itemized_free(it);
    test_batch_free(batch);
    gsl_rng_free(rng);
    rs_workspace_free(ws);
    rs_model_free(m);
}
END_TEST

/* ---- against finite differences --------------------------------------------- */

typedef struct {
    rs_model *m;
    rs_workspace *ws;
    rs_batch *batch;
    int b, tp;
    long labelled;      /* xent: labelled rows of the whole batch */
} fd_probe;

/* L_{t′}: the loss terms of sequence b at step t′, with the batch's
 * normalisation, from h_{t′} as it stands in ws (readout every). */
static double loss_at_step(const fd_probe *p)
{
    const rs_params *w = &p->m->param;
    const double *h = p->ws->h + ((size_t)p->tp * B + p->b) * H;
    double y[O];
    for (int o = 0; o < O; o++) {
        y[o] = w->b_y[o];
        for (int j = 0; j < H; j++)
            y[o] += w->W_hy[o * H + j] * h[j];
    }
    const size_t row = (size_t)(p->tp - 1) * B + p->b;
    if (p->m->spec.loss == RS_LOSS_MSE) {
        double sum = 0.0;
        for (int o = 0; o < O; o++) {
            const double e = y[o] - p->batch->target[row * O + o];
            sum += e * e;
        }
        return sum / ((double)T * B * O);
    }
    double top = y[0];
    for (int o = 1; o < O; o++)
        top = fmax(top, y[o]);
    double z = 0.0;
    for (int o = 0; o < O; o++)
        z += exp(y[o] - top);
    return (top + log(z) - y[p->batch->label[row]]) / (double)p->labelled;
}

/* Five-point central difference of L_{t′} in *x, redoing the forward pass from step `from`. */
static double fd_in(fd_probe *p, double *x, int from)
{
    const double eps = 1e-3, saved = *x, steps[4] = {-2 * eps, -eps, eps, 2 * eps};
    double L[4];
    for (int k = 0; k < 4; k++) {
        *x = saved + steps[k];
        if (from <= T)
            rs_forward(p->m, p->ws, p->batch, from, T);
        L[k] = loss_at_step(p);
    }
    *x = saved;
    if (from <= T)
        rs_forward(p->m, p->ws, p->batch, from, T);
    return (8.0 * (L[2] - L[1]) - (L[3] - L[0])) / (12.0 * eps);
}

START_TEST(a_row_against_finite_differences)
{
    const rs_cell cells[] = {RS_CELL_RNN, RS_CELL_LSTM, RS_CELL_GRU, RS_CELL_SKIP};
    const rs_loss loss = _i % 2 ? RS_LOSS_MSE : RS_LOSS_XENT;
    const rs_model_spec spec = {cells[_i / 2], RS_TANH, 0.01, I, H, O, RS_READOUT_EVERY, loss, 3};
    rs_model *m = rs_model_create(&spec);
    rs_workspace *ws = rs_workspace_create(&spec, T, B);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 900 + (unsigned long)_i);
    rs_batch *batch = test_batch(T, B, I, O, RS_READOUT_EVERY, loss, rng);
    test_randomize(m, 0.6, rng);
    rs_forward(m, ws, batch, 1, T);
    rs_itemized *it = rs_itemized_create(&spec, T);
    const int b = 1;
    ck_assert_int_eq(rs_itemized_compute(it, m->param_block, batch, b, 0), 0);
    fd_probe p = {m, ws, batch, b, 0, 0};
    for (int r = 0; loss == RS_LOSS_XENT && r < T * B; r++)
        p.labelled += batch->label[r] >= 0;
    double worst = 0.0;
    for (int tp = 1; tp <= T; tp++) {
        if (!it->predicts[tp - 1])
            continue;
        p.tp = tp;
        for (int s = 1; s <= tp; s++) {
            /* ∂L_{t′}/∂h_s (lstm: with c_s held): perturb h_s, redo s+1 … T */
            double gh[H], gx[I];
            for (int j = 0; j < H; j++)
                gh[j] = fd_in(&p, ws->h + ((size_t)s * B + b) * H + j, s + 1);
            for (int j = 0; j < I; j++)
                gx[j] = fd_in(&p, batch->x + ((size_t)(s - 1) * B + b) * I + j, s);
            const double want_h = norm_of(gh, H), want_x = norm_of(gx, I);
            const double got_h = it->g_h[(size_t)(tp - 1) * T + s - 1], got_x = it->g_x[(size_t)(tp - 1) * T + s - 1];
            const double err = fmax(fabs(got_h - want_h) / fmax(want_h, 1e-9), fabs(got_x - want_x) / fmax(want_x, 1e-9));
            ck_assert_msg(err < 1e-6, "%s %s t′=%d s=%d: g_h %.12g vs %.12g, g_x %.12g vs %.12g",
                          rs_cell_names[spec.cell], rs_loss_names[loss], tp, s, got_h, want_h, got_x, want_x);
            worst = fmax(worst, err);
        }
    }
    printf("%-4s %-4s: itemized rows match finite differences to %.2g relative\n", rs_cell_names[spec.cell],
           rs_loss_names[loss], worst);
    rs_itemized_free(it);
    test_batch_free(batch);
    gsl_rng_free(rng);
    rs_workspace_free(ws);
    rs_model_free(m);
}
END_TEST

/* ---- the session ----------------------------------------------------------------- */

static rs_session *session(const char *const *sets)
{
    rs_config cfg;
    char err[1024];
    rs_config_defaults(&cfg);
    for (int i = 0; sets[i]; i++)
        ck_assert_msg(rs_config_set_arg(&cfg, sets[i], err, sizeof err) == 0, "%s", err);
    rs_error e = {0};
    rs_session *s = rs_session_create(&cfg, &e);
    ck_assert_msg(s != NULL, "%s", e.msg);
    return s;
}

/* Everything a front end reads of a session, copied. */
typedef struct {
    double *params, *grads, *vectors, *x;
    rs_step_stats last;
    long steps;
    size_t history;
} snapshot;

static snapshot take(const rs_session *s)
{
    const rs_model *m = rs_session_model(s);
    const rs_batch *batch = rs_session_batch(s);
    const int T_ = rs_session_workspace(s)->T;
    snapshot sn = {.steps = rs_session_steps(s), .history = rs_session_history_count(s), .last = *rs_session_last(s)};
    sn.params = malloc(m->nparams * sizeof(double));
    sn.grads = malloc(m->nparams * sizeof(double));
    sn.vectors = malloc((size_t)RS_VEC_KINDS * T_ * sizeof(double));
    sn.x = malloc((size_t)batch->T * batch->B * batch->I * sizeof(double));
    memcpy(sn.params, m->param_block, m->nparams * sizeof(double));
    memcpy(sn.grads, m->grad_block, m->nparams * sizeof(double));
    for (int k = 0; k < RS_VEC_KINDS; k++)
        memcpy(sn.vectors + (size_t)k * T_, rs_session_vector(s, (rs_vector_kind)k), (size_t)T_ * sizeof(double));
    memcpy(sn.x, batch->x, (size_t)batch->T * batch->B * batch->I * sizeof(double));
    return sn;
}

static void assert_same(const snapshot *a, const snapshot *b, size_t nparams, int T_, size_t nx)
{
    ck_assert_mem_eq(a->params, b->params, nparams * sizeof(double));
    ck_assert_mem_eq(a->grads, b->grads, nparams * sizeof(double));
    ck_assert_mem_eq(a->vectors, b->vectors, (size_t)RS_VEC_KINDS * T_ * sizeof(double));
    ck_assert_mem_eq(a->x, b->x, nx * sizeof(double));
    ck_assert_mem_eq(&a->last, &b->last, sizeof a->last);
    ck_assert_int_eq(a->steps, b->steps);
    ck_assert_uint_eq(a->history, b->history);
}

static void release(snapshot *sn)
{
    free(sn->params);
    free(sn->grads);
    free(sn->vectors);
    free(sn->x);
}

START_TEST(the_session_is_left_as_it_was)
{
    const char *const cells[] = {"model.cell=rnn", "model.cell=lstm", "model.cell=gru", "model.cell=skip"};
    const char *sets[] = {"task.name=copy", "task.copy_length=4", "task.length=16", "train.batch=4", "model.hidden=12", cells[_i],
                          "train.tbptt=6", "train.optimizer=adam", NULL};
    rs_session *s = session(sets);
    rs_itemized *it = NULL;
    rs_error e = {0};
    ck_assert_int_eq(rs_session_itemized(s, 0, &it, &e), -1);     /* no step yet */
    ck_assert_int_eq(e.kind, RS_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(e.msg, "train a step first"));
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(rs_session_step(s), RS_STEP_OK);
    const rs_model *m = rs_session_model(s);
    const rs_batch *batch = rs_session_batch(s);
    const size_t nx = (size_t)batch->T * batch->B * batch->I;
    snapshot before = take(s);
    ck_assert_int_eq(rs_session_itemized(s, 4, &it, &e), -1);     /* the batch has 4 */
    for (int b = 0; b < 4; b++) {
        ck_assert_msg(rs_session_itemized(s, b, &it, &e) == 0, "%s", e.msg);
        /* the rows add up to the last step's ∂L/∂h of sequence b (it ran with the saved weights) */
        const rs_workspace *ws = rs_session_workspace(s);
        for (int t = 1; t <= 16; t++) {
            const double *dh = ws->dh + ((size_t)t * 4 + b) * 12;
            ck_assert(distance(it->dh_sum + (size_t)(t - 1) * 12, dh, 12) <= 1e-12 * norm_of(dh, 12));
        }
        /* copy: only the recall steps predict */
        ck_assert_int_gt(it->npredictions, 0);
        ck_assert_int_lt(it->npredictions, 16);
    }
    snapshot after = take(s);
    assert_same(&before, &after, m->nparams, 16, nx);
    release(&after);

    /* A step-through under way: its own weights and batch; the session goes on unchanged. */
    rs_session_bptt_begin(s);
    rs_bptt_view v;
    rs_session_bptt_step(s, &v);
    ck_assert_int_eq(rs_session_itemized(s, 2, &it, &e), 0);
    ck_assert_int_eq(rs_session_bptt_t(s), 15);
    ck_assert_int_eq(rs_session_bptt_finish(s), RS_STEP_OK);
    const rs_workspace *ws = rs_session_workspace(s);
    for (int t = 1; t <= 16; t++) {
        const double *dh = ws->dh + ((size_t)t * 4 + 2) * 12;
        ck_assert(distance(it->dh_sum + (size_t)(t - 1) * 12, dh, 12) <= 1e-12 * norm_of(dh, 12));
    }
    /* Another length: the itemized is made anew for it. */
    rs_config cfg = *rs_session_config(s);
    char err[256];
    rs_config_set(&cfg, "task.length", "20", err, sizeof err);
    ck_assert_int_eq(rs_session_configure(s, &cfg, &e), 0);
    ck_assert_int_eq(rs_session_itemized(s, 0, &it, &e), -1);     /* the last step was of another length */
    rs_session_step(s);
    ck_assert_int_eq(rs_session_itemized(s, 0, &it, &e), 0);
    ck_assert_int_eq(it->T, 20);
    rs_itemized_free(it);
    release(&before);
    rs_session_free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("itemized");
    TCase *e = tcase_create("engine");
    tcase_add_loop_test(e, rows_add_up_to_the_ordinary_backward_pass, 0, (int)(sizeof sum_cases / sizeof sum_cases[0]));
    tcase_add_loop_test(e, a_row_against_finite_differences, 0, 8);
    suite_add_tcase(s, e);
    TCase *v = tcase_create("session");
    tcase_add_loop_test(v, the_session_is_left_as_it_was, 0, 4);
    suite_add_tcase(s, v);
    return rs_run_suite(s);
}
