/* rnnscope: watch gradients vanish and explode in backpropagation through time.
 * This file only dispatches: the live view (tui/) or a headless command (cli/);
 * the two front ends never include each other. */
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_version.h>

#include "app/launch.h"
#include "app/outfile.h"
#include "cli/cli.h"
#include "rs_build_config.h"
#include "tui/tui.h"

#if RS_HAVE_OPENBLAS
/* From OpenBLAS (cblas.h there clashes with GSL's gsl_cblas.h). */
void openblas_set_num_threads(int num_threads);
char *openblas_get_config(void);
#endif

static const char usage[] =
    "usage: rnnscope [SCENARIO|NAME] [--run] [--set key=value]... [--compare key=value]...\n"
    "                                            watch training live in the terminal: the first step\n"
    "                                            is drawn and it waits for space (--run: trains at once)\n"
    "       rnnscope run [SCENARIO|NAME] [--steps N] [--csv FILE] [--jsonl FILE]\n"
    "                    [--export-state FILE] [--svg FILE] [--decay-svg FILE] [--spectrum FILE.csv]\n"
    "                    [--itemized FILE.csv]\n"
    "                    [--set key=value]... [--compare key=value]...\n"
    "                                            train headless; per-step statistics to CSV / JSON lines;\n"
    "                                            --compare trains a second model on the same batches;\n"
    "                                            --svg writes the heatmap (view.mode) as SVG + CSV;\n"
    "                                            --decay-svg the last step's decay profile as an SVG\n"
    "                                            --spectrum the eigenvalues of W_hh (start and end),\n"
    "                                            --itemized the per-prediction gradients, as CSV + SVG\n"
    "       rnnscope sweep [SCENARIO|NAME] [--x KEY=FROM:TO:log|lin:N|KEY=A,B,..] [--y AXIS] [--steps N]\n"
    "                    [--jobs N] [--csv FILE] [--svg FILE] [--scaling] [--set key=value]...\n"
    "                                            the phase diagram: a grid of configurations trained on\n"
    "                                            every core (--steps 0: at initialisation), with the\n"
    "                                            line γ·σ_max = 1; --scaling: cells/s at 1 and N workers;\n"
    "                                            no --x: the phase view's grid (W_hh scale × activation)\n"
    "       rnnscope lesson NAME [--autoplay SECONDS] [--headless]\n"
    "                                            play a scenario's lesson: → next step, ← back\n"
    "       rnnscope list                        bundled scenarios with their titles\n"
    "       rnnscope keys                        every config key with its default, range and meaning\n"
    "       rnnscope bench                       training-step throughput at standard sizes\n"
    "       rnnscope --help | --version\n"
    "Add --record FILE.cast to the interactive view or a lesson to record it (asciicast v2).\n"
    "\n"
    "A SCENARIO is a .scn file (INI); a NAME is a bundled scenario (see rnnscope list).\n"
    "The default is " RS_DEFAULT_SCENARIO ". Exit status: 0 success (a diverged run is a result),\n"
    "1 a runtime failure, 2 bad usage or config.\n";

static void version(void)
{
    printf("rnnscope %s\n", RS_VERSION);
    printf("GSL %s, CBLAS: %s", gsl_version, RS_CBLAS);
#if RS_HAVE_OPENBLAS
    printf(" (%s), 1 thread", openblas_get_config());
#endif
    printf("\n");
}

/* The options the live view takes in place of a scenario name. */
static bool opens_view(const char *arg)
{
    return strcmp(arg, "--set") == 0 || strcmp(arg, "--compare") == 0 || strcmp(arg, "--run") == 0;
}

static int dispatch(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "";
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return RS_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        version();
        return RS_EXIT_OK;
    }
    if (strcmp(cmd, "run") == 0)
        return rs_cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "sweep") == 0)
        return rs_cmd_sweep(argc - 1, argv + 1);
    if (strcmp(cmd, "lesson") == 0) {
        /* A lesson plays in the live view; --headless prints its transcript. */
        rs_lesson_args args;
        int status = rs_launch_lesson_args(argc - 1, argv + 1, &args);
        if (status != RS_EXIT_OK)
            return status;
        status = args.headless ? rs_cmd_lesson_headless(&args) : rs_tui_lesson(&args);
        rs_lesson_args_free(&args);
        return status;
    }
    if (strcmp(cmd, "bench") == 0)
        return rs_cmd_bench(argc - 1, argv + 1);
    if (strcmp(cmd, "list") == 0 || strcmp(cmd, "keys") == 0) {
        if (argc > 2) {
            fprintf(stderr, "rnnscope %s: takes no arguments (got '%s')\n", cmd, argv[2]);
            return RS_EXIT_USAGE;
        }
        return cmd[0] == 'l' ? rs_cmd_list() : rs_cmd_keys();
    }
    if (cmd[0] == '-' && cmd[1] != '\0' && !opens_view(cmd)) {
        fprintf(stderr, "rnnscope: unknown option '%s'; see rnnscope --help\n", cmd);
        return RS_EXIT_USAGE;
    }
    return rs_tui_main(argc, argv);
}

/* A command's output on standard output is part of its result: a write
 * error there (a full disk, a closed pipe, > /dev/full) is a failure with a
 * message, never exit 0. */
static int checked(int status)
{
    char err[512];
    if (status != RS_EXIT_OK && status < 128)
        return status;      /* a failure already said what went wrong */
    if (rs_stdout_check(err, sizeof err) != 0) {
        fprintf(stderr, "rnnscope: %s\n", err);
        return RS_EXIT_FAILURE;
    }
    return status;
}

/* --record FILE (anywhere among the arguments) records the interactive view or
 * a lesson; it is taken out, and the rest runs under the recorder. */
int main(int argc, char **argv)
{
#if RS_HAVE_OPENBLAS
    /* One thread: the tool's sizes are small, and runs must be bit-reproducible. */
    openblas_set_num_threads(1);
#endif
    const char *record = NULL;
    int kept = 0;
    for (int i = 0; i < argc; i++) {
        if (i > 0 && strcmp(argv[i], "--record") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "rnnscope: --record needs a file, e.g. --record demo.cast\n");
                return RS_EXIT_USAGE;
            }
            record = argv[++i];
        } else if (i > 0 && strncmp(argv[i], "--record=", 9) == 0)
            record = argv[i] + 9;
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
    argv[argc] = NULL;
    if (!record)
        return checked(dispatch(argc, argv));
    const char *cmd = argc > 1 ? argv[1] : "";
    const bool interactive = strcmp(cmd, "lesson") == 0 ||
                             !(strcmp(cmd, "run") == 0 || strcmp(cmd, "sweep") == 0 || strcmp(cmd, "bench") == 0 ||
                               strcmp(cmd, "list") == 0 ||
                               strcmp(cmd, "keys") == 0 || (cmd[0] == '-' && !opens_view(cmd)));
    if (!interactive) {
        fprintf(stderr, "rnnscope: --record records the interactive view (rnnscope --record FILE [NAME]) or a "
                        "lesson (rnnscope lesson NAME --record FILE), not '%s'\n", cmd);
        return RS_EXIT_USAGE;
    }
    return rs_record(record, dispatch, argc, argv);
}
