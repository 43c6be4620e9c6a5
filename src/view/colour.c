/* Value → colour bucket and the colour schemes (pure). */
#include "colour.h"

#include <math.h>
#include <string.h>

rs_heat_class rs_heat_classify(double v, double ref, bool relative, double *x)
{
    *x = 0.0;
    if (!isfinite(v))
        return RS_HEAT_NONFINITE;
    if (v == 0.0)
        return RS_HEAT_ZERO;
    const double lv = log10(fabs(v));
    if (!relative) {
        *x = lv;
        return RS_HEAT_VALUE;
    }
    if (!isfinite(ref))
        return RS_HEAT_NONFINITE;
    if (ref == 0.0)
        return RS_HEAT_NOREF;
    *x = lv - log10(fabs(ref));
    return RS_HEAT_VALUE;
}

void rs_heat_range(const double *x, const unsigned char *cls, size_t n, bool relative, double *lo, double *hi)
{
    double mn = INFINITY, mx = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (cls[i] == RS_HEAT_VALUE) {
            if (x[i] < mn) mn = x[i];
            if (x[i] > mx) mx = x[i];
        }
    if (mn > mx) {
        *lo = -1.0;
        *hi = 1.0;
        return;
    }
    if (relative) {
        double r = ceil(fmax(fabs(mn), fabs(mx)) - 1e-9);
        if (r < 1.0) r = 1.0;
        *lo = -r;
        *hi = r;
        return;
    }
    *lo = floor(mn + 1e-9);
    *hi = ceil(mx - 1e-9);
    if (*hi - *lo < 1.0)
        *hi = *lo + 1.0;
}

int rs_heat_bucket(double x, double lo, double hi, int n)
{
    if (n <= 1 || !(hi > lo) || isnan(x))
        return n > 1 ? n / 2 : 0;
    double f = (x - lo) / (hi - lo);
    if (f <= 0.0)
        return 0;
    if (f >= 1.0)
        return n - 1;
    int b = (int)floor(f * n);
    return b < 0 ? 0 : b >= n ? n - 1 : b;
}

const char *const rs_scheme_names[] = {"256 colours", "8 colours", "monochrome", NULL};

/* xterm-256 indices. Cold: navy → light blue; neutral: near-white; hot:
 * pink → red → dark red. NaN is magenta, exactly 0 dark grey. */
const rs_heat_scheme rs_heat_schemes[RS_SCHEME_COUNT] = {
    [RS_SCHEME_256] = {19,
                       {18, 19, 20, 21, 27, 33, 39, 75, 117, 255, 224, 217, 210, 203, 196, 160, 124, 88, 52},
                       201, 238, 244, 236, NULL},
    [RS_SCHEME_8] = {5, {4 /* blue */, 6 /* cyan */, 7 /* white */, 3 /* yellow */, 1 /* red */},
                     5 /* magenta */, 0 /* black */, 2 /* green */, 0, NULL},
    [RS_SCHEME_MONO] = {10, {0}, -1, -1, -1, -1, " .:-=+*#%@"},
};

rs_scheme_kind rs_scheme_pick(bool has_colors, int colors, int pairs, const char *no_color)
{
    if (no_color && no_color[0] != '\0')
        return RS_SCHEME_MONO;
    if (!has_colors || colors < 8)
        return RS_SCHEME_MONO;
    if (colors >= 256 && pairs > rs_scheme_pairs_needed(RS_SCHEME_256) + RS_ROLE_COUNT)
        return RS_SCHEME_256;
    if (pairs > rs_scheme_pairs_needed(RS_SCHEME_8) + RS_ROLE_COUNT)
        return RS_SCHEME_8;
    return RS_SCHEME_MONO;
}

int rs_scheme_pairs_needed(rs_scheme_kind k)
{
    if (k == RS_SCHEME_MONO)
        return 0;
    const int n = rs_heat_schemes[k].nbuckets + 4;   /* + nan, zero, noref, empty */
    return n * n;
}

#define S(fg, bg, attr) {fg, bg, attr}
const rs_role_style rs_role_styles[RS_SCHEME_COUNT][RS_ROLE_COUNT] = {
    [RS_SCHEME_256] = {
        [RS_ROLE_TEXT] = S(-1, -1, 0),
        [RS_ROLE_DIM] = S(245, -1, 0),
        [RS_ROLE_TITLE] = S(231, 24, RS_A_BOLD),
        [RS_ROLE_BORDER] = S(67, -1, 0),
        [RS_ROLE_PANEL_TITLE] = S(117, -1, RS_A_BOLD),
        [RS_ROLE_KEY] = S(220, -1, RS_A_BOLD),
        [RS_ROLE_VALUE] = S(231, -1, RS_A_BOLD),
        [RS_ROLE_STATUS] = S(252, 236, 0),
        [RS_ROLE_STATUS_RUN] = S(16, 77, RS_A_BOLD),
        [RS_ROLE_STATUS_PAUSE] = S(16, 221, RS_A_BOLD),
        [RS_ROLE_STATUS_BAD] = S(231, 160, RS_A_BOLD),
        [RS_ROLE_ERROR] = S(203, -1, RS_A_BOLD),
        [RS_ROLE_BANNER] = S(231, 124, RS_A_BOLD),
        [RS_ROLE_GOOD] = S(77, -1, RS_A_BOLD),
        [RS_ROLE_BAD] = S(203, -1, RS_A_BOLD),
        [RS_ROLE_LOSS] = S(221, -1, 0),
        [RS_ROLE_ACC] = S(77, -1, 0),
        [RS_ROLE_CHANCE] = S(245, -1, 0),
        [RS_ROLE_CURSOR] = S(226, -1, RS_A_BOLD),
        [RS_ROLE_HELP] = S(252, 235, 0),
        [RS_ROLE_FOCUS] = S(226, -1, RS_A_BOLD),
        [RS_ROLE_LOSS_B] = S(81, -1, 0),
        [RS_ROLE_POINT] = S(16, 226, RS_A_BOLD),
    },
    [RS_SCHEME_8] = {
        [RS_ROLE_TEXT] = S(-1, -1, 0),
        [RS_ROLE_DIM] = S(-1, -1, RS_A_DIM),
        [RS_ROLE_TITLE] = S(7, 4, RS_A_BOLD),
        [RS_ROLE_BORDER] = S(4, -1, 0),
        [RS_ROLE_PANEL_TITLE] = S(6, -1, RS_A_BOLD),
        [RS_ROLE_KEY] = S(3, -1, RS_A_BOLD),
        [RS_ROLE_VALUE] = S(7, -1, RS_A_BOLD),
        [RS_ROLE_STATUS] = S(0, 7, 0),
        [RS_ROLE_STATUS_RUN] = S(0, 2, RS_A_BOLD),
        [RS_ROLE_STATUS_PAUSE] = S(0, 3, RS_A_BOLD),
        [RS_ROLE_STATUS_BAD] = S(7, 1, RS_A_BOLD),
        [RS_ROLE_ERROR] = S(1, -1, RS_A_BOLD),
        [RS_ROLE_BANNER] = S(7, 1, RS_A_BOLD),
        [RS_ROLE_GOOD] = S(2, -1, RS_A_BOLD),
        [RS_ROLE_BAD] = S(1, -1, RS_A_BOLD),
        [RS_ROLE_LOSS] = S(3, -1, 0),
        [RS_ROLE_ACC] = S(2, -1, 0),
        [RS_ROLE_CHANCE] = S(-1, -1, RS_A_DIM),
        [RS_ROLE_CURSOR] = S(3, -1, RS_A_BOLD),
        [RS_ROLE_HELP] = S(7, 0, 0),
        [RS_ROLE_FOCUS] = S(3, -1, RS_A_BOLD),
        [RS_ROLE_LOSS_B] = S(6, -1, 0),
        [RS_ROLE_POINT] = S(0, 3, RS_A_BOLD),
    },
    [RS_SCHEME_MONO] = {
        [RS_ROLE_TEXT] = S(-1, -1, 0),
        [RS_ROLE_DIM] = S(-1, -1, RS_A_DIM),
        [RS_ROLE_TITLE] = S(-1, -1, RS_A_REVERSE | RS_A_BOLD),
        [RS_ROLE_BORDER] = S(-1, -1, 0),
        [RS_ROLE_PANEL_TITLE] = S(-1, -1, RS_A_BOLD),
        [RS_ROLE_KEY] = S(-1, -1, RS_A_BOLD),
        [RS_ROLE_VALUE] = S(-1, -1, RS_A_BOLD),
        [RS_ROLE_STATUS] = S(-1, -1, RS_A_REVERSE),
        [RS_ROLE_STATUS_RUN] = S(-1, -1, RS_A_REVERSE | RS_A_BOLD),
        [RS_ROLE_STATUS_PAUSE] = S(-1, -1, RS_A_REVERSE | RS_A_BOLD),
        [RS_ROLE_STATUS_BAD] = S(-1, -1, RS_A_REVERSE | RS_A_BOLD),
        [RS_ROLE_ERROR] = S(-1, -1, RS_A_BOLD | RS_A_UNDERLINE),
        [RS_ROLE_BANNER] = S(-1, -1, RS_A_REVERSE | RS_A_BOLD),
        [RS_ROLE_GOOD] = S(-1, -1, RS_A_BOLD),
        [RS_ROLE_BAD] = S(-1, -1, RS_A_BOLD | RS_A_UNDERLINE),
        [RS_ROLE_LOSS] = S(-1, -1, RS_A_BOLD),
        [RS_ROLE_ACC] = S(-1, -1, 0),
        [RS_ROLE_CHANCE] = S(-1, -1, RS_A_DIM),
        [RS_ROLE_CURSOR] = S(-1, -1, RS_A_BOLD | RS_A_REVERSE),
        [RS_ROLE_HELP] = S(-1, -1, 0),
        [RS_ROLE_FOCUS] = S(-1, -1, RS_A_BOLD),
        [RS_ROLE_LOSS_B] = S(-1, -1, 0),
        [RS_ROLE_POINT] = S(-1, -1, RS_A_REVERSE | RS_A_BOLD),
    },
};
