/* Every gradient of the engine against central finite differences: every
 * parameter, ∂L/∂x_t, ∂L/∂h_t (and the lstm's ∂L/∂c_t), for every cell —
 * the rnn with every activation — × loss × readout, with full and truncated
 * BPTT. */
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
    int cell_t, cell_e; /* for the lstm's ∂L/∂c_t: h_t[e] = o ⊙ tanh(c_t[e]) follows c_t[e]; else 0 */
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

/* The lstm's h_t = o_t ⊙ tanh(c_t) at one unit, after c_t was changed. */
static void follow_cell(probe *p)
{
    const int G = p->ws->G, b = p->cell_e / H, j = p->cell_e % H;
    const size_t u = (size_t)p->cell_t * B * H + (size_t)p->cell_e;
    const double o = p->ws->gate[((size_t)(p->cell_t - 1) * B + (size_t)b) * G + 3 * H + j];
    p->ws->h[u] = o * tanh(p->ws->c[u]);
}

/* L with *target shifted by d; the state outside [t_first, t_last] stays as
 * it was (that is what truncation means: those values are constants). */
static double loss_at(void *ctx, double d)
{
    probe *p = ctx;
    const double saved = *p->target;
    *p->target = saved + d;
    if (p->cell_t)
        follow_cell(p);
    if (p->readout_t)
        readout_at(p, p->readout_t);
    if (p->t_first <= p->t_last)
        rs_forward(p->m, p->ws, p->batch, p->t_first, p->t_last);
    double L = rs_loss_forward(p->m, p->ws, p->batch, NULL);
    *p->target = saved;
    if (p->cell_t)
        follow_cell(p);
    if (p->readout_t)
        readout_at(p, p->readout_t);
    if (p->t_first <= p->t_last)
        rs_forward(p->m, p->ws, p->batch, p->t_first, p->t_last);
    return L;
}

typedef struct {
    rs_cell cell;
    rs_activation act;      /* rnn and skip */
    rs_readout readout;
    rs_loss loss;
    int tbptt;
    int skip;               /* skip: k */
} grad_case;

/* The skip cases exercise the W_sk path (k < T) and its truncation: k = 2
 * with window 3 (T = 7: chunks 5–7, 2–4, 1) flows from 7 to 5 and from 4 to
 * 2 but is cut from 6 to 4, 5 to 3 and 3 to 1; k = 3 with window 4 (chunks
 * 4–7, 1–3) flows from 7 to 4 and is cut from 6 to 3, 5 to 2 and 4 to 1. */
static const grad_case cases[] = {
#define ALL_ACTS(readout, loss, k) \
    {RS_CELL_RNN, RS_SIGMOID, readout, loss, k, 0}, {RS_CELL_RNN, RS_TANH, readout, loss, k, 0}, \
    {RS_CELL_RNN, RS_RELU, readout, loss, k, 0}, {RS_CELL_RNN, RS_LEAKY_RELU, readout, loss, k, 0}
    ALL_ACTS(RS_READOUT_LAST, RS_LOSS_MSE, 0),  ALL_ACTS(RS_READOUT_EVERY, RS_LOSS_MSE, 0),
    ALL_ACTS(RS_READOUT_LAST, RS_LOSS_XENT, 0), ALL_ACTS(RS_READOUT_EVERY, RS_LOSS_XENT, 0),
    ALL_ACTS(RS_READOUT_LAST, RS_LOSS_MSE, 3),  ALL_ACTS(RS_READOUT_EVERY, RS_LOSS_MSE, 3),
    ALL_ACTS(RS_READOUT_LAST, RS_LOSS_XENT, 2), ALL_ACTS(RS_READOUT_EVERY, RS_LOSS_XENT, 2),
#undef ALL_ACTS
#define ALL_WAYS(cell, act, k_mse, k_xent) \
    {cell, act, RS_READOUT_LAST, RS_LOSS_MSE, 0, 2},      {cell, act, RS_READOUT_EVERY, RS_LOSS_MSE, 0, 3}, \
    {cell, act, RS_READOUT_LAST, RS_LOSS_XENT, 0, 3},     {cell, act, RS_READOUT_EVERY, RS_LOSS_XENT, 0, 2}, \
    {cell, act, RS_READOUT_LAST, RS_LOSS_MSE, k_mse, 2},  {cell, act, RS_READOUT_EVERY, RS_LOSS_MSE, k_mse, 2}, \
    {cell, act, RS_READOUT_LAST, RS_LOSS_XENT, k_xent, 3}, {cell, act, RS_READOUT_EVERY, RS_LOSS_XENT, k_xent, 3}
    ALL_WAYS(RS_CELL_LSTM, RS_TANH, 3, 2),
    ALL_WAYS(RS_CELL_GRU, RS_TANH, 3, 2),
    ALL_WAYS(RS_CELL_SKIP, RS_TANH, 3, 4),
    ALL_WAYS(RS_CELL_SKIP, RS_SIGMOID, 3, 4),
#undef ALL_WAYS
};

/* relu and leaky relu have a kink at 0: finite differences are only valid
 * when no pre-activation is within reach of it. Draw until none is. */
static bool clear_of_kinks(const rs_model *m, const rs_workspace *ws)
{
    if (m->spec.cell == RS_CELL_LSTM || m->spec.cell == RS_CELL_GRU ||
        (m->spec.activation != RS_RELU && m->spec.activation != RS_LEAKY_RELU))
        return true;
    for (int i = 0; i < T * B * H; i++)
        if (fabs(ws->a[i]) < 0.02)
            return false;
    return true;
}

/* The worst error so far, and where. */
typedef struct {
    double worst;
    char where[160];
} tally;

static void compare(tally *e, double analytic, double numeric, const char *what, int t, int i)
{
    const double err = rel_error(analytic, numeric);
    if (err > e->worst) {
        e->worst = err;
        snprintf(e->where, sizeof e->where, "%s[t=%d][%d]: analytic %.12g numeric %.12g", what, t, i, analytic,
                 numeric);
    }
}

START_TEST(test_gradients_match_finite_differences)
{
    const grad_case *gc = &cases[_i];
    const rs_model_spec spec = {gc->cell, gc->act, 0.1, I, H, O, gc->readout, gc->loss, gc->skip};
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
        if (clear_of_kinks(m, ws))
            break;
    }
    ck_assert(clear_of_kinks(m, ws));

    rs_loss_forward(m, ws, batch, NULL);
    rs_backward(m, ws, batch, gc->tbptt);

    tally e = {0.0, ""};
    probe p = {m, ws, batch, gc->tbptt, NULL, 0, 0, 0, 0, 0};

    /* Every parameter: perturbing it changes every step, but under truncation
     * only one chunk at a time may see the change — the sum over chunks of
     * those derivatives is the truncated gradient. */
    for (int k = 0; k < m->ntensors; k++) {
        const rs_tensor *tn = &m->tensor[k];
        for (int i = 0; i < tn->rows * tn->cols; i++) {
            p.target = m->param_block + tn->offset + i;
            double numeric = 0.0;
            for (int s = 1; s <= T; s = chunk_end(s, gc->tbptt) + 1) {
                p.t_first = s;
                p.t_last = chunk_end(s, gc->tbptt);
                numeric += fd(loss_at, &p);
            }
            compare(&e, m->grad_block[tn->offset + i], numeric, tn->name, 0, i);
        }
    }
    /* ∂L/∂x_t: x_t feeds a_t and, through the chunk, the steps after it. */
    for (int t = 1; t <= T; t++)
        for (int i = 0; i < B * I; i++) {
            p.target = batch->x + (size_t)(t - 1) * B * I + i;
            p.t_first = t;
            p.t_last = chunk_end(t, gc->tbptt);
            p.readout_t = 0;
            compare(&e, ws->dx[(size_t)(t - 1) * B * I + i], fd(loss_at, &p), "dx", t, i);
        }
    /* ∂L/∂h_t, all paths: the readout at t (every step, or T) and the
     * steps after t that share its truncation chunk (for skip that includes
     * t+k when it is in the chunk; for the lstm c_t is held). ∂L/∂c_t: the
     * same, with h_t following c_t. */
    for (int t = 1; t <= T; t++)
        for (int i = 0; i < B * H; i++) {
            p.readout_t = gc->readout == RS_READOUT_EVERY || t == T ? t : 0;
            p.t_first = t + 1;
            p.t_last = t < T && !rs_bptt_cut(t + 1, T, gc->tbptt) ? chunk_end(t + 1, gc->tbptt) : t;
            p.target = ws->h + (size_t)t * B * H + i;
            compare(&e, ws->dh[(size_t)t * B * H + i], fd(loss_at, &p), "dh", t, i);
            if (gc->cell == RS_CELL_LSTM) {
                p.target = ws->c + (size_t)t * B * H + i;
                p.cell_t = t;
                p.cell_e = i;
                compare(&e, ws->dc[(size_t)t * B * H + i], fd(loss_at, &p), "dc", t, i);
                p.cell_t = 0;
            }
        }
    ck_assert_msg(e.worst < 1e-6, "case %d (%s %s, k %d, %s, %s, tbptt %d): max relative error %.3g at %s", _i,
                  rs_cell_names[gc->cell], rs_activation_names[gc->act], gc->skip, rs_loss_names[gc->loss],
                  rs_readout_names[gc->readout], gc->tbptt, e.worst, e.where);
    printf("case %2d %-4s %-10s %-4s %-5s tbptt %d: max relative error %.3g at %s\n", _i, rs_cell_names[gc->cell],
           rs_activation_names[gc->act], rs_loss_names[gc->loss], rs_readout_names[gc->readout], gc->tbptt, e.worst,
           e.where);
    fflush(stdout);

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
