/* Where the information lives: the markers of each task, the target and the
 * model's answer (pure). The token layouts are the generators' (task.c):
 * adding x_t = (u_t, m_t) with m_t = 1 at the two marked steps; copy's
 * symbols first (tokens 1 … A); temporal's A and B are tokens 0 and 1;
 * remember's key words are tokens 0 … K−1, the key at t = 1. test_view
 * holds these against rs_task_token_name. */
#include "taskmarks.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "format.h"

static void add(rs_task_marks *m, int t, const char *label)
{
    if (m->n >= RS_MARKS_MAX)
        return;
    m->t[m->n] = t;
    snprintf(m->label[m->n], sizeof m->label[m->n], "%s", label ? label : "?");
    m->n++;
}

/* The class the readout's logits y[0 … O−1] pick; −1 when one is not a number. */
static int arg_max(const double *y, int O)
{
    int best = 0;
    for (int o = 0; o < O; o++) {
        if (!isfinite(y[o]))
            return -1;
        if (y[o] > y[best])
            best = o;
    }
    return best;
}

/* "a b c" (sep " ") or "abc" (sep ""), cut at whole names. */
static void append(char *buf, size_t n, const char *sep, const char *name)
{
    const size_t used = strlen(buf);
    if (used + strlen(sep) + strlen(name) + 1 < n)
        snprintf(buf + used, n - used, "%s%s", used ? sep : "", name);
}

/* Every-step readouts (copy, text): the target and the answer at the
 * labelled steps, the last `most` of them. */
static void every_step_answer(const rs_task_spec *spec, const rs_batch *b, const double *y, int row, int most,
                              const char *sep, rs_task_marks *m)
{
    int first = b->T;
    for (int t = b->T - 1, n = 0; t >= 0 && n < most; t--)
        if (b->label[(size_t)t * b->B + row] >= 0) {
            first = t;
            n++;
        }
    m->right = true;
    for (int t = first; t < b->T; t++) {
        const int label = b->label[(size_t)t * b->B + row];
        if (label < 0)
            continue;
        const int got = arg_max(y + ((size_t)t * b->B + row) * b->O, b->O);
        const char *want = rs_task_class_name(spec, label), *have = got >= 0 ? rs_task_class_name(spec, got) : "NaN";
        append(m->target, sizeof m->target, sep, want ? want : "?");
        append(m->model, sizeof m->model, sep, have ? have : "?");
        m->right &= got == label;
    }
    m->answer = true;
}

void rs_task_marks_of(const rs_task_spec *spec, const rs_batch *b, const double *outputs, int row, rs_task_marks *m)
{
    memset(m, 0, sizeof *m);
    m->what = "";
    if (!b || row < 0 || row >= b->B || b->T != spec->length)
        return;
    const int T = b->T, B = b->B;
    char num[24];
    switch (spec->kind) {
    case RS_TASK_ADDING:
        m->what = "the two marked numbers";
        for (int t = 0; t < T; t++) {
            const double *x = b->x + ((size_t)t * B + row) * 2;
            if (x[1] == 1.0) {
                rs_fmt_num(num, sizeof num, x[0], true);
                add(m, t + 1, num);
            }
        }
        if (outputs) {
            const double want = b->target[row], got = outputs[row];
            rs_fmt_num(m->target, sizeof m->target, want, true);
            rs_fmt_num(m->model, sizeof m->model, got, true);
            m->right = fabs(got - want) < RS_MSE_TOLERANCE;
            m->answer = true;
        }
        return;
    case RS_TASK_TEMPORAL:
    case RS_TASK_REMEMBER:
        m->what = spec->kind == RS_TASK_TEMPORAL ? "A or B, twice" : "the key word";
        for (int t = 0; t < T; t++) {
            const int tok = b->token[(size_t)t * B + row];
            /* temporal: A = 0, B = 1; remember: the keys 0 … K−1 */
            if (tok >= 0 && tok < (spec->kind == RS_TASK_TEMPORAL ? 2 : spec->keys))
                add(m, t + 1, rs_task_token_name(spec, tok));
        }
        if (outputs) {
            const int label = b->label[row], got = arg_max(outputs + (size_t)row * b->O, b->O);
            const char *want = rs_task_class_name(spec, label), *have = got >= 0 ? rs_task_class_name(spec, got) : "NaN";
            snprintf(m->target, sizeof m->target, "%s", want ? want : "?");
            snprintf(m->model, sizeof m->model, "%s", have ? have : "?");
            m->right = got == label;
            m->answer = true;
        }
        return;
    case RS_TASK_COPY:
        m->what = "the symbols to copy";
        for (int t = 0; t < spec->copy_length && t < T; t++)
            add(m, t + 1, rs_task_token_name(spec, b->token[(size_t)t * B + row]));
        if (outputs)
            every_step_answer(spec, b, outputs, row, spec->copy_length, " ", m);
        return;
    case RS_TASK_TEXT:
        /* Every character is the answer to the one before: no marker. */
        if (outputs)
            every_step_answer(spec, b, outputs, row, 16, "", m);
        return;
    case RS_TASK_COUNT:
        break;
    }
}

void rs_task_marks_session(const rs_session *s, int row, rs_task_marks *m)
{
    const bool stepped = rs_session_last(s) != NULL || rs_session_bptt_active(s);
    const rs_workspace *ws = rs_session_workspace(s);
    const rs_batch *b = rs_session_batch(s);
    if (!stepped || !b || !ws || ws->T != b->T) {
        memset(m, 0, sizeof *m);
        m->what = "";
        return;
    }
    rs_task_marks_of(rs_session_task(s), b, ws->y, row, m);
}
