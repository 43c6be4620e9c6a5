/* Screen layout and binning: pure functions of the terminal size and the data
 * sizes, unit-tested without a terminal (nvtop's compute_sizes_from_layout). */
#ifndef RS_TUI_LAYOUT_H
#define RS_TUI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

/* Below the minimum only the "enlarge" message is drawn; from the minimum to
 * the full size the compact layout (heatmap, status, a settings summary);
 * from the full size on the side panels (settings, loss, theory). */
#define RS_TUI_MIN_COLS 44
#define RS_TUI_MIN_ROWS 14
#define RS_TUI_FULL_COLS 80
#define RS_TUI_FULL_ROWS 24

/* Lines of the settings panel: one per setting a key changes (keys.c,
 * rs_setting_rows). The full layout always has room for all of them. */
#define RS_TUI_SETTING_ROWS 12

/* Compare mode (two sessions, left | right): side by side in the compact
 * style from RS_TUI_SPLIT_COLS columns, in boxes with the settings, loss and
 * theory panels below them from RS_TUI_SPLIT_FULL_COLS × RS_TUI_SPLIT_FULL_ROWS;
 * narrower, one side at a time (the focused one). */
#define RS_TUI_SPLIT_COLS 73
#define RS_TUI_SPLIT_FULL_COLS 96
#define RS_TUI_SPLIT_FULL_ROWS 30

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

/* The panels of one session: its heatmap, its info panel (banner,
 * step-through, inspector) and, compact, its settings summary. */
typedef struct {
    rs_rect heat, info, settings;
} rs_side_rects;

/* Every panel of the main screen. Full layout: heat, info, config, loss,
 * theory and caption are boxes including their border. Compact layout:
 * heat, info and caption have no border, their first line is a rule with
 * the title in it; there are no config, loss and theory panels, and a
 * settings summary sits above the heatmap. Title, status and message are
 * single lines. An empty rect is not drawn.
 *
 * One session: side[0]. Compare mode, split: side[0] is the left session,
 * side[1] the right; full, the config, loss and theory panels are below
 * the two (each shows both sessions); compact, a divider column separates
 * them. Compare mode without the room for both (one_side): side[0] holds
 * the focused session and side[1] is empty. */
typedef struct {
    bool too_small;             /* below min_cols × min_rows: draw only the message */
    bool compact;
    bool split;                 /* compare mode, both sessions on screen */
    bool one_side;              /* compare mode, room for one session only */
    int cols, rows;
    int min_cols, min_rows;     /* the smallest size for these options */
    rs_rect title;              /* scenario title bar, top line */
    rs_rect caption;            /* a lesson's caption, under the title */
    rs_side_rects side[2];
    rs_rect divider;            /* compact split: the column between the sides */
    rs_rect config, loss, theory;   /* full: theory is empty when it is folded
                                       into the bottom of the loss box */
    rs_rect status;             /* status line, second to last */
    rs_rect message;            /* message line, last */
} rs_layout;

#define RS_LAYOUT_MAX_RECTS 14

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

/* A centred box of at most w × h inside the screen. */
rs_rect rs_centre(int cols, int rows, int w, int h);

#endif
