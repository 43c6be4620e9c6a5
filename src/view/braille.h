/* A braille canvas (btop's Draw::Graph, DESIGN §7 and STYLE "Plots in a
 * terminal"): W×H character cells, each a 2×4 grid of dots — the glyph is
 * U+2800 plus a bit mask — so a 60×20 panel has 120×80 points. Pure: no
 * terminal here; the TUI places the glyphs and colours each cell by its role,
 * the tests read them back.
 *
 * Coordinates: dots (x, y) with (0, 0) the top-left dot, x to the right, y
 * down; x < 2W, y < 4H. Anything outside is clipped (ignored). Data
 * coordinates (x to the right, y up) map onto dots through an rs_plane. */
#ifndef RS_VIEW_BRAILLE_H
#define RS_VIEW_BRAILLE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    int w, h;                   /* character cells */
    unsigned char *dots;        /* (h, w) the braille bit mask of each cell */
    unsigned char *role;        /* (h, w) the highest role that set a dot in the cell; 0 = none */
} rs_braille;

/* Allocate a blank w×h canvas (w, h ≥ 1); false when out of memory or the
 * size is not positive (the canvas is then empty and may be freed). */
bool rs_braille_init(rs_braille *c, int w, int h);
void rs_braille_free(rs_braille *c);
void rs_braille_clear(rs_braille *c);

/* Set the dot (x, y) and give its cell the role if it is higher than the
 * cell's (roles 1 … 255 are series in the caller's order of precedence:
 * the points over the circles, whatever order they were drawn in). */
void rs_braille_set(rs_braille *c, int x, int y, int role);
bool rs_braille_get(const rs_braille *c, int x, int y);

/* A straight line of dots from (x0, y0) to (x1, y1), both ends included
 * (Bresenham 1965); the part outside the canvas is clipped first, so a
 * line from far away costs only what is visible. */
void rs_braille_line(rs_braille *c, int x0, int y0, int x1, int y1, int role);

/* Data → dots. A data point (x, y) lands on the dot nearest to
 * ((x − left)/per_x, (top − y)/per_y). */
typedef struct {
    double left, top;           /* data coordinates of the centre of dot (0, 0) */
    double per_x, per_y;        /* data units per dot, across and down */
} rs_plane;

/* Terminal cells are about twice as tall as wide: cell_aspect = height/width
 * of one cell on screen (2 for most fonts). */
#define RS_CELL_ASPECT 2.0

/* The plane on a w×h-cell canvas centred on (cx, cy) that shows the whole
 * disc of the given radius with equal aspect: one data unit is as long
 * across as up on screen, so a circle looks round. A dot is ½ cell wide and
 * ¼ cell tall, so per_y = per_x · cell_aspect / 2. */
rs_plane rs_plane_fit(int w, int h, double cell_aspect, double cx, double cy, double radius);

/* A plane with independent scales: data [x0, x1] × [y0, y1] over the whole
 * canvas (x0 at the left edge's dot centre, y1 at the top's). For curves. */
rs_plane rs_plane_box(int w, int h, double x0, double x1, double y0, double y1);

/* The dot of a data point (rounded to the nearest; may be outside). */
void rs_plane_dot(const rs_plane *p, double x, double y, int *dx, int *dy);

/* A data point; n data points; a line between two data points. NaN and
 * infinite coordinates are skipped. */
void rs_braille_point(rs_braille *c, const rs_plane *p, double x, double y, int role);
void rs_braille_scatter(rs_braille *c, const rs_plane *p, const double *x, const double *y, size_t n, int role);
void rs_braille_segment(rs_braille *c, const rs_plane *p, double x0, double y0, double x1, double y1, int role);

/* The circle of radius r around (cx, cy) in data coordinates, as closely
 * spaced dots (no gaps on screen): exactly through (cx ± r, cy) and
 * (cx, cy ± r). Equal aspect comes from the plane (rs_plane_fit). */
void rs_braille_circle(rs_braille *c, const rs_plane *p, double cx, double cy, double r, int role);

/* A cell as UTF-8 (3 bytes and a NUL; an empty cell is a space) and as
 * ASCII by how many of its dots are set: ' ', '.' (1), ':' (2), '*' (3–5),
 * 'o' (6–8). Outside the canvas: a space. */
void rs_braille_cell_utf8(const rs_braille *c, int cx, int cy, char out[4]);
char rs_braille_cell_ascii(const rs_braille *c, int cx, int cy);
int rs_braille_cell_role(const rs_braille *c, int cx, int cy);

/* Row cy as text (UTF-8 or ASCII) into buf; returns its length in bytes
 * (cut at a whole cell when buf is short). */
size_t rs_braille_row(const rs_braille *c, int cy, bool utf8, char *buf, size_t n);

#endif
