/* The interactive view's state, shared by the loop (tui.c), the
 * composition of the screen (draw.c), the placing of the sides (place.c)
 * and the lesson player's front end (lesson_ui.c). The panels (panel_*.c)
 * do not see it: they take the data they show. Private to src/tui. */
#ifndef RS_TUI_APP_H
#define RS_TUI_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "../app/launch.h"
#include "../view/heat.h"
#include "layout.h"
#include "panels.h"
#include "term.h"
#include "rnnscope/lesson.h"
#include "rnnscope/pair.h"
#include "rnnscope/session.h"

/* One session on screen: one side of compare mode, or the only one. */
typedef struct {
    rs_session *s;              /* the pair's side (rs_app_sync keeps it so) */
    rs_side_rects r;            /* where it is drawn; empty when it is not shown */
    rs_heat_layout hl;
    rs_heat_grid grid;          /* rebuilt every frame from the session */
    rs_live live;               /* the spectrum, itemized and phase views' numbers (live.c) */
} rs_side;

typedef struct {
    /* Compare mode: two sessions on the very same batches (the pair), side
     * 0 the left (the scenario's settings), side 1 the right; keys that
     * change a setting act on the focused side, the shared ones (task.*,
     * train.batch) on both. */
    rs_pair *pair;              /* owned, or the lesson player's */
    rs_side side[2];
    int nsides;                 /* 1, or 2 in compare mode: rs_pair_count */
    int focus;                  /* the side the keys act on */
    rs_term term;
    const char *scenario;       /* as given on the command line (or the default) */

    /* Lesson mode: the player owns the sessions (side[k].s point into it). */
    rs_lesson_player *lesson;
    const char *lesson_name;    /* as given on the command line */
    bool lesson_touched;        /* the sessions changed since the step was shown: the player replays */
    int lesson_pending;         /* the step being trained for (its caption shows meanwhile), −1: none */
    double autoplay;            /* seconds per lesson step; 0: only by key */
    double next_page_at;        /* autoplay: when to show the next step (0: not due) */
    char fatal[sizeof ((rs_error *)0)->msg];   /* a lesson step that failed so the lesson cannot go on (printed at exit) */

    bool running;               /* training continuously */
    int speed;                  /* rs_speed_ladder index: steps (rounds) per second, or as fast as it goes */
    double next_step_at;        /* paced training: when the next step is due (0: at once) */
    /* The scenario's own config (defaults and the scenario file, without
     * --set or a key pressed since): the title and the summary say how the
     * run on screen differs from it. have_base false: a lesson (its steps
     * change the settings by design). */
    rs_config base;
    bool have_base;
    bool help;                  /* help overlay open */
    int help_page, help_pages;  /* the page shown; how many the screen needs (set by the drawing) */
    bool quit;
    int view;                   /* rs_view_names index, the same for both sides */
    bool relative;              /* scale: relative to t = T (true) or absolute */
    int range;                  /* the colour range, ± decades (view.range); 0: fit to the data */
    int range_fixed;            /* the fixed range f goes back to */
    bool words;                 /* words of the first sequence along the t axis */

    bool cursor;                /* inspector visible (on the focused side) */
    int cur_bin, cur_row;       /* its cell: timestep bin, data row counted from the bottom */
    int item_tp, item_s;        /* the itemized view's inspector: prediction t′, step s (0: the last; s = t′) */
    int phase_i, phase_j;       /* the phase view's inspected cell (−1: the live run's) */
    long phase_steps;           /* the steps each cell of the phase view trains (view.phase_steps) */

    char msg[600];              /* the message line: what the last key did, or an error */
    bool msg_error;

    /* rates, measured over about a second */
    double steps_per_s, fps;
    long rate_steps, rate_frames;
    double rate_since;

    rs_layout layout;
} rs_app;

/* Point the sides at the pair's sessions (after the pair changed). */
void rs_app_sync(rs_app *a);

/* Side k in a few words: "rnn tanh", "lstm", and up to two settings in
 * which it differs from the other side ("lstm lr 0.01"). */
void rs_side_describe(const rs_app *a, int k, char *buf, size_t n);

/* Draw the whole screen into stdscr (no refresh). */
void rs_draw(rs_app *a);

/* Re-compute the layout and each side's place for the current terminal size
 * (place.c). */
void rs_app_relayout(rs_app *a);

/* The side drawn at a screen cell's heatmap, and the grid coordinates
 * there (bin, data row from the bottom); false when it is not on a data cell. */
bool rs_app_cell_at(const rs_app *a, int y, int x, int *side, int *bin, int *row_from_bottom);

/* Whether a side is on screen (compare mode without the room: the focused one only). */
bool rs_side_shown(const rs_side *sd);

/* The main loop: train, read keys, draw, until quit. */
void rs_app_run(rs_app *a);

/* Lay out, draw and show one frame (one doupdate). */
void rs_app_frame(rs_app *a);

/* The message line: what the last key did, or an error. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void rs_app_say(rs_app *a, bool error, const char *fmt, ...);

/* What a message is about: "left: " or "right: " in compare mode, else "". */
const char *rs_app_prefix(const rs_app *a, int k);
/* The sessions changed: a lesson player replays from the seeds next time. */
void rs_app_touched(rs_app *a);
/* Whether the view shows something on some side (g_c: an lstm); else back to g_h. */
bool rs_app_keep_view(rs_app *a);

/* ---- changing the config from a key (change.c) -------------------------------- */

/* Change one key of the focused side's config (set to value, or cycle a
 * choice by dir), of both sides when they share it; the message says what
 * changed and whether training re-initialised or continues. `what`: the
 * setting in words. On error the message says why and nothing changes. */
void rs_app_apply(rs_app *a, const char *key, const char *value, int dir, const char *what);
/* A real key × factor, within its range. */
void rs_app_scale_real(rs_app *a, const char *key, double factor, const char *what);
/* < >: the next sequence length down or up. */
void rs_app_change_length(rs_app *a, int dir);
/* u U: half or twice the hidden units. */
void rs_app_change_hidden(rs_app *a, int dir);
/* Enter in the phase view: the inspected cell becomes the focused side's run. */
void rs_app_open_phase_cell(rs_app *a);
/* g G: W_hh's scale (init.std, .range or .gain by its kind) ÷ or × 1.25. */
void rs_app_scale_init(rs_app *a, int dir);

/* e: what the focused side shows, as SVG + CSV in the current folder (export.c). */
void rs_app_export(rs_app *a);

/* Free what the app owns (grids; the sessions unless a lesson owns them). */
void rs_app_free(rs_app *a);

/* ---- lesson mode ------------------------------------------------------------ */

/* Show lesson step i (lesson_ui.c): "training N steps…" first, then the
 * player's goto, then the sessions, view and running state it left. false
 * (and a message) when the step could not be shown. */
bool rs_lesson_show(rs_app *a, int i);

/* → and ←: the next or previous step (dir = +1, −1); at either end the
 * message line says so. Autoplay's timer starts again. */
void rs_lesson_turn(rs_app *a, int dir);

/* The step whose caption is shown: the one being trained for, else the
 * one shown (place.c). */
int rs_lesson_caption_step(const rs_app *a);

/* The lines the step's caption needs at a width (place.c; for the layout). */
int rs_lesson_caption_lines(const rs_app *a, int width);

#endif
