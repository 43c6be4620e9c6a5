/* The LAPACK routines the engine calls (OpenBLAS ships them), declared here
 * once: Fortran takes every argument by reference, and the lengths of the
 * character arguments as hidden arguments at the end. */
#ifndef RS_ENGINE_LAPACK_H
#define RS_ENGINE_LAPACK_H

#include <stddef.h>

/* Eigenvalues (and optionally vectors) of a general column-major matrix. */
void dgeev_(const char *jobvl, const char *jobvr, const int *n, double *a, const int *lda, double *wr, double *wi,
            double *vl, const int *ldvl, double *vr, const int *ldvr, double *work, const int *lwork, int *info,
            size_t jobvl_len, size_t jobvr_len);

/* Eigenvalues of a symmetric tridiagonal matrix. */
void dstev_(const char *jobz, const int *n, double *d, double *e, double *z, const int *ldz, double *work, int *info,
            size_t jobz_len);

#endif
