/* Gradient clipping and the optimisers against hand computations. */
#include <math.h>
#include <string.h>

#include <check.h>

#include "check_main.h"

#include "rnnscope/engine.h"

/* By norm (Pascanu et al. 2013, Algorithm 1): the clipped global norm equals
 * the threshold exactly — not 1 (kann's kann_grad_clip trap) — and below the
 * threshold nothing changes, bit for bit. */
START_TEST(test_clip_norm)
{
    const double thresholds[] = {0.5, 1.0, 3.0, 1e-3};
    double g[7] = {3, -4, 12, 0.5, -0.25, 1e-9, 2}, out[7];
    const double norm = rs_norm(g, 7);
    for (size_t i = 0; i < 4; i++) {
        const double c = thresholds[i];
        double scale = rs_clip_gradients(out, g, 7, RS_CLIP_NORM, c);
        ck_assert_double_eq_tol(rs_norm(out, 7), c, 1e-14 * c);
        ck_assert_double_eq_tol(scale, c / norm, 1e-15);
        for (int k = 0; k < 7; k++)
            ck_assert_double_eq_tol(out[k], g[k] * c / norm, 1e-15 * fabs(g[k]));   /* direction kept */
    }
    ck_assert(rs_clip_gradients(out, g, 7, RS_CLIP_NORM, norm * 1.01) == 1.0);
    ck_assert_mem_eq(out, g, sizeof g);
    /* in place */
    double h[3] = {30, 40, 0};
    rs_clip_gradients(h, h, 3, RS_CLIP_NORM, 5.0);
    ck_assert_double_eq_tol(h[0], 3.0, 1e-15);
    ck_assert_double_eq_tol(h[1], 4.0, 1e-15);
}
END_TEST

START_TEST(test_clip_value)
{
    double g[6] = {3, -4, 0.2, -0.3, 100, -1e-12}, out[6];
    double scale = rs_clip_gradients(out, g, 6, RS_CLIP_VALUE, 0.5);
    const double want[6] = {0.5, -0.5, 0.2, -0.3, 0.5, -1e-12};
    for (int k = 0; k < 6; k++) {
        ck_assert(fabs(out[k]) <= 0.5);
        ck_assert(out[k] == want[k]);
    }
    ck_assert_double_eq_tol(scale, rs_norm(want, 6) / rs_norm(g, 6), 1e-15);
    double small[2] = {0.1, -0.2};
    ck_assert(rs_clip_gradients(out, small, 2, RS_CLIP_VALUE, 0.5) == 1.0);
    ck_assert_mem_eq(out, small, sizeof small);
}
END_TEST

START_TEST(test_clip_none)
{
    double g[3] = {1e10, -2, 3}, out[3];
    ck_assert(rs_clip_gradients(out, g, 3, RS_CLIP_NONE, 1.0) == 1.0);
    ck_assert_mem_eq(out, g, sizeof g);
}
END_TEST

START_TEST(test_sgd_and_momentum)
{
    rs_optimizer_state *s = rs_optimizer_create(2);
    double theta[2] = {1.0, -2.0};
    const double g1[2] = {0.5, -1.0}, g2[2] = {0.25, 2.0};
    const rs_optimizer_spec sgd = {RS_OPT_SGD, 0.1, 0.9, 0.9, 0.999, 1e-8};
    rs_optimizer_update(&sgd, s, theta, g1);
    ck_assert_double_eq_tol(theta[0], 1.0 - 0.05, 1e-15);
    ck_assert_double_eq_tol(theta[1], -2.0 + 0.1, 1e-15);

    /* heavy ball: v1 = g1, v2 = 0.9 g1 + g2; θ2 = θ0 − lr(v1 + v2) */
    const rs_optimizer_spec mom = {RS_OPT_MOMENTUM, 0.1, 0.9, 0.9, 0.999, 1e-8};
    double th[2] = {1.0, -2.0};
    rs_optimizer_reset(s);
    rs_optimizer_update(&mom, s, th, g1);
    rs_optimizer_update(&mom, s, th, g2);
    for (int i = 0; i < 2; i++)
        ck_assert_double_eq_tol(th[i], (i ? -2.0 : 1.0) - 0.1 * (g1[i] + 0.9 * g1[i] + g2[i]), 1e-15);
    rs_optimizer_free(s);
}
END_TEST

/* Adam: the bias-corrected first step is lr·g/(|g| + ε) ≈ lr·sign(g); two
 * more steps against the formulas of Kingma & Ba 2015, Algorithm 1. */
START_TEST(test_adam)
{
    const rs_optimizer_spec adam = {RS_OPT_ADAM, 0.01, 0.9, 0.9, 0.999, 1e-8};
    rs_optimizer_state *s = rs_optimizer_create(3);
    double theta[3] = {0, 0, 0};
    const double g[3][3] = {{2.0, -1e-3, 0.0}, {1.0, 1e-3, 5.0}, {-3.0, 0.0, 1.0}};
    rs_optimizer_update(&adam, s, theta, g[0]);
    ck_assert_double_eq_tol(theta[0], -0.01 * 2.0 / (2.0 + 1e-8), 1e-15);
    ck_assert_double_eq_tol(theta[1], 0.01 * 1e-3 / (1e-3 + 1e-8), 1e-15);
    ck_assert(theta[2] == 0.0);
    double m[3] = {0}, v[3] = {0}, ref[3] = {0};
    for (int t = 1; t <= 3; t++)
        for (int i = 0; i < 3; i++) {
            m[i] = 0.9 * m[i] + 0.1 * g[t - 1][i];
            v[i] = 0.999 * v[i] + 0.001 * g[t - 1][i] * g[t - 1][i];
            ref[i] -= 0.01 * (m[i] / (1 - pow(0.9, t))) / (sqrt(v[i] / (1 - pow(0.999, t))) + 1e-8);
        }
    rs_optimizer_update(&adam, s, theta, g[1]);
    rs_optimizer_update(&adam, s, theta, g[2]);
    for (int i = 0; i < 3; i++)
        ck_assert_double_eq_tol(theta[i], ref[i], 1e-15);
    ck_assert_int_eq(s->t, 3);
    rs_optimizer_free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("optim");
    TCase *tc = tcase_create("optim");
    tcase_add_test(tc, test_clip_norm);
    tcase_add_test(tc, test_clip_value);
    tcase_add_test(tc, test_clip_none);
    tcase_add_test(tc, test_sgd_and_momentum);
    tcase_add_test(tc, test_adam);
    suite_add_tcase(s, tc);
    return rs_run_suite(s);
}
