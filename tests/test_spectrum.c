/* The spectrum view's numbers: the engine's eigenvalues of known matrices;
 * max |λ| = the engine's ρ and σ_max the engine's, for the rnn at many
 * inits; identity and orthogonal W_hh on the circle of radius gain; Girko's
 * circle law at H = 256; the state Jacobian against finite differences; and
 * what the session hands the view for every cell. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "check_main.h"
#include "testutil.h"

#include "rnnscope/session.h"

static double rel(double a, double b) { return fabs(a - b) / fmax(fabs(b), 1e-300); }

/* ---- the engine ------------------------------------------------------------------ */

START_TEST(eigenvalues_of_known_matrices)
{
    rs_eigen_workspace *w = rs_eigen_workspace_create(3);
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(rs_eigen_size(w), 3);
    double re[3], im[3];
    /* diagonal: sorted by modulus, the negative one first */
    const double D[9] = {0.5, 0, 0, 0, -2.0, 0, 0, 0, 1.0};
    ck_assert_int_eq(rs_eigenvalues(w, D, re, im), 0);
    ck_assert_double_eq_tol(re[0], -2.0, 1e-15);
    ck_assert_double_eq_tol(re[1], 1.0, 1e-15);
    ck_assert_double_eq_tol(re[2], 0.5, 1e-15);
    ck_assert(im[0] == 0.0 && im[1] == 0.0 && im[2] == 0.0);
    ck_assert_double_eq_tol(rs_sigma_max(w, D), 2.0, 1e-15);
    /* a rotation by 90° scaled by 0.8 beside a real 0.3: 0.8·(±i) first, +i before −i */
    const double R[9] = {0, -0.8, 0, 0.8, 0, 0, 0, 0, 0.3};
    ck_assert_int_eq(rs_eigenvalues(w, R, re, im), 0);
    ck_assert_double_eq_tol(re[0], 0.0, 1e-15);
    ck_assert_double_eq_tol(im[0], 0.8, 1e-15);
    ck_assert_double_eq_tol(im[1], -0.8, 1e-15);
    ck_assert_double_eq_tol(re[2], 0.3, 1e-15);
    /* a shear: eigenvalues 1, 1 (and 0) but σ_max is the golden ratio φ */
    const double S[9] = {1, 1, 0, 0, 1, 0, 0, 0, 0};
    ck_assert_int_eq(rs_eigenvalues(w, S, re, im), 0);
    ck_assert_double_eq_tol(hypot(re[0], im[0]), 1.0, 1e-7);     /* a double root: √ε accuracy */
    ck_assert_double_eq_tol(rs_sigma_max(w, S), (1.0 + sqrt(5.0)) / 2.0, 1e-14);
    /* not finite: −1 and NaN */
    const double bad[9] = {1, 0, 0, 0, NAN, 0, 0, 0, 1};
    ck_assert_int_eq(rs_eigenvalues(w, bad, re, im), -1);
    ck_assert(isnan(re[0]) && isnan(im[2]));
    ck_assert(isnan(rs_sigma_max(w, bad)));
    rs_eigen_workspace_free(w);
    ck_assert_ptr_null(rs_eigen_workspace_create(0));
}
END_TEST

/* For the rnn at several inits, scales and sizes: the largest |λ| is the
 * engine's spectral radius, σ_max is the engine's, and every |λ| ≤ σ_max. */
START_TEST(largest_modulus_is_the_engines_radius)
{
    const struct { rs_init kind; double scale; int H; } cases[] = {
        {RS_INIT_GAUSSIAN, 0.05, 32}, {RS_INIT_GAUSSIAN, 0.1, 32}, {RS_INIT_GAUSSIAN, 0.3, 64},
        {RS_INIT_UNIFORM, 0.2, 16}, {RS_INIT_XAVIER, 1.0, 48}, {RS_INIT_HE, 1.0, 20},
        {RS_INIT_ORTHOGONAL, 1.1, 24}, {RS_INIT_IDENTITY, 0.9, 8}, {RS_INIT_GAUSSIAN, 2.0, 128},
    };
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const int H = cases[c].H;
        const rs_model_spec spec = {RS_CELL_RNN, RS_TANH, 0.01, 2, H, 1, RS_READOUT_LAST, RS_LOSS_MSE, 0};
        const rs_init_spec init = {cases[c].kind, RS_INIT_XAVIER, cases[c].scale, 1.0, 0.0, 1.0};
        rs_model *m = rs_model_create(&spec);
        gsl_rng_set(rng, 7 + c);
        rs_model_init(m, &init, rng);
        rs_spectral_workspace *sw = rs_spectral_workspace_create(H);
        const rs_spectral engine = rs_spectral_compute(m, sw);
        rs_eigen_workspace *w = rs_eigen_workspace_create(H);
        double *re = malloc((size_t)H * sizeof(double)), *im = malloc((size_t)H * sizeof(double));
        ck_assert_int_eq(rs_eigenvalues(w, m->param.W_hh, re, im), 0);
        const double rho = hypot(re[0], im[0]), sigma = rs_sigma_max(w, m->param.W_hh);
        ck_assert_msg(rel(rho, engine.radius) <= 1e-12, "case %zu: max |λ| %.17g, engine ρ %.17g", c, rho,
                      engine.radius);
        ck_assert_msg(rel(sigma, engine.sigma_max) <= 1e-12, "case %zu: σ_max %.17g, engine %.17g", c, sigma,
                      engine.sigma_max);
        for (int i = 0; i < H; i++) {
            ck_assert(hypot(re[i], im[i]) <= sigma * (1 + 1e-12));
            if (i > 0)      /* sorted */
                ck_assert(hypot(re[i], im[i]) <= hypot(re[i - 1], im[i - 1]));
        }
        free(re);
        free(im);
        rs_eigen_workspace_free(w);
        rs_spectral_workspace_free(sw);
        rs_model_free(m);
    }
    gsl_rng_free(rng);
}
END_TEST

/* rs_state_jacobian, element by element, against five-point finite
 * differences of one step of the recurrence: perturb each number of the
 * state at t (h_t; the lstm's c_t too), redo step t+1 alone, read the state. */
START_TEST(state_jacobian_finite_differences)
{
    const struct { rs_cell cell; rs_activation act; } cases[] = {
        {RS_CELL_RNN, RS_TANH}, {RS_CELL_RNN, RS_SIGMOID}, {RS_CELL_SKIP, RS_TANH}, {RS_CELL_LSTM, RS_TANH},
        {RS_CELL_GRU, RS_TANH},
    };
    const int T = 5, B = 3, I = 2, H = 4, O = 2;
    const rs_cell cell = cases[_i].cell;
    const rs_model_spec spec = {cell, cases[_i].act, 0.01, I, H, O, RS_READOUT_LAST, RS_LOSS_MSE, 2};
    const int N = rs_state_size(&spec);
    ck_assert_int_eq(N, cell == RS_CELL_LSTM ? 2 * H : H);
    rs_model *m = rs_model_create(&spec);
    rs_workspace *ws = rs_workspace_create(&spec, T, B);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 31 + (unsigned long)_i);
    rs_batch *batch = test_batch(T, B, I, O, RS_READOUT_LAST, RS_LOSS_MSE, rng);
    test_randomize(m, 0.8, rng);
    rs_forward(m, ws, batch, 1, T);
    double J[64], fd[64];
    const double eps = 1e-4;
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            rs_state_jacobian(m, ws, t, b, J);
            for (int j = 0; j < N; j++) {
                double *x = (j < H ? ws->h : ws->c) + ((size_t)t * B + b) * H + j % H;
                const double saved = *x, steps[4] = {-2 * eps, -eps, eps, 2 * eps};
                double out[4][8];
                for (int s = 0; s < 4; s++) {
                    *x = saved + steps[s];
                    rs_forward(m, ws, batch, t + 1, t + 1);
                    for (int i = 0; i < N; i++)
                        out[s][i] = (i < H ? ws->h : ws->c)[((size_t)(t + 1) * B + b) * H + i % H];
                }
                *x = saved;
                rs_forward(m, ws, batch, t + 1, t + 1);
                for (int i = 0; i < N; i++)
                    fd[i * N + j] = (8.0 * (out[2][i] - out[1][i]) - (out[3][i] - out[0][i])) / (12.0 * eps);
            }
            for (int k = 0; k < N * N; k++)
                ck_assert_msg(fabs(J[k] - fd[k]) <= 1e-8 * fmax(1.0, fabs(fd[k])),
                              "%s t=%d b=%d J[%d][%d]: %.12g, finite differences %.12g", rs_cell_names[cell], t, b,
                              k / N, k % N, J[k], fd[k]);
        }
    test_batch_free(batch);
    gsl_rng_free(rng);
    rs_workspace_free(ws);
    rs_model_free(m);
}
END_TEST

/* ---- the session ------------------------------------------------------------------ */

static rs_session *session(const char *const *sets)
{
    rs_config cfg;
    char err[1024];
    rs_config_defaults(&cfg);
    rs_config_set(&cfg, "task.length", "12", err, sizeof err);
    rs_config_set(&cfg, "train.batch", "4", err, sizeof err);
    for (int i = 0; sets[i]; i++)
        ck_assert_msg(rs_config_set_arg(&cfg, sets[i], err, sizeof err) == 0, "%s", err);
    rs_error e = {0};
    rs_session *s = rs_session_create(&cfg, &e);
    ck_assert_msg(s != NULL, "%s", e.msg);
    return s;
}

static rs_spectrum spectrum_of(const rs_session *s, int b)
{
    rs_spectrum sp = {0};
    rs_error e = {0};
    ck_assert_msg(rs_session_spectrum(s, b, &sp, &e) == 0, "%s", e.msg);
    return sp;
}

/* Identity and orthogonal W_hh: every eigenvalue on the circle of radius gain
 * (orthogonal: |λ| = 1 for an orthogonal matrix; identity: λ = gain). */
START_TEST(identity_and_orthogonal_on_the_circle)
{
    const char *const inits[] = {"init.recurrent=identity", "init.recurrent=orthogonal"};
    const char *const gains[] = {"init.gain=1", "init.gain=0.9", "init.gain=1.25"};
    const double gain[] = {1.0, 0.9, 1.25};
    for (int k = 0; k < 2; k++)
        for (int g = 0; g < 3; g++) {
            const char *sets[] = {"model.hidden=24", inits[k], gains[g], NULL};
            rs_session *s = session(sets);
            rs_spectrum sp = spectrum_of(s, 0);
            ck_assert_int_eq(sp.nsets, 1);
            ck_assert_int_eq(sp.set[0].n, 24);
            ck_assert_int_eq(sp.set[0].matrix, RS_EIG_W_HH);
            for (int i = 0; i < sp.set[0].n; i++)
                ck_assert_msg(fabs(hypot(sp.set[0].re[i], sp.set[0].im[i]) - gain[g]) <= 1e-12 * gain[g],
                              "%s %s: |λ_%d| = %.17g", inits[k], gains[g], i, hypot(sp.set[0].re[i], sp.set[0].im[i]));
            ck_assert_double_eq_tol(sp.set[0].sigma_max, gain[g], 1e-12);
            ck_assert(isnan(sp.circle_law));    /* not iid: no disc */
            ck_assert_double_eq_tol(sp.bound, gain[g], 1e-12);     /* tanh: γ = 1 */
            rs_spectrum_free(&sp);
            rs_session_free(s);
        }
}
END_TEST

/* Girko's circle law at H = 256: std = k/√H puts the eigenvalues in the disc
 * of radius k, spread over it uniformly (E|λ|² = k²/2). A statistical check
 * with wide margins: at this H the largest |λ| of a gaussian matrix is
 * within a few per cent above k (Ginibre's edge). */
START_TEST(circle_law_at_H_256)
{
    const double ks[] = {0.5, 1.0, 2.0};
    for (int c = 0; c < 3; c++) {
        char std[64];
        snprintf(std, sizeof std, "init.std=%.17g", ks[c] / 16.0);
        const char *sets[] = {"model.hidden=256", "init.recurrent=gaussian", std, NULL};
        rs_session *s = session(sets);
        rs_spectrum sp = spectrum_of(s, 0);
        const double k = ks[c];
        ck_assert_double_eq_tol(sp.circle_law, k, 1e-12);
        const rs_eig_set *set = &sp.set[0];
        int inside = 0;
        double mean_square = 0.0;
        for (int i = 0; i < set->n; i++) {
            const double r = hypot(set->re[i], set->im[i]);
            inside += r <= 1.05 * k;
            mean_square += r * r / set->n;
        }
        ck_assert_msg(set->radius > 0.9 * k && set->radius < 1.2 * k, "k %g: ρ = %g", k, set->radius);
        ck_assert_msg(inside >= 0.95 * set->n, "k %g: %d of %d inside 1.05·k", k, inside, set->n);
        ck_assert_msg(fabs(mean_square - k * k / 2) < 0.1 * k * k / 2, "k %g: mean |λ|² %g", k, mean_square);
        /* σ_max ≈ 2k for a square gaussian matrix (Marchenko–Pastur's edge): far outside the disc */
        ck_assert_msg(set->sigma_max > 1.8 * k && set->sigma_max < 2.2 * k, "k %g: σ_max %g", k, set->sigma_max);
        rs_spectrum_free(&sp);
        rs_session_free(s);
    }
}
END_TEST

/* What the session hands the view: W_hh (rnn; it follows training), W_hh
 * and W_sk (skip), the step Jacobian of the last forward pass (gated cells;
 * nothing before it, and the same before and after that step's update). */
START_TEST(what_each_cell_draws)
{
    /* rnn: the current weights; max |λ| = the engine's ρ after training too */
    const char *rnn[] = {"model.hidden=16", "init.std=0.3", NULL};
    rs_session *s = session(rnn);
    rs_spectrum sp = spectrum_of(s, 0);
    const double before = sp.set[0].radius;
    ck_assert_double_eq_tol(sp.circle_law, 0.3 * 4.0, 1e-12);
    ck_assert_int_eq(sp.step, 0);
    for (int i = 0; i < 20; i++)
        rs_session_step(s);
    ck_assert_int_eq(rs_session_spectrum(s, 0, &sp, &(rs_error){0}), 0);
    ck_assert_int_eq(sp.step, 20);
    ck_assert(sp.set[0].radius != before);      /* the eigenvalues move as W_hh learns */
    rs_spectral_workspace *sw = rs_spectral_workspace_create(16);
    ck_assert(rel(sp.set[0].radius, rs_spectral_compute(rs_session_model(s), sw).radius) <= 1e-12);
    rs_spectral_workspace_free(sw);
    ck_assert_str_eq(sp.set[0].label, "W_hh");
    rs_session_free(s);

    /* skip: two sets, of W_hh and W_sk */
    const char *skip[] = {"model.cell=skip", "model.skip=3", "model.hidden=10", NULL};
    s = session(skip);
    ck_assert_int_eq(rs_session_spectrum(s, 0, &sp, &(rs_error){0}), 0);
    ck_assert_int_eq(sp.nsets, 2);
    ck_assert_int_eq(sp.set[1].matrix, RS_EIG_W_SK);
    ck_assert_int_eq(sp.set[1].n, 10);
    ck_assert_str_eq(sp.set[1].label, "W_sk (3-step path)");
    ck_assert(sp.set[0].radius != sp.set[1].radius);
    rs_session_free(s);

    /* gated: the Jacobian of sequence b's last step, n = 2H for the lstm */
    const char *cells[] = {"model.cell=lstm", "model.cell=gru"};
    for (int c = 0; c < 2; c++) {
        const char *sets[] = {cells[c], "model.hidden=6", NULL};
        s = session(sets);
        ck_assert_int_eq(rs_session_spectrum(s, 1, &sp, &(rs_error){0}), 0);
        ck_assert_int_eq(sp.nsets, 0);      /* no forward pass yet */
        ck_assert_ptr_nonnull(strstr(sp.title, "train a step first"));
        rs_error e = {0};
        ck_assert_int_eq(rs_session_spectrum(s, 4, &sp, &e), -1);     /* the batch has 4 */
        ck_assert_int_eq(e.kind, RS_ERR_INPUT);

        /* mid step-through (current weights), and after the step's update
         * (the saved weights it ran with): the very same Jacobian */
        rs_session_bptt_begin(s);
        rs_spectrum mid = spectrum_of(s, 1);
        ck_assert_int_eq(mid.nsets, 1);
        ck_assert_int_eq(mid.set[0].matrix, RS_EIG_JACOBIAN);
        ck_assert_int_eq(mid.set[0].n, c == 0 ? 12 : 6);
        ck_assert_int_eq(mid.step, 1);
        ck_assert_int_eq(mid.t, 12);
        ck_assert(isnan(mid.bound) && isnan(mid.circle_law));
        ck_assert_ptr_nonnull(strstr(mid.set[0].label, "sequence 2"));
        ck_assert_int_eq(rs_session_bptt_finish(s), RS_STEP_OK);
        ck_assert_int_eq(rs_session_spectrum(s, 1, &sp, &(rs_error){0}), 0);
        ck_assert_int_eq(sp.step, 1);
        ck_assert_mem_eq(sp.set[0].re, mid.set[0].re, (size_t)mid.set[0].n * sizeof(double));
        ck_assert_mem_eq(sp.set[0].im, mid.set[0].im, (size_t)mid.set[0].n * sizeof(double));
        ck_assert(sp.set[0].radius <= sp.set[0].sigma_max * (1 + 1e-12));
        rs_spectrum_free(&mid);
        rs_session_free(s);
    }
    rs_spectrum_free(&sp);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("spectrum");
    TCase *e = tcase_create("engine");
    tcase_add_test(e, eigenvalues_of_known_matrices);
    tcase_add_test(e, largest_modulus_is_the_engines_radius);
    tcase_add_loop_test(e, state_jacobian_finite_differences, 0, 5);
    suite_add_tcase(s, e);
    TCase *v = tcase_create("session");
    tcase_add_test(v, identity_and_orthogonal_on_the_circle);
    tcase_add_test(v, circle_law_at_H_256);
    tcase_add_test(v, what_each_cell_draws);
    suite_add_tcase(s, v);
    return rs_run_suite(s);
}
