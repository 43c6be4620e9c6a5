/* rnnscope sweep: the phase diagram (sweep.h) on the command line — a grid
 * of configurations trained on every core, drawn in the terminal as it
 * fills (ANSI colours, no curses: this is the CLI), written as CSV and SVG,
 * and the one place rnnscope measures throughput across cores: cells per
 * second with 1 worker and with all of them (--scaling). */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "../app/outfile.h"
#include "../view/colour.h"
#include "../view/contour.h"
#include "../view/figures.h"
#include "../view/phase.h"
#include "../view/svg.h"
#include "cli.h"
#include "rnnscope/sweep.h"

#define MAX_SETS 256
#define DEFAULT_STEPS 200

typedef struct {
    const char *scenario;
    const char *x, *y;
    long steps;
    int jobs;
    bool scaling;
    const char *csv, *svg;
    const char *sets[MAX_SETS];
    int nsets;
} sweep_options;

static const char allowed[] = "--x AXIS, --y AXIS, --steps N, --jobs N, --csv FILE, --svg FILE, --scaling, "
                              "--set key=value";

static int parse_options(sweep_options *o, int argc, char **argv)
{
    *o = (sweep_options){.steps = DEFAULT_STEPS, .jobs = rs_online_cores()};
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        const char *v;
        long n;
        if ((v = rs_option_value("--x", argc, argv, &i, &missing)))
            o->x = v;
        else if ((v = rs_option_value("--y", argc, argv, &i, &missing)))
            o->y = v;
        else if ((v = rs_option_value("--steps", argc, argv, &i, &missing))) {
            if (!rs_parse_whole(v, 0, 1000000000, &n)) {
                fprintf(stderr, "rnnscope sweep: --steps '%s': expected a whole number of steps, 0 … 1000000000 "
                                "(0: only differentiate at initialisation)\n", v);
                return RS_EXIT_USAGE;
            }
            o->steps = n;
        } else if ((v = rs_option_value("--jobs", argc, argv, &i, &missing))) {
            if (!rs_parse_whole(v, 1, 1024, &n)) {
                fprintf(stderr, "rnnscope sweep: --jobs '%s': expected a number of workers, 1 … 1024 (default: the "
                                "%d online cores)\n", v, rs_online_cores());
                return RS_EXIT_USAGE;
            }
            o->jobs = (int)n;
        } else if ((v = rs_option_value("--csv", argc, argv, &i, &missing)))
            o->csv = v;
        else if ((v = rs_option_value("--svg", argc, argv, &i, &missing)))
            o->svg = v;
        else if ((v = rs_option_value("--set", argc, argv, &i, &missing))) {
            if (o->nsets == MAX_SETS) {
                fprintf(stderr, "rnnscope sweep: more than %d --set options\n", MAX_SETS);
                return RS_EXIT_USAGE;
            }
            o->sets[o->nsets++] = v;
        } else if (strcmp(argv[i], "--scaling") == 0)
            o->scaling = true;
        else if (missing) {
            fprintf(stderr, "rnnscope sweep: %s needs a value\n", argv[i]);
            return RS_EXIT_USAGE;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "rnnscope sweep: unknown option '%s'; allowed: %s\n", argv[i], allowed);
            return RS_EXIT_USAGE;
        } else if (o->scenario) {
            fprintf(stderr, "rnnscope sweep: one scenario at a time (got '%s' and '%s')\n", o->scenario, argv[i]);
            return RS_EXIT_USAGE;
        } else
            o->scenario = argv[i];
    }
    return RS_EXIT_OK;
}

/* ---- the grid in the terminal ------------------------------------------------------ */

typedef struct {
    bool colour;        /* ANSI 256-colour backgrounds (a terminal, NO_COLOR unset) */
    bool utf8;          /* box-drawing characters for the γ·σ_max = 1 line */
    int width;          /* characters per cell, its separator included */
    int label;          /* the row labels' column */
} style;

static void axis_text(char *buf, size_t n, const rs_axis *a, int k)
{
    if (a->numeric)
        snprintf(buf, n, "%.2g", a->number[k]);
    else
        snprintf(buf, n, "%s", a->value[k]);
}

static style style_for(const rs_sweep *sw, bool terminal)
{
    const char *no_color = getenv("NO_COLOR"), *lang = getenv("LC_ALL");
    if (!lang || !*lang)
        lang = getenv("LC_CTYPE");
    if (!lang || !*lang)
        lang = getenv("LANG");
    style st = {.colour = terminal && !(no_color && *no_color),
                .utf8 = lang && (strstr(lang, "UTF-8") || strstr(lang, "utf8") || strstr(lang, "UTF8")),
                .width = 6, .label = 12};
    const rs_axis *x = rs_sweep_x(sw), *y = rs_sweep_y(sw);
    char buf[64];
    for (int i = 0; i < x->count; i++) {
        axis_text(buf, sizeof buf, x, i);
        const int w = (int)strlen(buf) + 1;
        st.width = w > st.width ? (w < 12 ? w : 12) : st.width;
    }
    for (int j = 0; y && j < y->count; j++) {
        axis_text(buf, sizeof buf, y, j);
        const int w = (int)strlen(buf) + 3;
        st.label = w > st.label ? (w < 24 ? w : 24) : st.label;
    }
    return st;
}

/* A finished cell's colours: its g_h at t = 1 relative to t = T on the
 * phase diagram's fixed scale (phase.h), or its mark (diverged: NaN; g_h underflowed: zero), with a
 * readable foreground on it. */
static void cell_colours(const rs_sweep_cell *c, int *bg, int *fg)
{
    double x;
    const rs_heat_class cls = rs_phase_class(c, &x);
    const rs_heat_mark m = rs_heat_mark_of(cls);
    if (m != RS_MARK_NONE) {
        const rs_swatch mark = rs_scheme_swatch(RS_SCHEME_256, rs_swatch_of_mark(RS_SCHEME_256, m));
        *bg = mark.bg;
        *fg = mark.fg;
        return;
    }
    const int level = rs_heat_level(x, RS_PHASE_DECADES, rs_scheme_steps(RS_SCHEME_256));
    *bg = rs_scheme_swatch(RS_SCHEME_256, rs_swatch_of_level(RS_SCHEME_256, level)).colour;
    *fg = rs_lightness(rs_xterm_rgb(*bg)) < 55.0 ? 231 : 16;   /* white on the dark ends, black in the pale middle */
}

static const char *mark(const style *st, bool up, bool across)
{
    return rs_phase_junction(st->utf8, up, up, across, across);
}

static void paint_on(FILE *f, const style *st) { if (st->colour) fputs("\033[1;38;5;196m", f); }
static void paint_off(FILE *f, const style *st) { if (st->colour) fputs("\033[0m", f); }

/* The line under row j (between rows j and j+1): the contour where it runs
 * across. Returns whether there was anything to draw (and drew it). */
static bool draw_between(FILE *f, const rs_sweep *sw, const style *st, int j, const unsigned char *ex,
                         const unsigned char *ey)
{
    const int nx = rs_sweep_nx(sw);
    bool any = false;
    for (int i = 0; i < nx; i++)
        any = any || ey[j * nx + i];
    if (!any)
        return false;
    fprintf(f, "%*s", st->label, "");
    paint_on(f, st);
    for (int i = 0; i < nx; i++) {
        for (int k = 0; k < st->width - 1; k++)
            fputs(mark(st, false, ey[j * nx + i]), f);
        const bool last = i + 1 == nx;
        fputs(rs_phase_junction(st->utf8, !last && ex[j * nx + i], !last && ex[(j + 1) * nx + i], ey[j * nx + i],
                       !last && ey[j * nx + i + 1]), f);
    }
    paint_off(f, st);
    fputc('\n', f);
    return true;
}

/* The whole grid: a header with the x values, a row per y value, the
 * contour between cells; returns the number of lines written. */
static int draw_grid(FILE *f, const rs_sweep *sw, const style *st)
{
    const int nx = rs_sweep_nx(sw), ny = rs_sweep_ny(sw);
    const rs_axis *x = rs_sweep_x(sw), *y = rs_sweep_y(sw);
    double v[RS_AXIS_MAX * 4];
    unsigned char ex[RS_AXIS_MAX * 4], ey[RS_AXIS_MAX * 4];
    const bool contour = (size_t)nx * ny <= sizeof v / sizeof v[0];
    if (contour) {
        rs_phase_bounds(sw, v);
        rs_contour_edges(v, nx, ny, 1.0, ex, ey);
    }
    char buf[64];
    int lines = 0;

    fprintf(f, "%-*s", st->label, y ? y->key : "");
    for (int i = 0; i < nx; i++) {
        axis_text(buf, sizeof buf, x, i);
        fprintf(f, "%*.*s", st->width, st->width - 1, buf);
    }
    fprintf(f, "   ← %s%s\n", x->key, x->log ? " (log)" : "");
    lines++;
    for (int j = 0; j < ny; j++) {
        if (y)
            axis_text(buf, sizeof buf, y, j);
        fprintf(f, "  %-*.*s", st->label - 2, st->label - 3, y ? buf : "");
        for (int i = 0; i < nx; i++) {
            const rs_sweep_cell *c = rs_sweep_cell_at(sw, i, j);
            char text[32];
            if (!c)
                snprintf(text, sizeof text, "%s", st->utf8 ? "·" : ".");
            else if (c->diverged)
                snprintf(text, sizeof text, "div@%ld", c->diverged_at);
            else
                snprintf(text, sizeof text, "%d", c->reach);
            const int pad = st->width - 1 - (st->utf8 && !c ? 1 : (int)strlen(text));
            if (c && st->colour) {
                int bg, fg;
                cell_colours(c, &bg, &fg);
                fprintf(f, "\033[48;5;%dm\033[38;5;%dm", bg, fg);
            }
            fprintf(f, "%*s%s", pad > 0 ? pad : 0, "", text);
            if (c && st->colour)
                fputs("\033[0m", f);
            const bool up = contour && i + 1 < nx && ex[j * nx + i];
            paint_on(f, st);
            fputs(mark(st, up, false), f);
            paint_off(f, st);
        }
        fputc('\n', f);
        lines++;
        if (contour && j + 1 < ny && draw_between(f, sw, st, j, ex, ey))
            lines++;
    }
    /* The legend, in lines short enough for an 80-column terminal. */
    const rs_sweep_cell *any = NULL;
    for (int k = 0; k < nx * ny && !any; k++)
        any = rs_sweep_cell_at(sw, k % nx, k / nx);
    fprintf(f, "number: reach, steps back (of T = %ld); div@k: diverged at step k (loss past 10^100 or not finite)\n",
            any ? (long)any->T : rs_sweep_base(sw)->task.length);
    paint_on(f, st);
    fputs(st->utf8 ? "┃━" : "|-", f);
    paint_off(f, st);
    fputs(" γ·σ_max = 1 at initialisation: below it the gradient must vanish\n", f);
    lines += 2;
    if (st->colour) {
        const int steps = rs_scheme_steps(RS_SCHEME_256);
        fprintf(f, "colour: g_h at t = 1 ÷ at t = T (its heat map's first column) 10^-%g ", RS_PHASE_DECADES);
        for (int l = -steps; l <= steps; l++)
            fprintf(f, "\033[48;5;%dm \033[0m",
                    rs_scheme_swatch(RS_SCHEME_256, rs_swatch_of_level(RS_SCHEME_256, l)).colour);
        fprintf(f, " 10^%g\n", RS_PHASE_DECADES);
        lines++;
    }
    return lines;
}

/* Not a terminal: the grid of reaches (with the contour) and a grid of decays. */
static void draw_plain(FILE *f, const rs_sweep *sw, const style *st)
{
    draw_grid(f, sw, st);
    const int nx = rs_sweep_nx(sw), ny = rs_sweep_ny(sw);
    const rs_axis *y = rs_sweep_y(sw);
    char buf[64];
    fprintf(f, "\ndecay per step back (geometric mean of g_h[t]/g_h[t+1]; none: g_h underflowed to 0):\n");
    for (int j = 0; j < ny; j++) {
        if (y)
            axis_text(buf, sizeof buf, y, j);
        fprintf(f, "  %-*.*s", st->label - 2, st->label - 3, y ? buf : "");
        for (int i = 0; i < nx; i++) {
            const rs_sweep_cell *c = rs_sweep_cell_at(sw, i, j);
            /* no ratio to take: diverged, or every earlier g_h underflowed to 0 */
            if (c && c->diverged)
                snprintf(buf, sizeof buf, "div");
            else if (c && !isfinite(c->decay))
                snprintf(buf, sizeof buf, "none");
            else {
                /* the most digits that fit the column: 0.155, 0.01, 1e+03 */
                const double d = c ? c->decay : NAN;
                snprintf(buf, sizeof buf, "%.3g", d);
                if ((int)strlen(buf) > st->width - 1)
                    snprintf(buf, sizeof buf, "%.2g", d);
                if ((int)strlen(buf) > st->width - 1)
                    snprintf(buf, sizeof buf, "%.0e", d);
            }
            fprintf(f, "%*.*s", st->width, st->width - 1, buf);
        }
        fputc('\n', f);
    }
}

/* ---- running ------------------------------------------------------------------------ */

/* The terminal's width in columns (80 when it cannot be asked). */
static int terminal_columns(FILE *f)
{
    struct winsize ws;
    return ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 80;
}

/* The rows text takes on a terminal of cols columns: each line's display
 * width (escape sequences take none, a UTF-8 character one column) wraps. */
static int terminal_rows(const char *text, int cols)
{
    int rows = 0, width = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '\033') {
            while (p[1] && !((p[1] >= 'A' && p[1] <= 'Z') || (p[1] >= 'a' && p[1] <= 'z')))
                p++;
            if (p[1])
                p++;
        } else if (*p == '\n') {
            rows += width > 0 ? (width + cols - 1) / cols : 1;
            width = 0;
        } else if ((*p & 0xC0) != 0x80)
            width++;
    }
    return rows + (width > 0 ? (width + cols - 1) / cols : 0);
}

/* The grid and a progress line, over the previous picture (rows tall). Returns the new height. */
static int redraw(FILE *out, const rs_sweep *sw, const style *st, int rows, int done, int total, int jobs, double t)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (!m)
        return rows;
    draw_grid(m, sw, st);
    fprintf(m, "cells %d/%d · %.2f cells/s · %d worker%s · %.1f s\n", done, total, t > 0 ? done / t : 0.0, jobs,
            jobs == 1 ? "" : "s", t);
    fclose(m);
    if (rows)
        fprintf(out, "\033[%dA\r\033[J", rows);
    fputs(text, out);
    fflush(out);
    rows = terminal_rows(text, terminal_columns(out));
    free(text);
    return rows;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Ctrl-C (or SIGTERM) while the grid fills: the handler only notes it; the
 * loop below cancels the workers, and the command re-raises the signal once
 * the terminal is left tidy. */
static volatile sig_atomic_t interrupted;
static void on_signal(int sig) { interrupted = sig; }

/* CPU seconds of the whole process, every thread: what the workers got of the cores. */
static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Run the grid with `jobs` workers, drawing progress; the seconds it took
 * (and in *cpu the CPU seconds), or −1 (e). */
static double run_grid(rs_sweep *sw, int jobs, FILE *out, bool draw, bool progress, double *cpu, rs_error *e)
{
    const double cpu_start = cpu_seconds();
    const int total = rs_sweep_nx(sw) * rs_sweep_ny(sw);
    const style st = style_for(sw, true);
    const double start = rs_now();
    if (rs_sweep_start(sw, jobs, e) != 0)
        return -1.0;
    int drawn = 0;
    for (;;) {
        if (interrupted)
            rs_sweep_cancel(sw);
        const bool over = rs_sweep_finished(sw);    /* before counting: the last picture has every cell */
        const int done = rs_sweep_done(sw);
        const double t = rs_now() - start;
        if (draw)
            drawn = redraw(out, sw, &st, drawn, done, total, jobs, t);
        else if (progress) {
            fprintf(stderr, "\r\033[Kcells %d/%d · %.2f cells/s · %d worker%s", done, total, t > 0 ? done / t : 0.0,
                    jobs, jobs == 1 ? "" : "s");
            fflush(stderr);
        }
        if (over)
            break;
        sleep_ms(draw ? 200 : 100);
    }
    const double seconds = rs_now() - start;
    *cpu = cpu_seconds() - cpu_start;
    if (progress && !draw)
        fputs("\r\033[K", stderr);
    if (draw && drawn)
        fprintf(out, "\033[%dA\r\033[J", drawn);
    if (rs_sweep_wait(sw, e) != 0)
        return -1.0;
    return seconds;
}

/* ---- the command ---------------------------------------------------------------------- */

/* The grid's CSV as text (to compare two runs of it); NULL when out of memory. */
static char *csv_text(const rs_sweep *sw, size_t *len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    if (!f)
        return NULL;
    const int rc = rs_sweep_csv(f, sw);
    if (fclose(f) != 0 || rc != 0) {
        free(text);
        return NULL;
    }
    return text;
}

static int fail(const rs_error *e, const char *what)
{
    fprintf(stderr, "rnnscope sweep: %s%s%s\n", interrupted ? "interrupted: " : "", what, e->msg);
    return rs_exit_status(e->kind);
}

/* A sweep with its settings, run with `jobs` workers: the sweep and the
 * seconds it took, or NULL (and a message). */
static rs_sweep *sweep_once(const rs_config *cfg, const rs_axis *x, const rs_axis *y, long steps, int jobs, FILE *out,
                            bool draw, double *seconds, double *cpu, int *status)
{
    rs_error e = {0};
    rs_sweep *sw = rs_sweep_create(cfg, x, y, steps, &e);
    if (!sw) {
        *status = fail(&e, "");
        return NULL;
    }
    *seconds = run_grid(sw, jobs, out, draw, !draw && isatty(STDERR_FILENO), cpu, &e);
    if (*seconds < 0) {
        *status = fail(&e, "");
        rs_sweep_free(sw);
        return NULL;
    }
    return sw;
}

static int sweep_command(const sweep_options *opts);
static int sweep_grid(const sweep_options *opts, const rs_config *cfg, const rs_axis *x, const rs_axis *y,
                      rs_outfile *const files[2]);

int rs_cmd_sweep(int argc, char **argv)
{
    sweep_options o;
    int status = parse_options(&o, argc, argv);
    if (status != RS_EXIT_OK)
        return status;
    struct sigaction on = {.sa_handler = on_signal}, old_int, old_term;
    sigemptyset(&on.sa_mask);
    sigaction(SIGINT, &on, &old_int);
    sigaction(SIGTERM, &on, &old_term);
    status = sweep_command(&o);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (interrupted) {
        if (isatty(STDOUT_FILENO))
            fputs("\033[0m", stdout);      /* a colour cut off mid-cell ends here */
        fflush(stdout);
        raise(interrupted);
    }
    return status;
}

static int sweep_command(const sweep_options *opts)
{
    const sweep_options o = *opts;
    int status = RS_EXIT_OK;
    rs_config cfg;
    const char *scenario = o.scenario ? o.scenario : RS_DEFAULT_SCENARIO;
    if ((status = rs_launch_config(&cfg, scenario, o.sets, o.nsets, NULL, 0, "rnnscope sweep")) != RS_EXIT_OK)
        return status;
    if (cfg.compare.count > 0)
        fprintf(stderr, "rnnscope sweep: %s has a [compare] side; a sweep trains the left side's model only\n",
                scenario);
    /* Without --x: the live phase view's grid (phase.h), W_hh's scale around
     * its edge × the activations (or the cells); --y alone replaces its rows. */
    rs_axis x, y = {0};
    rs_error e = {0};
    if (!o.x && rs_phase_axes(&cfg, &x, &y, &e) != 0)
        return fail(&e, "");
    if (o.x && rs_axis_parse(&x, o.x, &e) != 0)
        return fail(&e, "--x ");
    if (o.y && rs_axis_parse(&y, o.y, &e) != 0)
        return fail(&e, "--y ");

    /* The files are opened now (two naming one file, or one that cannot be
     * written, stop the sweep before it starts) and put in place only when
     * complete (outfile.h). */
    const char *paths[2] = {o.csv, o.svg}, *labels[2] = {"--csv", "--svg"};
    rs_outfile *files[2] = {NULL, NULL};
    char err[4400];
    if (rs_outfile_distinct(paths, labels, 2, err, sizeof err) != 0) {
        fprintf(stderr, "rnnscope sweep: %s\n", err);
        return RS_EXIT_USAGE;
    }
    for (int i = 0; i < 2; i++)
        if (paths[i] && !(files[i] = rs_outfile_open(paths[i], err, sizeof err))) {
            fprintf(stderr, "rnnscope sweep: %s\n", err);
            rs_outfile_abort(files[0]);
            return RS_EXIT_FAILURE;
        }
    status = sweep_grid(&o, &cfg, &x, &y, files);
    for (int i = 0; i < 2; i++) {
        if (!files[i])
            continue;
        if (status != RS_EXIT_OK)
            rs_outfile_abort(files[i]);
        else if (rs_outfile_commit(files[i], err, sizeof err) != 0) {
            fprintf(stderr, "rnnscope sweep: %s\n", err);
            status = RS_EXIT_FAILURE;
        }
    }
    return status;
}

/* Train the grid, draw it, and write it into the open files. */
static int sweep_grid(const sweep_options *opts, const rs_config *cfgp, const rs_axis *xp, const rs_axis *yp,
                      rs_outfile *const files[2])
{
    const sweep_options o = *opts;
    const rs_config *cfg = cfgp;
    const rs_axis *x = xp, *y = yp->count > 0 ? yp : NULL;
    int status = RS_EXIT_OK;
    /* With the CSV on stdout, the picture goes to stderr. */
    FILE *out = o.csv && strcmp(o.csv, "-") == 0 ? stderr : stdout;
    const bool terminal = isatty(fileno(out));
    double seconds, single = 0.0, cpu, single_cpu = 0.0;
    char *one_text = NULL;
    size_t one_len = 0;
    if (o.scaling) {
        /* The same grid with one worker first: its rate, and its CSV to compare. */
        rs_sweep *one = sweep_once(cfg, x, y, o.steps, 1, out, terminal, &single, &single_cpu, &status);
        if (!one)
            return status;
        one_text = csv_text(one, &one_len);
        rs_sweep_free(one);
    }
    rs_sweep *sw = sweep_once(cfg, x, y, o.steps, o.jobs, out, terminal, &seconds, &cpu, &status);
    if (!sw) {
        free(one_text);
        return status;
    }

    const style st = style_for(sw, terminal);
    if (terminal)
        draw_grid(out, sw, &st);
    else
        draw_plain(out, sw, &st);
    const int cells = rs_sweep_nx(sw) * rs_sweep_ny(sw);
    /* The CPU time tells a busy machine from a slow sweep: with the cores to
     * themselves, n workers keep n cores busy. */
    fprintf(out, "\n%d cells of %ld steps in %.2f s: %.2f cells/s with %d worker%s (%d cores online; %.2f CPU-s, "
                 "%.1f cores busy)\n", cells, o.steps, seconds, cells / seconds, o.jobs, o.jobs == 1 ? "" : "s", rs_online_cores(),
            cpu, cpu / seconds);
    if (o.scaling) {
        size_t len = 0;
        char *text = csv_text(sw, &len);
        const bool same = one_text && text && len == one_len && memcmp(text, one_text, len) == 0;
        fprintf(out, "scaling: %.2f cells/s with 1 worker (%.1f cores busy), %.2f with %d (%.1f cores busy): %.2f× "
                     "faster; the grids are %s\n", cells / single, single_cpu / single, cells / seconds, o.jobs,
                cpu / seconds, single / seconds, same ? "identical" : "DIFFERENT");
        free(text);
        if (!same)
            status = RS_EXIT_FAILURE;
    }
    free(one_text);

    if (files[0] && rs_sweep_csv(rs_outfile_stream(files[0]), sw) != 0) {
        fprintf(stderr, "rnnscope sweep: --csv %s: write error\n", o.csv);
        status = RS_EXIT_FAILURE;
    }
    if (files[1] && rs_phase_svg(rs_outfile_stream(files[1]), sw) != 0) {
        fprintf(stderr, "rnnscope sweep: --svg %s: write error\n", o.svg);
        status = RS_EXIT_FAILURE;
    }
    rs_sweep_free(sw);
    return status;
}
