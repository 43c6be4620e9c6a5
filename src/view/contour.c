/* The level line through a grid: crossed edges and marching squares (pure). */
#include "contour.h"

#include <math.h>

rs_side rs_contour_side(double v, double level)
{
    if (isnan(v) || isnan(level))
        return RS_SIDE_NONE;
    return v >= level ? RS_SIDE_ABOVE : RS_SIDE_BELOW;
}

static int crossed(double a, double b, double level)
{
    const rs_side sa = rs_contour_side(a, level), sb = rs_contour_side(b, level);
    return sa != RS_SIDE_NONE && sb != RS_SIDE_NONE && sa != sb;
}

int rs_contour_edges(const double *v, int nx, int ny, double level, unsigned char *edge_x, unsigned char *edge_y)
{
    int count = 0;
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            const size_t k = (size_t)j * (size_t)nx + (size_t)i;
            const int x = i + 1 < nx && crossed(v[k], v[k + 1], level);
            const int y = j + 1 < ny && crossed(v[k], v[k + (size_t)nx], level);
            if (edge_x)
                edge_x[k] = (unsigned char)x;
            if (edge_y)
                edge_y[k] = (unsigned char)y;
            count += x + y;
        }
    return count;
}

double rs_contour_crossing(double a, double b, double level)
{
    if (a == b)
        return 0.5;
    const double t = (level - a) / (b - a);
    return t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
}

/* The crossing point on edge e of the square with top-left corner (i, j):
 * e0 top (a→b), e1 right (b→c), e2 bottom (d→c), e3 left (a→d), with
 * a = (i, j), b = (i+1, j), c = (i+1, j+1), d = (i, j+1). */
static void edge_point(int e, int i, int j, const double q[4], double level, double *x, double *y)
{
    const double a = q[0], b = q[1], c = q[2], d = q[3];
    switch (e) {
    case 0: *x = i + rs_contour_crossing(a, b, level), *y = j; break;
    case 1: *x = i + 1, *y = j + rs_contour_crossing(b, c, level); break;
    case 2: *x = i + rs_contour_crossing(d, c, level), *y = j + 1; break;
    default: *x = i, *y = j + rs_contour_crossing(a, d, level); break;
    }
}

int rs_contour_segments(const double *v, int nx, int ny, double level, rs_segment *out, int max)
{
    /* For each of the 16 corner patterns (bit 0 a, 1 b, 2 c, 3 d at or above
     * the level): the pairs of edges joined, −1 ending the list. The saddles
     * 5 and 10 have two readings; table entry [16] and [17] are their
     * readings when the centre is on the other side. */
    static const signed char pairs[18][5] = {
        {-1}, {3, 0, -1}, {0, 1, -1}, {3, 1, -1}, {1, 2, -1},
        {3, 0, 1, 2, -1},            /* 5: a, c above; centre below: a and c cut off */
        {0, 2, -1}, {3, 2, -1}, {2, 3, -1}, {0, 2, -1},
        {0, 1, 2, 3, -1},            /* 10: b, d above; centre below: b and d cut off */
        {1, 2, -1}, {1, 3, -1}, {0, 1, -1}, {3, 0, -1}, {-1},
        {0, 1, 2, 3, -1},            /* 5 with the centre above: b and d cut off */
        {3, 0, 1, 2, -1},            /* 10 with the centre above: a and c cut off */
    };
    int count = 0;
    for (int j = 0; j + 1 < ny; j++)
        for (int i = 0; i + 1 < nx; i++) {
            const size_t k = (size_t)j * (size_t)nx + (size_t)i;
            const double q[4] = {v[k], v[k + 1], v[k + (size_t)nx + 1], v[k + (size_t)nx]};
            int pattern = 0;
            int none = 0;
            for (int c = 0; c < 4; c++) {
                const rs_side s = rs_contour_side(q[c], level);
                none |= s == RS_SIDE_NONE;
                pattern |= (s == RS_SIDE_ABOVE) << c;
            }
            if (none)
                continue;
            if (pattern == 5 || pattern == 10) {
                const double centre = (q[0] + q[1] + q[2] + q[3]) / 4.0;
                if (centre >= level)
                    pattern = pattern == 5 ? 16 : 17;
            }
            for (const signed char *e = pairs[pattern]; *e >= 0; e += 2) {
                if (count < max && out) {
                    rs_segment *s = &out[count];
                    edge_point(e[0], i, j, q, level, &s->x0, &s->y0);
                    edge_point(e[1], i, j, q, level, &s->x1, &s->y1);
                }
                count++;
            }
        }
    return count;
}
