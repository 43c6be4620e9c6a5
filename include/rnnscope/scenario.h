/* rnnscope scenario files: the config (rs_config_load) and a scenario's
 * [lesson] section, read together. This is the config layer: it knows
 * neither the session nor the engine; the lesson *player* (lesson.h) lives
 * above the session.
 *
 * A lesson is an ordered list of steps,
 * each a caption and the actions that set the scene for it (set keys, train,
 * open step-through, split into compare mode, point at something).
 *
 *   [lesson]
 *   step    = The sigmoid's slope
 *   caption = σ′ is at most ¼, so every step back multiplies the gradient by ¼ or less.
 *     After 50 steps almost nothing is left of it.
 *   do      = set model.activation=sigmoid, train 300, view dact, point t=1
 *
 * Actions are separated by commas (a ';' after a blank starts an INI comment);
 * a step may have several `do` lines, and indented lines continue the one above.
 * A lesson is played by the player of lesson.h. */
#ifndef RNNSCOPE_SCENARIO_H
#define RNNSCOPE_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "rnnscope/config.h"

#define RS_LESSON_MAX_STEPS 48
#define RS_LESSON_MAX_ACTIONS 12

typedef enum {
    RS_DO_SET,         /* set KEY=VALUE: change a setting (as the keys do) */
    RS_DO_TRAIN,       /* train N: N training steps */
    RS_DO_RUN,         /* run: keep training live once the step is shown */
    RS_DO_PAUSE,       /* pause: stay paused (the default) */
    RS_DO_VIEW,        /* view NAME: the heatmap's quantity (view.mode) */
    RS_DO_SCALE,       /* scale relative|absolute (view.scale) */
    RS_DO_BPTT,        /* bptt N: open the step-through and go N timesteps back */
    RS_DO_COMPARE,     /* compare KEY=VALUE: split the screen, the right side with KEY=VALUE */
    RS_DO_SINGLE,      /* single: leave compare mode */
    RS_DO_POINT,       /* point WHAT: highlight t=K, a panel, or a setting's row */
    RS_DO_RESET,       /* reset: weights and data back to their seeds */
    RS_DO_COUNT
} rs_lesson_action_kind;

extern const char *const rs_lesson_action_names[];   /* "set", "train", … NULL-terminated */

typedef enum { RS_POINT_NONE, RS_POINT_T, RS_POINT_PANEL, RS_POINT_KEY } rs_point_kind;

/* The panels a lesson can point at. */
extern const char *const rs_point_panels[];   /* "heatmap", "decay", "config", "loss", "theory", "status", NULL */

typedef struct {
    rs_lesson_action_kind kind;
    char key[48];       /* set / compare: the key; point: a panel or a key */
    char value[80];     /* set / compare: the value */
    long n;             /* train, bptt: the count; point t=K: K */
} rs_lesson_action;

typedef struct {
    char title[128];
    char caption[1024];
    int line;           /* where `step =` is in the file */
    int nactions;
    rs_lesson_action action[RS_LESSON_MAX_ACTIONS];
} rs_lesson_step;

typedef struct {
    int nsteps;
    rs_lesson_step step[RS_LESSON_MAX_STEPS];
} rs_lesson;

/* Read a scenario's config and its lesson (nsteps = 0 when it has none).
 * Errors as rs_config_load's: "path:line: …". On error neither is changed. */
int rs_scenario_load(rs_config *cfg, rs_lesson *lesson, const char *path, char *err, size_t errlen);

/* Parse one `do =` line (comma-separated actions) into step (appending). −1 and "do: …" when a verb is
 * unknown or an argument is bad. */
int rs_lesson_parse_actions(rs_lesson_step *step, const char *text, char *err, size_t errlen);

#endif
