/* The widget kit: text, borders, a panel's text area, paragraphs. */
#include "widgets.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- text as the terminal shows it ------------------------------------------- */

const char *rs_screen_text(const rs_term *t, const char *s, char *buf, size_t n)
{
    if (t->utf8 || !s)
        return s;
    rs_ascii(s, buf, n);
    return buf;
}

int rs_screen_width(const rs_term *t, const char *s)
{
    char ascii[1024];
    return rs_text_width(rs_screen_text(t, s, ascii, sizeof ascii));
}

const char *rs_glyph(const rs_term *t, const char *glyph)
{
    return t->utf8 ? glyph : rs_ascii_glyph(glyph);
}

const char *rs_utf8_or(const rs_term *t, const char *utf8, const char *ascii)
{
    return t->utf8 ? utf8 : ascii;
}

int rs_heat_rows_per_line(const rs_term *t)
{
    /* Half blocks need UTF-8 and a colour pair per (upper, lower) colour. */
    return t->utf8 && rs_scheme_half_blocks(t->scheme) ? 2 : 1;
}

void rs_heat_half_cells(WINDOW *w, const rs_term *t, int y, int x, int ncols, int upper, int lower)
{
    if (rs_heat_rows_per_line(t) == 1) {
        const int whole = lower >= 0 ? lower : upper;
        for (int c = 0; c < ncols && whole >= 0; c++)
            rs_term_swatch(w, t, y, x + c, whole);
        return;
    }
    const int nan = rs_swatch_of_mark(t->scheme, RS_MARK_NAN), none = rs_swatch_of_mark(t->scheme, RS_MARK_NOVALUE);
    if (upper == nan || lower == nan || (upper == none && lower == none)) {
        for (int c = 0; c < ncols; c++)
            rs_term_swatch(w, t, y, x + c, upper == nan || lower == nan ? nan : none);
        return;
    }
    const bool has_upper = upper >= 0 && upper != none, has_lower = lower >= 0 && lower != none;
    const char *glyph;
    short pair;
    if (!has_upper && !has_lower)
        return;
    if (!has_lower) {
        glyph = "▀";
        pair = rs_term_heat_pair(t, upper, none);
    } else if (!has_upper) {
        glyph = "▄";
        pair = rs_term_heat_pair(t, lower, none);
    } else if (upper == lower) {
        glyph = " ";
        pair = rs_term_heat_pair(t, lower, lower);
    } else {
        glyph = "▀";
        pair = rs_term_heat_pair(t, upper, lower);
    }
    wattr_set(w, A_NORMAL, pair, NULL);
    for (int c = 0; c < ncols; c++)
        mvwaddstr(w, y, x + c, glyph);
}

/* ---- text on a line ------------------------------------------------------------ */

int rs_put(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int maxw, const char *s)
{
    if (maxw <= 0 || !s)
        return 0;
    char ascii[4096];
    s = rs_screen_text(t, s, ascii, sizeof ascii);
    const size_t bytes = rs_text_prefix(s, maxw);
    rs_term_set_role(w, t, role);
    mvwaddnstr(w, y, x, s, (int)bytes);
    char tmp[4096];
    const size_t n = bytes < sizeof tmp ? bytes : sizeof tmp - 1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    return rs_text_width(tmp);
}

int rs_put_cut(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int maxw, const char *s)
{
    if (maxw <= 0 || !s)
        return 0;
    char ascii[4096];
    s = rs_screen_text(t, s, ascii, sizeof ascii);
    const char *ellipsis = rs_glyph(t, "…");
    const int ew = rs_text_width(ellipsis);
    if (rs_text_width(s) <= maxw || maxw <= ew)
        return rs_put(w, t, role, y, x, maxw, s);
    const int used = rs_put(w, t, role, y, x, maxw - ew, s);
    return used + rs_put(w, t, role, y, x + used, ew, ellipsis);
}

int rs_putf(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int maxw, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return rs_put(w, t, role, y, x, maxw, buf);
}

void rs_put_first_fitting(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int width, const char *const *texts,
                          int n)
{
    for (int i = 0; i < n; i++) {
        char ascii[1024];
        if (i == n - 1 || rs_text_width(rs_screen_text(t, texts[i], ascii, sizeof ascii)) <= width) {
            rs_put_cut(w, t, role, y, x, width, texts[i]);
            return;
        }
    }
}

void rs_fill(WINDOW *w, const rs_term *t, rs_role role, int y, int x, int width)
{
    rs_term_set_role(w, t, role);
    for (int i = 0; i < width; i++)
        mvwaddch(w, y, x + i, ' ');
}

/* ---- plots ---------------------------------------------------------------------- */

void rs_put_braille(WINDOW *w, const rs_term *t, int y, int x, const rs_braille *c, const rs_role *roles, int nroles)
{
    for (int cy = 0; cy < c->h; cy++)
        for (int cx = 0; cx < c->w; cx++) {
            const int role = rs_braille_cell_role(c, cx, cy);
            if (role <= 0)
                continue;
            char glyph[4];
            if (t->utf8)
                rs_braille_cell_utf8(c, cx, cy, glyph);
            else {
                glyph[0] = rs_braille_cell_ascii(c, cx, cy);
                glyph[1] = '\0';
            }
            rs_term_set_role(w, t, role < nroles ? roles[role] : RS_ROLE_TEXT);
            mvwaddstr(w, y + cy, x + cx, glyph);
        }
}

/* ---- borders ------------------------------------------------------------------- */

void rs_hrule(WINDOW *w, const rs_term *t, int y, int x, int n)
{
    const char *h = rs_glyph(t, "─");
    for (int i = 0; i < n; i++)
        mvwaddstr(w, y, x + i, h);
}

static void put_title(WINDOW *w, const rs_term *t, int y, int x, int maxw, const char *title, rs_role role)
{
    if (!title || !*title || maxw < 3)
        return;
    char buf[256];
    snprintf(buf, sizeof buf, " %s", title);
    const int used = rs_put_cut(w, t, role, y, x, maxw - 1, buf);
    rs_put(w, t, role, y, x + used, 1, " ");
}

void rs_box_role(WINDOW *w, const rs_term *t, rs_rect r, const char *title, rs_role title_role, rs_role border)
{
    if (r.h < 2 || r.w < 2)
        return;
    const char *v = rs_glyph(t, "│");
    rs_term_set_role(w, t, border);
    mvwaddstr(w, r.y, r.x, rs_glyph(t, "╭"));
    rs_hrule(w, t, r.y, r.x + 1, r.w - 2);
    mvwaddstr(w, r.y, r.x + r.w - 1, rs_glyph(t, "╮"));
    for (int y = r.y + 1; y < r.y + r.h - 1; y++) {
        mvwaddstr(w, y, r.x, v);
        mvwaddstr(w, y, r.x + r.w - 1, v);
    }
    mvwaddstr(w, r.y + r.h - 1, r.x, rs_glyph(t, "╰"));
    rs_hrule(w, t, r.y + r.h - 1, r.x + 1, r.w - 2);
    mvwaddstr(w, r.y + r.h - 1, r.x + r.w - 1, rs_glyph(t, "╯"));
    put_title(w, t, r.y, r.x + 2, r.w - 4, title, title_role);
}

void rs_box(WINDOW *w, const rs_term *t, rs_rect r, const char *title, rs_role title_role)
{
    rs_box_role(w, t, r, title, title_role, RS_ROLE_BORDER);
}

void rs_rule_role(WINDOW *w, const rs_term *t, int y, int x, int width, const char *title, rs_role title_role,
                  rs_role border)
{
    rs_term_set_role(w, t, border);
    rs_hrule(w, t, y, x, width);
    put_title(w, t, y, x + 1, width - 2, title, title_role);
}

/* ---- a panel's text area --------------------------------------------------------- */

rs_panel rs_panel_area(rs_rect r, bool compact)
{
    if (compact)
        return (rs_panel){r.x + 1, r.w - 2, r.y + 1, r.y + r.h - 1};
    return (rs_panel){r.x + 2, r.w - 4, r.y + 1, r.y + r.h - 2};
}

rs_panel rs_panel_open(WINDOW *w, const rs_term *t, bool compact, rs_rect r, const char *title, rs_role title_role,
                       rs_role border)
{
    if (compact)
        rs_rule_role(w, t, r.y, r.x, r.w, title, title_role, border);
    else
        rs_box_role(w, t, r, title, title_role, border);
    return rs_panel_area(r, compact);
}

int rs_panel_room(const rs_panel *p) { return p->last - p->y + 1; }

bool rs_panel_line(WINDOW *w, const rs_term *t, rs_panel *p, rs_role role, const char *fmt, ...)
{
    if (p->y > p->last)
        return false;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    rs_put_cut(w, t, role, p->y++, p->x, p->width, buf);
    return true;
}

int rs_panel_wrap(WINDOW *w, const rs_term *t, rs_panel *p, rs_role role, const char *s, int max)
{
    if (max > rs_panel_room(p))
        max = rs_panel_room(p);
    if (max <= 0 || p->width < 1)
        return 0;
    char ascii[1400], wb[1400];
    const char *lines[9];
    if (max > 8)
        max = 8;
    s = rs_screen_text(t, s, ascii, sizeof ascii);
    /* One line more than shown tells whether the text was cut. */
    const int n = rs_wrap(s, p->width, wb, sizeof wb, lines, max + 1);
    const int shown = n < max ? n : max;
    for (int i = 0; i < shown; i++) {
        if (i == shown - 1 && n > max) {
            char cut[1400];
            /* Too wide by construction, so rs_put_cut ends it in "…". */
            snprintf(cut, sizeof cut, "%s %s", lines[i], lines[i + 1]);
            rs_put_cut(w, t, role, p->y++, p->x, p->width, cut);
        } else
            rs_put(w, t, role, p->y++, p->x, p->width, lines[i]);
    }
    return shown;
}

int rs_wrapped_lines(const rs_term *t, const char *s, int width)
{
    char ascii[1400], wb[1400];
    const char *lines[16];
    return rs_wrap(rs_screen_text(t, s, ascii, sizeof ascii), width, wb, sizeof wb, lines, 16);
}

/* ---- paragraphs ------------------------------------------------------------------ */

void rs_para_add(rs_para *p, rs_role role, const char *fmt, ...)
{
    if (p->n == RS_PARA_MAX)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->text[p->n], sizeof p->text[p->n], fmt, ap);
    va_end(ap);
    p->role[p->n++] = role;
}

int rs_para_height(const rs_term *t, const rs_para *p, int width)
{
    int h = 0;
    for (int i = 0; i < p->n; i++) {
        char ascii[400], wb[400];
        const char *lines[8];
        const int n = rs_wrap(rs_screen_text(t, p->text[i], ascii, sizeof ascii), width, wb, sizeof wb, lines, 8);
        h += n > 0 ? n : 1;
    }
    return h;
}

void rs_para_put(WINDOW *w, const rs_term *t, rs_panel *pn, const rs_para *p)
{
    for (int i = 0; i < p->n && rs_panel_room(pn) > 0; i++)
        rs_panel_wrap(w, t, pn, p->role[i], p->text[i], rs_panel_room(pn));
}
