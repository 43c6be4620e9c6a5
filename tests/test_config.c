/* The config table and scenario files: defaults, parsing and every error
 * message word for word (they are the user interface), format round-trips,
 * choice cycling, and loading files from a temporary directory. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "check_main.h"

#include "rnnscope/config.h"
#include "rnnscope/engine.h"
#include "rnnscope/task.h"

#if defined(__has_include)
#if __has_include("rs_build_config.h")
#include "rs_build_config.h" /* RS_SOURCE_SCENARIOS, when built by meson */
#endif
#endif

/* ---- helpers --------------------------------------------------------------- */

static const rs_key *key(const char *name)
{
    const rs_key *k = rs_key_find(name);
    ck_assert_msg(k != NULL, "no key %s", name);
    return k;
}

static const char *fmt(const rs_config *cfg, const char *name)
{
    static char buf[1100];
    rs_config_format(cfg, key(name), buf, sizeof buf);
    return buf;
}

/* Same value for every key (reals bit for bit, choices by pointer). */
static bool config_equal(const rs_config *a, const rs_config *b)
{
    for (size_t i = 0; i < rs_nkeys; i++) {
        const rs_key *k = &rs_keys[i];
        switch (k->type) {
        case RS_KEY_INT:
            if (rs_config_get_int(a, k) != rs_config_get_int(b, k))
                return false;
            break;
        case RS_KEY_REAL: {
            double x = rs_config_get_real(a, k), y = rs_config_get_real(b, k);
            if (memcmp(&x, &y, sizeof x) != 0)
                return false;
            break;
        }
        case RS_KEY_CHOICE:
            if (rs_config_get_choice(a, k) != rs_config_get_choice(b, k))
                return false;
            break;
        case RS_KEY_TEXT:
            if (strcmp(rs_config_get_choice(a, k), rs_config_get_choice(b, k)) != 0)
                return false;
            break;
        }
    }
    return true;
}

/* ---- the table ------------------------------------------------------------- */

START_TEST(defaults_match_table)
{
    rs_config cfg;
    rs_config_defaults(&cfg);
    for (size_t i = 0; i < rs_nkeys; i++) {
        char buf[64];
        rs_config_format(&cfg, &rs_keys[i], buf, sizeof buf);
        ck_assert_msg(strcmp(buf, rs_keys[i].def) == 0, "%s: default formats as '%s', table says '%s'",
                      rs_keys[i].key, buf, rs_keys[i].def);
        char err[256];
        rs_config scratch;
        rs_config_defaults(&scratch);
        ck_assert_msg(rs_config_set(&scratch, rs_keys[i].key, rs_keys[i].def, err, sizeof err) == 0,
                      "%s: default does not parse: %s", rs_keys[i].key, err);
    }
    /* A few fields read directly, so the offsets are checked too. */
    ck_assert_str_eq(cfg.scenario.title, "");
    ck_assert_str_eq(cfg.model.activation, "tanh");
    ck_assert_int_eq(cfg.model.hidden, 32);
    ck_assert_str_eq(cfg.model.cell, "rnn");
    ck_assert_int_eq(cfg.model.skip, 8);
    ck_assert(cfg.init.forget_bias == 3.0);
    ck_assert(cfg.init.bias == 0.0);
    ck_assert_str_eq(cfg.init.input, "xavier");
    ck_assert(cfg.init.input_scale == 1.0);
    ck_assert_int_eq(cfg.task.length, 50);
    ck_assert_int_eq(cfg.task.keys, 4);
    ck_assert(cfg.train.lr == 0.05);
    ck_assert_int_eq(cfg.train.seed, 1);
    ck_assert_str_eq(cfg.view.scale, "relative");
    ck_assert_int_eq(cfg.stats.spectral_every, 10);
}
END_TEST

static const char *const key_order[] = {
    "scenario.title", "scenario.summary", "scenario.group",
    "model.cell", "model.activation", "model.leaky_slope", "model.hidden", "model.skip",
    "init.recurrent", "init.input", "init.std", "init.range", "init.gain", "init.input_scale", "init.bias",
    "init.forget_bias",
    "task.name", "task.length", "task.seed", "task.copy_length", "task.alphabet", "task.keys", "task.file",
    "train.optimizer", "train.lr", "train.momentum", "train.batch", "train.clip", "train.clip_threshold",
    "train.tbptt", "train.seed",
    "view.mode", "view.scale", "view.range", "view.phase_steps",
    "stats.history", "stats.spectral_every", "stats.memory_limit",
    NULL,
};

START_TEST(table_is_well_formed)
{
    size_t n = 0;
    for (; key_order[n]; n++) {
        ck_assert_uint_lt(n, rs_nkeys);
        ck_assert_str_eq(rs_keys[n].key, key_order[n]);
    }
    ck_assert_uint_eq(n, rs_nkeys);

    for (size_t i = 0; i < rs_nkeys; i++) {
        const rs_key *k = &rs_keys[i];
        ck_assert_msg(k->help && k->help[0], "%s has no help", k->key);
        ck_assert_msg(!strchr(k->help, '\n') && strlen(k->help) < 80, "%s: help is not one short line", k->key);
        ck_assert_ptr_eq(rs_key_find(k->key), k);
        ck_assert_msg(strchr(k->key, '.'), "%s is not section.key", k->key);
        if (k->type == RS_KEY_CHOICE)
            ck_assert_msg(k->choices && k->choices[0], "%s has no choices", k->key);
        if (k->type == RS_KEY_TEXT)
            ck_assert_uint_gt(k->size, 1);
    }
    ck_assert_ptr_null(rs_key_find("model"));
    ck_assert_ptr_null(rs_key_find("model.hidden "));
    ck_assert_ptr_null(rs_key_find(""));
    ck_assert_ptr_null(rs_key_find(NULL));

    char buf[256];
    rs_sections_allowed(buf, sizeof buf);
    ck_assert_str_eq(buf, "scenario, model, init, task, train, view, stats, compare, lesson");
    ck_assert(rs_section_known("train"));
    ck_assert(rs_section_known("lesson"));
    ck_assert(!rs_section_known("lessons"));
    ck_assert(!rs_section_known("trai"));
    ck_assert(!rs_section_known(""));
}
END_TEST

/* Each key gets its own field: setting one key changes no other. */
START_TEST(keys_do_not_overlap)
{
    for (size_t i = 0; i < rs_nkeys; i++) {
        const rs_key *k = &rs_keys[i];
        rs_config def, cfg;
        rs_config_defaults(&def);
        cfg = def;
        char v[32];
        if (k->type == RS_KEY_TEXT)
            snprintf(v, sizeof v, "%s", "some text");
        else if (k->type == RS_KEY_CHOICE) {
            size_t c = 0; /* the first choice that is not the default, if any */
            while (k->choices[c + 1] && strcmp(k->choices[c], k->def) == 0)
                c++;
            snprintf(v, sizeof v, "%s", k->choices[c]);
        }
        else if (k->type == RS_KEY_INT)
            snprintf(v, sizeof v, "%ld", (long)k->min + 3);
        else
            snprintf(v, sizeof v, "%g", (k->min + 2 * k->max) / 3);
        ck_assert_int_eq(rs_config_set(&cfg, k->key, v, NULL, 0), 0);
        char mine[1100];
        rs_config_format(&cfg, k, mine, sizeof mine);
        ck_assert_msg(strcmp(mine, k->def) != 0, "%s did not change", k->key);
        for (size_t j = 0; j < rs_nkeys; j++) {
            if (j == i)
                continue;
            char a[1100], b[1100];
            rs_config_format(&def, &rs_keys[j], a, sizeof a);
            rs_config_format(&cfg, &rs_keys[j], b, sizeof b);
            ck_assert_msg(strcmp(a, b) == 0, "setting %s changed %s", k->key, rs_keys[j].key);
        }
    }
}
END_TEST

static const struct allowed_test {
    const char *key, *allowed;
} allowed_tests[] = {
    {"model.hidden", "1 … 1024"},
    {"train.lr", "> 0 … 10"},
    {"train.seed", "0 … 4294967295"},
    {"train.momentum", "0 … 0.999"},
    {"train.clip_threshold", "> 0 … 1e+06"},
    {"init.bias", "-10 … 10"},
    {"model.activation", "sigmoid, tanh, relu, leaky_relu"},
    {"model.cell", "rnn, lstm, gru, skip"},
    {"model.skip", "1 … 1000"},
    {"init.forget_bias", "-10 … 10"},
    {"init.recurrent", "gaussian, uniform, xavier, he, orthogonal, identity"},
    {"scenario.title", "text, at most 127 characters"},
    {"scenario.summary", "text, at most 1023 characters"},
    {NULL, NULL},
};

/* A choice key's list is the engine's name list, in the engine enum's
 * order: the session reads a choice by its index (rs_config_choice_index)
 * as the enum, so a choice added to one list and not the other fails here. */
START_TEST(choices_are_the_engines_names)
{
    static const struct {
        const char *key;
        const char *const *names;
    } lists[] = {
        {"model.cell", rs_cell_names},           {"model.activation", rs_activation_names},
        {"init.recurrent", rs_init_names},       {"init.input", rs_init_names},
        {"task.name", rs_task_names},            {"train.optimizer", rs_optimizer_names},
        {"train.clip", rs_clip_names},
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        const rs_key *k = rs_key_find(lists[i].key);
        ck_assert_ptr_nonnull(k);
        size_t n = 0;
        for (; k->choices[n] || lists[i].names[n]; n++) {
            ck_assert_msg(k->choices[n] && lists[i].names[n], "%s: the lists differ in length at %zu", k->key, n);
            ck_assert_str_eq(k->choices[n], lists[i].names[n]);
        }
        /* and the index of each value is its enum */
        rs_config cfg;
        rs_config_defaults(&cfg);
        for (size_t j = 0; j < n; j++) {
            ck_assert_int_eq(rs_config_set(&cfg, k->key, k->choices[j], NULL, 0), 0);
            ck_assert_int_eq(rs_config_choice_index(&cfg, k->key), (int)j);
        }
    }
    ck_assert_int_eq(rs_config_choice_index(NULL, "model.hidden"), -1);
}
END_TEST

/* What a key means: which re-initialise, which both sides of compare mode
 * share, which change only the picture, and when each applies. */
START_TEST(key_meaning)
{
    static const char *const resets[] = {"model.cell", "model.activation", "model.hidden", "model.skip",
                                         "init.recurrent", "init.std", "init.forget_bias", "task.name",
                                         "task.seed", "task.file", "train.seed", NULL};
    static const char *const continues[] = {"train.lr", "train.clip", "train.clip_threshold", "train.tbptt",
                                            "train.optimizer", "task.length", "train.batch", "view.mode", NULL};
    static const char *const shared[] = {"task.name", "task.length", "task.seed", "train.batch", "view.scale",
                                         "stats.history", "scenario.title", NULL};
    static const char *const own[] = {"model.cell", "init.std", "train.lr", "train.clip", "train.seed", NULL};
    for (int i = 0; resets[i]; i++)
        ck_assert_msg(rs_key_resets(resets[i]), "%s should re-initialise", resets[i]);
    for (int i = 0; continues[i]; i++)
        ck_assert_msg(!rs_key_resets(continues[i]), "%s should continue training", continues[i]);
    for (int i = 0; shared[i]; i++)
        ck_assert_msg(rs_key_shared(shared[i]), "%s should be shared in compare mode", shared[i]);
    for (int i = 0; own[i]; i++)
        ck_assert_msg(!rs_key_shared(own[i]), "%s should differ in compare mode", own[i]);
    ck_assert(!rs_key_resets("no.such") && !rs_key_shared("no.such"));
    ck_assert(rs_key_find("view.mode")->flags & RS_KEY_VIEW);
    ck_assert(!(rs_key_find("train.lr")->flags & RS_KEY_VIEW));

    /* applies: each W_hh scale with its init, the threshold with clipping,
     * the activation with the cells that have one, … */
    static const struct {
        const char *set_key, *set_value, *key;
        bool applies;
    } cases[] = {
        {"init.recurrent", "gaussian", "init.std", true},    {"init.recurrent", "gaussian", "init.gain", false},
        {"init.recurrent", "uniform", "init.range", true},   {"init.recurrent", "uniform", "init.std", false},
        {"init.recurrent", "orthogonal", "init.gain", true}, {"init.recurrent", "identity", "init.range", false},
        {"train.clip", "none", "train.clip_threshold", false}, {"train.clip", "value", "train.clip_threshold", true},
        {"model.cell", "lstm", "model.activation", false},   {"model.cell", "skip", "model.activation", true},
        {"model.cell", "gru", "init.forget_bias", false},    {"model.cell", "lstm", "init.forget_bias", true},
        {"model.cell", "rnn", "model.skip", false},          {"model.cell", "skip", "model.skip", true},
        {"train.optimizer", "adam", "train.momentum", false}, {"train.optimizer", "momentum", "train.momentum", true},
        {"task.name", "adding", "task.copy_length", false},  {"task.name", "copy", "task.alphabet", true},
        {"task.name", "remember", "task.keys", true},        {"task.name", "text", "task.file", true},
        {"model.activation", "relu", "model.leaky_slope", false},
        {"model.activation", "leaky_relu", "model.leaky_slope", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rs_config cfg;
        rs_config_defaults(&cfg);
        ck_assert_int_eq(rs_config_set(&cfg, cases[i].set_key, cases[i].set_value, NULL, 0), 0);
        ck_assert_msg(rs_key_applies(rs_key_find(cases[i].key), &cfg) == cases[i].applies, "%s with %s = %s",
                      cases[i].key, cases[i].set_key, cases[i].set_value);
    }
    /* the scale key of W_hh follows its kind */
    rs_config cfg;
    rs_config_defaults(&cfg);
    ck_assert_str_eq(rs_config_recurrent_scale_key(&cfg)->key, "init.std");
    rs_config_set(&cfg, "init.recurrent", "uniform", NULL, 0);
    ck_assert_str_eq(rs_config_recurrent_scale_key(&cfg)->key, "init.range");
    rs_config_set(&cfg, "init.recurrent", "he", NULL, 0);
    ck_assert_str_eq(rs_config_recurrent_scale_key(&cfg)->key, "init.gain");
}
END_TEST

START_TEST(allowed_text)
{
    for (const struct allowed_test *t = allowed_tests; t->key; t++) {
        char buf[256];
        rs_key_allowed(key(t->key), buf, sizeof buf);
        ck_assert_str_eq(buf, t->allowed);
    }
}
END_TEST

/* ---- rs_config_set ----------------------------------------------------------- */

static const struct set_test {
    const char *key, *value, *formatted;
} valid_sets[] = {
    {"model.hidden", "64", "64"},
    {"model.hidden", "1", "1"},
    {"model.hidden", "1024", "1024"},
    {"model.hidden", "+8", "8"},
    {"model.hidden", " 16 ", "16"},
    {"train.lr", "1e-3", "0.001"},
    {"train.lr", "10", "10"},
    {"train.lr", "0.1", "0.1"},
    {"train.lr", "1e-300", "1e-300"},
    {"train.momentum", "0", "0"},
    {"train.momentum", "0.999", "0.999"},
    {"init.bias", "-10", "-10"},
    {"init.bias", "-0.25", "-0.25"},
    {"init.recurrent", "orthogonal", "orthogonal"},
    {"init.input", "identity", "identity"},
    {"model.activation", "leaky_relu", "leaky_relu"},
    {"model.activation", "\tsigmoid\n", "sigmoid"},
    {"model.cell", "lstm", "lstm"},
    {"model.cell", "gru", "gru"},
    {"model.cell", "skip", "skip"},
    {"model.skip", "1", "1"},
    {"model.skip", "1000", "1000"},
    {"init.forget_bias", "-1.5", "-1.5"},
    {"init.forget_bias", "0", "0"},
    {"task.name", "remember", "remember"},
    {"task.seed", "4294967295", "4294967295"},
    {"task.seed", "0", "0"},
    {"train.seed", "-0", "0"},
    {"train.clip", "norm", "norm"},
    {"train.clip_threshold", "1e6", "1000000"},
    {"train.tbptt", "0", "0"},
    {"view.mode", "units", "units"},
    {"stats.history", "16", "16"},
    {"scenario.title", "Sigmoid forgets", "Sigmoid forgets"},
    {"scenario.title", "", ""},
    {"scenario.summary", "σ_max < 1: the gradient vanishes", "σ_max < 1: the gradient vanishes"},
    {NULL, NULL, NULL},
};

START_TEST(set_valid)
{
    const struct set_test *t = &valid_sets[_i];
    rs_config cfg;
    rs_config_defaults(&cfg);
    char err[256] = "untouched";
    ck_assert_msg(rs_config_set(&cfg, t->key, t->value, err, sizeof err) == 0,
                  "%s = '%s': %s", t->key, t->value, err);
    ck_assert_str_eq(err, "");
    ck_assert_str_eq(fmt(&cfg, t->key), t->formatted);
}
END_TEST

/* The 200-character title of the "too long" case. */
static char long_title[201];

static const struct parser_test {
    const char *key, *value, *message;
} invalid_sets[] = {
    {"model.activaton", "tanh", "model.activaton: unknown key; did you mean model.activation? allowed in [model]: cell, "
     "activation, leaky_slope, hidden, skip"},
    /* did you mean …?: a misspelt key, section or name (README's model.hiden) */
    {"model.hiden", "3", "model.hiden: unknown key; did you mean model.hidden? allowed in [model]: cell, activation, "
     "leaky_slope, hidden, skip"},
    {"model.hidde", "3", "model.hidde: unknown key; did you mean model.hidden? allowed in [model]: cell, activation, "
     "leaky_slope, hidden, skip"},
    {"train.optimiser", "adam", "train.optimiser: unknown key; did you mean train.optimizer? allowed in [train]: optimizer, "
     "lr, momentum, batch, clip, clip_threshold, tbptt, seed"},
    {"model.depth", "2", "model.depth: unknown key; allowed in [model]: cell, activation, leaky_slope, hidden, skip"},
    {"modle.hidden", "3", "modle.hidden: unknown section [modle]; did you mean model.hidden? allowed: scenario, model, "
     "init, task, train, view, stats"},
    {"hiden", "64", "hiden: unknown key; did you mean model.hidden?"},
    {"clip_treshold", "2", "clip_treshold: unknown key; did you mean train.clip_threshold?"},
    {"foo.bar", "1", "foo.bar: unknown section [foo]; allowed: scenario, model, init, task, train, view, stats"},
    {"lesson.text", "hi", "lesson.text: unknown section [lesson]; allowed: scenario, model, init, task, train, view, stats"},
    {"hidden", "64", "hidden: unknown key; did you mean model.hidden?"},
    {"seed", "1", "seed: unknown key; did you mean task.seed or train.seed?"},
    {"bogus", "1", "bogus: unknown key; keys are written section.key, e.g. model.hidden"},
    {"model.activation", "sigmoidd", "model.activation: 'sigmoidd' is not allowed; allowed: sigmoid, tanh, relu, leaky_relu"},
    {"model.activation", "Tanh", "model.activation: 'Tanh' is not allowed; allowed: sigmoid, tanh, relu, leaky_relu"},
    {"model.activation", "", "model.activation: empty value; allowed: sigmoid, tanh, relu, leaky_relu"},
    {"model.hidden", "3.5", "model.hidden: '3.5' is not a whole number; allowed: 1 … 1024"},
    {"model.hidden", "1e3", "model.hidden: '1e3' is not a whole number; allowed: 1 … 1024"},
    {"model.hidden", "0x10", "model.hidden: '0x10' is not a whole number; allowed: 1 … 1024"},
    {"model.hidden", "64 units", "model.hidden: '64 units' is not a whole number; allowed: 1 … 1024"},
    {"model.hidden", "-", "model.hidden: '-' is not a whole number; allowed: 1 … 1024"},
    {"model.hidden", "5000", "model.hidden: 5000 is out of range; allowed: 1 … 1024"},
    {"model.hidden", "0", "model.hidden: 0 is out of range; allowed: 1 … 1024"},
    {"model.hidden", "-3", "model.hidden: -3 is out of range; allowed: 1 … 1024"},
    {"model.hidden", "99999999999999999999999", "model.hidden: 99999999999999999999999 is out of range; allowed: 1 … 1024"},
    {"model.hidden", "   ", "model.hidden: empty value; allowed: 1 … 1024"},
    {"model.cell", "LSTM", "model.cell: 'LSTM' is not allowed; allowed: rnn, lstm, gru, skip"},
    {"model.cell", "elman", "model.cell: 'elman' is not allowed; allowed: rnn, lstm, gru, skip"},
    {"model.skip", "0", "model.skip: 0 is out of range; allowed: 1 … 1000"},
    {"model.skip", "1001", "model.skip: 1001 is out of range; allowed: 1 … 1000"},
    {"init.forget_bias", "11", "init.forget_bias: 11 is out of range; allowed: -10 … 10"},
    {"skip", "3", "skip: unknown key; did you mean model.skip?"},
    {"task.seed", "4294967296", "task.seed: 4294967296 is out of range; allowed: 0 … 4294967295"},
    {"train.lr", "fast", "train.lr: 'fast' is not a number; allowed: > 0 … 10"},
    {"train.lr", "", "train.lr: empty value; allowed: > 0 … 10"},
    {"train.lr", "0", "train.lr: 0 is out of range; allowed: > 0 … 10"},
    {"train.lr", "-0.1", "train.lr: -0.1 is out of range; allowed: > 0 … 10"},
    {"train.lr", "10.5", "train.lr: 10.5 is out of range; allowed: > 0 … 10"},
    {"train.lr", "0.5x", "train.lr: '0.5x' is not a number; allowed: > 0 … 10"},
    {"train.lr", "0,5", "train.lr: '0,5' is not a number; allowed: > 0 … 10"},
    {"train.lr", "nan", "train.lr: 'nan' is not a number; allowed: > 0 … 10"},
    {"train.lr", "inf", "train.lr: 'inf' is not a number; allowed: > 0 … 10"},
    {"train.lr", "-Infinity", "train.lr: '-Infinity' is not a number; allowed: > 0 … 10"},
    {"train.lr", "1e999", "train.lr: 1e999 is out of range; allowed: > 0 … 10"},
    {"train.momentum", "1", "train.momentum: 1 is out of range; allowed: 0 … 0.999"},
    {"train.clip_threshold", "0", "train.clip_threshold: 0 is out of range; allowed: > 0 … 1e+06"},
    {"init.bias", "-11", "init.bias: -11 is out of range; allowed: -10 … 10"},
    {"stats.history", "15", "stats.history: 15 is out of range; allowed: 16 … 100000"},
    {"scenario.title", long_title, "scenario.title: too long (200 characters); at most 127"},
    {NULL, NULL, NULL},
};

START_TEST(set_invalid)
{
    memset(long_title, 'x', 200);
    const struct parser_test *t = &invalid_sets[_i];
    rs_config cfg, before;
    rs_config_defaults(&cfg);
    ck_assert_int_eq(rs_config_set(&cfg, "model.hidden", "7", NULL, 0), 0);
    before = cfg;
    char err[512];
    ck_assert_int_eq(rs_config_set(&cfg, t->key, t->value, err, sizeof err), -1);
    ck_assert_str_eq(err, t->message);
    ck_assert_msg(config_equal(&cfg, &before), "a failed set changed the config");
}
END_TEST

START_TEST(error_is_truncated_safely)
{
    rs_config cfg;
    rs_config_defaults(&cfg);
    char err[8];
    memset(err, 'z', sizeof err);
    ck_assert_int_eq(rs_config_set(&cfg, "model.hidden", "5000", err, sizeof err), -1);
    ck_assert_str_eq(err, "model.h");
    ck_assert_int_eq(rs_config_set_arg(&cfg, "model.hidden=abc", err, sizeof err), -1);
    ck_assert_str_eq(err, "--set m");
    ck_assert_int_eq(rs_config_set(&cfg, "model.hidden", "5000", err, 1), -1);
    ck_assert_str_eq(err, "");
    ck_assert_int_eq(rs_config_set(&cfg, "model.hidden", "5000", NULL, 0), -1);
    ck_assert_int_eq(rs_config_load(&cfg, "/nonexistent/x.scn", err, sizeof err), -1);
    ck_assert_str_eq(err, "/nonexi");
}
END_TEST

/* ---- --set ------------------------------------------------------------------- */

static const struct arg_test {
    const char *arg;
    int rc;
    const char *key_or_message; /* rc 0: the key to read back; else the message */
    const char *value;
} arg_tests[] = {
    {"model.hidden=64", 0, "model.hidden", "64"},
    {"  model.hidden  =  128  ", 0, "model.hidden", "128"},
    {"train.lr=1e-3", 0, "train.lr", "0.001"},
    {"scenario.title=  a = b  ", 0, "scenario.title", "a = b"},
    {"init.recurrent=orthogonal", 0, "init.recurrent", "orthogonal"},
    {"model.hidden=abc", -1, "--set model.hidden=abc: model.hidden: 'abc' is not a whole number; allowed: 1 … 1024", NULL},
    {"hidden", -1, "--set hidden: expected key=value, e.g. --set model.hidden=64", NULL},
    {"=64", -1, "--set =64: expected key=value, e.g. --set model.hidden=64", NULL},
    {"", -1, "--set : expected key=value, e.g. --set model.hidden=64", NULL},
    {"model.hiden=3", -1, "--set model.hiden=3: model.hiden: unknown key; did you mean model.hidden? allowed in [model]: cell, activation, "
     "leaky_slope, hidden, skip", NULL},
    {"train.lr=", -1, "--set train.lr=: train.lr: empty value; allowed: > 0 … 10", NULL},
    {NULL, 0, NULL, NULL},
};

START_TEST(set_arg)
{
    const struct arg_test *t = &arg_tests[_i];
    rs_config cfg, before;
    rs_config_defaults(&cfg);
    before = cfg;
    char err[512];
    ck_assert_int_eq(rs_config_set_arg(&cfg, t->arg, err, sizeof err), t->rc);
    if (t->rc == 0) {
        ck_assert_str_eq(err, "");
        ck_assert_str_eq(fmt(&cfg, t->key_or_message), t->value);
    } else {
        ck_assert_str_eq(err, t->key_or_message);
        ck_assert(config_equal(&cfg, &before));
    }
}
END_TEST

/* ---- format ------------------------------------------------------------------ */

/* For every key: the default, the ends of the range and awkward reals read back
 * exactly after format → set. */
START_TEST(format_round_trip)
{
    static const double reals[] = {0.1, 0.3, 1.0 / 3.0, 0.1 + 0.2, 2.0 / 3.0, 1e-7, 0.999, 5e-324, 7.0};
    for (size_t i = 0; i < rs_nkeys; i++) {
        const rs_key *k = &rs_keys[i];
        rs_config cfg;
        rs_config_defaults(&cfg);
        for (size_t j = 0; j < 12; j++) {
            char *field = (char *)&cfg + k->offset;
            switch (k->type) {
            case RS_KEY_INT:
                if (j > 2)
                    continue;
                *(long *)field = j == 0 ? (long)k->min : j == 1 ? (long)k->max : (long)((k->min + k->max) / 2);
                break;
            case RS_KEY_REAL: {
                if (j >= sizeof reals / sizeof reals[0] + 2)
                    continue;
                double x = j == 0 ? k->max : j == 1 ? k->min : reals[j - 2];
                if (x > k->max || x < k->min || (k->min_exclusive && x == k->min))
                    continue;
                *(double *)field = x;
                break;
            }
            case RS_KEY_CHOICE: {
                size_t n = 0;
                while (k->choices[n])
                    n++;
                if (j >= n)
                    continue;
                *(const char **)field = k->choices[j];
                break;
            }
            case RS_KEY_TEXT:
                if (j > 1)
                    continue;
                snprintf(field, k->size, "%s", j ? "ünïcode; = [x] 0.1" : "");
                break;
            }
            char buf[1100], err[256];
            rs_config_format(&cfg, k, buf, sizeof buf);
            rs_config back;
            rs_config_defaults(&back);
            ck_assert_msg(rs_config_set(&back, k->key, buf, err, sizeof err) == 0, "%s = %s: %s", k->key, buf, err);
            ck_assert_msg(config_equal(&cfg, &back), "%s: '%s' does not read back", k->key, buf);
        }
    }
}
END_TEST

START_TEST(format_is_shortest)
{
    rs_config cfg;
    rs_config_defaults(&cfg);
    cfg.train.lr = 0.1 + 0.2;
    ck_assert_str_eq(fmt(&cfg, "train.lr"), "0.30000000000000004");
    cfg.train.lr = 0.3;
    ck_assert_str_eq(fmt(&cfg, "train.lr"), "0.3");
    cfg.train.lr = 1.0 / 3.0;
    ck_assert_str_eq(fmt(&cfg, "train.lr"), "0.3333333333333333");
    cfg.init.bias = -2.5;
    ck_assert_str_eq(fmt(&cfg, "init.bias"), "-2.5");
    cfg.task.seed = 4294967295L;
    ck_assert_str_eq(fmt(&cfg, "task.seed"), "4294967295");
    char tiny[4];
    rs_config_format(&cfg, key("task.seed"), tiny, sizeof tiny);
    ck_assert_str_eq(tiny, "429");
}
END_TEST

/* ---- cycle and accessors --------------------------------------------------------- */

START_TEST(cycle_wraps)
{
    rs_config cfg;
    rs_config_defaults(&cfg);
    const rs_key *act = key("model.activation");
    ck_assert_str_eq(cfg.model.activation, "tanh");
    rs_config_cycle(&cfg, act, +1);
    ck_assert_str_eq(cfg.model.activation, "relu");
    rs_config_cycle(&cfg, act, +1);
    ck_assert_str_eq(cfg.model.activation, "leaky_relu");
    rs_config_cycle(&cfg, act, +1);
    ck_assert_str_eq(cfg.model.activation, "sigmoid");
    rs_config_cycle(&cfg, act, -1);
    ck_assert_str_eq(cfg.model.activation, "leaky_relu");
    ck_assert_ptr_eq(cfg.model.activation, act->choices[3]);

    rs_config_cycle(&cfg, key("view.scale"), -1);
    ck_assert_str_eq(cfg.view.scale, "absolute");
    rs_config_cycle(&cfg, key("view.scale"), -1);
    ck_assert_str_eq(cfg.view.scale, "relative");

    rs_config_cycle(&cfg, key("model.cell"), +1);
    ck_assert_str_eq(cfg.model.cell, "lstm");
    rs_config_cycle(&cfg, key("model.cell"), +1);
    ck_assert_str_eq(cfg.model.cell, "gru");
    rs_config_cycle(&cfg, key("model.cell"), +1);
    ck_assert_str_eq(cfg.model.cell, "skip");
    rs_config_cycle(&cfg, key("model.cell"), +1);
    ck_assert_str_eq(cfg.model.cell, "rnn");
    rs_config_cycle(&cfg, key("model.cell"), -1);
    ck_assert_str_eq(cfg.model.cell, "skip");
    rs_config_cycle(&cfg, key("model.cell"), +1);

    rs_config before = cfg;
    rs_config_cycle(&cfg, key("model.hidden"), +1); /* not a choice: no-op */
    rs_config_cycle(&cfg, key("scenario.title"), -1);
    ck_assert(config_equal(&cfg, &before));

    /* A full lap in either direction comes back. */
    for (size_t i = 0; i < rs_nkeys; i++) {
        const rs_key *k = &rs_keys[i];
        if (k->type != RS_KEY_CHOICE)
            continue;
        size_t n = 0;
        while (k->choices[n])
            n++;
        for (int dir = -1; dir <= 1; dir += 2) {
            const char *start = rs_config_get_choice(&cfg, k);
            for (size_t j = 0; j < n; j++)
                rs_config_cycle(&cfg, k, dir);
            ck_assert_ptr_eq(rs_config_get_choice(&cfg, k), start);
        }
    }
}
END_TEST

START_TEST(accessors)
{
    rs_config cfg;
    rs_config_defaults(&cfg);
    ck_assert_int_eq(rs_config_get_int(&cfg, key("model.hidden")), 32);
    ck_assert(rs_config_get_real(&cfg, key("train.lr")) == 0.05);
    ck_assert(rs_config_get_real(&cfg, key("model.hidden")) == 32.0);
    ck_assert_str_eq(rs_config_get_choice(&cfg, key("train.optimizer")), "sgd");
    ck_assert_ptr_eq(rs_config_get_choice(&cfg, key("train.optimizer")), key("train.optimizer")->choices[0]);
    ck_assert_int_eq(rs_config_get_int(&cfg, key("train.lr")), 0);
    ck_assert_ptr_null(rs_config_get_choice(&cfg, key("model.hidden")));
    ck_assert_ptr_eq(rs_config_get_choice(&cfg, key("scenario.title")), cfg.scenario.title);
}
END_TEST

/* ---- scenario files ---------------------------------------------------------- */

static char tmpdir[64];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s", "/tmp/rnnscope-test-config-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    DIR *d = opendir(tmpdir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(tmpdir);
}

/* Write text to tmpdir/name; returns the path (static, one at a time). */
static const char *write_file(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

static const char good_file[] =
    "; a comment\n"
    "# another\n"
    "[scenario]\n"
    "title   = Sigmoid forgets\n"
    "summary = A sigmoid RNN on the adding problem.\n"
    "\n"
    "[model]\n"
    "cell       = rnn\n"
    "activation = sigmoid   ; inline comment\n"
    "hidden     = 48\n"
    "\n"
    "[init]\n"
    "recurrent = uniform\n"
    "range: 0.25\n"
    "\n"
    "[task]\n"
    "name   = copy\n"
    "length = 120\n"
    "\n"
    "[train]\n"
    "optimizer = adam\n"
    "lr        = 1e-3\n"
    "clip      = norm\n"
    "seed      = 7\n"
    "[view]\n"
    "mode = sat\n"
    "[stats]\n"
    "spectral_every = 0";   /* no newline at the end */

START_TEST(load_good_file)
{
    rs_config cfg;
    rs_config_defaults(&cfg);
    char err[512] = "untouched";
    const char *path = write_file("good.scn", good_file);
    ck_assert_msg(rs_config_load(&cfg, path, err, sizeof err) == 0, "%s", err);
    ck_assert_str_eq(err, "");
    ck_assert_str_eq(cfg.scenario.title, "Sigmoid forgets");
    ck_assert_str_eq(cfg.scenario.summary, "A sigmoid RNN on the adding problem.");
    ck_assert_str_eq(cfg.model.activation, "sigmoid");
    ck_assert_ptr_eq(cfg.model.activation, key("model.activation")->choices[0]);
    ck_assert_int_eq(cfg.model.hidden, 48);
    ck_assert_str_eq(cfg.init.recurrent, "uniform");
    ck_assert(cfg.init.range == 0.25);
    ck_assert_str_eq(cfg.task.name, "copy");
    ck_assert_int_eq(cfg.task.length, 120);
    ck_assert_str_eq(cfg.train.optimizer, "adam");
    ck_assert(cfg.train.lr == 1e-3);
    ck_assert_str_eq(cfg.train.clip, "norm");
    ck_assert_int_eq(cfg.train.seed, 7);
    ck_assert_str_eq(cfg.view.mode, "sat");
    ck_assert_int_eq(cfg.stats.spectral_every, 0);
    /* untouched keys keep what they had */
    ck_assert(cfg.train.momentum == 0.9);
    ck_assert_int_eq(cfg.task.seed, 1);
}
END_TEST

START_TEST(load_crlf_and_bom)
{
    rs_config cfg;
    rs_config_defaults(&cfg);
    char err[512];
    const char *path = write_file("crlf.scn", "\xEF\xBB\xBF[model]\r\nhidden = 12\r\n[task]\r\nlength = 9\r\n");
    ck_assert_msg(rs_config_load(&cfg, path, err, sizeof err) == 0, "%s", err);
    ck_assert_int_eq(cfg.model.hidden, 12);
    ck_assert_int_eq(cfg.task.length, 9);
}
END_TEST

START_TEST(load_multiline_summary)
{
    rs_config cfg;
    rs_config_defaults(&cfg);
    char err[512];
    const char *path = write_file("multi.scn",
        "[scenario]\n"
        "title = Long\n"
        "summary = The gradient from the answer\n"
        "    never reaches the first marker;\n"
        "\t  watch g_h fade.   ; a comment\n"
        "\n"
        "  ; an indented comment is still a comment\n"
        "  and a blank line does not end it.\n"
        "[model]\n"
        "hidden = 8\n");
    ck_assert_msg(rs_config_load(&cfg, path, err, sizeof err) == 0, "%s", err);
    ck_assert_str_eq(cfg.scenario.summary,
        "The gradient from the answer never reaches the first marker; watch g_h fade. "
        "and a blank line does not end it.");
    ck_assert_int_eq(cfg.model.hidden, 8);

    /* A summary that starts on the next line has no leading space. */
    path = write_file("multi2.scn", "[scenario]\nsummary =\n  first\n  second\n");
    ck_assert_msg(rs_config_load(&cfg, path, err, sizeof err) == 0, "%s", err);
    ck_assert_str_eq(cfg.scenario.summary, "first second");
}
END_TEST

START_TEST(load_many_continuations_fit_the_summary)
{
    /* Twenty lines of 60 characters: 1219 characters joined, more than 1023. */
    char text[4096] = "[scenario]\nsummary = start\n";
    for (int i = 0; i < 20; i++)
        strcat(text, "  abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefgh\n");
    rs_config cfg, before;
    rs_config_defaults(&cfg);
    before = cfg;
    char err[512];
    const char *path = write_file("huge.scn", text);
    ck_assert_int_eq(rs_config_load(&cfg, path, err, sizeof err), -1);
    char want[512];
    /* "start" then 61 more per line: the 16th continuation (line 18) makes 981,
     * the 17th (line 19) would make 1042 */
    snprintf(want, sizeof want, "%s:19: scenario.summary: too long (1042 characters); at most 1023", path);
    ck_assert_str_eq(err, want);
    ck_assert(config_equal(&cfg, &before));
}
END_TEST

static const struct load_test {
    const char *text;
    const char *message; /* after "PATH:" */
} load_errors[] = {
    {"[model]\nactivaton = tanh\n",
     "2: model.activaton: unknown key; did you mean model.activation? allowed in [model]: cell, activation, leaky_slope, "
     "hidden, skip"},
    {"[model]\nhidden = 8\n\n[foo]\n\n[task]\nlength = 5\n",
     "4: [foo]: unknown section; allowed: scenario, model, init, task, train, view, stats, compare, lesson"},
    {"[model]\nhidden = 8\n[foo]\nbar = 1\n",
     "3: [foo]: unknown section; allowed: scenario, model, init, task, train, view, stats, compare, lesson"},
    {"[lesson]\ncaption = hi\n",
     "2: [lesson] caption: comes before the first 'step = title'"},
    {"[model]\ncell = rnn\nhidden = 8\n\n[train]\nlr = 0.01\nbatch = 2.5\nclip = none\n",
     "7: train.batch: '2.5' is not a whole number; allowed: 1 … 1024"},
    {"[model]\nactivation = sigmoidd\n",
     "2: model.activation: 'sigmoidd' is not allowed; allowed: sigmoid, tanh, relu, leaky_relu"},
    {"[model]\nhidden = 5000\n",
     "2: model.hidden: 5000 is out of range; allowed: 1 … 1024"},
    {"[train]\nlr =\n",
     "2: train.lr: empty value; allowed: > 0 … 10"},
    {"[train]\nlr = fast\n",
     "2: train.lr: 'fast' is not a number; allowed: > 0 … 10"},
    {"[model]\n\n\n\n\n\nhidden = 8\nactivation = relu\nhidden = 16\n",
     "9: model.hidden: given twice (first on line 7)"},
    {"[scenario]\ntitle = a\ntitle = b\n",
     "3: scenario.title: given twice (first on line 2)"},
    {"[model]\nhidden = 8\n[task]\n[model]\nhidden = 9\n",
     "5: model.hidden: given twice (first on line 2)"},
    {"[model]\nactivation = tanh\n  hidden = 8\n",
     "3: model.activation: an indented line continues the value above it, but only text can span lines (remove the indent)"},
    {"[model]\nhidden 8\n",
     "2: not a 'key = value' line or a [section]"},
    {"[model\nhidden = 8\n",
     "1: not a 'key = value' line or a [section]"},
    {"[model]\nhidden 8\nactivation = bad\n",
     "2: not a 'key = value' line or a [section]"},
    {"hidden = 8\n",
     "1: hidden: not inside a [section]; allowed: scenario, model, init, task, train, view, stats, compare, lesson"},
    {"[model]\nhidden = 8\nhidden = x\n[foo]\n",
     "3: model.hidden: given twice (first on line 2)"},
    {NULL, NULL},
};

START_TEST(load_errors_name_file_and_line)
{
    const struct load_test *t = &load_errors[_i];
    rs_config cfg, before;
    rs_config_defaults(&cfg);
    ck_assert_int_eq(rs_config_set(&cfg, "model.hidden", "77", NULL, 0), 0);
    ck_assert_int_eq(rs_config_set(&cfg, "scenario.title", "before", NULL, 0), 0);
    before = cfg;
    char err[512], want[512];
    const char *path = write_file("bad.scn", t->text);
    ck_assert_int_eq(rs_config_load(&cfg, path, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:%s", path, t->message);
    ck_assert_str_eq(err, want);
    ck_assert_msg(config_equal(&cfg, &before), "a failed load changed the config");
}
END_TEST

START_TEST(load_long_lines)
{
    char text[1024], want[512], err[512];
    rs_config cfg;
    rs_config_defaults(&cfg);

    /* A long comment is fine; a long key line is an error, not split in two. */
    memset(text, 0, sizeof text);
    strcat(text, "[model]\n# ");
    memset(text + strlen(text), 'c', 300);
    strcat(text, "\nhidden = 9\n");
    const char *path = write_file("longc.scn", text);
    ck_assert_msg(rs_config_load(&cfg, path, err, sizeof err) == 0, "%s", err);
    ck_assert_int_eq(cfg.model.hidden, 9);

    memset(text, 0, sizeof text);
    strcat(text, "[scenario]\ntitle = ");
    memset(text + strlen(text), 't', 292); /* 300 characters on the line */
    strcat(text, "\n");
    path = write_file("longk.scn", text);
    ck_assert_int_eq(rs_config_load(&cfg, path, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:2: line too long; at most 198 characters "
             "(continue a long text on indented lines)", path);
    ck_assert_str_eq(err, want);
    ck_assert_str_eq(cfg.scenario.title, "");

    /* The longest line inih takes whole. */
    memset(text, 0, sizeof text);
    strcat(text, "[scenario]\nsummary = ");
    memset(text + strlen(text), 's', 188); /* 198 characters */
    strcat(text, "\n");
    path = write_file("long198.scn", text);
    ck_assert_msg(rs_config_load(&cfg, path, err, sizeof err) == 0, "%s", err);
    ck_assert_uint_eq(strlen(cfg.scenario.summary), 188);
}
END_TEST

START_TEST(load_missing_file)
{
    rs_config cfg, before;
    rs_config_defaults(&cfg);
    before = cfg;
    char err[512], want[512], path[128];
    snprintf(path, sizeof path, "%s/nope.scn", tmpdir);
    ck_assert_int_eq(rs_config_load(&cfg, path, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", path);
    ck_assert_str_eq(err, want);
    ck_assert(config_equal(&cfg, &before));

    /* A directory opens but cannot be read. */
    ck_assert_int_eq(rs_config_load(&cfg, tmpdir, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s: cannot read: Is a directory", tmpdir);
    ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(load_leaves_config_unchanged_on_error)
{
    rs_config cfg, before;
    rs_config_defaults(&cfg);
    ck_assert_int_eq(rs_config_set_arg(&cfg, "train.lr=0.5", NULL, 0), 0);
    before = cfg;
    char err[512];
    /* Good values first, the error on the last line. */
    const char *path = write_file("partial.scn",
        "[scenario]\ntitle = Half\nsummary = done\n  and more\n[model]\nhidden = 3\n"
        "activation = relu\n[train]\nlr = 0.01\nbatch = 0\n");
    ck_assert_int_eq(rs_config_load(&cfg, path, err, sizeof err), -1);
    ck_assert(config_equal(&cfg, &before));
    ck_assert(cfg.train.lr == 0.5);
    ck_assert_str_eq(cfg.scenario.title, "");

    /* Layers: defaults → file → --set, later wins. */
    path = write_file("layer.scn", "[train]\nlr = 0.01\nbatch = 4\n");
    ck_assert_int_eq(rs_config_load(&cfg, path, err, sizeof err), 0);
    ck_assert(cfg.train.lr == 0.01);
    ck_assert_int_eq(rs_config_set_arg(&cfg, "train.lr=0.2", err, sizeof err), 0);
    ck_assert(cfg.train.lr == 0.2);
    ck_assert_int_eq(cfg.train.batch, 4);
}
END_TEST

/* Every scenario we ship loads. */
START_TEST(bundled_scenarios_load)
{
    const char *dir = getenv("RNNSCOPE_SCENARIO_DIR");
#ifdef RS_SOURCE_SCENARIOS
    if (!dir)
        dir = RS_SOURCE_SCENARIOS;
#endif
    ck_assert_msg(dir != NULL, "RNNSCOPE_SCENARIO_DIR is not set");
    DIR *d = opendir(dir);
    if (!d)
        return; /* no scenarios written yet */
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 4 || strcmp(e->d_name + len - 4, ".scn") != 0)
            continue;
        char path[1024], err[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        rs_config cfg;
        rs_config_defaults(&cfg);
        ck_assert_msg(rs_config_load(&cfg, path, err, sizeof err) == 0, "%s", err);
    }
    closedir(d);
}
END_TEST

/* ---- main ------------------------------------------------------------------- */

static int count(const void *table, size_t stride)
{
    int n = 0;
    for (const char *p = table; *(const char *const *)p; p += stride)
        n++;
    return n;
}

static Suite *config_suite(void)
{
    Suite *s = suite_create("config");

    TCase *tc = tcase_create("table");
    tcase_add_test(tc, defaults_match_table);
    tcase_add_test(tc, table_is_well_formed);
    tcase_add_test(tc, keys_do_not_overlap);
    tcase_add_test(tc, allowed_text);
    tcase_add_test(tc, choices_are_the_engines_names);
    tcase_add_test(tc, key_meaning);
    suite_add_tcase(s, tc);

    tc = tcase_create("set");
    tcase_add_loop_test(tc, set_valid, 0, count(valid_sets, sizeof valid_sets[0]));
    tcase_add_loop_test(tc, set_invalid, 0, count(invalid_sets, sizeof invalid_sets[0]));
    tcase_add_loop_test(tc, set_arg, 0, count(arg_tests, sizeof arg_tests[0]));
    tcase_add_test(tc, error_is_truncated_safely);
    suite_add_tcase(s, tc);

    tc = tcase_create("format");
    tcase_add_test(tc, format_round_trip);
    tcase_add_test(tc, format_is_shortest);
    tcase_add_test(tc, cycle_wraps);
    tcase_add_test(tc, accessors);
    suite_add_tcase(s, tc);

    tc = tcase_create("scenario");
    tcase_add_checked_fixture(tc, make_tmpdir, remove_tmpdir);
    tcase_add_test(tc, load_good_file);
    tcase_add_test(tc, load_crlf_and_bom);
    tcase_add_test(tc, load_multiline_summary);
    tcase_add_test(tc, load_many_continuations_fit_the_summary);
    tcase_add_loop_test(tc, load_errors_name_file_and_line, 0, count(load_errors, sizeof load_errors[0]));
    tcase_add_test(tc, load_long_lines);
    tcase_add_test(tc, load_missing_file);
    tcase_add_test(tc, load_leaves_config_unchanged_on_error);
    tcase_add_test(tc, bundled_scenarios_load);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return rs_run_suite(config_suite());
}
