/* The lesson player (lesson.h): a scenario's [lesson] applied to a compare
 * pair, step by step, replayed from the seeds whenever the front end went
 * back or changed something. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnnscope/lesson.h"

struct rs_lesson_player {
    rs_lesson lesson;
    rs_config base;
    rs_config cfg;          /* the left side's, carrying the [compare] overrides */
    rs_pair *pair;
    rs_lesson_view view;
    bool touched;
};

/* Start over: the scenario's config, fresh sessions, before step 0. */
static int restart(rs_lesson_player *p, rs_error *e)
{
    rs_pair_free(p->pair);
    p->cfg = p->base;
    /* A scenario with a [compare] section opens split. */
    p->view = (rs_lesson_view){.step = -1, .compare = p->base.compare.count > 0};
    p->touched = false;
    p->pair = rs_pair_create(&p->cfg, e);
    return p->pair ? 0 : -1;
}

rs_lesson_player *rs_lesson_player_create(const rs_lesson *lesson, const rs_config *base, rs_error *e)
{
    rs_lesson_player *p = calloc(1, sizeof *p);
    if (!p) {
        rs_error_set(e, RS_ERR_MEMORY, "out of memory");
        return NULL;
    }
    p->lesson = *lesson;
    p->base = *base;
    if (restart(p, e) != 0) {
        rs_lesson_player_free(p);
        return NULL;
    }
    return p;
}

void rs_lesson_player_free(rs_lesson_player *p)
{
    if (!p)
        return;
    rs_pair_free(p->pair);
    free(p);
}

static void finish_bptt(rs_lesson_player *p)
{
    for (int k = 0; k < rs_pair_count(p->pair); k++) {
        rs_session *s = rs_pair_session(p->pair, k);
        if (rs_session_bptt_active(s))
            rs_session_bptt_finish(s);
    }
}

static int apply(rs_lesson_player *p, const rs_lesson_action *a, rs_error *e)
{
    switch (a->kind) {
    case RS_DO_SET:
    case RS_DO_VIEW:
    case RS_DO_SCALE:
        if (rs_config_set(&p->cfg, a->key, a->value, e->msg, sizeof e->msg) != 0) {
            e->kind = RS_ERR_INPUT;
            return -1;
        }
        return rs_pair_configure(p->pair, &p->cfg, e);
    case RS_DO_COMPARE:
        if (rs_compare_set(&p->cfg, a->key, a->value, e->msg, sizeof e->msg) != 0) {
            e->kind = RS_ERR_INPUT;
            return -1;
        }
        /* (Re-)splitting starts both sides over, in lockstep from the seeds. */
        p->view.compare = true;
        rs_pair_join(p->pair);
        return rs_pair_configure(p->pair, &p->cfg, e);
    case RS_DO_SINGLE:
        p->cfg.compare.count = 0;
        p->view.compare = false;
        rs_pair_join(p->pair);
        return 0;
    case RS_DO_TRAIN: {
        finish_bptt(p);
        /* A side halted by a divergence gets another try (a cure may have
         * come since); one that diverges now halts, as the screen halts. */
        rs_pair_retry(p->pair);
        rs_round r[2];
        for (long i = 0; i < a->n && rs_pair_round(p->pair, r); i++)
            ;
        return 0;
    }
    case RS_DO_BPTT: {
        finish_bptt(p);
        rs_session *s = rs_pair_session(p->pair, 0);
        rs_session_bptt_begin(s);
        rs_bptt_view v;
        for (long i = 0; i < a->n && rs_session_bptt_step(s, &v); i++)
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
        rs_pair_reset(p->pair);
        return 0;
    case RS_DO_COUNT:
        break;
    }
    return 0;
}

/* Apply step i's actions to the state of step i−1. */
static int play_step(rs_lesson_player *p, int i, rs_error *e)
{
    const rs_lesson_step *st = &p->lesson.step[i];
    p->view.step = i;
    p->view.running = false;
    p->view.point = RS_POINT_NONE;
    p->view.point_what[0] = '\0';
    for (int k = 0; k < st->nactions; k++) {
        if (apply(p, &st->action[k], e) != 0) {
            char where[256];
            snprintf(where, sizeof where, "lesson step %d '%s', action %d (%s): ", i + 1, st->title, k + 1,
                     rs_lesson_action_names[st->action[k].kind]);
            rs_error_prefix(e, where);
            return -1;
        }
    }
    return 0;
}

int rs_lesson_player_goto(rs_lesson_player *p, int i, rs_error *e)
{
    if (i < 0 || i >= p->lesson.nsteps) {
        rs_error_set(e, RS_ERR_INPUT, "lesson step %d: the lesson has steps 1 … %d", i + 1, p->lesson.nsteps);
        return -1;
    }
    if (i == p->view.step + 1 && !p->touched)
        return play_step(p, i, e);
    /* Back, a jump, or after the user changed something: replay from the seeds. */
    if (restart(p, e) != 0)
        return -1;
    for (int k = 0; k <= i; k++)
        if (play_step(p, k, e) != 0)
            return -1;
    return 0;
}

void rs_lesson_player_touched(rs_lesson_player *p) { p->touched = true; }
const rs_lesson *rs_lesson_player_lesson(const rs_lesson_player *p) { return &p->lesson; }
const rs_lesson_view *rs_lesson_player_view(const rs_lesson_player *p) { return &p->view; }
rs_pair *rs_lesson_player_pair(rs_lesson_player *p) { return p->pair; }

rs_session *rs_lesson_player_session(rs_lesson_player *p, int side)
{
    return p->pair ? rs_pair_session(p->pair, side ? 1 : 0) : NULL;
}

const rs_config *rs_lesson_player_config(const rs_lesson_player *p, int side)
{
    rs_session *s = p->pair ? rs_pair_session(p->pair, side ? 1 : 0) : NULL;
    return s ? rs_session_config(s) : &p->cfg;
}
