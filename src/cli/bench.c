/* rnnscope bench: milliseconds per training step (forward, full BPTT with
 * every per-timestep statistic, the spectral statistics, clipping, update)
 * at standard sizes — the rnnscope side of bench/compare.py.
 *
 *   rnnscope bench                         every case, a table
 *   rnnscope bench --case rnn-128 --json   one case, one JSON object per line
 *   --seconds S   time whole steps for at least S seconds (default 1)
 *
 * The spectral statistics run as in the product: σ_max every step and ρ on
 * the engine's schedule (rs_spectral_eigen_every, on the spectral thread);
 * the timed steps are a whole number of ρ periods, so their mean includes
 * ρ's share exactly. --json also gives the process's CPU time per step
 * (cpu_ms, every thread), the measure that a loaded machine disturbs least. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "rnnscope/session.h"

typedef struct {
    const char *name, *cell, *activation;
    int hidden, length, batch;
} bench_case;

/* The sizes of DESIGN §8 (and bench/pytorch_peer.py's CASES). */
static const bench_case cases[] = {
    {"rnn-32", "rnn", "tanh", 32, 50, 16},
    {"rnn-128", "rnn", "tanh", 128, 100, 32},
    {"rnn-512", "rnn", "tanh", 512, 100, 32},
    {"skip-128", "skip", "tanh", 128, 100, 32},
    {"lstm-128", "lstm", "-", 128, 100, 32},     /* the gated cells have their fixed σ and tanh */
    {"gru-128", "gru", "-", 128, 100, 32},
    {"rnn-64-t1000", "rnn", "tanh", 64, 1000, 16},
};
enum { NCASES = sizeof cases / sizeof cases[0] };

static int usage(const char *why)
{
    fprintf(stderr, "rnnscope bench: %s\nusage: rnnscope bench [--case NAME] [--json] [--seconds S]\ncases:", why);
    for (int i = 0; i < NCASES; i++)
        fprintf(stderr, " %s", cases[i].name);
    fputc('\n', stderr);
    return RS_EXIT_USAGE;
}

/* CPU seconds of the whole process (every thread: the spectral thread too). */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One case: ms per step (wall clock and process CPU time), and the steps timed. */
static int measure(const bench_case *c, double seconds, double *ms, double *cpu_ms, long *steps_out,
                   long *rho_every)
{
    rs_config cfg;
    char sets[7][64];
    snprintf(sets[0], 64, "model.cell=%s", c->cell);
    snprintf(sets[1], 64, "model.activation=%s", strcmp(c->activation, "-") ? c->activation : "tanh");
    snprintf(sets[2], 64, "model.hidden=%d", c->hidden);
    snprintf(sets[3], 64, "task.length=%d", c->length);
    snprintf(sets[4], 64, "train.batch=%d", c->batch);
    snprintf(sets[5], 64, "init.recurrent=orthogonal");
    /* 0.01 threw the H = 512 rnn off (loss past 10¹⁰⁰ at step ~60): a
     * diverged run redoes its batch and times nothing real. The PyTorch peer
     * (bench/pytorch_peer.py) uses the same rate. */
    snprintf(sets[6], 64, "train.lr=0.001");
    const char *set_ptrs[7];
    for (int k = 0; k < 7; k++)
        set_ptrs[k] = sets[k];
    int status = rs_launch_config(&cfg, NULL, set_ptrs, 7, NULL, 0, "rnnscope bench");
    if (status != RS_EXIT_OK)
        return status;
    rs_error e = {0};
    rs_session *s = rs_session_create(&cfg, &e);
    if (!s) {
        fprintf(stderr, "rnnscope bench: %s\n", e.msg);
        return rs_exit_status(e.kind);
    }
    /* The steps between two computations of ρ (σ_max is every step); the
     * timed steps are a whole number of these. */
    const long period = rs_spectral_eigen_every(&rs_session_model(s)->spec, c->length, c->batch,
                                                cfg.stats.spectral_every);
    bool diverged = false;
    for (int w = 0; w < 3 && !diverged; w++)        /* warm caches and BLAS buffers */
        diverged = rs_session_step(s) == RS_STEP_DIVERGED;
    while (!diverged && period > 0 && rs_session_steps(s) % period != 0)
        diverged = rs_session_step(s) == RS_STEP_DIVERGED;
    long steps = 0;
    const double start = rs_now(), cpu_start = cpu_now();
    double elapsed = 0.0;
    while (!diverged && (elapsed < seconds || steps < 10 || (period > 0 && steps % period != 0))) {
        diverged = rs_session_step(s) == RS_STEP_DIVERGED;
        steps++;
        elapsed = rs_now() - start;
    }
    if (diverged) {
        /* A diverged session redoes one batch forever: nothing left to time. */
        fprintf(stderr, "rnnscope bench: case %s diverged at step %ld; its timing would mean nothing\n", c->name,
                rs_session_steps(s) + 1);
        rs_session_free(s);
        return RS_EXIT_FAILURE;
    }
    *ms = 1e3 * elapsed / (double)steps;
    *cpu_ms = 1e3 * (cpu_now() - cpu_start) / (double)steps;
    *steps_out = steps;
    *rho_every = period;
    rs_session_free(s);
    return RS_EXIT_OK;
}

int rs_cmd_bench(int argc, char **argv)
{
    const char *only = NULL;
    bool json = false;
    double seconds = 1.0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--case") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            char *end;
            seconds = strtod(argv[++i], &end);
            if (*end || !(seconds >= 0.0 && seconds <= 3600.0))
                return usage("--seconds takes a number of seconds from 0 to 3600");
        } else {
            char why[300];
            snprintf(why, sizeof why, "unknown or incomplete argument '%s'", argv[i]);
            return usage(why);
        }
    }
    bool found = only == NULL;
    for (int i = 0; i < NCASES && !found; i++)
        found = strcmp(cases[i].name, only) == 0;
    if (!found) {
        char why[300];
        snprintf(why, sizeof why, "no case called '%s'", only);
        return usage(why);
    }

    if (!json)
        printf("%-13s %-5s %-6s %5s %5s %4s %12s %10s\n", "case", "cell", "act", "H", "T", "B", "ms/step", "steps/s");
    for (int i = 0; i < NCASES; i++) {
        const bench_case *c = &cases[i];
        if (only && strcmp(c->name, only) != 0)
            continue;
        double ms, cpu_ms;
        long steps, rho_every;
        int status = measure(c, seconds, &ms, &cpu_ms, &steps, &rho_every);
        if (status != RS_EXIT_OK)
            return status;
        if (json)
            printf("{\"case\":\"%s\",\"cell\":\"%s\",\"hidden\":%d,\"length\":%d,\"batch\":%d,\"steps\":%ld,"
                   "\"rho_every\":%ld,\"ms\":%.6f,\"cpu_ms\":%.6f}\n",
                   c->name, c->cell, c->hidden, c->length, c->batch, steps, rho_every, ms, cpu_ms);
        else
            printf("%-13s %-5s %-6s %5d %5d %4d %12.3f %10.1f\n", c->name, c->cell, c->activation, c->hidden,
                   c->length, c->batch, ms, 1e3 / ms);
        fflush(stdout);
    }
    if (!json)
        printf("(one thread; each step: a batch, forward, full BPTT with all per-timestep statistics, σ_max,\n"
               " ρ on its schedule, clipping, update)\n");
    return RS_EXIT_OK;
}
