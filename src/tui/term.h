/* The terminal: set-up and tear-down in one place (htop's CRT.c). Every exit
 * path — quit, error, Ctrl-C, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT, a crash —
 * restores the terminal; from a signal handler with async-signal-safe calls
 * only, and the signal is raised again. */
#ifndef RS_TUI_TERM_H
#define RS_TUI_TERM_H

#include <stdbool.h>

#include <curses.h>

#include "../view/colour.h"

typedef struct {
    bool utf8;              /* the locale's character set is UTF-8: half blocks, superscripts */
    rs_scheme_kind scheme;  /* colours in use */
    bool default_colors;    /* use_default_colors() worked: −1 is the terminal's own colour */
} rs_term;

/* Start curses (after the config was checked and the terminal found). Saves
 * the terminal's modes, installs the signal handlers for every signal that
 * ends the program (except those started ignored). Returns false when curses
 * cannot start. */
bool rs_term_init(rs_term *t);

/* Restore the terminal; safe to call more than once. */
void rs_term_done(void);

/* The curses attributes and pair of a role, for wattr_set. */
void rs_term_role(const rs_term *t, rs_role role, attr_t *attr, short *pair);
void rs_term_set_role(WINDOW *w, const rs_term *t, rs_role role);

/* The heat map's pairs, by swatch index (rs_scheme_swatch: the levels,
 * then the marks). rs_term_heat_pair: a half-block cell, ▀ in the upper
 * swatch's colour on the lower's (without half blocks: the lower's whole-
 * cell pair); rs_term_swatch_pair: a whole cell with the swatch's glyph. */
short rs_term_heat_pair(const rs_term *t, int upper, int lower);
short rs_term_swatch_pair(const rs_term *t, int index);
/* Text (one glyph) on swatch index's colour, readable (half-block schemes:
 * black or white on it; 8 colours: the swatch's own pair; monochrome: the
 * text alone, bold from the swatch's level 0 up). */
void rs_term_text_on_swatch(WINDOW *w, const rs_term *t, int y, int x, int index, const char *text);
/* Draw one text cell as swatch index (its glyph, colours, attributes). */
void rs_term_swatch(WINDOW *w, const rs_term *t, int y, int x, int index);

#endif
