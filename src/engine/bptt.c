/* The forward pass and Backpropagation Through Time for every cell
 * (DESIGN §2), with the per-timestep measurements of DESIGN §3.
 *
 *   forward    for t = 1 … T:  the cell's step  (h_{t−1}, x_t) → h_t
 *              y   = W_hy h_T + b_y          (readout last)
 *              y_t = W_hy h_t + b_y          (readout every)
 *
 *   backward   ∂L/∂h_t = W_hyᵀ ∂L/∂y_t  +  what the steps after t send back
 *              for t = T … 1:  the cell's backward step turns the complete
 *                  ∂L/∂h_t into δ_t (∂L/∂ its pre-activations) and sends
 *                  ∂L/∂h_{t−1} += W_hhᵀ δ_t (and the cell's other paths)
 *              ∂L/∂x_t = W_ihᵀ δ_t;  the weight gradients Σ_t δ_t (…)ᵀ at the end
 *
 * This file is the part every cell shares; each cell's own equations are at
 * the top of its file: rnn.c (the Elman RNN — read it first — and the skip
 * cell), lstm.c, gru.c.
 *
 * Every timestep is a B×n row-major matrix (one row per sequence), so the
 * formulas appear transposed in the code: a_t = x_t W_ihᵀ + h_{t−1} W_hhᵀ.
 * Products that do not depend on the order in time (the input projection, the
 * readout, the weight gradients) run once over all T·B rows; only the
 * recurrence itself steps through time. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_eigen.h>

#include "cell.h"
#include "vecmath.h"

void rs_gemm(bool trans_a, bool trans_b, double alpha, const double *A, int ar, int ac, const double *B, int br,
             int bc, double beta, double *C)
{
    gsl_matrix_const_view a = gsl_matrix_const_view_array(A, (size_t)ar, (size_t)ac);
    gsl_matrix_const_view b = gsl_matrix_const_view_array(B, (size_t)br, (size_t)bc);
    gsl_matrix_view c = gsl_matrix_view_array(C, (size_t)(trans_a ? ac : ar), (size_t)(trans_b ? br : bc));
    gsl_blas_dgemm(trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                   alpha, &a.matrix, &b.matrix, beta, &c.matrix);
}

void rs_transpose(double *out, const double *M, int rows, int cols)
{
    enum { TILE = 16 };     /* tiles that stay in cache on both sides */
    for (int r0 = 0; r0 < rows; r0 += TILE)
        for (int c0 = 0; c0 < cols; c0 += TILE) {
            const int r1 = r0 + TILE < rows ? r0 + TILE : rows, c1 = c0 + TILE < cols ? c0 + TILE : cols;
            for (int r = r0; r < r1; r++)
                for (int c = c0; c < c1; c++)
                    out[(size_t)c * rows + r] = M[(size_t)r * cols + c];
        }
}

void rs_recurrent_forward(const rs_model *m, const rs_workspace *ws, const double *h_prev, double *a)
{
    const int B = ws->B, H = ws->H, G = ws->G;
    if (rs_small_recurrence(ws))
        rs_vec_matmul_add(a, h_prev, ws->W_hhT, (size_t)B, (size_t)H, (size_t)G);
    else if (B <= RS_PLAIN_BATCH)
        rs_gemm(false, false, 1.0, h_prev, B, H, ws->W_hhT, H, G, 1.0, a);
    else
        rs_gemm(false, true, 1.0, h_prev, B, H, m->param.W_hh, G, H, 1.0, a);
}

void rs_recurrent_backward(const rs_model *m, const rs_workspace *ws, const double *delta, double *dh_prev)
{
    const int B = ws->B, H = ws->H, G = ws->G;
    if (rs_small_recurrence(ws))
        rs_vec_matmul_add(dh_prev, delta, m->param.W_hh, (size_t)B, (size_t)G, (size_t)H);
    else if (B <= RS_PLAIN_BATCH)
        rs_gemm(false, false, 1.0, delta, B, G, m->param.W_hh, G, H, 1.0, dh_prev);
    else
        rs_gemm(false, true, 1.0, delta, B, G, ws->W_hhT, H, G, 1.0, dh_prev);
}

void rs_fill_rows(double *M, int rows, int cols, const double *v)
{
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            M[(size_t)r * cols + c] = 0.0 + v[c];   /* 0 + v: the bits of zeroing, then adding (−0 → +0) */
}

void rs_input_weight_gradient(double *dW_ih, const double *delta, const double *x, int rows, int G, int I)
{
    if (I > RS_SMALL_INPUT) {
        rs_gemm(true, false, 1.0, delta, rows, G, x, rows, I, 1.0, dW_ih);
        return;
    }
    /* A few inputs: one pass over δ (no packing), each row r adding x_{r,i} δ_r
     * to row i of ∂L/∂W_ihᵀ, accumulated on the stack for 512 gates at a time. */
    enum { CHUNK = 512 };
    double acc[RS_SMALL_INPUT * CHUNK];
    for (int g0 = 0; g0 < G; g0 += CHUNK) {
        const int n = G - g0 < CHUNK ? G - g0 : CHUNK;
        memset(acc, 0, (size_t)I * n * sizeof(double));
        for (size_t r = 0; r < (size_t)rows; r++)
            for (int i = 0; i < I; i++)
                rs_axpy(acc + (size_t)i * n, x[r * I + i], delta + r * G + g0, (size_t)n);
        for (int g = 0; g < n; g++)
            for (int i = 0; i < I; i++)
                dW_ih[(size_t)(g0 + g) * I + i] += acc[(size_t)i * n + g];
    }
}

void rs_add_column_sums(double *v, const double *M, int rows, int cols)
{
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            v[c] += M[(size_t)r * cols + c];
}

double rs_spectral_norm(const double *J, int n, double *gram, gsl_eigen_symm_workspace *eig, gsl_vector *eval)
{
    rs_gemm(true, false, 1.0, J, n, n, J, n, n, 0.0, gram);
    gsl_matrix_view g = gsl_matrix_view_array(gram, (size_t)n, (size_t)n);
    if (gsl_eigen_symm(&g.matrix, eval, eig) != 0)
        return NAN;
    return sqrt(fmax(gsl_vector_max(eval), 0.0));
}

/* The exact scaled two-pass norm: each value divided by the largest first,
 * so that 1e-200 (or 1e200) squared neither underflows nor overflows. */
static double scaled_norm(const double *v, size_t n)
{
    double scale = 0.0;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(v[i]);
        if (!(a <= scale))      /* also catches NaN */
            scale = a;
    }
    if (scale == 0.0 || !isfinite(scale))
        return scale;
    const double inverse = 1.0 / scale;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double r = v[i] * inverse;
        sum += r * r;
    }
    return scale * sqrt(sum);
}

/* A sum of squares in [RS_SUM_TINY, RS_SUM_HUGE] lost nothing to underflow
 * or overflow: what squares below the smallest normal double lose is less
 * than n·2⁻¹⁰⁷⁴, far below the rounding of a sum of at least 2⁻⁹⁰⁰. */
#define RS_SUM_TINY 0x1p-900
#define RS_SUM_HUGE 0x1p+900

double rs_norm(const double *v, size_t n)
{
    /* One pass; the scaled norm only where the plain sum of squares fails. */
    const double sum = rs_vec_sum_squares(v, n);
    if (sum >= RS_SUM_TINY && sum <= RS_SUM_HUGE)
        return sqrt(sum);
    return scaled_norm(v, n);
}

bool rs_all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return false;
    return true;
}

static const rs_cell_ops *cell_ops(rs_cell cell)
{
    switch (cell) {
    case RS_CELL_LSTM: return &rs_lstm_ops;
    case RS_CELL_GRU: return &rs_gru_ops;
    case RS_CELL_SKIP: return &rs_skip_ops;
    default: return &rs_rnn_ops;
    }
}

/* The bias that comes with the input's share: b_h (rnn, skip), b (lstm), b_ih (gru). */
static const double *input_bias(const rs_model *m)
{
    switch (m->spec.cell) {
    case RS_CELL_LSTM: return m->param.b;
    case RS_CELL_GRU: return m->param.b_ih;
    default: return m->param.b_h;
    }
}

/* ---- forward ------------------------------------------------------------ */

void rs_forward(const rs_model *m, rs_workspace *ws, const rs_batch *batch, int t_first, int t_last)
{
    const int B = ws->B, H = ws->H, I = ws->I, O = ws->O, T = ws->T, G = ws->G;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G;
    const rs_params *p = &m->param;
    const rs_cell_ops *cell = cell_ops(m->spec.cell);
    const int steps = t_last - t_first + 1;      /* the rows of this range: steps·B */

    /* The input's share of every step's pre-activations at once: a = x W_ihᵀ + bias. */
    double *a_range = ws->a + (size_t)(t_first - 1) * BG;
    const double *x_range = batch->x + (size_t)(t_first - 1) * B * I;
    rs_fill_rows(a_range, steps * B, G, input_bias(m));
    if (I <= RS_SMALL_INPUT) {
        /* A few inputs: a_r += Σ_i x_{r,i} · (row i of W_ihᵀ), one pass over
         * a rather than a product with K = I that reads and writes it again. */
        rs_transpose(ws->W_ihT, p->W_ih, G, I);
        for (size_t r = 0; r < (size_t)steps * B; r++)
            for (int i = 0; i < I; i++)
                rs_axpy(a_range + r * G, x_range[r * I + i], ws->W_ihT + (size_t)i * G, (size_t)G);
    } else
        rs_gemm(false, true, 1.0, x_range, steps * B, I, p->W_ih, G, I, 1.0, a_range);

    /* The recurrence, one step at a time. */
    if (B <= RS_PLAIN_BATCH || rs_small_recurrence(ws))
        rs_transpose(ws->W_hhT, p->W_hh, G, H);
    for (int t = t_first; t <= t_last; t++)
        cell->forward_step(m, ws, t);

    /* The readout: y_t = h_t W_hyᵀ + b_y, at every step in the range or only at T. */
    if (m->spec.readout == RS_READOUT_EVERY) {
        double *y_range = ws->y + (size_t)(t_first - 1) * B * O;
        rs_fill_rows(y_range, steps * B, O, p->b_y);
        rs_gemm(false, true, 1.0, ws->h + (size_t)t_first * BH, steps * B, H, p->W_hy, O, H, 1.0, y_range);
    } else if (t_last == T) {
        rs_fill_rows(ws->y, B, O, p->b_y);
        rs_gemm(false, true, 1.0, ws->h + (size_t)T * BH, B, H, p->W_hy, O, H, 1.0, ws->y);
    }
}

/* ---- backward ------------------------------------------------------------ */

int rs_bptt_chunk(int t, int T, int tbptt)
{
    return tbptt > 0 ? (T - t) / tbptt : 0;
}

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

    /* W_hhᵀ for the recurrent products, W_ihᵀ for ∂L/∂x_t when the input is
     * small (see cell.h). */
    if (ws->B > RS_PLAIN_BATCH && !rs_small_recurrence(ws))
        rs_transpose(ws->W_hhT, m->param.W_hh, ws->G, ws->H);
    if (ws->I <= RS_SMALL_INPUT)
        rs_transpose(ws->W_ihT, m->param.W_ih, ws->G, ws->I);

    /* Backward adds into the gradients; they are zeroed once, here. */
    memset(m->grad_block, 0, m->nparams * sizeof(double));
    memset(ws->dh, 0, (size_t)(T + 1) * BH * sizeof(double));
    if (ws->dc)
        memset(ws->dc, 0, (size_t)(T + 1) * BH * sizeof(double));

    /* The readout y = h W_hyᵀ + b_y: ∂L/∂W_hy = Σ dyᵀ h, ∂L/∂b_y = Σ dy, and
     * the readout's share of ∂L/∂h — at T only, or at every t. */
    const int t_first = m->spec.readout == RS_READOUT_EVERY ? 1 : T;
    const int rows = (T - t_first + 1) * B;
    const double *h_read = ws->h + (size_t)t_first * BH;
    double *dh_read = ws->dh + (size_t)t_first * BH;
    rs_gemm(true, false, 1.0, ws->dy, rows, O, h_read, rows, H, 1.0, m->grad.W_hy);
    rs_add_column_sums(m->grad.b_y, ws->dy, rows, O);
    rs_gemm(false, false, 1.0, ws->dy, rows, O, m->param.W_hy, O, H, 0.0, dh_read);
}

/* Σ_{b,b′} A_{bb′} B_{bb′} of two symmetric B×B matrices of which only the
 * lower triangles are filled (dsyrk): the diagonal once, the rest twice. */
static double gram_inner(const double *A, const double *Bm, int B)
{
    double diagonal = 0.0, below = 0.0;
    for (int i = 0; i < B; i++) {
        const double *a = A + (size_t)i * B, *b = Bm + (size_t)i * B;
        diagonal += a[i] * b[i];
        below += rs_vec_dot(a, b, (size_t)i);
    }
    return diagonal + 2.0 * below;
}

/* D Dᵀ (lower triangle) of the B×n matrix D: the B×B Gram matrix of its rows. */
static void gram(double *out, const double *D, int B, int n)
{
    cblas_dsyrk(CblasRowMajor, CblasLower, CblasNoTrans, B, n, 1.0, D, n, 0.0, out, B);
}

/* ‖δ_t h_{t−1}ᵀ‖_F without forming the G×H product: for matrices D, P with
 * one row per sequence, ‖Dᵀ P‖_F² = Σ_{b,b′} (D Dᵀ)_{bb′} (P Pᵀ)_{bb′} — two
 * B×B Gram matrices instead of a G×H one. Their traces are ‖D‖² and ‖P‖²;
 * while their product stays within [RS_SUM_TINY, RS_SUM_HUGE] no entry of
 * the sum has lost digits to underflow or overflow. Otherwise (values of
 * 1e-200, or 1e200) each side is first divided by its largest element. */
static double weight_share_norm(rs_workspace *ws, const double *delta_t, const double *h_prev)
{
    const int B = ws->B, H = ws->H, G = ws->G;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G;
    gram(ws->gram_a, delta_t, B, G);
    gram(ws->gram_b, h_prev, B, H);
    double trace_a = 0.0, trace_b = 0.0;
    for (int i = 0; i < B; i++) {
        trace_a += ws->gram_a[(size_t)i * B + i];
        trace_b += ws->gram_b[(size_t)i * B + i];
    }
    const double bound = trace_a * trace_b;     /* ≥ every |entry| of the sum */
    if (bound >= RS_SUM_TINY && bound <= RS_SUM_HUGE) {
        const double sum = gram_inner(ws->gram_a, ws->gram_b, B);
        return sqrt(sum > 0.0 ? sum : 0.0);
    }

    /* The exact path: scale each side by its largest element. */
    double sd = 0.0, sh = 0.0;
    for (size_t i = 0; i < BG; i++) {
        const double a = fabs(delta_t[i]);
        sd = a > sd ? a : sd;      /* NaN is passed over, as by fmax */
    }
    for (size_t i = 0; i < BH; i++) {
        const double a = fabs(h_prev[i]);
        sh = a > sh ? a : sh;
    }
    if (sd == 0.0 || sh == 0.0)
        return 0.0;
    if (!isfinite(sd) || !isfinite(sh))
        return INFINITY;
    const double inv_d = 1.0 / sd, inv_h = 1.0 / sh;
    for (size_t i = 0; i < BG; i++)
        ws->scaled_a[i] = delta_t[i] * inv_d;
    for (size_t i = 0; i < BH; i++)
        ws->scaled_b[i] = h_prev[i] * inv_h;
    gram(ws->gram_a, ws->scaled_a, B, G);
    gram(ws->gram_b, ws->scaled_b, B, H);
    const double sum = gram_inner(ws->gram_a, ws->gram_b, B);
    return sd * sh * sqrt(sum > 0.0 ? sum : 0.0);
}

bool rs_bptt_step(rs_bptt_cursor *c)
{
    if (c->t < 1)
        return false;
    const rs_model *m = c->model;
    rs_workspace *ws = c->ws;
    const int t = c->t, B = ws->B, H = ws->H, I = ws->I, G = ws->G;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G;

    /* The cell's own step back: δ_t, and what flows on to earlier steps. */
    cell_ops(m->spec.cell)->backward_step(m, ws, t, c->tbptt);

    /* Back through W_ih to the input: ∂L/∂x_t = δ_t W_ih. */
    double *dx_t = ws->dx + (size_t)(t - 1) * B * I;
    const double *delta_t = ws->delta + (size_t)(t - 1) * BG;
    if (I <= RS_SMALL_INPUT)    /* a few inputs (adding: 2): B·I dot products of length G */
        for (int b = 0; b < B; b++)
            for (int i = 0; i < I; i++)
                dx_t[(size_t)b * I + i] = rs_vec_dot(delta_t + (size_t)b * G, ws->W_ihT + (size_t)i * G, (size_t)G);
    else
        rs_gemm(false, false, 1.0, delta_t, B, G, m->param.W_ih, G, I, 0.0, dx_t);

    /* What DESIGN §3 measures at this timestep (dact and sat: the cell). */
    ws->g_h[t - 1] = rs_norm(ws->dh + (size_t)t * BH, BH);
    ws->g_c[t - 1] = ws->dc ? rs_norm(ws->dc + (size_t)t * BH, BH) : NAN;
    ws->g_x[t - 1] = rs_norm(dx_t, (size_t)B * I);
    ws->g_w[t - 1] = weight_share_norm(ws, ws->delta_rec + (size_t)(t - 1) * BG, ws->h + (size_t)(t - 1) * BH);

    c->t--;
    return true;
}

void rs_bptt_finish(rs_bptt_cursor *c, rs_model *m)
{
    while (rs_bptt_step(c))
        ;
    /* Every δ_t is known: the weight gradients sum over all T·B rows at once. */
    cell_ops(m->spec.cell)->weight_gradients(m, c->ws, c->batch);
}

void rs_backward(rs_model *m, rs_workspace *ws, const rs_batch *batch, int tbptt)
{
    rs_bptt_cursor c;
    rs_bptt_begin(&c, m, ws, batch, tbptt);
    rs_bptt_finish(&c, m);
}

int rs_state_size(const rs_model_spec *spec)
{
    return rs_cell_has_cell_state(spec->cell) ? 2 * spec->hidden : spec->hidden;
}

void rs_state_jacobian(const rs_model *m, const rs_workspace *ws, int t, int b, double *J)
{
    cell_ops(m->spec.cell)->state_jacobian(m, ws, t, b, J);
}

double rs_local_jacobian_norm(const rs_model *m, rs_workspace *ws, int t)
{
    const int N = rs_state_size(&m->spec);
    /* An H-state fits the workspace's H×H scratch; the lstm's (h, c) needs its own. */
    double *own = N == ws->H ? NULL : malloc(2 * (size_t)N * (size_t)N * sizeof(double));
    double *J = N == ws->H ? ws->jac : own, *gram = N == ws->H ? ws->jac_gram : own ? own + (size_t)N * N : NULL;
    gsl_eigen_symm_workspace *eig = gsl_eigen_symm_alloc((size_t)N);
    gsl_vector *eval = gsl_vector_alloc((size_t)N);
    double largest = 0.0;
    for (int b = 0; b < ws->B && J && eig && eval; b++) {
        rs_state_jacobian(m, ws, t, b, J);
        largest = fmax(largest, rs_spectral_norm(J, N, gram, eig, eval));
    }
    gsl_vector_free(eval);
    gsl_eigen_symm_free(eig);
    free(own);
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
