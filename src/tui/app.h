/* The interactive view's state, shared by the loop (tui.c) and the drawing
 * (draw.c). Private to src/tui. */
#ifndef RS_TUI_APP_H
#define RS_TUI_APP_H

#include <stdbool.h>

#include "heat.h"
#include "layout.h"
#include "term.h"
#include "rnnscope/session.h"

typedef struct {
    rs_session *s;
    rs_term term;
    const char *scenario;       /* as given on the command line (or the default) */

    bool running;               /* training continuously */
    bool help;                  /* help overlay open */
    int help_page, help_pages;  /* the page shown; how many the screen needs (set by the drawing) */
    bool quit;
    int view;                   /* rs_view_names index */
    bool relative;              /* scale: relative to t = T (true) or absolute */
    bool words;                 /* words of the first sequence along the t axis */

    bool cursor;                /* inspector visible */
    int cur_bin, cur_row;       /* its cell: timestep bin, data row counted from the bottom */

    bool have_bptt;             /* a step-through view to show */
    rs_bptt_view bptt;

    char msg[600];              /* the message line: what the last key did, or an error */
    bool msg_error;

    /* rates, measured over about a second */
    double steps_per_s, fps;
    long rate_steps, rate_frames;
    double rate_since;

    rs_layout layout;
    rs_heat_layout hl;
    rs_heat_grid grid;          /* rebuilt every frame from the session */
} rs_app;

/* Draw the whole screen into stdscr (no refresh). */
void rs_draw(rs_app *a);

/* Re-compute the layout and the heat grid for the current terminal size. */
void rs_app_relayout(rs_app *a);

/* Grid coordinates (bin, data row from the bottom) of a screen cell in the
 * heatmap; false when it is not on a data cell. */
bool rs_app_cell_at(const rs_app *a, int y, int x, int *bin, int *row_from_bottom);

#endif
