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
#include "rnnscope/pair.h"
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

/* The pair: two sides from one config, rounds in lockstep, a diverging side
 * halting alone until it is given another try, a shared key reaching both
 * sides and an own key one, and splitting that starts both over. */
START_TEST(the_pair_trains_in_lockstep)
{
    rs_config cfg = defaults();
    ck_assert_int_eq(rs_config_set(&cfg, "task.length", "20", err, sizeof err), 0);
    ck_assert_int_eq(rs_config_set(&cfg, "model.activation", "relu", err, sizeof err), 0);
    ck_assert_int_eq(rs_config_set(&cfg, "init.std", "3", err, sizeof err), 0);
    ck_assert_int_eq(rs_config_set(&cfg, "train.lr", "5", err, sizeof err), 0);     /* the left explodes */
    ck_assert_int_eq(rs_compare_set(&cfg, "train.clip", "norm", err, sizeof err), 0);   /* the right is cured */
    rs_pair *p = rs_pair_create(&cfg, &why);
    ck_assert_msg(p != NULL, "%s", why.msg);
    ck_assert_int_eq(rs_pair_count(p), 2);
    rs_session *l = rs_pair_session(p, 0), *r = rs_pair_session(p, 1);
    ck_assert_ptr_null(rs_pair_session(p, 2));
    ck_assert_int_eq(rs_session_settings(r)->clip, RS_CLIP_NORM);
    ck_assert_int_eq(rs_session_settings(l)->clip, RS_CLIP_NONE);

    rs_round round[2];
    int rounds = 0;
    while (!rs_pair_halted(p, 0) && rounds < 200) {
        ck_assert(rs_pair_round(p, round));
        rounds++;
    }
    ck_assert_msg(rs_pair_halted(p, 0), "the left side should diverge (lr 5, std 3)");
    ck_assert_int_eq(round[0], RS_ROUND_DIVERGED);
    ck_assert(!rs_pair_halted(p, 1));
    const long left_steps = rs_session_steps(l), right_steps = rs_session_steps(r);
    ck_assert(rs_pair_round(p, round));         /* the right goes on alone */
    ck_assert_int_eq(round[0], RS_ROUND_IDLE);
    ck_assert_int_eq(round[1], RS_ROUND_OK);
    ck_assert_int_eq(rs_session_steps(l), left_steps);
    ck_assert_int_eq(rs_session_steps(r), right_steps + 1);
    ck_assert(!rs_pair_all_diverged(p));

    /* A cure on the left (an own key: the right keeps its lr), then another try. */
    int failed = -1;
    ck_assert_int_eq(rs_pair_set(p, 0, "train.lr", "0.001", &failed, &why), 0);
    ck_assert_double_eq(rs_session_config(l)->train.lr, 0.001);
    ck_assert_double_eq(rs_session_config(r)->train.lr, 5);
    rs_pair_retry(p);
    ck_assert(!rs_pair_halted(p, 0));
    ck_assert(rs_pair_round(p, round));
    ck_assert(round[0] == RS_ROUND_RECOVERED || round[0] == RS_ROUND_AGAIN);

    /* A shared key reaches both sides; a bad value names the side that refused it. */
    ck_assert_int_eq(rs_pair_set(p, 1, "task.length", "30", &failed, &why), 0);
    ck_assert_int_eq(rs_session_config(l)->task.length, 30);
    ck_assert_int_eq(rs_session_config(r)->task.length, 30);
    ck_assert_int_eq(rs_pair_set(p, 1, "model.hidden", "0", &failed, &why), -1);
    ck_assert_int_eq(failed, 1);
    ck_assert_int_eq(why.kind, RS_ERR_INPUT);

    /* Join keeps the left as it is; split starts both over, in lockstep. */
    rs_pair_join(p);
    ck_assert_int_eq(rs_pair_count(p), 1);
    ck_assert_ptr_null(rs_pair_session(p, 1));
    ck_assert_int_gt(rs_session_steps(l), 0);
    rs_config right = *rs_session_config(l);
    ck_assert_int_eq(rs_config_set(&right, "model.cell", "lstm", err, sizeof err), 0);
    ck_assert_int_eq(rs_pair_split(p, &right, &why), 0);
    ck_assert_int_eq(rs_pair_count(p), 2);
    ck_assert_int_eq(rs_session_steps(rs_pair_session(p, 0)), 0);
    ck_assert_int_eq(rs_session_steps(rs_pair_session(p, 1)), 0);
    ck_assert(rs_pair_round(p, round));
    const rs_batch *x = rs_session_batch(rs_pair_session(p, 0)), *y = rs_session_batch(rs_pair_session(p, 1));
    ck_assert_mem_eq(x->x, y->x, (size_t)x->T * x->B * x->I * sizeof(double));

    /* A right side that cannot be built: the split is refused with the
     * reason, and the left side is left as it was. */
    rs_pair_join(p);
    ck_assert(rs_pair_round(p, round));
    const long before = rs_session_steps(rs_pair_session(p, 0));
    right = *rs_session_config(rs_pair_session(p, 0));
    ck_assert_int_eq(rs_config_set(&right, "task.name", "copy", err, sizeof err), 0);
    ck_assert_int_eq(rs_config_set(&right, "task.length", "12", err, sizeof err), 0);
    ck_assert_int_eq(rs_pair_split(p, &right, &why), -1);
    ck_assert_int_eq(why.kind, RS_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(why.msg, "task.length"));
    ck_assert_int_eq(rs_pair_count(p), 1);
    ck_assert_int_eq(rs_session_steps(rs_pair_session(p, 0)), before);
    rs_pair_free(p);
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
    tcase_add_test(tc, the_pair_trains_in_lockstep);
    suite_add_tcase(s, tc);
    return rs_run_suite(s);
}
