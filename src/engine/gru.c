/* The GRU (DESIGN §2; Cho et al. 2014) in PyTorch's convention, gates r, z, n:
 *
 *   forward    r = σ(W_ir x_t + b_ir + W_hr h_{t−1} + b_hr)
 *              z = σ(W_iz x_t + b_iz + W_hz h_{t−1} + b_hz)
 *              n = tanh(W_in x_t + b_in + r ⊙ (W_hn h_{t−1} + b_hn))
 *              h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}                          h_0 = 0
 *
 * The code keeps the two sides apart, each B×3H with blocks r, z, n:
 * the input side a = x W_ihᵀ + b_ih and the recurrent side a_rec = h W_hhᵀ + b_hh,
 * because r multiplies only the recurrent side of n.
 *
 *   backward   with d = ∂L/∂h_t (W_hyᵀ ∂L/∂y_t plus what step t+1 sent back):
 *              δ_n = d ⊙ (1 − z) ⊙ (1 − n²)
 *              δ_z = d ⊙ (h_{t−1} − n) ⊙ z(1 − z)
 *              δ_r = δ_n ⊙ (W_hn h_{t−1} + b_hn) ⊙ r(1 − r)
 *              δ_t = [δ_r δ_z δ_n] is ∂L/∂ of the input side; of the recurrent
 *              side it is δ^rec_t = [δ_r δ_z δ_n ⊙ r]
 *              ∂L/∂h_{t−1} += d ⊙ z  +  δ^rec_t W_hh          (the direct path and through the gates)
 *              ∂L/∂W_ih = Σ_t δ_t x_tᵀ,  ∂L/∂b_ih = Σ_t δ_t,
 *              ∂L/∂W_hh = Σ_t δ^rec_t h_{t−1}ᵀ,  ∂L/∂b_hh = Σ_t δ^rec_t
 *
 * The direct path h_{t−1} → h_t multiplies the gradient by z alone: a unit
 * whose update gate stays near 1 keeps its value, and its gradient, over many
 * steps. dact records the mean (1 − z), the share of the state rewritten per
 * step: small means long memory. */
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "vecmath.h"

enum { GATE_R, GATE_Z, GATE_N };

/* a_rec_t = h_{t−1} W_hhᵀ + b_hh; the gates, each over a whole block of H
 * units, and h_t (the input side a_t = x_t W_ihᵀ + b_ih is already in place). */
static void gru_forward_step(const rs_model *m, rs_workspace *ws, int t)
{
    const int B = ws->B, H = ws->H, G = ws->G;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G, Hz = (size_t)H;
    const double *a = ws->a + (size_t)(t - 1) * BG;
    double *a_rec = ws->a_rec + (size_t)(t - 1) * BG;
    double *gate = ws->gate + (size_t)(t - 1) * BG;
    const double *h_prev = ws->h + (size_t)(t - 1) * BH;
    double *h = ws->h + (size_t)t * BH;

    rs_fill_rows(a_rec, B, G, m->param.b_hh);
    rs_recurrent_forward(m, ws, h_prev, a_rec);
    for (int b = 0; b < B; b++) {
        const double *ab = a + (size_t)b * G, *rb = a_rec + (size_t)b * G;
        double *gb = gate + (size_t)b * G;
        for (size_t j = 0; j < 2 * Hz; j++)     /* r, z = σ(input side + recurrent side) */
            gb[j] = ab[j] + rb[j];
        rs_vec_sigmoid(gb, gb, 2 * Hz);
        const double *r = gb + GATE_R * Hz;
        double *n = gb + GATE_N * Hz;
        for (size_t j = 0; j < Hz; j++)         /* n = tanh(input side + r ⊙ recurrent side) */
            n[j] = ab[GATE_N * Hz + j] + r[j] * rb[GATE_N * Hz + j];
        rs_vec_tanh(n, n, Hz);
    }
    for (int b = 0; b < B; b++) {               /* h_t = (1 − z) ⊙ n + z ⊙ h_{t−1} */
        const double *gb = gate + (size_t)b * G;
        const double *z = gb + GATE_Z * Hz, *n = gb + GATE_N * Hz, *hp = h_prev + (size_t)b * H;
        double *hb = h + (size_t)b * H;
        for (int j = 0; j < H; j++)
            hb[j] = (1.0 - z[j]) * n[j] + z[j] * hp[j];
    }
}

/* One sequence's H units of δ_t = [δ_r δ_z δ_n] and δ^rec_t = [δ_r δ_z δ_n ⊙ r]
 * (the equations above; restrict: the compiler may vectorise). a_n is the
 * recurrent side of n, W_hn h_{t−1} + b_hn; d is ∂L/∂h_t. */
static void gate_deltas(double *restrict d_r, double *restrict d_z, double *restrict d_n, double *restrict dr_r,
                        double *restrict dr_z, double *restrict dr_n, const double *restrict r,
                        const double *restrict z, const double *restrict n, const double *restrict a_n,
                        const double *restrict d, const double *restrict h_prev, size_t H)
{
    for (size_t j = 0; j < H; j++) {
        d_n[j] = d[j] * (1.0 - z[j]) * (1.0 - n[j] * n[j]);
        d_z[j] = d[j] * (h_prev[j] - n[j]) * z[j] * (1.0 - z[j]);
        d_r[j] = d_n[j] * a_n[j] * r[j] * (1.0 - r[j]);
        dr_r[j] = d_r[j];
        dr_z[j] = d_z[j];
        dr_n[j] = d_n[j] * r[j];
    }
}

/* δ_t and δ^rec_t from the complete ∂L/∂h_t; ∂L/∂h_{t−1} += d ⊙ z + δ^rec_t W_hh
 * unless the truncation window ends here. dact = mean (1 − z); sat = the
 * share of r and z units with σ′ < 1 % of ¼. */
static void gru_backward_step(const rs_model *m, rs_workspace *ws, int t, int tbptt)
{
    const int T = ws->T, B = ws->B, H = ws->H, G = ws->G;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G, Hz = (size_t)H;
    const double *a_rec = ws->a_rec + (size_t)(t - 1) * BG;
    const double *gate = ws->gate + (size_t)(t - 1) * BG;
    const double *h_prev = ws->h + (size_t)(t - 1) * BH;
    const double *dh = ws->dh + (size_t)t * BH;     /* complete */
    double *delta = ws->delta + (size_t)(t - 1) * BG, *delta_rec = ws->delta_rec + (size_t)(t - 1) * BG;

    for (int b = 0; b < B; b++) {
        const double *gb = gate + (size_t)b * G;
        double *db = delta + (size_t)b * G, *drb = delta_rec + (size_t)b * G;
        gate_deltas(db + GATE_R * Hz, db + GATE_Z * Hz, db + GATE_N * Hz, drb + GATE_R * Hz, drb + GATE_Z * Hz,
                    drb + GATE_N * Hz, gb + GATE_R * Hz, gb + GATE_Z * Hz, gb + GATE_N * Hz,
                    a_rec + (size_t)b * G + GATE_N * Hz, dh + (size_t)b * H, h_prev + (size_t)b * H, Hz);
    }
    if (t > 1 && !rs_bptt_cut(t, T, tbptt)) {
        double *dh_prev = ws->dh + (size_t)(t - 1) * BH;
        for (int b = 0; b < B; b++) {       /* the direct path: z of each unit */
            const double *z = gate + (size_t)b * G + GATE_Z * Hz, *d = dh + (size_t)b * H;
            double *dp = dh_prev + (size_t)b * H;
            for (int j = 0; j < H; j++)
                dp[j] += d[j] * z[j];
        }
        rs_recurrent_backward(m, ws, delta_rec, dh_prev);
    }

    double rewrite_sum = 0.0;
    size_t saturated = 0;
    for (int b = 0; b < B; b++) {
        const double *gb = gate + (size_t)b * G;
        rewrite_sum += rs_vec_sum_complement(gb + GATE_Z * Hz, Hz);   /* Σ (1 − z) */
        saturated += rs_gates_saturated(gb, 2 * Hz);                  /* r, z */
    }
    ws->dact[t - 1] = rewrite_sum / (double)BH;
    ws->sat[t - 1] = (double)saturated / (double)(2 * BH);
}

/* ∂L/∂W_ih = Σ_t δ_tᵀ x_t   ∂L/∂b_ih = Σ δ_t   ∂L/∂W_hh = Σ_t δ^recᵀ_t h_{t−1}   ∂L/∂b_hh = Σ δ^rec_t */
static void gru_weight_gradients(rs_model *m, const rs_workspace *ws, const rs_batch *batch)
{
    const int T = ws->T, B = ws->B, H = ws->H, I = ws->I, G = ws->G;
    rs_input_weight_gradient(m->grad.W_ih, ws->delta, batch->x, T * B, G, I);
    rs_add_column_sums(m->grad.b_ih, ws->delta, T * B, G);
    rs_gemm(true, false, 1.0, ws->delta_rec, T * B, G, ws->h, T * B, H, 1.0, m->grad.W_hh);
    rs_add_column_sums(m->grad.b_hh, ws->delta_rec, T * B, G);
}

/* The exact ∂h_{t+1}/∂h_t of sequence b, gate values at step t+1, W_q the
 * H×H block of W_hh and a_n = W_hn h_t + b_hn:
 *   J = diag(z) + diag((h_t − n) z(1−z)) W_z
 *       + diag((1−z)(1−n²)) [diag(r) W_n + diag(a_n r(1−r)) W_r] */
static void gru_state_jacobian(const rs_model *m, const rs_workspace *ws, int t, int b, double *J)
{
    const int B = ws->B, H = ws->H, G = ws->G;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G;
    const double *gb = ws->gate + (size_t)t * BG + (size_t)b * G;       /* step t+1 */
    const double *rb = ws->a_rec + (size_t)t * BG + (size_t)b * G;
    const double *h = ws->h + (size_t)t * BH + (size_t)b * H;           /* h_t */
    const double *W = m->param.W_hh;
    const double *W_r = W + (size_t)GATE_R * H * H, *W_z = W + (size_t)GATE_Z * H * H;
    const double *W_n = W + (size_t)GATE_N * H * H;
    for (int i = 0; i < H; i++) {
        const double r = gb[GATE_R * H + i], z = gb[GATE_Z * H + i], n = gb[GATE_N * H + i];
        const double via_z = (h[i] - n) * z * (1.0 - z);
        const double via_n = (1.0 - z) * (1.0 - n * n);
        const double via_r = via_n * rb[GATE_N * H + i] * r * (1.0 - r);
        for (int j = 0; j < H; j++) {
            const size_t w = (size_t)i * H + j;
            J[w] = via_z * W_z[w] + via_n * r * W_n[w] + via_r * W_r[w];
        }
        J[(size_t)i * H + i] += z;
    }
}

const rs_cell_ops rs_gru_ops = {gru_forward_step, gru_backward_step, gru_weight_gradients, gru_state_jacobian};
