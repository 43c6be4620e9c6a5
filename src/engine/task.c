/* Sequence tasks with long-term dependencies (DESIGN §4, task.h).
 *
 * Every batch is drawn sequence by sequence (b outer, t inner) from the rng
 * passed in, in a fixed order, so one data seed gives one stream of batches
 * (and the first B sequences do not depend on the batch size). */
#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "rnnscope/task.h"

const char *const rs_task_names[] = { "adding", "copy", "temporal", "remember", "text", NULL };

/* ---- vocabularies ------------------------------------------------------- */

/* copy: token 0 is the blank, 1..A the symbols, A+1 the delimiter. */
static const char *const copy_symbol_names[RS_COPY_MAX_ALPHABET] = {
    "1", "2", "3", "4", "5", "6", "7", "8", "9",
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N",
    "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z",
};

/* temporal: A and B carry the class, c…f are distractors
 * (Hochreiter & Schmidhuber 1997, experiment 6a; Pascanu et al. 2013). */
enum { TEMPORAL_VOCAB = 6, TEMPORAL_DISTRACTORS = 4, TEMPORAL_CLASSES = 4 };
static const char *const temporal_token_names[TEMPORAL_VOCAB] = { "A", "B", "c", "d", "e", "f" };
static const char *const temporal_class_names[TEMPORAL_CLASSES] = { "AA", "AB", "BA", "BB" };

/* remember: "I grew up in Maharashtra … I speak fluent Marathi". The input
 * vocabulary is the K keys, then the fillers; the classes are the K answers. */
enum { REMEMBER_FILLERS = 16 };
static const char *const remember_keys[RS_REMEMBER_MAX_KEYS] = {
    "Maharashtra", "Gujarat", "Bengal", "Punjab", "Kerala", "Karnataka", "Odisha", "Assam",
};
static const char *const remember_answers[RS_REMEMBER_MAX_KEYS] = {
    "Marathi", "Gujarati", "Bengali", "Punjabi", "Malayalam", "Kannada", "Odia", "Assamese",
};
static const char *const remember_fillers[REMEMBER_FILLERS] = {
    "and", "then", "we", "moved", "to", "the", "city", "years",
    "later", "I", "work", "as", "a", "teacher", "now", "speak",
};

/* ---- shape and checks ----------------------------------------------------- */

rs_task_shape rs_task_shape_of(const rs_task_spec *spec)
{
    rs_task_shape s = { 0, 0, RS_READOUT_LAST, RS_LOSS_XENT };
    switch (spec->kind) {
    case RS_TASK_ADDING:
        s.input = 2;    /* (value, marker) */
        s.output = 1;
        s.loss = RS_LOSS_MSE;
        break;
    case RS_TASK_COPY:
        s.input = spec->alphabet + 2;   /* blank, A symbols, delimiter */
        s.output = spec->alphabet + 2;
        s.readout = RS_READOUT_EVERY;
        break;
    case RS_TASK_TEMPORAL:
        s.input = TEMPORAL_VOCAB;
        s.output = TEMPORAL_CLASSES;
        break;
    case RS_TASK_REMEMBER:
        s.input = spec->keys + REMEMBER_FILLERS;
        s.output = spec->keys;
        break;
    case RS_TASK_TEXT:
        s.input = s.output = spec->text ? spec->text->vocab : 0;
        s.readout = RS_READOUT_EVERY;
        break;
    case RS_TASK_COUNT:
        break;
    }
    return s;
}

/* The two windows of the temporal order problem, 0-based, half-open:
 * [⌊0.1T⌋, ⌊0.2T⌋) and [⌊0.5T⌋, ⌊0.6T⌋) (Pascanu et al. 2013, after
 * Hochreiter & Schmidhuber 1997), in integer arithmetic so that no
 * rounding of 0.1·T can move a bound. Both are non-empty for T ≥ 10. */
#define TEMPORAL_MIN_LENGTH 10
static void temporal_windows(int T, int *lo1, int *hi1, int *lo2, int *hi2)
{
    *lo1 = T / 10;
    *hi1 = T / 5;
    *lo2 = T / 2;
    *hi2 = (int)((3L * T) / 5);
}

/* The message into err when there is room; always returns −1. */
#ifdef __GNUC__
__attribute__((format(printf, 3, 4)))
#endif
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int rs_task_check(const rs_task_spec *spec, char *err, size_t errlen)
{
    const long T = spec->length;
    switch (spec->kind) {
    case RS_TASK_ADDING:
        /* one marker in each half: both halves need a step */
        if (T < 2)
            return fail(err, errlen, "task.length: the adding task needs at least 2 steps, got %ld", T);
        return 0;
    case RS_TASK_COPY: {
        const long k = spec->copy_length, A = spec->alphabet;
        if (k < 1)
            return fail(err, errlen, "task.copy_length: the copy task needs at least 1 symbol to copy, got %ld", k);
        if (A < 1 || A > RS_COPY_MAX_ALPHABET)
            return fail(err, errlen, "task.alphabet: the copy task needs 1 to %d symbols, got %ld",
                        RS_COPY_MAX_ALPHABET, A);
        /* k symbols, at least one delimiter, k recall steps */
        if (T < 2 * k + 1)
            return fail(err, errlen,
                        "task.length: the copy task needs at least 2·task.copy_length+1 = %ld steps, got %ld",
                        2 * k + 1, T);
        return 0;
    }
    case RS_TASK_TEMPORAL:
        if (T < TEMPORAL_MIN_LENGTH)
            return fail(err, errlen, "task.length: the temporal task needs at least %d steps, got %ld",
                        TEMPORAL_MIN_LENGTH, T);
        return 0;
    case RS_TASK_REMEMBER:
        if (spec->keys < 2 || spec->keys > RS_REMEMBER_MAX_KEYS)
            return fail(err, errlen, "task.keys: the remember task needs 2 to %d key words, got %d",
                        RS_REMEMBER_MAX_KEYS, spec->keys);
        /* a key and at least one filler before the answer */
        if (T < 2)
            return fail(err, errlen, "task.length: the remember task needs at least 2 steps, got %ld", T);
        return 0;
    case RS_TASK_TEXT:
        if (!spec->text || spec->text->vocab < 1)
            return fail(err, errlen, "task.file: the text task needs a text file, e.g. --set task.file=notes.txt");
        /* T inputs and the character after each */
        if (spec->text->length < T + 1)
            return fail(err, errlen, "task.length: the text has %ld characters; T = %ld needs at least %ld",
                        spec->text->length, T, T + 1);
        return 0;
    case RS_TASK_COUNT:
        break;
    }
    return fail(err, errlen, "task.name: unknown task kind %d", (int)spec->kind);
}

/* ---- batches ----------------------------------------------------------------- */

rs_batch *rs_batch_create(const rs_task_spec *spec, int B)
{
    if (B < 1 || rs_task_check(spec, NULL, 0) != 0)
        return NULL;
    const rs_task_shape s = rs_task_shape_of(spec);
    const size_t T = (size_t)spec->length;
    const size_t nlabel = s.readout == RS_READOUT_EVERY ? T * (size_t)B : (size_t)B;

    rs_batch *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->T = spec->length;
    b->B = B;
    b->I = s.input;
    b->O = s.output;
    b->readout = s.readout;
    b->loss = s.loss;
    b->x = calloc(T * (size_t)B * (size_t)s.input, sizeof *b->x);   /* (T, B, I) */
    b->token = malloc(T * (size_t)B * sizeof *b->token);            /* (T, B) */
    if (s.loss == RS_LOSS_MSE)
        b->target = malloc(nlabel * (size_t)s.output * sizeof *b->target);   /* (B, O) or (T, B, O) */
    else
        b->label = malloc(nlabel * sizeof *b->label);                          /* (B) or (T, B) */
    if (!b->x || !b->token || (s.loss == RS_LOSS_MSE ? !b->target : !b->label)) {
        rs_batch_free(b);
        return NULL;
    }
    return b;
}

void rs_batch_free(rs_batch *b)
{
    if (!b)
        return;
    free(b->x);
    free(b->target);
    free(b->label);
    free(b->token);
    free(b);
}

/* Uniform integer in [0, n). */
static int draw(gsl_rng *rng, int n)
{
    return (int)gsl_rng_uniform_int(rng, (unsigned long)n);
}

/* x_t of sequence b becomes the one-hot vector of token v; token[t, b] = v. */
static void put_token(rs_batch *b, int t, int s, int v)
{
    const size_t row = (size_t)t * (size_t)b->B + (size_t)s;
    double *x = b->x + row * (size_t)b->I;   /* (I) */
    memset(x, 0, (size_t)b->I * sizeof *x);
    x[v] = 1.0;
    b->token[row] = v;
}

/* Adding problem: x_t = (u_t, m_t), target = the sum of the two marked u
 * (Hochreiter & Schmidhuber 1997; Le, Jaitly & Hinton 2015). */
static void generate_adding(rs_batch *b, gsl_rng *rng)
{
    const int T = b->T, half = T / 2;
    for (int s = 0; s < b->B; s++) {
        for (int t = 0; t < T; t++) {
            double *x = b->x + ((size_t)t * (size_t)b->B + (size_t)s) * 2;   /* (2) */
            x[0] = gsl_rng_uniform(rng);   /* u_t ∈ [0, 1) */
            x[1] = 0.0;
            b->token[(size_t)t * (size_t)b->B + (size_t)s] = -1;
        }
        const int p1 = draw(rng, half);               /* first half [0, T/2) */
        const int p2 = half + draw(rng, T - half);    /* second half [T/2, T) */
        double *x1 = b->x + ((size_t)p1 * (size_t)b->B + (size_t)s) * 2;
        double *x2 = b->x + ((size_t)p2 * (size_t)b->B + (size_t)s) * 2;
        x1[1] = 1.0;
        x2[1] = 1.0;
        b->target[s] = x1[0] + x2[0];
    }
}

/* Copy memory: k symbols, T−2k−1 blanks, the delimiter, k blanks; the net
 * must output the k symbols on the last k steps (Arjovsky, Shah & Bengio 2016). */
static void generate_copy(const rs_task_spec *spec, rs_batch *b, gsl_rng *rng)
{
    const int T = b->T, B = b->B, k = spec->copy_length, A = spec->alphabet;
    const int blank = 0, delimiter = A + 1;
    for (int s = 0; s < B; s++) {
        for (int t = 0; t < T; t++) {
            int v = blank;
            if (t < k)
                v = 1 + draw(rng, A);
            else if (t == T - k - 1)
                v = delimiter;
            put_token(b, t, s, v);
            /* recall step T−k+j answers the symbol seen at step j */
            b->label[(size_t)t * (size_t)B + (size_t)s] =
                t >= T - k ? b->token[(size_t)(t - (T - k)) * (size_t)B + (size_t)s] : -1;
        }
    }
}

/* Temporal order: A or B in each of two windows, distractors elsewhere;
 * class = 2·(first is B) + (second is B). */
static void generate_temporal(rs_batch *b, gsl_rng *rng)
{
    int lo1, hi1, lo2, hi2;
    temporal_windows(b->T, &lo1, &hi1, &lo2, &hi2);
    for (int s = 0; s < b->B; s++) {
        for (int t = 0; t < b->T; t++)
            put_token(b, t, s, 2 + draw(rng, TEMPORAL_DISTRACTORS));
        const int t1 = lo1 + draw(rng, hi1 - lo1);
        const int first = draw(rng, 2);     /* 0 A, 1 B */
        const int t2 = lo2 + draw(rng, hi2 - lo2);
        const int second = draw(rng, 2);
        put_token(b, t1, s, first);
        put_token(b, t2, s, second);
        b->label[s] = 2 * first + second;
    }
}

/* Remember: a key word at the first step, fillers after it, the key's
 * answer as the label at the end. */
static void generate_remember(const rs_task_spec *spec, rs_batch *b, gsl_rng *rng)
{
    const int K = spec->keys;
    for (int s = 0; s < b->B; s++) {
        const int key = draw(rng, K);
        put_token(b, 0, s, key);
        for (int t = 1; t < b->T; t++)
            put_token(b, t, s, K + draw(rng, REMEMBER_FILLERS));
        b->label[s] = key;
    }
}

/* Next-character prediction: B windows of T+1 characters at random offsets;
 * input t is character s+t−1, its label the character after it. */
static void generate_text(const rs_task_spec *spec, rs_batch *b, gsl_rng *rng)
{
    const rs_text *text = spec->text;
    const long windows = text->length - b->T;      /* offsets 0 … length−T−1 */
    for (int s = 0; s < b->B; s++) {
        const long start = (long)gsl_rng_uniform_int(rng, (unsigned long)windows);
        for (int t = 0; t < b->T; t++) {
            put_token(b, t, s, text->symbols[start + t]);
            b->label[(size_t)t * (size_t)b->B + (size_t)s] = text->symbols[start + t + 1];
        }
    }
}

void rs_task_generate(const rs_task_spec *spec, rs_batch *b, gsl_rng *rng)
{
    const rs_task_shape shape = rs_task_shape_of(spec);
    assert(b->T == spec->length && b->I == shape.input && b->O == shape.output);
    (void)shape;
    switch (spec->kind) {
    case RS_TASK_ADDING:   generate_adding(b, rng); break;
    case RS_TASK_COPY:     generate_copy(spec, b, rng); break;
    case RS_TASK_TEMPORAL: generate_temporal(b, rng); break;
    case RS_TASK_REMEMBER: generate_remember(spec, b, rng); break;
    case RS_TASK_TEXT:     generate_text(spec, b, rng); break;
    case RS_TASK_COUNT:    break;
    }
}

/* ---- names and chance ---------------------------------------------------------- */

const char *rs_task_token_name(const rs_task_spec *spec, int token)
{
    switch (spec->kind) {
    case RS_TASK_COPY: {
        const int A = spec->alphabet;
        if (token == 0)
            return "_";
        if (token == A + 1)
            return ":";
        if (token >= 1 && token <= A && A <= RS_COPY_MAX_ALPHABET)
            return copy_symbol_names[token - 1];
        return NULL;
    }
    case RS_TASK_TEMPORAL:
        return token >= 0 && token < TEMPORAL_VOCAB ? temporal_token_names[token] : NULL;
    case RS_TASK_REMEMBER: {
        const int K = spec->keys;
        if (K < 0 || K > RS_REMEMBER_MAX_KEYS || token < 0)
            return NULL;
        if (token < K)
            return remember_keys[token];
        if (token < K + REMEMBER_FILLERS)
            return remember_fillers[token - K];
        return NULL;
    }
    case RS_TASK_TEXT:
        return spec->text && token >= 0 && token < spec->text->vocab ? spec->text->names[token] : NULL;
    case RS_TASK_ADDING:   /* real-valued inputs, no symbols */
    case RS_TASK_COUNT:
        break;
    }
    return NULL;
}

const char *rs_task_class_name(const rs_task_spec *spec, int cls)
{
    switch (spec->kind) {
    case RS_TASK_COPY:       /* the classes are the input tokens */
    case RS_TASK_TEXT:
        return rs_task_token_name(spec, cls);
    case RS_TASK_TEMPORAL:
        return cls >= 0 && cls < TEMPORAL_CLASSES ? temporal_class_names[cls] : NULL;
    case RS_TASK_REMEMBER:
        return cls >= 0 && cls < spec->keys && cls < RS_REMEMBER_MAX_KEYS ? remember_answers[cls] : NULL;
    case RS_TASK_ADDING:
    case RS_TASK_COUNT:
        break;
    }
    return NULL;
}

double rs_task_chance_loss(const rs_task_spec *spec)
{
    switch (spec->kind) {
    case RS_TASK_ADDING:
        /* s = u₁ + u₂ has mean 1, so E[(s − 1)²] = Var s = 2·(1/12) = 1/6 */
        return 1.0 / 6.0;
    case RS_TASK_COPY:
        /* knowing when to recall but not what: uniform over the A symbols */
        return log((double)spec->alphabet);
    case RS_TASK_TEMPORAL:
        return log((double)TEMPORAL_CLASSES);
    case RS_TASK_REMEMBER:
        return log((double)spec->keys);
    case RS_TASK_TEXT:
        return spec->text ? spec->text->unigram_entropy : NAN;
    case RS_TASK_COUNT:
        break;
    }
    return NAN;
}
