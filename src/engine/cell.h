/* What the recurrent cells share inside the engine (private to src/engine):
 * thin BLAS helpers, and the table through which bptt.c hands one timestep
 * of the recurrence, forward or backward, to a cell.
 *
 * bptt.c does everything that is the same for every cell: the input's share
 * x_t W_ihᵀ + bias of all timesteps at once, the readout and its gradient,
 * ∂L/∂x_t = δ_t W_ih, and the per-timestep statistics g_h, g_c, g_x, g_w.
 * A cell does the rest (rnn.c for rnn and skip, lstm.c, gru.c). */
#ifndef RS_ENGINE_CELL_H
#define RS_ENGINE_CELL_H

#include <math.h>
#include <stdbool.h>

#include <gsl/gsl_eigen.h>

#include "rnnscope/engine.h"

typedef struct {
    /* The recurrence at timestep t: ws->a at t already holds the input's
     * share x_t W_ihᵀ + bias; h_{t−1} (and c_{t−1}, h_{t−k}) are in ws.
     * Fills h_t and whatever the backward step will need. */
    void (*forward_step)(const rs_model *m, rs_workspace *ws, int t);
    /* Back through timestep t, whose ∂L/∂h_t (lstm: and the memory path's
     * share of ∂L/∂c_t) is complete. Fills δ_t (and delta_rec), dact[t−1]
     * and sat[t−1]; adds into ∂L/∂h_{t−1} (∂L/∂c_{t−1}, ∂L/∂h_{t−k}) unless
     * truncation cuts that path. */
    void (*backward_step)(const rs_model *m, rs_workspace *ws, int t, int tbptt);
    /* Every δ is known: add the gradients of the cell's own parameters
     * (all but W_hy and b_y), each summed over all T·B rows at once. */
    void (*weight_gradients)(rs_model *m, const rs_workspace *ws, const rs_batch *batch);
    /* rs_state_jacobian for this cell: the exact one-step Jacobian
     * ∂s_{t+1}/∂s_t of sequence b, read off the forward pass. */
    void (*state_jacobian)(const rs_model *m, const rs_workspace *ws, int t, int b, double *J);
} rs_cell_ops;

extern const rs_cell_ops rs_rnn_ops, rs_skip_ops, rs_lstm_ops, rs_gru_ops;

/* C (cr×cc) = alpha·op(A)·op(B) + beta·C on row-major arrays; ar×ac and br×bc
 * are the stored shapes of A and B. A thin wrapper over gsl_blas_dgemm. */
void rs_gemm(bool trans_a, bool trans_b, double alpha, const double *A, int ar, int ac, const double *B, int br,
             int bc, double beta, double *C);

/* The two products of the recurrence, a += h_{t−1} W_hhᵀ (B×H by H×G) and
 * ∂L/∂h_{t−1} += δ_t W_hh (B×G by G×H), each on whichever of W_hh and its
 * copy ws->W_hhT OpenBLAS runs faster at this batch size. Measured (thread
 * CPU time, OpenBLAS 0.3.21, Haswell kernels): with up to RS_PLAIN_BATCH rows
 * the plain product (no transposed operand) is 5–10 % faster; with 32 rows
 * the one with a transposed second operand is 10–25 % faster. The copy is
 * made by rs_forward or rs_bptt_begin, whichever of the two uses it. */
#define RS_PLAIN_BATCH 16
/* Up to RS_SMALL_BATCH rows and an H×G of RS_SMALL_RECURRENCE, both products
 * go to rs_vec_matmul_add (vecmath.c) instead: OpenBLAS packs W_hh anew
 * for every one of the T products, and the packing costs more than the
 * product itself here. Measured (ms per training step, medians of 3–7
 * interleaved runs on a shared 2-core AMD EPYC VM, AVX-512 path): rnn H=32 T=50 B=16 0.337 → 0.288, rnn H=64 T=1000 B=16
 * 20.4 → 16.9, rnn H=128 B=32 12.4 → 8.7, gru H=128 36.2 → 25.8, lstm H=128
 * 48.5 → 34.7, rnn H=512 B=32 144 → 122. Larger sizes were not measured and
 * keep OpenBLAS. W_hhᵀ is then copied by rs_forward whatever the batch. */
#define RS_SMALL_BATCH 32
#define RS_SMALL_RECURRENCE (512L * 512)
static inline bool rs_small_recurrence(const rs_workspace *ws)
{
    return ws->B <= RS_SMALL_BATCH && (long)ws->H * ws->G <= RS_SMALL_RECURRENCE;
}
void rs_recurrent_forward(const rs_model *m, const rs_workspace *ws, const double *h_prev, double *a);
void rs_recurrent_backward(const rs_model *m, const rs_workspace *ws, const double *delta, double *dh_prev);

/* Up to this many inputs, ∂L/∂x_t = δ_t W_ih is B·I dot products (on W_ihᵀ,
 * ws->W_ihT) rather than a BLAS call whose fixed cost would dominate. */
#define RS_SMALL_INPUT 8

/* y += alpha·x over n numbers (a loop the compiler vectorises). */
static inline void rs_axpy(double *restrict y, double alpha, const double *restrict x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] += alpha * x[i];
}

/* ∂L/∂W_ih (G×I) += δᵀ x over rows rows (δ: rows×G, x: rows×I): the BLAS
 * product, or for a few inputs one pass over δ without packing it. */
void rs_input_weight_gradient(double *dW_ih, const double *delta, const double *x, int rows, int G, int I);

/* out (cols×rows) = Mᵀ of the rows×cols matrix M. */
void rs_transpose(double *out, const double *M, int rows, int cols);

/* Every row of the rows×cols matrix M becomes v (a bias, before a product adds to it). */
void rs_fill_rows(double *M, int rows, int cols, const double *v);

/* v += the column sums of the rows×cols matrix M (a bias gradient). */
void rs_add_column_sums(double *v, const double *M, int rows, int cols);

/* ‖J‖₂ = √λ_max(JᵀJ) of the n×n row-major J; gram is n×n scratch, eig and
 * eval are for size n. NaN when the eigen solver fails. */
double rs_spectral_norm(const double *J, int n, double *gram, gsl_eigen_symm_workspace *eig, gsl_vector *eval);

static inline double rs_sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

/* A σ gate counts as saturated when its σ′ = s(1 − s) is below 1 % of the
 * maximum ¼ (DESIGN §3 sat, for the gated cells). */
static inline bool rs_gate_saturated(double s) { return s * (1.0 - s) < 0.01 * 0.25; }

/* How many of the n σ gates s[0 … n−1] are saturated (lanes of doubles,
 * exact counts, so that the loop vectorises). */
static inline size_t rs_gates_saturated(const double *s, size_t n)
{
    double lane[4] = {0.0, 0.0, 0.0, 0.0};
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (int k = 0; k < 4; k++)
            lane[k] += rs_gate_saturated(s[i + (size_t)k]) ? 1.0 : 0.0;
    for (; i < n; i++)
        lane[0] += rs_gate_saturated(s[i]) ? 1.0 : 0.0;
    return (size_t)((lane[0] + lane[1]) + (lane[2] + lane[3]));
}

#endif
