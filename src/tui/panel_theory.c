/* The theory panel: the bound of Pascanu, Mikolov & Bengio (2013) against
 * the measured decay of the gradient (compare mode: each side's); for the
 * gated cells, why the bound does not apply. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "panels.h"

/* The mean over t of a per-timestep vector of the last step; NaN if none. */
static double vector_mean(const rs_session *s, rs_vector_kind k)
{
    const double *v = rs_session_last(s) ? rs_session_vector(s, k) : NULL;
    const int T = (int)rs_session_config(s)->task.length;
    if (!v || T <= 0)
        return NAN;
    double sum = 0.0;
    for (int t = 0; t < T; t++)
        sum += v[t];
    return sum / T;
}

/* What a gated cell multiplies its memory path by: "the forget gate f"
 * (lstm) or "z" (gru), and that gate's mean over the last step (the gru's
 * dact is the mean 1 − z, so its z is 1 − dact). */
static const char *gate_name(rs_cell cell) { return cell == RS_CELL_LSTM ? "the forget gate f" : "z"; }
static const char *gate_symbol(rs_cell cell) { return cell == RS_CELL_LSTM ? "f" : "z"; }

static double gate_mean(const rs_session *s)
{
    const double d = vector_mean(s, RS_VEC_DACT);
    return rs_cell_of(s) == RS_CELL_GRU ? 1.0 - d : d;
}

/* The measured mean factor, "0.136× per step back"; when every earlier g_h
 * underflowed to exactly 0, or g_h is not finite (a diverged attempt), there
 * is no ratio to take: say why. */
static void decay_text(const rs_session *s, const rs_step_stats *st, bool utf8, char *buf, size_t n)
{
    if (!st) {
        snprintf(buf, n, "-");
        return;
    }
    if (isfinite(st->decay)) {
        char d[32];
        rs_fmt_num(d, sizeof d, st->decay, utf8);
        snprintf(buf, n, "%s× per step back", d);
        return;
    }
    const double *g = rs_session_vector(s, RS_VEC_G_H);
    int zero_to = 0;
    bool finite = true;
    for (int t = 1; t <= st->T && g; t++) {
        if (t < st->T && g[t - 1] == 0.0)
            zero_to = t;
        finite = finite && isfinite(g[t - 1]);
    }
    if (!finite)
        snprintf(buf, n, "none: g_h is not finite");
    else if (zero_to > 0)
        snprintf(buf, n, "none (g_h is 0 up to t = %d)", zero_to);
    else
        snprintf(buf, n, "none");
}

/* The full form from 6 lines on, else the most telling first. Gated cells:
 * the bound does not apply (their memory path is multiplied by a gate, not
 * by W_hh); rs_spectral has NaN there, which is never shown. */
void rs_theory_lines(const rs_draw_ctx *ctx, const rs_session *ses, rs_panel *p)
{
    WINDOW *w = ctx->w;
    const rs_term *t = ctx->t;
    const rs_config *c = rs_session_config(ses);
    const rs_cell cell = rs_cell_of(ses);
    const bool gated = rs_cell_is_gated(cell), skip = cell == RS_CELL_SKIP;
    const rs_spectral sp = rs_session_spectral(ses);
    const rs_step_stats *st = rs_session_last(ses);
    const rs_role bound_role = sp.bound < 1.0 ? RS_ROLE_TEXT : RS_ROLE_BAD;
    char g[32], sm[32], rho[32], b[32], d[64], one[48], reading[320], gm[32];
    rs_fmt_num(g, sizeof g, sp.gamma, t->utf8);
    rs_fmt_num(sm, sizeof sm, sp.sigma_max, t->utf8);
    rs_fmt_num(rho, sizeof rho, sp.radius, t->utf8);
    rs_fmt_num(b, sizeof b, sp.bound, t->utf8);
    decay_text(ses, st, t->utf8, d, sizeof d);
    rs_fmt_num(gm, sizeof gm, gate_mean(ses), t->utf8);
    rs_fmt_pow10(one, sizeof one, -6, t->utf8);
    const long T = c->task.length;
    /* γ·σ_max in ASCII is a product, not "gamma.sigma_max". */
    const char *bound_name = rs_utf8_or(t, "γ·σ_max", "gamma*sigma_max");
    const char *radius = rs_utf8_or(t, "ρ", "radius");
    /* A narrow panel (compare mode) drops the words it can spare. */
    const bool narrow = p->width < 36;
    const char *decay = narrow ? "measured" : "measured decay";
    char reach[96];
    snprintf(reach, sizeof reach, narrow ? "reach %d of %ld steps" : "reach %d of %ld steps (> %s of t=T)",
             st ? st->reach : 0, T, one);
    if (gated) {
        if (rs_panel_room(p) >= 6) {
            rs_panel_line(w, t, p, RS_ROLE_TEXT, narrow ? "mean %s %s, %sσ_max(W_hh) %s" : "mean %s = %s%sσ_max(W_hh) = %s",
                          gate_symbol(cell), st ? gm : "-", narrow ? "" : " · ", sm);
            rs_panel_line(w, t, p, RS_ROLE_TEXT, "%s %s", decay, d);
            rs_panel_line(w, t, p, RS_ROLE_TEXT, "%s", reach);
            snprintf(reading, sizeof reading,
                     "the memory path is multiplied by %s, not by W_hh: Pascanu's bound %s does not apply",
                     gate_name(cell), bound_name);
            if (rs_wrapped_lines(t, reading, p->width) > rs_panel_room(p))
                snprintf(reading, sizeof reading, "memory × %s, not W_hh: the bound %s does not apply",
                         cell == RS_CELL_LSTM ? "forget gate f" : "z", bound_name);
            rs_panel_wrap(w, t, p, RS_ROLE_VALUE, reading, rs_panel_room(p));
            return;
        }
        rs_panel_line(w, t, p, RS_ROLE_VALUE, "bound n/a: memory × %s, not W_hh", gate_symbol(cell));
        rs_panel_line(w, t, p, RS_ROLE_TEXT, "measured %s", d);
        rs_panel_line(w, t, p, RS_ROLE_TEXT, "reach %d of %ld steps", st ? st->reach : 0, T);
        rs_panel_line(w, t, p, RS_ROLE_TEXT, "σ_max(W_hh) = %s · mean %s %s", sm, gate_symbol(cell), st ? gm : "-");
        return;
    }
    /* Pascanu's bound holds for the measured ratios only for the plain rnn
     * with its loss at the last step (rs_bound_applies). The skip cell's
     * W_sk h_{t−k} is a second, k times shorter route the bound does not
     * cover; with a loss at every step g_h[t] adds L_t's own term, so only
     * each loss term has its bound. Both say in words what holds instead. */
    const rs_model_spec *spec = &rs_session_settings(ses)->model;
    const bool applies = rs_bound_applies(spec);
    const long k = c->model.skip, jumps = k > 0 ? (T - 1 + k - 1) / k : T - 1;
    char instead[200];
    if (skip)
        snprintf(instead, sizeof instead, "skip path (k = %ld) not covered: t = 1 is %ld jumps back: no bound on "
                 "g_h", k, jumps);
    else
        snprintf(instead, sizeof instead, "a loss at every step adds its own term to g_h: only each loss term "
                 "alone shrinks by at least %s per step", b);
    if (!applies && rs_panel_room(p) < 6) {
        rs_panel_line(w, t, p, RS_ROLE_VALUE, skip ? "1-step %s = %s: skip path not covered"
                                                    : "%s = %s per loss term, not g_h", bound_name, b);
        rs_panel_line(w, t, p, RS_ROLE_TEXT, "measured %s", d);
        rs_panel_line(w, t, p, RS_ROLE_TEXT, "reach %d of %ld steps", st ? st->reach : 0, T);
        rs_panel_line(w, t, p, RS_ROLE_TEXT, "γ = %s   %s(W_hh) = %s", g, radius, rho);
        return;
    }
    if (rs_panel_room(p) >= 6) {
        /* A narrow panel (the ruled layout's column) drops the words it can spare. */
        rs_panel_line(w, t, p, RS_ROLE_TEXT, narrow ? "γ = %s · %s(W_hh) = %s" : "γ = sup|f′| = %s   %s(W_hh) = %s", g,
                      radius, rho);
        if (applies)
            rs_panel_line(w, t, p, bound_role, narrow ? "%s = %s × %s = %s" : "bound %s = %s × %s = %s", bound_name, g, sm,
                          b);
        else
            rs_panel_line(w, t, p, RS_ROLE_TEXT, "%s = %s × %s = %s", bound_name, g, sm, b);
        rs_panel_line(w, t, p, RS_ROLE_TEXT, "%s %s", decay, d);
        rs_panel_line(w, t, p, RS_ROLE_TEXT, "%s", reach);
        if (!applies)
            snprintf(reading, sizeof reading, "%s", instead);
        else {
            rs_theory_reading(reading, sizeof reading, sp.bound, t->utf8);
            if (rs_wrapped_lines(t, reading, p->width) > rs_panel_room(p))
                rs_theory_short(reading, sizeof reading, sp.bound, t->utf8);
        }
        rs_panel_wrap(w, t, p, RS_ROLE_VALUE, reading, rs_panel_room(p));
        return;
    }
    rs_theory_short(reading, sizeof reading, sp.bound, t->utf8);
    rs_panel_line(w, t, p, bound_role, "%s", reading);
    rs_panel_line(w, t, p, RS_ROLE_TEXT, "measured %s", d);
    rs_panel_line(w, t, p, RS_ROLE_TEXT, "reach %d of %ld steps", st ? st->reach : 0, T);
    rs_panel_line(w, t, p, RS_ROLE_TEXT, "γ = %s   %s(W_hh) = %s", g, radius, rho);
}

void rs_draw_theory(const rs_draw_ctx *c, rs_rect r, const rs_sides *sd)
{
    const rs_role border = rs_point_border(c, "theory");
    rs_panel p = rs_panel_open(c->w, c->t, c->compact, r, "Theory vs measurement",
                               border == RS_ROLE_POINT ? RS_ROLE_POINT : RS_ROLE_PANEL_TITLE, border);
    if (!rs_comparing(sd)) {
        rs_theory_lines(c, sd->s[0], &p);
        return;
    }
    /* Compare mode: each side under its name, in half the lines. */
    const int per = rs_panel_room(&p) / 2;
    for (int k = 0; k < 2; k++) {
        char d[160];
        rs_describe_side(sd, k, d, sizeof d);
        rs_panel sub = {p.x, p.width, p.y, p.y + (k ? rs_panel_room(&p) : per) - 1};
        rs_panel_line(c->w, c->t, &sub, k == sd->focus ? RS_ROLE_FOCUS : RS_ROLE_PANEL_TITLE, "%s: %s", rs_pair_side_names[k], d);
        rs_theory_lines(c, sd->s[k], &sub);
        p.y += per;
    }
}
