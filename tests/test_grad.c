/* Every gradient of the engine against central finite differences: every
 * parameter, ∂L/∂x_t and ∂L/∂h_t, for every activation × loss × readout,
 * with full and truncated BPTT. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "check_main.h"

#include "testutil.h"

enum { T = 7, B = 3, I = 3, H = 4, O = 3 };

/* Five-point central difference, error O(ε⁴): with ε = 1e−3 both its
 * truncation error (~ε⁴) and its rounding error (~1e−16/ε) stay near 1e−13,
 * far below the 1e−6 relative tolerance asked of the analytic gradients. */
static const double EPS = 1e-3;

static double fd(double (*loss_at)(void *, double), void *ctx)
{
    return (8.0 * (loss_at(ctx, EPS) - loss_at(ctx, -EPS)) - (loss_at(ctx, 2 * EPS) - loss_at(ctx, -2 * EPS))) /
           (12.0 * EPS);
}

/* Relative error, with a floor of 1e−5 in the denominator so that gradients
 * which are zero (truncated away) or nearly so are compared absolutely. */
static double rel_error(double analytic, double numeric)
{
    return fabs(analytic - numeric) / fmax(fmax(fabs(analytic), fabs(numeric)), 1e-5);
}

typedef struct {
    rs_model *m;
    rs_workspace *ws;
    rs_batch *batch;
    int tbptt;
    double *target;     /* the number being perturbed */
    int t_first, t_last;   /* the steps to recompute after the perturbation */
    int readout_t;      /* for ∂L/∂h_t with readout every: recompute y at this step, else 0 */
} probe;

/* The last step of the truncation chunk that holds t. */
static int chunk_end(int t, int tbptt)
{
    while (t < T && !rs_bptt_cut(t + 1, T, tbptt))
        t++;
    return t;
}

static void readout_at(probe *p, int t)
{
    const rs_params *w = &p->m->param;
    const double *h = p->ws->h + (size_t)t * B * H;
    double *y = p->ws->y + (p->m->spec.readout == RS_READOUT_EVERY ? (size_t)(t - 1) * B * O : 0);
    for (int b = 0; b < B; b++)
        for (int o = 0; o < O; o++) {
            double sum = w->b_y[o];
            for (int j = 0; j < H; j++)
                sum += w->W_hy[o * H + j] * h[b * H + j];
            y[b * O + o] = sum;
        }
}

/* L with *target shifted by d; the state outside [t_first, t_last] stays as
 * it was (that is what truncation means: those values are constants). */
static double loss_at(void *ctx, double d)
{
    probe *p = ctx;
    const double saved = *p->target;
    *p->target = saved + d;
    if (p->readout_t)
        readout_at(p, p->readout_t);
    if (p->t_first <= p->t_last)
        rs_forward(p->m, p->ws, p->batch, p->t_first, p->t_last);
    double L = rs_loss_forward(p->m, p->ws, p->batch, NULL);
    *p->target = saved;
    if (p->readout_t)
        readout_at(p, p->readout_t);
    if (p->t_first <= p->t_last)
        rs_forward(p->m, p->ws, p->batch, p->t_first, p->t_last);
    return L;
}

typedef struct {
    rs_activation act;
    rs_readout readout;
    rs_loss loss;
    int tbptt;
} grad_case;

static const grad_case cases[] = {
#define ALL_ACTS(readout, loss, k) \
    {RS_SIGMOID, readout, loss, k}, {RS_TANH, readout, loss, k}, \
    {RS_RELU, readout, loss, k}, {RS_LEAKY_RELU, readout, loss, k}
    ALL_ACTS(RS_READOUT_LAST, RS_LOSS_MSE, 0),  ALL_ACTS(RS_READOUT_EVERY, RS_LOSS_MSE, 0),
    ALL_ACTS(RS_READOUT_LAST, RS_LOSS_XENT, 0), ALL_ACTS(RS_READOUT_EVERY, RS_LOSS_XENT, 0),
    ALL_ACTS(RS_READOUT_LAST, RS_LOSS_MSE, 3),  ALL_ACTS(RS_READOUT_EVERY, RS_LOSS_MSE, 3),
    ALL_ACTS(RS_READOUT_LAST, RS_LOSS_XENT, 2), ALL_ACTS(RS_READOUT_EVERY, RS_LOSS_XENT, 2),
#undef ALL_ACTS
};

/* relu and leaky relu have a kink at 0: finite differences are only valid
 * when no pre-activation is within reach of it. Draw until none is. */
static bool clear_of_kinks(const rs_workspace *ws)
{
    for (int i = 0; i < T * B * H; i++)
        if (fabs(ws->a[i]) < 0.02)
            return false;
    return true;
}

START_TEST(test_gradients_match_finite_differences)
{
    const grad_case *gc = &cases[_i];
    const rs_model_spec spec = {RS_CELL_RNN, gc->act, 0.1, I, H, O, gc->readout, gc->loss};
    rs_model *m = rs_model_create(&spec);
    rs_workspace *ws = rs_workspace_create(&spec, T, B);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 1000 + (unsigned long)_i);
    rs_batch *batch = NULL;
    for (int attempt = 0; attempt < 1000; attempt++) {
        if (batch)
            test_batch_free(batch);
        batch = test_batch(T, B, I, O, gc->readout, gc->loss, rng);
        test_randomize(m, 0.6, rng);
        rs_forward(m, ws, batch, 1, T);
        if (clear_of_kinks(ws))
            break;
    }
    ck_assert(clear_of_kinks(ws));

    rs_loss_forward(m, ws, batch, NULL);
    rs_backward(m, ws, batch, gc->tbptt);

    double worst = 0.0;
    char where[128] = "";
    probe p = {m, ws, batch, gc->tbptt, NULL, 0, 0, 0};

    /* Every parameter: perturbing it changes every step, but under truncation
     * only one chunk at a time may see the change — the sum over chunks of
     * those derivatives is the truncated gradient. */
    for (int k = 0; k < m->ntensors; k++) {
        const rs_tensor *tn = &m->tensor[k];
        for (int e = 0; e < tn->rows * tn->cols; e++) {
            p.target = m->param_block + tn->offset + e;
            double numeric = 0.0;
            for (int s = 1; s <= T; s = chunk_end(s, gc->tbptt) + 1) {
                p.t_first = s;
                p.t_last = chunk_end(s, gc->tbptt);
                numeric += fd(loss_at, &p);
            }
            double err = rel_error(m->grad_block[tn->offset + e], numeric);
            if (err > worst) {
                worst = err;
                snprintf(where, sizeof where, "%s[%d]: analytic %.12g numeric %.12g", tn->name, e,
                         m->grad_block[tn->offset + e], numeric);
            }
        }
    }
    /* ∂L/∂x_t: x_t feeds a_t and, through the chunk, the steps after it. */
    for (int t = 1; t <= T; t++)
        for (int e = 0; e < B * I; e++) {
            p.target = batch->x + (size_t)(t - 1) * B * I + e;
            p.t_first = t;
            p.t_last = chunk_end(t, gc->tbptt);
            p.readout_t = 0;
            double err = rel_error(ws->dx[(size_t)(t - 1) * B * I + e], fd(loss_at, &p));
            if (err > worst) {
                worst = err;
                snprintf(where, sizeof where, "dx[t=%d][%d]", t, e);
            }
        }
    /* ∂L/∂h_t, all paths: the readout at t (every step, or T) and the
     * steps after t that share its truncation chunk. */
    for (int t = 1; t <= T; t++)
        for (int e = 0; e < B * H; e++) {
            p.target = ws->h + (size_t)t * B * H + e;
            p.readout_t = gc->readout == RS_READOUT_EVERY || t == T ? t : 0;
            p.t_first = t + 1;
            p.t_last = t < T && !rs_bptt_cut(t + 1, T, gc->tbptt) ? chunk_end(t + 1, gc->tbptt) : t;
            double err = rel_error(ws->dh[(size_t)t * B * H + e], fd(loss_at, &p));
            if (err > worst) {
                worst = err;
                snprintf(where, sizeof where, "dh[t=%d][%d]", t, e);
            }
        }
    ck_assert_msg(worst < 1e-6, "case %d (%s, %s, %s, tbptt %d): max relative error %.3g at %s", _i,
                  rs_activation_names[gc->act], rs_loss_names[gc->loss], rs_readout_names[gc->readout],
                  gc->tbptt, worst, where);

    test_batch_free(batch);
    gsl_rng_free(rng);
    rs_workspace_free(ws);
    rs_model_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("grad");
    TCase *tc = tcase_create("finite differences");
    tcase_add_loop_test(tc, test_gradients_match_finite_differences, 0, (int)(sizeof cases / sizeof cases[0]));
    suite_add_tcase(s, tc);
    return rs_run_suite(s);
}
