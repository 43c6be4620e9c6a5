/* Screen layout and binning: pure functions of the terminal size and the data
 * sizes, unit-tested without a terminal (nvtop's compute_sizes_from_layout). */
#ifndef RS_TUI_LAYOUT_H
#define RS_TUI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

/* Below the minimum only the "enlarge" message is drawn; from the minimum
 * the compact layout (one column: a settings summary, the heatmap, the
 * decay profile when it keeps 5 rows, the info lines); from
 * RS_TUI_FULL_COLS × RS_TUI_FULL_ROWS the panels beside it (settings
 * summary, training curves, theory) in the ruled style (a title rule over
 * each panel, no boxes); from RS_TUI_BOX_ROWS lines, boxes and every
 * setting on its own line. At 80×24 and 100×30 the heatmap, the decay
 * profile and the loss curve each keep at least 5 rows (issue 10). */
#define RS_TUI_MIN_COLS 44
#define RS_TUI_MIN_ROWS 14
#define RS_TUI_FULL_COLS 80
#define RS_TUI_FULL_ROWS 24
#define RS_TUI_BOX_ROWS 30

/* The smallest plots where the layout shows them: rows of heatmap cells
 * (text lines of its grid), of the decay profile and of the loss curve. */
#define RS_TUI_MIN_HEAT_ROWS 5
#define RS_TUI_MIN_DECAY_ROWS 5
#define RS_TUI_MIN_LOSS_ROWS 5

/* Lines of the settings panel: one per setting a key changes (keys.c,
 * rs_setting_rows). The boxed layout always has room for all of them. */
#define RS_TUI_SETTING_ROWS 14

/* Compare mode (two sessions, left | right): side by side in the compact
 * style from RS_TUI_SPLIT_COLS columns, in boxes with the settings, loss and
 * theory panels below them from RS_TUI_SPLIT_FULL_COLS × RS_TUI_SPLIT_FULL_ROWS;
 * narrower, one side at a time (the focused one). */
#define RS_TUI_SPLIT_COLS 73
#define RS_TUI_SPLIT_FULL_COLS 96
#define RS_TUI_SPLIT_FULL_ROWS 32

/* A lesson's caption panel: the lines of text it gets (at most; fewer when
 * the screen is short), in the full and the compact layout. */
#define RS_TUI_CAPTION_FULL_MAX 6
#define RS_TUI_CAPTION_COMPACT_MAX 4
#define RS_TUI_CAPTION_MIN 2

typedef struct {
    int y, x, h, w;     /* top-left corner and size, in screen cells */
} rs_rect;

/* What the screen must hold besides one session. */
typedef struct {
    bool compare;       /* two sessions side by side */
    int caption_lines;  /* a lesson: the lines its caption's text needs at
                           the screen's width less 4; 0: no caption panel */
} rs_layout_opts;

/* The panels of one session: its heatmap, its decay profile right under it
 * (the same columns: its t axis lines up with the heatmap's), its info panel
 * (banner, step-through, inspector) and, compact, its settings summary. */
typedef struct {
    rs_rect heat, decay, info, settings;
} rs_side_rects;

/* Every panel of the main screen. Boxed (!compact): heat, decay, info,
 * config, loss, theory and caption are boxes including their border.
 * Compact and ruled: the panels have no border, their first line is a rule
 * with the title in it. Title, status and message are single lines. An
 * empty rect is not drawn.
 *
 * One session, compact: a settings summary above the heatmap, no config,
 * loss and theory panels. Ruled (`panels` but compact): the left column
 * holds the session, `divider` separates it from the right column of
 * config (the settings summary), loss and theory. Boxed: the same without
 * the divider, config lists every setting.
 *
 * Compare mode, split: side[0] is the left session, side[1] the right;
 * boxed, the config, loss and theory panels are below the two (each shows
 * both sessions) and one decay profile of both sides (`decay`) beside
 * them; compact, a divider column separates them. Compare mode without
 * the room for both (one_side): side[0] holds the focused session and
 * side[1] is empty. */
typedef struct {
    bool too_small;             /* below min_cols × min_rows: draw only the message */
    bool compact;               /* panels under a title rule (compact and ruled), not in boxes */
    bool panels;                /* the settings, loss and theory panels are on screen */
    bool split;                 /* compare mode, both sessions on screen */
    bool one_side;              /* compare mode, room for one session only */
    int cols, rows;
    int min_cols, min_rows;     /* the smallest size for these options */
    rs_rect title;              /* scenario title bar, top line */
    rs_rect caption;            /* a lesson's caption, under the title */
    rs_side_rects side[2];
    rs_rect divider;            /* a column between the sides, or the session and the panels */
    rs_rect decay;              /* compare mode, boxed: the decay profile of both sides */
    rs_rect config, loss, theory;   /* theory is empty when it is folded
                                       into the bottom of the loss panel */
    rs_rect status;             /* status line, second to last */
    rs_rect message;            /* message line, last */
} rs_layout;

#define RS_LAYOUT_MAX_RECTS 17

/* One session, no caption. */
rs_layout rs_layout_compute(int cols, int rows);
rs_layout rs_layout_compute_opts(int cols, int rows, const rs_layout_opts *opts);

size_t rs_layout_rects(const rs_layout *l, rs_rect *out, size_t max);

bool rs_rect_inside(rs_rect r, int cols, int rows);
bool rs_rect_overlap(rs_rect a, rs_rect b);
bool rs_rect_empty(rs_rect r);
bool rs_rect_contains(rs_rect r, int y, int x);

/* Inside the heat box: the grid of cells and what is around it. */
typedef struct {
    rs_rect header;     /* view name and its meaning */
    rs_rect ylabels;    /* step / unit numbers, left of the grid */
    rs_rect grid;       /* the heatmap cells */
    rs_rect taxis;      /* t tick labels under the grid */
    rs_rect words;      /* the words of the first sequence (h = 0 when off) */
    rs_rect legend;     /* colour scale with its numeric range */
    rs_rect caption;    /* the colours in words */
} rs_heat_layout;

/* framed: the area is a box whose border is left free (full layout);
 * otherwise every line of the area is used, the header being the top line.
 * The grid gets at least 3 lines; the words line and the caption (2 lines)
 * only come when there is room (h = 0 otherwise). All empty when the area
 * is too small for a grid. */
#define RS_HEAT_MIN_GRID 3
rs_heat_layout rs_heat_layout_compute(rs_rect area, bool framed, bool words);

/* Inside the decay profile's box (or below its rule): the y labels, the
 * plot, and the t axis under it when there is a line for it. The plot has
 * the heatmap grid's columns when both come from areas of the same x and
 * width (the y labels are as wide as the heatmap's row labels). */
typedef struct {
    rs_rect ylabels, plot, taxis;
} rs_decay_layout;

rs_decay_layout rs_decay_layout_compute(rs_rect area, bool framed);

/* Inside the training curves' box (or below its rule), top to bottom: the
 * numbers line (loss, accuracy, chance), the loss plot, the gradient norm
 * (before clipping, with the clip threshold) and the accuracy when there
 * is room for them (3 lines each, after the loss's 5), the step axis they
 * share, and the theory's two lines when it is folded in here. Each plot
 * rect includes its y labels, RS_PLOT_YLABEL columns. */
#define RS_PLOT_YLABEL 7
#define RS_SMALL_PLOT 3
typedef struct {
    rs_rect numbers, loss, grad, acc, steps, theory;
} rs_loss_layout;

rs_loss_layout rs_loss_layout_compute(rs_rect area, bool framed, bool theory_folded);

/* A centred box of at most w × h inside the screen. */
rs_rect rs_centre(int cols, int rows, int w, int h);

#endif
