/* The command-line front end: the headless commands. Each returns an exit
 * status (app/launch.h). */
#ifndef RS_CLI_H
#define RS_CLI_H

#include "../app/launch.h"

int rs_cmd_run(int argc, char **argv);
int rs_cmd_bench(int argc, char **argv);
int rs_cmd_list(void);
int rs_cmd_keys(void);

/* rnnscope lesson NAME --headless: every step's caption and the numbers it shows. */
int rs_cmd_lesson_headless(const rs_lesson_args *args);

/* Run view(argc, argv) on a pseudo-terminal, recording its screen to path
 * as asciicast v2. Returns view's exit status. */
int rs_record(const char *path, int (*view)(int, char **), int argc, char **argv);

#endif
