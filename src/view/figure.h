/* Figures for slides: the current heatmap as a standalone SVG, and the
 * per-timestep numbers behind it as CSV. The TUI (key e) and `rnnscope run
 * --svg` write the same files from the same grid the screen draws. */
#ifndef RS_FIGURE_H
#define RS_FIGURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rnnscope/session.h"

/* Write the heatmap of view (an rs_view index, tui/heat.h) to svg_path and its
 * numbers to csv_path (either may be NULL). 0, or −1 and "path: reason". */
int rs_figure_write(const rs_session *s, int view, bool relative, const char *svg_path, const char *csv_path,
                    char *err, size_t errlen);

/* The settings a reader needs to reproduce a figure, two lines of SVG text
 * from (x, y) down: cell, activation, sizes, init, task; optimiser, clipping,
 * truncation, seeds and the steps trained. */
void rs_figure_caption(FILE *f, const rs_session *s, int x, int y);

/* "figure.svg" → "figure.csv" (any other name gets ".csv" appended). */
void rs_figure_csv_path(const char *svg_path, char *out, size_t n);

#endif
