/* Fuzz target: a session driven as a user at the keyboard drives it. The
 * input is a script of operations — train a step or a few, reset, change a
 * setting (a choice key cycled as its key does, a number set to one of the
 * values around its range), step through BPTT, export the state, read the
 * history — applied to a small model between training steps. Sizes are kept
 * small (a key press in the view changes them by little) so that an input
 * runs in milliseconds. Properties: a refused change leaves the session as
 * it was; the history never holds more than stats.history steps; a diverged
 * session reports where. */
#include "fuzz.h"

#include <math.h>

#include "rnnscope/config.h"
#include "rnnscope/session.h"

/* The largest value a size-like key is given here. */
static long cap_of(const rs_key *k)
{
    static const struct { const char *key; long cap; } caps[] = {
        {"model.hidden", 8}, {"task.length", 16}, {"train.batch", 4}, {"stats.history", 16},
        {"task.copy_length", 4}, {"task.keys", 4}, {"task.alphabet", 5}, {"model.skip", 4},
        {"train.tbptt", 16}, {"stats.spectral_every", 8},
    };
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
        if (strcmp(k->key, caps[i].key) == 0)
            return caps[i].cap;
    return (long)k->max;
}

/* A value for key k from the byte v: its ends, its middle, small values. */
static void value_for(const rs_key *k, uint8_t v, char *buf, size_t n)
{
    if (k->type == RS_KEY_INT) {
        const long lo = (long)k->min, hi = cap_of(k) < (long)k->max ? cap_of(k) : (long)k->max;
        const long pick[] = {lo, lo + 1, hi, (lo + hi) / 2, 2, 3, lo - 1, hi + 1};
        snprintf(buf, n, "%ld", pick[v % 8]);
    } else {
        const double pick[] = {k->min, k->max, (k->min + k->max) / 2, 1e-3, 0.5, 1.0, 1e-300, k->max * 2};
        snprintf(buf, n, "%.17g", pick[v % 8]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    static rs_config cfg, next;
    static const char *const tasks[] = {"adding", "copy", "temporal", "remember"};
    static const char *const cells[] = {"rnn", "lstm", "gru", "skip"};
    const char *const small[][2] = {
        {"model.hidden", "4"}, {"train.batch", "2"}, {"stats.history", "16"}, {"task.copy_length", "2"},
        {"task.name", tasks[data[0] % 4]}, {"model.cell", cells[data[0] / 4 % 4]},
        {"task.length", data[0] & 0x40 ? "12" : "8"},
    };
    rs_config_defaults(&cfg);
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++)
        if (rs_config_set(&cfg, small[i][0], small[i][1], NULL, 0) != 0)
            fuzz_fail("the base config refuses %s=%s", small[i][0], small[i][1]);

    char err[1024];
    rs_error e = {0};
    rs_session *s = rs_session_create(&cfg, &e);
    if (!s)
        return 0;
    FILE *sink = fopen("/dev/null", "w");
    long steps = 0;
    for (size_t i = 1; i < size && steps < 64; i++) {
        const uint8_t op = data[i] % 10, arg = i + 1 < size ? data[i + 1] : 0;
        switch (op) {
        case 0:     /* n, space: train */
        case 1:
            for (int k = 0; k < (op == 0 ? 1 : 1 + arg % 4); k++, steps++)
                if (rs_session_step(s) == RS_STEP_DIVERGED && rs_session_diverged_at(s) <= 0)
                    fuzz_fail("diverged without saying where");
            break;
        case 2:     /* r */
            rs_session_reset(s);
            if (rs_session_steps(s) != 0 || rs_session_history_count(s) != 0)
                fuzz_fail("reset left %ld steps, %zu in the history", rs_session_steps(s),
                          rs_session_history_count(s));
            break;
        case 3:     /* a setting's key: the next choice, or a number */
        case 4: {
            const rs_key *k = &rs_keys[arg % rs_nkeys];
            i++;
            if (k->type == RS_KEY_TEXT)
                break;
            next = *rs_session_config(s);
            if (k->type == RS_KEY_CHOICE)
                rs_config_cycle(&next, k, op == 3 ? 1 : -1);
            else {
                char value[64];
                value_for(k, i + 1 < size ? data[i + 1] : 0, value, sizeof value);
                i++;
                if (rs_config_set(&next, k->key, value, err, sizeof err) != 0)
                    break;
            }
            const long before = rs_session_steps(s);
            if (rs_session_configure(s, &next, &e) != 0) {
                if (rs_session_steps(s) != before)
                    fuzz_fail("a refused %s changed the session (%s)", k->key, e.msg);
            } else if (memcmp(rs_session_config(s), &next, sizeof next) != 0)
                fuzz_fail("the session does not hold the config it took (%s)", k->key);
            break;
        }
        case 5:     /* b: one timestep back, opening the step-through first */
            if (!rs_session_bptt_active(s))
                rs_session_bptt_begin(s);
            else {
                rs_bptt_view v;
                if (!rs_session_bptt_step(s, &v))
                    steps++, rs_session_bptt_finish(s);
            }
            break;
        case 6:     /* several timesteps back */
            if (rs_session_bptt_active(s)) {
                rs_bptt_view v;
                for (int k = 0; k < 1 + arg % 8 && rs_session_bptt_step(s, &v); k++)
                    ;
            }
            break;
        case 7:     /* finish the step-through (as space does) */
            if (rs_session_bptt_active(s)) {
                rs_session_bptt_finish(s);
                steps++;
            }
            break;
        case 8:     /* export the state */
            if (sink && rs_session_last(s))
                rs_session_export_state(s, sink, err, sizeof err);
            break;
        case 9: {   /* draw: the history and the theory panel */
            const size_t n = rs_session_history_count(s);
            if (n > (size_t)rs_session_config(s)->stats.history)
                fuzz_fail("the history holds %zu steps, more than %ld", n, rs_session_config(s)->stats.history);
            for (size_t h = 0; h < n; h++)
                for (int v = 0; v < RS_VEC_KINDS; v++)
                    rs_session_history_vector(s, h, (rs_vector_kind)v);
            rs_session_spectral(s);
            for (int v = 0; v < RS_VEC_KINDS && rs_session_last(s); v++)
                rs_session_vector(s, (rs_vector_kind)v);
            break;
        }
        }
    }
    if (sink)
        fclose(sink);
    rs_session_free(s);
    return 0;
}
