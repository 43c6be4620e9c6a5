/* A scenario's [lesson] actions: `do = set model.activation=relu, train 300,
 * point t=1` parsed into typed actions (scenario.h). Checked on every load:
 * a broken lesson is a broken scenario file. */
#include <stdio.h>
#include <string.h>

#include "rnnscope/scenario.h"

const char *const rs_lesson_action_names[] = {
    "set", "train", "run", "pause", "view", "scale", "bptt", "compare", "single", "point", "reset", NULL,
};
const char *const rs_point_panels[] = {"heatmap", "decay", "config", "loss", "theory", "status", NULL};

#define TRAIN_MAX 1000000L

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
        if (!rs_parse_whole(arg, a->kind == RS_DO_TRAIN ? 1 : 0, TRAIN_MAX, &a->n)) {
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
        if (strncmp(arg, "t=", 2) == 0 && rs_parse_whole(arg + 2, 1, 100000, &a->n))
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
        snprintf(err, errlen, "do: '%s': point at t=K (a timestep), a panel (heatmap, decay, config, loss, theory, "
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
        while (whole[vlen] && !rs_is_blank(whole[vlen]))
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

