/* Compare mode: the right side's config (overrides, shared keys, messages),
 * the [compare] section of scenario files, and the promise behind the split
 * screen — both sessions train on bit-identical batches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "check_main.h"
#include "tmpfile.h"

#include "rnnscope/config.h"
#include "rnnscope/session.h"

static char err[2048];
static rs_error why;   /* what the session calls report */

static rs_config defaults(void)
{
    rs_config c;
    rs_config_defaults(&c);
    return c;
}


START_TEST(overrides_apply_to_the_right_side_only)
{
    rs_config left = defaults(), right;
    ck_assert_int_eq(rs_compare_set(&left, "model.activation", "relu", err, sizeof err), 0);
    ck_assert_int_eq(rs_compare_set(&left, "train.lr", "0.5", err, sizeof err), 0);
    ck_assert_int_eq(rs_compare_set(&left, "model.activation", "sigmoid", err, sizeof err), 0);   /* replaces */
    ck_assert_int_eq(left.compare.count, 2);
    ck_assert_str_eq(left.model.activation, "tanh");
    ck_assert_int_eq(rs_compare_config(&left, &right, err, sizeof err), 0);
    ck_assert_str_eq(right.model.activation, "sigmoid");
    ck_assert_double_eq(right.train.lr, 0.5);
    ck_assert_int_eq(right.compare.count, 0);
    ck_assert_str_eq(right.task.name, left.task.name);
}
END_TEST

START_TEST(bad_overrides_are_refused_with_a_reason)
{
    static const struct { const char *arg, *message; } cases[] = {
        {"task.length=20", "--compare task.length=20: task.length: both sides of compare mode share it "
                           "(they train on the same batches); compare keys of [model], [init] or [train] "
                           "other than train.batch"},
        {"train.batch=4", "--compare train.batch=4: train.batch: both sides of compare mode share it "
                          "(they train on the same batches); compare keys of [model], [init] or [train] "
                          "other than train.batch"},
        {"model.hidden=0", "--compare model.hidden=0: model.hidden: 0 is out of range; allowed: 1 … 1024"},
        {"hidden", "--compare hidden: expected key=value, e.g. --compare model.cell=lstm"},
        {"=3", "--compare =3: expected key=value, e.g. --compare model.cell=lstm"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rs_config c = defaults();
        ck_assert_int_eq(rs_compare_set_arg(&c, cases[i].arg, err, sizeof err), -1);
        ck_assert_str_eq(err, cases[i].message);
        ck_assert_int_eq(c.compare.count, 0);
    }
    rs_config c = defaults();
    ck_assert_int_eq(rs_compare_set_arg(&c, " model.hidden = 64 ", err, sizeof err), 0);
    ck_assert_str_eq(c.compare.key[0], "model.hidden");
    ck_assert_str_eq(c.compare.value[0], "64");
}
END_TEST

START_TEST(at_most_a_table_of_overrides)
{
    rs_config c = defaults();
    const char *keys[] = {"model.activation", "model.leaky_slope", "model.hidden", "init.recurrent", "init.input",
                          "init.std", "init.range", "init.gain", "init.input_scale", "init.bias",
                          "train.optimizer", "train.lr", "train.momentum", "train.clip", "train.clip_threshold",
                          "train.tbptt", "train.seed"};
    const char *values[] = {"relu", "0.1", "8", "xavier", "xavier", "0.2", "0.2", "1.5", "0.5", "0.1",
                            "adam", "0.2", "0.5", "norm", "2", "5", "7"};
    for (int i = 0; i < RS_COMPARE_MAX; i++)
        ck_assert_msg(rs_compare_set(&c, keys[i], values[i], err, sizeof err) == 0, "%s: %s", keys[i], err);
    ck_assert_int_eq(rs_compare_set(&c, keys[RS_COMPARE_MAX], values[RS_COMPARE_MAX], err, sizeof err), -1);
    ck_assert_str_eq(err, "train.seed: at most 16 keys can differ in compare mode");
}
END_TEST

START_TEST(scenario_compare_section)
{
    rs_config c = defaults();
    const char *path = test_temp_file("[model]\nactivation = sigmoid\n\n[compare]\nmodel.activation = relu\n"
                                     "init.recurrent = identity  ; the IRNN\n");
    ck_assert_msg(rs_config_load(&c, path, err, sizeof err) == 0, "%s", err);
    unlink(path);
    ck_assert_str_eq(c.model.activation, "sigmoid");
    ck_assert_int_eq(c.compare.count, 2);
    ck_assert_str_eq(c.compare.key[1], "init.recurrent");
    ck_assert_str_eq(c.compare.value[1], "identity");
}
END_TEST

START_TEST(scenario_compare_errors_name_the_line)
{
    static const struct { const char *text, *message; } cases[] = {
        {"[compare]\nmodel.activation = swish\n",
         ":2: [compare] model.activation: 'swish' is not allowed; allowed: sigmoid, tanh, relu, leaky_relu"},
        {"[compare]\ntask.length = 30\n",
         ":2: [compare] task.length: both sides of compare mode share it (they train on the same batches); "
         "compare keys of [model], [init] or [train] other than train.batch"},
        {"[compare]\nactivation = relu\n", ":2: [compare] activation: unknown key; did you mean model.activation?"},
        {"[compare]\nmodel.hidden = 8\nmodel.hidden = 9\n", ":3: [compare] model.hidden: given twice"},
        {"[compare]\nmodel.hidden = 8\n  16\n",
         ":3: [compare] model.hidden: an indented line continues the value above it, but only text can span lines "
         "(remove the indent)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rs_config c = defaults();
        const char *path = test_temp_file(cases[i].text);
        ck_assert_int_eq(rs_config_load(&c, path, err, sizeof err), -1);
        char want[1024];
        snprintf(want, sizeof want, "%s%s", path, cases[i].message);
        ck_assert_str_eq(err, want);
        ck_assert_int_eq(c.compare.count, 0);
        unlink(path);
    }
}
END_TEST

/* The split screen's promise: whatever the two models are, step k of both
 * sides sees the same batch — bit for bit, also across a reset of one side. */
START_TEST(both_sides_train_on_identical_batches)
{
    static const char *const tasks[] = {"adding", "copy", "temporal", "remember"};
    for (size_t i = 0; i < sizeof tasks / sizeof tasks[0]; i++) {
        rs_config left = defaults(), right;
        ck_assert_int_eq(rs_config_set(&left, "task.name", tasks[i], err, sizeof err), 0);
        ck_assert_int_eq(rs_config_set(&left, "task.length", "24", err, sizeof err), 0);
        ck_assert_int_eq(rs_compare_set(&left, "model.activation", "relu", err, sizeof err), 0);
        ck_assert_int_eq(rs_compare_set(&left, "model.hidden", "7", err, sizeof err), 0);
        ck_assert_int_eq(rs_compare_set(&left, "train.seed", "99", err, sizeof err), 0);
        ck_assert_int_eq(rs_compare_config(&left, &right, err, sizeof err), 0);
        rs_session *a = rs_session_create(&left, &why);
        rs_session *b = rs_session_create(&right, &why);
        ck_assert_ptr_nonnull(a);
        ck_assert_ptr_nonnull(b);
        /* The models really differ (else the test proves nothing). */
        ck_assert_int_ne(rs_session_model(a)->spec.hidden, rs_session_model(b)->spec.hidden);
        for (int step = 0; step < 5; step++) {
            rs_session_step(a);
            rs_session_step(b);
            const rs_batch *x = rs_session_batch(a), *y = rs_session_batch(b);
            const size_t n = (size_t)x->T * x->B * x->I;
            ck_assert_int_eq(x->T * x->B * x->I, y->T * y->B * y->I);
            ck_assert_msg(memcmp(x->x, y->x, n * sizeof(double)) == 0, "%s step %d: inputs differ", tasks[i], step);
            ck_assert_msg(memcmp(x->token, y->token, (size_t)x->T * x->B * sizeof(int)) == 0, "%s: tokens", tasks[i]);
        }
        rs_session_free(a);
        rs_session_free(b);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("compare");
    TCase *tc = tcase_create("compare");
    tcase_add_test(tc, overrides_apply_to_the_right_side_only);
    tcase_add_test(tc, bad_overrides_are_refused_with_a_reason);
    tcase_add_test(tc, at_most_a_table_of_overrides);
    tcase_add_test(tc, scenario_compare_section);
    tcase_add_test(tc, scenario_compare_errors_name_the_line);
    tcase_add_test(tc, both_sides_train_on_identical_batches);
    suite_add_tcase(s, tc);
    return rs_run_suite(s);
}
