/* Under the heatmap: the colour scale as a number line — the ramp with the
 * decades at its ticks, what the scale means, its range and keys, how the
 * grid is binned — then the three marks, each beside its swatch, and the
 * colours in words. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../view/colour.h"
#include "panels.h"

/* ---- the bar ------------------------------------------------------------------------- */

/* Columns per level: the 8-colour and monochrome ramps have few levels,
 * drawn two columns wide; the 256 ramp one; 24-bit colour is sampled to
 * the 256 bar's width. */
static int bar_columns(const rs_term *t, int levels)
{
    if (t->scheme == RS_SCHEME_8 || t->scheme == RS_SCHEME_MONO)
        return 2 * levels;
    return levels < 33 ? levels : 33;
}

/* Levels lo … hi over `width` columns, in order, each at least once when
 * there is the room. */
static void draw_levels(WINDOW *w, const rs_term *t, int y, int x, int lo, int hi, int width)
{
    const int n = hi - lo + 1;
    for (int c = 0; c < width; c++) {
        const int level = width >= n ? lo + c * n / width : lo + (int)lround((double)c * (n - 1) / (width > 1 ? width - 1 : 1));
        rs_term_swatch(w, t, y, x + c, rs_swatch_of_level(t->scheme, level));
    }
}

/* The bar with `labels` of its ticks (all, the ends and the middle, or the
 * ends) between the pieces of the ramp, at x; returns its width, or 0 when
 * it does not fit in room (nothing drawn). */
static int draw_bar(WINDOW *w, const rs_term *t, const rs_heat_grid *g, int y, int x, int room, int form, bool draw)
{
    const int steps = rs_scheme_steps(t->scheme);
    double ticks[5];
    const int nt = rs_heat_ticks(g->kind, g->range, ticks);
    /* Which ticks are labelled: form 0 all, 1 the ends and the middle, 2 the ends. */
    int pick[5], np = 0;
    for (int i = 0; i < nt; i++)
        if (form == 0 || i == 0 || i == nt - 1 || (form == 1 && 2 * i == nt - 1))
            pick[np++] = i;
    int level[5];
    char label[5][32];
    int lw = 0;
    for (int i = 0; i < np; i++) {
        level[i] = rs_heat_level(ticks[pick[i]], g->range, steps);
        rs_heat_tick_label(g->kind, ticks[pick[i]], t->utf8, label[i], sizeof label[i]);
        lw += rs_text_width(label[i]) + 1;
    }
    const int lo = level[0], hi = level[np - 1], levels = hi - lo + 1;
    int bw = bar_columns(t, levels);
    if (lw + bw + (np - 2) > room) {
        if (form < 2)
            return 0;
        bw = room - lw;                 /* the ends only: the ramp sampled to what is left */
        if (bw < 9)
            return 0;
    }
    if (!draw)
        return lw + bw + (np - 2);
    /* Label, its piece of the ramp, the next label …; the last label after
     * the last piece. Each piece's width in proportion to its levels. */
    int cx = x, done = 0;
    for (int i = 0; i < np; i++) {
        cx += rs_put(w, t, RS_ROLE_TEXT, y, cx, room - (cx - x), label[i]);
        if (i == np - 1)
            break;
        cx += rs_put(w, t, RS_ROLE_TEXT, y, cx, 1, " ");
        const int to = i == np - 2 ? hi : level[i + 1] - 1;
        const int end = (int)lround((double)bw * (to - lo + 1) / levels);
        draw_levels(w, t, y, cx, level[i], to, end - done);
        cx += end - done;
        done = end;
        cx += rs_put(w, t, RS_ROLE_TEXT, y, cx, 1, " ");
    }
    return cx - x;
}

/* ---- the marks ----------------------------------------------------------------------- */

/* The three marks with their swatches (two columns each) from x on line y:
 * form 0 the longer names, 1 the short ones. Returns the width, or 0 when
 * it would not fit in room (then nothing is drawn). */
static int draw_marks(WINDOW *w, const rs_term *t, int y, int x, int room, int form, bool draw)
{
    static const char *const names[2][RS_MARK_COUNT] = {
        {"NaN/Inf or > 10¹⁰⁰", "exactly 0", "no value (not computed)"},
        {"NaN/Inf", "exactly 0", "no value"},
    };
    const bool mono = t->scheme == RS_SCHEME_MONO;
    int need = 0;
    for (int m = 0; m < RS_MARK_COUNT; m++)
        need += (mono && m == RS_MARK_NOVALUE ? 5 : 2) + 1 + rs_screen_width(t, names[form][m]) + (m ? 3 : 0);
    if (need > room)
        return 0;
    if (!draw)
        return need;
    int cx = x;
    for (int m = 0; m < RS_MARK_COUNT; m++) {
        if (m)
            cx += rs_put(w, t, RS_ROLE_TEXT, y, cx, 3, "   ");
        if (mono && m == RS_MARK_NOVALUE)
            cx += rs_put(w, t, RS_ROLE_TEXT, y, cx, 5, "blank");   /* a blank swatch says nothing */
        else
            for (int i = 0; i < 2; i++)
                rs_term_swatch(w, t, y, cx++, rs_swatch_of_mark(t->scheme, (rs_heat_mark)m));
        cx += rs_put(w, t, RS_ROLE_TEXT, y, cx, 1, " ");
        cx += rs_put(w, t, RS_ROLE_TEXT, y, cx, room - (cx - x), names[form][m]);
    }
    return cx - x;
}

/* ---- the colours in words ------------------------------------------------------------- */

static void colour_words(const rs_term *t, const rs_heat_grid *g, const char *noun, int form, char *buf, size_t n)
{
    const bool mono = t->scheme == RS_SCHEME_MONO, c8 = t->scheme == RS_SCHEME_8;
    const char *cold = mono ? "'.,:'" : c8 ? "cyan/blue" : "blue", *hot = mono ? "'#%@'" : c8 ? "yellow/red" : "red";
    const char *white = mono ? "'='" : "white";
    const char *dot = " · ";
    switch (g->kind) {
    case RS_SCALE_RELATIVE:
        if (form == 0)
            snprintf(buf, n, "%s = %s smaller than at t=T (vanishing)%s%s = larger (exploding)", cold, noun, dot, hot);
        else if (form == 1)
            snprintf(buf, n, "%s = smaller than at t=T (vanishing)%s%s = larger (exploding)", cold, dot, hot);
        else
            snprintf(buf, n, "%s = vanishing%s%s = exploding", cold, dot, hot);
        break;
    case RS_SCALE_ABSOLUTE:
        if (form == 0)
            snprintf(buf, n, "%s = %s below 1%s%s = above 1 (absolute, log scale)", cold, noun, dot, hot);
        else
            snprintf(buf, n, "%s = below 1%s%s = above 1", cold, dot, hot);
        break;
    case RS_SCALE_SLOPE:
        if (form == 0)
            snprintf(buf, n, "%s = each step back shrinks the gradient (%s < 1)%s%s = passes it whole", cold, noun, dot,
                     white);
        else
            snprintf(buf, n, "%s = shrinks it%s%s = passes it whole", cold, dot, white);
        break;
    default:
        if (form == 0)
            snprintf(buf, n, "%s = no unit saturated%s%s = the share saturated: they pass no gradient", white, dot, cold);
        else
            snprintf(buf, n, "%s = none saturated%s%s = more saturated", white, dot, cold);
    }
}

/* ---- the legend ------------------------------------------------------------------------- */

void rs_draw_legend(const rs_draw_ctx *c, const rs_heat_layout *hl, const rs_heat_grid *g, int view, rs_cell cell,
                    bool shared_scale)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const rs_rect L = hl->legend, C = hl->caption;
    const char *dot = " · ";
    const int end = L.x + L.w;
    int x = L.x;
    /* The bar with all its ticks, or the ends and the middle, or the ends
     * with the ramp sampled — each leaving room for what the scale means;
     * at last without that room. */
    static const char *const meaning[] = {
        [RS_SCALE_RELATIVE] = " × at t=T", [RS_SCALE_ABSOLUTE] = "", [RS_SCALE_SLOPE] = "", [RS_SCALE_SHARE] = ""};
    const int reserve = rs_screen_width(t, meaning[g->kind]);
    for (int form = 0; form < 4; form++) {
        const int room = form < 3 ? L.w - reserve : L.w;
        if (draw_bar(w, t, g, L.y, x, room, form < 3 ? form : 2, false) > 0) {
            x += draw_bar(w, t, g, L.y, x, room, form < 3 ? form : 2, true);
            break;
        }
    }
    /* What the scale means, its range and keys, the binning: each piece
     * whole or not at all, in that order; what is left goes under it. */
    char more[6][128];
    int nmore = 0;
    switch (g->kind) {
    case RS_SCALE_RELATIVE: snprintf(more[nmore++], sizeof more[0], " × the value at t=T"); break;
    case RS_SCALE_ABSOLUTE: snprintf(more[nmore++], sizeof more[0], " (absolute)"); break;
    case RS_SCALE_SLOPE: snprintf(more[nmore++], sizeof more[0], " per step back"); break;
    default: snprintf(more[nmore++], sizeof more[0], " saturated"); break;
    }
    if (g->kind == RS_SCALE_RELATIVE && rs_screen_width(t, more[0]) > end - x)
        snprintf(more[0], sizeof more[0], " × at t=T");
    if (rs_view_is_gradient(view)) {
        if (g->fit)
            snprintf(more[nmore++], sizeof more[0], "%sfit to data ([ ] a fixed range)", dot);
        else
            snprintf(more[nmore++], sizeof more[0], "%s±%.0f decades ([ ] f)", dot, g->range);
    }
    if (g->tb.t_per_col > 1)
        snprintf(more[nmore++], sizeof more[0], "%s1 column = %d timesteps (the largest)", dot, g->tb.t_per_col);
    if (view == RS_VIEW_UNITS && g->ug.per_row > 1)
        snprintf(more[nmore++], sizeof more[0], "%srows: %d units each (the largest)", dot, g->ug.per_row);
    else if (view == RS_VIEW_UNITS)
        snprintf(more[nmore++], sizeof more[0], "%srows: hidden units", dot);
    else if (g->rb.stride > 1)
        snprintf(more[nmore++], sizeof more[0], "%s1 row = every %zu steps", dot, g->rb.stride);
    else
        snprintf(more[nmore++], sizeof more[0], "%s1 row = 1 step", dot);
    if (shared_scale)
        snprintf(more[nmore++], sizeof more[0], "%sone scale for both", dot);
    bool placed[6] = {false};
    for (int i = 0; i < nmore; i++)
        if (rs_screen_width(t, more[i]) <= end - x) {
            x += rs_put(w, t, i == 0 ? RS_ROLE_TEXT : RS_ROLE_DIM, L.y, x, end - x, more[i]);
            placed[i] = true;
        }
    /* No caption lines: the marks after the bar, when they fit. */
    if (C.h <= 0) {
        for (int form = 0; form < 2 && end - x > 3; form++)
            if (draw_marks(w, t, L.y, x + 2, end - x - 2, form, true))
                break;
        return;
    }
    /* The caption: the marks, then what did not fit above (all of it with
     * the marks' short names when the long ones leave too little room). */
    int rest = 0;
    for (int i = 1; i < nmore; i++)
        if (!placed[i])
            rest += rs_screen_width(t, more[i]);
    int form = draw_marks(w, t, C.y, C.x, C.w - rest, 0, false) ? 0 : 1;
    int cx = C.x + draw_marks(w, t, C.y, C.x, C.w, form, true);
    for (int i = 1; i < nmore; i++)
        if (!placed[i] && rs_screen_width(t, more[i]) <= C.x + C.w - cx)
            cx += rs_put(w, t, RS_ROLE_DIM, C.y, cx, C.x + C.w - cx, more[i]);
    if (C.h < 2)
        return;
    char words[3][300];
    int pick = 0;
    for (int f = 0; f < 3; f++)
        colour_words(t, g, rs_view_noun(view, cell), f, words[f], sizeof words[f]);
    while (pick < 2 && rs_screen_width(t, words[pick]) > C.w)
        pick++;
    rs_put_cut(w, t, RS_ROLE_TEXT, C.y + 1, C.x, C.w, words[pick]);
}
