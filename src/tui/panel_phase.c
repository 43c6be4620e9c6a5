/* The phase view (issue 14), in the heat map's place when view.mode is
 * phase: the live run's neighbours — W_hh's scale from a tenth of its edge
 * value to ten times it, × the activations (gated cells: × the cells) —
 * each a network of its own trained from the run's seeds on worker threads
 * (live.c), drawn as they finish. A cell's colour is the colour of its own
 * heat map's first column, g_h at t = 1 relative to t = T (blue vanished,
 * red exploded, white held: view/phase.h), its number the reach; the heavy
 * line is γ·σ_max = 1 at initialisation (Pascanu, Mikolov & Bengio 2013),
 * below which the gradient must vanish; ◆ marks the live run. The arrows or
 * a click inspect a cell; Enter opens it as the live run (change.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/launch.h"
#include "../view/changes.h"
#include "../view/contour.h"
#include "../view/phase.h"
#include "panels.h"

/* An axis value as a column or row label: "0.018", "tanh". */
static void axis_text(char *buf, size_t n, const rs_axis *a, int k)
{
    if (a->numeric)
        snprintf(buf, n, "%.2g", a->number[k]);
    else
        snprintf(buf, n, "%s", a->value[k]);
}

/* The grid's geometry inside the panel. */
typedef struct {
    int nx, ny;
    int x0;             /* the first cell's column (after the row labels) */
    int cw;             /* a cell's columns, its right separator included */
    int ch;             /* a cell's lines */
    bool between;       /* a line between rows for the contour */
    int y0;             /* the first row's top line */
} grid_geom;

static int row_top(const grid_geom *g, int j) { return g->y0 + j * (g->ch + (g->between ? 1 : 0)); }

/* What a finished cell says in w columns: its reach, ✕k when it diverged
 * (✕ alone when k does not fit), preceded by ◆ for the live run. */
static void cell_text(const rs_term *t, const rs_sweep_cell *c, bool here, int w, char *out, size_t n)
{
    char num[32];
    if (c->diverged) {
        snprintf(num, sizeof num, "%s%ld", rs_utf8_or(t, "✕", "x"), c->diverged_at);
        if (rs_text_width(num) > w - (here ? 1 : 0))
            snprintf(num, sizeof num, "%s", rs_utf8_or(t, "✕", "x"));
    } else
        snprintf(num, sizeof num, "%d", c->reach);
    char body[48];
    snprintf(body, sizeof body, "%s%s", here ? rs_utf8_or(t, "◆", "*") : "", num);
    if (rs_text_width(body) > w)    /* too narrow for the number: the colour alone (and the marks) */
        snprintf(body, sizeof body, "%s%s", here ? rs_utf8_or(t, "◆", "*") : "",
                 c->diverged && w - (here ? 1 : 0) >= 1 ? rs_utf8_or(t, "✕", "x") : "");
    /* centred in w columns */
    const int len = rs_text_width(body), left = len < w ? (w - len + 1) / 2 : 0;
    snprintf(out, n, "%*s%s%*s", left, "", body, w - len - left > 0 ? w - len - left : 0, "");
}

/* The swatch of a finished cell on the phase scale (its decay, or a mark). */
static int cell_swatch(const rs_term *t, const rs_sweep_cell *c)
{
    double x;
    const rs_heat_class cls = rs_phase_class(c, &x);
    const rs_heat_mark m = rs_heat_mark_of(cls);
    if (m != RS_MARK_NONE)
        return rs_swatch_of_mark(t->scheme, m);
    return rs_swatch_of_level(t->scheme, rs_heat_level(x, RS_PHASE_DECADES, rs_scheme_steps(t->scheme)));
}

/* One cell, all its lines: the colour, the number on the middle line; the
 * inspected cell's number bold and underlined. */
static void draw_cell(const rs_draw_ctx *c, const grid_geom *g, const rs_sweep_cell *cell, int i, int j, bool here,
                      bool inspected)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const int x = g->x0 + i * g->cw, y = row_top(g, j), width = g->cw - 1, mid = y + (g->ch - 1) / 2;
    char text[96], blank[64];
    snprintf(blank, sizeof blank, "%*s", width, "");
    if (!cell) {
        /* not finished yet */
        for (int l = 0; l < g->ch; l++)
            rs_put(w, t, RS_ROLE_DIM, y + l, x, width, l == g->ch / 2 ? rs_utf8_or(t, "  ·", "  .") : "");
        return;
    }
    const int sw = cell_swatch(t, cell);
    /* Without colours the swatch's glyph fills the cell (the character
     * ramp: .,:; cold to #%@ hot), the number over it. */
    const bool texture = t->scheme == RS_SCHEME_MONO && sw < rs_swatch_of_mark(t->scheme, RS_MARK_NAN);
    for (int l = 0; l < g->ch; l++) {
        if (texture)
            for (int k = 0; k < width; k++)
                rs_term_swatch(w, t, y + l, x + k, sw);
        if (l + y != mid) {
            if (!texture)
                rs_term_text_on_swatch(w, t, y + l, x, sw, blank);
            continue;
        }
        cell_text(t, cell, here, width, text, sizeof text);
        if (texture) {
            /* the number alone, centred on the glyphs */
            const char *body = text + strspn(text, " ");
            char trimmed[96];
            snprintf(trimmed, sizeof trimmed, "%s", body);
            trimmed[strcspn(trimmed, " ")] = '\0';
            const int at = (int)(body - text), len = rs_text_width(trimmed);
            if (len > 0)
                rs_term_text_on_swatch(w, t, y + l, x + at, sw, trimmed);
        } else
            rs_term_text_on_swatch(w, t, y + l, x, sw, text);
        if (inspected) {
            attr_t a;
            short pair;
            wattr_get(w, &a, &pair, NULL);
            mvwchgat(w, y + l, x, width, a | A_BOLD | A_UNDERLINE, pair, NULL);
        }
    }
}

/* The contour γ·σ_max = 1 along the cells' edges: upright in the separator
 * column where it runs between two neighbours of a row, across on the line
 * between two rows (when there is one). */
static void draw_contour(const rs_draw_ctx *c, const grid_geom *g, const unsigned char *ex, const unsigned char *ey)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const int nx = g->nx;
    for (int j = 0; j < g->ny; j++) {
        for (int i = 0; i + 1 < nx; i++)
            if (ex[j * nx + i])
                for (int l = 0; l < g->ch; l++)
                    rs_put(w, t, RS_ROLE_SIGMA, row_top(g, j) + l, g->x0 + (i + 1) * g->cw - 1, 1,
                           rs_phase_junction(t->utf8, 1, 1, 0, 0));
        if (!g->between || j + 1 >= g->ny)
            continue;
        const int y = row_top(g, j) + g->ch;
        for (int i = 0; i < nx; i++) {
            const bool across = ey[j * nx + i];
            if (across)
                for (int k = 0; k < g->cw - 1; k++)
                    rs_put(w, t, RS_ROLE_SIGMA, y, g->x0 + i * g->cw + k, 1,
                           rs_phase_junction(t->utf8, 0, 0, 1, 1));
            const bool last = i + 1 == nx;
            const bool up = !last && ex[j * nx + i], down = !last && ex[(j + 1) * nx + i];
            const bool right = !last && ey[j * nx + i + 1];
            if (across || up || down || right)
                rs_put(w, t, RS_ROLE_SIGMA, y, g->x0 + (i + 1) * g->cw - 1, 1,
                       rs_phase_junction(t->utf8, up, down, across, right));
        }
    }
}

/* The inspected cell in words, on up to two lines. */
static void describe_cell(const rs_draw_ctx *c, rs_panel *p, const rs_sweep *sw, int i, int j, bool here, int lines)
{
    const rs_term *t = c->t;
    const bool u = t->utf8;
    const rs_axis *x = rs_sweep_x(sw), *y = rs_sweep_y(sw);
    const rs_sweep_cell *cell = rs_sweep_cell_at(sw, i, j);
    char xs[48], text[400], n1[48], n2[48], n3[48];
    rs_fmt_num(xs, sizeof xs, x->number[i], u);
    const char *mark = here ? rs_utf8_or(t, "◆ ", "* ") : "";
    int used = snprintf(text, sizeof text, "%s%s %s · %s %s: ", mark, x->key, xs,
                        rs_key_short_name(rs_key_find(y->key)), y->value[j]);
    if (!cell)
        snprintf(text + used, sizeof text - used, "training…");
    else if (cell->diverged)
        snprintf(text + used, sizeof text - used, "diverged at step %ld (the loss passed 10¹⁰⁰ or was not finite)",
                 cell->diverged_at);
    else {
        rs_fmt_num(n1, sizeof n1, cell->decay, u);
        rs_fmt_num(n2, sizeof n2, cell->bound, u);
        rs_fmt_num(n3, sizeof n3, cell->loss, u);
        used += snprintf(text + used, sizeof text - used, "reach %d of %d · ", cell->reach, cell->T);
        if (isfinite(cell->decay))
            used += snprintf(text + used, sizeof text - used, "%s× per step back · ", n1);
        else
            used += snprintf(text + used, sizeof text - used, "g_h underflowed to 0 · ");
        if (isfinite(cell->bound))
            used += snprintf(text + used, sizeof text - used, "γ·σ_max %s%s · ", n2,
                             cell->bound < 1.0 ? " < 1: must vanish" : "");
        snprintf(text + used, sizeof text - used, "loss %s", n3);
    }
    if (lines > 1)
        rs_panel_wrap(c->w, t, p, RS_ROLE_VALUE, text, lines);
    else if (p->y <= p->last)
        rs_put_cut(c->w, t, RS_ROLE_VALUE, p->y++, p->x, p->width, text);
}

/* The legend: what the numbers, marks, colours and line mean. */
/* What the numbers and marks mean. */
static void numbers_text(const rs_term *t, int T, char *text, size_t n)
{
    snprintf(text, n, "number: reach, steps back (of T = %d) above 10⁻⁶ of the end · %s: diverged at step k · grey: "
             "g_h underflowed to 0 · ◆ this run", T, rs_utf8_or(t, "✕k", "xk"));
}

/* The legend: numbers lines of what the numbers mean, then the colour
 * ramp and the line (ramp). */
static void legend(const rs_draw_ctx *c, rs_panel *p, int T, int numbers, bool ramp, bool gated_rows)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    char text[300];
    numbers_text(t, T, text, sizeof text);
    if (numbers > 1)
        rs_panel_wrap(w, t, p, RS_ROLE_DIM, text, numbers);
    else if (numbers == 1 && p->y <= p->last)
        rs_put_cut(w, t, RS_ROLE_DIM, p->y++, p->x, p->width, text);
    if (!ramp || p->y > p->last)
        return;
    int x = p->x;
    const int end = p->x + p->width, steps = rs_scheme_steps(t->scheme);
    char lo[32], hi[32];
    rs_fmt_pow10(lo, sizeof lo, -(int)RS_PHASE_DECADES, t->utf8);
    rs_fmt_pow10(hi, sizeof hi, (int)RS_PHASE_DECADES, t->utf8);
    x += rs_putf(w, t, RS_ROLE_DIM, p->y, x, end - x, "g_h at t = 1 ÷ at T: %s ", lo);
    const int cells = 2 * steps + 1 < 17 ? 2 * steps + 1 : 17;
    if (end - x > cells + 10)
        for (int k = 0; k < cells; k++) {
            const int level = (int)lround(-steps + (double)k * 2.0 * steps / (cells - 1));
            rs_term_swatch(w, t, p->y, x++, rs_swatch_of_level(t->scheme, level));
        }
    x += rs_putf(w, t, RS_ROLE_DIM, p->y, x, end - x, " %s  ", hi);
    x += rs_put(w, t, RS_ROLE_SIGMA, p->y, x, end - x, rs_utf8_or(t, "┃━", "|-"));
    rs_put_cut(w, t, RS_ROLE_DIM, p->y, x, end - x, gated_rows
               ? " γ·σ_max = 1 at initialisation (rnn, skip: a gated cell's memory path is not bounded by it)"
               : " γ·σ_max = 1 at initialisation: on its low side the gradient must vanish");
    p->y++;
}

bool rs_phase_cell_at(const rs_live *live, int y, int x, int *i, int *j)
{
    const rs_live_phase *ph = &live->ph;
    if (!ph->sweep || ph->shown <= 0 || ph->cw <= 0 || x < ph->x0 || y < ph->y0)
        return false;
    const int d = (x - ph->x0) / ph->cw, r = (y - ph->y0) / (ph->ch + ph->gap);
    const bool separator = (x - ph->x0) % ph->cw == ph->cw - 1 || (y - ph->y0) % (ph->ch + ph->gap) >= ph->ch;
    if (d >= ph->shown || r >= ph->rows || separator)
        return false;
    *i = d * (ph->stride > 1 ? ph->stride : 1);
    *j = r;
    return true;
}

void rs_draw_phase(const rs_draw_ctx *c, rs_rect box, const rs_sides *sd, int k, const rs_heat_view *v,
                   rs_live *live)
{
    live->ph.shown = 0;     /* set again once the grid is drawn */
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const rs_session *s = sd->s[k];
    rs_panel p = rs_open_view_panel(c, box, sd, k, "Phase diagram: this run's neighbours, each trained from its seeds");
    if (p.width < 8 || p.y > p.last)
        return;
    const rs_live_phase *ph = &live->ph;
    const rs_sweep *sw = ph->sweep;

    /* The header: the view, the steps per cell, the progress. */
    int x = p.x;
    x += rs_put(w, t, RS_ROLE_KEY, p.y, x, p.width, "v ");
    x += rs_put(w, t, RS_ROLE_VALUE, p.y, x, p.x + p.width - x, "phase ");
    if (!sw) {
        rs_put_cut(w, t, ph->msg[0] ? RS_ROLE_ERROR : RS_ROLE_DIM, p.y, x, p.x + p.width - x,
                   ph->msg[0] ? ph->msg : "starting…");
        return;
    }
    const int nx = rs_sweep_nx(sw), ny = rs_sweep_ny(sw), done = rs_sweep_done(sw);
    const long steps = rs_sweep_steps(sw);
    char head[300], when[96];
    if (steps == 0)
        snprintf(when, sizeof when, "each cell at initialisation (p)");
    else
        snprintf(when, sizeof when, "each cell trained %ld steps (p)", steps);
    if (done < nx * ny) {
        const double took = rs_now() - ph->started;
        snprintf(head, sizeof head, "%d/%d cells, %.1f/s · %s · %d worker%s", done, nx * ny,
                 took > 0 ? done / took : 0.0, when, ph->jobs, ph->jobs == 1 ? "" : "s");
    } else
        snprintf(head, sizeof head, "%d cells in %.1f s · %s · %d worker%s", nx * ny,
                 ph->took > 0.0 ? ph->took : rs_now() - ph->started, when, ph->jobs, ph->jobs == 1 ? "" : "s");
    /* a cell that could not be made: why, instead of the progress */
    rs_put_cut(w, t, ph->msg[0] ? RS_ROLE_ERROR : RS_ROLE_DIM, p.y++, x, p.x + p.width - x,
               ph->msg[0] ? ph->msg : head);

    /* Where the live run sits on the grid. */
    const rs_config *now = rs_session_config(s);
    const rs_axis *ax = rs_sweep_x(sw), *ay = rs_sweep_y(sw);
    int here_i, here_j;
    rs_phase_where(sw, now, &here_i, &here_j);
    int ins_i = v->phase_i, ins_j = v->phase_j;
    if (ins_i < 0 || ins_i >= nx || ins_j < 0 || ins_j >= ny) {
        ins_i = here_i;
        ins_j = here_j;
    }

    /* The geometry. Across: the row labels, then the cells as wide as the
     * panel allows (at most 8 columns, at least 3); a narrow panel shows
     * every other column (or every third), the edge's among them. */
    int label = 4;
    char buf[64];
    for (int j = 0; j < ny; j++) {
        axis_text(buf, sizeof buf, ay, j);
        label = (int)strlen(buf) + 3 > label ? (int)strlen(buf) + 3 : label;
    }
    int stride = 1;
    while (stride < 4 && (p.width - label) / ((nx - 1) / stride + 1) < 3)
        stride++;
    const int nd = (nx - 1) / stride + 1;
    live->ph.stride = stride;
    grid_geom g = {nd, ny, p.x + label, (p.width - label) / nd, 1, false, 0};
    g.cw = g.cw > 8 ? 8 : g.cw;
    if (g.cw < 3) {
        rs_put_cut(w, t, RS_ROLE_DIM, p.y, p.x, p.width, "too narrow for the grid: a wider terminal shows it");
        return;
    }
    /* Down, by what matters most: the column labels and a line per row; then
     * the inspected cell, the colour scale, the axis, lines between the rows
     * for the contour, what the numbers mean, the keys, the inspected cell's
     * second line, and taller cells. */
    int room = p.last - p.y + 1 - 1 - ny;
    if (room < 0) {
        rs_put_cut(w, t, RS_ROLE_DIM, p.y, p.x, p.width, "too short for the grid: a taller terminal shows it");
        return;
    }
    bool show[6] = {false};     /* describe, ramp, axis, numbers, keys, describe's 2nd line */
    enum { DESCRIBE, RAMP, AXIS, NUMBERS, KEYS, DESCRIBE2 };
    for (int k = DESCRIBE; k <= AXIS && room > 0; k++, room--)
        show[k] = true;
    if (room >= ny - 1) {
        g.between = true;
        room -= ny - 1;
    }
    for (int k = NUMBERS; k <= DESCRIBE2 && room > 0; k++, room--)
        show[k] = true;
    g.ch = 1 + room / ny;
    g.ch = g.ch > 3 ? 3 : g.ch;

    /* Where the live run and the inspector are, on the columns shown. */
    const int here_d = here_i < 0 ? -1 : (here_i + stride / 2) / stride;
    int ins_d = ins_i < 0 ? -1 : (ins_i + stride / 2) / stride;
    ins_d = ins_d >= nd ? nd - 1 : ins_d;
    ins_i = ins_d < 0 ? -1 : ins_d * stride;

    /* The column labels, every other one when they do not fit; the
     * inspected column's marked. */
    int widest = 0;
    for (int d = 0; d < nd; d++) {
        axis_text(buf, sizeof buf, ax, d * stride);
        widest = (int)strlen(buf) > widest ? (int)strlen(buf) : widest;
    }
    const int every = widest <= g.cw - 1 ? 1 : widest <= 2 * g.cw - 1 ? 2 : 3;
    for (int d = 0; d < nd; d++) {
        if ((d % every != 0 && d != ins_d) || (d != ins_d && every > 1 && ins_d >= 0 && abs(d - ins_d) < every))
            continue;   /* the inspected label takes its neighbours' room */
        axis_text(buf, sizeof buf, ax, d * stride);
        const int len = (int)strlen(buf), right = g.x0 + (d + 1) * g.cw - 1;
        rs_put(w, t, d == ins_d ? RS_ROLE_CURSOR : RS_ROLE_TEXT, p.y, right - len > p.x ? right - len : p.x, len, buf);
    }
    p.y++;
    g.y0 = p.y;
    live->ph.x0 = g.x0;
    live->ph.cw = g.cw;
    live->ph.y0 = g.y0;
    live->ph.ch = g.ch;
    live->ph.gap = g.between ? 1 : 0;
    live->ph.shown = nd;
    live->ph.rows = ny;

    /* The rows: the label (the inspected row's marked), the cells. */
    for (int j = 0; j < ny; j++) {
        axis_text(buf, sizeof buf, ay, j);
        const int y = row_top(&g, j) + (g.ch - 1) / 2;
        rs_put(w, t, j == ins_j ? RS_ROLE_CURSOR : RS_ROLE_DIM, y, p.x, 2, j == ins_j ? rs_utf8_or(t, "▶", ">") : " ");
        rs_put(w, t, j == ins_j ? RS_ROLE_CURSOR : RS_ROLE_TEXT, y, p.x + 2, label - 3, buf);
        for (int d = 0; d < nd; d++)
            draw_cell(c, &g, rs_sweep_cell_at(sw, d * stride, j), d, j, d == here_d && j == here_j,
                      d == ins_d && j == ins_j);
    }
    /* γ·σ_max = 1 through the columns shown */
    double vb[RS_AXIS_MAX * 4], all[RS_AXIS_MAX * 4];
    unsigned char ex[RS_AXIS_MAX * 4], ey[RS_AXIS_MAX * 4];
    if ((size_t)nx * ny <= sizeof vb / sizeof vb[0]) {
        rs_phase_bounds(sw, all);
        for (int j = 0; j < ny; j++)
            for (int d = 0; d < nd; d++)
                vb[j * nd + d] = all[j * nx + d * stride];
        rs_contour_edges(vb, nd, ny, 1.0, ex, ey);
        draw_contour(c, &g, ex, ey);
    }
    p.y = row_top(&g, ny - 1) + g.ch;

    /* The x axis's name, where its edge is and where this run is. */
    if (show[AXIS]) {
        char edge[48], mine[48], axis[400];
        rs_fmt_num(edge, sizeof edge, rs_phase_edge(rs_sweep_base(sw)), t->utf8);
        rs_fmt_num(mine, sizeof mine, rs_config_get_real(now, rs_key_find(ax->key)), t->utf8);
        snprintf(axis, sizeof axis, "%s %s (log) %s · ρ ≈ 1 at %s (circle law) · this run: %s%s%s",
                 rs_utf8_or(t, "←", "<-"), ax->key, rs_utf8_or(t, "→", "->"), edge, mine,
                 here_i < 0 ? ", off the grid" : rs_utf8_or(t, " ≈ ◆", " = *"),
                 stride > 1 ? " · a wider terminal shows every column" : "");
        rs_put_cut(w, t, RS_ROLE_DIM, p.y++, g.x0 > p.x + 2 ? p.x + 2 : g.x0, p.width - 2, axis);
    }
    if (show[DESCRIBE] && ins_i >= 0 && ins_j >= 0)
        describe_cell(c, &p, sw, ins_i, ins_j, ins_d == here_d && ins_j == here_j, show[DESCRIBE2] ? 2 : 1);
    else if (show[DESCRIBE])
        rs_put_cut(w, t, RS_ROLE_DIM, p.y++, p.x, p.width, "this run is off the grid: the arrows inspect a cell");
    if (show[KEYS])
        rs_put_cut(w, t, RS_ROLE_DIM, p.y++, p.x, p.width,
                   rs_in_lesson(c) ? "h j k l: another cell · Enter: make it the live run (from step 0)"
                                   : "arrows, click: another cell · Enter: make it the live run (from step 0) · e: CSV + SVG");
    /* the legend at the bottom */
    const rs_sweep_cell *any = NULL;
    for (int q = 0; q < nx * ny && !any; q++)
        any = rs_sweep_cell_at(sw, q % nx, q / nx);
    /* what the numbers mean, on two lines when they need them and a line is spare */
    const int T = any ? any->T : (int)now->task.length, ramp_lines = show[RAMP] ? 1 : 0;
    char text[300];
    numbers_text(t, T, text, sizeof text);
    int numbers = show[NUMBERS] ? rs_wrapped_lines(t, text, p.width) : 0;
    numbers = numbers > 2 ? 2 : numbers;
    numbers = numbers > p.last - p.y + 1 - ramp_lines ? (show[NUMBERS] ? 1 : 0) : numbers;
    p.y = p.last - numbers - ramp_lines + 1 > p.y ? p.last - numbers - ramp_lines + 1 : p.y;
    legend(c, &p, T, numbers, show[RAMP], strcmp(ay->key, "model.cell") == 0);
}
