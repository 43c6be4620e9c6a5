/* Compare mode's two sessions in lockstep (pair.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnnscope/pair.h"

const char *const rs_pair_side_names[2] = {"left", "right"};

struct rs_pair {
    rs_session *side[2];
    int count;
    bool retry[2];      /* a diverged side trains again at the next round */
};

/* Whether a right side of this config fits in memory beside the left
 * (the budget counts both sides of compare mode together). */
static bool fits_with_left(const rs_pair *p, const rs_config *right, rs_error *e)
{
    rs_settings r;
    if (rs_session_settings_for(p->side[0], right, &r, e) != 0)
        return false;
    const rs_settings *both[2] = {rs_session_settings(p->side[0]), &r};
    return rs_budget_check(both, 2, rs_session_config(p->side[0]), e) == 0;
}

rs_pair *rs_pair_create(const rs_config *cfg, rs_error *e)
{
    rs_pair *p = calloc(1, sizeof *p);
    if (!p) {
        rs_error_set(e, RS_ERR_MEMORY, "out of memory");
        return NULL;
    }
    /* Compare mode: both sides' memory is checked before either is built. */
    if (cfg->compare.count > 0) {
        rs_config right;
        rs_settings set[2];
        const rs_settings *both[2] = {&set[0], &set[1]};
        if (rs_compare_config(cfg, &right, e->msg, sizeof e->msg) == 0 && rs_config_settings(cfg, &set[0], e) == 0 &&
            rs_config_settings(&right, &set[1], e) == 0 && rs_budget_check(both, 2, cfg, e) != 0) {
            rs_error_prefix(e, "compare: ");
            free(p);
            return NULL;
        }
    }
    p->side[0] = rs_session_create(cfg, e);
    p->count = p->side[0] ? 1 : 0;
    if (p->side[0] && cfg->compare.count > 0) {
        rs_config right;
        if (rs_compare_config(cfg, &right, e->msg, sizeof e->msg) != 0) {
            e->kind = RS_ERR_INPUT;
            rs_error_prefix(e, "compare: ");  /* it is about the right side */
        } else if (fits_with_left(p, &right, e) && (p->side[1] = rs_session_create(&right, e)) != NULL)
            p->count = 2;
        else
            rs_error_prefix(e, "compare: ");  /* it is about the right side */
    }
    if (p->count == 0 || (cfg->compare.count > 0 && p->count < 2)) {
        rs_pair_free(p);
        return NULL;
    }
    return p;
}

void rs_pair_free(rs_pair *p)
{
    if (!p)
        return;
    rs_session_free(p->side[0]);
    rs_session_free(p->side[1]);
    free(p);
}

int rs_pair_count(const rs_pair *p) { return p->count; }

rs_session *rs_pair_session(const rs_pair *p, int k)
{
    return k >= 0 && k < p->count ? p->side[k] : NULL;
}

int rs_pair_split(rs_pair *p, const rs_config *right, rs_error *e)
{
    if (!fits_with_left(p, right, e))
        return -1;
    rs_session *s = rs_session_create(right, e);
    if (!s)
        return -1;
    rs_pair_join(p);
    /* Both start over together from the seeds, so they train in lockstep
     * on the very same batches. */
    rs_session_reset(p->side[0]);
    p->side[1] = s;
    p->count = 2;
    p->retry[0] = p->retry[1] = false;
    return 0;
}

void rs_pair_join(rs_pair *p)
{
    rs_session_free(p->side[1]);
    p->side[1] = NULL;
    p->retry[1] = false;
    p->count = 1;
}

int rs_pair_configure(rs_pair *p, const rs_config *cfg, rs_error *e)
{
    if (rs_session_configure(p->side[0], cfg, e) != 0)
        return -1;
    if (cfg->compare.count == 0) {
        rs_pair_join(p);
        return 0;
    }
    rs_config right;
    if (rs_compare_config(cfg, &right, e->msg, sizeof e->msg) != 0) {
        e->kind = RS_ERR_INPUT;
        return -1;
    }
    if (p->count == 2)
        return rs_session_configure(p->side[1], &right, e);
    return rs_pair_split(p, &right, e);
}

int rs_pair_set(rs_pair *p, int k, const char *key, const char *value, int *failed, rs_error *e)
{
    const bool both = rs_key_shared(key);
    /* The memory budget counts both sides: check the change on all first. */
    if (p->count == 2) {
        rs_settings next[2];
        const rs_settings *sets[2];
        for (int s = 0; s < 2; s++) {
            rs_config c = *rs_session_config(p->side[s]);
            if ((s == k || both) && rs_config_set(&c, key, value, NULL, 0) != 0)
                break;      /* a bad value: the loop below says why */
            if (rs_session_settings_for(p->side[s], &c, &next[s], e) != 0)
                break;      /* the same */
            sets[s] = &next[s];
            if (s == 1 && rs_budget_check(sets, 2, rs_session_config(p->side[0]), e) != 0) {
                if (failed)
                    *failed = k;
                return -1;
            }
        }
    }
    for (int s = 0; s < p->count; s++) {
        if (s != k && !both)
            continue;
        rs_config c = *rs_session_config(p->side[s]);
        if (rs_config_set(&c, key, value, e->msg, sizeof e->msg) != 0) {
            e->kind = RS_ERR_INPUT;
            if (failed)
                *failed = s;
            return -1;
        }
        if (rs_session_configure(p->side[s], &c, e) != 0) {
            if (failed)
                *failed = s;
            return -1;
        }
    }
    return 0;
}

bool rs_pair_halted(const rs_pair *p, int k)
{
    return k < p->count && rs_session_diverged(p->side[k]) && !p->retry[k];
}

bool rs_pair_all_diverged(const rs_pair *p)
{
    for (int k = 0; k < p->count; k++)
        if (!rs_session_diverged(p->side[k]))
            return false;
    return true;
}

bool rs_pair_round(rs_pair *p, rs_round result[2])
{
    bool any = false;
    for (int k = 0; k < 2; k++) {
        result[k] = RS_ROUND_IDLE;
        if (k >= p->count || rs_pair_halted(p, k))
            continue;
        rs_session *s = p->side[k];
        const bool was_diverged = rs_session_diverged(s);
        const rs_step_status r = rs_session_bptt_active(s) ? rs_session_bptt_finish(s) : rs_session_step(s);
        p->retry[k] = false;
        any = true;
        if (r == RS_STEP_DIVERGED)
            result[k] = was_diverged ? RS_ROUND_AGAIN : RS_ROUND_DIVERGED;
        else
            result[k] = was_diverged ? RS_ROUND_RECOVERED : RS_ROUND_OK;
    }
    return any;
}

void rs_pair_retry(rs_pair *p)
{
    for (int k = 0; k < p->count; k++)
        p->retry[k] = rs_session_diverged(p->side[k]);
}

void rs_pair_retry_side(rs_pair *p, int k)
{
    if (k >= 0 && k < p->count)
        p->retry[k] = true;
}

void rs_pair_reset(rs_pair *p)
{
    for (int k = 0; k < p->count; k++) {
        rs_session_reset(p->side[k]);
        p->retry[k] = false;
    }
}
