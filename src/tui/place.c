/* Where things are on screen: the layout for the terminal's size turned
 * into where each side goes, and what is under a screen cell (the mouse). */
#include <string.h>

#include "app.h"
#include "widgets.h"

bool rs_side_shown(const rs_side *sd) { return sd->s && !rs_rect_empty(sd->r.heat); }

int rs_lesson_caption_step(const rs_app *a)
{
    return a->lesson_pending >= 0 ? a->lesson_pending : rs_lesson_player_view(a->lesson)->step;
}

int rs_lesson_caption_lines(const rs_app *a, int width)
{
    const rs_lesson *l = rs_lesson_player_lesson(a->lesson);
    const int i = rs_lesson_caption_step(a);
    if (i < 0 || i >= l->nsteps)
        return RS_TUI_CAPTION_MIN;
    return rs_wrapped_lines(&a->term, l->step[i].caption, width);
}

void rs_app_relayout(rs_app *a)
{
    const rs_layout_opts o = {a->nsides == 2, a->lesson ? rs_lesson_caption_lines(a, COLS - 4) : 0};
    a->layout = rs_layout_compute_opts(COLS, LINES, &o);
    /* Where each side goes: split, each its own; else the focused one alone. */
    for (int k = 0; k < 2; k++) {
        rs_side *sd = &a->side[k];
        memset(&sd->r, 0, sizeof sd->r);
        if (k >= a->nsides || a->layout.too_small)
            ;
        else if (a->layout.split)
            sd->r = a->layout.side[k];
        else if (k == a->focus)
            sd->r = a->layout.side[0];
        sd->hl = rs_heat_layout_compute(sd->r.heat, !a->layout.compact, a->words);
    }
}

bool rs_app_cell_at(const rs_app *a, int y, int x, int *side, int *bin, int *row_from_bottom)
{
    if (a->layout.too_small)
        return false;
    const int per = rs_heat_rows_per_line(&a->term);
    for (int s = 0; s < a->nsides; s++) {
        const rs_side *sd = &a->side[s];
        const rs_rect g = sd->hl.grid;
        if (!rs_side_shown(sd) || !rs_rect_contains(g, y, x))
            continue;
        const int b = rs_tbins_bin_at(&sd->grid.tb, x - g.x);
        int r = rs_heat_cell_row(&sd->grid, g.h, per, y - g.y, 0);
        if (r < 0)
            r = rs_heat_cell_row(&sd->grid, g.h, per, y - g.y, 1);
        if (b < 0 || r < 0)
            return false;
        *side = s;
        *bin = b;
        *row_from_bottom = sd->grid.nrows - 1 - r;
        return true;
    }
    return false;
}
