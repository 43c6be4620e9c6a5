/* rnnscope bench: milliseconds per training step (forward, full BPTT with
 * every per-timestep statistic, clipping, update) at standard sizes. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "rnnscope/session.h"

int rs_cmd_bench(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "rnnscope bench: takes no arguments (got '%s')\n", argv[1]);
        return RS_EXIT_USAGE;
    }
    static const struct { const char *cell, *activation; int hidden, length, batch; } sizes[] = {
        {"rnn", "tanh", 32, 50, 16},
        {"rnn", "tanh", 128, 100, 32},
        {"rnn", "tanh", 512, 100, 32},
        {"skip", "tanh", 128, 100, 32},
        {"lstm", "-", 128, 100, 32},     /* the gated cells have their fixed σ and tanh */
        {"gru", "-", 128, 100, 32},
    };
    printf("%-5s %-6s %5s %5s %4s %12s %10s\n", "cell", "act", "H", "T", "B", "ms/step", "steps/s");
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        rs_config cfg;
        char sets[8][64];
        snprintf(sets[0], 64, "model.cell=%s", sizes[i].cell);
        snprintf(sets[1], 64, "model.activation=%s", strcmp(sizes[i].activation, "-") ? sizes[i].activation : "tanh");
        snprintf(sets[2], 64, "model.hidden=%d", sizes[i].hidden);
        snprintf(sets[3], 64, "task.length=%d", sizes[i].length);
        snprintf(sets[4], 64, "train.batch=%d", sizes[i].batch);
        snprintf(sets[5], 64, "stats.spectral_every=0");   /* the eigen solvers are not part of a step */
        snprintf(sets[6], 64, "init.recurrent=orthogonal");
        snprintf(sets[7], 64, "train.lr=0.01");
        const char *set_ptrs[8];
        for (int k = 0; k < 8; k++)
            set_ptrs[k] = sets[k];
        int status = rs_launch_config(&cfg, NULL, set_ptrs, 8, NULL, 0, "rnnscope bench");
        if (status != RS_EXIT_OK)
            return status;
        rs_error e = {0};
        rs_session *s = rs_session_create(&cfg, &e);
        if (!s) {
            fprintf(stderr, "rnnscope bench: %s\n", e.msg);
            return RS_EXIT_FAILURE;
        }
        for (int w = 0; w < 3; w++)         /* warm caches and BLAS buffers */
            rs_session_step(s);
        /* Time whole steps for at least a second and at least 10 steps. */
        long steps = 0;
        const double start = rs_now();
        double elapsed = 0.0;
        while (elapsed < 1.0 || steps < 10) {
            rs_session_step(s);
            steps++;
            elapsed = rs_now() - start;
        }
        const double ms = 1e3 * elapsed / (double)steps;
        printf("%-5s %-6s %5d %5d %4d %12.3f %10.1f\n", sizes[i].cell, sizes[i].activation, sizes[i].hidden,
               sizes[i].length, sizes[i].batch, ms, 1e3 / ms);
        fflush(stdout);
        rs_session_free(s);
    }
    printf("(one thread; each step: forward, full BPTT with all per-timestep statistics, update)\n");
    return RS_EXIT_OK;
}
