/* The phase diagram's grid (sweep.h): axes, cells, worker threads.
 *
 * Workers take the next cell off an atomic counter, build its session, train
 * it and write its result into the preallocated grid; a cell's `done` flag
 * is published with release order after its result, so a reader that sees
 * it set (acquire) sees the whole result. Nothing a cell computes depends on
 * which worker runs it or when: the same grid with 1 worker or 64. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "rnnscope/session.h"
#include "rnnscope/sweep.h"

/* ---- axes -------------------------------------------------------------------- */

/* A number with nothing after it (strtod's syntax, finite). */
static bool parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return *s && end != s && *end == '\0' && errno == 0 && isfinite(*out);
}

/* value[k] from number[k]: an integer key's rounded, a real key's exactly (%.17g reads back the same double). */
static void number_text(rs_axis *a, int k, bool integer)
{
    if (integer) {
        a->number[k] = (double)llround(a->number[k]);
        snprintf(a->value[k], sizeof a->value[k], "%lld", llround(a->number[k]));
    } else
        snprintf(a->value[k], sizeof a->value[k], "%.17g", a->number[k]);
}

/* from:to:log|lin:count */
static int parse_range(rs_axis *a, const rs_key *k, const char *text, rs_error *e)
{
    if (k->type != RS_KEY_INT && k->type != RS_KEY_REAL) {
        char choices[512];
        rs_key_allowed(k, choices, sizeof choices);
        rs_error_set(e, RS_ERR_INPUT, "%s=%s: %s is a choice, not a number: list its values, e.g. %s=a,b,c "
                     "(allowed: %s)", a->key, text, a->key, a->key, choices);
        return -1;
    }
    char buf[4096], *part[5] = {0};
    int n = 0;
    snprintf(buf, sizeof buf, "%s", text);
    for (char *p = buf; n < 5; n++) {
        part[n] = p;
        char *colon = strchr(p, ':');
        if (!colon) {
            n++;
            break;
        }
        *colon = '\0';
        p = colon + 1;
    }
    double from, to;
    long count;
    const bool geometric = n == 4 && strcmp(part[2], "log") == 0, lin = n == 4 && strcmp(part[2], "lin") == 0;
    if (n != 4 || !parse_number(part[0], &from) || !parse_number(part[1], &to) || !(geometric || lin) ||
        !rs_parse_whole(part[3], 1, RS_AXIS_MAX, &count)) {
        rs_error_set(e, RS_ERR_INPUT, "%s=%s: a range is from:to:log:count or from:to:lin:count, e.g. %s=0.01:3:log:12 "
                     "(count 1 … %d)", a->key, text, a->key, RS_AXIS_MAX);
        return -1;
    }
    if (geometric && !(from > 0.0 && to > 0.0)) {
        rs_error_set(e, RS_ERR_INPUT, "%s=%s: a log range needs from and to above 0", a->key, text);
        return -1;
    }
    a->count = (int)count;
    a->numeric = true;
    a->log = geometric;
    for (int i = 0; i < a->count; i++) {
        const double u = a->count > 1 ? (double)i / (a->count - 1) : 0.0;
        a->number[i] = i == 0 ? from : i == a->count - 1 ? to
                     : geometric ? exp(log(from) + u * (log(to) - log(from)))
                           : from + u * (to - from);
        number_text(a, i, k->type == RS_KEY_INT);
    }
    return 0;
}

int rs_axis_parse(rs_axis *a, const char *arg, rs_error *e)
{
    memset(a, 0, sizeof *a);
    char value[4096];
    if (!rs_split_assignment(arg, a->key, sizeof a->key, value, sizeof value) || !value[0]) {
        rs_error_set(e, RS_ERR_INPUT, "'%s': an axis is key=from:to:log|lin:count or key=a,b,c, e.g. "
                     "init.std=0.01:3:log:12 or model.activation=sigmoid,tanh,relu", arg);
        return -1;
    }
    const rs_key *k = rs_key_find(a->key);
    if (!k) {
        rs_error_set(e, RS_ERR_INPUT, "%s: unknown key; rnnscope keys lists them", a->key);
        return -1;
    }
    if ((k->flags & RS_KEY_VIEW) || strncmp(a->key, "scenario.", 9) == 0 || k->type == RS_KEY_TEXT) {
        rs_error_set(e, RS_ERR_INPUT, "%s: a sweep's axis must be a number or a choice that changes training "
                     "(model.*, init.*, task.*, train.*)", a->key);
        return -1;
    }
    if (strchr(value, ':'))
        return parse_range(a, k, value, e);
    /* a list */
    a->numeric = k->type == RS_KEY_INT || k->type == RS_KEY_REAL;
    for (const char *p = value; *p;) {
        const char *comma = strchr(p, ',');
        const size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (a->count == RS_AXIS_MAX) {
            rs_error_set(e, RS_ERR_INPUT, "%s: more than %d values", a->key, RS_AXIS_MAX);
            return -1;
        }
        char *v = a->value[a->count];
        rs_trim_into(v, sizeof a->value[0], p, len);
        if (!v[0]) {
            rs_error_set(e, RS_ERR_INPUT, "%s=%s: an empty value in the list", a->key, value);
            return -1;
        }
        a->number[a->count] = NAN;
        if (a->numeric && !parse_number(v, &a->number[a->count])) {
            rs_error_set(e, RS_ERR_INPUT, "%s=%s: '%s' is not a number", a->key, value, v);
            return -1;
        }
        a->count++;
        p = comma ? comma + 1 : p + len;
    }
    return 0;
}

/* ---- the grid ------------------------------------------------------------------ */

struct rs_sweep {
    rs_config base;
    rs_axis x, y;                   /* y.count = 1 and y.key "" when there is one row */
    long steps;
    int ncells;
    rs_sweep_cell *cells;           /* (ny, nx) */
    atomic_uchar *finished;         /* (ny, nx) 1 once the cell's result is written */
    atomic_int next, done;
    atomic_int running;             /* workers not yet stopped */
    atomic_bool cancel;
    pthread_t *threads;
    int nthreads;
    pthread_mutex_t lock;           /* guards the error below */
    bool lock_ready;
    int error_cell;                 /* the first (lowest) cell that failed, or ncells */
    rs_error error;
};

int rs_sweep_nx(const rs_sweep *sw) { return sw->x.count; }
int rs_sweep_ny(const rs_sweep *sw) { return sw->y.count; }
long rs_sweep_steps(const rs_sweep *sw) { return sw->steps; }
const rs_axis *rs_sweep_x(const rs_sweep *sw) { return &sw->x; }
const rs_axis *rs_sweep_y(const rs_sweep *sw) { return sw->y.key[0] ? &sw->y : NULL; }
const rs_config *rs_sweep_base(const rs_sweep *sw) { return &sw->base; }

/* The config of cell (i, j); −1 and err when a value is not allowed. */
static int build_config(const rs_sweep *sw, int i, int j, rs_config *out, char *err, size_t errlen)
{
    *out = sw->base;
    if (rs_config_set(out, sw->x.key, sw->x.value[i], err, errlen) != 0)
        return -1;
    if (sw->y.key[0] && rs_config_set(out, sw->y.key, sw->y.value[j], err, errlen) != 0)
        return -1;
    return 0;
}

void rs_sweep_cell_config(const rs_sweep *sw, int i, int j, rs_config *out)
{
    char err[512];
    build_config(sw, i, j, out, err, sizeof err);   /* checked by rs_sweep_create */
}

rs_sweep *rs_sweep_create(const rs_config *base, const rs_axis *x, const rs_axis *y, long steps, rs_error *e)
{
    if (y && strcmp(x->key, y->key) == 0) {
        rs_error_set(e, RS_ERR_INPUT, "--x and --y are both %s: sweep two different keys", x->key);
        return NULL;
    }
    rs_sweep *sw = calloc(1, sizeof *sw);
    if (!sw) {
        rs_error_set(e, RS_ERR_MEMORY, "out of memory");
        return NULL;
    }
    sw->base = *base;
    sw->x = *x;
    if (y)
        sw->y = *y;
    else
        sw->y.count = 1;
    sw->steps = steps;
    sw->ncells = sw->x.count * sw->y.count;
    sw->error_cell = sw->ncells;
    sw->cells = calloc((size_t)sw->ncells, sizeof *sw->cells);
    sw->finished = calloc((size_t)sw->ncells, sizeof *sw->finished);
    if (!sw->cells || !sw->finished) {
        rs_error_set(e, RS_ERR_MEMORY, "out of memory (%d cells)", sw->ncells);
        rs_sweep_free(sw);
        return NULL;
    }
    for (int k = 0; k < sw->ncells; k++)
        atomic_init(&sw->finished[k], 0);
    atomic_init(&sw->next, 0);
    atomic_init(&sw->done, 0);
    atomic_init(&sw->running, 0);
    atomic_init(&sw->cancel, false);
    pthread_mutex_init(&sw->lock, NULL);
    sw->lock_ready = true;

    /* Every value allowed, and each key mattering for at least one cell
     * (init.std means nothing to an orthogonal W_hh). */
    bool x_applies = false, y_applies = !y;
    for (int j = 0; j < sw->y.count; j++)
        for (int i = 0; i < sw->x.count; i++) {
            rs_config cfg;
            char err[1024];
            if (build_config(sw, i, j, &cfg, err, sizeof err) != 0) {
                rs_error_set(e, RS_ERR_INPUT, "%s", err);
                rs_sweep_free(sw);
                return NULL;
            }
            x_applies = x_applies || rs_key_applies(rs_key_find(x->key), &cfg);
            y_applies = y_applies || rs_key_applies(rs_key_find(y->key), &cfg);
        }
    const rs_axis *idle = !x_applies ? x : !y_applies ? y : NULL;
    if (idle) {
        rs_error_set(e, RS_ERR_INPUT, "%s does not matter for any cell of this sweep (init.std, for one, only "
                     "for init.recurrent = gaussian): sweep a key that does", idle->key);
        rs_sweep_free(sw);
        return NULL;
    }
    return sw;
}

void rs_sweep_free(rs_sweep *sw)
{
    if (!sw)
        return;
    if (sw->nthreads) {
        rs_sweep_cancel(sw);
        rs_sweep_wait(sw, &(rs_error){0});
    }
    if (sw->lock_ready)
        pthread_mutex_destroy(&sw->lock);
    free(sw->cells);
    free(sw->finished);
    free(sw->threads);
    free(sw);
}

/* Mean loss over the last min(100, n) finite steps — what `run` reports. */
static double recent_loss(const rs_session *s, double *acc)
{
    const size_t n = rs_session_history_count(s), window = n < 100 ? n : 100;
    double mean = 0.0;
    for (size_t i = n - window; i < n; i++)
        mean += rs_session_history_stats(s, i)->loss / (double)window;
    *acc = n ? rs_session_history_stats(s, n - 1)->acc : NAN;
    return window ? mean : NAN;
}

/* One cell: its session from its seeds, trained (or differentiated) and measured. */
static int run_cell(rs_sweep *sw, int k, rs_sweep_cell *out, rs_error *e)
{
    rs_config cfg;
    rs_sweep_cell_config(sw, k % sw->x.count, k / sw->x.count, &cfg);
    rs_session *s = rs_session_create(&cfg, e);
    if (!s)
        return -1;
    const rs_spectral sp = rs_session_spectral(s);
    *out = (rs_sweep_cell){.T = rs_session_settings(s)->task.length, .bound = sp.bound,
                           .sigma_max = sp.sigma_max, .radius = sp.radius, .gamma = sp.gamma};
    if (sw->steps == 0) {
        rs_step_stats st;
        rs_session_differentiate(s, &st);
        out->reach = st.reach;
        out->decay = st.decay;
        out->loss = st.loss;
        out->acc = st.acc;
        /* what a step would call a divergence (session.h RS_DIVERGENCE_CEILING) */
        out->diverged = !(fabs(st.loss) <= RS_DIVERGENCE_CEILING) || !(st.grad_norm <= RS_DIVERGENCE_CEILING);
        out->diverged_at = out->diverged ? 1 : 0;
    } else {
        /* Train as `run` trains: a diverged run halts there. */
        for (long n = 0; n < sw->steps && !atomic_load_explicit(&sw->cancel, memory_order_relaxed); n++)
            if (rs_session_step(s) == RS_STEP_DIVERGED)
                break;
        const size_t h = rs_session_history_count(s);
        const rs_step_stats *last = h ? rs_session_history_stats(s, h - 1) : NULL;
        out->steps = rs_session_steps(s);
        out->reach = last ? last->reach : 0;
        out->decay = last ? last->decay : NAN;
        out->loss = recent_loss(s, &out->acc);
        out->diverged = rs_session_diverged(s);
        out->diverged_at = rs_session_diverged_at(s);
    }
    rs_session_free(s);
    return 0;
}

static void *worker(void *arg)
{
    rs_sweep *sw = arg;
    for (;;) {
        const int k = atomic_fetch_add(&sw->next, 1);
        if (k >= sw->ncells || atomic_load(&sw->cancel))
            break;
        rs_error e = {0};
        if (run_cell(sw, k, &sw->cells[k], &e) != 0) {
            pthread_mutex_lock(&sw->lock);
            if (k < sw->error_cell) {
                sw->error_cell = k;
                sw->error = e;
            }
            pthread_mutex_unlock(&sw->lock);
            continue;
        }
        if (atomic_load(&sw->cancel))
            break;      /* cut short: not a result */
        atomic_store_explicit(&sw->finished[k], 1, memory_order_release);
        atomic_fetch_add(&sw->done, 1);
    }
    atomic_fetch_sub(&sw->running, 1);
    return NULL;
}

int rs_sweep_start(rs_sweep *sw, int jobs, rs_error *e)
{
    if (sw->threads) {
        rs_error_set(e, RS_ERR_INPUT, "this sweep has been started already");
        return -1;
    }
    const int n = jobs < 1 ? 1 : jobs > sw->ncells ? sw->ncells : jobs;
    sw->threads = calloc((size_t)n, sizeof *sw->threads);
    if (!sw->threads) {
        rs_error_set(e, RS_ERR_MEMORY, "out of memory");
        return -1;
    }
    atomic_store(&sw->running, n);
    for (int i = 0; i < n; i++) {
        const int rc = pthread_create(&sw->threads[i], NULL, worker, sw);
        if (rc != 0) {
            atomic_fetch_sub(&sw->running, n - i);     /* the ones never started */
            if (sw->nthreads == 0) {
                rs_error_set(e, RS_ERR_MEMORY, "cannot start a worker thread: %s", strerror(rc));
                return -1;
            }
            break;      /* the ones running take all the cells */
        }
        sw->nthreads++;
    }
    return 0;
}

int rs_sweep_done(const rs_sweep *sw) { return atomic_load(&sw->done); }

bool rs_sweep_finished(const rs_sweep *sw) { return sw->threads && atomic_load(&sw->running) == 0; }

const rs_sweep_cell *rs_sweep_cell_at(const rs_sweep *sw, int i, int j)
{
    const int k = j * sw->x.count + i;
    if (i < 0 || j < 0 || i >= sw->x.count || j >= sw->y.count ||
        !atomic_load_explicit(&sw->finished[k], memory_order_acquire))
        return NULL;
    return &sw->cells[k];
}

void rs_sweep_cancel(rs_sweep *sw) { atomic_store(&sw->cancel, true); }

int rs_sweep_wait(rs_sweep *sw, rs_error *e)
{
    for (int i = 0; i < sw->nthreads; i++)
        pthread_join(sw->threads[i], NULL);
    sw->nthreads = 0;
    if (sw->error_cell < sw->ncells) {
        const int i = sw->error_cell % sw->x.count, j = sw->error_cell / sw->x.count;
        char where[256];
        if (sw->y.key[0])
            snprintf(where, sizeof where, "cell %s = %s, %s = %s: ", sw->x.key, sw->x.value[i], sw->y.key,
                     sw->y.value[j]);
        else
            snprintf(where, sizeof where, "cell %s = %s: ", sw->x.key, sw->x.value[i]);
        *e = sw->error;
        rs_error_prefix(e, where);
        return -1;
    }
    if (rs_sweep_done(sw) < sw->ncells) {
        rs_error_set(e, RS_ERR_IO, "cancelled after %d of %d cells", rs_sweep_done(sw), sw->ncells);
        return -1;
    }
    return 0;
}

/* ---- CSV ------------------------------------------------------------------------------ */

static void csv_value(FILE *f, const rs_axis *a, int k)
{
    fputc(',', f);
    if (a->numeric)
        rs_csv_number(f, a->number[k]);
    else
        fputs(a->value[k], f);
}

int rs_sweep_csv(FILE *f, const rs_sweep *sw)
{
    fprintf(f, "i,j,%s%s%s,steps,reach,T,decay,loss,acc,diverged,diverged_at,bound,sigma_max,radius\n", sw->x.key,
            sw->y.key[0] ? "," : "", sw->y.key);
    for (int j = 0; j < sw->y.count; j++)
        for (int i = 0; i < sw->x.count; i++) {
            const rs_sweep_cell *c = rs_sweep_cell_at(sw, i, j);
            fprintf(f, "%d,%d", i, j);
            csv_value(f, &sw->x, i);
            if (sw->y.key[0])
                csv_value(f, &sw->y, j);
            if (!c) {
                fputs(",,,,,,,,,,,\n", f);     /* not finished */
                continue;
            }
            fprintf(f, ",%ld,%d,%d", c->steps, c->reach, c->T);
            const double mid[] = {c->decay, c->loss, c->acc};
            for (size_t k = 0; k < 3; k++) {
                fputc(',', f);
                rs_csv_number(f, mid[k]);
            }
            fprintf(f, ",%d,%ld", c->diverged, c->diverged_at);
            const double tail[] = {c->bound, c->sigma_max, c->radius};
            for (size_t k = 0; k < 3; k++) {
                fputc(',', f);
                rs_csv_number(f, tail[k]);
            }
            fputc('\n', f);
        }
    return ferror(f) ? -1 : 0;
}
