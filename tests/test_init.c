/* rs_init_matrix: orthogonality, exact identity, the variances of the random
 * kinds, and that a seed fixes the weights bit for bit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "check_main.h"
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "rnnscope/engine.h"

static gsl_rng *rng_seeded(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    return r;
}

static double *init_seeded(int rows, int cols, rs_init kind, double scale, unsigned long seed)
{
    double *W = malloc((size_t)rows * (size_t)cols * sizeof *W);   /* (rows, cols) */
    ck_assert_ptr_nonnull(W);
    gsl_rng *r = rng_seeded(seed);
    rs_init_matrix(W, rows, cols, kind, scale, r);
    gsl_rng_free(r);
    return W;
}

/* Largest |G − gain²·I| where G = WᵀW (rows ≥ cols) or WWᵀ (rows < cols):
 * the Gram matrix of the shorter side. */
static double gram_error(const double *W, int rows, int cols, double gain)
{
    const int wide = rows < cols;
    const int n = wide ? rows : cols, m = wide ? cols : rows;
    double worst = 0.0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double g = 0.0;
            for (int k = 0; k < m; k++)
                g += wide ? W[i * cols + k] * W[j * cols + k] : W[k * cols + i] * W[k * cols + j];
            double e = fabs(g - (i == j ? gain * gain : 0.0));
            if (e > worst)
                worst = e;
        }
    return worst;
}

static const struct { int rows, cols; double gain; } orthogonal_cases[] = {
    { 64, 64, 1.0 },    /* square: W_hh */
    { 80, 30, 1.0 },    /* tall: W_ih with I < H */
    { 30, 80, 1.0 },    /* wide: W_hy with O < H */
    { 1, 1, 1.0 },
    { 1, 7, 1.0 },
    { 7, 1, 1.0 },
    { 64, 64, 1.5 },
    { 80, 30, 0.5 },
    { 30, 80, 2.0 },
};

START_TEST(orthogonal_is_orthonormal_times_gain)
{
    const int rows = orthogonal_cases[_i].rows, cols = orthogonal_cases[_i].cols;
    const double gain = orthogonal_cases[_i].gain;
    double *W = init_seeded(rows, cols, RS_INIT_ORTHOGONAL, gain, 7);
    double err = gram_error(W, rows, cols, gain);
    ck_assert_msg(err < 1e-12 * gain * gain, "%d×%d gain %g: |Gram − gain²·I| = %g", rows, cols, gain, err);
    free(W);
}
END_TEST

/* The sign convention (Saxe et al. 2014; PyTorch's orthogonal_): for the
 * gaussian draw G (tall: G = QR; wide: Gᵀ = QR) and D = diag(sign R_jj),
 * W = gain·QD (tall) or gain·(QD)ᵀ (wide), so WᵀG (tall) or WGᵀ (wide)
 * equals gain·DR: upper triangular with a positive diagonal. Without the sign
 * fix about half the diagonal would be negative. */
START_TEST(orthogonal_signs_follow_r)
{
    const int rows = orthogonal_cases[_i].rows, cols = orthogonal_cases[_i].cols;
    const double gain = orthogonal_cases[_i].gain;
    const int wide = rows < cols;
    const int n = wide ? rows : cols, m = wide ? cols : rows;
    double *W = init_seeded(rows, cols, RS_INIT_ORTHOGONAL, gain, 11);
    double *G = malloc((size_t)rows * cols * sizeof *G);   /* (rows, cols): the same draws */
    gsl_rng *r = rng_seeded(11);
    for (int i = 0; i < rows * cols; i++)
        G[i] = gsl_ran_gaussian(r, 1.0);
    gsl_rng_free(r);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double dr = 0.0, norm = 0.0;   /* (gain·DR)[i][j] */
            for (int k = 0; k < m; k++) {
                double w = wide ? W[i * cols + k] : W[k * cols + i];
                double g = wide ? G[j * cols + k] : G[k * cols + j];
                dr += w * g;
                norm += g * g;
            }
            if (i == j)
                ck_assert_msg(dr > 0.0, "%d×%d: (DR)[%d][%d] = %g", rows, cols, i, j, dr);
            else if (i > j)
                ck_assert_msg(fabs(dr) < 1e-12 * gain * sqrt(norm), "%d×%d: (DR)[%d][%d] = %g", rows, cols, i, j, dr);
        }
    free(G);
    free(W);
}
END_TEST

START_TEST(identity_is_exact)
{
    static const struct { int rows, cols; double gain; } cases[] = {
        { 5, 5, 1.0 }, { 3, 5, 0.7 }, { 5, 3, 0.7 }, { 1, 1, 2.0 },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const int rows = cases[c].rows, cols = cases[c].cols;
        double *W = init_seeded(rows, cols, RS_INIT_IDENTITY, cases[c].gain, 1);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                ck_assert_double_eq(W[i * cols + j], i == j ? cases[c].gain : 0.0);
        free(W);
    }
}
END_TEST

/* Sample moments of W against a zero-mean law of variance var.
 *
 * With the mean known to be 0, v̂ = (1/n)·Σ w² is unbiased for σ² and
 * Var(v̂) = (E[w⁴] − σ⁴)/n = (κ − 1)·σ⁴/n, κ = E[w⁴]/σ⁴ the kurtosis
 * (3 gaussian, 9/5 uniform). So v̂/σ² − 1 has standard error √((κ−1)/n);
 * the tolerance is 6 standard errors (a false failure once in ~5·10⁸ runs).
 * The mean has standard error σ/√n; same 6. */
static void check_moments(const double *W, size_t n, double var, double kurtosis)
{
    double sum = 0.0, sumsq = 0.0;
    for (size_t i = 0; i < n; i++) {
        sum += W[i];
        sumsq += W[i] * W[i];
    }
    const double mean = sum / (double)n, vhat = sumsq / (double)n;
    const double tol_var = 6.0 * sqrt((kurtosis - 1.0) / (double)n);
    const double tol_mean = 6.0 * sqrt(var / (double)n);
    ck_assert_msg(fabs(vhat / var - 1.0) < tol_var, "variance %g, expected %g (±%.2g relative)", vhat, var, tol_var);
    ck_assert_msg(fabs(mean) < tol_mean, "mean %g, expected 0 (±%.2g)", mean, tol_mean);
}

enum { BIG_ROWS = 400, BIG_COLS = 600 };   /* 240 000 draws: the tolerances are ~1.4 % */

START_TEST(xavier_variance)
{
    const double gain = 1.3;
    double *W = init_seeded(BIG_ROWS, BIG_COLS, RS_INIT_XAVIER, gain, 3);
    check_moments(W, (size_t)BIG_ROWS * BIG_COLS, gain * gain * 2.0 / (BIG_ROWS + BIG_COLS), 3.0);
    free(W);
}
END_TEST

START_TEST(he_variance)
{
    const double gain = 0.8;
    double *W = init_seeded(BIG_ROWS, BIG_COLS, RS_INIT_HE, gain, 4);
    check_moments(W, (size_t)BIG_ROWS * BIG_COLS, gain * gain * 2.0 / BIG_COLS, 3.0);   /* fan_in = cols */
    free(W);
}
END_TEST

START_TEST(gaussian_std)
{
    const double std = 0.1;
    double *W = init_seeded(BIG_ROWS, BIG_COLS, RS_INIT_GAUSSIAN, std, 5);
    check_moments(W, (size_t)BIG_ROWS * BIG_COLS, std * std, 3.0);
    free(W);
}
END_TEST

START_TEST(uniform_range_and_variance)
{
    const double s = 0.3;
    const size_t n = (size_t)BIG_ROWS * BIG_COLS;
    double *W = init_seeded(BIG_ROWS, BIG_COLS, RS_INIT_UNIFORM, s, 6);
    double lo = W[0], hi = W[0];
    for (size_t i = 0; i < n; i++) {
        ck_assert(W[i] >= -s && W[i] <= s);
        lo = fmin(lo, W[i]);
        hi = fmax(hi, W[i]);
    }
    /* the whole range is used: P(no draw within 10⁻³·s of an end) = (1 − 5·10⁻⁴)ⁿ ≈ e⁻¹²⁰ */
    ck_assert(lo < -s * 0.999 && hi > s * 0.999);
    check_moments(W, n, s * s / 3.0, 9.0 / 5.0);
    free(W);
}
END_TEST

START_TEST(same_seed_same_weights)
{
    const rs_init kind = (rs_init)_i;
    const int rows = 24, cols = 17;
    const size_t bytes = (size_t)rows * cols * sizeof(double);
    double *a = init_seeded(rows, cols, kind, 0.9, 42);
    double *b = init_seeded(rows, cols, kind, 0.9, 42);
    double *c = init_seeded(rows, cols, kind, 0.9, 43);
    ck_assert_msg(memcmp(a, b, bytes) == 0, "%s: same seed, different weights", rs_init_names[kind]);
    if (kind != RS_INIT_IDENTITY)
        ck_assert_msg(memcmp(a, c, bytes) != 0, "%s: different seed, same weights", rs_init_names[kind]);
    free(a);
    free(b);
    free(c);
}
END_TEST

/* ---- rs_model_init: the cells' tensors ------------------------------------------ */

static rs_model *model_inited(rs_cell cell, rs_init recurrent, rs_init input, unsigned long seed)
{
    const rs_model_spec spec = {cell, RS_TANH, 0.01, 5, 12, 3, RS_READOUT_LAST, RS_LOSS_MSE, 4};
    const rs_init_spec init = {recurrent, input, 1.2, 0.9, -0.25, 1.5};
    rs_model *m = rs_model_create(&spec);
    ck_assert_ptr_nonnull(m);
    gsl_rng *r = rng_seeded(seed);
    rs_model_init(m, &init, r);
    gsl_rng_free(r);
    return m;
}

/* Gated cells: every H×H block of W_hh and every H×I block of W_ih is
 * orthogonal (or the identity) on its own, at its kind's gain. */
START_TEST(gate_blocks_initialised_one_by_one)
{
    const rs_cell cell = _i < 2 ? RS_CELL_LSTM : RS_CELL_GRU;
    const rs_init kind = _i % 2 ? RS_INIT_IDENTITY : RS_INIT_ORTHOGONAL;
    rs_model *m = model_inited(cell, kind, kind, 8);
    const int H = 12, I = 5, gates = rs_cell_gates(cell);
    ck_assert_int_eq(gates, cell == RS_CELL_LSTM ? 4 : 3);
    for (int q = 0; q < gates; q++) {
        const double *W_hh = m->param.W_hh + (size_t)q * H * H, *W_ih = m->param.W_ih + (size_t)q * H * I;
        if (kind == RS_INIT_ORTHOGONAL) {
            ck_assert_msg(gram_error(W_hh, H, H, 1.2) < 1e-12, "W_hh block %d", q);
            ck_assert_msg(gram_error(W_ih, H, I, 0.9) < 1e-12, "W_ih block %d", q);
        } else
            for (int i = 0; i < H; i++) {
                for (int j = 0; j < H; j++)
                    ck_assert(W_hh[i * H + j] == (i == j ? 1.2 : 0.0));
                for (int j = 0; j < I; j++)
                    ck_assert(W_ih[i * I + j] == (i == j ? 0.9 : 0.0));
            }
    }
    /* the whole stack is not orthogonal as one matrix: WᵀW = gates·gain²·I */
    if (kind == RS_INIT_ORTHOGONAL)
        ck_assert(gram_error(m->param.W_hh, gates * H, H, 1.2 * sqrt(gates)) < 1e-11);
    rs_model_free(m);
}
END_TEST

/* Every bias at init.bias, except the lstm's forget block of b at
 * init.forget_bias (Jozefowicz et al. 2015). */
START_TEST(biases_and_forget_bias)
{
    const int H = 12;
    for (rs_cell cell = 0; cell < RS_CELL_COUNT; cell++) {
        rs_model *m = model_inited(cell, RS_INIT_GAUSSIAN, RS_INIT_XAVIER, 9);
        int biases = 0;
        for (int k = 0; k < m->ntensors; k++) {
            const rs_tensor *t = &m->tensor[k];
            if (t->rank != 1)
                continue;
            biases++;
            for (int i = 0; i < t->rows; i++) {
                const bool forget = cell == RS_CELL_LSTM && strcmp(t->name, "b") == 0 && i >= H && i < 2 * H;
                ck_assert_msg(m->param_block[t->offset + (size_t)i] == (forget ? 1.5 : -0.25), "%s %s[%d]",
                              rs_cell_names[cell], t->name, i);
            }
        }
        ck_assert_int_eq(biases, cell == RS_CELL_GRU ? 3 : 2);
        rs_model_free(m);
    }
}
END_TEST

/* The tensors of each cell, by name and shape, in the order of DESIGN §2. */
START_TEST(tensor_names_and_shapes)
{
    static const struct { rs_cell cell; const char *names[7]; int rows[7]; } cells[] = {
        {RS_CELL_RNN, {"W_ih", "W_hh", "b_h", "W_hy", "b_y"}, {12, 12, 12, 3, 3}},
        {RS_CELL_LSTM, {"W_ih", "W_hh", "b", "W_hy", "b_y"}, {48, 48, 48, 3, 3}},
        {RS_CELL_GRU, {"W_ih", "W_hh", "b_ih", "b_hh", "W_hy", "b_y"}, {36, 36, 36, 36, 3, 3}},
        {RS_CELL_SKIP, {"W_ih", "W_hh", "W_sk", "b_h", "W_hy", "b_y"}, {12, 12, 12, 12, 3, 3}},
    };
    for (size_t c = 0; c < 4; c++) {
        rs_model *m = model_inited(cells[c].cell, RS_INIT_GAUSSIAN, RS_INIT_XAVIER, 1);
        int n = 0;
        size_t total = 0;
        while (n < 7 && cells[c].names[n])
            n++;
        ck_assert_int_eq(m->ntensors, n);
        for (int k = 0; k < n; k++) {
            ck_assert_str_eq(m->tensor[k].name, cells[c].names[k]);
            ck_assert_int_eq(m->tensor[k].rows, cells[c].rows[k]);
            ck_assert_uint_eq(m->tensor[k].offset, total);
            total += (size_t)m->tensor[k].rows * (size_t)m->tensor[k].cols;
        }
        ck_assert_uint_eq(total, m->nparams);
        ck_assert(cells[c].cell == RS_CELL_SKIP ? m->param.W_sk != NULL : m->param.W_sk == NULL);
        rs_model_free(m);
    }
}
END_TEST

/* Draw order: W_ih and W_hy come first for every cell (a new recurrent init
 * keeps them), and the skip cell's W_sk comes after W_hh, so its W_ih, W_hh,
 * W_hy are the rnn's for the same seed and W_sk is the next draw. */
START_TEST(draw_order)
{
    const int H = 12, I = 5, O = 3;
    for (rs_cell cell = 0; cell < RS_CELL_COUNT; cell++) {
        rs_model *a = model_inited(cell, RS_INIT_GAUSSIAN, RS_INIT_XAVIER, 21);
        rs_model *b = model_inited(cell, RS_INIT_ORTHOGONAL, RS_INIT_XAVIER, 21);
        const size_t G = (size_t)rs_cell_gates(cell) * H;
        ck_assert_mem_eq(a->param.W_ih, b->param.W_ih, G * I * sizeof(double));
        ck_assert_mem_eq(a->param.W_hy, b->param.W_hy, (size_t)O * H * sizeof(double));
        ck_assert_mem_ne(a->param.W_hh, b->param.W_hh, G * H * sizeof(double));
        rs_model_free(a);
        rs_model_free(b);
    }
    rs_model *rnn = model_inited(RS_CELL_RNN, RS_INIT_ORTHOGONAL, RS_INIT_XAVIER, 22);
    rs_model *skip = model_inited(RS_CELL_SKIP, RS_INIT_ORTHOGONAL, RS_INIT_XAVIER, 22);
    ck_assert_mem_eq(rnn->param.W_ih, skip->param.W_ih, (size_t)H * I * sizeof(double));
    ck_assert_mem_eq(rnn->param.W_hh, skip->param.W_hh, (size_t)H * H * sizeof(double));
    ck_assert_mem_eq(rnn->param.W_hy, skip->param.W_hy, (size_t)O * H * sizeof(double));
    ck_assert_mem_eq(rnn->param.b_h, skip->param.b_h, (size_t)H * sizeof(double));
    /* W_sk: the recurrent kind and scale, drawn from where the rnn stopped */
    gsl_rng *r = rng_seeded(22);
    double *scratch = malloc((size_t)H * H * sizeof(double));
    rs_init_matrix(scratch, H, I, RS_INIT_XAVIER, 0.9, r);
    rs_init_matrix(scratch, O, H, RS_INIT_XAVIER, 0.9, r);
    rs_init_matrix(scratch, H, H, RS_INIT_ORTHOGONAL, 1.2, r);
    rs_init_matrix(scratch, H, H, RS_INIT_ORTHOGONAL, 1.2, r);
    ck_assert_mem_eq(scratch, skip->param.W_sk, (size_t)H * H * sizeof(double));
    ck_assert(gram_error(skip->param.W_sk, H, H, 1.2) < 1e-12);
    free(scratch);
    gsl_rng_free(r);
    rs_model_free(rnn);
    rs_model_free(skip);
}
END_TEST

static Suite *init_suite(void)
{
    Suite *s = suite_create("init");
    TCase *tc = tcase_create("init");
    tcase_add_loop_test(tc, orthogonal_is_orthonormal_times_gain, 0,
                        (int)(sizeof orthogonal_cases / sizeof orthogonal_cases[0]));
    tcase_add_loop_test(tc, orthogonal_signs_follow_r, 0,
                        (int)(sizeof orthogonal_cases / sizeof orthogonal_cases[0]));
    tcase_add_test(tc, identity_is_exact);
    tcase_add_test(tc, xavier_variance);
    tcase_add_test(tc, he_variance);
    tcase_add_test(tc, gaussian_std);
    tcase_add_test(tc, uniform_range_and_variance);
    tcase_add_loop_test(tc, same_seed_same_weights, 0, RS_INIT_COUNT);
    tcase_add_loop_test(tc, gate_blocks_initialised_one_by_one, 0, 4);
    tcase_add_test(tc, biases_and_forget_bias);
    tcase_add_test(tc, tensor_names_and_shapes);
    tcase_add_test(tc, draw_order);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return rs_run_suite(init_suite());
}
