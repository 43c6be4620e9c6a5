/* What a lesson's step points at, as the panels mark it: a panel's border,
 * a setting's row, a timestep (panel_heat.c). */
#include <string.h>

#include "keys.h"
#include "panels.h"

bool rs_points_at(const rs_draw_ctx *c, const char *panel)
{
    const rs_lesson_view *v = c->point;
    return v && v->point == RS_POINT_PANEL && strcmp(v->point_what, panel) == 0;
}

const char *rs_pointed_key(const rs_draw_ctx *c)
{
    const rs_lesson_view *v = c->point;
    if (!v || v->point != RS_POINT_KEY)
        return NULL;
    const char *k = v->point_what;
    if (strcmp(k, "init.std") == 0 || strcmp(k, "init.range") == 0 || strcmp(k, "init.gain") == 0)
        return "init.recurrent";
    return k;
}

bool rs_setting_has_row(const char *key)
{
    for (size_t i = 0; i < rs_tui_nkeys; i++)
        if (rs_tui_keys[i].setting && rs_tui_keys[i].cfg_key && strcmp(rs_tui_keys[i].cfg_key, key) == 0)
            return true;
    return false;
}

rs_role rs_point_border(const rs_draw_ctx *c, const char *panel)
{
    const char *key = rs_pointed_key(c);
    if (rs_points_at(c, panel) || (strcmp(panel, "config") == 0 && key && !rs_setting_has_row(key)))
        return RS_ROLE_POINT;
    return RS_ROLE_BORDER;
}
