/* The live views' numbers (issue 14): a side's spectrum and itemized
 * gradients, computed from its session on demand and kept until the
 * session's revision or the inspected sequence changes. While training
 * runs they are recomputed at most every RS_LIVE_EVERY seconds (and never
 * more often than five times their own cost allows), paused at once — never
 * per frame, never inside a training step. And the phase view's sweep: the
 * side's neighbours trained on worker threads while the live run goes on.
 * Private to src/tui. */
#ifndef RS_TUI_LIVE_H
#define RS_TUI_LIVE_H

#include <stdbool.h>

#include "../view/braille.h"
#include "rnnscope/sweep.h"
#include "rnnscope/session.h"

#define RS_LIVE_EVERY 0.5   /* seconds between recomputations while running */
/* The sequence of the batch the views show: the first, as the heat map's
 * words and the itemized CSV of `run --itemized` (0-based). */
#define RS_LIVE_SEQUENCE 0

typedef struct {
    bool have;          /* computed at least once (the numbers or the error below) */
    long rev;           /* the session's revision they are of */
    int b;              /* the sequence they are of */
    double at, cost;    /* when last computed (rs_now) and how long it took, seconds */
    long step;          /* the steps trained when computed */
    int rc;             /* 0, or −1: msg says why there is nothing */
    char msg[sizeof ((rs_error *)0)->msg];
} rs_live_key;

/* The phase view's sweep over the side's neighbours (view/phase.h's grid),
 * on all cores but one. Made when the view is first shown and made again
 * when a setting it depends on changes — not the two on its axes: changing
 * those moves the live run across the grid, which stays. */
typedef struct {
    rs_sweep *sweep;        /* NULL: none yet, or it could not be made (msg) */
    long steps;             /* each cell trains (view.phase_steps) */
    int jobs;               /* worker threads */
    double started, took;   /* rs_now() at its start; seconds it took (0 while it runs) */
    int stride;             /* the panel shows every stride-th column (a narrow terminal: 2 or 3) */
    /* Where the panel drew the grid last (for a mouse click): the first
     * cell's column and line, a cell's columns and lines, the lines between
     * rows, the columns and rows shown; shown 0: not drawn. */
    int x0, cw, y0, ch, gap, shown, rows;
    char msg[sizeof ((rs_error *)0)->msg];
    rs_config failed;       /* the settings msg is about (made again only for others) */
} rs_live_phase;

typedef struct rs_live {
    rs_live_key sk;
    rs_spectrum sp;
    rs_live_key ik;
    rs_itemized *it;
    int *pred;          /* (T) the steps t′ that predict, in order (it->npredictions of them) */
    int pred_cap;
    rs_braille canvas;  /* the spectrum's, kept between frames (re-made on resize) */
    long computations;  /* how many times the numbers were computed (for the tests' log) */
    rs_live_phase ph;
} rs_live;

/* Bring the numbers of view (RS_VIEW_SPECTRUM or RS_VIEW_ITEMIZED; others:
 * nothing) up to date for session s and sequence b, as the throttle allows. */
void rs_live_update(rs_live *l, const rs_session *s, int view, int b, bool running);

/* The phase view's sweep for session s, each cell trained steps steps:
 * made (show) or kept; a sweep made for other settings is cancelled and
 * freed even when not shown, so that it takes no core in vain. */
void rs_live_phase_update(rs_live *l, const rs_session *s, long steps, bool show);

/* Whether the numbers shown are older than the session (the throttle is holding them). */
bool rs_live_stale(const rs_live_key *k, const rs_session *s);

/* Free the numbers; a running sweep is cancelled and waited for. */
void rs_live_free(rs_live *l);

#endif
