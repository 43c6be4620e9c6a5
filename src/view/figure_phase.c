/* The phase diagram of a sweep as SVG: one cell per configuration, coloured
 * by its gradient at t = 1 relative to t = T (phase.h: the colour of its own
 * heat map's first column, blue = vanished, red = exploded), the reach written in
 * it, diverged cells hatched, and the line γ·σ_max = 1 at initialisation
 * (Pascanu, Mikolov & Bengio 2013): on its low side the gradient must
 * vanish. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colour.h"
#include "contour.h"
#include "figure.h"
#include "figures.h"
#include "format.h"
#include "phase.h"
#include "svg.h"

enum { X0 = 150, Y0 = 90, PLOT_W = 760, PLOT_H = 420, BAR_X = 960, BAR_W = 20, WIDTH = 1080 };

typedef struct {
    int nx, ny;
    double cw, ch;          /* a cell's width and height */
} grid;

static double cx(const grid *g, double i) { return X0 + (i + 0.5) * g->cw; }
static double cy(const grid *g, double j) { return Y0 + (j + 0.5) * g->ch; }

static void axis_label(char *buf, size_t n, const rs_axis *a, int k)
{
    if (a->numeric)
        snprintf(buf, n, "%.3g", a->number[k]);
    else
        snprintf(buf, n, "%s", a->value[k]);
}

static void draw_cells(FILE *f, const rs_sweep *sw, const grid *g)
{
    for (int j = 0; j < g->ny; j++)
        for (int i = 0; i < g->nx; i++) {
            const rs_sweep_cell *c = rs_sweep_cell_at(sw, i, j);
            double x = 0.0;
            char fill[32] = "#ffffff";
            /* the screen's ramp on one decade either side of 1× per step (phase.h) */
            const rs_heat_class cls = c ? rs_phase_class(c, &x) : RS_HEAT_EMPTY;
            const int level = rs_heat_level(x, RS_PHASE_DECADES, rs_figure_steps());
            if (c)
                rs_figure_fill((int)cls, level, fill, sizeof fill);
            fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\" stroke=\"#fff\"/>\n",
                    X0 + i * g->cw, Y0 + j * g->ch, g->cw, g->ch, fill);
            if (!c)
                continue;
            const bool dark = cls == RS_HEAT_VALUE && abs(level) > rs_figure_steps() / 2 && !c->diverged;
            fprintf(f, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"%d\" "
                       "fill=\"%s\"%s>",
                    cx(g, i), cy(g, j), g->cw < 40 ? 10 : 13, dark || c->diverged ? "#fff" : "#000",
                    c->diverged ? " font-weight=\"bold\"" : "");
            if (c->diverged)
                fprintf(f, "NaN@%ld", c->diverged_at);
            else
                fprintf(f, "%d", c->reach);
            fputs("</text>\n", f);
        }
}

/* γ·σ_max = 1: the interpolated line through the cell centres (marching
 * squares) where there are two rows or more; in a single row, a mark at the
 * interpolated crossing between the two cells it falls between. */
static void draw_contour(FILE *f, const rs_sweep *sw, const grid *g, int note_y)
{
    const size_t n = (size_t)g->nx * g->ny;
    double *v = malloc(n * sizeof *v);
    if (!v)
        return;
    rs_phase_bounds(sw, v);
    bool any = false;
    for (size_t k = 0; k < n; k++)
        any = any || isfinite(v[k]);
    const char *style = "stroke=\"#d50000\" stroke-width=\"3\" stroke-linecap=\"round\"";
    if (g->ny >= 2) {
        const int count = rs_contour_segments(v, g->nx, g->ny, 1.0, NULL, 0);
        rs_segment *seg = count > 0 ? malloc((size_t)count * sizeof *seg) : NULL;
        if (seg) {
            rs_contour_segments(v, g->nx, g->ny, 1.0, seg, count);
            for (int k = 0; k < count; k++)
                fprintf(f, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" %s/>\n", cx(g, seg[k].x0),
                        cy(g, seg[k].y0), cx(g, seg[k].x1), cy(g, seg[k].y1), style);
        }
        free(seg);
    }
    /* Within a row (and, with one row, the only way to show it): a short
     * upright mark where it crosses between two neighbours. */
    for (int j = 0; j < g->ny; j++)
        for (int i = 0; i + 1 < g->nx; i++) {
            const double a = v[(size_t)j * g->nx + i], b = v[(size_t)j * g->nx + i + 1];
            if (rs_contour_side(a, 1.0) == RS_SIDE_NONE || rs_contour_side(b, 1.0) == RS_SIDE_NONE ||
                rs_contour_side(a, 1.0) == rs_contour_side(b, 1.0))
                continue;
            const double x = cx(g, i + rs_contour_crossing(a, b, 1.0));
            fprintf(f, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" %s stroke-opacity=\"%s\"/>\n", x,
                    Y0 + j * g->ch + 3, x, Y0 + (j + 1) * g->ch - 3, style, g->ny >= 2 ? "0.35" : "1");
        }
    if (!any)
        fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\" font-weight=\"bold\">no line: γ·σ_max does not apply to "
                   "these cells (gated: the memory path is multiplied by gates, not by W_hh)</text>\n", X0, note_y - 40);
    free(v);
}

static void draw_axes(FILE *f, const rs_sweep *sw, const grid *g)
{
    const rs_axis *x = rs_sweep_x(sw), *y = rs_sweep_y(sw);
    char label[64];
    const int every = g->cw < 34 ? (int)ceil(34.0 / g->cw) : 1;
    for (int i = 0; i < g->nx; i++) {
        if (i % every != 0 && i != g->nx - 1)
            continue;
        axis_label(label, sizeof label, x, i);
        fprintf(f, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" font-size=\"12\">", cx(g, i),
                Y0 + g->ny * g->ch + 16);
        rs_svg_text(f, label);
        fputs("</text>\n", f);
    }
    fprintf(f, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">", X0 + g->nx * g->cw / 2, Y0 + g->ny * g->ch + 38);
    rs_svg_text(f, x->key);
    fprintf(f, "%s</text>\n", x->log ? " (log scale)" : "");
    for (int j = 0; y && j < g->ny; j++) {
        axis_label(label, sizeof label, y, j);
        fprintf(f, "<text x=\"%d\" y=\"%.2f\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"12\">",
                X0 - 8, cy(g, j));
        rs_svg_text(f, label);
        fputs("</text>\n", f);
    }
    if (y) {
        fprintf(f, "<text transform=\"translate(%d %.2f) rotate(-90)\" text-anchor=\"middle\">", 28,
                Y0 + g->ny * g->ch / 2);
        rs_svg_text(f, y->key);
        fprintf(f, "%s</text>\n", y->log ? " (log scale)" : "");
    }
}

/* The ramp's levels upright, 10³² at the top, 10⁻³² at the bottom, ticked. */
static void colour_bar(FILE *f, int bar_h)
{
    const int steps = rs_figure_steps(), cells = 2 * steps + 1;
    for (int l = steps; l >= -steps; l--) {
        char fill[32];
        rs_figure_fill(RS_HEAT_VALUE, l, fill, sizeof fill);
        fprintf(f, "<rect x=\"%d\" y=\"%.2f\" width=\"%d\" height=\"%.2f\" fill=\"%s\" shape-rendering=\"crispEdges\"/>\n",
                BAR_X, Y0 + (double)bar_h * (steps - l) / cells, BAR_W, (double)bar_h / cells + 0.5, fill);
    }
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#000\"/>\n", BAR_X, Y0, BAR_W,
            bar_h);
    static const int marks[] = {-32, -16, -8, 0, 8, 16, 32};     /* decades */
    for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
        const double k = marks[m] / RS_PHASE_DECADES;     /* −1 … 1 */
        const double y = Y0 + bar_h * (0.5 - k * steps / cells);
        char label[32];
        rs_fmt_pow10(label, sizeof label, marks[m], true);
        fprintf(f, "<line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\" stroke=\"#000\"/>\n", BAR_X + BAR_W, y,
                BAR_X + BAR_W + 4, y);
        fprintf(f, "<text x=\"%d\" y=\"%.2f\" dominant-baseline=\"middle\" font-size=\"12\">%s</text>\n",
                BAR_X + BAR_W + 7, y, label);
    }
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">g_h at t = 1 ÷ at T</text>\n",
            BAR_X + BAR_W / 2, Y0 - 10);
}

int rs_phase_svg(FILE *f, const rs_sweep *sw)
{
    grid g = {rs_sweep_nx(sw), rs_sweep_ny(sw), 0.0, 0.0};
    g.cw = fmin(90.0, (double)PLOT_W / g.nx);
    g.ch = fmin(60.0, (double)PLOT_H / g.ny);
    const rs_config *base = rs_sweep_base(sw);
    const char *title = base->scenario.title[0] ? base->scenario.title : "rnnscope sweep";
    const int grid_h = (int)ceil(g.ny * g.ch), bar_h = grid_h > 200 ? grid_h : 200;
    const int below = Y0 + (grid_h > bar_h ? grid_h : bar_h);   /* the lowest of the grid and the bar */
    const int height = below + 150;
    rs_svg_begin(f, WIDTH, height, title);
    rs_figure_defs(f);
    fprintf(f, "<text x=\"%d\" y=\"28\" font-size=\"18\" font-weight=\"bold\">phase diagram: ", X0);
    rs_svg_text(f, title);
    fprintf(f, "</text>\n<text x=\"%d\" y=\"52\">", X0);
    if (rs_sweep_steps(sw) == 0)
        fputs("at initialisation (one forward and backward pass per cell)", f);
    else
        fprintf(f, "after %ld training steps per cell", rs_sweep_steps(sw));
    fputs("; colour: the gradient at t = 1 relative to t = T, as its heat map's first column</text>\n", f);
    draw_cells(f, sw, &g);
    draw_contour(f, sw, &g, below + 72);
    draw_axes(f, sw, &g);
    colour_bar(f, bar_h);
    /* the legend */
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d50000\" stroke-width=\"3\"/>\n", X0,
            below + 76, X0 + 24, below + 76);
    fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\">γ·σ_max = 1 at initialisation: on its low side the gradient "
               "must vanish (Pascanu, Mikolov &amp; Bengio 2013); beyond it, it may explode</text>\n", X0 + 32, below + 80);
    fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\">the number in a cell: the reach, how many steps back the "
               "gradient stays above 1e-6 of its value at the end; NaN@k: diverged at step k</text>\n", X0, below + 100);
    fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\">", X0, height - 24);
    fprintf(f, "every cell (but for the keys on the axes): cell %s, activation %s, hidden %ld, W_hh %s; task %s, "
               "T = %ld, batch %ld</text>\n", base->model.cell, base->model.activation, base->model.hidden,
            base->init.recurrent, base->task.name, base->task.length, base->train.batch);
    fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s, lr %g; clipping %s; truncation %ld; weight seed %ld, "
               "data seed %ld: the same seeds in every cell</text>\n</svg>\n", X0, height - 6, base->train.optimizer,
            base->train.lr, base->train.clip, base->train.tbptt, base->train.seed, base->task.seed);
    return ferror(f) ? -1 : 0;
}
