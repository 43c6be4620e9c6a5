/* Binning the data onto the screen's cells (pure: no terminal, no session):
 * timesteps onto columns, history steps onto rows, units into groups, and
 * tick marks for the t axis. The heat grid, the SVG figure and the layout's
 * hit-testing all use these. */
#include "bins.h"

/* ---- timesteps onto columns ------------------------------------------------ */

rs_tbins rs_tbins_compute(int T, int width)
{
    rs_tbins b = {.T = T, .t_per_col = 1};
    if (T <= 0 || width <= 0)
        return b;
    if (T > width)
        b.t_per_col = (T + width - 1) / width;
    b.nbins = (T + b.t_per_col - 1) / b.t_per_col;
    b.ncols = width;
    return b;
}

int rs_tbins_col(const rs_tbins *b, int bin)
{
    if (b->nbins <= 0)
        return 0;
    return (int)((long)bin * b->ncols / b->nbins);
}

int rs_tbins_bin_at(const rs_tbins *b, int x)
{
    if (x < 0 || x >= b->ncols || b->nbins <= 0)
        return -1;
    int bin = (int)((long)x * b->nbins / b->ncols);
    while (bin + 1 < b->nbins && rs_tbins_col(b, bin + 1) <= x)
        bin++;
    while (bin > 0 && rs_tbins_col(b, bin) > x)
        bin--;
    return bin;
}

void rs_tbins_range(const rs_tbins *b, int bin, int *t0, int *t1)
{
    *t0 = bin * b->t_per_col + 1;
    *t1 = (bin + 1) * b->t_per_col;
    if (*t1 > b->T)
        *t1 = b->T;
}

int rs_tbins_col_of_t(const rs_tbins *b, int t)
{
    return rs_tbins_col(b, (t - 1) / b->t_per_col);
}

/* ---- history rows and unit groups -------------------------------------------- */

rs_rowbins rs_rowbins_compute(size_t n, int slots)
{
    rs_rowbins b = {.n = n, .stride = 1, .nrows = 0};
    if (n == 0 || slots <= 0)
        return b;
    b.stride = (n + (size_t)slots - 1) / (size_t)slots;
    const size_t rows = (n + b.stride - 1) / b.stride;
    b.nrows = (int)rows;
    return b;
}

size_t rs_rowbins_item(const rs_rowbins *b, int row)
{
    const size_t from_bottom = (size_t)(b->nrows - 1 - row);
    return b->n - 1 - from_bottom * b->stride;
}

rs_groups rs_groups_compute(int n, int slots)
{
    rs_groups g = {.n = n, .per_row = 1, .nrows = 0};
    if (n <= 0 || slots <= 0)
        return g;
    g.per_row = (n + slots - 1) / slots;
    g.nrows = (n + g.per_row - 1) / g.per_row;
    return g;
}

void rs_groups_range(const rs_groups *g, int row, int *first, int *last)
{
    *first = row * g->per_row;
    *last = (row + 1) * g->per_row - 1;
    if (*last > g->n - 1)
        *last = g->n - 1;
}

/* ---- axis ticks ----------------------------------------------------------------- */

int rs_ticks(int T, int width, int label_width, int *ticks, int max)
{
    if (T <= 0 || max <= 0)
        return 0;
    ticks[0] = 1;
    if (T == 1 || max == 1)
        return 1;
    /* Room for about one label per (label_width + 3) columns. */
    int room = width / (label_width + 3);
    if (room < 2)
        room = 2;
    static const int nice[] = {1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000};
    int step = nice[sizeof nice / sizeof nice[0] - 1];
    for (size_t i = 0; i < sizeof nice / sizeof nice[0]; i++)
        if ((T + nice[i] - 1) / nice[i] <= room - 1) {
            step = nice[i];
            break;
        }
    int n = 1;
    for (int t = step; t < T && n < max - 1; t += step) {
        /* Leave room before T's own label. */
        if ((long)(T - t) * width < (long)(label_width + 1) * T)
            break;
        if (t - ticks[n - 1] < 1)
            continue;
        ticks[n++] = t;
    }
    ticks[n++] = T;
    return n;
}
