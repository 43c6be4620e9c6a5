/* The live views' caches: recompute when the session's revision or the
 * sequence changes, throttled while training runs; the phase view's sweep,
 * made again when the settings it depends on change (live.h). */
#include "live.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/launch.h"
#include "../view/changes.h"
#include "../view/phase.h"
#include "../view/views.h"

/* Whether k must be recomputed now. */
static bool due(const rs_live_key *k, const rs_session *s, int b, bool running, double now)
{
    if (!k->have || k->b != b)
        return true;
    if (k->rev == rs_session_revision(s))
        return false;
    if (!running)
        return true;
    /* Running: at most every RS_LIVE_EVERY seconds, and at most a fifth of the time. */
    const double every = k->cost * 5.0 > RS_LIVE_EVERY ? k->cost * 5.0 : RS_LIVE_EVERY;
    return now - k->at >= every;
}

static void stamp(rs_live_key *k, const rs_session *s, int b, double start)
{
    const double end = rs_now();
    k->have = true;
    k->rev = rs_session_revision(s);
    k->b = b;
    k->at = end;
    k->cost = end - start;
    k->step = rs_session_steps(s);
}

static void spectrum(rs_live *l, const rs_session *s, int b)
{
    rs_error e = {0};
    const double start = rs_now();
    l->sk.rc = rs_session_spectrum(s, b, &l->sp, &e);
    snprintf(l->sk.msg, sizeof l->sk.msg, "%s", l->sk.rc == 0 ? "" : e.msg);
    stamp(&l->sk, s, b, start);
}

static void itemized(rs_live *l, const rs_session *s, int b)
{
    rs_error e = {0};
    const double start = rs_now();
    l->ik.rc = rs_session_itemized(s, b, &l->it, &e);
    snprintf(l->ik.msg, sizeof l->ik.msg, "%s", l->ik.rc == 0 ? "" : e.msg);
    if (l->ik.rc == 0 && l->it) {
        if (l->pred_cap < l->it->T) {
            int *p = realloc(l->pred, (size_t)l->it->T * sizeof *p);
            if (!p) {
                l->ik.rc = -1;
                snprintf(l->ik.msg, sizeof l->ik.msg, "out of memory");
            } else {
                l->pred = p;
                l->pred_cap = l->it->T;
            }
        }
        if (l->ik.rc == 0) {
            int n = 0;
            for (int t = 1; t <= l->it->T; t++)
                if (l->it->predicts[t - 1])
                    l->pred[n++] = t;
        }
    }
    stamp(&l->ik, s, b, start);
}

void rs_live_update(rs_live *l, const rs_session *s, int view, int b, bool running)
{
    if (!s)
        return;
    const double now = rs_now();
    if (view == RS_VIEW_SPECTRUM && due(&l->sk, s, b, running, now)) {
        spectrum(l, s, b);
        l->computations++;
    } else if (view == RS_VIEW_ITEMIZED && due(&l->ik, s, b, running, now)) {
        itemized(l, s, b);
        l->computations++;
    }
}

/* Whether sweep sw still shows the neighbourhood of config now with steps
 * per cell: the same settings but for the keys on its axes, and the same
 * axes (the x key follows the init kind, the rows the cell). */
static bool same_neighbourhood(const rs_sweep *sw, const rs_config *now, long steps)
{
    if (rs_sweep_steps(sw) != steps)
        return false;
    rs_axis x, y;
    rs_error e = {0};
    if (rs_phase_axes(now, &x, &y, &e) != 0)
        return false;
    const rs_axis *sx = rs_sweep_x(sw), *sy = rs_sweep_y(sw);
    if (!sy || strcmp(x.key, sx->key) != 0 || strcmp(y.key, sy->key) != 0 || x.count != sx->count ||
        memcmp(x.number, sx->number, sizeof x.number[0] * (size_t)x.count) != 0)
        return false;
    /* now with the axes' keys as the sweep's base has them */
    const rs_config *base = rs_sweep_base(sw);
    rs_config c = *now;
    char value[128], err[256], changes[256];
    const rs_key *keys[2] = {rs_key_find(sx->key), rs_key_find(sy->key)};
    for (int i = 0; i < 2; i++) {
        rs_config_format(base, keys[i], value, sizeof value);
        if (rs_config_set(&c, keys[i]->key, value, err, sizeof err) != 0)
            return false;
    }
    return rs_config_changes(&c, base, changes, sizeof changes) == 0;
}

void rs_live_phase_update(rs_live *l, const rs_session *s, long steps, bool show)
{
    rs_live_phase *ph = &l->ph;
    if (!s)
        return;
    if (ph->sweep && ph->took == 0.0 && rs_sweep_finished(ph->sweep)) {
        ph->took = rs_now() - ph->started;
        /* a cell whose session could not be built (memory, a limit): say which and why */
        rs_error e = {0};
        if (rs_sweep_wait(ph->sweep, &e) != 0)
            snprintf(ph->msg, sizeof ph->msg, "%s", e.msg);
    }
    const rs_config *now = rs_session_config(s);
    if (ph->sweep && same_neighbourhood(ph->sweep, now, steps))
        return;
    if (ph->sweep) {
        rs_sweep_free(ph->sweep);       /* cancels the workers and waits for the steps they are in */
        ph->sweep = NULL;
        ph->msg[0] = '\0';             /* a failed cell's message went with its sweep */
    }
    char changes[256];
    if (!show || (ph->msg[0] && ph->steps == steps && rs_config_changes(now, &ph->failed, changes, sizeof changes) == 0))
        return;     /* not shown; or it could not be made for these settings (msg says why) */
    rs_axis x, y;
    rs_error e = {0};
    ph->steps = steps;
    ph->jobs = rs_online_cores() > 1 ? rs_online_cores() - 1 : 1;     /* one core stays with the live run */
    if (rs_phase_axes(now, &x, &y, &e) != 0 || !(ph->sweep = rs_sweep_create(now, &x, &y, steps, &e)) ||
        rs_sweep_start(ph->sweep, ph->jobs, &e) != 0) {
        rs_sweep_free(ph->sweep);
        ph->sweep = NULL;
        snprintf(ph->msg, sizeof ph->msg, "%s", e.msg[0] ? e.msg : "the sweep could not start");
        ph->failed = *now;
        return;
    }
    ph->msg[0] = '\0';
    ph->started = rs_now();
    ph->took = 0.0;
}

bool rs_live_stale(const rs_live_key *k, const rs_session *s)
{
    return k->have && s && k->rev != rs_session_revision(s);
}

void rs_live_free(rs_live *l)
{
    rs_spectrum_free(&l->sp);
    rs_itemized_free(l->it);
    free(l->pred);
    rs_braille_free(&l->canvas);
    rs_sweep_free(l->ph.sweep);
    memset(l, 0, sizeof *l);
}
