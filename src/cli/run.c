/* rnnscope run: headless training with per-step statistics to CSV / JSON lines. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../view/changes.h"
#include "../view/decay.h"
#include "../view/figure.h"
#include "../view/format.h"
#include "../view/taskmarks.h"
#include "../view/views.h"
#include "cli.h"
#include "rnnscope/pair.h"

#define MAX_SETS 256
#define DEFAULT_STEPS 1000

typedef struct {
    const char *scenario;
    long steps;
    const char *csv, *jsonl, *export_state, *svg;
    const char *decay_svg;      /* --decay-svg FILE: the last step's decay profile as an SVG line plot */
    const char *sets[MAX_SETS];
    int nsets;
    const char *compares[RS_COMPARE_MAX];   /* --compare key=value: the right side */
    int ncompares;
} run_options;

/* "--opt value" or "--opt=value"; NULL when arg is not opt. */
static const char *option_value(const char *opt, int argc, char **argv, int *i, bool *missing)
{
    size_t n = strlen(opt);
    if (strncmp(argv[*i], opt, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

static int parse_options(run_options *o, int argc, char **argv)
{
    *o = (run_options){.steps = DEFAULT_STEPS};
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        const char *v;
        if ((v = option_value("--steps", argc, argv, &i, &missing))) {
            char *end;
            errno = 0;
            long n = strtol(v, &end, 10);
            if (*v == '\0' || *end != '\0' || errno || n < 1 || n > 1000000000) {
                fprintf(stderr, "rnnscope run: --steps '%s': expected a whole number of steps, 1 … 1000000000\n", v);
                return RS_EXIT_USAGE;
            }
            o->steps = n;
        } else if ((v = option_value("--csv", argc, argv, &i, &missing)))
            o->csv = v;
        else if ((v = option_value("--jsonl", argc, argv, &i, &missing)))
            o->jsonl = v;
        else if ((v = option_value("--export-state", argc, argv, &i, &missing)))
            o->export_state = v;
        else if ((v = option_value("--svg", argc, argv, &i, &missing)))
            o->svg = v;
        else if ((v = option_value("--decay-svg", argc, argv, &i, &missing)))
            o->decay_svg = v;
        else if ((v = option_value("--set", argc, argv, &i, &missing))) {
            if (o->nsets == MAX_SETS) {
                fprintf(stderr, "rnnscope run: more than %d --set options\n", MAX_SETS);
                return RS_EXIT_USAGE;
            }
            o->sets[o->nsets++] = v;
        } else if ((v = option_value("--compare", argc, argv, &i, &missing))) {
            if (o->ncompares == RS_COMPARE_MAX) {
                fprintf(stderr, "rnnscope run: more than %d --compare options\n", RS_COMPARE_MAX);
                return RS_EXIT_USAGE;
            }
            o->compares[o->ncompares++] = v;
        } else if (missing) {
            fprintf(stderr, "rnnscope run: %s needs a value\n", argv[i]);
            return RS_EXIT_USAGE;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "rnnscope run: unknown option '%s'; allowed: --steps N, --csv FILE, --jsonl FILE, "
                            "--export-state FILE, --svg FILE, --decay-svg FILE, --set key=value, --compare key=value\n", argv[i]);
            return RS_EXIT_USAGE;
        } else if (o->scenario) {
            fprintf(stderr, "rnnscope run: one scenario at a time (got '%s' and '%s')\n", o->scenario, argv[i]);
            return RS_EXIT_USAGE;
        } else
            o->scenario = argv[i];
    }
    return RS_EXIT_OK;
}

static FILE *open_output(const char *path)
{
    if (!path)
        return NULL;
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
    if (!f)
        fprintf(stderr, "rnnscope run: cannot write '%s': %s\n", path, strerror(errno));
    return f;
}

/* ---- per-step rows ------------------------------------------------------- */

/* In compare mode every row starts with its side, "left" or "right". */
/* nvectors: the vectors written — every cell's (RS_VEC_COUNT), or with g_c
 * (RS_VEC_KINDS) when an lstm is among the sides (NaN on a side without a
 * cell state). */
static void csv_header(FILE *f, int T, bool sides, int nvectors)
{
    if (sides)
        fputs("side,", f);
    fputs("step,T,diverged,loss,acc,grad_norm,clip_scale,reach,decay,sigma_max,radius,bound", f);
    for (int k = 0; k < nvectors; k++)
        for (int t = 1; t <= T; t++)
            fprintf(f, ",%s_%d", rs_vector_names[k], t);
    fputc('\n', f);
}

static void csv_row(FILE *f, const rs_session *s, const char *side, int nvectors)
{
    const rs_step_stats *st = rs_session_last(s);
    const rs_spectral sp = rs_session_spectral(s);
    if (side)
        fprintf(f, "%s,", side);
    fprintf(f, "%ld,%d,%d", st->step, st->T, rs_session_diverged(s));
    const double scalars[] = {st->loss, st->acc, st->grad_norm, st->clip_scale};
    for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++) {
        fputc(',', f);
        rs_csv_number(f, scalars[i]);
    }
    fprintf(f, ",%d", st->reach);
    const double tail[] = {st->decay, sp.sigma_max, sp.radius, sp.bound};
    for (size_t i = 0; i < sizeof tail / sizeof tail[0]; i++) {
        fputc(',', f);
        rs_csv_number(f, tail[i]);
    }
    for (int k = 0; k < nvectors; k++) {
        const double *v = rs_session_vector(s, (rs_vector_kind)k);
        for (int t = 0; t < st->T; t++) {
            fputc(',', f);
            rs_csv_number(f, v[t]);
        }
    }
    fputc('\n', f);
}

/* ,"name":x — JSON has no NaN or Inf: those are written as null. */
static void json_number(FILE *f, const char *name, double x)
{
    fprintf(f, ",\"%s\":", name);
    rs_json_number(f, x);
}

static void jsonl_row(FILE *f, const rs_session *s, const char *side, int nvectors)
{
    const rs_step_stats *st = rs_session_last(s);
    const rs_spectral sp = rs_session_spectral(s);
    fputc('{', f);
    if (side)
        fprintf(f, "\"side\":\"%s\",", side);
    fprintf(f, "\"step\":%ld,\"T\":%d,\"diverged\":%s", st->step, st->T, rs_session_diverged(s) ? "true" : "false");
    json_number(f, "loss", st->loss);
    json_number(f, "acc", st->acc);
    json_number(f, "grad_norm", st->grad_norm);
    json_number(f, "clip_scale", st->clip_scale);
    fprintf(f, ",\"reach\":%d", st->reach);
    json_number(f, "decay", st->decay);
    json_number(f, "sigma_max", sp.sigma_max);
    json_number(f, "radius", sp.radius);
    json_number(f, "bound", sp.bound);
    for (int k = 0; k < nvectors; k++) {
        const double *v = rs_session_vector(s, (rs_vector_kind)k);
        fprintf(f, ",\"%s\":[", rs_vector_names[k]);
        for (int t = 0; t < st->T; t++) {
            if (t) fputc(',', f);
            rs_json_number(f, v[t]);
        }
        fputc(']', f);
    }
    fputs("}\n", f);
}

/* ---- progress and summary ----------------------------------------------------- */

static void progress(const rs_session *s, long steps)
{
    const rs_step_stats *st = rs_session_last(s);
    /* On the terminal: numbers as the live view writes them. */
    char loss[48], grad[48];
    rs_fmt_num(loss, sizeof loss, st->loss, true);
    rs_fmt_num(grad, sizeof grad, st->grad_norm, true);
    fprintf(stderr, "\r\033[Kstep %ld/%ld  loss %s  acc %.3f  |grad| %s  reach %d/%d", st->step, steps, loss, st->acc,
            grad, st->reach, st->T);
}

/* A number for people: NaN and ±Inf in words, not printf's "-nan". */
static const char *human(char *buf, size_t n, double x)
{
    if (isnan(x))
        snprintf(buf, n, "NaN");
    else if (isinf(x))
        snprintf(buf, n, x > 0 ? "Inf" : "-Inf");
    else
        snprintf(buf, n, "%.6g", x);
    return buf;
}

/* ": model.cell = lstm, init.recurrent = orthogonal" — what the right side changes. */
static const char *compare_overrides(const rs_config *cfg)
{
    static char buf[RS_COMPARE_MAX * 136];
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < cfg->compare.count && used < sizeof buf; i++)
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s = %s", i ? ", " : ": ",
                                 cfg->compare.key[i], cfg->compare.value[i]);
    return buf;
}

/* base: the scenario's own config, which its title describes (NULL: none).
 * A run made with --set is not the scenario: the header says how it differs. */
static void summary(FILE *out, const rs_session *s, const rs_config *cfg, const rs_config *base, const char *name,
                    double seconds)
{
    char a[32], b[32], c[32], changes[600];
    fprintf(out, "scenario    %s%s%s", name, cfg->scenario.title[0] ? " — " : "", cfg->scenario.title);
    if (base && rs_config_changes(cfg, base, changes, sizeof changes) > 0)
        fprintf(out, ", changed: %s", changes);
    fputc('\n', out);
    fprintf(out, "model       %s %s, hidden %ld; task %s, T = %ld, batch %ld\n", cfg->model.cell,
            cfg->model.activation, cfg->model.hidden, cfg->task.name, cfg->task.length, cfg->train.batch);
    fprintf(out, "steps       %ld in %.2f s\n", rs_session_steps(s), seconds);
    /* After a divergence, report the last step that trained (the weights are its). */
    const size_t n = rs_session_history_count(s);
    const rs_step_stats *st = rs_session_diverged(s) ? (n ? rs_session_history_stats(s, n - 1) : NULL)
                                                     : rs_session_last(s);
    if (st) {
        const rs_spectral sp = rs_session_spectral(s);
        /* One batch's loss is noisy: the mean over the last 100 steps says more. */
        const size_t window = n < 100 ? n : 100;
        double mean = 0.0;
        for (size_t i = n - window; i < n; i++)
            mean += rs_session_history_stats(s, i)->loss / (double)window;
        fprintf(out, "loss        %s%s; mean of the last %zu steps %s (chance %.6g)\n", human(a, sizeof a, st->loss),
                rs_session_diverged(s) ? " at the last finite step" : "", window, human(b, sizeof b, mean),
                rs_session_chance_loss(s));
        fprintf(out, "accuracy    %.4f\n", st->acc);
        fprintf(out, "grad norm   %s (clip scale %.4g)\n", human(a, sizeof a, st->grad_norm), st->clip_scale);
        fprintf(out, "reach       %d of %d timesteps (g_h stays above 1e-6 of its value at T)\n", st->reach, st->T);
        if (rs_cell_is_gated(rs_session_settings(s)->model.cell))
            fprintf(out, "decay       %s per step back (measured); the bound γ·σ_max does not apply: the memory "
                         "path is multiplied by gates, not by W_hh (σ_max %s)\n",
                    human(a, sizeof a, st->decay), human(c, sizeof c, sp.sigma_max));
        else
            fprintf(out, "decay       %s per step back (measured); bound γ·σ_max = %s (γ %.4g, σ_max %s, ρ %.4g)\n",
                    human(a, sizeof a, st->decay), human(b, sizeof b, sp.bound), sp.gamma,
                    human(c, sizeof c, sp.sigma_max), sp.radius);
    }
    if (rs_session_diverged(s))
        fprintf(out, "diverged    at step %ld: %s; the update before it was undone, the weights are those after step %ld\n",
                rs_session_diverged_at(s), rs_session_divergence(s), rs_session_steps(s));
    else
        fprintf(out, "diverged    no\n");
}

/* Write and close an output; false (and a message) when that failed. */
static bool close_output(FILE *f, const char *path)
{
    if (!f || f == stdout)
        return true;
    if (fclose(f) == 0)
        return true;
    fprintf(stderr, "rnnscope run: cannot write '%s': %s\n", path, strerror(errno));
    return false;
}

/* --svg FILE: the heatmap of view.mode at view.scale, and FILE.csv beside it.
 * The right side of a compare run goes to FILE-right.svg. */
static int write_figure(const rs_session *s, const rs_config *cfg, const char *svg, const char *suffix)
{
    char svg_path[4096], csv_path[4096], err[4200];
    const size_t len = strlen(svg);
    const size_t stem = len > 4 && strcmp(svg + len - 4, ".svg") == 0 ? len - 4 : len;
    snprintf(svg_path, sizeof svg_path, "%.*s%s.svg", (int)stem, svg, suffix);
    rs_figure_csv_path(svg_path, csv_path, sizeof csv_path);
    if (rs_figure_write(s, rs_view_of_config(cfg), rs_view_relative(cfg), svg_path, csv_path, err, sizeof err) != 0) {
        fprintf(stderr, "rnnscope run: --svg: %s\n", err);
        return -1;
    }
    return 0;
}

/* --decay-svg FILE: the last step's decay profile (log₁₀ ‖∂L/∂h_t‖/‖∂L/∂h_T‖
 * against t) as an SVG line plot, with the theory's envelope where it
 * applies, the 10⁻⁶ reach line and the task's markers; compare mode's two
 * sides in one plot, on one axis. */
static int write_decay_svg(const rs_pair *pair, int nsides, const char *scenario, const char *path)
{
    static rs_decay_series d[2];
    const rs_decay_series *all[2] = {&d[0], &d[1]};
    char names[2][200];
    const char *name_of[2] = {names[0], names[1]};
    for (int k = 0; k < nsides; k++) {
        const rs_session *s = rs_pair_session(pair, k);
        const rs_config *c = rs_session_config(s);
        rs_decay_from_session(&d[k], s);
        const bool act = rs_cell_has_activation(rs_session_settings(s)->model.cell);
        snprintf(names[k], sizeof names[k], "%s%s%s%s%s", nsides == 2 ? rs_pair_side_names[k] : "",
                 nsides == 2 ? ": " : "", c->model.cell, act ? " " : "", act ? c->model.activation : "");
    }
    const rs_session *s0 = rs_pair_session(pair, 0);
    rs_task_marks m;
    rs_task_marks_session(s0, 0, &m);
    const rs_config *c0 = rs_session_config(s0);
    char title[400];
    snprintf(title, sizeof title, "%s — decay of ‖∂L/∂h_t‖ at step %ld (%s task, T = %ld)",
             c0->scenario.title[0] ? c0->scenario.title : scenario, rs_session_last(s0) ? rs_session_last(s0)->step : 0L,
             c0->task.name, c0->task.length);
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
    if (!f) {
        fprintf(stderr, "rnnscope run: --decay-svg: cannot write '%s': %s\n", path, strerror(errno));
        return -1;
    }
    int rc = rs_decay_svg(f, all, name_of, nsides, RS_DECAY_LO, RS_DECAY_HI, m.t, m.n, title);
    if (f != stdout && fclose(f) != 0)
        rc = -1;
    if (rc != 0)
        fprintf(stderr, "rnnscope run: --decay-svg: cannot write '%s': %s\n", path, strerror(errno));
    return rc;
}

int rs_cmd_run(int argc, char **argv)
{
    run_options o;
    int status = parse_options(&o, argc, argv);
    if (status != RS_EXIT_OK)
        return status;
    const char *scenario = o.scenario ? o.scenario : RS_DEFAULT_SCENARIO;
    rs_config cfg, base;
    if ((status = rs_launch_config(&cfg, scenario, o.sets, o.nsets, o.compares, o.ncompares, "rnnscope run")) !=
        RS_EXIT_OK)
        return status;
    /* The scenario's own config: without --set (the summary says what --set changed). */
    const bool have_base = rs_launch_config(&base, scenario, NULL, 0, NULL, 0, "rnnscope run") == RS_EXIT_OK;
    /* Compare mode (a scenario's [compare] or --compare): a second session on
     * the very same batches, stepped in lockstep with the first. */
    if (cfg.compare.count > 0 && o.export_state && strcmp(o.export_state, "-") == 0) {
        fprintf(stderr, "rnnscope run: --export-state - writes one model; in compare mode give a file "
                        "(FILE for the left side, FILE-right for the right)\n");
        return RS_EXIT_USAGE;
    }
    rs_error e = {0};
    rs_pair *pair = rs_pair_create(&cfg, &e);
    if (!pair) {
        fprintf(stderr, "rnnscope run: %s\n", e.msg);
        return rs_exit_status(e.kind);
    }
    const int nsides = rs_pair_count(pair);

    FILE *csv = open_output(o.csv), *jsonl = open_output(o.jsonl);
    if ((o.csv && !csv) || (o.jsonl && !jsonl)) {
        status = RS_EXIT_FAILURE;
        goto done;
    }
    int nvectors = RS_VEC_COUNT;
    for (int k = 0; k < nsides; k++)
        if (rs_cell_has_cell_state(rs_session_settings(rs_pair_session(pair, k))->model.cell))
            nvectors = RS_VEC_KINDS;
    if (csv)
        csv_header(csv, (int)cfg.task.length, nsides == 2, nvectors);

    const bool live = isatty(STDERR_FILENO);
    const double start = rs_now();
    double last_draw = 0.0;
    /* A diverged side halts, as the live view halts: the run is a result, not an error. */
    rs_round round[2];
    for (long i = 0; i < o.steps && rs_pair_round(pair, round); i++) {
        for (int k = 0; k < nsides; k++) {
            if (round[k] == RS_ROUND_IDLE)
                continue;
            const rs_session *s = rs_pair_session(pair, k);
            const char *side = nsides == 2 ? rs_pair_side_names[k] : NULL;
            if (csv) csv_row(csv, s, side, nvectors);
            if (jsonl) jsonl_row(jsonl, s, side, nvectors);
        }
        if (live && (rs_now() - last_draw > 0.1 || round[0] == RS_ROUND_DIVERGED || round[1] == RS_ROUND_DIVERGED)) {
            progress(rs_pair_session(pair, 0), o.steps);
            last_draw = rs_now();
        }
    }
    if (live)
        fputs("\r\033[K", stderr);
    /* With a table on stdout the summary goes to stderr, so the table stays parseable. */
    FILE *out = csv == stdout || jsonl == stdout ? stderr : stdout;
    const double seconds = rs_now() - start;
    for (int k = 0; k < nsides; k++) {
        const rs_session *s = rs_pair_session(pair, k);
        if (nsides == 2)
            fprintf(out, "%s── %s side%s\n", k ? "\n" : "", rs_pair_side_names[k], k ? compare_overrides(&cfg) : "");
        /* The right side of compare mode is a comparison, not the scenario: only the left is held to its title. */
        summary(out, s, rs_session_config(s), k == 0 && have_base ? &base : NULL, scenario, seconds);
    }

    for (int k = 0; o.svg && k < nsides; k++) {
        const rs_session *s = rs_pair_session(pair, k);
        if (write_figure(s, rs_session_config(s), o.svg, k ? "-right" : "") != 0)
            status = RS_EXIT_FAILURE;
    }

    if (o.decay_svg && write_decay_svg(pair, nsides, scenario, o.decay_svg) != 0)
        status = RS_EXIT_FAILURE;

    /* --export-state FILE; in compare mode the right side goes to FILE-right(.json). */
    char err[2048];
    for (int k = 0; o.export_state && k < nsides; k++) {
        char path[4096];
        const size_t len = strlen(o.export_state);
        const size_t stem = len > 5 && strcmp(o.export_state + len - 5, ".json") == 0 ? len - 5 : len;
        if (k == 0)
            snprintf(path, sizeof path, "%s", o.export_state);
        else
            snprintf(path, sizeof path, "%.*s-right%s", (int)stem, o.export_state, o.export_state + stem);
        FILE *f = open_output(path);
        if (!f || rs_session_export_state(rs_pair_session(pair, k), f, err, sizeof err) != 0) {
            if (f)
                fprintf(stderr, "rnnscope run: --export-state %s: %s\n", path, err);
            status = RS_EXIT_FAILURE;
        }
        if (!close_output(f, path))
            status = RS_EXIT_FAILURE;
    }
done:
    if (!close_output(csv, o.csv) || !close_output(jsonl, o.jsonl))
        status = RS_EXIT_FAILURE;
    rs_pair_free(pair);
    return status;
}
