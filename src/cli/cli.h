/* The command-line front end: the headless commands. Each returns an exit
 * status (app/launch.h). */
#ifndef RS_CLI_H
#define RS_CLI_H

#include <stdbool.h>

#include "../app/launch.h"

int rs_cmd_run(int argc, char **argv);
int rs_cmd_sweep(int argc, char **argv);
int rs_cmd_bench(int argc, char **argv);
int rs_cmd_list(void);
int rs_cmd_keys(void);

/* rnnscope lesson NAME --headless: every step's caption and the numbers it shows. */
int rs_cmd_lesson_headless(const rs_lesson_args *args);

/* Run view(argc, argv) on a pseudo-terminal, recording its screen to path
 * as asciicast v2. Returns view's exit status. */
int rs_record(const char *path, int (*view)(int, char **), int argc, char **argv);

/* argv[*i] as "--opt value" (advancing *i) or "--opt=value": the value;
 * NULL when argv[*i] is not opt, or (with *missing set) when the value is missing. */
const char *rs_option_value(const char *opt, int argc, char **argv, int *i, bool *missing);

/* "stem.ext" → "stem<suffix>.<new_ext>" when path ends in .ext, else
 * "path<suffix>.<new_ext>" ("run.csv", "-right", "svg" → "run-right.svg"). */
void rs_output_path(char *out, size_t n, const char *path, const char *ext, const char *suffix, const char *new_ext);

#endif
