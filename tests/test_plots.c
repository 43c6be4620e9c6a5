/* The view's plots (issue 10): axes and their ticks (linear, log), the whole
 * run's curve on columns with its min and max kept, the decay profile (its
 * series is the log ratios; Pascanu's envelope exactly where it applies, and
 * bounding the measurement there), and where each task hides its
 * information (the markers, the target and the model's answer). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <gsl/gsl_rng.h>

#include "check_main.h"

#include "../src/view/decay.h"
#include "../src/view/plot.h"
#include "../src/view/taskmarks.h"
#include "rnnscope/config.h"
#include "rnnscope/session.h"

/* ---- axes ----------------------------------------------------------------- */

START_TEST(log_ticks_are_decades)
{
    double t[RS_AXIS_MAX_TICKS];
    /* 10⁻³ … 10⁵ in at most 5 ticks: every second decade. */
    int n = rs_ticks_log(1e-3, 1e5, 5, t, RS_AXIS_MAX_TICKS);
    ck_assert_int_eq(n, 4);
    const double want[] = {1e-2, 1.0, 1e2, 1e4};
    for (int i = 0; i < n; i++)
        ck_assert_double_eq_tol(t[i], want[i], want[i] * 1e-12);
    /* Every decade when they fit; the ends included when they are decades. */
    n = rs_ticks_log(1e-2, 10.0, 8, t, RS_AXIS_MAX_TICKS);
    ck_assert_int_eq(n, 4);
    ck_assert_double_eq_tol(t[0], 1e-2, 1e-14);
    ck_assert_double_eq_tol(t[3], 10.0, 1e-12);
    /* 300 decades in 4 ticks: every 100 (10⁻¹⁵⁰ is not a multiple). */
    n = rs_ticks_log(1e-150, 1e150, 4, t, RS_AXIS_MAX_TICKS);
    ck_assert_int_eq(n, 3);
    ck_assert_double_eq_tol(log10(t[0]), -100.0, 1e-9);
    ck_assert_double_eq_tol(t[1], 1.0, 1e-12);
    /* Nothing for a range that is not positive. */
    ck_assert_int_eq(rs_ticks_log(0.0, 10.0, 5, t, RS_AXIS_MAX_TICKS), 0);
    ck_assert_int_eq(rs_ticks_log(-1.0, 10.0, 5, t, RS_AXIS_MAX_TICKS), 0);
}
END_TEST

START_TEST(linear_ticks_are_round)
{
    double t[RS_AXIS_MAX_TICKS];
    int n = rs_ticks_linear(0.0, 1.0, 5, t, RS_AXIS_MAX_TICKS);
    ck_assert_int_eq(n, 3);
    ck_assert(t[0] == 0.0 && t[1] == 0.5 && t[2] == 1.0);
    n = rs_ticks_linear(0.13, 0.171, 4, t, RS_AXIS_MAX_TICKS);
    ck_assert(n >= 2 && n <= 4);
    for (int i = 0; i < n; i++) {
        ck_assert(t[i] >= 0.13 && t[i] <= 0.171);
        /* a multiple of its step: 0.01 or 0.02 */
        ck_assert_double_eq_tol(t[i] * 100.0, round(t[i] * 100.0), 1e-9);
    }
    n = rs_ticks_linear(-3.0, 3.0, 7, t, RS_AXIS_MAX_TICKS);
    ck_assert_int_eq(n, 7);
    ck_assert(t[3] == 0.0 && !signbit(t[3]));
    /* Steps: the count never exceeds what was asked. */
    for (int max = 2; max < 12; max++)
        for (double hi = 0.3; hi < 5000; hi *= 1.7)
            ck_assert_int_le(rs_ticks_linear(0.0, hi, max, t, RS_AXIS_MAX_TICKS), max);
}
END_TEST

START_TEST(axis_goes_log_when_the_values_span_decades)
{
    ck_assert(rs_axis_wants_log(1e-3, 10.0));
    ck_assert(!rs_axis_wants_log(0.1, 0.5));
    ck_assert(!rs_axis_wants_log(0.0, 1e6));       /* a zero has no logarithm */
    const double chance = 1.0 / 6.0;
    rs_plot_axis a = rs_axis_fit(0.13, 0.17, &chance, 1, true, 5);
    ck_assert(!a.log);
    ck_assert(a.lo <= 0.13 && a.hi >= chance);
    /* A loss of 10⁵⁰ beside 0.1: log, whole decades, the chance line visible. */
    a = rs_axis_fit(0.1, 1e50, &chance, 1, true, 5);
    ck_assert(a.log);
    ck_assert_double_eq_tol(log10(a.lo), -1.0, 1e-9);
    ck_assert_double_eq_tol(log10(a.hi), 50.0, 1e-9);
    ck_assert(rs_axis_frac(&a, chance) > 0.0 && rs_axis_frac(&a, chance) < 0.1);
    ck_assert(a.nticks >= 2 && a.nticks <= 5);
    /* The reference widens the range: a chance line above every value shows. */
    const double high = 2.0;
    a = rs_axis_fit(0.1, 0.2, &high, 1, true, 5);
    ck_assert(a.hi >= 2.0 && rs_axis_frac(&a, high) <= 1.0);
    /* No data at all: still an axis. */
    a = rs_axis_fit(NAN, NAN, NULL, 0, true, 5);
    ck_assert(a.hi > a.lo);
}
END_TEST

/* ---- the curve on columns ------------------------------------------------ */

START_TEST(columns_keep_min_and_max)
{
    rs_curve *c = malloc(sizeof *c);
    ck_assert_ptr_nonnull(c);
    rs_curve_reset(c);
    /* 10 000 steps of 1.0, a spike of 7 at step 4321 and a dip of 0.25 at
     * 9000, a NaN at 6000: every column's min and max are exact. */
    for (long s = 1; s <= 10000; s++) {
        const double loss = s == 4321 ? 7.0 : s == 9000 ? 0.25 : s == 6000 ? NAN : 1.0;
        const double v[RS_CURVE_KINDS] = {loss, 0.5, 2.0};
        rs_curve_add(c, s, v, RS_DIVERGENCE_CEILING);
    }
    long first, last;
    ck_assert(rs_curve_span(c, &first, &last));
    ck_assert_int_eq(first, 1);
    ck_assert_int_eq(last, 10000);
    for (int n = 1; n <= 300; n += 37) {
        rs_curve_col cols[300];
        ck_assert_int_eq(rs_curve_columns(c, RS_CURVE_LOSS, 1, 10000, n, cols), n);
        double mx = -INFINITY, mn = INFINITY;
        long count = 0, bad = 0;
        for (int j = 0; j < n; j++) {
            if (cols[j].count) {
                mx = fmax(mx, cols[j].max);
                mn = fmin(mn, cols[j].min);
            }
            count += cols[j].count;
            bad += cols[j].bad;
            ck_assert_int_le(cols[j].step0, cols[j].step1);
            if (j)
                ck_assert_int_eq(cols[j].step0, cols[j - 1].step1 + 1);
        }
        ck_assert_double_eq(mx, 7.0);
        ck_assert_double_eq(mn, 0.25);
        ck_assert_int_eq(count, 9999);
        ck_assert_int_eq(bad, 1);
        /* the spike is in the column that covers step 4321 */
        for (int j = 0; j < n; j++)
            if (cols[j].count && cols[j].max == 7.0)
                ck_assert(cols[j].step0 <= 4321 + c->width && cols[j].step1 + c->width >= 4321);
    }
    free(c);
}
END_TEST

START_TEST(curve_draws_band_and_line)
{
    rs_curve *c = malloc(sizeof *c);
    rs_curve_reset(c);
    for (long s = 1; s <= 40; s++) {
        const double v[RS_CURVE_KINDS] = {1.0 + (s == 20 ? 8.0 : 0.0), 0.5, 1.0};
        rs_curve_add(c, s, v, RS_DIVERGENCE_CEILING);
    }
    rs_braille b;
    ck_assert(rs_braille_init(&b, 20, 4));
    rs_curve_col cols[40];
    rs_curve_columns(c, RS_CURVE_LOSS, 1, 40, 40, cols);
    const rs_plot_axis y = rs_axis_fit(1.0, 9.0, NULL, 0, false, 4);
    rs_plot_curve(&b, &y, cols, 40, 1, 2);
    /* the spike reaches the top rows, the flat part the bottom */
    bool top = false, bottom = false;
    for (int x = 0; x < 40; x++) {
        top |= rs_braille_get(&b, x, rs_plot_dot_row(&y, 9.0, 4));
        bottom |= rs_braille_get(&b, x, rs_plot_dot_row(&y, 1.0, 4));
    }
    ck_assert(top && bottom);
    /* a reference line, dotted across */
    const int row = rs_plot_hline(&b, &y, 5.0, 3);
    ck_assert_int_ge(row, 0);
    ck_assert(rs_braille_get(&b, 0, row) && rs_braille_get(&b, 38, row));
    ck_assert_int_eq(rs_plot_hline(&b, &y, 100.0, 3), -1);
    rs_braille_free(&b);
    free(c);
}
END_TEST

/* ---- the decay profile ----------------------------------------------------- */

START_TEST(envelope_applies_exactly_for_rnn_with_last_readout)
{
    for (int cell = 0; cell < RS_CELL_COUNT; cell++)
        for (int r = 0; r < 2; r++) {
            const rs_decay_theory th = rs_decay_theory_of((rs_cell)cell, (rs_readout)r);
            const bool applies = cell == RS_CELL_RNN && r == RS_READOUT_LAST;
            ck_assert_int_eq(th == RS_DECAY_THEORY_APPLIES, applies);
            /* where it does not, the panel says what holds instead */
            ck_assert_int_eq(rs_decay_theory_note(th, false)[0] != '\0', !applies);
            ck_assert_int_eq(rs_decay_theory_note(th, true)[0] != '\0', !applies);
        }
    ck_assert_int_eq(rs_decay_theory_of(RS_CELL_SKIP, RS_READOUT_LAST), RS_DECAY_THEORY_SKIP);
    ck_assert_int_eq(rs_decay_theory_of(RS_CELL_LSTM, RS_READOUT_LAST), RS_DECAY_THEORY_GATED);
    ck_assert_int_eq(rs_decay_theory_of(RS_CELL_GRU, RS_READOUT_EVERY), RS_DECAY_THEORY_GATED);
    ck_assert_int_eq(rs_decay_theory_of(RS_CELL_RNN, RS_READOUT_EVERY), RS_DECAY_THEORY_EVERY);
}
END_TEST

START_TEST(series_is_the_log_ratios)
{
    static rs_decay_series d;
    const int T = 6;
    const double g[] = {1e-30, 0.0, NAN, 2e-3, 0.5, 2.0};
    rs_decay_from_vector(&d, g, T, 1, RS_CELL_RNN, RS_READOUT_LAST, 0.25);
    ck_assert(d.have && !d.noref);
    ck_assert_int_eq(d.cls[0], RS_DECAY_VALUE);
    ck_assert_double_eq_tol(d.logr[0], log10(1e-30 / 2.0), 1e-12);
    ck_assert_int_eq(d.cls[1], RS_DECAY_ZERO);
    ck_assert_int_eq(d.cls[2], RS_DECAY_NONFINITE);
    ck_assert_double_eq_tol(d.logr[3], log10(1e-3), 1e-12);
    ck_assert_double_eq_tol(d.logr[5], 0.0, 1e-15);
    /* the envelope: (T − t)·log₁₀ 0.25 */
    ck_assert_double_eq_tol(rs_decay_envelope(&d, 1), 5 * log10(0.25), 1e-12);
    ck_assert_double_eq_tol(rs_decay_envelope(&d, T), 0.0, 1e-15);
    /* … and none for an lstm, or an unknown bound */
    rs_decay_from_vector(&d, g, T, 1, RS_CELL_LSTM, RS_READOUT_LAST, 0.25);
    ck_assert(isnan(rs_decay_envelope(&d, 1)));
    rs_decay_from_vector(&d, g, T, 1, RS_CELL_RNN, RS_READOUT_LAST, NAN);
    ck_assert(isnan(rs_decay_envelope(&d, 1)));
    /* A step-through that reached t = 4: nothing before it. */
    rs_decay_from_vector(&d, g, T, 4, RS_CELL_RNN, RS_READOUT_LAST, 0.25);
    ck_assert_int_eq(d.cls[0], RS_DECAY_NONE);
    ck_assert_int_eq(d.cls[2], RS_DECAY_NONE);
    ck_assert_int_eq(d.cls[3], RS_DECAY_VALUE);
    /* No ratio without a finite, non-zero value at t = T. */
    const double z[] = {1.0, 1.0, 0.0};
    rs_decay_from_vector(&d, z, 3, 1, RS_CELL_RNN, RS_READOUT_LAST, 0.25);
    ck_assert(d.noref && d.cls[0] == RS_DECAY_NONE);
    rs_decay_from_vector(&d, NULL, 3, 1, RS_CELL_RNN, RS_READOUT_LAST, 0.25);
    ck_assert(!d.have);
}
END_TEST

static rs_session *session_with(const char *const *sets, int n)
{
    rs_config cfg;
    rs_config_defaults(&cfg);
    char err[512];
    for (int i = 0; i < n; i++)
        ck_assert_msg(rs_config_set_arg(&cfg, sets[i], err, sizeof err) == 0, "%s", err);
    rs_error e = {0};
    rs_session *s = rs_session_create(&cfg, &e);
    ck_assert_msg(s != NULL, "%s", e.msg);
    return s;
}

START_TEST(session_profile_is_bounded_by_its_envelope)
{
    /* One step of the sigmoid RNN: the weights it ran with are those σ_max
     * was computed of (at the reset), so the bound holds exactly. */
    static const char *const sets[] = {"model.activation=sigmoid", "task.length=40"};
    rs_session *s = session_with(sets, 2);
    static rs_decay_series d;
    rs_decay_from_session(&d, s);
    ck_assert(!d.have);                 /* nothing before the first step */
    rs_session_step(s);
    rs_decay_from_session(&d, s);
    ck_assert(d.have && d.T == 40);
    const double *g = rs_session_vector(s, RS_VEC_G_H);
    for (int t = 1; t <= 40; t++) {
        ck_assert_int_eq(d.cls[t - 1], RS_DECAY_VALUE);
        ck_assert_double_eq_tol(d.logr[t - 1], log10(g[t - 1] / g[39]), 1e-9);
        ck_assert_msg(d.logr[t - 1] <= rs_decay_envelope(&d, t) + 1e-9, "t=%d: %g above the envelope %g", t,
                      d.logr[t - 1], rs_decay_envelope(&d, t));
    }
    ck_assert_int_eq(d.reach, rs_session_last(s)->reach);
    rs_session_free(s);
}
END_TEST

START_TEST(decay_columns_line_up_with_the_heatmap)
{
    /* T = 50 on 40 columns (two timesteps share a bin) and on 100 (two
     * columns a timestep): every timestep's dot lies in its bin's columns. */
    const int widths[] = {40, 50, 100, 33};
    for (size_t w = 0; w < 4; w++) {
        const rs_tbins tb = rs_tbins_compute(50, widths[w]);
        double prev = -1.0;
        for (int t = 1; t <= 50; t++) {
            const double x = rs_decay_dot_x(&tb, t);
            const int b = (t - 1) / tb.t_per_col;
            ck_assert(x >= 2.0 * rs_tbins_col(&tb, b) - 1e-9 && x <= 2.0 * rs_tbins_col(&tb, b + 1) - 1.0 + 1e-9);
            ck_assert(x > prev);
            prev = x;
        }
    }
    /* A line from 1 at t = T down two decades per step, drawn and read back. */
    static rs_decay_series d;
    double g[10];
    for (int t = 1; t <= 10; t++)
        g[t - 1] = pow(10.0, -2.0 * (10 - t));
    rs_decay_from_vector(&d, g, 10, 1, RS_CELL_RNN, RS_READOUT_LAST, 0.1);
    rs_braille c;
    ck_assert(rs_braille_init(&c, 10, 5));
    const rs_tbins tb = rs_tbins_compute(10, 10);
    const rs_decay_series *const all[] = {&d};
    const int marks[] = {3};
    rs_decay_draw(&c, &tb, -20.0, 0.0, all, 1, marks, 1);
    /* t = T at the top right, t = 1 (10⁻¹⁸) near the bottom left */
    ck_assert(rs_braille_get(&c, (int)lround(rs_decay_dot_x(&tb, 10)), (int)lround(rs_decay_dot_y(0.0, -20, 0, 5))));
    ck_assert(rs_braille_get(&c, (int)lround(rs_decay_dot_x(&tb, 1)), (int)lround(rs_decay_dot_y(-18.0, -20, 0, 5))));
    ck_assert_int_eq(rs_braille_cell_role(&c, 9, 0), RS_DECAY_ROLE_SERIES);
    /* the marker's column is dotted from top to bottom (every fourth dot) */
    const int mx = (int)lround(rs_decay_dot_x(&tb, 3));
    int dots = 0;
    for (int y = 0; y < 20; y++)
        dots += rs_braille_get(&c, mx, y);
    ck_assert_int_ge(dots, 4);
    /* the reach line at 10⁻⁶ */
    const int ry = (int)lround(rs_decay_dot_y(-6.0, -20, 0, 5));
    ck_assert(rs_braille_get(&c, 0, ry) || rs_braille_get(&c, 0, ry + 1) || rs_braille_get(&c, 0, ry - 1));
    rs_braille_free(&c);
    double ticks[16];
    const int n = rs_decay_ticks(-50, 10, 4, ticks, 16);
    ck_assert_int_le(n, 4);
    bool zero = false;
    for (int i = 0; i < n; i++)
        zero |= ticks[i] == 0.0;
    ck_assert(zero);
}
END_TEST

/* ---- the task on screen --------------------------------------------------------- */

static rs_batch *batch_of(rs_task_spec *spec, gsl_rng *rng)
{
    rs_batch *b = rs_batch_create(spec, 4);
    ck_assert_ptr_nonnull(b);
    rs_task_generate(spec, b, rng);
    return b;
}

START_TEST(markers_per_task)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    rs_task_marks m;

    /* adding: one marked number in each half, the target their sum */
    rs_task_spec add = {.kind = RS_TASK_ADDING, .length = 30};
    rs_batch *b = batch_of(&add, rng);
    for (int row = 0; row < 4; row++) {
        rs_task_marks_of(&add, b, NULL, row, &m);
        ck_assert_int_eq(m.n, 2);
        ck_assert(m.t[0] >= 1 && m.t[0] <= 15 && m.t[1] > 15 && m.t[1] <= 30);
        const double u1 = b->x[((size_t)(m.t[0] - 1) * 4 + row) * 2], u2 = b->x[((size_t)(m.t[1] - 1) * 4 + row) * 2];
        ck_assert_double_eq_tol(u1 + u2, b->target[row], 1e-12);
        ck_assert(!m.answer);
    }
    /* with the readout: the model's number and whether it is within the tolerance */
    double y[4] = {b->target[0] + 0.01, 0, 0, 0};
    rs_task_marks_of(&add, b, y, 0, &m);
    ck_assert(m.answer && m.right);
    y[0] = b->target[0] + 0.5;
    rs_task_marks_of(&add, b, y, 0, &m);
    ck_assert(m.answer && !m.right);
    rs_batch_free(b);

    /* temporal: A or B in each window, the class their pair */
    rs_task_spec tmp = {.kind = RS_TASK_TEMPORAL, .length = 50};
    b = batch_of(&tmp, rng);
    for (int row = 0; row < 4; row++) {
        rs_task_marks_of(&tmp, b, NULL, row, &m);
        ck_assert_int_eq(m.n, 2);
        char pair[64];
        snprintf(pair, sizeof pair, "%s%s", m.label[0], m.label[1]);
        ck_assert_str_eq(pair, rs_task_class_name(&tmp, b->label[row]));
        for (int i = 0; i < 2; i++)
            ck_assert(strcmp(m.label[i], "A") == 0 || strcmp(m.label[i], "B") == 0);
    }
    double logits[4 * 4] = {0};
    logits[b->label[0]] = 5.0;      /* row 0 picks its class */
    rs_task_marks_of(&tmp, b, logits, 0, &m);
    ck_assert(m.answer && m.right);
    ck_assert_str_eq(m.model, m.target);
    rs_batch_free(b);

    /* copy: the k symbols at t = 1 … k */
    rs_task_spec cp = {.kind = RS_TASK_COPY, .length = 25, .copy_length = 5, .alphabet = 8};
    b = batch_of(&cp, rng);
    rs_task_marks_of(&cp, b, NULL, 1, &m);
    ck_assert_int_eq(m.n, 5);
    for (int i = 0; i < 5; i++) {
        ck_assert_int_eq(m.t[i], i + 1);
        ck_assert_str_eq(m.label[i], rs_task_token_name(&cp, b->token[(size_t)i * 4 + 1]));
    }
    rs_batch_free(b);

    /* remember: the key word at t = 1, its answer the class */
    rs_task_spec rem = {.kind = RS_TASK_REMEMBER, .length = 12, .keys = 4};
    b = batch_of(&rem, rng);
    rs_task_marks_of(&rem, b, NULL, 2, &m);
    ck_assert_int_eq(m.n, 1);
    ck_assert_int_eq(m.t[0], 1);
    ck_assert_str_eq(m.label[0], rs_task_token_name(&rem, b->label[2]));
    rs_batch_free(b);
    gsl_rng_free(rng);
}
END_TEST

START_TEST(markers_of_a_session)
{
    static const char *const sets[] = {"task.name=temporal", "model.cell=lstm"};
    rs_session *s = session_with(sets, 2);
    rs_task_marks m;
    rs_task_marks_session(s, 0, &m);
    ck_assert_int_eq(m.n, 0);           /* no batch before the first step */
    rs_session_step(s);
    rs_task_marks_session(s, 0, &m);
    ck_assert_int_eq(m.n, 2);
    ck_assert(m.answer && m.target[0] && m.model[0]);
    rs_session_free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("plots");
    TCase *a = tcase_create("axes and curves");
    tcase_add_test(a, log_ticks_are_decades);
    tcase_add_test(a, linear_ticks_are_round);
    tcase_add_test(a, axis_goes_log_when_the_values_span_decades);
    tcase_add_test(a, columns_keep_min_and_max);
    tcase_add_test(a, curve_draws_band_and_line);
    suite_add_tcase(s, a);
    TCase *d = tcase_create("decay profile");
    tcase_add_test(d, envelope_applies_exactly_for_rnn_with_last_readout);
    tcase_add_test(d, series_is_the_log_ratios);
    tcase_add_test(d, session_profile_is_bounded_by_its_envelope);
    tcase_add_test(d, decay_columns_line_up_with_the_heatmap);
    suite_add_tcase(s, d);
    TCase *t = tcase_create("task markers");
    tcase_add_test(t, markers_per_task);
    tcase_add_test(t, markers_of_a_session);
    suite_add_tcase(s, t);
    return rs_run_suite(s);
}
