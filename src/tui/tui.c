/* The interactive view (DESIGN §7): one loop that trains, reads keys and
 * draws. Paused it blocks in wgetch (no CPU); running it trains until the
 * frame deadline, draws once (one doupdate), and reads keys without blocking.
 *
 * Compare mode: the pair's two sessions, left and right, trained in
 * lockstep (rs_pair_round): both see batch k at their step k. A side that
 * diverges halts alone; the other goes on. */
#include "tui.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../app/launch.h"
#include "../app/outfile.h"
#include "../view/phase.h"
#include "../view/views.h"
#include "app.h"
#include "keys.h"
#include "rnnscope/pair.h"

#define FRAME_SECONDS (1.0 / 30.0)

static void vsay(rs_app *a, bool error, const char *fmt, va_list ap)
{
    vsnprintf(a->msg, sizeof a->msg, fmt, ap);
    a->msg_error = error;
}

void rs_app_say(rs_app *a, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(a, error, fmt, ap);
    va_end(ap);
}

/* The same, for this file. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void say(rs_app *a, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(a, error, fmt, ap);
    va_end(ap);
}


/* Messages are written in UTF-8: the message line is drawn through rs_put,
 * which turns them into ASCII on a terminal that is not UTF-8 (" · ", the
 * list separator, becomes " | "). */
#define DOT " · "
#define ARROW " → "

static bool comparing(const rs_app *a) { return a->nsides == 2; }
static rs_side *focused(rs_app *a) { return &a->side[a->focus]; }

const char *rs_app_prefix(const rs_app *a, int k)
{
    static const char *const p[2] = {"left: ", "right: "};
    return comparing(a) ? p[k] : "";
}

static const char *prefix(const rs_app *a, int k) { return rs_app_prefix(a, k); }

void rs_app_touched(rs_app *a)
{
    if (a->lesson) {
        rs_lesson_player_touched(a->lesson);
        a->lesson_touched = true;
    }
}

static void touched(rs_app *a) { rs_app_touched(a); }

bool rs_app_keep_view(rs_app *a)
{
    for (int k = 0; k < a->nsides; k++)
        if (rs_view_applies(a->view, rs_session_settings(a->side[k].s)->model.cell))
            return true;
    a->view = RS_VEC_G_H;
    return false;
}

static bool keep_view(rs_app *a) { return rs_app_keep_view(a); }

/* ---- training ------------------------------------------------------------------ */

void rs_app_sync(rs_app *a)
{
    a->nsides = rs_pair_count(a->pair);
    for (int k = 0; k < 2; k++) {
        a->side[k].s = rs_pair_session(a->pair, k);
        /* a frame never waits for ρ's dgeev: it runs beside training */
        if (a->side[k].s)
            rs_session_spectral_in_background(a->side[k].s, true);
    }
    if (a->focus >= a->nsides)
        a->focus = 0;
}

/* What a round did to side k, in the message line. */
static void report(rs_app *a, int k, rs_round r)
{
    rs_session *s = a->side[k].s;
    switch (r) {
    case RS_ROUND_AGAIN:
        say(a, true, "%sthe same batch diverged again: try a cure first (c clipping, - learning rate, i init) or r to "
            "start over", prefix(a, k));
        break;
    case RS_ROUND_DIVERGED:
        if (comparing(a))
            say(a, true, "the %s side diverged at step %ld and halts; the %s trains on (%s on the %s to cure it)",
                rs_pair_side_names[k], rs_session_last(s) ? rs_session_last(s)->step : rs_session_diverged_at(s),
                rs_pair_side_names[1 - k], a->focus == k ? "c, - or i" : "Tab, then c, - or i", rs_pair_side_names[k]);
        else
            a->msg[0] = '\0';
        break;
    case RS_ROUND_RECOVERED:
        say(a, false, "%srecovered: step %ld trained with finite numbers below 10¹⁰⁰, from the weights after step %ld",
            prefix(a, k), rs_session_steps(s), rs_session_steps(s) - 1);
        break;
    default:
        break;
    }
}

/* One lockstep round: every side that is not halted (diverged and not
 * given another try) trains one step. Training stops when every side is
 * diverged. */
static void train_round(rs_app *a)
{
    rs_round r[2];
    if (rs_pair_round(a->pair, r)) {
        a->rate_steps++;
        touched(a);
    }
    for (int k = 0; k < a->nsides; k++)
        report(a, k, r[k]);
    if (rs_pair_all_diverged(a->pair))
        a->running = false;
}

/* ---- compare mode --------------------------------------------------------------------- */

/* m: split into left (as now) and right (the scenario's [compare] settings,
 * else the same with model.cell = lstm, or rnn when the left is an lstm:
 * the cell is what compare mode is most often for), both from the seeds;
 * m again: keep the left. */
static void toggle_compare(rs_app *a)
{
    char err[1024], left[160], right[160];
    if (a->lesson) {
        say(a, true, "in a lesson the steps decide when the screen splits: %s next step, %s back",
            "→", "←");
        return;
    }
    if (comparing(a)) {
        rs_side_describe(a, 0, left, sizeof left);
        rs_side_describe(a, 1, right, sizeof right);
        rs_pair_join(a->pair);
        rs_heat_free(&a->side[1].grid);
        memset(&a->side[1], 0, sizeof a->side[1]);
        a->focus = 0;
        rs_app_sync(a);
        a->cursor = false;
        keep_view(a);
        say(a, false, "compare off: kept the left side (%s, at step %ld); the right (%s) is closed", left,
            rs_session_steps(a->side[0].s), right);
        return;
    }
    const rs_config *l = rs_session_config(a->side[0].s);
    rs_config r;
    const char *how;
    if (l->compare.count > 0) {
        if (rs_compare_config(l, &r, err, sizeof err) != 0) {
            say(a, true, "compare: the scenario's [compare] settings do not work here: %s", err);
            return;
        }
        how = "the scenario's [compare]";
    } else {
        r = *l;
        r.compare.count = 0;
        const bool lstm = rs_session_settings(a->side[0].s)->model.cell == RS_CELL_LSTM;
        if (rs_config_set(&r, "model.cell", lstm ? "rnn" : "lstm", err, sizeof err) != 0) {
            say(a, true, "compare: %s", err);
            return;
        }
        how = lstm ? "the left with model.cell = rnn" : "the left with model.cell = lstm";
    }
    rs_error e = {0};
    if (rs_pair_split(a->pair, &r, &e) != 0) {
        say(a, true, "compare: the right side cannot be built: %s", e.msg);
        return;
    }
    a->side[1] = (rs_side){0};
    a->focus = 0;
    rs_app_sync(a);
    a->cursor = false;
    rs_side_describe(a, 0, left, sizeof left);
    rs_side_describe(a, 1, right, sizeof right);
    say(a, false, "compare: left %s | right %s (%s), on the very same batches from step 0%sTab: focus%sm: back to one",
        left, right, how, DOT, DOT);
}

static void switch_focus(rs_app *a)
{
    if (!comparing(a)) {
        say(a, false, "Tab moves the focus between the two sides of compare mode: m splits the screen");
        return;
    }
    a->focus = 1 - a->focus;
    a->cursor = false;
    char d[160];
    rs_side_describe(a, a->focus, d, sizeof d);
    say(a, false, "focus: the %s side (%s): a i C s c t - + act on it; < > r on both", rs_pair_side_names[a->focus], d);
}

/* ---- views ------------------------------------------------------------------------------ */

/* v and V: the next or the previous view (g_c offered when a side is an lstm). */
static void change_view(rs_app *a, int dir)
{
    rs_cell cell = rs_session_settings(focused(a)->s)->model.cell;
    for (int s = 0; s < a->nsides; s++)
        if (rs_cell_has_cell_state(rs_session_settings(a->side[s].s)->model.cell))
            cell = RS_CELL_LSTM;
    a->view = dir > 0 ? rs_view_next(a->view, cell) : rs_view_prev(a->view, cell);
    say(a, false, "view: %s%s%s", rs_view_names[a->view], DOT, rs_view_meaning(a->view, cell));
}

/* p: the steps each cell of the phase view trains, 0 → 100 → 1000 → 0. */
static void change_phase_steps(rs_app *a)
{
    const long before = a->phase_steps;
    a->phase_steps = before == 0 ? 100 : before == 100 ? 1000 : 0;
    say(a, false, "phase view: each cell %s%s%s", a->phase_steps ? "trains " : "is only differentiated at initialisation",
        a->phase_steps == 100 ? "100 steps" : a->phase_steps == 1000 ? "1000 steps (slower: watch it fill)" : "",
        a->view == RS_VIEW_PHASE ? " · the grid starts again" : " · V from g_h shows it");
}

/* ---- the colour range ------------------------------------------------------------------ */

/* [ and ]: a rung down or up the ladder (from fit: beyond the range fitted
 * now); f: fit to the data, or back to the fixed range. View only. */
static void change_range(rs_app *a, int dir)
{
    const int before = a->range, next = rs_range_next(before > 0 ? before : (int)focused(a)->grid.range, dir);
    if (!next) {
        say(a, false, "colour range ±%d decades is the %s offered", before ? before : (int)focused(a)->grid.range,
            dir > 0 ? "widest (all of double's range)" : "narrowest");
        return;
    }
    a->range = a->range_fixed = next;
    say(a, false, "colour range: ±%d → ±%d decades%sone colour step = %.3g decades%sthe same for every run",
        before ? before : (int)focused(a)->grid.range, next, DOT, (double)next / rs_scheme_steps(a->term.scheme), DOT);
}

static void toggle_fit(rs_app *a)
{
    a->range = a->range > 0 ? 0 : a->range_fixed;
    if (a->range == 0)
        say(a, false, "colour range: fit to the values shown (its ends move with the data; two runs' colours no longer "
            "compare)%sf: back to ±%d", DOT, a->range_fixed);
    else
        say(a, false, "colour range: ±%d decades, fixed: a colour means the same size for every run", a->range);
}

/* ---- the inspector's cursor ----------------------------------------------------------- */

/* The itemized view's inspector: ↑↓ the prediction t′ (one predicting step
 * per press), ←→ the step s ≤ t′ (one per press). */
static void move_item_cursor(rs_app *a, int ds, int dp)
{
    const rs_live *l = &focused(a)->live;
    if (!l->ik.have || l->ik.rc != 0 || !l->it || l->it->npredictions <= 0) {
        say(a, false, "nothing to inspect yet: train a step first (n or space)");
        return;
    }
    const int np = l->it->npredictions;
    int ip = np - 1;
    for (int i = 0; i < np; i++)
        if (a->item_tp > 0 && l->pred[i] <= a->item_tp)
            ip = i;
    const int old_tp = l->pred[ip];
    int s = a->item_s >= 1 && a->item_s <= old_tp ? a->item_s : old_tp;
    ip += dp;
    ip = ip < 0 ? 0 : ip >= np ? np - 1 : ip;
    const int tp = l->pred[ip];
    /* s stays on the diagonal while it is there, else where it was (≤ t′) */
    s = s == old_tp ? tp : s;
    s += ds;
    s = s < 1 ? 1 : s > tp ? tp : s;
    a->item_tp = tp;
    a->item_s = s;
}

/* The phase view's inspector: a cell of the focused side's grid, starting
 * from the live run's (or the middle when the run is off the grid). */
static void move_phase_cursor(rs_app *a, int di, int dj)
{
    const rs_sweep *sw = focused(a)->live.ph.sweep;
    if (!sw) {
        say(a, false, "nothing to inspect yet: the phase diagram is starting");
        return;
    }
    const int nx = rs_sweep_nx(sw), ny = rs_sweep_ny(sw);
    if (a->phase_i < 0 || a->phase_i >= nx || a->phase_j < 0 || a->phase_j >= ny) {
        rs_phase_where(sw, rs_session_config(focused(a)->s), &a->phase_i, &a->phase_j);
        a->phase_i = a->phase_i < 0 ? nx / 2 : a->phase_i;
        a->phase_j = a->phase_j < 0 ? ny / 2 : a->phase_j;
    }
    /* on the columns the panel shows (a narrow one: every other or third) */
    const int stride = focused(a)->live.ph.stride > 1 ? focused(a)->live.ph.stride : 1;
    const int last = (nx - 1) / stride * stride;
    int i = (a->phase_i + stride / 2) / stride * stride + di * stride;
    a->phase_i = i < 0 ? 0 : i > last ? last : i;
    a->phase_j = a->phase_j + dj < 0 ? 0 : a->phase_j + dj >= ny ? ny - 1 : a->phase_j + dj;
}

static void move_cursor(rs_app *a, int dbin, int drow)
{
    if (a->view == RS_VIEW_PHASE) {
        move_phase_cursor(a, dbin, drow);
        return;
    }
    if (a->view == RS_VIEW_ITEMIZED) {
        move_item_cursor(a, dbin, drow);
        return;
    }
    if (a->view == RS_VIEW_SPECTRUM) {
        say(a, false, "the spectrum has no inspector: its numbers are beside the plot (v: the next view)");
        return;
    }
    const rs_heat_grid *g = &focused(a)->grid;
    if (g->nrows == 0 || g->tb.nbins == 0) {
        say(a, false, "nothing to inspect yet: train a step first (n or space)");
        return;
    }
    if (!a->cursor) {
        a->cursor = true;
        a->cur_bin = g->tb.nbins - 1;
        a->cur_row = 0;
        return;
    }
    a->cur_bin += dbin;
    a->cur_row -= drow;     /* rows count from the bottom; up is older */
    if (a->cur_bin < 0) a->cur_bin = 0;
    if (a->cur_bin >= g->tb.nbins) a->cur_bin = g->tb.nbins - 1;
    if (a->cur_row < 0) a->cur_row = 0;
    if (a->cur_row >= g->nrows) a->cur_row = g->nrows - 1;
}

static void mouse(rs_app *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return;
    if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
        return;
    int side, bin, row;
    if (a->view == RS_VIEW_PHASE) {
        /* a click inspects a cell of the phase diagram (and focuses its side) */
        for (int k = 0; k < a->nsides; k++)
            if (rs_side_shown(&a->side[k]) && rs_phase_cell_at(&a->side[k].live, ev.y, ev.x, &bin, &row)) {
                a->focus = k;
                a->phase_i = bin;
                a->phase_j = row;
            }
        return;
    }
    if (rs_app_cell_at(a, ev.y, ev.x, &side, &bin, &row)) {
        a->focus = side;        /* a click on a side focuses it */
        a->cursor = true;
        a->cur_bin = bin;
        a->cur_row = row;
    }
}

/* ---- keys ------------------------------------------------------------------------------ */

/* ( ): the training speed one rung down or up the ladder (1 … 100 steps/s,
 * then as fast as it goes); the status line shows it. */
static void change_speed(rs_app *a, int dir)
{
    const int n = (int)rs_speed_ladder_n;
    const int next = a->speed + dir;
    if (next < 0 || next >= n) {
        say(a, false, "%s", dir < 0 ? "training speed: 1 step/s is the slowest ( ) ) speeds up)"
                                    : "training speed: as fast as it goes is the fastest ( ( ) slows down)");
        return;
    }
    a->speed = next;
    a->next_step_at = 0.0;
    const double r = rs_speed_ladder[a->speed];
    const char *unit = comparing(a) ? "round" : "step";
    if (r > 0.0)
        say(a, false, "training speed: %.0f %s%s/s%s", r, unit, r == 1.0 ? "" : "s",
            a->running ? "" : " · space trains at it");
    else
        say(a, false, "training speed: as fast as it goes%s", a->running ? "" : " · space trains");
}

/* b: one timestep back on the focused side; past t = 1 the step finishes,
 * and the other side trains its step with it (lockstep). */
static void bptt_key(rs_app *a)
{
    rs_side *f = focused(a);
    a->running = false;
    if (!rs_session_bptt_active(f->s)) {
        rs_session_bptt_begin(f->s);
        touched(a);
    }
    rs_bptt_view v;
    if (rs_session_bptt_step(f->s, &v)) {
        a->msg[0] = '\0';
    } else {
        rs_pair_retry_side(a->pair, a->focus);
        train_round(a);
        if (!rs_session_diverged(f->s))
            say(a, false, "%sstep %ld finished: gradients clipped (if on) and the weights updated%s", prefix(a, a->focus),
                rs_session_steps(f->s), comparing(a) ? "; the other side trained its step too" : "");
    }
}

static void handle_key(rs_app *a, int ch)
{
    if (ch == KEY_RESIZE) {
        rs_app_relayout(a);
        return;
    }
    if (ch == KEY_MOUSE) {
        mouse(a);
        return;
    }
    if (a->help) {
        /* Space pages through a help taller than the screen; any other key
         * (and space on the last page) closes it. */
        if (ch == ' ' && a->help_page + 1 < a->help_pages)
            a->help_page++;
        else
            a->help = false;
        return;
    }
    if (a->layout.too_small) {
        if (ch == 'q' || ch == 'Q')
            a->quit = true;
        return;
    }
    const rs_tui_key *k = rs_tui_key_find(ch, a->lesson ? RS_IN_LESSON : RS_IN_VIEW);
    if (!k && a->lesson && ch == 'm') {
        say(a, true, "in a lesson the steps decide when the screen splits: %s next step, %s back",
            "→", "←");
        return;
    }
    if (!k) {
        if (ch > 32 && ch < 127)
            say(a, true, "the key '%c' does nothing here: ? shows the keys", ch);
        else
            say(a, true, "that key does nothing here: ? shows the keys");
        return;
    }
    rs_side *f = focused(a);
    const rs_config *c = rs_session_config(f->s);
    char v[64];
    switch (k->action) {
    case RS_ACT_RUN:
        if (rs_session_bptt_active(f->s)) {
            rs_pair_retry_side(a->pair, a->focus);
            train_round(a);
        }
        a->running = !a->running;
        if (a->running) {
            rs_pair_retry(a->pair);
            a->next_step_at = 0.0;      /* paced: the first step at once */
            a->rate_since = rs_now();
            a->rate_steps = a->rate_frames = 0;
            if (!a->msg_error)
                a->msg[0] = '\0';
        }
        break;
    case RS_ACT_STEP:
        a->running = false;
        rs_pair_retry(a->pair);
        train_round(a);
        break;
    case RS_ACT_BPTT: bptt_key(a); break;
    case RS_ACT_ACTIVATION:
        if (!rs_key_applies(rs_key_find("model.activation"), c))
            say(a, true, "%sthe %s has no activation to choose: its gates are %s and its candidate tanh (a is for rnn and "
                "skip; C changes the cell)", prefix(a, a->focus), c->model.cell, "σ");
        else
            rs_app_apply(a, "model.activation", NULL, +1, "activation");
        break;
    case RS_ACT_INIT: rs_app_apply(a, "init.recurrent", NULL, +1, "W_hh init"); break;
    case RS_ACT_CELL: rs_app_apply(a, "model.cell", NULL, +1, "cell"); break;
    case RS_ACT_SEED:
        snprintf(v, sizeof v, "%ld", c->train.seed + 1);
        rs_app_apply(a, "train.seed", v, 0, "weight seed");
        break;
    case RS_ACT_RESET:
        rs_pair_reset(a->pair);
        touched(a);
        say(a, false, "reset%s: weights from seed %ld, data from seed %ld, back to step 0", comparing(a) ? " (both sides)" : "",
            c->train.seed, c->task.seed);
        break;
    case RS_ACT_CLIP: rs_app_apply(a, "train.clip", NULL, +1, "clipping"); break;
    case RS_ACT_CLIP_DOWN: rs_app_scale_real(a, "train.clip_threshold", 0.5, "clip threshold"); break;
    case RS_ACT_CLIP_UP: rs_app_scale_real(a, "train.clip_threshold", 2.0, "clip threshold"); break;
    case RS_ACT_TBPTT:
        snprintf(v, sizeof v, "%ld", rs_tbptt_next(c->train.tbptt));
        rs_app_apply(a, "train.tbptt", v, 0, "BPTT window");
        break;
    case RS_ACT_LR_DOWN: rs_app_scale_real(a, "train.lr", 0.5, "learning rate"); break;
    case RS_ACT_LR_UP: rs_app_scale_real(a, "train.lr", 2.0, "learning rate"); break;
    case RS_ACT_LEN_DOWN: rs_app_change_length(a, -1); break;
    case RS_ACT_LEN_UP: rs_app_change_length(a, +1); break;
    case RS_ACT_VIEW: change_view(a, +1); break;
    case RS_ACT_VIEW_PREV: change_view(a, -1); break;
    case RS_ACT_PHASE_STEPS: change_phase_steps(a); break;
    case RS_ACT_OPEN_CELL: rs_app_open_phase_cell(a); break;
    case RS_ACT_SCALE:
        a->relative = !a->relative;
        say(a, false, a->relative ? "scale: relative, each row divided by its value at t = T (1 = same size as at the end)"
                                  : "scale: absolute, log10 of the raw values");
        break;
    case RS_ACT_RANGE_NARROW: change_range(a, -1); break;
    case RS_ACT_RANGE_WIDE: change_range(a, +1); break;
    case RS_ACT_RANGE_FIT: toggle_fit(a); break;
    case RS_ACT_WORDS:
        a->words = !a->words;
        rs_app_relayout(a);
        say(a, false, "the input along the t axis: %s", a->words ? "on (the first sequence of the last batch: the "
                                                                   "task's markers, its words)" : "off");
        break;
    case RS_ACT_LEFT: move_cursor(a, -1, 0); break;
    case RS_ACT_RIGHT: move_cursor(a, +1, 0); break;
    case RS_ACT_UP: move_cursor(a, 0, -1); break;
    case RS_ACT_DOWN: move_cursor(a, 0, +1); break;
    case RS_ACT_CURSOR_OFF:
        a->cursor = false;
        a->phase_i = a->phase_j = -1;   /* the phase view's inspector back on the live run */
        break;
    case RS_ACT_COMPARE:
        toggle_compare(a);
        rs_app_relayout(a);
        break;
    case RS_ACT_FOCUS:
        switch_focus(a);
        rs_app_relayout(a);
        break;
    case RS_ACT_EXPORT: rs_app_export(a); break;
    case RS_ACT_LESSON_NEXT: rs_lesson_turn(a, +1); break;
    case RS_ACT_LESSON_PREV: rs_lesson_turn(a, -1); break;
    case RS_ACT_SLOWER: change_speed(a, -1); break;
    case RS_ACT_FASTER: change_speed(a, +1); break;
    case RS_ACT_OPTIMIZER: rs_app_apply(a, "train.optimizer", NULL, +1, "optimiser"); break;
    case RS_ACT_HIDDEN_DOWN: rs_app_change_hidden(a, -1); break;
    case RS_ACT_HIDDEN_UP: rs_app_change_hidden(a, +1); break;
    case RS_ACT_INIT_SCALE_DOWN: rs_app_scale_init(a, -1); break;
    case RS_ACT_INIT_SCALE_UP: rs_app_scale_init(a, +1); break;
    case RS_ACT_HELP:
        a->help = true;
        a->help_page = 0;
        break;
    case RS_ACT_QUIT: a->quit = true; break;
    default: break;
    }
}

/* ---- the loop ---------------------------------------------------------------------------- */

void rs_app_frame(rs_app *a)
{
    rs_app_relayout(a);
    rs_draw(a);
    wnoutrefresh(stdscr);
    doupdate();
    a->rate_frames++;
    const double now = rs_now(), dt = now - a->rate_since;
    if (dt >= 1.0) {
        a->steps_per_s = (double)a->rate_steps / dt;
        a->fps = (double)a->rate_frames / dt;
        a->rate_steps = a->rate_frames = 0;
        a->rate_since = now;
    }
}

/* Paused, the phase diagram still fills on its workers: drawn 4 times a second. */
#define PHASE_FRAME_MS 250

static bool phase_filling(const rs_app *a)
{
    if (a->view != RS_VIEW_PHASE)
        return false;
    for (int k = 0; k < a->nsides; k++) {
        const rs_live_phase *ph = &a->side[k].live.ph;
        if (rs_side_shown(&a->side[k]) && ph->sweep && ph->took == 0.0)
            return true;    /* running, or finished and its last picture not drawn yet */
    }
    return false;
}

void rs_app_run(rs_app *a)
{
    a->rate_since = rs_now();
    while (!a->quit) {
        const double frame_start = rs_now();
        rs_app_frame(a);
        /* A lesson's autoplay: the next step when it is due (not under the help). */
        const bool autoplay = a->lesson && a->next_page_at > 0.0 && !a->help;
        if (autoplay && frame_start >= a->next_page_at) {
            rs_lesson_turn(a, +1);
            continue;
        }
        if (a->running && !a->layout.too_small) {
            /* Read every waiting key, then train: as fast as it goes until
             * the next frame is due, or paced, the steps due by now. */
            timeout(0);
            int ch;
            while (!a->quit && (ch = getch()) != ERR)
                handle_key(a, ch);
            const double rate = rs_speed_ladder[a->speed];
            if (rate <= 0.0) {
                const double deadline = frame_start + FRAME_SECONDS;
                do {
                    if (!a->running || a->quit)
                        break;
                    train_round(a);
                } while (rs_now() < deadline);
                continue;
            }
            const double now = rs_now(), every = 1.0 / rate;
            /* Just started, or far behind (a slow machine, a long frame): no burst to catch up. */
            if (a->next_step_at <= 0.0 || a->next_step_at < now - 0.5)
                a->next_step_at = now;
            for (int n = 0; n < 1000 && a->running && !a->quit && a->next_step_at <= rs_now(); n++) {
                train_round(a);
                a->next_step_at += every;
            }
            /* Sleep in the kernel until the next step or frame, whichever is later. */
            const double wake = a->next_step_at > frame_start + FRAME_SECONDS ? a->next_step_at : frame_start + FRAME_SECONDS;
            const int ms = (int)((wake - rs_now()) * 1000.0);
            if (ms > 0 && a->running && !a->quit) {
                timeout(ms);
                const int key = getch();
                if (key != ERR)
                    handle_key(a, key);
            }
        } else {
            /* Paused: sleep in the kernel until a key arrives (or autoplay is
             * due, or the phase diagram's next cells are to be drawn). */
            int wait_ms = phase_filling(a) ? PHASE_FRAME_MS : -1;
            if (autoplay) {
                const double left = a->next_page_at - rs_now();
                const int ms = left <= 0.0 ? 0 : (int)(left * 1000.0) + 1;
                wait_ms = wait_ms < 0 || ms < wait_ms ? ms : wait_ms;
            }
            timeout(wait_ms);
            const int ch = getch();
            if (ch != ERR)
                handle_key(a, ch);
        }
    }
}

void rs_app_free(rs_app *a)
{
    for (int k = 0; k < 2; k++) {
        rs_heat_free(&a->side[k].grid);
        rs_live_free(&a->side[k].live);
        a->side[k].s = NULL;
    }
    if (!a->lesson)
        rs_pair_free(a->pair);
    a->pair = NULL;
}

int rs_tui_main(int argc, char **argv)
{
    /* rnnscope [SCENARIO|NAME] [--run] [--set key=value]... [--compare key=value]... */
    const char *scenario = NULL;
    const char *sets[64] = {0}, *compares[RS_COMPARE_MAX] = {0};
    int nsets = 0, ncompares = 0;
    bool run = false;
    for (int i = 1; i < argc; i++) {
        const bool set = strcmp(argv[i], "--set") == 0, compare = strcmp(argv[i], "--compare") == 0;
        if (strcmp(argv[i], "--run") == 0) {
            run = true;
            continue;
        }
        if ((set || compare) && i + 1 >= argc) {
            fprintf(stderr, "rnnscope: %s needs key=value, e.g. %s model.cell=lstm\n", argv[i], argv[i]);
            return RS_EXIT_USAGE;
        }
        if (set && nsets < 64)
            sets[nsets++] = argv[++i];
        else if (compare && ncompares < RS_COMPARE_MAX)
            compares[ncompares++] = argv[++i];
        else if (set || compare) {
            fprintf(stderr, "rnnscope: too many %s options\n", argv[i]);
            return RS_EXIT_USAGE;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "rnnscope: unknown option '%s'; allowed: --run, --set key=value, --compare key=value, "
                            "--record FILE (see rnnscope --help)\n", argv[i]);
            return RS_EXIT_USAGE;
        } else if (scenario) {
            fprintf(stderr, "rnnscope: one scenario at a time (got '%s' and '%s'); see rnnscope --help\n",
                    scenario, argv[i]);
            return RS_EXIT_USAGE;
        } else
            scenario = argv[i];
    }
    if (!scenario)
        scenario = RS_DEFAULT_SCENARIO;
    rs_config cfg;
    int status = rs_launch_config(&cfg, scenario, sets, nsets, compares, ncompares, "rnnscope");
    if (status != RS_EXIT_OK)
        return status;
    rs_app a;
    memset(&a, 0, sizeof a);
    /* The scenario's own config, without --set: what the title and the
     * summary describe; the header says how the run differs from it. */
    a.have_base = rs_launch_config(&a.base, scenario, NULL, 0, NULL, 0, "rnnscope") == RS_EXIT_OK;
    rs_error e = {0};
    /* A scenario with a [compare] section opens split. */
    a.pair = rs_pair_create(&cfg, &e);
    if (!a.pair) {
        fprintf(stderr, "rnnscope: %s\n", e.msg);
        return rs_exit_status(e.kind);
    }
    rs_app_sync(&a);
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "rnnscope: the interactive view needs a terminal; use `rnnscope run` for headless training\n");
        rs_app_free(&a);
        return RS_EXIT_USAGE;
    }
    /* Only the character type: numbers keep their '.' (LC_NUMERIC stays "C"). */
    setlocale(LC_CTYPE, "");

    a.scenario = scenario;
    a.view = rs_view_of_config(&cfg);
    keep_view(&a);      /* view.mode = g_c without an lstm: g_h */
    a.relative = rs_view_relative(&cfg);
    a.range = rs_view_range(&cfg);
    a.range_fixed = a.range > 0 ? a.range : RS_RANGE_DEFAULT;
    a.phase_steps = rs_view_phase_steps(&cfg);
    a.phase_i = a.phase_j = -1;
    /* The input along the t axis (the task's markers; remember's words) when the task has markers. */
    a.words = rs_session_settings(a.side[0].s)->task.kind != RS_TASK_TEXT;
    a.speed = (int)RS_SPEED_MAX_INDEX;
    /* --run trains at once; else the first step is computed and drawn (a
     * heat-map row, the decay profile) and the view waits for space. */
    a.running = run;
    if (!rs_term_init(&a.term)) {
        fprintf(stderr, "rnnscope: cannot start the terminal (TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
        rs_app_free(&a);
        return RS_EXIT_FAILURE;
    }
    if (!run) {
        train_round(&a);
        if (!a.msg[0])
            say(&a, false, "paused after the first step: space trains, ( ) set the speed, n one step, b through BPTT · "
                           "? all keys");
    }
    rs_app_run(&a);
    rs_term_done();
    rs_app_free(&a);
    return RS_EXIT_OK;
}
