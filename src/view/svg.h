/* What every SVG figure shares (figure.c and the figure_*.c files): the
 * colour map, XML text, and writing a file through a writer function. */
#ifndef RS_VIEW_SVG_H
#define RS_VIEW_SVG_H

#include <stddef.h>
#include <stdio.h>

/* matplotlib's "plasma" map (van der Walt & Smith 2015) at u ∈ [0, 1] (clamped),
 * as "#rrggbb": its luminance rises monotonically from the small (vanishing)
 * end to the large (exploding) end, so a figure printed in grey scale still
 * reads from dark to light. */
void rs_svg_plasma(double u, char out[8]);

/* s with &, <, > and " escaped. */
void rs_svg_text(FILE *f, const char *s);

/* The document's start: XML declaration, <svg> of width × height, a title
 * and a white background. */
void rs_svg_begin(FILE *f, int width, int height, const char *title);

#endif
