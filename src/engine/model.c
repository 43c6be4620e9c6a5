/* The model's parameters (one block, named views into it, llm.c style) and
 * the workspace that holds one forward/backward pass. Both are allocated
 * when the sizes change, never inside a training step. */
#include <stdlib.h>
#include <string.h>

#include "rnnscope/engine.h"

/* Lay the rnn's tensors out in the block; returns the total count. */
static size_t rnn_layout(rs_model *m)
{
    const int I = m->spec.input, H = m->spec.hidden, O = m->spec.output;
    const struct { const char *name; int rank, rows, cols; } shapes[] = {
        {"W_ih", 2, H, I}, {"W_hh", 2, H, H}, {"b_h", 1, H, 1}, {"W_hy", 2, O, H}, {"b_y", 1, O, 1},
    };
    size_t offset = 0;
    m->ntensors = 0;
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        m->tensor[m->ntensors++] = (rs_tensor){shapes[i].name, shapes[i].rank, shapes[i].rows, shapes[i].cols, offset};
        offset += (size_t)shapes[i].rows * (size_t)shapes[i].cols;
    }
    return offset;
}

static void point_views(rs_params *p, double *block, const rs_model *m)
{
    p->W_ih = block + m->tensor[0].offset;
    p->W_hh = block + m->tensor[1].offset;
    p->b_h = block + m->tensor[2].offset;
    p->W_hy = block + m->tensor[3].offset;
    p->b_y = block + m->tensor[4].offset;
}

rs_model *rs_model_create(const rs_model_spec *spec)
{
    rs_model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->spec = *spec;
    m->nparams = rnn_layout(m);
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
 * initialisation leaves the input and readout weights bit-identical. */
void rs_model_init(rs_model *m, const rs_init_spec *init, gsl_rng *rng)
{
    const int I = m->spec.input, H = m->spec.hidden, O = m->spec.output;
    rs_params *p = &m->param;
    rs_init_matrix(p->W_ih, H, I, init->input, init->input_scale, rng);
    rs_init_matrix(p->W_hy, O, H, init->input, init->input_scale, rng);
    rs_init_matrix(p->W_hh, H, H, init->recurrent, init->recurrent_scale, rng);
    for (int i = 0; i < H; i++)
        p->b_h[i] = init->bias;
    for (int i = 0; i < O; i++)
        p->b_y[i] = init->bias;
}

rs_workspace *rs_workspace_create(const rs_model_spec *spec, int T, int B)
{
    rs_workspace *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    const size_t H = (size_t)spec->hidden, I = (size_t)spec->input, O = (size_t)spec->output;
    const size_t t_out = spec->readout == RS_READOUT_LAST ? 1 : (size_t)T;
    const size_t BH = (size_t)B * H, Tz = (size_t)T;
    *ws = (rs_workspace){.T = T, .B = B, .H = (int)H, .I = (int)I, .O = (int)O};
    bool ok = true;
#define ALLOC(field, count) ok = ok && ((ws->field = calloc((count), sizeof(double))) != NULL)
    ALLOC(a, Tz * BH);
    ALLOC(h, (Tz + 1) * BH);
    ALLOC(y, t_out * B * O);
    ALLOC(dy, t_out * B * O);
    ALLOC(dh, (Tz + 1) * BH);
    ALLOC(df, Tz * BH);
    ALLOC(delta, Tz * BH);
    ALLOC(dx, Tz * B * I);
    ALLOC(g_h, Tz);
    ALLOC(g_x, Tz);
    ALLOC(g_w, Tz);
    ALLOC(dact, Tz);
    ALLOC(sat, Tz);
    ALLOC(scaled_a, BH);
    ALLOC(scaled_b, BH);
    ALLOC(gram_a, (size_t)B * B);
    ALLOC(gram_b, (size_t)B * B);
    ALLOC(jac, H * H);
    ALLOC(jac_gram, H * H);
#undef ALLOC
    if (!ok) {
        rs_workspace_free(ws);
        return NULL;
    }
    return ws;
}

void rs_workspace_free(rs_workspace *ws)
{
    if (!ws)
        return;
    double *arrays[] = {ws->a, ws->h, ws->y, ws->dy, ws->dh, ws->df, ws->delta, ws->dx,
                        ws->g_h, ws->g_x, ws->g_w, ws->dact, ws->sat, ws->scaled_a,
                        ws->scaled_b, ws->gram_a, ws->gram_b, ws->jac, ws->jac_gram};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    free(ws);
}
