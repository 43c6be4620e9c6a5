/* The braille canvas (pure): dots, lines, circles and scatters on a grid of
 * 2×4-dot character cells. */
#include "braille.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* π, which strict C11 does not name. */
static const double PI = 3.14159265358979323846;

bool rs_braille_init(rs_braille *c, int w, int h)
{
    *c = (rs_braille){0};
    if (w < 1 || h < 1)
        return false;
    c->dots = calloc((size_t)w * (size_t)h, 1);
    c->role = calloc((size_t)w * (size_t)h, 1);
    if (!c->dots || !c->role) {
        rs_braille_free(c);
        return false;
    }
    c->w = w;
    c->h = h;
    return true;
}

void rs_braille_free(rs_braille *c)
{
    free(c->dots);
    free(c->role);
    *c = (rs_braille){0};
}

void rs_braille_clear(rs_braille *c)
{
    if (!c->dots)
        return;
    memset(c->dots, 0, (size_t)c->w * (size_t)c->h);
    memset(c->role, 0, (size_t)c->w * (size_t)c->h);
}

/* The Unicode braille cell numbers its dots 1-2-3 down the left column,
 * 4-5-6 down the right, then 7 and 8 along the bottom row (the bottom row
 * came with 8-dot braille, after the six-dot cell): bit k is dot k+1. */
static unsigned char dot_bit(int dx, int dy)
{
    return (unsigned char)(1u << (dy < 3 ? dy + 3 * dx : 6 + dx));
}

void rs_braille_set(rs_braille *c, int x, int y, int role)
{
    if (x < 0 || y < 0 || x >= 2 * c->w || y >= 4 * c->h)
        return;
    const size_t cell = (size_t)(y / 4) * (size_t)c->w + (size_t)(x / 2);
    c->dots[cell] |= dot_bit(x % 2, y % 4);
    if (role > c->role[cell])
        c->role[cell] = (unsigned char)(role > 255 ? 255 : role);
}

bool rs_braille_get(const rs_braille *c, int x, int y)
{
    if (x < 0 || y < 0 || x >= 2 * c->w || y >= 4 * c->h)
        return false;
    return (c->dots[(size_t)(y / 4) * (size_t)c->w + (size_t)(x / 2)] & dot_bit(x % 2, y % 4)) != 0;
}

/* Liang & Barsky (1984): cut the segment to the rectangle [0, xmax] × [0, ymax];
 * false when nothing of it is inside. */
static bool clip(double *x0, double *y0, double *x1, double *y1, double xmax, double ymax)
{
    const double dx = *x1 - *x0, dy = *y1 - *y0;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {*x0, xmax - *x0, *y0, ymax - *y0};
    double u0 = 0.0, u1 = 1.0;
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0.0) {
            if (q[i] < 0.0)
                return false;       /* parallel to this edge and outside it */
            continue;
        }
        const double u = q[i] / p[i];
        if (p[i] < 0.0)
            u0 = fmax(u0, u);
        else
            u1 = fmin(u1, u);
    }
    if (u0 > u1)
        return false;
    const double ax = *x0, ay = *y0;
    *x0 = ax + u0 * dx;
    *y0 = ay + u0 * dy;
    *x1 = ax + u1 * dx;
    *y1 = ay + u1 * dy;
    return true;
}

/* A line between two points in (fractional) dot coordinates. */
static void line_dots(rs_braille *c, double fx0, double fy0, double fx1, double fy1, int role)
{
    if (!isfinite(fx0) || !isfinite(fy0) || !isfinite(fx1) || !isfinite(fy1))
        return;
    /* Clip to the dot centres' rectangle widened by half a dot: a dot is
     * drawn where the line rounds into it. */
    fx0 += 0.5, fy0 += 0.5, fx1 += 0.5, fy1 += 0.5;
    const double xmax = 2.0 * c->w - 1e-9, ymax = 4.0 * c->h - 1e-9;
    if (!clip(&fx0, &fy0, &fx1, &fy1, xmax, ymax))
        return;
    int x0 = (int)floor(fx0), y0 = (int)floor(fy0);
    const int x1 = (int)floor(fx1), y1 = (int)floor(fy1);
    /* Bresenham (1965), every octant: step along the longer axis, carry the error. */
    const int dx = abs(x1 - x0), dy = -abs(y1 - y0);
    const int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
    int err = dx + dy;
    for (;;) {
        rs_braille_set(c, x0, y0, role);
        if (x0 == x1 && y0 == y1)
            break;
        const int e2 = 2 * err;
        if (e2 >= dy) {
            err += dy;
            x0 += sx;
        }
        if (e2 <= dx) {
            err += dx;
            y0 += sy;
        }
    }
}

void rs_braille_line(rs_braille *c, int x0, int y0, int x1, int y1, int role)
{
    line_dots(c, x0, y0, x1, y1, role);
}

rs_plane rs_plane_fit(int w, int h, double cell_aspect, double cx, double cy, double radius)
{
    /* Dots across: 2w, down: 4h; one dot is ½ cell wide and ¼ cell tall. The
     * disc must fit between the outermost dot centres both ways. */
    const double across = fmax(2.0 * w - 1.0, 1.0), down = fmax(4.0 * h - 1.0, 1.0);
    const double tall = cell_aspect / 2.0;  /* a dot's height over its width on screen */
    const double r = radius > 0.0 && isfinite(radius) ? radius : 1.0;
    const double per_x = fmax(2.0 * r / across, 2.0 * r / (down * tall));
    const double per_y = per_x * tall;
    return (rs_plane){.left = cx - per_x * across / 2.0, .top = cy + per_y * down / 2.0, .per_x = per_x, .per_y = per_y};
}

rs_plane rs_plane_box(int w, int h, double x0, double x1, double y0, double y1)
{
    const double across = fmax(2.0 * w - 1.0, 1.0), down = fmax(4.0 * h - 1.0, 1.0);
    const double per_x = x1 > x0 ? (x1 - x0) / across : 1.0, per_y = y1 > y0 ? (y1 - y0) / down : 1.0;
    return (rs_plane){.left = x0, .top = y1, .per_x = per_x, .per_y = per_y};
}

static double dot_x(const rs_plane *p, double x) { return (x - p->left) / p->per_x; }
static double dot_y(const rs_plane *p, double y) { return (p->top - y) / p->per_y; }

void rs_plane_dot(const rs_plane *p, double x, double y, int *dx, int *dy)
{
    const double fx = floor(dot_x(p, x) + 0.5), fy = floor(dot_y(p, y) + 0.5);
    *dx = fx < -1e9 ? -1000000000 : fx > 1e9 ? 1000000000 : (int)fx;
    *dy = fy < -1e9 ? -1000000000 : fy > 1e9 ? 1000000000 : (int)fy;
}

void rs_braille_point(rs_braille *c, const rs_plane *p, double x, double y, int role)
{
    if (!isfinite(x) || !isfinite(y))
        return;
    int dx, dy;
    rs_plane_dot(p, x, y, &dx, &dy);
    rs_braille_set(c, dx, dy, role);
}

void rs_braille_scatter(rs_braille *c, const rs_plane *p, const double *x, const double *y, size_t n, int role)
{
    for (size_t i = 0; i < n; i++)
        rs_braille_point(c, p, x[i], y[i], role);
}

void rs_braille_segment(rs_braille *c, const rs_plane *p, double x0, double y0, double x1, double y1, int role)
{
    line_dots(c, dot_x(p, x0), dot_y(p, y0), dot_x(p, x1), dot_y(p, y1), role);
}

void rs_braille_circle(rs_braille *c, const rs_plane *p, double cx, double cy, double r, int role)
{
    if (!(r >= 0.0) || !isfinite(r) || !isfinite(cx) || !isfinite(cy))
        return;
    /* Chords of about one dot: n points around, a multiple of 4 so that the
     * four points on the axes are among them, computed exactly. */
    const double around = 2.0 * PI * r / fmin(p->per_x, p->per_y);
    int n = 4 * (int)ceil(fmin(around, 65536.0) / 4.0);
    if (n < 32)
        n = 32;
    double px = cx + r, py = cy;
    for (int k = 1; k <= n; k++) {
        double x, y;
        switch (k % n == 0 ? 0 : 4 * k % n == 0 ? 4 * k / n : -1) {
        case 0: x = cx + r, y = cy; break;
        case 1: x = cx, y = cy + r; break;
        case 2: x = cx - r, y = cy; break;
        case 3: x = cx, y = cy - r; break;
        default: {
            const double a = 2.0 * PI * k / n;
            x = cx + r * cos(a);
            y = cy + r * sin(a);
        }
        }
        rs_braille_segment(c, p, px, py, x, y, role);
        px = x;
        py = y;
    }
}

static bool inside(const rs_braille *c, int cx, int cy) { return cx >= 0 && cy >= 0 && cx < c->w && cy < c->h; }

void rs_braille_cell_utf8(const rs_braille *c, int cx, int cy, char out[4])
{
    const unsigned mask = inside(c, cx, cy) ? c->dots[(size_t)cy * (size_t)c->w + (size_t)cx] : 0;
    if (mask == 0) {
        out[0] = ' ';
        out[1] = '\0';
        return;
    }
    const unsigned cp = 0x2800u + mask;     /* U+2800 … U+28FF: three bytes of UTF-8 */
    out[0] = (char)(0xE0u | (cp >> 12));
    out[1] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
    out[2] = (char)(0x80u | (cp & 0x3Fu));
    out[3] = '\0';
}

char rs_braille_cell_ascii(const rs_braille *c, int cx, int cy)
{
    if (!inside(c, cx, cy))
        return ' ';
    unsigned mask = c->dots[(size_t)cy * (size_t)c->w + (size_t)cx];
    int count = 0;
    for (; mask; mask &= mask - 1)
        count++;
    return count == 0 ? ' ' : count == 1 ? '.' : count == 2 ? ':' : count <= 5 ? '*' : 'o';
}

int rs_braille_cell_role(const rs_braille *c, int cx, int cy)
{
    return inside(c, cx, cy) ? c->role[(size_t)cy * (size_t)c->w + (size_t)cx] : 0;
}

size_t rs_braille_row(const rs_braille *c, int cy, bool utf8, char *buf, size_t n)
{
    size_t len = 0;
    if (n == 0)
        return 0;
    for (int cx = 0; cx < c->w; cx++) {
        char cell[4];
        if (utf8)
            rs_braille_cell_utf8(c, cx, cy, cell);
        else {
            cell[0] = rs_braille_cell_ascii(c, cx, cy);
            cell[1] = '\0';
        }
        const size_t k = strlen(cell);
        if (len + k >= n)
            break;
        memcpy(buf + len, cell, k);
        len += k;
    }
    buf[len] = '\0';
    return len;
}
