/* rnnscope training curves: the loss, accuracy and gradient norm of a whole
 * run in bounded memory (TensorBoard's scalars). The run's steps fall into at
 * most RS_CURVE_BUCKETS buckets of equal width; when the buckets are full,
 * neighbours merge and the width doubles, so memory never grows with the
 * steps trained. A bucket keeps the minimum, maximum, sum and count of each
 * quantity over its steps — a spike is never lost, a mean line and a min/max
 * band can be drawn from it — and how many of its steps had a value that was
 * not finite or above the divergence ceiling (drawn as a mark, never plotted). */
#ifndef RNNSCOPE_CURVE_H
#define RNNSCOPE_CURVE_H

#include <stdbool.h>
#include <stddef.h>

#define RS_CURVE_BUCKETS 512

typedef enum { RS_CURVE_LOSS, RS_CURVE_ACC, RS_CURVE_GRAD_NORM, RS_CURVE_KINDS } rs_curve_kind;

typedef struct {
    double min, max, sum;   /* over the bucket's finite values */
    long count;             /* finite values */
    long bad;               /* values that were NaN, ±Inf or above the ceiling */
} rs_curve_stat;

typedef struct {
    long first_step;        /* the steps [first_step, first_step + width) */
    rs_curve_stat stat[RS_CURVE_KINDS];
} rs_curve_bucket;

typedef struct {
    long width;             /* steps per bucket: 1, 2, 4, … */
    long first_step;        /* the first step recorded (1 after a reset) */
    int n;                  /* buckets in use */
    rs_curve_bucket bucket[RS_CURVE_BUCKETS];
} rs_curve;

void rs_curve_reset(rs_curve *c);
/* Record a step's values. A value that is not finite or whose magnitude is
 * above ceiling counts as bad. Steps normally come in increasing order; a
 * step that comes again (a diverged step redone after an undo) adds to the
 * bucket that holds it — the curve keeps every attempt. */
void rs_curve_add(rs_curve *c, long step, const double value[RS_CURVE_KINDS], double ceiling);
/* The mean of a bucket's finite values; NaN when it has none. */
double rs_curve_mean(const rs_curve_stat *s);

#endif
