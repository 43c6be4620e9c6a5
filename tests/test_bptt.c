/* What BPTT measures: the step-through cursor, Pascanu's bound, the
 * truncation window, and each per-timestep statistic against a direct
 * computation. */
#include <math.h>
#include <string.h>

#include <check.h>

#include "check_main.h"
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "testutil.h"

typedef struct {
    rs_model *m;
    rs_workspace *ws;
    rs_batch *batch;
    gsl_rng *rng;
} fixture;

static fixture make_cell(rs_cell cell, int skip, rs_activation act, rs_readout readout, rs_loss loss, int T, int B,
                         int H, double std, unsigned long seed)
{
    const int I = 2, O = 3;
    const rs_model_spec spec = {cell, act, 0.05, I, H, O, readout, loss, skip};
    fixture f = {rs_model_create(&spec), rs_workspace_create(&spec, T, B), NULL, gsl_rng_alloc(gsl_rng_mt19937)};
    gsl_rng_set(f.rng, seed);
    f.batch = test_batch(T, B, I, O, readout, loss, f.rng);
    test_randomize(f.m, std, f.rng);
    return f;
}

static fixture make(rs_activation act, rs_readout readout, rs_loss loss, int T, int B, int H, double std,
                    unsigned long seed)
{
    return make_cell(RS_CELL_RNN, 0, act, readout, loss, T, B, H, std, seed);
}

static void forward_backward(fixture *f, int tbptt)
{
    rs_forward(f->m, f->ws, f->batch, 1, f->ws->T);
    rs_loss_forward(f->m, f->ws, f->batch, NULL);
    rs_backward(f->m, f->ws, f->batch, tbptt);
}

static void release(fixture *f)
{
    test_batch_free(f->batch);
    gsl_rng_free(f->rng);
    rs_workspace_free(f->ws);
    rs_model_free(f->m);
}

static double sigma_max(const rs_model *m)
{
    rs_spectral_workspace *w = rs_spectral_workspace_create(m->spec.hidden);
    double s = rs_spectral_compute(m, w).sigma_max;
    rs_spectral_workspace_free(w);
    return s;
}

/* Pascanu, Mikolov & Bengio 2013: with a last readout, ∂L/∂h_t = ∂L/∂h_{t+1}
 * diag(f′(a_{t+1})) W_hh, so every ratio g_h[t]/g_h[t+1] is at most γ·σ_max;
 * each local Jacobian norm is too, and their running product bounds
 * g_h[t]/g_h[T]. Checked for small, medium and large weights. */
START_TEST(test_pascanu_bound)
{
    const rs_activation act = (rs_activation)(_i % RS_ACTIVATION_COUNT);
    const double stds[] = {0.1, 0.4, 1.5};
    const double std = stds[_i / RS_ACTIVATION_COUNT];
    const int T = 30;
    fixture f = make(act, RS_READOUT_LAST, RS_LOSS_MSE, T, 8, 16, std, 100 + (unsigned long)_i);
    forward_backward(&f, 0);
    const double gamma = rs_activation_ops[act].sup_derivative(0.05);
    const double bound = gamma * sigma_max(f.m);
    int checked = 0;
    for (int t = 1; t < T; t++) {
        const double now = f.ws->g_h[t - 1], next = f.ws->g_h[t];
        if (next > 0.0) {
            ck_assert_msg(now <= bound * next * (1 + 1e-12), "t=%d: ratio %.6g > bound %.6g", t, now / next, bound);
            checked++;
        }
    }
    ck_assert_int_gt(checked, 0);
    double product = 1.0;
    for (int t = T - 1; t >= 1; t--) {
        const double jac = rs_local_jacobian_norm(f.m, f.ws, t);
        ck_assert_msg(jac <= bound * (1 + 1e-12), "jacobian %.6g > bound %.6g", jac, bound);
        product *= jac;
        ck_assert_msg(f.ws->g_h[t - 1] <= product * f.ws->g_h[T - 1] * (1 + 1e-9),
                      "t=%d: g_h ratio %.6g above the product of Jacobians %.6g", t,
                      f.ws->g_h[t - 1] / f.ws->g_h[T - 1], product);
    }
    release(&f);
}
END_TEST

/* g_w[t] = ‖δ_t h_{t−1}ᵀ‖_F against the H×H product formed directly — also
 * when δ is scaled down to 1e-200, where squaring would underflow. */
START_TEST(test_weight_share_direct)
{
    const double scales[] = {1.0, 1e-200, 1e150};
    fixture f = make(RS_TANH, RS_READOUT_EVERY, RS_LOSS_MSE, 9, 4, 5, 0.7, 11);
    const int T = 9, B = 4, H = 5;
    for (size_t sc = 0; sc < 3; sc++) {
        rs_forward(f.m, f.ws, f.batch, 1, T);
        rs_loss_forward(f.m, f.ws, f.batch, NULL);
        for (int i = 0; i < T * B * f.batch->O; i++)
            f.ws->dy[i] *= scales[sc];
        rs_bptt_cursor c;
        rs_bptt_begin(&c, f.m, f.ws, f.batch, 0);
        rs_bptt_finish(&c, f.m);
        for (int t = 1; t <= T; t++) {
            double sum = 0.0;
            for (int i = 0; i < H; i++)
                for (int j = 0; j < H; j++) {
                    double g = 0.0;
                    for (int b = 0; b < B; b++)
                        g += f.ws->delta[((size_t)(t - 1) * B + b) * H + i] / scales[sc] *
                             f.ws->h[((size_t)(t - 1) * B + b) * H + j];
                    sum += g * g;
                }
            const double direct = sqrt(sum) * scales[sc];
            if (t == 1)
                ck_assert(f.ws->g_w[0] == 0.0);     /* h_0 = 0: step 1 adds nothing to ∂L/∂W_hh */
            else
                ck_assert_msg(fabs(f.ws->g_w[t - 1] - direct) <= 1e-12 * direct, "scale %g t=%d: %.17g vs %.17g",
                              scales[sc], t, f.ws->g_w[t - 1], direct);
        }
    }
    release(&f);
}
END_TEST

/* dact, sat and g_x against their definitions. */
START_TEST(test_activation_statistics)
{
    const rs_activation act = (rs_activation)_i;
    fixture f = make(act, RS_READOUT_LAST, RS_LOSS_MSE, 6, 5, 7, 2.0, 21 + (unsigned long)_i);
    forward_backward(&f, 0);
    const double gamma = rs_activation_ops[act].sup_derivative(0.05);
    const int BH = 5 * 7, BI = 5 * 2;
    for (int t = 1; t <= 6; t++) {
        double sum = 0.0, sat = 0.0, dx = 0.0;
        for (int i = 0; i < BH; i++) {
            const double a = f.ws->a[(t - 1) * BH + i];
            double d;
            switch (act) {
            case RS_SIGMOID: d = exp(-a) / ((1 + exp(-a)) * (1 + exp(-a))); break;
            case RS_TANH: d = 1.0 / (cosh(a) * cosh(a)); break;
            case RS_RELU: d = a > 0; break;
            default: d = a > 0 ? 1.0 : 0.05; break;
            }
            sum += d;
            sat += d < 0.01 * gamma;
        }
        for (int i = 0; i < BI; i++)
            dx += f.ws->dx[(t - 1) * BI + i] * f.ws->dx[(t - 1) * BI + i];
        ck_assert_double_eq_tol(f.ws->dact[t - 1], sum / BH, 1e-12);
        ck_assert_double_eq_tol(f.ws->sat[t - 1], sat / BH, 1e-12);
        ck_assert_double_eq_tol(f.ws->g_x[t - 1], sqrt(dx), 1e-12 * sqrt(dx) + 1e-300);
    }
    release(&f);
}
END_TEST

typedef struct {
    double g_h[6];
    int T, reach;
    double decay;   /* NaN: undefined */
} reach_case;

START_TEST(test_reach_and_decay)
{
    static const reach_case cases[] = {
        {{1e-9, 1e-6, 1e-3, 1.0}, 4, 3, 1e-3},                 /* 1e-9 is below 1e-6 of the end */
        {{1.0, 1.0, 1.0, 1.0, 1.0}, 5, 5, 1.0},
        {{1e3, 1e2, 10, 1}, 4, 4, 10.0},                        /* exploding: all steps reach */
        {{0, 0, 1e-7, 1e-3, 2e-3, 1.0}, 6, 3, NAN},             /* 1.0, 2e-3, 1e-3 reach; 1e-7 < 1e-6 stops */
        {{1.0, 0.0}, 2, 0, NAN},                                /* nothing at the end: no reach */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const reach_case *c = &cases[i];
        ck_assert_int_eq(rs_reach(c->g_h, c->T), c->reach);
        const double d = rs_mean_decay(c->g_h, c->T);
        if (isnan(c->decay) && i == 4)
            ck_assert(isnan(d));
        else if (!isnan(c->decay))
            ck_assert_double_eq_tol(d, c->decay, 1e-12 * c->decay);
    }
    /* case 3: pairs (1e-7,1e-3), (1e-3,2e-3), (2e-3,1): geometric mean of the ratios */
    ck_assert_double_eq_tol(rs_mean_decay(cases[3].g_h, 6), cbrt(1e-7 / 1.0), 1e-15);
}
END_TEST

START_TEST(test_norm_extremes)
{
    const double tiny[] = {3e-200, 4e-200}, huge[] = {3e200, -4e200}, zero[] = {0, 0};
    ck_assert_double_eq_tol(rs_norm(tiny, 2), 5e-200, 1e-214);
    ck_assert_double_eq_tol(rs_norm(huge, 2), 5e200, 1e186);
    ck_assert(rs_norm(zero, 2) == 0.0);
    const double nan_in[] = {1.0, NAN};
    ck_assert(!isfinite(rs_norm(nan_in, 2)));
    ck_assert(!rs_all_finite(nan_in, 2));
    ck_assert(rs_all_finite(huge, 2));
}
END_TEST

/* Orthogonal and identity W_hh have every singular value and |eigenvalue|
 * equal to the gain; sigmoid's γ is ¼. */
START_TEST(test_spectral_known_matrices)
{
    const rs_model_spec spec = {RS_CELL_RNN, RS_SIGMOID, 0.01, 2, 24, 1, RS_READOUT_LAST, RS_LOSS_MSE, 0};
    rs_model *m = rs_model_create(&spec);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    rs_spectral_workspace *w = rs_spectral_workspace_create(24);
    const rs_init kinds[] = {RS_INIT_ORTHOGONAL, RS_INIT_IDENTITY};
    for (int k = 0; k < 2; k++) {
        rs_init_spec init = {kinds[k], RS_INIT_XAVIER, 1.3, 1.0, 0.0, 1.0};
        rs_model_init(m, &init, rng);
        rs_spectral s = rs_spectral_compute(m, w);
        ck_assert_double_eq_tol(s.sigma_max, 1.3, 1e-12);
        ck_assert_double_eq_tol(s.radius, 1.3, 1e-10);
        ck_assert(s.gamma == 0.25);
        ck_assert_double_eq_tol(s.bound, 0.325, 1e-12);
    }
    m->param.W_hh[3] = NAN;
    ck_assert(isnan(rs_spectral_compute(m, w).sigma_max));
    rs_spectral_workspace_free(w);
    gsl_rng_free(rng);
    rs_model_free(m);
}
END_TEST

/* ---- every cell ----------------------------------------------------------------- */

/* The rnn with each activation, and the other cells (tanh: the gated cells
 * have their own σ and tanh; skip k = 3 or 4). */
typedef struct {
    rs_cell cell;
    rs_activation act;
} cell_case;

static const cell_case cell_cases[] = {
    {RS_CELL_RNN, RS_SIGMOID}, {RS_CELL_RNN, RS_TANH}, {RS_CELL_RNN, RS_RELU}, {RS_CELL_RNN, RS_LEAKY_RELU},
    {RS_CELL_LSTM, RS_TANH},   {RS_CELL_GRU, RS_TANH}, {RS_CELL_SKIP, RS_TANH},
};
enum { NCASES = sizeof cell_cases / sizeof cell_cases[0] };

/* Stepping the cursor one timestep at a time (with the local Jacobian
 * computed between steps) gives the full backward pass's numbers bit for
 * bit, for every cell, full and truncated. */
START_TEST(test_cursor_equals_full_backward)
{
    enum { T = 12 };
    const cell_case cc = cell_cases[_i % NCASES];
    const int tbptt = _i < NCASES ? 0 : 4;
    fixture f = make_cell(cc.cell, 3, cc.act, RS_READOUT_EVERY, RS_LOSS_XENT, T, 5, 6, 0.7, 70 + (unsigned long)_i);
    forward_backward(&f, tbptt);
    const size_t n = f.m->nparams;
    double *grads = malloc(n * sizeof(double));
    memcpy(grads, f.m->grad_block, n * sizeof(double));
    double *const vecs[] = {f.ws->g_h, f.ws->g_c, f.ws->g_w, f.ws->g_x, f.ws->dact, f.ws->sat};
    double saved[6][T];
    for (int k = 0; k < 6; k++)
        memcpy(saved[k], vecs[k], sizeof saved[k]);

    rs_bptt_cursor c;
    rs_bptt_begin(&c, f.m, f.ws, f.batch, tbptt);
    int steps = 0;
    while (c.t > 6 && rs_bptt_step(&c)) {
        steps++;
        if (c.t >= 1 && c.t < T) {
            /* a dead ReLU layer may pass nothing: ≥ 0 there */
            const double jac = rs_local_jacobian_norm(f.m, f.ws, c.t);
            ck_assert(cc.cell == RS_CELL_RNN ? jac >= 0.0 : jac > 0.0);
        }
    }
    ck_assert_int_eq(steps, 6);
    ck_assert_int_eq(c.t, 6);
    rs_bptt_finish(&c, f.m);     /* the remaining six steps */
    ck_assert_int_eq(c.t, 0);
    ck_assert(!rs_bptt_step(&c));
    ck_assert_mem_eq(grads, f.m->grad_block, n * sizeof(double));
    for (int k = 0; k < 6; k++)
        ck_assert_mem_eq(saved[k], vecs[k], sizeof saved[k]);
    for (int t = 0; t < T; t++)
        ck_assert(cc.cell == RS_CELL_LSTM ? f.ws->g_c[t] > 0.0 || (tbptt && t < T - tbptt) : isnan(f.ws->g_c[t]));
    free(grads);
    release(&f);
}
END_TEST

/* The truncation window for every cell: with a last readout and window k,
 * exactly the last k timesteps get a gradient — through h, through the
 * lstm's c, and through the skip connection, whose path from 15 to 11 (k = 4)
 * lies across the window's edge. */
START_TEST(test_truncation_window_last)
{
    const cell_case cc = cell_cases[_i];
    const int T = 20, k = 6;
    fixture f = make_cell(cc.cell, 4, cc.act, RS_READOUT_LAST, RS_LOSS_MSE, T, 4, 8, 0.8, 30 + (unsigned long)_i);
    forward_backward(&f, k);
    for (int t = 1; t <= T; t++) {
        if (t > T - k) {
            ck_assert_msg(f.ws->g_h[t - 1] > 0.0 && f.ws->g_x[t - 1] > 0.0, "%s t=%d should get a gradient",
                          rs_cell_names[cc.cell], t);
            if (cc.cell == RS_CELL_LSTM)
                ck_assert(f.ws->g_c[t - 1] > 0.0);
        } else {
            ck_assert_msg(f.ws->g_h[t - 1] == 0.0 && f.ws->g_x[t - 1] == 0.0 && f.ws->g_w[t - 1] == 0.0,
                          "%s t=%d is outside the window", rs_cell_names[cc.cell], t);
            if (cc.cell == RS_CELL_LSTM)
                ck_assert_msg(f.ws->g_c[t - 1] == 0.0, "lstm t=%d: ∂L/∂c crossed the window", t);
        }
    }
    forward_backward(&f, 0);
    ck_assert(f.ws->g_h[0] > 0.0);      /* full BPTT reaches t = 1 */
    release(&f);
}
END_TEST

/* With a readout at every step, a loss at step s reaches back at most k
 * steps: label only step s and watch where the gradient stops. */
START_TEST(test_truncation_window_every)
{
    const cell_case cc = cell_cases[_i];
    const int T = 20, k = 5;
    fixture f = make_cell(cc.cell, 3, cc.act, RS_READOUT_EVERY, RS_LOSS_XENT, T, 3, 8, 0.8, 40 + (unsigned long)_i);
    for (int s = 1; s <= T; s++) {
        for (int i = 0; i < T * 3; i++)
            f.batch->label[i] = -1;
        for (int b = 0; b < 3; b++)
            f.batch->label[(s - 1) * 3 + b] = b % f.batch->O;
        forward_backward(&f, k);
        int reached = 0;
        for (int t = s; t >= 1 && f.ws->g_h[t - 1] > 0.0; t--)
            reached++;
        ck_assert_msg(reached >= 1 && reached <= k, "%s: loss at %d reached %d steps back", rs_cell_names[cc.cell], s,
                      reached);
        for (int t = 1; t <= s - reached; t++)
            ck_assert(f.ws->g_h[t - 1] == 0.0 && (cc.cell != RS_CELL_LSTM || f.ws->g_c[t - 1] == 0.0));
        if (s == T)
            ck_assert_int_eq(reached, k);   /* the chunks are counted from the end */
    }
    release(&f);
}
END_TEST

/* The skip connection alone: with W_hh = 0, h_t depends on h_{t−k} only, so
 * from a last readout the gradient reaches exactly t = T, T−k, T−2k, … —
 * all the way back — and nothing in between. */
START_TEST(test_skip_path_alone)
{
    const int T = 13, k = 3, H = 6;
    fixture f = make_cell(RS_CELL_SKIP, k, RS_TANH, RS_READOUT_LAST, RS_LOSS_MSE, T, 4, H, 0.8, 50);
    memset(f.m->param.W_hh, 0, (size_t)H * H * sizeof(double));
    forward_backward(&f, 0);
    for (int t = 1; t <= T; t++) {
        const bool on_path = (T - t) % k == 0;
        ck_assert_msg(on_path ? f.ws->g_h[t - 1] > 0.0 : f.ws->g_h[t - 1] == 0.0, "t=%d: g_h %g", t,
                      f.ws->g_h[t - 1]);
    }
    ck_assert(rs_norm(f.m->grad.W_sk, (size_t)H * H) > 0.0);
    /* window 4, chunks 10–13, 6–9, 2–5, 1: 13 → 10 flows, 10 → 7 is cut */
    forward_backward(&f, 4);
    for (int t = 1; t <= T; t++)
        ck_assert_msg((t == 13 || t == 10) ? f.ws->g_h[t - 1] > 0.0 : f.ws->g_h[t - 1] == 0.0, "tbptt t=%d: %g", t,
                      f.ws->g_h[t - 1]);
    release(&f);
}
END_TEST

/* ‖M‖₂ of an n×n row-major matrix by GSL's SVD, independent of the engine's
 * eigenvalue route. */
static double svd_norm(const double *M, int n)
{
    gsl_matrix *A = gsl_matrix_alloc((size_t)n, (size_t)n), *V = gsl_matrix_alloc((size_t)n, (size_t)n);
    gsl_vector *S = gsl_vector_alloc((size_t)n), *work = gsl_vector_alloc((size_t)n);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            gsl_matrix_set(A, (size_t)i, (size_t)j, M[i * n + j]);
    gsl_linalg_SV_decomp(A, V, S, work);
    const double s = gsl_vector_max(S);
    gsl_vector_free(work);
    gsl_vector_free(S);
    gsl_matrix_free(V);
    gsl_matrix_free(A);
    return s;
}

/* The local Jacobian norm against the state Jacobian by finite differences:
 * perturb each unit of the state at t (h_t, and the lstm's c_t), redo step
 * t+1 alone, and read the new state — five-point differences. For skip the
 * step's other input h_{t+1−k} stays fixed, which is the one-step path. */
START_TEST(test_local_jacobian_finite_differences)
{
    const rs_cell cells[] = {RS_CELL_RNN, RS_CELL_LSTM, RS_CELL_GRU, RS_CELL_SKIP};
    const rs_cell cell = cells[_i];
    const int T = 5, B = 3, H = 4;
    const bool lstm = cell == RS_CELL_LSTM;
    const int N = lstm ? 2 * H : H;     /* the state: h (and c) */
    fixture f = make_cell(cell, 2, RS_TANH, RS_READOUT_LAST, RS_LOSS_MSE, T, B, H, 0.9, 60 + (unsigned long)_i);
    forward_backward(&f, 0);
    const double eps = 1e-4;
    double J[64];
    for (int t = 1; t < T; t++) {
        double largest = 0.0;
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < N; j++) {
                double *x = (j < H ? f.ws->h : f.ws->c) + ((size_t)t * B + b) * H + j % H;
                const double saved = *x;
                double out[4][8];
                const double steps[4] = {-2 * eps, -eps, eps, 2 * eps};
                for (int s = 0; s < 4; s++) {
                    *x = saved + steps[s];
                    rs_forward(f.m, f.ws, f.batch, t + 1, t + 1);
                    for (int i = 0; i < N; i++)
                        out[s][i] = (i < H ? f.ws->h : f.ws->c)[((size_t)(t + 1) * B + b) * H + i % H];
                }
                *x = saved;
                for (int i = 0; i < N; i++)
                    J[i * N + j] = (8.0 * (out[2][i] - out[1][i]) - (out[3][i] - out[0][i])) / (12.0 * eps);
            }
            largest = fmax(largest, svd_norm(J, N));
        }
        rs_forward(f.m, f.ws, f.batch, t + 1, t + 1);       /* as it was */
        const double engine = rs_local_jacobian_norm(f.m, f.ws, t);
        ck_assert_msg(fabs(engine - largest) <= 1e-8 * largest, "%s t=%d: engine %.12g, finite differences %.12g",
                      rs_cell_names[cell], t, engine, largest);
    }
    release(&f);
}
END_TEST

/* dact, sat, g_c and g_w of the gated cells against their definitions. */
START_TEST(test_gated_statistics)
{
    const rs_cell cell = _i == 0 ? RS_CELL_LSTM : RS_CELL_GRU;
    const int T = 6, B = 5, H = 7, G = (cell == RS_CELL_LSTM ? 4 : 3) * H;
    fixture f = make_cell(cell, 0, RS_TANH, RS_READOUT_EVERY, RS_LOSS_MSE, T, B, H, 2.0, 80 + (unsigned long)_i);
    forward_backward(&f, 0);
    for (int t = 1; t <= T; t++) {
        const double *gate = f.ws->gate + (size_t)(t - 1) * B * G;
        double mean = 0.0, stuck = 0.0, gates = 0.0;
        for (int b = 0; b < B; b++)
            for (int j = 0; j < H; j++) {
                const double *g = gate + (size_t)b * G + j;
                /* lstm: i, f, o are σ gates (g is tanh), dact = mean f;
                 * gru: r, z are σ gates (n is tanh), dact = mean 1 − z */
                const int sigma_gates[2][3] = {{0, 1, 3}, {0, 1, -1}};
                mean += cell == RS_CELL_LSTM ? g[H] : 1.0 - g[H];
                for (int q = 0; q < 3; q++) {
                    const int which = sigma_gates[cell == RS_CELL_GRU][q];
                    if (which < 0)
                        continue;
                    const double s = g[which * H];
                    stuck += s * (1.0 - s) < 0.0025;
                    gates++;
                }
            }
        ck_assert_double_eq_tol(f.ws->dact[t - 1], mean / (B * H), 1e-12);
        ck_assert_double_eq_tol(f.ws->sat[t - 1], stuck / gates, 1e-12);
        if (cell == RS_CELL_LSTM) {
            double dc = 0.0;
            for (int i = 0; i < B * H; i++)
                dc += f.ws->dc[(size_t)t * B * H + i] * f.ws->dc[(size_t)t * B * H + i];
            ck_assert_double_eq_tol(f.ws->g_c[t - 1], sqrt(dc), 1e-12 * sqrt(dc));
        }
        /* g_w: the share of ∂L/∂W_hh (G×H) from t, formed directly */
        double sum = 0.0;
        for (int i = 0; i < G; i++)
            for (int j = 0; j < H; j++) {
                double g = 0.0;
                for (int b = 0; b < B; b++)
                    g += f.ws->delta_rec[((size_t)(t - 1) * B + b) * G + i] * f.ws->h[((size_t)(t - 1) * B + b) * H + j];
                sum += g * g;
            }
        ck_assert_double_eq_tol(f.ws->g_w[t - 1], sqrt(sum), 1e-12 * sqrt(sum) + 1e-300);
    }
    ck_assert(f.ws->sat[0] > 0.0);      /* weights of std 2 do saturate some gates */
    /* the W_hh shares of all timesteps add up to the whole ∂L/∂W_hh */
    double *sum_w = calloc((size_t)G * H, sizeof(double));
    for (int t = 1; t <= T; t++)
        for (int i = 0; i < G; i++)
            for (int j = 0; j < H; j++)
                for (int b = 0; b < B; b++)
                    sum_w[i * H + j] += f.ws->delta_rec[((size_t)(t - 1) * B + b) * G + i] *
                                        f.ws->h[((size_t)(t - 1) * B + b) * H + j];
    for (int i = 0; i < G * H; i++)
        ck_assert_double_eq_tol(sum_w[i], f.m->grad.W_hh[i], 1e-12);
    free(sum_w);
    release(&f);
}
END_TEST

/* Gated cells: σ_max of the whole recurrent matrix; with each H×H gate block
 * orthogonal (or the identity) at gain g, W_hhᵀW_hh = gates·g²·I, so
 * σ_max = √gates·g exactly. Radius, γ and the bound do not apply: NaN.
 * Skip: the rnn's numbers, from W_hh alone. */
START_TEST(test_spectral_cells)
{
    const rs_cell cell = (rs_cell)(_i % 4);
    const rs_init kind = _i < 4 ? RS_INIT_ORTHOGONAL : RS_INIT_IDENTITY;
    const rs_model_spec spec = {cell, RS_SIGMOID, 0.01, 2, 16, 1, RS_READOUT_LAST, RS_LOSS_MSE, 3};
    rs_model *m = rs_model_create(&spec);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    rs_spectral_workspace *w = rs_spectral_workspace_create(16);
    rs_init_spec init = {kind, RS_INIT_XAVIER, 1.3, 1.0, 0.0, 1.0};
    rs_model_init(m, &init, rng);
    rs_spectral s = rs_spectral_compute(m, w);
    const int gates = rs_cell_gates(cell);
    ck_assert_double_eq_tol(s.sigma_max, sqrt(gates) * 1.3, 1e-12);
    if (gates > 1)
        ck_assert(isnan(s.radius) && isnan(s.gamma) && isnan(s.bound));
    else {
        ck_assert_double_eq_tol(s.radius, 1.3, 1e-10);
        ck_assert(s.gamma == 0.25);
        ck_assert_double_eq_tol(s.bound, 0.325, 1e-12);
    }
    rs_spectral_workspace_free(w);
    gsl_rng_free(rng);
    rs_model_free(m);
}
END_TEST

int main(void)
{
    gsl_set_error_handler_off();
    Suite *s = suite_create("bptt");
    TCase *tc = tcase_create("bptt");
    tcase_add_loop_test(tc, test_cursor_equals_full_backward, 0, 2 * NCASES);
    tcase_add_loop_test(tc, test_pascanu_bound, 0, 3 * RS_ACTIVATION_COUNT);
    tcase_add_loop_test(tc, test_truncation_window_last, 0, NCASES);
    tcase_add_loop_test(tc, test_truncation_window_every, 0, NCASES);
    tcase_add_test(tc, test_weight_share_direct);
    tcase_add_loop_test(tc, test_activation_statistics, 0, RS_ACTIVATION_COUNT);
    tcase_add_test(tc, test_reach_and_decay);
    tcase_add_test(tc, test_norm_extremes);
    tcase_add_test(tc, test_spectral_known_matrices);
    tcase_add_test(tc, test_skip_path_alone);
    tcase_add_loop_test(tc, test_local_jacobian_finite_differences, 0, 4);
    tcase_add_loop_test(tc, test_gated_statistics, 0, 2);
    tcase_add_loop_test(tc, test_spectral_cells, 0, 8);
    suite_add_tcase(s, tc);
    return rs_run_suite(s);
}
