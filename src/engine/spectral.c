/* σ_max and spectral radius of W_hh, and Pascanu et al.'s bound γ·σ_max:
 * with γ·σ_max < 1 every step back multiplies the gradient by at most that
 * factor (Pascanu, Mikolov & Bengio 2013, §3.2).
 *
 * The bound is a statement about the plain recurrence h_t = f(W_hh h_{t−1} + …)
 * (rnn; for skip, about its one-step path). For the gated cells only σ_max
 * of the whole recurrent matrix (all gate blocks, G×H) is computed; radius,
 * γ and the bound are NaN — "does not apply": the memory path of an lstm is
 * multiplied by f, and a gru's by z, not by W_hh. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_complex_math.h>
#include <gsl/gsl_eigen.h>

#include "rnnscope/engine.h"

struct rs_spectral_workspace {
    size_t H;
    gsl_matrix *work;                   /* (H, H) */
    gsl_vector *eval;                   /* (H) */
    gsl_vector_complex *ceval;          /* (H) */
    gsl_eigen_symm_workspace *symm;
    gsl_eigen_nonsymm_workspace *nonsymm;
};

rs_spectral_workspace *rs_spectral_workspace_create(int hidden)
{
    rs_spectral_workspace *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->H = (size_t)hidden;
    w->work = gsl_matrix_alloc(w->H, w->H);
    w->eval = gsl_vector_alloc(w->H);
    w->ceval = gsl_vector_complex_alloc(w->H);
    w->symm = gsl_eigen_symm_alloc(w->H);
    w->nonsymm = gsl_eigen_nonsymm_alloc(w->H);
    if (!w->work || !w->eval || !w->ceval || !w->symm || !w->nonsymm) {
        rs_spectral_workspace_free(w);
        return NULL;
    }
    return w;
}

void rs_spectral_workspace_free(rs_spectral_workspace *w)
{
    if (!w)
        return;
    gsl_eigen_nonsymm_free(w->nonsymm);
    gsl_eigen_symm_free(w->symm);
    gsl_vector_complex_free(w->ceval);
    gsl_vector_free(w->eval);
    gsl_matrix_free(w->work);
    free(w);
}

rs_spectral rs_spectral_compute(const rs_model *m, rs_spectral_workspace *w)
{
    const size_t H = w->H, G = (size_t)rs_cell_gates(m->spec.cell) * H;
    const bool gated = G != H;
    rs_spectral s = {.sigma_max = NAN, .radius = NAN, .gamma = NAN, .bound = NAN};
    if (!gated)
        s.gamma = rs_activation_ops[m->spec.activation].sup_derivative(m->spec.leaky_slope);
    if (!rs_all_finite(m->param.W_hh, G * H))
        return s;

    gsl_matrix_const_view W = gsl_matrix_const_view_array(m->param.W_hh, G, H);

    /* σ_max = √λ_max(WᵀW); WᵀW is H×H for every cell */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &W.matrix, &W.matrix, 0.0, w->work);
    if (gsl_eigen_symm(w->work, w->eval, w->symm) == 0)
        s.sigma_max = sqrt(fmax(gsl_vector_max(w->eval), 0.0));
    if (gated)
        return s;

    /* ρ = max |λ| over the (complex) eigenvalues of W */
    gsl_matrix_memcpy(w->work, &W.matrix);
    if (gsl_eigen_nonsymm(w->work, w->ceval, w->nonsymm) == 0) {
        s.radius = 0.0;
        for (size_t i = 0; i < H; i++)
            s.radius = fmax(s.radius, gsl_complex_abs(gsl_vector_complex_get(w->ceval, i)));
    }
    s.bound = s.gamma * s.sigma_max;
    return s;
}
