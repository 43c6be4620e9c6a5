/* A lesson's caption panel: the step's title and text, a note on what it
 * points at when the screen does not show it, and how to turn the pages. */
#include <stdio.h>

#include "panels.h"

/* What the step points at when the screen does not show it: a line to add. */
static void point_note(const rs_draw_ctx *c, const rs_session *s, char *buf, size_t n)
{
    const rs_lesson_view *v = c->point;
    buf[0] = '\0';
    if (v->point == RS_POINT_KEY && !rs_setting_has_row(rs_pointed_key(c))) {
        const rs_key *k = rs_key_find(v->point_what);
        char val[96] = "?";
        if (k)
            rs_config_format(rs_session_config(s), k, val, sizeof val);
        snprintf(buf, n, "→ %s = %s", v->point_what, val);
    }
}

void rs_draw_caption(const rs_draw_ctx *c, rs_rect r, const rs_lesson *l, int step, bool pending, const rs_session *s,
                     double autoplay_in)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const int i = step;
    if (rs_rect_empty(r) || i < 0 || i >= l->nsteps)
        return;
    char title[256];
    snprintf(title, sizeof title, "Lesson %d/%d · %s", i + 1, l->nsteps, l->step[i].title);
    rs_panel p = rs_panel_open(w, t, c->compact, r, title, RS_ROLE_FOCUS, RS_ROLE_FOCUS);
    char note[256] = "";
    if (!pending)
        point_note(c, s, note, sizeof note);
    /* The note takes the last line when there is one to spare. */
    const int text_room = rs_panel_room(&p) -
                          (note[0] && rs_wrapped_lines(t, l->step[i].caption, p.width) < rs_panel_room(&p) ? 1 : 0);
    rs_panel_wrap(w, t, &p, RS_ROLE_TEXT, l->step[i].caption, text_room);
    if (note[0])
        rs_panel_wrap(w, t, &p, RS_ROLE_POINT, note, 1);
    /* How to turn the pages, in the box's bottom border (full layout). */
    if (!c->compact) {
        char hint[128];
        const bool autoplay = autoplay_in >= 0.0;
        if (i + 1 == l->nsteps)
            snprintf(hint, sizeof hint, " ← back · last step: q quits ");
        else if (i == 0 && !autoplay)
            snprintf(hint, sizeof hint, " → or PgDn: next ");
        else if (autoplay)
            snprintf(hint, sizeof hint, " ← back · → next (autoplay: in %.0f s) ", autoplay_in);
        else
            snprintf(hint, sizeof hint, " ← back · → next ");
        const int hw = rs_screen_width(t, hint);
        if (hw + 4 < r.w)
            rs_put(w, t, RS_ROLE_FOCUS, r.y + r.h - 1, r.x + r.w - 2 - hw, hw, hint);
    }
}
