/* Lessons: the [lesson] parser (valid and invalid steps, with the exact
 * messages a lesson author sees) and the player's promise — a step shows the
 * same state whether reached forward, backward or by a jump. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "check_main.h"
#include "tmpfile.h"

#include "rnnscope/lesson.h"

static char err[2048];
static rs_error why;   /* what the session and lesson calls report */


static rs_lesson lesson;

static int load(const char *text, rs_config *cfg)
{
    rs_config_defaults(cfg);
    const char *path = test_temp_file(text);
    int rc = rs_scenario_load(cfg, &lesson, path, err, sizeof err);
    if (rc != 0) {  /* drop the path: the messages below are "line: …" */
        const char *colon = strchr(err + strlen(path), ':');
        memmove(err, colon + 1, strlen(colon + 1) + 1);
    }
    unlink(path);
    return rc;
}

START_TEST(valid_lesson)
{
    rs_config cfg;
    ck_assert_msg(load("[model]\nactivation = sigmoid\n\n[lesson]\n"
                       "step = First\ncaption = One line,\n  and a second.\n"
                       "do = set model.activation=relu, train 20 ,view g_x,  point t=3\n"
                       "  scale absolute, bptt 4\n"
                       "step = Second\ncaption = Two.\ndo = compare model.activation=tanh\ndo = point train.clip, run\n"
                       "step = Third\ncaption = Three.\ndo = single, reset, pause, point theory\n", &cfg) == 0, "%s", err);
    ck_assert_str_eq(cfg.model.activation, "sigmoid");
    ck_assert_int_eq(lesson.nsteps, 3);
    const rs_lesson_step *a = &lesson.step[0];
    ck_assert_str_eq(a->title, "First");
    ck_assert_str_eq(a->caption, "One line, and a second.");
    ck_assert_int_eq(a->line, 5);
    ck_assert_int_eq(a->nactions, 6);
    ck_assert_int_eq(a->action[0].kind, RS_DO_SET);
    ck_assert_str_eq(a->action[0].key, "model.activation");
    ck_assert_str_eq(a->action[0].value, "relu");
    ck_assert_int_eq(a->action[1].kind, RS_DO_TRAIN);
    ck_assert_int_eq(a->action[1].n, 20);
    ck_assert_int_eq(a->action[2].kind, RS_DO_VIEW);
    ck_assert_str_eq(a->action[2].value, "g_x");
    ck_assert_int_eq(a->action[3].kind, RS_DO_POINT);
    ck_assert_int_eq(a->action[3].n, 3);
    ck_assert_int_eq(a->action[4].kind, RS_DO_SCALE);
    ck_assert_int_eq(a->action[5].kind, RS_DO_BPTT);
    ck_assert_int_eq(a->action[5].n, 4);
    const rs_lesson_step *b = &lesson.step[1];
    ck_assert_int_eq(b->nactions, 3);
    ck_assert_int_eq(b->action[0].kind, RS_DO_COMPARE);
    ck_assert_str_eq(b->action[1].key, "train.clip");
    ck_assert_int_eq(b->action[2].kind, RS_DO_RUN);
    ck_assert_int_eq(lesson.step[2].nactions, 4);
    ck_assert_str_eq(lesson.step[2].action[3].key, "theory");
}
END_TEST

static const struct { const char *text, *message; } bad[] = {
    {"[lesson]\ncaption = hi\n", "2: [lesson] caption: comes before the first 'step = title'"},
    {"[lesson]\ndo = train 5\n", "2: [lesson] do: comes before the first 'step = title'"},
    {"[lesson]\nstep = A\ncaption = x\ntitle = y\n", "4: [lesson] title: unknown key; allowed: step, caption, do"},
    {"[lesson]\nstep = A\ncaption = x\ncaption = y\n", "4: [lesson] caption: given twice in step 1"},
    {"[lesson]\nstep = A\ncaption = x\nstep = B\ndo = train 3\n", "4: [lesson] step 2 'B' has no caption"},
    {"[lesson]\nstep =\n", "2: [lesson] step: needs a title, e.g. step = Exploding gradients"},
    {"[lesson]\nstep = A\ncaption = x\ndo = trian 300\n",
     "4: [lesson] do: 'trian 300': unknown action; allowed: set, train, run, pause, view, scale, bptt, compare, "
     "single, point, reset"},
    {"[lesson]\nstep = A\ncaption = x\ndo = train\n",
     "4: [lesson] do: 'train': expected train N, a whole number 1 … 1000000"},
    {"[lesson]\nstep = A\ncaption = x\ndo = train 0\n",
     "4: [lesson] do: 'train 0': expected train N, a whole number 1 … 1000000"},
    {"[lesson]\nstep = A\ncaption = x\ndo = bptt -1\n",
     "4: [lesson] do: 'bptt -1': expected bptt N, a whole number 0 … 1000000"},
    {"[lesson]\nstep = A\ncaption = x\ndo = set model.activation relu\n",
     "4: [lesson] do: 'set model.activation relu': expected set key=value, e.g. set model.activation=relu"},
    {"[lesson]\nstep = A\ncaption = x\ndo = set model.activation=swish\n",
     "4: [lesson] do: 'set model.activation=swish': model.activation: 'swish' is not allowed; allowed: sigmoid, "
     "tanh, relu, leaky_relu"},
    {"[lesson]\nstep = A\ncaption = x\ndo = train 5\n  compare task.length=20\n",
     "5: [lesson] do: 'compare task.length=20': task.length: both sides of compare mode share it (they train on "
     "the same batches); compare keys of [model], [init] or [train] other than train.batch"},
    {"[lesson]\nstep = A\ncaption = x\ndo = view gradient\n",
     "4: [lesson] do: 'view gradient': view.mode: 'gradient' is not allowed; allowed: g_h, g_x, g_w, dact, sat, g_c, units, spectrum, itemized, phase"},
    {"[lesson]\nstep = A\ncaption = x\ndo = point t=0\n",
     "4: [lesson] do: 'point t=0': point at t=K (a timestep), a panel (heatmap, decay, config, loss, theory, status) or a "
     "setting such as train.clip"},
    {"[lesson]\nstep = A\ncaption = x\ndo = point sidebar\n",
     "4: [lesson] do: 'point sidebar': point at t=K (a timestep), a panel (heatmap, decay, config, loss, theory, status) or "
     "a setting such as train.clip"},
    {"[lesson]\nstep = A\ncaption = x\ndo = run now\n", "4: [lesson] do: 'run now': run takes no argument"},
    {"[lesson]\nstep = A\ncaption = x\ndo = pause, pause, pause, pause, pause, pause, pause, pause, pause, pause, "
     "pause, pause, pause\n", "4: [lesson] do: at most 12 actions in a step"},
};

START_TEST(invalid_lessons)
{
    rs_config cfg;
    ck_assert_int_eq(load(bad[_i].text, &cfg), -1);
    ck_assert_str_eq(err, bad[_i].message);
}
END_TEST

/* The statistics a step shows, side by side: equal bit for bit or not. */
static bool same_state(rs_lesson_player *a, rs_lesson_player *b)
{
    const rs_lesson_view *va = rs_lesson_player_view(a), *vb = rs_lesson_player_view(b);
    if (va->step != vb->step || va->compare != vb->compare || va->point != vb->point || va->point_t != vb->point_t)
        return false;
    for (int side = 0; side < (va->compare ? 2 : 1); side++) {
        rs_session *sa = rs_lesson_player_session(a, side), *sb = rs_lesson_player_session(b, side);
        if (rs_session_steps(sa) != rs_session_steps(sb) || rs_session_diverged(sa) != rs_session_diverged(sb))
            return false;
        const rs_model *ma = rs_session_model(sa), *mb = rs_session_model(sb);
        if (ma->nparams != mb->nparams || memcmp(ma->param_block, mb->param_block, ma->nparams * sizeof(double)))
            return false;
        if (rs_session_bptt_active(sa) != rs_session_bptt_active(sb) || rs_session_bptt_t(sa) != rs_session_bptt_t(sb))
            return false;
        const rs_step_stats *x = rs_session_last(sa), *y = rs_session_last(sb);
        if ((x == NULL) != (y == NULL) || (x && memcmp(x, y, sizeof *x) != 0))
            return false;
        if (strcmp(rs_lesson_player_config(a, side)->model.activation, rs_lesson_player_config(b, side)->model.activation))
            return false;
    }
    return true;
}

START_TEST(forward_back_and_jump_show_the_same_state)
{
    rs_config cfg;
    ck_assert_msg(load("[model]\nactivation = tanh\nhidden = 8\n[task]\nlength = 12\n[train]\nbatch = 4\n"
                       "[lesson]\n"
                       "step = A\ncaption = a\ndo = train 7, view g_x\n"
                       "step = B\ncaption = b\ndo = set model.activation=sigmoid, train 5, bptt 3, point t=2\n"
                       "step = C\ncaption = c\ndo = compare model.activation=relu, train 6\n"
                       "step = D\ncaption = d\ndo = set train.lr=0.5, train 4, point loss\n"
                       "step = E\ncaption = e\ndo = single, train 3, bptt 12\n", &cfg) == 0, "%s", err);
    rs_lesson_player *walk = rs_lesson_player_create(&lesson, &cfg, &why);
    ck_assert_ptr_nonnull(walk);
    for (int i = 0; i < lesson.nsteps; i++) {
        ck_assert_msg(rs_lesson_player_goto(walk, i, &why) == 0, "%s", why.msg);
        /* a fresh player jumping straight to step i */
        rs_lesson_player *jump = rs_lesson_player_create(&lesson, &cfg, &why);
        ck_assert_int_eq(rs_lesson_player_goto(jump, i, &why), 0);
        ck_assert_msg(same_state(walk, jump), "step %d: walking there and jumping there differ", i + 1);
        rs_lesson_player_free(jump);
    }
    /* Back from the end, one step at a time, against a fresh walk. */
    for (int i = lesson.nsteps - 2; i >= 0; i--) {
        ck_assert_int_eq(rs_lesson_player_goto(walk, i, &why), 0);
        rs_lesson_player *fresh = rs_lesson_player_create(&lesson, &cfg, &why);
        for (int k = 0; k <= i; k++)
            ck_assert_int_eq(rs_lesson_player_goto(fresh, k, &why), 0);
        ck_assert_msg(same_state(walk, fresh), "back to step %d: not the state of the walk", i + 1);
        rs_lesson_player_free(fresh);
    }
    /* The views are what the steps said. */
    ck_assert_int_eq(rs_lesson_player_goto(walk, 2, &why), 0);
    ck_assert(rs_lesson_player_view(walk)->compare);
    ck_assert_str_eq(rs_lesson_player_config(walk, 1)->model.activation, "relu");
    ck_assert_str_eq(rs_lesson_player_config(walk, 0)->model.activation, "sigmoid");
    ck_assert_int_eq(rs_session_steps(rs_lesson_player_session(walk, 0)), 6);   /* compare starts both over */
    ck_assert_int_eq(rs_session_steps(rs_lesson_player_session(walk, 1)), 6);

    /* After the user changed something, forward replays instead of continuing. */
    rs_session_step(rs_lesson_player_session(walk, 0));
    rs_lesson_player_touched(walk);
    ck_assert_int_eq(rs_lesson_player_goto(walk, 3, &why), 0);
    rs_lesson_player *fresh = rs_lesson_player_create(&lesson, &cfg, &why);
    ck_assert_int_eq(rs_lesson_player_goto(fresh, 3, &why), 0);
    ck_assert(same_state(walk, fresh));
    ck_assert_str_eq(rs_lesson_player_view(walk)->point_what, "loss");
    rs_lesson_player_free(fresh);

    ck_assert_int_eq(rs_lesson_player_goto(walk, 5, &why), -1);
    ck_assert_str_eq(why.msg, "lesson step 6: the lesson has steps 1 … 5");
    rs_lesson_player_free(walk);
}
END_TEST

START_TEST(a_failing_action_names_its_step)
{
    rs_config cfg;
    ck_assert_int_eq(load("[task]\nname = copy\nlength = 30\n[lesson]\nstep = Shorter\ncaption = c\n"
                          "do = train 2, set task.length=12\n", &cfg), 0);
    rs_lesson_player *p = rs_lesson_player_create(&lesson, &cfg, &why);
    ck_assert_int_eq(rs_lesson_player_goto(p, 0, &why), -1);
    ck_assert_str_eq(why.msg, "lesson step 1 'Shorter', action 2 (set): task.length: the copy task needs at least "
                          "2·task.copy_length+1 = 21 steps, got 12");
    rs_lesson_player_free(p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lesson");
    TCase *tc = tcase_create("lesson");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, valid_lesson);
    tcase_add_loop_test(tc, invalid_lessons, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, forward_back_and_jump_show_the_same_state);
    tcase_add_test(tc, a_failing_action_names_its_step);
    suite_add_tcase(s, tc);
    return rs_run_suite(s);
}
