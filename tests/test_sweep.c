/* The sweep (phase diagram): axes parsed from text, what a grid refuses,
 * a cell equal to a session trained alone with the same settings, the same
 * grid with 1 and 3 workers, and rs_session_differentiate (--steps 0). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "check_main.h"

#include "rnnscope/session.h"
#include "rnnscope/sweep.h"

static rs_config base(const char *const *sets)
{
    rs_config cfg;
    char err[1024];
    rs_config_defaults(&cfg);
    const char *small[] = {"model.hidden=8", "task.length=12", "train.batch=4", NULL};
    for (int i = 0; small[i]; i++)
        ck_assert(rs_config_set_arg(&cfg, small[i], err, sizeof err) == 0);
    for (int i = 0; sets && sets[i]; i++)
        ck_assert_msg(rs_config_set_arg(&cfg, sets[i], err, sizeof err) == 0, "%s", err);
    return cfg;
}

START_TEST(axes_from_text)
{
    rs_axis a;
    rs_error e = {0};
    ck_assert_int_eq(rs_axis_parse(&a, "init.std=0.01:1:log:3", &e), 0);
    ck_assert_str_eq(a.key, "init.std");
    ck_assert_int_eq(a.count, 3);
    ck_assert(a.numeric && a.log);
    ck_assert(a.number[0] == 0.01 && a.number[2] == 1.0);      /* the ends exactly */
    ck_assert_double_eq_tol(a.number[1], 0.1, 1e-15);
    ck_assert(strtod(a.value[1], NULL) == a.number[1]);  /* the text reads back the same double */
    ck_assert_int_eq(rs_axis_parse(&a, "task.length=10:50:lin:5", &e), 0);
    ck_assert(!a.log && a.count == 5);
    ck_assert_str_eq(a.value[1], "20");
    ck_assert_int_eq(rs_axis_parse(&a, "model.hidden=4:100:log:3", &e), 0);
    ck_assert_str_eq(a.value[1], "20");          /* √400, rounded: an integer key */
    ck_assert_int_eq(rs_axis_parse(&a, " model.activation = sigmoid, tanh ,relu", &e), 0);
    ck_assert(!a.numeric && a.count == 3);
    ck_assert_str_eq(a.value[1], "tanh");
    ck_assert(isnan(a.number[0]));
    ck_assert_int_eq(rs_axis_parse(&a, "train.lr=0.1,0.01", &e), 0);
    ck_assert(a.numeric && a.number[1] == 0.01);
    ck_assert_int_eq(rs_axis_parse(&a, "init.gain=0.5:0.5:lin:1", &e), 0);
    ck_assert_int_eq(a.count, 1);

    /* what is refused, and the message names it */
    static const struct { const char *arg, *says; } bad[] = {
        {"init.std", "an axis is key="},
        {"nope.key=1,2", "unknown key"},
        {"view.mode=g_h,g_x", "changes training"},
        {"scenario.title=a,b", "changes training"},
        {"task.file=a,b", "changes training"},
        {"init.std=0.1:1:log", "a range is"},
        {"init.std=0.1:1:cubic:4", "a range is"},
        {"init.std=0.1:1:log:0", "a range is"},
        {"init.std=0.1:1:log:257", "a range is"},
        {"init.std=0:1:log:4", "above 0"},
        {"model.activation=a:b:lin:3", "a choice"},
        {"init.std=0.1,,0.2", "empty value"},
        {"train.lr=0.1,fast", "not a number"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        e = (rs_error){0};
        ck_assert_msg(rs_axis_parse(&a, bad[i].arg, &e) == -1, "%s was taken", bad[i].arg);
        ck_assert_int_eq(e.kind, RS_ERR_INPUT);
        ck_assert_msg(strstr(e.msg, bad[i].says), "%s: '%s' does not say '%s'", bad[i].arg, e.msg, bad[i].says);
    }
}
END_TEST

START_TEST(grids_that_are_refused)
{
    rs_axis x, y;
    rs_error e = {0};
    rs_config cfg = base(NULL);
    /* a value out of the key's range */
    ck_assert_int_eq(rs_axis_parse(&x, "init.std=0.1,20", &e), 0);
    ck_assert_ptr_null(rs_sweep_create(&cfg, &x, NULL, 1, &e));
    ck_assert_ptr_nonnull(strstr(e.msg, "init.std"));
    /* the same key twice */
    ck_assert_int_eq(rs_axis_parse(&x, "init.std=0.1,0.2", &e), 0);
    ck_assert_int_eq(rs_axis_parse(&y, "init.std=0.3,0.4", &e), 0);
    ck_assert_ptr_null(rs_sweep_create(&cfg, &x, &y, 1, &e));
    ck_assert_ptr_nonnull(strstr(e.msg, "two different keys"));
    /* a key that matters for no cell: init.std for an orthogonal W_hh */
    const char *ortho[] = {"init.recurrent=orthogonal", NULL};
    rs_config o = base(ortho);
    ck_assert_ptr_null(rs_sweep_create(&o, &x, NULL, 1, &e));
    ck_assert_ptr_nonnull(strstr(e.msg, "does not matter"));
    /* ... but it matters when the other axis makes it matter */
    ck_assert_int_eq(rs_axis_parse(&y, "init.recurrent=orthogonal,gaussian", &e), 0);
    rs_sweep *sw = rs_sweep_create(&o, &x, &y, 1, &e);
    ck_assert_msg(sw != NULL, "%s", e.msg);
    rs_sweep_free(sw);
    /* a cell whose session cannot be built: the error names the cell */
    const char *copy[] = {"task.name=copy", NULL};
    rs_config c = base(copy);
    ck_assert_int_eq(rs_axis_parse(&x, "task.length=30,12", &e), 0);
    sw = rs_sweep_create(&c, &x, NULL, 2, &e);
    ck_assert_ptr_nonnull(sw);
    ck_assert_int_eq(rs_sweep_start(sw, 2, &e), 0);
    ck_assert_int_eq(rs_sweep_wait(sw, &e), -1);
    ck_assert_msg(strstr(e.msg, "cell task.length = 12: task.length"), "%s", e.msg);
    ck_assert(rs_sweep_finished(sw));
    ck_assert_ptr_nonnull(rs_sweep_cell_at(sw, 0, 0));
    ck_assert_ptr_null(rs_sweep_cell_at(sw, 1, 0));
    rs_sweep_free(sw);
}
END_TEST

/* A cell is a session trained alone with the cell's settings and the base's seeds. */
START_TEST(a_cell_is_a_session_alone)
{
    const char *sets[] = {"model.activation=relu", "train.lr=1", NULL};
    rs_config cfg = base(sets);
    rs_axis x, y;
    rs_error e = {0};
    ck_assert_int_eq(rs_axis_parse(&x, "init.std=0.05,0.3,4", &e), 0);
    ck_assert_int_eq(rs_axis_parse(&y, "model.cell=rnn,gru", &e), 0);
    rs_sweep *sw = rs_sweep_create(&cfg, &x, &y, 25, &e);
    ck_assert_int_eq(rs_sweep_start(sw, 2, &e), 0);
    ck_assert_int_eq(rs_sweep_wait(sw, &e), 0);
    ck_assert_int_eq(rs_sweep_done(sw), 6);
    bool some_diverged = false;
    for (int j = 0; j < 2; j++)
        for (int i = 0; i < 3; i++) {
            rs_config one;
            rs_sweep_cell_config(sw, i, j, &one);
            rs_session *s = rs_session_create(&one, &e);
            const rs_spectral sp = rs_session_spectral(s);
            long n = 0;
            while (n < 25 && rs_session_step(s) == RS_STEP_OK)
                n++;
            const rs_sweep_cell *c = rs_sweep_cell_at(sw, i, j);
            const size_t h = rs_session_history_count(s);
            const rs_step_stats *last = h ? rs_session_history_stats(s, h - 1) : NULL;
            ck_assert_int_eq(c->diverged, rs_session_diverged(s));
            ck_assert_int_eq(c->diverged_at, rs_session_diverged_at(s));
            ck_assert_int_eq(c->steps, rs_session_steps(s));
            ck_assert_int_eq(c->reach, last ? last->reach : 0);
            ck_assert(last ? c->decay == last->decay || (isnan(c->decay) && isnan(last->decay)) : isnan(c->decay));
            ck_assert(c->bound == sp.bound || (isnan(c->bound) && isnan(sp.bound)));
            ck_assert(j == 0 ? isfinite(c->bound) : isnan(c->bound));   /* gru: the bound does not apply */
            double mean = 0.0;
            const size_t window = h < 100 ? h : 100;
            for (size_t k = h - window; k < h; k++)
                mean += rs_session_history_stats(s, k)->loss / (double)window;
            ck_assert(window ? c->loss == mean : isnan(c->loss));
            some_diverged = some_diverged || c->diverged;
            rs_session_free(s);
        }
    ck_assert_msg(some_diverged, "relu, std 4, lr 1 should diverge");
    rs_sweep_free(sw);
}
END_TEST

/* Any number of workers: the same CSV, byte for byte. */
START_TEST(the_same_grid_with_any_number_of_workers)
{
    rs_config cfg = base(NULL);
    rs_axis x, y;
    rs_error e = {0};
    ck_assert_int_eq(rs_axis_parse(&x, "init.std=0.02:0.6:log:5", &e), 0);
    ck_assert_int_eq(rs_axis_parse(&y, "model.activation=sigmoid,tanh,relu", &e), 0);
    char *text[3] = {0};
    size_t len[3];
    const int jobs[3] = {1, 3, 16};
    for (int r = 0; r < 3; r++) {
        rs_sweep *sw = rs_sweep_create(&cfg, &x, &y, 10, &e);
        ck_assert_int_eq(rs_sweep_start(sw, jobs[r], &e), 0);
        ck_assert_int_eq(rs_sweep_wait(sw, &e), 0);
        FILE *f = open_memstream(&text[r], &len[r]);
        ck_assert_int_eq(rs_sweep_csv(f, sw), 0);
        fclose(f);
        rs_sweep_free(sw);
    }
    ck_assert_uint_eq(len[0], len[1]);
    ck_assert_mem_eq(text[0], text[1], len[0]);
    ck_assert_mem_eq(text[0], text[2], len[0]);
    /* header and 15 rows */
    int lines = 0;
    for (size_t i = 0; i < len[0]; i++)
        lines += text[0][i] == '\n';
    ck_assert_int_eq(lines, 16);
    ck_assert(strncmp(text[0], "i,j,init.std,model.activation,steps,reach,", 42) == 0);
    for (int r = 0; r < 3; r++)
        free(text[r]);
}
END_TEST

/* Cancelled: the workers stop, the sweep says so. */
START_TEST(a_sweep_can_be_cancelled)
{
    rs_config cfg = base(NULL);
    rs_axis x;
    rs_error e = {0};
    ck_assert_int_eq(rs_axis_parse(&x, "init.std=0.01:1:log:40", &e), 0);
    rs_sweep *sw = rs_sweep_create(&cfg, &x, NULL, 100000, &e);
    ck_assert_int_eq(rs_sweep_start(sw, 2, &e), 0);
    ck_assert_int_eq(rs_sweep_start(sw, 2, &e), -1);     /* a sweep runs once */
    rs_sweep_cancel(sw);
    ck_assert_int_eq(rs_sweep_wait(sw, &e), -1);
    ck_assert_ptr_nonnull(strstr(e.msg, "cancelled"));
    rs_sweep_free(sw);
}
END_TEST

/* --steps 0: differentiate at initialisation = the first step's statistics
 * (a step measures before it updates), with nothing else changed. */
START_TEST(differentiate_is_the_first_step_without_the_update)
{
    const char *const cells[] = {"model.cell=rnn", "model.cell=lstm", "model.cell=gru", "model.cell=skip"};
    const char *sets[] = {cells[_i], "train.tbptt=5", NULL};
    rs_config cfg = base(sets);
    rs_error e = {0};
    rs_session *a = rs_session_create(&cfg, &e), *b = rs_session_create(&cfg, &e);
    const rs_model *m = rs_session_model(a);
    double *before = malloc(m->nparams * sizeof(double));
    memcpy(before, m->param_block, m->nparams * sizeof(double));
    rs_step_stats st;
    rs_session_differentiate(a, &st);
    ck_assert_int_eq(rs_session_step(b), RS_STEP_OK);
    const rs_step_stats *first = rs_session_last(b);
    ck_assert_int_eq(st.step, 0);
    ck_assert(st.loss == first->loss && st.acc == first->acc && st.grad_norm == first->grad_norm);
    ck_assert_int_eq(st.reach, first->reach);
    ck_assert(st.decay == first->decay);
    ck_assert(st.clip_scale == 1.0);
    ck_assert_mem_eq(rs_session_vector(a, RS_VEC_G_H), rs_session_vector(b, RS_VEC_G_H), 12 * sizeof(double));
    /* nothing else: weights, step count, history, the last step's record */
    ck_assert_mem_eq(before, m->param_block, m->nparams * sizeof(double));
    ck_assert_int_eq(rs_session_steps(a), 0);
    ck_assert_uint_eq(rs_session_history_count(a), 0);
    ck_assert_ptr_null(rs_session_last(a));
    /* after a step, rs_session_last stays that step's */
    rs_session_step(a);
    const rs_step_stats kept = *rs_session_last(a);
    rs_session_differentiate(a, &st);
    ck_assert_mem_eq(rs_session_last(a), &kept, sizeof kept);
    ck_assert_int_eq(st.step, 1);
    free(before);
    rs_session_free(a);
    rs_session_free(b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sweep");
    TCase *t = tcase_create("sweep");
    tcase_add_test(t, axes_from_text);
    tcase_add_test(t, grids_that_are_refused);
    tcase_add_test(t, a_cell_is_a_session_alone);
    tcase_add_test(t, the_same_grid_with_any_number_of_workers);
    tcase_add_test(t, a_sweep_can_be_cancelled);
    tcase_add_loop_test(t, differentiate_is_the_first_step_without_the_update, 0, 4);
    suite_add_tcase(s, t);
    return rs_run_suite(s);
}
