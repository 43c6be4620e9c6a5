/* Lessons: the actions of a [lesson] step (parsing) and the player that
 * applies them to one or two sessions (lesson.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnnscope/lesson.h"

const char *const rs_lesson_action_names[] = {
    "set", "train", "run", "pause", "view", "scale", "bptt", "compare", "single", "point", "reset", NULL,
};
const char *const rs_point_panels[] = {"heatmap", "config", "loss", "theory", "status", NULL};

#define TRAIN_MAX 1000000L

/* ---- parsing ------------------------------------------------------------------ */

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* A whole number in [lo, hi]; false otherwise. */
static bool whole_number(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || errno || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static int parse_one(rs_lesson_action *a, const char *verb, const char *arg, const char *whole, char *err, size_t errlen)
{
    int kind = -1;
    for (int i = 0; rs_lesson_action_names[i]; i++)
        if (strcmp(verb, rs_lesson_action_names[i]) == 0)
            kind = i;
    if (kind < 0) {
        char allowed[256] = "";
        for (int i = 0; rs_lesson_action_names[i]; i++)
            snprintf(allowed + strlen(allowed), sizeof allowed - strlen(allowed), "%s%s", i ? ", " : "",
                     rs_lesson_action_names[i]);
        snprintf(err, errlen, "do: '%s': unknown action; allowed: %s", whole, allowed);
        return -1;
    }
    *a = (rs_lesson_action){.kind = (rs_lesson_action_kind)kind};
    rs_config scratch;
    rs_config_defaults(&scratch);
    char msg[1024];
    switch (a->kind) {
    case RS_DO_SET:
    case RS_DO_COMPARE:
        if (!rs_split_assignment(arg, a->key, sizeof a->key, a->value, sizeof a->value)) {
            snprintf(err, errlen, "do: '%s': expected %s key=value, e.g. %s model.activation=relu", whole, verb, verb);
            return -1;
        }
        if ((a->kind == RS_DO_SET ? rs_config_set(&scratch, a->key, a->value, msg, sizeof msg)
                                   : rs_compare_set(&scratch, a->key, a->value, msg, sizeof msg)) != 0) {
            snprintf(err, errlen, "do: '%s': %s", whole, msg);
            return -1;
        }
        return 0;
    case RS_DO_TRAIN:
    case RS_DO_BPTT:
        if (!whole_number(arg, a->kind == RS_DO_TRAIN ? 1 : 0, TRAIN_MAX, &a->n)) {
            snprintf(err, errlen, "do: '%s': expected %s N, a whole number %d … %ld", whole, verb,
                     a->kind == RS_DO_TRAIN ? 1 : 0, TRAIN_MAX);
            return -1;
        }
        return 0;
    case RS_DO_VIEW:
    case RS_DO_SCALE:
        snprintf(a->key, sizeof a->key, "%s", a->kind == RS_DO_VIEW ? "view.mode" : "view.scale");
        snprintf(a->value, sizeof a->value, "%s", arg);
        if (rs_config_set(&scratch, a->key, a->value, msg, sizeof msg) != 0) {
            snprintf(err, errlen, "do: '%s': %s", whole, msg);
            return -1;
        }
        return 0;
    case RS_DO_POINT:
        if (strncmp(arg, "t=", 2) == 0 && whole_number(arg + 2, 1, 100000, &a->n))
            return 0;
        for (int i = 0; rs_point_panels[i]; i++)
            if (strcmp(arg, rs_point_panels[i]) == 0) {
                snprintf(a->key, sizeof a->key, "%s", arg);
                return 0;
            }
        if (rs_key_find(arg)) {
            snprintf(a->key, sizeof a->key, "%s", arg);
            return 0;
        }
        snprintf(err, errlen, "do: '%s': point at t=K (a timestep), a panel (heatmap, config, loss, theory, "
                 "status) or a setting such as train.clip", whole);
        return -1;
    default:
        if (arg[0]) {
            snprintf(err, errlen, "do: '%s': %s takes no argument", whole, verb);
            return -1;
        }
        return 0;
    }
}

int rs_lesson_parse_actions(rs_lesson_step *step, const char *text, char *err, size_t errlen)
{
    const char *s = text;
    while (*s) {
        const char *end = strchr(s, ',');
        const size_t n = end ? (size_t)(end - s) : strlen(s);
        char whole[256], verb[32];
        rs_trim_into(whole, sizeof whole, s, n);
        s += n + (end ? 1 : 0);
        if (!whole[0])
            continue;
        size_t vlen = 0;
        while (whole[vlen] && !is_blank(whole[vlen]))
            vlen++;
        rs_trim_into(verb, sizeof verb, whole, vlen);
        char arg[256];
        rs_trim_into(arg, sizeof arg, whole + vlen, strlen(whole + vlen));
        if (step->nactions == RS_LESSON_MAX_ACTIONS) {
            snprintf(err, errlen, "do: at most %d actions in a step", RS_LESSON_MAX_ACTIONS);
            return -1;
        }
        if (parse_one(&step->action[step->nactions], verb, arg, whole, err, errlen) != 0)
            return -1;
        step->nactions++;
    }
    return 0;
}

/* ---- playing ------------------------------------------------------------------- */

struct rs_lesson_player {
    rs_lesson lesson;
    rs_config base;
    rs_config cfg[2];       /* cfg[0] carries the compare overrides; cfg[1] is derived */
    rs_session *session[2];
    rs_lesson_view view;
    bool touched;
};

static int configure(rs_lesson_player *p, char *err, size_t errlen);

static void free_sessions(rs_lesson_player *p)
{
    for (int k = 0; k < 2; k++) {
        rs_session_free(p->session[k]);
        p->session[k] = NULL;
    }
}

/* Start over: the scenario's config, one fresh session, before step 0. */
static int restart(rs_lesson_player *p, char *err, size_t errlen)
{
    free_sessions(p);
    p->cfg[0] = p->base;
    /* A scenario with a [compare] section opens split. */
    p->view = (rs_lesson_view){.step = -1, .compare = p->base.compare.count > 0};
    p->touched = false;
    p->session[0] = rs_session_create(&p->cfg[0], err, errlen);
    if (!p->session[0])
        return -1;
    return p->view.compare ? configure(p, err, errlen) : 0;
}

rs_lesson_player *rs_lesson_player_create(const rs_lesson *lesson, const rs_config *base, char *err, size_t errlen)
{
    rs_lesson_player *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    p->lesson = *lesson;
    p->base = *base;
    if (restart(p, err, errlen) != 0) {
        rs_lesson_player_free(p);
        return NULL;
    }
    return p;
}

void rs_lesson_player_free(rs_lesson_player *p)
{
    if (!p)
        return;
    free_sessions(p);
    free(p);
}

/* Hand cfg[0] (and the right side derived from it) to the sessions. */
static int configure(rs_lesson_player *p, char *err, size_t errlen)
{
    if (rs_session_configure(p->session[0], &p->cfg[0], err, errlen) != 0)
        return -1;
    if (!p->view.compare)
        return 0;
    if (rs_compare_config(&p->cfg[0], &p->cfg[1], err, errlen) != 0)
        return -1;
    if (p->session[1])
        return rs_session_configure(p->session[1], &p->cfg[1], err, errlen);
    /* Entering compare mode: both sides start over together from the seeds,
     * so they train in lockstep on the very same batches. */
    rs_session_reset(p->session[0]);
    p->session[1] = rs_session_create(&p->cfg[1], err, errlen);
    return p->session[1] ? 0 : -1;
}

static void finish_bptt(rs_lesson_player *p)
{
    for (int k = 0; k < 2; k++)
        if (p->session[k] && rs_session_bptt_active(p->session[k]))
            rs_session_bptt_finish(p->session[k]);
}

static int apply(rs_lesson_player *p, const rs_lesson_action *a, char *err, size_t errlen)
{
    switch (a->kind) {
    case RS_DO_SET:
    case RS_DO_VIEW:
    case RS_DO_SCALE:
        if (rs_config_set(&p->cfg[0], a->key, a->value, err, errlen) != 0)
            return -1;
        return configure(p, err, errlen);
    case RS_DO_COMPARE:
        if (rs_compare_set(&p->cfg[0], a->key, a->value, err, errlen) != 0)
            return -1;
        /* (Re-)splitting starts both sides over, in lockstep from the seeds. */
        p->view.compare = true;
        rs_session_free(p->session[1]);
        p->session[1] = NULL;
        return configure(p, err, errlen);
    case RS_DO_SINGLE:
        p->cfg[0].compare.count = 0;
        p->view.compare = false;
        rs_session_free(p->session[1]);
        p->session[1] = NULL;
        return 0;
    case RS_DO_TRAIN:
        finish_bptt(p);
        for (int k = 0; k < 2; k++)
            for (long i = 0; p->session[k] && i < a->n; i++)
                if (rs_session_step(p->session[k]) == RS_STEP_DIVERGED)
                    break;  /* halted, as the screen halts; a later cure resumes it */
        return 0;
    case RS_DO_BPTT: {
        finish_bptt(p);
        rs_session_bptt_begin(p->session[0]);
        rs_bptt_view v;
        for (long i = 0; i < a->n && rs_session_bptt_step(p->session[0], &v); i++)
            ;
        return 0;
    }
    case RS_DO_RUN:
    case RS_DO_PAUSE:
        p->view.running = a->kind == RS_DO_RUN;
        return 0;
    case RS_DO_POINT:
        p->view.point = a->key[0] ? (rs_key_find(a->key) ? RS_POINT_KEY : RS_POINT_PANEL) : RS_POINT_T;
        snprintf(p->view.point_what, sizeof p->view.point_what, "%s", a->key);
        p->view.point_t = a->n;
        return 0;
    case RS_DO_RESET:
        finish_bptt(p);
        for (int k = 0; k < 2; k++)
            if (p->session[k])
                rs_session_reset(p->session[k]);
        return 0;
    case RS_DO_COUNT:
        break;
    }
    return 0;
}

/* Apply step i's actions to the state of step i−1. */
static int play_step(rs_lesson_player *p, int i, char *err, size_t errlen)
{
    const rs_lesson_step *st = &p->lesson.step[i];
    p->view.step = i;
    p->view.running = false;
    p->view.point = RS_POINT_NONE;
    p->view.point_what[0] = '\0';
    for (int k = 0; k < st->nactions; k++) {
        char msg[1024];
        if (apply(p, &st->action[k], msg, sizeof msg) != 0) {
            snprintf(err, errlen, "lesson step %d '%s', action %d (%s): %s", i + 1, st->title, k + 1,
                     rs_lesson_action_names[st->action[k].kind], msg);
            return -1;
        }
    }
    return 0;
}

int rs_lesson_player_goto(rs_lesson_player *p, int i, char *err, size_t errlen)
{
    if (i < 0 || i >= p->lesson.nsteps) {
        snprintf(err, errlen, "lesson step %d: the lesson has steps 1 … %d", i + 1, p->lesson.nsteps);
        return -1;
    }
    if (i == p->view.step + 1 && !p->touched)
        return play_step(p, i, err, errlen);
    /* Back, a jump, or after the user changed something: replay from the seeds. */
    if (restart(p, err, errlen) != 0)
        return -1;
    for (int k = 0; k <= i; k++)
        if (play_step(p, k, err, errlen) != 0)
            return -1;
    return 0;
}

void rs_lesson_player_touched(rs_lesson_player *p) { p->touched = true; }
const rs_lesson *rs_lesson_player_lesson(const rs_lesson_player *p) { return &p->lesson; }
const rs_lesson_view *rs_lesson_player_view(const rs_lesson_player *p) { return &p->view; }
rs_session *rs_lesson_player_session(rs_lesson_player *p, int side) { return p->session[side ? 1 : 0]; }

const rs_config *rs_lesson_player_config(const rs_lesson_player *p, int side)
{
    return side && p->view.compare ? &p->cfg[1] : &p->cfg[0];
}
