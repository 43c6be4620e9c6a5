/* Training curves in bounded memory (curve.h): equal-width buckets that
 * merge pairwise when full, so the whole run always fits in
 * RS_CURVE_BUCKETS buckets and no minimum or maximum is ever lost. */
#include <math.h>
#include <string.h>

#include "rnnscope/curve.h"

static void stat_clear(rs_curve_stat *s) { *s = (rs_curve_stat){.min = INFINITY, .max = -INFINITY}; }

static void bucket_clear(rs_curve_bucket *b, long first_step)
{
    b->first_step = first_step;
    for (int k = 0; k < RS_CURVE_KINDS; k++)
        stat_clear(&b->stat[k]);
}

void rs_curve_reset(rs_curve *c)
{
    c->width = 1;
    c->first_step = 0;
    c->n = 0;
}

static void merge_into(rs_curve_stat *to, const rs_curve_stat *from)
{
    to->min = fmin(to->min, from->min);
    to->max = fmax(to->max, from->max);
    to->sum += from->sum;
    to->count += from->count;
    to->bad += from->bad;
}

/* Halve the resolution: buckets 2i and 2i+1 become bucket i. */
static void coarsen(rs_curve *c)
{
    const int n = (c->n + 1) / 2;
    for (int i = 0; i < n; i++) {
        rs_curve_bucket merged = c->bucket[2 * i];
        if (2 * i + 1 < c->n)
            for (int k = 0; k < RS_CURVE_KINDS; k++)
                merge_into(&merged.stat[k], &c->bucket[2 * i + 1].stat[k]);
        c->bucket[i] = merged;
    }
    c->n = n;
    c->width *= 2;
}

void rs_curve_add(rs_curve *c, long step, const double value[RS_CURVE_KINDS], double ceiling)
{
    if (c->n == 0) {
        c->first_step = step;
        c->width = 1;
    }
    if (step < c->first_step)
        return;     /* before the curve began: cannot happen after a reset */
    long i = (step - c->first_step) / c->width;
    while (i >= RS_CURVE_BUCKETS) {
        coarsen(c);
        i = (step - c->first_step) / c->width;
    }
    for (; c->n <= i; c->n++)
        bucket_clear(&c->bucket[c->n], c->first_step + c->n * c->width);
    rs_curve_bucket *b = &c->bucket[i];
    for (int k = 0; k < RS_CURVE_KINDS; k++) {
        rs_curve_stat *s = &b->stat[k];
        const double v = value[k];
        if (!isfinite(v) || fabs(v) > ceiling) {
            s->bad++;
            continue;
        }
        s->min = fmin(s->min, v);
        s->max = fmax(s->max, v);
        s->sum += v;
        s->count++;
    }
}

double rs_curve_mean(const rs_curve_stat *s)
{
    return s->count ? s->sum / (double)s->count : NAN;
}
