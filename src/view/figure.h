/* Figures for slides: the current heatmap as a standalone SVG, and the
 * per-timestep numbers behind it as CSV. The TUI (key e) and `rnnscope run
 * --svg` write the same files from the same grid the screen draws; they
 * give the stream (app/outfile.h puts a file in place only when complete). */
#ifndef RS_FIGURE_H
#define RS_FIGURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rnnscope/session.h"

/* The heatmap of view (an rs_view index, views.h) as SVG, and its numbers
 * as CSV, to f. 0, or −1 and a reason ("nothing to draw yet: …", "out of
 * memory", "write error"). */
int rs_figure_svg(FILE *f, const rs_session *s, int view, bool relative, char *err, size_t errlen);
int rs_figure_csv(FILE *f, const rs_session *s, int view, char *err, size_t errlen);

/* The settings a reader needs to reproduce a figure, two lines of SVG text
 * from (x, y) down: cell, activation, sizes, init, task; optimiser, clipping,
 * truncation, seeds and the steps trained. */
void rs_figure_caption(FILE *f, const rs_session *s, int x, int y);

/* "figure.svg" → "figure.csv" (any other name gets ".csv" appended). */
void rs_figure_csv_path(const char *svg_path, char *out, size_t n);

#endif
