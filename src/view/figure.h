/* Figures for slides: the heatmap as a standalone SVG, and the per-timestep
 * numbers behind it as CSV. The TUI (key e) and `rnnscope run --svg` write
 * them from the same grid and the same colour scale the screen draws. */
#ifndef RS_FIGURE_H
#define RS_FIGURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "heat.h"
#include "rnnscope/session.h"

/* The heatmap of view (an rs_view index) on the scale o as SVG to f; n = 2
 * is compare mode: one figure with both panels, left and right, on one
 * colour scale, titled with what each side is. And one session's numbers
 * behind it as CSV. The front ends give the stream (app/outfile.h puts a
 * file in place only when complete). 0, or −1 and a reason ("nothing to
 * draw yet: …", "out of memory", "write error"). */
int rs_figure_svg(FILE *f, const rs_session *const ses[], int n, int view, const rs_heat_opts *o, char *err,
                  size_t errlen);
int rs_figure_csv(FILE *f, const rs_session *s, int view, char *err, size_t errlen);

/* The settings a reader needs to reproduce a figure, three lines of SVG text
 * from (x, y) down: cell, activation, sizes, init; task, optimiser,
 * clipping, truncation; seeds and the steps trained. */
void rs_figure_caption(FILE *f, const rs_session *s, int x, int y);

/* The screen's colour scale in an SVG (every figure uses it, so a slide
 * matches the live demo): the fill of a cell of class cls (colour.h) at a
 * level −steps … steps of the ramp (rs_heat_level), or the fill of its mark;
 * the number of steps a side; and the <defs> with the marks' patterns that
 * those fills name (once per document, before the cells). */
void rs_figure_fill(int cls, int level, char *out, size_t n);
int rs_figure_steps(void);
void rs_figure_defs(FILE *f);

/* "figure.svg" → "figure.csv" (any other name gets ".csv" appended). */
void rs_figure_csv_path(const char *svg_path, char *out, size_t n);

/* A side in a few words for a title: "rnn tanh", "lstm"; with the other
 * side given, up to two settings in which it differs ("lstm lr 0.01"). */
void rs_figure_describe(const rs_config *c, const rs_config *other, char *buf, size_t n);

#endif
