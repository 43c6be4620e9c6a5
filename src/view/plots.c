/* The spectrum on a braille canvas and the itemized cells on the heat
 * map's scale (pure). */
#include "plots.h"

#include <math.h>

rs_plane rs_spectrum_plot(rs_braille *c, const rs_spectrum *sp, double cell_aspect)
{
    rs_braille_clear(c);
    /* Room for the unit circle, σ_max, the circle law's rim and every point. */
    double R = 1.0;
    if (isfinite(sp->circle_law))
        R = fmax(R, sp->circle_law);
    for (int k = 0; k < sp->nsets; k++) {
        if (isfinite(sp->set[k].sigma_max))
            R = fmax(R, sp->set[k].sigma_max);
        if (isfinite(sp->set[k].radius))
            R = fmax(R, sp->set[k].radius);
    }
    const rs_plane p = rs_plane_fit(c->w, c->h, cell_aspect, 0.0, 0.0, 1.05 * R);
    /* The axes, long enough to leave the canvas (they are clipped). */
    rs_braille_segment(c, &p, -4.0 * R, 0.0, 4.0 * R, 0.0, RS_SPECTRUM_ROLE_AXES);
    rs_braille_segment(c, &p, 0.0, -4.0 * R, 0.0, 4.0 * R, RS_SPECTRUM_ROLE_AXES);
    if (isfinite(sp->circle_law))
        rs_braille_circle(c, &p, 0.0, 0.0, sp->circle_law, RS_SPECTRUM_ROLE_LAW);
    if (sp->nsets > 0 && isfinite(sp->set[0].sigma_max))
        rs_braille_circle(c, &p, 0.0, 0.0, sp->set[0].sigma_max, RS_SPECTRUM_ROLE_SIGMA);
    rs_braille_circle(c, &p, 0.0, 0.0, 1.0, RS_SPECTRUM_ROLE_UNIT);
    for (int k = sp->nsets - 1; k >= 0; k--)
        rs_braille_scatter(c, &p, sp->set[k].re, sp->set[k].im, (size_t)sp->set[k].n,
                           k == 0 ? RS_SPECTRUM_ROLE_POINTS : RS_SPECTRUM_ROLE_SECOND);
    return p;
}

rs_heat_class rs_itemized_cell(const rs_itemized *it, bool input, int tp, int s, double *x)
{
    *x = 0.0;
    if (tp < 1 || tp > it->T || s < 1 || s > tp || !it->predicts[tp - 1])
        return RS_HEAT_EMPTY;
    const double *row = (input ? it->g_x : it->g_h) + (size_t)(tp - 1) * it->T;
    const rs_heat_class c = rs_heat_classify(row[s - 1], row[tp - 1], RS_SCALE_RELATIVE, x);
    return c == RS_HEAT_NOREF ? RS_HEAT_EMPTY : c;
}
