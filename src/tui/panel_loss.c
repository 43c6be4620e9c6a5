/* The loss panel: the loss curve over the training steps with the chance
 * line, the accuracy as a sparkline (compare mode: both sides' curves in one
 * plot); and the loss in a few lines for the compact layout. */
#include <math.h>
#include <stdio.h>

#include "panels.h"

/* Column means of the loss and accuracy history, binned onto ncol columns. */
static int loss_columns(const rs_session *s, int width, double *loss_col, double *acc_col, int max)
{
    const size_t n = rs_session_history_count(s);
    if (n == 0 || width <= 0)
        return 0;
    const size_t per = (n + (size_t)width - 1) / (size_t)width;
    int ncol = (int)((n + per - 1) / per);
    if (ncol > max)
        ncol = max;
    for (int cidx = 0; cidx < ncol; cidx++) {
        double sl = 0.0, sa = 0.0;
        int cnt = 0;
        for (size_t i = (size_t)cidx * per; i < n && i < (size_t)(cidx + 1) * per; i++) {
            const rs_step_stats *st = rs_session_history_stats(s, i);
            if (isfinite(st->loss)) {
                sl += st->loss;
                sa += st->acc;
                cnt++;
            }
        }
        loss_col[cidx] = cnt ? sl / cnt : NAN;
        acc_col[cidx] = cnt ? sa / cnt : NAN;
    }
    return ncol;
}

/* Level 0 … levels−1 of v on [lo, hi]. */
static int level_of(double v, double lo, double hi, int levels)
{
    int lv = (int)floor((v - lo) / (hi - lo) * levels);
    return lv < 0 ? 0 : lv >= levels ? levels - 1 : lv;
}

/* Compare mode: the mean loss of each column of steps [s0 + c·per, s0 + (c+1)·per). */
static void loss_by_steps(const rs_session *s, long s0, long per, int ncol, double *col)
{
    int cnt[512] = {0};
    for (int c = 0; c < ncol; c++)
        col[c] = 0.0;
    const size_t n = rs_session_history_count(s);
    for (size_t i = 0; i < n; i++) {
        const rs_step_stats *st = rs_session_history_stats(s, i);
        const long c = (st->step - s0) / per;
        if (c >= 0 && c < ncol && isfinite(st->loss)) {
            col[c] += st->loss;
            cnt[c]++;
        }
    }
    for (int c = 0; c < ncol; c++)
        col[c] = cnt[c] ? col[c] / cnt[c] : NAN;
}

/* Compare mode: both loss curves in one plot over the steps, each in its
 * colour (and, without colours, its mark), with a line per side naming them. */
static void draw_loss_compare(const rs_draw_ctx *ctx, rs_rect r, const rs_sides *sd, rs_role border)
{
    WINDOW *w = ctx->w;
    const rs_term *t = ctx->t;
    rs_panel p = rs_panel_open(w, t, ctx->compact, r, "Loss of both sides",
                               border == RS_ROLE_POINT ? RS_ROLE_POINT : RS_ROLE_PANEL_TITLE, border);
    static const rs_role roles[2] = {RS_ROLE_LOSS, RS_ROLE_LOSS_B};
    const bool colours = t->scheme != RS_SCHEME_MONO;
    /* The marks: half blocks in two colours, or two characters. */
    const char *mark[2][2] = {{"▄", "▀"}, {"▄", "▀"}};
    if (!colours || !t->utf8) {
        mark[0][0] = mark[0][1] = "*";
        mark[1][0] = mark[1][1] = "o";
    }
    const double chance = rs_session_chance_loss(sd->s[0]);
    for (int k = 0; k < 2 && rs_panel_room(&p) > 0; k++) {
        const rs_session *s = sd->s[k];
        const rs_step_stats *last = rs_session_last(s);
        char ls[48];
        rs_fmt_num(ls, sizeof ls, last ? last->loss : NAN, t->utf8);
        int x = p.x + rs_put(w, t, roles[k], p.y, p.x, p.width, colours && t->utf8 ? "▀▀ " : k ? "o  " : "*  ");
        rs_putf(w, t, roles[k], p.y, x, p.x + p.width - x, "%s: loss %s, acc %.2f", rs_pair_side_names[k], last ? ls : "-",
                last ? last->acc : 0.0);
        p.y++;
    }
    const int plot_top = p.y, plot_rows = rs_panel_room(&p);
    const int lab = 6, pw = p.width - lab;
    if (plot_rows < 1 || pw < 4)
        return;
    /* The steps both sides' histories cover, onto pw columns. */
    long s0 = -1, s1 = -1;
    for (int k = 0; k < 2; k++) {
        const rs_session *s = sd->s[k];
        const size_t n = rs_session_history_count(s);
        if (n == 0)
            continue;
        const long first = rs_session_history_stats(s, 0)->step, last = rs_session_history_stats(s, n - 1)->step;
        s0 = s0 < 0 || first < s0 ? first : s0;
        s1 = last > s1 ? last : s1;
    }
    if (s0 < 0) {
        rs_put(w, t, RS_ROLE_DIM, plot_top + plot_rows / 2, p.x + lab, pw, "(no steps yet)");
        return;
    }
    const long per = (s1 - s0 + 1 + pw - 1) / pw;
    int ncol = (int)((s1 - s0 + 1 + per - 1) / per);
    if (ncol > 512)
        ncol = 512;
    double col[2][512];
    double ymax = chance, ymin = chance;
    for (int k = 0; k < 2; k++) {
        loss_by_steps(sd->s[k], s0, per, ncol, col[k]);
        for (int c = 0; c < ncol; c++)
            if (isfinite(col[k][c])) {
                ymax = fmax(ymax, col[k][c]);
                ymin = fmin(ymin, col[k][c]);
            }
    }
    const double pad = 0.05 * (ymax - ymin) + 1e-12;
    ymax += pad;
    ymin = ymin - pad < 0.0 ? 0.0 : ymin - pad;
    char yl[32];
    rs_fmt_num(yl, sizeof yl, ymax, t->utf8);
    rs_put(w, t, RS_ROLE_DIM, plot_top, p.x, lab - 1, yl);
    if (plot_rows > 1) {
        rs_fmt_num(yl, sizeof yl, ymin, t->utf8);
        rs_put(w, t, RS_ROLE_DIM, plot_top + plot_rows - 1, p.x, lab - 1, yl);
    }
    const int levels = plot_rows * 2;
    const int chance_level = (int)floor((chance - ymin) / (ymax - ymin) * levels);
    const int chance_y = plot_top + plot_rows - 1 - chance_level / 2;
    if (chance_y >= plot_top && chance_y < plot_top + plot_rows) {
        for (int c = 0; c < pw; c++)
            rs_put(w, t, RS_ROLE_CHANCE, chance_y, p.x + lab + c, 1, "┄");
        /* Its value in the label column, unless the range's labels are there. */
        if (chance_y != plot_top && chance_y != plot_top + plot_rows - 1) {
            char cs[48];
            rs_fmt_num(cs, sizeof cs, chance, t->utf8);
            rs_put(w, t, RS_ROLE_CHANCE, chance_y, p.x, lab - 1, cs);
        }
    }
    /* The right side over the left: where they meet, the later one shows. */
    for (int k = 0; k < 2; k++)
        for (int c = 0; c < ncol && c < pw; c++) {
            if (!isfinite(col[k][c]))
                continue;
            const int lv = level_of(col[k][c], ymin, ymax, levels);
            const int yy = plot_top + plot_rows - 1 - lv / 2;
            rs_put(w, t, roles[k], yy, p.x + lab + c, 1, mark[k][lv % 2]);
        }
}

/* Eight levels of a sparkline: blocks, or ASCII characters. */
static const char *spark(const rs_term *t, int lv, char one[2])
{
    static const char *const blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    static const char ramp[] = " .:-=+*#";
    one[0] = ramp[lv];
    one[1] = '\0';
    return rs_utf8_or(t, blocks[lv], one);
}

void rs_loss_lines(const rs_draw_ctx *c, const rs_session *s, rs_panel *p)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const rs_step_stats *last = rs_session_last(s);
    char ls[48], cs[48];
    rs_fmt_num(ls, sizeof ls, last ? last->loss : NAN, t->utf8);
    rs_fmt_num(cs, sizeof cs, rs_session_chance_loss(s), t->utf8);
    rs_panel_line(w, t, p, RS_ROLE_LOSS, "loss %s · acc %.2f · chance %s", last ? ls : "-", last ? last->acc : 0.0, cs);
    if (p->y > p->last)
        return;
    double col[512], acc[512];
    const int ncol = loss_columns(s, p->width - 8, col, acc, 512);
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < ncol; i++)
        if (isfinite(col[i])) {
            lo = fmin(lo, col[i]);
            hi = fmax(hi, col[i]);
        }
    if (ncol == 0 || !(hi >= lo))
        return;
    rs_put(w, t, RS_ROLE_DIM, p->y, p->x, 8, "curve   ");
    for (int i = 0; i < ncol; i++) {
        if (!isfinite(col[i]))
            continue;
        const int lv = hi > lo ? level_of(col[i], lo, hi, 8) : 0;
        char one[2];
        rs_put(w, t, RS_ROLE_LOSS, p->y, p->x + 8 + i, 1, spark(t, lv, one));
    }
    p->y++;
}

void rs_draw_loss(const rs_draw_ctx *c, rs_rect r, const rs_sides *sd, bool theory_folded)
{
    /* The theory folded into this box: a lesson pointing at it points here. */
    rs_role border = rs_point_border(c, "loss");
    if (theory_folded && rs_points_at(c, "theory"))
        border = RS_ROLE_POINT;
    if (rs_comparing(sd)) {
        draw_loss_compare(c, r, sd, border);
        return;
    }
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    /* On a short screen the theory's two most telling lines close this box. */
    rs_panel p = rs_panel_open(w, t, c->compact, r, theory_folded ? "Loss and theory" : "Loss and accuracy",
                               border == RS_ROLE_POINT ? RS_ROLE_POINT : RS_ROLE_PANEL_TITLE, border);
    if (rs_panel_room(&p) <= 0)
        return;
    const int theory_lines = theory_folded ? 2 : 0;
    const rs_session *s = sd->s[0];
    const rs_step_stats *last = rs_session_last(s);
    const double chance = rs_session_chance_loss(s);
    char ls[48], cs[48];
    rs_fmt_num(ls, sizeof ls, last ? last->loss : NAN, t->utf8);
    rs_fmt_num(cs, sizeof cs, chance, t->utf8);
    const int x = p.x, width = p.width, top = p.y;
    /* loss, accuracy and the chance line's value, each whole or not at all */
    char piece[3][64];
    static const rs_role roles[3] = {RS_ROLE_LOSS, RS_ROLE_ACC, RS_ROLE_CHANCE};
    snprintf(piece[0], sizeof piece[0], "loss %s", last ? ls : "-");
    snprintf(piece[1], sizeof piece[1], "  acc %.2f", last ? last->acc : 0.0);
    snprintf(piece[2], sizeof piece[2], "  ┄%s chance", cs);
    if (rs_text_width(piece[0]) + rs_text_width(piece[1]) + rs_text_width(piece[2]) > width)
        snprintf(piece[2], sizeof piece[2], "  ┄%s", cs);
    int xx = x;
    for (int i = 0; i < 3; i++)
        if (rs_text_width(piece[i]) <= x + width - xx)
            xx += rs_put(w, t, roles[i], top, xx, x + width - xx, piece[i]);
    p.y++;
    if (theory_folded) {
        rs_panel th = {p.x, p.width, p.last - theory_lines + 1, p.last};
        rs_theory_lines(c, s, &th);
        p.last -= theory_lines;
    }

    /* The accuracy sparkline only when the loss keeps 3 rows. */
    const bool acc_row = rs_panel_room(&p) >= 4;
    const int plot_top = p.y, plot_rows = rs_panel_room(&p) - (acc_row ? 1 : 0);
    const int lab = 6, pw = width - lab;
    if (plot_rows < 1 || pw < 4)
        return;
    double loss_col[512], acc_col[512];
    const int ncol = loss_columns(s, pw, loss_col, acc_col, 512);
    if (ncol == 0) {
        rs_put(w, t, RS_ROLE_DIM, plot_top + plot_rows / 2, x + lab, pw, "(no steps yet)");
        return;
    }
    double ymax = chance, ymin = chance;
    for (int cidx = 0; cidx < ncol; cidx++)
        if (isfinite(loss_col[cidx])) {
            ymax = fmax(ymax, loss_col[cidx]);
            ymin = fmin(ymin, loss_col[cidx]);
        }
    const double pad = 0.05 * (ymax - ymin) + 1e-12;
    ymax += pad;
    ymin = ymin - pad < 0.0 ? 0.0 : ymin - pad;
    char yl[32];
    rs_fmt_num(yl, sizeof yl, ymax, t->utf8);
    rs_put(w, t, RS_ROLE_DIM, plot_top, x, lab - 1, yl);
    if (plot_rows > 1) {
        rs_fmt_num(yl, sizeof yl, ymin, t->utf8);
        rs_put(w, t, RS_ROLE_DIM, plot_top + plot_rows - 1, x, lab - 1, yl);
    }
    const int levels = plot_rows * 2;
    const int chance_level = (int)floor((chance - ymin) / (ymax - ymin) * levels);
    const int chance_y = plot_top + plot_rows - 1 - chance_level / 2;
    for (int cidx = 0; cidx < pw; cidx++)
        if (chance_y >= plot_top && chance_y < plot_top + plot_rows)
            rs_put(w, t, RS_ROLE_CHANCE, chance_y, x + lab + cidx, 1, "┄");
    for (int cidx = 0; cidx < ncol && cidx < pw; cidx++) {
        if (!isfinite(loss_col[cidx]))
            continue;
        const int lv = level_of(loss_col[cidx], ymin, ymax, levels);
        const int yy = plot_top + plot_rows - 1 - lv / 2;
        rs_put(w, t, RS_ROLE_LOSS, yy, x + lab + cidx, 1, rs_utf8_or(t, lv % 2 ? "▀" : "▄", "*"));
    }
    if (!acc_row)
        return;
    /* Accuracy as a one-line sparkline, 0 … 1. */
    const int acc_y = plot_top + plot_rows;
    rs_put(w, t, RS_ROLE_ACC, acc_y, x, lab, "acc   ");
    for (int cidx = 0; cidx < ncol && cidx < pw; cidx++) {
        if (!isfinite(acc_col[cidx]))
            continue;
        const int lv = level_of(acc_col[cidx], 0.0, 1.0, 8);
        char one[2];
        rs_put(w, t, RS_ROLE_ACC, acc_y, x + lab + cidx, 1, spark(t, lv, one));
    }
}
