/* Whole-array arithmetic for the engine's hot loops (see vecmath.h).
 *
 * The elementary functions go through glibc's libmvec, the vector variants
 * that GCC itself calls when it vectorises a loop over tanh or exp under
 * -ffast-math (the x86_64 vector function ABI: _ZGV + d = AVX2 or e = AVX-512,
 * N4/N8 lanes, v = one vector argument; glibc's sysdeps/x86_64/fpu/multiarch).
 * Calling them by hand keeps the build free of -ffast-math and -march: the
 * path is chosen once, at load time, from what the CPU has
 * (__builtin_cpu_supports), and RNNSCOPE_VECMATH=scalar|avx2|avx512 or
 * rs_vecmath_select() can force a path (the tests compare the scalar path to
 * the vector one). Each call handles whole vectors; the last, partial vector
 * of an array is copied into a padded buffer, so every element goes through
 * the very same function whatever its position.
 *
 * The sums keep eight partial sums, lane k taking the elements i ≡ k (mod 8),
 * and add them pairwise at the end: eight independent chains instead of one
 * (a pipelined add per cycle instead of one per four), and an order of
 * additions fixed by the code, whatever the compiler makes of it (ISO C mode:
 * no contraction into fma, no reassociation). */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "rs_build_config.h"
#include "rnnscope/engine.h"
#include "vecmath.h"

#if RS_HAVE_LIBMVEC && defined(__x86_64__) && defined(__GNUC__)
#define RS_VECTOR_PATHS 1
#include <immintrin.h>
#else
#define RS_VECTOR_PATHS 0
#endif

/* ---- the scalar fallback: libm, one element at a time ---------------------------- */

static void tanh_scalar(double *y, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = tanh(x[i]);
}

static void exp_scalar(double *y, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = exp(x[i]);
}

/* ---- libmvec, four (AVX2) or eight (AVX-512) doubles at a time -------------------- */

#if RS_VECTOR_PATHS
/* The target attribute on each function (not a pragma) so that gcc and
 * clang both compile these for AVX while the rest stays baseline x86-64. */
#define RS_AVX2 __attribute__((target("avx2,fma")))
#define RS_AVX512 __attribute__((target("avx512f,avx2,fma")))
RS_AVX2 __m256d _ZGVdN4v_tanh(__m256d x);
RS_AVX2 __m256d _ZGVdN4v_exp(__m256d x);

#define RS_AVX2_MAP(name, fn)                                                   \
    RS_AVX2 static void name(double *y, const double *x, size_t n)             \
    {                                                                          \
        size_t i = 0;                                                          \
        for (; i + 4 <= n; i += 4)                                             \
            _mm256_storeu_pd(y + i, fn(_mm256_loadu_pd(x + i)));               \
        if (i < n) {                                                           \
            double pad[4] = {0.0, 0.0, 0.0, 0.0};                              \
            memcpy(pad, x + i, (n - i) * sizeof(double));                      \
            _mm256_storeu_pd(pad, fn(_mm256_loadu_pd(pad)));                   \
            memcpy(y + i, pad, (n - i) * sizeof(double));                      \
        }                                                                      \
    }
RS_AVX2_MAP(tanh_avx2, _ZGVdN4v_tanh)
RS_AVX2_MAP(exp_avx2, _ZGVdN4v_exp)

RS_AVX512 __m512d _ZGVeN8v_tanh(__m512d x);
RS_AVX512 __m512d _ZGVeN8v_exp(__m512d x);

#define RS_AVX512_MAP(name, fn)                                                 \
    RS_AVX512 static void name(double *y, const double *x, size_t n)           \
    {                                                                          \
        size_t i = 0;                                                          \
        for (; i + 8 <= n; i += 8)                                             \
            _mm512_storeu_pd(y + i, fn(_mm512_loadu_pd(x + i)));               \
        if (i < n) {                                                           \
            double pad[8] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};          \
            memcpy(pad, x + i, (n - i) * sizeof(double));                      \
            _mm512_storeu_pd(pad, fn(_mm512_loadu_pd(pad)));                   \
            memcpy(y + i, pad, (n - i) * sizeof(double));                      \
        }                                                                      \
    }
RS_AVX512_MAP(tanh_avx512, _ZGVeN8v_tanh)
RS_AVX512_MAP(exp_avx512, _ZGVeN8v_exp)
#endif

/* ---- C += A·B for small matrices ------------------------------------------------------ */

/* A tile of ROWS rows by VECS vectors of C stays in registers while k runs;
 * each step loads the tile's part of B's row k once for all its rows and
 * adds a[r]·b to each. GCC's generic vectors keep the code the same for every
 * target: 2 doubles (SSE2, the baseline), 4 (AVX2) or 8 (AVX-512) to a
 * vector, with tiles sized to the 16 or 32 vector registers. Columns past the
 * last whole tile and rows past the last tile take the plain loop, with the
 * same order of additions. */
#define RS_MATMUL_ADD(name, target, lanes, ROWS, VECS)                                       \
    target static void name(double *restrict C, const double *restrict A, const double *restrict B, \
                            size_t m, size_t k, size_t n)                                    \
    {                                                                                        \
        typedef double vec __attribute__((vector_size(8 * (lanes))));                        \
        const size_t cols = (lanes) * (VECS), nt = n - n % cols, mt = m - m % (ROWS);        \
        for (size_t j0 = 0; j0 < nt; j0 += cols)                                             \
            for (size_t i0 = 0; i0 < mt; i0 += (ROWS)) {                                     \
                vec acc[ROWS][VECS], b[VECS];                                                \
                for (int r = 0; r < (ROWS); r++)                                             \
                    for (int v = 0; v < (VECS); v++)                                         \
                        memcpy(&acc[r][v], C + (i0 + r) * n + j0 + (lanes) * v, sizeof(vec)); \
                for (size_t p = 0; p < k; p++) {                                             \
                    for (int v = 0; v < (VECS); v++)                                         \
                        memcpy(&b[v], B + p * n + j0 + (lanes) * v, sizeof(vec));           \
                    for (int r = 0; r < (ROWS); r++) {                                       \
                        const double a = A[(i0 + r) * k + p];                                \
                        for (int v = 0; v < (VECS); v++)                                     \
                            acc[r][v] += a * b[v];                                           \
                    }                                                                        \
                }                                                                            \
                for (int r = 0; r < (ROWS); r++)                                             \
                    for (int v = 0; v < (VECS); v++)                                         \
                        memcpy(C + (i0 + r) * n + j0 + (lanes) * v, &acc[r][v], sizeof(vec)); \
            }                                                                                \
        for (size_t i = 0; i < m; i++)                                                       \
            for (size_t j = i < mt ? nt : 0; j < n; j++) {                                   \
                double c = C[i * n + j];                                                     \
                for (size_t p = 0; p < k; p++)                                               \
                    c += A[i * k + p] * B[p * n + j];                                        \
                C[i * n + j] = c;                                                            \
            }                                                                                \
    }

/* Tiles (rows × doubles) measured on 16×64×64: AVX-512 4 × 32 at 1.2 µs
 * (OpenBLAS 4.7 µs), AVX2 4 × 8 at 3.7 µs (2 × 16 spilled: 17 µs). */
RS_MATMUL_ADD(matmul_add_scalar, , 2, 2, 4)
#if RS_VECTOR_PATHS
RS_MATMUL_ADD(matmul_add_avx2, RS_AVX2, 4, 4, 2)
RS_MATMUL_ADD(matmul_add_avx512, RS_AVX512, 8, 4, 4)
#endif

/* ---- the path in use ----------------------------------------------------------------- */

typedef void (*map_fn)(double *y, const double *x, size_t n);

static struct {
    rs_vecmath_path path;
    map_fn tanh, exp;
    void (*matmul_add)(double *C, const double *A, const double *B, size_t m, size_t k, size_t n);
} vm = {RS_VECMATH_SCALAR, tanh_scalar, exp_scalar, matmul_add_scalar};

static bool cpu_has(rs_vecmath_path p)
{
#if RS_VECTOR_PATHS
    __builtin_cpu_init();
    switch (p) {
    case RS_VECMATH_AVX512: return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2");
    case RS_VECMATH_AVX2: return __builtin_cpu_supports("avx2");
    default: return true;
    }
#else
    return p == RS_VECMATH_SCALAR;
#endif
}

rs_vecmath_path rs_vecmath_select(rs_vecmath_path want)
{
    rs_vecmath_path p = want;
    while (p > RS_VECMATH_SCALAR && !cpu_has(p))
        p--;
    vm.path = p;
    vm.tanh = tanh_scalar;
    vm.exp = exp_scalar;
    vm.matmul_add = matmul_add_scalar;
#if RS_VECTOR_PATHS
    if (p == RS_VECMATH_AVX2) {
        vm.tanh = tanh_avx2;
        vm.exp = exp_avx2;
        vm.matmul_add = matmul_add_avx2;
    } else if (p == RS_VECMATH_AVX512) {
        vm.tanh = tanh_avx512;
        vm.exp = exp_avx512;
        vm.matmul_add = matmul_add_avx512;
    }
#endif
    return p;
}

rs_vecmath_path rs_vecmath_current(void) { return vm.path; }

const char *rs_vecmath_name(rs_vecmath_path p)
{
    switch (p) {
    case RS_VECMATH_AVX2: return "avx2";
    case RS_VECMATH_AVX512: return "avx512";
    default: return "scalar";
    }
}

/* At load time: the best path the CPU has, unless RNNSCOPE_VECMATH names one. */
__attribute__((constructor)) static void choose_at_load(void)
{
    const char *env = getenv("RNNSCOPE_VECMATH");
    rs_vecmath_path want = RS_VECMATH_AVX512;
    for (int p = RS_VECMATH_SCALAR; env && p <= RS_VECMATH_AVX512; p++)
        if (strcmp(env, rs_vecmath_name((rs_vecmath_path)p)) == 0)
            want = (rs_vecmath_path)p;
    rs_vecmath_select(want);
}

/* ---- the elementary functions ------------------------------------------------------------ */

void rs_vec_tanh(double *y, const double *x, size_t n) { vm.tanh(y, x, n); }

void rs_vec_exp(double *y, const double *x, size_t n) { vm.exp(y, x, n); }

void rs_vec_matmul_add(double *C, const double *A, const double *B, size_t m, size_t k, size_t n)
{
    vm.matmul_add(C, A, B, m, k, n);
}

/* σ(x) = 1/(1 + e^−x): e^−x over the row, then one division per element
 * (a loop the compiler vectorises); e^−x = Inf gives σ = 0 as it should. */
void rs_vec_sigmoid(double *y, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = -x[i];
    vm.exp(y, y, n);
    for (size_t i = 0; i < n; i++)
        y[i] = 1.0 / (1.0 + y[i]);
}

/* ---- sums in a fixed order -------------------------------------------------------------------- */

/* The eight lanes, added pairwise: ((s0+s4)+(s2+s6)) + ((s1+s5)+(s3+s7)). */
static inline double combine(const double s[8])
{
    return ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]));
}

#define RS_FIXED_ORDER_SUM(term)                                                \
    double s[8] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};                    \
    size_t i = 0;                                                              \
    for (; i + 8 <= n; i += 8)                                                 \
        for (int k = 0; k < 8; k++) {                                          \
            const size_t j = i + (size_t)k;                                    \
            s[k] += (term);                                                    \
        }                                                                      \
    for (int k = 0; i < n; i++, k++) {                                         \
        const size_t j = i;                                                    \
        s[k] += (term);                                                        \
    }                                                                          \
    return combine(s)

double rs_vec_sum_squares(const double *v, size_t n) { RS_FIXED_ORDER_SUM(v[j] * v[j]); }

double rs_vec_sum_abs(const double *v, size_t n) { RS_FIXED_ORDER_SUM(fabs(v[j])); }

double rs_vec_dot(const double *a, const double *b, size_t n) { RS_FIXED_ORDER_SUM(a[j] * b[j]); }

double rs_vec_sum(const double *v, size_t n) { RS_FIXED_ORDER_SUM(v[j]); }

double rs_vec_sum_complement(const double *v, size_t n) { RS_FIXED_ORDER_SUM(1.0 - v[j]); }

/* Counted in doubles (exact up to 2⁵³), so the lanes vectorise with SSE2. */
static double count_below(const double *v, size_t n, double limit) { RS_FIXED_ORDER_SUM(fabs(v[j]) < limit ? 1.0 : 0.0); }

size_t rs_vec_count_below(const double *v, size_t n, double limit) { return (size_t)count_below(v, n, limit); }
