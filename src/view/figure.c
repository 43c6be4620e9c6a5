/* The heatmap as SVG and CSV (DESIGN §7's picture, for slides and papers).
 *
 * The grid is the one the terminal draws (view/heat.c), built at one column
 * per timestep, and its colours are the screen's: the 256-colour ramp's
 * steps (colour.c) on the same range of decades, the same three marks. So
 * a slide matches the live demo step for step, and two figures — or the two
 * panels of compare mode — on the same range mean the same sizes by the
 * same colours. The ramp's lightness falls from the white middle to both
 * ends, so the figure also reads in grey print. */
#include "figure.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colour.h"
#include "format.h"
#include "svg.h"
#include "rnnscope/pair.h"

#define FIG_ROWS_MAX 200        /* history rows drawn (the newest always among them) */
#define FIG_COLS_MAX 400        /* timestep columns before binning */

/* The figure's ramp: the 256-colour screen's. */
#define FIG_SCHEME RS_SCHEME_256

/* Plot geometry in SVG user units (px): one panel, or compare mode's two. */
enum { PLOT_Y = 96, PLOT_H = 380, BAR_W = 22, BOTTOM = 150 };
typedef struct {
    int x, w;           /* the plot's left edge and width */
} panel_geom;
typedef struct {
    int n;
    panel_geom p[2];
    int bar_x, width;
} fig_geom;

static fig_geom geometry(int n)
{
    if (n == 2)
        return (fig_geom){2, {{110, 520}, {780, 520}}, 1350, 1520};
    return (fig_geom){1, {{110, 690}, {0, 0}}, 850, 1000};
}

static void hex(int rgb, char out[8])
{
    snprintf(out, 8, "#%06x", (unsigned)rgb & 0xffffffu);
}

void rs_figure_fill(int cls, int level, char *out, size_t n)
{
    switch (rs_heat_mark_of(cls)) {
    case RS_MARK_NONE: {
        char h[8];
        hex(rs_scheme_rgb(FIG_SCHEME, rs_scheme_swatch(FIG_SCHEME, rs_swatch_of_level(FIG_SCHEME, level)).colour), h);
        snprintf(out, n, "%s", h);
        break;
    }
    case RS_MARK_NAN: snprintf(out, n, "url(#nan)"); break;
    case RS_MARK_ZERO: {
        char h[8];
        hex(rs_scheme_rgb(FIG_SCHEME, rs_scheme_swatch(FIG_SCHEME, rs_swatch_of_mark(FIG_SCHEME, RS_MARK_ZERO)).colour), h);
        snprintf(out, n, "%s", h);
        break;
    }
    default: snprintf(out, n, "url(#novalue)"); break;
    }
}

int rs_figure_steps(void) { return rs_scheme_steps(FIG_SCHEME); }

void rs_figure_defs(FILE *f)
{
    /* The marks' patterns: NaN a white ✕ on magenta, no value dots on white. */
    char nan_bg[8], nan_fg[8], dot[8];
    const rs_swatch nan = rs_scheme_swatch(FIG_SCHEME, rs_swatch_of_mark(FIG_SCHEME, RS_MARK_NAN));
    hex(rs_scheme_rgb(FIG_SCHEME, nan.bg), nan_bg);
    hex(rs_scheme_rgb(FIG_SCHEME, nan.fg), nan_fg);
    hex(rs_scheme_rgb(FIG_SCHEME, rs_scheme_swatch(FIG_SCHEME, rs_swatch_of_mark(FIG_SCHEME, RS_MARK_NOVALUE)).fg), dot);
    fprintf(f, "<defs>\n"
               "<pattern id=\"nan\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
               "<rect width=\"8\" height=\"8\" fill=\"%s\"/><path d=\"M1 1L7 7M7 1L1 7\" stroke=\"%s\" stroke-width=\"1.5\"/>"
               "</pattern>\n"
               "<pattern id=\"novalue\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
               "<rect width=\"6\" height=\"6\" fill=\"#fff\"/><circle cx=\"3\" cy=\"3\" r=\"0.9\" fill=\"%s\"/>"
               "</pattern>\n</defs>\n",
            nan_bg, nan_fg, dot);

}

/* A cell's fill: the ramp's colour of its level, or a mark. */
static void cell_fill(const rs_heat_grid *g, size_t i, char *out, size_t n)
{
    rs_figure_fill(g->cls[i], rs_heat_cell_level(g, i, rs_scheme_steps(FIG_SCHEME)), out, n);
}

static double col_x(const panel_geom *p, const rs_heat_grid *g, int bin) { return p->x + (double)p->w * bin / g->tb.nbins; }
static double row_y(const rs_heat_grid *g, int row) { return PLOT_Y + (double)PLOT_H * row / g->nrows; }

static void draw_cells(FILE *f, const panel_geom *p, const rs_heat_grid *g)
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
            fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>\n", col_x(p, g, start),
                    row_y(g, r), col_x(p, g, b) - col_x(p, g, start), row_y(g, r + 1) - row_y(g, r), fill);
            start = b;
            memcpy(fill, next, sizeof fill);
        }
    }
    fprintf(f, "</g>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#000\"/>\n", p->x,
            PLOT_Y, p->w, PLOT_H);
}

static void draw_axes(FILE *f, const panel_geom *p, const rs_heat_grid *g, bool units)
{
    /* t axis: ticks at round timesteps, each under the middle of its bin. */
    const long step = rs_svg_tick_step(g->T, p->w > 600 ? 10 : 8);
    for (long t = 1; t <= g->T; t = (t == 1 && step > 1) ? step : t + step) {
        const int bin = (int)((t - 1) / g->tb.t_per_col);
        const double x = (col_x(p, g, bin) + col_x(p, g, bin + 1)) / 2.0;
        fprintf(f, "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"#000\"/>\n", x, PLOT_Y + PLOT_H, x,
                PLOT_Y + PLOT_H + 5);
        fprintf(f, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">%ld</text>\n", x, PLOT_Y + PLOT_H + 19, t);
    }
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">timestep t (1 = start of the sequence, %d = its end",
            p->x + p->w / 2, PLOT_Y + PLOT_H + 40, g->T);
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
        fprintf(f, "<line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\" stroke=\"#000\"/>\n", p->x - 5, y, p->x, y);
        const char *note = g->row_kind[r] == RS_ROW_FAILED ? " diverged" : g->row_kind[r] == RS_ROW_PENDING ? " (BPTT)" : "";
        fprintf(f, "<text x=\"%d\" y=\"%.2f\" text-anchor=\"end\" dominant-baseline=\"middle\">%ld%s</text>\n",
                p->x - 8, y, g->row_id[r], note);
    }
    fprintf(f, "<text transform=\"translate(%d %d) rotate(-90)\" text-anchor=\"middle\">%s</text>\n", p->x - 92,
            PLOT_Y + PLOT_H / 2, units ? "hidden unit" : "training step (oldest at the top, newest at the bottom)");
}

/* The colour bar, upright beside the plots: the ramp's steps from the
 * hottest (top) to the coldest, the ticks of the screen's legend, and the
 * three marks under it. */
static void draw_legend(FILE *f, const fig_geom *G, const rs_heat_grid *g)
{
    const int steps = rs_scheme_steps(FIG_SCHEME);
    const int top = g->kind == RS_SCALE_SHARE ? 0 : steps;     /* a share has no hot half */
    const int cells = top + steps + 1;
    const double ch = (double)PLOT_H / cells;
    for (int l = top; l >= -steps; l--) {
        char h[8];
        hex(rs_scheme_rgb(FIG_SCHEME, rs_scheme_swatch(FIG_SCHEME, rs_swatch_of_level(FIG_SCHEME, l)).colour), h);
        fprintf(f, "<rect x=\"%d\" y=\"%.2f\" width=\"%d\" height=\"%.2f\" fill=\"%s\" shape-rendering=\"crispEdges\"/>\n",
                G->bar_x, PLOT_Y + ch * (top - l), BAR_W, ch + 0.5, h);
    }
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#000\"/>\n", G->bar_x, PLOT_Y,
            BAR_W, PLOT_H);
    /* Ticks at the centres of their levels' cells, as on the screen. */
    double ticks[5];
    const int nt = rs_heat_ticks(g->kind, g->range, ticks);
    for (int i = 0; i < nt; i++) {
        const double level = ticks[i] / g->range * steps;
        const double y = PLOT_Y + ch * (top - level + 0.5);
        char label[32];
        rs_heat_tick_label(g->kind, ticks[i], true, label, sizeof label);
        fprintf(f, "<line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\" stroke=\"#000\"/>\n", G->bar_x + BAR_W, y,
                G->bar_x + BAR_W + 4, y);
        fprintf(f, "<text x=\"%d\" y=\"%.2f\" dominant-baseline=\"middle\">%s%s</text>\n", G->bar_x + BAR_W + 7, y, label,
                g->kind == RS_SCALE_RELATIVE && ticks[i] == 0.0 ? " (as at t = T)" : "");
    }
    const char *what = g->kind == RS_SCALE_RELATIVE ? "÷ value at t = T"
                     : g->kind == RS_SCALE_SHARE    ? "share saturated"
                     : g->kind == RS_SCALE_SLOPE    ? "slope per step"
                                                    : "value";
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", G->bar_x + BAR_W / 2, PLOT_Y - 24, what);
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">", G->bar_x + BAR_W / 2, PLOT_Y - 10);
    if (g->kind == RS_SCALE_RELATIVE || g->kind == RS_SCALE_ABSOLUTE)
        fprintf(f, "±%.0f decades%s, %d steps", g->range, g->fit ? " (fit)" : "", 2 * steps + 1);
    else
        fprintf(f, "%d steps", cells);
    fputs("</text>\n", f);

    /* The marks, each a swatch with its meaning. */
    char zero[8];
    hex(rs_scheme_rgb(FIG_SCHEME, rs_scheme_swatch(FIG_SCHEME, rs_swatch_of_mark(FIG_SCHEME, RS_MARK_ZERO)).colour), zero);
    const struct { const char *fill, *label; } marks[RS_MARK_COUNT] = {
        [RS_MARK_NAN] = {"url(#nan)", "NaN, Inf or past 10¹⁰⁰"},
        [RS_MARK_ZERO] = {zero, "exactly 0"},
        [RS_MARK_NOVALUE] = {"url(#novalue)", "no value (not computed)"},
    };
    for (int m = 0; m < RS_MARK_COUNT; m++) {
        const int y = PLOT_Y + PLOT_H + 24 + 22 * m;
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"16\" fill=\"%s\" stroke=\"#000\"/>\n", G->bar_x - 40,
                y - 12, marks[m].fill);
        fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>\n", G->bar_x - 18, y + 1, marks[m].label);
    }
}

void rs_figure_describe(const rs_config *c, const rs_config *other, char *buf, size_t n)
{
    const bool act = rs_key_applies(rs_key_find("model.activation"), c);
    size_t used = (size_t)snprintf(buf, n, "%s%s%s", c->model.cell, act ? " " : "", act ? c->model.activation : "");
    for (size_t i = 0, extra = 0; other && i < rs_nkeys && extra < 2 && used < n; i++) {
        const rs_key *k = &rs_keys[i];
        /* A difference worth naming: the key matters here and may differ. */
        if ((k->flags & (RS_KEY_SHARED | RS_KEY_VIEW)) || k == rs_key_find("model.cell") ||
            k == rs_key_find("model.activation") || !rs_key_applies(k, c))
            continue;
        char mine[96], theirs[96];
        rs_config_format(c, k, mine, sizeof mine);
        rs_config_format(other, k, theirs, sizeof theirs);
        if (strcmp(mine, theirs) == 0)
            continue;
        const char *name = k == rs_key_find("init.recurrent") ? "init" : strchr(k->key, '.') + 1;
        used += (size_t)snprintf(buf + used, n - used, " %s %s", name, mine);
        extra++;
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
    if (rs_key_applies(rs_key_find("model.activation"), c))
        fprintf(f, "cell %s, activation %s", c->model.cell, c->model.activation);
    else
        fprintf(f, "cell %s (σ gates, tanh)", c->model.cell);
    fprintf(f, ", hidden %ld; W_hh init %s (%s)", c->model.hidden, c->init.recurrent, init_scale);
    fprintf(f, "</text>\n<text x=\"%d\" y=\"%d\" font-size=\"12\">", x, y + 17);
    fprintf(f, "task %s, T = %ld, batch %ld; %s, lr %g; clipping %s; truncation ", c->task.name, c->task.length,
            c->train.batch, c->train.optimizer, c->train.lr, clip);
    if (c->train.tbptt)
        fprintf(f, "window %ld", c->train.tbptt);
    else
        fputs("none (full BPTT)", f);
    fprintf(f, "</text>\n<text x=\"%d\" y=\"%d\" font-size=\"12\">", x, y + 34);
    fprintf(f, "weight seed %ld, data seed %ld; after %ld training step%s", c->train.seed, c->task.seed,
            rs_session_steps(s), rs_session_steps(s) == 1 ? "" : "s");
    if (rs_session_diverged(s))
        fprintf(f, "; diverged at step %ld", rs_session_diverged_at(s));
    fprintf(f, "</text>\n");
}

/* What the figure shows and on which scale, in a line. */
static void scale_words(FILE *f, const rs_heat_grid *g)
{
    switch (g->kind) {
    case RS_SCALE_RELATIVE: fputs("log scale, relative to its value at the last timestep", f); break;
    case RS_SCALE_ABSOLUTE: fputs("log scale, absolute", f); break;
    case RS_SCALE_SLOPE: fputs("log scale, 0.1 … 10 (1 passes everything)", f); break;
    default: fputs("from none saturated (white) to all", f);
    }
}

typedef struct {
    const rs_session *const *ses;
    const rs_heat_grid *const *grid;
    int n;
} figure;

static int write_svg(FILE *f, const figure *fig)
{
    const fig_geom G = geometry(fig->n);
    const rs_config *c = rs_session_config(fig->ses[0]);
    const rs_heat_grid *g0 = fig->grid[0];
    const char *title = c->scenario.title[0] ? c->scenario.title : "rnnscope";
    const int height = PLOT_Y + PLOT_H + BOTTOM;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
               "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">\n",
            G.width, height, G.width, height);
    char sides[2][200] = {"", ""};
    for (int k = 0; k < fig->n; k++)
        rs_figure_describe(rs_session_config(fig->ses[k]), fig->n == 2 ? rs_session_config(fig->ses[1 - k]) : NULL,
                           sides[k], sizeof sides[k]);
    fputs("<title>", f);
    rs_svg_text(f, title);
    if (fig->n == 2) {
        fputs(" — left: ", f);
        rs_svg_text(f, sides[0]);
        fputs(" · right: ", f);
        rs_svg_text(f, sides[1]);
    }
    fputs("</title>\n", f);
    rs_figure_defs(f);
    fputs("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n", f);

    fprintf(f, "<text x=\"%d\" y=\"28\" font-size=\"18\" font-weight=\"bold\">", G.p[0].x);
    rs_svg_text(f, title);
    fprintf(f, "</text>\n<text x=\"%d\" y=\"52\">", G.p[0].x);
    const rs_cell cell = rs_session_settings(fig->ses[0])->model.cell;
    rs_svg_text(f, rs_view_symbol(g0->view, cell, true));
    fputs(" — ", f);
    rs_svg_text(f, rs_view_meaning(g0->view, cell));
    fputs("; ", f);
    scale_words(f, g0);
    if (fig->n == 2)
        fputs("; one colour scale for both", f);
    fputs("</text>\n", f);
    for (int k = 0; k < fig->n; k++) {
        const panel_geom *p = &G.p[k];
        if (fig->n == 2) {
            fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"15\" font-weight=\"bold\">%s: ", p->x, PLOT_Y - 10,
                    rs_pair_side_names[k]);
            rs_svg_text(f, sides[k]);
            fputs("</text>\n", f);
        }
        const rs_heat_grid *g = fig->grid[k];
        if (g->nrows == 0) {
            fprintf(f, "<text x=\"%d\" y=\"%d\">nothing to draw: ", p->x + 10, PLOT_Y + PLOT_H / 2);
            rs_svg_text(f, rs_view_applies(g->view, rs_session_settings(fig->ses[k])->model.cell)
                            ? "no step at this sequence length yet" : "this cell does not measure the view");
            fputs("</text>\n", f);
        } else {
            draw_cells(f, p, g);
            draw_axes(f, p, g, g->view == RS_VIEW_UNITS);
        }
        rs_figure_caption(f, fig->ses[k], p->x, PLOT_Y + PLOT_H + 62);
    }
    draw_legend(f, &G, g0);
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

/* spectrum and itemized are not heat maps: figures.h writes them. */
static bool heat_view(int view, char *err, size_t errlen)
{
    if (rs_view_is_heat(view))
        return true;
    snprintf(err, errlen, "view.mode = %s has no heat map to draw: rnnscope run --%s FILE.csv writes its figure",
             rs_view_names[view], rs_view_names[view]);
    return false;
}

int rs_figure_svg(FILE *f, const rs_session *const ses[], int n, int view, const rs_heat_opts *o, char *err,
                  size_t errlen)
{
    if (!heat_view(view, err, errlen))
        return -1;
    for (int k = 0; k < n; k++)
        if (!rs_session_last(ses[k])) {
            snprintf(err, errlen, "nothing to draw yet: train at least one step first");
            return -1;
        }
    rs_heat_grid grids[2] = {{0}, {0}};
    rs_heat_grid *gp[2] = {&grids[0], &grids[1]};
    int slots[2] = {0, 0}, width[2] = {0, 0};
    for (int k = 0; k < n; k++) {
        const rs_session *s = ses[k];
        const size_t rows = rs_session_history_count(s);
        slots[k] = view == RS_VIEW_UNITS ? rs_session_workspace(s)->H
                                         : (int)(rows < FIG_ROWS_MAX ? (rows ? rows : 1) : FIG_ROWS_MAX) + 1;
        const int T = (int)rs_session_config(s)->task.length;
        width[k] = T < FIG_COLS_MAX ? T : FIG_COLS_MAX;
    }
    /* One colour scale for both sides, as on the screen. */
    rs_heat_build_sides(gp, ses, slots, width, n, view, o);
    bool any = false;
    for (int k = 0; k < n; k++)
        any |= grids[k].nrows > 0;
    const figure fig = {ses, (const rs_heat_grid *const *)gp, n};
    int rc = 0;
    if (!any) {
        snprintf(err, errlen, "nothing to draw at the current sequence length yet: train a step first");
        rc = -1;
    } else if (write_svg(f, &fig) != 0) {
        snprintf(err, errlen, "write error");
        rc = -1;
    }
    for (int k = 0; k < n; k++)
        rs_heat_free(&grids[k]);
    return rc;
}

int rs_figure_csv(FILE *f, const rs_session *s, int view, char *err, size_t errlen)
{
    if (!heat_view(view, err, errlen))
        return -1;
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
