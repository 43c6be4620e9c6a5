/* The training curve in bounded memory: however long the run, at most
 * RS_CURVE_BUCKETS buckets; every minimum and maximum kept exactly across the
 * merges; the mean of each bucket is the mean of its steps; a value that is
 * not finite or above the ceiling is counted, never plotted. */
#include <math.h>
#include <stdlib.h>

#include <check.h>

#include "check_main.h"
#include "rnnscope/curve.h"

/* A reproducible wiggle with a few spikes. */
static double value_at(long step)
{
    double v = 1.0 / (1.0 + 0.01 * (double)step) + 0.05 * sin(0.7 * (double)step);
    if (step % 997 == 0)
        v += 50.0;
    if (step % 1499 == 0)
        v = -3.0;
    return v;
}

START_TEST(min_max_and_mean_survive_downsampling)
{
    static rs_curve c;
    rs_curve_reset(&c);
    const long steps = 100000;
    for (long s = 1; s <= steps; s++) {
        const double v[RS_CURVE_KINDS] = {value_at(s), 0.5, 2.0 * value_at(s)};
        rs_curve_add(&c, s, v, 1e100);
    }
    ck_assert_int_le(c.n, RS_CURVE_BUCKETS);
    ck_assert_int_gt(c.n, RS_CURVE_BUCKETS / 2);       /* the merges keep it more than half full */
    ck_assert_int_eq(c.first_step, 1);
    /* Every bucket against its steps, recomputed directly. */
    long covered = 0;
    for (int i = 0; i < c.n; i++) {
        const rs_curve_bucket *b = &c.bucket[i];
        ck_assert_int_eq(b->first_step, 1 + (long)i * c.width);
        double lo = INFINITY, hi = -INFINITY, sum = 0.0;
        long count = 0;
        for (long s = b->first_step; s < b->first_step + c.width && s <= steps; s++, count++) {
            lo = fmin(lo, value_at(s));
            hi = fmax(hi, value_at(s));
            sum += value_at(s);
        }
        const rs_curve_stat *st = &b->stat[RS_CURVE_LOSS];
        ck_assert_double_eq(st->min, lo);       /* exactly: a spike is never lost */
        ck_assert_double_eq(st->max, hi);
        ck_assert_int_eq(st->count, count);
        ck_assert_double_eq_tol(rs_curve_mean(st), sum / (double)count, 1e-12);
        ck_assert_double_eq(b->stat[RS_CURVE_ACC].min, 0.5);
        ck_assert_double_eq(b->stat[RS_CURVE_GRAD_NORM].max, 2.0 * hi);
        covered += count;
    }
    ck_assert_int_eq(covered, steps);
}
END_TEST

START_TEST(bad_values_are_counted_not_plotted)
{
    static rs_curve c;
    rs_curve_reset(&c);
    const double ok[RS_CURVE_KINDS] = {0.3, 0.9, 1.0};
    const double nan_loss[RS_CURVE_KINDS] = {NAN, 0.0, INFINITY};
    const double huge[RS_CURVE_KINDS] = {1.2e227, 0.0, 3e150};
    rs_curve_add(&c, 1, ok, 1e100);
    rs_curve_add(&c, 2, nan_loss, 1e100);
    rs_curve_add(&c, 3, huge, 1e100);
    ck_assert_int_eq(c.n, 3);
    ck_assert_int_eq(c.bucket[1].stat[RS_CURVE_LOSS].bad, 1);
    ck_assert_int_eq(c.bucket[1].stat[RS_CURVE_LOSS].count, 0);
    ck_assert(isnan(rs_curve_mean(&c.bucket[1].stat[RS_CURVE_LOSS])));
    ck_assert_int_eq(c.bucket[2].stat[RS_CURVE_LOSS].bad, 1);
    ck_assert_int_eq(c.bucket[2].stat[RS_CURVE_GRAD_NORM].bad, 1);
    ck_assert_int_eq(c.bucket[2].stat[RS_CURVE_ACC].count, 1);
    /* A step that comes again (redone after an undo) adds to its bucket. */
    rs_curve_add(&c, 3, ok, 1e100);
    ck_assert_int_eq(c.n, 3);
    ck_assert_int_eq(c.bucket[2].stat[RS_CURVE_LOSS].count, 1);
    ck_assert_double_eq(c.bucket[2].stat[RS_CURVE_LOSS].max, 0.3);
    /* A reset starts over. */
    rs_curve_reset(&c);
    rs_curve_add(&c, 1, ok, 1e100);
    ck_assert_int_eq(c.n, 1);
    ck_assert_int_eq(c.width, 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("curve");
    TCase *tc = tcase_create("curve");
    tcase_add_test(tc, min_max_and_mean_survive_downsampling);
    tcase_add_test(tc, bad_values_are_counted_not_plotted);
    suite_add_tcase(s, tc);
    return rs_run_suite(s);
}
