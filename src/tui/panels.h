/* The panels of the interactive view, one file each (panel_*.c). A panel
 * draws into its rectangle from the drawing context and the data it shows
 * — sessions, a heat grid, the view's settings — never from the whole app:
 * only the composition (draw.c) and the loop (tui.c) see rs_app. */
#ifndef RS_TUI_PANELS_H
#define RS_TUI_PANELS_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <curses.h>

#include "../view/heat.h"
#include "layout.h"
#include "live.h"
#include "term.h"
#include "widgets.h"
#include "rnnscope/lesson.h"
#include "rnnscope/pair.h"
#include "rnnscope/session.h"

/* What every panel needs. */
typedef struct {
    WINDOW *w;
    const rs_term *t;                 /* the terminal's capabilities: UTF-8, colours */
    bool compact;                     /* the compact layout: rules above panels, not boxes */
    const rs_lesson_view *point;      /* a lesson's step: what it points at; NULL outside a lesson */
    bool panels;                      /* the settings, loss and theory panels are on screen */
} rs_draw_ctx;

static inline bool rs_in_lesson(const rs_draw_ctx *c) { return c->point != NULL; }

/* The sessions on screen: one, or compare mode's left and right. */
typedef struct {
    const rs_session *s[2];
    int n;              /* 1, or 2 in compare mode */
    int focus;          /* the side the keys act on */
    const rs_config *base;  /* the scenario's own config, which its title and
                               summary describe (the left side's); NULL: none */
} rs_sides;

static inline bool rs_comparing(const rs_sides *sd) { return sd->n == 2; }

/* What the heatmap shows, the same for both sides, and the inspector. */
typedef struct {
    int view;           /* rs_view_names index */
    rs_heat_opts scale; /* relative to t = T or absolute; the colour range (0: fit) */
    bool words;         /* words of the first sequence along the t axis */
    bool cursor;        /* the inspector is on (on the focused side) */
    int cur_bin, cur_row;   /* its cell: timestep bin, data row from the bottom */
    int item_tp, item_s;    /* the itemized view's inspector: prediction t′ and step s (0: the last, s = t′) */
    int phase_i, phase_j;   /* the phase view's inspected cell: column, row (−1: the live run's) */
} rs_heat_view;

/* The training loop's state, as the status line says it. */
typedef struct {
    bool running;
    double steps_per_s, fps;    /* measured over about a second */
    double limit;               /* the speed set with ( ): steps (rounds) per second; 0 as fast as it goes */
} rs_run_rates;

/* A session's cell, typed (the front ends switch on it, never on a string). */
static inline rs_cell rs_cell_of(const rs_session *s) { return rs_session_settings(s)->model.cell; }

/* ---- what a lesson points at (point.c) ---------------------------------------- */

/* The lesson points at a panel ("heatmap", "loss", "theory", "config", "status"). */
bool rs_points_at(const rs_draw_ctx *c, const char *panel);
/* The config key it points at, as the settings panel has it (init.std and
 * its kin are on W_hh init's row); NULL when it points at none. */
const char *rs_pointed_key(const rs_draw_ctx *c);
/* Whether the settings panel has a row for a config key. */
bool rs_setting_has_row(const char *key);
/* The border role of a panel: RS_ROLE_POINT when a lesson points at it (the
 * settings: also at a key without a row), else RS_ROLE_BORDER. */
rs_role rs_point_border(const rs_draw_ctx *c, const char *panel);

/* ---- title, status line, message line, help, too small (panel_chrome.c) ------------- */

/* Side k in a few words: "rnn tanh", "lstm", and up to two settings in
 * which it differs from the other side ("lstm lr 0.01"). */
void rs_describe_side(const rs_sides *sd, int k, char *buf, size_t n);
/* one_side: compare mode with the room for the focused side only. */
void rs_draw_title(const rs_draw_ctx *c, rs_rect r, const rs_sides *sd, bool one_side, const char *scenario);
void rs_draw_status(const rs_draw_ctx *c, rs_rect r, const rs_sides *sd, const rs_run_rates *run);
/* The message, or without one what to do next. */
void rs_draw_message(const rs_draw_ctx *c, rs_rect r, const char *msg, bool error, const rs_sides *sd, bool one_side);
/* Compact compare mode: the column between the sides. */
void rs_draw_divider(const rs_draw_ctx *c, rs_rect r);
/* The keys over a cols × rows screen, *page of them (set back to the first
 * when past the last); returns the pages the screen needs. */
int rs_draw_help(const rs_draw_ctx *c, int cols, int rows, int *page);
void rs_draw_too_small(const rs_draw_ctx *c, int cols, int rows, int min_cols, int min_rows);

/* ---- the heatmap (panel_heat.c, panel_legend.c) ------------------------------------ */

/* Side k's heatmap panel: the box or rule with its title, the view's header,
 * the grid g, row labels, the t axis, the words, the inspector's marks and
 * a lesson's timestep. Returns whether the grid was drawn (then its legend
 * goes below it). */
bool rs_draw_heat(const rs_draw_ctx *c, const rs_side_rects *r, const rs_heat_layout *hl, const rs_heat_grid *g,
                  const rs_sides *sd, int k, const rs_heat_view *v);
/* The colour scale with its range and the colours in words; shared_scale:
 * both sides of compare mode on one scale. */
void rs_draw_legend(const rs_draw_ctx *c, const rs_heat_layout *hl, const rs_heat_grid *g, int view, rs_cell cell,
                    bool shared_scale);
/* The word of the first sequence at timestep t (1-based), NULL when the
 * task's inputs are not words or the batch is not of length T. */
const char *rs_first_word(const rs_session *s, int T, int t);

/* ---- the live views of issue 14 (panel_spectrum.c, panel_itemized.c, panel_phase.c) ------------------ */

/* The box of side k's live view in the heat map's place: titled with the
 * side in compare mode, else with title; marked when a lesson points at
 * the heat map, or when it has the focus. */
rs_panel rs_open_view_panel(const rs_draw_ctx *c, rs_rect box, const rs_sides *sd, int k, const char *title);
/* Side k's spectrum in the heat map's box: the eigenvalues in the complex
 * plane (braille), the circles, ρ, σ_max, the circle law, γ·σ_max. live: its
 * numbers, brought up to date by the caller (rs_live_update). */
void rs_draw_spectrum(const rs_draw_ctx *c, rs_rect box, const rs_sides *sd, int k, rs_live *live);
/* Side k's itemized gradients in the heat map's box: the triangle, the
 * inspected prediction, its input symbols coloured by connectivity. */
void rs_draw_itemized(const rs_draw_ctx *c, rs_rect box, const rs_sides *sd, int k, const rs_heat_view *v,
                      rs_live *live);

/* Side k's phase diagram in the heat map's box (panel_phase.c): its
 * neighbours' reach and decay as a grid filling while the sweep runs, the
 * γ·σ_max = 1 line, the live run's cell (◆) and the inspected one. live:
 * its sweep, made or kept by the caller (rs_live_phase_update); the panel
 * notes in it which columns fit (stride) for the inspector's keys. */
void rs_draw_phase(const rs_draw_ctx *c, rs_rect box, const rs_sides *sd, int k, const rs_heat_view *v,
                   rs_live *live);
/* The cell (column i, row j) drawn at screen cell (y, x) in the last frame;
 * false off the grid. */
bool rs_phase_cell_at(const rs_live *live, int y, int x, int *i, int *j);

/* ---- the decay profile (panel_decay.c) ---------------------------------------------- */

/* The decay profile of the latest step in its box (or under its rule): the
 * sessions' lines on one fixed range of decades, widened with the heat
 * map's range v (rs_decay_span; compare mode: both sides, each in its colour), the theory's envelope where it applies (else what
 * holds instead), the 10⁻⁶ reach line and the task's markers. under: the
 * side whose heatmap is right above it (its columns, t for t), or −1 for a
 * panel of its own (compare mode's strip: its own t axis). */
void rs_draw_decay(const rs_draw_ctx *c, rs_rect r, const rs_sides *sd, int under, const rs_heat_view *v);

/* ---- the info panel: divergence banner, step-through, inspector (panel_info.c) ------ */

void rs_draw_info(const rs_draw_ctx *c, rs_rect r, const rs_heat_grid *g, const rs_sides *sd, int k,
                  const rs_heat_view *v);

/* ---- settings, loss, theory (panel_settings.c, panel_loss.c, panel_theory.c) ------- */

void rs_draw_settings(const rs_draw_ctx *c, rs_rect r, const rs_sides *sd, const rs_heat_view *v);
/* Compact: side s's settings in one or two lines. */
void rs_draw_settings_summary(const rs_draw_ctx *c, rs_rect r, const rs_session *s, const rs_heat_view *v);

/* theory_folded: the theory's lines close the loss box (no theory panel). */
void rs_draw_loss(const rs_draw_ctx *c, rs_rect r, const rs_sides *sd, bool theory_folded);
/* The loss in a few lines of a panel: the numbers, then a sparkline. */
void rs_loss_lines(const rs_draw_ctx *c, const rs_session *s, rs_panel *p);

void rs_draw_theory(const rs_draw_ctx *c, rs_rect r, const rs_sides *sd);
/* The theory against the measurement in the lines the panel has. */
void rs_theory_lines(const rs_draw_ctx *c, const rs_session *s, rs_panel *p);

/* ---- a lesson's caption (panel_caption.c) ----------------------------------------- */

/* Step `step` of the lesson; pending: it is being trained for (no note on
 * what it points at yet); s: the left session (the pointed key's value);
 * autoplay_in: seconds to the next page, < 0 without autoplay. */
void rs_draw_caption(const rs_draw_ctx *c, rs_rect r, const rs_lesson *l, int step, bool pending, const rs_session *s,
                     double autoplay_in);

#endif
