/* The widget kit every panel draws with: text clipped to a width, boxes and
 * rules, a panel's text area, wrapped paragraphs. Each takes the WINDOW and
 * the terminal's capabilities (and its data), nothing else.
 *
 * Text is UTF-8. On a terminal whose locale is not UTF-8, rs_put and the
 * functions built on it show it transliterated by rs_ascii (text.c): "→"
 * as "->", " · " as " | ". Text is measured (wrapped, cut) in that form:
 * rs_screen_text, rs_screen_width. */
#ifndef RS_TUI_WIDGETS_H
#define RS_TUI_WIDGETS_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

#include "../view/braille.h"
#include "../view/colour.h"
#include "../view/format.h"
#include "../view/text.h"
#include "layout.h"
#include "term.h"

#if defined(__GNUC__)
#define RS_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define RS_PRINTF(fmt, args)
#endif

/* ---- text as the terminal shows it ------------------------------------------- */

/* s as the terminal can show it: itself on a UTF-8 terminal, else its
 * transliteration (into buf). */
const char *rs_screen_text(const rs_term *t, const char *s, char *buf, size_t n);
/* Columns s takes on the screen (transliterated on an ASCII terminal). */
int rs_screen_width(const rs_term *t, const char *s);
/* One glyph for drawing it directly (box drawing, marks): itself, or its
 * ASCII form from the transliteration table. */
const char *rs_glyph(const rs_term *t, const char *glyph);
/* Where an ASCII terminal gets other words or another drawing, not a
 * transliteration ("←↑↓→" / "arrows", half blocks / "*"): the one place
 * that choice is made. */
const char *rs_utf8_or(const rs_term *t, const char *utf8, const char *ascii);
/* Rows of heatmap cells one text line holds: 2 with half blocks (UTF-8 and
 * colours), else 1. */
int rs_heat_rows_per_line(const rs_term *t);
/* ncols text cells holding two rows of data in their halves: swatch upper
 * and lower (−1: no row there). A NaN takes the whole cell (it must not
 * hide); a half without a value shows the terminal's background (▄ or ▀ of
 * the other half); a whole cell without one is dotted. Without half blocks
 * (rs_heat_rows_per_line 1) the lower row, else the upper, whole. */
void rs_heat_half_cells(WINDOW *w, const rs_term *t, int y, int x, int ncols, int upper, int lower);

/* ---- text on a line ------------------------------------------------------------ */

/* Print s at (y, x), at most maxw columns; returns the columns printed. */
int rs_put(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int maxw, const char *s);
/* As rs_put, but a text that does not fit ends in "…" instead of being cut
 * silently in the middle of a word. */
int rs_put_cut(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int maxw, const char *s);
/* rs_put of a formatted text. */
int rs_putf(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int maxw, const char *fmt, ...) RS_PRINTF(7, 8);
/* The first of the texts that fits the width, else the last one cut. */
void rs_put_first_fitting(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int width, const char *const *texts,
                          int n);
/* Fill a line of a rect with spaces in a role. */
void rs_fill(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int width);

/* ---- plots ---------------------------------------------------------------------- */

/* A braille canvas (view/braille.h) at (y, x): each non-empty cell in the
 * colour of its role, roles[r] being canvas role r's (roles[0] unused); on
 * an ASCII terminal the cell's ASCII shade (., :, *, o). */
void rs_put_braille(WINDOW *w, const rs_term *t, int y, int x, const rs_braille *canvas, const rs_role *roles, int nroles);

/* ---- borders ------------------------------------------------------------------- */

/* n horizontal line glyphs from (y, x), in the role set last. */
void rs_hrule(WINDOW *w, const rs_term *t, int y, int x, int n);
/* A box with a title in its top border; its border in a role (compare
 * mode: the focused side's; a lesson: what it points at). */
void rs_box_role(WINDOW *w, const rs_term *t, rs_rect r, const char *title, rs_role title_role, rs_role border);
void rs_box(WINDOW *w, const rs_term *t, rs_rect r, const char *title, rs_role title_role);
/* A horizontal rule with a title: the compact layout's panel border. */
void rs_rule_role(WINDOW *w, const rs_term *t, int y, int x, int width, const char *title, rs_role title_role,
                  rs_role border);

/* ---- a panel's text area --------------------------------------------------------- */

/* The text area of a panel and the next free line in it. Full layout: a box,
 * text two columns in from its border; compact: a titled rule on the top
 * line, text on the lines below. Drawing code of every panel goes through
 * this, so each panel draws the same in both layouts. */
typedef struct {
    int x, width;
    int y, last;        /* next line to write; last line of the area */
} rs_panel;

/* The text area of a panel at r, before anything is drawn. */
rs_panel rs_panel_area(rs_rect r, bool compact);
/* Draw the panel's border (box, or compact a rule) with its title, in the
 * border role; its text area. */
rs_panel rs_panel_open(WINDOW *w, const rs_term *t, bool compact, rs_rect r, const char *title, rs_role title_role,
                       rs_role border);
/* Lines left in the panel. */
int rs_panel_room(const rs_panel *p);
/* Write the next line of a panel (cut with "…"); false when it is full. */
bool rs_panel_line(WINDOW *w, const rs_term *t, rs_panel *p, rs_role role, const char *fmt, ...) RS_PRINTF(5, 6);
/* Text wrapped onto the panel's next lines, at most max of them; the last
 * one ends in "…" when the text goes on. Returns the lines written. */
int rs_panel_wrap(WINDOW *w, const rs_term *t, rs_panel *p, rs_role role, const char *s, int max);
/* Lines the text takes wrapped at width, as the terminal shows it. */
int rs_wrapped_lines(const rs_term *t, const char *s, int width);

/* A few lines, each with its role, to be wrapped into a panel. The info
 * panel builds a long and a brief one and shows the long one when it fits. */
#define RS_PARA_MAX 6
typedef struct {
    int n;
    rs_role role[RS_PARA_MAX];
    char text[RS_PARA_MAX][320];
} rs_para;

void rs_para_add(rs_para *p, rs_role role, const char *fmt, ...) RS_PRINTF(3, 4);
/* Screen lines the paragraph takes at this width. */
int rs_para_height(const rs_term *t, const rs_para *p, int width);
/* Wrap it onto the panel's next lines while there is room. */
void rs_para_put(WINDOW *w, const rs_term *t, rs_panel *pn, const rs_para *p);

#endif
