/* All eigenvalues of a square matrix, and its largest singular value, for
 * the spectrum view: where W_hh's eigenvalues lie relative to the unit
 * circle (Pascanu, Mikolov & Bengio 2013, §3.1).
 *
 * The solver sits behind one function, solve_nonsymm(): LAPACK's dgeev, the
 * same as rs_spectral_eigen's ρ, so that max |λ| here and the engine's ρ
 * agree. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>

#include "lapack.h"
#include "rnnscope/engine.h"

typedef struct {
    double re, im, modulus;
} eigenvalue;

struct rs_eigen_workspace {
    size_t n;
    gsl_matrix *work;                   /* (n, n) the solvers overwrite their input */
    double *re, *im;                    /* (n) dgeev's eigenvalues */
    double *lwork;                      /* dgeev's workspace */
    int nlwork;
    gsl_vector *eval;                   /* (n) */
    gsl_eigen_symm_workspace *symm;
    eigenvalue *sorted;                 /* (n) */
};

rs_eigen_workspace *rs_eigen_workspace_create(int n)
{
    if (n < 1)
        return NULL;
    rs_eigen_workspace *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->n = (size_t)n;
    w->work = gsl_matrix_alloc(w->n, w->n);
    w->re = calloc(w->n, sizeof *w->re);
    w->im = calloc(w->n, sizeof *w->im);
    w->eval = gsl_vector_alloc(w->n);
    w->symm = gsl_eigen_symm_alloc(w->n);
    w->sorted = calloc(w->n, sizeof *w->sorted);
    if (w->work && w->re && w->im) {
        /* dgeev's workspace: ask it how much (a query with lwork = −1). */
        const int one = 1, query = -1;
        int info = 0;
        double best = 0.0, none = 0.0;
        dgeev_("N", "N", &n, w->work->data, &n, w->re, w->im, &none, &one, &none, &one, &best, &query, &info, 1, 1);
        w->nlwork = info == 0 && best >= 1.0 ? (int)best : 4 * n;
        w->lwork = calloc((size_t)w->nlwork, sizeof *w->lwork);
    }
    if (!w->work || !w->re || !w->im || !w->lwork || !w->eval || !w->symm || !w->sorted) {
        rs_eigen_workspace_free(w);
        return NULL;
    }
    return w;
}

void rs_eigen_workspace_free(rs_eigen_workspace *w)
{
    if (!w)
        return;
    gsl_matrix_free(w->work);
    free(w->re);
    free(w->im);
    free(w->lwork);
    gsl_vector_free(w->eval);
    gsl_eigen_symm_free(w->symm);
    free(w->sorted);
    free(w);
}

int rs_eigen_size(const rs_eigen_workspace *w) { return (int)w->n; }

/* The eigenvalues of A into w->sorted (unsorted yet): the one call of the
 * nonsymmetric solver. dgeev reads column-major, so it sees Aᵀ — which has
 * the same eigenvalues. 0, or −1 when it did not converge. */
static int solve_nonsymm(rs_eigen_workspace *w, const double *A)
{
    const int n = (int)w->n, one = 1;
    int info = 0;
    double none = 0.0;
    memcpy(w->work->data, A, w->n * w->n * sizeof(double));
    dgeev_("N", "N", &n, w->work->data, &n, w->re, w->im, &none, &one, &none, &one, w->lwork, &w->nlwork, &info, 1, 1);
    if (info != 0)
        return -1;
    for (size_t i = 0; i < w->n; i++)
        w->sorted[i] = (eigenvalue){w->re[i], w->im[i], hypot(w->re[i], w->im[i])};
    return 0;
}

/* Largest modulus first, then real part, then imaginary part: a fixed order
 * whatever order the solver found them in. */
static bool before(const eigenvalue *a, const eigenvalue *b)
{
    if (a->modulus != b->modulus)
        return a->modulus > b->modulus;
    if (a->re != b->re)
        return a->re > b->re;
    return a->im > b->im;
}

/* Heapsort in place (Williams 1964): no allocation, unlike glibc's qsort,
 * which takes a buffer from malloc for arrays of more than a few hundred bytes. */
static void sift_down(eigenvalue *v, size_t root, size_t n)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            return;
        /* The heap keeps at its root the value that belongs last. */
        if (child + 1 < n && before(&v[child], &v[child + 1]))
            child++;
        if (!before(&v[root], &v[child]))
            return;
        const eigenvalue t = v[root];
        v[root] = v[child];
        v[child] = t;
        root = child;
    }
}

static void sort_eigenvalues(eigenvalue *v, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(v, i, n);
    for (size_t end = n; end-- > 1;) {
        const eigenvalue t = v[0];
        v[0] = v[end];
        v[end] = t;
        sift_down(v, 0, end);
    }
}

int rs_eigenvalues(rs_eigen_workspace *w, const double *A, double *re, double *im)
{
    if (!rs_all_finite(A, w->n * w->n) || solve_nonsymm(w, A) != 0) {
        for (size_t i = 0; i < w->n; i++)
            re[i] = im[i] = NAN;
        return -1;
    }
    sort_eigenvalues(w->sorted, w->n);
    for (size_t i = 0; i < w->n; i++) {
        re[i] = w->sorted[i].re;
        im[i] = w->sorted[i].im;
    }
    return 0;
}

double rs_sigma_max(rs_eigen_workspace *w, const double *A)
{
    if (!rs_all_finite(A, w->n * w->n))
        return NAN;
    gsl_matrix_const_view a = gsl_matrix_const_view_array(A, w->n, w->n);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &a.matrix, &a.matrix, 0.0, w->work);
    if (gsl_eigen_symm(w->work, w->eval, w->symm) != 0)
        return NAN;
    return sqrt(fmax(gsl_vector_max(w->eval), 0.0));
}
