/* The Elman RNN and the skip cell (DESIGN §2): one timestep forward, one
 * timestep back, the weight gradients and the local Jacobian.
 *
 *   rnn        a_t = W_ih x_t + W_hh h_{t−1} + b_h,   h_t = f(a_t),   h_0 = 0
 *
 *   backward   ∂L/∂h_t = W_hyᵀ ∂L/∂y_t  +  W_hhᵀ δ_{t+1}      (two paths leave h_t)
 *              δ_t     = ∂L/∂h_t ⊙ f′(a_t)                      (back through f)
 *              ∂L/∂W_hh = Σ_t δ_t h_{t−1}ᵀ,  ∂L/∂W_ih = Σ_t δ_t x_tᵀ,  ∂L/∂b_h = Σ_t δ_t
 *
 * Unrolled over t, ∂L/∂h_t carries the product of the per-step Jacobians
 * diag(f′(a_s)) W_hh for s = t+1 … T — the product whose norm shrinks
 * (vanishing) or grows (exploding) geometrically with the distance T − t.
 *
 *   skip       a_t = W_ih x_t + W_hh h_{t−1} + W_sk h_{t−k} + b_h    (h_{t−k} = 0 for t ≤ k)
 *
 *   backward   ∂L/∂h_t gains a third path, W_skᵀ δ_{t+k};  ∂L/∂W_sk = Σ_t δ_t h_{t−k}ᵀ
 *
 * The skip connection (Lin et al. 1996, NARX networks) gives the gradient a
 * road with k times fewer factors: T − t steps back cost (T − t)/k
 * multiplications by diag(f′) W_sk instead of T − t by diag(f′) W_hh. */
#include <string.h>

#include "cell.h"
#include "vecmath.h"

/* ---- rnn -------------------------------------------------------------------- */

/* a_t += h_{t−1} W_hhᵀ (the input's share is already in a_t);  h_t = f(a_t)
 * over the whole B×H step at once */
static void rnn_forward_step(const rs_model *m, rs_workspace *ws, int t)
{
    const int B = ws->B, H = ws->H;
    const size_t BH = (size_t)B * H;
    double *a_t = ws->a + (size_t)(t - 1) * BH;
    const double *h_prev = ws->h + (size_t)(t - 1) * BH;
    double *h_t = ws->h + (size_t)t * BH;
    rs_recurrent_forward(m, ws, h_prev, a_t);
    rs_activation_ops[m->spec.activation].forward(h_t, a_t, BH, m->spec.leaky_slope);
}

/* δ_t = ∂L/∂h_t ⊙ f′(a_t);  ∂L/∂h_{t−1} += δ_t W_hh;  dact = mean |f′|, sat */
static void rnn_backward_step(const rs_model *m, rs_workspace *ws, int t, int tbptt)
{
    const int T = ws->T, B = ws->B, H = ws->H;
    const size_t BH = (size_t)B * H;
    const rs_activation_op *f = &rs_activation_ops[m->spec.activation];
    const double slope = m->spec.leaky_slope;

    const double *a_t = ws->a + (size_t)(t - 1) * BH;
    const double *h_t = ws->h + (size_t)t * BH;
    double *df_t = ws->df + (size_t)(t - 1) * BH;
    double *delta_t = ws->delta + (size_t)(t - 1) * BH;
    const double *dh_t = ws->dh + (size_t)t * BH;   /* complete: the readout's share and δ_{t+1}'s */
    double *dh_prev = ws->dh + (size_t)(t - 1) * BH;

    /* Back through the activation: δ_t = ∂L/∂h_t ⊙ f′(a_t). */
    f->derivative(df_t, a_t, h_t, BH, slope);
    for (size_t i = 0; i < BH; i++)
        delta_t[i] = dh_t[i] * df_t[i];

    /* Back through W_hh to the previous step: ∂L/∂h_{t−1} += δ_t W_hh —
     * unless the truncation window ends here. */
    if (t > 1 && !rs_bptt_cut(t, T, tbptt))
        rs_recurrent_backward(m, ws, delta_t, dh_prev);

    /* How much the activation lets through at this step. */
    const double gamma = f->sup_derivative(slope);
    ws->dact[t - 1] = rs_vec_sum_abs(df_t, BH) / (double)BH;
    ws->sat[t - 1] = (double)rs_vec_count_below(df_t, BH, 0.01 * gamma) / (double)BH;
}

/* ∂L/∂W_hh = Σ_t δ_tᵀ h_{t−1}    ∂L/∂W_ih = Σ_t δ_tᵀ x_t    ∂L/∂b_h = Σ_t Σ_b δ_t */
static void rnn_weight_gradients(rs_model *m, const rs_workspace *ws, const rs_batch *batch)
{
    const int T = ws->T, B = ws->B, H = ws->H, I = ws->I;
    rs_gemm(true, false, 1.0, ws->delta, T * B, H, ws->h, T * B, H, 1.0, m->grad.W_hh);
    rs_input_weight_gradient(m->grad.W_ih, ws->delta, batch->x, T * B, H, I);
    rs_add_column_sums(m->grad.b_h, ws->delta, T * B, H);
}

/* J = ∂h_{t+1}/∂h_t = diag(f′(a_{t+1})) W_hh of sequence b, with f′ from the
 * forward pass (a_{t+1} and h_{t+1} = f(a_{t+1})). */
static void rnn_state_jacobian(const rs_model *m, const rs_workspace *ws, int t, int b, double *J)
{
    const int B = ws->B, H = ws->H;
    const rs_activation_op *f = &rs_activation_ops[m->spec.activation];
    const size_t row = ((size_t)t * B + (size_t)b) * H;      /* step t+1 of sequence b */
    const double *a_next = ws->a + row, *h_next = ws->h + (size_t)B * H + row;
    for (int i = 0; i < H; i++) {
        double slope;
        f->derivative(&slope, &a_next[i], &h_next[i], 1, m->spec.leaky_slope);
        for (int j = 0; j < H; j++)
            J[(size_t)i * H + j] = slope * m->param.W_hh[(size_t)i * H + j];
    }
}

const rs_cell_ops rs_rnn_ops = {rnn_forward_step, rnn_backward_step, rnn_weight_gradients, rnn_state_jacobian};

/* ---- skip: the rnn plus W_sk h_{t−k} ------------------------------------------- */

/* a_t += h_{t−k} W_skᵀ (for t > k), then the rnn's step */
static void skip_forward_step(const rs_model *m, rs_workspace *ws, int t)
{
    const int B = ws->B, H = ws->H, k = m->spec.skip;
    const size_t BH = (size_t)B * H;
    if (t > k)
        rs_gemm(false, true, 1.0, ws->h + (size_t)(t - k) * BH, B, H, m->param.W_sk, H, H, 1.0,
                ws->a + (size_t)(t - 1) * BH);
    rnn_forward_step(m, ws, t);
}

/* The rnn's step back, then ∂L/∂h_{t−k} += δ_t W_sk — unless t−k lies in
 * another truncation chunk than t. ∂L/∂h_{t−k} is complete before step t−k
 * is processed: every t′ that feeds it (t−k+1 and t) comes earlier going back. */
static void skip_backward_step(const rs_model *m, rs_workspace *ws, int t, int tbptt)
{
    const int T = ws->T, B = ws->B, H = ws->H, k = m->spec.skip;
    const size_t BH = (size_t)B * H;
    rnn_backward_step(m, ws, t, tbptt);
    if (t > k && rs_bptt_chunk(t, T, tbptt) == rs_bptt_chunk(t - k, T, tbptt))
        rs_gemm(false, false, 1.0, ws->delta + (size_t)(t - 1) * BH, B, H, m->param.W_sk, H, H, 1.0,
                ws->dh + (size_t)(t - k) * BH);
}

/* The rnn's gradients, and ∂L/∂W_sk = Σ_{t>k} δ_tᵀ h_{t−k} */
static void skip_weight_gradients(rs_model *m, const rs_workspace *ws, const rs_batch *batch)
{
    const int T = ws->T, B = ws->B, H = ws->H, k = m->spec.skip;
    const size_t BH = (size_t)B * H;
    rnn_weight_gradients(m, ws, batch);
    if (k < T)      /* rows t = k+1 … T of δ against h_1 … h_{T−k} */
        rs_gemm(true, false, 1.0, ws->delta + (size_t)k * BH, (T - k) * B, H, ws->h + BH, (T - k) * B, H, 1.0,
                m->grad.W_sk);
}

/* The one-step path ∂h_{t+1}/∂h_t = diag(f′(a_{t+1})) W_hh, as for the rnn.
 * The skip connection adds a second, k-step route h_t → h_{t+k}, whose
 * factor diag(f′(a_{t+k})) W_sk this Jacobian does not include. */
static void skip_state_jacobian(const rs_model *m, const rs_workspace *ws, int t, int b, double *J)
{
    rnn_state_jacobian(m, ws, t, b, J);
}

const rs_cell_ops rs_skip_ops = {skip_forward_step, skip_backward_step, skip_weight_gradients, skip_state_jacobian};
