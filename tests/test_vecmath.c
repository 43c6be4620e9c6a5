/* The engine's vector arithmetic (src/engine/vecmath.c): every path the CPU
 * has (libmvec with AVX2 or AVX-512) against the scalar fallback (libm one
 * element at a time), element by element and through whole forward and
 * backward passes of every cell — the same numbers to 1e-14. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "check_main.h"
#include "testutil.h"

#include "src/engine/vecmath.h"

/* Relative difference, 0 for two equal numbers (also two infinities, two NaNs). */
static double rel_diff(double a, double b)
{
    if (a == b || (isnan(a) && isnan(b)))
        return 0.0;
    return fabs(a - b) / fmax(fabs(a), fabs(b));
}

/* The paths to compare with the scalar one: those this CPU has. */
static int vector_paths(rs_vecmath_path paths[2])
{
    int n = 0;
    for (int p = RS_VECMATH_AVX2; p <= RS_VECMATH_AVX512; p++)
        if (rs_vecmath_select((rs_vecmath_path)p) == (rs_vecmath_path)p)
            paths[n++] = (rs_vecmath_path)p;
    return n;
}

enum { NX = 4099 };     /* not a multiple of 4 or 8: the padded tail is used */

/* x over [−40, 40] and the edges: ±0, subnormals, huge, ±Inf, NaN. */
static void fill_inputs(double *x)
{
    for (int i = 0; i < NX; i++)
        x[i] = -40.0 + 80.0 * i / (NX - 1) + 1e-3 * sin(i);
    const double edges[] = {0.0, -0.0, 1e-300, -4e-320, 1e-8, -1e-8, 0.5, 19.06, 709.0, 710.0, -745.0, -800.0,
                            1e300, -1e300, INFINITY, -INFINITY, NAN};
    memcpy(x, edges, sizeof edges);
}

START_TEST(test_elementwise_paths_agree)
{
    static double x[NX], want[NX], got[NX];
    fill_inputs(x);
    void (*const fns[])(double *, const double *, size_t) = {rs_vec_tanh, rs_vec_exp, rs_vec_sigmoid};
    const char *const names[] = {"tanh", "exp", "sigmoid"};
    rs_vecmath_path paths[2];
    const int npaths = vector_paths(paths);
    for (int f = 0; f < 3; f++) {
        rs_vecmath_select(RS_VECMATH_SCALAR);
        fns[f](want, x, NX);
        for (int p = 0; p < npaths; p++) {
            rs_vecmath_select(paths[p]);
            for (size_t n = 1; n <= 9; n++) {    /* short arrays: the padded tail alone */
                fns[f](got, x + 100, n);
                for (size_t i = 0; i < n; i++)
                    ck_assert_msg(rel_diff(got[i], want[100 + i]) <= 1e-14, "%s", names[f]);
            }
            fns[f](got, x, NX);
            for (int i = 0; i < NX; i++)
                ck_assert_msg(rel_diff(got[i], want[i]) <= 1e-14, "%s %s(%.17g) = %.17g, scalar %.17g",
                              rs_vecmath_name(paths[p]), names[f], x[i], got[i], want[i]);
            memcpy(got, x, sizeof x);       /* in place */
            fns[f](got, got, NX);
            for (int i = 0; i < NX; i++)
                ck_assert(rel_diff(got[i], want[i]) <= 1e-14);
        }
    }
    rs_vecmath_select(RS_VECMATH_AVX512);
}
END_TEST

/* The fixed-order sums against long double sums, and count_below exactly. */
START_TEST(test_sums)
{
    enum { N = 1001 };
    static double v[N], w[N];
    for (int i = 0; i < N; i++) {
        v[i] = sin(0.37 * i) * (1 + i % 7);
        w[i] = cos(0.11 * i);
    }
    long double sq = 0, ab = 0, dot = 0, sum = 0, comp = 0;
    size_t below = 0;
    for (int i = 0; i < N; i++) {
        sq += (long double)v[i] * v[i];
        ab += fabsl((long double)v[i]);
        dot += (long double)v[i] * w[i];
        sum += v[i];
        comp += 1.0L - v[i];
        below += fabs(v[i]) < 0.5;
    }
    ck_assert_double_eq_tol(rs_vec_sum_squares(v, N), (double)sq, 1e-13 * (double)sq);
    ck_assert_double_eq_tol(rs_vec_sum_abs(v, N), (double)ab, 1e-13 * (double)ab);
    ck_assert_double_eq_tol(rs_vec_dot(v, w, N), (double)dot, 1e-12 * (double)ab);
    ck_assert_double_eq_tol(rs_vec_sum(v, N), (double)sum, 1e-12 * (double)ab);
    ck_assert_double_eq_tol(rs_vec_sum_complement(v, N), (double)comp, 1e-12 * (double)ab);
    ck_assert_uint_eq(rs_vec_count_below(v, N, 0.5), below);
    ck_assert(rs_vec_sum_squares(v, 0) == 0.0);
}
END_TEST

/* One forward and backward pass of every cell (and the rnn's sigmoid) with
 * the scalar path and with each vector path: the loss and every per-timestep
 * statistic agree to 1e-14, every gradient number to 1e-14 of the largest. */
START_TEST(test_whole_pass_paths_agree)
{
    const rs_cell cells[] = {RS_CELL_RNN, RS_CELL_RNN, RS_CELL_LSTM, RS_CELL_GRU, RS_CELL_SKIP};
    const rs_activation acts[] = {RS_TANH, RS_SIGMOID, RS_TANH, RS_TANH, RS_TANH};
    const int T = 12, B = 5, I = 3, H = 11, O = 2;
    const rs_model_spec spec = {.cell = cells[_i], .activation = acts[_i], .input = I, .hidden = H, .output = O,
                                .readout = RS_READOUT_EVERY, .loss = RS_LOSS_MSE, .skip = 3};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    rs_model *m = rs_model_create(&spec);
    test_randomize(m, 0.5, rng);
    rs_batch *batch = test_batch(T, B, I, O, RS_READOUT_EVERY, RS_LOSS_MSE, rng);
    rs_workspace *ws = rs_workspace_create(&spec, T, B);

    const size_t n = m->nparams;
    double *grad = malloc(n * sizeof(double)), stats[6][12], loss;
    rs_vecmath_select(RS_VECMATH_SCALAR);
    rs_forward(m, ws, batch, 1, T);
    loss = rs_loss_forward(m, ws, batch, NULL);
    rs_backward(m, ws, batch, 0);
    memcpy(grad, m->grad_block, n * sizeof(double));
    const double *const vecs[] = {ws->g_h, ws->g_x, ws->g_w, ws->dact, ws->sat, ws->g_c};
    for (int k = 0; k < 6; k++)
        memcpy(stats[k], vecs[k], sizeof stats[k]);

    rs_vecmath_path paths[2];
    const int npaths = vector_paths(paths);
    for (int p = 0; p < npaths; p++) {
        rs_vecmath_select(paths[p]);
        rs_forward(m, ws, batch, 1, T);
        ck_assert(rel_diff(rs_loss_forward(m, ws, batch, NULL), loss) <= 1e-14);
        rs_backward(m, ws, batch, 0);
        /* each gradient number to 1e-14 of the largest (a sum with
         * cancellation cannot promise more than that of its small results) */
        double largest = 0.0;
        for (size_t i = 0; i < n; i++)
            largest = fmax(largest, fabs(grad[i]));
        for (size_t i = 0; i < n; i++)
            ck_assert_msg(fabs(m->grad_block[i] - grad[i]) <= 1e-14 * largest,
                          "%s: gradient %zu: %.17g against the scalar path's %.17g", rs_vecmath_name(paths[p]), i,
                          m->grad_block[i], grad[i]);
        for (int k = 0; k < 6; k++)
            for (int t = 0; t < T; t++)
                ck_assert_msg(rel_diff(vecs[k][t], stats[k][t]) <= 1e-14, "%s: statistic %d at t = %d: %.17g / %.17g",
                              rs_vecmath_name(paths[p]), k, t + 1, vecs[k][t], stats[k][t]);
    }
    rs_vecmath_select(RS_VECMATH_AVX512);
    free(grad);
    rs_workspace_free(ws);
    test_batch_free(batch);
    rs_model_free(m);
    gsl_rng_free(rng);
}
END_TEST

/* C += A·B (the recurrent products): every path against the plain triple
 * loop in the documented order, on shapes with and without whole tiles. */
START_TEST(test_matmul_paths_agree)
{
    enum { MAXM = 33, MAXK = 130, MAXN = 390 };
    static double A[MAXM * MAXK], B[MAXK * MAXN], C0[MAXM * MAXN], want[MAXM * MAXN], got[MAXM * MAXN];
    const size_t shapes[][3] = {{1, 1, 1}, {3, 5, 7}, {5, 7, 37}, {16, 32, 32}, {16, 64, 64}, {17, 33, 65},
                                {32, 128, 384}, {33, 130, 390}, {32, 128, 128}};
    for (size_t i = 0; i < MAXM * MAXK; i++)
        A[i] = sin(0.37 * (double)i) * (i % 11 == 0 ? 1e-3 : 1.0);
    for (size_t i = 0; i < MAXK * MAXN; i++)
        B[i] = cos(0.11 * (double)i) - 0.25;
    for (size_t i = 0; i < MAXM * MAXN; i++)
        C0[i] = 0.5 * sin((double)i);
    rs_vecmath_path paths[3] = {RS_VECMATH_SCALAR};
    const int npaths = 1 + vector_paths(paths + 1);
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        const size_t m = shapes[s][0], k = shapes[s][1], n = shapes[s][2];
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++) {
                double c = C0[i * n + j];
                for (size_t p = 0; p < k; p++)
                    c += A[i * k + p] * B[p * n + j];
                want[i * n + j] = c;
            }
        for (int p = 0; p < npaths; p++) {
            rs_vecmath_select(paths[p]);
            memcpy(got, C0, m * n * sizeof(double));
            rs_vec_matmul_add(got, A, B, m, k, n);
            for (size_t i = 0; i < m * n; i++)
                ck_assert_msg(rel_diff(got[i], want[i]) <= 1e-14, "%s: %zu×%zu×%zu: element %zu: %.17g, want %.17g",
                              rs_vecmath_name(paths[p]), m, k, n, i, got[i], want[i]);
        }
    }
    rs_vecmath_select(RS_VECMATH_AVX512);
}
END_TEST

/* RNNSCOPE_VECMATH=scalar (meson's test vecmath-scalar) picks the fallback at load. */
START_TEST(test_environment_picks_path)
{
    const char *env = getenv("RNNSCOPE_VECMATH");
    if (env && strcmp(env, "scalar") == 0)
        ck_assert_int_eq(rs_vecmath_current(), RS_VECMATH_SCALAR);
}
END_TEST

/* The path is chosen from the CPU; asking for more than it has gives less. */
START_TEST(test_select)
{
    ck_assert_int_eq(rs_vecmath_select(RS_VECMATH_SCALAR), RS_VECMATH_SCALAR);
    ck_assert_int_eq(rs_vecmath_current(), RS_VECMATH_SCALAR);
    ck_assert_str_eq(rs_vecmath_name(RS_VECMATH_SCALAR), "scalar");
    ck_assert_str_eq(rs_vecmath_name(RS_VECMATH_AVX2), "avx2");
    ck_assert_str_eq(rs_vecmath_name(RS_VECMATH_AVX512), "avx512");
    const rs_vecmath_path best = rs_vecmath_select(RS_VECMATH_AVX512);
    ck_assert(best <= RS_VECMATH_AVX512 && rs_vecmath_current() == best);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("vecmath");
    TCase *tc = tcase_create("vecmath");
    tcase_add_test(tc, test_environment_picks_path);     /* first: before any rs_vecmath_select */
    tcase_add_test(tc, test_matmul_paths_agree);
    tcase_add_test(tc, test_elementwise_paths_agree);
    tcase_add_test(tc, test_sums);
    tcase_add_loop_test(tc, test_whole_pass_paths_agree, 0, 5);
    tcase_add_test(tc, test_select);
    suite_add_tcase(s, tc);
    return rs_run_suite(s);
}
