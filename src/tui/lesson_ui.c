/* The interactive lesson player: rnnscope lesson NAME. The lesson player
 * (rnnscope/lesson.h) owns the sessions and replays the steps from the
 * scenario's seeds; this file shows them in the ordinary view, with the
 * step's caption above, what it points at highlighted (panels.h), → and ← to
 * turn the pages, and autoplay. Any key that changes a session tells the
 * player (tui.c, touched), so the next page is replayed exactly. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../app/launch.h"
#include "app.h"
#include "keys.h"
#include "tui.h"

/* Autoplay in the terminal waits at least this long on a step: a page that
 * turns "as soon as shown" could not be read. */
#define AUTOPLAY_MIN_SECONDS 1.0

/* Training steps the player runs to show step i: the step's own when it
 * goes forward by one from an untouched state, else all from step 0. */
static long steps_to_train(const rs_app *a, int i, bool *replay)
{
    const rs_lesson *l = rs_lesson_player_lesson(a->lesson);
    const int shown = rs_lesson_player_view(a->lesson)->step;
    *replay = !(i == shown + 1 && !a->lesson_touched);
    long n = 0;
    for (int k = *replay ? 0 : i; k <= i; k++)
        for (int j = 0; j < l->step[k].nactions; j++)
            if (l->step[k].action[j].kind == RS_DO_TRAIN)
                n += l->step[k].action[j].n;
    return n;
}

/* Point the sides at the player's sessions and take the step's view. */
static void take_state(rs_app *a)
{
    const rs_lesson_view *v = rs_lesson_player_view(a->lesson);
    a->pair = rs_lesson_player_pair(a->lesson);
    if (a->pair)
        rs_app_sync(a);
    else {
        a->nsides = 1;
        a->side[0].s = a->side[1].s = NULL;
    }
    const rs_config *c = rs_lesson_player_config(a->lesson, 0);
    a->view = rs_view_of_config(c);
    a->relative = rs_view_relative(c);
    a->range = rs_view_range(c);
    a->range_fixed = a->range ? a->range : a->range_fixed ? a->range_fixed : RS_RANGE_DEFAULT;
    a->phase_steps = rs_view_phase_steps(c);
    a->phase_i = a->phase_j = -1;
    a->running = v->running;
    a->cursor = false;
    a->lesson_touched = false;
}

bool rs_lesson_show(rs_app *a, int i)
{
    const rs_lesson *l = rs_lesson_player_lesson(a->lesson);
    bool replay;
    const long n = steps_to_train(a, i, &replay);
    if (n > 0) {
        /* Training is synchronous: say so on the screen first, under the
         * caption of the step to come. */
        a->lesson_pending = i;
        if (replay && i > 0)
            rs_app_say(a, false, "step %d/%d: replaying steps 1 to %d from the seeds, training %ld steps…", i + 1, l->nsteps,
                       i + 1, n);
        else
            rs_app_say(a, false, "step %d/%d: training %ld steps…", i + 1, l->nsteps, n);
        rs_app_frame(a);
    }
    rs_error e = {0};
    const int rc = rs_lesson_player_goto(a->lesson, i, &e);
    a->lesson_pending = -1;
    take_state(a);
    if (!a->side[0].s) {
        /* The player could not even rebuild the scenario's session. */
        snprintf(a->fatal, sizeof a->fatal, "%s", e.msg);
        a->quit = true;
        return false;
    }
    if (rc != 0) {
        rs_app_say(a, true, "%s", e.msg);
        return false;
    }
    if (i + 1 == l->nsteps)
        rs_app_say(a, false, "the last step (%d/%d): ← goes back, q quits", i + 1, l->nsteps);
    else
        a->msg[0] = '\0';
    return true;
}

void rs_lesson_turn(rs_app *a, int dir)
{
    const rs_lesson *l = rs_lesson_player_lesson(a->lesson);
    const int at = rs_lesson_player_view(a->lesson)->step, to = at + dir;
    if (to < 0) {
        rs_app_say(a, false, "this is the first step: → or PgDn goes on");
        return;
    }
    if (to >= l->nsteps) {
        a->next_page_at = 0.0;
        rs_app_say(a, false, "that was the last step (%d/%d): ← goes back, q quits", l->nsteps, l->nsteps);
        return;
    }
    a->help = false;
    rs_lesson_show(a, to);
    /* Autoplay goes on from the step shown, and stops at the last. */
    a->next_page_at = a->autoplay > 0.0 && to + 1 < l->nsteps ? rs_now() + a->autoplay : 0.0;
}

int rs_tui_lesson(const rs_lesson_args *args)
{
    rs_error e = {0};
    rs_lesson_player *player = rs_lesson_player_create(args->lesson, &args->cfg, &e);
    if (!player) {
        fprintf(stderr, "rnnscope lesson: %s\n", e.msg);
        return rs_exit_status(e.kind);
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "rnnscope lesson: the lesson player needs a terminal; --headless prints the lesson as text\n");
        rs_lesson_player_free(player);
        return RS_EXIT_USAGE;
    }
    setlocale(LC_CTYPE, "");

    rs_app a;
    memset(&a, 0, sizeof a);
    a.lesson = player;
    a.scenario = args->path;
    a.lesson_name = args->path;
    a.lesson_pending = -1;
    const double autoplay = args->autoplay;
    a.autoplay = autoplay < 0.0 ? 0.0 : autoplay < AUTOPLAY_MIN_SECONDS ? AUTOPLAY_MIN_SECONDS : autoplay;
    /* The input along the t axis: the task's markers (remember: its words). */
    a.words = rs_config_choice_index(&args->cfg, "task.name") != RS_TASK_TEXT;
    a.speed = (int)RS_SPEED_MAX_INDEX;
    take_state(&a);
    if (!rs_term_init(&a.term)) {
        fprintf(stderr, "rnnscope lesson: cannot start the terminal (TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
        rs_lesson_player_free(player);
        return RS_EXIT_FAILURE;
    }
    rs_lesson_show(&a, 0);
    if (a.autoplay > 0.0 && rs_lesson_player_lesson(player)->nsteps > 1)
        a.next_page_at = rs_now() + a.autoplay;
    if (!a.quit)
        rs_app_run(&a);
    rs_term_done();
    rs_app_free(&a);
    rs_lesson_player_free(player);
    if (a.fatal[0]) {
        fprintf(stderr, "rnnscope lesson: %s\n", a.fatal);
        return RS_EXIT_FAILURE;
    }
    return RS_EXIT_OK;
}
