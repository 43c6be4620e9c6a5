/* Under the heatmap: the colour scale with its numeric range and what the
 * scale and the binning mean (the legend line), then the colours in words
 * (the caption). */
#include <math.h>
#include <stdio.h>

#include "../view/colour.h"
#include "panels.h"

void rs_draw_legend(const rs_draw_ctx *c, const rs_heat_layout *hl, const rs_heat_grid *g, int view, rs_cell cell,
                    bool shared_scale)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const rs_heat_scheme *sc = &rs_heat_schemes[t->scheme];
    const rs_rect L = hl->legend, C = hl->caption;
    const char *dot = " · ";
    char lo[48], hi[48];
    rs_fmt_pow10(lo, sizeof lo, (int)lround(g->lo), t->utf8);
    rs_fmt_pow10(hi, sizeof hi, (int)lround(g->hi), t->utf8);
    int x = L.x + rs_put(w, t, RS_ROLE_TEXT, L.y, L.x, L.w, lo);
    x += rs_put(w, t, RS_ROLE_TEXT, L.y, x, L.x + L.w - x, " ");
    const int cw = sc->nbuckets < 8 ? 2 : 1;
    for (int b = 0; b < sc->nbuckets && x + cw <= L.x + L.w; b++) {
        if (t->scheme == RS_SCHEME_MONO) {
            wattr_set(w, A_NORMAL, 0, NULL);
            mvwaddch(w, L.y, x, (chtype)(unsigned char)sc->ramp[b]);
            x++;
            continue;
        }
        wattr_set(w, A_NORMAL, rs_term_heat_pair(t, b, b), NULL);
        for (int i = 0; i < cw; i++)
            mvwaddch(w, L.y, x++, ' ');
    }
    if (t->scheme == RS_SCHEME_MONO)
        x += rs_put(w, t, RS_ROLE_DIM, L.y, x, L.x + L.w - x, "|");
    x += rs_put(w, t, RS_ROLE_TEXT, L.y, x, L.x + L.w - x, " ");
    x += rs_put(w, t, RS_ROLE_TEXT, L.y, x, L.x + L.w - x, hi);
    /* What the scale means and how the grid is binned: each piece whole or
     * not at all (the caption below says the same in words). */
    char more[4][128];
    if (g->relative)
        snprintf(more[0], sizeof more[0], " × the value at t=T");
    else
        snprintf(more[0], sizeof more[0], " (absolute)");
    if (g->relative && rs_screen_width(t, more[0]) > L.x + L.w - x)
        snprintf(more[0], sizeof more[0], " × at t=T");
    if (g->tb.t_per_col > 1)
        snprintf(more[1], sizeof more[1], "%s1 column = %d timesteps (the largest)", dot, g->tb.t_per_col);
    else
        more[1][0] = '\0';
    if (view == RS_VIEW_UNITS && g->ug.per_row > 1)
        snprintf(more[2], sizeof more[2], "%srows: %d units each (the largest)", dot, g->ug.per_row);
    else if (view == RS_VIEW_UNITS)
        snprintf(more[2], sizeof more[2], "%srows: hidden units", dot);
    else if (g->rb.stride > 1)
        snprintf(more[2], sizeof more[2], "%s1 row = every %zu steps", dot, g->rb.stride);
    else
        snprintf(more[2], sizeof more[2], "%s1 row = 1 step", dot);
    snprintf(more[3], sizeof more[3], "%s", shared_scale ? " · one scale for both" : "");
    for (int i = 0; i < 4; i++)
        if (rs_screen_width(t, more[i]) <= L.x + L.w - x)
            x += rs_put(w, t, RS_ROLE_DIM, L.y, x, L.x + L.w - x, more[i]);

    /* The colours in words: the longest form that fits the caption's lines. */
    if (C.h <= 0)
        return;
    char cap[3][512];
    const char *noun = rs_view_noun(view, cell);
    const bool mono = t->scheme == RS_SCHEME_MONO;
    const char *nanmark = mono ? "X = NaN/Inf" : "magenta ✕ = NaN/Inf";
    const char *nanshort = mono ? "X = NaN/Inf" : "✕ = NaN/Inf";
    const char *zeromark = mono ? "0 = exactly 0" : t->scheme == RS_SCHEME_8 ? "black = exactly 0" : "grey = exactly 0";
    const char *cold = mono ? "' .:' = " : t->scheme == RS_SCHEME_8 ? "blue/cyan = " : "blue = ";
    const char *hot = mono ? "'#%@' = " : t->scheme == RS_SCHEME_8 ? "yellow/red = " : "red = ";
    const char *noref = g->any_noref ? " · ? = 0 at t=T: press S" : "";
    if (g->relative) {
        snprintf(cap[0], sizeof cap[0], "%s%s smaller than at t=T (vanishing)%s%slarger (exploding)%s%s%s%s%s", cold, noun,
                 dot, hot, dot, nanmark, dot, zeromark, noref);
        snprintf(cap[1], sizeof cap[1], "%ssmaller than at t=T (vanishing)%s%slarger (exploding)%s%s%s", cold, dot, hot, dot,
                 nanshort, noref);
        snprintf(cap[2], sizeof cap[2], "%svanishing%s%sexploding%s%s%s", cold, dot, hot, dot, nanshort, noref);
    } else {
        snprintf(cap[0], sizeof cap[0], "%ssmall %s%s%slarge (absolute, log scale)%s%s%s%s", cold, noun, dot, hot, dot,
                 nanmark, dot, zeromark);
        snprintf(cap[1], sizeof cap[1], "%ssmall%s%slarge (log scale)%s%s", cold, dot, hot, dot, nanshort);
        snprintf(cap[2], sizeof cap[2], "%ssmall%s%slarge%s%s", cold, dot, hot, dot, nanshort);
    }
    int pick = 0;
    char ascii[600], wb[600];
    const char *lines[4];
    while (pick < 2 && rs_wrap(rs_screen_text(t, cap[pick], ascii, sizeof ascii), C.w, wb, sizeof wb, lines, C.h + 1) > C.h)
        pick++;
    rs_panel p = {C.x, C.w, C.y, C.y + C.h - 1};
    rs_panel_wrap(w, t, &p, RS_ROLE_TEXT, cap[pick], C.h);
}
