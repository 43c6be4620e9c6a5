/* The session: reproducibility, step-through, divergence and recovery,
 * what each kind of config change does, the history ring, no allocation in
 * a training step, and every bundled scenario. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "check_main.h"

#include "rnnscope/pair.h"
#include "rnnscope/session.h"

/* Every malloc/calloc/realloc of rnnscope's own code passes through these
 * (the test links with -Wl,--wrap=…), so a training step can be watched. */
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
static long allocations;
static rs_error why;   /* what the session calls report */
void *__wrap_malloc(size_t n) { allocations++; return __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t size) { allocations++; return __real_calloc(n, size); }
void *__wrap_realloc(void *p, size_t n) { allocations++; return __real_realloc(p, n); }

static rs_config config(const char *const *sets)
{
    rs_config cfg;
    char err[1024];
    rs_config_defaults(&cfg);
    rs_config_set(&cfg, "model.hidden", "12", err, sizeof err);
    rs_config_set(&cfg, "task.length", "15", err, sizeof err);
    rs_config_set(&cfg, "train.batch", "4", err, sizeof err);
    for (int i = 0; sets && sets[i]; i++)
        ck_assert_msg(rs_config_set_arg(&cfg, sets[i], err, sizeof err) == 0, "%s", err);
    return cfg;
}

static rs_session *create(const rs_config *cfg)
{
    rs_session *s = rs_session_create(cfg, &why);
    ck_assert_msg(s != NULL, "%s", why.msg);
    return s;
}

static void assert_same_weights(const rs_session *a, const rs_session *b)
{
    const rs_model *ma = rs_session_model(a), *mb = rs_session_model(b);
    ck_assert_uint_eq(ma->nparams, mb->nparams);
    ck_assert_mem_eq(ma->param_block, mb->param_block, ma->nparams * sizeof(double));
}

static bool same_weights(const rs_session *a, const rs_session *b)
{
    const rs_model *ma = rs_session_model(a), *mb = rs_session_model(b);
    return ma->nparams == mb->nparams && memcmp(ma->param_block, mb->param_block, ma->nparams * sizeof(double)) == 0;
}

/* The revision changes with everything that changes what a session shows
 * (a step, a step-through, an attempt that diverged, a reset, a configure)
 * and with nothing else; two sessions never share one, not even a session
 * created where a freed one was. */
START_TEST(test_revision)
{
    rs_config cfg = config(NULL);
    rs_session *s = create(&cfg);
    long seen[16];
    int n = 0;
    seen[n++] = rs_session_revision(s);
    /* reading changes nothing */
    (void)rs_session_last(s);
    (void)rs_session_vector(s, RS_VEC_G_H);
    ck_assert_int_eq(rs_session_revision(s), seen[0]);
    rs_session_step(s);
    seen[n++] = rs_session_revision(s);
    rs_session_bptt_begin(s);
    seen[n++] = rs_session_revision(s);
    rs_bptt_view v;
    ck_assert(rs_session_bptt_step(s, &v));
    seen[n++] = rs_session_revision(s);
    rs_session_bptt_finish(s);
    seen[n++] = rs_session_revision(s);
    char err[512];
    rs_config next = *rs_session_config(s);
    rs_config_set(&next, "train.tbptt", "5", err, sizeof err);
    ck_assert_int_eq(rs_session_configure(s, &next, &why), 0);
    seen[n++] = rs_session_revision(s);
    rs_session_reset(s);
    seen[n++] = rs_session_revision(s);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            ck_assert_int_ne(seen[i], seen[j]);
    const long before_free = rs_session_revision(s);
    rs_session_free(s);
    rs_session *again = create(&cfg);
    ck_assert_int_ne(rs_session_revision(again), before_free);
    for (int i = 0; i < n; i++)
        ck_assert_int_ne(rs_session_revision(again), seen[i]);
    rs_session_free(again);

    /* An attempt that diverges is a change too (its pass is what is shown). */
    const char *const relu[] = {"model.activation=relu", "init.recurrent=identity", "init.gain=3", "train.lr=10", NULL};
    rs_config bad = config(relu);
    rs_session *d = create(&bad);
    for (int i = 0; i < 50 && !rs_session_diverged(d); i++) {
        const long r = rs_session_revision(d);
        rs_session_step(d);
        ck_assert_int_ne(rs_session_revision(d), r);
    }
    ck_assert(rs_session_diverged(d));
    const long r = rs_session_revision(d);
    rs_session_step(d);
    ck_assert_int_ne(rs_session_revision(d), r);
    rs_session_free(d);
}
END_TEST

/* Same config and seeds ⇒ bit-identical runs; another seed ⇒ another run. */
START_TEST(test_reproducible)
{
    const char *const tasks[] = {"task.name=adding", "task.name=copy", "task.name=temporal", "task.name=remember"};
    const char *const cells[] = {"model.cell=rnn", "model.cell=lstm", "model.cell=gru", "model.cell=skip"};
    const char *sets[] = {tasks[_i % 4], "task.length=25", "train.optimizer=adam", cells[_i / 4], "model.skip=4", NULL};
    rs_config cfg = config(sets);
    rs_session *a = create(&cfg), *b = create(&cfg);
    for (int i = 0; i < 30; i++) {
        ck_assert_int_eq(rs_session_step(a), RS_STEP_OK);
        ck_assert_int_eq(rs_session_step(b), RS_STEP_OK);
    }
    assert_same_weights(a, b);
    ck_assert_uint_eq(rs_session_history_count(a), 30);
    for (size_t i = 0; i < 30; i++) {
        ck_assert_mem_eq(rs_session_history_stats(a, i), rs_session_history_stats(b, i), sizeof(rs_step_stats));
        for (int k = 0; k < RS_VEC_KINDS; k++)
            ck_assert_mem_eq(rs_session_history_vector(a, i, (rs_vector_kind)k),
                             rs_session_history_vector(b, i, (rs_vector_kind)k), 25 * sizeof(double));
    }
    for (const char *const *seed = (const char *const[]){"train.seed=2", "task.seed=2", NULL}; *seed; seed++) {
        const char *other[] = {tasks[_i % 4], "task.length=25", "train.optimizer=adam", cells[_i / 4], "model.skip=4",
                               *seed, NULL};
        rs_config cfg2 = config(other);
        rs_session *c = create(&cfg2);
        for (int i = 0; i < 30; i++)
            rs_session_step(c);
        ck_assert(!same_weights(a, c));
        rs_session_free(c);
    }
    rs_session_free(a);
    rs_session_free(b);
}
END_TEST

/* A step taken one BPTT timestep at a time is the same step, bit for bit. */
START_TEST(test_step_through_equals_step)
{
    const char *const cells[] = {"model.cell=rnn", "model.cell=lstm", "model.cell=gru", "model.cell=skip"};
    const char *sets[] = {"train.clip=norm", "train.clip_threshold=0.1", "train.tbptt=6", cells[_i], "model.skip=3",
                          NULL};
    const bool gated = _i == 1 || _i == 2;
    rs_config cfg = config(sets);
    rs_session *a = create(&cfg), *b = create(&cfg);
    for (int i = 0; i < 5; i++) {
        rs_session_step(a);
        rs_session_bptt_begin(b);
        ck_assert(rs_session_bptt_active(b));
        ck_assert_int_eq(rs_session_bptt_t(b), 15);
        rs_bptt_view v;
        for (int t = 15; t > 7; t--) {
            ck_assert(rs_session_bptt_step(b, &v));
            ck_assert_int_eq(v.t, t);
            ck_assert(v.g_h == rs_session_vector(b, RS_VEC_G_H)[t - 1]);
            if (t < 15) {
                ck_assert(v.jacobian >= 0.0);
                if (!gated)     /* Pascanu's bound: for the rnn and skip's one-step path */
                    ck_assert(v.jacobian <= rs_session_spectral(b).bound * (1 + 1e-12));
            } else
                ck_assert(isnan(v.jacobian) && v.product == 1.0 && v.ratio == 1.0);
        }
        ck_assert_int_eq(rs_session_bptt_finish(b), RS_STEP_OK);
        ck_assert(!rs_session_bptt_active(b));
        assert_same_weights(a, b);
        for (int k = 0; k < RS_VEC_KINDS; k++)
            ck_assert_mem_eq(rs_session_vector(a, (rs_vector_kind)k), rs_session_vector(b, (rs_vector_kind)k),
                             15 * sizeof(double));
    }
    rs_session_free(a);
    rs_session_free(b);
}
END_TEST

/* Divergence (DESIGN §3): training halts at the first non-finite loss or
 * gradient, the update that led there is undone (the weights are those the
 * last counted step ran with, all finite), and nothing is lost: retrying
 * without a cure repeats that update bit for bit; a cure continues from the
 * kept weights on the same batch. */
static rs_session *run_until_diverged(const rs_config *cfg, double *before, double *before_prev, int *failed_at)
{
    rs_session *s = create(cfg);
    const rs_model *m = rs_session_model(s);
    const size_t n = m->nparams * sizeof(double);
    int step = 0;
    rs_step_status r = RS_STEP_OK;
    memcpy(before, m->param_block, n);
    while (step < 300 && r == RS_STEP_OK) {
        memcpy(before_prev, before, n);
        memcpy(before, m->param_block, n);
        r = rs_session_step(s);
        step++;
    }
    ck_assert_int_eq(r, RS_STEP_DIVERGED);
    *failed_at = step;
    return s;
}

START_TEST(test_divergence_and_cure)
{
    const char *sets[] = {"model.activation=tanh", "init.std=0.5", "train.lr=10", "task.length=40", NULL};
    rs_config cfg = config(sets);
    rs_session *probe = create(&cfg);
    const size_t n = rs_session_model(probe)->nparams * sizeof(double);
    rs_session_free(probe);
    double *before = malloc(n), *before_prev = malloc(n);
    int failed_at;
    rs_session *s = run_until_diverged(&cfg, before, before_prev, &failed_at);
    const rs_model *m = rs_session_model(s);
    ck_assert_int_gt(failed_at, 2);
    ck_assert(rs_session_diverged(s));
    /* Attempt failed_at went bad at the weights after step failed_at − 1:
     * that step's update is undone, and it is the failure — the step the
     * next attempt redoes, the one number the screen and the CSV show. */
    ck_assert_int_eq(rs_session_diverged_at(s), failed_at - 1);
    ck_assert_int_eq(rs_session_last(s)->step, failed_at - 1);
    ck_assert_int_eq(rs_session_steps(s), failed_at - 2);           /* the harmful update is uncounted */
    ck_assert_uint_eq(rs_session_history_count(s), (size_t)failed_at - 2);
    ck_assert_str_ne(rs_session_divergence(s), "");
    ck_assert(rs_all_finite(m->param_block, m->nparams));
    ck_assert_mem_eq(before_prev, m->param_block, n);
    const rs_step_stats *last = rs_session_last(s);
    /* not finite, or past the ceiling where numbers stop meaning anything */
    ck_assert(!(fabs(last->loss) <= RS_DIVERGENCE_CEILING) || !(last->grad_norm <= RS_DIVERGENCE_CEILING));

    /* no cure: the undone update is made again, exactly */
    ck_assert_int_eq(rs_session_step(s), RS_STEP_OK);
    ck_assert_mem_eq(before, m->param_block, n);
    ck_assert_int_eq(rs_session_steps(s), failed_at - 1);
    rs_session_free(s);

    /* a cure: a smaller learning rate and clipping, then train on */
    s = run_until_diverged(&cfg, before, before_prev, &failed_at);
    char err[512];
    rs_config cured = *rs_session_config(s);
    rs_config_set(&cured, "train.clip", "norm", err, sizeof err);
    rs_config_set(&cured, "train.clip_threshold", "1", err, sizeof err);
    rs_config_set(&cured, "train.lr", "0.05", err, sizeof err);
    ck_assert_int_eq(rs_session_configure(s, &cured, &why), 0);
    ck_assert_mem_eq(before_prev, rs_session_model(s)->param_block, n);
    for (int i = 0; i < 50; i++)
        ck_assert_int_eq(rs_session_step(s), RS_STEP_OK);
    ck_assert(!rs_session_diverged(s));
    ck_assert_int_eq(rs_session_steps(s), failed_at - 2 + 50);
    ck_assert_int_eq(rs_session_diverged_at(s), failed_at - 1); /* the first divergence is remembered */
    free(before);
    free(before_prev);
    rs_session_free(s);
}
END_TEST

/* Keys that continue keep the weights; keys that reset start over from the
 * seeds, exactly as a fresh session with the new config would. */
START_TEST(test_configure_continue_and_reset)
{
    rs_config cfg = config(NULL);
    rs_session *s = create(&cfg);
    for (int i = 0; i < 10; i++)
        rs_session_step(s);
    const rs_model *m = rs_session_model(s);
    const size_t n = m->nparams;
    double *trained = malloc(n * sizeof(double));
    memcpy(trained, m->param_block, n * sizeof(double));

    char err[512];
    rs_config next = *rs_session_config(s);
    rs_config_set(&next, "train.lr", "0.01", err, sizeof err);
    rs_config_set(&next, "train.optimizer", "momentum", err, sizeof err);
    rs_config_set(&next, "train.tbptt", "5", err, sizeof err);
    ck_assert(!rs_key_resets("train.lr") && !rs_key_resets("task.length") && !rs_key_resets("train.clip"));
    ck_assert_int_eq(rs_session_configure(s, &next, &why), 0);
    ck_assert_mem_eq(trained, rs_session_model(s)->param_block, n * sizeof(double));
    ck_assert_int_eq(rs_session_steps(s), 10);

    /* the length continues too; the loss curve stays, old vectors are gone */
    rs_config_set(&next, "task.length", "21", err, sizeof err);
    ck_assert_int_eq(rs_session_configure(s, &next, &why), 0);
    ck_assert_mem_eq(trained, rs_session_model(s)->param_block, n * sizeof(double));
    ck_assert_uint_eq(rs_session_history_count(s), 10);
    ck_assert_ptr_null(rs_session_history_vector(s, 9, RS_VEC_G_H));
    /* and back to the old length before a step: the old vectors stay gone
     * (they were never kept), they do not come back as zeros */
    rs_config_set(&next, "task.length", "15", err, sizeof err);
    ck_assert_int_eq(rs_session_configure(s, &next, &why), 0);
    ck_assert_int_eq(rs_session_history_stats(s, 9)->T, 15);
    ck_assert_ptr_null(rs_session_history_vector(s, 9, RS_VEC_G_H));
    rs_config_set(&next, "task.length", "21", err, sizeof err);
    ck_assert_int_eq(rs_session_configure(s, &next, &why), 0);
    ck_assert_int_eq(rs_session_step(s), RS_STEP_OK);
    ck_assert_int_eq(rs_session_history_stats(s, 10)->T, 21);
    ck_assert_int_eq(rs_session_history_stats(s, 10)->tbptt, 5);
    ck_assert_ptr_nonnull(rs_session_history_vector(s, 10, RS_VEC_G_H));

    /* the activation resets: the weights are those of a fresh session */
    ck_assert(rs_key_resets("model.activation") && rs_key_resets("init.recurrent") && rs_key_resets("train.seed"));
    rs_config_set(&next, "model.activation", "relu", err, sizeof err);
    ck_assert_int_eq(rs_session_configure(s, &next, &why), 0);
    ck_assert_int_eq(rs_session_steps(s), 0);
    ck_assert_uint_eq(rs_session_history_count(s), 0);
    rs_session *fresh = create(&next);
    assert_same_weights(s, fresh);
    rs_session_step(s);
    rs_session_step(fresh);
    assert_same_weights(s, fresh);      /* and the same batches */

    /* a new recurrent init keeps W_ih and W_hy: they are drawn first */
    rs_config_set(&next, "init.recurrent", "orthogonal", err, sizeof err);
    rs_session *ortho = create(&next);
    const rs_model *mf = rs_session_model(fresh), *mo = rs_session_model(ortho);
    rs_session_reset(fresh);
    ck_assert_mem_eq(mf->param.W_ih, mo->param.W_ih, (size_t)mf->spec.hidden * mf->spec.input * sizeof(double));
    ck_assert_mem_eq(mf->param.W_hy, mo->param.W_hy, (size_t)mf->spec.hidden * mf->spec.output * sizeof(double));
    ck_assert_mem_ne(mf->param.W_hh, mo->param.W_hh, (size_t)mf->spec.hidden * mf->spec.hidden * sizeof(double));

    /* a config the engine cannot build changes nothing */
    rs_config bad = next;
    rs_config_set(&bad, "task.name", "copy", err, sizeof err);
    rs_config_set(&bad, "task.length", "12", err, sizeof err);
    ck_assert_int_eq(rs_session_configure(ortho, &bad, &why), -1);
    ck_assert_str_eq(why.msg, "task.length: the copy task needs at least 2·task.copy_length+1 = 21 steps, got 12");
    ck_assert_str_eq(rs_session_config(ortho)->task.name, "adding");
    ck_assert_ptr_null(rs_session_create(&bad, &why));

    free(trained);
    rs_session_free(s);
    rs_session_free(fresh);
    rs_session_free(ortho);
}
END_TEST

START_TEST(test_history_ring)
{
    const char *sets[] = {"stats.history=16", NULL};
    rs_config cfg = config(sets);
    rs_session *s = create(&cfg);
    ck_assert_ptr_null(rs_session_last(s));
    for (int i = 0; i < 40; i++)
        rs_session_step(s);
    ck_assert_uint_eq(rs_session_history_count(s), 16);
    for (size_t i = 0; i < 16; i++)
        ck_assert_int_eq(rs_session_history_stats(s, i)->step, 25 + (long)i);
    ck_assert_ptr_null(rs_session_history_stats(s, 16));
    ck_assert_mem_eq(rs_session_history_vector(s, 15, RS_VEC_SAT), rs_session_vector(s, RS_VEC_SAT),
                     15 * sizeof(double));
    rs_session_free(s);
}
END_TEST

/* No allocation inside a training step: the batch is a matrix dimension and
 * every buffer is sized when the sizes change. */
START_TEST(test_no_allocation_in_a_step)
{
    const char *const variants[][7] = {
        {"train.optimizer=adam", "train.clip=norm", "stats.spectral_every=1", NULL},
        {"task.name=copy", "task.length=30", "train.clip=value", "train.tbptt=7", NULL},
        {"model.activation=relu", "init.std=0.6", "train.lr=0.5", "task.length=40", NULL},   /* diverges */
        {"model.cell=lstm", "train.optimizer=adam", "train.clip=norm", "stats.spectral_every=1", NULL},
        {"model.cell=lstm", "task.name=copy", "task.length=30", "train.tbptt=7", NULL},
        {"model.cell=gru", "train.optimizer=adam", "train.clip=norm", "stats.spectral_every=1", NULL},
        {"model.cell=gru", "task.name=copy", "task.length=30", "train.tbptt=7", NULL},
        {"model.cell=skip", "model.skip=4", "train.optimizer=adam", "stats.spectral_every=1", NULL},
        {"model.cell=skip", "model.skip=5", "task.name=copy", "task.length=30", "train.tbptt=7", NULL},
        {"model.cell=lstm", "init.std=3", "init.input_scale=5", "train.lr=10", "task.length=40", NULL},  /* diverges */
    };
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        rs_config cfg = config(variants[v]);
        rs_session *s = create(&cfg);
        rs_session_step(s);
        allocations = 0;
        for (int i = 0; i < 30; i++)
            rs_session_step(s);
        ck_assert_msg(allocations == 0, "variant %zu: %ld allocations in 30 steps", v, allocations);
        rs_session_free(s);
    }
}
END_TEST

/* Every bundled scenario loads and trains 20 steps. */
START_TEST(test_bundled_scenarios_train)
{
    const char *dir = getenv("RNNSCOPE_SCENARIO_DIR");
    ck_assert_msg(dir != NULL, "RNNSCOPE_SCENARIO_DIR is not set");
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".scn") != 0)
            continue;
        char path[4096], err[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        rs_config cfg;
        rs_config_defaults(&cfg);
        ck_assert_msg(rs_config_load(&cfg, path, err, sizeof err) == 0, "%s", err);
        ck_assert_msg(cfg.scenario.title[0] && cfg.scenario.summary[0], "%s: needs a title and a summary", path);
        rs_session *s = rs_session_create(&cfg, &why);
        ck_assert_msg(s != NULL, "%s: %s", path, why.msg);
        for (int i = 0; i < 20; i++)
            rs_session_step(s);
        ck_assert_msg(rs_session_steps(s) > 0, "%s trained no step", path);
        rs_session_free(s);
        count++;
    }
    closedir(d);
    ck_assert_int_ge(count, 6);
}
END_TEST

START_TEST(test_export_needs_a_step)
{
    rs_config cfg = config(NULL);
    rs_session *s = create(&cfg);
    char err[256];
    FILE *f = tmpfile();
    ck_assert_int_eq(rs_session_export_state(s, f, err, sizeof err), -1);
    ck_assert_str_eq(err, "no training step yet: train at least one step before exporting");
    rs_session_step(s);
    ck_assert_int_eq(rs_session_export_state(s, f, err, sizeof err), 0);
    rs_session_bptt_begin(s);
    ck_assert_int_eq(rs_session_export_state(s, f, err, sizeof err), -1);
    fclose(f);
    rs_session_free(s);
}
END_TEST

/* ---- the cells ------------------------------------------------------------------ */

/* g_c is measured for the lstm and NaN for every other cell, in the last
 * step and in the history; the gated cells' spectral stats keep σ_max only. */
START_TEST(test_cell_vectors)
{
    const char *const cells[] = {"model.cell=rnn", "model.cell=lstm", "model.cell=gru", "model.cell=skip"};
    const char *sets[] = {cells[_i], NULL};
    rs_config cfg = config(sets);
    rs_session *s = create(&cfg);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(rs_session_step(s), RS_STEP_OK);
    const bool lstm = _i == 1, gated = _i == 1 || _i == 2;
    ck_assert_str_eq(rs_vector_names[RS_VEC_G_C], "g_c");
    ck_assert_ptr_null(rs_vector_names[RS_VEC_KINDS]);
    for (int k = 0; k < RS_VEC_KINDS; k++) {
        const double *now = rs_session_vector(s, (rs_vector_kind)k), *hist = rs_session_history_vector(s, 2, k);
        ck_assert_ptr_nonnull(now);
        ck_assert_mem_eq(now, hist, 15 * sizeof(double));
        for (int t = 0; t < 15; t++) {
            if (k == RS_VEC_G_C && !lstm)
                ck_assert(isnan(now[t]));
            else
                ck_assert_msg(isfinite(now[t]) && now[t] >= 0.0, "%s %s[%d] = %g", cells[_i], rs_vector_names[k], t,
                              now[t]);
        }
    }
    const double *g_c = rs_session_vector(s, RS_VEC_G_C);
    if (lstm)
        ck_assert(g_c[14] > 0.0 && g_c[0] > 0.0);
    const rs_spectral sp = rs_session_spectral(s);
    ck_assert(isfinite(sp.sigma_max) && sp.sigma_max > 0.0);
    ck_assert(gated ? isnan(sp.radius) && isnan(sp.gamma) && isnan(sp.bound)
                    : isfinite(sp.radius) && isfinite(sp.gamma) && isfinite(sp.bound));
    rs_session_free(s);
}
END_TEST

/* Changing the cell, the skip distance or the forget bias starts over from
 * the seeds, exactly as a fresh session with that config. */
START_TEST(test_cell_keys_reset)
{
    ck_assert(rs_key_resets("model.cell") && rs_key_resets("model.skip") && rs_key_resets("init.forget_bias"));
    rs_config cfg = config(NULL);
    rs_session *s = create(&cfg);
    for (int i = 0; i < 5; i++)
        rs_session_step(s);
    const char *const changes[][2] = {
        {"model.cell", "lstm"}, {"init.forget_bias", "2"}, {"model.cell", "gru"},
        {"model.cell", "skip"}, {"model.skip", "3"}, {"model.cell", "rnn"},
    };
    for (size_t c = 0; c < sizeof changes / sizeof changes[0]; c++) {
        char err[512];
        rs_config next = *rs_session_config(s);
        ck_assert_int_eq(rs_config_set(&next, changes[c][0], changes[c][1], err, sizeof err), 0);
        ck_assert_int_eq(rs_session_configure(s, &next, &why), 0);
        ck_assert_int_eq(rs_session_steps(s), 0);
        rs_session *fresh = create(&next);
        assert_same_weights(s, fresh);
        for (int i = 0; i < 4; i++) {
            ck_assert_int_eq(rs_session_step(s), RS_STEP_OK);
            ck_assert_int_eq(rs_session_step(fresh), RS_STEP_OK);
        }
        assert_same_weights(s, fresh);
        rs_session_free(fresh);
    }
    rs_session_free(s);
}
END_TEST

/* The export names the cell and its tensors; skip adds "skip", the lstm "dL_dc". */
START_TEST(test_export_cells)
{
    static const struct {
        const char *cell, *tensors[7];
    } cells[] = {
        {"rnn", {"W_ih", "W_hh", "b_h", "W_hy", "b_y"}},
        {"lstm", {"W_ih", "W_hh", "b", "W_hy", "b_y"}},
        {"gru", {"W_ih", "W_hh", "b_ih", "b_hh", "W_hy", "b_y"}},
        {"skip", {"W_ih", "W_hh", "W_sk", "b_h", "W_hy", "b_y"}},
    };
    char set_cell[64];
    snprintf(set_cell, sizeof set_cell, "model.cell=%s", cells[_i].cell);
    const char *sets[] = {set_cell, "model.skip=4", "train.clip=norm", NULL};
    rs_config cfg = config(sets);
    rs_session *s = create(&cfg);
    rs_session_step(s);
    char err[256], *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    ck_assert_int_eq(rs_session_export_state(s, f, err, sizeof err), 0);
    fclose(f);
    char want[128];
    snprintf(want, sizeof want, "\"cell\": \"%s\", \"activation\": \"tanh\"", cells[_i].cell);
    ck_assert_msg(strstr(text, want), "no %s", want);
    /* each section lists exactly the cell's tensors, in order */
    const char *const sections[] = {"\"params\": {", "\"grads\": {", "\"grads_clipped\": {"};
    for (int k = 0; k < 3; k++) {
        const char *at = strstr(text, sections[k]);
        ck_assert_msg(at != NULL, "no %s", sections[k]);
        const char *end = strchr(at, '}');
        int n = 0;
        for (const char *q = strstr(at, "\n  \""); q && q < end; q = strstr(q + 1, "\n  \""), n++) {
            ck_assert_ptr_nonnull(cells[_i].tensors[n]);
            snprintf(want, sizeof want, "\n  \"%s\": ", cells[_i].tensors[n]);
            ck_assert_msg(strncmp(q, want, strlen(want)) == 0, "%s: tensor %d is not %s", sections[k], n,
                          cells[_i].tensors[n]);
        }
        ck_assert_ptr_null(cells[_i].tensors[n]);
    }
    ck_assert(strstr(text, "\"dL_dh\": [") != NULL);
    ck_assert((strstr(text, "\"dL_dc\": [") != NULL) == (_i == 1));
    ck_assert((strstr(text, ", \"skip\": 4") != NULL) == (_i == 3));
    ck_assert(strstr(text, "nan") == NULL && strstr(text, "inf") == NULL);
    free(text);
    rs_session_free(s);
}
END_TEST

/* Mean accuracy over the last n steps of the history. */
static double recent_accuracy(const rs_session *s, size_t n)
{
    const size_t count = rs_session_history_count(s);
    double sum = 0.0;
    for (size_t i = count - n; i < count; i++)
        sum += rs_session_history_stats(s, i)->acc;
    return sum / (double)n;
}

/* The lstm-remembers lesson, headless: a key word at t = 1, 59 fillers, the
 * answer at t = 60 (chance 1/4). The lstm, its forget gate opened by
 * init.forget_bias = 3, learns to carry the key; the tanh RNN with the same
 * settings stays at chance — its gradient from the answer never reaches t = 1. */
START_TEST(test_lstm_remembers)
{
    const char *const cells[] = {"model.cell=lstm", "model.cell=rnn"};
    double acc[2];
    for (int c = 0; c < 2; c++) {
        const char *sets[] = {cells[c], "model.activation=tanh", "model.hidden=32", "task.name=remember",
                              "task.length=60", "train.batch=16", "train.optimizer=adam", "train.lr=0.003",
                              "train.clip=norm", "train.clip_threshold=1", "init.forget_bias=3", NULL};
        rs_config cfg = config(sets);
        rs_session *s = create(&cfg);
        for (int i = 0; i < 250; i++)
            ck_assert_int_eq(rs_session_step(s), RS_STEP_OK);
        acc[c] = recent_accuracy(s, 50);
        rs_session_free(s);
    }
    ck_assert_msg(acc[0] > 0.9, "lstm: accuracy %.3f over the last 50 steps, expected > 0.9", acc[0]);
    ck_assert_msg(acc[1] < 0.4, "tanh rnn: accuracy %.3f over the last 50 steps, expected near chance 0.25", acc[1]);
}
END_TEST

/* The memory budget: what a config needs is known before anything is
 * allocated; over the limit, create and configure refuse with what it would
 * need and which keys to lower, and a refused change leaves the session as
 * it was (the live view's key press is refused, the run goes on). */
START_TEST(test_memory_budget)
{
    const char *sets[] = {"stats.memory_limit=40", NULL};     /* MiB */
    rs_config cfg = config(sets);
    rs_settings small, big;
    ck_assert_int_eq(rs_config_settings(&cfg, &small, &why), 0);
    rs_config bigger = cfg;
    ck_assert_int_eq(rs_config_set(&bigger, "model.hidden", "512", NULL, 0), 0);
    ck_assert_int_eq(rs_config_set(&bigger, "task.length", "200", NULL, 0), 0);
    ck_assert_int_eq(rs_config_settings(&bigger, &big, &why), 0);
    ck_assert_uint_gt(rs_session_bytes(&big), 40u << 20);
    ck_assert_uint_lt(rs_session_bytes(&small), 40u << 20);
    /* the workspace's share is the engine's own count of its arrays */
    ck_assert_uint_ge(rs_session_bytes(&big), rs_workspace_bytes(&big.model, 200, big.batch));

    ck_assert_ptr_null(rs_session_create(&bigger, &why));
    ck_assert_int_eq(why.kind, RS_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(why.msg, "over the memory limit of 40 MiB"));
    ck_assert_ptr_nonnull(strstr(why.msg, "lower model.hidden"));   /* the largest part here: the model */

    rs_session *s = create(&cfg);
    for (int i = 0; i < 3; i++)
        rs_session_step(s);
    ck_assert_int_eq(rs_session_configure(s, &bigger, &why), -1);
    ck_assert_ptr_nonnull(strstr(why.msg, "would need about"));
    ck_assert_int_eq(rs_session_steps(s), 3);                       /* nothing changed */
    ck_assert_int_eq(rs_session_config(s)->model.hidden, 12);
    ck_assert_int_eq(rs_session_step(s), RS_STEP_OK);
    rs_session_free(s);

    /* The history counts too. */
    rs_config hist = cfg;
    ck_assert_int_eq(rs_config_set(&hist, "stats.history", "100000", NULL, 0), 0);
    ck_assert_int_eq(rs_config_set(&hist, "task.length", "200", NULL, 0), 0);
    ck_assert_ptr_null(rs_session_create(&hist, &why));
    ck_assert_ptr_nonnull(strstr(why.msg, "lower stats.history or task.length"));

    /* Compare mode counts both sides: each fits alone, both do not. */
    rs_config two = cfg;
    ck_assert_int_eq(rs_config_set(&two, "stats.memory_limit", "60", NULL, 0), 0);
    ck_assert_int_eq(rs_config_set(&two, "model.hidden", "64", NULL, 0), 0);
    ck_assert_int_eq(rs_config_set(&two, "task.length", "400", NULL, 0), 0);
    ck_assert_int_eq(rs_config_set(&two, "train.batch", "32", NULL, 0), 0);
    ck_assert_int_eq(rs_config_set(&two, "stats.history", "16", NULL, 0), 0);
    rs_settings one;
    ck_assert_int_eq(rs_config_settings(&two, &one, &why), 0);
    ck_assert_uint_lt(rs_session_bytes(&one), 60u << 20);
    ck_assert_uint_gt(2 * rs_session_bytes(&one), 60u << 20);
    ck_assert_int_eq(rs_compare_set(&two, "train.lr", "0.01", NULL, 0), 0);
    rs_pair *p = rs_pair_create(&two, &why);
    ck_assert_ptr_null(p);
    ck_assert_ptr_nonnull(strstr(why.msg, "both sides of compare mode"));
    /* … and a shared key pressed in compare mode that would pass the limit together */
    two.compare.count = 0;
    ck_assert_int_eq(rs_config_set(&two, "task.length", "150", NULL, 0), 0);
    ck_assert_int_eq(rs_compare_set(&two, "train.lr", "0.01", NULL, 0), 0);
    p = rs_pair_create(&two, &why);
    ck_assert_msg(p != NULL, "%s", why.msg);
    int failed = -1;
    ck_assert_int_eq(rs_pair_set(p, 0, "task.length", "400", &failed, &why), -1);
    ck_assert_ptr_nonnull(strstr(why.msg, "both sides of compare mode"));
    ck_assert_int_eq(rs_session_config(rs_pair_session(p, 0))->task.length, 150);
    ck_assert_int_eq(rs_session_config(rs_pair_session(p, 1))->task.length, 150);
    rs_pair_free(p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("session");
    TCase *tc = tcase_create("session");
    tcase_add_loop_test(tc, test_reproducible, 0, 16);
    tcase_add_loop_test(tc, test_step_through_equals_step, 0, 4);
    tcase_add_test(tc, test_divergence_and_cure);
    tcase_add_test(tc, test_configure_continue_and_reset);
    tcase_add_test(tc, test_history_ring);
    tcase_add_test(tc, test_no_allocation_in_a_step);
    tcase_add_test(tc, test_bundled_scenarios_train);
    tcase_add_test(tc, test_export_needs_a_step);
    tcase_add_loop_test(tc, test_cell_vectors, 0, 4);
    tcase_add_test(tc, test_cell_keys_reset);
    tcase_add_loop_test(tc, test_export_cells, 0, 4);
    tcase_add_test(tc, test_lstm_remembers);
    tcase_add_test(tc, test_memory_budget);
    tcase_add_test(tc, test_revision);
    suite_add_tcase(s, tc);
    return rs_run_suite(s);
}
