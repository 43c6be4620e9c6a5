/* rnnscope lesson NAME: play a scenario's [lesson]. In a terminal the lesson
 * runs in the interactive view; --headless prints each step's caption and the
 * numbers it shows, for a transcript or a test. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../tui/text.h"
#include "../tui/tui.h"
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
    const bool gated = strcmp(c->model.cell, "lstm") == 0 || strcmp(c->model.cell, "gru") == 0;
    printf("  %s%s%s%s, init %s, %s lr %g, clip %s: ", label, c->model.cell, gated ? "" : " ",
           gated ? "" : c->model.activation, c->init.recurrent, c->train.optimizer, c->train.lr, c->train.clip);
    if (!st) {
        printf("not trained yet\n");
        return;
    }
    printf("step %ld, loss %.4g (chance %.4g), acc %.3f, reach %d/%d", st->step, st->loss, rs_session_chance_loss(s),
           st->acc, st->reach, st->T);
    if (rs_session_diverged(s))
        printf(", DIVERGED at step %ld (%s)", rs_session_diverged_at(s), rs_session_divergence(s));
    if (rs_session_bptt_active(s))
        printf(", step-through at t = %d", rs_session_bptt_t(s) + 1);
    printf("\n");
}

static int headless(const rs_lesson *lesson, const rs_config *cfg, const char *name, double autoplay)
{
    char err[2048];
    rs_lesson_player *p = rs_lesson_player_create(lesson, cfg, err, sizeof err);
    if (!p) {
        fprintf(stderr, "rnnscope lesson: %s\n", err);
        return RS_EXIT_USAGE;
    }
    printf("lesson %s — %s (%d steps)\n", name, cfg->scenario.title, lesson->nsteps);
    for (int i = 0; i < lesson->nsteps; i++) {
        if (rs_lesson_player_goto(p, i, err, sizeof err) != 0) {
            fprintf(stderr, "rnnscope lesson: %s\n", err);
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
        if (autoplay > 0 && i + 1 < lesson->nsteps) {
            struct timespec ts = {(time_t)autoplay, (long)((autoplay - floor(autoplay)) * 1e9)};
            nanosleep(&ts, NULL);
        }
    }
    rs_lesson_player_free(p);
    return RS_EXIT_OK;
}

int rs_cmd_lesson(int argc, char **argv)
{
    const char *name = NULL;
    bool headless_mode = false;
    double autoplay = -1.0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--headless") == 0)
            headless_mode = true;
        else if (strncmp(argv[i], "--autoplay", 10) == 0 && (argv[i][10] == '\0' || argv[i][10] == '=')) {
            const char *v = argv[i][10] == '=' ? argv[i] + 11 : (i + 1 < argc ? argv[++i] : NULL);
            char *end = NULL;
            errno = 0;
            autoplay = v ? strtod(v, &end) : -1.0;
            if (!v || *v == '\0' || *end != '\0' || errno || !(autoplay >= 0.0 && autoplay <= 3600.0)) {
                fprintf(stderr, "rnnscope lesson: --autoplay '%s': expected seconds per step, 0 … 3600\n",
                        v ? v : "");
                return RS_EXIT_USAGE;
            }
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "rnnscope lesson: unknown option '%s'; allowed: --autoplay SECONDS, --headless\n", argv[i]);
            return RS_EXIT_USAGE;
        } else if (name) {
            fprintf(stderr, "rnnscope lesson: one lesson at a time (got '%s' and '%s')\n", name, argv[i]);
            return RS_EXIT_USAGE;
        } else
            name = argv[i];
    }
    if (!name) {
        fprintf(stderr, "rnnscope lesson: which lesson? e.g. rnnscope lesson %s (rnnscope list marks the lessons)\n",
                RS_DEFAULT_LESSON);
        return RS_EXIT_USAGE;
    }
    char path[4096], err[2048];
    rs_config cfg;
    rs_config_defaults(&cfg);
    rs_lesson *lesson = calloc(1, sizeof *lesson);
    if (!lesson) {
        fprintf(stderr, "rnnscope lesson: out of memory\n");
        return RS_EXIT_FAILURE;
    }
    int status = RS_EXIT_OK;
    if (rs_scenario_path(name, path, sizeof path, err, sizeof err) != 0 ||
        rs_scenario_load(&cfg, lesson, path, err, sizeof err) != 0) {
        fprintf(stderr, "rnnscope lesson: %s\n", err);
        status = RS_EXIT_USAGE;
    } else if (lesson->nsteps == 0) {
        fprintf(stderr, "rnnscope lesson: %s has no [lesson] section; rnnscope list marks the scenarios that do\n",
                name);
        status = RS_EXIT_USAGE;
    } else if (headless_mode)
        status = headless(lesson, &cfg, name, autoplay);
    else
        status = rs_tui_lesson(path, autoplay);
    free(lesson);
    return status;
}
