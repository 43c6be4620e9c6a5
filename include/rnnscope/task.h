/* rnnscope tasks: sequence generators with long-term dependencies (DESIGN §4).
 * Every batch is drawn from the data RNG the caller passes in. */
#ifndef RNNSCOPE_TASK_H
#define RNNSCOPE_TASK_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "rnnscope/engine.h"

typedef enum {
    RS_TASK_ADDING, RS_TASK_COPY, RS_TASK_TEMPORAL, RS_TASK_REMEMBER, RS_TASK_COUNT
} rs_task_kind;

extern const char *const rs_task_names[];   /* NULL-terminated, indexed by rs_task_kind */

typedef struct {
    rs_task_kind kind;
    int length;        /* T */
    int copy_length;   /* copy: how many symbols to remember (k) */
    int alphabet;      /* copy: how many distinct symbols */
    int keys;          /* remember: how many key words (K ≤ RS_REMEMBER_MAX_KEYS) */
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
 * temporal: "A", "B", "c"…, classes "AA", "AB", "BA", "BB". NULL when out of range. */
const char *rs_task_token_name(const rs_task_spec *spec, int token);
const char *rs_task_class_name(const rs_task_spec *spec, int cls);

/* Loss a model that knows nothing would have (the "chance" line):
 * adding: MSE of always predicting 1 (≈ 0.167); xent tasks: ln(number of classes). */
double rs_task_chance_loss(const rs_task_spec *spec);

#endif
