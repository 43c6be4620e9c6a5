/* The itemized gradients as CSV and SVG (Cashman et al. 2019, "RNNbow"):
 * for each prediction t′ (a row) the gradient it sends back to every earlier
 * step s (a column) — ‖∂L_{t′}/∂h_s‖ on the left, ‖∂L_{t′}/∂x_s‖ on the right
 * — on the heat map's colour scale, each row relative to its own value at
 * s = t′. Under them, for a sequence of symbols, the symbols coloured by how
 * much the last prediction depends on each (Madsen 2019's "connectivity"). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colour.h"
#include "figure.h"
#include "figures.h"
#include "plots.h"
#include "svg.h"

int rs_itemized_csv(FILE *f, const rs_itemized *it)
{
    const int T = it->T;
    fputs("quantity,t_prime", f);
    for (int s = 1; s <= T; s++)
        fprintf(f, ",s_%d", s);
    fputc('\n', f);
    for (int q = 0; q < 2; q++)
        for (int tp = 1; tp <= T; tp++) {
            if (!it->predicts[tp - 1])
                continue;
            const double *row = (q == 0 ? it->g_h : it->g_x) + (size_t)(tp - 1) * T;
            fprintf(f, "%s,%d", q == 0 ? "g_h" : "g_x", tp);
            for (int s = 1; s <= T; s++) {
                fputc(',', f);
                if (s <= tp)
                    rs_csv_number(f, row[s - 1]);
            }
            fputc('\n', f);
        }
    return ferror(f) ? -1 : 0;
}

/* Geometry: two square panels, a colour bar, the symbol strip below. */
enum { PANEL = 380, LEFT_X = 100, RIGHT_X = 580, TOP = 96, BAR_X = 1010, BAR_W = 20, WIDTH = 1120 };
enum { STRIP_Y = TOP + PANEL + 78, STRIP_H = 22, MAX_BINS = 200, MAX_STRIP = 120 };

/* One panel's cells at nb × nb bins of k timesteps: the heat classes and
 * log10 of each value relative to its row's value at s = t′. A bin shows a
 * NaN/Inf if it holds one (it must not hide), else its largest value. */
typedef struct {
    int T, k, nb;
    unsigned char *cls;     /* (nb, nb) rs_heat_class */
    double *x;              /* (nb, nb) */
} panel;

static bool panel_build(panel *p, const rs_itemized *it, bool input)
{
    const int T = it->T, k = (T + MAX_BINS - 1) / MAX_BINS, nb = (T + k - 1) / k;
    *p = (panel){T, k, nb, calloc((size_t)nb * nb, 1), calloc((size_t)nb * nb, sizeof(double))};
    if (!p->cls || !p->x)
        return false;
    for (int tp = 1; tp <= T; tp++) {
        if (!it->predicts[tp - 1])
            continue;
        for (int s = 1; s <= tp; s++) {
            double x;
            const rs_heat_class c = rs_itemized_cell(it, input, tp, s, &x);
            const size_t i = (size_t)((tp - 1) / k) * nb + (size_t)((s - 1) / k);
            const rs_heat_class now = (rs_heat_class)p->cls[i];
            if (now == RS_HEAT_NONFINITE || c == RS_HEAT_EMPTY)
                continue;
            if (c == RS_HEAT_NONFINITE || now == RS_HEAT_EMPTY || (now == RS_HEAT_ZERO && c == RS_HEAT_VALUE) ||
                (now == RS_HEAT_VALUE && c == RS_HEAT_VALUE && x > p->x[i])) {
                p->cls[i] = (unsigned char)c;
                p->x[i] = x;
            }
        }
    }
    return true;
}

static void panel_free(panel *p)
{
    free(p->cls);
    free(p->x);
}

/* The heat map's scale, as on the screen (RS_RANGE_DEFAULT decades either
 * side of the row's own value at s = t′); the upper triangle is left blank. */
#define RANGE ((double)RS_RANGE_DEFAULT)

static void fill_of(const panel *p, size_t i, char *out, size_t n)
{
    if (p->cls[i] == RS_HEAT_EMPTY)
        snprintf(out, n, "none");
    else
        rs_figure_fill(p->cls[i], rs_heat_level(p->x[i], RANGE, rs_figure_steps()), out, n);
}

static void draw_panel(FILE *f, const panel *p, int x0, const char *symbol, const char *meaning)
{
    const double cell = (double)PANEL / p->nb;
    fputs("<g shape-rendering=\"crispEdges\">\n", f);
    for (int r = 0; r < p->nb; r++) {
        /* One rectangle per run of equal fill along the row. */
        int start = 0;
        char fill[32], next[32];
        fill_of(p, (size_t)r * p->nb, fill, sizeof fill);
        for (int c = 1; c <= p->nb; c++) {
            if (c < p->nb) {
                fill_of(p, (size_t)r * p->nb + c, next, sizeof next);
                if (strcmp(next, fill) == 0)
                    continue;
            }
            if (strcmp(fill, "none") != 0)
                fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>\n",
                        x0 + start * cell, TOP + r * cell, (c - start) * cell, cell, fill);
            start = c;
            snprintf(fill, sizeof fill, "%s", next);
        }
    }
    fputs("</g>\n", f);
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#000\"/>\n", x0, TOP, PANEL,
            PANEL);
    /* the diagonal s = t′: each row's reference */
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\" stroke-dasharray=\"3 3\"/>\n", x0, TOP,
            x0 + PANEL, TOP + PANEL);
    const int step = rs_svg_tick_step(p->T, 8);
    for (int t = 1; t <= p->T; t = (t == 1 && step > 1) ? step : t + step) {
        const double at = ((t - 1) / p->k + 0.5) * cell;
        fprintf(f, "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"#000\"/>\n", x0 + at, TOP + PANEL,
                x0 + at, TOP + PANEL + 5);
        fprintf(f, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", x0 + at, TOP + PANEL + 19, t);
        fprintf(f, "<line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\" stroke=\"#000\"/>\n", x0 - 5, TOP + at, x0,
                TOP + at);
        fprintf(f, "<text x=\"%d\" y=\"%.2f\" text-anchor=\"end\" dominant-baseline=\"middle\">%d</text>\n", x0 - 8,
                TOP + at, t);
    }
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">earlier step s</text>\n", x0 + PANEL / 2,
            TOP + PANEL + 38);
    fprintf(f, "<text transform=\"translate(%d %d) rotate(-90)\" text-anchor=\"middle\">prediction at step t′</text>\n",
            x0 - 42, TOP + PANEL / 2);
    fprintf(f, "<text x=\"%d\" y=\"%d\"><tspan font-weight=\"bold\">", x0, TOP - 10);
    rs_svg_text(f, symbol);
    fputs("</tspan>: ", f);
    rs_svg_text(f, meaning);
    fputs("</text>\n", f);
}

/* The ramp's levels upright, the row's own value (1) in the middle, ticked
 * every 8 decades. */
static void colour_bar(FILE *f)
{
    const int steps = rs_figure_steps(), cells = 2 * steps + 1;
    for (int l = steps; l >= -steps; l--) {
        char fill[32];
        rs_figure_fill(RS_HEAT_VALUE, l, fill, sizeof fill);
        fprintf(f, "<rect x=\"%d\" y=\"%.2f\" width=\"%d\" height=\"%.2f\" fill=\"%s\" shape-rendering=\"crispEdges\"/>\n",
                BAR_X, TOP + (double)PANEL * (steps - l) / cells, BAR_W, (double)PANEL / cells + 0.5, fill);
    }
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#000\"/>\n", BAR_X, TOP,
            BAR_W, PANEL);
    for (int k = -(int)RANGE; k <= (int)RANGE; k += 8) {
        const double y = TOP + PANEL * (0.5 - (double)k / RANGE * steps / cells);
        fprintf(f, "<line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\" stroke=\"#000\"/>\n", BAR_X + BAR_W, y,
                BAR_X + BAR_W + 4, y);
        fprintf(f, "<text x=\"%d\" y=\"%.2f\" dominant-baseline=\"middle\">", BAR_X + BAR_W + 7, y);
        if (k == 0)
            fputs("1", f);
        else
            fprintf(f, "10<tspan dy=\"-6\" font-size=\"10\">%d</tspan>", k);
        fputs("</text>\n", f);
    }
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">÷ value at s = t′</text>\n",
            BAR_X + BAR_W / 2, TOP - 10);
}

/* The last prediction's connectivity over the sequence's own symbols. */
static void symbol_strip(FILE *f, const rs_itemized *it, const rs_session *s)
{
    const int T = it->T;
    int last = 0;
    for (int tp = T; tp >= 1 && !last; tp--)
        if (it->predicts[tp - 1])
            last = tp;
    const rs_task_spec *task = rs_session_task(s);
    if (!last || T > MAX_STRIP || it->row.token[0] < 0 || !rs_task_token_name(task, it->row.token[0]))
        return;
    const double w = (double)(BAR_X - LEFT_X) / T;
    const double *row = it->g_x + (size_t)(last - 1) * T;
    const int k = it->row.readout == RS_READOUT_EVERY ? last - 1 : 0;
    const char *predicted = it->row.label ? rs_task_class_name(task, it->row.label[k]) : NULL;
    fprintf(f, "<text x=\"%d\" y=\"%d\">", LEFT_X, STRIP_Y - 8);
    fprintf(f, "what the prediction at t′ = %d", last);
    if (predicted) {
        fputs(" (its target: “", f);
        rs_svg_text(f, predicted);
        fputs("”)", f);
    }
    fputs(" depends on: each input s coloured by ‖∂L_{t′}/∂x_s‖ on the scale above</text>\n", f);
    for (int s = 1; s <= T; s++) {
        double x = 0.0;
        char fill[32] = "#ffffff";
        const rs_heat_class c =
            s <= last ? rs_heat_classify(row[s - 1], row[last - 1], RS_SCALE_RELATIVE, &x) : RS_HEAT_EMPTY;
        const int level = rs_heat_level(x, RANGE, rs_figure_steps());
        if (c != RS_HEAT_EMPTY)
            rs_figure_fill(c, level, fill, sizeof fill);
        const double x0 = LEFT_X + (s - 1) * w;
        fprintf(f, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\" stroke=\"#ccc\" stroke-width=\"0.5\"/>\n",
                x0, STRIP_Y, w, STRIP_H, fill);
        const char *name = rs_task_token_name(task, it->row.token[s - 1]);
        if (!name)
            continue;
        /* light text on the dark ends of the ramp, dark in its pale middle */
        const bool dark = c == RS_HEAT_VALUE && abs(level) > rs_figure_steps() / 2;
        fprintf(f, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\" font-size=\"%.1f\" fill=\"%s\">", x0 + w / 2,
                STRIP_Y + 15, fmin(12.0, 1.15 * w), dark ? "#fff" : "#000");
        rs_svg_text(f, name);
        fputs("</text>\n", f);
    }
    fprintf(f, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\"/>\n",
            LEFT_X + (last - 1) * w, STRIP_Y - 2, w, STRIP_H + 4);
}

int rs_itemized_svg(FILE *f, const rs_itemized *it, const rs_session *s)
{
    panel ph, px;
    if (!panel_build(&ph, it, false) || !panel_build(&px, it, true)) {
        panel_free(&ph);
        panel_free(&px);
        return -1;
    }
    const rs_config *c = rs_session_config(s);
    const char *title = c->scenario.title[0] ? c->scenario.title : "rnnscope";
    const int height = STRIP_Y + STRIP_H + 80;
    rs_svg_begin(f, WIDTH, height, title);
    rs_figure_defs(f);
    fprintf(f, "<text x=\"%d\" y=\"28\" font-size=\"18\" font-weight=\"bold\">", LEFT_X);
    rs_svg_text(f, title);
    fprintf(f, "</text>\n<text x=\"%d\" y=\"50\">per-prediction gradients of sequence %d (Cashman et al. 2019): how "
               "far back each single prediction reaches</text>\n", LEFT_X, it->b + 1);
    fprintf(f, "<text x=\"%d\" y=\"68\" font-size=\"12\">%d prediction%s; log scale, each row relative to its own "
               "value at s = t′</text>\n", LEFT_X, it->npredictions, it->npredictions == 1 ? "" : "s");
    draw_panel(f, &ph, LEFT_X, "‖∂L_{t′}/∂h_s‖", "the gradient to the state");
    draw_panel(f, &px, RIGHT_X, "‖∂L_{t′}/∂x_s‖", "connectivity to the input");
    colour_bar(f);
    symbol_strip(f, it, s);
    rs_figure_caption(f, s, LEFT_X, height - 40);
    fputs("</svg>\n", f);
    panel_free(&ph);
    panel_free(&px);
    return ferror(f) ? -1 : 0;
}
