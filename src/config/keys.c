/* The config table (DESIGN §5): every key once, with its syntax (type, field,
 * default, range, help) and its meaning (re-initialises the weights; shared by
 * both sides of compare mode; changes only the picture; when it applies).
 * Everything else — parsing, messages, defaults, `rnnscope keys`, what a key
 * press does, compare mode's sharing rule, the settings panel's "n/a", the
 * SVG caption — is read off this table, so a new key is one new row (plus the
 * engine code that implements it).
 *
 * The choice lists are the engine's and the view's name lists, in their
 * enums' order; test_config holds them equal. */
#include <string.h>

#include "rnnscope/config.h"

static const char *const cell_choices[] = {"rnn", "lstm", "gru", "skip", NULL};
static const char *const activation_choices[] = {"sigmoid", "tanh", "relu", "leaky_relu", NULL};
static const char *const init_choices[] = {"gaussian", "uniform", "xavier", "he", "orthogonal", "identity", NULL};
static const char *const group_choices[] = {"vanishing", "exploding", "cures", "memory", "data", "lessons",
                                            "other", NULL};
static const char *const task_choices[] = {"adding", "copy", "temporal", "remember", "text", NULL};
static const char *const optimizer_choices[] = {"sgd", "momentum", "adam", NULL};
static const char *const clip_choices[] = {"none", "norm", "value", NULL};
static const char *const mode_choices[] = {"g_h", "g_x", "g_w", "dact", "sat", "g_c", "units", "spectrum",
                                             "itemized", "phase", NULL};
/* The phase view's cells: only differentiated at initialisation, or trained. */
static const char *const phase_steps_choices[] = {"0", "100", "1000", NULL};
static const char *const scale_choices[] = {"relative", "absolute", NULL};
/* The colour range in decades: the ladder of src/view/colour.h, after "fit". */
static const char *const range_choices[] = {"fit", "8", "16", "32", "64", "128", "308", NULL};

/* ---- when a key applies ---------------------------------------------------- */

static bool is(const char *choice, const char *name) { return choice && strcmp(choice, name) == 0; }

/* The rnn and the skip cell have an activation to choose; the gated cells
 * have their fixed σ gates and tanh. */
static bool has_activation(const rs_config *c) { return is(c->model.cell, "rnn") || is(c->model.cell, "skip"); }
static bool leaky(const rs_config *c) { return has_activation(c) && is(c->model.activation, "leaky_relu"); }
static bool skip_cell(const rs_config *c) { return is(c->model.cell, "skip"); }
static bool lstm_cell(const rs_config *c) { return is(c->model.cell, "lstm"); }
/* init.std, init.range and init.gain all describe W_hh: which one depends on
 * its kind (rs_init_matrix's scale: std, half-width, or gain). */
static bool gaussian(const rs_config *c) { return is(c->init.recurrent, "gaussian"); }
static bool uniform(const rs_config *c) { return is(c->init.recurrent, "uniform"); }
static bool gained(const rs_config *c) { return !gaussian(c) && !uniform(c); }
static bool copy_task(const rs_config *c) { return is(c->task.name, "copy"); }
static bool remember_task(const rs_config *c) { return is(c->task.name, "remember"); }
static bool text_task(const rs_config *c) { return is(c->task.name, "text"); }
static bool momentum(const rs_config *c) { return is(c->train.optimizer, "momentum"); }
static bool clipping(const rs_config *c) { return !is(c->train.clip, "none"); }

/* ---- the table -------------------------------------------------------------- */

enum { RESETS = RS_KEY_RESETS, SHARED = RS_KEY_SHARED, VIEW = RS_KEY_VIEW };

#define FIELD(f) offsetof(rs_config, f)
#define TEXT(key, f, flags, applies, help) \
    {key, RS_KEY_TEXT, FIELD(f), sizeof(((rs_config *)0)->f), "", 0, 0, false, NULL, flags, applies, help}
#define CHOICE(key, f, def, choices, flags, applies, help) \
    {key, RS_KEY_CHOICE, FIELD(f), 0, def, 0, 0, false, choices, flags, applies, help}
#define INT(key, f, def, lo, hi, flags, applies, help) \
    {key, RS_KEY_INT, FIELD(f), 0, def, lo, hi, false, NULL, flags, applies, help}
#define REAL(key, f, def, lo, hi, flags, applies, help) \
    {key, RS_KEY_REAL, FIELD(f), 0, def, lo, hi, false, NULL, flags, applies, help}
#define REAL_ABOVE(key, f, def, lo, hi, flags, applies, help) /* lo itself is not allowed */ \
    {key, RS_KEY_REAL, FIELD(f), 0, def, lo, hi, true, NULL, flags, applies, help}

const rs_key rs_keys[] = {
    TEXT("scenario.title", scenario.title, SHARED, NULL, "the scenario's name, shown at the top of the screen"),
    TEXT("scenario.summary", scenario.summary, SHARED, NULL, "what the scenario shows, in a sentence or two"),
    CHOICE("scenario.group", scenario.group, "other", group_choices, SHARED, NULL,
           "where rnnscope list shows the scenario"),

    CHOICE("model.cell", model.cell, "rnn", cell_choices, RESETS, NULL,
           "rnn: h=act(W_ih x+W_hh h+b); lstm, gru: gated memory; skip: rnn+W_sk h_{t-k}"),
    CHOICE("model.activation", model.activation, "tanh", activation_choices, RESETS, has_activation,
           "rnn/skip nonlinearity (lstm, gru: fixed σ, tanh); its slope scales each step"),
    REAL("model.leaky_slope", model.leaky_slope, "0.01", 0, 1, RESETS, leaky, "slope of leaky_relu for negative inputs"),
    INT("model.hidden", model.hidden, "32", 1, 1024, RESETS, NULL, "number of hidden units H"),
    INT("model.skip", model.skip, "8", 1, 1000, RESETS, skip_cell,
        "skip cell: W_sk connects h_{t-k} to step t; k >= T: none"),

    CHOICE("init.recurrent", init.recurrent, "gaussian", init_choices, RESETS, NULL,
           "how W_hh (hidden to hidden) starts out"),
    CHOICE("init.input", init.input, "xavier", init_choices, RESETS, NULL,
           "how W_ih (input to hidden) and W_hy (hidden to output) start out"),
    REAL("init.std", init.std, "0.1", 0, 10, RESETS, gaussian, "std of a gaussian W_hh"),
    REAL("init.range", init.range, "0.1", 0, 10, RESETS, uniform, "half-width of a uniform W_hh"),
    REAL("init.gain", init.gain, "1", 0, 10, RESETS, gained, "gain of xavier/he/orthogonal/identity W_hh"),
    REAL("init.input_scale", init.input_scale, "1", 0, 10, RESETS, NULL,
         "std, half-width or gain of W_ih and W_hy, by init.input"),
    REAL("init.bias", init.bias, "0", -10, 10, RESETS, NULL,
         "starting value of every bias (lstm forget gate: forget_bias)"),
    /* Jozefowicz et al. 2015 advise 1; each step keeps σ(b) of the cell
     * state at the start, and a memory of ~60 steps needs 3: on the remember
     * task at T = 60 (Adam 0.002, clip 1) bias 1 left 9 of 10 seed pairs at
     * chance after 3000 steps, bias 3 taught 22 of 22 within 200 steps. */
    REAL("init.forget_bias", init.forget_bias, "3", -10, 10, RESETS, lstm_cell,
         "lstm forget-gate bias b: each step keeps σ(b) of the cell (1: 0.73, 3: 0.95)"),

    CHOICE("task.name", task.name, "adding", task_choices, RESETS | SHARED, NULL, "the problem the network learns"),
    INT("task.length", task.length, "50", 2, 1000, SHARED, NULL, "sequence length T, in timesteps"),
    INT("task.seed", task.seed, "1", 0, 4294967295.0, RESETS | SHARED, NULL, "data seed"),
    INT("task.copy_length", task.copy_length, "10", 1, 100, RESETS | SHARED, copy_task,
        "copy task: how many symbols to copy"),
    INT("task.alphabet", task.alphabet, "8", 2, 32, RESETS | SHARED, copy_task,
        "how many different symbols the input uses"),
    INT("task.keys", task.keys, "4", 2, 8, RESETS | SHARED, remember_task, "remember task: how many keys to tell apart"),
    TEXT("task.file", task.file, RESETS | SHARED, text_task, "text task: a UTF-8 text file to learn (next character)"),

    CHOICE("train.optimizer", train.optimizer, "sgd", optimizer_choices, 0, NULL,
           "update rule: plain sgd, sgd with momentum, or adam"),
    REAL_ABOVE("train.lr", train.lr, "0.05", 0, 10, 0, NULL, "learning rate: the size of each update step"),
    REAL("train.momentum", train.momentum, "0.9", 0, 0.999, 0, momentum, "momentum: how much of the last update is kept"),
    INT("train.batch", train.batch, "16", 1, 1024, SHARED, NULL, "sequences per training step (batch size B)"),
    CHOICE("train.clip", train.clip, "none", clip_choices, 0, NULL,
           "gradient clipping: none, by global norm, or each value"),
    REAL_ABOVE("train.clip_threshold", train.clip_threshold, "1", 0, 1e6, 0, clipping,
               "largest gradient norm (clip = norm) or value (clip = value)"),
    INT("train.tbptt", train.tbptt, "0", 0, 1000, 0, NULL, "0 = full BPTT"),
    INT("train.seed", train.seed, "1", 0, 4294967295.0, RESETS, NULL, "weight seed"),

    CHOICE("view.mode", view.mode, "g_h", mode_choices, VIEW | SHARED, NULL, "what the plot shows first"),
    CHOICE("view.scale", view.scale, "relative", scale_choices, VIEW | SHARED, NULL,
           "colour by log10 (value / the row's value at t = T), or log10 value"),
    CHOICE("view.range", view.range, "32", range_choices, VIEW | SHARED, NULL,
           "colour range in ± decades, the same for every run (fit: the data's)"),
    CHOICE("view.phase_steps", view.phase_steps, "100", phase_steps_choices, VIEW | SHARED, NULL,
           "steps each phase-view cell trains (0: differentiated at initialisation)"),

    INT("stats.history", stats.history, "2048", 16, 100000, SHARED, NULL, "how many training steps the plots remember"),
    INT("stats.spectral_every", stats.spectral_every, "10", 0, 100000, SHARED, NULL,
        "ρ every N steps (σ_max: every step), wider at large H; 0 = at a reset"),
    INT("stats.memory_limit", stats.memory_limit, "0", 0, 16777216, SHARED, NULL,
        "MiB a run may use (compare mode: both sides); 0 = half of this machine's memory"),
};
const size_t rs_nkeys = sizeof rs_keys / sizeof rs_keys[0];

const rs_key *rs_key_find(const char *key)
{
    if (!key)
        return NULL;
    for (size_t i = 0; i < rs_nkeys; i++)
        if (strcmp(rs_keys[i].key, key) == 0)
            return &rs_keys[i];
    return NULL;
}

bool rs_key_applies(const rs_key *k, const rs_config *cfg)
{
    return k && (!k->applies || k->applies(cfg));
}

bool rs_key_resets(const char *key)
{
    const rs_key *k = rs_key_find(key);
    return k && (k->flags & RS_KEY_RESETS);
}

bool rs_key_shared(const char *key)
{
    const rs_key *k = rs_key_find(key);
    return k && (k->flags & RS_KEY_SHARED);
}

const rs_key *rs_config_recurrent_scale_key(const rs_config *cfg)
{
    return rs_key_find(gaussian(cfg) ? "init.std" : uniform(cfg) ? "init.range" : "init.gain");
}

int rs_config_choice_index(const rs_config *cfg, const char *key)
{
    const rs_key *k = rs_key_find(key);
    if (!k || k->type != RS_KEY_CHOICE)
        return -1;
    const char *v = rs_config_get_choice(cfg, k);
    for (int i = 0; v && k->choices[i]; i++)
        if (k->choices[i] == v || strcmp(k->choices[i], v) == 0)
            return i;
    return -1;
}
