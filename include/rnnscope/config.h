/* rnnscope configuration: one typed struct, one table of keys (DESIGN §5).
 * Defaults → scenario file → --set key=value, later wins. The config module
 * knows nothing of the engine; the session turns names into engine specs. */
#ifndef RNNSCOPE_CONFIG_H
#define RNNSCOPE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define RS_COMPARE_MAX 16

/* A choice is a pointer to one of its key's choice strings (compare with strcmp
 * or by pointer); text is a fixed buffer. Integers are long, reals double. */
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
        const char *mode;         /* g_h, g_x, g_w, dact, sat, units */
        const char *scale;        /* relative, absolute */
    } view;
    struct {
        long history, spectral_every;
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

typedef struct {
    const char *key;                /* "model.activation" (scenario: [model] activation) */
    rs_key_type type;
    size_t offset;                  /* offsetof(rs_config, …) */
    size_t size;                    /* RS_KEY_TEXT: buffer size */
    const char *def;                /* default, as it would be written in a file */
    double min, max;                /* RS_KEY_INT, RS_KEY_REAL: allowed range */
    bool min_exclusive;             /* lr > 0 rather than ≥ 0 */
    const char *const *choices;     /* RS_KEY_CHOICE: NULL-terminated */
    const char *help;               /* one line */
} rs_key;

/* The table, in the order `rnnscope keys` prints it. */
extern const rs_key rs_keys[];
extern const size_t rs_nkeys;

const rs_key *rs_key_find(const char *key);

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
 * batches (task.*, train.batch) are therefore shared and cannot differ. */

/* True for the keys both sides of compare mode share. */
bool rs_compare_key_shared(const char *key);

/* Add (or replace) the override key = value. −1 and "key: …" when the key is
 * unknown, shared, the value is bad, or there are RS_COMPARE_MAX already. */
int rs_compare_set(rs_config *cfg, const char *key, const char *value, char *err, size_t errlen);

/* "key=value"; errors are prefixed "--compare key=value: ". */
int rs_compare_set_arg(rs_config *cfg, const char *arg, char *err, size_t errlen);

/* Parsing "key=value": s[0, n) without surrounding blanks into buf; and arg
 * split at its first '=' into trimmed key and value (false: no '=' or no key). */
void rs_trim_into(char *buf, size_t size, const char *s, size_t n);
bool rs_split_assignment(const char *arg, char *key, size_t ksize, char *value, size_t vsize);

/* The right side: left with its overrides applied and none of its own. */
int rs_compare_config(const rs_config *left, rs_config *right, char *err, size_t errlen);

#endif
