/* The spectrum panel (issue 14), in the heat map's place when view.mode is
 * spectrum: the eigenvalues of W_hh (skip: and of W_sk; a gated cell: of
 * its one-step state Jacobian) as braille dots in the complex plane, with
 * the unit circle, the circle of radius σ_max, Girko's circle law for an
 * iid init, and beside them ρ, σ_max, the circle law and γ·σ_max. The
 * numbers are the session's (rs_session_spectrum, kept in live.c), the
 * picture is view/plots.c's; this file places them and names them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../view/plots.h"
#include "live.h"
#include "panels.h"

/* The canvas's roles (view/plots.h) in the screen's colours. */
static void roles_for(rs_role roles[RS_SPECTRUM_ROLE_POINTS + 1])
{
    roles[0] = RS_ROLE_TEXT;
    roles[RS_SPECTRUM_ROLE_AXES] = RS_ROLE_AXES;
    roles[RS_SPECTRUM_ROLE_LAW] = RS_ROLE_LAW;
    roles[RS_SPECTRUM_ROLE_SIGMA] = RS_ROLE_SIGMA;
    roles[RS_SPECTRUM_ROLE_UNIT] = RS_ROLE_UNIT_CIRCLE;
    roles[RS_SPECTRUM_ROLE_SECOND] = RS_ROLE_EIG_SECOND;
    roles[RS_SPECTRUM_ROLE_POINTS] = RS_ROLE_EIG;
}

/* The legend's lines: a swatch glyph in the series' role, then text. */
typedef struct {
    rs_role swatch_role, text_role;
    const char *swatch;     /* "⣿", "○" or "" */
    char text[160];
} legend_line;

#define LEGEND_MAX 12

static int legend_lines(const rs_draw_ctx *c, const rs_spectrum *sp, bool gated, bool brief, legend_line *out)
{
    const bool u = c->t->utf8;
    const char *dots = rs_utf8_or(c->t, "⣿", "o"), *ring = rs_utf8_or(c->t, "○", "O");
    int n = 0;
    char a[48], b[48];
    for (int k = 0; k < sp->nsets && n + 2 < LEGEND_MAX; k++) {
        const rs_eig_set *e = &sp->set[k];
        rs_fmt_num(a, sizeof a, e->radius, u);
        rs_fmt_num(b, sizeof b, e->sigma_max, u);
        legend_line *l = &out[n++];
        *l = (legend_line){k ? RS_ROLE_EIG_SECOND : RS_ROLE_EIG, RS_ROLE_TEXT, dots, ""};
        if (brief && sp->nsets == 1)
            snprintf(l->text, sizeof l->text, "ρ = %s", a);
        else if (brief)
            snprintf(l->text, sizeof l->text, "%.4s ρ %s", e->label, a);
        else {
            snprintf(l->text, sizeof l->text, "λ of %s", e->label);
            l = &out[n++];
            *l = (legend_line){RS_ROLE_TEXT, RS_ROLE_VALUE, "", ""};
            snprintf(l->text, sizeof l->text, "ρ = max|λ| = %s", a);
        }
    }
    if (sp->nsets > 0) {
        legend_line *l = &out[n++];
        *l = (legend_line){RS_ROLE_UNIT_CIRCLE, RS_ROLE_TEXT, ring, ""};
        snprintf(l->text, sizeof l->text, "%s", brief ? "|λ| = 1" : "unit circle |λ| = 1");
        rs_fmt_num(a, sizeof a, sp->set[0].sigma_max, u);
        l = &out[n++];
        *l = (legend_line){RS_ROLE_SIGMA, RS_ROLE_TEXT, ring, ""};
        snprintf(l->text, sizeof l->text, brief ? "σ_max %s" : "σ_max = %s (every |λ| ≤ it)", a);
    }
    if (sp->nsets > 0 && isfinite(sp->circle_law)) {
        rs_fmt_num(a, sizeof a, sp->circle_law, u);
        legend_line *l = &out[n++];
        *l = (legend_line){RS_ROLE_LAW, RS_ROLE_TEXT, ring, ""};
        snprintf(l->text, sizeof l->text, brief ? "law %s" : "circle law std·√H = %s (Girko)", a);
    }
    if (sp->nsets > 0 && isfinite(sp->bound) && n < LEGEND_MAX) {
        legend_line *l = &out[n++];
        *l = (legend_line){RS_ROLE_TEXT, sp->bound < 1.0 ? RS_ROLE_GOOD : RS_ROLE_TEXT, "", ""};
        rs_theory_short(l->text, sizeof l->text, sp->bound, u);
    }
    if (sp->nsets > 0 && !brief && n < LEGEND_MAX) {
        legend_line *l = &out[n++];
        *l = (legend_line){RS_ROLE_TEXT, RS_ROLE_DIM, "", ""};
        const double rho = sp->set[0].radius;
        snprintf(l->text, sizeof l->text, "%s", gated ? (rho < 1.0 ? "ρ < 1: a step back shrinks most directions"
                                                                   : "ρ ≥ 1: some direction survives a step back")
                                                      : (rho < 1.0 ? "ρ < 1: W_hh^k shrinks like ρ^k"
                                                                   : "ρ ≥ 1: W_hh^k grows like ρ^k"));
    }
    return n;
}

static void put_legend_line(const rs_draw_ctx *c, const legend_line *l, int y, int x, int w)
{
    int used = 0;
    if (l->swatch[0]) {
        used += rs_put(c->w, c->t, l->swatch_role, y, x, w, l->swatch);
        used += rs_put(c->w, c->t, RS_ROLE_TEXT, y, x + used, w - used, " ");
    } else
        used += rs_put(c->w, c->t, RS_ROLE_TEXT, y, x, w, "  ");
    rs_put_cut(c->w, c->t, l->text_role, y, x + used, w - used, l->text);
}

/* "1" under the unit circle's crossing of the positive real axis. */
static void unit_tick(const rs_draw_ctx *c, const rs_plane *p, rs_rect plot)
{
    int dx, dy;
    rs_plane_dot(p, 1.0, 0.0, &dx, &dy);
    const int cx = dx / 2, cy = dy / 4 + 1;
    if (cx >= 0 && cx + 1 < plot.w && cy >= 0 && cy < plot.h)
        rs_put(c->w, c->t, RS_ROLE_UNIT_CIRCLE, plot.y + cy, plot.x + cx + 1, 1, "1");
}

void rs_draw_spectrum(const rs_draw_ctx *c, rs_rect box, const rs_sides *sd, int k, rs_live *live)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const rs_session *s = sd->s[k];
    rs_panel p = rs_open_view_panel(c, box, sd, k, "Spectrum: eigenvalues in the complex plane");
    if (p.width < 8 || p.y > p.last)
        return;
    const rs_spectrum *sp = &live->sp;
    const rs_cell cell = rs_cell_of(s);
    const bool gated = rs_cell_is_gated(cell);

    /* The header: the view's name and what the picture shows. */
    int x = p.x;
    x += rs_put(w, t, RS_ROLE_KEY, p.y, x, p.width, "v ");
    x += rs_put(w, t, RS_ROLE_VALUE, p.y, x, p.x + p.width - x, "spectrum ");
    if (!live->sk.have || live->sk.rc != 0) {
        rs_put_cut(w, t, live->sk.have ? RS_ROLE_ERROR : RS_ROLE_DIM, p.y, x, p.x + p.width - x,
                   live->sk.have ? live->sk.msg : "computing…");
        return;
    }
    rs_put_cut(w, t, RS_ROLE_DIM, p.y, x, p.x + p.width - x, sp->title);
    p.y++;
    if (rs_live_stale(&live->sk, s) && p.y <= p.last) {
        /* Training runs: the picture follows a few times a second. */
        char note[96];
        snprintf(note, sizeof note, "(step %ld shown; it follows training twice a second)", live->sk.step);
        rs_put_cut(w, t, RS_ROLE_DIM, p.last, p.x, p.width, note);
        p.last--;
    }
    if (sp->nsets == 0) {
        rs_put_cut(w, t, RS_ROLE_DIM, p.y + (p.last - p.y) / 2, p.x + 2, p.width - 2,
                   "nothing to draw yet: n trains one step, space runs");
        return;
    }
    const int rows = p.last - p.y + 1;
    if (rows < 3)
        return;

    /* The legend beside the plot when there is room for both, else in a few
     * brief lines under it. */
    legend_line lines[LEGEND_MAX];
    enum { LEGEND_W = 40 };
    int nl = legend_lines(c, sp, gated, false, lines);
    rs_rect plot = {p.y, p.x, rows, p.width};
    bool beside = p.width - LEGEND_W - 2 >= 2 * rows && nl <= rows;
    if (!beside) {
        nl = legend_lines(c, sp, gated, true, lines);
        /* brief: two series per line where they fit */
        int under = 0;      /* the lines the legend takes: swatch lines in pairs, the rest alone */
        for (int i = 0; i < nl; under++)
            i += i + 1 < nl && lines[i].swatch[0] && lines[i + 1].swatch[0] ? 2 : 1;
        if (under > rows - 3)
            under = rows - 3;
        plot.h = rows - (under > 0 ? under : 0);
    } else
        plot.w = 2 * rows + 4 < p.width - LEGEND_W - 2 ? 2 * rows + 4 : p.width - LEGEND_W - 2;
    if (plot.h < 2 || plot.w < 4)
        return;
    if (live->canvas.w != plot.w || live->canvas.h != plot.h) {
        rs_braille_free(&live->canvas);
        if (!rs_braille_init(&live->canvas, plot.w, plot.h))
            return;
    }
    const rs_plane pl = rs_spectrum_plot(&live->canvas, sp, RS_CELL_ASPECT);
    rs_role roles[RS_SPECTRUM_ROLE_POINTS + 1];
    roles_for(roles);
    rs_put_braille(w, t, plot.y, plot.x, &live->canvas, roles, RS_SPECTRUM_ROLE_POINTS + 1);
    unit_tick(c, &pl, plot);

    if (beside) {
        const int lx = plot.x + plot.w + 2, lw = p.x + p.width - lx;
        const int y0 = plot.y + (plot.h - nl) / 2;
        for (int i = 0; i < nl; i++)
            put_legend_line(c, &lines[i], y0 + i, lx, lw);
    } else {
        /* Two to a line, left and right half; γ·σ_max (the last, without
         * a swatch) on a line of its own. */
        const int half = p.width / 2;
        for (int i = 0, y = plot.y + plot.h; i < nl && y <= p.last; y++) {
            const bool pair = i + 1 < nl && lines[i].swatch[0] && lines[i + 1].swatch[0];
            put_legend_line(c, &lines[i], y, p.x, pair ? half - 1 : p.width);
            if (pair)
                put_legend_line(c, &lines[i + 1], y, p.x + half, p.width - half);
            i += pair ? 2 : 1;
        }
    }
}
