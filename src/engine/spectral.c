/* σ_max and spectral radius of W_hh, and Pascanu et al.'s bound γ·σ_max:
 * with γ·σ_max < 1 every step back multiplies the gradient by at most that
 * factor (Pascanu, Mikolov & Bengio 2013, §3.2).
 *
 * The bound is a statement about the plain recurrence h_t = f(W_hh h_{t−1} + …)
 * (rnn; for skip, about its one-step path). For the gated cells only σ_max
 * of the whole recurrent matrix (all gate blocks, G×H) is computed; radius,
 * γ and the bound are NaN — "does not apply": the memory path of an lstm is
 * multiplied by f, and a gru's by z, not by W_hh.
 *
 * σ_max = √λ_max(WᵀW) by the Lanczos method (Golub & Van Loan, Matrix
 * Computations, §10.1; restarted with the Ritz vector, every new vector
 * re-orthogonalised against the whole basis): it only needs products with W
 * and Wᵀ, and started from the previous step's singular vector it converges
 * in a few of them, since one SGD step moves W very little. ρ = max |λ(W)|
 * and the whole spectrum come from LAPACK's dgeev, which OpenBLAS ships; at
 * H = 512 it takes longer than a training step, so a session hands it to
 * the workspace's own thread (rs_spectral_eigen_start … _finish) and the
 * live view never waits for it. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cblas.h>

#include "rnnscope/engine.h"
#include "vecmath.h"

#include "lapack.h"

/* The Lanczos basis: at most this many vectors before a restart. */
#define RS_LANCZOS_BASIS 24
/* Restarts before giving up (each one RS_LANCZOS_BASIS products). */
#define RS_LANCZOS_RESTARTS 200

struct rs_spectral_workspace {
    int H, k;               /* hidden size; basis size min(H, RS_LANCZOS_BASIS) */
    bool warm;              /* v holds the last right singular vector */
    double *v;              /* (H) */
    double *basis;          /* (k + 1, H) orthonormal Lanczos vectors */
    double *Wq;             /* (4H) W times a basis vector */
    double *alpha, *beta;   /* (k) the tridiagonal Tₖ = QᵀWᵀWQ */
    double *d, *e, *z, *stev_work;  /* dstev: (k), (k), (k, k), (2k) */
    double *A;              /* (H, H) dgeev's copy of W_hh, overwritten */
    double *re, *im;        /* (H) the eigenvalues of the last rs_spectral_eigen */
    int neig;
    double *geev_work;
    int lwork;

    /* the thread that runs dgeev for rs_spectral_eigen_start, on its own copies */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake, done;
    bool have_thread, quit;
    bool running;           /* a job is handed over and not finished (under lock) */
    bool pending;           /* a job was started and not yet published (main thread only) */
    double *job_A, *job_re, *job_im, *job_work;     /* (H, H), (H), (H), (lwork) */
    int job_info;
};

static void *eigen_thread(void *arg);

rs_spectral_workspace *rs_spectral_workspace_create(int hidden)
{
    rs_spectral_workspace *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    const size_t H = (size_t)hidden;
    w->H = hidden;
    w->k = hidden < RS_LANCZOS_BASIS ? hidden : RS_LANCZOS_BASIS;
    const size_t k = (size_t)w->k;

    bool ok = true;
#define ALLOC(field, count) ok = ok && ((w->field = calloc((count), sizeof(double))) != NULL)
    ALLOC(v, H);
    ALLOC(basis, (k + 1) * H);
    ALLOC(Wq, 4 * H);
    ALLOC(alpha, k);
    ALLOC(beta, k);
    ALLOC(d, k);
    ALLOC(e, k);
    ALLOC(z, k * k);
    ALLOC(stev_work, 2 * k);
    ALLOC(A, H * H);
    ALLOC(re, H);
    ALLOC(im, H);
    if (ok) {
        /* dgeev's workspace: ask it how much (a query with lwork = −1). */
        const int one = 1, query = -1;
        int info = 0;
        double best = 0.0, none = 0.0;
        dgeev_("N", "N", &w->H, w->A, &w->H, w->re, w->im, &none, &one, &none, &one, &best, &query, &info, 1, 1);
        w->lwork = info == 0 && best >= 3.0 * hidden ? (int)best : 4 * hidden + 64;
    }
    ALLOC(geev_work, (size_t)w->lwork);
    ALLOC(job_A, H * H);
    ALLOC(job_re, H);
    ALLOC(job_im, H);
    ALLOC(job_work, (size_t)w->lwork);
#undef ALLOC
    if (ok) {
        ok = pthread_mutex_init(&w->lock, NULL) == 0;
        ok = ok && pthread_cond_init(&w->wake, NULL) == 0;
        ok = ok && pthread_cond_init(&w->done, NULL) == 0;
        w->have_thread = ok && pthread_create(&w->thread, NULL, eigen_thread, w) == 0;
        ok = w->have_thread;
    }
    if (!ok) {
        rs_spectral_workspace_free(w);
        return NULL;
    }
    return w;
}

void rs_spectral_workspace_free(rs_spectral_workspace *w)
{
    if (!w)
        return;
    if (w->have_thread) {
        pthread_mutex_lock(&w->lock);
        w->quit = true;
        pthread_cond_signal(&w->wake);
        pthread_mutex_unlock(&w->lock);
        pthread_join(w->thread, NULL);
        pthread_cond_destroy(&w->done);
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
    }
    double *arrays[] = {w->v, w->basis, w->Wq, w->alpha, w->beta, w->d, w->e, w->z, w->stev_work, w->A, w->re, w->im,
                        w->geev_work, w->job_A, w->job_re, w->job_im, w->job_work};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    free(w);
}

/* ---- σ_max: Lanczos on WᵀW ------------------------------------------------------- */

static void scale(double *x, size_t n, double factor)
{
    for (size_t i = 0; i < n; i++)
        x[i] *= factor;
}

/* x −= c·y */
static void subtract(double *x, const double *y, size_t n, double c)
{
    for (size_t i = 0; i < n; i++)
        x[i] -= c * y[i];
}

/* The largest eigenvalue of the tridiagonal T_j (diagonal alpha[0 … j−1],
 * off-diagonal beta[0 … j−2]) and the last component of its unit
 * eigenvector: the Ritz value, and what its residual is proportional to. */
static double top_ritz(rs_spectral_workspace *w, int j, double *last, double *second)
{
    memcpy(w->d, w->alpha, (size_t)j * sizeof(double));
    memcpy(w->e, w->beta, (size_t)j * sizeof(double));
    int info = 0;
    dstev_("V", &j, w->d, w->e, w->z, &j, w->stev_work, &info, 1);
    if (info != 0)
        return NAN;
    *last = w->z[(size_t)(j - 1) * j + (size_t)(j - 1)];     /* column j−1 (the largest), last row */
    *second = j > 1 ? w->d[j - 2] : -INFINITY;
    return w->d[j - 1];
}

/* λ_max(WᵀW) for the rows×H row-major W, from the unit vector in basis[0];
 * leaves the Ritz vector (the right singular vector) in w->v. */
static double lanczos(const double *W, int rows, rs_spectral_workspace *w, double tol)
{
    const int H = w->H;
    const size_t Hz = (size_t)H;
    double theta = 0.0;
    for (int restart = 0; restart < RS_LANCZOS_RESTARTS; restart++) {
        int j = 0;
        bool converged = false;
        while (j < w->k && !converged) {
            const double *q = w->basis + (size_t)j * Hz;
            double *r = w->basis + (size_t)(j + 1) * Hz;
            /* r = WᵀW q, two matrix-vector products */
            cblas_dgemv(CblasRowMajor, CblasNoTrans, rows, H, 1.0, W, H, q, 1, 0.0, w->Wq, 1);
            cblas_dgemv(CblasRowMajor, CblasTrans, rows, H, 1.0, W, H, w->Wq, 1, 0.0, r, 1);
            /* α_j = qᵀr; r ⊥ every basis vector (Gram–Schmidt twice, which
             * also removes α_j q_j and β_{j−1} q_{j−1}) */
            w->alpha[j] = rs_vec_dot(q, r, Hz);
            for (int pass = 0; pass < 2; pass++)
                for (int i = 0; i <= j; i++) {
                    const double *qi = w->basis + (size_t)i * Hz;
                    subtract(r, qi, Hz, rs_vec_dot(qi, r, Hz));
                }
            const double beta = sqrt(rs_vec_sum_squares(r, Hz));
            w->beta[j] = beta;
            j++;
            /* The Ritz pair at j = 1, 2, 4, 8, … and when the basis is full:
             * ‖WᵀW y − θ y‖ = β_j |s_last| for the Ritz vector y = Q s. */
            if ((j & (j - 1)) == 0 || j == w->k || j == H || beta <= 1e-300) {
                double last = 0.0, second = 0.0;
                theta = top_ritz(w, j, &last, &second);
                if (!isfinite(theta))
                    return NAN;
                /* The error of θ: at most the residual r = ‖WᵀW y − θ y‖
                 * (Parlett, The Symmetric Eigenvalue Problem, Thm 4.5.1), and
                 * about r²/gap once r is below the gap to the next Ritz value
                 * (ibid. §11.7) — trusted from j ≥ 4, when that gap means
                 * something; checked against a dense solver in test_spectral.c. */
                const double residual = beta * fabs(last), gap = theta - second;
                const double error = j >= 4 && residual < gap ? residual * residual / gap : residual;
                converged = error <= tol * theta || beta <= 1e-300 || j == H;
            }
            if (!converged && j < w->k)
                scale(r, Hz, 1.0 / beta);
        }
        /* The Ritz vector y = Σ_i s_i q_i: the warm start, or the restart. */
        memset(w->v, 0, Hz * sizeof(double));
        for (int i = 0; i < j; i++)
            subtract(w->v, w->basis + (size_t)i * Hz, Hz, -w->z[(size_t)(j - 1) * j + (size_t)i]);
        const double norm = sqrt(rs_vec_sum_squares(w->v, Hz));
        if (!(norm > 0.0))
            return NAN;
        scale(w->v, Hz, 1.0 / norm);
        if (converged)
            return theta;
        memcpy(w->basis, w->v, Hz * sizeof(double));
    }
    return theta;   /* not converged after RS_LANCZOS_RESTARTS·k products: the best Ritz value */
}

/* A fixed start with a component along every direction (no rng: the result
 * must not depend on anything but W). */
static void cold_start(rs_spectral_workspace *w)
{
    const size_t H = (size_t)w->H;
    for (size_t i = 0; i < H; i++)
        w->basis[i] = 1.0 + 0.5 * sin(1.0 + (double)i);
    scale(w->basis, H, 1.0 / sqrt(rs_vec_sum_squares(w->basis, H)));
}

static double gamma_of(const rs_model *m)
{
    return rs_cell_gates(m->spec.cell) == 1 ? rs_activation_ops[m->spec.activation].sup_derivative(m->spec.leaky_slope)
                                            : NAN;
}

static void sigma(const rs_model *m, rs_spectral_workspace *w, rs_spectral *s, double tol)
{
    const int H = w->H, G = rs_cell_gates(m->spec.cell) * H;
    s->gamma = gamma_of(m);
    s->sigma_max = s->bound = NAN;
    if (!rs_all_finite(m->param.W_hh, (size_t)G * H)) {
        w->warm = false;
        return;
    }
    if (w->warm)
        memcpy(w->basis, w->v, (size_t)H * sizeof(double));
    else
        cold_start(w);
    const double lambda = lanczos(m->param.W_hh, G, w, tol);
    w->warm = isfinite(lambda);
    s->sigma_max = sqrt(lambda > 0.0 ? lambda : 0.0);
    if (!isfinite(lambda))
        s->sigma_max = NAN;
    if (G == H)
        s->bound = s->gamma * s->sigma_max;
}

void rs_spectral_sigma(const rs_model *m, rs_spectral_workspace *w, rs_spectral *s)
{
    sigma(m, w, s, RS_SIGMA_TOL);
}

/* ---- ρ and the spectrum: LAPACK dgeev ----------------------------------------------------- */

/* dgeev, eigenvalues only, of the H×H column-major A (overwritten); 0 on success. */
static int eigenvalues(int H, double *A, double *re, double *im, double *work, int lwork)
{
    const int one = 1;
    int info = 0;
    double none = 0.0;
    dgeev_("N", "N", &H, A, &H, re, im, &none, &one, &none, &one, work, &lwork, &info, 1, 1);
    return info;
}

static bool has_eigenvalues(const rs_model *m, const rs_spectral_workspace *w)
{
    return rs_cell_gates(m->spec.cell) == 1 && rs_all_finite(m->param.W_hh, (size_t)w->H * w->H);
}

/* Publish n eigenvalues (already in w->re, w->im): ρ = max |λ|. */
static void publish(rs_spectral_workspace *w, int n, rs_spectral *s)
{
    w->neig = n;
    double radius = 0.0;
    for (int i = 0; i < n; i++) {
        const double a = hypot(w->re[i], w->im[i]);
        radius = a > radius ? a : radius;
    }
    s->radius = n > 0 ? radius : NAN;
}

/* Wait until the thread has no job (under w->lock). */
static void wait_idle(rs_spectral_workspace *w)
{
    while (w->running)
        pthread_cond_wait(&w->done, &w->lock);
}

void rs_spectral_eigen(const rs_model *m, rs_spectral_workspace *w, rs_spectral *s)
{
    w->neig = 0;
    s->radius = NAN;
    if (!has_eigenvalues(m, w))
        return;
    /* dgeev reads column-major: it sees W_hhᵀ, which has the same eigenvalues. */
    memcpy(w->A, m->param.W_hh, (size_t)w->H * w->H * sizeof(double));
    if (eigenvalues(w->H, w->A, w->re, w->im, w->geev_work, w->lwork) == 0)
        publish(w, w->H, s);
}

static void *eigen_thread(void *arg)
{
    rs_spectral_workspace *w = arg;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (!w->running && !w->quit)
            pthread_cond_wait(&w->wake, &w->lock);
        if (w->quit)
            break;
        pthread_mutex_unlock(&w->lock);
        const int info = eigenvalues(w->H, w->job_A, w->job_re, w->job_im, w->job_work, w->lwork);
        pthread_mutex_lock(&w->lock);
        w->job_info = info;
        w->running = false;
        pthread_cond_signal(&w->done);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

void rs_spectral_eigen_start(const rs_model *m, rs_spectral_workspace *w)
{
    pthread_mutex_lock(&w->lock);
    wait_idle(w);           /* a job not yet finished is replaced */
    w->pending = true;
    if (has_eigenvalues(m, w)) {
        memcpy(w->job_A, m->param.W_hh, (size_t)w->H * w->H * sizeof(double));
        w->running = true;
        pthread_cond_signal(&w->wake);
    } else
        w->job_info = -1;   /* nothing to compute: finishes with no eigenvalues */
    pthread_mutex_unlock(&w->lock);
}

bool rs_spectral_eigen_finish(rs_spectral_workspace *w, rs_spectral *s)
{
    if (!w->pending)
        return false;
    pthread_mutex_lock(&w->lock);
    wait_idle(w);
    const int info = w->job_info;
    pthread_mutex_unlock(&w->lock);
    w->pending = false;
    if (info == 0) {
        memcpy(w->re, w->job_re, (size_t)w->H * sizeof(double));
        memcpy(w->im, w->job_im, (size_t)w->H * sizeof(double));
        publish(w, w->H, s);
    } else
        publish(w, 0, s);
    return true;
}

int rs_spectral_eigenvalues(const rs_spectral_workspace *w, const double **re, const double **im)
{
    *re = w->re;
    *im = w->im;
    return w->neig;
}

rs_spectral rs_spectral_compute(const rs_model *m, rs_spectral_workspace *w)
{
    rs_spectral s = {.sigma_max = NAN, .radius = NAN, .gamma = NAN, .bound = NAN};
    /* a new W_hh: a job on the old one is dropped, the warm start forgotten */
    pthread_mutex_lock(&w->lock);
    wait_idle(w);
    pthread_mutex_unlock(&w->lock);
    w->pending = false;
    w->warm = false;
    sigma(m, w, &s, RS_SIGMA_TOL * 1e-2);
    rs_spectral_eigen(m, w, &s);
    return s;
}

long rs_spectral_eigen_every(const rs_model_spec *spec, int T, int B, long at_least)
{
    const double H = spec->hidden, G = (double)rs_cell_gates(spec->cell) * H;
    const double eigen = 200.0 * H * H * H, step = 8.0 * T * B * G * H;
    const double every = ceil(20.0 * eigen / step);
    const long n = every < 1e9 ? (long)every : 1000000000L;
    return n > at_least ? n : (at_least > 0 ? at_least : 1);
}
