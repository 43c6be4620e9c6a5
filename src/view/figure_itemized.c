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

static void fill_of(const panel *p, size_t i, double lo, double hi, char *out, size_t n)
{
    switch (p->cls[i]) {
    case RS_HEAT_VALUE: {
        char hex[8];
        rs_svg_plasma((p->x[i] - lo) / (hi - lo), hex);
        snprintf(out, n, "%s", hex);
        break;
    }
    case RS_HEAT_NONFINITE: snprintf(out, n, "url(#nonfinite)"); break;
    case RS_HEAT_ZERO: snprintf(out, n, "url(#zero)"); break;
    default: snprintf(out, n, "none"); break;
    }
}

/* A round tick spacing (1, 2 or 5 × 10^k) giving at most `most` ticks over span. */
static int tick_step(int span, int most)
{
    for (int step = 1;; step *= 10)
        for (int m = 1; m <= 5; m += m == 1 ? 1 : 3)
            if (span / (step * m) < most)
                return step * m;
}

static void draw_panel(FILE *f, const panel *p, int x0, double lo, double hi, const char *symbol, const char *meaning)
{
    const double cell = (double)PANEL / p->nb;
    fputs("<g shape-rendering=\"crispEdges\">\n", f);
    for (int r = 0; r < p->nb; r++) {
        /* One rectangle per run of equal fill along the row. */
        int start = 0;
        char fill[32], next[32];
        fill_of(p, (size_t)r * p->nb, lo, hi, fill, sizeof fill);
        for (int c = 1; c <= p->nb; c++) {
            if (c < p->nb) {
                fill_of(p, (size_t)r * p->nb + c, lo, hi, next, sizeof next);
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
    const int step = tick_step(p->T, 8);
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

static void colour_bar(FILE *f, double lo, double hi)
{
    enum { STEPS = 64 };
    for (int i = 0; i < STEPS; i++) {
        char hex[8];
        rs_svg_plasma((i + 0.5) / STEPS, hex);
        fprintf(f, "<rect x=\"%d\" y=\"%.2f\" width=\"%d\" height=\"%.2f\" fill=\"%s\" shape-rendering=\"crispEdges\"/>\n",
                BAR_X, TOP + (double)PANEL * (STEPS - 1 - i) / STEPS, BAR_W, (double)PANEL / STEPS + 0.5, hex);
    }
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#000\"/>\n", BAR_X, TOP,
            BAR_W, PANEL);
    const int every = tick_step((int)(hi - lo), 9);
    for (int k = (int)ceil(lo - 1e-9); k <= (int)floor(hi + 1e-9); k++) {
        if (k % every != 0)
            continue;
        const double y = TOP + PANEL * (hi - k) / (hi - lo);
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
static void symbol_strip(FILE *f, const rs_itemized *it, const rs_session *s, double lo, double hi)
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
        double x;
        char fill[32] = "#ffffff";
        const rs_heat_class c = s <= last ? rs_heat_classify(row[s - 1], row[last - 1], true, &x) : RS_HEAT_EMPTY;
        if (c == RS_HEAT_VALUE)
            rs_svg_plasma((x - lo) / (hi - lo), fill);
        else if (c == RS_HEAT_ZERO)
            snprintf(fill, sizeof fill, "url(#zero)");
        else if (c == RS_HEAT_NONFINITE)
            snprintf(fill, sizeof fill, "url(#nonfinite)");
        const double x0 = LEFT_X + (s - 1) * w;
        fprintf(f, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\" stroke=\"#ccc\" stroke-width=\"0.5\"/>\n",
                x0, STRIP_Y, w, STRIP_H, fill);
        const char *name = rs_task_token_name(task, it->row.token[s - 1]);
        if (!name)
            continue;
        /* light text on the dark (small) end of plasma, dark on the light end */
        const bool dark = c == RS_HEAT_VALUE && (x - lo) / (hi - lo) < 0.55;
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
    /* One colour range for both panels (the heat map's: whole decades, symmetric). */
    const size_t n = (size_t)ph.nb * ph.nb;
    double lo1, hi1, lo2, hi2;
    rs_heat_range(ph.x, ph.cls, n, true, &lo1, &hi1);
    rs_heat_range(px.x, px.cls, n, true, &lo2, &hi2);
    const double lo = fmin(lo1, lo2), hi = fmax(hi1, hi2);

    const rs_config *c = rs_session_config(s);
    const char *title = c->scenario.title[0] ? c->scenario.title : "rnnscope";
    const int height = STRIP_Y + STRIP_H + 80;
    rs_svg_begin(f, WIDTH, height, title);
    fputs("<defs>\n"
          "<pattern id=\"nonfinite\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
          "<rect width=\"6\" height=\"6\" fill=\"#000\"/><path d=\"M0 6L6 0\" stroke=\"#fff\" stroke-width=\"1.5\"/>"
          "</pattern>\n"
          "<pattern id=\"zero\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
          "<rect width=\"6\" height=\"6\" fill=\"#fff\"/><path d=\"M0 0L6 6\" stroke=\"#888\" stroke-width=\"1\"/>"
          "</pattern>\n</defs>\n", f);
    fprintf(f, "<text x=\"%d\" y=\"28\" font-size=\"18\" font-weight=\"bold\">", LEFT_X);
    rs_svg_text(f, title);
    fprintf(f, "</text>\n<text x=\"%d\" y=\"50\">per-prediction gradients of sequence %d (Cashman et al. 2019): how "
               "far back each single prediction reaches</text>\n", LEFT_X, it->b + 1);
    fprintf(f, "<text x=\"%d\" y=\"68\" font-size=\"12\">%d prediction%s; log scale, each row relative to its own "
               "value at s = t′</text>\n", LEFT_X, it->npredictions, it->npredictions == 1 ? "" : "s");
    draw_panel(f, &ph, LEFT_X, lo, hi, "‖∂L_{t′}/∂h_s‖", "the gradient to the state");
    draw_panel(f, &px, RIGHT_X, lo, hi, "‖∂L_{t′}/∂x_s‖", "connectivity to the input");
    colour_bar(f, lo, hi);
    symbol_strip(f, it, s, lo, hi);
    rs_figure_caption(f, s, LEFT_X, height - 40);
    fputs("</svg>\n", f);
    panel_free(&ph);
    panel_free(&px);
    return ferror(f) ? -1 : 0;
}
