/* rnnscope run: headless training with per-step statistics to CSV / JSON lines,
 * and at the end the summary, the figures and the exported state. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../app/outfile.h"
#include "../view/changes.h"
#include "../view/decay.h"
#include "../view/figure.h"
#include "../view/figures.h"
#include "../view/format.h"
#include "../view/svg.h"
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
    const char *spectrum, *itemized;        /* FILE.csv (and FILE.svg beside it) */
    const char *decay_svg;                  /* FILE.svg: the last step's decay profile */
    const char *sets[MAX_SETS];
    int nsets;
    const char *compares[RS_COMPARE_MAX];   /* --compare key=value: the right side */
    int ncompares;
} run_options;

static int parse_options(run_options *o, int argc, char **argv)
{
    *o = (run_options){.steps = DEFAULT_STEPS};
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        const char *v;
        if ((v = rs_option_value("--steps", argc, argv, &i, &missing))) {
            char *end;
            errno = 0;
            long n = strtol(v, &end, 10);
            if (*v == '\0' || *end != '\0' || errno || n < 1 || n > 1000000000) {
                fprintf(stderr, "rnnscope run: --steps '%s': expected a whole number of steps, 1 … 1000000000\n", v);
                return RS_EXIT_USAGE;
            }
            o->steps = n;
        } else if ((v = rs_option_value("--csv", argc, argv, &i, &missing)))
            o->csv = v;
        else if ((v = rs_option_value("--jsonl", argc, argv, &i, &missing)))
            o->jsonl = v;
        else if ((v = rs_option_value("--export-state", argc, argv, &i, &missing)))
            o->export_state = v;
        else if ((v = rs_option_value("--svg", argc, argv, &i, &missing)))
            o->svg = v;
        else if ((v = rs_option_value("--spectrum", argc, argv, &i, &missing)))
            o->spectrum = v;
        else if ((v = rs_option_value("--itemized", argc, argv, &i, &missing)))
            o->itemized = v;
        else if ((v = rs_option_value("--decay-svg", argc, argv, &i, &missing)))
            o->decay_svg = v;
        else if ((v = rs_option_value("--set", argc, argv, &i, &missing))) {
            if (o->nsets == MAX_SETS) {
                fprintf(stderr, "rnnscope run: more than %d --set options\n", MAX_SETS);
                return RS_EXIT_USAGE;
            }
            o->sets[o->nsets++] = v;
        } else if ((v = rs_option_value("--compare", argc, argv, &i, &missing))) {
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
                            "--export-state FILE, --svg FILE, --decay-svg FILE, --spectrum FILE.csv, "
                            "--itemized FILE.csv, --set key=value, --compare key=value\n", argv[i]);
            return RS_EXIT_USAGE;
        } else if (o->scenario) {
            fprintf(stderr, "rnnscope run: one scenario at a time (got '%s' and '%s')\n", o->scenario, argv[i]);
            return RS_EXIT_USAGE;
        } else
            o->scenario = argv[i];
    }
    return RS_EXIT_OK;
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
    if (side)
        fprintf(f, "%s,", side);
    fprintf(f, "%ld,%d,%d", st->step, st->T, rs_session_diverged(s));
    const double scalars[] = {st->loss, st->acc, st->grad_norm, st->clip_scale};
    for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++) {
        fputc(',', f);
        rs_csv_number(f, scalars[i]);
    }
    fprintf(f, ",%d", st->reach);
    /* σ_max and the bound of the weights this row trained with; ρ only in the
     * rows it was computed for (its schedule: stats.spectral_every); the
     * bound only where it bounds g_h (rs_bound_applies). Else empty. */
    fputc(',', f);
    rs_csv_number(f, st->decay);
    fputc(',', f);
    rs_csv_number(f, st->sigma_max);
    fputc(',', f);
    if (st->radius_step == st->step)
        rs_csv_number(f, st->radius);
    fputc(',', f);
    if (rs_bound_applies(&rs_session_settings(s)->model))
        rs_csv_number(f, st->bound);
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
    json_number(f, "sigma_max", st->sigma_max);
    json_number(f, "radius", st->radius_step == st->step ? st->radius : NAN);
    json_number(f, "bound", rs_bound_applies(&rs_session_settings(s)->model) ? st->bound : NAN);
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
        const rs_model_spec *spec = &rs_session_settings(s)->model;
        if (rs_cell_is_gated(spec->cell))
            fprintf(out, "decay       %s per step back (measured); the bound γ·σ_max does not apply: the memory "
                         "path is multiplied by gates, not by W_hh (σ_max %s)\n",
                    human(a, sizeof a, st->decay), human(c, sizeof c, sp.sigma_max));
        else if (!rs_bound_applies(spec))
            fprintf(out, "decay       %s per step back (measured); γ·σ_max = %s (γ %.4g, σ_max %s, ρ %.4g) is no bound "
                         "on g_h here: %s\n",
                    human(a, sizeof a, st->decay), human(b, sizeof b, sp.bound), sp.gamma,
                    human(c, sizeof c, sp.sigma_max), sp.radius,
                    spec->cell == RS_CELL_SKIP ? "the skip path is a second, shorter route it does not cover"
                                               : "a loss at every step adds its own term; each term has the bound");
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

/* ---- the files a run writes ------------------------------------------------- */

/* Every file is named before training: two outputs naming one file are
 * refused (exit 2), an unwritable one fails at once (exit 1), and each is
 * written beside its target and put in place only when complete (outfile.h):
 * a failed or interrupted run never destroys what was there. The per-step
 * rows stream; the rest is written at the end, per side (compare mode's
 * right side to FILE-right…). */
enum { OUT_CSV, OUT_JSONL, OUT_DECAY_SVG, OUT_SIDES };
enum {
    SIDE_STATE,                         /* --export-state FILE */
    SIDE_SVG, SIDE_SVG_CSV,             /* --svg FILE.svg and FILE.csv beside it */
    SIDE_SPECTRUM, SIDE_SPECTRUM_SVG,   /* --spectrum FILE.csv and FILE.svg */
    SIDE_ITEMIZED, SIDE_ITEMIZED_SVG,   /* --itemized FILE.csv and FILE.svg */
    SIDE_COUNT
};
#define OUT_COUNT (OUT_SIDES + 2 * SIDE_COUNT)
#define SIDE(k, j) (OUT_SIDES + (k) * SIDE_COUNT + (j))

typedef struct {
    char path[OUT_COUNT][4096];
    char label[OUT_COUNT][4200];
    rs_outfile *file[OUT_COUNT];
} outputs;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void name_output(outputs *out, int i, const char *path, const char *label_fmt, ...)
{
    snprintf(out->path[i], sizeof out->path[i], "%s", path);
    va_list ap;
    va_start(ap, label_fmt);
    vsnprintf(out->label[i], sizeof out->label[i], label_fmt, ap);
    va_end(ap);
}

/* An option's file of side k, and the one with another ending beside it. */
static void name_pair(outputs *out, int k, int slot, int beside, const char *opt, const char *path,
                      const char *ext, const char *beside_ext)
{
    char own[4096], other[4096];
    rs_output_path(own, sizeof own, path, ext, k ? "-right" : "", ext);
    rs_output_path(other, sizeof other, path, ext, k ? "-right" : "", beside_ext);
    name_output(out, SIDE(k, slot), own, k ? "the right side's %s %s" : "%s %s", opt, own);
    name_output(out, SIDE(k, beside), other, "the %s beside %s %s", beside_ext, opt, own);
}

/* Name every output of o for nsides sides. */
static void name_outputs(outputs *out, const run_options *o, int nsides)
{
    memset(out, 0, sizeof *out);
    if (o->csv)
        name_output(out, OUT_CSV, o->csv, "--csv %s", o->csv);
    if (o->jsonl)
        name_output(out, OUT_JSONL, o->jsonl, "--jsonl %s", o->jsonl);
    if (o->decay_svg)
        name_output(out, OUT_DECAY_SVG, o->decay_svg, "--decay-svg %s", o->decay_svg);
    for (int k = 0; k < nsides; k++) {
        if (o->export_state) {
            char path[4096];
            rs_output_path(path, sizeof path, o->export_state, "json", k ? "-right" : "", "json");
            /* a name without .json keeps its own ending */
            if (strlen(o->export_state) < 5 || strcmp(o->export_state + strlen(o->export_state) - 5, ".json") != 0)
                snprintf(path, sizeof path, "%s%s", o->export_state, k ? "-right" : "");
            name_output(out, SIDE(k, SIDE_STATE), path, k ? "the right side's state %s" : "--export-state %s", path);
        }
        /* --svg: one figure (compare mode: both panels on one scale), and
         * each side's numbers beside it (FILE.csv, FILE-right.csv). */
        if (o->svg && k == 0)
            name_pair(out, k, SIDE_SVG, SIDE_SVG_CSV, "--svg", o->svg, "svg", "csv");
        else if (o->svg) {
            char csv[4096];
            rs_output_path(csv, sizeof csv, o->svg, "svg", "-right", "csv");
            name_output(out, SIDE(k, SIDE_SVG_CSV), csv, "the right side's csv beside --svg %s", o->svg);
        }
        if (o->spectrum)
            name_pair(out, k, SIDE_SPECTRUM, SIDE_SPECTRUM_SVG, "--spectrum", o->spectrum, "csv", "svg");
        if (o->itemized)
            name_pair(out, k, SIDE_ITEMIZED, SIDE_ITEMIZED_SVG, "--itemized", o->itemized, "csv", "svg");
    }
}

/* Refuse two outputs naming one file, then open them all. The exit status,
 * RS_EXIT_OK when every named output is open. */
static int open_outputs(outputs *out)
{
    char err[4400];
    const char *paths[OUT_COUNT], *labels[OUT_COUNT];
    for (int i = 0; i < OUT_COUNT; i++) {
        paths[i] = out->path[i][0] ? out->path[i] : NULL;
        labels[i] = out->label[i];
    }
    if (rs_outfile_distinct(paths, labels, OUT_COUNT, err, sizeof err) != 0) {
        fprintf(stderr, "rnnscope run: %s\n", err);
        return RS_EXIT_USAGE;
    }
    for (int i = 0; i < OUT_COUNT; i++)
        if (paths[i] && !(out->file[i] = rs_outfile_open(paths[i], err, sizeof err))) {
            fprintf(stderr, "rnnscope run: %s\n", err);
            return RS_EXIT_FAILURE;
        }
    return RS_EXIT_OK;
}

static FILE *stream(const outputs *out, int i) { return out->file[i] ? rs_outfile_stream(out->file[i]) : NULL; }

/* Take back an output that could not be written (its old file stays). */
static void drop(outputs *out, int i)
{
    rs_outfile_abort(out->file[i]);
    out->file[i] = NULL;
}

/* Put every output in place (or, failed, take it back); false when any failed. */
static bool close_outputs(outputs *out, bool keep)
{
    bool ok = true;
    char err[4400];
    for (int i = 0; i < OUT_COUNT; i++) {
        if (!out->file[i])
            continue;
        if (!keep)
            rs_outfile_abort(out->file[i]);
        else if (rs_outfile_commit(out->file[i], err, sizeof err) != 0) {
            fprintf(stderr, "rnnscope run: %s\n", err);
            ok = false;
        }
        out->file[i] = NULL;
    }
    return ok;
}

/* --svg: the heatmap of view.mode on view.scale and view.range, the
 * screen's colour scale; compare mode: one figure with both panels on one
 * colour scale. Each side's numbers in its CSV. */
static bool write_figure(outputs *out, const rs_pair *pair, const rs_config *cfg)
{
    char err[2048];
    const int n = rs_pair_count(pair);
    const rs_session *ses[2] = {rs_pair_session(pair, 0), n == 2 ? rs_pair_session(pair, 1) : NULL};
    const rs_heat_opts opts = {rs_view_relative(cfg), rs_view_range(cfg)};
    bool ok = rs_figure_svg(stream(out, SIDE(0, SIDE_SVG)), ses, n, rs_view_of_config(cfg), &opts, err, sizeof err) == 0;
    for (int k = 0; ok && k < n; k++)
        ok = rs_figure_csv(stream(out, SIDE(k, SIDE_SVG_CSV)), ses[k], rs_view_of_config(cfg), err, sizeof err) == 0;
    if (!ok) {
        fprintf(stderr, "rnnscope run: --svg %s: %s\n", out->path[SIDE(0, SIDE_SVG)], err);
        for (int k = 0; k < n; k++) {
            drop(out, SIDE(k, SIDE_SVG));
            drop(out, SIDE(k, SIDE_SVG_CSV));
        }
    }
    return ok;
}

/* The end-of-run state of side k. */
static bool write_state(outputs *out, const rs_session *s, int k)
{
    char err[2048];
    FILE *state = stream(out, SIDE(k, SIDE_STATE));
    if (state && rs_session_export_state(s, state, err, sizeof err) != 0) {
        fprintf(stderr, "rnnscope run: --export-state %s: %s\n", out->path[SIDE(k, SIDE_STATE)], err);
        drop(out, SIDE(k, SIDE_STATE));
        return false;
    }
    return true;
}

/* ---- Ctrl-C and SIGTERM ---------------------------------------------------------- */

/* SIGINT and SIGTERM end the run after the step under way: its row is
 * written, the summary printed, every file put in place, and the exit status
 * says which signal (128 + its number). Another fatal signal takes the
 * temporary files away and ends the program as it would have. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig) { stop_signal = sig; }

static void on_fatal(int sig)
{
    rs_outfile_discard_temporaries();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = on_fatal;
    sa.sa_flags = SA_RESETHAND;
    static const int fatal[] = {SIGHUP, SIGQUIT, SIGPIPE};
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        struct sigaction old;
        /* a signal the caller ignores stays ignored (nohup, a shell's SIGPIPE) */
        if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(fatal[i], &sa, NULL);
    }
}

/* ---- the spectrum and the itemized gradients (issue 14's views, headless) --------- */

/* A snapshot of the spectrum into *sp; false (with a message) when it failed. */
static bool take_spectrum(const rs_session *s, rs_spectrum *sp)
{
    rs_error e = {0};
    if (rs_session_spectrum(s, 0, sp, &e) == 0)
        return sp->nsets > 0;
    fprintf(stderr, "rnnscope run: --spectrum: %s\n", e.msg);
    return false;
}

/* --spectrum FILE.csv: the first snapshot (at initialisation; a gated cell's
 * Jacobian needs a forward pass, so after step 1) and the last, as CSV, and
 * the picture as FILE.svg beside it. */
static bool write_spectrum(outputs *out, const rs_session *s, const rs_spectrum *first, int k)
{
    rs_spectrum last = {0};
    const bool have_last = take_spectrum(s, &last);
    const rs_spectrum *snaps[2];
    int n = 0;
    if (first->nsets > 0 && (!have_last || first->step != last.step))
        snaps[n++] = first;
    if (have_last)
        snaps[n++] = &last;
    const bool ok = rs_spectrum_csv(stream(out, SIDE(k, SIDE_SPECTRUM)), snaps, n) == 0 &&
                    rs_spectrum_svg(stream(out, SIDE(k, SIDE_SPECTRUM_SVG)), snaps, n, s) == 0;
    if (!ok) {
        fprintf(stderr, "rnnscope run: --spectrum %s: write error\n", out->path[SIDE(k, SIDE_SPECTRUM)]);
        drop(out, SIDE(k, SIDE_SPECTRUM));
        drop(out, SIDE(k, SIDE_SPECTRUM_SVG));
    }
    rs_spectrum_free(&last);
    return ok;
}

/* --itemized FILE.csv: the last step's per-prediction gradients of its first
 * sequence as CSV, the triangles as FILE.svg, and what computing them cost. */
static bool write_itemized(outputs *out, const rs_session *s, int k, FILE *report)
{
    rs_itemized *it = NULL;
    rs_error e = {0};
    const double start = rs_now();
    bool ok = rs_session_itemized(s, 0, &it, &e) == 0;
    if (!ok)
        fprintf(stderr, "rnnscope run: --itemized: %s\n", e.msg);
    else {
        const double seconds = rs_now() - start;
        fprintf(report, "itemized    %d prediction%s of sequence 1: %d backward pass%s in %.1f ms (T = %d, H = %d)\n",
                it->npredictions, it->npredictions == 1 ? "" : "s", it->npredictions,
                it->npredictions == 1 ? "" : "es", 1e3 * seconds, it->T, it->H);
        ok = rs_itemized_csv(stream(out, SIDE(k, SIDE_ITEMIZED)), it) == 0 &&
             rs_itemized_svg(stream(out, SIDE(k, SIDE_ITEMIZED_SVG)), it, s) == 0;
        if (!ok)
            fprintf(stderr, "rnnscope run: --itemized %s: write error\n", out->path[SIDE(k, SIDE_ITEMIZED)]);
    }
    if (!ok) {
        drop(out, SIDE(k, SIDE_ITEMIZED));
        drop(out, SIDE(k, SIDE_ITEMIZED_SVG));
    }
    rs_itemized_free(it);
    return ok;
}

/* --decay-svg FILE: the last step's decay profile (log₁₀ ‖∂L/∂h_t‖/‖∂L/∂h_T‖
 * against t) as an SVG line plot, on the span the screen uses for the
 * config's view.range, with the theory's envelope where it applies, the
 * 10⁻⁶ reach line and the task's markers; compare mode's two sides in one
 * plot, on one axis. */
static bool write_decay_svg(outputs *out, const rs_pair *pair, int nsides, const char *scenario)
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
    double lo, hi;
    rs_decay_span(rs_view_range(c0), &lo, &hi);
    if (rs_decay_svg(stream(out, OUT_DECAY_SVG), all, name_of, nsides, lo, hi, m.t, m.n, title) != 0) {
        fprintf(stderr, "rnnscope run: --decay-svg %s: write error\n", out->path[OUT_DECAY_SVG]);
        drop(out, OUT_DECAY_SVG);
        return false;
    }
    return true;
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
    outputs out;
    name_outputs(&out, &o, nsides);
    if ((status = open_outputs(&out)) != RS_EXIT_OK) {
        close_outputs(&out, false);
        rs_pair_free(pair);
        return status;
    }
    FILE *csv = stream(&out, OUT_CSV), *jsonl = stream(&out, OUT_JSONL);
    int nvectors = RS_VEC_COUNT;
    for (int k = 0; k < nsides; k++)
        if (rs_cell_has_cell_state(rs_session_settings(rs_pair_session(pair, k))->model.cell))
            nvectors = RS_VEC_KINDS;
    if (csv)
        csv_header(csv, (int)cfg.task.length, nsides == 2, nvectors);

    /* --spectrum: the first snapshot now (the initial weights), or after the
     * first step (a gated cell's Jacobian is of a forward pass). */
    rs_spectrum first[2] = {{0}, {0}};
    bool have_first[2] = {false, false};
    for (int k = 0; o.spectrum && k < nsides; k++)
        have_first[k] = take_spectrum(rs_pair_session(pair, k), &first[k]);

    install_signals();
    const bool live = isatty(STDERR_FILENO);
    const double start = rs_now();
    double last_draw = 0.0;
    /* A diverged side halts, as the live view halts: the run is a result, not an error. */
    rs_round round[2];
    for (long i = 0; i < o.steps && !stop_signal && rs_pair_round(pair, round); i++) {
        for (int k = 0; k < nsides; k++) {
            if (round[k] == RS_ROUND_IDLE)
                continue;
            const rs_session *s = rs_pair_session(pair, k);
            const char *side = nsides == 2 ? rs_pair_side_names[k] : NULL;
            if (o.spectrum && !have_first[k])
                have_first[k] = take_spectrum(s, &first[k]);
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
    FILE *summary_out = (o.csv && strcmp(o.csv, "-") == 0) || (o.jsonl && strcmp(o.jsonl, "-") == 0) ? stderr : stdout;
    const double seconds = rs_now() - start;
    if (stop_signal)
        fprintf(summary_out, "stopped     by %s after the step under way; every file is complete\n",
                stop_signal == SIGINT ? "Ctrl-C (SIGINT)" : "SIGTERM");
    for (int k = 0; k < nsides; k++) {
        const rs_session *s = rs_pair_session(pair, k);
        if (nsides == 2)
            fprintf(summary_out, "%s── %s side%s\n", k ? "\n" : "", rs_pair_side_names[k], k ? compare_overrides(&cfg) : "");
        /* The right side of compare mode is a comparison, not the scenario: only the left is held to its title. */
        summary(summary_out, s, rs_session_config(s), k == 0 && have_base ? &base : NULL, scenario, seconds);
    }
    if (o.svg && !write_figure(&out, pair, &cfg))
        status = RS_EXIT_FAILURE;
    for (int k = 0; k < nsides; k++)
        if (!write_state(&out, rs_pair_session(pair, k), k))
            status = RS_EXIT_FAILURE;
    if (o.decay_svg && !write_decay_svg(&out, pair, nsides, scenario))
        status = RS_EXIT_FAILURE;
    for (int k = 0; o.spectrum && k < nsides; k++)
        if (!write_spectrum(&out, rs_pair_session(pair, k), &first[k], k))
            status = RS_EXIT_FAILURE;
    for (int k = 0; o.itemized && k < nsides; k++)
        if (!write_itemized(&out, rs_pair_session(pair, k), k, summary_out))
            status = RS_EXIT_FAILURE;
    rs_spectrum_free(&first[0]);
    rs_spectrum_free(&first[1]);
    if (!close_outputs(&out, true))
        status = RS_EXIT_FAILURE;
    rs_pair_free(pair);
    if (stop_signal && status == RS_EXIT_OK)
        status = 128 + stop_signal;     /* 130 for SIGINT, 143 for SIGTERM */
    return status;
}
