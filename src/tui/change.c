/* Changing the config from a key: one key of the focused side's config (of
 * both sides when they share it), the session re-initialising or
 * continuing exactly as the config table says (rs_key_resets), and a
 * message that says which it did and how the value changed, in the words
 * of the settings panel ("BPTT window: full → 5"). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../view/changes.h"
#include "../view/phase.h"
#include "app.h"
#include "keys.h"
#include "rnnscope/pair.h"

#define DOT " · "
#define ARROW " → "
#define say rs_app_say

static bool comparing(const rs_app *a) { return a->nsides == 2; }
static rs_side *focused(rs_app *a) { return &a->side[a->focus]; }
static const char *prefix(const rs_app *a, int k) { return rs_app_prefix(a, k); }
static void touched(rs_app *a) { rs_app_touched(a); }
static bool keep_view(rs_app *a) { return rs_app_keep_view(a); }

/* Copy the focused side's config, change one key (set to value, or cycle by
 * dir), hand it to the session — to both sessions when they share the key
 * (task.*, train.batch: the batches must stay the same). On error say why
 * and change nothing. */
void rs_app_apply(rs_app *a, const char *key, const char *value, int dir, const char *what)
{
    const rs_key *k = rs_key_find(key);
    if (!k) {
        say(a, true, "internal: unknown config key %s", key);
        return;
    }
    rs_side *f = focused(a);
    rs_config cfg = *rs_session_config(f->s);
    char before[128], after[128], before_w[128], after_w[128], err[1024];
    rs_config_format(&cfg, k, before, sizeof before);
    rs_key_value_words(&cfg, k, before_w, sizeof before_w);
    if (value) {
        if (rs_config_set(&cfg, key, value, err, sizeof err) != 0) {
            say(a, true, "%s", err);
            return;
        }
    } else {
        rs_config_cycle(&cfg, k, dir);
    }
    rs_config_format(&cfg, k, after, sizeof after);
    rs_key_value_words(&cfg, k, after_w, sizeof after_w);
    if (strcmp(before, after) == 0) {
        if (!value && k->type == RS_KEY_CHOICE) {
            /* Cycling a list of one. */
            char allowed[256];
            rs_key_allowed(k, allowed, sizeof allowed);
            say(a, false, "%s%s stays %s: it is the only choice (allowed: %s)", prefix(a, a->focus), what, before_w, allowed);
        } else
            say(a, false, "%s%s stays %s", prefix(a, a->focus), what, before_w);
        return;
    }
    const bool both = comparing(a) && rs_key_shared(key);
    bool was_bptt = false;
    long steps[2] = {0, 0};
    for (int s = 0; s < a->nsides; s++) {
        was_bptt |= (s == a->focus || both) && rs_session_bptt_active(a->side[s].s);
        steps[s] = rs_session_steps(a->side[s].s);
    }
    rs_error e = {0};
    int failed = a->focus;
    if (rs_pair_set(a->pair, a->focus, key, after, &failed, &e) != 0) {
        say(a, true, "%s%s%s%s not applied: %s", prefix(a, failed), what, ARROW, after_w, e.msg);
        return;
    }
    touched(a);
    /* g_c is the lstm's: without one, back to g_h. */
    const int old_view = a->view;
    const char *fallback = keep_view(a) || old_view == a->view ? ""
                         : " · view g_c is the lstm's: back to g_h";
    const char *who = both ? "both sides: " : prefix(a, a->focus);
    const char *dropped = was_bptt ? " (step-through dropped)" : "";
    /* The session starts a new optimiser without the old one's moments. */
    const char *moments = strcmp(key, "train.optimizer") == 0 ? " (its moments start at 0)" : "";
    if (rs_key_resets(key))
        say(a, false, "%s%s: %s%s%s%sweights re-initialised from seed %ld, back to step 0%s%s%s", who, what, before_w,
            ARROW, after_w, DOT, rs_session_config(f->s)->train.seed, dropped, fallback,
            comparing(a) && !both ? (a->focus ? " (the left goes on)" : " (the right goes on)") : "");
    else if (both && steps[0] != steps[1])
        say(a, false, "%s%s: %s%s%s%straining continues from steps %ld | %ld with the same weights%s%s", who, what, before_w,
            ARROW, after_w, DOT, steps[0], steps[1], dropped, fallback);
    else
        say(a, false, "%s%s: %s%s%s%straining continues from step %ld with the same weights%s%s%s", who, what, before_w,
            ARROW, after_w, DOT, steps[a->focus], dropped, fallback, moments);
}

void rs_app_scale_real(rs_app *a, const char *key, double factor, const char *what)
{
    const rs_key *k = rs_key_find(key);
    const double cur = rs_config_get_real(rs_session_config(focused(a)->s), k);
    const double next = cur * factor;
    if (next > k->max || next < k->min || (k->min_exclusive && next <= k->min)) {
        char c[48], lo[48], hi[48];
        rs_fmt_num(c, sizeof c, cur, true);
        rs_fmt_num(lo, sizeof lo, k->min, true);
        rs_fmt_num(hi, sizeof hi, k->max, true);
        say(a, true, "%s%s %s is as far as it goes (allowed: %s%s … %s)", prefix(a, a->focus), what, c,
            k->min_exclusive ? "> " : "", lo, hi);
        return;
    }
    char v[64];
    snprintf(v, sizeof v, "%.15g", next);
    rs_app_apply(a, key, v, 0, what);
}

void rs_app_change_length(rs_app *a, int dir)
{
    const rs_key *k = rs_key_find("task.length");
    const long cur = rs_session_config(focused(a)->s)->task.length;
    const long next = rs_length_next(cur, dir, k->min, k->max);
    if (next == cur) {
        say(a, true, "T = %ld is the %s length offered", cur, dir > 0 ? "longest" : "shortest");
        return;
    }
    char v[32];
    snprintf(v, sizeof v, "%ld", next);
    rs_app_apply(a, "task.length", v, 0, "length T");
}

/* u U: the hidden size halved or doubled within model.hidden's range
 * (re-initialises: a new H is a new model). */
void rs_app_change_hidden(rs_app *a, int dir)
{
    const rs_key *k = rs_key_find("model.hidden");
    const long cur = rs_session_config(focused(a)->s)->model.hidden;
    long next = dir > 0 ? cur * 2 : cur / 2;
    if (next > (long)k->max)
        next = (long)k->max;
    if (next < (long)k->min)
        next = (long)k->min;
    if (next == cur) {
        say(a, true, "%sH = %ld is the %s hidden size offered (allowed: %.0f … %.0f)", prefix(a, a->focus), cur,
            dir > 0 ? "largest" : "smallest", k->min, k->max);
        return;
    }
    char v[32];
    snprintf(v, sizeof v, "%ld", next);
    rs_app_apply(a, "model.hidden", v, 0, "hidden units H");
}

/* g G: W_hh's scale — the key its init kind reads (init.std, init.range or
 * init.gain: rs_config_recurrent_scale_key) — ÷ or × 1.25, re-initialising. */
void rs_app_scale_init(rs_app *a, int dir)
{
    const rs_key *k = rs_config_recurrent_scale_key(rs_session_config(focused(a)->s));
    char what[48];
    snprintf(what, sizeof what, "%s", rs_key_short_name(k));
    rs_app_scale_real(a, k->key, dir > 0 ? 1.25 : 1.0 / 1.25, what);
}

/* Enter in the phase view: the inspected cell's two settings (its column's
 * W_hh scale, its row's activation or cell) on the focused side, which
 * re-initialises from its seeds — the very network the cell trained. */
void rs_app_open_phase_cell(rs_app *a)
{
    rs_side *f = focused(a);
    const rs_sweep *sw = f->live.ph.sweep;
    if (a->view != RS_VIEW_PHASE) {
        say(a, true, "Enter opens a cell of the phase view: V from g_h shows it");
        return;
    }
    if (!sw) {
        say(a, true, "no phase diagram to open a cell of yet");
        return;
    }
    const int i = a->phase_i, j = a->phase_j;
    if (i < 0 || i >= rs_sweep_nx(sw) || j < 0 || j >= rs_sweep_ny(sw)) {
        say(a, false, "◆ is the live run already: the arrows choose another cell, Enter makes it the live run");
        return;
    }
    const rs_axis *ax[2] = {rs_sweep_x(sw), rs_sweep_y(sw)};
    const int at[2] = {i, j};
    const rs_config *now = rs_session_config(f->s);
    char words[2][128];
    bool changed = false;
    for (int k = 0; k < 2; k++) {
        const rs_key *key = rs_key_find(ax[k]->key);
        char before[128];
        rs_config_format(now, key, before, sizeof before);
        rs_config c = *now;
        char err[512];
        if (rs_config_set(&c, key->key, ax[k]->value[at[k]], err, sizeof err) != 0) {
            say(a, true, "%s", err);
            return;
        }
        if (ax[k]->numeric)
            rs_fmt_num(words[k], sizeof words[k], ax[k]->number[at[k]], true);  /* as the grid labels it */
        else
            rs_key_value_words(&c, key, words[k], sizeof words[k]);
        char after[128];
        rs_config_format(&c, key, after, sizeof after);
        if (strcmp(before, after) == 0)
            continue;
        rs_error e = {0};
        int failed = a->focus;
        if (rs_pair_set(a->pair, a->focus, key->key, after, &failed, &e) != 0) {
            say(a, true, "%s%s%s%s not applied: %s", prefix(a, failed), rs_key_short_name(key), ARROW, words[k], e.msg);
            return;
        }
        changed = true;
        now = rs_session_config(f->s);
    }
    if (!changed) {
        say(a, false, "◆ is this cell already: the arrows choose another one");
        return;
    }
    touched(a);
    a->phase_i = a->phase_j = -1;       /* the inspector follows the live run, now on this cell */
    say(a, false, "%sthe live run is now the cell %s %s, %s %s%sweights re-initialised from seed %ld, back to step 0%s"
        "space trains it, v shows its heat map", prefix(a, a->focus), ax[0]->key, words[0],
        rs_key_short_name(rs_key_find(ax[1]->key)), words[1], DOT, now->train.seed, DOT);
}
