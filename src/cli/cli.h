/* The command-line front end: commands and the helpers they share. */
#ifndef RS_CLI_H
#define RS_CLI_H

#include <stddef.h>
#include <time.h>

#include "rnnscope/config.h"

/* Exit statuses: 0 success (a diverged run is a result), 1 a runtime failure,
 * 2 bad usage or a bad config. */
enum { RS_EXIT_OK = 0, RS_EXIT_FAILURE = 1, RS_EXIT_USAGE = 2 };

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

/* Defaults, then the scenario, then every "key=value" in sets. Prints the
 * message to stderr and returns RS_EXIT_USAGE on error. */
int rs_cli_load_config(rs_config *cfg, const char *scenario, const char *const *sets, int nsets,
                       const char *prog);

/* Seconds on a monotonic clock (rates, timing, recordings). */
static inline double rs_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int rs_cmd_run(int argc, char **argv);
int rs_cmd_bench(int argc, char **argv);
int rs_cmd_lesson(int argc, char **argv);

/* Run view(argc, argv) on a pseudo-terminal, recording its screen to path
 * as asciicast v2. Returns view's exit status. */
int rs_record(const char *path, int (*view)(int, char **), int argc, char **argv);
int rs_cmd_list(void);
int rs_cmd_keys(void);

#endif
