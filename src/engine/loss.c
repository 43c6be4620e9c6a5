/* Losses of DESIGN §2, each with its gradient ∂L/∂y. */
#include <math.h>
#include <string.h>

#include "rnnscope/engine.h"

/* mse: L = mean over all N output elements of (y − target)²; ∂L/∂y = 2(y − target)/N.
 * acc: the fraction of outputs within RS_MSE_TOLERANCE of their target. */
static double mse_forward(double *dy, double *acc, const double *y, const double *target, size_t n)
{
    double sum = 0.0;
    size_t close = 0;
    for (size_t i = 0; i < n; i++) {
        double e = y[i] - target[i];
        sum += e * e;
        dy[i] = 2.0 * e / (double)n;
        close += fabs(e) < RS_MSE_TOLERANCE;
    }
    *acc = (double)close / (double)n;
    return sum / (double)n;
}

/* xent: L = mean over the rows with a label ≥ 0 of −log softmax(y)[label];
 * ∂L/∂y = (softmax(y) − onehot(label)) / (number of labelled rows), 0 on
 * unlabelled rows. The log-softmax subtracts the row maximum first, so large
 * logits do not overflow. */
static double xent_forward(double *dy, double *acc, const double *y, const int *label, size_t rows, int O)
{
    size_t labelled = 0, correct = 0;
    for (size_t r = 0; r < rows; r++)
        labelled += label[r] >= 0;
    memset(dy, 0, rows * (size_t)O * sizeof(double));
    if (labelled == 0) {
        *acc = 0.0;
        return 0.0;
    }
    double sum = 0.0;
    for (size_t r = 0; r < rows; r++) {
        if (label[r] < 0)
            continue;
        const double *yr = y + r * (size_t)O;
        double *dyr = dy + r * (size_t)O;
        int argmax = 0;
        for (int k = 1; k < O; k++)
            if (yr[k] > yr[argmax])
                argmax = k;
        double z = 0.0;
        for (int k = 0; k < O; k++)
            z += exp(yr[k] - yr[argmax]);
        const double log_z = yr[argmax] + log(z);
        sum += log_z - yr[label[r]];
        for (int k = 0; k < O; k++)
            dyr[k] = exp(yr[k] - log_z) / (double)labelled;
        dyr[label[r]] -= 1.0 / (double)labelled;
        correct += argmax == label[r];
    }
    *acc = (double)correct / (double)labelled;
    return sum / (double)labelled;
}

double rs_loss_forward(const rs_model *m, rs_workspace *ws, const rs_batch *batch, double *acc)
{
    const size_t rows = (size_t)ws->B * (m->spec.readout == RS_READOUT_EVERY ? (size_t)ws->T : 1);
    double dummy;
    if (!acc)
        acc = &dummy;
    if (m->spec.loss == RS_LOSS_MSE)
        return mse_forward(ws->dy, acc, ws->y, batch->target, rows * (size_t)ws->O);
    return xent_forward(ws->dy, acc, ws->y, batch->label, rows, ws->O);
}
