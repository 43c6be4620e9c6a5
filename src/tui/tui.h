/* The terminal UI (DESIGN §7): rnnscope [SCENARIO|NAME]. */
#ifndef RS_TUI_H
#define RS_TUI_H

/* argv[0] is the program, argv[1] (optional) a scenario name or path. Returns
 * an exit status (0, 1 runtime failure, 2 bad usage or config). */
int rs_tui_main(int argc, char **argv);

/* rnnscope lesson NAME: the scenario at path with its [lesson]; autoplay > 0
 * advances every autoplay seconds (< 0: only by key). */
int rs_tui_lesson(const char *path, double autoplay);

#endif
