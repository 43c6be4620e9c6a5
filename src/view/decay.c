/* The decay profile: its series, the theory's envelope, its drawing and its
 * SVG (pure). */
#include "decay.h"

#include <math.h>
#include <string.h>

#include "format.h"

/* ---- the theory ----------------------------------------------------------- */

rs_decay_theory rs_decay_theory_of(rs_cell cell, rs_readout readout)
{
    if (rs_cell_is_gated(cell))
        return RS_DECAY_THEORY_GATED;
    if (cell == RS_CELL_SKIP)
        return RS_DECAY_THEORY_SKIP;
    if (readout == RS_READOUT_EVERY)
        return RS_DECAY_THEORY_EVERY;
    return RS_DECAY_THEORY_APPLIES;
}

const char *rs_decay_theory_note(rs_decay_theory th, bool brief)
{
    switch (th) {
    case RS_DECAY_THEORY_SKIP:
        return brief ? "no bound: W_sk jumps k steps at once"
                     : "no envelope: W_sk h_{t−k} is a second route back, k steps at once, beside the bounded one";
    case RS_DECAY_THEORY_GATED:
        return brief ? "no bound: the gates, not W_hh, carry it"
                     : "no envelope: the memory path is multiplied by the gates, not by W_hh, so (γ·σ_max)^(T−t) does not bound it";
    case RS_DECAY_THEORY_EVERY:
        return brief ? "no bound: every step has its own loss"
                     : "no envelope: every step has a loss, so ∂L/∂h_t gets a term of its own at each t, not only the one from T";
    case RS_DECAY_THEORY_APPLIES:
        break;
    }
    return "";
}

/* ---- the series ----------------------------------------------------------- */

void rs_decay_from_vector(rs_decay_series *d, const double *g_h, int T, int known_from, rs_cell cell,
                          rs_readout readout, double bound)
{
    d->T = T < 0 ? 0 : T > RS_DECAY_MAX_T ? RS_DECAY_MAX_T : T;
    d->have = g_h != NULL && d->T > 0;
    d->theory = rs_decay_theory_of(cell, readout);
    d->log_rate = d->theory == RS_DECAY_THEORY_APPLIES && bound > 0.0 && isfinite(bound) ? log10(bound) : NAN;
    d->reach = 0;
    d->noref = false;
    for (int t = 1; t <= d->T; t++) {
        d->cls[t - 1] = RS_DECAY_NONE;
        d->logr[t - 1] = NAN;
    }
    if (!d->have || T > RS_DECAY_MAX_T)
        return;
    const double end = g_h[T - 1];
    d->noref = !(end > 0.0) || !isfinite(end);
    for (int t = known_from < 1 ? 1 : known_from; t <= T; t++) {
        const double v = g_h[t - 1];
        if (!isfinite(v) || (t == T && !isfinite(end)))
            d->cls[t - 1] = RS_DECAY_NONFINITE;
        else if (d->noref)
            continue;           /* no ratio to t = T */
        else if (v == 0.0)
            d->cls[t - 1] = RS_DECAY_ZERO;
        else {
            d->cls[t - 1] = RS_DECAY_VALUE;
            /* A difference of logs: no overflow for 10⁻³⁰⁰ / 10³⁰⁰. */
            d->logr[t - 1] = log10(fabs(v)) - log10(end);
        }
    }
    if (known_from <= 1)
        d->reach = rs_reach(g_h, T);
}

void rs_decay_from_session(rs_decay_series *d, const rs_session *s)
{
    const rs_settings *set = rs_session_settings(s);
    const bool bptt = rs_session_bptt_active(s);
    const rs_workspace *ws = rs_session_workspace(s);
    const bool have = (bptt || rs_session_last(s) != NULL) && ws && ws->T == set->task.length;
    const int known_from = bptt ? rs_session_bptt_t(s) + 1 : 1;
    rs_decay_from_vector(d, have ? rs_session_vector(s, RS_VEC_G_H) : NULL, set->task.length, known_from,
                         set->model.cell, set->model.readout, rs_session_spectral(s).bound);
}

double rs_decay_envelope(const rs_decay_series *d, int t)
{
    if (d->theory != RS_DECAY_THEORY_APPLIES || !isfinite(d->log_rate) || t < 1 || t > d->T)
        return NAN;
    return (double)(d->T - t) * d->log_rate;
}

int rs_decay_ticks(double lo, double hi, int max_ticks, double *out, int max)
{
    if (!(hi > lo) || max_ticks < 1 || max < 1)
        return 0;
    static const int every[] = {1, 2, 5, 10, 20, 50, 100, 200, 500};
    int d = 1000;
    for (size_t i = 0; i < sizeof every / sizeof every[0]; i++)
        if (floor(hi / every[i]) - ceil(lo / every[i]) + 1 <= max_ticks) {
            d = every[i];
            break;
        }
    int n = 0;
    for (double k = ceil(lo / d); k * d <= hi && n < max; k++)
        out[n++] = k * d;
    return n;
}

/* ---- drawing ----------------------------------------------------------------- */

double rs_decay_dot_x(const rs_tbins *tb, int t)
{
    if (tb->nbins <= 0 || t < 1)
        return NAN;
    const int b = (t - 1) / tb->t_per_col;
    int t0, t1;
    rs_tbins_range(tb, b, &t0, &t1);
    const int c0 = rs_tbins_col(tb, b), c1 = rs_tbins_col(tb, b + 1);
    /* The bin's dots [2·c0, 2·c1), its timesteps spread evenly across them. */
    const double dots = 2.0 * (c1 - c0);
    return 2.0 * c0 + (t - t0 + 0.5) * dots / (t1 - t0 + 1) - 0.5;
}

void rs_decay_span(int range, double *lo, double *hi)
{
    *lo = RS_DECAY_LO;
    *hi = RS_DECAY_HI;
    if (range > -RS_DECAY_LO) {
        *lo = -range;
        *hi = range;
    }
}

double rs_decay_dot_y(double y, double lo, double hi, int h)
{
    return (hi - y) / (hi - lo) * (4.0 * h - 1.0);
}

/* Every other dot of the line: a reference or the theory, so the measured
 * line crossing it still shows. */
static void dotted(rs_braille *c, double x0, double y0, double x1, double y1, int role)
{
    const double dx = x1 - x0, dy = y1 - y0;
    const int n = (int)ceil(fmax(fabs(dx), fabs(dy)));
    for (int i = 0; i <= n; i += 2) {
        const double f = n ? (double)i / n : 0.0;
        rs_braille_set(c, (int)lround(x0 + f * dx), (int)lround(y0 + f * dy), role);
    }
}

/* A dot row far enough below the canvas for a point off the range to
 * leave at its bottom edge, but within an int. */
static double below(const rs_braille *c) { return 4.0 * c->h + 8.0; }

static void draw_series(rs_braille *c, const rs_tbins *tb, double lo, double hi, const rs_decay_series *d, int role)
{
    bool have_prev = false;
    double px = 0.0, py = 0.0;
    for (int t = 1; t <= d->T; t++) {
        const int cls = d->cls[t - 1];
        if (cls != RS_DECAY_VALUE && cls != RS_DECAY_ZERO) {
            have_prev = false;
            continue;
        }
        const double x = rs_decay_dot_x(tb, t);
        /* Exactly 0 (cut by truncation): along the bottom edge, the floor of every range. */
        double y = cls == RS_DECAY_ZERO ? 4.0 * c->h - 1.0 : rs_decay_dot_y(d->logr[t - 1], lo, hi, c->h);
        /* Far off the canvas the line only needs to leave it. */
        y = fmax(-8.0 - 4.0 * c->h, fmin(y, below(c)));
        if (have_prev)
            rs_braille_line(c, (int)lround(px), (int)lround(py), (int)lround(x), (int)lround(y), role);
        else
            rs_braille_set(c, (int)lround(x), (int)lround(y), role);
        have_prev = true;
        px = x;
        py = y;
    }
}

void rs_decay_draw(rs_braille *c, const rs_tbins *tb, double lo, double hi, const rs_decay_series *const *d, int n,
                   const int *marks, int nmarks)
{
    const int rows = 4 * c->h;
    if (RS_DECAY_REACH_DECADES >= lo && RS_DECAY_REACH_DECADES <= hi) {
        const double y = rs_decay_dot_y(RS_DECAY_REACH_DECADES, lo, hi, c->h);
        dotted(c, 0.0, y, 2.0 * c->w - 1.0, y, RS_DECAY_ROLE_REACH);
    }
    for (int i = 0; i < nmarks; i++) {
        /* a light column: every fourth dot */
        const double x = rs_decay_dot_x(tb, marks[i]);
        for (int y = 1; isfinite(x) && y < rows; y += 4)
            rs_braille_set(c, (int)lround(x), y, RS_DECAY_ROLE_MARK);
    }
    for (int k = 0; k < n; k++) {
        const rs_decay_series *s = d[k];
        if (!s->have || !isfinite(rs_decay_envelope(s, 1)))
            continue;
        /* A straight line in decades: from 1 at t = T to (γ·σ_max)^(T−1) at t = 1. */
        const double y1 = rs_decay_dot_y(rs_decay_envelope(s, 1), lo, hi, c->h);
        const double yT = rs_decay_dot_y(0.0, lo, hi, c->h);
        double x1 = rs_decay_dot_x(tb, 1), xT = rs_decay_dot_x(tb, s->T), ya = y1;
        /* Cut where it leaves the canvas, so the dots stay evenly spaced. */
        const double edge = y1 > yT ? rows - 1.0 : 0.0;
        if ((y1 > yT && y1 > edge) || (y1 < yT && y1 < edge)) {
            x1 = x1 + (xT - x1) * (edge - y1) / (yT - y1);
            ya = edge;
        }
        dotted(c, xT, yT, x1, ya, RS_DECAY_ROLE_ENVELOPE);
    }
    for (int k = n - 1; k >= 0; k--)
        if (d[k]->have)
            draw_series(c, tb, lo, hi, d[k], RS_DECAY_ROLE_SERIES + (n - 1 - k));
}

/* ---- SVG ------------------------------------------------------------------------- */

/* Colours as on screen (gold, then cyan for compare mode's right side). */
static const char *const series_colour[] = {"#c8961e", "#1f8fc8"};

/* "10<tspan …>−20</tspan>": a decade with its exponent raised. */
static void svg_decade(FILE *f, double e)
{
    if (e == 0.0)
        fputs("1", f);
    else
        fprintf(f, "10<tspan dy=\"-5\" font-size=\"9\">%s%d</tspan>", e < 0 ? "−" : "", (int)fabs(e));
}

int rs_decay_svg(FILE *f, const rs_decay_series *const *d, const char *const *names, int n, double lo, double hi,
                 const int *marks, int nmarks, const char *title)
{
    const double W = 760, H = 400, L = 72, R = 24, Tm = 44, B = 56;
    const double pw = W - L - R, ph = H - Tm - B;
    int T = 0;
    for (int k = 0; k < n; k++)
        T = d[k]->T > T ? d[k]->T : T;
    if (T < 1)
        T = 1;
#define X(t) (L + ((T) > 1 ? ((t) - 1.0) / ((T) - 1.0) : 0.5) * pw)
#define Y(v) (Tm + (hi - (v)) / (hi - lo) * ph)
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
               "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n",
            W, H, W, H);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
    fputs("<text x=\"16\" y=\"24\" font-size=\"15\" font-weight=\"bold\">", f);
    for (const char *p = title; *p; p++) {
        if (*p == '&') fputs("&amp;", f);
        else if (*p == '<') fputs("&lt;", f);
        else if (*p == '>') fputs("&gt;", f);
        else fputc(*p, f);
    }
    fputs("</text>\n", f);
    /* clip path for the lines */
    fprintf(f, "<defs><clipPath id=\"plot\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/></clipPath></defs>\n",
            L, Tm, pw, ph);
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#444\"/>\n", L, Tm, pw, ph);
    /* y ticks: decades */
    double ticks[16];
    const int nt = rs_decay_ticks(lo, hi, 8, ticks, 16);
    for (int i = 0; i < nt; i++) {
        const double y = Y(ticks[i]);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", L, y, L + pw, y);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", L - 6, y + 4);
        svg_decade(f, ticks[i]);
        fputs("</text>\n", f);
    }
    fprintf(f, "<text x=\"16\" y=\"%.1f\" transform=\"rotate(-90 16 %.1f)\" text-anchor=\"middle\">"
               "‖∂L/∂h_t‖ / ‖∂L/∂h_T‖</text>\n", Tm + ph / 2, Tm + ph / 2);
    /* t ticks */
    int tt[32];
    const int ntt = rs_ticks(T, (int)pw / 6, 3, tt, 32);
    for (int i = 0; i < ntt; i++)
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>\n", X(tt[i]), Tm + ph + 16, tt[i]);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">timestep t (the answer is read at t = T = %d)</text>\n",
            L + pw / 2, Tm + ph + 36, T);
    /* reach line and markers */
    if (RS_DECAY_REACH_DECADES >= lo && RS_DECAY_REACH_DECADES <= hi) {
        const double y = Y(RS_DECAY_REACH_DECADES);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\" stroke-dasharray=\"2 3\"/>\n",
                L, y, L + pw, y);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#666\" font-size=\"10\">reach: 10<tspan dy=\"-4\" "
                   "font-size=\"8\">−6</tspan></text>\n", L + 4, y - 4);
    }
    for (int i = 0; i < nmarks; i++)
        if (marks[i] >= 1 && marks[i] <= T)
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b8860b\" stroke-dasharray=\"1 3\"/>\n",
                    X(marks[i]), Tm, X(marks[i]), Tm + ph);
    fprintf(f, "<g clip-path=\"url(#plot)\" fill=\"none\" stroke-width=\"2\">\n");
    for (int k = 0; k < n; k++) {
        const rs_decay_series *s = d[k];
        const char *col = series_colour[k % 2];
        if (s->have && isfinite(rs_decay_envelope(s, 1)))
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#2ca02c\" stroke-width=\"1.5\" "
                       "stroke-dasharray=\"6 4\"/>\n", X(s->T), Y(0.0), X(1), Y(rs_decay_envelope(s, 1)));
        bool open = false;
        for (int t = 1; t <= s->T; t++) {
            const int cls = s->cls[t - 1];
            if (cls != RS_DECAY_VALUE) {
                if (open)
                    fputs("\"/>\n", f);
                open = false;
                continue;
            }
            /* Far below the range the point only needs to be off the plot. */
            const double v = fmax(s->logr[t - 1], lo - (hi - lo)), y = Y(fmin(v, hi + (hi - lo)));
            if (!open)
                fprintf(f, "<polyline stroke=\"%s\" points=\"", col);
            fprintf(f, "%.1f,%.1f ", X(t), y);
            open = true;
        }
        if (open)
            fputs("\"/>\n", f);
    }
    fputs("</g>\n", f);
    /* legend */
    double ly = Tm + 14;
    for (int k = 0; k < n; k++, ly += 16) {
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                L + pw - 200, ly - 4, L + pw - 180, ly - 4, series_colour[k % 2]);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">", L + pw - 174, ly);
        for (const char *p = names[k] ? names[k] : ""; *p; p++)
            fputc(*p == '<' ? '[' : *p == '&' ? '+' : *p, f);
        fputs("</text>\n", f);
    }
    for (int k = 0; k < n; k++)
        if (d[k]->have && isfinite(rs_decay_envelope(d[k], 1))) {
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#2ca02c\" stroke-dasharray=\"6 4\"/>\n",
                    L + pw - 200, ly - 4, L + pw - 180, ly - 4);
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">bound (γ·σ_max)<tspan dy=\"-5\" font-size=\"9\">T−t</tspan></text>\n",
                    L + pw - 174, ly);
            break;
        }
    fputs("</svg>\n", f);
#undef X
#undef Y
    return ferror(f) ? -1 : 0;
}
