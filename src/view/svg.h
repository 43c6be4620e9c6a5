/* What every SVG figure shares (figure.c and the figure_*.c files): the
 * colour map, XML text, and writing a file through a writer function. */
#ifndef RS_VIEW_SVG_H
#define RS_VIEW_SVG_H

#include <stddef.h>
#include <stdio.h>

/* A round tick spacing (1, 2 or 5 × 10^k) giving fewer than `most` ticks over span. */
long rs_svg_tick_step(long span, int most);

/* s with &, <, > and " escaped. */
void rs_svg_text(FILE *f, const char *s);

/* The document's start: XML declaration, <svg> of width × height, a title
 * and a white background. */
void rs_svg_begin(FILE *f, int width, int height, const char *title);

#endif
