/* Weight initialisation (rs_init_matrix, see engine.h).
 *
 * Every draw comes from the gsl_rng passed in, in row-major order of W, so a
 * seed fixes the matrix bit for bit. */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "rnnscope/engine.h"

/* W[i] ~ N(0, std²), i in row-major order. */
static void fill_gaussian(double *W, size_t n, double std, gsl_rng *rng)
{
    for (size_t i = 0; i < n; i++)
        W[i] = gsl_ran_gaussian(rng, std);
}

/* gain·Q with orthonormal columns (rows ≥ cols) or rows (rows < cols), as
 * PyTorch's orthogonal_: QR of a gaussian matrix, each column of Q times
 * sign(R_jj) so that Q is Haar-distributed rather than biased by the QR
 * convention (Saxe, McClelland & Ganguli 2014; Mezzadri 2007). A wide matrix
 * is done on its transpose. */
static void fill_orthogonal(double *W, int rows, int cols, double gain, gsl_rng *rng)
{
    const bool wide = rows < cols;
    const size_t m = (size_t)(wide ? cols : rows);   /* long side */
    const size_t n = (size_t)(wide ? rows : cols);   /* short side */

    gsl_matrix *A = gsl_matrix_alloc(m, n);   /* (m, n) gaussian, then packed QR */
    gsl_matrix *T = gsl_matrix_alloc(n, n);   /* (n, n) block reflector */
    gsl_matrix *Q = gsl_matrix_alloc(m, m);   /* (m, m) full Q; its first n columns are used */
    gsl_matrix *R = gsl_matrix_alloc(n, n);   /* (n, n) */

    /* Draw W's entries row-major, then lay them out tall: A = W or Wᵀ. */
    for (size_t r = 0; r < (size_t)rows; r++)
        for (size_t c = 0; c < (size_t)cols; c++) {
            double g = gsl_ran_gaussian(rng, 1.0);
            if (wide)
                gsl_matrix_set(A, c, r, g);
            else
                gsl_matrix_set(A, r, c, g);
        }

    gsl_linalg_QR_decomp_r(A, T);
    gsl_linalg_QR_unpack_r(A, T, Q, R);

    for (size_t j = 0; j < n; j++) {
        /* sign(0) taken as +1: a zero pivot has probability 0 anyway */
        double s = gsl_matrix_get(R, j, j) < 0.0 ? -gain : gain;
        for (size_t i = 0; i < m; i++) {
            double q = s * gsl_matrix_get(Q, i, j);
            if (wide)
                W[j * m + i] = q;          /* W = gain·Q₁ᵀ: row j is column j of Q */
            else
                W[i * n + j] = q;
        }
    }

    gsl_matrix_free(R);
    gsl_matrix_free(Q);
    gsl_matrix_free(T);
    gsl_matrix_free(A);
}

void rs_init_matrix(double *W, int rows, int cols, rs_init kind, double scale, gsl_rng *rng)
{
    if (rows <= 0 || cols <= 0)
        return;
    const size_t n = (size_t)rows * (size_t)cols;

    switch (kind) {
    case RS_INIT_GAUSSIAN:
        fill_gaussian(W, n, scale, rng);
        break;
    case RS_INIT_UNIFORM:
        for (size_t i = 0; i < n; i++)
            W[i] = scale * (2.0 * gsl_rng_uniform(rng) - 1.0);   /* U[−scale, scale) */
        break;
    case RS_INIT_XAVIER:
        /* Var = 2/(fan_in + fan_out) keeps activations and gradients at the
         * same scale in both directions (Glorot & Bengio 2010, eq. 12) */
        fill_gaussian(W, n, scale * sqrt(2.0 / (double)(rows + cols)), rng);
        break;
    case RS_INIT_HE:
        /* Var = 2/fan_in makes up for ReLU zeroing half its inputs (He et al. 2015) */
        fill_gaussian(W, n, scale * sqrt(2.0 / (double)cols), rng);
        break;
    case RS_INIT_ORTHOGONAL:
        fill_orthogonal(W, rows, cols, scale, rng);
        break;
    case RS_INIT_IDENTITY:
        /* h_t = h_{t−1} at the start: a ReLU RNN that remembers (Le, Jaitly & Hinton 2015) */
        for (size_t i = 0; i < n; i++)
            W[i] = 0.0;
        for (int i = 0; i < rows && i < cols; i++)
            W[(size_t)i * (size_t)cols + (size_t)i] = scale;
        break;
    case RS_INIT_COUNT:
        break;
    }
}
