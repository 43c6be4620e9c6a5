/* Fuzz target: lesson actions. Each line of the input is a `do =` line, a
 * line starting with '>' opens the next step. The parsed lesson is then
 * played — forward, back, forward again — by a player over a tiny model, as
 * the view and `lesson --headless` play it. Actions that would make the
 * model big or slow (sizes, train counts, files) are scaled down first: the
 * parser sees every input as it is, the player a lesson that runs in
 * milliseconds. Property: a step shown twice shows the same numbers (going
 * back replays from the seeds). */
#include "fuzz.h"

#include <math.h>

#include "rnnscope/config.h"
#include "rnnscope/lesson.h"
#include "rnnscope/session.h"

/* Keys whose values make a step slower, and the largest value played. */
static const struct { const char *key; long cap; } caps[] = {
    {"model.hidden", 6}, {"task.length", 12}, {"train.batch", 3}, {"stats.history", 16},
    {"task.copy_length", 3}, {"task.keys", 3}, {"task.alphabet", 4}, {"model.skip", 3},
    {"train.tbptt", 12}, {"stats.spectral_every", 50},
};

/* Steps played (the parser sees them all): going back replays every step
 * before, so the cost grows with their square. */
#define PLAYED_STEPS 12

static void scale_down(rs_lesson_action *a)
{
    if (a->kind == RS_DO_TRAIN && a->n > 3)
        a->n = 3;
    if (a->kind == RS_DO_BPTT && a->n > 16)
        a->n = 16;
    if (a->kind != RS_DO_SET && a->kind != RS_DO_COMPARE)
        return;
    if (strcmp(a->key, "task.file") == 0 || strncmp(a->key, "task.file", 9) == 0) {
        a->kind = RS_DO_PAUSE;  /* no files from the fuzzer */
        return;
    }
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
        if (strcmp(a->key, caps[i].key) == 0 && strtol(a->value, NULL, 10) > caps[i].cap)
            snprintf(a->value, sizeof a->value, "%ld", caps[i].cap);
}

/* What a step shows, as numbers to compare. */
static void fingerprint(rs_lesson_player *p, double out[4])
{
    out[0] = out[1] = out[2] = out[3] = 0.0;
    for (int side = 0; side < 2; side++) {
        rs_session *s = rs_lesson_player_session(p, side);
        if (!s)
            continue;
        const rs_step_stats *last = rs_session_last(s);
        out[2 * side] = (double)rs_session_steps(s);
        out[2 * side + 1] = last ? last->loss : -1.0;
    }
}

static bool same(const double a[4], const double b[4])
{
    for (int i = 0; i < 4; i++)
        if (!(a[i] == b[i] || (isnan(a[i]) && isnan(b[i]))))
            return false;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_string(data, size);
    if (!text)
        return 0;
    static rs_lesson lesson;
    memset(&lesson, 0, sizeof lesson);
    char err[2048];
    int lines = 0;
    for (char *line = text, *next; line && lines < 64; line = next, lines++) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (lesson.nsteps == 0 || (line[0] == '>' && lesson.nsteps < RS_LESSON_MAX_STEPS)) {
            rs_lesson_step *st = &lesson.step[lesson.nsteps++];
            snprintf(st->title, sizeof st->title, "step %d", lesson.nsteps);
            snprintf(st->caption, sizeof st->caption, "caption");
            if (line[0] == '>')
                line++;
        }
        rs_lesson_step *st = &lesson.step[lesson.nsteps - 1];
        const int before = st->nactions;
        if (rs_lesson_parse_actions(st, line, err, sizeof err) != 0) {
            if (!err[0])
                fuzz_fail("'%s' refused without a message", line);
            st->nactions = before;  /* a file with this line would not load: the line is dropped */
        }
        if (st->nactions < 0 || st->nactions > RS_LESSON_MAX_ACTIONS)
            fuzz_fail("%d actions after '%s'", st->nactions, line);
    }
    free(text);
    if (lesson.nsteps > PLAYED_STEPS)
        lesson.nsteps = PLAYED_STEPS;
    for (int i = 0; i < lesson.nsteps; i++)
        for (int j = 0; j < lesson.step[i].nactions; j++)
            scale_down(&lesson.step[i].action[j]);

    rs_config base;
    rs_config_defaults(&base);
    static const char *const small[][2] = {
        {"model.hidden", "4"}, {"task.length", "6"}, {"train.batch", "2"}, {"stats.history", "16"},
        {"task.copy_length", "2"},
    };
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++)
        if (rs_config_set(&base, small[i][0], small[i][1], NULL, 0) != 0)
            fuzz_fail("the base config refuses %s=%s", small[i][0], small[i][1]);
    rs_error e = {0};
    rs_lesson_player *p = rs_lesson_player_create(&lesson, &base, &e);
    if (!p)
        return 0;
    double first[RS_LESSON_MAX_STEPS][4];
    int shown = 0;
    for (int i = 0; i < lesson.nsteps; i++, shown++) {
        if (rs_lesson_player_goto(p, i, &e) != 0)
            break;
        fingerprint(p, first[i]);
    }
    /* Back to a step shown before: the same numbers, replayed from the seeds. */
    for (int i = shown - 2; i >= 0 && i >= shown - 3; i--) {
        double again[4];
        if (rs_lesson_player_goto(p, i, &e) != 0)
            fuzz_fail("step %d played forward but not when going back: %s", i + 1, e.msg);
        fingerprint(p, again);
        if (!same(first[i], again))
            fuzz_fail("step %d shows other numbers when replayed (steps %g → %g, loss %g → %g)", i + 1,
                      first[i][0], again[0], first[i][1], again[1]);
    }
    rs_lesson_player_free(p);
    return 0;
}
