/* Screen layout and binning (pure: no terminal, no session). */
#include "layout.h"

#include <limits.h>

#define SIDE_WIDE 42        /* right column at ≥ 120 columns */
#define SIDE_NARROW 38
#define SIDE_RULED 34       /* the ruled layout's right column below 100 columns */
#define CONFIG_MIN (RS_TUI_SETTING_ROWS + 2)    /* every setting, the border */
#define CONFIG_FOOTER 2     /* task line, ↺ legend: only when the loss box stays roomy */
#define THEORY_IDEAL 8
#define THEORY_MIN 4        /* two condensed lines */
#define THEORY_FOLDED 2     /* the theory's lines at the bottom of the loss panel */
/* The loss panel: its numbers line, the plot, the step axis (and a box's border). */
#define LOSS_LINES (1 + RS_TUI_MIN_LOSS_ROWS + 1)
#define LOSS_ROOMY 13       /* from this height (a box) the footer under the settings */
#define INFO_WIDE 70        /* an info box this wide holds the banner in 3 lines */
#define YLABEL_WIDTH 7      /* "  12345 " */
#define GRID_FIRST 5        /* heatmap lines before the caption gets its own */
#define HEAT_FIXED 3        /* the heatmap's header, t axis and legend */

static rs_rect rect(int y, int x, int h, int w) { return (rs_rect){y, x, h < 0 ? 0 : h, w < 0 ? 0 : w}; }
static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* The decay profile's height (its box or rule included) out of `room`
 * lines shared with the heatmap: about a third, at least its minimum plot
 * and at most 16 rows, with a t axis line when the heatmap keeps more than
 * the minimum. border: 2 (a box) or 1 (a rule). */
static int decay_height(int room, int border)
{
    const int plot = clampi(room * 3 / 10, RS_TUI_MIN_DECAY_ROWS, 16);
    return border + plot + 1;
}

/* The right column's width: wider on a wide screen (the training curves
 * want the room), never more than a third of it. */
static int side_width(int cols)
{
    if (cols >= 160)
        return clampi(cols * 3 / 10, SIDE_WIDE, 64);
    return cols >= 120 ? SIDE_WIDE : SIDE_NARROW;
}

/* Boxed: heatmap, decay profile and info on the left, settings / loss /
 * theory on the right, from line y0 down to the status line. */
static void layout_full(rs_layout *l, int y0)
{
    const int cols = l->cols;
    const int avail = l->rows - 2 - y0;     /* between the title (and caption) and the status line */
    const int side = side_width(cols);
    const int left = cols - side;
    /* A narrow info box needs a fourth line for the banner and the step-through. */
    const int info_h = left < INFO_WIDE || avail >= 34 ? 6 : 5;
    const int decay_h = decay_height(avail - info_h, 2);
    l->side[0].heat = rect(y0, 0, avail - info_h - decay_h, left);
    l->side[0].decay = rect(y0 + l->side[0].heat.h, 0, decay_h, left);
    l->side[0].info = rect(l->side[0].decay.y + decay_h, 0, info_h, left);

    /* The settings come first: a lecturer must see every toggle and its
     * key. Then the loss box keeps its plot, the theory the rest. */
    int config = CONFIG_MIN, theory, loss;
    const int rest = avail - config;
    const int loss_min = LOSS_LINES + 2;
    if (rest < loss_min + THEORY_MIN) {
        theory = 0;                     /* folded: two theory lines at the bottom of the loss box */
        loss = rest;
    } else {
        theory = rest - loss_min < THEORY_IDEAL ? rest - loss_min : THEORY_IDEAL;
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

/* Ruled (from 80×24 below the boxed height): the session in the left
 * column — heatmap, decay profile, info — a divider, and the right column:
 * the settings summary, the training curves, the theory, each under its rule. */
static void layout_ruled(rs_layout *l, int y0)
{
    const int cols = l->cols;
    const int avail = l->rows - 2 - y0;
    const int side = cols < 100 ? SIDE_RULED : side_width(cols);
    const int left = cols - side - 1;
    const int info_h = 4;                   /* its rule and 3 lines */
    const int decay_h = decay_height(avail - info_h, 1);
    /* The t axis under the decay profile only when the heatmap keeps 5 rows with it. */
    const int heat_h = avail - info_h - decay_h;
    const int decay = heat_h >= HEAT_FIXED + 2 + RS_TUI_MIN_HEAT_ROWS ? decay_h : decay_h - 1;
    l->side[0].heat = rect(y0, 0, avail - info_h - decay, left);
    l->side[0].decay = rect(y0 + l->side[0].heat.h, 0, decay, left);
    l->side[0].info = rect(l->side[0].decay.y + decay, 0, info_h, left);
    l->divider = rect(y0, left, avail, 1);

    const int x = left + 1;
    const int config = 1 + (side >= SIDE_WIDE ? 3 : 4);     /* its rule and the summary's lines */
    const int rest = avail - config;
    int loss = rest - THEORY_IDEAL < LOSS_LINES + 1 ? LOSS_LINES + 1 : rest - THEORY_IDEAL;
    int theory = rest - loss;
    if (theory < THEORY_MIN) {
        loss = rest;                        /* the theory folds into the loss panel */
        theory = 0;
    }
    l->config = rect(y0, x, config, side);
    l->loss = rect(y0 + config, x, loss, side);
    l->theory = rect(y0 + config + loss, x, theory, side);
}

/* Settings summary, heatmap, decay profile, info lines in the rect area
 * (compact: no side panels). settings_h: lines of the summary. The decay
 * profile comes when the heatmap keeps its 5 rows beside it. */
static void side_compact(rs_side_rects *sr, rs_rect area, int settings_h, int info_h, bool decay)
{
    sr->settings = rect(area.y, area.x, settings_h, area.w);
    const int room = area.h - settings_h - info_h;
    int decay_h = decay ? 1 + RS_TUI_MIN_DECAY_ROWS : 0;
    if (room - decay_h < HEAT_FIXED + RS_TUI_MIN_HEAT_ROWS + 1)
        decay_h = 0;
    sr->heat = rect(area.y + settings_h, area.x, room - decay_h, area.w);
    sr->decay = rect(sr->heat.y + sr->heat.h, area.x, decay_h, area.w);
    sr->info = rect(sr->decay.y + decay_h, area.x, info_h, area.w);
}

static void layout_compact(rs_layout *l, int y0)
{
    const int settings_h = l->cols >= 120 ? 1 : 2;
    const int info_h = l->rows - (y0 - 1) >= 18 ? 4 : 3;     /* its rule and 3 (2) lines */
    side_compact(&l->side[0], rect(y0, 0, l->rows - 2 - y0, l->cols), settings_h, info_h, true);
}

/* Compare mode, compact: two columns, each a compact side, and a divider. */
static void layout_split_compact(rs_layout *l, int y0)
{
    const int h = l->rows - 2 - y0;
    const int half = (l->cols - 1) / 2;
    const int info_h = l->rows - (y0 - 1) >= 18 ? 4 : 3;
    side_compact(&l->side[0], rect(y0, 0, h, half), 2, info_h, false);
    side_compact(&l->side[1], rect(y0, half + 1, h, l->cols - half - 1), 2, info_h, false);
    l->divider = rect(y0, half, h, 1);
}

/* Compare mode, full: the two heatmaps (and their info boxes) side by side,
 * the settings of both, the two loss curves, the theory of both and one
 * decay profile of both sides below. */
#define SPLIT_INFO 5
#define SPLIT_STRIP (RS_TUI_SETTING_ROWS + 2)     /* every setting and the border */
#define SPLIT_STRIP_ROOMY (SPLIT_STRIP + 2)     /* … and the footer, on a tall screen */
#define SPLIT_CONFIG_W 46       /* keys, name and two values */
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
    if (rest >= 3 * SPLIT_PANEL_MIN_W) {
        /* loss | theory | decay profile */
        const int w = rest / 3;
        l->loss = rect(ys, SPLIT_CONFIG_W, strip, w);
        l->theory = rect(ys, SPLIT_CONFIG_W + w, strip, w);
        l->decay = rect(ys, SPLIT_CONFIG_W + 2 * w, strip, rest - 2 * w);
    } else if (rest >= 2 * SPLIT_PANEL_MIN_W) {
        /* the loss over the theory | the decay profile */
        const int theory = strip / 2;
        l->loss = rect(ys, SPLIT_CONFIG_W, strip - theory, rest / 2);
        l->theory = rect(ys + strip - theory, SPLIT_CONFIG_W, theory, rest / 2);
        l->decay = rect(ys, SPLIT_CONFIG_W + rest / 2, strip, rest - rest / 2);
    } else {
        /* the loss over the decay profile; the theory's lines close the loss box */
        const int decay = strip / 2;
        l->loss = rect(ys, SPLIT_CONFIG_W, strip - decay, rest);
        l->decay = rect(ys + strip - decay, SPLIT_CONFIG_W, decay, rest);
    }
}

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

    /* Boxes when they fit with the caption (a caption may give up lines
     * for them, down to 3); else one session gets the ruled layout when it
     * fits (the caption in 2 … 4 lines under a rule); else compact. */
    const int full_cols = compare ? RS_TUI_SPLIT_FULL_COLS : RS_TUI_FULL_COLS;
    const int full_rows = compare ? RS_TUI_SPLIT_FULL_ROWS : RS_TUI_BOX_ROWS;
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
    bool ruled = false;
    if (!full && !compare && cols >= RS_TUI_FULL_COLS) {
        if (!want)
            ruled = rows >= RS_TUI_FULL_ROWS;
        else
            for (int n = clampi(want, RS_TUI_CAPTION_MIN, RS_TUI_CAPTION_COMPACT_MAX); n >= RS_TUI_CAPTION_MIN && !ruled;
                 n--)
                if (rows - (n + 1) >= RS_TUI_FULL_ROWS) {
                    ruled = true;
                    caption_h = n + 1;          /* a rule and n lines */
                }
    }
    if (want && !full && !ruled) {
        int n = clampi(want, RS_TUI_CAPTION_MIN, RS_TUI_CAPTION_COMPACT_MAX);
        while (n > RS_TUI_CAPTION_MIN && rows - (n + 1) < RS_TUI_MIN_ROWS)
            n--;
        caption_h = n + 1;                      /* a rule and n lines */
    }
    l.compact = !full;
    l.panels = full || ruled;
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
        else if (ruled)
            layout_ruled(&l, y0);
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
        l->title,           l->caption,      l->side[0].settings, l->side[0].heat, l->side[0].decay,
        l->side[0].info,    l->side[1].settings, l->side[1].heat, l->side[1].decay, l->side[1].info,
        l->divider,         l->decay,        l->config,          l->loss,          l->theory,
        l->status,          l->message,
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

rs_decay_layout rs_decay_layout_compute(rs_rect area, bool framed)
{
    rs_decay_layout d = {0};
    /* A box: its border; a rule: the top line. */
    const rs_rect in = framed ? rect(area.y + 1, area.x + 1, area.h - 2, area.w - 2) : rect(area.y + 1, area.x, area.h - 1, area.w);
    if (in.h < 2 || in.w < YLABEL_WIDTH + 4)
        return d;
    /* The plot gets its minimum, then the t axis its line, then the plot the rest. */
    const int axis = in.h > RS_TUI_MIN_DECAY_ROWS ? 1 : 0;
    d.ylabels = rect(in.y, in.x, in.h - axis, YLABEL_WIDTH);
    d.plot = rect(in.y, in.x + YLABEL_WIDTH, in.h - axis, in.w - YLABEL_WIDTH);
    d.taxis = rect(in.y + in.h - axis, in.x, axis, in.w);
    return d;
}

rs_loss_layout rs_loss_layout_compute(rs_rect area, bool framed, bool theory_folded)
{
    rs_loss_layout o = {0};
    const rs_rect in = framed ? rect(area.y + 1, area.x + 1, area.h - 2, area.w - 2) : rect(area.y + 1, area.x, area.h - 1, area.w);
    if (in.h < 1 || in.w < RS_PLOT_YLABEL + 4)
        return o;
    const int x = in.x, w = in.w;
    int y = in.y, last = in.y + in.h;       /* the lines [y, last) are free */
    o.numbers = rect(y++, x, 1, w);
    if (theory_folded && last - y >= THEORY_FOLDED + 2) {
        last -= THEORY_FOLDED;
        o.theory = rect(last, x, THEORY_FOLDED, w);
    }
    int plots = last - y - 1;               /* less the step axis */
    if (plots < 1)
        return o;
    /* The gradient norm after the loss's 5 rows, then the accuracy; on a
     * tall panel each small plot grows by a third of what the loss has
     * beyond 12 rows. */
    int grad = plots >= RS_TUI_MIN_LOSS_ROWS + RS_SMALL_PLOT ? RS_SMALL_PLOT : 0;
    int acc = plots >= RS_TUI_MIN_LOSS_ROWS + 2 * RS_SMALL_PLOT + 2 ? RS_SMALL_PLOT : 0;
    int loss = plots - grad - acc;
    if (loss > 12) {
        const int share = (loss - 12) / 3;
        grad += grad ? share : 0;
        acc += acc ? share : 0;
        loss = plots - grad - acc;
    }
    o.loss = rect(y, x, loss, w);
    o.grad = rect(y + loss, x, grad, w);
    o.acc = rect(y + loss + grad, x, acc, w);
    y += loss + grad + acc;
    o.steps = rect(y, x, 1, w);
    return o;
}

rs_rect rs_centre(int cols, int rows, int w, int h)
{
    if (w > cols) w = cols;
    if (h > rows) h = rows;
    return rect((rows - h) / 2, (cols - w) / 2, h, w);
}
