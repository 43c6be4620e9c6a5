/* Unit tests of the heat map's colour scale (view/colour.c, view/heat.c):
 * classes and levels, the fixed range that means the same under every
 * toggle, the ramps' lightness and step counts, the pair budgets, the three
 * marks, and the grid's "no value" cells. No terminal is opened. */
#include <check.h>

#include "../../../tests/check_main.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../view/colour.h"
#include "../../view/heat.h"
#include "../../view/views.h"
#include "../keys.h"
#include "rnnscope/config.h"
#include "rnnscope/session.h"

/* ---- classes and levels ------------------------------------------------------------ */

START_TEST(classify_edges)
{
    double x;
    const rs_scale_kind rel = RS_SCALE_RELATIVE, abs_ = RS_SCALE_ABSOLUTE;
    ck_assert_int_eq(rs_heat_classify(0.0, 1.0, rel, &x), RS_HEAT_ZERO);
    ck_assert_int_eq(rs_heat_classify(-0.0, 1.0, abs_, &x), RS_HEAT_ZERO);
    ck_assert_int_eq(rs_heat_classify(NAN, 1.0, rel, &x), RS_HEAT_NONFINITE);
    ck_assert_int_eq(rs_heat_classify(INFINITY, 1.0, abs_, &x), RS_HEAT_NONFINITE);
    ck_assert_int_eq(rs_heat_classify(-INFINITY, 1.0, rel, &x), RS_HEAT_NONFINITE);
    /* Past the divergence ceiling the numbers mean nothing: the NaN mark. */
    ck_assert_int_eq(rs_heat_classify(1e300, 1.0, abs_, &x), RS_HEAT_NONFINITE);
    ck_assert_int_eq(rs_heat_classify(2 * RS_DIVERGENCE_CEILING, 1.0, rel, &x), RS_HEAT_NONFINITE);
    ck_assert_int_eq(rs_heat_classify(1.0, 1e200, rel, &x), RS_HEAT_NONFINITE);

    ck_assert_int_eq(rs_heat_classify(1e-300, 1.0, abs_, &x), RS_HEAT_VALUE);
    ck_assert_double_eq_tol(x, -300.0, 1e-9);
    ck_assert_int_eq(rs_heat_classify(4.9e-324, 1.0, abs_, &x), RS_HEAT_VALUE);   /* subnormal */
    ck_assert(isfinite(x) && x < -323.0);
    /* Relative: no overflow in the ratio of extremes. */
    ck_assert_int_eq(rs_heat_classify(1e-300, 1e90, rel, &x), RS_HEAT_VALUE);
    ck_assert_double_eq_tol(x, -390.0, 1e-9);
    ck_assert_int_eq(rs_heat_classify(1e90, 1e-300, rel, &x), RS_HEAT_VALUE);
    ck_assert_double_eq_tol(x, 390.0, 1e-9);
    ck_assert_int_eq(rs_heat_classify(3.7, 0.37, rel, &x), RS_HEAT_VALUE);
    ck_assert_double_eq_tol(x, 1.0, 1e-12);
    ck_assert_int_eq(rs_heat_classify(1.0, 0.0, rel, &x), RS_HEAT_NOREF);
    ck_assert_int_eq(rs_heat_classify(1.0, NAN, rel, &x), RS_HEAT_NONFINITE);
    ck_assert_int_eq(rs_heat_classify(1.0, 0.0, abs_, &x), RS_HEAT_VALUE);
    /* A share: 0 is neutral (nothing saturated), all is the cold end. */
    ck_assert_int_eq(rs_heat_classify(0.0, 1.0, RS_SCALE_SHARE, &x), RS_HEAT_VALUE);
    ck_assert_double_eq(x, 0.0);
    ck_assert_int_eq(rs_heat_classify(1.0, 0.0, RS_SCALE_SHARE, &x), RS_HEAT_VALUE);
    ck_assert_double_eq(x, -1.0);
    /* The marks. */
    ck_assert_int_eq(rs_heat_mark_of(RS_HEAT_VALUE), RS_MARK_NONE);
    ck_assert_int_eq(rs_heat_mark_of(RS_HEAT_NONFINITE), RS_MARK_NAN);
    ck_assert_int_eq(rs_heat_mark_of(RS_HEAT_ZERO), RS_MARK_ZERO);
    const int none[] = {RS_HEAT_EMPTY, RS_HEAT_NOREF, RS_HEAT_CUT, RS_HEAT_BROKEN};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        ck_assert_int_eq(rs_heat_mark_of(none[i]), RS_MARK_NOVALUE);
}
END_TEST

START_TEST(level_edges)
{
    ck_assert_int_eq(rs_heat_level(0.0, 32, 16), 0);
    ck_assert_int_eq(rs_heat_level(-0.9, 32, 16), 0);       /* within a decade of t = T: neutral */
    ck_assert_int_eq(rs_heat_level(-2.0, 32, 16), -1);      /* one step = 2 decades */
    ck_assert_int_eq(rs_heat_level(-13.3, 32, 16), -7);
    ck_assert_int_eq(rs_heat_level(-32.0, 32, 16), -16);
    ck_assert_int_eq(rs_heat_level(-300.0, 32, 16), -16);
    ck_assert_int_eq(rs_heat_level(300.0, 32, 16), 16);
    ck_assert_int_eq(rs_heat_level(-INFINITY, 32, 16), -16);
    ck_assert_int_eq(rs_heat_level(INFINITY, 32, 16), 16);
    ck_assert_int_eq(rs_heat_level(NAN, 32, 16), 0);
    ck_assert_int_eq(rs_heat_level(5.0, 0.0, 16), 0);       /* degenerate ranges stay in −S … S */
    ck_assert_int_eq(rs_heat_level(5.0, 32, 0), 0);
    int prev = -16;
    for (double x = -40.0; x <= 40.0; x += 0.01) {
        const int l = rs_heat_level(x, 32, 16);
        ck_assert_int_ge(l, prev);
        ck_assert_int_eq(rs_heat_level(-x, 32, 16), -l);   /* symmetric */
        prev = l;
    }
    /* Fit: whole decades holding every value, marks ignored, at least 1. */
    const double x[] = {-42.4, 3.0, 1e9, -0.2};
    const unsigned char cls[] = {RS_HEAT_VALUE, RS_HEAT_VALUE, RS_HEAT_NONFINITE, RS_HEAT_VALUE};
    ck_assert_double_eq(rs_heat_fit(x, cls, 4), 43.0);
    ck_assert_double_eq(rs_heat_fit(x + 3, cls + 3, 1), 1.0);
    ck_assert_double_eq(rs_heat_fit(x, cls, 0), 1.0);
}
END_TEST

/* The ticks of the legend: the ends, their halves and the middle. */
START_TEST(ticks_and_labels)
{
    double t[5];
    char b[32];
    ck_assert_int_eq(rs_heat_ticks(RS_SCALE_RELATIVE, 32, t), 5);
    ck_assert_double_eq(t[0], -32);
    ck_assert_double_eq(t[1], -16);
    ck_assert_double_eq(t[2], 0);
    ck_assert_double_eq(t[4], 32);
    rs_heat_tick_label(RS_SCALE_RELATIVE, -32, true, b, sizeof b);
    ck_assert_str_eq(b, "10⁻³²");
    rs_heat_tick_label(RS_SCALE_ABSOLUTE, 0, true, b, sizeof b);
    ck_assert_str_eq(b, "1");
    rs_heat_tick_label(RS_SCALE_RELATIVE, 16, false, b, sizeof b);
    ck_assert_str_eq(b, "1e16");
    ck_assert_int_eq(rs_heat_ticks(RS_SCALE_RELATIVE, 308, t), 5);
    ck_assert_double_eq(t[1], -154);
    ck_assert_int_eq(rs_heat_ticks(RS_SCALE_SLOPE, 1, t), 5);
    rs_heat_tick_label(RS_SCALE_SLOPE, t[0], true, b, sizeof b);
    ck_assert_str_eq(b, "0.1");
    ck_assert_int_eq(rs_heat_ticks(RS_SCALE_SHARE, 1, t), 3);
    rs_heat_tick_label(RS_SCALE_SHARE, t[0], true, b, sizeof b);
    ck_assert_str_eq(b, "100%");
}
END_TEST

/* view.range's choices are "fit" and the ladder; the default is ±32. */
START_TEST(range_ladder_is_the_config)
{
    const rs_key *k = rs_key_find("view.range");
    ck_assert_ptr_nonnull(k);
    ck_assert_str_eq(k->choices[0], "fit");
    int n = 0;
    for (; k->choices[n + 1]; n++)
        ck_assert_int_eq(atoi(k->choices[n + 1]), rs_range_ladder[n]);
    ck_assert_int_eq(n, RS_RANGE_LADDER_N);
    ck_assert(k->flags & RS_KEY_VIEW);
    rs_config cfg;
    rs_config_defaults(&cfg);
    ck_assert_int_eq(rs_view_range(&cfg), RS_RANGE_DEFAULT);
    ck_assert_int_eq(RS_RANGE_DEFAULT, 32);
    ck_assert_int_eq(rs_config_set(&cfg, "view.range", "fit", NULL, 0), 0);
    ck_assert_int_eq(rs_view_range(&cfg), 0);
    ck_assert_int_eq(rs_config_set(&cfg, "view.range", "308", NULL, 0), 0);
    ck_assert_int_eq(rs_view_range(&cfg), 308);
    /* [ and ] walk it; from a fitted range, to the rung beyond it. */
    ck_assert_int_eq(rs_range_next(32, +1), 64);
    ck_assert_int_eq(rs_range_next(32, -1), 16);
    ck_assert_int_eq(rs_range_next(308, +1), 0);
    ck_assert_int_eq(rs_range_next(8, -1), 0);
    ck_assert_int_eq(rs_range_next(43, +1), 64);
    ck_assert_int_eq(rs_range_next(43, -1), 32);
    /* Its keys change only the picture: the help's "What the picture shows". */
    const rs_action acts[] = {RS_ACT_RANGE_NARROW, RS_ACT_RANGE_WIDE, RS_ACT_RANGE_FIT};
    for (size_t i = 0; i < 3; i++)
        ck_assert_int_eq(rs_tui_key_class(rs_tui_key_of(acts[i])), RS_CLASS_VIEW);
    ck_assert_ptr_eq(rs_tui_key_find('[', RS_IN_VIEW), rs_tui_key_of(RS_ACT_RANGE_NARROW));
    ck_assert_ptr_eq(rs_tui_key_find(']', RS_IN_LESSON), rs_tui_key_of(RS_ACT_RANGE_WIDE));
    ck_assert_ptr_eq(rs_tui_key_find('f', RS_IN_VIEW), rs_tui_key_of(RS_ACT_RANGE_FIT));
}
END_TEST

/* ---- the ramps ------------------------------------------------------------------------- */

/* CIE L* of an sRGB colour, computed here independently of colour.c. */
static double lstar(int rgb)
{
    double lin[3];
    for (int c = 0; c < 3; c++) {
        const double v = ((rgb >> (16 - 8 * c)) & 255) / 255.0;
        lin[c] = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
    }
    const double Y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
    return Y > 216.0 / 24389.0 ? 116.0 * cbrt(Y) - 16.0 : Y * 24389.0 / 27.0;
}

/* The xterm palette as the cube and grey ramp define it. */
START_TEST(xterm_palette)
{
    ck_assert_int_eq(rs_xterm_rgb(16), 0x000000);
    ck_assert_int_eq(rs_xterm_rgb(21), 0x0000ff);
    ck_assert_int_eq(rs_xterm_rgb(39), 0x00afff);
    ck_assert_int_eq(rs_xterm_rgb(196), 0xff0000);
    ck_assert_int_eq(rs_xterm_rgb(231), 0xffffff);
    ck_assert_int_eq(rs_xterm_rgb(232), 0x080808);
    ck_assert_int_eq(rs_xterm_rgb(255), 0xeeeeee);
    ck_assert_double_eq_tol(rs_lightness(0xffffff), 100.0, 0.01);
    ck_assert_double_eq_tol(rs_lightness(0x000000), 0.0, 0.01);
    for (int i = 16; i < 256; i++)
        ck_assert_double_eq_tol(rs_lightness(rs_xterm_rgb(i)), lstar(rs_xterm_rgb(i)), 0.05);
}
END_TEST

/* Each side of the ramp gets darker step by step from the neutral (a
 * diverging ramp, Moreland 2009: it orders in grey print), with the step
 * counts the issue asks for: ≥ 16 a side in 256 colours, more in 24-bit. */
START_TEST(ramps_monotonic_in_lightness)
{
    const rs_scheme_kind kinds[] = {RS_SCHEME_256, RS_SCHEME_DIRECT};
    const int least[] = {16, 64};
    for (int k = 0; k < 2; k++) {
        const rs_scheme_kind sk = kinds[k];
        const int steps = rs_scheme_steps(sk);
        ck_assert_int_ge(steps, least[k]);
        ck_assert_int_eq(rs_scheme_swatch_count(sk), 2 * steps + 1 + RS_MARK_COUNT);
        const double neutral = lstar(rs_scheme_rgb(sk, rs_scheme_swatch(sk, rs_swatch_of_level(sk, 0)).colour));
        ck_assert_double_ge(neutral, 95.0);
        for (int side = -1; side <= 1; side += 2) {
            double prev = neutral;
            for (int l = 1; l <= steps; l++) {
                const rs_swatch s = rs_scheme_swatch(sk, rs_swatch_of_level(sk, side * l));
                ck_assert_int_ge(s.colour, 0);
                const double L = lstar(rs_scheme_rgb(sk, s.colour));
                /* 256: a step a projector shows; 24-bit: 4 steps to each of those. */
                ck_assert_msg(L < prev - (sk == RS_SCHEME_256 ? 0.25 : 0.01), "%s: level %d has L* %.2f after %.2f", rs_scheme_names[sk], side * l, L,
                              prev);
                prev = L;
            }
            /* Dark at the ends, but not black: "no value" is the background. */
            ck_assert_double_lt(prev, 30.0);
            ck_assert_double_gt(prev, 10.0);
        }
    }
    /* The 256 colours are distinct; 24-bit meets the 256 ramp at its anchors
     * (the neutral and the ends). */
    for (int a = -16; a <= 16; a++)
        for (int b = a + 1; b <= 16; b++)
            ck_assert_int_ne(rs_scheme_swatch(RS_SCHEME_256, rs_swatch_of_level(RS_SCHEME_256, a)).colour,
                             rs_scheme_swatch(RS_SCHEME_256, rs_swatch_of_level(RS_SCHEME_256, b)).colour);
    for (int side = -1; side <= 1; side += 2) {
        const int c256 = rs_scheme_rgb(RS_SCHEME_256, rs_scheme_swatch(RS_SCHEME_256, side * 16 + 16).colour);
        const int cd = rs_scheme_swatch(RS_SCHEME_DIRECT, rs_swatch_of_level(RS_SCHEME_DIRECT, side * 64)).colour;
        ck_assert_int_eq(cd, c256);
    }
    /* 8 colours: the shades go from neutral white to the dark colour of
     * each side; monochrome keeps its character ramp. */
    ck_assert_int_eq(rs_scheme_steps(RS_SCHEME_8), 8);
    ck_assert_str_eq(rs_scheme_swatch(RS_SCHEME_MONO, rs_swatch_of_level(RS_SCHEME_MONO, 0)).glyph, "=");
    ck_assert_str_eq(rs_scheme_swatch(RS_SCHEME_MONO, rs_swatch_of_level(RS_SCHEME_MONO, 5)).glyph, "@");
    ck_assert_str_eq(rs_scheme_swatch(RS_SCHEME_MONO, rs_swatch_of_level(RS_SCHEME_MONO, -5)).glyph, ".");
}
END_TEST

START_TEST(scheme_pick_and_pair_budgets)
{
    /* TERM=xterm and TERM=linux: 8 colours, 64 pairs (pair 0 included) — a
     * coloured heat map, the roles' pairs too. */
    ck_assert_int_le(rs_scheme_pairs_needed(RS_SCHEME_8) + RS_ROLE_COUNT + 1, 64);
    ck_assert_int_eq(rs_scheme_pick(true, 8, 64, NULL), RS_SCHEME_8);
    ck_assert_int_eq(rs_scheme_pick(true, 256, 65536, NULL), RS_SCHEME_256);
    ck_assert_int_eq(rs_scheme_pick(true, 256, 32767, NULL), RS_SCHEME_256);
    ck_assert_int_eq(rs_scheme_pick(true, 256, 65536, ""), RS_SCHEME_256);   /* empty NO_COLOR: ignored */
    ck_assert_int_eq(rs_scheme_pick(true, 256, 65536, "1"), RS_SCHEME_MONO);
    ck_assert_int_eq(rs_scheme_pick(true, 256, 256, NULL), RS_SCHEME_8);      /* 256 colours, few pairs */
    ck_assert_int_eq(rs_scheme_pick(true, 1 << 24, 65536, NULL), RS_SCHEME_DIRECT);
    ck_assert_int_eq(rs_scheme_pick(true, 1 << 24, 32767, NULL), RS_SCHEME_DIRECT);
    ck_assert_int_eq(rs_scheme_pick(true, 1 << 24, 2000, NULL), RS_SCHEME_256);
    ck_assert_int_eq(rs_scheme_pick(false, 0, 0, NULL), RS_SCHEME_MONO);
    ck_assert_int_eq(rs_scheme_pick(true, 2, 256, NULL), RS_SCHEME_MONO);
    ck_assert_int_eq(rs_scheme_pick(true, 8, 8, NULL), RS_SCHEME_MONO);
    /* Pair numbers fit a short (wattr_set) in every colour scheme. */
    ck_assert_int_le(rs_scheme_pairs_needed(RS_SCHEME_DIRECT) + RS_ROLE_COUNT + 1, 32767);
    ck_assert_int_eq(rs_scheme_pairs_needed(RS_SCHEME_MONO), 0);
    ck_assert(rs_scheme_half_blocks(RS_SCHEME_256) && rs_scheme_half_blocks(RS_SCHEME_DIRECT));
    ck_assert(!rs_scheme_half_blocks(RS_SCHEME_8) && !rs_scheme_half_blocks(RS_SCHEME_MONO));
}
END_TEST

/* How a swatch looks as a whole text cell. */
static bool same_look(rs_swatch a, rs_swatch b)
{
    return a.fg == b.fg && a.bg == b.bg && strcmp(a.glyph, b.glyph) == 0 && a.bold == b.bold && a.reverse == b.reverse;
}

/* NaN/Inf, exactly 0 and no value never look alike, nor like a level, in
 * any scheme: as whole cells, and in the half-block schemes as halves. */
START_TEST(marks_distinct_in_every_scheme)
{
    for (int k = 0; k < RS_SCHEME_COUNT; k++) {
        const rs_scheme_kind sk = (rs_scheme_kind)k;
        const int steps = rs_scheme_steps(sk);
        rs_swatch m[RS_MARK_COUNT];
        for (int i = 0; i < RS_MARK_COUNT; i++)
            m[i] = rs_scheme_swatch(sk, rs_swatch_of_mark(sk, (rs_heat_mark)i));
        for (int i = 0; i < RS_MARK_COUNT; i++) {
            for (int j = i + 1; j < RS_MARK_COUNT; j++)
                ck_assert_msg(!same_look(m[i], m[j]), "%s: marks %d and %d look alike", rs_scheme_names[k], i, j);
            for (int l = -steps; l <= steps; l++) {
                const rs_swatch s = rs_scheme_swatch(sk, rs_swatch_of_level(sk, l));
                ck_assert_msg(!same_look(m[i], s), "%s: mark %d looks like level %d", rs_scheme_names[k], i, l);
                if (rs_scheme_half_blocks(sk))
                    ck_assert_msg(m[i].colour != s.colour, "%s: mark %d's half has level %d's colour",
                                  rs_scheme_names[k], i, l);
            }
        }
        if (rs_scheme_half_blocks(sk)) {
            ck_assert_int_ne(m[RS_MARK_ZERO].colour, m[RS_MARK_NOVALUE].colour);
            ck_assert_int_ne(m[RS_MARK_ZERO].colour, m[RS_MARK_NAN].colour);
            /* NaN takes the whole text cell with its ✕; so does a whole cell of no value. */
            ck_assert_str_eq(m[RS_MARK_NAN].glyph, "✕");
        }
        /* The ASCII glyphs differ too (a terminal without UTF-8). */
        ck_assert_str_ne(m[RS_MARK_NAN].ascii, m[RS_MARK_ZERO].ascii);
        ck_assert_str_ne(m[RS_MARK_NAN].ascii, m[RS_MARK_NOVALUE].ascii);
    }
}
END_TEST

/* ---- the grid: one scale for everything --------------------------------------------------- */

static rs_session *trained(const char *const *sets, int steps)
{
    rs_config cfg;
    char err[512];
    rs_config_defaults(&cfg);
    const char *base[] = {"model.hidden=8", "task.length=20", "train.batch=4", NULL};
    for (int i = 0; base[i]; i++)
        ck_assert_msg(rs_config_set_arg(&cfg, base[i], err, sizeof err) == 0, "%s", err);
    for (int i = 0; sets && sets[i]; i++)
        ck_assert_msg(rs_config_set_arg(&cfg, sets[i], err, sizeof err) == 0, "%s", err);
    rs_error e = {0};
    rs_session *s = rs_session_create(&cfg, &e);
    ck_assert_msg(s != NULL, "%s", e.msg);
    for (int i = 0; i < steps; i++)
        rs_session_step(s);
    return s;
}

/* A value maps to the same colour under every toggle at the fixed scale:
 * the range does not depend on the data, the cell, the activation, the
 * relative/absolute toggle or compare mode. */
START_TEST(fixed_scale_is_the_same_everywhere)
{
    const char *const a[][2] = {{"model.activation=sigmoid", NULL}, {"model.activation=tanh", NULL},
                                {"model.cell=lstm", NULL}, {"model.cell=gru", NULL}, {"model.activation=relu", NULL}};
    enum { N = sizeof a / sizeof a[0] };
    rs_session *s[N];
    for (int i = 0; i < N; i++)
        s[i] = trained(a[i], 3);
    for (int rel = 0; rel < 2; rel++)
        for (int r = 0; r < RS_RANGE_LADDER_N; r++) {
            const rs_heat_opts o = {rel, rs_range_ladder[r]};
            for (int i = 0; i < N; i++) {
                rs_heat_grid g = {0};
                ck_assert(rs_heat_build(&g, s[i], RS_VEC_G_H, &o, 10, 20));
                ck_assert_int_gt(g.nrows, 0);
                ck_assert_double_eq(g.range, rs_range_ladder[r]);
                ck_assert(!g.fit);
                /* The same x, the same level, whichever session it came from. */
                for (size_t c = 0; c < (size_t)g.nrows * g.tb.nbins; c++)
                    if (g.cls[c] == RS_HEAT_VALUE)
                        ck_assert_int_eq(rs_heat_cell_level(&g, c, 16), rs_heat_level(g.x[c], rs_range_ladder[r], 16));
                rs_heat_free(&g);
            }
            /* Compare mode: both sides on the very same range. */
            for (int i = 0; i + 1 < N; i++) {
                rs_heat_grid g0 = {0}, g1 = {0};
                rs_heat_grid *gp[2] = {&g0, &g1};
                const rs_session *ses[2] = {s[i], s[i + 1]};
                const int slots[2] = {10, 10}, width[2] = {20, 20};
                rs_heat_build_sides(gp, ses, slots, width, 2, RS_VEC_G_H, &o);
                ck_assert_double_eq(g0.range, rs_range_ladder[r]);
                ck_assert_double_eq(g1.range, rs_range_ladder[r]);
                rs_heat_free(&g0);
                rs_heat_free(&g1);
            }
        }
    /* Fit: each grid its own range, two sides the wider of theirs. */
    const rs_heat_opts fit = {true, 0};
    rs_heat_grid g0 = {0}, g1 = {0};
    rs_heat_grid *gp[2] = {&g0, &g1};
    const rs_session *ses[2] = {s[0], s[2]};
    const int slots[2] = {10, 10}, width[2] = {20, 20};
    rs_heat_build_sides(gp, ses, slots, width, 2, RS_VEC_G_H, &fit);
    ck_assert(g0.fit && g1.fit);
    ck_assert_double_eq(g0.range, g1.range);
    ck_assert_double_ge(g0.range, 1.0);
    /* dact has its own ±1 decade, sat its share: the gradient range is not theirs. */
    const rs_heat_opts o = {true, 32};
    rs_heat_build(&g0, s[0], RS_VEC_DACT, &o, 10, 20);
    ck_assert_int_eq(g0.kind, RS_SCALE_SLOPE);
    ck_assert_double_eq(g0.range, 1.0);
    /* The sigmoid's slope ≤ ¼: on the cold side, not a white field. */
    bool cold = false;
    for (size_t c = 0; c < (size_t)g0.nrows * g0.tb.nbins; c++)
        cold |= g0.cls[c] == RS_HEAT_VALUE && rs_heat_cell_level(&g0, c, 16) <= -8;
    ck_assert(cold);
    rs_heat_build(&g0, s[0], RS_VEC_SAT, &o, 10, 20);
    ck_assert_int_eq(g0.kind, RS_SCALE_SHARE);
    ck_assert_double_eq(g0.range, 1.0);
    rs_heat_free(&g0);
    rs_heat_free(&g1);
    for (int i = 0; i < N; i++)
        rs_session_free(s[i]);
}
END_TEST

/* "No value" where nothing was measured: beyond the truncation window of a
 * last readout (the gradient was cut there, not measured as 0). */
START_TEST(truncated_cells_have_no_value)
{
    const char *sets[] = {"train.tbptt=5", NULL};
    rs_session *s = trained(sets, 2);
    const rs_heat_opts o = {true, 32};
    rs_heat_grid g = {0};
    ck_assert(rs_heat_build(&g, s, RS_VEC_G_H, &o, 10, 20));
    ck_assert_int_eq(g.nrows, 2);
    ck_assert_int_eq(g.tb.nbins, 20);
    for (int r = 0; r < g.nrows; r++) {
        ck_assert_int_eq(g.row_tbptt[r], 5);
        for (int t = 1; t <= 20; t++) {
            const int c = g.cls[(size_t)r * 20 + t - 1];
            if (t <= 15)
                ck_assert_msg(c == RS_HEAT_CUT, "row %d t %d: class %d, not cut", r, t, c);
            else
                ck_assert_int_eq(c, RS_HEAT_VALUE);
        }
    }
    ck_assert(g.any_novalue && !g.any_zero);
    /* The forward pass's views are not cut. */
    ck_assert(rs_heat_build(&g, s, RS_VEC_DACT, &o, 10, 20));
    for (size_t c = 0; c < (size_t)g.nrows * g.tb.nbins; c++)
        ck_assert_int_eq(g.cls[c], RS_HEAT_VALUE);
    rs_heat_free(&g);
    rs_session_free(s);
}
END_TEST

/* The diverged attempt's row tells the truth: the NaN mark where the
 * numbers are NaN, Inf or past the ceiling, no value for what was computed
 * after the backward pass broke; never a colour there. */
START_TEST(failed_row_marks_where_it_broke)
{
    /* exploding-relu's settings: diverges within a few steps. */
    const char *sets[] = {"model.activation=relu", "init.std=0.2", "train.lr=0.1", "model.hidden=32",
                          "task.length=50", "train.batch=16", NULL};
    rs_session *s = trained(sets, 0);
    for (int i = 0; i < 50 && !rs_session_diverged(s); i++)
        rs_session_step(s);
    ck_assert(rs_session_diverged(s));
    const rs_heat_opts o = {true, 32};
    rs_heat_grid g = {0};
    ck_assert(rs_heat_build(&g, s, RS_VEC_G_H, &o, 20, 50));
    const int r = g.nrows - 1;
    ck_assert_int_eq(g.row_kind[r], RS_ROW_FAILED);
    ck_assert_int_eq(g.row_id[r], rs_session_last(s)->step);
    const int broke = g.row_broke[r];
    ck_assert_int_ge(broke, 1);
    for (int t = 1; t <= 50; t++) {
        const int c = g.cls[(size_t)r * 50 + t - 1];
        if (t == broke)
            ck_assert_int_eq(c, RS_HEAT_NONFINITE);
        else if (t < broke)
            ck_assert_msg(c == RS_HEAT_NONFINITE || c == RS_HEAT_BROKEN, "t %d: class %d", t, c);
    }
    ck_assert(g.any_nonfinite);
    rs_heat_free(&g);
    rs_session_free(s);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("heat-colour");
    TCase *tc = tcase_create("scale");
    tcase_add_test(tc, classify_edges);
    tcase_add_test(tc, level_edges);
    tcase_add_test(tc, ticks_and_labels);
    tcase_add_test(tc, range_ladder_is_the_config);
    suite_add_tcase(s, tc);
    tc = tcase_create("schemes");
    tcase_add_test(tc, xterm_palette);
    tcase_add_test(tc, ramps_monotonic_in_lightness);
    tcase_add_test(tc, scheme_pick_and_pair_budgets);
    tcase_add_test(tc, marks_distinct_in_every_scheme);
    suite_add_tcase(s, tc);
    tc = tcase_create("grid");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, fixed_scale_is_the_same_everywhere);
    tcase_add_test(tc, truncated_cells_have_no_value);
    tcase_add_test(tc, failed_row_marks_where_it_broke);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return rs_run_suite(suite());
}
