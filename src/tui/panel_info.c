/* The info panel under a side's heatmap: the divergence banner, the BPTT
 * step-through's caption, the inspector's line, compare mode's numbers; in
 * the compact layout also the theory or the loss when a lesson points at
 * them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../view/changes.h"
#include "../view/taskmarks.h"
#include "panels.h"

/* The inspected cell: where, which step, the exact value (wrapped onto at
 * most max lines). */
static void inspector_line(const rs_draw_ctx *c, rs_panel *p, const rs_heat_grid *g, const rs_sides *sd, int k,
                           const rs_heat_view *v, int max)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    if (k != sd->focus) {
        if (p->y <= p->last)
            rs_put_cut(w, t, RS_ROLE_DIM, p->y++, p->x, p->width,
                       p->width >= 56 ? "Tab: focus this side (its settings keys, its inspector)" : "Tab: focus this side");
        return;
    }
    if (!rs_view_is_heat(v->view)) {
        /* spectrum, itemized, phase: their numbers are in their own panel */
        const char *what = v->view == RS_VIEW_ITEMIZED
                               ? (rs_in_lesson(c) ? "Itemized: k j move the prediction t′, h l the step s (its line above)"
                                                  : "Itemized: ↑↓ move the prediction t′, ←→ the step s (its line above)")
                         : v->view == RS_VIEW_PHASE
                               ? (rs_in_lesson(c) ? "Phase: h j k l inspect a cell (its line above), Enter makes it the live run"
                                                  : "Phase: ←↑↓→ inspect a cell (its line above), Enter makes it the live run")
                               : "Spectrum: ρ, σ_max and the circles are beside the plot (v: the next view)";
        if (p->y <= p->last)
            rs_put_cut(w, t, RS_ROLE_DIM, p->y++, p->x, p->width, what);
        return;
    }
    if (!v->cursor || g->nrows == 0) {
        char hint[2][160];
        /* In a lesson ← and → turn the pages: the inspector has h j k l. */
        const char *keys = rs_in_lesson(c) ? "h j k l" : rs_utf8_or(t, "←↑↓→", "arrow keys");
        snprintf(hint[0], sizeof hint[0], "Inspector: %s or a mouse click shows one cell's t, step and exact value", keys);
        snprintf(hint[1], sizeof hint[1], "%s or click: one cell's exact value",
                 rs_in_lesson(c) ? "h j k l" : rs_utf8_or(t, "←↑↓→", "arrows"));
        if (p->y <= p->last) {
            const char *texts[] = {hint[0], hint[1]};
            rs_put_first_fitting(w, t, RS_ROLE_DIM, p->y++, p->x, p->width, texts, 2);
        }
        return;
    }
    const rs_session *s = sd->s[k];
    const int r = g->nrows - 1 - v->cur_row;
    const size_t i = (size_t)r * g->tb.nbins + v->cur_bin;
    char where[96], rowtxt[64], val[200] = "", extra[160] = "";
    int t0, t1;
    rs_tbins_range(&g->tb, v->cur_bin, &t0, &t1);
    if (t0 == t1)
        snprintf(where, sizeof where, "t = %d", t0);
    else
        snprintf(where, sizeof where, "t = %d–%d (largest at %d)", t0, t1, g->raw_t[i]);
    switch (g->row_kind[r]) {
    case RS_ROW_UNIT:
        if (g->row_last[r] > g->row_id[r])
            snprintf(rowtxt, sizeof rowtxt, "units %ld–%d (largest), step %ld", g->row_id[r], g->row_last[r],
                     rs_session_steps(s));
        else
            snprintf(rowtxt, sizeof rowtxt, "unit %ld, step %ld", g->row_id[r], rs_session_steps(s));
        break;
    case RS_ROW_PENDING: snprintf(rowtxt, sizeof rowtxt, "step %ld (being stepped through)", g->row_id[r]); break;
    case RS_ROW_FAILED: snprintf(rowtxt, sizeof rowtxt, "step %ld (the attempt that diverged)", g->row_id[r]); break;
    default: snprintf(rowtxt, sizeof rowtxt, "step %ld", g->row_id[r]);
    }
    const char *name = rs_view_names[v->view];
    char num[64];
    rs_fmt_num(num, sizeof num, g->raw[i], t->utf8);
    switch (g->cls[i]) {
    case RS_HEAT_EMPTY:
        snprintf(val, sizeof val, g->row_kind[r] == RS_ROW_PENDING ? "%s not computed yet: b goes further back"
                                                                  : "%s: no value", name);
        break;
    case RS_HEAT_CUT:
        snprintf(val, sizeof val, "no value: beyond the truncation window of %d steps, the gradient was cut "
                 "here, not measured", g->row_tbptt[r]);
        break;
    case RS_HEAT_BROKEN:
        snprintf(val, sizeof val, "no value: computed after BPTT broke at t = %d (NaN, Inf or past 10¹⁰⁰)",
                 g->row_broke[r]);
        break;
    case RS_HEAT_NOREF:
        snprintf(val, sizeof val, "%s = %s", name, num);
        snprintf(extra, sizeof extra, "  (the value at t=T is 0: no ratio; S: absolute)");
        break;
    case RS_HEAT_NONFINITE:
        snprintf(val, sizeof val, "%s = %s", name, num);
        if (isfinite(g->raw[i]))
            snprintf(extra, sizeof extra, "  (past 10¹⁰⁰: the numbers mean nothing any more)");
        else if (isfinite(g->row_ref[r]) || g->kind != RS_SCALE_RELATIVE)
            snprintf(extra, sizeof extra, "  (not a number: the step diverged)");
        break;
    case RS_HEAT_ZERO: snprintf(val, sizeof val, "%s = 0 exactly", name); break;
    default:
        rs_fmt_exact(num, sizeof num, g->raw[i], t->utf8);
        snprintf(val, sizeof val, "%s = %s", name, num);
        if (g->kind == RS_SCALE_RELATIVE) {
            char rel[48];
            rs_fmt_num(rel, sizeof rel, pow(10.0, g->x[i]), t->utf8);
            snprintf(extra, sizeof extra, "  (%s × its value at t=T)", rel);
        }
    }
    const char *word = t0 == t1 ? rs_first_word(s, g->T, t0) : NULL;
    if (word) {
        const size_t n = strlen(extra);
        snprintf(extra + n, sizeof extra - n, "  input: %s", word);
    }
    char line[600];
    snprintf(line, sizeof line, "▲ %s · %s · %s%s", where, rowtxt, val, extra);
    rs_panel_wrap(w, t, p, RS_ROLE_TEXT, line, max);
}

/* "t = 11, 32" or "t = 1–10": the markers' timesteps, runs joined. */
static void marker_times(const rs_task_marks *m, char *buf, size_t n)
{
    size_t used = (size_t)snprintf(buf, n, "t = ");
    for (int i = 0; i < m->n && used < n; i++) {
        int j = i;
        while (j + 1 < m->n && m->t[j + 1] == m->t[j] + 1)
            j++;
        if (j > i + 1)
            used += (size_t)snprintf(buf + used, n - used, "%s%d–%d", i ? ", " : "", m->t[i], m->t[j]);
        else {
            used += (size_t)snprintf(buf + used, n - used, "%s%d", i ? ", " : "", m->t[i]);
            j = i;
        }
        i = j;
    }
}

/* The task on screen (issue 10): where the first sequence of the last
 * batch hides its information, its target and the model's answer. */
static void task_line(const rs_draw_ctx *c, rs_panel *p, const rs_session *s)
{
    rs_task_marks m;
    rs_task_marks_session(s, 0, &m);
    if (!m.answer || p->y > p->last)
        return;
    char where[160] = "", times[120] = "", line[600];
    if (m.n > 0) {
        marker_times(&m, times, sizeof times);
        snprintf(where, sizeof where, "%s at %s · ", m.what, times);
    }
    const char *mark = m.right ? "✓" : "✗";
    snprintf(line, sizeof line, "sequence 1: %starget %s · model %s %s", where, m.target, m.model, mark);
    /* Narrow: the markers' times without their words. */
    if (rs_screen_width(c->t, line) > p->width)
        snprintf(line, sizeof line, "seq. 1: %s%starget %s · model %s %s", times, times[0] ? " · " : "", m.target, m.model,
                 mark);
    rs_panel_wrap(c->w, c->t, p, m.right ? RS_ROLE_GOOD : RS_ROLE_TEXT, line, 1);
}

/* The step-through: where the backward pass is, what the chain rule did. */
static void bptt_text(const rs_draw_ctx *c, const rs_session *s, bool brief, rs_para *p)
{
    const rs_term *t = c->t;
    const char *dot = " · ";
    const int T = (int)rs_session_config(s)->task.length;
    const int next = rs_session_bptt_t(s);
    const rs_cell cell = rs_cell_of(s);
    const bool gated = rs_cell_is_gated(cell);
    char buf[320];
    rs_bptt_view view;
    if (!rs_session_bptt_last(s, &view)) {
        if (brief)
            rs_para_add(p, RS_ROLE_TEXT, "Forward pass of step %ld done. b goes back from t = T = %d.", rs_session_steps(s) + 1, T);
        else
            rs_para_add(p, RS_ROLE_TEXT, "Forward pass of step %ld done, the loss is known. Press b to go back from t = T = %d.",
                        rs_session_steps(s) + 1, T);
    } else {
        const rs_bptt_view *v = &view;
        char dn[48], gh[48], jac[48], prod[48];
        rs_fmt_num(dn, sizeof dn, v->delta_norm, t->utf8);
        rs_fmt_num(gh, sizeof gh, v->g_h, t->utf8);
        rs_fmt_num(jac, sizeof jac, v->jacobian, t->utf8);
        rs_fmt_num(prod, sizeof prod, v->product, t->utf8);
        if (brief) {
            /* Where, the story, the numbers: the most telling line first. */
            rs_para_add(p, RS_ROLE_VALUE, "t = %d of %d%s‖∂L/∂h_t‖ = %s", v->t, T, dot, gh);
            rs_bptt_sentence_short(buf, sizeof buf, T - v->t, v->ratio, t->utf8);
            rs_para_add(p, RS_ROLE_GOOD, "%s", buf);
            if (v->t < T)
                rs_para_add(p, RS_ROLE_TEXT, "local factor %s%sproduct %s (a bound)", jac, dot, prod);
        } else {
            rs_para_add(p, RS_ROLE_VALUE, "t = %d of %d%s‖δ_t‖%s = %s%s‖∂L/∂h_t‖ = %s", v->t, T, dot,
                        gated ? " (all gates)" : "", dn, dot, gh);
            if (v->t < T) {
                /* The norm of the Jacobian of one step of the recurrence
                 * (engine.h, rs_local_jacobian_norm): the lstm's of its
                 * whole state (h, c), the gru's through z, r and n, the
                 * skip cell's of the one-step path (W_sk is a second route). */
                char factor[160];
                if (cell == RS_CELL_LSTM)
                    snprintf(factor, sizeof factor, "‖∂(h,c)_%d/∂(h,c)_%d‖₂", v->t + 1, v->t);
                else if (cell == RS_CELL_GRU)
                    snprintf(factor, sizeof factor, "‖∂h_%d/∂h_%d‖₂", v->t + 1, v->t);
                else
                    snprintf(factor, sizeof factor, "‖diag(f′(a_%d)) W_hh‖₂", v->t + 1);
                /* The product of the factors' norms only bounds the ratio
                 * (‖AB‖ ≤ ‖A‖·‖B‖, and each factor is the largest over the
                 * batch); the chain rule's real ratio is the sentence below,
                 * often orders of magnitude smaller: say which is which. */
                rs_para_add(p, RS_ROLE_TEXT, "local factor %s = %s%sproduct %s (a bound)", factor, jac, dot, prod);
            } else
                rs_para_add(p, RS_ROLE_TEXT, "the first step back starts from the loss at the end: no factor yet");
            rs_bptt_sentence(buf, sizeof buf, T - v->t, v->ratio, t->utf8);
            rs_para_add(p, RS_ROLE_GOOD, "%s", buf);
        }
    }
    if (c->compact)
        return;                 /* the message line says what the keys do next */
    if (brief)
        rs_para_add(p, RS_ROLE_DIM, next > 0 ? "b: further back%sn: finish the step" : "all done%sb or n: finish the step", dot);
    else
        rs_para_add(p, RS_ROLE_DIM, next > 0 ? "b: one timestep further back%sn or space: finish this training step"
                                             : "all timesteps done%sb, n or space: finish this training step (clip, update)",
                    dot);
}

/* The divergence banner: what happened, the cures, how to go on. One
 * number for the failure (the session's: the step the next attempt
 * redoes), as the status line and the heat map's row label say it. */
static void banner_text(const rs_draw_ctx *ctx, const rs_sides *sd, int k, bool brief, rs_para *p)
{
    const char *dot = " · ";
    const rs_session *s = sd->s[k];
    const rs_config *c = rs_session_config(s);
    const rs_step_stats *st = rs_session_last(s);
    const long at = st ? st->step : rs_session_diverged_at(s), kept = rs_session_steps(s);
    /* The weights it goes on from: those after the last step that counted. */
    char from[64];
    if (kept > 0)
        snprintf(from, sizeof from, " from the weights after step %ld", kept);
    else
        snprintf(from, sizeof from, " from the first weights");
    /* Compare mode: the cures act on the focused side; r restarts both. */
    const bool other = rs_comparing(sd) && k != sd->focus;
    const char *restarts = rs_comparing(sd) ? "r restarts both" : "r restarts";
    if (brief) {
        rs_para_add(p, RS_ROLE_BANNER, "✕ %s at step %ld", rs_session_divergence(s), at);
        rs_para_add(p, RS_ROLE_BANNER, "%scures: c clipping%s- lr%si init", other ? "Tab, then " : "", dot, dot);
        rs_para_add(p, RS_ROLE_BANNER, "then n redoes step %ld%s%s", at, dot, restarts);
        return;
    }
    char lr[32], thr[32];
    rs_fmt_num(lr, sizeof lr, c->train.lr, ctx->t->utf8);
    rs_fmt_num(thr, sizeof thr, c->train.clip_threshold, ctx->t->utf8);
    const bool clipping = rs_session_settings(s)->clip != RS_CLIP_NONE;
    rs_para_add(p, RS_ROLE_BANNER, "✕ exploding gradients: %s at step %ld — training halted", rs_session_divergence(s), at);
    rs_para_add(p, RS_ROLE_BANNER, "%scures: c clipping (%s%s%s)%s- learning rate (%s)%si init (%s)",
                other ? "Tab, then " : "", c->train.clip, clipping ? " " : "", clipping ? thr : "", dot, lr, dot,
                c->init.recurrent);
    rs_para_add(p, RS_ROLE_BANNER, "then space or n redoes step %ld%s%s%s", at, from, dot, restarts);
}

/* Compare mode: a side's numbers at a glance. */
static void side_numbers(const rs_draw_ctx *c, rs_panel *p, const rs_session *s)
{
    const rs_step_stats *st = rs_session_last(s);
    if (!st || p->y > p->last)
        return;
    char loss[48];
    rs_fmt_num(loss, sizeof loss, st->loss, c->t->utf8);
    const char *dot = " · ";
    if (p->width >= 50)
        rs_panel_line(c->w, c->t, p, RS_ROLE_VALUE, "step %ld%sloss %s%sacc %.2f%sreach %d of %d", st->step, dot, loss, dot,
                      st->acc, dot, st->reach, st->T);
    else
        rs_panel_line(c->w, c->t, p, RS_ROLE_VALUE, "loss %s%sacc %.2f%sreach %d/%d", loss, dot, st->acc, dot, st->reach,
                      st->T);
}

void rs_draw_info(const rs_draw_ctx *c, rs_rect r, const rs_heat_grid *g, const rs_sides *sd, int k,
                  const rs_heat_view *v)
{
    WINDOW *w = c->w;
    const rs_term *t = c->t;
    const rs_session *s = sd->s[k];
    const rs_role border = rs_comparing(sd) && k == sd->focus ? RS_ROLE_FOCUS : RS_ROLE_BORDER;
    const rs_panel area = rs_panel_area(r, c->compact);
    const int width = area.width, room = rs_panel_room(&area);
    rs_para lng = {0}, brief = {0};

    if (rs_session_bptt_active(s)) {
        bptt_text(c, s, false, &lng);
        const bool fits = rs_para_height(t, &lng, width) <= room;
        if (!fits)
            bptt_text(c, s, true, &brief);
        rs_panel p = rs_panel_open(w, t, c->compact, r,
                                   fits && r.w >= 70 ? "BPTT step-through: the chain rule, one timestep at a time"
                                                     : "BPTT step-through",
                                   RS_ROLE_PANEL_TITLE, border);
        rs_para_put(w, t, &p, fits ? &lng : &brief);
        return;
    }
    if (rs_session_diverged(s)) {
        banner_text(c, sd, k, false, &lng);
        const bool fits = rs_para_height(t, &lng, width) <= room;
        if (!fits)
            banner_text(c, sd, k, true, &brief);
        rs_panel p = rs_panel_open(w, t, c->compact, r, fits ? "Diverged" : "Diverged: exploding gradients", RS_ROLE_BAD,
                                   border);
        const rs_para *text = fits ? &lng : &brief;
        for (int y = p.y; y < p.y + rs_para_height(t, text, p.width) && y <= p.last; y++)
            rs_fill(w, t, RS_ROLE_BANNER, y, p.x - 1, p.width + 2);
        rs_para_put(w, t, &p, text);
        inspector_line(c, &p, g, sd, k, v, 1);
        return;
    }
    /* A lesson pointing at the theory or the loss, in the compact layout
     * that has no panel for them: they take this one. */
    if (!c->panels && (rs_points_at(c, "theory") || rs_points_at(c, "loss"))) {
        const bool theory = rs_points_at(c, "theory");
        rs_panel p = rs_panel_open(w, t, c->compact, r, theory ? "Theory vs measurement" : "Loss", RS_ROLE_POINT,
                                   RS_ROLE_POINT);
        if (theory)
            rs_theory_lines(c, s, &p);
        else
            rs_loss_lines(c, s, &p);
        return;
    }
    rs_panel p = rs_panel_open(w, t, c->compact, r, "Inspector", RS_ROLE_PANEL_TITLE, border);
    if (rs_comparing(sd)) {
        side_numbers(c, &p, s);
        inspector_line(c, &p, g, sd, k, v, 2);
        return;
    }
    inspector_line(c, &p, g, sd, k, v, 2);
    task_line(c, &p, s);
    /* The scenario's summary describes its own settings: when the run on
     * screen differs, say so first (an honest header, issue 10). */
    const char *summary = rs_session_config(s)->scenario.summary;
    char changes[400], text[1600];
    if (sd->base && rs_config_changes(rs_session_config(s), sd->base, changes, sizeof changes) > 0) {
        snprintf(text, sizeof text, "Changed from the scenario: %s. The scenario says, of its own settings: %s", changes,
                 summary);
        rs_panel_wrap(w, t, &p, RS_ROLE_DIM, text, rs_panel_room(&p));
    } else if (summary[0])
        rs_panel_wrap(w, t, &p, RS_ROLE_DIM, summary, rs_panel_room(&p));
}
