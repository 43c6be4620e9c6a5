/* Drawing helpers shared by the panels: text clipped to a width, boxes,
 * word wrap. Each takes the WINDOW and its data, nothing else. */
#ifndef RS_TUI_DRAW_H
#define RS_TUI_DRAW_H

#include <stdbool.h>

#include <curses.h>

#include "layout.h"
#include "term.h"
#include "../view/text.h"

/* Print s at (y, x), at most maxw columns; returns the columns printed. */
int rs_put(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int maxw, const char *s);
/* Fill a line of a rect with spaces in a role. */
void rs_fill(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int width);
/* A box with a title in its top border. */
void rs_box(WINDOW *w, const rs_term *t, rs_rect r, const char *title, rs_role title_role);

#endif
