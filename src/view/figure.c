/* The heatmap as SVG and CSV (DESIGN §7's picture, for slides and papers).
 *
 * The grid is the one the terminal draws (view/heat.c), built at one column
 * per timestep, so a figure and the screen never disagree. Colours come from
 * matplotlib's "plasma" map (van der Walt & Smith 2015): its luminance rises
 * monotonically from the vanishing end to the exploding end, so a figure
 * printed in grey scale still reads from dark (small) to light (large)
 * (svg.c). */
#include "figure.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colour.h"
#include "heat.h"
#include "svg.h"

#define FIG_ROWS_MAX 200        /* history rows drawn (the newest always among them) */
#define FIG_COLS_MAX 400        /* timestep columns before binning */

/* Plot geometry in SVG user units (px). */
enum { PLOT_X = 110, PLOT_Y = 78, PLOT_W = 690, PLOT_H = 380, BAR_X = 840, BAR_W = 22, WIDTH = 980 };

/* A cell's fill: a plasma colour, or a pattern for the marks. */
static void cell_fill(const rs_heat_grid *g, size_t i, char *out, size_t n)
{
    switch (g->cls[i]) {
    case RS_HEAT_VALUE: {
        char hex[8];
        rs_svg_plasma(g->hi > g->lo ? (g->x[i] - g->lo) / (g->hi - g->lo) : 0.5, hex);
        snprintf(out, n, "%s", hex);
        break;
    }
    case RS_HEAT_NONFINITE: snprintf(out, n, "url(#nonfinite)"); break;
    case RS_HEAT_ZERO: snprintf(out, n, "url(#zero)"); break;
    default: snprintf(out, n, "#ffffff"); break;
    }
}

/* A round tick spacing (1, 2 or 5 × 10^k) giving at most `most` ticks over span. */
static long tick_step(long span, int most)
{
    long step = 1;
    for (;;)
        for (int m = 1; m <= 5; m += m == 1 ? 1 : 3) {
            if (span / (step * m) < most)
                return step * m;
            if (m == 5)
                step *= 10;
        }
}

static double col_x(const rs_heat_grid *g, int bin) { return PLOT_X + (double)PLOT_W * bin / g->tb.nbins; }
static double row_y(const rs_heat_grid *g, int row) { return PLOT_Y + (double)PLOT_H * row / g->nrows; }

static void draw_cells(FILE *f, const rs_heat_grid *g)
{
    fprintf(f, "<g shape-rendering=\"crispEdges\">\n");
    for (int r = 0; r < g->nrows; r++) {
        /* One rectangle per run of equal colour along the row. */
        int start = 0;
        char fill[32], next[32];
        cell_fill(g, (size_t)r * g->tb.nbins, fill, sizeof fill);
        for (int b = 1; b <= g->tb.nbins; b++) {
            if (b < g->tb.nbins) {
                cell_fill(g, (size_t)r * g->tb.nbins + b, next, sizeof next);
                if (strcmp(next, fill) == 0)
                    continue;
            }
            fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>\n", col_x(g, start),
                    row_y(g, r), col_x(g, b) - col_x(g, start), row_y(g, r + 1) - row_y(g, r), fill);
            start = b;
            memcpy(fill, next, sizeof fill);
        }
    }
    fprintf(f, "</g>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#000\"/>\n",
            PLOT_X, PLOT_Y, PLOT_W, PLOT_H);
}

static void draw_axes(FILE *f, const rs_heat_grid *g, bool units)
{
    /* t axis: ticks at round timesteps, each under the middle of its bin. */
    const long step = tick_step(g->T, 10);
    for (long t = 1; t <= g->T; t = (t == 1 && step > 1) ? step : t + step) {
        const int bin = (int)((t - 1) / g->tb.t_per_col);
        const double x = (col_x(g, bin) + col_x(g, bin + 1)) / 2.0;
        fprintf(f, "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"#000\"/>\n", x, PLOT_Y + PLOT_H, x,
                PLOT_Y + PLOT_H + 5);
        fprintf(f, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">%ld</text>\n", x, PLOT_Y + PLOT_H + 19, t);
    }
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">timestep t (1 = start of the sequence, %d = its end",
            PLOT_X + PLOT_W / 2, PLOT_Y + PLOT_H + 40, g->T);
    if (g->tb.t_per_col > 1)
        fprintf(f, "; %d timesteps per column, the largest shown", g->tb.t_per_col);
    fprintf(f, ")</text>\n");

    /* Row axis: about eight labelled rows. */
    const int every = g->nrows > 8 ? (g->nrows + 7) / 8 : 1;
    for (int r = 0; r < g->nrows; r++) {
        if (r % every != 0 && r != g->nrows - 1 && g->row_kind[r] == RS_ROW_HISTORY)
            continue;
        if (r != g->nrows - 1 && g->nrows - 1 - r < every / 2)
            continue;   /* keep clear of the newest row's label */
        const double y = (row_y(g, r) + row_y(g, r + 1)) / 2.0;
        fprintf(f, "<line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\" stroke=\"#000\"/>\n", PLOT_X - 5, y, PLOT_X, y);
        const char *note = g->row_kind[r] == RS_ROW_FAILED ? " diverged" : g->row_kind[r] == RS_ROW_PENDING ? " (BPTT)" : "";
        fprintf(f, "<text x=\"%d\" y=\"%.2f\" text-anchor=\"end\" dominant-baseline=\"middle\">%ld%s</text>\n",
                PLOT_X - 8, y, g->row_id[r], note);
    }
    fprintf(f, "<text transform=\"translate(%d %d) rotate(-90)\" text-anchor=\"middle\">%s</text>\n", 24,
            PLOT_Y + PLOT_H / 2, units ? "hidden unit" : "training step (oldest at the top, newest at the bottom)");
}

static void decade_label(FILE *f, double x, double y, int k, bool relative)
{
    fprintf(f, "<text x=\"%.2f\" y=\"%.2f\" dominant-baseline=\"middle\">", x, y);
    if (relative && k == 0)
        fputs("1 (as at t = T)", f);
    else if (k == 0)
        fputs("1", f);
    else
        fprintf(f, "10<tspan dy=\"-6\" font-size=\"10\">%d</tspan>", k);
    fputs("</text>\n", f);
}

static void draw_legend(FILE *f, const rs_heat_grid *g)
{
    enum { STEPS = 64 };
    for (int i = 0; i < STEPS; i++) {
        char hex[8];
        rs_svg_plasma((i + 0.5) / STEPS, hex);  /* top = hot */
        const double y0 = PLOT_Y + (double)PLOT_H * (STEPS - 1 - i) / STEPS;
        fprintf(f, "<rect x=\"%d\" y=\"%.2f\" width=\"%d\" height=\"%.2f\" fill=\"%s\" shape-rendering=\"crispEdges\"/>\n",
                BAR_X, y0, BAR_W, (double)PLOT_H / STEPS + 0.5, hex);
    }
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#000\"/>\n", BAR_X, PLOT_Y,
            BAR_W, PLOT_H);
    const int lo = (int)ceil(g->lo - 1e-9), hi = (int)floor(g->hi + 1e-9);
    const int every = (int)tick_step(hi - lo, 9);
    for (int k = lo; k <= hi; k++) {
        if (k % every != 0)
            continue;   /* round decades: …, −20, −10, 0, 10, … */
        const double y = PLOT_Y + PLOT_H * (g->hi - k) / (g->hi - g->lo);
        fprintf(f, "<line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\" stroke=\"#000\"/>\n", BAR_X + BAR_W, y,
                BAR_X + BAR_W + 4, y);
        decade_label(f, BAR_X + BAR_W + 7, y, k, g->relative);
    }
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", BAR_X + BAR_W / 2, PLOT_Y - 10,
            g->relative ? "÷ value at t = T" : "value");

    /* The marks, each a swatch with its meaning. */
    const struct { const char *fill, *label; bool shown; } marks[] = {
        {"url(#nonfinite)", "NaN or Inf", g->any_nonfinite},
        {"url(#zero)", "exactly 0 (cut off, or dead units)", g->any_zero},
        {"#ffffff", "no value", true},
    };
    int y = PLOT_Y + PLOT_H + 58;
    int x = PLOT_X;
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        if (!marks[i].shown)
            continue;
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\" stroke=\"#000\"/>\n", x, y - 11,
                marks[i].fill);
        fprintf(f, "<text x=\"%d\" y=\"%d\">%s</text>\n", x + 20, y, marks[i].label);
        x += 200;
    }
}

void rs_figure_caption(FILE *f, const rs_session *s, int x, int y)
{
    const rs_config *c = rs_session_config(s);
    /* W_hh's scale is init.std, init.range or init.gain, by its kind: "std 0.1". */
    const rs_key *scale = rs_config_recurrent_scale_key(c);
    char init_scale[64];
    snprintf(init_scale, sizeof init_scale, "%s %g", strchr(scale->key, '.') + 1, rs_config_get_real(c, scale));
    char clip[48] = "none";
    if (rs_key_applies(rs_key_find("train.clip_threshold"), c))
        snprintf(clip, sizeof clip, "%s %g", c->train.clip, c->train.clip_threshold);
    fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\">", x, y);
    fprintf(f, "cell %s, activation %s, hidden %ld; W_hh init %s (%s); task %s, T = %ld, batch %ld", c->model.cell,
            c->model.activation, c->model.hidden, c->init.recurrent, init_scale, c->task.name, c->task.length,
            c->train.batch);
    fprintf(f, "</text>\n<text x=\"%d\" y=\"%d\" font-size=\"12\">", x, y + 18);
    fprintf(f, "%s, lr %g; clipping %s; truncation %s; weight seed %ld, data seed %ld; after %ld training steps",
            c->train.optimizer, c->train.lr, clip, c->train.tbptt ? "" : "none (full BPTT)", c->train.seed,
            c->task.seed, rs_session_steps(s));
    if (c->train.tbptt)
        fprintf(f, " (truncation window %ld)", c->train.tbptt);
    fprintf(f, "</text>\n");
}

static int write_svg(FILE *f, const rs_session *s, const rs_heat_grid *g)
{
    const rs_config *c = rs_session_config(s);
    const bool units = g->view == RS_VIEW_UNITS;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
               "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">\n",
            WIDTH, PLOT_Y + PLOT_H + 120, WIDTH, PLOT_Y + PLOT_H + 120);
    fputs("<title>", f);
    rs_svg_text(f, c->scenario.title[0] ? c->scenario.title : "rnnscope");
    fputs("</title>\n<defs>\n"
          "<pattern id=\"nonfinite\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
          "<rect width=\"6\" height=\"6\" fill=\"#000\"/><path d=\"M0 6L6 0\" stroke=\"#fff\" stroke-width=\"1.5\"/>"
          "</pattern>\n"
          "<pattern id=\"zero\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
          "<rect width=\"6\" height=\"6\" fill=\"#fff\"/><path d=\"M0 0L6 6\" stroke=\"#888\" stroke-width=\"1\"/>"
          "</pattern>\n</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n", f);

    fprintf(f, "<text x=\"%d\" y=\"28\" font-size=\"18\" font-weight=\"bold\">", PLOT_X);
    rs_svg_text(f, c->scenario.title[0] ? c->scenario.title : "rnnscope");
    fprintf(f, "</text>\n<text x=\"%d\" y=\"52\">", PLOT_X);
    rs_svg_text(f, rs_view_symbol(g->view, rs_session_settings(s)->model.cell, true));
    fputs(" — ", f);
    rs_svg_text(f, rs_view_meaning(g->view, rs_session_settings(s)->model.cell));
    fprintf(f, "; log scale, %s</text>\n", g->relative ? "relative to its value at the last timestep" : "absolute");

    draw_cells(f, g);
    draw_axes(f, g, units);
    draw_legend(f, g);
    rs_figure_caption(f, s, PLOT_X, PLOT_Y + PLOT_H + 86);
    fputs("</svg>\n", f);
    return ferror(f) ? -1 : 0;
}

/* ,x: a CSV cell in full precision (nan, inf spelt out). */
static void csv_number(FILE *f, double v)
{
    fputc(',', f);
    rs_csv_number(f, v);
}

/* Every row the heatmap can show, at full resolution (no binning). */
static int write_csv(FILE *f, const rs_session *s, int view)
{
    const int T = (int)rs_session_config(s)->task.length;
    fputs(view == RS_VIEW_UNITS ? "unit" : "step", f);
    for (int t = 1; t <= T; t++)
        fprintf(f, ",t_%d", t);
    fputc('\n', f);
    if (view == RS_VIEW_UNITS) {
        const rs_workspace *ws = rs_session_workspace(s);
        double *norms = malloc((size_t)ws->H * (size_t)T * sizeof *norms);
        if (!norms) {
            errno = ENOMEM;
            return -1;
        }
        rs_session_unit_norms(s, norms);
        for (int u = 0; u < ws->H; u++) {
            fprintf(f, "%d", u + 1);
            for (int t = 0; t < T; t++)
                csv_number(f, norms[(size_t)u * T + t]);
            fputc('\n', f);
        }
        free(norms);
    } else {
        for (size_t i = 0; i < rs_session_history_count(s); i++) {
            const double *v = rs_session_history_vector(s, i, (rs_vector_kind)view);
            if (!v)
                continue;   /* trained at another length */
            fprintf(f, "%ld", rs_session_history_stats(s, i)->step);
            for (int t = 0; t < T; t++)
                csv_number(f, v[t]);
            fputc('\n', f);
        }
    }
    return ferror(f) ? -1 : 0;
}

void rs_figure_csv_path(const char *svg_path, char *out, size_t n)
{
    const size_t len = strlen(svg_path);
    if (len > 4 && strcmp(svg_path + len - 4, ".svg") == 0)
        snprintf(out, n, "%.*s.csv", (int)(len - 4), svg_path);
    else
        snprintf(out, n, "%s.csv", svg_path);
}

int rs_figure_svg(FILE *f, const rs_session *s, int view, bool relative, char *err, size_t errlen)
{
    if (!rs_session_last(s)) {
        snprintf(err, errlen, "nothing to draw yet: train at least one step first");
        return -1;
    }
    rs_heat_grid g = {0};
    const size_t rows = rs_session_history_count(s);
    const int slots = view == RS_VIEW_UNITS ? rs_session_workspace(s)->H
                                            : (int)(rows < FIG_ROWS_MAX ? (rows ? rows : 1) : FIG_ROWS_MAX) + 1;
    const int T = (int)rs_session_config(s)->task.length;
    if (!rs_heat_build(&g, s, view, relative, slots, T < FIG_COLS_MAX ? T : FIG_COLS_MAX)) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = 0;
    if (g.nrows == 0) {
        snprintf(err, errlen, "nothing to draw at the current sequence length yet: train a step first");
        rc = -1;
    } else if (write_svg(f, s, &g) != 0) {
        snprintf(err, errlen, "write error");
        rc = -1;
    }
    rs_heat_free(&g);
    return rc;
}

int rs_figure_csv(FILE *f, const rs_session *s, int view, char *err, size_t errlen)
{
    if (!rs_session_last(s)) {
        snprintf(err, errlen, "nothing to draw yet: train at least one step first");
        return -1;
    }
    errno = 0;
    if (write_csv(f, s, view) != 0) {
        snprintf(err, errlen, errno == ENOMEM ? "out of memory" : "write error");
        return -1;
    }
    return 0;
}
