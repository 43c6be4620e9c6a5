/* The forward pass and Backpropagation Through Time for the Elman RNN
 * (DESIGN §2), with the per-timestep measurements of DESIGN §3.
 *
 *   forward    a_t = W_ih x_t + W_hh h_{t−1} + b_h,   h_t = f(a_t),   h_0 = 0
 *              y   = W_hy h_T + b_y          (readout last)
 *              y_t = W_hy h_t + b_y          (readout every)
 *
 *   backward   ∂L/∂h_t = W_hyᵀ ∂L/∂y_t  +  W_hhᵀ δ_{t+1}      (two paths leave h_t)
 *              δ_t     = ∂L/∂h_t ⊙ f′(a_t)                      (back through f)
 *              ∂L/∂W_hh = Σ_t δ_t h_{t−1}ᵀ,  ∂L/∂W_ih = Σ_t δ_t x_tᵀ,  ∂L/∂b_h = Σ_t δ_t
 *
 * Unrolled over t, ∂L/∂h_t carries the product of the per-step Jacobians
 * diag(f′(a_s)) W_hh for s = t+1 … T — the product whose norm shrinks
 * (vanishing) or grows (exploding) geometrically with the distance T − t.
 *
 * Every timestep is a B×n row-major matrix (one row per sequence), so the
 * formulas above appear transposed in the code: a_t = x_t W_ihᵀ + h_{t−1} W_hhᵀ.
 * Products that do not depend on the order in time (the input projection, the
 * readout, the weight gradients) run once over all T·B rows; only the
 * recurrence itself steps through time. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>

#include "rnnscope/engine.h"

/* C (cr×cc) = alpha·op(A)·op(B) + beta·C on row-major arrays; ar×ac and br×bc
 * are the stored shapes of A and B. A thin wrapper over gsl_blas_dgemm. */
static void gemm(bool trans_a, bool trans_b, double alpha,
                 const double *A, int ar, int ac, const double *B, int br, int bc,
                 double beta, double *C)
{
    gsl_matrix_const_view a = gsl_matrix_const_view_array(A, (size_t)ar, (size_t)ac);
    gsl_matrix_const_view b = gsl_matrix_const_view_array(B, (size_t)br, (size_t)bc);
    gsl_matrix_view c = gsl_matrix_view_array(C, (size_t)(trans_a ? ac : ar), (size_t)(trans_b ? br : bc));
    gsl_blas_dgemm(trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                   alpha, &a.matrix, &b.matrix, beta, &c.matrix);
}

/* Every row of the rows×cols matrix M gets v added (a bias broadcast over the batch). */
static void add_row_vector(double *M, int rows, int cols, const double *v)
{
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            M[(size_t)r * cols + c] += v[c];
}

/* v += the column sums of the rows×cols matrix M (a bias gradient). */
static void add_column_sums(double *v, const double *M, int rows, int cols)
{
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            v[c] += M[(size_t)r * cols + c];
}

double rs_norm(const double *v, size_t n)
{
    /* Scaled two-pass norm: exact for vanishing (1e-200) and huge (1e200)
     * values alike, where a plain sum of squares would underflow or overflow. */
    double scale = 0.0;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(v[i]);
        if (!(a <= scale))      /* also catches NaN */
            scale = a;
    }
    if (scale == 0.0 || !isfinite(scale))
        return scale;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double r = v[i] / scale;
        sum += r * r;
    }
    return scale * sqrt(sum);
}

bool rs_all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return false;
    return true;
}

/* ---- forward ------------------------------------------------------------ */

void rs_forward(const rs_model *m, rs_workspace *ws, const rs_batch *batch, int t_first, int t_last)
{
    const int B = ws->B, H = ws->H, I = ws->I, O = ws->O, T = ws->T;
    const size_t BH = (size_t)B * H;
    const rs_params *p = &m->param;
    const rs_activation_op *f = &rs_activation_ops[m->spec.activation];
    const int steps = t_last - t_first + 1;      /* the rows of this range: steps·B */

    /* The input's share of every a_t at once: a = x W_ihᵀ + b_h. */
    double *a_range = ws->a + (size_t)(t_first - 1) * BH;
    memset(a_range, 0, (size_t)steps * BH * sizeof(double));
    add_row_vector(a_range, steps * B, H, p->b_h);
    gemm(false, true, 1.0, batch->x + (size_t)(t_first - 1) * B * I, steps * B, I, p->W_ih, H, I, 1.0, a_range);

    /* The recurrence, one step at a time: a_t += h_{t−1} W_hhᵀ, h_t = f(a_t). */
    for (int t = t_first; t <= t_last; t++) {
        double *a_t = ws->a + (size_t)(t - 1) * BH;
        const double *h_prev = ws->h + (size_t)(t - 1) * BH;
        double *h_t = ws->h + (size_t)t * BH;
        gemm(false, true, 1.0, h_prev, B, H, p->W_hh, H, H, 1.0, a_t);
        f->forward(h_t, a_t, BH, m->spec.leaky_slope);
    }

    /* The readout: y_t = h_t W_hyᵀ + b_y, at every step in the range or only at T. */
    if (m->spec.readout == RS_READOUT_EVERY) {
        double *y_range = ws->y + (size_t)(t_first - 1) * B * O;
        memset(y_range, 0, (size_t)steps * B * O * sizeof(double));
        add_row_vector(y_range, steps * B, O, p->b_y);
        gemm(false, true, 1.0, ws->h + (size_t)t_first * BH, steps * B, H, p->W_hy, O, H, 1.0, y_range);
    } else if (t_last == T) {
        memset(ws->y, 0, (size_t)B * O * sizeof(double));
        add_row_vector(ws->y, B, O, p->b_y);
        gemm(false, true, 1.0, ws->h + (size_t)T * BH, B, H, p->W_hy, O, H, 1.0, ws->y);
    }
}

/* ---- backward ------------------------------------------------------------ */

bool rs_bptt_cut(int t, int T, int tbptt)
{
    /* Chunks of k steps counted back from the end: T−k+1 … T, T−2k+1 … T−k, …
     * The gradient stops where a chunk begins, so it never flows more than k
     * steps back from any loss-bearing step (and exactly k from the last one). */
    return tbptt > 0 && t > 1 && (T - t + 1) % tbptt == 0;
}

void rs_bptt_begin(rs_bptt_cursor *c, rs_model *m, rs_workspace *ws, const rs_batch *batch, int tbptt)
{
    const int B = ws->B, H = ws->H, O = ws->O, T = ws->T;
    const size_t BH = (size_t)B * H;
    *c = (rs_bptt_cursor){.model = m, .ws = ws, .batch = batch, .tbptt = tbptt, .t = T};

    /* Backward adds into the gradients; they are zeroed once, here. */
    memset(m->grad_block, 0, m->nparams * sizeof(double));
    memset(ws->dh, 0, (size_t)(T + 1) * BH * sizeof(double));

    /* The readout y = h W_hyᵀ + b_y: ∂L/∂W_hy = Σ dyᵀ h, ∂L/∂b_y = Σ dy, and
     * the readout's share of ∂L/∂h — at T only, or at every t. */
    const int t_first = m->spec.readout == RS_READOUT_EVERY ? 1 : T;
    const int rows = (T - t_first + 1) * B;
    const double *h_read = ws->h + (size_t)t_first * BH;
    double *dh_read = ws->dh + (size_t)t_first * BH;
    gemm(true, false, 1.0, ws->dy, rows, O, h_read, rows, H, 1.0, m->grad.W_hy);
    add_column_sums(m->grad.b_y, ws->dy, rows, O);
    gemm(false, false, 1.0, ws->dy, rows, O, m->param.W_hy, O, H, 0.0, dh_read);
}

/* ‖δ_t h_{t−1}ᵀ‖_F without forming the H×H product: for matrices D, P with
 * one row per sequence, ‖Dᵀ P‖_F² = Σ_{b,b′} (D Dᵀ)_{bb′} (P Pᵀ)_{bb′} — two
 * B×B Gram matrices instead of an H×H one. Each side is first divided by its
 * largest element so that values of 1e-200 do not underflow when squared. */
static double weight_share_norm(rs_workspace *ws, const double *delta_t, const double *h_prev)
{
    const int B = ws->B, H = ws->H;
    const size_t BH = (size_t)B * H;
    double sd = 0.0, sh = 0.0;
    for (size_t i = 0; i < BH; i++) {
        sd = fmax(sd, fabs(delta_t[i]));
        sh = fmax(sh, fabs(h_prev[i]));
    }
    if (sd == 0.0 || sh == 0.0)
        return 0.0;
    if (!isfinite(sd) || !isfinite(sh))
        return INFINITY;
    for (size_t i = 0; i < BH; i++) {
        ws->scaled_a[i] = delta_t[i] / sd;
        ws->scaled_b[i] = h_prev[i] / sh;
    }
    gemm(false, true, 1.0, ws->scaled_a, B, H, ws->scaled_a, B, H, 0.0, ws->gram_a);
    gemm(false, true, 1.0, ws->scaled_b, B, H, ws->scaled_b, B, H, 0.0, ws->gram_b);
    double sum = 0.0;
    for (size_t i = 0; i < (size_t)B * B; i++)
        sum += ws->gram_a[i] * ws->gram_b[i];
    return sd * sh * sqrt(fmax(sum, 0.0));
}

bool rs_bptt_step(rs_bptt_cursor *c)
{
    if (c->t < 1)
        return false;
    const rs_model *m = c->model;
    rs_workspace *ws = c->ws;
    const int t = c->t, T = ws->T, B = ws->B, H = ws->H, I = ws->I;
    const size_t BH = (size_t)B * H;
    const rs_activation_op *f = &rs_activation_ops[m->spec.activation];
    const double slope = m->spec.leaky_slope;

    const double *a_t = ws->a + (size_t)(t - 1) * BH;
    const double *h_t = ws->h + (size_t)t * BH;
    const double *h_prev = ws->h + (size_t)(t - 1) * BH;
    double *df_t = ws->df + (size_t)(t - 1) * BH;
    double *delta_t = ws->delta + (size_t)(t - 1) * BH;
    double *dx_t = ws->dx + (size_t)(t - 1) * B * I;
    const double *dh_t = ws->dh + (size_t)t * BH;   /* complete: the readout's share and δ_{t+1}'s */
    double *dh_prev = ws->dh + (size_t)(t - 1) * BH;

    /* Back through the activation: δ_t = ∂L/∂h_t ⊙ f′(a_t). */
    f->derivative(df_t, a_t, h_t, BH, slope);
    for (size_t i = 0; i < BH; i++)
        delta_t[i] = dh_t[i] * df_t[i];

    /* Back through W_hh to the previous step: ∂L/∂h_{t−1} += δ_t W_hh —
     * unless the truncation window ends here. */
    if (t > 1 && !rs_bptt_cut(t, T, c->tbptt))
        gemm(false, false, 1.0, delta_t, B, H, m->param.W_hh, H, H, 1.0, dh_prev);

    /* Back through W_ih to the input: ∂L/∂x_t = δ_t W_ih. */
    gemm(false, false, 1.0, delta_t, B, H, m->param.W_ih, H, I, 0.0, dx_t);

    /* What DESIGN §3 measures at this timestep. */
    const double gamma = f->sup_derivative(slope);
    double abs_sum = 0.0;
    size_t saturated = 0;
    for (size_t i = 0; i < BH; i++) {
        abs_sum += fabs(df_t[i]);
        saturated += fabs(df_t[i]) < 0.01 * gamma;
    }
    ws->g_h[t - 1] = rs_norm(dh_t, BH);
    ws->g_x[t - 1] = rs_norm(dx_t, (size_t)B * I);
    ws->g_w[t - 1] = weight_share_norm(ws, delta_t, h_prev);
    ws->dact[t - 1] = abs_sum / (double)BH;
    ws->sat[t - 1] = (double)saturated / (double)BH;

    c->t--;
    return true;
}

void rs_bptt_finish(rs_bptt_cursor *c, rs_model *m)
{
    while (rs_bptt_step(c))
        ;
    rs_workspace *ws = c->ws;
    const int T = ws->T, B = ws->B, H = ws->H, I = ws->I;

    /* Every δ_t is known: the weight gradients sum over all T·B rows at once.
     *   ∂L/∂W_hh = Σ_t δ_tᵀ h_{t−1}    ∂L/∂W_ih = Σ_t δ_tᵀ x_t    ∂L/∂b_h = Σ_t Σ_b δ_t */
    gemm(true, false, 1.0, ws->delta, T * B, H, ws->h, T * B, H, 1.0, m->grad.W_hh);
    gemm(true, false, 1.0, ws->delta, T * B, H, c->batch->x, T * B, I, 1.0, m->grad.W_ih);
    add_column_sums(m->grad.b_h, ws->delta, T * B, H);
}

void rs_backward(rs_model *m, rs_workspace *ws, const rs_batch *batch, int tbptt)
{
    rs_bptt_cursor c;
    rs_bptt_begin(&c, m, ws, batch, tbptt);
    rs_bptt_finish(&c, m);
}

double rs_local_jacobian_norm(const rs_model *m, rs_workspace *ws, int t)
{
    /* J_b = diag(f′(a_{t+1,b})) W_hh; ‖J_b‖₂ = √λ_max(J_bᵀ J_b). */
    const int B = ws->B, H = ws->H;
    const double *df_next = ws->df + (size_t)t * B * H;
    gsl_eigen_symm_workspace *eig = gsl_eigen_symm_alloc((size_t)H);
    gsl_vector *eval = gsl_vector_alloc((size_t)H);
    double largest = 0.0;
    for (int b = 0; b < B && eig && eval; b++) {
        for (int i = 0; i < H; i++)
            for (int j = 0; j < H; j++)
                ws->jac[(size_t)i * H + j] = df_next[(size_t)b * H + i] * m->param.W_hh[(size_t)i * H + j];
        gemm(true, false, 1.0, ws->jac, H, H, ws->jac, H, H, 0.0, ws->jac_gram);
        gsl_matrix_view g = gsl_matrix_view_array(ws->jac_gram, (size_t)H, (size_t)H);
        gsl_eigen_symm(&g.matrix, eval, eig);
        largest = fmax(largest, sqrt(fmax(gsl_vector_max(eval), 0.0)));
    }
    gsl_vector_free(eval);
    gsl_eigen_symm_free(eig);
    return largest;
}

/* ---- summaries ------------------------------------------------------------ */

int rs_reach(const double *g_h, int T)
{
    const double end = g_h[T - 1];
    if (!(end > 0.0) || !isfinite(end))
        return 0;
    int reach = 0;
    for (int t = T; t >= 1 && g_h[t - 1] >= RS_REACH_FRACTION * end; t--)
        reach++;
    return reach;
}

double rs_mean_decay(const double *g_h, int T)
{
    double log_sum = 0.0;
    int pairs = 0;
    for (int t = 1; t < T; t++) {
        double now = g_h[t - 1], next = g_h[t];
        if (now > 0.0 && next > 0.0 && isfinite(now) && isfinite(next)) {
            log_sum += log(now) - log(next);   /* the ratio itself may overflow */
            pairs++;
        }
    }
    return pairs ? exp(log_sum / pairs) : NAN;
}
