/* Gradient clipping and the optimisers: flat loops over the parameter block. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rnnscope/engine.h"

double rs_clip_gradients(double *out, const double *g, size_t n, rs_clip mode, double threshold)
{
    const double norm = rs_norm(g, n);
    if (out != g)
        memcpy(out, g, n * sizeof(double));
    switch (mode) {
    case RS_CLIP_NORM:
        /* Pascanu, Mikolov & Bengio 2013, Algorithm 1: if ‖g‖ > c, g ← c·g/‖g‖.
         * (Not to unit norm — kann's kann_grad_clip is the known trap.) */
        if (norm > threshold) {
            const double scale = threshold / norm;
            for (size_t i = 0; i < n; i++)
                out[i] *= scale;
            return scale;
        }
        return 1.0;
    case RS_CLIP_VALUE:
        for (size_t i = 0; i < n; i++)
            out[i] = fmin(fmax(out[i], -threshold), threshold);
        return norm > 0.0 ? rs_norm(out, n) / norm : 1.0;
    default:
        return 1.0;
    }
}

rs_optimizer_state *rs_optimizer_create(size_t n)
{
    rs_optimizer_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->n = n;
    s->m = calloc(n ? n : 1, sizeof(double));
    s->v = calloc(n ? n : 1, sizeof(double));
    if (!s->m || !s->v) {
        rs_optimizer_free(s);
        return NULL;
    }
    return s;
}

void rs_optimizer_reset(rs_optimizer_state *s)
{
    memset(s->m, 0, s->n * sizeof(double));
    memset(s->v, 0, s->n * sizeof(double));
    s->t = 0;
}

void rs_optimizer_free(rs_optimizer_state *s)
{
    if (!s)
        return;
    free(s->m);
    free(s->v);
    free(s);
}

void rs_optimizer_update(const rs_optimizer_spec *spec, rs_optimizer_state *s, double *theta, const double *g)
{
    const double lr = spec->lr;
    s->t++;
    switch (spec->kind) {
    case RS_OPT_SGD:
        for (size_t i = 0; i < s->n; i++)
            theta[i] -= lr * g[i];
        break;
    case RS_OPT_MOMENTUM:
        /* Heavy ball (Polyak 1964; Sutskever et al. 2013): v ← μv + g, θ ← θ − lr·v. */
        for (size_t i = 0; i < s->n; i++) {
            s->m[i] = spec->momentum * s->m[i] + g[i];
            theta[i] -= lr * s->m[i];
        }
        break;
    default: {
        /* Adam (Kingma & Ba 2015), with bias-corrected moments. */
        const double c1 = 1.0 - pow(spec->beta1, (double)s->t);
        const double c2 = 1.0 - pow(spec->beta2, (double)s->t);
        for (size_t i = 0; i < s->n; i++) {
            s->m[i] = spec->beta1 * s->m[i] + (1.0 - spec->beta1) * g[i];
            s->v[i] = spec->beta2 * s->v[i] + (1.0 - spec->beta2) * g[i] * g[i];
            theta[i] -= lr * (s->m[i] / c1) / (sqrt(s->v[i] / c2) + spec->eps);
        }
        break;
    }
    }
}
