/* The config table (DESIGN §5): every key once, with its type, field, default,
 * range and help. Everything else here — defaults, parsing, messages, format,
 * cycling — is read off this table, so a new key is one new line. */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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
static const char *const mode_choices[] = {"g_h", "g_x", "g_w", "dact", "sat", "g_c", "units", NULL};
static const char *const scale_choices[] = {"relative", "absolute", NULL};

#define FIELD(f) offsetof(rs_config, f)
#define TEXT(key, f, help) \
    {key, RS_KEY_TEXT, FIELD(f), sizeof(((rs_config *)0)->f), "", 0, 0, false, NULL, help}
#define CHOICE(key, f, def, choices, help) \
    {key, RS_KEY_CHOICE, FIELD(f), 0, def, 0, 0, false, choices, help}
#define INT(key, f, def, lo, hi, help) \
    {key, RS_KEY_INT, FIELD(f), 0, def, lo, hi, false, NULL, help}
#define REAL(key, f, def, lo, hi, help) \
    {key, RS_KEY_REAL, FIELD(f), 0, def, lo, hi, false, NULL, help}
#define REAL_ABOVE(key, f, def, lo, hi, help) /* lo itself is not allowed */ \
    {key, RS_KEY_REAL, FIELD(f), 0, def, lo, hi, true, NULL, help}

const rs_key rs_keys[] = {
    TEXT("scenario.title", scenario.title, "the scenario's name, shown at the top of the screen"),
    TEXT("scenario.summary", scenario.summary, "what the scenario shows, in a sentence or two"),
    CHOICE("scenario.group", scenario.group, "other", group_choices, "where rnnscope list shows the scenario"),

    CHOICE("model.cell", model.cell, "rnn", cell_choices,
           "rnn: h=act(W_ih x+W_hh h+b); lstm, gru: gated memory; skip: rnn+W_sk h_{t-k}"),
    CHOICE("model.activation", model.activation, "tanh", activation_choices,
           "rnn/skip nonlinearity (lstm, gru: fixed σ, tanh); its slope scales each step"),
    REAL("model.leaky_slope", model.leaky_slope, "0.01", 0, 1, "slope of leaky_relu for negative inputs"),
    INT("model.hidden", model.hidden, "32", 1, 1024, "number of hidden units H"),
    INT("model.skip", model.skip, "8", 1, 1000, "skip cell: W_sk connects h_{t-k} to step t; k >= T: none"),

    CHOICE("init.recurrent", init.recurrent, "gaussian", init_choices,
           "how W_hh (hidden to hidden) starts out"),
    CHOICE("init.input", init.input, "xavier", init_choices,
           "how W_ih (input to hidden) and W_hy (hidden to output) start out"),
    REAL("init.std", init.std, "0.1", 0, 10, "std of a gaussian W_hh"),
    REAL("init.range", init.range, "0.1", 0, 10, "half-width of a uniform W_hh"),
    REAL("init.gain", init.gain, "1", 0, 10, "gain of xavier/he/orthogonal/identity W_hh"),
    REAL("init.input_scale", init.input_scale, "1", 0, 10, "std, half-width or gain of W_ih and W_hy, by init.input"),
    REAL("init.bias", init.bias, "0", -10, 10, "starting value of every bias (lstm forget gate: forget_bias)"),
    REAL("init.forget_bias", init.forget_bias, "1", -10, 10,
         "lstm forget-gate bias: 1 keeps memory (Jozefowicz et al. 2015)"),

    CHOICE("task.name", task.name, "adding", task_choices, "the problem the network learns"),
    INT("task.length", task.length, "50", 2, 1000, "sequence length T, in timesteps"),
    INT("task.seed", task.seed, "1", 0, 4294967295.0, "data seed"),
    INT("task.copy_length", task.copy_length, "10", 1, 100, "copy task: how many symbols to copy"),
    INT("task.alphabet", task.alphabet, "8", 2, 32, "how many different symbols the input uses"),
    INT("task.keys", task.keys, "4", 2, 8, "remember task: how many keys to tell apart"),
    TEXT("task.file", task.file, "text task: a UTF-8 text file to learn (next character)"),

    CHOICE("train.optimizer", train.optimizer, "sgd", optimizer_choices,
           "update rule: plain sgd, sgd with momentum, or adam"),
    REAL_ABOVE("train.lr", train.lr, "0.05", 0, 10, "learning rate: the size of each update step"),
    REAL("train.momentum", train.momentum, "0.9", 0, 0.999, "momentum: how much of the last update is kept"),
    INT("train.batch", train.batch, "16", 1, 1024, "sequences per training step (batch size B)"),
    CHOICE("train.clip", train.clip, "none", clip_choices,
           "gradient clipping: none, by global norm, or each value"),
    REAL_ABOVE("train.clip_threshold", train.clip_threshold, "1", 0, 1e6,
               "largest gradient norm (clip = norm) or value (clip = value)"),
    INT("train.tbptt", train.tbptt, "0", 0, 1000, "0 = full BPTT"),
    INT("train.seed", train.seed, "1", 0, 4294967295.0, "weight seed"),

    CHOICE("view.mode", view.mode, "g_h", mode_choices, "what the plot shows first"),
    CHOICE("view.scale", view.scale, "relative", scale_choices,
           "colours relative to the largest value shown, or absolute"),

    INT("stats.history", stats.history, "2048", 16, 100000, "how many training steps the plots remember"),
    INT("stats.spectral_every", stats.spectral_every, "10", 0, 100000,
        "recompute σ_max every N steps; 0 = only after a reset"),
};
const size_t rs_nkeys = sizeof rs_keys / sizeof rs_keys[0];

/* ---- helpers --------------------------------------------------------------- */

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Append to buf (size n, already a string); truncates safely. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void append(char *buf, size_t n, const char *fmt, ...)
{
    size_t used = strlen(buf);
    if (used + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, n - used, fmt, ap);
    va_end(ap);
}

/* Numbers are read and written with '.', whatever setlocale() the front end
 * chose: a scenario file must mean the same on every machine. Thread-local. */
typedef struct {
    locale_t c, old;
} c_numeric;

static c_numeric c_numeric_begin(void)
{
    c_numeric s = {newlocale(LC_NUMERIC_MASK, "C", (locale_t)0), (locale_t)0};
    if (s.c)
        s.old = uselocale(s.c);
    return s;
}

static void c_numeric_end(c_numeric s)
{
    if (s.c) {
        uselocale(s.old);
        freelocale(s.c);
    }
}

static void *field(rs_config *cfg, const rs_key *k) { return (char *)cfg + k->offset; }
static const void *cfield(const rs_config *cfg, const rs_key *k) { return (const char *)cfg + k->offset; }

/* Length of the section part of a dotted key ("model" of "model.hidden"). */
static size_t section_len(const char *key)
{
    const char *dot = strchr(key, '.');
    return dot ? (size_t)(dot - key) : strlen(key);
}

static bool in_section(const rs_key *k, const char *section, size_t len)
{
    return section_len(k->key) == len && strncmp(k->key, section, len) == 0;
}

static bool section_known_n(const char *section, size_t len)
{
    for (size_t i = 0; i < rs_nkeys; i++)
        if (in_section(&rs_keys[i], section, len))
            return true;
    return false;
}

/* Sections of a scenario file that hold no config keys of their own. */
static const char *const extra_sections[] = {"compare", "lesson", NULL};

bool rs_section_known(const char *section)
{
    if (!section)
        return false;
    for (size_t i = 0; extra_sections[i]; i++)
        if (strcmp(section, extra_sections[i]) == 0)
            return true;
    return section_known_n(section, strlen(section));
}

/* The sections that hold keys: what a dotted key may begin with. */
static void key_sections_allowed(char *buf, size_t n)
{
    if (!buf || n == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < rs_nkeys; i++) {
        size_t len = section_len(rs_keys[i].key);
        if (i > 0 && in_section(&rs_keys[i - 1], rs_keys[i].key, len))
            continue; /* the table keeps a section's keys together */
        append(buf, n, "%s%.*s", i ? ", " : "", (int)len, rs_keys[i].key);
    }
}

void rs_sections_allowed(char *buf, size_t n)
{
    key_sections_allowed(buf, n);
    for (size_t i = 0; extra_sections[i] && buf && n; i++)
        append(buf, n, ", %s", extra_sections[i]);
}

/* "hidden" → "model.hidden" style hint for a key written without a section. */
static void unknown_key(const char *key, char *err, size_t errlen)
{
    char list[512] = "";
    size_t len = section_len(key);

    if (key[len] == '.' && section_known_n(key, len)) {
        for (size_t i = 0; i < rs_nkeys; i++)
            if (in_section(&rs_keys[i], key, len))
                append(list, sizeof list, "%s%s", list[0] ? ", " : "", rs_keys[i].key + len + 1);
        seterr(err, errlen, "%s: unknown key; allowed in [%.*s]: %s", key, (int)len, key, list);
        return;
    }
    if (key[len] == '.') {
        key_sections_allowed(list, sizeof list);
        seterr(err, errlen, "%s: unknown section [%.*s]; allowed: %s", key, (int)len, key, list);
        return;
    }
    /* No dot: maybe the user left out the section. */
    for (size_t i = 0; i < rs_nkeys; i++) {
        const char *name = rs_keys[i].key + section_len(rs_keys[i].key) + 1;
        if (strcmp(name, key) == 0)
            append(list, sizeof list, "%s%s", list[0] ? " or " : "", rs_keys[i].key);
    }
    if (list[0])
        seterr(err, errlen, "%s: unknown key; did you mean %s?", key, list);
    else
        seterr(err, errlen, "%s: unknown key; keys are written section.key, e.g. model.hidden", key);
}

const rs_key *rs_key_find(const char *key)
{
    if (!key)
        return NULL;
    for (size_t i = 0; i < rs_nkeys; i++)
        if (strcmp(rs_keys[i].key, key) == 0)
            return &rs_keys[i];
    return NULL;
}

void rs_config_defaults(rs_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    for (size_t i = 0; i < rs_nkeys; i++) /* cannot fail: test_config checks every default */
        rs_config_set(cfg, rs_keys[i].key, rs_keys[i].def, NULL, 0);
}

void rs_key_allowed(const rs_key *k, char *buf, size_t n)
{
    if (!buf || n == 0)
        return;
    buf[0] = '\0';
    c_numeric loc = c_numeric_begin();
    switch (k->type) {
    case RS_KEY_INT:
        append(buf, n, "%s%.0f … %.0f", k->min_exclusive ? "> " : "", k->min, k->max);
        break;
    case RS_KEY_REAL:
        append(buf, n, "%s%g … %g", k->min_exclusive ? "> " : "", k->min, k->max);
        break;
    case RS_KEY_CHOICE:
        for (size_t i = 0; k->choices[i]; i++)
            append(buf, n, "%s%s", i ? ", " : "", k->choices[i]);
        break;
    case RS_KEY_TEXT:
        append(buf, n, "text, at most %zu characters", k->size - 1);
        break;
    }
    c_numeric_end(loc);
}

static const char *allowed_of(const rs_key *k, char buf[256])
{
    rs_key_allowed(k, buf, 256);
    return buf;
}

static bool in_range(const rs_key *k, double v)
{
    return (k->min_exclusive ? v > k->min : v >= k->min) && v <= k->max;
}

/* Whole numbers: an optional sign and digits, nothing else (no 1e3, no 0x10). */
static bool whole_number(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* Parse v (already trimmed) into *out for key k. 0, or −1 with err set. */
static int parse_value(const rs_key *k, const char *v, void *out, char *err, size_t errlen)
{
    char buf[256]; /* for allowed_of(), in messages */

    if (k->type == RS_KEY_TEXT) {
        size_t len = strlen(v);
        if (len >= k->size) {
            seterr(err, errlen, "%s: too long (%zu characters); at most %zu", k->key, len, k->size - 1);
            return -1;
        }
        memcpy(out, v, len + 1);
        return 0;
    }
    if (!*v) {
        seterr(err, errlen, "%s: empty value; allowed: %s", k->key, allowed_of(k, buf));
        return -1;
    }
    switch (k->type) {
    case RS_KEY_INT: {
        if (!whole_number(v)) {
            seterr(err, errlen, "%s: '%s' is not a whole number; allowed: %s", k->key, v, allowed_of(k, buf));
            return -1;
        }
        errno = 0;
        long long x = strtoll(v, NULL, 10);
        if (errno == ERANGE || !in_range(k, (double)x)) {
            seterr(err, errlen, "%s: %s is out of range; allowed: %s", k->key, v, allowed_of(k, buf));
            return -1;
        }
        *(long *)out = (long)x;
        return 0;
    }
    case RS_KEY_REAL: {
        char *end;
        c_numeric loc = c_numeric_begin();
        errno = 0;
        double x = strtod(v, &end);
        int range_error = errno == ERANGE;
        c_numeric_end(loc);
        if (*end || (!isfinite(x) && !range_error)) {
            seterr(err, errlen, "%s: '%s' is not a number; allowed: %s", k->key, v, allowed_of(k, buf));
            return -1;
        }
        if (!isfinite(x) || !in_range(k, x)) {
            seterr(err, errlen, "%s: %s is out of range; allowed: %s", k->key, v, allowed_of(k, buf));
            return -1;
        }
        *(double *)out = x;
        return 0;
    }
    case RS_KEY_CHOICE:
        for (size_t i = 0; k->choices[i]; i++)
            if (strcmp(k->choices[i], v) == 0) {
                *(const char **)out = k->choices[i];
                return 0;
            }
        seterr(err, errlen, "%s: '%s' is not allowed; allowed: %s", k->key, v, allowed_of(k, buf));
        return -1;
    case RS_KEY_TEXT:
        break;
    }
    return -1;
}

/* Copy s without surrounding whitespace into a new string (free it). */
static char *trimmed_copy(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    char *t = malloc(len + 1);
    if (t) {
        memcpy(t, s, len);
        t[len] = '\0';
    }
    return t;
}

int rs_config_set(rs_config *cfg, const char *key, const char *value, char *err, size_t errlen)
{
    seterr(err, errlen, "%s", "");
    const rs_key *k = rs_key_find(key);
    if (!k) {
        unknown_key(key ? key : "(null)", err, errlen);
        return -1;
    }
    if (!value)
        value = "";
    if (k->type == RS_KEY_TEXT) /* text is kept as given */
        return parse_value(k, value, field(cfg, k), err, errlen);

    char *v = trimmed_copy(value);
    if (!v) {
        seterr(err, errlen, "%s: out of memory", k->key);
        return -1;
    }
    union {
        long i;
        double r;
        const char *c;
    } parsed;
    int rc = parse_value(k, v, &parsed, err, errlen);
    free(v);
    if (rc != 0)
        return -1;
    switch (k->type) {
    case RS_KEY_INT: *(long *)field(cfg, k) = parsed.i; break;
    case RS_KEY_REAL: *(double *)field(cfg, k) = parsed.r; break;
    case RS_KEY_CHOICE: *(const char **)field(cfg, k) = parsed.c; break;
    case RS_KEY_TEXT: break;
    }
    return 0;
}

int rs_config_set_arg(rs_config *cfg, const char *arg, char *err, size_t errlen)
{
    seterr(err, errlen, "%s", "");
    if (!arg)
        arg = "";
    const char *eq = strchr(arg, '=');
    char *key = eq ? malloc((size_t)(eq - arg) + 1) : NULL;
    if (key) {
        memcpy(key, arg, (size_t)(eq - arg));
        key[eq - arg] = '\0';
        char *t = trimmed_copy(key);
        free(key);
        key = t;
    }
    if (!key || !*key) {
        if (eq && !key)
            seterr(err, errlen, "--set %s: out of memory", arg);
        else
            seterr(err, errlen, "--set %s: expected key=value, e.g. --set model.hidden=64", arg);
        free(key);
        return -1;
    }
    char *value = trimmed_copy(eq + 1);
    char inner[1024];
    int rc = value ? rs_config_set(cfg, key, value, inner, sizeof inner) : -1;
    if (!value)
        snprintf(inner, sizeof inner, "%s", "out of memory");
    if (rc != 0)
        seterr(err, errlen, "--set %s: %s", arg, inner);
    free(key);
    free(value);
    return rc;
}

void rs_config_format(const rs_config *cfg, const rs_key *k, char *buf, size_t n)
{
    if (!buf || n == 0)
        return;
    switch (k->type) {
    case RS_KEY_INT:
        snprintf(buf, n, "%ld", *(const long *)cfield(cfg, k));
        break;
    case RS_KEY_REAL: {
        /* The shortest of %.15g, %.16g, %.17g that reads back as the same double. */
        double x = *(const double *)cfield(cfg, k);
        char tmp[40];
        c_numeric loc = c_numeric_begin();
        for (int digits = 15; digits <= 17; digits++) {
            snprintf(tmp, sizeof tmp, "%.*g", digits, x);
            if (strtod(tmp, NULL) == x)
                break;
        }
        c_numeric_end(loc);
        snprintf(buf, n, "%s", tmp);
        break;
    }
    case RS_KEY_CHOICE: {
        const char *c = *(const char *const *)cfield(cfg, k);
        snprintf(buf, n, "%s", c ? c : "");
        break;
    }
    case RS_KEY_TEXT:
        snprintf(buf, n, "%s", (const char *)cfield(cfg, k));
        break;
    }
}

void rs_config_cycle(rs_config *cfg, const rs_key *k, int dir)
{
    if (!k || k->type != RS_KEY_CHOICE || dir == 0)
        return;
    const char **cur = field(cfg, k);
    size_t n = 0, at = 0;
    for (; k->choices[n]; n++)
        if (*cur && strcmp(*cur, k->choices[n]) == 0)
            at = n;
    at = dir > 0 ? (at + 1) % n : (at + n - 1) % n;
    *cur = k->choices[at];
}

long rs_config_get_int(const rs_config *cfg, const rs_key *k)
{
    return k->type == RS_KEY_INT ? *(const long *)cfield(cfg, k) : 0;
}

double rs_config_get_real(const rs_config *cfg, const rs_key *k)
{
    if (k->type == RS_KEY_REAL)
        return *(const double *)cfield(cfg, k);
    if (k->type == RS_KEY_INT)
        return (double)*(const long *)cfield(cfg, k);
    return 0;
}

const char *rs_config_get_choice(const rs_config *cfg, const rs_key *k)
{
    if (k->type == RS_KEY_CHOICE)
        return *(const char *const *)cfield(cfg, k);
    if (k->type == RS_KEY_TEXT)
        return (const char *)cfield(cfg, k);
    return NULL;
}
