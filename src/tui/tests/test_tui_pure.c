/* Unit tests of the terminal UI's pure parts: layout, binning, value → colour
 * bucket, schemes, text, and the key table. No terminal is opened. */
#include <check.h>

#include "../../../tests/check_main.h"
#include <curses.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../colour.h"
#include "../keys.h"
#include "../layout.h"
#include "../text.h"
#include "rnnscope/config.h"
#include "rnnscope/session.h"

/* ---- layout ------------------------------------------------------------------ */

static void check_layout(int cols, int rows)
{
    const rs_layout l = rs_layout_compute(cols, rows);
    ck_assert_msg(!l.too_small, "%dx%d should fit", cols, rows);
    rs_rect r[16];
    const size_t n = rs_layout_rects(&l, r, 16);
    ck_assert_uint_eq(n, 8);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(!rs_rect_empty(r[i]), "%dx%d: rect %zu empty", cols, rows, i);
        ck_assert_msg(rs_rect_inside(r[i], cols, rows), "%dx%d: rect %zu (%d,%d %dx%d) outside", cols, rows, i,
                      r[i].y, r[i].x, r[i].h, r[i].w);
        for (size_t j = i + 1; j < n; j++)
            ck_assert_msg(!rs_rect_overlap(r[i], r[j]), "%dx%d: rects %zu and %zu overlap", cols, rows, i, j);
    }
    /* The boxes leave room for their contents. */
    ck_assert_int_ge(l.config.h, 5);
    ck_assert_int_ge(l.loss.h, 5);
    ck_assert_int_ge(l.theory.h, 7);
    ck_assert_int_ge(l.info.h, 5);
    /* Every cell of the screen belongs to a panel (no overlap, so by area). */
    long area = 0;
    for (size_t i = 0; i < n; i++)
        area += (long)r[i].h * r[i].w;
    ck_assert_msg(area == (long)cols * rows, "%dx%d: panels cover %ld of %d cells", cols, rows, area, cols * rows);
    for (int words = 0; words < 2; words++) {
        const rs_heat_layout h = rs_heat_layout_compute(l.heat, words);
        const rs_rect parts[] = {h.header, h.ylabels, h.grid, h.taxis, h.words, h.legend, h.caption};
        const rs_rect inner = {l.heat.y + 1, l.heat.x + 1, l.heat.h - 2, l.heat.w - 2};
        ck_assert_int_ge(h.grid.h, 4);
        ck_assert_int_ge(h.grid.w, 20);
        ck_assert_int_eq(h.words.h, words);
        for (size_t i = 0; i < 7; i++) {
            if (rs_rect_empty(parts[i]))
                continue;
            ck_assert_msg(parts[i].y >= inner.y && parts[i].x >= inner.x && parts[i].y + parts[i].h <= inner.y + inner.h &&
                              parts[i].x + parts[i].w <= inner.x + inner.w,
                          "%dx%d: heat part %zu outside the box", cols, rows, i);
            for (size_t j = i + 1; j < 7; j++)
                ck_assert_msg(!rs_rect_overlap(parts[i], parts[j]), "%dx%d: heat parts %zu, %zu overlap", cols, rows, i, j);
        }
    }
}

START_TEST(layout_many_sizes)
{
    for (int cols = RS_TUI_MIN_COLS; cols <= 260; cols += 7)
        for (int rows = RS_TUI_MIN_ROWS; rows <= 90; rows += 3)
            check_layout(cols, rows);
    check_layout(80, 24);
    check_layout(120, 40);
    check_layout(119, 33);
    check_layout(120, 34);
}
END_TEST

START_TEST(layout_too_small)
{
    static const int sizes[][2] = {{1, 1}, {20, 8}, {60, 20}, {79, 24}, {80, 23}, {200, 10}, {0, 0}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        const rs_layout l = rs_layout_compute(sizes[i][0], sizes[i][1]);
        ck_assert_msg(l.too_small, "%dx%d should be too small", sizes[i][0], sizes[i][1]);
    }
}
END_TEST

START_TEST(layout_centre)
{
    rs_rect r = rs_centre(80, 24, 100, 40);
    ck_assert(rs_rect_inside(r, 80, 24));
    r = rs_centre(120, 40, 60, 10);
    ck_assert_int_eq(r.x, 30);
    ck_assert_int_eq(r.y, 15);
}
END_TEST

/* ---- timestep bins ------------------------------------------------------------- */

START_TEST(tbins_partition)
{
    static const int Ts[] = {1, 2, 10, 49, 50, 51, 68, 69, 100, 137, 500, 1000};
    static const int widths[] = {1, 7, 34, 50, 68, 69, 150};
    for (size_t a = 0; a < sizeof Ts / sizeof Ts[0]; a++)
        for (size_t b = 0; b < sizeof widths / sizeof widths[0]; b++) {
            const int T = Ts[a], W = widths[b];
            const rs_tbins tb = rs_tbins_compute(T, W);
            ck_assert_int_eq(tb.ncols, W);
            ck_assert_int_le(tb.nbins, W);
            ck_assert_int_ge(tb.t_per_col, 1);
            if (T <= W)
                ck_assert_int_eq(tb.t_per_col, 1);
            /* Bins partition 1 … T in order. */
            int next = 1;
            for (int i = 0; i < tb.nbins; i++) {
                int t0, t1;
                rs_tbins_range(&tb, i, &t0, &t1);
                ck_assert_int_eq(t0, next);
                ck_assert_int_ge(t1, t0);
                ck_assert_int_le(t1 - t0 + 1, tb.t_per_col);
                next = t1 + 1;
            }
            ck_assert_int_eq(next, T + 1);
            /* Columns: every column belongs to one bin, bins in order, none empty. */
            ck_assert_int_eq(rs_tbins_col(&tb, 0), 0);
            ck_assert_int_eq(rs_tbins_col(&tb, tb.nbins), W);
            for (int i = 0; i < tb.nbins; i++)
                ck_assert_int_lt(rs_tbins_col(&tb, i), rs_tbins_col(&tb, i + 1));
            for (int x = 0; x < W; x++) {
                const int bin = rs_tbins_bin_at(&tb, x);
                ck_assert_int_ge(bin, 0);
                ck_assert(rs_tbins_col(&tb, bin) <= x && x < rs_tbins_col(&tb, bin + 1));
            }
            ck_assert_int_eq(rs_tbins_bin_at(&tb, -1), -1);
            ck_assert_int_eq(rs_tbins_bin_at(&tb, W), -1);
            ck_assert_int_eq(rs_tbins_col_of_t(&tb, 1), 0);
        }
}
END_TEST

START_TEST(tbins_examples)
{
    rs_tbins tb = rs_tbins_compute(500, 68);
    ck_assert_int_eq(tb.t_per_col, 8);
    ck_assert_int_eq(tb.nbins, 63);
    int t0, t1;
    rs_tbins_range(&tb, 62, &t0, &t1);
    ck_assert_int_eq(t0, 497);
    ck_assert_int_eq(t1, 500);
    tb = rs_tbins_compute(0, 68);
    ck_assert_int_eq(tb.nbins, 0);
    ck_assert_int_eq(rs_tbins_bin_at(&tb, 0), -1);
}
END_TEST

START_TEST(rowbins_newest_at_bottom)
{
    rs_rowbins b = rs_rowbins_compute(0, 10);
    ck_assert_int_eq(b.nrows, 0);
    b = rs_rowbins_compute(5, 10);
    ck_assert_int_eq(b.nrows, 5);
    ck_assert_uint_eq(rs_rowbins_item(&b, 0), 0);
    ck_assert_uint_eq(rs_rowbins_item(&b, 4), 4);
    for (size_t n = 1; n < 3000; n += 37) {
        b = rs_rowbins_compute(n, 52);
        ck_assert_int_le(b.nrows, 52);
        ck_assert_uint_eq(rs_rowbins_item(&b, b.nrows - 1), n - 1);   /* the newest is always shown */
        for (int r = 1; r < b.nrows; r++)
            ck_assert_uint_eq(rs_rowbins_item(&b, r) - rs_rowbins_item(&b, r - 1), b.stride);
        ck_assert_uint_lt(rs_rowbins_item(&b, 0), b.stride);
    }
}
END_TEST

START_TEST(groups_cover_units)
{
    for (int n = 1; n < 300; n += 13)
        for (int slots = 1; slots < 70; slots += 9) {
            const rs_groups g = rs_groups_compute(n, slots);
            ck_assert_int_le(g.nrows, slots);
            int next = 0;
            for (int r = 0; r < g.nrows; r++) {
                int a, b;
                rs_groups_range(&g, r, &a, &b);
                ck_assert_int_eq(a, next);
                ck_assert_int_ge(b, a);
                next = b + 1;
            }
            ck_assert_int_eq(next, n);
        }
}
END_TEST

START_TEST(ticks_include_ends)
{
    int ticks[32];
    for (int T = 1; T <= 1000; T += 17) {
        const int n = rs_ticks(T, 68, 4, ticks, 32);
        ck_assert_int_ge(n, 1);
        ck_assert_int_eq(ticks[0], 1);
        ck_assert_int_eq(ticks[n - 1], T);
        for (int i = 1; i < n; i++)
            ck_assert_int_gt(ticks[i], ticks[i - 1]);
    }
}
END_TEST

/* ---- value → colour bucket ------------------------------------------------------ */

START_TEST(classify_edges)
{
    double x;
    ck_assert_int_eq(rs_heat_classify(0.0, 1.0, true, &x), RS_HEAT_ZERO);
    ck_assert_int_eq(rs_heat_classify(-0.0, 1.0, false, &x), RS_HEAT_ZERO);
    ck_assert_int_eq(rs_heat_classify(NAN, 1.0, true, &x), RS_HEAT_NONFINITE);
    ck_assert_int_eq(rs_heat_classify(NAN, 1.0, false, &x), RS_HEAT_NONFINITE);
    ck_assert_int_eq(rs_heat_classify(INFINITY, 1.0, false, &x), RS_HEAT_NONFINITE);
    ck_assert_int_eq(rs_heat_classify(-INFINITY, 1.0, true, &x), RS_HEAT_NONFINITE);

    ck_assert_int_eq(rs_heat_classify(1e-300, 1.0, false, &x), RS_HEAT_VALUE);
    ck_assert_double_eq_tol(x, -300.0, 1e-9);
    ck_assert_int_eq(rs_heat_classify(1e300, 1.0, false, &x), RS_HEAT_VALUE);
    ck_assert_double_eq_tol(x, 300.0, 1e-9);
    ck_assert_int_eq(rs_heat_classify(4.9e-324, 1.0, false, &x), RS_HEAT_VALUE);   /* subnormal */
    ck_assert(isfinite(x) && x < -323.0);

    /* Relative: no overflow in the ratio of extremes. */
    ck_assert_int_eq(rs_heat_classify(1e-300, 1e300, true, &x), RS_HEAT_VALUE);
    ck_assert_double_eq_tol(x, -600.0, 1e-9);
    ck_assert_int_eq(rs_heat_classify(1e300, 1e-300, true, &x), RS_HEAT_VALUE);
    ck_assert_double_eq_tol(x, 600.0, 1e-9);
    ck_assert_int_eq(rs_heat_classify(0.37, 0.37, true, &x), RS_HEAT_VALUE);
    ck_assert_double_eq_tol(x, 0.0, 1e-12);
    ck_assert_int_eq(rs_heat_classify(3.7, 0.37, true, &x), RS_HEAT_VALUE);
    ck_assert_double_eq_tol(x, 1.0, 1e-12);
    /* Relative against a row whose value at T is 0 or not finite. */
    ck_assert_int_eq(rs_heat_classify(1.0, 0.0, true, &x), RS_HEAT_NOREF);
    ck_assert_int_eq(rs_heat_classify(1.0, NAN, true, &x), RS_HEAT_NONFINITE);
    ck_assert_int_eq(rs_heat_classify(1.0, INFINITY, true, &x), RS_HEAT_NONFINITE);
    /* Absolute ignores the reference. */
    ck_assert_int_eq(rs_heat_classify(1.0, 0.0, false, &x), RS_HEAT_VALUE);
    ck_assert_double_eq_tol(x, 0.0, 1e-12);
}
END_TEST

START_TEST(bucket_edges)
{
    const int n = rs_heat_schemes[RS_SCHEME_256].nbuckets;
    ck_assert_int_eq(n % 2, 1);
    ck_assert_int_eq(rs_heat_bucket(0.0, -10.0, 10.0, n), n / 2);     /* neutral: as large as at T */
    ck_assert_int_eq(rs_heat_bucket(-300.0, -10.0, 10.0, n), 0);
    ck_assert_int_eq(rs_heat_bucket(300.0, -10.0, 10.0, n), n - 1);
    ck_assert_int_eq(rs_heat_bucket(-10.0, -10.0, 10.0, n), 0);
    ck_assert_int_eq(rs_heat_bucket(10.0, -10.0, 10.0, n), n - 1);
    ck_assert_int_eq(rs_heat_bucket(-INFINITY, -10.0, 10.0, n), 0);
    ck_assert_int_eq(rs_heat_bucket(INFINITY, -10.0, 10.0, n), n - 1);
    const int nan_bucket = rs_heat_bucket(NAN, -10.0, 10.0, n);
    ck_assert(nan_bucket >= 0 && nan_bucket < n);
    /* Degenerate ranges and bucket counts never leave 0 … n−1. */
    ck_assert_int_eq(rs_heat_bucket(1.0, 1.0, 1.0, n), n / 2);
    ck_assert_int_eq(rs_heat_bucket(1.0, 2.0, 1.0, n), n / 2);
    ck_assert_int_eq(rs_heat_bucket(1.0, -1.0, 1.0, 1), 0);
    /* Monotone. */
    int prev = 0;
    for (double x = -12.0; x <= 12.0; x += 0.01) {
        const int b = rs_heat_bucket(x, -10.0, 10.0, n);
        ck_assert_int_ge(b, prev);
        prev = b;
    }
    /* Mono ramp and 8 colours: smallest and largest at the ends. */
    for (int k = 0; k < RS_SCHEME_COUNT; k++) {
        const int m = rs_heat_schemes[k].nbuckets;
        ck_assert_int_le(m, RS_HEAT_MAX_BUCKETS);
        ck_assert_int_eq(rs_heat_bucket(-1e9, -5, 5, m), 0);
        ck_assert_int_eq(rs_heat_bucket(1e9, -5, 5, m), m - 1);
    }
    ck_assert_int_eq((int)strlen(rs_heat_schemes[RS_SCHEME_MONO].ramp), rs_heat_schemes[RS_SCHEME_MONO].nbuckets);
}
END_TEST

START_TEST(relative_vs_absolute)
{
    /* The same row: relative puts t = T in the neutral middle; absolute puts the
     * largest at the top and the smallest at the bottom. */
    const double row[] = {1e-40, 1e-20, 1e-3, 0.5};
    const int n = rs_heat_schemes[RS_SCHEME_256].nbuckets;
    double x[4], lo, hi;
    unsigned char cls[4];
    for (int i = 0; i < 4; i++)
        cls[i] = (unsigned char)rs_heat_classify(row[i], row[3], true, &x[i]);
    rs_heat_range(x, cls, 4, true, &lo, &hi);
    ck_assert_double_eq(lo, -hi);
    ck_assert_double_ge(hi, 39.0);
    ck_assert_int_eq(rs_heat_bucket(x[3], lo, hi, n), n / 2);
    ck_assert_int_eq(rs_heat_bucket(x[0], lo, hi, n), 0);
    for (int i = 0; i < 4; i++)
        cls[i] = (unsigned char)rs_heat_classify(row[i], row[3], false, &x[i]);
    rs_heat_range(x, cls, 4, false, &lo, &hi);
    ck_assert_double_eq(lo, -40.0);
    ck_assert_double_eq(hi, 0.0);
    ck_assert_int_eq(rs_heat_bucket(x[3], lo, hi, n), n - 1);
    ck_assert_int_eq(rs_heat_bucket(x[0], lo, hi, n), 0);
    /* Marks do not stretch the range; nothing to show gives (−1, 1). */
    cls[0] = RS_HEAT_NONFINITE;
    cls[1] = RS_HEAT_ZERO;
    cls[2] = cls[3] = RS_HEAT_EMPTY;
    rs_heat_range(x, cls, 4, true, &lo, &hi);
    ck_assert_double_eq(lo, -1.0);
    ck_assert_double_eq(hi, 1.0);
}
END_TEST

START_TEST(scheme_pick)
{
    ck_assert_int_eq(rs_scheme_pick(true, 256, 65536, NULL), RS_SCHEME_256);
    ck_assert_int_eq(rs_scheme_pick(true, 256, 65536, ""), RS_SCHEME_256);     /* empty NO_COLOR: ignored */
    ck_assert_int_eq(rs_scheme_pick(true, 256, 65536, "1"), RS_SCHEME_MONO);
    ck_assert_int_eq(rs_scheme_pick(true, 8, 64, NULL), RS_SCHEME_MONO);        /* too few pairs for 9×9 */
    ck_assert_int_eq(rs_scheme_pick(true, 8, 256, NULL), RS_SCHEME_8);
    ck_assert_int_eq(rs_scheme_pick(true, 256, 256, NULL), RS_SCHEME_8);        /* 256 colours, few pairs */
    ck_assert_int_eq(rs_scheme_pick(false, 0, 0, NULL), RS_SCHEME_MONO);
    ck_assert_int_eq(rs_scheme_pick(true, 2, 256, NULL), RS_SCHEME_MONO);
    /* Colour schemes have an odd number of buckets (a neutral middle) and distinct marks. */
    for (int k = 0; k < RS_SCHEME_MONO; k++) {
        const rs_heat_scheme *s = &rs_heat_schemes[k];
        ck_assert_int_eq(s->nbuckets % 2, 1);
        for (int b = 0; b < s->nbuckets; b++) {
            ck_assert_int_ne(s->heat[b], s->nan);
            ck_assert_int_ne(s->heat[b], s->zero);
        }
        ck_assert_int_ne(s->nan, s->zero);
    }
}
END_TEST

/* ---- text ---------------------------------------------------------------------- */

START_TEST(text_numbers)
{
    char b[128];
    rs_fmt_pow10(b, sizeof b, -24, true);
    ck_assert_str_eq(b, "10⁻²⁴");
    rs_fmt_pow10(b, sizeof b, -24, false);
    ck_assert_str_eq(b, "1e-24");
    rs_fmt_pow10(b, sizeof b, 0, true);
    ck_assert_str_eq(b, "1");
    rs_fmt_pow10(b, sizeof b, 17, true);
    ck_assert_str_eq(b, "10¹⁷");
    rs_fmt_num(b, sizeof b, 3e-25, true);
    ck_assert_str_eq(b, "3·10⁻²⁵");
    rs_fmt_num(b, sizeof b, 3e-25, false);
    ck_assert_str_eq(b, "3e-25");
    rs_fmt_num(b, sizeof b, 0.21, true);
    ck_assert_str_eq(b, "0.21");
    rs_fmt_num(b, sizeof b, 9.97e-5, true);
    ck_assert_str_eq(b, "1·10⁻⁴");
    rs_fmt_num(b, sizeof b, 0.0, true);
    ck_assert_str_eq(b, "0");
    rs_fmt_num(b, sizeof b, NAN, true);
    ck_assert_str_eq(b, "NaN");
    rs_fmt_num(b, sizeof b, -INFINITY, true);
    ck_assert_str_eq(b, "-Inf");
    rs_fmt_num(b, sizeof b, 1e300, true);
    ck_assert_str_eq(b, "1·10³⁰⁰");
}
END_TEST

START_TEST(text_sentences)
{
    char b[256];
    rs_theory_reading(b, sizeof b, 0.21, true);
    ck_assert_str_eq(b, "γ·σ_max = 0.21 < 1: the gradient must shrink at least 0.21× per step");
    rs_theory_reading(b, sizeof b, 1.7, true);
    ck_assert_str_eq(b, "γ·σ_max = 1.7 ≥ 1: no guarantee — gradients may explode");
    rs_theory_reading(b, sizeof b, 1.0, false);
    ck_assert_str_eq(b, "gamma*sigma_max = 1 >= 1: no guarantee - gradients may explode");
    rs_bptt_sentence(b, sizeof b, 37, 3e-25, true);
    ck_assert_str_eq(b, "after 37 steps back the gradient is 3·10⁻²⁵ of its size at the end");
    rs_bptt_sentence(b, sizeof b, 1, 0.5, true);
    ck_assert_str_eq(b, "after 1 step back the gradient is 0.5 of its size at the end");
}
END_TEST

START_TEST(text_width_and_wrap)
{
    ck_assert_int_eq(rs_text_width("10⁻²⁴"), 5);
    ck_assert_int_eq(rs_text_width(""), 0);
    ck_assert_uint_eq(rs_text_prefix("γ·σ", 2), strlen("γ·"));
    ck_assert_uint_eq(rs_text_prefix("abc", 10), 3);
    char buf[256];
    const char *lines[8];
    int n = rs_wrap("the gradient must shrink at least 0.21× per step", 20, buf, sizeof buf, lines, 8);
    ck_assert_int_eq(n, 3);
    for (int i = 0; i < n; i++)
        ck_assert_int_le(rs_text_width(lines[i]), 20);
    ck_assert_str_eq(lines[0], "the gradient must");
    n = rs_wrap("enlarge the terminal to at least 80×24 (now 20×8)", 18, buf, sizeof buf, lines, 8);
    for (int i = 0; i < n; i++)
        ck_assert_int_le(rs_text_width(lines[i]), 18);
    n = rs_wrap("abcdefghijklmnopqrstuvwxyz", 10, buf, sizeof buf, lines, 8);   /* no space: cut */
    ck_assert_int_eq(n, 3);
    ck_assert_str_eq(lines[2], "uvwxyz");
    n = rs_wrap("a b c", 10, buf, sizeof buf, lines, 1);
    ck_assert_int_eq(n, 1);
}
END_TEST

/* ---- the key table ------------------------------------------------------------------ */

START_TEST(keys_help_and_classes)
{
    for (size_t i = 0; i < rs_tui_nkeys; i++) {
        const rs_tui_key *k = &rs_tui_keys[i];
        ck_assert_msg(k->help && *k->help, "key entry %zu has no help line", i);
        ck_assert_msg(k->codes[0] != 0, "key entry %zu has no key", i);
        ck_assert_int_ne(k->action, RS_ACT_NONE);
        if (k->cfg_key) {
            ck_assert_msg(rs_key_find(k->cfg_key) != NULL, "%s is not a config key", k->cfg_key);
            const bool resets = rs_key_resets(k->cfg_key);
            if (k->cls == RS_CLASS_RESETS)
                ck_assert_msg(resets, "%s is listed as re-initialising, the session continues", k->cfg_key);
            else
                ck_assert_msg(!resets, "%s is listed as continuing, the session re-initialises", k->cfg_key);
            ck_assert(k->cls == RS_CLASS_RESETS || k->cls == RS_CLASS_CONTINUES || k->cls == RS_CLASS_VIEW);
        }
        /* No key code means two things. */
        for (int c = 0; c < RS_TUI_MAX_KEYCODES && k->codes[c]; c++)
            ck_assert_ptr_eq(rs_tui_key_find(k->codes[c]), k);
    }
    /* The keys, each with its action. */
    static const struct {
        int code;
        rs_action action;
    } want[] = {
        {' ', RS_ACT_RUN}, {'n', RS_ACT_STEP}, {'b', RS_ACT_BPTT}, {'a', RS_ACT_ACTIVATION}, {'i', RS_ACT_INIT},
        {'c', RS_ACT_CLIP}, {'{', RS_ACT_CLIP_DOWN}, {'}', RS_ACT_CLIP_UP}, {'C', RS_ACT_CELL}, {'t', RS_ACT_TBPTT},
        {'-', RS_ACT_LR_DOWN}, {'+', RS_ACT_LR_UP}, {'<', RS_ACT_LEN_DOWN}, {'>', RS_ACT_LEN_UP}, {'v', RS_ACT_VIEW},
        {'S', RS_ACT_SCALE}, {'r', RS_ACT_RESET}, {'s', RS_ACT_SEED}, {'q', RS_ACT_QUIT}, {'Q', RS_ACT_QUIT},
        {'?', RS_ACT_HELP}, {KEY_F(1), RS_ACT_HELP}, {'w', RS_ACT_WORDS}, {KEY_LEFT, RS_ACT_LEFT},
        {KEY_RIGHT, RS_ACT_RIGHT}, {KEY_UP, RS_ACT_UP}, {KEY_DOWN, RS_ACT_DOWN},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const rs_tui_key *k = rs_tui_key_find(want[i].code);
        ck_assert_msg(k != NULL, "key %d missing", want[i].code);
        ck_assert_int_eq(k->action, want[i].action);
    }
    ck_assert_ptr_null(rs_tui_key_find('Z'));
    ck_assert_ptr_null(rs_tui_key_find(0));
    /* The toggles that re-initialise, by the issue: activation, init, cell, seed. */
    ck_assert_int_eq(rs_tui_key_find('a')->cls, RS_CLASS_RESETS);
    ck_assert_int_eq(rs_tui_key_find('i')->cls, RS_CLASS_RESETS);
    ck_assert_int_eq(rs_tui_key_find('C')->cls, RS_CLASS_RESETS);
    ck_assert_int_eq(rs_tui_key_find('s')->cls, RS_CLASS_RESETS);
    ck_assert_int_eq(rs_tui_key_find('c')->cls, RS_CLASS_CONTINUES);
    ck_assert_int_eq(rs_tui_key_find('t')->cls, RS_CLASS_CONTINUES);
    ck_assert_int_eq(rs_tui_key_find('-')->cls, RS_CLASS_CONTINUES);
    ck_assert_int_eq(rs_tui_key_find('>')->cls, RS_CLASS_CONTINUES);
}
END_TEST

START_TEST(help_from_table)
{
    rs_help_line lines[64];
    const size_t n = rs_help_lines(lines, 64);
    ck_assert_uint_gt(n, 0);
    ck_assert(lines[0].is_title);
    /* Every labelled key has its line, under the title of its class. */
    for (size_t i = 0; i < rs_tui_nkeys; i++) {
        const rs_tui_key *k = &rs_tui_keys[i];
        if (!k->label)
            continue;
        bool found = false;
        const char *title = NULL;
        for (size_t j = 0; j < n; j++) {
            if (lines[j].is_title)
                title = lines[j].text;
            else if (strcmp(lines[j].label, k->label) == 0 && strcmp(lines[j].text, k->help) == 0) {
                found = true;
                ck_assert_str_eq(title, rs_key_class_titles[k->cls]);
            }
        }
        ck_assert_msg(found, "key %s missing from the help", k->label);
    }
    /* The help says which toggles re-initialise and which continue. */
    bool resets = false, continues = false;
    for (size_t j = 0; j < n; j++)
        if (lines[j].is_title) {
            resets |= strstr(lines[j].text, "Re-initialise") != NULL;
            continues |= strstr(lines[j].text, "Continue") != NULL;
        }
    ck_assert(resets && continues);
    /* A short buffer is never overrun. */
    ck_assert_uint_eq(rs_help_lines(lines, 3), 3);
}
END_TEST

START_TEST(ladders)
{
    ck_assert_int_eq(rs_length_next(50, +1, 2, 1000), 75);
    ck_assert_int_eq(rs_length_next(50, -1, 2, 1000), 30);
    ck_assert_int_eq(rs_length_next(60, +1, 2, 1000), 75);
    ck_assert_int_eq(rs_length_next(60, -1, 2, 1000), 50);
    ck_assert_int_eq(rs_length_next(500, +1, 2, 1000), 500);
    ck_assert_int_eq(rs_length_next(10, -1, 2, 1000), 10);
    ck_assert_int_eq(rs_length_next(300, +1, 2, 400), 300);
    ck_assert_int_eq(rs_length_next(5, +1, 2, 1000), 10);
    ck_assert_int_eq(rs_tbptt_next(0), 5);
    ck_assert_int_eq(rs_tbptt_next(5), 10);
    ck_assert_int_eq(rs_tbptt_next(20), 40);
    ck_assert_int_eq(rs_tbptt_next(40), 0);
    ck_assert_int_eq(rs_tbptt_next(7), 10);
    ck_assert_int_eq(rs_tbptt_next(1000), 0);
    /* Every ladder value is a valid task.length. */
    const rs_key *k = rs_key_find("task.length");
    for (size_t i = 0; i < rs_length_steps_n; i++)
        ck_assert(rs_length_steps[i] >= k->min && rs_length_steps[i] <= k->max);
    k = rs_key_find("train.tbptt");
    for (size_t i = 0; i < rs_tbptt_cycle_n; i++)
        ck_assert(rs_tbptt_cycle[i] >= k->min && rs_tbptt_cycle[i] <= k->max);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("tui");
    TCase *tc = tcase_create("layout");
    tcase_add_test(tc, layout_many_sizes);
    tcase_add_test(tc, layout_too_small);
    tcase_add_test(tc, layout_centre);
    tcase_add_test(tc, tbins_partition);
    tcase_add_test(tc, tbins_examples);
    tcase_add_test(tc, rowbins_newest_at_bottom);
    tcase_add_test(tc, groups_cover_units);
    tcase_add_test(tc, ticks_include_ends);
    suite_add_tcase(s, tc);
    tc = tcase_create("colour");
    tcase_add_test(tc, classify_edges);
    tcase_add_test(tc, bucket_edges);
    tcase_add_test(tc, relative_vs_absolute);
    tcase_add_test(tc, scheme_pick);
    suite_add_tcase(s, tc);
    tc = tcase_create("text");
    tcase_add_test(tc, text_numbers);
    tcase_add_test(tc, text_sentences);
    tcase_add_test(tc, text_width_and_wrap);
    suite_add_tcase(s, tc);
    tc = tcase_create("keys");
    tcase_add_test(tc, keys_help_and_classes);
    tcase_add_test(tc, help_from_table);
    tcase_add_test(tc, ladders);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return rs_run_suite(suite());
}
