/* The model's parameters (one block, named views into it, llm.c style) and
 * the workspace that holds one forward/backward pass. Both are allocated
 * when the sizes change, never inside a training step. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rnnscope/engine.h"

int rs_cell_gates(rs_cell cell)
{
    switch (cell) {
    case RS_CELL_LSTM: return 4;    /* i, f, g, o */
    case RS_CELL_GRU: return 3;     /* r, z, n */
    default: return 1;              /* rnn, skip: a_t itself */
    }
}

bool rs_cell_is_gated(rs_cell cell) { return cell == RS_CELL_LSTM || cell == RS_CELL_GRU; }
bool rs_cell_has_activation(rs_cell cell) { return cell == RS_CELL_RNN || cell == RS_CELL_SKIP; }
bool rs_cell_has_cell_state(rs_cell cell) { return cell == RS_CELL_LSTM; }
bool rs_bound_applies(const rs_model_spec *spec) { return spec->cell == RS_CELL_RNN && spec->readout == RS_READOUT_LAST; }

typedef struct {
    const char *name;
    int rank, rows, cols;
} shape;

/* Lay the cell's tensors out in the block, in the order of DESIGN §2 (the
 * order of the exported state); returns the total count. */
static size_t layout(rs_model *m)
{
    const int I = m->spec.input, H = m->spec.hidden, O = m->spec.output;
    const shape rnn[] = {
        {"W_ih", 2, H, I}, {"W_hh", 2, H, H}, {"b_h", 1, H, 1}, {"W_hy", 2, O, H}, {"b_y", 1, O, 1}, {0},
    };
    const shape skip[] = {
        {"W_ih", 2, H, I}, {"W_hh", 2, H, H}, {"W_sk", 2, H, H}, {"b_h", 1, H, 1}, {"W_hy", 2, O, H},
        {"b_y", 1, O, 1}, {0},
    };
    const shape lstm[] = {
        {"W_ih", 2, 4 * H, I}, {"W_hh", 2, 4 * H, H}, {"b", 1, 4 * H, 1}, {"W_hy", 2, O, H}, {"b_y", 1, O, 1}, {0},
    };
    const shape gru[] = {
        {"W_ih", 2, 3 * H, I}, {"W_hh", 2, 3 * H, H}, {"b_ih", 1, 3 * H, 1}, {"b_hh", 1, 3 * H, 1},
        {"W_hy", 2, O, H}, {"b_y", 1, O, 1}, {0},
    };
    const shape *shapes = m->spec.cell == RS_CELL_LSTM ? lstm
                        : m->spec.cell == RS_CELL_GRU  ? gru
                        : m->spec.cell == RS_CELL_SKIP ? skip
                                                       : rnn;
    size_t offset = 0;
    m->ntensors = 0;
    for (const shape *s = shapes; s->name; s++) {
        m->tensor[m->ntensors++] = (rs_tensor){s->name, s->rank, s->rows, s->cols, offset};
        offset += (size_t)s->rows * (size_t)s->cols;
    }
    return offset;
}

size_t rs_model_param_count(const rs_model_spec *spec)
{
    rs_model m = {.spec = *spec};
    return layout(&m);
}

/* The tensor called name inside block, or NULL when the cell has none. */
static double *tensor_in(double *block, const rs_model *m, const char *name)
{
    for (int i = 0; i < m->ntensors; i++)
        if (strcmp(m->tensor[i].name, name) == 0)
            return block + m->tensor[i].offset;
    return NULL;
}

static void point_views(rs_params *p, double *block, const rs_model *m)
{
    p->W_ih = tensor_in(block, m, "W_ih");
    p->W_hh = tensor_in(block, m, "W_hh");
    p->W_sk = tensor_in(block, m, "W_sk");
    p->b_h = tensor_in(block, m, "b_h");
    p->b = tensor_in(block, m, "b");
    p->b_ih = tensor_in(block, m, "b_ih");
    p->b_hh = tensor_in(block, m, "b_hh");
    p->W_hy = tensor_in(block, m, "W_hy");
    p->b_y = tensor_in(block, m, "b_y");
}

rs_params rs_params_in(const rs_model *m, double *block)
{
    rs_params p;
    point_views(&p, block, m);
    return p;
}

rs_model *rs_model_create(const rs_model_spec *spec)
{
    rs_model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->spec = *spec;
    m->nparams = layout(m);
    m->param_block = calloc(m->nparams, sizeof(double));
    m->grad_block = calloc(m->nparams, sizeof(double));
    if (!m->param_block || !m->grad_block) {
        rs_model_free(m);
        return NULL;
    }
    point_views(&m->param, m->param_block, m);
    point_views(&m->grad, m->grad_block, m);
    return m;
}

void rs_model_free(rs_model *m)
{
    if (!m)
        return;
    free(m->param_block);
    free(m->grad_block);
    free(m);
}

/* W_ih and W_hy are drawn before W_hh, so changing only the recurrent
 * initialisation leaves the input and readout weights bit-identical; W_sk
 * comes last, so the skip cell's other weights are the rnn's. The gated
 * cells' W_ih and W_hh are stacks of H-row gate blocks, each drawn on its
 * own: an orthogonal or identity W_hh is orthogonal or the identity per gate. */
void rs_model_init(rs_model *m, const rs_init_spec *init, gsl_rng *rng)
{
    const int I = m->spec.input, H = m->spec.hidden, O = m->spec.output;
    const int gates = rs_cell_gates(m->spec.cell);
    rs_params *p = &m->param;
    for (int q = 0; q < gates; q++)
        rs_init_matrix(p->W_ih + (size_t)q * H * I, H, I, init->input, init->input_scale, rng);
    rs_init_matrix(p->W_hy, O, H, init->input, init->input_scale, rng);
    for (int q = 0; q < gates; q++)
        rs_init_matrix(p->W_hh + (size_t)q * H * H, H, H, init->recurrent, init->recurrent_scale, rng);
    if (p->W_sk)
        rs_init_matrix(p->W_sk, H, H, init->recurrent, init->recurrent_scale, rng);

    for (int k = 0; k < m->ntensors; k++)       /* every bias ... */
        if (m->tensor[k].rank == 1)
            for (int i = 0; i < m->tensor[k].rows; i++)
                m->param_block[m->tensor[k].offset + (size_t)i] = init->bias;
    /* ... except the lstm's forget gate, which starts open (f = σ(1) ≈ 0.73
     * for the default 1): the memory is kept from the start and gradient
     * flows back along it (Jozefowicz, Zaremba & Sutskever 2015; Gers et al. 2000). */
    if (m->spec.cell == RS_CELL_LSTM)
        for (int i = 0; i < H; i++)
            p->b[H + i] = init->forget_bias;
}

/* The workspace's arrays: allocated (ws given), or only counted (ws NULL) —
 * one list for rs_workspace_create and for rs_workspace_bytes, so the
 * memory budget and the allocation cannot drift apart. */
static bool workspace_arrays(rs_workspace *ws, const rs_model_spec *spec, int T, int B, size_t *bytes)
{
    const size_t H = (size_t)spec->hidden, I = (size_t)spec->input, O = (size_t)spec->output;
    const size_t G = (size_t)rs_cell_gates(spec->cell) * H;
    const size_t t_out = spec->readout == RS_READOUT_LAST ? 1 : (size_t)T;
    const size_t BH = (size_t)B * H, BG = (size_t)B * G, Tz = (size_t)T;
    const bool lstm = spec->cell == RS_CELL_LSTM, gru = spec->cell == RS_CELL_GRU, gated = lstm || gru;
    bool ok = true;
#define ALLOC(field, count)                                                        \
    do {                                                                       \
        const size_t n_ = (count);                                             \
        *bytes += n_ * sizeof(double);                                         \
        if (ws)                                                                \
            ok = ok && ((ws->field = calloc(n_, sizeof(double))) != NULL);     \
    } while (0)
    ALLOC(a, Tz * BG);
    ALLOC(h, (Tz + 1) * BH);
    ALLOC(y, t_out * B * O);
    ALLOC(dy, t_out * B * O);
    ALLOC(dh, (Tz + 1) * BH);
    ALLOC(delta, Tz * BG);
    ALLOC(dx, Tz * B * I);
    if (gated) {
        ALLOC(gate, Tz * BG);
    } else {
        ALLOC(df, Tz * BH);
    }
    if (lstm) {
        ALLOC(c, (Tz + 1) * BH);
        ALLOC(tanh_c, Tz * BH);
        ALLOC(dc, (Tz + 1) * BH);
    }
    if (gru) {
        ALLOC(a_rec, Tz * BG);
        ALLOC(delta_rec, Tz * BG);
    }
    ALLOC(g_h, Tz);
    ALLOC(g_c, Tz);
    ALLOC(g_x, Tz);
    ALLOC(g_w, Tz);
    ALLOC(dact, Tz);
    ALLOC(sat, Tz);
    ALLOC(scaled_a, BG);
    ALLOC(scaled_b, BH);
    ALLOC(gram_a, (size_t)B * B);
    ALLOC(gram_b, (size_t)B * B);
    ALLOC(jac, H * H);
    ALLOC(jac_gram, H * H);
    ALLOC(W_hhT, H * G);
    ALLOC(W_ihT, I * G);
#undef ALLOC
    return ok;
}

size_t rs_workspace_bytes(const rs_model_spec *spec, int T, int B)
{
    size_t bytes = sizeof(rs_workspace);
    workspace_arrays(NULL, spec, T, B, &bytes);
    return bytes;
}

rs_workspace *rs_workspace_create(const rs_model_spec *spec, int T, int B)
{
    rs_workspace *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    *ws = (rs_workspace){.T = T, .B = B, .H = spec->hidden, .I = spec->input, .O = spec->output,
                         .G = rs_cell_gates(spec->cell) * spec->hidden};
    size_t bytes = 0;
    if (!workspace_arrays(ws, spec, T, B, &bytes)) {
        rs_workspace_free(ws);
        return NULL;
    }
    if (spec->cell != RS_CELL_GRU)
        ws->delta_rec = ws->delta;      /* W_hh h_{t−1} feeds exactly the pre-activations */
    for (int t = 0; t < T; t++)
        ws->g_c[t] = NAN;               /* only the lstm has a c_t */
    return ws;
}

void rs_workspace_free(rs_workspace *ws)
{
    if (!ws)
        return;
    if (ws->delta_rec == ws->delta)
        ws->delta_rec = NULL;
    double *arrays[] = {ws->a, ws->a_rec, ws->gate, ws->h, ws->c, ws->tanh_c, ws->y, ws->dy, ws->dh, ws->dc,
                        ws->df, ws->delta, ws->delta_rec, ws->dx, ws->g_h, ws->g_c, ws->g_x, ws->g_w, ws->dact,
                        ws->sat, ws->scaled_a, ws->scaled_b, ws->gram_a, ws->gram_b, ws->jac, ws->jac_gram, ws->W_hhT,
                        ws->W_ihT};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    free(ws);
}
