/* What every front end (the live view, run, lesson, list, keys, bench)
 * shares: the exit statuses, finding a scenario, loading a config from the
 * command line, and the clock. Front ends include this, never each other. */
#ifndef RS_APP_LAUNCH_H
#define RS_APP_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "rnnscope/config.h"
#include "rnnscope/scenario.h"

/* Exit statuses: 0 success (a diverged run is a result), 1 a runtime failure,
 * 2 bad usage or a bad config. */
enum { RS_EXIT_OK = 0, RS_EXIT_FAILURE = 1, RS_EXIT_USAGE = 2 };

/* The exit status for a failure of this kind: 2 bad input, 1 the machine. */
int rs_exit_status(rs_error_kind kind);

#define RS_DEFAULT_SCENARIO "vanishing-sigmoid"
#define RS_DEFAULT_LESSON "the-whole-story"

/* Resolve NAME (a bundled scenario) or a path (contains '/' or ends in .scn)
 * to a file path. 0 on success; else −1 and a message listing the names. */
int rs_scenario_path(const char *name_or_path, char *path, size_t n, char *err, size_t errlen);

/* The folder bundled scenarios are read from (first that exists of
 * $RNNSCOPE_SCENARIO_DIR, the installed data dir, the source tree), or NULL. */
const char *rs_scenario_dir(void);

/* Sorted names of the bundled scenarios (without .scn); returns the count. */
size_t rs_scenario_names(char names[][64], size_t max);

/* Defaults, then the scenario (NULL: none), then every "key=value" of sets
 * (--set), then of compares (--compare). Prints "prog: message" to stderr and
 * returns RS_EXIT_USAGE on error, else RS_EXIT_OK. */
int rs_launch_config(rs_config *cfg, const char *scenario, const char *const *sets, int nsets,
                     const char *const *compares, int ncompares, const char *prog);

/* rnnscope lesson NAME [--autoplay S] [--headless]: the lesson's file and how to play it. */
typedef struct {
    const char *name;       /* as given */
    char path[4096];        /* the scenario file */
    double autoplay;        /* seconds per step; < 0: only by key */
    bool headless;
    rs_config cfg;          /* the scenario's config ... */
    rs_lesson *lesson;      /* ... and its lesson (allocated) */
} rs_lesson_args;

/* Parse the lesson command's arguments (argv[0] is "lesson"), load the
 * scenario and check it has a [lesson]. Prints "rnnscope lesson: …" and
 * returns the exit status on error, else RS_EXIT_OK (then free args). */
int rs_launch_lesson_args(int argc, char **argv, rs_lesson_args *args);
void rs_lesson_args_free(rs_lesson_args *args);

/* The online cores (1 … 1024): the default number of a sweep's workers. */
int rs_online_cores(void);

/* Seconds on a monotonic clock (rates, timing, recordings). */
static inline double rs_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#endif
