/* rnnscope lesson player: plays a scenario's [lesson] (scenario.h) on the
 * sessions it owns (a compare pair, pair.h). Going forward applies the next
 * step's actions; going back (or forward after the user changed something)
 * replays every step from the scenario's seeds, so a step always shows
 * exactly the same state. */
#ifndef RNNSCOPE_LESSON_H
#define RNNSCOPE_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "rnnscope/config.h"
#include "rnnscope/pair.h"
#include "rnnscope/scenario.h"
#include "rnnscope/session.h"

/* ---- playing ------------------------------------------------------------------ */

/* What the front end shows besides the sessions. */
typedef struct {
    int step;               /* the lesson step shown, 0-based; −1 before the first */
    bool compare;           /* split screen: sessions[1] exists */
    bool running;           /* keep training once shown */
    rs_point_kind point;
    char point_what[48];    /* panel or key */
    long point_t;
} rs_lesson_view;

typedef struct rs_lesson_player rs_lesson_player;

/* A player for lesson over the scenario config base (both copied); NULL and
 * e when the scenario's sessions cannot be built. */
rs_lesson_player *rs_lesson_player_create(const rs_lesson *lesson, const rs_config *base, rs_error *e);
void rs_lesson_player_free(rs_lesson_player *p);

/* Show step i (0 … nsteps−1): forward by one applies its actions; anything
 * else, or after rs_lesson_player_touched, replays steps 0 … i from the seeds.
 * −1 and a message naming the step and action that failed. */
int rs_lesson_player_goto(rs_lesson_player *p, int i, rs_error *e);

/* The front end changed a session (a key, training): the next goto replays. */
void rs_lesson_player_touched(rs_lesson_player *p);

const rs_lesson *rs_lesson_player_lesson(const rs_lesson_player *p);
const rs_lesson_view *rs_lesson_player_view(const rs_lesson_player *p);
/* The sessions (side 1 only in compare mode), the pair that holds them, and
 * their configs. The front end may drive them (then call
 * rs_lesson_player_touched). NULL when a replay could not rebuild them. */
rs_pair *rs_lesson_player_pair(rs_lesson_player *p);
rs_session *rs_lesson_player_session(rs_lesson_player *p, int side);
const rs_config *rs_lesson_player_config(const rs_lesson_player *p, int side);

#endif
