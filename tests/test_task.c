/* Tasks: shapes, the layout of every task's sequences, one-hot inputs,
 * determinism, spec checks and the chance line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "check_main.h"
#include <gsl/gsl_rng.h>

#include "rnnscope/task.h"

static gsl_rng *rng_seeded(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    return r;
}

/* A batch of B sequences drawn with seed. */
static rs_batch *batch_seeded(const rs_task_spec *spec, int B, unsigned long seed)
{
    rs_batch *b = rs_batch_create(spec, B);
    ck_assert_ptr_nonnull(b);
    gsl_rng *r = rng_seeded(seed);
    rs_task_generate(spec, b, r);
    gsl_rng_free(r);
    return b;
}

static double xval(const rs_batch *b, int t, int s, int i)
{
    return b->x[((size_t)t * b->B + s) * b->I + i];
}

static int token(const rs_batch *b, int t, int s)
{
    return b->token[(size_t)t * b->B + s];
}

static const rs_task_spec ADDING = { RS_TASK_ADDING, 50, 0, 0, 0, NULL };
static const rs_task_spec COPY = { RS_TASK_COPY, 30, 10, 8, 0, NULL };   /* Arjovsky et al.: k = 10, 8 symbols */
static const rs_task_spec TEMPORAL = { RS_TASK_TEMPORAL, 100, 0, 0, 0, NULL };
static const rs_task_spec REMEMBER = { RS_TASK_REMEMBER, 20, 0, 0, 8, NULL };

/* ---- names and shapes ----------------------------------------------------- */

START_TEST(task_names)
{
    ck_assert_str_eq(rs_task_names[RS_TASK_ADDING], "adding");
    ck_assert_str_eq(rs_task_names[RS_TASK_COPY], "copy");
    ck_assert_str_eq(rs_task_names[RS_TASK_TEMPORAL], "temporal");
    ck_assert_str_eq(rs_task_names[RS_TASK_REMEMBER], "remember");
    ck_assert_ptr_null(rs_task_names[RS_TASK_COUNT]);
}
END_TEST

static const struct {
    rs_task_spec spec;
    int input, output;
    rs_readout readout;
    rs_loss loss;
} shape_cases[] = {
    { { RS_TASK_ADDING, 50, 0, 0, 0, NULL }, 2, 1, RS_READOUT_LAST, RS_LOSS_MSE },
    { { RS_TASK_COPY, 30, 10, 8, 0, NULL }, 10, 10, RS_READOUT_EVERY, RS_LOSS_XENT },
    { { RS_TASK_COPY, 5, 2, 1, 0, NULL }, 3, 3, RS_READOUT_EVERY, RS_LOSS_XENT },
    { { RS_TASK_TEMPORAL, 100, 0, 0, 0, NULL }, 6, 4, RS_READOUT_LAST, RS_LOSS_XENT },
    { { RS_TASK_REMEMBER, 20, 0, 0, 8, NULL }, 24, 8, RS_READOUT_LAST, RS_LOSS_XENT },
    { { RS_TASK_REMEMBER, 20, 0, 0, 3, NULL }, 19, 3, RS_READOUT_LAST, RS_LOSS_XENT },
};

START_TEST(shapes)
{
    const rs_task_spec *spec = &shape_cases[_i].spec;
    rs_task_shape s = rs_task_shape_of(spec);
    ck_assert_int_eq(s.input, shape_cases[_i].input);
    ck_assert_int_eq(s.output, shape_cases[_i].output);
    ck_assert_int_eq(s.readout, shape_cases[_i].readout);
    ck_assert_int_eq(s.loss, shape_cases[_i].loss);

    rs_batch *b = rs_batch_create(spec, 3);
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(b->T, spec->length);
    ck_assert_int_eq(b->B, 3);
    ck_assert_int_eq(b->I, s.input);
    ck_assert_int_eq(b->O, s.output);
    ck_assert_int_eq(b->readout, s.readout);
    ck_assert_int_eq(b->loss, s.loss);
    ck_assert_ptr_nonnull(b->x);
    ck_assert_ptr_nonnull(b->token);
    if (s.loss == RS_LOSS_MSE) {
        ck_assert_ptr_nonnull(b->target);
        ck_assert_ptr_null(b->label);
    } else {
        ck_assert_ptr_null(b->target);
        ck_assert_ptr_nonnull(b->label);
    }
    for (size_t i = 0; i < (size_t)b->T * b->B * b->I; i++)
        ck_assert_double_eq(b->x[i], 0.0);   /* created zeroed */
    rs_batch_free(b);
}
END_TEST

START_TEST(create_refuses_bad_spec)
{
    const rs_task_spec short_copy = { RS_TASK_COPY, 12, 10, 8, 0, NULL };
    ck_assert_ptr_null(rs_batch_create(&short_copy, 4));
    ck_assert_ptr_null(rs_batch_create(&ADDING, 0));
    rs_batch_free(NULL);
}
END_TEST

/* ---- the layout of each task ------------------------------------------------- */

static void check_adding(const rs_task_spec *spec)
{
    const int B = 64;
    rs_batch *b = batch_seeded(spec, B, 1);
    const int T = b->T, half = T / 2;
    for (int s = 0; s < B; s++) {
        int first = 0, second = 0;
        double sum = 0.0;
        for (int t = 0; t < T; t++) {
            const double u = xval(b, t, s, 0), m = xval(b, t, s, 1);
            ck_assert(u >= 0.0 && u < 1.0);
            ck_assert(m == 0.0 || m == 1.0);
            ck_assert_int_eq(token(b, t, s), -1);
            if (m == 1.0) {
                if (t < half)
                    first++;
                else
                    second++;
                sum += u;
            }
        }
        ck_assert_int_eq(first, 1);    /* one marker in [0, T/2) */
        ck_assert_int_eq(second, 1);   /* one in [T/2, T) */
        ck_assert_double_eq(b->target[s], sum);
    }
    rs_batch_free(b);
}

START_TEST(adding_layout)
{
    check_adding(&ADDING);
    const rs_task_spec odd = { RS_TASK_ADDING, 51, 0, 0, 0, NULL };
    check_adding(&odd);
    const rs_task_spec shortest = { RS_TASK_ADDING, 2, 0, 0, 0, NULL };
    check_adding(&shortest);
}
END_TEST

/* Both markers land on every position of their half, not only some. */
START_TEST(adding_positions_cover_halves)
{
    const int B = 2000;
    rs_batch *b = batch_seeded(&ADDING, B, 2);
    int seen[50] = { 0 };
    for (int s = 0; s < B; s++)
        for (int t = 0; t < b->T; t++)
            seen[t] += xval(b, t, s, 1) == 1.0;
    for (int t = 0; t < b->T; t++)
        ck_assert_msg(seen[t] > 0, "no marker ever at t = %d", t);   /* P(miss) ≈ 50·e⁻⁸⁰ */
    rs_batch_free(b);
}
END_TEST

static void check_copy(const rs_task_spec *spec)
{
    const int B = 32;
    rs_batch *b = batch_seeded(spec, B, 3);
    const int T = b->T, k = spec->copy_length, A = spec->alphabet;
    for (int s = 0; s < B; s++)
        for (int t = 0; t < T; t++) {
            const int v = token(b, t, s);
            const int label = b->label[(size_t)t * B + s];
            if (t < k)
                ck_assert(v >= 1 && v <= A);        /* the symbols */
            else if (t == T - k - 1)
                ck_assert_int_eq(v, A + 1);         /* the delimiter */
            else
                ck_assert_int_eq(v, 0);             /* blanks */
            if (t < T - k)
                ck_assert_int_eq(label, -1);
            else
                ck_assert_int_eq(label, token(b, t - (T - k), s));   /* recall in order */
        }
    rs_batch_free(b);
}

START_TEST(copy_layout)
{
    check_copy(&COPY);
    const rs_task_spec tight = { RS_TASK_COPY, 21, 10, 8, 0, NULL };   /* no blank before the delimiter */
    check_copy(&tight);
    const rs_task_spec one = { RS_TASK_COPY, 3, 1, 1, 0, NULL };
    check_copy(&one);
}
END_TEST

static void check_temporal(const rs_task_spec *spec)
{
    const int B = 256;
    rs_batch *b = batch_seeded(spec, B, 4);
    const int T = b->T;
    /* [⌊0.1T⌋, ⌊0.2T⌋) and [⌊0.5T⌋, ⌊0.6T⌋), written out for the lengths tested */
    int lo1, hi1, lo2, hi2;
    switch (T) {
    case 10:  lo1 = 1;  hi1 = 2;  lo2 = 5;  hi2 = 6;  break;
    case 100: lo1 = 10; hi1 = 20; lo2 = 50; hi2 = 60; break;
    case 37:  lo1 = 3;  hi1 = 7;  lo2 = 18; hi2 = 22; break;
    default:  ck_abort_msg("no windows for T = %d", T); return;
    }
    int classes[4] = { 0 };
    for (int s = 0; s < B; s++) {
        int n = 0, t1 = -1, t2 = -1;
        for (int t = 0; t < T; t++) {
            const int v = token(b, t, s);
            ck_assert(v >= 0 && v < 6);
            if (v <= 1) {   /* A or B */
                n++;
                if (t1 < 0)
                    t1 = t;
                else
                    t2 = t;
            }
        }
        ck_assert_int_eq(n, 2);
        ck_assert(t1 >= lo1 && t1 < hi1);
        ck_assert(t2 >= lo2 && t2 < hi2);
        const int cls = 2 * token(b, t1, s) + token(b, t2, s);   /* AA, AB, BA, BB */
        ck_assert_int_eq(b->label[s], cls);
        classes[cls]++;
    }
    for (int c = 0; c < 4; c++)
        ck_assert_msg(classes[c] > 0, "class %d never drawn", c);   /* P ≈ 4·0.75²⁵⁶ */
    rs_batch_free(b);
}

START_TEST(temporal_layout)
{
    check_temporal(&TEMPORAL);
    const rs_task_spec shortest = { RS_TASK_TEMPORAL, 10, 0, 0, 0, NULL };
    check_temporal(&shortest);
    const rs_task_spec odd = { RS_TASK_TEMPORAL, 37, 0, 0, 0, NULL };
    check_temporal(&odd);
}
END_TEST

START_TEST(remember_layout)
{
    const int B = 64, K = REMEMBER.keys;
    rs_batch *b = batch_seeded(&REMEMBER, B, 5);
    for (int s = 0; s < B; s++) {
        const int key = token(b, 0, s);
        ck_assert(key >= 0 && key < K);
        ck_assert_int_eq(b->label[s], key);
        for (int t = 1; t < b->T; t++) {
            const int v = token(b, t, s);
            ck_assert(v >= K && v < K + 16);   /* fillers only */
        }
    }
    rs_batch_free(b);
}
END_TEST

/* Every (t, b) of a symbolic task is one-hot at its token. */
START_TEST(one_hot_rows)
{
    const rs_task_spec *specs[] = { &COPY, &TEMPORAL, &REMEMBER };
    for (size_t k = 0; k < 3; k++) {
        rs_batch *b = batch_seeded(specs[k], 16, 6);
        for (int t = 0; t < b->T; t++)
            for (int s = 0; s < b->B; s++) {
                double sum = 0.0;
                for (int i = 0; i < b->I; i++) {
                    const double v = xval(b, t, s, i);
                    ck_assert(v == 0.0 || v == 1.0);
                    sum += v;
                }
                ck_assert_double_eq(sum, 1.0);
                ck_assert_double_eq(xval(b, t, s, token(b, t, s)), 1.0);
            }
        rs_batch_free(b);
    }
}
END_TEST

/* ---- determinism -------------------------------------------------------------- */

static int batches_equal(const rs_batch *a, const rs_batch *b)
{
    const size_t TB = (size_t)a->T * a->B;
    const size_t nlabel = a->readout == RS_READOUT_EVERY ? TB : (size_t)a->B;
    if (memcmp(a->x, b->x, TB * a->I * sizeof *a->x) != 0)
        return 0;
    if (memcmp(a->token, b->token, TB * sizeof *a->token) != 0)
        return 0;
    if (a->target && memcmp(a->target, b->target, nlabel * a->O * sizeof *a->target) != 0)
        return 0;
    if (a->label && memcmp(a->label, b->label, nlabel * sizeof *a->label) != 0)
        return 0;
    return 1;
}

static const rs_task_spec *const all_specs[] = { &ADDING, &COPY, &TEMPORAL, &REMEMBER };

START_TEST(same_seed_same_batch)
{
    const rs_task_spec *spec = all_specs[_i];
    rs_batch *a = batch_seeded(spec, 8, 100);
    rs_batch *b = batch_seeded(spec, 8, 100);
    rs_batch *c = batch_seeded(spec, 8, 101);
    ck_assert_msg(batches_equal(a, b), "%s: same seed, different batch", rs_task_names[spec->kind]);
    ck_assert_msg(!batches_equal(a, c), "%s: different seed, same batch", rs_task_names[spec->kind]);

    /* Drawing over an old batch leaves nothing of it behind: c, redrawn
     * with seed 100, equals a. */
    gsl_rng *r = rng_seeded(100);
    rs_task_generate(spec, c, r);
    gsl_rng_free(r);
    ck_assert_msg(batches_equal(a, c), "%s: a redrawn batch keeps old values", rs_task_names[spec->kind]);
    rs_batch_free(a);
    rs_batch_free(b);
    rs_batch_free(c);
}
END_TEST

/* ---- checks ------------------------------------------------------------------ */

static const struct {
    rs_task_spec spec;
    const char *message;   /* NULL: valid */
} check_cases[] = {
    { { RS_TASK_ADDING, 50, 0, 0, 0, NULL }, NULL },
    { { RS_TASK_ADDING, 2, 0, 0, 0, NULL }, NULL },
    { { RS_TASK_ADDING, 1, 0, 0, 0, NULL }, "task.length: the adding task needs at least 2 steps, got 1" },
    { { RS_TASK_COPY, 21, 10, 8, 0, NULL }, NULL },
    { { RS_TASK_COPY, 12, 10, 8, 0, NULL },
      "task.length: the copy task needs at least 2·task.copy_length+1 = 21 steps, got 12" },
    { { RS_TASK_COPY, 30, 0, 8, 0, NULL }, "task.copy_length: the copy task needs at least 1 symbol to copy, got 0" },
    { { RS_TASK_COPY, 30, 10, 0, 0, NULL }, "task.alphabet: the copy task needs 1 to 35 symbols, got 0" },
    { { RS_TASK_COPY, 30, 10, 36, 0, NULL }, "task.alphabet: the copy task needs 1 to 35 symbols, got 36" },
    { { RS_TASK_COPY, 30, 10, 35, 0, NULL }, NULL },
    { { RS_TASK_TEMPORAL, 10, 0, 0, 0, NULL }, NULL },
    { { RS_TASK_TEMPORAL, 9, 0, 0, 0, NULL }, "task.length: the temporal task needs at least 10 steps, got 9" },
    { { RS_TASK_REMEMBER, 20, 0, 0, 2, NULL }, NULL },
    { { RS_TASK_REMEMBER, 2, 0, 0, 8, NULL }, NULL },
    { { RS_TASK_REMEMBER, 20, 0, 0, 1, NULL }, "task.keys: the remember task needs 2 to 8 key words, got 1" },
    { { RS_TASK_REMEMBER, 20, 0, 0, 9, NULL }, "task.keys: the remember task needs 2 to 8 key words, got 9" },
    { { RS_TASK_REMEMBER, 1, 0, 0, 4, NULL }, "task.length: the remember task needs at least 2 steps, got 1" },
    { { RS_TASK_TEXT, 20, 0, 0, 0, NULL }, "task.file: the text task needs a text file, e.g. --set task.file=notes.txt" },
    { { RS_TASK_COUNT, 20, 0, 0, 0, NULL }, "task.name: unknown task kind 5" },
};

START_TEST(check_messages)
{
    const rs_task_spec *spec = &check_cases[_i].spec;
    const char *want = check_cases[_i].message;
    char err[256] = "";
    int rc = rs_task_check(spec, err, sizeof err);
    if (want) {
        ck_assert_int_eq(rc, -1);
        ck_assert_str_eq(err, want);
    } else {
        ck_assert_msg(rc == 0, "unexpected: %s", err);
    }
    ck_assert_int_eq(rs_task_check(spec, NULL, 0), want ? -1 : 0);   /* no buffer is fine */
}
END_TEST

/* ---- names ---------------------------------------------------------------------- */

START_TEST(token_and_class_names)
{
    ck_assert_str_eq(rs_task_token_name(&COPY, 0), "_");
    ck_assert_str_eq(rs_task_token_name(&COPY, 1), "1");
    ck_assert_str_eq(rs_task_token_name(&COPY, 8), "8");
    ck_assert_str_eq(rs_task_token_name(&COPY, 9), ":");
    ck_assert_ptr_null(rs_task_token_name(&COPY, 10));
    ck_assert_ptr_null(rs_task_token_name(&COPY, -1));
    ck_assert_str_eq(rs_task_class_name(&COPY, 3), "3");
    const rs_task_spec big = { RS_TASK_COPY, 100, 10, 35, 0, NULL };
    ck_assert_str_eq(rs_task_token_name(&big, 10), "A");
    ck_assert_str_eq(rs_task_token_name(&big, 35), "Z");
    ck_assert_str_eq(rs_task_token_name(&big, 36), ":");

    ck_assert_str_eq(rs_task_token_name(&TEMPORAL, 0), "A");
    ck_assert_str_eq(rs_task_token_name(&TEMPORAL, 1), "B");
    ck_assert_str_eq(rs_task_token_name(&TEMPORAL, 5), "f");
    ck_assert_ptr_null(rs_task_token_name(&TEMPORAL, 6));
    ck_assert_str_eq(rs_task_class_name(&TEMPORAL, 0), "AA");
    ck_assert_str_eq(rs_task_class_name(&TEMPORAL, 1), "AB");
    ck_assert_str_eq(rs_task_class_name(&TEMPORAL, 2), "BA");
    ck_assert_str_eq(rs_task_class_name(&TEMPORAL, 3), "BB");
    ck_assert_ptr_null(rs_task_class_name(&TEMPORAL, 4));

    const rs_task_spec three = { RS_TASK_REMEMBER, 20, 0, 0, 3, NULL };
    ck_assert_str_eq(rs_task_token_name(&three, 0), "Maharashtra");
    ck_assert_str_eq(rs_task_token_name(&three, 2), "Bengal");
    ck_assert_str_eq(rs_task_token_name(&three, 3), "and");   /* the first filler */
    ck_assert_ptr_nonnull(rs_task_token_name(&three, 18));
    ck_assert_ptr_null(rs_task_token_name(&three, 19));
    ck_assert_str_eq(rs_task_class_name(&three, 0), "Marathi");
    ck_assert_str_eq(rs_task_class_name(&three, 2), "Bengali");
    ck_assert_ptr_null(rs_task_class_name(&three, 3));
    ck_assert_str_eq(rs_task_token_name(&REMEMBER, 7), "Assam");
    ck_assert_str_eq(rs_task_class_name(&REMEMBER, 7), "Assamese");
    ck_assert_str_eq(rs_task_class_name(&REMEMBER, 4), "Malayalam");

    ck_assert_ptr_null(rs_task_token_name(&ADDING, 0));
    ck_assert_ptr_null(rs_task_class_name(&ADDING, 0));
}
END_TEST

/* ---- chance ------------------------------------------------------------------------ */

/* Always predicting 1 on the adding problem: the MSE over 20 000 sequences.
 * d = s − 1 is triangular on [−1, 1], E[d²] = 1/6, E[d⁴] = 1/15, so one
 * squared error has variance 1/15 − 1/36 = 7/180 and the mean of n has
 * standard error √(7/180/n) ≈ 0.0014; the tolerance is 6 of them. */
START_TEST(chance_loss)
{
    const rs_task_spec short_adding = { RS_TASK_ADDING, 10, 0, 0, 0, NULL };
    const int n = 20000;
    rs_batch *b = batch_seeded(&short_adding, n, 7);
    double sum = 0.0;
    for (int s = 0; s < n; s++)
        sum += (b->target[s] - 1.0) * (b->target[s] - 1.0);
    rs_batch_free(b);
    const double mse = sum / n, tol = 6.0 * sqrt(7.0 / 180.0 / n);
    ck_assert_double_eq_tol(rs_task_chance_loss(&short_adding), 1.0 / 6.0, 1e-15);
    ck_assert_msg(fabs(mse - rs_task_chance_loss(&short_adding)) < tol, "MSE of predicting 1: %g", mse);

    ck_assert_double_eq_tol(rs_task_chance_loss(&COPY), log(8.0), 1e-15);
    ck_assert_double_eq_tol(rs_task_chance_loss(&TEMPORAL), log(4.0), 1e-15);
    ck_assert_double_eq_tol(rs_task_chance_loss(&REMEMBER), log(8.0), 1e-15);
    const rs_task_spec three = { RS_TASK_REMEMBER, 20, 0, 0, 3, NULL };
    ck_assert_double_eq_tol(rs_task_chance_loss(&three), log(3.0), 1e-15);
}
END_TEST

/* ---- text ------------------------------------------------------------------ */

/* Write bytes to a fresh temporary file; returns its path (static). */
static const char *text_file(const void *bytes, size_t n)
{
    static char path[64];
    snprintf(path, sizeof path, "%s", "/tmp/rnnscope-test-text-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq((long)write(fd, bytes, n), (long)n);
    close(fd);
    return path;
}

START_TEST(text_vocabulary_and_windows)
{
    /* "né" is one character; the newline is shown as ↵ and the space as ␣. */
    const char body[] = "abc né\nabc né\nabba";
    const char *path = text_file(body, strlen(body));
    rs_text text;
    char err[512];
    ck_assert_msg(rs_text_load(&text, path, err, sizeof err) == 0, "%s", err);
    unlink(path);
    ck_assert_int_eq(text.vocab, 7);        /* a b c ␣ n é ↵ */
    ck_assert_int_eq(text.length, 18);
    ck_assert_str_eq(text.names[3], "␣");
    ck_assert_str_eq(text.names[5], "é");
    ck_assert_str_eq(text.names[6], "↵");
    /* the entropy of the character frequencies, by hand: a 4, b 4, c 2, ␣ 2, n 2, é 2, ↵ 2 of 18 */
    const double counts[] = {4, 4, 2, 2, 2, 2, 2};
    double h = 0.0;
    for (int i = 0; i < 7; i++)
        h -= counts[i] / 18.0 * log(counts[i] / 18.0);
    ck_assert_double_eq_tol(text.unigram_entropy, h, 1e-15);

    const rs_task_spec spec = { RS_TASK_TEXT, 6, 0, 0, 0, &text };
    char msg[256];
    ck_assert_int_eq(rs_task_check(&spec, msg, sizeof msg), 0);
    const rs_task_shape shape = rs_task_shape_of(&spec);
    ck_assert_int_eq(shape.input, 7);
    ck_assert_int_eq(shape.output, 7);
    ck_assert_int_eq(shape.readout, RS_READOUT_EVERY);
    ck_assert_double_eq(rs_task_chance_loss(&spec), text.unigram_entropy);
    ck_assert_str_eq(rs_task_token_name(&spec, 5), "é");
    ck_assert_str_eq(rs_task_class_name(&spec, 0), "a");

    /* Every sequence is a window of the file; each label is the next character. */
    rs_batch *b = batch_seeded(&spec, 32, 5);
    bool starts_seen[18] = {false};
    for (int s = 0; s < b->B; s++) {
        int start = -1;
        for (int at = 0; at + 6 < text.length && start < 0; at++) {
            bool match = true;
            for (int t = 0; t < 6 && match; t++)
                match = token(b, t, s) == text.symbols[at + t] && b->label[(size_t)t * b->B + s] == text.symbols[at + t + 1];
            if (match)
                start = at;
        }
        ck_assert_msg(start >= 0, "sequence %d is no window of the text", s);
        starts_seen[start] = true;
        for (int t = 0; t < 6; t++)
            ck_assert_double_eq(xval(b, t, s, token(b, t, s)), 1.0);
    }
    int distinct = 0;
    for (int i = 0; i < 18; i++)
        distinct += starts_seen[i];
    ck_assert_int_ge(distinct, 6);      /* windows from all over the file (12 offsets possible) */
    rs_batch_free(b);

    const rs_task_spec too_long = { RS_TASK_TEXT, 18, 0, 0, 0, &text };
    ck_assert_int_eq(rs_task_check(&too_long, msg, sizeof msg), -1);
    ck_assert_str_eq(msg, "task.length: the text has 18 characters; T = 18 needs at least 19");
    rs_text_free(&text);
}
END_TEST

START_TEST(text_bad_files)
{
    char err[512], want[600];
    rs_text text;
    ck_assert_int_eq(rs_text_load(&text, "/nonexistent/notes.txt", err, sizeof err), -1);
    ck_assert_str_eq(err, "task.file: /nonexistent/notes.txt: No such file or directory");

    static const struct { const char *bytes; size_t n; const char *message; } cases[] = {
        {"", 0, "the file is empty; the text task needs some text to learn from"},
        {"ab\0cd", 5, "looks binary (a NUL byte at byte 2); the text task reads plain UTF-8 text"},
        {"ab\xff", 3, "looks binary (invalid UTF-8 at byte 2: a byte that never occurs in UTF-8); the text task reads plain UTF-8 text"},
        {"a\xc3", 2, "looks binary (invalid UTF-8 at byte 1: a sequence cut short); the text task reads plain UTF-8 text"},
        {"x", 1, "holds a single character; the text task needs at least two"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *path = text_file(cases[i].bytes, cases[i].n);
        ck_assert_int_eq(rs_text_load(&text, path, err, sizeof err), -1);
        snprintf(want, sizeof want, "task.file: %s: %s", path, cases[i].message);
        ck_assert_str_eq(err, want);
        ck_assert_ptr_null(text.symbols);
        unlink(path);
    }

    /* More distinct characters than the one-hot input allows: 300 codepoints. */
    char many[900];
    size_t n = 0;
    for (int c = 0x100; c < 0x100 + 300; c++) {
        many[n++] = (char)(0xC0 | (c >> 6));
        many[n++] = (char)(0x80 | (c & 0x3F));
    }
    const char *path = text_file(many, n);
    ck_assert_int_eq(rs_text_load(&text, path, err, sizeof err), -1);
    snprintf(want, sizeof want, "task.file: %s: has more than 256 distinct characters; at most 256 "
             "(the one-hot input grows with them)", path);
    ck_assert_str_eq(err, want);
    unlink(path);

    /* Huge: a sparse file just over the limit. */
    path = text_file("a", 1);
    ck_assert_int_eq(truncate(path, RS_TEXT_MAX_BYTES + 1), 0);
    ck_assert_int_eq(rs_text_load(&text, path, err, sizeof err), -1);
    snprintf(want, sizeof want, "task.file: %s: 16.0 MiB is too large; at most 16 MiB of text", path);
    ck_assert_str_eq(err, want);
    unlink(path);

    /* A folder is not a text. */
    ck_assert_int_eq(rs_text_load(&text, "/tmp", err, sizeof err), -1);
    ck_assert_str_eq(err, "task.file: /tmp: not a regular file (a directory)");
}
END_TEST

static Suite *task_suite(void)
{
    Suite *s = suite_create("task");
    TCase *tc = tcase_create("task");
    tcase_add_test(tc, task_names);
    tcase_add_loop_test(tc, shapes, 0, (int)(sizeof shape_cases / sizeof shape_cases[0]));
    tcase_add_test(tc, create_refuses_bad_spec);
    tcase_add_test(tc, adding_layout);
    tcase_add_test(tc, adding_positions_cover_halves);
    tcase_add_test(tc, copy_layout);
    tcase_add_test(tc, temporal_layout);
    tcase_add_test(tc, remember_layout);
    tcase_add_test(tc, one_hot_rows);
    tcase_add_loop_test(tc, same_seed_same_batch, 0, (int)(sizeof all_specs / sizeof all_specs[0]));
    tcase_add_loop_test(tc, check_messages, 0, (int)(sizeof check_cases / sizeof check_cases[0]));
    tcase_add_test(tc, token_and_class_names);
    tcase_add_test(tc, chance_loss);
    tcase_add_test(tc, text_vocabulary_and_windows);
    tcase_add_test(tc, text_bad_files);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return rs_run_suite(task_suite());
}
