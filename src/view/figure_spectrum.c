/* The spectrum as CSV and SVG: the eigenvalues in the complex plane with the
 * unit circle, the circle of radius σ_max and Girko's circle-law disc — why
 * σ = 0.1 vanishes and σ = 0.3 explodes (Pascanu, Mikolov & Bengio 2013,
 * §3.1: ρ(W_hh) < 1 makes W_hh^k shrink; γ·σ_max < 1 forces the gradient
 * to vanish). Equal aspect: a circle is round. */
#include <math.h>
#include <stdio.h>

#include "figure.h"
#include "figures.h"
#include "svg.h"

int rs_spectrum_csv(FILE *f, const rs_spectrum *const snaps[], int n)
{
    fputs("step,set,re,im\n", f);
    for (int k = 0; k < n; k++)
        for (int j = 0; j < snaps[k]->nsets; j++) {
            const rs_eig_set *set = &snaps[k]->set[j];
            for (int i = 0; i < set->n; i++) {
                fprintf(f, "%ld,%s,", snaps[k]->step, rs_eig_matrix_names[set->matrix]);
                rs_csv_number(f, set->re[i]);
                fputc(',', f);
                rs_csv_number(f, set->im[i]);
                fputc('\n', f);
            }
        }
    return ferror(f) ? -1 : 0;
}

/* The plot: a square of SIDE px centred at (CX, CY) shows [−R, R]². */
enum { CX = 340, CY = 350, SIDE = 520, LEGEND_X = 640, WIDTH = 1180, HEIGHT = 720 };

static const char *const set_colour[RS_EIG_COUNT] = {"#1f4e9c", "#e06c00", "#7b1fa2"};

static double px(double x, double R) { return CX + x / R * (SIDE / 2.0); }
static double py(double y, double R) { return CY - y / R * (SIDE / 2.0); }

/* A round tick spacing (1, 2 or 5 × 10^k) with at most `most` ticks over span. */
static double tick_step(double span, int most)
{
    const double base = pow(10.0, floor(log10(span / most))), times[] = {1.0, 2.0, 5.0};
    for (int i = 0; i < 3; i++)
        if (span / (base * times[i]) <= most)
            return base * times[i];
    return 10.0 * base;
}

/* The half-width of the square: every circle and point inside, the unit circle always. */
static double extent(const rs_spectrum *const snaps[], int n)
{
    double R = 1.0;
    for (int k = 0; k < n; k++) {
        if (isfinite(snaps[k]->circle_law))
            R = fmax(R, snaps[k]->circle_law);
        for (int j = 0; j < snaps[k]->nsets; j++) {
            const rs_eig_set *set = &snaps[k]->set[j];
            if (isfinite(set->sigma_max))
                R = fmax(R, set->sigma_max);
            if (isfinite(set->radius))
                R = fmax(R, set->radius);
        }
    }
    return 1.08 * R;
}

static void circle(FILE *f, double r, double R, const char *style)
{
    fprintf(f, "<circle cx=\"%d\" cy=\"%d\" r=\"%.2f\" %s/>\n", CX, CY, r / R * (SIDE / 2.0), style);
}

static void axes(FILE *f, double R)
{
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#000\"/>\n", CX - SIDE / 2,
            CY - SIDE / 2, SIDE, SIDE);
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\"/>\n", CX - SIDE / 2, CY, CX + SIDE / 2, CY);
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\"/>\n", CX, CY - SIDE / 2, CX, CY + SIDE / 2);
    const double step = tick_step(2.0 * R, 8);
    for (double v = -floor(R / step) * step; v <= R + 1e-12; v += step) {
        const double t = fabs(v) < 1e-12 ? 0.0 : v;
        fprintf(f, "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"#000\"/>\n", px(t, R), CY + SIDE / 2,
                px(t, R), CY + SIDE / 2 + 5);
        fprintf(f, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">%g</text>\n", px(t, R), CY + SIDE / 2 + 19, t);
        fprintf(f, "<line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\" stroke=\"#000\"/>\n", CX - SIDE / 2 - 5, py(t, R),
                CX - SIDE / 2, py(t, R));
        fprintf(f, "<text x=\"%d\" y=\"%.2f\" text-anchor=\"end\" dominant-baseline=\"middle\">%g</text>\n",
                CX - SIDE / 2 - 8, py(t, R), t);
    }
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">real part of λ</text>\n", CX, CY + SIDE / 2 + 40);
    fprintf(f, "<text transform=\"translate(%d %d) rotate(-90)\" text-anchor=\"middle\">imaginary part of λ</text>\n",
            CX - SIDE / 2 - 48, CY);
}

static void points(FILE *f, const rs_eig_set *set, double R, bool newest)
{
    const char *colour = set_colour[set->matrix];
    for (int i = 0; i < set->n; i++) {
        if (!isfinite(set->re[i]) || !isfinite(set->im[i]))
            continue;
        if (newest)
            fprintf(f, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3.2\" fill=\"%s\"/>\n", px(set->re[i], R),
                    py(set->im[i], R), colour);
        else
            fprintf(f, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3.6\" fill=\"none\" stroke=\"%s\" stroke-opacity=\"0.45\"/>\n",
                    px(set->re[i], R), py(set->im[i], R), colour);
    }
}

/* One legend line at y: a swatch drawn by `mark` (SVG at the swatch's centre) and the text. */
static int legend_line(FILE *f, int y, const char *mark, const char *text)
{
    fprintf(f, "<g transform=\"translate(%d %d)\">%s</g>\n", LEGEND_X + 10, y - 4, mark);
    fprintf(f, "<text x=\"%d\" y=\"%d\">", LEGEND_X + 30, y);
    rs_svg_text(f, text);
    fputs("</text>\n", f);
    return y + 22;
}

static int legend(FILE *f, const rs_spectrum *const snaps[], int n)
{
    const rs_spectrum *now = snaps[n - 1];
    char text[256], mark[256];
    int y = CY - SIDE / 2 + 12;
    for (int j = 0; j < now->nsets; j++) {
        const rs_eig_set *set = &now->set[j];
        snprintf(mark, sizeof mark, "<circle r=\"4\" fill=\"%s\"/>", set_colour[set->matrix]);
        snprintf(text, sizeof text, "eigenvalues of %s, step %ld", set->label, now->step);
        y = legend_line(f, y, mark, text);
        for (int k = 0; k + 1 < n; k++)
            for (int i = 0; i < snaps[k]->nsets; i++)
                if (snaps[k]->set[i].matrix == set->matrix) {
                    snprintf(mark, sizeof mark, "<circle r=\"4\" fill=\"none\" stroke=\"%s\"/>", set_colour[set->matrix]);
                    snprintf(text, sizeof text, "the same at step %ld (ρ = %.3g)", snaps[k]->step,
                             snaps[k]->set[i].radius);
                    y = legend_line(f, y, mark, text);
                }
        snprintf(mark, sizeof mark, "<line x1=\"-9\" x2=\"9\" stroke=\"%s\" stroke-dasharray=\"5 3\" stroke-width=\"1.5\"/>",
                 set_colour[set->matrix]);
        snprintf(text, sizeof text, "σ_max = %.3g: every |λ| ≤ σ_max; ρ = max |λ| = %.3g", set->sigma_max, set->radius);
        y = legend_line(f, y, mark, text);
    }
    y = legend_line(f, y, "<line x1=\"-9\" x2=\"9\" stroke=\"#000\" stroke-width=\"1.5\"/>",
                    "the unit circle |λ| = 1");
    if (isfinite(now->circle_law)) {
        snprintf(text, sizeof text, "circle law: the disc of radius %.3g (Girko 1985)", now->circle_law);
        y = legend_line(f, y, "<rect x=\"-8\" y=\"-6\" width=\"16\" height=\"12\" fill=\"#8ec5f2\" fill-opacity=\"0.45\"/>",
                        text);
        y = legend_line(f, y, "", "  where an iid init puts W_hh's eigenvalues at the start");
    }
    y += 10;
    if (isfinite(now->bound)) {
        snprintf(text, sizeof text, "γ·σ_max = %.3g (γ = %g): %s", now->bound, now->gamma,
                 now->bound < 1.0 ? "below 1, the gradient must vanish" : "not below 1, no guarantee");
        y = legend_line(f, y, "", text);
    }
    y = legend_line(f, y, "", "Inside the unit circle W_hh^k shrinks with k; outside it,");
    y = legend_line(f, y, "", "it grows: ρ > 1 is needed for exploding gradients");
    y = legend_line(f, y, "", "(Pascanu, Mikolov & Bengio 2013, §3.1).");
    return y;
}

int rs_spectrum_svg(FILE *f, const rs_spectrum *const snaps[], int n, const rs_session *s)
{
    const rs_config *c = rs_session_config(s);
    const char *title = c->scenario.title[0] ? c->scenario.title : "rnnscope";
    rs_svg_begin(f, WIDTH, HEIGHT, title);
    fprintf(f, "<text x=\"%d\" y=\"28\" font-size=\"18\" font-weight=\"bold\">", CX - SIDE / 2);
    rs_svg_text(f, title);
    fprintf(f, "</text>\n<text x=\"%d\" y=\"52\">", CX - SIDE / 2);
    if (n > 0)
        rs_svg_text(f, snaps[n - 1]->title);
    fputs("</text>\n", f);
    if (n == 0)
        return fputs("</svg>\n", f) == EOF || ferror(f) ? -1 : 0;

    const double R = extent(snaps, n);
    fprintf(f, "<clipPath id=\"plane\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/></clipPath>\n",
            CX - SIDE / 2, CY - SIDE / 2, SIDE, SIDE);
    fputs("<g clip-path=\"url(#plane)\">\n", f);
    const rs_spectrum *now = snaps[n - 1];
    if (isfinite(now->circle_law))
        circle(f, now->circle_law, R, "fill=\"#8ec5f2\" fill-opacity=\"0.45\" stroke=\"none\"");
    circle(f, 1.0, R, "fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\"");
    for (int j = 0; j < now->nsets; j++) {
        char style[160];
        snprintf(style, sizeof style, "fill=\"none\" stroke=\"%s\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"",
                 set_colour[now->set[j].matrix]);
        if (isfinite(now->set[j].sigma_max))
            circle(f, now->set[j].sigma_max, R, style);
    }
    for (int k = 0; k < n; k++)
        for (int j = 0; j < snaps[k]->nsets; j++)
            points(f, &snaps[k]->set[j], R, k == n - 1);
    fputs("</g>\n", f);
    axes(f, R);
    legend(f, snaps, n);
    rs_figure_caption(f, s, CX - SIDE / 2, HEIGHT - 40);
    fputs("</svg>\n", f);
    return ferror(f) ? -1 : 0;
}
