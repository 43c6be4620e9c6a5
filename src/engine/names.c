/* The names of the engine's choices, as they appear in config files, the
 * exported state and on screen. Indexed by the matching enum. */
#include <string.h>

#include "rnnscope/engine.h"

const char *const rs_cell_names[] = {"rnn", "lstm", "gru", "skip", NULL};
const char *const rs_activation_names[] = {"sigmoid", "tanh", "relu", "leaky_relu", NULL};
const char *const rs_init_names[] = {"gaussian", "uniform", "xavier", "he", "orthogonal", "identity", NULL};
const char *const rs_readout_names[] = {"last", "every", NULL};
const char *const rs_loss_names[] = {"mse", "xent", NULL};
const char *const rs_clip_names[] = {"none", "norm", "value", NULL};
const char *const rs_optimizer_names[] = {"sgd", "momentum", "adam", NULL};

int rs_name_index(const char *const names[], const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}
