/* rnnscope engine: recurrent cells, exact BPTT, clipping, optimisers and the
 * per-timestep gradient statistics of DESIGN §3.
 *
 * The engine never prints and never includes a terminal library. All numbers
 * are double: vanishing gradients reach 1e-40 and below, which float would
 * flush to zero. Every per-timestep buffer is laid out (T, B, n): timestep
 * major, then the batch row, then the feature — so one timestep is a B×n
 * row-major matrix and the batch is a matrix dimension of every product. */
#ifndef RNNSCOPE_ENGINE_H
#define RNNSCOPE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include <gsl/gsl_rng.h>

/* ---- names ------------------------------------------------------------ */

/* rnn: Elman; lstm, gru: the gated cells (PyTorch's gate order); skip: the
 * rnn plus a direct connection from h_{t−k} (DESIGN §2, model.skip = k). */
typedef enum { RS_CELL_RNN, RS_CELL_LSTM, RS_CELL_GRU, RS_CELL_SKIP, RS_CELL_COUNT } rs_cell;
typedef enum { RS_SIGMOID, RS_TANH, RS_RELU, RS_LEAKY_RELU, RS_ACTIVATION_COUNT } rs_activation;
typedef enum {
    RS_INIT_GAUSSIAN, RS_INIT_UNIFORM, RS_INIT_XAVIER, RS_INIT_HE,
    RS_INIT_ORTHOGONAL, RS_INIT_IDENTITY, RS_INIT_COUNT
} rs_init;
typedef enum { RS_READOUT_LAST, RS_READOUT_EVERY } rs_readout;
typedef enum { RS_LOSS_MSE, RS_LOSS_XENT } rs_loss;
typedef enum { RS_CLIP_NONE, RS_CLIP_NORM, RS_CLIP_VALUE, RS_CLIP_COUNT } rs_clip;
typedef enum { RS_OPT_SGD, RS_OPT_MOMENTUM, RS_OPT_ADAM, RS_OPT_COUNT } rs_optimizer;

extern const char *const rs_cell_names[];       /* NULL-terminated, indexed by rs_cell */
extern const char *const rs_activation_names[];
extern const char *const rs_init_names[];
extern const char *const rs_readout_names[];
extern const char *const rs_loss_names[];
extern const char *const rs_clip_names[];
extern const char *const rs_optimizer_names[];

/* Index of name in a NULL-terminated list, or -1. */
int rs_name_index(const char *const names[], const char *name);

/* ---- activations (kann's op table: name, forward, derivative, sup f') ---- */

typedef struct {
    const char *name;
    /* h[i] = f(a[i]) */
    void (*forward)(double *h, const double *a, size_t n, double slope);
    /* df[i] = f'(a[i]); h = f(a) is given because σ' = h(1−h), tanh' = 1−h² */
    void (*derivative)(double *df, const double *a, const double *h, size_t n, double slope);
    /* γ = sup |f'|: ¼ sigmoid, 1 tanh and relu, max(1, slope) leaky relu */
    double (*sup_derivative)(double slope);
} rs_activation_op;

extern const rs_activation_op rs_activation_ops[RS_ACTIVATION_COUNT];

/* ---- initialisation ------------------------------------------------------ */

/* Fill a rows×cols row-major matrix W. scale is the std (gaussian), the
 * half-width (uniform: U[−scale, scale]) or the gain (xavier, he, orthogonal,
 * identity). xavier: N(0, gain²·2/(rows+cols)) (Glorot & Bengio 2010);
 * he: N(0, gain²·2/cols) (He et al. 2015); orthogonal: gain·Q, Q from the QR
 * of a gaussian matrix with the signs of R's diagonal (Saxe et al. 2014) —
 * orthonormal rows or columns, whichever are fewer; identity: gain·I, the
 * leading square block for a non-square matrix (Le, Jaitly & Hinton 2015). */
void rs_init_matrix(double *W, int rows, int cols, rs_init kind, double scale, gsl_rng *rng);

/* ---- the model ------------------------------------------------------------ */

typedef struct {
    rs_cell cell;
    rs_activation activation;   /* rnn and skip; lstm and gru have their fixed σ and tanh */
    double leaky_slope;
    int input, hidden, output;  /* I, H, O */
    rs_readout readout;
    rs_loss loss;
    int skip;                   /* skip: the distance k ≥ 1 of W_sk h_{t−k}; ignored by other cells */
} rs_model_spec;

/* Rows of W_ih and W_hh: the width G of a timestep's pre-activations —
 * H (rnn, skip), 4H (lstm: blocks i, f, g, o), 3H (gru: blocks r, z, n). */
int rs_cell_gates(rs_cell cell);

/* What a cell is made of, for the front ends to switch on:
 *   gated           lstm, gru: the memory path is multiplied by a gate, not by
 *                   W_hh, so Pascanu's bound γ·σ_max does not apply
 *   has_activation  rnn, skip: model.activation chooses f (the gated cells
 *                   have their fixed σ gates and tanh)
 *   has_cell_state  lstm: c_t beside h_t (g_c) */
bool rs_cell_is_gated(rs_cell cell);
bool rs_cell_has_activation(rs_cell cell);
bool rs_cell_has_cell_state(rs_cell cell);

/* Whether Pascanu, Mikolov & Bengio's bound holds for the measured g_h:
 * every ratio g_h[t]/g_h[t+1] ≤ γ·σ_max(W_hh). Only for the plain rnn with
 * one loss at the last step — not for the skip cell (W_sk h_{t−k} is a
 * second, shorter route the bound does not cover), not for readouts at
 * every step (g_h[t] adds L_t's own term, each loss term has its own bound),
 * not for the gated cells (their memory path is multiplied by gates). */
bool rs_bound_applies(const rs_model_spec *spec);

typedef struct {
    rs_init recurrent, input;   /* kind for W_hh (and W_sk); kind for W_ih and W_hy */
    double recurrent_scale;     /* std, half-width or gain of W_hh (see rs_init_matrix) */
    double input_scale;         /* the same for W_ih and W_hy */
    double bias;                /* every bias starts at this value ... */
    double forget_bias;         /* ... except the lstm's forget block of b */
} rs_init_spec;

/* Parameters and gradients share this struct (llm.c's ParameterTensors):
 * named pointers into one contiguous block, so norms, clipping and the
 * optimiser are flat loops over all numbers. A tensor the cell does not
 * have is NULL. G = rs_cell_gates(cell)·H: H, 4H (lstm) or 3H (gru). */
typedef struct {
    double *W_ih;   /* (G, I); lstm blocks i, f, g, o; gru blocks r, z, n */
    double *W_hh;   /* (G, H); the same blocks */
    double *W_sk;   /* (H, H) skip: from h_{t−k} */
    double *b_h;    /* (H) rnn, skip */
    double *b;      /* (4H) lstm: one bias for both products */
    double *b_ih;   /* (3H) gru: the input side's bias */
    double *b_hh;   /* (3H) gru: the recurrent side's bias (inside r ⊙ (…) for n) */
    double *W_hy;   /* (O, H) */
    double *b_y;    /* (O) */
} rs_params;

#define RS_MAX_TENSORS 8

typedef struct {
    const char *name;   /* "W_hh": the name in DESIGN §2 and in the exported state */
    int rank;           /* 1: a vector of rows numbers (a bias); 2: a rows×cols matrix */
    int rows, cols;     /* a vector has cols = 1 */
    size_t offset;      /* into the parameter block */
} rs_tensor;

typedef struct {
    rs_model_spec spec;
    int ntensors;
    rs_tensor tensor[RS_MAX_TENSORS];
    size_t nparams;
    double *param_block, *grad_block;   /* nparams each */
    rs_params param, grad;              /* named views into the blocks */
} rs_model;

rs_model *rs_model_create(const rs_model_spec *spec);
/* The numbers in the parameter block of a model of this spec (nparams). */
size_t rs_model_param_count(const rs_model_spec *spec);
void rs_model_free(rs_model *m);

/* The named views of m's tensors into another block laid out as m's
 * parameters (a saved copy of the weights): the model that reads that
 * block is *m with param_block = block and param = rs_params_in(m, block). */
rs_params rs_params_in(const rs_model *m, double *block);

/* Draw order: W_ih, W_hy, W_hh, then W_sk — so a change of the recurrent
 * init leaves W_ih and W_hy bit-identical, and the skip cell's W_ih, W_hh
 * and W_hy are those of the rnn with the same seed. The gated cells' W_ih
 * and W_hh are drawn gate block by gate block (each H×I or H×H block with
 * the input or recurrent kind and scale): orthogonal and identity hold per
 * gate. Biases start at init->bias; the lstm's forget block at forget_bias. */
void rs_model_init(rs_model *m, const rs_init_spec *init, gsl_rng *rng);

/* ---- a batch of sequences ---------------------------------------------------- */

typedef struct {
    int T, B, I, O;
    rs_readout readout;
    rs_loss loss;
    double *x;        /* (T, B, I) */
    double *target;   /* mse: (B, O) for readout last, (T, B, O) for every; else NULL */
    int *label;       /* xent: (B) for last, (T, B) for every, −1 = no label; else NULL */
    int *token;       /* (T, B) symbol shown at each step, −1 where the input is not a symbol */
} rs_batch;

/* ---- activations of one forward/backward pass (allocated once per T, B) ---- */

/* G is the width of a timestep's pre-activations, rs_cell_gates(cell)·H.
 * Arrays a cell does not use are NULL. */
typedef struct {
    int T, B, H, I, O, G;
    double *a;        /* (T, B, G) pre-activations: rnn, skip a_t; lstm z_t = [z_i z_f z_g z_o];
                       * gru the input side W_ih x_t + b_ih = [r z n] */
    double *a_rec;    /* (T, B, 3H) gru: the recurrent side W_hh h_{t−1} + b_hh */
    double *gate;     /* (T, B, G) lstm [i f g o], gru [r z n]: the gates after σ / tanh */
    double *h;        /* (T+1, B, H) hidden states; row block 0 is h_0 = 0 */
    double *c;        /* (T+1, B, H) lstm cell states; block 0 is c_0 = 0 */
    double *tanh_c;   /* (T, B, H) lstm tanh(c_t) */
    double *y;        /* (T_out, B, O) outputs (logits for xent); T_out = 1 or T */
    double *dy;       /* (T_out, B, O) ∂L/∂y */
    double *dh;       /* (T+1, B, H) ∂L/∂h_t, total over all paths (lstm: c_t held) (block 0 unused) */
    double *dc;       /* (T+1, B, H) lstm ∂L/∂c_t, total over all paths once step t is done */
    double *df;       /* (T, B, H) rnn, skip f'(a_t) */
    double *delta;    /* (T, B, G) δ_t = ∂L/∂a_t (gru: of the input side) */
    double *delta_rec;/* (T, B, G) ∂L/∂ of what W_hh h_{t−1} feeds: = delta, except gru's
                       * recurrent side, whose n block is δ_n ⊙ r (a separate array) */
    double *dx;       /* (T, B, I) ∂L/∂x_t */
    /* per-timestep statistics of DESIGN §3, index t−1 for timestep t */
    double *g_h, *g_x, *g_w, *dact, *sat;
    double *g_c;      /* (T) lstm ‖∂L/∂c_t‖; NaN for the other cells */
    double *scaled_a, *scaled_b;  /* (B, G) and (B, H) scratch for g_w */
    double *gram_a, *gram_b;      /* (B, B) scratch for g_w */
    double *jac, *jac_gram;       /* (H, H) scratch for the local Jacobian */
    double *W_hhT;    /* (H, G) W_hhᵀ, copied by rs_forward (B ≤ 16) or rs_bptt_begin (B > 16)
                       * for whichever recurrent product runs faster on it (src/engine/cell.h) */
    double *W_ihT;    /* (I, G) W_ihᵀ, copied by rs_bptt_begin for ∂L/∂x_t = δ_t W_ih */
} rs_workspace;

rs_workspace *rs_workspace_create(const rs_model_spec *spec, int T, int B);
/* The bytes rs_workspace_create allocates for these sizes (the same list). */
size_t rs_workspace_bytes(const rs_model_spec *spec, int T, int B);
void rs_workspace_free(rs_workspace *ws);

/* ---- forward, loss, backward ------------------------------------------------ */

/* Run the cell for timesteps t_first..t_last (1-based, inclusive), reading
 * h_{t_first−1} (lstm: and c_{t_first−1}; skip: the h_{t−k} before t_first)
 * from ws, and the readout at those steps that carry one.
 * The whole sequence is rs_forward(m, ws, batch, 1, T). */
void rs_forward(const rs_model *m, rs_workspace *ws, const rs_batch *batch, int t_first, int t_last);

/* Loss of DESIGN §2 from ws->y; fills ws->dy = ∂L/∂y. acc: accuracy (xent)
 * or fraction of outputs within RS_MSE_TOLERANCE (mse). */
#define RS_MSE_TOLERANCE 0.04   /* Hochreiter & Schmidhuber 1997, adding problem */
double rs_loss_forward(const rs_model *m, rs_workspace *ws, const rs_batch *batch, double *acc);

/* Backpropagation through time as an explicit cursor (DESIGN §3 step-through):
 *   rs_bptt_begin   zero the gradients, backpropagate the readout;
 *   rs_bptt_step    one timestep, t = T down to 1, with its statistics;
 *   rs_bptt_finish  the remaining timesteps and the weight gradients.
 * rs_backward is exactly begin, T steps, finish. tbptt = k > 0 stops the
 * gradient every k steps counted back from the end (TBPTT(k, k), Williams &
 * Peng 1990), so it flows back at most k steps from any loss-bearing step.
 * At a cut nothing crosses the chunk boundary: neither ∂L/∂h nor (lstm)
 * ∂L/∂c; for skip also not the W_sk path from t to t−k when the two lie in
 * different chunks (the chunk of t is (T − t) / tbptt).
 *
 * What a step records for timestep t (DESIGN §3), every cell:
 *   g_h   ‖∂L/∂h_t‖, the total derivative (lstm: with c_t held, as a state)
 *   g_c   lstm ‖∂L/∂c_t‖, total; NaN for the other cells
 *   g_x   ‖∂L/∂x_t‖
 *   g_w   ‖δ_t h_{t−1}ᵀ‖, δ_t = ∂L/∂ of all the pre-activations W_hh h_{t−1}
 *         feeds: the share of ∂L/∂W_hh from t (skip: still W_hh's share)
 *   dact  rnn, skip mean |f′(a_t)|; lstm mean forget gate f; gru mean (1 − z)
 *   sat   rnn, skip the fraction of units with |f′(a_t)| < 1 % of sup |f′|;
 *         lstm, gru the fraction of σ-gate units (lstm i, f, o; gru r, z)
 *         whose σ′ = s(1 − s) < 1 % of its maximum ¼ (the gate is stuck
 *         open or shut and passes no gradient to its pre-activation) */
typedef struct {
    const rs_model *model;
    rs_workspace *ws;
    const rs_batch *batch;
    int tbptt;
    int t;            /* the next timestep to process; 0 when all are done */
} rs_bptt_cursor;

void rs_bptt_begin(rs_bptt_cursor *c, rs_model *m, rs_workspace *ws, const rs_batch *batch, int tbptt);
bool rs_bptt_step(rs_bptt_cursor *c);   /* false when there was no step left */
void rs_bptt_finish(rs_bptt_cursor *c, rs_model *m);
void rs_backward(rs_model *m, rs_workspace *ws, const rs_batch *batch, int tbptt);

/* The local Jacobian factor of DESIGN §3: the spectral norm of the
 * Jacobian of one step of the recurrence, the largest over the batch — the
 * factor by which one step back from t+1 to t can at most stretch the
 * gradient of the state.
 *   rnn   ‖diag(f′(a_{t+1})) W_hh‖₂ = ‖∂h_{t+1}/∂h_t‖₂ (a product of these
 *         bounds g_h[t]/g_h[T] for a last readout)
 *   skip  the same one-step path; the skip connection adds a second route,
 *         ∂h_{t+k}/∂h_t ∋ diag(f′(a_{t+k})) W_sk, which this factor leaves out
 *   gru   the exact ‖∂h_{t+1}/∂h_t‖₂ (through z, r, n and the direct z ⊙ h path)
 *   lstm  the exact ‖∂(h_{t+1}, c_{t+1})/∂(h_t, c_t)‖₂ of the 2H-state
 * 1 ≤ t < T; it reads only the forward pass (rs_state_jacobian of every
 * sequence). Allocates (GSL eigen workspace): for step-through only. */
double rs_local_jacobian_norm(const rs_model *m, rs_workspace *ws, int t);

/* The state one step of the recurrence carries: h (H numbers), for the
 * lstm (h, c) (2H). */
int rs_state_size(const rs_model_spec *spec);

/* The exact Jacobian of one step of the recurrence for sequence b,
 * J = ∂s_{t+1}/∂s_t (0 ≤ t < T; s_0 = 0), into the N×N row-major J with
 * N = rs_state_size:
 *   rnn, skip  diag(f′(a_{t+1})) W_hh (skip: the one-step path; the W_sk
 *              route h_t → h_{t+k} is a second one, not in J)
 *   gru        ∂h_{t+1}/∂h_t through z, r, n and the direct z ⊙ h path
 *   lstm       ∂(h_{t+1}, c_{t+1})/∂(h_t, c_t) = [∂h′/∂h ∂h′/∂c; ∂c′/∂h ∂c′/∂c]
 * It reads the forward pass in ws (which must have run with m's weights)
 * and m's W_hh; no allocation. */
void rs_state_jacobian(const rs_model *m, const rs_workspace *ws, int t, int b, double *J);

/* True when the gradient does not flow from timestep t back to t−1. */
bool rs_bptt_cut(int t, int T, int tbptt);

/* The truncation chunk of timestep t: (T − t) / tbptt, counted from the end
 * (0 for the last tbptt steps); 0 for every t under full BPTT. Gradient flows
 * from t to s < t only when both are in the same chunk. */
int rs_bptt_chunk(int t, int T, int tbptt);

/* ---- vector arithmetic --------------------------------------------------------- */

/* The engine's elementary functions (tanh, exp, σ over whole rows) take the
 * fastest path the CPU has, chosen at load time: glibc's libmvec with AVX-512
 * or AVX2, else libm one element at a time (the scalar path). The paths agree
 * to a few ulp per element, so results may differ in the last bits between
 * CPUs; on one CPU a path gives bit-identical reruns. RNNSCOPE_VECMATH=scalar
 * (or avx2, avx512) in the environment forces a path, as does this call. */
typedef enum { RS_VECMATH_SCALAR, RS_VECMATH_AVX2, RS_VECMATH_AVX512 } rs_vecmath_path;

/* Use want, or the best path below it that the CPU (and the build) has;
 * returns the path taken. Not thread-safe: call it before training starts. */
rs_vecmath_path rs_vecmath_select(rs_vecmath_path want);
rs_vecmath_path rs_vecmath_current(void);
const char *rs_vecmath_name(rs_vecmath_path p);     /* "scalar", "avx2", "avx512" */

/* ---- clipping and optimisers ---------------------------------------------- */

/* Global L2 norm of n numbers (overflow-safe, as BLAS dnrm2): one pass of
 * sums of squares, and the exact two-pass scaled norm only where that sum
 * would underflow or overflow (values below about 1e-135 or above 1e135). */
double rs_norm(const double *v, size_t n);

/* Clip g into out (may alias). norm: rescale to exactly the threshold when
 * ‖g‖ > threshold (Pascanu, Mikolov & Bengio 2013, Algorithm 1); value: clamp
 * each element to ±threshold. Returns ‖out‖/‖g‖ (1 = untouched). */
double rs_clip_gradients(double *out, const double *g, size_t n, rs_clip mode, double threshold);

typedef struct {
    rs_optimizer kind;
    double lr, momentum;            /* momentum: heavy ball, v ← μv + g, θ ← θ − lr·v */
    double beta1, beta2, eps;       /* adam (Kingma & Ba 2015) */
} rs_optimizer_spec;

/* State is 2n doubles (velocity / first and second moments) plus the step count. */
typedef struct {
    size_t n;
    double *m, *v;
    long t;
} rs_optimizer_state;

rs_optimizer_state *rs_optimizer_create(size_t n);
void rs_optimizer_reset(rs_optimizer_state *s);
void rs_optimizer_free(rs_optimizer_state *s);
void rs_optimizer_update(const rs_optimizer_spec *spec, rs_optimizer_state *s, double *theta, const double *g);

/* ---- spectral statistics (DESIGN §3 theory line) ------------------------- */

/* rnn, skip: of W_hh (skip: the one-step path; W_sk is a second route).
 * lstm, gru: sigma_max is σ_max of the whole recurrent matrix W_hh (G×H,
 * all gate blocks); radius, gamma and bound are NaN, meaning "does not
 * apply": Pascanu's bound is for the plain recurrence h_t = f(W_hh h_{t−1} + …);
 * a gated cell's memory path is multiplied by its gates (lstm: f, gru: z),
 * not by W_hh, and W_hh is not square. gamma is NaN exactly when the bound
 * does not apply (a gated cell); for rnn and skip a NaN sigma_max or bound
 * means W_hh is not finite. A front end should say "does not apply" (n/a)
 * for the first, not "not finite". */
typedef struct {
    double sigma_max;        /* largest singular value of W_hh (to RS_SIGMA_TOL / 2 relative) */
    double radius;           /* spectral radius of W_hh; NaN for gated cells */
    double gamma;            /* sup |f'|; NaN for gated cells */
    double bound;            /* γ·σ_max: with bound < 1 the gradient must shrink by it per step; NaN gated */
} rs_spectral;

/* What the spectral statistics keep between calls, allocated once per model
 * size (hidden = H; room for every cell's W_hh, up to 4H×H): the last right
 * singular vector (the warm start of σ_max), the eigenvalues of the last
 * rs_spectral_eigen, LAPACK's workspaces, and a thread that sleeps until
 * rs_spectral_eigen_start hands it a W_hh (joined by _free). */
typedef struct rs_spectral_workspace rs_spectral_workspace;
rs_spectral_workspace *rs_spectral_workspace_create(int hidden);
void rs_spectral_workspace_free(rs_spectral_workspace *w);

/* Everything at once, from a cold start: σ_max, ρ and every eigenvalue, γ
 * and γ·σ_max (see rs_spectral for the gated cells). For a new W_hh (after a
 * (re-)initialisation); it also sets the warm start. No allocation. */
rs_spectral rs_spectral_compute(const rs_model *m, rs_spectral_workspace *w);

/* σ_max of W_hh, cheap enough for every training step: Lanczos on W_hhᵀW_hh
 * (restarted, fully re-orthogonalised), started from the right singular
 * vector of the previous call, run until the estimated error of the Ritz
 * value (its residual r, or r²/gap once r is below the gap to the next Ritz
 * value) is below RS_SIGMA_TOL·λ: σ_max to about RS_SIGMA_TOL/2 relative
 * (tests/test_spectral.c holds it to 1e-9 against a dense solver). After a
 * small update of the weights that takes a few products with W_hh and W_hhᵀ.
 * Sets s->sigma_max, s->gamma and s->bound; leaves s->radius as it is.
 * Deterministic: the same calls in the same order give the same bits.
 * No allocation. */
#define RS_SIGMA_TOL 1e-10
void rs_spectral_sigma(const rs_model *m, rs_spectral_workspace *w, rs_spectral *s);

/* ρ and every eigenvalue of W_hh (LAPACK dgeev, eigenvalues only), into the
 * workspace; sets s->radius. rnn and skip only: for the gated cells W_hh is
 * not square, s->radius is NaN and there are no eigenvalues. No allocation.
 * It costs more than a training step at H = 512 (H³ against T·B·H²), so a
 * session runs it every rs_spectral_eigen_every steps, on a thread of its
 * own (rs_spectral_eigen_start and _finish below). */
void rs_spectral_eigen(const rs_model *m, rs_spectral_workspace *w, rs_spectral *s);

/* rs_spectral_eigen without holding up training: _start copies W_hh and
 * hands it to the workspace's own thread, which runs dgeev while training
 * goes on; _finish waits for it (by then long done) and publishes the result
 * exactly as rs_spectral_eigen would have: s->radius and the eigenvalues.
 * The result is that of the weights at _start, whatever the timing, so runs
 * stay bit-identical. A _start before the last one's _finish replaces it.
 * _finish returns false (and changes nothing) when nothing was started.
 * No allocation (the thread is made with the workspace). */
void rs_spectral_eigen_start(const rs_model *m, rs_spectral_workspace *w);
bool rs_spectral_eigen_finish(rs_spectral_workspace *w, rs_spectral *s);

/* The eigenvalues of the last rs_spectral_eigen (or rs_spectral_compute):
 * their count (H, or 0 when there are none: a gated cell, a non-finite W_hh
 * or none computed yet) and their real and imaginary parts (LAPACK's order:
 * complex pairs adjacent, the positive imaginary part first). */
int rs_spectral_eigenvalues(const rs_spectral_workspace *w, const double **re, const double **im);

/* The schedule of rs_spectral_eigen: every how many training steps ρ and the
 * eigenvalues are recomputed so that they cost at most 5 % of training. A
 * pure function of the sizes (never of a clock, so that headless output is
 * the same on every run): 20 × (eigen cost) / (step cost), with the costs
 * estimated as 200·H³ for dgeev and 8·T·B·G·H for a training step (both in
 * dgemm-equivalent flops, measured on OpenBLAS: dgeev runs far below dgemm's
 * speed), rounded up, and never less than at_least (the config's
 * stats.spectral_every). */
long rs_spectral_eigen_every(const rs_model_spec *spec, int T, int B, long at_least);

/* ---- eigenvalues (the spectrum view) --------------------------------------- */

/* Where the eigenvalues of W_hh lie relative to the unit circle decides, at
 * initialisation, whether the gradient vanishes or explodes over many steps:
 * ρ = max |λ| < 1 makes W_hh^k shrink, ρ > 1 grow (Pascanu, Mikolov & Bengio
 * 2013, §3.1: ρ < 1 is necessary for exploding gradients not to occur in the
 * linear case; γ·σ_max < 1 is sufficient for vanishing). The spectrum view
 * draws them with the unit circle and the circle of radius σ_max ≥ ρ.
 *
 * One solver behind one small function (spectrum.c): GSL's real Schur
 * decomposition (gsl_eigen_nonsymm), the very solver rs_spectral_compute's
 * ρ uses; swapped for LAPACK's dgeev there, it is swapped here too. */
typedef struct rs_eigen_workspace rs_eigen_workspace;

/* For n×n matrices, allocated once. NULL when out of memory. */
rs_eigen_workspace *rs_eigen_workspace_create(int n);
void rs_eigen_workspace_free(rs_eigen_workspace *w);
int rs_eigen_size(const rs_eigen_workspace *w);

/* All n eigenvalues λ = re + i·im of the n×n row-major A (A is not changed),
 * sorted by modulus, largest first (then by real part, then imaginary part,
 * largest first: a conjugate pair with +im first), so re[0], im[0] has
 * |λ| = ρ. 0; or −1 when A is not finite or the solver failed (re, im are
 * then NaN). No allocation. */
int rs_eigenvalues(rs_eigen_workspace *w, const double *A, double *re, double *im);

/* The largest singular value of the n×n A, √λ_max(AᵀA); NaN when A is not
 * finite or the solver failed. No allocation. */
double rs_sigma_max(rs_eigen_workspace *w, const double *A);

/* ---- per-prediction (itemized) gradients ------------------------------------ */

/* With a readout at every step the loss is a sum over predictions,
 * L = Σ_{t′} L_{t′} (L_{t′}: the terms of step t′, with the whole batch's
 * normalisation of DESIGN §2), and g_h shows ‖∂L/∂h_s‖: all the predictions
 * that s can still influence, summed. Itemized (Cashman et al. 2019,
 * "RNNbow"), each prediction is kept apart: ‖∂L_{t′}/∂h_s‖ for every step t′
 * that predicts (a row) and every s ≤ t′ (a column) — how far back one single
 * prediction reaches — and ‖∂L_{t′}/∂x_s‖, how much that prediction depends
 * on input s (the "connectivity" of Madsen 2019, "Visualizing memorization
 * in RNNs", Distill). A readout at the last step has one row: g_h itself.
 *
 * For one sequence b of a batch — the one a front end inspects; norms are
 * over its H (or I) numbers, not over the batch. Computed by one backward
 * pass per predicting step t′ on the engine's own BPTT code, with ∂L/∂y kept
 * only at t′ and truncated BPTT's cut rule as in training: T passes of at
 * most T steps on one sequence, O(T²·H·G) — outside training steps, into
 * buffers allocated once by rs_itemized_create. Σ_{t′} ∂L_{t′}/∂h_s is the
 * ordinary ∂L/∂h_s of sequence b (kept as vectors, for the test of that). */
typedef struct {
    int T, H, I;                /* sizes */
    int b;                      /* the sequence of the last compute */
    int npredictions;           /* steps that predict (rows with a value) */
    unsigned char *predicts;    /* (T) 1 where step t′ carries a loss term */
    double *g_h;                /* (T, T) [t′−1][s−1] = ‖∂L_{t′}/∂h_s‖; 0 for s > t′ and in rows that do not predict */
    double *g_x;                /* (T, T) [t′−1][s−1] = ‖∂L_{t′}/∂x_s‖ */
    double *dh_sum;             /* (T, H) [s−1] = Σ_{t′} ∂L_{t′}/∂h_s (lstm: with c_s held, as g_h) */
    double *dx_sum;             /* (T, I) [s−1] = Σ_{t′} ∂L_{t′}/∂x_s */
    /* the passes' own: a model (rs_bptt_begin writes the readout's gradient
     * into it), a one-sequence workspace and batch, ∂L/∂y of the sequence */
    rs_model *model;
    rs_workspace *ws;
    rs_batch row;
    double *dy;                 /* (T_out, O) */
} rs_itemized;

/* For a model of this spec and sequences of T steps. NULL when out of memory. */
rs_itemized *rs_itemized_create(const rs_model_spec *spec, int T);
void rs_itemized_free(rs_itemized *it);

/* True when it was created for this spec and T. */
bool rs_itemized_fits(const rs_itemized *it, const rs_model_spec *spec, int T);

/* The itemized gradients of sequence b of batch with the weights params (a
 * block laid out as the spec's model: rs_model's param_block) and the
 * truncation window tbptt (0: full BPTT). 0; −1 when b is not a sequence of
 * the batch or the batch is not of the itemized's sizes. No allocation. */
int rs_itemized_compute(rs_itemized *it, const double *params, const rs_batch *batch, int b, int tbptt);

/* ---- per-step summaries from a finished backward pass ---------------------- */

/* Number of timesteps back from T, T included, over which g_h stays at or
 * above 1e-6 of g_h[T] (Pascanu et al. 2013's "steps in the past"). */
int rs_reach(const double *g_h, int T);
#define RS_REACH_FRACTION 1e-6

/* Geometric mean of g_h[t]/g_h[t+1] over the pairs where both are finite and
 * positive; NaN when there is no such pair. */
double rs_mean_decay(const double *g_h, int T);

/* True when every one of n numbers is finite. */
bool rs_all_finite(const double *v, size_t n);

#endif
