/* The view layer's pure plotting helpers: the braille canvas (dots in the
 * right cell and bit, lines, equal-aspect circles, clipping, roles, the
 * ASCII fallback) and the contour (crossed edges, marching squares). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "check_main.h"

#include "../src/view/braille.h"
#include "../src/view/contour.h"
#include "../src/view/phase.h"
#include "../src/view/plots.h"

static int count_dots(const rs_braille *c)
{
    int n = 0;
    for (int y = 0; y < 4 * c->h; y++)
        for (int x = 0; x < 2 * c->w; x++)
            n += rs_braille_get(c, x, y);
    return n;
}

/* ---- braille ------------------------------------------------------------ */

START_TEST(dots_land_in_their_cell_and_bit)
{
    /* Unicode's braille: dots 1 2 3 7 down the left column, 4 5 6 8 down the right. */
    static const struct { int x, y; const char *glyph; } cases[] = {
        {0, 0, "⠁"}, {0, 1, "⠂"}, {0, 2, "⠄"}, {0, 3, "⡀"},
        {1, 0, "⠈"}, {1, 1, "⠐"}, {1, 2, "⠠"}, {1, 3, "⢀"},
    };
    rs_braille c;
    ck_assert(rs_braille_init(&c, 3, 2));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rs_braille_clear(&c);
        /* the same dot in cell (2, 1): 4 dots right, 4 down */
        rs_braille_set(&c, cases[i].x + 4, cases[i].y + 4, 1);
        char out[4];
        rs_braille_cell_utf8(&c, 2, 1, out);
        ck_assert_str_eq(out, cases[i].glyph);
        ck_assert(rs_braille_get(&c, cases[i].x + 4, cases[i].y + 4));
        ck_assert_int_eq(count_dots(&c), 1);
        ck_assert_int_eq(rs_braille_cell_role(&c, 2, 1), 1);
        ck_assert_int_eq(rs_braille_cell_role(&c, 1, 1), 0);
        rs_braille_cell_utf8(&c, 1, 1, out);
        ck_assert_str_eq(out, " ");
    }
    rs_braille_clear(&c);
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 2; x++)
            rs_braille_set(&c, x, y, 1);
    char out[4];
    rs_braille_cell_utf8(&c, 0, 0, out);
    ck_assert_str_eq(out, "⣿");
    rs_braille_free(&c);
}
END_TEST

START_TEST(outside_is_clipped)
{
    rs_braille c;
    ck_assert(rs_braille_init(&c, 4, 2));     /* 8 × 8 dots */
    rs_braille_set(&c, -1, 0, 1);
    rs_braille_set(&c, 8, 0, 1);
    rs_braille_set(&c, 0, 8, 1);
    rs_braille_set(&c, 0, -5, 1);
    ck_assert_int_eq(count_dots(&c), 0);
    ck_assert(!rs_braille_get(&c, 8, 0));
    /* A diagonal from far outside to far outside: exactly the 8 dots of the diagonal. */
    rs_braille_line(&c, -1000000, -1000000, 1000000, 1000000, 2);
    ck_assert_int_eq(count_dots(&c), 8);
    for (int k = 0; k < 8; k++)
        ck_assert(rs_braille_get(&c, k, k));
    /* Entirely outside: nothing. */
    rs_braille_clear(&c);
    rs_braille_line(&c, -10, -3, 20, -1, 2);
    rs_braille_line(&c, 9, 0, 9, 7, 2);
    ck_assert_int_eq(count_dots(&c), 0);
    /* Along the last column, from outside: that column only. */
    rs_braille_line(&c, 7, -20, 7, 20, 2);
    ck_assert_int_eq(count_dots(&c), 8);
    for (int y = 0; y < 8; y++)
        ck_assert(rs_braille_get(&c, 7, y));
    rs_braille_free(&c);
    ck_assert(!rs_braille_init(&c, 0, 3));
}
END_TEST

START_TEST(lines_set_both_ends_and_no_gaps)
{
    rs_braille c;
    ck_assert(rs_braille_init(&c, 20, 8));    /* 40 × 32 dots */
    const int ends[][4] = {
        {1, 1, 30, 7}, {30, 7, 1, 1}, {5, 30, 9, 2}, {9, 2, 5, 30}, {0, 0, 39, 31},
        {39, 0, 0, 31}, {12, 12, 12, 12}, {3, 20, 33, 20}, {17, 0, 17, 31}, {2, 29, 38, 5},
    };
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        const int *e = ends[i];
        rs_braille_clear(&c);
        rs_braille_line(&c, e[0], e[1], e[2], e[3], 1);
        ck_assert(rs_braille_get(&c, e[0], e[1]));
        ck_assert(rs_braille_get(&c, e[2], e[3]));
        /* One dot per step along the longer axis, none more. */
        const int steps = abs(e[2] - e[0]) > abs(e[3] - e[1]) ? abs(e[2] - e[0]) : abs(e[3] - e[1]);
        ck_assert_int_eq(count_dots(&c), steps + 1);
        /* Every dot has a neighbour (8-connected) unless it is the only one. */
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 40; x++) {
                if (!rs_braille_get(&c, x, y) || steps == 0)
                    continue;
                int neighbours = 0;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                        neighbours += (dx || dy) && rs_braille_get(&c, x + dx, y + dy);
                ck_assert_int_ge(neighbours, 1);
            }
    }
    rs_braille_free(&c);
}
END_TEST

/* The extreme dots of a drawn circle. */
static void extent(const rs_braille *c, int *x0, int *x1, int *y0, int *y1)
{
    *x0 = *y0 = 1 << 30;
    *x1 = *y1 = -1;
    for (int y = 0; y < 4 * c->h; y++)
        for (int x = 0; x < 2 * c->w; x++)
            if (rs_braille_get(c, x, y)) {
                if (x < *x0) *x0 = x;
                if (x > *x1) *x1 = x;
                if (y < *y0) *y0 = y;
                if (y > *y1) *y1 = y;
            }
}

START_TEST(circles_are_round_on_screen)
{
    /* Several cell aspects and canvas shapes; a circle of radius r through
     * (±r, 0) and (0, ±r), and as wide as it is tall on screen: a dot is ½
     * cell wide and aspect/4 cells tall. */
    const double aspects[] = {2.0, 2.5, 1.6};
    const int sizes[][2] = {{40, 20}, {60, 12}, {16, 30}};
    for (size_t a = 0; a < 3; a++)
        for (size_t s = 0; s < 3; s++) {
            const int w = sizes[s][0], h = sizes[s][1];
            const double r = 1.0, cx = 0.25, cy = -0.5;
            rs_braille c;
            ck_assert(rs_braille_init(&c, w, h));
            const rs_plane p = rs_plane_fit(w, h, aspects[a], cx, cy, 1.1 * r);
            ck_assert_double_eq_tol(p.per_y / p.per_x, aspects[a] / 2.0, 1e-12);
            rs_braille_circle(&c, &p, cx, cy, r, 1);
            int dx, dy;
            const double on[4][2] = {{cx + r, cy}, {cx - r, cy}, {cx, cy + r}, {cx, cy - r}};
            for (int k = 0; k < 4; k++) {
                rs_plane_dot(&p, on[k][0], on[k][1], &dx, &dy);
                ck_assert_msg(rs_braille_get(&c, dx, dy), "aspect %g size %dx%d: (%g, %g) not on the circle",
                              aspects[a], w, h, on[k][0], on[k][1]);
            }
            /* The disc fits: its bounding box is inside the canvas. */
            int x0, x1, y0, y1;
            extent(&c, &x0, &x1, &y0, &y1);
            ck_assert_int_ge(x0, 0);
            ck_assert_int_ge(y0, 0);
            ck_assert_int_lt(x1, 2 * w);
            ck_assert_int_lt(y1, 4 * h);
            /* Equal aspect: the width on screen (cells) equals the height. */
            const double width = (x1 - x0) * 0.5, height = (y1 - y0) * aspects[a] / 4.0;
            ck_assert_msg(fabs(width - height) <= 1.0, "aspect %g size %dx%d: %g cells wide, %g tall", aspects[a],
                          w, h, width, height);
            /* No gaps: every dot of the circle has a neighbour. */
            for (int y = y0; y <= y1; y++)
                for (int x = x0; x <= x1; x++)
                    if (rs_braille_get(&c, x, y)) {
                        int n = 0;
                        for (int ey = -1; ey <= 1; ey++)
                            for (int ex = -1; ex <= 1; ex++)
                                n += (ex || ey) && rs_braille_get(&c, x + ex, y + ey);
                        ck_assert_int_ge(n, 2);
                    }
            rs_braille_free(&c);
        }
}
END_TEST

START_TEST(roles_and_scatter)
{
    rs_braille c;
    ck_assert(rs_braille_init(&c, 10, 5));
    const rs_plane p = rs_plane_box(10, 5, -1.0, 1.0, -1.0, 1.0);
    /* the corners of the box are the corner dots */
    int dx, dy;
    rs_plane_dot(&p, -1.0, 1.0, &dx, &dy);
    ck_assert_int_eq(dx, 0);
    ck_assert_int_eq(dy, 0);
    rs_plane_dot(&p, 1.0, -1.0, &dx, &dy);
    ck_assert_int_eq(dx, 19);
    ck_assert_int_eq(dy, 19);
    /* A point drawn first keeps its cell's higher role over a later circle. */
    const double xs[] = {1.0, -1.0, NAN, 0.0}, ys[] = {0.0, 0.0, 0.0, INFINITY};
    rs_braille_scatter(&c, &p, xs, ys, 4, 5);
    ck_assert_int_eq(count_dots(&c), 2);
    rs_braille_circle(&c, &p, 0.0, 0.0, 1.0, 1);
    rs_plane_dot(&p, 1.0, 0.0, &dx, &dy);
    ck_assert_int_eq(rs_braille_cell_role(&c, dx / 2, dy / 4), 5);
    rs_plane_dot(&p, 0.0, 1.0, &dx, &dy);
    ck_assert_int_eq(rs_braille_cell_role(&c, dx / 2, dy / 4), 1);
    /* A segment in data coordinates ends where its ends are. */
    rs_braille_clear(&c);
    rs_braille_segment(&c, &p, -0.5, -0.5, 0.5, 0.75, 3);
    rs_plane_dot(&p, -0.5, -0.5, &dx, &dy);
    ck_assert(rs_braille_get(&c, dx, dy));
    rs_plane_dot(&p, 0.5, 0.75, &dx, &dy);
    ck_assert(rs_braille_get(&c, dx, dy));
    rs_braille_free(&c);
}
END_TEST

START_TEST(ascii_fallback_and_rows)
{
    rs_braille c;
    ck_assert(rs_braille_init(&c, 5, 1));
    /* cell k gets k+… dots: 0, 1, 2, 4, 8 */
    const int counts[] = {0, 1, 2, 4, 8};
    for (int cell = 0; cell < 5; cell++)
        for (int k = 0; k < counts[cell]; k++)
            rs_braille_set(&c, 2 * cell + k % 2, k / 2, 1);
    char row[64];
    ck_assert_uint_eq(rs_braille_row(&c, 0, false, row, sizeof row), 5);
    ck_assert_str_eq(row, " .:*o");
    rs_braille_row(&c, 0, true, row, sizeof row);
    ck_assert_str_eq(row, " ⠁⠉⠛⣿");
    /* a short buffer is cut at a whole cell */
    ck_assert_uint_eq(rs_braille_row(&c, 0, true, row, 6), 4);
    ck_assert_str_eq(row, " ⠁");
    ck_assert_int_eq(rs_braille_cell_ascii(&c, 9, 0), ' ');
    rs_braille_free(&c);
}
END_TEST

/* ---- contour ---------------------------------------------------------------- */

START_TEST(edges_where_the_level_is_crossed)
{
    /* v = i on a 5×3 grid, level 1.5: the edge between columns 1 and 2 of every row. */
    double v[15];
    for (int j = 0; j < 3; j++)
        for (int i = 0; i < 5; i++)
            v[j * 5 + i] = i;
    unsigned char ex[15], ey[15];
    ck_assert_int_eq(rs_contour_edges(v, 5, 3, 1.5, ex, ey), 3);
    for (int j = 0; j < 3; j++)
        for (int i = 0; i < 5; i++) {
            ck_assert_int_eq(ex[j * 5 + i], i == 1);
            ck_assert_int_eq(ey[j * 5 + i], 0);
        }
    /* The level itself counts as above: v = 1 and v = 2 on either side of level 1 are not crossed. */
    ck_assert_int_eq(rs_contour_edges(v, 5, 3, 1.0, ex, ey), 3);
    ck_assert_int_eq(ex[0], 1);
    ck_assert_int_eq(ex[1], 0);
    /* v = j: edges between rows. */
    for (int j = 0; j < 3; j++)
        for (int i = 0; i < 5; i++)
            v[j * 5 + i] = j;
    ck_assert_int_eq(rs_contour_edges(v, 5, 3, 0.5, ex, NULL), 5);
    ck_assert_int_eq(rs_contour_edges(v, 5, 3, 0.5, NULL, ey), 5);
    for (int i = 0; i < 5; i++)
        ck_assert(ey[i] == 1 && ey[5 + i] == 0);
    /* NaN is on no side: nothing next to it is crossed. */
    double w[4] = {0.5, NAN, 2.0, 3.0};
    ck_assert_int_eq(rs_contour_edges(w, 2, 2, 1.0, ex, ey), 1);   /* only 0.5 | 2.0 (down the first column) */
    ck_assert_int_eq(ey[0], 1);
    ck_assert_int_eq(rs_contour_side(NAN, 1.0), RS_SIDE_NONE);
    ck_assert_double_eq_tol(rs_contour_crossing(0.5, 2.5, 1.0), 0.25, 1e-15);
}
END_TEST

START_TEST(segments_of_a_straight_level_line)
{
    /* v = i + j/4 on 6×4: level 2.3 crosses x = 2.3 − j/4 in every row j
     * (between grid points: a level equal to a grid value gives degenerate pieces). */
    double v[24];
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 6; i++)
            v[j * 6 + i] = i + j / 4.0;
    rs_segment seg[16];
    const int n = rs_contour_segments(v, 6, 4, 2.3, seg, 16);
    /* One piece per square the line passes: rows of squares 0 and 2 hold it in
     * one square, row 1 in two (it crosses x = 2 at y = 1.2). Linear data:
     * the interpolated points lie exactly on the line, which spans y = 0 … 3. */
    ck_assert_int_eq(n, 4);
    double span = 0.0;
    for (int k = 0; k < n; k++) {
        ck_assert_double_eq_tol(seg[k].x0, 2.3 - seg[k].y0 / 4.0, 1e-12);
        ck_assert_double_eq_tol(seg[k].x1, 2.3 - seg[k].y1 / 4.0, 1e-12);
        span += fabs(seg[k].y1 - seg[k].y0);
    }
    ck_assert_double_eq_tol(span, 3.0, 1e-12);
    /* max 0: only the count */
    ck_assert_int_eq(rs_contour_segments(v, 6, 4, 2.3, NULL, 0), 4);
    /* the level outside the values: none */
    ck_assert_int_eq(rs_contour_segments(v, 6, 4, 99.0, seg, 16), 0);
}
END_TEST

START_TEST(segments_close_around_a_bump)
{
    /* A bump v = 10 − r² around (3, 3) on 7×7; level 6.5 (r = √3.5, which no
     * grid point has): a closed line, every end shared by exactly two
     * segments, each point near that circle. */
    double v[49];
    for (int j = 0; j < 7; j++)
        for (int i = 0; i < 7; i++)
            v[j * 7 + i] = 10.0 - ((i - 3) * (i - 3) + (j - 3) * (j - 3));
    rs_segment seg[64];
    const int n = rs_contour_segments(v, 7, 7, 6.5, seg, 64);
    ck_assert_int_ge(n, 8);
    ck_assert_int_le(n, 64);
    for (int k = 0; k < n; k++) {
        const double ends[2][2] = {{seg[k].x0, seg[k].y0}, {seg[k].x1, seg[k].y1}};
        for (int e = 0; e < 2; e++) {
            const double r = hypot(ends[e][0] - 3, ends[e][1] - 3);
            ck_assert_msg(fabs(r - sqrt(3.5)) < 0.25, "point (%g, %g) at r = %g", ends[e][0], ends[e][1], r);
            int shared = 0;
            for (int m = 0; m < n; m++)
                shared += (fabs(seg[m].x0 - ends[e][0]) < 1e-12 && fabs(seg[m].y0 - ends[e][1]) < 1e-12) +
                          (fabs(seg[m].x1 - ends[e][0]) < 1e-12 && fabs(seg[m].y1 - ends[e][1]) < 1e-12);
            ck_assert_int_eq(shared, 2);
        }
    }
    /* A NaN corner: its squares are left out. */
    v[3 * 7 + 1] = NAN;
    ck_assert_int_lt(rs_contour_segments(v, 7, 7, 6.5, seg, 64), n);
}
END_TEST

START_TEST(saddles_follow_the_centre)
{
    /* a, c above; b, d below. Centre above: one band joining a and c, so
     * the two segments cut off b and d; centre below: they cut off a and c. */
    const double high[4] = {2.0, 0.0, 0.0, 2.0};     /* a=(0,0) 2, b=(1,0) 0, d=(0,1) 0, c=(1,1) 2 */
    const double low[4] = {1.2, 0.0, 0.0, 1.2};
    rs_segment seg[4];
    ck_assert_int_eq(rs_contour_segments(high, 2, 2, 1.0, seg, 4), 2);
    /* centre mean 1.0 ≥ 1: b = (1, 0) is cut off by a segment from the top edge to the right edge */
    ck_assert_double_eq_tol(seg[0].y0, 0.0, 1e-12);
    ck_assert_double_eq_tol(seg[0].x1, 1.0, 1e-12);
    ck_assert_int_eq(rs_contour_segments(low, 2, 2, 1.0, seg, 4), 2);
    /* centre mean 0.6 < 1: a = (0, 0) is cut off by a segment from the left edge to the top edge */
    ck_assert_double_eq_tol(seg[0].x0, 0.0, 1e-12);
    ck_assert_double_eq_tol(seg[0].y1, 0.0, 1e-12);
}
END_TEST


/* ---- the views' plots ----------------------------------------------------------- */

START_TEST(spectrum_plot_draws_every_series)
{
    /* A hand-made spectrum: W_hh with eigenvalues 0.5 and ±0.3i, σ_max 1.5, a circle law of 0.6. */
    double re[3] = {0.5, 0.0, 0.0}, im[3] = {0.0, 0.3, -0.3};
    rs_spectrum sp = {.nsets = 1, .circle_law = 0.6};
    sp.set[0] = (rs_eig_set){.matrix = RS_EIG_W_HH, .n = 3, .re = re, .im = im, .radius = 0.5, .sigma_max = 1.5};
    rs_braille c;
    ck_assert(rs_braille_init(&c, 60, 30));
    const rs_plane p = rs_spectrum_plot(&c, &sp, RS_CELL_ASPECT);
    int dx, dy;
    /* each eigenvalue's cell is a point's, even where an axis passes */
    for (int k = 0; k < 3; k++) {
        rs_plane_dot(&p, re[k], im[k], &dx, &dy);
        ck_assert(rs_braille_get(&c, dx, dy));
        ck_assert_int_eq(rs_braille_cell_role(&c, dx / 2, dy / 4), RS_SPECTRUM_ROLE_POINTS);
    }
    /* the circles: unit through (−1, 0) and (0, 1); σ_max through (1.5, 0) … */
    const struct { double x, y; int role; } on[] = {
        {-1.0, 0.0, RS_SPECTRUM_ROLE_UNIT}, {0.0, 1.0, RS_SPECTRUM_ROLE_UNIT}, {-1.5, 0.0, RS_SPECTRUM_ROLE_SIGMA},
        {0.0, -1.5, RS_SPECTRUM_ROLE_SIGMA}, {0.0, -0.6, RS_SPECTRUM_ROLE_LAW}, {-0.6, 0.0, RS_SPECTRUM_ROLE_LAW},
    };
    for (size_t k = 0; k < sizeof on / sizeof on[0]; k++) {
        rs_plane_dot(&p, on[k].x, on[k].y, &dx, &dy);
        ck_assert_msg(rs_braille_get(&c, dx, dy), "(%g, %g) not drawn", on[k].x, on[k].y);
        ck_assert_int_ge(rs_braille_cell_role(&c, dx / 2, dy / 4), on[k].role);
    }
    /* … and all of it fits: σ_max's circle is inside the canvas */
    rs_plane_dot(&p, 1.5, 0.0, &dx, &dy);
    ck_assert(dx < 120 && rs_braille_get(&c, dx, dy));
    rs_plane_dot(&p, 0.0, 1.5, &dx, &dy);
    ck_assert(dy >= 0 && rs_braille_get(&c, dx, dy));
    /* a second set (skip's W_sk) draws under the first */
    double re2[1] = {-0.4}, im2[1] = {0.0};
    sp.nsets = 2;
    sp.set[1] = (rs_eig_set){.matrix = RS_EIG_W_SK, .n = 1, .re = re2, .im = im2, .radius = 0.4, .sigma_max = 0.4};
    const rs_plane q = rs_spectrum_plot(&c, &sp, RS_CELL_ASPECT);
    rs_plane_dot(&q, -0.4, 0.0, &dx, &dy);
    ck_assert_int_eq(rs_braille_cell_role(&c, dx / 2, dy / 4), RS_SPECTRUM_ROLE_SECOND);
    rs_braille_free(&c);
}
END_TEST

START_TEST(itemized_cells_are_relative_to_the_prediction)
{
    /* T = 3; step 2 does not predict. Row 3: 1e-4, 0, 1e-2 (relative to its own s = 3). */
    unsigned char predicts[3] = {1, 0, 1};
    double g_h[9] = {5, 0, 0, 9, 9, 0, 1e-4, 0.0, 1e-2};
    double g_x[9] = {2, 0, 0, 0, 0, 0, NAN, 1e-3, 1e-3};
    rs_itemized it = {.T = 3, .predicts = predicts, .g_h = g_h, .g_x = g_x};
    double x;
    ck_assert_int_eq(rs_itemized_cell(&it, false, 1, 1, &x), RS_HEAT_VALUE);
    ck_assert_double_eq_tol(x, 0.0, 1e-15);
    ck_assert_int_eq(rs_itemized_cell(&it, false, 1, 2, &x), RS_HEAT_EMPTY);    /* s > t′ */
    ck_assert_int_eq(rs_itemized_cell(&it, false, 2, 1, &x), RS_HEAT_EMPTY);    /* does not predict */
    ck_assert_int_eq(rs_itemized_cell(&it, false, 3, 1, &x), RS_HEAT_VALUE);
    ck_assert_double_eq_tol(x, -2.0, 1e-12);
    ck_assert_int_eq(rs_itemized_cell(&it, false, 3, 2, &x), RS_HEAT_ZERO);     /* cut off */
    ck_assert_int_eq(rs_itemized_cell(&it, true, 3, 1, &x), RS_HEAT_NONFINITE);
    ck_assert_int_eq(rs_itemized_cell(&it, true, 3, 2, &x), RS_HEAT_VALUE);
    ck_assert_double_eq_tol(x, 0.0, 1e-12);
    ck_assert_int_eq(rs_itemized_cell(&it, true, 4, 1, &x), RS_HEAT_EMPTY);     /* outside */
}
END_TEST


/* The phase view's grid: the edge value of each init kind, W_hh's scale key
 * on 13 log-spaced columns from a tenth of it to ten times it, the
 * activations as rows (gated cells: the cells). */
START_TEST(phase_axes_follow_the_init_and_the_cell)
{
    rs_config cfg;
    rs_config_defaults(&cfg);
    rs_error e = {0};
    char err[256];
    ck_assert_int_eq(rs_config_set(&cfg, "model.hidden", "64", err, sizeof err), 0);
    static const struct { const char *init, *key; double edge; } kinds[] = {
        {"gaussian", "init.std", 0.125}, {"uniform", "init.range", 0.21650635094610965},
        {"xavier", "init.gain", 1.0}, {"he", "init.gain", 0.70710678118654757},
        {"orthogonal", "init.gain", 1.0}, {"identity", "init.gain", 1.0},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        ck_assert_int_eq(rs_config_set(&cfg, "init.recurrent", kinds[k].init, err, sizeof err), 0);
        ck_assert_double_eq_tol(rs_phase_edge(&cfg), kinds[k].edge, 1e-15);
        rs_axis x, y;
        ck_assert_msg(rs_phase_axes(&cfg, &x, &y, &e) == 0, "%s", e.msg);
        ck_assert_str_eq(x.key, kinds[k].key);
        ck_assert_int_eq(x.count, RS_PHASE_COLUMNS);
        ck_assert(x.log && x.numeric);
        /* to 3 digits: within 0.5 % of the log grid, the edge in the middle */
        ck_assert_double_eq_tol(x.number[0] / (kinds[k].edge / 10), 1.0, 5e-3);
        ck_assert_double_eq_tol(x.number[12] / (kinds[k].edge * 10), 1.0, 5e-3);
        ck_assert_double_eq_tol(x.number[6] / kinds[k].edge, 1.0, 5e-3);
        for (int i = 0; i < 13; i++) {
            ck_assert_double_eq_tol(x.number[i] / (kinds[k].edge * pow(10.0, (i - 6) / 6.0)), 1.0, 5e-3);
            char three[32];
            snprintf(three, sizeof three, "%.3g", x.number[i]);
            ck_assert_str_eq(x.value[i], three);
        }
        ck_assert_str_eq(y.key, "model.activation");
        ck_assert_int_eq(y.count, 4);
        ck_assert_str_eq(y.value[0], "sigmoid");
        ck_assert_str_eq(y.value[3], "leaky_relu");
    }
    /* a gated cell has no activation to choose: the rows are the cells */
    ck_assert_int_eq(rs_config_set(&cfg, "model.cell", "lstm", err, sizeof err), 0);
    rs_axis x, y;
    ck_assert_int_eq(rs_phase_axes(&cfg, &x, &y, &e), 0);
    ck_assert_str_eq(y.key, "model.cell");
    ck_assert_int_eq(rs_phase_row(&y, "lstm"), 1);
    ck_assert_int_eq(rs_phase_row(&y, "nope"), -1);
    /* a tiny H keeps the grid inside the key's range (init.gain ≤ 10) */
    ck_assert_int_eq(rs_config_set(&cfg, "model.cell", "rnn", err, sizeof err), 0);
    ck_assert_int_eq(rs_config_set(&cfg, "init.recurrent", "uniform", err, sizeof err), 0);
    ck_assert_int_eq(rs_config_set(&cfg, "model.hidden", "1", err, sizeof err), 0);
    ck_assert_int_eq(rs_phase_axes(&cfg, &x, &y, &e), 0);
    ck_assert_double_eq(x.number[12], 10.0);
    ck_assert_double_eq(x.number[0], 0.173);      /* √3/10, to 3 digits */
}
END_TEST

/* Where a run sits on the grid: its column is the nearest on a log axis
 * (ties and rounding aside), none beyond half a spacing past either end. */
START_TEST(phase_column_is_the_nearest_on_the_grid)
{
    rs_axis a;
    rs_error e = {0};
    ck_assert_int_eq(rs_axis_parse(&a, "init.std=0.01:100:log:5", &e), 0);      /* 0.01 0.1 1 10 100 */
    ck_assert_int_eq(rs_phase_column(&a, 1.0), 2);
    ck_assert_int_eq(rs_phase_column(&a, 0.01), 0);
    ck_assert_int_eq(rs_phase_column(&a, 100.0), 4);
    ck_assert_int_eq(rs_phase_column(&a, 0.25), 1);     /* log: 0.25 is nearer 0.1 than 1 */
    ck_assert_int_eq(rs_phase_column(&a, 0.4), 2);
    ck_assert_int_eq(rs_phase_column(&a, 0.0032), 0);   /* within half a decade of the end (0.00316) */
    ck_assert_int_eq(rs_phase_column(&a, 0.0031), -1);
    ck_assert_int_eq(rs_phase_column(&a, 400.0), -1);
    ck_assert_int_eq(rs_phase_column(&a, 0.0), -1);
    ck_assert_int_eq(rs_phase_column(&a, NAN), -1);
    ck_assert_int_eq(rs_axis_parse(&a, "train.lr=1:5:lin:5", &e), 0);
    ck_assert_int_eq(rs_phase_column(&a, 2.4), 1);
    ck_assert_int_eq(rs_phase_column(&a, 5.6), -1);
    ck_assert_int_eq(rs_axis_parse(&a, "model.activation=tanh,relu", &e), 0);
    ck_assert_int_eq(rs_phase_column(&a, 1.0), -1);     /* a choice has no columns by number */
}
END_TEST

/* A cell's colour class: diverged, no decay (g_h underflowed), or its
 * gradient at t = 1 relative to t = T, (T − 1)·log10 decay decades, on the
 * heat map's ±32. */
START_TEST(phase_cells_are_classed)
{
    double x = 99;
    rs_sweep_cell c = {.T = 101, .decay = 0.5};
    ck_assert_int_eq(rs_phase_class(&c, &x), RS_HEAT_VALUE);
    ck_assert_double_eq_tol(x, 100 * log10(0.5), 1e-12);     /* 2⁻¹⁰⁰: −30.1 decades */
    ck_assert_int_eq(rs_heat_level(x, RS_PHASE_DECADES, 16), -15);
    c.decay = 1.0;
    ck_assert_int_eq(rs_phase_class(&c, &x), RS_HEAT_VALUE);
    ck_assert_double_eq(x, 0.0);
    c.decay = 1.5;          /* 1.5¹⁰⁰ ≈ 4·10¹⁷ */
    ck_assert_int_eq(rs_phase_class(&c, &x), RS_HEAT_VALUE);
    ck_assert_int_eq(rs_heat_level(x, RS_PHASE_DECADES, 16), 9);
    c.decay = NAN;
    ck_assert_int_eq(rs_phase_class(&c, &x), RS_HEAT_ZERO);
    c.decay = 2.0;
    c.diverged = true;
    ck_assert_int_eq(rs_phase_class(&c, &x), RS_HEAT_NONFINITE);
}
END_TEST

/* The grid the phase view trains, at initialisation: the circle law puts ρ
 * near std·√H, so the first column's ρ is near 0.1, the middle's near 1
 * and the last's near 10 — for several weight seeds (H = 64). */
START_TEST(phase_grid_spans_the_edge_of_chaos)
{
    for (int seed = 1; seed <= 3; seed++) {
        rs_config cfg;
        rs_config_defaults(&cfg);
        char err[256], v[16];
        snprintf(v, sizeof v, "%d", seed);
        ck_assert_int_eq(rs_config_set(&cfg, "model.hidden", "64", err, sizeof err), 0);
        ck_assert_int_eq(rs_config_set(&cfg, "task.length", "10", err, sizeof err), 0);
        ck_assert_int_eq(rs_config_set(&cfg, "train.seed", v, err, sizeof err), 0);
        rs_axis x, y;
        rs_error e = {0};
        ck_assert_int_eq(rs_phase_axes(&cfg, &x, &y, &e), 0);
        y.count = 2;    /* sigmoid, tanh: enough for ρ, which does not depend on the row */
        rs_sweep *sw = rs_sweep_create(&cfg, &x, &y, 0, &e);
        ck_assert_msg(sw != NULL, "%s", e.msg);
        ck_assert_int_eq(rs_sweep_start(sw, 1, &e), 0);
        ck_assert_msg(rs_sweep_wait(sw, &e) == 0, "%s", e.msg);
        const double want[3] = {0.1, 1.0, 10.0};
        const int col[3] = {0, 6, 12};
        for (int k = 0; k < 3; k++) {
            const rs_sweep_cell *c = rs_sweep_cell_at(sw, col[k], 1);
            ck_assert_ptr_nonnull(c);
            ck_assert_msg(fabs(c->radius / want[k] - 1.0) < 0.2, "seed %d column %d: ρ %g, want about %g", seed,
                          col[k], c->radius, want[k]);
        }
        rs_sweep_free(sw);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("view");
    TCase *b = tcase_create("braille");
    tcase_add_test(b, dots_land_in_their_cell_and_bit);
    tcase_add_test(b, outside_is_clipped);
    tcase_add_test(b, lines_set_both_ends_and_no_gaps);
    tcase_add_test(b, circles_are_round_on_screen);
    tcase_add_test(b, roles_and_scatter);
    tcase_add_test(b, ascii_fallback_and_rows);
    suite_add_tcase(s, b);
    TCase *c = tcase_create("contour");
    tcase_add_test(c, edges_where_the_level_is_crossed);
    tcase_add_test(c, segments_of_a_straight_level_line);
    tcase_add_test(c, segments_close_around_a_bump);
    tcase_add_test(c, saddles_follow_the_centre);
    suite_add_tcase(s, c);
    TCase *v = tcase_create("plots");
    tcase_add_test(v, spectrum_plot_draws_every_series);
    tcase_add_test(v, itemized_cells_are_relative_to_the_prediction);
    suite_add_tcase(s, v);
    TCase *ph = tcase_create("phase");
    tcase_set_timeout(ph, 240);
    tcase_add_test(ph, phase_axes_follow_the_init_and_the_cell);
    tcase_add_test(ph, phase_column_is_the_nearest_on_the_grid);
    tcase_add_test(ph, phase_cells_are_classed);
    tcase_add_test(ph, phase_grid_spans_the_edge_of_chaos);
    suite_add_tcase(s, ph);
    return rs_run_suite(s);
}
