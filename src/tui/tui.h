/* The terminal UI (DESIGN §7): rnnscope [SCENARIO|NAME], rnnscope lesson NAME. */
#ifndef RS_TUI_H
#define RS_TUI_H

#include "../app/launch.h"

/* argv[0] is the program, then a scenario name or path (optional), --set and
 * --compare options. Returns an exit status (app/launch.h). */
int rs_tui_main(int argc, char **argv);

/* rnnscope lesson NAME: the lesson in args, played in the live view;
 * args->autoplay > 0 advances every autoplay seconds (< 0: only by key). */
int rs_tui_lesson(const rs_lesson_args *args);

#endif
