/* rnnscope lesson NAME --headless: play a scenario's [lesson] without a
 * terminal and print each step's caption and the numbers it shows, for a
 * transcript or a test. (In a terminal the lesson runs in the live view.) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../view/format.h"
#include "../view/text.h"
#include "cli.h"
#include "rnnscope/lesson.h"

/* Print text wrapped at width columns, each line indented. */
static void wrapped(const char *text, int width, const char *indent)
{
    char buf[1200];
    const char *lines[40];
    const int n = rs_wrap(text, width, buf, sizeof buf, lines, 40);
    for (int i = 0; i < n; i++)
        printf("%s%s\n", indent, lines[i]);
}

static void side_line(const char *label, rs_session *s, const rs_config *c)
{
    const rs_step_stats *st = rs_session_last(s);
    /* The activation key is the rnn's and the skip cell's; gated cells have their own σ and tanh. */
    const bool act = rs_key_applies(rs_key_find("model.activation"), c);
    /* Numbers as the screen writes them (rs_fmt_num): one format everywhere. */
    char lr[48], loss[48], chance[48];
    rs_fmt_num(lr, sizeof lr, c->train.lr, true);
    printf("  %s%s%s%s, init %s, %s lr %s, clip %s: ", label, c->model.cell, act ? " " : "",
           act ? c->model.activation : "", c->init.recurrent, c->train.optimizer, lr, c->train.clip);
    if (!st) {
        printf("not trained yet\n");
        return;
    }
    rs_fmt_exact(loss, sizeof loss, st->loss, true);     /* 6 digits: a transcript is also a record */
    rs_fmt_num(chance, sizeof chance, rs_session_chance_loss(s), true);
    printf("step %ld, loss %s (chance %s), acc %.3f, reach %d/%d", st->step, loss, chance, st->acc, st->reach, st->T);
    /* What the theory panel shows: the measured factor per step back, σ_max
     * of the weights the gradient came from, and Pascanu's bound where it
     * holds (rs_bound_applies). */
    char decay[48], sigma[48], bound[48];
    rs_fmt_num(decay, sizeof decay, st->decay, true);
    rs_fmt_num(sigma, sizeof sigma, st->sigma_max, true);
    printf(", decay %s, σ_max %s", isfinite(st->decay) ? decay : "none", sigma);
    if (rs_bound_applies(&rs_session_settings(s)->model)) {
        rs_fmt_num(bound, sizeof bound, st->bound, true);
        printf(", bound %s", bound);
    }
    if (rs_session_diverged(s))
        printf(", DIVERGED at step %ld (%s)", rs_session_diverged_at(s), rs_session_divergence(s));
    if (rs_session_bptt_active(s))
        printf(", step-through at t = %d", rs_session_bptt_t(s) + 1);
    printf("\n");
}

int rs_cmd_lesson_headless(const rs_lesson_args *args)
{
    const rs_lesson *lesson = args->lesson;
    rs_error e = {0};
    rs_lesson_player *p = rs_lesson_player_create(lesson, &args->cfg, &e);
    if (!p) {
        fprintf(stderr, "rnnscope lesson: %s\n", e.msg);
        return rs_exit_status(e.kind);
    }
    printf("lesson %s — %s (%d steps)\n", args->name, args->cfg.scenario.title, lesson->nsteps);
    for (int i = 0; i < lesson->nsteps; i++) {
        if (rs_lesson_player_goto(p, i, &e) != 0) {
            fprintf(stderr, "rnnscope lesson: %s\n", e.msg);
            rs_lesson_player_free(p);
            return RS_EXIT_FAILURE;
        }
        const rs_lesson_view *v = rs_lesson_player_view(p);
        printf("\n── %d/%d  %s\n", i + 1, lesson->nsteps, lesson->step[i].title);
        wrapped(lesson->step[i].caption, 76, "  ");
        printf("  view %s, %s scale%s", rs_lesson_player_config(p, 0)->view.mode,
               rs_lesson_player_config(p, 0)->view.scale, v->running ? ", training on" : "");
        if (v->point == RS_POINT_T)
            printf(", pointing at t = %ld", v->point_t);
        else if (v->point != RS_POINT_NONE)
            printf(", pointing at %s", v->point_what);
        printf("\n");
        side_line(v->compare ? "left:  " : "", rs_lesson_player_session(p, 0), rs_lesson_player_config(p, 0));
        if (v->compare)
            side_line("right: ", rs_lesson_player_session(p, 1), rs_lesson_player_config(p, 1));
        fflush(stdout);
        if (args->autoplay > 0 && i + 1 < lesson->nsteps) {
            const double s = args->autoplay;
            struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};
            nanosleep(&ts, NULL);
        }
    }
    rs_lesson_player_free(p);
    return RS_EXIT_OK;
}
