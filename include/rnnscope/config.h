/* rnnscope configuration: one typed struct, one table of keys (DESIGN §5).
 * Defaults → scenario file → --set key=value, later wins. The config module
 * knows nothing of the engine; the session turns names into engine specs. */
#ifndef RNNSCOPE_CONFIG_H
#define RNNSCOPE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define RS_COMPARE_MAX 16

/* A choice is a pointer to one of its key's choice strings (the front ends
 * read choices typed: the session's rs_settings, or rs_config_choice_index);
 * text is a fixed buffer. Integers are long, reals double. */
typedef struct {
    struct {
        char title[128];
        char summary[1024];
        const char *group;        /* vanishing, exploding, cures, memory, data, lessons, other: for rnnscope list */
    } scenario;
    struct {
        const char *cell;         /* rnn, lstm, gru, skip */
        const char *activation;   /* sigmoid, tanh, relu, leaky_relu (rnn, skip) */
        double leaky_slope;
        long hidden;
        long skip;                /* skip cell: distance k of W_sk h_{t-k} */
    } model;
    struct {
        const char *recurrent;    /* gaussian, uniform, xavier, he, orthogonal, identity */
        const char *input;
        double std, range, gain;  /* for W_hh: gaussian std, uniform half-width, gain */
        double input_scale;       /* for W_ih, W_hy: std, half-width or gain by init.input */
        double bias;
        double forget_bias;       /* lstm forget gate's bias */
    } init;
    struct {
        const char *name;         /* adding, copy, temporal, remember, text */
        long length, seed;
        long copy_length, alphabet, keys;
        char file[1024];          /* text: the file (a scenario's relative path is from its folder) */
    } task;
    struct {
        const char *optimizer;    /* sgd, momentum, adam */
        double lr, momentum;
        long batch;
        const char *clip;         /* none, norm, value */
        double clip_threshold;
        long tbptt, seed;
    } train;
    struct {
        const char *mode;         /* g_h, g_x, …, spectrum, itemized, phase */
        const char *scale;        /* relative, absolute */
        const char *range;        /* fit, 8, 16, 32, 64, 128, 308 (decades) */
        const char *phase_steps;  /* 0, 100, 1000: the steps each cell of the phase view trains */
    } view;
    struct {
        long history, spectral_every;
        long memory_limit;        /* MiB; 0: half of the machine's physical memory */
    } stats;
    /* Compare mode's right-hand side: overrides of the keys above, from a
     * scenario's [compare] section or --compare key=value. count 0: none. */
    struct {
        int count;
        char key[RS_COMPARE_MAX][48];
        char value[RS_COMPARE_MAX][80];
    } compare;
} rs_config;

typedef enum { RS_KEY_INT, RS_KEY_REAL, RS_KEY_CHOICE, RS_KEY_TEXT } rs_key_type;

/* What a key means for a running session and for the screen (rs_key.flags). */
enum {
    RS_KEY_RESETS = 1,  /* changing it re-initialises the weights from the weight seed and
                           restarts the data from the data seed (DESIGN §3 Seeds) */
    RS_KEY_SHARED = 2,  /* both sides of compare mode have the same value: it decides the
                           batches (task.*, train.batch) or describes the scenario or screen */
    RS_KEY_VIEW = 4,    /* changes only the picture, never training */
};

typedef struct {
    const char *key;                /* "model.activation" (scenario: [model] activation) */
    rs_key_type type;
    size_t offset;                  /* offsetof(rs_config, …) */
    size_t size;                    /* RS_KEY_TEXT: buffer size */
    const char *def;                /* default, as it would be written in a file */
    double min, max;                /* RS_KEY_INT, RS_KEY_REAL: allowed range */
    bool min_exclusive;             /* lr > 0 rather than ≥ 0 */
    const char *const *choices;     /* RS_KEY_CHOICE: NULL-terminated */
    unsigned flags;                 /* RS_KEY_RESETS, RS_KEY_SHARED, RS_KEY_VIEW */
    /* Whether the key matters for a config: train.clip_threshold only when
     * train.clip ≠ none, init.std only for a gaussian W_hh, … NULL: always. */
    bool (*applies)(const rs_config *cfg);
    const char *help;               /* one line */
} rs_key;

/* The table, in the order `rnnscope keys` prints it (keys.c). */
extern const rs_key rs_keys[];
extern const size_t rs_nkeys;

const rs_key *rs_key_find(const char *key);

/* What a key means (its row of the table): whether it matters for cfg,
 * whether changing it re-initialises the weights, whether both sides of
 * compare mode share it. An unknown key: false. */
bool rs_key_applies(const rs_key *k, const rs_config *cfg);
bool rs_key_resets(const char *key);
bool rs_key_shared(const char *key);

/* The key that holds W_hh's scale for cfg's init.recurrent: init.std
 * (gaussian), init.range (uniform) or init.gain (the others). */
const rs_key *rs_config_recurrent_scale_key(const rs_config *cfg);

/* Index of a choice key's value in its choice list (the engine's and the
 * view's enums follow these lists: a test holds them equal); −1 when the
 * key is not a choice. */
int rs_config_choice_index(const rs_config *cfg, const char *key);

/* Why a call failed: the user's input (exit 2), or the machine (exit 1). */
typedef enum { RS_ERR_NONE, RS_ERR_INPUT, RS_ERR_MEMORY, RS_ERR_IO } rs_error_kind;

typedef struct {
    rs_error_kind kind;
    char msg[2048];     /* "what is wrong; allowed: …", or "" */
} rs_error;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void rs_error_set(rs_error *e, rs_error_kind kind, const char *fmt, ...);
/* Put prefix before e's message ("compare: …"), cutting its end if need be. */
void rs_error_prefix(rs_error *e, const char *prefix);

void rs_config_defaults(rs_config *cfg);

/* Set one key from text. 0 on success; else −1 and err holds
 * "key: what is wrong; allowed: …" (an unknown key lists the keys of its section). */
int rs_config_set(rs_config *cfg, const char *key, const char *value, char *err, size_t errlen);

/* --set argument "key=value"; errors are prefixed "--set key=value: ". */
int rs_config_set_arg(rs_config *cfg, const char *arg, char *err, size_t errlen);

/* Read a scenario file (INI, inih) over cfg. Errors: "path:line: key: …";
 * an unreadable file: "path: cannot open: No such file or directory".
 * On error cfg is left exactly as it was. An indented line continues the
 * text key above it (joined with one space); lines are at most 198 characters. */
int rs_config_load(rs_config *cfg, const char *path, char *err, size_t errlen);

/* The current value of a key as text ("0.05", "tanh"), as a file would hold it. */
void rs_config_format(const rs_config *cfg, const rs_key *k, char *buf, size_t n);

/* Move a choice key to the next (dir = +1) or previous (−1) choice, wrapping. */
void rs_config_cycle(rs_config *cfg, const rs_key *k, int dir);

/* The allowed values or range of a key as text: "sigmoid, tanh, relu, leaky_relu", "1 … 1024". */
void rs_key_allowed(const rs_key *k, char *buf, size_t n);

/* Sections are the part of a key before the dot. "scenario, model, …, stats". */
bool rs_section_known(const char *section);
void rs_sections_allowed(char *buf, size_t n);

/* Field access by key (for generic front-end code). get_real also reads an
 * int key; get_choice also returns a text key's buffer; otherwise 0 / NULL. */
long rs_config_get_int(const rs_config *cfg, const rs_key *k);
double rs_config_get_real(const rs_config *cfg, const rs_key *k);
const char *rs_config_get_choice(const rs_config *cfg, const rs_key *k);

/* ---- compare mode ----------------------------------------------------------
 * Two sessions side by side on the very same batches: the right one is the
 * left one's config with a few keys overridden. The keys that decide the
 * batches (task.*, train.batch) are therefore shared (rs_key_shared) and
 * cannot differ. */

/* Add (or replace) the override key = value. −1 and "key: …" when the key is
 * unknown, shared, the value is bad, or there are RS_COMPARE_MAX already. */
int rs_compare_set(rs_config *cfg, const char *key, const char *value, char *err, size_t errlen);

/* "key=value"; errors are prefixed "--compare key=value: ". */
int rs_compare_set_arg(rs_config *cfg, const char *arg, char *err, size_t errlen);

/* ---- numbers in files (numbers.c) -------------------------------------------
 * Full precision (%.17g); JSON writes a NaN or Inf as null, a CSV cell as
 * nan, inf or -inf. */
void rs_json_number(FILE *f, double x);
void rs_csv_number(FILE *f, double x);

/* ---- small parsers every layer above uses (parse.c) ------------------------ */

/* A blank: space, tab, CR or LF. */
bool rs_is_blank(char c);
/* s[0, n) without surrounding blanks into buf. */
void rs_trim_into(char *buf, size_t size, const char *s, size_t n);
/* arg split at its first '=' into trimmed key and value (false: no '=' or no key). */
bool rs_split_assignment(const char *arg, char *key, size_t ksize, char *value, size_t vsize);
/* A whole number: an optional sign and digits only (no 1e3, no 0x10, no
 * blanks); parsed within [lo, hi] into *out (false otherwise). */
bool rs_is_whole_number(const char *s);
bool rs_parse_whole(const char *s, long lo, long hi, long *out);
/* A message into err[errlen] (nothing when err is NULL or errlen 0). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void rs_seterr(char *err, size_t errlen, const char *fmt, ...);

/* The right side: left with its overrides applied and none of its own. */
int rs_compare_config(const rs_config *left, rs_config *right, char *err, size_t errlen);

#endif
