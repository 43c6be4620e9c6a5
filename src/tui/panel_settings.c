/* The settings panel (full layout: one row per setting a key changes, the
 * keys, the value — in compare mode both sides' values) and the compact
 * layout's summary of them in one or two lines. */
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "panels.h"

/* The forms of a value, longest first: FULL, MIDDLE where there is one
 * ("gauss σ 0.1" for a narrow panel), BRIEF (two values side by side). */
enum { FULL, MIDDLE, BRIEF };

/* The value of a setting as the panel shows it, in a form. */
static void setting_value(const rs_term *t, const rs_session *s, const rs_heat_view *v, const rs_tui_key *k, char *buf,
                          size_t n, int form)
{
    const bool brief = form == BRIEF;
    const rs_config *c = rs_session_config(s);
    const char *key = k->cfg_key ? k->cfg_key : "";
    /* What the view shows lives in the app, not in the config. */
    if (k->action == RS_ACT_VIEW) {
        snprintf(buf, n, "%s", rs_view_names[v->view]);
    } else if (k->action == RS_ACT_SCALE) {
        /* With the colour range in decades ([ ] f, named in the legend):
         * "relative ±32", "absolute, fit". */
        if (v->scale.range > 0)
            snprintf(buf, n, "%s ±%d", v->scale.relative ? "relative" : "absolute", v->scale.range);
        else
            snprintf(buf, n, "%s, fit", v->scale.relative ? "relative" : "absolute");
    } else if (k->action == RS_ACT_WORDS) {
        snprintf(buf, n, "%s", v->words ? "on" : "off");
    } else if (k->action == RS_ACT_ACTIVATION && !rs_key_applies(rs_key_find("model.activation"), c)) {
        snprintf(buf, n, brief ? "n/a" : "n/a: %s, tanh", rs_utf8_or(t, "σ", "sigmoid"));
    } else if (k->action == RS_ACT_INIT) {
        const char *r = c->init.recurrent;
        const rs_init kind = rs_session_settings(s)->init.recurrent;
        /* W_hh's scale: init.std, init.range or init.gain, by its kind. */
        const double scale = rs_config_get_real(c, rs_config_recurrent_scale_key(c));
        /* Two values side by side get the short names. */
        const char *name = !brief ? r : kind == RS_INIT_ORTHOGONAL ? "orth" : kind == RS_INIT_IDENTITY ? "ident" : r;
        char sc[48];
        rs_fmt_num(sc, sizeof sc, scale, t->utf8);
        if (kind == RS_INIT_GAUSSIAN && brief)
            snprintf(buf, n, "gauss %s", sc);
        else if (kind == RS_INIT_GAUSSIAN && form == MIDDLE)
            snprintf(buf, n, "gauss %s %s", rs_utf8_or(t, "σ", "std"), sc);
        else if (kind == RS_INIT_GAUSSIAN)
            snprintf(buf, n, "gaussian %s %s", rs_utf8_or(t, "σ", "std"), sc);
        else if (kind == RS_INIT_UNIFORM)
            snprintf(buf, n, brief ? "unif ±%s" : "uniform ±%s", sc);
        else
            snprintf(buf, n, "%s ×%s", name, sc);
    } else if (k->action == RS_ACT_TBPTT) {
        if (c->train.tbptt == 0)
            snprintf(buf, n, "full");
        else
            snprintf(buf, n, "%ld steps", c->train.tbptt);
    } else if (k->action == RS_ACT_OPTIMIZER && rs_session_settings(s)->optimizer.kind == RS_OPT_MOMENTUM) {
        char mu[48];
        rs_fmt_num(mu, sizeof mu, c->train.momentum, t->utf8);
        snprintf(buf, n, brief ? "mom. %s" : "momentum %s", mu);
    } else {
        const rs_key *ck = rs_key_find(key);
        if (ck && ck->type == RS_KEY_REAL)
            rs_fmt_num(buf, n, rs_config_get_real(c, ck), t->utf8);     /* 1·10⁻⁵, not 1e-05 */
        else if (ck)
            rs_config_format(c, ck, buf, n);
        else
            snprintf(buf, n, "?");
    }
}

/* A lesson pointing at a setting: its row is highlighted. */
static bool row_pointed(const rs_draw_ctx *c, const rs_tui_key *k)
{
    const char *key = rs_pointed_key(c);
    return key && k->cfg_key && strcmp(k->cfg_key, key) == 0;
}

/* Whether a setting row is the same for both sides by construction. */
static bool row_shared(const rs_tui_key *k)
{
    return k->action == RS_ACT_VIEW || k->action == RS_ACT_SCALE || k->action == RS_ACT_WORDS ||
           (k->cfg_key && rs_key_shared(k->cfg_key));
}

/* ---- compact layout: the settings in one or two lines ------------------------------ */

/* The settings the compact summary shows, most important first. */
static const rs_action summary_order[] = {
    RS_ACT_CELL, RS_ACT_ACTIVATION, RS_ACT_INIT, RS_ACT_CLIP, RS_ACT_LR_DOWN, RS_ACT_LEN_DOWN,
    RS_ACT_HIDDEN_DOWN, RS_ACT_OPTIMIZER, RS_ACT_TBPTT, RS_ACT_CLIP_DOWN, RS_ACT_SEED,
};

void rs_draw_settings_summary(const rs_draw_ctx *c, rs_rect r, const rs_session *s, const rs_heat_view *v)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    rs_setting_row rows[RS_TUI_SETTING_ROWS + 4];
    const size_t nrows = rs_setting_rows(rows, sizeof rows / sizeof rows[0]);
    int used[8] = {0}, line = 0;    /* columns taken on each line; the line being filled */
    const int nlines = r.h < 8 ? r.h : 8, width = r.w - 1;
    for (size_t i = 0; i < sizeof summary_order / sizeof summary_order[0]; i++) {
        const rs_setting_row *row = NULL;
        for (size_t j = 0; j < nrows; j++)
            if (rows[j].key->action == summary_order[i])
                row = &rows[j];
        if (!row || !row->key->brief)
            continue;
        /* The gated cells have no activation to choose. */
        if (row->key->action == RS_ACT_ACTIVATION && rs_cell_is_gated(rs_cell_of(s)))
            continue;
        char val[128];
        setting_value(t, s, v, row->key, val, sizeof val, FULL);
        const int bw = *row->key->brief ? rs_text_width(row->key->brief) + 1 : 0;
        const int iw = rs_text_width(row->labels) + 1 + bw + rs_screen_width(t, val);
        /* In order of importance, line after line; on the last line a
         * smaller one may still fit after a larger one did not. */
        if (used[line] + (used[line] ? 2 : 0) + iw > width && line + 1 < nlines)
            line++;
        const int gap = used[line] ? 2 : 0;
        if (used[line] + gap + iw > width)
            continue;
        int x = r.x + 1 + used[line] + gap;
        /* A lesson pointing at this setting: the whole item stands out. */
        const bool pointed = row_pointed(c, row->key);
        x += rs_put(w, t, pointed ? RS_ROLE_POINT : RS_ROLE_KEY, r.y + line, x, iw, row->labels) + 1;
        if (bw)
            x += rs_put(w, t, pointed ? RS_ROLE_POINT : RS_ROLE_DIM, r.y + line, x, bw, row->key->brief) + 1;
        rs_put(w, t, pointed ? RS_ROLE_POINT : RS_ROLE_VALUE, r.y + line, x, width, val);
        used[line] += gap + iw;
    }
    /* … or at the settings as a whole. */
    if (rs_point_border(c, "config") == RS_ROLE_POINT)
        rs_put(w, t, RS_ROLE_POINT, r.y, r.x, 1, "▶");
}

/* ---- full layout: the settings panel ---------------------------------------------------- */

void rs_draw_settings(const rs_draw_ctx *c, rs_rect r, const rs_sides *sd, const rs_heat_view *v)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    rs_setting_row rows[RS_TUI_SETTING_ROWS + 4];
    const size_t nrows = rs_setting_rows(rows, sizeof rows / sizeof rows[0]);
    const bool two = rs_comparing(sd);
    /* Compare mode: a line naming the columns when there is one. */
    const bool header = two && r.h - 2 >= (int)nrows + 1;
    /* The ↺ legend goes in the title when there is no line for it; the
     * task line comes with a second spare line. */
    const int spare = r.h - 2 - (int)nrows - (header ? 1 : 0);
    const bool legend = spare >= 1, footer = spare >= 2;
    char title[96];
    if (two && !header)
        snprintf(title, sizeof title, "Settings: left, right · ↺ = re-init");
    else if (two)
        snprintf(title, sizeof title, legend ? "Settings of both sides" : "Settings · ↺ = re-initialises");
    else
        snprintf(title, sizeof title, legend ? "Settings (key, value)" : "Settings · ↺ = re-initialises");
    const rs_role border = rs_point_border(c, "config");
    if (c->compact) {
        /* The ruled layout: the summary under a rule, every line of it. */
        rs_panel p = rs_panel_open(w, t, true, r, "Settings · ↺ re-initialises",
                                   border == RS_ROLE_POINT ? RS_ROLE_POINT : RS_ROLE_PANEL_TITLE, border);
        rs_draw_settings_summary(c, (rs_rect){p.y, r.x, p.last - p.y + 1, r.w}, sd->s[sd->focus], v);
        return;
    }
    rs_panel p = rs_panel_open(w, t, c->compact, r, title, border == RS_ROLE_POINT ? RS_ROLE_POINT : RS_ROLE_PANEL_TITLE,
                               border);
    const rs_config *cfg = rs_session_config(sd->s[sd->focus]);
    /* Key labels (up to "i g G"), the setting's name, the value(s); compare
     * mode: two value columns, each vw wide. */
    enum { LABELS = 6, NAME = 14, VALUE = LABELS + NAME };
    const int vx = p.x + VALUE, vw = (p.x + p.width - vx - 3) / 2;
    if (header) {
        for (int k = 0; k < 2; k++) {
            const bool focus = k == sd->focus;
            rs_putf(w, t, focus ? RS_ROLE_FOCUS : RS_ROLE_DIM, p.y, vx + k * (vw + 1), vw, "%s%s", rs_pair_side_names[k],
                    focus ? " ◀" : "");
        }
        rs_put_cut(w, t, RS_ROLE_DIM, p.y, p.x, VALUE - 1, "key setting");
        p.y++;
    }
    for (size_t i = 0; i < nrows && rs_panel_room(&p) > 0; i++) {
        const rs_tui_key *k = rows[i].key;
        /* key labels, name, value(s), and ↺ at the right edge when it re-initialises */
        const bool resets = rs_tui_key_class(k) == RS_CLASS_RESETS;
        const bool pointed = row_pointed(c, k);
        if (pointed)
            rs_fill(w, t, RS_ROLE_POINT, p.y, p.x - 1, p.width + 2);
        rs_put(w, t, pointed ? RS_ROLE_POINT : RS_ROLE_KEY, p.y, p.x, LABELS, rows[i].labels);
        rs_put(w, t, pointed ? RS_ROLE_POINT : RS_ROLE_TEXT, p.y, p.x + LABELS, vx - p.x - LABELS - 1, k->setting);
        if (!two || row_shared(k)) {
            char val[128];
            const int room = p.x + p.width - vx - (resets ? 2 : 0);
            const rs_session *ss = two ? sd->s[0] : sd->s[sd->focus];
            for (int form = FULL; form <= BRIEF; form++) {
                setting_value(t, ss, v, k, val, sizeof val, form);
                if (rs_screen_width(t, val) <= room)
                    break;
            }
            rs_put_cut(w, t, pointed ? RS_ROLE_POINT : RS_ROLE_VALUE, p.y, vx, room, val);
        } else {
            /* The values that differ stand out; the same ones are plain. */
            char val[2][128];
            for (int s = 0; s < 2; s++)
                setting_value(t, sd->s[s], v, k, val[s], sizeof val[s], BRIEF);
            const bool differ = strcmp(val[0], val[1]) != 0;
            for (int s = 0; s < 2; s++)
                rs_put_cut(w, t, pointed ? RS_ROLE_POINT : differ ? RS_ROLE_VALUE : RS_ROLE_TEXT, p.y, vx + s * (vw + 1), vw,
                           val[s]);
        }
        if (resets)
            rs_put(w, t, pointed ? RS_ROLE_POINT : RS_ROLE_DIM, p.y, p.x + p.width - 1, 1, "↺");
        p.y++;
    }
    if (footer) {
        if (two)
            rs_panel_line(w, t, &p, RS_ROLE_DIM, "      both: task %s, batch %ld (the same batches)", cfg->task.name,
                          cfg->train.batch);
        else
            rs_panel_line(w, t, &p, RS_ROLE_DIM, "      task %s, batch %ld", cfg->task.name, cfg->train.batch);
    }
    if (legend)
        rs_panel_line(w, t, &p, RS_ROLE_DIM, two ? "↺ re-initialises (the focused side)" : "↺ re-initialises the weights");
}
