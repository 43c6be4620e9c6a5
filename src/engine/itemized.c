/* Per-prediction ("itemized") gradients of one sequence (Cashman et al. 2019,
 * "RNNbow"): ‖∂L_{t′}/∂h_s‖ and ‖∂L_{t′}/∂x_s‖ for every step t′ that
 * predicts and every s ≤ t′.
 *
 * The loss is a sum over the predicting steps, so ∂L/∂y is too: keeping
 * only the rows of step t′ and running the ordinary backward pass gives
 * ∂L_{t′}/∂(everything). One pass per predicting step:
 *
 *   forward    the sequence once (a one-sequence copy of the batch)
 *   ∂L/∂y      the loss's gradient, rescaled to the whole batch's mean
 *   for t′     ∂L/∂y kept at t′ only;  BPTT from t′ down to 1 (the steps
 *              after t′ carry no gradient of L_{t′}: nothing to step through);
 *              row t′ = the pass's g_h[s], g_x[s] for s ≤ t′
 *
 * By linearity the rows add up to the ordinary backward pass of the
 * sequence: Σ_{t′} ∂L_{t′}/∂h_s = ∂L/∂h_s, which dh_sum keeps for a test. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rnnscope/engine.h"

static int outputs_in_time(const rs_model_spec *spec, int T) { return spec->readout == RS_READOUT_EVERY ? T : 1; }

rs_itemized *rs_itemized_create(const rs_model_spec *spec, int T)
{
    rs_itemized *it = calloc(1, sizeof *it);
    if (!it)
        return NULL;
    const size_t Tz = (size_t)T, H = (size_t)spec->hidden, I = (size_t)spec->input, O = (size_t)spec->output;
    const size_t t_out = (size_t)outputs_in_time(spec, T);
    *it = (rs_itemized){.T = T, .H = spec->hidden, .I = spec->input, .b = -1};
    it->row = (rs_batch){.T = T, .B = 1, .I = spec->input, .O = spec->output, .readout = spec->readout,
                         .loss = spec->loss};
    it->model = rs_model_create(spec);
    it->ws = rs_workspace_create(spec, T, 1);
    it->predicts = calloc(Tz, 1);
    it->g_h = calloc(Tz * Tz, sizeof(double));
    it->g_x = calloc(Tz * Tz, sizeof(double));
    it->dh_sum = calloc(Tz * H, sizeof(double));
    it->dx_sum = calloc(Tz * I, sizeof(double));
    it->dy = calloc(t_out * O, sizeof(double));
    it->row.x = calloc(Tz * I, sizeof(double));
    it->row.token = calloc(Tz, sizeof(int));
    if (spec->loss == RS_LOSS_MSE)
        it->row.target = calloc(t_out * O, sizeof(double));
    else
        it->row.label = calloc(t_out, sizeof(int));
    if (!it->model || !it->ws || !it->predicts || !it->g_h || !it->g_x || !it->dh_sum || !it->dx_sum || !it->dy ||
        !it->row.x || !it->row.token || (!it->row.target && !it->row.label)) {
        rs_itemized_free(it);
        return NULL;
    }
    return it;
}

void rs_itemized_free(rs_itemized *it)
{
    if (!it)
        return;
    rs_model_free(it->model);
    rs_workspace_free(it->ws);
    free(it->predicts);
    free(it->g_h);
    free(it->g_x);
    free(it->dh_sum);
    free(it->dx_sum);
    free(it->dy);
    free(it->row.x);
    free(it->row.token);
    free(it->row.target);
    free(it->row.label);
    free(it);
}

bool rs_itemized_fits(const rs_itemized *it, const rs_model_spec *spec, int T)
{
    const rs_model_spec *m = &it->model->spec;
    return it->T == T && m->cell == spec->cell && m->activation == spec->activation &&
           m->leaky_slope == spec->leaky_slope && m->input == spec->input && m->hidden == spec->hidden &&
           m->output == spec->output && m->readout == spec->readout && m->loss == spec->loss && m->skip == spec->skip;
}

/* Sequence b of batch into the one-sequence batch. */
static void copy_sequence(rs_batch *row, const rs_batch *batch, int b)
{
    const int T = batch->T, B = batch->B, I = batch->I, O = batch->O;
    const int t_out = batch->readout == RS_READOUT_EVERY ? T : 1;
    for (int t = 0; t < T; t++) {
        memcpy(row->x + (size_t)t * I, batch->x + ((size_t)t * B + b) * I, (size_t)I * sizeof(double));
        row->token[t] = batch->token ? batch->token[(size_t)t * B + b] : -1;
    }
    for (int t = 0; t < t_out; t++) {
        if (row->target)
            memcpy(row->target + (size_t)t * O, batch->target + ((size_t)t * B + b) * O, (size_t)O * sizeof(double));
        if (row->label)
            row->label[t] = batch->label[(size_t)t * B + b];
    }
}

/* rs_loss_forward takes the mean over the one sequence; the loss of DESIGN §2
 * is the mean over the whole batch: mse over all B·T_out·O numbers, xent over
 * the labelled rows of every sequence. The factor from one to the other. */
static double batch_share(const rs_itemized *it, const rs_batch *batch)
{
    if (batch->loss == RS_LOSS_MSE)
        return 1.0 / batch->B;
    const int t_out = batch->readout == RS_READOUT_EVERY ? batch->T : 1;
    long mine = 0, all = 0;
    for (int r = 0; r < t_out; r++)
        mine += it->row.label[r] >= 0;
    for (long r = 0; r < (long)t_out * batch->B; r++)
        all += batch->label[r] >= 0;
    return all ? (double)mine / (double)all : 0.0;
}

int rs_itemized_compute(rs_itemized *it, const double *params, const rs_batch *batch, int b, int tbptt)
{
    rs_model *m = it->model;
    rs_workspace *ws = it->ws;
    const rs_model_spec *spec = &m->spec;
    if (b < 0 || b >= batch->B || batch->T != it->T || batch->I != spec->input || batch->O != spec->output ||
        batch->readout != spec->readout || batch->loss != spec->loss)
        return -1;
    const int T = it->T, H = it->H, I = it->I, O = spec->output;
    const int t_out = outputs_in_time(spec, T);
    memcpy(m->param_block, params, m->nparams * sizeof(double));
    copy_sequence(&it->row, batch, b);
    it->b = b;

    /* The sequence forward, and ∂L/∂y of all its predictions. */
    rs_forward(m, ws, &it->row, 1, T);
    rs_loss_forward(m, ws, &it->row, NULL);
    const double share = batch_share(it, batch);
    for (size_t i = 0; i < (size_t)t_out * O; i++)
        it->dy[i] = ws->dy[i] * share;

    memset(it->predicts, 0, (size_t)T);
    memset(it->g_h, 0, (size_t)T * T * sizeof(double));
    memset(it->g_x, 0, (size_t)T * T * sizeof(double));
    memset(it->dh_sum, 0, (size_t)T * H * sizeof(double));
    memset(it->dx_sum, 0, (size_t)T * I * sizeof(double));
    it->npredictions = 0;

    for (int k = 0; k < t_out; k++) {
        /* Output row k is the prediction at step t′ (every step, or only T). */
        const int tp = spec->readout == RS_READOUT_EVERY ? k + 1 : T;
        if (spec->loss == RS_LOSS_XENT && it->row.label[k] < 0)
            continue;
        it->predicts[tp - 1] = 1;
        it->npredictions++;

        /* ∂L_{t′}/∂y: the rows of step t′ only. */
        memset(ws->dy, 0, (size_t)t_out * O * sizeof(double));
        memcpy(ws->dy + (size_t)k * O, it->dy + (size_t)k * O, (size_t)O * sizeof(double));

        /* The ordinary backward pass, from t′: after t′, ∂L_{t′}/∂h_t is
         * exactly 0, and stepping through those steps would only carry zeros
         * (the cursor's t is the next timestep to process). */
        rs_bptt_cursor c;
        rs_bptt_begin(&c, m, ws, &it->row, tbptt);
        c.t = tp;
        while (rs_bptt_step(&c))
            ;
        double *gh_row = it->g_h + (size_t)(tp - 1) * T, *gx_row = it->g_x + (size_t)(tp - 1) * T;
        for (int s = 1; s <= tp; s++) {
            gh_row[s - 1] = ws->g_h[s - 1];
            gx_row[s - 1] = ws->g_x[s - 1];
            const double *dh = ws->dh + (size_t)s * H, *dx = ws->dx + (size_t)(s - 1) * I;
            double *sum_h = it->dh_sum + (size_t)(s - 1) * H, *sum_x = it->dx_sum + (size_t)(s - 1) * I;
            for (int j = 0; j < H; j++)
                sum_h[j] += dh[j];
            for (int j = 0; j < I; j++)
                sum_x[j] += dx[j];
        }
    }
    return 0;
}
