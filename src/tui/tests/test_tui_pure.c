/* Unit tests of the terminal UI's pure parts: layout, binning, text, and the
 * key table (the colour scale and its schemes: test_heat_colour.c). No
 * terminal is opened. */
#include <check.h>

#include "../../../tests/check_main.h"
#include <curses.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../view/bins.h"
#include "../../view/colour.h"
#include "../../view/format.h"
#include "../../view/heat.h"
#include "../../view/text.h"
#include "../../view/views.h"
#include "../keys.h"
#include "../layout.h"
#include "../live.h"
#include "rnnscope/config.h"
#include "rnnscope/session.h"

/* ---- layout ------------------------------------------------------------------ */

/* Like ck_assert_msg, but quiet when it holds: the layout is checked at
 * some 17 000 sizes, and every passing Check assertion costs a write to a pipe. */
#define expect(cond, ...)                                                                                                    \
    do {                                                                                                                     \
        if (!(cond))                                                                                                         \
            ck_abort_msg(__VA_ARGS__);                                                                                       \
    } while (0)
/* These two name the size in their message: they need cols and rows in scope. */
#define expect_true(cond) expect(cond, "%dx%d: %s", cols, rows, #cond)
#define expect_int(a, op, b) expect((a) op (b), "%dx%d: %s %s %s fails (%d, %d)", cols, rows, #a, #op, #b, (int)(a), (int)(b))

static void check_inside_box(const char *what, rs_rect part, rs_rect in, int cols, int rows)
{
    expect(part.y >= in.y && part.x >= in.x && part.y + part.h <= in.y + in.h && part.x + part.w <= in.x + in.w,
                  "%dx%d: %s (%d,%d %dx%d) outside its area (%d,%d %dx%d)", cols, rows, what, part.y, part.x, part.h,
                  part.w, in.y, in.x, in.h, in.w);
}

static void check_heat_layout(const rs_layout *l, rs_rect heat, int cols, int rows)
{
    const bool framed = !l->compact;
    const rs_rect inner = framed ? (rs_rect){heat.y + 1, heat.x + 1, heat.h - 2, heat.w - 2} : heat;
    for (int words = 0; words < 2; words++) {
        const rs_heat_layout h = rs_heat_layout_compute(heat, framed, words);
        const rs_rect parts[] = {h.header, h.ylabels, h.grid, h.taxis, h.words, h.legend, h.caption};
        static const char *const names[] = {"header", "ylabels", "grid", "t axis", "words", "legend", "caption"};
        expect(h.grid.h >= RS_HEAT_MIN_GRID, "%dx%d: a grid of %d lines", cols, rows, h.grid.h);
        /* With the panels (from 80×24) the heat map keeps 5 rows (issue 10). */
        if (l->panels && !l->split)
            expect(h.grid.h >= RS_TUI_MIN_HEAT_ROWS, "%dx%d: a heat grid of %d lines (words %d)", cols, rows, h.grid.h,
                   words);
        expect_int(h.grid.w, >=, 20);
        expect_int(h.header.h, ==, 1);
        expect_int(h.taxis.h, ==, 1);
        expect_int(h.legend.h, ==, 1);
        /* The words line whenever it was asked for and the grid keeps 4 lines. */
        if (words && inner.h >= 3 + RS_HEAT_MIN_GRID + 1)
            expect_true(h.words.h == 1);
        if (!words)
            expect_int(h.words.h, ==, 0);
        /* The caption says in words what the colours mean: two lines in
         * the boxed layout of one session (compare mode: when there is room). */
        if (framed && !l->split && !words)
            expect(h.caption.h == 2, "%dx%d: a caption of %d lines", cols, rows, h.caption.h);
        /* Top to bottom, every line of the area used once. */
        const int lines = h.header.h + h.grid.h + h.taxis.h + h.words.h + h.legend.h + h.caption.h;
        for (size_t i = 0; i < 7; i++) {
            if (rs_rect_empty(parts[i]))
                continue;
            check_inside_box(names[i], parts[i], inner, cols, rows);
            for (size_t j = i + 1; j < 7; j++)
                expect(!rs_rect_overlap(parts[i], parts[j]), "%dx%d: heat parts %s, %s overlap", cols, rows, names[i],
                              names[j]);
        }
        expect(lines == inner.h, "%dx%d: the heat parts use %d of %d lines", cols, rows, lines, inner.h);
    }
}

/* The decay profile right under the heat map, the same columns (t for t),
 * its plot at least RS_TUI_MIN_DECAY_ROWS high; min: the rows it must keep. */
static void check_decay(const rs_layout *l, const rs_side_rects *sr, int min, int cols, int rows)
{
    if (rs_rect_empty(sr->decay))
        return;
    const rs_decay_layout d = rs_decay_layout_compute(sr->decay, !l->compact);
    const rs_heat_layout h = rs_heat_layout_compute(sr->heat, !l->compact, true);
    expect(d.plot.h >= min, "%dx%d: a decay plot of %d rows", cols, rows, d.plot.h);
    expect_int(sr->decay.y, ==, sr->heat.y + sr->heat.h);
    expect_int(d.plot.x, ==, h.grid.x);
    expect_int(d.plot.w, ==, h.grid.w);
    const rs_rect in = l->compact ? (rs_rect){sr->decay.y + 1, sr->decay.x, sr->decay.h - 1, sr->decay.w}
                                  : (rs_rect){sr->decay.y + 1, sr->decay.x + 1, sr->decay.h - 2, sr->decay.w - 2};
    check_inside_box("decay plot", d.plot, in, cols, rows);
    expect_int(d.plot.h + d.taxis.h, ==, in.h);
}

/* The training curves: the loss plot at least RS_TUI_MIN_LOSS_ROWS high,
 * the parts inside the panel, top to bottom, not overlapping. */
static void check_loss(const rs_layout *l, int cols, int rows)
{
    const rs_loss_layout ll = rs_loss_layout_compute(l->loss, !l->compact, rs_rect_empty(l->theory));
    expect(ll.loss.h >= RS_TUI_MIN_LOSS_ROWS, "%dx%d: a loss plot of %d rows", cols, rows, ll.loss.h);
    const rs_rect parts[] = {ll.numbers, ll.loss, ll.grad, ll.acc, ll.steps, ll.theory};
    for (size_t i = 0; i < 6; i++) {
        if (rs_rect_empty(parts[i]))
            continue;
        check_inside_box("loss part", parts[i], l->loss, cols, rows);
        for (size_t j = i + 1; j < 6; j++)
            expect(!rs_rect_overlap(parts[i], parts[j]), "%dx%d: loss parts %zu, %zu overlap", cols, rows, i, j);
    }
    expect_int(ll.steps.h, ==, 1);
    expect_int(ll.numbers.h, ==, 1);
}

static void check_layout_opts(int cols, int rows, const rs_layout_opts *o)
{
    const bool compare = o && o->compare, lesson = o && o->caption_lines > 0;
    const rs_layout l = rs_layout_compute_opts(cols, rows, o);
    expect(!l.too_small, "%dx%d should fit", cols, rows);
    rs_rect r[RS_LAYOUT_MAX_RECTS + 4];
    const size_t n = rs_layout_rects(&l, r, sizeof r / sizeof r[0]);
    expect_int(n, ==, RS_LAYOUT_MAX_RECTS);
    long area = 0;
    for (size_t i = 0; i < n; i++) {
        expect(rs_rect_inside(r[i], cols, rows), "%dx%d: rect %zu (%d,%d %dx%d) outside", cols, rows, i, r[i].y,
                      r[i].x, r[i].h, r[i].w);
        for (size_t j = i + 1; j < n; j++)
            expect(!rs_rect_overlap(r[i], r[j]), "%dx%d: rects %zu and %zu overlap", cols, rows, i, j);
        area += (long)r[i].h * r[i].w;
    }
    /* Every cell of the screen belongs to a panel (no overlap, so by area). */
    expect(area == (long)cols * rows, "%dx%d: panels cover %ld of %d cells", cols, rows, area, cols * rows);
    expect_true(!rs_rect_empty(l.title) && !rs_rect_empty(l.status) && !rs_rect_empty(l.message));
    expect_int(l.status.y, ==, rows - 2);
    expect_int(l.message.y, ==, rows - 1);
    expect_true(!rs_rect_empty(l.side[0].heat));
    /* A lesson's caption right under the title, full width, with at least
     * its rule (box) and two lines; none without a lesson. */
    if (lesson) {
        expect_int(l.caption.y, ==, 1);
        expect_int(l.caption.w, ==, cols);
        expect_int(l.caption.h, >=, RS_TUI_CAPTION_MIN + (l.compact ? 1 : 2));
        expect_int(l.caption.h, <=, (l.compact ? RS_TUI_CAPTION_COMPACT_MAX + 1 : RS_TUI_CAPTION_FULL_MAX + 2));
    } else
        expect_true(rs_rect_empty(l.caption));
    /* Compare mode: both sides when there are the columns, else one. */
    expect_int(l.split, ==, compare && cols >= RS_TUI_SPLIT_COLS);
    expect_int(l.one_side, ==, compare && cols < RS_TUI_SPLIT_COLS);
    if (!l.split)
        expect_true(rs_rect_empty(l.side[1].heat) && rs_rect_empty(l.side[1].info) &&
                    rs_rect_empty(l.side[1].settings) && rs_rect_empty(l.side[1].decay) && rs_rect_empty(l.decay));
    const int full_cols = compare && l.split ? RS_TUI_SPLIT_FULL_COLS : RS_TUI_FULL_COLS;
    const int full_rows = compare && l.split ? RS_TUI_SPLIT_FULL_ROWS : RS_TUI_BOX_ROWS;
    if (!lesson) {
        expect_int(l.compact, ==, cols < full_cols || rows < full_rows);
        /* The panels: boxed, or one session ruled from 80×24. */
        expect_int(l.panels, ==, !l.compact || (!compare && cols >= RS_TUI_FULL_COLS && rows >= RS_TUI_FULL_ROWS));
    } else if (cols < full_cols)
        expect_true(l.compact);
    expect_int(l.panels, ==, !rs_rect_empty(l.config) && !rs_rect_empty(l.loss));
    if (l.split) {
        /* left | right, the same height, widths within a column of each other */
        const rs_side_rects *a = &l.side[0], *b = &l.side[1];
        expect_int(a->heat.x, ==, 0);
        expect_int(b->heat.x, >=, a->heat.x + a->heat.w);
        expect_int(a->heat.y, ==, b->heat.y);
        expect_int(a->heat.h, ==, b->heat.h);
        expect_int(a->info.h, ==, b->info.h);
        expect_true(abs(a->heat.w - b->heat.w) <= 1);
        expect_true(a->info.y == a->heat.y + a->heat.h && b->info.y == b->heat.y + b->heat.h);
        if (l.compact) {
            expect_true(!rs_rect_empty(l.divider) && l.divider.w == 1);
            expect_true(rs_rect_empty(l.config) && rs_rect_empty(l.loss) && rs_rect_empty(l.theory));
            expect_int(a->settings.h, ==, 2);
            expect_int(b->settings.h, ==, 2);
            expect_int(a->info.h, >=, 3);
        } else {
            expect_true(rs_rect_empty(l.divider) && rs_rect_empty(a->settings) && rs_rect_empty(b->settings));
            /* every setting, with two value columns; loss and theory of both */
            expect(l.config.h - 2 >= RS_TUI_SETTING_ROWS, "%dx%d: %d lines for %d settings", cols, rows,
                   l.config.h - 2, RS_TUI_SETTING_ROWS);
            expect_int(l.config.w, >=, 46);
            expect_int(l.loss.h, >=, 8);
            expect_int(l.loss.w, >=, 30);
            expect_int(a->info.h, >=, 5);
            expect_int(a->heat.h, >=, 8);
            /* one decay profile of both sides, in the strip */
            expect_true(!rs_rect_empty(l.decay));
            expect_int(rs_decay_layout_compute(l.decay, true).plot.h, >=, 3);
        }
        check_heat_layout(&l, a->heat, cols, rows);
        check_heat_layout(&l, b->heat, cols, rows);
        return;
    }
    const rs_side_rects *sr = &l.side[0];
    if (!l.panels) {
        /* The heatmap, a settings summary, the decay profile when it keeps
         * 5 rows, the info lines; no side panels. */
        expect_true(rs_rect_empty(l.config) && rs_rect_empty(l.loss) && rs_rect_empty(l.theory));
        expect_int(sr->settings.h, >=, 1);
        expect_int(sr->settings.h, <=, 2);
        expect_int(sr->info.h, >=, 3);             /* a rule and two lines: the banner's cures fit */
        expect_int(sr->heat.w, ==, cols);
        check_decay(&l, sr, RS_TUI_MIN_DECAY_ROWS, cols, rows);
        if (!compare && cols >= 60 && rows >= 24 + (lesson ? l.caption.h : 0))
            expect(!rs_rect_empty(sr->decay), "%dx%d: no decay profile", cols, rows);
    } else {
        expect_true(rs_rect_empty(sr->settings));
        expect_true(!rs_rect_empty(sr->decay));
        check_decay(&l, sr, RS_TUI_MIN_DECAY_ROWS, cols, rows);
        check_loss(&l, cols, rows);
        if (l.compact) {
            /* ruled: a divider between the session and the panels */
            expect_true(l.divider.w == 1 && l.divider.x == sr->heat.w && l.divider.h == sr->heat.h + sr->decay.h + sr->info.h);
            expect_int(l.config.x, ==, l.divider.x + 1);
            expect_int(l.config.h, >=, 4);
            expect_int(sr->info.h, >=, 4);
        } else {
            expect_true(rs_rect_empty(l.divider));
            /* Every setting with its key, whatever the height. */
            expect(l.config.h - 2 >= RS_TUI_SETTING_ROWS, "%dx%d: %d lines for %d settings", cols, rows, l.config.h - 2,
                   RS_TUI_SETTING_ROWS);
            expect_int(sr->info.h, >=, 5);
            /* A narrow info box gets a fourth line. */
            if (sr->info.w < 70)
                expect_int(sr->info.h, >=, 6);
        }
        /* The theory has its own panel, or its two lines close the loss panel. */
        if (!rs_rect_empty(l.theory))
            expect_int(l.theory.h, >=, 4);
    }
    check_heat_layout(&l, sr->heat, cols, rows);
}

static void check_layout(int cols, int rows)
{
    check_layout_opts(cols, rows, NULL);
}

START_TEST(layout_many_sizes)
{
    /* Every size from the smallest accepted to 260×90, compact and full. */
    for (int cols = RS_TUI_MIN_COLS; cols <= 260; cols++)
        for (int rows = RS_TUI_MIN_ROWS; rows <= 90; rows++)
            check_layout(cols, rows);
}
END_TEST

START_TEST(layout_thresholds)
{
    /* The exact edges: too small → compact → full. */
    ck_assert(rs_layout_compute(RS_TUI_MIN_COLS - 1, RS_TUI_MIN_ROWS).too_small);
    ck_assert(rs_layout_compute(RS_TUI_MIN_COLS, RS_TUI_MIN_ROWS - 1).too_small);
    rs_layout l = rs_layout_compute(RS_TUI_MIN_COLS, RS_TUI_MIN_ROWS);
    ck_assert(!l.too_small && l.compact);
    l = rs_layout_compute(RS_TUI_FULL_COLS - 1, 200);
    ck_assert(!l.too_small && l.compact);
    l = rs_layout_compute(300, RS_TUI_FULL_ROWS - 1);
    ck_assert(!l.too_small && l.compact);
    /* From 80×24 the panels beside the session, ruled; from 30 lines boxed. */
    l = rs_layout_compute(RS_TUI_FULL_COLS, RS_TUI_FULL_ROWS);
    ck_assert(!l.too_small && l.compact && l.panels);
    l = rs_layout_compute(RS_TUI_FULL_COLS, RS_TUI_BOX_ROWS - 1);
    ck_assert(l.compact && l.panels);
    l = rs_layout_compute(RS_TUI_FULL_COLS, RS_TUI_BOX_ROWS);
    ck_assert(!l.compact && l.panels);
    l = rs_layout_compute(RS_TUI_FULL_COLS - 1, 60);
    ck_assert(l.compact && !l.panels);
    /* The sizes: 60×20 is compact, 20×8 too small, 80×24 ruled. */
    ck_assert_int_eq(RS_TUI_MIN_COLS, 44);
    ck_assert_int_eq(RS_TUI_MIN_ROWS, 14);
    ck_assert_int_eq(RS_TUI_FULL_COLS, 80);
    ck_assert_int_eq(RS_TUI_FULL_ROWS, 24);
    l = rs_layout_compute(60, 20);
    ck_assert(!l.too_small && l.compact && !l.panels);
    ck_assert(rs_layout_compute(20, 8).too_small);
    /* What a projector shows (issue 10): the rows of the heat map, the
     * decay profile and the loss curve at 80×24, 100×30, 120×40, 200×60. */
    static const struct {
        int cols, rows, heat, decay, loss;
    } sizes[] = {{80, 24, 5, 5, 5}, {100, 30, 5, 6, 5}, {120, 40, 11, 9, 6}, {200, 60, 25, 15, 15}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        l = rs_layout_compute(sizes[i].cols, sizes[i].rows);
        const rs_heat_layout h = rs_heat_layout_compute(l.side[0].heat, !l.compact, true);
        const rs_decay_layout d = rs_decay_layout_compute(l.side[0].decay, !l.compact);
        const rs_loss_layout ll = rs_loss_layout_compute(l.loss, !l.compact, rs_rect_empty(l.theory));
        ck_assert_msg(h.grid.h == sizes[i].heat && d.plot.h == sizes[i].decay && ll.loss.h == sizes[i].loss,
                      "%dx%d: heat %d decay %d loss %d", sizes[i].cols, sizes[i].rows, h.grid.h, d.plot.h, ll.loss.h);
        ck_assert(!rs_rect_empty(d.taxis));
    }
    /* 80×24: the ruled panels, the theory its own; 100×30 boxed, the theory folded into the loss box. */
    l = rs_layout_compute(80, 24);
    ck_assert(!rs_rect_empty(l.theory) && l.divider.x == 45);
    l = rs_layout_compute(100, 30);
    ck_assert(rs_rect_empty(l.theory) && l.config.h == RS_TUI_SETTING_ROWS + 2);
    /* At 120×40 the settings box, a full theory box, the rest for the curves. */
    l = rs_layout_compute(120, 40);
    ck_assert_int_eq(l.config.h, RS_TUI_SETTING_ROWS + 2);
    ck_assert_int_eq(l.theory.h, 8);
    ck_assert_int_eq(l.config.w, 42);
    /* The compact screen at 60×20: 2 summary lines, the info's rule and 3
     * lines, a heatmap of 6 lines with its caption, no room for the decay. */
    l = rs_layout_compute(60, 20);
    ck_assert_int_eq(l.side[0].settings.h, 2);
    ck_assert_int_eq(l.side[0].info.h, 4);
    ck_assert(rs_rect_empty(l.side[0].decay));
    const rs_heat_layout h = rs_heat_layout_compute(l.side[0].heat, false, false);
    ck_assert_int_eq(h.grid.h, 6);
    ck_assert_int_eq(h.caption.h, 2);
    ck_assert_int_eq(h.header.y, l.side[0].heat.y);
}
END_TEST

START_TEST(layout_compare_many_sizes)
{
    /* Compare mode at every size: two sides from 73 columns (boxes from
     * 96 × 30), one side below; with and without a lesson's caption. */
    const rs_layout_opts opts[] = {{true, 0}, {true, 2}, {true, 4}, {true, 9}, {false, 1}, {false, 3}, {false, 12}};
    for (size_t o = 0; o < sizeof opts / sizeof opts[0]; o++)
        for (int cols = RS_TUI_MIN_COLS; cols <= 240; cols += (cols < 130 ? 1 : 7))
            for (int rows = RS_TUI_MIN_ROWS; rows <= 80; rows++) {
                const rs_layout l = rs_layout_compute_opts(cols, rows, &opts[o]);
                if (l.too_small) {
                    /* Only below the minimum it announces, which a caption raises by its 3 lines. */
                    expect(rows < l.min_rows, "%dx%d: too small, the minimum being %dx%d", cols, rows, l.min_cols,
                           l.min_rows);
                    continue;
                }
                check_layout_opts(cols, rows, &opts[o]);
            }
}
END_TEST

START_TEST(layout_compare_examples)
{
    const rs_layout_opts cmp = {true, 0};
    /* 120×40: boxes side by side, 60 columns each; settings, loss and theory below. */
    rs_layout l = rs_layout_compute_opts(120, 40, &cmp);
    ck_assert(l.split && !l.compact && !l.one_side);
    ck_assert_int_eq(l.side[0].heat.w, 60);
    ck_assert_int_eq(l.side[1].heat.x, 60);
    ck_assert_int_eq(l.config.h, RS_TUI_SETTING_ROWS + 4);
    ck_assert_int_eq(l.loss.y, l.config.y);
    ck_assert_int_eq(l.theory.y, l.loss.y + l.loss.h);
    ck_assert_int_eq(l.decay.y, l.config.y);
    ck_assert_int_eq(l.decay.x, l.loss.x + l.loss.w);
    /* 160×40: loss | theory | decay profile. */
    l = rs_layout_compute_opts(160, 40, &cmp);
    ck_assert_int_eq(l.theory.y, l.config.y);
    ck_assert_int_eq(l.decay.y, l.config.y);
    ck_assert_int_eq(l.side[0].heat.h, 37 - 5 - RS_TUI_SETTING_ROWS - 4);
    /* 80×24: compact, side by side with a divider. */
    l = rs_layout_compute_opts(80, 24, &cmp);
    ck_assert(l.split && l.compact);
    ck_assert_int_eq(l.divider.x, 39);
    ck_assert_int_eq(l.side[0].heat.w, 39);
    ck_assert_int_eq(l.side[1].heat.w, 40);
    /* 100×32: boxes; the loss over the decay profile beside the settings,
     * the theory folded into the loss box. */
    l = rs_layout_compute_opts(100, 32, &cmp);
    ck_assert(l.split && !l.compact);
    ck_assert_int_eq(l.loss.x, l.decay.x);
    ck_assert_int_eq(l.decay.y, l.loss.y + l.loss.h);
    ck_assert(rs_rect_empty(l.theory));
    /* 60×20: one side at a time. */
    l = rs_layout_compute_opts(60, 20, &cmp);
    ck_assert(!l.split && l.one_side && l.compact);
    /* One session is what rs_layout_compute gives. */
    const rs_layout one = rs_layout_compute(120, 40), one_opts = rs_layout_compute_opts(120, 40, NULL);
    ck_assert_mem_eq(&one, &one_opts, sizeof one);
    ck_assert(!one.split && !one.one_side);
    /* A lesson at 120×40: a caption box of its lines and the boxed layout. */
    const rs_layout_opts lesson = {false, 3};
    l = rs_layout_compute_opts(120, 40, &lesson);
    ck_assert(!l.compact);
    ck_assert_int_eq(l.caption.h, 5);
    ck_assert_int_eq(l.side[0].heat.y, 6);
    /* … and at 80×24 compact, the caption a rule and its lines; ruled
     * (the panels) from 24 lines besides the caption. */
    l = rs_layout_compute_opts(80, 24, &lesson);
    ck_assert(l.compact && !l.panels);
    ck_assert_int_eq(l.caption.h, 4);
    l = rs_layout_compute_opts(80, 28, &lesson);
    ck_assert(l.compact && l.panels);
    ck_assert_int_eq(l.caption.h, 4);
    /* The smallest lesson screen, and one line less. */
    ck_assert(!rs_layout_compute_opts(RS_TUI_MIN_COLS, RS_TUI_MIN_ROWS + 3, &lesson).too_small);
    ck_assert(rs_layout_compute_opts(RS_TUI_MIN_COLS, RS_TUI_MIN_ROWS + 2, &lesson).too_small);
}
END_TEST

START_TEST(layout_too_small)
{
    static const int sizes[][2] = {{1, 1}, {20, 8}, {43, 20}, {60, 13}, {43, 13}, {200, 10}, {10, 100}, {0, 0}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        const rs_layout l = rs_layout_compute(sizes[i][0], sizes[i][1]);
        ck_assert_msg(l.too_small, "%dx%d should be too small", sizes[i][0], sizes[i][1]);
    }
    for (int cols = 0; cols < 300; cols += 3)
        for (int rows = 0; rows < RS_TUI_MIN_ROWS; rows++)
            ck_assert(rs_layout_compute(cols, rows).too_small);
    for (int cols = 0; cols < RS_TUI_MIN_COLS; cols++)
        for (int rows = 0; rows < 100; rows += 3)
            ck_assert(rs_layout_compute(cols, rows).too_small);
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
    /* One format: never printf's 2.7e+03 beside 1.6·10⁴. */
    rs_fmt_num(b, sizeof b, 2730.4, true);
    ck_assert_str_eq(b, "2730");
    rs_fmt_num(b, sizeof b, 999.7, true);
    ck_assert_str_eq(b, "1000");
    rs_fmt_num(b, sizeof b, 123.4, true);
    ck_assert_str_eq(b, "123");
    rs_fmt_num(b, sizeof b, 16000, true);
    ck_assert_str_eq(b, "1.6·10⁴");
    /* The inspector's exact value: 6 digits, the same style. */
    rs_fmt_exact(b, sizeof b, 2730.5612, true);
    ck_assert_str_eq(b, "2730.56");
    rs_fmt_exact(b, sizeof b, 16345.61, true);
    ck_assert_str_eq(b, "1.63456·10⁴");
    rs_fmt_exact(b, sizeof b, 3.2e-25, false);
    ck_assert_str_eq(b, "3.2e-25");
    rs_fmt_exact(b, sizeof b, NAN, true);
    ck_assert_str_eq(b, "NaN");
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
    /* The short forms fit a 34-column panel (the narrow side column). */
    rs_theory_short(b, sizeof b, 0.296, true);
    ck_assert_str_eq(b, "γ·σ_max = 0.296 < 1: must shrink");
    rs_theory_short(b, sizeof b, 2.04, true);
    ck_assert_str_eq(b, "γ·σ_max = 2.04 ≥ 1: may explode");
    ck_assert_int_le(rs_text_width(b), 34);
    rs_theory_short(b, sizeof b, NAN, false);
    ck_assert_str_eq(b, "gamma*s_max NaN: weights not finite");
    rs_theory_short(b, sizeof b, 12.5, false);
    ck_assert_str_eq(b, "gamma*s_max 12.5 >= 1: may explode");
    ck_assert_int_le(rs_text_width(b), 34);
    rs_bptt_sentence_short(b, sizeof b, 37, 3e-25, true);
    ck_assert_str_eq(b, "37 steps back: 3·10⁻²⁵× its size at t=T");
    rs_bptt_sentence_short(b, sizeof b, 1, INFINITY, false);
    ck_assert_str_eq(b, "1 step back: not finite (Inf)");
    rs_bptt_sentence_short(b, sizeof b, 0, 1.0, true);
    ck_assert_str_eq(b, "t = T: the gradient starts here");
}
END_TEST

START_TEST(text_ascii)
{
    /* Table-driven: what a scenario's title or summary may contain. */
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"Sigmoid forgets", "Sigmoid forgets"},
        {"σ' ≤ ¼, so every step back multiplies by ¼·σ_max(W_hh)", "sigma' <= 1/4, so every step back multiplies by 1/4.sigma_max(W_hh)"},
        {"MSE ≈ 0.167 — chance", "MSE ~ 0.167 - chance"},
        {"t = 1–50 × 2 ≥ 3", "t = 1-50 x 2 >= 3"},
        {"10⁻²⁴ and x² and y³", "10^-24 and x^2 and y^3"},
        {"h₀ and W₁₂", "h_0 and W_12"},
        {"‖∂L/∂h_t‖", "|dL/dh_t|"},
        {"γ·σ_max, δ_t, ρ", "gamma.sigma_max, delta_t, rho"},
        {"a → b ← c", "a -> b <- c"},
        {"h_{t−1}ᵀ", "h_{t-1}^T"},
        {"\xe2\x98\x83 snowman", "? snowman"},          /* unknown: one "?" per character */
        {"cut \xe2\x80", "cut ?"},                     /* a truncated sequence at the end */
        {"", ""},
    };
    char b[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const size_t n = rs_ascii(cases[i].in, b, sizeof b);
        ck_assert_str_eq(b, cases[i].out);
        ck_assert_uint_eq(n, strlen(cases[i].out));
        for (const char *p = b; *p; p++)
            ck_assert_msg((unsigned char)*p < 0x80, "non-ASCII byte left in '%s'", b);
    }
    /* A short buffer: cut at a whole replacement, always terminated. */
    char small[8];
    rs_ascii("ab σ", small, sizeof small);
    ck_assert_str_eq(small, "ab ");
    rs_ascii("abcdefghij", small, sizeof small);
    ck_assert_str_eq(small, "abcdefg");
    ck_assert_uint_eq(rs_ascii("x", small, 0), 0);
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
    n = rs_wrap("enlarge the terminal to at least 44×14 (now 20×8)", 18, buf, sizeof buf, lines, 8);
    ck_assert_int_le(n, 8 - 1);                 /* with the "q quit" line it fits 20×8 */
    for (int i = 0; i < n; i++)
        ck_assert_int_le(rs_text_width(lines[i]), 18);
    n = rs_wrap("abcdefghijklmnopqrstuvwxyz", 10, buf, sizeof buf, lines, 8);   /* no space: cut */
    ck_assert_int_eq(n, 3);
    ck_assert_str_eq(lines[2], "uvwxyz");
    n = rs_wrap("a b c", 10, buf, sizeof buf, lines, 1);
    ck_assert_int_eq(n, 1);
    /* A line neither starts nor ends with the list separator " · " (" | "). */
    n = rs_wrap("blue = smaller than at t=T (vanishing) · red = larger (exploding) · ✕ = NaN/Inf", 40, buf, sizeof buf, lines,
                8);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(lines[0], "blue = smaller than at t=T (vanishing)");
    ck_assert_str_eq(lines[1], "red = larger (exploding) · ✕ = NaN/Inf");
    n = rs_wrap("cures: c clipping | - lr | i init", 18, buf, sizeof buf, lines, 8);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(lines[0], "cures: c clipping");
    ck_assert_str_eq(lines[1], "- lr | i init");
    n = rs_wrap("· starts a text", 40, buf, sizeof buf, lines, 8);     /* the first line keeps it */
    ck_assert_str_eq(lines[0], "· starts a text");
}
END_TEST

/* ---- views ---------------------------------------------------------------------------- */

/* The screen's own text through the same table: the list separator, the
 * marks and the box lines (the panels write UTF-8 and let rs_put say it in
 * ASCII). */
START_TEST(text_ascii_screen)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"step 5 · loss 0.1 · q quit", "step 5 | loss 0.1 | q quit"},   /* the list separator */
        {"¼·σ and 3·10", "1/4.sigma and 3.10"},                        /* a product stays "." */
        {"· starts", ". starts"},
        {"╭─ ▶ left ◀ ─╮", "+- > left < -+"},
        {"│▸ ▲t=3 ▼ ⏸ ✕5 ↺ ┄╰╯", "|> ^t=3 v = X5 * -++"},
        {"‖diag(f′(a_3)) W_hh‖₂ = 1", "|diag(f'(a_3)) W_hh|_2 = 1"},
    };
    char b[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rs_ascii(cases[i].in, b, sizeof b);
        ck_assert_str_eq(b, cases[i].out);
    }
    ck_assert_str_eq(rs_ascii_glyph("│"), "|");
    ck_assert_str_eq(rs_ascii_glyph("…"), "...");
    ck_assert_str_eq(rs_ascii_glyph("x"), "x");
    ck_assert_str_eq(rs_ascii_glyph("\xe2\x98\x83"), "?");
}
END_TEST

/* Which grid row a text line's half shows: the rows bottom-aligned. */
START_TEST(heat_cell_rows)
{
    rs_heat_grid g;
    memset(&g, 0, sizeof g);
    unsigned char kinds[3] = {RS_ROW_HISTORY, RS_ROW_HISTORY, RS_ROW_HISTORY};
    g.row_kind = kinds;
    g.nrows = 3;
    /* Two lines of half blocks: 4 slots, the top one empty. */
    ck_assert_int_eq(rs_heat_cell_row(&g, 2, 2, 0, 0), -1);
    ck_assert_int_eq(rs_heat_cell_row(&g, 2, 2, 0, 1), 0);
    ck_assert_int_eq(rs_heat_cell_row(&g, 2, 2, 1, 0), 1);
    ck_assert_int_eq(rs_heat_cell_row(&g, 2, 2, 1, 1), 2);
    /* One row per line (mono or ASCII): the newest on the last line. */
    ck_assert_int_eq(rs_heat_cell_row(&g, 5, 1, 1, 0), -1);
    ck_assert_int_eq(rs_heat_cell_row(&g, 5, 1, 2, 0), 0);
    ck_assert_int_eq(rs_heat_cell_row(&g, 5, 1, 4, 0), 2);
    ck_assert_int_eq(rs_heat_cell_row(&g, 5, 1, 5, 0), -1);
    /* A diverged attempt fills the last line alone (its ✕ would hide the
     * row in the other half); the rows before it end on the line above. */
    kinds[2] = RS_ROW_FAILED;
    ck_assert_int_eq(rs_heat_cell_row(&g, 3, 2, 2, 0), 2);
    ck_assert_int_eq(rs_heat_cell_row(&g, 3, 2, 2, 1), 2);
    ck_assert_int_eq(rs_heat_cell_row(&g, 3, 2, 1, 0), 0);
    ck_assert_int_eq(rs_heat_cell_row(&g, 3, 2, 1, 1), 1);
    ck_assert_int_eq(rs_heat_cell_row(&g, 3, 2, 0, 1), -1);
    ck_assert_int_eq(rs_heat_cell_row(&g, 5, 1, 4, 0), 2);    /* one row a line: as before */
    ck_assert_int_eq(rs_heat_cell_row(&g, 5, 1, 3, 0), 1);
}
END_TEST

START_TEST(views_per_cell)
{
    /* A view below RS_VIEW_UNITS is its vector kind (the figure module and the
     * grid read the session's vectors by it). */
    for (int k = 0; k < RS_VEC_KINDS; k++)
        ck_assert_str_eq(rs_view_names[k], rs_vector_names[k]);
    ck_assert_int_eq(rs_view_index("g_c"), RS_VEC_G_C);
    ck_assert_int_eq(rs_view_index("units"), RS_VIEW_UNITS);
    ck_assert_int_eq(rs_view_index("nope"), -1);
    /* v: every view once round, g_c only for the lstm, right after g_h. */
    static const rs_cell cells[] = {RS_CELL_RNN, RS_CELL_LSTM, RS_CELL_GRU, RS_CELL_SKIP};
    for (size_t c = 0; c < 4; c++) {
        const bool lstm = cells[c] == RS_CELL_LSTM;
        int v = RS_VEC_G_H, seen = 0;
        bool saw_gc = false;
        do {
            v = rs_view_next(v, cells[c]);
            ck_assert(rs_view_applies(v, cells[c]));
            saw_gc |= v == RS_VIEW_G_C;
            seen++;
        } while (v != RS_VEC_G_H && seen < 20);
        ck_assert_int_eq(seen, lstm ? RS_VIEW_COUNT : RS_VIEW_COUNT - 1);
        ck_assert(saw_gc == lstm);
        ck_assert_int_eq(rs_view_next(RS_VEC_G_H, cells[c]), lstm ? RS_VIEW_G_C : RS_VEC_G_X);
        ck_assert(rs_view_applies(RS_VIEW_G_C, cells[c]) == lstm);
    }
    /* dact says what it is for each cell. */
    ck_assert_ptr_nonnull(strstr(rs_view_meaning(RS_VEC_DACT, RS_CELL_LSTM), "forget gate"));
    ck_assert_ptr_nonnull(strstr(rs_view_meaning(RS_VEC_DACT, RS_CELL_GRU), "1 − z"));
    ck_assert_ptr_nonnull(strstr(rs_view_meaning(RS_VEC_DACT, RS_CELL_RNN), "slope"));
    ck_assert_str_eq(rs_view_meaning(RS_VEC_DACT, RS_CELL_SKIP), rs_view_meaning(RS_VEC_DACT, RS_CELL_RNN));
    ck_assert_ptr_nonnull(strstr(rs_view_meaning(RS_VIEW_G_C, RS_CELL_LSTM), "constant error carousel"));
    ck_assert_str_eq(rs_view_symbol(RS_VEC_DACT, RS_CELL_LSTM, true), "mean f_t");
    ck_assert_str_eq(rs_view_symbol(RS_VEC_DACT, RS_CELL_GRU, false), "mean (1 - z_t)");
    ck_assert_str_eq(rs_view_noun(RS_VEC_DACT, RS_CELL_LSTM), "forget gate");
    /* Every view has its texts, for every cell. */
    for (int v = 0; v < RS_VIEW_COUNT; v++)
        for (size_t c = 0; c < 4; c++) {
            ck_assert(*rs_view_symbol(v, cells[c], true) && *rs_view_symbol(v, cells[c], false));
            ck_assert(*rs_view_meaning(v, cells[c]) && *rs_view_noun(v, cells[c]));
        }
}
END_TEST

/* The spectrum and itemized views: reached by v after units, for every
 * cell; not heat maps; named for what each cell shows. */
START_TEST(live_views_in_the_cycle)
{
    static const rs_cell cells[] = {RS_CELL_RNN, RS_CELL_LSTM, RS_CELL_GRU, RS_CELL_SKIP};
    for (size_t c = 0; c < 4; c++) {
        ck_assert_int_eq(rs_view_next(RS_VIEW_UNITS, cells[c]), RS_VIEW_SPECTRUM);
        ck_assert_int_eq(rs_view_next(RS_VIEW_SPECTRUM, cells[c]), RS_VIEW_ITEMIZED);
        ck_assert_int_eq(rs_view_next(RS_VIEW_ITEMIZED, cells[c]), RS_VIEW_PHASE);
        ck_assert_int_eq(rs_view_next(RS_VIEW_PHASE, cells[c]), RS_VEC_G_H);
        /* V walks back: from g_h to phase, and every step undoes v's */
        ck_assert_int_eq(rs_view_prev(RS_VEC_G_H, cells[c]), RS_VIEW_PHASE);
        for (int v = 0; v < RS_VIEW_COUNT; v++)
            if (rs_view_applies(v, cells[c]))
                ck_assert_int_eq(rs_view_prev(rs_view_next(v, cells[c]), cells[c]), v);
        ck_assert(rs_view_applies(RS_VIEW_SPECTRUM, cells[c]) && rs_view_applies(RS_VIEW_ITEMIZED, cells[c]) &&
                  rs_view_applies(RS_VIEW_PHASE, cells[c]));
    }
    for (int v = 0; v < RS_VIEW_COUNT; v++)
        ck_assert(rs_view_is_heat(v) == (v <= RS_VIEW_UNITS));
    ck_assert_int_eq(rs_view_index("spectrum"), RS_VIEW_SPECTRUM);
    ck_assert_int_eq(rs_view_index("itemized"), RS_VIEW_ITEMIZED);
    ck_assert_int_eq(rs_view_index("phase"), RS_VIEW_PHASE);
    ck_assert_ptr_nonnull(strstr(rs_view_symbol(RS_VIEW_SPECTRUM, RS_CELL_LSTM, true), "Jacobian"));
    ck_assert_ptr_nonnull(strstr(rs_view_symbol(RS_VIEW_SPECTRUM, RS_CELL_SKIP, true), "W_sk"));
    ck_assert_ptr_nonnull(strstr(rs_view_symbol(RS_VIEW_SPECTRUM, RS_CELL_RNN, false), "W_hh"));
    /* A heat grid of a live view is empty (the panel draws instead). */
    rs_config cfg;
    rs_config_defaults(&cfg);
    rs_error e = {0};
    rs_session *s = rs_session_create(&cfg, &e);
    ck_assert_msg(s != NULL, "%s", e.msg);
    rs_session_step(s);
    rs_heat_grid g = {0};
    const rs_heat_opts o = {true, 32};
    ck_assert(rs_heat_build(&g, s, RS_VIEW_ITEMIZED, &o, 20, 50));
    ck_assert_int_eq(g.nrows, 0);
    ck_assert(rs_heat_build(&g, s, RS_VEC_G_H, &o, 20, 50));
    ck_assert_int_eq(g.nrows, 1);
    rs_heat_free(&g);
    rs_session_free(s);
}
END_TEST

/* live.c: the numbers are computed when the revision or the sequence
 * changes — at once when paused, at most every RS_LIVE_EVERY seconds while
 * running — and never again for the same state. */
START_TEST(live_cache_throttle)
{
    rs_config cfg;
    char err[512];
    rs_config_defaults(&cfg);
    ck_assert_msg(rs_config_set_arg(&cfg, "task.name=copy", err, sizeof err) == 0, "%s", err);
    ck_assert_msg(rs_config_set_arg(&cfg, "model.hidden=16", err, sizeof err) == 0, "%s", err);
    rs_error e = {0};
    rs_session *s = rs_session_create(&cfg, &e);
    ck_assert_msg(s != NULL, "%s", e.msg);
    rs_live l = {0};
    /* before a step: the session's message, once */
    rs_live_update(&l, s, RS_VIEW_ITEMIZED, 0, false);
    ck_assert(l.ik.have);
    ck_assert_int_eq(l.ik.rc, -1);
    ck_assert_ptr_nonnull(strstr(l.ik.msg, "train"));
    rs_live_update(&l, s, RS_VIEW_ITEMIZED, 0, false);
    ck_assert_int_eq(l.computations, 1);
    /* paused: a step is followed at once */
    rs_session_step(s);
    rs_live_update(&l, s, RS_VIEW_ITEMIZED, 0, false);
    ck_assert_int_eq(l.computations, 2);
    ck_assert_int_eq(l.ik.rc, 0);
    ck_assert(!rs_live_stale(&l.ik, s));
    ck_assert_int_eq(l.it->npredictions, (int)cfg.task.copy_length);
    for (int i = 0; i < l.it->npredictions; i++)
        ck_assert(l.it->predicts[l.pred[i] - 1]);
    /* running: not again within RS_LIVE_EVERY; then yes */
    rs_session_step(s);
    rs_live_update(&l, s, RS_VIEW_ITEMIZED, 0, true);
    ck_assert_int_eq(l.computations, 2);
    ck_assert(rs_live_stale(&l.ik, s));
    l.ik.at -= RS_LIVE_EVERY + 0.01;
    rs_live_update(&l, s, RS_VIEW_ITEMIZED, 0, true);
    ck_assert_int_eq(l.computations, 3);
    ck_assert(!rs_live_stale(&l.ik, s));
    ck_assert_int_eq(l.ik.step, 2);
    /* another sequence: at once, even running */
    rs_live_update(&l, s, RS_VIEW_ITEMIZED, 1, true);
    ck_assert_int_eq(l.computations, 4);
    ck_assert_int_eq(l.it->b, 1);
    /* the spectrum has its own key; another view computes nothing */
    rs_live_update(&l, s, RS_VIEW_SPECTRUM, 0, true);
    ck_assert_int_eq(l.computations, 5);
    ck_assert_int_eq(l.sp.nsets, 1);
    ck_assert_int_eq(l.sp.step, 2);
    rs_live_update(&l, s, RS_VEC_G_H, 0, false);
    ck_assert_int_eq(l.computations, 5);
    rs_live_free(&l);
    rs_session_free(s);
}
END_TEST

/* A text colour reads on every level of the half-block ramps: black on the
 * light ones, white on the dark (itemized's input characters). */
START_TEST(text_on_swatches)
{
    const rs_scheme_kind kinds[] = {RS_SCHEME_256, RS_SCHEME_DIRECT};
    for (size_t k = 0; k < 2; k++) {
        const int steps = rs_scheme_steps(kinds[k]);
        for (int level = -steps; level <= steps; level++) {
            const int i = rs_swatch_of_level(kinds[k], level);
            const double bg = rs_lightness(rs_scheme_rgb(kinds[k], rs_scheme_swatch(kinds[k], i).colour));
            const double fg = rs_lightness(rs_scheme_rgb(kinds[k], rs_scheme_text_fg(kinds[k], i)));
            ck_assert_msg(fabs(fg - bg) >= 40.0, "level %d: L* %g on %g", level, fg, bg);
        }
    }
    ck_assert_int_eq(rs_scheme_text_fg(RS_SCHEME_8, 0), -1);
    ck_assert_int_eq(rs_scheme_text_fg(RS_SCHEME_MONO, 0), -1);
}
END_TEST

/* view.mode's choices are the view names, in the views' order, so a config
 * names its view by index (rs_view_of_config); view.scale is relative, absolute. */
START_TEST(view_choices_are_the_views)
{
    const rs_key *k = rs_key_find("view.mode");
    int n = 0;
    for (; k->choices[n]; n++)
        ck_assert_str_eq(k->choices[n], rs_view_names[n]);
    ck_assert_int_eq(n, RS_VIEW_COUNT);
    rs_config cfg;
    rs_config_defaults(&cfg);
    for (int v = 0; v < RS_VIEW_COUNT; v++) {
        ck_assert_int_eq(rs_config_set(&cfg, "view.mode", rs_view_names[v], NULL, 0), 0);
        ck_assert_int_eq(rs_view_of_config(&cfg), v);
    }
    ck_assert(rs_view_relative(&cfg));
    ck_assert_int_eq(rs_config_set(&cfg, "view.scale", "absolute", NULL, 0), 0);
    ck_assert(!rs_view_relative(&cfg));
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
        /* No key code means two things, in the view or in a lesson. */
        ck_assert(k->modes != 0 && (k->modes & ~(unsigned)RS_IN_ALL) == 0);
        for (unsigned mode = RS_IN_VIEW; mode <= RS_IN_LESSON; mode <<= 1)
            for (int c = 0; c < RS_TUI_MAX_KEYCODES && k->codes[c] && (k->modes & mode); c++)
                ck_assert_ptr_eq(rs_tui_key_find(k->codes[c], mode), k);
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
        const rs_tui_key *k = rs_tui_key_find(want[i].code, RS_IN_VIEW);
        ck_assert_msg(k != NULL, "key %d missing", want[i].code);
        ck_assert_int_eq(k->action, want[i].action);
    }
    ck_assert_ptr_null(rs_tui_key_find('Z', RS_IN_VIEW));
    ck_assert_ptr_null(rs_tui_key_find(0, RS_IN_VIEW));
    /* The toggles that re-initialise, by the issue: activation, init, cell, seed. */
    ck_assert_int_eq(rs_tui_key_find('a', RS_IN_VIEW)->cls, RS_CLASS_RESETS);
    ck_assert_int_eq(rs_tui_key_find('i', RS_IN_VIEW)->cls, RS_CLASS_RESETS);
    ck_assert_int_eq(rs_tui_key_find('C', RS_IN_VIEW)->cls, RS_CLASS_RESETS);
    ck_assert_int_eq(rs_tui_key_find('s', RS_IN_VIEW)->cls, RS_CLASS_RESETS);
    ck_assert_int_eq(rs_tui_key_find('c', RS_IN_VIEW)->cls, RS_CLASS_CONTINUES);
    ck_assert_int_eq(rs_tui_key_find('t', RS_IN_VIEW)->cls, RS_CLASS_CONTINUES);
    ck_assert_int_eq(rs_tui_key_find('-', RS_IN_VIEW)->cls, RS_CLASS_CONTINUES);
    ck_assert_int_eq(rs_tui_key_find('>', RS_IN_VIEW)->cls, RS_CLASS_CONTINUES);
}
END_TEST

START_TEST(help_from_table)
{
    for (unsigned mode = RS_IN_VIEW; mode <= RS_IN_LESSON; mode <<= 1) {
        rs_help_line lines[64];
        const size_t n = rs_help_lines(lines, 64, mode);
        ck_assert_uint_gt(n, 0);
        ck_assert_uint_lt(n, 64);
        ck_assert(lines[0].is_title);
        /* Every labelled key of the mode has its line, under the title of
         * its class; the keys of the other mode have none. */
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
            ck_assert_msg(found == ((k->modes & mode) != 0), "key %s %s the help of mode %u", k->label,
                          found ? "wrongly in" : "missing from", mode);
        }
        /* The help says which toggles re-initialise and which continue; the
         * lesson's keys come first in a lesson. */
        bool resets = false, continues = false;
        for (size_t j = 0; j < n; j++)
            if (lines[j].is_title) {
                resets |= strstr(lines[j].text, "Re-initialise") != NULL;
                continues |= strstr(lines[j].text, "Continue") != NULL;
            }
        ck_assert(resets && continues);
        if (mode == RS_IN_LESSON)
            ck_assert_str_eq(lines[0].text, rs_key_class_titles[RS_CLASS_LESSON]);
        else
            ck_assert_str_ne(lines[0].text, rs_key_class_titles[RS_CLASS_LESSON]);
        /* A short buffer is never overrun. */
        ck_assert_uint_eq(rs_help_lines(lines, 3, mode), 3);
    }
    /* The lesson turns pages with the arrows and Page keys; the inspector
     * keeps h j k l there; m (compare) is the lesson's to decide. */
    static const struct {
        int code;
        unsigned mode;
        rs_action action;
    } want[] = {
        {KEY_RIGHT, RS_IN_LESSON, RS_ACT_LESSON_NEXT}, {KEY_NPAGE, RS_IN_LESSON, RS_ACT_LESSON_NEXT},
        {KEY_LEFT, RS_IN_LESSON, RS_ACT_LESSON_PREV},  {KEY_PPAGE, RS_IN_LESSON, RS_ACT_LESSON_PREV},
        {'h', RS_IN_LESSON, RS_ACT_LEFT},              {'l', RS_IN_LESSON, RS_ACT_RIGHT},
        {KEY_RIGHT, RS_IN_VIEW, RS_ACT_RIGHT},         {KEY_LEFT, RS_IN_VIEW, RS_ACT_LEFT},
        {'m', RS_IN_VIEW, RS_ACT_COMPARE},             {'\t', RS_IN_VIEW, RS_ACT_FOCUS},
        {'\t', RS_IN_LESSON, RS_ACT_FOCUS},            {'e', RS_IN_VIEW, RS_ACT_EXPORT},
        {'e', RS_IN_LESSON, RS_ACT_EXPORT},            {' ', RS_IN_LESSON, RS_ACT_RUN},
        {'V', RS_IN_VIEW, RS_ACT_VIEW_PREV},           {'p', RS_IN_LESSON, RS_ACT_PHASE_STEPS},
        {'\n', RS_IN_VIEW, RS_ACT_OPEN_CELL},          {KEY_ENTER, RS_IN_LESSON, RS_ACT_OPEN_CELL},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const rs_tui_key *k = rs_tui_key_find(want[i].code, want[i].mode);
        ck_assert_msg(k != NULL, "key %d missing in mode %u", want[i].code, want[i].mode);
        ck_assert_int_eq(k->action, want[i].action);
    }
    ck_assert_ptr_null(rs_tui_key_find('m', RS_IN_LESSON));
    ck_assert_ptr_null(rs_tui_key_find(KEY_NPAGE, RS_IN_VIEW));
}
END_TEST

START_TEST(setting_rows)
{
    rs_setting_row rows[32];
    const size_t n = rs_setting_rows(rows, 32);
    /* The layout keeps exactly this many lines for them. */
    ck_assert_uint_eq(n, RS_TUI_SETTING_ROWS);
    /* Every key that changes a config key is on the row of that key. */
    for (size_t i = 0; i < rs_tui_nkeys; i++) {
        const rs_tui_key *k = &rs_tui_keys[i];
        if (!k->cfg_key)
            continue;
        size_t found = 0;
        for (size_t j = 0; j < n; j++)
            if (rows[j].key->cfg_key && strcmp(rows[j].key->cfg_key, k->cfg_key) == 0) {
                found++;
                if (k->label)
                    ck_assert_msg(strstr(rows[j].labels, k->label), "%s not among '%s'", k->label, rows[j].labels);
            }
        ck_assert_msg(found == 1, "%s on %zu rows", k->cfg_key, found);
    }
    /* The paired keys share a row; the words toggle has its own. */
    bool lr = false, len = false, thr = false, words = false, init = false, hidden = false, opt = false;
    for (size_t j = 0; j < n; j++) {
        /* issue 10's live keys: W_hh's scale on its init's row, H and the optimiser on theirs */
        init |= strcmp(rows[j].labels, "i g G") == 0 && rows[j].key->action == RS_ACT_INIT;
        hidden |= strcmp(rows[j].labels, "u U") == 0;
        opt |= strcmp(rows[j].labels, "o") == 0 && rows[j].key->action == RS_ACT_OPTIMIZER;
        lr |= strcmp(rows[j].labels, "- +") == 0;
        len |= strcmp(rows[j].labels, "< >") == 0;
        thr |= strcmp(rows[j].labels, "{ }") == 0;
        words |= strcmp(rows[j].labels, "w") == 0 && rows[j].key->action == RS_ACT_WORDS;
        ck_assert(rows[j].key->setting && *rows[j].key->setting);
    }
    ck_assert(lr && len && thr && words && init && hidden && opt);
    /* The compact summary has the settings: cell, activation, init,
     * clipping, learning rate, T. */
    static const rs_action summary[] = {RS_ACT_CELL, RS_ACT_ACTIVATION, RS_ACT_INIT, RS_ACT_CLIP, RS_ACT_LR_DOWN,
                                        RS_ACT_LEN_DOWN};
    for (size_t i = 0; i < sizeof summary / sizeof summary[0]; i++)
        ck_assert_ptr_nonnull(rs_tui_key_of(summary[i])->brief);
    ck_assert_uint_eq(rs_setting_rows(rows, 3), 3);
}
END_TEST

START_TEST(ladders)
{
    /* The speed ladder: one step a second up to 100, then as fast as it goes (0). */
    ck_assert_double_eq(rs_speed_ladder[0], 1.0);
    for (size_t k = 1; k + 1 < rs_speed_ladder_n; k++)
        ck_assert(rs_speed_ladder[k] > rs_speed_ladder[k - 1]);
    ck_assert_double_eq(rs_speed_ladder[RS_SPEED_MAX_INDEX], 0.0);
    ck_assert_ptr_nonnull(rs_tui_key_find('(', RS_IN_VIEW));
    ck_assert_int_eq(rs_tui_key_find(')', RS_IN_LESSON)->action, RS_ACT_FASTER);
    /* The new setting keys, each in the settings panel's row of its config key. */
    ck_assert_int_eq(rs_tui_key_class(rs_tui_key_find('o', RS_IN_VIEW)), RS_CLASS_CONTINUES);
    ck_assert_int_eq(rs_tui_key_class(rs_tui_key_find('U', RS_IN_VIEW)), RS_CLASS_RESETS);
    ck_assert_int_eq(rs_tui_key_class(rs_tui_key_find('g', RS_IN_VIEW)), RS_CLASS_RESETS);

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
    tcase_add_test(tc, layout_thresholds);
    tcase_add_test(tc, layout_compare_many_sizes);
    tcase_add_test(tc, layout_compare_examples);
    tcase_add_test(tc, layout_too_small);
    tcase_add_test(tc, layout_centre);
    tcase_add_test(tc, tbins_partition);
    tcase_add_test(tc, tbins_examples);
    tcase_add_test(tc, rowbins_newest_at_bottom);
    tcase_add_test(tc, groups_cover_units);
    tcase_add_test(tc, ticks_include_ends);
    suite_add_tcase(s, tc);
    tc = tcase_create("text");
    tcase_add_test(tc, text_numbers);
    tcase_add_test(tc, text_sentences);
    tcase_add_test(tc, text_width_and_wrap);
    tcase_add_test(tc, text_ascii);
    tcase_add_test(tc, text_ascii_screen);
    suite_add_tcase(s, tc);
    tc = tcase_create("keys");
    tcase_add_test(tc, keys_help_and_classes);
    tcase_add_test(tc, help_from_table);
    tcase_add_test(tc, setting_rows);
    tcase_add_test(tc, ladders);
    tcase_add_test(tc, views_per_cell);
    tcase_add_test(tc, view_choices_are_the_views);
    tcase_add_test(tc, live_views_in_the_cycle);
    tcase_add_test(tc, live_cache_throttle);
    tcase_add_test(tc, text_on_swatches);
    tcase_add_test(tc, heat_cell_rows);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return rs_run_suite(suite());
}
