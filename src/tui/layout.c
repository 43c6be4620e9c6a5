/* Screen layout and binning (pure: no terminal, no session). */
#include "layout.h"

#include <limits.h>

#define SIDE_WIDE 42        /* right column at ≥ 120 columns */
#define SIDE_NARROW 38
#define CONFIG_MIN (RS_TUI_SETTING_ROWS + 2)    /* every setting, the border */
#define CONFIG_FOOTER 2     /* task line, ↺ legend: only when the loss box stays roomy */
#define THEORY_IDEAL 8
#define THEORY_MIN 4        /* two condensed lines */
#define LOSS_MIN 5
#define LOSS_ROOMY 8
#define INFO_WIDE 70        /* an info box this wide holds the banner in 3 lines */
#define YLABEL_WIDTH 7      /* "  12345 " */
#define GRID_FIRST 5        /* heatmap lines before the caption gets its own */

static rs_rect rect(int y, int x, int h, int w) { return (rs_rect){y, x, h < 0 ? 0 : h, w < 0 ? 0 : w}; }

/* Heatmap on the left, settings / loss / theory on the right, from line y0
 * down to the status line. */
static void layout_full(rs_layout *l, int y0)
{
    const int cols = l->cols;
    const int avail = l->rows - 2 - y0;     /* between the title (and caption) and the status line */
    const int side = cols >= 120 ? SIDE_WIDE : SIDE_NARROW;
    const int left = cols - side;
    /* A narrow info box needs a fourth line for the banner and the step-through. */
    const int info_h = left < INFO_WIDE || avail >= 34 ? 6 : 5;
    l->side[0].heat = rect(y0, 0, avail - info_h, left);
    l->side[0].info = rect(y0 + l->side[0].heat.h, 0, info_h, left);

    /* The settings come first: a lecturer must see every toggle and its key. */
    int config = CONFIG_MIN, theory, loss;
    const int rest = avail - config;
    if (rest < LOSS_MIN + THEORY_MIN) {
        theory = 0;                     /* folded: two theory lines at the bottom of the loss box */
        loss = rest;
    } else {
        theory = rest - LOSS_MIN < THEORY_IDEAL ? rest - LOSS_MIN : THEORY_IDEAL;
        loss = rest - theory;
        if (loss - CONFIG_FOOTER >= LOSS_ROOMY) {
            config += CONFIG_FOOTER;
            loss -= CONFIG_FOOTER;
        }
    }
    l->config = rect(y0, left, config, side);
    l->loss = rect(y0 + config, left, loss, side);
    l->theory = rect(y0 + config + loss, left, theory, side);
}

/* Settings summary, heatmap, info lines in the rect area (compact: no side
 * panels). settings_h: lines of the summary. */
static void side_compact(rs_side_rects *sr, rs_rect area, int settings_h, int info_h)
{
    sr->settings = rect(area.y, area.x, settings_h, area.w);
    sr->heat = rect(area.y + settings_h, area.x, area.h - settings_h - info_h, area.w);
    sr->info = rect(sr->heat.y + sr->heat.h, area.x, info_h, area.w);
}

static void layout_compact(rs_layout *l, int y0)
{
    const int settings_h = l->cols >= 120 ? 1 : 2;
    const int info_h = l->rows - (y0 - 1) >= 18 ? 4 : 3;     /* its rule and 3 (2) lines */
    side_compact(&l->side[0], rect(y0, 0, l->rows - 2 - y0, l->cols), settings_h, info_h);
}

/* Compare mode, compact: two columns, each a compact side, and a divider. */
static void layout_split_compact(rs_layout *l, int y0)
{
    const int h = l->rows - 2 - y0;
    const int half = (l->cols - 1) / 2;
    const int info_h = l->rows - (y0 - 1) >= 18 ? 4 : 3;
    side_compact(&l->side[0], rect(y0, 0, h, half), 2, info_h);
    side_compact(&l->side[1], rect(y0, half + 1, h, l->cols - half - 1), 2, info_h);
    l->divider = rect(y0, half, h, 1);
}

/* Compare mode, full: the two heatmaps (and their info boxes) side by side,
 * the settings of both, the two loss curves and the theory of both below. */
#define SPLIT_INFO 5
#define SPLIT_STRIP 14          /* every setting and the border */
#define SPLIT_STRIP_ROOMY 16    /* … and the footer, on a tall screen */
#define SPLIT_CONFIG_W 44       /* key, name and two values */
#define SPLIT_PANEL_MIN_W 36    /* loss and theory side by side from this width each */

static void layout_split_full(rs_layout *l, int y0)
{
    const int cols = l->cols;
    const int avail = l->rows - 2 - y0;
    const int strip = avail >= 34 ? SPLIT_STRIP_ROOMY : SPLIT_STRIP;
    const int heat_h = avail - SPLIT_INFO - strip;
    const int half = cols / 2;
    for (int k = 0; k < 2; k++) {
        const int x = k ? half : 0, w = k ? cols - half : half;
        l->side[k].heat = rect(y0, x, heat_h, w);
        l->side[k].info = rect(y0 + heat_h, x, SPLIT_INFO, w);
    }
    const int ys = y0 + heat_h + SPLIT_INFO;
    l->config = rect(ys, 0, strip, SPLIT_CONFIG_W);
    const int rest = cols - SPLIT_CONFIG_W;
    if (rest >= 2 * SPLIT_PANEL_MIN_W) {
        l->loss = rect(ys, SPLIT_CONFIG_W, strip, rest / 2);
        l->theory = rect(ys, SPLIT_CONFIG_W + rest / 2, strip, rest - rest / 2);
    } else {
        const int theory = strip / 2;
        l->loss = rect(ys, SPLIT_CONFIG_W, strip - theory, rest);
        l->theory = rect(ys + strip - theory, SPLIT_CONFIG_W, theory, rest);
    }
}

static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

rs_layout rs_layout_compute_opts(int cols, int rows, const rs_layout_opts *opts)
{
    const bool compare = opts && opts->compare;
    const int want = opts && opts->caption_lines > 0 ? opts->caption_lines : 0;
    rs_layout l = {0};
    l.cols = cols;
    l.rows = rows;
    /* A caption takes its rule and at least RS_TUI_CAPTION_MIN lines. */
    l.min_cols = RS_TUI_MIN_COLS;
    l.min_rows = RS_TUI_MIN_ROWS + (want ? RS_TUI_CAPTION_MIN + 1 : 0);
    if (cols < l.min_cols || rows < l.min_rows) {
        l.too_small = true;
        return l;
    }
    l.title = rect(0, 0, 1, cols);
    l.status = rect(rows - 2, 0, 1, cols);
    l.message = rect(rows - 1, 0, 1, cols);

    /* The full layout when it fits with the caption (a caption may give up
     * lines for it, down to 3); else compact, the caption in 2 … 4 lines. */
    const int full_cols = compare ? RS_TUI_SPLIT_FULL_COLS : RS_TUI_FULL_COLS;
    const int full_rows = compare ? RS_TUI_SPLIT_FULL_ROWS : RS_TUI_FULL_ROWS;
    int caption_h = 0;
    bool full = false;
    if (!want)
        full = cols >= full_cols && rows >= full_rows;
    else if (cols >= full_cols) {
        const int most = clampi(want, RS_TUI_CAPTION_MIN, RS_TUI_CAPTION_FULL_MAX);
        const int least = most < 3 ? most : 3;
        for (int n = most; n >= least && !full; n--)
            if (rows - (n + 2) >= full_rows) {
                full = true;
                caption_h = n + 2;              /* a box: its border and n lines */
            }
    }
    if (want && !full) {
        int n = clampi(want, RS_TUI_CAPTION_MIN, RS_TUI_CAPTION_COMPACT_MAX);
        while (n > RS_TUI_CAPTION_MIN && rows - (n + 1) < RS_TUI_MIN_ROWS)
            n--;
        caption_h = n + 1;                      /* a rule and n lines */
    }
    l.compact = !full;
    l.caption = rect(1, 0, caption_h, cols);
    const int y0 = 1 + caption_h;
    if (compare && full) {
        l.split = true;
        layout_split_full(&l, y0);
    } else if (compare && cols >= RS_TUI_SPLIT_COLS) {
        l.split = true;
        layout_split_compact(&l, y0);
    } else {
        l.one_side = compare;
        if (full)
            layout_full(&l, y0);
        else
            layout_compact(&l, y0);
    }
    return l;
}

rs_layout rs_layout_compute(int cols, int rows)
{
    return rs_layout_compute_opts(cols, rows, NULL);
}

size_t rs_layout_rects(const rs_layout *l, rs_rect *out, size_t max)
{
    const rs_rect all[RS_LAYOUT_MAX_RECTS] = {
        l->title,         l->caption,      l->side[0].settings, l->side[0].heat, l->side[0].info,
        l->side[1].settings, l->side[1].heat, l->side[1].info,  l->divider,      l->config,
        l->loss,          l->theory,       l->status,          l->message,
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0] && n < max; i++)
        out[n++] = all[i];
    return n;
}

bool rs_rect_empty(rs_rect r) { return r.h <= 0 || r.w <= 0; }

bool rs_rect_inside(rs_rect r, int cols, int rows)
{
    return r.y >= 0 && r.x >= 0 && r.h >= 0 && r.w >= 0 && r.y + r.h <= rows && r.x + r.w <= cols;
}

bool rs_rect_overlap(rs_rect a, rs_rect b)
{
    if (rs_rect_empty(a) || rs_rect_empty(b))
        return false;
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool rs_rect_contains(rs_rect r, int y, int x)
{
    return y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w;
}

rs_heat_layout rs_heat_layout_compute(rs_rect area, bool framed, bool words)
{
    rs_heat_layout h = {0};
    const rs_rect in = framed ? rect(area.y + 1, area.x + 1, area.h - 2, area.w - 2) : area;
    const int fixed = 3;                /* header, t axis, legend */
    if (in.h < fixed + RS_HEAT_MIN_GRID || in.w < YLABEL_WIDTH + 4)
        return h;
    /* The grid gets its minimum, then the words line, then GRID_FIRST
     * lines in all, then the caption, then everything else. */
    int spare = in.h - fixed - RS_HEAT_MIN_GRID;
    const int words_h = words && spare >= 1 ? 1 : 0;
    spare -= words_h;
    const int grid_first = GRID_FIRST - RS_HEAT_MIN_GRID;
    const int caption_h = spare <= grid_first ? 0 : spare - grid_first >= 2 ? 2 : 1;
    const int grid_h = in.h - fixed - words_h - caption_h;

    h.header = rect(in.y, in.x, 1, in.w);
    h.ylabels = rect(in.y + 1, in.x, grid_h, YLABEL_WIDTH);
    h.grid = rect(in.y + 1, in.x + YLABEL_WIDTH, grid_h, in.w - YLABEL_WIDTH);
    int y = in.y + 1 + grid_h;
    h.taxis = rect(y++, in.x, 1, in.w);
    h.words = rect(y, in.x, words_h, in.w);
    y += words_h;
    h.legend = rect(y++, in.x, 1, in.w);
    h.caption = rect(y, in.x, caption_h, in.w);
    return h;
}

rs_rect rs_centre(int cols, int rows, int w, int h)
{
    if (w > cols) w = cols;
    if (h > rows) h = rows;
    return rect((rows - h) / 2, (cols - w) / 2, h, w);
}
