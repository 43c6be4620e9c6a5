/* Whole-array arithmetic for the engine's hot loops (private to src/engine):
 * the elementary functions of the activations over a row at a time, and the
 * sums behind every norm and mean of the statistics.
 *
 * Elementary functions: glibc's libmvec (the SIMD vector ABI, e.g.
 * _ZGVdN4v_tanh — four doubles per call, a few ulp like libm's scalar
 * functions), chosen at run time when the CPU has AVX2 (or AVX-512F), with
 * libm one element at a time as the fallback. A CPU without AVX2 runs the
 * same program with the fallback; results then differ in the last bits.
 *
 * Sums: a fixed number of independent partial sums, combined in a fixed
 * order. The order of additions is written out in the code, so it does not
 * depend on the CPU or on what the compiler vectorises — only on n. */
#ifndef RS_ENGINE_VECMATH_H
#define RS_ENGINE_VECMATH_H

#include <stddef.h>

/* y[i] = tanh(x[i]), exp(x[i]), 1/(1 + e^−x[i]); y may be x. */
void rs_vec_tanh(double *y, const double *x, size_t n);
void rs_vec_exp(double *y, const double *x, size_t n);
void rs_vec_sigmoid(double *y, const double *x, size_t n);

/* Σ v[i]², and Σ |v[i]|, in the fixed order described above. */
double rs_vec_sum_squares(const double *v, size_t n);
double rs_vec_sum_abs(const double *v, size_t n);

/* Σ a[i]·b[i], in the same fixed order. */
double rs_vec_dot(const double *a, const double *b, size_t n);

/* Σ v[i] and Σ (1 − v[i]), in the same fixed order. */
double rs_vec_sum(const double *v, size_t n);
double rs_vec_sum_complement(const double *v, size_t n);

/* C += A·B on row-major arrays (A m×k, B k×n, C m×n), for the small
 * per-timestep products of the recurrence: register tiles, no packing.
 * Each C[i][j] is its old value plus A[i][0]·B[0][j], then A[i][1]·B[1][j],
 * …, in that order, a product and an addition each (no fma), so every path
 * gives the very same bits. */
void rs_vec_matmul_add(double *C, const double *A, const double *B, size_t m, size_t k, size_t n);

/* How many of |v[i]| are below limit. */
size_t rs_vec_count_below(const double *v, size_t n, double limit);

#endif
