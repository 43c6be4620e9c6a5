/* Figures for slides: the heatmap as a standalone SVG, and the per-timestep
 * numbers behind it as CSV. The TUI (key e) and `rnnscope run --svg` write
 * them from the same grid and the same colour scale the screen draws. */
#ifndef RS_FIGURE_H
#define RS_FIGURE_H

#include <stdbool.h>
#include <stddef.h>

#include "heat.h"
#include "rnnscope/session.h"

/* Write the heatmap of view (an rs_view index) on the scale o to svg_path,
 * and each session's numbers to csv_paths[k] (svg_path and any csv path may
 * be NULL). n = 2 is compare mode: one figure with both panels, left and
 * right, on one colour scale, titled with what each side is. 0, or −1 and
 * "path: reason". */
int rs_figure_write(const rs_session *const ses[], int n, int view, const rs_heat_opts *o, const char *svg_path,
                    const char *const csv_paths[], char *err, size_t errlen);

/* "figure.svg" → "figure.csv" (any other name gets ".csv" appended). */
void rs_figure_csv_path(const char *svg_path, char *out, size_t n);

/* A side in a few words for a title: "rnn tanh", "lstm"; with the other
 * side given, up to two settings in which it differs ("lstm lr 0.01"). */
void rs_figure_describe(const rs_config *c, const rs_config *other, char *buf, size_t n);

#endif
