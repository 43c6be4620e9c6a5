/* One training run: turns a config into engine specs, owns the model, the
 * task's batches, the optimiser and the statistics history, and trains one
 * step at a time. The TUI and the CLI both drive this API. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "session_private.h"

const char *const rs_vector_names[] = {"g_h", "g_x", "g_w", "dact", "sat", "g_c", NULL};

/* ---- config → engine specs -------------------------------------------- */

/* A choice key's value as the engine's enum: the config's choice lists are the
 * engine's name lists in enum order (test_config holds them equal). */
static int choice(const rs_config *cfg, const char *key) { return rs_config_choice_index(cfg, key); }

/* text: the corpus the text task reads (NULL when no file is loaded). */
static int settings_from_config(rs_settings *set, const rs_config *cfg, const rs_text *text, rs_error *e)
{
    *set = (rs_settings){0};
    const int task = choice(cfg, "task.name");
    set->task = (rs_task_spec){
        .kind = (rs_task_kind)task, .length = (int)cfg->task.length,
        .copy_length = (int)cfg->task.copy_length, .alphabet = (int)cfg->task.alphabet,
        .keys = (int)cfg->task.keys, .text = task == RS_TASK_TEXT ? text : NULL,
    };
    if (rs_task_check(&set->task, e->msg, sizeof e->msg) != 0) {
        e->kind = RS_ERR_INPUT;
        return -1;
    }
    const rs_task_shape shape = rs_task_shape_of(&set->task);
    set->model = (rs_model_spec){
        .cell = (rs_cell)choice(cfg, "model.cell"), .activation = (rs_activation)choice(cfg, "model.activation"),
        .leaky_slope = cfg->model.leaky_slope, .input = shape.input,
        .hidden = (int)cfg->model.hidden, .output = shape.output,
        .readout = shape.readout, .loss = shape.loss, .skip = (int)cfg->model.skip,
    };
    set->init = (rs_init_spec){
        .recurrent = (rs_init)choice(cfg, "init.recurrent"), .input = (rs_init)choice(cfg, "init.input"),
        .recurrent_scale = rs_config_get_real(cfg, rs_config_recurrent_scale_key(cfg)),
        .input_scale = cfg->init.input_scale, .bias = cfg->init.bias, .forget_bias = cfg->init.forget_bias,
    };
    /* Adam's β₁ = 0.9, β₂ = 0.999, ε = 1e−8: Kingma & Ba 2015's defaults. */
    set->optimizer = (rs_optimizer_spec){
        .kind = (rs_optimizer)choice(cfg, "train.optimizer"), .lr = cfg->train.lr, .momentum = cfg->train.momentum,
        .beta1 = 0.9, .beta2 = 0.999, .eps = 1e-8,
    };
    set->clip = (rs_clip)choice(cfg, "train.clip");
    set->clip_threshold = cfg->train.clip_threshold;
    set->tbptt = (int)cfg->train.tbptt;
    set->batch = (int)cfg->train.batch;
    set->history = (size_t)cfg->stats.history;
    set->spectral_every = cfg->stats.spectral_every;
    return 0;
}

static int read_text(rs_text *into, char *path, const rs_config *cfg, rs_error *e);

/* ---- the memory budget ------------------------------------------------------- */

/* What a session of these settings allocates, in its three parts: the model
 * (parameters, gradients, the clipped gradient, the weights before and
 * undo copies, the optimiser's moments: 9 × nparams, and the spectral
 * workspace's H×H copies), one pass (the workspace, two batches) and the
 * history ring. From the same sizes the allocations use (rs_workspace_bytes
 * lists the workspace's arrays once for both). */
typedef struct {
    size_t model, pass, history;
} footprint;

static footprint footprint_of(const rs_settings *set)
{
    const size_t H = (size_t)set->model.hidden, T = (size_t)set->task.length, B = (size_t)set->batch;
    const size_t io = (size_t)(set->model.input + set->model.output) + 2;      /* x, target, token, label */
    footprint f = {
        .model = (9 * rs_model_param_count(&set->model) + 2 * H * H + 100 * H) * sizeof(double),
        .pass = rs_workspace_bytes(&set->model, (int)T, (int)B) + 2 * T * B * io * sizeof(double),
        .history = set->history * (RS_VEC_KINDS * T * sizeof(double) + sizeof(rs_step_stats)),
    };
    return f;
}

size_t rs_session_bytes(const rs_settings *set)
{
    const footprint f = footprint_of(set);
    return sizeof(rs_session) + f.model + f.pass + f.history;
}

size_t rs_memory_limit(const rs_config *cfg, char *why, size_t n)
{
    if (cfg->stats.memory_limit > 0) {
        if (why)
            snprintf(why, n, "stats.memory_limit = %ld MiB", cfg->stats.memory_limit);
        return (size_t)cfg->stats.memory_limit << 20;
    }
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    const double phys = pages > 0 && page > 0 ? (double)pages * (double)page : 4.0 * (1 << 30);
    if (why) {
        char gib[32];
        snprintf(gib, sizeof gib, "%.1f GiB", phys / (1 << 30));
        snprintf(why, n, "half of this machine's %s; stats.memory_limit sets it in MiB", gib);
    }
    return (size_t)(phys / 2);
}

static void human_bytes(char *buf, size_t n, double bytes)
{
    if (bytes >= (double)(1L << 30))
        snprintf(buf, n, "%.1f GiB", bytes / (1L << 30));
    else
        snprintf(buf, n, "%.0f MiB", ceil(bytes / (1 << 20)));
}

int rs_config_settings(const rs_config *cfg, rs_settings *out, rs_error *e)
{
    rs_text text = {0};
    char path[sizeof ((rs_config *)0)->task.file] = "";
    const int rc = read_text(&text, path, cfg, e) == 0 ? settings_from_config(out, cfg, &text, e) : -1;
    rs_text_free(&text);
    out->task.text = NULL;      /* it was freed: the sizes stay */
    return rc;
}

int rs_session_settings_for(const rs_session *s, const rs_config *cfg, rs_settings *out, rs_error *e)
{
    /* The corpus is the session's: a new task.file is only read when taken. */
    return settings_from_config(out, cfg, &s->text, e);
}

int rs_budget_check(const rs_settings *const sets[], int n, const rs_config *cfg, rs_error *e)
{
    footprint total = {0, 0, 0};
    for (int k = 0; k < n; k++) {
        const footprint f = footprint_of(sets[k]);
        total.model += f.model;
        total.pass += f.pass;
        total.history += f.history;
    }
    const double need = (double)(total.model + total.pass + total.history + (size_t)n * sizeof(rs_session));
    char why[160];
    const size_t limit = rs_memory_limit(cfg, why, sizeof why);
    if (need <= (double)limit)
        return 0;
    char needs[32], lim[32], part[32];
    human_bytes(needs, sizeof needs, need);
    human_bytes(lim, sizeof lim, (double)limit);
    /* Name the part that takes the most, and the keys that size it. */
    const char *what, *keys;
    size_t most = total.pass;
    what = "one training pass";
    keys = "model.hidden, task.length or train.batch";
    if (total.history > most) {
        most = total.history;
        what = "the history of the plots";
        keys = "stats.history or task.length";
    }
    if (total.model > most) {
        most = total.model;
        what = "the model";
        keys = "model.hidden";
    }
    human_bytes(part, sizeof part, (double)most);
    rs_error_set(e, RS_ERR_INPUT, "%s would need about %s (%s of it for %s), over the memory limit of %s (%s): lower %s",
                 n == 2 ? "both sides of compare mode" : "this run", needs, part, what, lim, why, keys);
    return -1;
}

/* ---- the parts, each allocated when its sizes change ---------------------- */

static void model_parts_free(rs_model_parts *p)
{
    rs_model_free(p->model);
    rs_optimizer_free(p->opt);
    rs_spectral_workspace_free(p->spectral_ws);
    free(p->clipped);
    free(p->params_before);
    free(p->undo_params);
    free(p->undo_m);
    free(p->undo_v);
    *p = (rs_model_parts){0};
}

static bool model_parts_alloc(rs_model_parts *p, const rs_settings *set)
{
    *p = (rs_model_parts){0};
    p->model = rs_model_create(&set->model);
    if (p->model) {
        const size_t n = p->model->nparams;
        p->opt = rs_optimizer_create(n);
        p->spectral_ws = rs_spectral_workspace_create(set->model.hidden);
        p->clipped = calloc(n, sizeof(double));
        p->params_before = calloc(n, sizeof(double));
        p->undo_params = calloc(n, sizeof(double));
        p->undo_m = calloc(n, sizeof(double));
        p->undo_v = calloc(n, sizeof(double));
    }
    if (p->model && p->opt && p->spectral_ws && p->clipped && p->params_before && p->undo_params && p->undo_m &&
        p->undo_v)
        return true;
    model_parts_free(p);
    return false;
}

static void data_parts_free(rs_data_parts *p)
{
    rs_workspace_free(p->ws);
    rs_batch_free(p->batch);
    rs_batch_free(p->prev_batch);
    *p = (rs_data_parts){0};
}

static bool data_parts_alloc(rs_data_parts *p, const rs_settings *set)
{
    p->ws = rs_workspace_create(&set->model, set->task.length, set->batch);
    p->batch = rs_batch_create(&set->task, set->batch);
    p->prev_batch = rs_batch_create(&set->task, set->batch);
    if (p->ws && p->batch && p->prev_batch)
        return true;
    data_parts_free(p);
    return false;
}

static void history_free(rs_history *h)
{
    free(h->stats);
    free(h->vec);
    *h = (rs_history){0};
}

static bool history_alloc(rs_history *h, const rs_settings *set)
{
    *h = (rs_history){.cap = set->history, .T = set->task.length};
    h->stats = calloc(h->cap, sizeof *h->stats);
    h->vec = calloc(h->cap * RS_VEC_KINDS * (size_t)h->T, sizeof(double));
    if (h->stats && h->vec)
        return true;
    history_free(h);
    return false;
}

/* Take a new history in place of the old one. keep_stats: only the length
 * changed, so the scalar records (the loss curve) stay; their vectors, of
 * the old length, go (rs_session_history_vector then says NULL). */
static void take_history(rs_session *s, rs_history *h, bool keep_stats)
{
    if (keep_stats && h->cap == s->hist.cap) {
        memcpy(h->stats, s->hist.stats, h->cap * sizeof *h->stats);
        h->count = s->hist.count;
        h->next = s->hist.next;
        /* Their vectors are gone even if the length comes back to theirs. */
        h->vec_since = s->hist.count ? s->hist.stats[(s->hist.next + s->hist.cap - 1) % s->hist.cap].step + 1 : 0;
    }
    history_free(&s->hist);
    s->hist = *h;
}

static void out_of_memory(rs_error *e, const rs_config *cfg)
{
    rs_error_set(e, RS_ERR_MEMORY, "out of memory (model.hidden = %ld, task.length = %ld, train.batch = %ld)",
                 cfg->model.hidden, cfg->task.length, cfg->train.batch);
}

/* ---- life cycle ------------------------------------------------------------ */

/* Revisions are unique in the process (not per session): a session freed
 * and another created at the same address never repeat one, so a front
 * end's cache keyed by a revision cannot mistake one for the other. */
static atomic_long revisions;

static void touch(rs_session *s) { s->revision = atomic_fetch_add(&revisions, 1) + 1; }

void rs_session_reset(rs_session *s)
{
    s->bptt_active = false;
    gsl_rng_set(s->weight_rng, (unsigned long)s->cfg.train.seed);
    gsl_rng_set(s->data_rng, (unsigned long)s->cfg.task.seed);
    rs_model_init(s->m.model, &s->set.init, s->weight_rng);
    memset(s->m.model->grad_block, 0, s->m.model->nparams * sizeof(double));
    rs_optimizer_reset(s->m.opt);
    s->steps = 0;
    s->retry_batch = s->retry_prev_batch = s->diverged = s->have_last = false;
    s->diverged_at = 0;
    s->divergence = "";
    s->hist.count = s->hist.next = 0;
    s->hist.vec_since = 0;
    rs_curve_reset(&s->curve);
    s->spectral = rs_spectral_compute(s->m.model, s->m.spectral_ws);
    s->radius_step = 1;         /* the initial weights: those step 1 trains with */
    touch(s);
}

/* The text task's file, read when the task is text and the file is not the
 * one already read (into the empty `into`; path is updated). */
static int read_text(rs_text *into, char *path, const rs_config *cfg, rs_error *e)
{
    if (rs_config_choice_index(cfg, "task.name") != RS_TASK_TEXT || (path[0] && strcmp(path, cfg->task.file) == 0))
        return 0;
    if (!cfg->task.file[0]) {
        rs_error_set(e, RS_ERR_INPUT, "task.file: the text task needs a text file, e.g. --set task.file=notes.txt");
        return -1;
    }
    if (rs_text_load(into, cfg->task.file, e->msg, sizeof e->msg) != 0) {
        e->kind = RS_ERR_INPUT;
        return -1;
    }
    snprintf(path, sizeof ((rs_config *)0)->task.file, "%s", cfg->task.file);
    return 0;
}

/* GSL's default error handler aborts; rnnscope checks return codes. Once
 * per process: sessions may be created on several threads at once (sweep). */
static pthread_once_t gsl_handler_once = PTHREAD_ONCE_INIT;
static void gsl_handler_off(void) { gsl_set_error_handler_off(); }

rs_session *rs_session_create(const rs_config *cfg, rs_error *e)
{
    pthread_once(&gsl_handler_once, gsl_handler_off);

    rs_session *s = calloc(1, sizeof *s);
    if (!s) {
        rs_error_set(e, RS_ERR_MEMORY, "out of memory");
        return NULL;
    }
    if (read_text(&s->text, s->text_path, cfg, e) != 0 || settings_from_config(&s->set, cfg, &s->text, e) != 0) {
        rs_text_free(&s->text);
        free(s);
        return NULL;
    }
    const rs_settings *own[1] = {&s->set};
    if (rs_budget_check(own, 1, cfg, e) != 0) {
        rs_text_free(&s->text);
        free(s);
        return NULL;
    }
    s->cfg = *cfg;
    s->weight_rng = gsl_rng_alloc(gsl_rng_mt19937);
    s->data_rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!s->weight_rng || !s->data_rng || !model_parts_alloc(&s->m, &s->set) || !data_parts_alloc(&s->d, &s->set) ||
        !history_alloc(&s->hist, &s->set)) {
        out_of_memory(e, cfg);
        rs_session_free(s);
        return NULL;
    }
    rs_session_reset(s);
    return s;
}

void rs_session_free(rs_session *s)
{
    if (!s)
        return;
    model_parts_free(&s->m);
    data_parts_free(&s->d);
    history_free(&s->hist);
    gsl_rng_free(s->weight_rng);
    gsl_rng_free(s->data_rng);
    rs_text_free(&s->text);
    free(s);
}

/* Whether a key that re-initialises (resets = true) or one that does not
 * differs between two configs, by their text form. */
static bool any_key_changed(const rs_config *a, const rs_config *b, bool resets)
{
    char va[1100], vb[1100];
    for (size_t i = 0; i < rs_nkeys; i++) {
        if (((rs_keys[i].flags & RS_KEY_RESETS) != 0) != resets)
            continue;
        rs_config_format(a, &rs_keys[i], va, sizeof va);
        rs_config_format(b, &rs_keys[i], vb, sizeof vb);
        if (strcmp(va, vb) != 0)
            return true;
    }
    return false;
}

int rs_session_configure(rs_session *s, const rs_config *cfg, rs_error *e)
{
    /* A new text file is read aside and only taken when all else succeeds. */
    char fresh_path[sizeof s->text_path];
    memcpy(fresh_path, s->text_path, sizeof fresh_path);
    rs_text fresh = {0};
    if (read_text(&fresh, fresh_path, cfg, e) != 0)
        return -1;
    const bool new_text = fresh.symbols != NULL;
    rs_settings set;
    if (settings_from_config(&set, cfg, new_text ? &fresh : &s->text, e) != 0) {
        rs_text_free(&fresh);
        return -1;
    }
    const rs_settings *own[1] = {&set};
    if (rs_budget_check(own, 1, cfg, e) != 0) {
        rs_text_free(&fresh);
        return -1;
    }
    const bool reset = any_key_changed(&s->cfg, cfg, true);
    /* A reset may change the sizes (task, hidden size): it rebuilds everything. */
    const bool new_model = reset;
    const bool new_data = reset || set.task.length != s->set.task.length || set.batch != s->set.batch;
    const bool new_history = set.history != s->set.history || set.task.length != s->hist.T;

    /* Allocate everything new first: on failure nothing has changed. */
    rs_model_parts mp = {0};
    rs_data_parts dp = {0};
    rs_history hp = {0};
    if ((new_model && !model_parts_alloc(&mp, &set)) || (new_data && !data_parts_alloc(&dp, &set)) ||
        (new_history && !history_alloc(&hp, &set))) {
        model_parts_free(&mp);
        data_parts_free(&dp);
        history_free(&hp);
        rs_text_free(&fresh);
        out_of_memory(e, cfg);
        return -1;
    }
    const bool new_optimizer = set.optimizer.kind != s->set.optimizer.kind;
    if (new_text) {
        rs_text_free(&s->text);
        s->text = fresh;
        memcpy(s->text_path, fresh_path, sizeof s->text_path);
    }
    if (set.task.text)
        set.task.text = &s->text;   /* the spec points at the session's corpus, not the local copy */
    s->cfg = *cfg;
    s->set = set;
    s->bptt_active = false;
    if (new_model) {
        model_parts_free(&s->m);
        s->m = mp;
    }
    if (new_data) {
        data_parts_free(&s->d);
        s->d = dp;
        s->retry_batch = s->retry_prev_batch = false;   /* a batch of another shape cannot be retried */
    }
    if (new_history)
        take_history(s, &hp, !reset);
    if (reset)
        rs_session_reset(s);
    else {
        if (new_optimizer)
            rs_optimizer_reset(s->m.opt);   /* moments of one optimiser mean nothing to another */
        if (new_data)
            s->have_last = false;           /* the last step's vectors had another shape */
    }
    touch(s);
    return 0;
}

/* ---- training --------------------------------------------------------------- */

/* The spectral statistics of the weights this step trains with, before its
 * update, so that a step's row pairs its gradients with their σ_max: σ_max
 * and the bound every step (warm-started, cheap). ρ and the eigenvalues of
 * the weights of every `every`-th step (rs_spectral_eigen_every: a rule of
 * the sizes alone, at least stats.spectral_every, so that they cost at most
 * 5 % of training): in that step, or — in the background (the live view) —
 * on the spectral workspace's thread, published every/2 steps later so that
 * training never waits. stats.spectral_every = 0: ρ only at a reset. */
static void spectral_before_step(rs_session *s)
{
    const long k = s->steps + 1;
    rs_spectral_sigma(s->m.model, s->m.spectral_ws, &s->spectral);
    if (s->set.spectral_every <= 0)
        return;
    const long every = rs_spectral_eigen_every(&s->set.model, s->set.task.length, s->set.batch, s->set.spectral_every);
    if (!s->spectral_background) {
        if (k % every == 0) {
            rs_spectral_eigen(s->m.model, s->m.spectral_ws, &s->spectral);
            s->radius_step = k;
        }
        return;
    }
    if (k % every == every / 2 && rs_spectral_eigen_finish(s->m.spectral_ws, &s->spectral))
        s->radius_step = s->pending_step;
    if (k % every == 0) {
        rs_spectral_eigen_start(s->m.model, s->m.spectral_ws);
        s->pending_step = k;
    }
}

void rs_session_spectral_in_background(rs_session *s, bool on) { s->spectral_background = on; }

/* The first half of a step: a batch, the forward pass, the loss, and the
 * backward pass made ready at t = T. */
static void begin_step(rs_session *s)
{
    if (!s->retry_batch) {
        /* `batch` becomes the previous batch; the one before is drawn over,
         * unless the update of the previous step was undone and its batch
         * is the one to try again. */
        rs_batch *t = s->d.prev_batch;
        s->d.prev_batch = s->d.batch;
        s->d.batch = t;
        if (!s->retry_prev_batch)
            rs_task_generate(&s->set.task, s->d.batch, s->data_rng);
    }
    s->retry_batch = s->retry_prev_batch = false;
    spectral_before_step(s);
    rs_forward(s->m.model, s->d.ws, s->d.batch, 1, s->set.task.length);
    s->last.loss = rs_loss_forward(s->m.model, s->d.ws, s->d.batch, &s->last.acc);
    rs_bptt_begin(&s->cursor, s->m.model, s->d.ws, s->d.batch, s->set.tbptt);
    touch(s);
}

/* What went wrong with a step's loss and gradient norm, in words; NULL when
 * both are finite and below the ceiling. */
static const char *divergence_of(double loss, double grad_norm)
{
    if (isnan(loss))
        return "the loss became NaN";
    if (!isfinite(loss) || fabs(loss) > RS_DIVERGENCE_CEILING)
        return isfinite(loss) ? "the loss passed 10¹⁰⁰" : "the loss became Inf";
    if (isnan(grad_norm))
        return "the gradient became NaN";
    if (!isfinite(grad_norm) || grad_norm > RS_DIVERGENCE_CEILING)
        return isfinite(grad_norm) ? "the gradient norm passed 10¹⁰⁰" : "the gradient became Inf";
    return NULL;
}

static rs_step_status diverge(rs_session *s, const char *what)
{
    s->diverged = true;
    s->divergence = what;
    if (!s->diverged_at)
        s->diverged_at = s->last.step;
    return RS_STEP_DIVERGED;
}

/* Put back the weights and optimiser state from before the last update. */
static void undo_update(rs_session *s)
{
    const size_t n = s->m.model->nparams;
    memcpy(s->m.model->param_block, s->m.undo_params, n * sizeof(double));
    memcpy(s->m.opt->m, s->m.undo_m, n * sizeof(double));
    memcpy(s->m.opt->v, s->m.undo_v, n * sizeof(double));
    s->m.opt->t = s->undo_t;
}

static void history_push(rs_session *s)
{
    const size_t slot = s->hist.next;
    s->hist.stats[slot] = s->last;
    double *v = s->hist.vec + slot * RS_VEC_KINDS * (size_t)s->hist.T;
    for (int k = 0; k < RS_VEC_KINDS; k++)
        memcpy(v + (size_t)k * s->hist.T, rs_session_vector(s, (rs_vector_kind)k), (size_t)s->hist.T * sizeof(double));
    s->hist.next = (slot + 1) % s->hist.cap;
    if (s->hist.count < s->hist.cap)
        s->hist.count++;
}

/* The second half: the rest of BPTT, the statistics, clipping, the update. */
static rs_step_status finish_step(rs_session *s)
{
    rs_model *m = s->m.model;
    const size_t n = m->nparams;
    const int T = s->set.task.length;
    rs_bptt_finish(&s->cursor, m);
    s->bptt_active = false;
    touch(s);
    memcpy(s->m.params_before, m->param_block, n * sizeof(double));

    rs_step_stats *st = &s->last;
    st->step = s->steps + 1;
    st->T = T;
    st->tbptt = s->set.tbptt;
    st->grad_norm = rs_norm(m->grad_block, n);
    st->clip_scale = rs_clip_gradients(s->m.clipped, m->grad_block, n, s->set.clip, s->set.clip_threshold);
    st->reach = rs_reach(s->d.ws->g_h, T);
    st->decay = rs_mean_decay(s->d.ws->g_h, T);
    st->sigma_max = s->spectral.sigma_max;
    st->bound = s->spectral.bound;
    st->radius = s->spectral.radius;
    st->radius_step = s->radius_step;
    s->have_last = true;

    /* Divergence (DESIGN §3). A loss or gradient that is not finite, or past
     * RS_DIVERGENCE_CEILING, at fresh weights means the last update threw
     * them off a cliff (Pascanu et al. 2013, Fig. 6): that update is undone
     * and its step is the one that failed — uncounted, and the step the next
     * attempt redoes on its own batch, so a cure toggled now (clipping, a
     * smaller learning rate) acts on the very gradient that did the damage. */
    const char *what = divergence_of(st->loss, st->grad_norm);
    if (what) {
        const double bad[RS_CURVE_KINDS] = {st->loss, st->acc, st->grad_norm};
        if (s->steps > 0 && !s->diverged) {
            undo_update(s);
            s->steps--;
            s->hist.next = (s->hist.next + s->hist.cap - 1) % s->hist.cap;
            if (s->hist.count > 0)
                s->hist.count--;
            s->retry_prev_batch = true;
        } else
            s->retry_batch = true;     /* nothing left to undo: these weights, this batch again */
        st->step = s->steps + 1;       /* the step that failed: the one to redo */
        /* σ_max and the bound of the weights kept, for the summary and the
         * theory panel (the row keeps those of the weights that failed). */
        rs_spectral_sigma(m, s->m.spectral_ws, &s->spectral);
        rs_curve_add(&s->curve, st->step, bad, RS_DIVERGENCE_CEILING);
        return diverge(s, what);
    }

    memcpy(s->m.undo_params, m->param_block, n * sizeof(double));
    memcpy(s->m.undo_m, s->m.opt->m, n * sizeof(double));
    memcpy(s->m.undo_v, s->m.opt->v, n * sizeof(double));
    s->undo_t = s->m.opt->t;
    rs_optimizer_update(&s->set.optimizer, s->m.opt, m->param_block, s->m.clipped);
    if (!rs_all_finite(m->param_block, n)) {
        undo_update(s);
        s->retry_batch = true;
        return diverge(s, "the update overflowed the weights");
    }


    s->steps++;
    s->diverged = false;
    s->divergence = "";
    history_push(s);
    const double curve[RS_CURVE_KINDS] = {st->loss, st->acc, st->grad_norm};
    rs_curve_add(&s->curve, st->step, curve, RS_DIVERGENCE_CEILING);
    return RS_STEP_OK;
}

rs_step_status rs_session_step(rs_session *s)
{
    if (!s->bptt_active)
        begin_step(s);
    return finish_step(s);
}

void rs_session_differentiate(rs_session *s, rs_step_stats *st)
{
    /* begin_step writes the new pass's loss into `last`; the last step's
     * record stays as it was. */
    const double loss = s->last.loss, acc = s->last.acc;
    if (!s->bptt_active)
        begin_step(s);
    rs_bptt_finish(&s->cursor, s->m.model);
    s->bptt_active = false;
    const int T = s->set.task.length;
    *st = (rs_step_stats){
        .step = s->steps, .T = T, .loss = s->last.loss, .acc = s->last.acc,
        .grad_norm = rs_norm(s->m.model->grad_block, s->m.model->nparams), .clip_scale = 1.0,
        .reach = rs_reach(s->d.ws->g_h, T), .decay = rs_mean_decay(s->d.ws->g_h, T),
    };
    s->last.loss = loss;
    s->last.acc = acc;
}

/* ---- step-through ------------------------------------------------------------ */

void rs_session_bptt_begin(rs_session *s)
{
    if (s->bptt_active)
        return;
    begin_step(s);
    s->bptt_active = true;
    s->bptt_product = 1.0;
    s->have_bptt_view = false;
}

bool rs_session_bptt_step(rs_session *s, rs_bptt_view *view)
{
    if (!s->bptt_active)
        return false;
    rs_workspace *ws = s->d.ws;
    const int t = s->cursor.t, T = ws->T;
    if (!rs_bptt_step(&s->cursor))
        return false;
    touch(s);
    const size_t BG = (size_t)ws->B * ws->G;
    view->t = t;
    view->delta_norm = rs_norm(ws->delta + (size_t)(t - 1) * BG, BG);
    view->g_h = ws->g_h[t - 1];
    view->ratio = ws->g_h[T - 1] > 0.0 ? ws->g_h[t - 1] / ws->g_h[T - 1] : NAN;
    view->jacobian = NAN;
    if (t < T) {
        view->jacobian = rs_local_jacobian_norm(s->m.model, ws, t);
        s->bptt_product *= view->jacobian;
    }
    view->product = s->bptt_product;
    s->bptt_view = *view;
    s->have_bptt_view = true;
    return true;
}

rs_step_status rs_session_bptt_finish(rs_session *s)
{
    return rs_session_step(s);
}

bool rs_session_bptt_active(const rs_session *s) { return s->bptt_active; }

bool rs_session_bptt_last(const rs_session *s, rs_bptt_view *view)
{
    if (!s->bptt_active || !s->have_bptt_view)
        return false;
    *view = s->bptt_view;
    return true;
}
int rs_session_bptt_t(const rs_session *s) { return s->bptt_active ? s->cursor.t : 0; }

/* ---- reading ------------------------------------------------------------------- */

const rs_config *rs_session_config(const rs_session *s) { return &s->cfg; }
const rs_settings *rs_session_settings(const rs_session *s) { return &s->set; }
const rs_model *rs_session_model(const rs_session *s) { return s->m.model; }
const rs_task_spec *rs_session_task(const rs_session *s) { return &s->set.task; }
const rs_batch *rs_session_batch(const rs_session *s) { return s->d.batch; }
const rs_workspace *rs_session_workspace(const rs_session *s) { return s->d.ws; }
long rs_session_steps(const rs_session *s) { return s->steps; }
long rs_session_revision(const rs_session *s) { return s->revision; }
bool rs_session_diverged(const rs_session *s) { return s->diverged; }
long rs_session_diverged_at(const rs_session *s) { return s->diverged_at; }
const char *rs_session_divergence(const rs_session *s) { return s->divergence; }
double rs_session_chance_loss(const rs_session *s) { return rs_task_chance_loss(&s->set.task); }
rs_spectral rs_session_spectral(const rs_session *s) { return s->spectral; }

const rs_step_stats *rs_session_last(const rs_session *s)
{
    return s->have_last ? &s->last : NULL;
}

const double *rs_session_vector(const rs_session *s, rs_vector_kind k)
{
    const rs_workspace *ws = s->d.ws;
    switch (k) {
    case RS_VEC_G_H: return ws->g_h;
    case RS_VEC_G_X: return ws->g_x;
    case RS_VEC_G_W: return ws->g_w;
    case RS_VEC_DACT: return ws->dact;
    case RS_VEC_SAT: return ws->sat;
    case RS_VEC_G_C: return ws->g_c;
    default: return NULL;
    }
}

const rs_curve *rs_session_curve(const rs_session *s) { return &s->curve; }

size_t rs_session_history_count(const rs_session *s) { return s->hist.count; }

static size_t history_slot(const rs_session *s, size_t i)
{
    return (s->hist.next + s->hist.cap - s->hist.count + i) % s->hist.cap;
}

const rs_step_stats *rs_session_history_stats(const rs_session *s, size_t i)
{
    return i < s->hist.count ? &s->hist.stats[history_slot(s, i)] : NULL;
}

const double *rs_session_history_vector(const rs_session *s, size_t i, rs_vector_kind k)
{
    if (i >= s->hist.count || k < 0 || k >= RS_VEC_KINDS)
        return NULL;
    const size_t slot = history_slot(s, i);
    if (s->hist.stats[slot].T != s->hist.T || s->hist.stats[slot].step < s->hist.vec_since)
        return NULL;
    return s->hist.vec + (slot * RS_VEC_KINDS + (size_t)k) * (size_t)s->hist.T;
}

void rs_session_unit_norms(const rs_session *s, double *out)
{
    const rs_workspace *ws = s->d.ws;
    const int T = ws->T, B = ws->B, H = ws->H;
    const int t_from = s->bptt_active ? s->cursor.t + 1 : 1;
    for (int u = 0; u < H; u++)
        for (int t = 1; t <= T; t++) {
            double ss = 0.0;
            if (t >= t_from) {
                const double *dh = ws->dh + (size_t)t * B * H;   /* block 0 is unused */
                for (int b = 0; b < B; b++)
                    ss += dh[(size_t)b * H + u] * dh[(size_t)b * H + u];
            }
            out[(size_t)u * T + (t - 1)] = sqrt(ss);
        }
}
