/* rnnscope tasks: sequence generators with long-term dependencies (DESIGN §4).
 * Every batch is drawn from the data RNG the caller passes in. */
#ifndef RNNSCOPE_TASK_H
#define RNNSCOPE_TASK_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "rnnscope/engine.h"

typedef enum {
    RS_TASK_ADDING, RS_TASK_COPY, RS_TASK_TEMPORAL, RS_TASK_REMEMBER, RS_TASK_TEXT, RS_TASK_COUNT
} rs_task_kind;

extern const char *const rs_task_names[];   /* NULL-terminated, indexed by rs_task_kind */

/* The text task's corpus (char-level next-character prediction, as Karpathy's
 * min-char-rnn): a UTF-8 file as a sequence of symbols, one per character. */
#define RS_TEXT_MAX_VOCAB 256               /* distinct characters: the one-hot input size */
#define RS_TEXT_MAX_BYTES (16L << 20)       /* 16 MiB: a book is ~1 MiB */

typedef struct {
    int vocab;                              /* V, distinct characters */
    char names[RS_TEXT_MAX_VOCAB][8];       /* each as UTF-8; space, newline and tab as ␣ ↵ ⇥ */
    int *symbols;                           /* the file, one symbol index per character */
    long length;                            /* characters in the file */
    double unigram_entropy;                 /* nats: the loss of a model with no memory at all */
} rs_text;

/* Read a UTF-8 text file. 0, or −1 and "task.file: path: what is wrong" for
 * a missing, empty, binary (a NUL byte or invalid UTF-8), huge (> 16 MiB)
 * file or one with more than RS_TEXT_MAX_VOCAB distinct characters. Anything
 * but a regular file (a FIFO, a device, a directory) is refused before a byte
 * is read, without waiting. UTF-8 is decoded strictly (Unicode Table 3-7):
 * overlong forms, UTF-16 surrogates and code points past U+10FFFF are errors
 * that name the byte offset and what is wrong there. */
int rs_text_load(rs_text *text, const char *path, char *err, size_t errlen);
void rs_text_free(rs_text *text);

typedef struct {
    rs_task_kind kind;
    int length;        /* T */
    int copy_length;   /* copy: how many symbols to remember (k) */
    int alphabet;      /* copy: how many distinct symbols */
    int keys;          /* remember: how many key words (K ≤ RS_REMEMBER_MAX_KEYS) */
    const rs_text *text;   /* text: the corpus (owned by the caller) */
} rs_task_spec;

#define RS_REMEMBER_MAX_KEYS 8
#define RS_COPY_MAX_ALPHABET 35   /* copy symbols are named "1"…"9", "A"…"Z" */

/* Sizes and loss a task implies. */
typedef struct {
    int input, output;
    rs_readout readout;
    rs_loss loss;
} rs_task_shape;

rs_task_shape rs_task_shape_of(const rs_task_spec *spec);

/* 0 when the spec can generate sequences; else −1 and a message such as
 * "task.length: the copy task needs at least 2·task.copy_length+1 = 21 steps, got 12". */
int rs_task_check(const rs_task_spec *spec, char *err, size_t errlen);

/* Allocate a batch of B sequences for spec (its length, sizes and loss). */
rs_batch *rs_batch_create(const rs_task_spec *spec, int B);
void rs_batch_free(rs_batch *b);

/* Draw a fresh batch into b (which was created for the same spec). No allocation. */
void rs_task_generate(const rs_task_spec *spec, rs_batch *b, gsl_rng *rng);

/* The word or symbol for an input token (b->token), and for an output class:
 * remember: "Maharashtra" / "Marathi"; copy: "3", "_" (blank), ":" (delimiter);
 * temporal: "A", "B", "c"…, classes "AA", "AB", "BA", "BB"; text: the character.
 * NULL when out of range. */
const char *rs_task_token_name(const rs_task_spec *spec, int token);
const char *rs_task_class_name(const rs_task_spec *spec, int cls);

/* Loss a model that knows nothing would have (the "chance" line):
 * adding: MSE of always predicting 1 (≈ 0.167); xent tasks: ln(number of classes);
 * text: the entropy of the character frequencies (a model without memory). */
double rs_task_chance_loss(const rs_task_spec *spec);

#endif
