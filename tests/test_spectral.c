/* The spectral statistics (src/engine/spectral.c): the warm-started Lanczos
 * σ_max against a dense eigensolver (GSL, as the engine used before) to 1e-9
 * relative, along a run of small updates as in training; ρ and the spectrum
 * from LAPACK against GSL's nonsymmetric solver; determinism, the schedule,
 * and no allocation in either call. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_complex_math.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_sort.h>

#include "check_main.h"
#include "testutil.h"

/* Every malloc/calloc/realloc of rnnscope's own code passes through these
 * (the test links with -Wl,--wrap=…), so the spectral calls can be watched. */
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
static long allocations;
void *__wrap_malloc(size_t n) { allocations++; return __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t size) { allocations++; return __real_calloc(n, size); }
void *__wrap_realloc(void *p, size_t n) { allocations++; return __real_realloc(p, n); }

/* σ_max = √λ_max(WᵀW) of the rows×H W by GSL's dense symmetric solver. */
static double dense_sigma(const double *W, int rows, int H)
{
    gsl_matrix_const_view Wv = gsl_matrix_const_view_array(W, (size_t)rows, (size_t)H);
    gsl_matrix *A = gsl_matrix_alloc((size_t)H, (size_t)H);
    gsl_vector *eval = gsl_vector_alloc((size_t)H);
    gsl_eigen_symm_workspace *eig = gsl_eigen_symm_alloc((size_t)H);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &Wv.matrix, &Wv.matrix, 0.0, A);
    ck_assert_int_eq(gsl_eigen_symm(A, eval, eig), 0);
    const double sigma = sqrt(gsl_vector_max(eval));
    gsl_eigen_symm_free(eig);
    gsl_vector_free(eval);
    gsl_matrix_free(A);
    return sigma;
}

static rs_model *model(rs_cell cell, int H, rs_init recurrent, double scale, gsl_rng *rng)
{
    const rs_model_spec spec = {.cell = cell, .activation = RS_TANH, .input = 2, .hidden = H, .output = 1};
    rs_model *m = rs_model_create(&spec);
    const rs_init_spec init = {.recurrent = recurrent, .input = RS_INIT_XAVIER, .recurrent_scale = scale,
                               .input_scale = 1.0};
    rs_model_init(m, &init, rng);
    return m;
}

/* Along 40 small random updates of W_hh (as SGD makes them), each warm-started
 * σ_max within 1e-9 of the dense one — also from an orthogonal W_hh, whose
 * singular values all start equal (the hardest case for an iterative method). */
START_TEST(test_sigma_warm_start_against_dense)
{
    const struct { rs_cell cell; int H; rs_init init; double scale, step; } cases[] = {
        {RS_CELL_RNN, 32, RS_INIT_ORTHOGONAL, 1.0, 1e-3},   {RS_CELL_RNN, 128, RS_INIT_ORTHOGONAL, 1.0, 1e-3},
        {RS_CELL_RNN, 64, RS_INIT_GAUSSIAN, 0.125, 1e-2},   {RS_CELL_LSTM, 48, RS_INIT_ORTHOGONAL, 1.0, 1e-3},
        {RS_CELL_GRU, 48, RS_INIT_XAVIER, 1.0, 1e-3},       {RS_CELL_SKIP, 40, RS_INIT_IDENTITY, 1.0, 1e-4},
        {RS_CELL_RNN, 3, RS_INIT_GAUSSIAN, 1.0, 1e-1},      {RS_CELL_RNN, 200, RS_INIT_ORTHOGONAL, 1.0, 1e-2},
    };
    const int c = _i;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    rs_model *m = model(cases[c].cell, cases[c].H, cases[c].init, cases[c].scale, rng);
    const int H = cases[c].H, G = rs_cell_gates(cases[c].cell) * H;
    rs_spectral_workspace *w = rs_spectral_workspace_create(H);
    rs_spectral s = rs_spectral_compute(m, w);
    ck_assert_double_eq_tol(s.sigma_max, dense_sigma(m->param.W_hh, G, H), 1e-9 * s.sigma_max);
    for (int step = 0; step < 40; step++) {
        for (int i = 0; i < G * H; i++)
            m->param.W_hh[i] += cases[c].step * gsl_ran_gaussian(rng, 1.0) / sqrt(H);
        const double radius = s.radius;
        rs_spectral_sigma(m, w, &s);
        const double want = dense_sigma(m->param.W_hh, G, H);
        ck_assert_msg(fabs(s.sigma_max - want) <= 1e-9 * want, "case %d step %d: σ_max %.17g, dense %.17g", c, step,
                      s.sigma_max, want);
        ck_assert(s.radius == radius || (isnan(s.radius) && isnan(radius)));   /* left as it was */
        if (G == H)
            ck_assert_double_eq_tol(s.bound, s.sigma_max * s.gamma, 1e-15);
        else
            ck_assert(isnan(s.bound) && isnan(s.gamma));
    }
    rs_spectral_workspace_free(w);
    rs_model_free(m);
    gsl_rng_free(rng);
}
END_TEST

/* ρ and the spectrum from LAPACK against GSL's nonsymmetric solver. */
START_TEST(test_eigen_against_gsl)
{
    const int Hs[] = {1, 5, 32, 97};
    const int H = Hs[_i];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    rs_model *m = model(RS_CELL_RNN, H, RS_INIT_GAUSSIAN, 1.0 / sqrt(H), rng);
    rs_spectral_workspace *w = rs_spectral_workspace_create(H);
    rs_spectral s = {.radius = NAN};
    rs_spectral_eigen(m, w, &s);

    gsl_matrix *A = gsl_matrix_alloc((size_t)H, (size_t)H);
    memcpy(A->data, m->param.W_hh, (size_t)H * H * sizeof(double));
    gsl_vector_complex *eval = gsl_vector_complex_alloc((size_t)H);
    gsl_eigen_nonsymm_workspace *eig = gsl_eigen_nonsymm_alloc((size_t)H);
    ck_assert_int_eq(gsl_eigen_nonsymm(A, eval, eig), 0);
    double radius = 0.0, want_re[128], want_im[128], got_re[128], got_im[128];
    for (int i = 0; i < H; i++) {
        const gsl_complex z = gsl_vector_complex_get(eval, (size_t)i);
        radius = fmax(radius, gsl_complex_abs(z));
        want_re[i] = GSL_REAL(z);
        want_im[i] = fabs(GSL_IMAG(z));
    }
    ck_assert_double_eq_tol(s.radius, radius, 1e-12 * radius);

    const double *re, *im;
    ck_assert_int_eq(rs_spectral_eigenvalues(w, &re, &im), H);
    for (int i = 0; i < H; i++) {
        got_re[i] = re[i];
        got_im[i] = fabs(im[i]);
    }
    /* the same multiset of (re, |im|): sort both by the real part */
    gsl_sort2(want_re, 1, want_im, 1, (size_t)H);
    gsl_sort2(got_re, 1, got_im, 1, (size_t)H);
    for (int i = 0; i < H; i++) {
        ck_assert_double_eq_tol(got_re[i], want_re[i], 1e-10);
        ck_assert_double_eq_tol(got_im[i], want_im[i], 1e-10);
    }
    gsl_eigen_nonsymm_free(eig);
    gsl_vector_complex_free(eval);
    gsl_matrix_free(A);
    rs_spectral_workspace_free(w);
    rs_model_free(m);
    gsl_rng_free(rng);
}
END_TEST

/* On the workspace's thread: the same bits as rs_spectral_eigen, for the
 * weights at _start even when they change before _finish; nothing to finish
 * without a start; a second start replaces the first. */
START_TEST(test_eigen_on_the_thread)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    rs_model *m = model(RS_CELL_RNN, 60, RS_INIT_GAUSSIAN, 0.2, rng);
    rs_spectral_workspace *w = rs_spectral_workspace_create(60), *ref = rs_spectral_workspace_create(60);
    rs_spectral s = {.radius = NAN}, want = {.radius = NAN};
    const double *re, *im, *want_re, *want_im;
    ck_assert(!rs_spectral_eigen_finish(w, &s) && isnan(s.radius));
    for (int round = 0; round < 3; round++) {
        rs_spectral_eigen(m, ref, &want);
        allocations = 0;
        if (round == 2)
            rs_spectral_eigen_start(m, w);      /* replaced by the next */
        rs_spectral_eigen_start(m, w);
        ck_assert_int_eq(allocations, 0);
        m->param.W_hh[round] += 1.0;            /* after the start: not seen */
        ck_assert(rs_spectral_eigen_finish(w, &s));
        ck_assert(!rs_spectral_eigen_finish(w, &s));
        ck_assert(s.radius == want.radius);
        ck_assert_int_eq(rs_spectral_eigenvalues(w, &re, &im), 60);
        ck_assert_int_eq(rs_spectral_eigenvalues(ref, &want_re, &want_im), 60);
        ck_assert_mem_eq(re, want_re, 60 * sizeof(double));
        ck_assert_mem_eq(im, want_im, 60 * sizeof(double));
    }
    rs_spectral_workspace_free(w);              /* joins its thread, also with a job under way */
    w = rs_spectral_workspace_create(60);
    rs_spectral_eigen_start(m, w);
    rs_spectral_workspace_free(w);
    rs_spectral_workspace_free(ref);
    rs_model_free(m);
    gsl_rng_free(rng);
}
END_TEST

/* Gated cells: no radius, no eigenvalues; a non-finite W_hh: NaN, no
 * eigenvalues, and the warm start forgotten (the next finite W_hh is exact). */
START_TEST(test_gated_and_non_finite)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    rs_model *m = model(RS_CELL_LSTM, 8, RS_INIT_ORTHOGONAL, 1.0, rng);
    rs_spectral_workspace *w = rs_spectral_workspace_create(8);
    const double *re, *im;
    rs_spectral s = rs_spectral_compute(m, w);
    ck_assert(isnan(s.radius) && isnan(s.gamma) && isnan(s.bound) && s.sigma_max > 0.0);
    ck_assert_int_eq(rs_spectral_eigenvalues(w, &re, &im), 0);
    rs_model_free(m);

    m = model(RS_CELL_RNN, 8, RS_INIT_GAUSSIAN, 0.5, rng);
    s = rs_spectral_compute(m, w);
    ck_assert_int_eq(rs_spectral_eigenvalues(w, &re, &im), 8);
    const double saved = m->param.W_hh[3];
    m->param.W_hh[3] = NAN;
    rs_spectral_sigma(m, w, &s);
    rs_spectral_eigen(m, w, &s);
    ck_assert(isnan(s.sigma_max) && isnan(s.bound) && isnan(s.radius));
    ck_assert_int_eq(rs_spectral_eigenvalues(w, &re, &im), 0);
    m->param.W_hh[3] = saved;
    rs_spectral_sigma(m, w, &s);
    ck_assert_double_eq_tol(s.sigma_max, dense_sigma(m->param.W_hh, 8, 8), 1e-9 * s.sigma_max);

    memset(m->param.W_hh, 0, 64 * sizeof(double));     /* W_hh = 0: σ_max = ρ = 0 */
    s = rs_spectral_compute(m, w);
    ck_assert(s.sigma_max == 0.0 && s.radius == 0.0 && s.bound == 0.0);
    rs_spectral_workspace_free(w);
    rs_model_free(m);
    gsl_rng_free(rng);
}
END_TEST

/* The same calls in the same order give the same bits (the warm start is
 * part of the state); neither call allocates. */
START_TEST(test_deterministic_without_allocation)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    rs_model *m = model(RS_CELL_RNN, 40, RS_INIT_ORTHOGONAL, 1.0, rng);
    rs_spectral_workspace *a = rs_spectral_workspace_create(40), *b = rs_spectral_workspace_create(40);
    rs_spectral sa = rs_spectral_compute(m, a), sb = rs_spectral_compute(m, b);
    for (int step = 0; step < 10; step++) {
        for (int i = 0; i < 40 * 40; i++)
            m->param.W_hh[i] += 1e-3 * gsl_ran_gaussian(rng, 1.0);
        allocations = 0;
        rs_spectral_sigma(m, a, &sa);
        rs_spectral_eigen(m, a, &sa);
        ck_assert_int_eq(allocations, 0);
        rs_spectral_sigma(m, b, &sb);
        rs_spectral_eigen(m, b, &sb);
        ck_assert_mem_eq(&sa, &sb, sizeof sa);
    }
    rs_spectral_workspace_free(a);
    rs_spectral_workspace_free(b);
    rs_model_free(m);
    gsl_rng_free(rng);
}
END_TEST

/* The schedule: a function of the sizes, at least at_least, at least 1,
 * sparser for larger H, denser for longer sequences. */
START_TEST(test_eigen_schedule)
{
    rs_model_spec spec = {.cell = RS_CELL_RNN, .activation = RS_TANH, .input = 2, .hidden = 512, .output = 1};
    const long h512 = rs_spectral_eigen_every(&spec, 100, 32, 10);
    ck_assert_int_eq(h512, rs_spectral_eigen_every(&spec, 100, 32, 10));
    spec.hidden = 128;
    const long h128 = rs_spectral_eigen_every(&spec, 100, 32, 10);
    ck_assert(h512 > h128 && h128 >= 10);
    ck_assert_int_eq(rs_spectral_eigen_every(&spec, 100, 32, 1000), 1000);
    spec.hidden = 512;
    ck_assert(rs_spectral_eigen_every(&spec, 1000, 32, 1) < h512);
    spec.hidden = 2;
    ck_assert_int_eq(rs_spectral_eigen_every(&spec, 100, 32, 0), 1);
    /* the rule of engine.h: ⌈20 · 200 H³ / (8 T B G H)⌉ */
    spec.hidden = 512;
    ck_assert_int_eq(rs_spectral_eigen_every(&spec, 100, 32, 1), (long)ceil(20.0 * 200 * 512.0 / (8.0 * 100 * 32)));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("spectral");
    TCase *tc = tcase_create("spectral");
    tcase_add_loop_test(tc, test_sigma_warm_start_against_dense, 0, 8);
    tcase_add_loop_test(tc, test_eigen_against_gsl, 0, 4);
    tcase_add_test(tc, test_eigen_on_the_thread);
    tcase_add_test(tc, test_gated_and_non_finite);
    tcase_add_test(tc, test_deterministic_without_allocation);
    tcase_add_test(tc, test_eigen_schedule);
    suite_add_tcase(s, tc);
    return rs_run_suite(s);
}
