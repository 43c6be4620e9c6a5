/* The LSTM (DESIGN §2; Hochreiter & Schmidhuber 1997, with the forget gate of
 * Gers, Schmidhuber & Cummins 2000) in PyTorch's gate order i, f, g, o:
 *
 *   forward    z_t = W_ih x_t + W_hh h_{t−1} + b       (4H: blocks z_i, z_f, z_g, z_o)
 *              i = σ(z_i)   f = σ(z_f)   g = tanh(z_g)   o = σ(z_o)
 *              c_t = f ⊙ c_{t−1} + i ⊙ g                c_0 = 0
 *              h_t = o ⊙ tanh(c_t)                      h_0 = 0
 *
 *   backward   ∂L/∂h_t = W_hyᵀ ∂L/∂y_t + W_hhᵀ δ_{t+1}
 *              ∂L/∂c_t = ∂L/∂h_t ⊙ o ⊙ (1 − tanh² c_t)  +  ∂L/∂c_{t+1} ⊙ f_{t+1}
 *              δ_i = ∂L/∂c_t ⊙ g ⊙ i(1 − i)            δ_f = ∂L/∂c_t ⊙ c_{t−1} ⊙ f(1 − f)
 *              δ_g = ∂L/∂c_t ⊙ i ⊙ (1 − g²)            δ_o = ∂L/∂h_t ⊙ tanh(c_t) ⊙ o(1 − o)
 *              ∂L/∂W_hh = Σ_t δ_t h_{t−1}ᵀ,  ∂L/∂W_ih = Σ_t δ_t x_tᵀ,  ∂L/∂b = Σ_t δ_t
 *
 * Two roads lead back from step t: through W_hh, as in the rnn, and along the
 * memory c_{t−1} → c_t, which multiplies the gradient by the forget gate f
 * alone — no weight matrix, no squashing slope. With f near 1 the gradient
 * passes back almost undiminished (the "constant error carousel"); dact
 * records the mean f. ∂L/∂h_t here is the derivative with c_t held fixed
 * (h and c are the two halves of the state); g_c records ‖∂L/∂c_t‖.
 *
 * Every timestep is a B×4H matrix whose row holds the four gate blocks of
 * one sequence: gate q of unit j of sequence b is at [b·4H + q·H + j]. */
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "vecmath.h"

enum { GATE_I, GATE_F, GATE_G, GATE_O };

/* z_t += h_{t−1} W_hhᵀ (the input's share is already in z_t); the gates,
 * each over a whole block of H units; then c_t and h_t over the batch. */
static void lstm_forward_step(const rs_model *m, rs_workspace *ws, int t)
{
    const int B = ws->B, H = ws->H, G = ws->G;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G, Hz = (size_t)H;
    double *z = ws->a + (size_t)(t - 1) * BG;
    double *gate = ws->gate + (size_t)(t - 1) * BG;
    const double *h_prev = ws->h + (size_t)(t - 1) * BH, *c_prev = ws->c + (size_t)(t - 1) * BH;
    double *h = ws->h + (size_t)t * BH, *c = ws->c + (size_t)t * BH, *tanh_c = ws->tanh_c + (size_t)(t - 1) * BH;

    rs_recurrent_forward(m, ws, h_prev, z);
    for (int b = 0; b < B; b++) {
        const double *zb = z + (size_t)b * G;
        double *gb = gate + (size_t)b * G;
        rs_vec_sigmoid(gb, zb, 2 * Hz);                                 /* i = σ(z_i), f = σ(z_f) */
        rs_vec_tanh(gb + GATE_G * Hz, zb + GATE_G * Hz, Hz);            /* g = tanh(z_g) */
        rs_vec_sigmoid(gb + GATE_O * Hz, zb + GATE_O * Hz, Hz);         /* o = σ(z_o) */
    }
    for (int b = 0; b < B; b++) {       /* c_t = f ⊙ c_{t−1} + i ⊙ g */
        const double *gb = gate + (size_t)b * G;
        const double *i = gb + GATE_I * Hz, *f = gb + GATE_F * Hz, *g = gb + GATE_G * Hz;
        const double *cp = c_prev + (size_t)b * H;
        double *cb = c + (size_t)b * H;
        for (int j = 0; j < H; j++)
            cb[j] = f[j] * cp[j] + i[j] * g[j];
    }
    rs_vec_tanh(tanh_c, c, BH);
    for (int b = 0; b < B; b++) {       /* h_t = o ⊙ tanh(c_t) */
        const double *o = gate + (size_t)b * G + GATE_O * Hz, *tc = tanh_c + (size_t)b * H;
        double *hb = h + (size_t)b * H;
        for (int j = 0; j < H; j++)
            hb[j] = o[j] * tc[j];
    }
}

/* One sequence's H units of the backward equations above: ∂L/∂c_t += ∂L/∂h_t
 * ⊙ o ⊙ (1 − tanh² c_t), then δ of the four gates (restrict: the compiler
 * may vectorise). */
static void gate_deltas(double *restrict d_i, double *restrict d_f, double *restrict d_g, double *restrict d_o,
                        double *restrict dc, const double *restrict i, const double *restrict f,
                        const double *restrict g, const double *restrict o, const double *restrict dh,
                        const double *restrict c_prev, const double *restrict tanh_c, size_t H)
{
    for (size_t j = 0; j < H; j++) {
        dc[j] += dh[j] * o[j] * (1.0 - tanh_c[j] * tanh_c[j]);
        d_i[j] = dc[j] * g[j] * i[j] * (1.0 - i[j]);
        d_f[j] = dc[j] * c_prev[j] * f[j] * (1.0 - f[j]);
        d_g[j] = dc[j] * i[j] * (1.0 - g[j] * g[j]);
        d_o[j] = dh[j] * tanh_c[j] * o[j] * (1.0 - o[j]);
    }
}

/* Completes ∂L/∂c_t with the path through h_t, then δ_t of the four gates;
 * sends ∂L/∂h_{t−1} += δ_t W_hh and ∂L/∂c_{t−1} += ∂L/∂c_t ⊙ f — neither
 * when the truncation window ends here. dact = mean f; sat = the share of
 * i, f, o units with σ′ < 1 % of ¼ (g is a tanh, not a gate that shuts). */
static void lstm_backward_step(const rs_model *m, rs_workspace *ws, int t, int tbptt)
{
    const int T = ws->T, B = ws->B, H = ws->H, G = ws->G;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G, Hz = (size_t)H;
    const double *gate = ws->gate + (size_t)(t - 1) * BG;
    const double *c_prev = ws->c + (size_t)(t - 1) * BH, *tanh_c = ws->tanh_c + (size_t)(t - 1) * BH;
    const double *dh = ws->dh + (size_t)t * BH;     /* complete */
    double *dc = ws->dc + (size_t)t * BH;           /* the memory path's share so far */
    double *delta = ws->delta + (size_t)(t - 1) * BG;
    const bool flows_back = t > 1 && !rs_bptt_cut(t, T, tbptt);

    for (int b = 0; b < B; b++) {
        const double *gb = gate + (size_t)b * G;
        double *db = delta + (size_t)b * G;
        gate_deltas(db + GATE_I * Hz, db + GATE_F * Hz, db + GATE_G * Hz, db + GATE_O * Hz, dc + (size_t)b * H,
                    gb + GATE_I * Hz, gb + GATE_F * Hz, gb + GATE_G * Hz, gb + GATE_O * Hz, dh + (size_t)b * H,
                    c_prev + (size_t)b * H, tanh_c + (size_t)b * H, Hz);
    }
    if (flows_back) {
        double *dc_prev = ws->dc + (size_t)(t - 1) * BH;
        for (int b = 0; b < B; b++) {       /* the memory path: f of each unit */
            const double *f = gate + (size_t)b * G + GATE_F * Hz, *dcb = dc + (size_t)b * H;
            double *dcp = dc_prev + (size_t)b * H;
            for (int j = 0; j < H; j++)
                dcp[j] += dcb[j] * f[j];
        }
        rs_recurrent_backward(m, ws, delta, ws->dh + (size_t)(t - 1) * BH);
    }

    double forget_sum = 0.0;
    size_t saturated = 0;
    for (int b = 0; b < B; b++) {
        const double *gb = gate + (size_t)b * G;
        forget_sum += rs_vec_sum(gb + GATE_F * Hz, Hz);
        saturated += rs_gates_saturated(gb, 2 * Hz) + rs_gates_saturated(gb + GATE_O * Hz, Hz);   /* i, f; o */
    }
    ws->dact[t - 1] = forget_sum / (double)BH;
    ws->sat[t - 1] = (double)saturated / (double)(3 * BH);
}

/* ∂L/∂W_hh = Σ_t δ_tᵀ h_{t−1}    ∂L/∂W_ih = Σ_t δ_tᵀ x_t    ∂L/∂b = Σ_t Σ_b δ_t */
static void lstm_weight_gradients(rs_model *m, const rs_workspace *ws, const rs_batch *batch)
{
    const int T = ws->T, B = ws->B, H = ws->H, I = ws->I, G = ws->G;
    rs_gemm(true, false, 1.0, ws->delta, T * B, G, ws->h, T * B, H, 1.0, m->grad.W_hh);
    rs_input_weight_gradient(m->grad.W_ih, ws->delta, batch->x, T * B, G, I);
    rs_add_column_sums(m->grad.b, ws->delta, T * B, G);
}

/* The exact Jacobian of one step of the 2H-state s = (h, c) of sequence b,
 * with every gate value at step t+1 (W_q the H×H block of W_hh):
 *   ∂c′/∂h = diag(c f(1−f)) W_f + diag(g i(1−i)) W_i + diag(i (1−g²)) W_g
 *   ∂c′/∂c = diag(f)
 *   ∂h′/∂h = diag(tanh(c′) o(1−o)) W_o + diag(o (1−tanh² c′)) ∂c′/∂h
 *   ∂h′/∂c = diag(o (1−tanh² c′) f)
 * J = [∂h′/∂h ∂h′/∂c; ∂c′/∂h ∂c′/∂c], 2H × 2H. */
static void lstm_state_jacobian(const rs_model *m, const rs_workspace *ws, int t, int b, double *J)
{
    const int B = ws->B, H = ws->H, G = ws->G, N = 2 * H;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G;
    const double *gb = ws->gate + (size_t)t * BG + (size_t)b * G;                /* step t+1 */
    const double *c = ws->c + (size_t)t * BH + (size_t)b * H;                   /* c_t, the state stepped from */
    const double *tanh_next = ws->tanh_c + (size_t)t * BH + (size_t)b * H;      /* tanh(c_{t+1}) */
    const double *W = m->param.W_hh;
    const double *W_i = W + (size_t)GATE_I * H * H, *W_f = W + (size_t)GATE_F * H * H;
    const double *W_g = W + (size_t)GATE_G * H * H, *W_o = W + (size_t)GATE_O * H * H;
    for (int r = 0; r < H; r++) {
        const double i = gb[GATE_I * H + r], f = gb[GATE_F * H + r];
        const double g = gb[GATE_G * H + r], o = gb[GATE_O * H + r];
        const double through_c = o * (1.0 - tanh_next[r] * tanh_next[r]);     /* ∂h′/∂c′ */
        double *row_h = J + (size_t)r * N, *row_c = J + (size_t)(H + r) * N;
        for (int j = 0; j < H; j++) {
            const size_t w = (size_t)r * H + j;
            const double dc_dh = c[r] * f * (1.0 - f) * W_f[w] + g * i * (1.0 - i) * W_i[w] +
                                 i * (1.0 - g * g) * W_g[w];
            row_c[j] = dc_dh;
            row_h[j] = tanh_next[r] * o * (1.0 - o) * W_o[w] + through_c * dc_dh;
            row_c[H + j] = 0.0;
            row_h[H + j] = 0.0;
        }
        row_c[H + r] = f;
        row_h[H + r] = through_c * f;
    }
}

const rs_cell_ops rs_lstm_ops = {lstm_forward_step, lstm_backward_step, lstm_weight_gradients, lstm_state_jacobian};
