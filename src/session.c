/* One training run: turns a config into engine specs, owns the model, the
 * task's batches, the optimiser and the statistics history, and trains one
 * step at a time. The TUI and the CLI both drive this API. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "session_private.h"

const char *const rs_vector_names[] = {"g_h", "g_x", "g_w", "dact", "sat", "g_c", NULL};

/* ---- config → engine specs -------------------------------------------- */

static int choice(const char *const names[], const char *value, const char *key, char *err, size_t errlen)
{
    int i = rs_name_index(names, value);
    if (i < 0)
        snprintf(err, errlen, "%s: '%s' is not supported by the engine", key, value ? value : "");
    return i;
}

/* text: the corpus the text task reads (NULL when no file is loaded). */
static int settings_from_config(rs_settings *set, const rs_config *cfg, const rs_text *text, char *err,
                                size_t errlen)
{
    int cell = choice(rs_cell_names, cfg->model.cell, "model.cell", err, errlen);
    int act = choice(rs_activation_names, cfg->model.activation, "model.activation", err, errlen);
    int rec = choice(rs_init_names, cfg->init.recurrent, "init.recurrent", err, errlen);
    int inp = choice(rs_init_names, cfg->init.input, "init.input", err, errlen);
    int task = choice(rs_task_names, cfg->task.name, "task.name", err, errlen);
    int opt = choice(rs_optimizer_names, cfg->train.optimizer, "train.optimizer", err, errlen);
    int clip = choice(rs_clip_names, cfg->train.clip, "train.clip", err, errlen);
    if (cell < 0 || act < 0 || rec < 0 || inp < 0 || task < 0 || opt < 0 || clip < 0)
        return -1;

    *set = (rs_settings){0};
    set->task = (rs_task_spec){
        .kind = (rs_task_kind)task, .length = (int)cfg->task.length,
        .copy_length = (int)cfg->task.copy_length, .alphabet = (int)cfg->task.alphabet,
        .keys = (int)cfg->task.keys, .text = task == RS_TASK_TEXT ? text : NULL,
    };
    if (rs_task_check(&set->task, err, errlen) != 0)
        return -1;
    const rs_task_shape shape = rs_task_shape_of(&set->task);
    set->model = (rs_model_spec){
        .cell = (rs_cell)cell, .activation = (rs_activation)act,
        .leaky_slope = cfg->model.leaky_slope, .input = shape.input,
        .hidden = (int)cfg->model.hidden, .output = shape.output,
        .readout = shape.readout, .loss = shape.loss, .skip = (int)cfg->model.skip,
    };
    /* init.std, init.range and init.gain all describe W_hh; which one applies
     * depends on its kind (rs_init_matrix's scale). */
    double recurrent_scale = cfg->init.gain;
    if (rec == RS_INIT_GAUSSIAN)
        recurrent_scale = cfg->init.std;
    else if (rec == RS_INIT_UNIFORM)
        recurrent_scale = cfg->init.range;
    set->init = (rs_init_spec){
        .recurrent = (rs_init)rec, .input = (rs_init)inp,
        .recurrent_scale = recurrent_scale, .input_scale = cfg->init.input_scale,
        .bias = cfg->init.bias, .forget_bias = cfg->init.forget_bias,
    };
    /* Adam's β₁ = 0.9, β₂ = 0.999, ε = 1e−8: Kingma & Ba 2015's defaults. */
    set->optimizer = (rs_optimizer_spec){
        .kind = (rs_optimizer)opt, .lr = cfg->train.lr, .momentum = cfg->train.momentum,
        .beta1 = 0.9, .beta2 = 0.999, .eps = 1e-8,
    };
    set->clip = (rs_clip)clip;
    set->clip_threshold = cfg->train.clip_threshold;
    set->tbptt = (int)cfg->train.tbptt;
    set->batch = (int)cfg->train.batch;
    set->history = (size_t)cfg->stats.history;
    set->spectral_every = cfg->stats.spectral_every;
    return 0;
}

/* Keys that define the network or its starting point: changing one starts
 * over from the seeds, so two settings are compared from the same weights on
 * the same batches (DESIGN §3 Seeds). All other keys continue training. */
bool rs_key_resets(const char *key)
{
    static const char *const prefixes[] = {
        "model.", "init.", "task.name", "task.seed", "task.copy_length", "task.alphabet",
        "task.keys", "task.file", "train.seed", NULL,
    };
    for (int i = 0; prefixes[i]; i++)
        if (strncmp(key, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

/* ---- the parts, each allocated when its sizes change ---------------------- */

typedef struct {
    rs_model *model;
    rs_optimizer_state *opt;
    rs_spectral_workspace *spectral_ws;
    double *clipped, *params_before, *undo_params, *undo_m, *undo_v;
} model_parts;

typedef struct {
    rs_workspace *ws;
    rs_batch *batch, *prev_batch;
} data_parts;

typedef struct {
    size_t cap;
    int T;
    rs_step_stats *stats;
    double *vec;
} history_parts;

static void model_parts_free(model_parts *p)
{
    rs_model_free(p->model);
    rs_optimizer_free(p->opt);
    rs_spectral_workspace_free(p->spectral_ws);
    free(p->clipped);
    free(p->params_before);
    free(p->undo_params);
    free(p->undo_m);
    free(p->undo_v);
}

static bool model_parts_alloc(model_parts *p, const rs_settings *set)
{
    *p = (model_parts){0};
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

static void data_parts_free(data_parts *p)
{
    rs_workspace_free(p->ws);
    rs_batch_free(p->batch);
    rs_batch_free(p->prev_batch);
}

static bool data_parts_alloc(data_parts *p, const rs_settings *set)
{
    p->ws = rs_workspace_create(&set->model, set->task.length, set->batch);
    p->batch = rs_batch_create(&set->task, set->batch);
    p->prev_batch = rs_batch_create(&set->task, set->batch);
    if (p->ws && p->batch && p->prev_batch)
        return true;
    data_parts_free(p);
    return false;
}

static void history_parts_free(history_parts *p)
{
    free(p->stats);
    free(p->vec);
}

static bool history_parts_alloc(history_parts *p, const rs_settings *set)
{
    p->cap = set->history;
    p->T = set->task.length;
    p->stats = calloc(p->cap, sizeof *p->stats);
    p->vec = calloc(p->cap * RS_VEC_KINDS * (size_t)p->T, sizeof(double));
    if (p->stats && p->vec)
        return true;
    history_parts_free(p);
    return false;
}

static void take_model_parts(rs_session *s, model_parts *p)
{
    model_parts old = {s->model, s->opt, s->spectral_ws, s->clipped, s->params_before, s->undo_params, s->undo_m,
                       s->undo_v};
    model_parts_free(&old);
    s->model = p->model;
    s->opt = p->opt;
    s->spectral_ws = p->spectral_ws;
    s->clipped = p->clipped;
    s->params_before = p->params_before;
    s->undo_params = p->undo_params;
    s->undo_m = p->undo_m;
    s->undo_v = p->undo_v;
}

static void take_data_parts(rs_session *s, data_parts *p)
{
    data_parts old = {s->ws, s->batch, s->prev_batch};
    data_parts_free(&old);
    s->ws = p->ws;
    s->batch = p->batch;
    s->prev_batch = p->prev_batch;
    s->retry_batch = s->retry_prev_batch = false;   /* a batch of another shape cannot be retried */
}

/* keep_stats: the ring keeps its capacity and only the length changed, so the
 * scalar records (the loss curve) stay; their vectors, of the old length, go. */
static void take_history_parts(rs_session *s, history_parts *p, bool keep_stats)
{
    if (keep_stats && p->cap == s->hist_cap)
        memcpy(p->stats, s->hist_stats, p->cap * sizeof *p->stats);
    else
        s->hist_count = s->hist_next = 0;
    history_parts old = {s->hist_cap, s->hist_T, s->hist_stats, s->hist_vec};
    history_parts_free(&old);
    s->hist_cap = p->cap;
    s->hist_T = p->T;
    s->hist_stats = p->stats;
    s->hist_vec = p->vec;
}

/* ---- life cycle ------------------------------------------------------------ */

void rs_session_reset(rs_session *s)
{
    s->bptt_active = false;
    gsl_rng_set(s->weight_rng, (unsigned long)s->cfg.train.seed);
    gsl_rng_set(s->data_rng, (unsigned long)s->cfg.task.seed);
    rs_model_init(s->model, &s->set.init, s->weight_rng);
    memset(s->model->grad_block, 0, s->model->nparams * sizeof(double));
    rs_optimizer_reset(s->opt);
    s->steps = 0;
    s->retry_batch = s->retry_prev_batch = s->diverged = s->have_last = false;
    s->diverged_at = 0;
    s->divergence = "";
    s->hist_count = s->hist_next = 0;
    s->spectral = rs_spectral_compute(s->model, s->spectral_ws);
}

/* The text task's file, read when the task is text and the file is not the
 * one already read (into the empty `into`; path is updated). */
static int read_text(rs_text *into, char *path, const rs_config *cfg, char *err, size_t errlen)
{
    if (strcmp(cfg->task.name, "text") != 0 || (path[0] && strcmp(path, cfg->task.file) == 0))
        return 0;
    if (!cfg->task.file[0]) {
        snprintf(err, errlen, "task.file: the text task needs a text file, e.g. --set task.file=notes.txt");
        return -1;
    }
    if (rs_text_load(into, cfg->task.file, err, errlen) != 0)
        return -1;
    snprintf(path, sizeof ((rs_config *)0)->task.file, "%s", cfg->task.file);
    return 0;
}

rs_session *rs_session_create(const rs_config *cfg, char *err, size_t errlen)
{
    /* GSL's default error handler aborts; rnnscope checks return codes. */
    gsl_set_error_handler_off();

    rs_session *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (read_text(&s->text, s->text_path, cfg, err, errlen) != 0 ||
        settings_from_config(&s->set, cfg, &s->text, err, errlen) != 0) {
        rs_text_free(&s->text);
        free(s);
        return NULL;
    }
    s->cfg = *cfg;
    model_parts mp;
    data_parts dp;
    history_parts hp;
    bool ok = model_parts_alloc(&mp, &s->set);
    if (ok) take_model_parts(s, &mp);
    ok = ok && data_parts_alloc(&dp, &s->set);
    if (ok) take_data_parts(s, &dp);
    ok = ok && history_parts_alloc(&hp, &s->set);
    if (ok) take_history_parts(s, &hp, false);
    s->weight_rng = gsl_rng_alloc(gsl_rng_mt19937);
    s->data_rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!ok || !s->weight_rng || !s->data_rng) {
        snprintf(err, errlen, "out of memory (model.hidden = %ld, task.length = %ld, train.batch = %ld)",
                 cfg->model.hidden, cfg->task.length, cfg->train.batch);
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
    model_parts mp = {0};
    data_parts dp = {0};
    history_parts hp = {0};
    take_model_parts(s, &mp);
    take_data_parts(s, &dp);
    take_history_parts(s, &hp, false);
    gsl_rng_free(s->weight_rng);
    gsl_rng_free(s->data_rng);
    rs_text_free(&s->text);
    free(s);
}

/* Which keys differ between two configs, by their text form. */
static bool any_key_changed(const rs_config *a, const rs_config *b, bool resets)
{
    char va[1100], vb[1100];
    for (size_t i = 0; i < rs_nkeys; i++) {
        if (rs_key_resets(rs_keys[i].key) != resets)
            continue;
        rs_config_format(a, &rs_keys[i], va, sizeof va);
        rs_config_format(b, &rs_keys[i], vb, sizeof vb);
        if (strcmp(va, vb) != 0)
            return true;
    }
    return false;
}

int rs_session_configure(rs_session *s, const rs_config *cfg, char *err, size_t errlen)
{
    /* A new text file is read aside and only taken when all else succeeds. */
    char fresh_path[sizeof s->text_path];
    memcpy(fresh_path, s->text_path, sizeof fresh_path);
    rs_text fresh = {0};
    if (read_text(&fresh, fresh_path, cfg, err, errlen) != 0)
        return -1;
    const bool new_text = fresh.symbols != NULL;
    rs_settings set;
    if (settings_from_config(&set, cfg, new_text ? &fresh : &s->text, err, errlen) != 0) {
        rs_text_free(&fresh);
        return -1;
    }
    const bool reset = any_key_changed(&s->cfg, cfg, true);
    /* A reset may change the sizes (task, hidden size): it rebuilds everything. */
    const bool new_model = reset;
    const bool new_data = reset || set.task.length != s->set.task.length || set.batch != s->set.batch;
    const bool new_history = set.history != s->set.history || set.task.length != s->hist_T;

    /* Allocate everything new first: on failure nothing has changed. */
    model_parts mp = {0};
    data_parts dp = {0};
    history_parts hp = {0};
    bool ok = (!new_model || model_parts_alloc(&mp, &set)) &&
              (!new_data || data_parts_alloc(&dp, &set)) &&
              (!new_history || history_parts_alloc(&hp, &set));
    if (!ok) {
        model_parts_free(&mp);
        data_parts_free(&dp);
        history_parts_free(&hp);
        rs_text_free(&fresh);
        snprintf(err, errlen, "out of memory (model.hidden = %ld, task.length = %ld, train.batch = %ld)",
                 cfg->model.hidden, cfg->task.length, cfg->train.batch);
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
    if (new_model) take_model_parts(s, &mp);
    if (new_data) take_data_parts(s, &dp);
    if (new_history) take_history_parts(s, &hp, !reset);
    if (reset)
        rs_session_reset(s);
    else {
        if (new_optimizer)
            rs_optimizer_reset(s->opt);     /* moments of one optimiser mean nothing to another */
        if (new_data)
            s->have_last = false;           /* the last step's vectors had another shape */
    }
    return 0;
}

/* ---- training --------------------------------------------------------------- */

/* The spectral statistics of the weights this step trains with, before its
 * update, so that a step's row pairs its gradients with their σ_max: σ_max
 * and the bound every step (warm-started, cheap). ρ and the eigenvalues of
 * the weights of every `every`-th step (rs_spectral_eigen_every: a rule of
 * the sizes alone, at least stats.spectral_every) are computed on the
 * spectral workspace's thread and published every/2 steps later, so that
 * training never waits for them. stats.spectral_every = 0: only at a reset. */
static void spectral_before_step(rs_session *s)
{
    if (s->set.spectral_every <= 0)
        return;
    rs_spectral_sigma(s->model, s->spectral_ws, &s->spectral);
    const long every = rs_spectral_eigen_every(&s->set.model, s->set.task.length, s->set.batch, s->set.spectral_every);
    const long k = s->steps + 1;
    if (k % every == every / 2)
        rs_spectral_eigen_finish(s->spectral_ws, &s->spectral);
    if (k % every == 0)
        rs_spectral_eigen_start(s->model, s->spectral_ws);
}

/* The first half of a step: a batch, the forward pass, the loss, and the
 * backward pass made ready at t = T. */
static void begin_step(rs_session *s)
{
    if (!s->retry_batch) {
        /* `batch` becomes the previous batch; the one before is drawn over,
         * unless the update of the previous step was undone and its batch
         * is the one to try again. */
        rs_batch *t = s->prev_batch;
        s->prev_batch = s->batch;
        s->batch = t;
        if (!s->retry_prev_batch)
            rs_task_generate(&s->set.task, s->batch, s->data_rng);
    }
    s->retry_batch = s->retry_prev_batch = false;
    spectral_before_step(s);
    rs_forward(s->model, s->ws, s->batch, 1, s->set.task.length);
    s->last.loss = rs_loss_forward(s->model, s->ws, s->batch, &s->last.acc);
    rs_bptt_begin(&s->cursor, s->model, s->ws, s->batch, s->set.tbptt);
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
    const size_t n = s->model->nparams;
    memcpy(s->model->param_block, s->undo_params, n * sizeof(double));
    memcpy(s->opt->m, s->undo_m, n * sizeof(double));
    memcpy(s->opt->v, s->undo_v, n * sizeof(double));
    s->opt->t = s->undo_t;
}

static void history_push(rs_session *s)
{
    const size_t slot = s->hist_next;
    s->hist_stats[slot] = s->last;
    double *v = s->hist_vec + slot * RS_VEC_KINDS * (size_t)s->hist_T;
    for (int k = 0; k < RS_VEC_KINDS; k++)
        memcpy(v + (size_t)k * s->hist_T, rs_session_vector(s, (rs_vector_kind)k), (size_t)s->hist_T * sizeof(double));
    s->hist_next = (slot + 1) % s->hist_cap;
    if (s->hist_count < s->hist_cap)
        s->hist_count++;
}

/* The second half: the rest of BPTT, the statistics, clipping, the update. */
static rs_step_status finish_step(rs_session *s)
{
    rs_model *m = s->model;
    const size_t n = m->nparams;
    const int T = s->set.task.length;
    rs_bptt_finish(&s->cursor, m);
    s->bptt_active = false;
    memcpy(s->params_before, m->param_block, n * sizeof(double));

    rs_step_stats *st = &s->last;
    st->step = s->steps + 1;
    st->T = T;
    st->grad_norm = rs_norm(m->grad_block, n);
    st->clip_scale = rs_clip_gradients(s->clipped, m->grad_block, n, s->set.clip, s->set.clip_threshold);
    st->reach = rs_reach(s->ws->g_h, T);
    st->decay = rs_mean_decay(s->ws->g_h, T);
    s->have_last = true;

    /* Divergence (DESIGN §3). A non-finite loss or gradient at fresh weights
     * means the last update threw them off a cliff (Pascanu et al. 2013,
     * Fig. 6): that update is undone, its step uncounted, and the next step
     * tries its batch again — so a cure toggled now (clipping, a smaller
     * learning rate) acts on the very gradient that did the damage. */
    const bool loss_bad = !isfinite(st->loss), grad_bad = !isfinite(st->grad_norm);
    if (loss_bad || grad_bad) {
        const char *what = loss_bad ? (isnan(st->loss) ? "the loss became NaN" : "the loss became Inf")
                                    : (isnan(st->grad_norm) ? "the gradient became NaN" : "the gradient became Inf");
        if (s->steps > 0 && !s->diverged) {
            undo_update(s);
            s->steps--;
            s->hist_next = (s->hist_next + s->hist_cap - 1) % s->hist_cap;
            if (s->hist_count > 0)
                s->hist_count--;
            s->retry_prev_batch = true;
        } else
            s->retry_batch = true;     /* nothing left to undo: these weights, this batch again */
        return diverge(s, what);
    }

    memcpy(s->undo_params, m->param_block, n * sizeof(double));
    memcpy(s->undo_m, s->opt->m, n * sizeof(double));
    memcpy(s->undo_v, s->opt->v, n * sizeof(double));
    s->undo_t = s->opt->t;
    rs_optimizer_update(&s->set.optimizer, s->opt, m->param_block, s->clipped);
    if (!rs_all_finite(m->param_block, n)) {
        undo_update(s);
        s->retry_batch = true;
        return diverge(s, "the update overflowed the weights");
    }

    s->steps++;
    s->diverged = false;
    s->divergence = "";
    history_push(s);
    return RS_STEP_OK;
}

rs_step_status rs_session_step(rs_session *s)
{
    if (!s->bptt_active)
        begin_step(s);
    return finish_step(s);
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
    rs_workspace *ws = s->ws;
    const int t = s->cursor.t, T = ws->T;
    if (!rs_bptt_step(&s->cursor))
        return false;
    const size_t BG = (size_t)ws->B * ws->G;
    view->t = t;
    view->delta_norm = rs_norm(ws->delta + (size_t)(t - 1) * BG, BG);
    view->g_h = ws->g_h[t - 1];
    view->ratio = ws->g_h[T - 1] > 0.0 ? ws->g_h[t - 1] / ws->g_h[T - 1] : NAN;
    view->jacobian = NAN;
    if (t < T) {
        view->jacobian = rs_local_jacobian_norm(s->model, ws, t);
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
const rs_model *rs_session_model(const rs_session *s) { return s->model; }
const rs_task_spec *rs_session_task(const rs_session *s) { return &s->set.task; }
const rs_batch *rs_session_batch(const rs_session *s) { return s->batch; }
const rs_workspace *rs_session_workspace(const rs_session *s) { return s->ws; }
long rs_session_steps(const rs_session *s) { return s->steps; }
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
    const rs_workspace *ws = s->ws;
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

size_t rs_session_history_count(const rs_session *s) { return s->hist_count; }

static size_t history_slot(const rs_session *s, size_t i)
{
    return (s->hist_next + s->hist_cap - s->hist_count + i) % s->hist_cap;
}

const rs_step_stats *rs_session_history_stats(const rs_session *s, size_t i)
{
    return i < s->hist_count ? &s->hist_stats[history_slot(s, i)] : NULL;
}

const double *rs_session_history_vector(const rs_session *s, size_t i, rs_vector_kind k)
{
    if (i >= s->hist_count || k < 0 || k >= RS_VEC_KINDS)
        return NULL;
    const size_t slot = history_slot(s, i);
    if (s->hist_stats[slot].T != s->hist_T)
        return NULL;
    return s->hist_vec + (slot * RS_VEC_KINDS + (size_t)k) * (size_t)s->hist_T;
}
