/* The rnnscope-state/1 export (DESIGN §6): the weights a step ran with, its
 * batch, its loss and its gradients, for checking against any independent
 * implementation of DESIGN §2. Numbers are written with %.17g, so they read
 * back as the same doubles; a non-finite number is written as null.
 *
 * `params`, `grads` and `grads_clipped` hold the cell's own tensors under
 * their DESIGN §2 names (rnn: W_ih W_hh b_h; skip: W_ih W_hh W_sk b_h; lstm:
 * W_ih W_hh b; gru: W_ih W_hh b_ih b_hh; every cell: W_hy b_y). The skip cell
 * adds "skip": k at the top level, the lstm "dL_dc" [T] (= g_c) beside
 * "dL_dh". "activation" is always written (lstm and gru do not use it). */
#include <math.h>
#include <stdio.h>

#include "session_private.h"

static void vector(FILE *f, const double *v, int n)
{
    fputc('[', f);
    for (int i = 0; i < n; i++) {
        if (i) fputc(',', f);
        rs_json_number(f, v[i]);
    }
    fputc(']', f);
}

/* A rows×cols matrix as [[..], ..] — also when it has one column. */
static void matrix(FILE *f, const double *v, int rows, int cols)
{
    fputc('[', f);
    for (int r = 0; r < rows; r++) {
        if (r) fputs(",\n   ", f);
        vector(f, v + (size_t)r * cols, cols);
    }
    fputc(']', f);
}

static void tensors(FILE *f, const char *name, const rs_model *m, const double *block)
{
    fprintf(f, ",\n \"%s\": {", name);
    for (int i = 0; i < m->ntensors; i++) {
        const rs_tensor *t = &m->tensor[i];
        fprintf(f, "%s\n  \"%s\": ", i ? "," : "", t->name);
        if (t->rank == 1)
            vector(f, block + t->offset, t->rows);
        else
            matrix(f, block + t->offset, t->rows, t->cols);
    }
    fputs("}", f);
}

/* A (T, B, n) array written in batch-major order [B][T][n] (n = 0: a scalar per step). */
static void batch_major(FILE *f, const double *v, const int *iv, int T, int B, int n)
{
    fputc('[', f);
    for (int b = 0; b < B; b++) {
        fputs(b ? ",\n  [" : "[", f);
        for (int t = 0; t < T; t++) {
            if (t) fputc(',', f);
            if (n == 0)
                fprintf(f, "%d", iv[(size_t)t * B + b]);
            else
                vector(f, v + ((size_t)t * B + b) * n, n);
        }
        fputc(']', f);
    }
    fputc(']', f);
}

int rs_session_export_state(const rs_session *s, FILE *f, char *err, size_t errlen)
{
    if (!s->have_last) {
        snprintf(err, errlen, "no training step yet: train at least one step before exporting");
        return -1;
    }
    if (s->bptt_active) {
        snprintf(err, errlen, "a BPTT step-through is in progress: finish it before exporting");
        return -1;
    }
    const rs_model *m = s->m.model;
    const rs_model_spec *sp = &m->spec;
    const rs_batch *b = s->d.batch;
    const int T = b->T, B = b->B;

    fprintf(f, "{\"format\": \"rnnscope-state/1\",\n \"cell\": \"%s\", \"activation\": \"%s\", \"leaky_slope\": ",
            rs_cell_names[sp->cell], rs_activation_names[sp->activation]);
    rs_json_number(f, sp->leaky_slope);
    fprintf(f, ",\n \"sizes\": {\"batch\": %d, \"steps\": %d, \"input\": %d, \"hidden\": %d, \"output\": %d},\n",
            B, T, sp->input, sp->hidden, sp->output);
    fprintf(f, " \"loss\": \"%s\", \"readout\": \"%s\", \"tbptt\": %d, \"step\": %ld",
            rs_loss_names[sp->loss], rs_readout_names[sp->readout], s->set.tbptt, s->last.step);
    if (sp->cell == RS_CELL_SKIP)
        fprintf(f, ", \"skip\": %d", sp->skip);
    tensors(f, "params", m, s->m.params_before);

    fputs(",\n \"x\": ", f);
    batch_major(f, b->x, NULL, T, B, b->I);
    fputs(",\n \"target\": ", f);
    if (sp->loss == RS_LOSS_MSE && sp->readout == RS_READOUT_LAST)
        matrix(f, b->target, B, b->O);
    else if (sp->loss == RS_LOSS_MSE)
        batch_major(f, b->target, NULL, T, B, b->O);
    else if (sp->readout == RS_READOUT_LAST) {
        fputc('[', f);
        for (int i = 0; i < B; i++)
            fprintf(f, "%s%d", i ? "," : "", b->label[i]);
        fputc(']', f);
    } else
        batch_major(f, NULL, b->label, T, B, 0);

    fputs(",\n \"value\": {\"loss\": ", f);
    rs_json_number(f, s->last.loss);
    fputs("}", f);
    tensors(f, "grads", m, m->grad_block);
    fputs(",\n \"dL_dh\": ", f);
    vector(f, s->d.ws->g_h, T);
    if (sp->cell == RS_CELL_LSTM) {
        fputs(",\n \"dL_dc\": ", f);
        vector(f, s->d.ws->g_c, T);
    }
    if (s->set.clip != RS_CLIP_NONE) {
        fprintf(f, ",\n \"clip\": {\"mode\": \"%s\", \"threshold\": ", rs_clip_names[s->set.clip]);
        rs_json_number(f, s->set.clip_threshold);
        fputs("}", f);
        tensors(f, "grads_clipped", m, s->m.clipped);
    }
    fputs("\n}\n", f);
    if (ferror(f)) {
        snprintf(err, errlen, "write error");
        return -1;
    }
    return 0;
}
