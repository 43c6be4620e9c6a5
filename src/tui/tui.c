/* The interactive view (DESIGN §7): one loop that trains, reads keys and
 * draws. Paused it blocks in wgetch (no CPU); running it trains until the
 * frame deadline, draws once (one doupdate), and reads keys without blocking. */
#include "tui.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "app.h"
#include "keys.h"
#include "rnnscope/session.h"

#define FRAME_SECONDS (1.0 / 30.0)

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void say(rs_app *a, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->msg, sizeof a->msg, fmt, ap);
    va_end(ap);
    a->msg_error = error;
}

static const char *dot(const rs_app *a) { return a->term.utf8 ? " · " : " | "; }
static const char *arrow(const rs_app *a) { return a->term.utf8 ? " → " : " -> "; }

/* ---- training ------------------------------------------------------------------ */

/* One training step: the rest of a step-through if one is under way. */
static void train_one(rs_app *a)
{
    const bool was_diverged = rs_session_diverged(a->s);
    const rs_step_status r = rs_session_bptt_active(a->s) ? rs_session_bptt_finish(a->s) : rs_session_step(a->s);
    a->have_bptt = false;
    a->rate_steps++;
    if (r == RS_STEP_DIVERGED) {
        a->running = false;
        if (was_diverged)
            say(a, true, "the same batch diverged again: try a cure first (c clipping, - learning rate, i init) or r to start over");
        else
            a->msg[0] = '\0';
    } else if (was_diverged) {
        say(a, false, "recovered: step %ld trained with finite numbers, from the last finite weights", rs_session_steps(a->s));
    }
}

/* ---- changing the config ----------------------------------------------------------- */

/* Copy the config, change one key (set to value, or cycle by dir), hand it to
 * the session; on error say why and change nothing. */
static void apply(rs_app *a, const char *key, const char *value, int dir, const char *what)
{
    const rs_key *k = rs_key_find(key);
    if (!k) {
        say(a, true, "internal: unknown config key %s", key);
        return;
    }
    rs_config cfg = *rs_session_config(a->s);
    char before[128], after[128], err[1024];
    rs_config_format(&cfg, k, before, sizeof before);
    if (value) {
        if (rs_config_set(&cfg, key, value, err, sizeof err) != 0) {
            say(a, true, "%s", err);
            return;
        }
    } else {
        rs_config_cycle(&cfg, k, dir);
    }
    rs_config_format(&cfg, k, after, sizeof after);
    if (strcmp(before, after) == 0) {
        if (!value && k->type == RS_KEY_CHOICE) {
            /* Cycling a list of one (the cells before the engine has more). */
            char allowed[256];
            rs_key_allowed(k, allowed, sizeof allowed);
            say(a, false, "%s stays %s: it is the only choice (allowed: %s)", what, before, allowed);
        } else
            say(a, false, "%s stays %s", what, before);
        return;
    }
    const bool was_bptt = rs_session_bptt_active(a->s);
    const long step = rs_session_steps(a->s);
    if (rs_session_configure(a->s, &cfg, err, sizeof err) != 0) {
        say(a, true, "%s%s%s not applied: %s", what, arrow(a), after, err);
        return;
    }
    a->have_bptt = false;
    /* g_c is the lstm's: another cell falls back to g_h. */
    const char *fallback = "";
    if (!rs_view_applies(a->view, rs_session_config(a->s)->model.cell)) {
        a->view = RS_VEC_G_H;
        fallback = a->term.utf8 ? " · view g_c is the lstm's: back to g_h" : " | view g_c is the lstm's: back to g_h";
    }
    if (rs_key_resets(key))
        say(a, false, "%s: %s%s%s%sweights re-initialised from seed %ld, back to step 0%s%s", what, before, arrow(a), after,
            dot(a), rs_session_config(a->s)->train.seed, was_bptt ? " (step-through dropped)" : "", fallback);
    else
        say(a, false, "%s: %s%s%s%straining continues from step %ld with the same weights%s%s", what, before, arrow(a),
            after, dot(a), step, was_bptt ? " (step-through dropped)" : "", fallback);
}

static void scale_real(rs_app *a, const char *key, double factor, const char *what)
{
    const rs_key *k = rs_key_find(key);
    const double cur = rs_config_get_real(rs_session_config(a->s), k);
    const double next = cur * factor;
    if (next > k->max || next < k->min || (k->min_exclusive && next <= k->min)) {
        say(a, true, "%s %g is as far as it goes (allowed: %g %s %g)", what, cur, k->min, a->term.utf8 ? "…" : "..", k->max);
        return;
    }
    char v[64];
    snprintf(v, sizeof v, "%.15g", next);
    apply(a, key, v, 0, what);
}

static void change_length(rs_app *a, int dir)
{
    const rs_key *k = rs_key_find("task.length");
    const long cur = rs_session_config(a->s)->task.length;
    const long next = rs_length_next(cur, dir, k->min, k->max);
    if (next == cur) {
        say(a, true, "T = %ld is the %s length offered", cur, dir > 0 ? "longest" : "shortest");
        return;
    }
    char v[32];
    snprintf(v, sizeof v, "%ld", next);
    apply(a, "task.length", v, 0, "length T");
}

/* ---- the inspector's cursor ----------------------------------------------------------- */

static void move_cursor(rs_app *a, int dbin, int drow)
{
    if (a->grid.nrows == 0 || a->grid.tb.nbins == 0) {
        say(a, false, "nothing to inspect yet: train a step first (n or space)");
        return;
    }
    if (!a->cursor) {
        a->cursor = true;
        a->cur_bin = a->grid.tb.nbins - 1;
        a->cur_row = 0;
        return;
    }
    a->cur_bin += dbin;
    a->cur_row -= drow;     /* rows count from the bottom; up is older */
    if (a->cur_bin < 0) a->cur_bin = 0;
    if (a->cur_bin >= a->grid.tb.nbins) a->cur_bin = a->grid.tb.nbins - 1;
    if (a->cur_row < 0) a->cur_row = 0;
    if (a->cur_row >= a->grid.nrows) a->cur_row = a->grid.nrows - 1;
}

static void mouse(rs_app *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return;
    if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
        return;
    int bin, row;
    if (rs_app_cell_at(a, ev.y, ev.x, &bin, &row)) {
        a->cursor = true;
        a->cur_bin = bin;
        a->cur_row = row;
    }
}

/* ---- keys ------------------------------------------------------------------------------ */

static void bptt_key(rs_app *a)
{
    a->running = false;
    if (!rs_session_bptt_active(a->s)) {
        rs_session_bptt_begin(a->s);
        a->have_bptt = false;
    }
    rs_bptt_view v;
    if (rs_session_bptt_step(a->s, &v)) {
        a->bptt = v;
        a->have_bptt = true;
        a->msg[0] = '\0';
    } else {
        train_one(a);
        if (!rs_session_diverged(a->s))
            say(a, false, "step %ld finished: gradients clipped (if on) and the weights updated", rs_session_steps(a->s));
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
    const rs_tui_key *k = rs_tui_key_find(ch);
    if (!k) {
        if (ch > 32 && ch < 127)
            say(a, true, "the key '%c' does nothing here: ? shows the keys", ch);
        else
            say(a, true, "that key does nothing here: ? shows the keys");
        return;
    }
    const rs_config *c = rs_session_config(a->s);
    char v[64];
    switch (k->action) {
    case RS_ACT_RUN:
        if (rs_session_bptt_active(a->s))
            train_one(a);
        a->running = !a->running;
        if (a->running) {
            a->rate_since = now_seconds();
            a->rate_steps = a->rate_frames = 0;
            if (!a->msg_error)
                a->msg[0] = '\0';
        }
        break;
    case RS_ACT_STEP:
        a->running = false;
        train_one(a);
        break;
    case RS_ACT_BPTT: bptt_key(a); break;
    case RS_ACT_ACTIVATION:
        if (strcmp(c->model.cell, "lstm") == 0 || strcmp(c->model.cell, "gru") == 0)
            say(a, true, "the %s has no activation to choose: its gates are %s and its candidate tanh (a is for rnn and skip; "
                "C changes the cell)", c->model.cell, a->term.utf8 ? "σ" : "sigmoid");
        else
            apply(a, "model.activation", NULL, +1, "activation");
        break;
    case RS_ACT_INIT: apply(a, "init.recurrent", NULL, +1, "W_hh init"); break;
    case RS_ACT_CELL: apply(a, "model.cell", NULL, +1, "cell"); break;
    case RS_ACT_SEED:
        snprintf(v, sizeof v, "%ld", c->train.seed + 1);
        apply(a, "train.seed", v, 0, "weight seed");
        break;
    case RS_ACT_RESET:
        rs_session_reset(a->s);
        a->have_bptt = false;
        say(a, false, "reset: weights from seed %ld, data from seed %ld, back to step 0", c->train.seed, c->task.seed);
        break;
    case RS_ACT_CLIP: apply(a, "train.clip", NULL, +1, "clipping"); break;
    case RS_ACT_CLIP_DOWN: scale_real(a, "train.clip_threshold", 0.5, "clip threshold"); break;
    case RS_ACT_CLIP_UP: scale_real(a, "train.clip_threshold", 2.0, "clip threshold"); break;
    case RS_ACT_TBPTT:
        snprintf(v, sizeof v, "%ld", rs_tbptt_next(c->train.tbptt));
        apply(a, "train.tbptt", v, 0, "BPTT window");
        break;
    case RS_ACT_LR_DOWN: scale_real(a, "train.lr", 0.5, "learning rate"); break;
    case RS_ACT_LR_UP: scale_real(a, "train.lr", 2.0, "learning rate"); break;
    case RS_ACT_LEN_DOWN: change_length(a, -1); break;
    case RS_ACT_LEN_UP: change_length(a, +1); break;
    case RS_ACT_VIEW:
        a->view = rs_view_next(a->view, c->model.cell);
        say(a, false, "view: %s%s%s", rs_view_names[a->view], dot(a), rs_view_meaning(a->view, c->model.cell));
        break;
    case RS_ACT_SCALE:
        a->relative = !a->relative;
        say(a, false, a->relative ? "scale: relative, each row divided by its value at t = T (1 = same size as at the end)"
                                  : "scale: absolute, log10 of the raw values");
        break;
    case RS_ACT_WORDS: {
        const rs_batch *b = rs_session_batch(a->s);
        a->words = !a->words;
        rs_app_relayout(a);
        if (a->words && (!b || !b->token || b->token[0] < 0))
            say(a, false, "words on: but this task's inputs are numbers, not words (try a remember scenario)");
        else
            say(a, false, "words along the t axis: %s", a->words ? "on (the first sequence of the batch)" : "off");
        break;
    }
    case RS_ACT_LEFT: move_cursor(a, -1, 0); break;
    case RS_ACT_RIGHT: move_cursor(a, +1, 0); break;
    case RS_ACT_UP: move_cursor(a, 0, -1); break;
    case RS_ACT_DOWN: move_cursor(a, 0, +1); break;
    case RS_ACT_CURSOR_OFF: a->cursor = false; break;
    case RS_ACT_HELP:
        a->help = true;
        a->help_page = 0;
        break;
    case RS_ACT_QUIT: a->quit = true; break;
    default: break;
    }
}

/* ---- the loop ---------------------------------------------------------------------------- */

static void frame(rs_app *a)
{
    rs_app_relayout(a);
    rs_draw(a);
    wnoutrefresh(stdscr);
    doupdate();
    a->rate_frames++;
    const double now = now_seconds(), dt = now - a->rate_since;
    if (dt >= 1.0) {
        a->steps_per_s = (double)a->rate_steps / dt;
        a->fps = (double)a->rate_frames / dt;
        a->rate_steps = a->rate_frames = 0;
        a->rate_since = now;
    }
}

static void run(rs_app *a)
{
    a->rate_since = now_seconds();
    while (!a->quit) {
        const double frame_start = now_seconds();
        frame(a);
        if (a->running && !a->layout.too_small) {
            /* Read every waiting key, then train until the next frame is due. */
            timeout(0);
            int ch;
            while (!a->quit && (ch = getch()) != ERR)
                handle_key(a, ch);
            const double deadline = frame_start + FRAME_SECONDS;
            do {
                if (!a->running || a->quit)
                    break;
                train_one(a);
            } while (now_seconds() < deadline);
        } else {
            timeout(-1);        /* paused: sleep in the kernel until a key arrives */
            const int ch = getch();
            if (ch != ERR)
                handle_key(a, ch);
        }
    }
}

int rs_tui_main(int argc, char **argv)
{
    if (argc > 2) {
        fprintf(stderr, "rnnscope: one scenario at a time (got '%s' and '%s'); see rnnscope --help\n", argv[1], argv[2]);
        return RS_EXIT_USAGE;
    }
    const char *scenario = argc > 1 ? argv[1] : RS_DEFAULT_SCENARIO;
    rs_config cfg;
    int status = rs_cli_load_config(&cfg, scenario, NULL, 0, "rnnscope");
    if (status != RS_EXIT_OK)
        return status;
    char err[2048];
    rs_app a;
    memset(&a, 0, sizeof a);
    a.s = rs_session_create(&cfg, err, sizeof err);
    if (!a.s) {
        fprintf(stderr, "rnnscope: %s\n", err);
        return strncmp(err, "out of memory", 13) == 0 ? RS_EXIT_FAILURE : RS_EXIT_USAGE;
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "rnnscope: the interactive view needs a terminal; use `rnnscope run` for headless training\n");
        rs_session_free(a.s);
        return RS_EXIT_USAGE;
    }
    /* Only the character type: numbers keep their '.' (LC_NUMERIC stays "C"). */
    setlocale(LC_CTYPE, "");

    a.scenario = scenario;
    a.view = rs_view_index(cfg.view.mode);
    if (a.view < 0)
        a.view = 0;
    a.relative = strcmp(cfg.view.scale, "absolute") != 0;
    a.words = strcmp(cfg.task.name, "remember") == 0;
    a.running = true;
    if (!rs_term_init(&a.term)) {
        fprintf(stderr, "rnnscope: cannot start the terminal (TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
        rs_session_free(a.s);
        return RS_EXIT_FAILURE;
    }
    run(&a);
    rs_term_done();
    rs_heat_free(&a.grid);
    rs_session_free(a.s);
    return RS_EXIT_OK;
}
