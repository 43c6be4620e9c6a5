/* The live views' caches: recompute when the session's revision or the
 * sequence changes, throttled while training runs (live.h). */
#include "live.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/launch.h"
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
    memset(l, 0, sizeof *l);
}
