/* Small helpers shared by the engine tests: hand-made batches for every
 * loss × readout, and models with random weights. */
#ifndef RS_TESTUTIL_H
#define RS_TESTUTIL_H

#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "rnnscope/engine.h"

/* A batch of random inputs and targets (mse) or labels (xent; with readout
 * every, about a third of the steps carry no label). */
static inline rs_batch *test_batch(int T, int B, int I, int O, rs_readout readout, rs_loss loss, gsl_rng *rng)
{
    rs_batch *b = calloc(1, sizeof *b);
    const int rows = readout == RS_READOUT_LAST ? B : T * B;
    *b = (rs_batch){.T = T, .B = B, .I = I, .O = O, .readout = readout, .loss = loss};
    b->x = calloc((size_t)T * B * I, sizeof(double));
    b->token = calloc((size_t)T * B, sizeof(int));
    for (int i = 0; i < T * B * I; i++)
        b->x[i] = gsl_ran_gaussian(rng, 1.0);
    if (loss == RS_LOSS_MSE) {
        b->target = calloc((size_t)rows * O, sizeof(double));
        for (int i = 0; i < rows * O; i++)
            b->target[i] = gsl_ran_gaussian(rng, 1.0);
    } else {
        b->label = calloc((size_t)rows, sizeof(int));
        for (int i = 0; i < rows; i++)
            b->label[i] = readout == RS_READOUT_EVERY && gsl_rng_uniform(rng) < 0.33
                              ? -1 : (int)gsl_rng_uniform_int(rng, (unsigned long)O);
    }
    return b;
}

static inline void test_batch_free(rs_batch *b)
{
    free(b->x);
    free(b->target);
    free(b->label);
    free(b->token);
    free(b);
}

/* Every parameter gaussian with the given std (biases included). */
static inline void test_randomize(rs_model *m, double std, gsl_rng *rng)
{
    for (size_t i = 0; i < m->nparams; i++)
        m->param_block[i] = gsl_ran_gaussian(rng, std);
}

#endif
