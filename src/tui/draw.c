/* The screen's composition: which panels, in which rectangles, from the
 * app's state. Every panel (panel_*.c, panels.h) takes the drawing context
 * and the data it shows; this file turns rs_app into those. It writes into
 * stdscr; tui.c refreshes once per frame. */
#include <math.h>

#include "app.h"
#include "keys.h"
#include "panels.h"

/* The sessions as the panels take them. */
static rs_sides sides_of(const rs_app *a)
{
    return (rs_sides){{a->side[0].s, a->side[1].s}, a->nsides, a->focus, a->have_base ? &a->base : NULL};
}

void rs_side_describe(const rs_app *a, int k, char *buf, size_t n)
{
    const rs_sides sd = sides_of(a);
    rs_describe_side(&sd, k, buf, n);
}

/* Build the grids of the sides (compare mode: one colour scale for both);
 * the inspector's cell stays inside the focused side's grid. */
static void build_grids(rs_app *a)
{
    const int per = rs_heat_rows_per_line(&a->term);
    rs_heat_grid *grid[2];
    const rs_session *ses[2];
    int slots[2], width[2];
    for (int k = 0; k < a->nsides; k++) {
        grid[k] = &a->side[k].grid;
        ses[k] = a->side[k].s;
        slots[k] = a->side[k].hl.grid.h * per;
        width[k] = a->side[k].hl.grid.w;
    }
    const rs_heat_opts o = {a->relative, a->range};
    rs_heat_build_sides(grid, ses, slots, width, a->nsides, a->view, &o);
    const rs_heat_grid *g = &a->side[a->focus].grid;
    if (a->cursor) {
        if (g->nrows == 0)
            a->cursor = false;
        else {
            if (a->cur_row >= g->nrows) a->cur_row = g->nrows - 1;
            if (a->cur_bin >= g->tb.nbins) a->cur_bin = g->tb.nbins - 1;
        }
    }
}

void rs_draw(rs_app *a)
{
    WINDOW *w = stdscr;
    const rs_layout *l = &a->layout;
    wattr_set(w, A_NORMAL, 0, NULL);
    werase(w);
    const rs_draw_ctx c = {w, &a->term, l->compact, a->lesson ? rs_lesson_player_view(a->lesson) : NULL, l->panels};
    if (l->too_small) {
        rs_draw_too_small(&c, COLS, LINES, l->min_cols, l->min_rows);
        return;
    }
    build_grids(a);
    const rs_sides sd = sides_of(a);
    const rs_heat_view v = {a->view, {a->relative, a->range}, a->words, a->cursor, a->cur_bin, a->cur_row,
                            a->item_tp, a->item_s, a->phase_i, a->phase_j};
    rs_draw_title(&c, l->title, &sd, l->one_side, a->scenario);
    /* The phase view's sweeps: made for the sides on screen, and any made for
     * settings no longer on screen let go, whatever the view. */
    for (int k = 0; k < a->nsides; k++)
        rs_live_phase_update(&a->side[k].live, a->side[k].s, a->phase_steps,
                             a->view == RS_VIEW_PHASE && rs_side_shown(&a->side[k]));
    for (int k = 0; k < a->nsides; k++) {
        const rs_side *s = &a->side[k];
        if (!rs_side_shown(s))
            continue;
        if (!rs_view_is_heat(a->view)) {
            /* spectrum, itemized: their numbers as the throttle allows; phase:
             * its sweep; each in the heat map's box */
            rs_side *live = &a->side[k];
            rs_live_update(&live->live, s->s, a->view, RS_LIVE_SEQUENCE, a->running);
            if (a->view == RS_VIEW_SPECTRUM)
                rs_draw_spectrum(&c, s->r.heat, &sd, k, &live->live);
            else if (a->view == RS_VIEW_ITEMIZED)
                rs_draw_itemized(&c, s->r.heat, &sd, k, &v, &live->live);
            else
                rs_draw_phase(&c, s->r.heat, &sd, k, &v, &live->live);
        } else if (rs_draw_heat(&c, &s->r, &s->hl, &s->grid, &sd, k, &v))
            rs_draw_legend(&c, &s->hl, &s->grid, a->view, rs_cell_of(s->s), l->split);
        if (!rs_rect_empty(s->r.decay))
            rs_draw_decay(&c, s->r.decay, &sd, k, &v);
        rs_draw_info(&c, s->r.info, &s->grid, &sd, k, &v);
        if (!rs_rect_empty(s->r.settings))
            rs_draw_settings_summary(&c, s->r.settings, s->s, &v);
    }
    if (!rs_rect_empty(l->divider))
        rs_draw_divider(&c, l->divider);
    if (!rs_rect_empty(l->decay))
        rs_draw_decay(&c, l->decay, &sd, -1, &v);
    if (l->panels) {
        rs_draw_settings(&c, l->config, &sd, &v);
        rs_draw_loss(&c, l->loss, &sd, rs_rect_empty(l->theory));
        if (!rs_rect_empty(l->theory))
            rs_draw_theory(&c, l->theory, &sd);
    }
    if (a->lesson) {
        const bool autoplay = a->autoplay > 0.0 && a->next_page_at > 0.0;
        rs_draw_caption(&c, l->caption, rs_lesson_player_lesson(a->lesson), rs_lesson_caption_step(a),
                        a->lesson_pending >= 0, a->side[0].s, autoplay ? fmax(a->next_page_at - rs_now(), 0.0) : -1.0);
    }
    const rs_run_rates run = {a->running, a->steps_per_s, a->fps, rs_speed_ladder[a->speed]};
    rs_draw_status(&c, l->status, &sd, &run);
    rs_draw_message(&c, l->message, a->msg, a->msg_error, &sd, l->one_side);
    if (a->help)
        a->help_pages = rs_draw_help(&c, COLS, LINES, &a->help_page);
    wattr_set(w, A_NORMAL, 0, NULL);
}
