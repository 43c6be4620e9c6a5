/* Value → colour bucket, and the colour schemes by role (htop's
 * CRT_colorSchemes): pure data and functions, no terminal. */
#ifndef RS_TUI_COLOUR_H
#define RS_TUI_COLOUR_H

#include <stdbool.h>
#include <stddef.h>

/* What a heatmap cell holds. */
typedef enum {
    RS_HEAT_EMPTY,      /* nothing known (not computed yet, other length) */
    RS_HEAT_VALUE,      /* a finite positive number: x = log10 (scaled) */
    RS_HEAT_ZERO,       /* exactly 0 (e.g. cut off by truncated BPTT) */
    RS_HEAT_NONFINITE,  /* NaN or ±Inf */
    RS_HEAT_NOREF,      /* relative scale, but the row's value at t = T is 0 */
} rs_heat_class;

/* Classify a raw value v. relative: compared with ref (the row's value at
 * t = T): x = log10 v − log10 ref (no overflow even for 1e-300 / 1e300);
 * absolute: x = log10 v. Negative values are measured by magnitude. */
rs_heat_class rs_heat_classify(double v, double ref, bool relative, double *x);

/* The colour range of the values shown: relative, symmetric around 0
 * (x = 0 means "as large as at t = T"): [−R, R] with R a whole number of
 * decades ≥ 1; absolute: whole decades around min … max. No value: the
 * default range (−1, 1). */
void rs_heat_range(const double *x, const unsigned char *cls, size_t n, bool relative, double *lo, double *hi);

/* Bucket 0 … n−1 of x on [lo, hi]; out of range clamps to the ends. For an
 * odd n and a symmetric range, x = 0 lands in the middle bucket. */
int rs_heat_bucket(double x, double lo, double hi, int n);

/* Colour schemes. */
typedef enum { RS_SCHEME_256, RS_SCHEME_8, RS_SCHEME_MONO, RS_SCHEME_COUNT } rs_scheme_kind;

extern const char *const rs_scheme_names[];   /* "256 colours", "8 colours", "monochrome" */

#define RS_HEAT_MAX_BUCKETS 24

/* Terminal colours by role. A mono scheme has no colours (−1) and uses the
 * ramp characters for the heatmap; the others use background colours. */
typedef struct {
    int nbuckets;
    short heat[RS_HEAT_MAX_BUCKETS];   /* colour per bucket, cold → hot */
    short nan, zero, noref, empty;     /* the marks' colours */
    const char *ramp;                  /* mono: one character per bucket, small → large */
} rs_heat_scheme;

extern const rs_heat_scheme rs_heat_schemes[RS_SCHEME_COUNT];

/* Which scheme: NO_COLOR set and non-empty → mono (https://no-color.org);
 * no colours → mono; ≥ 256 colours and enough pairs → 256; else 8. */
rs_scheme_kind rs_scheme_pick(bool has_colors, int colors, int pairs, const char *no_color);

/* Pairs a half-block heatmap needs: every (fg, bg) of the scheme's colours. */
int rs_scheme_pairs_needed(rs_scheme_kind k);

/* UI roles (not the heatmap). */
typedef enum {
    RS_ROLE_TEXT, RS_ROLE_DIM, RS_ROLE_TITLE, RS_ROLE_BORDER, RS_ROLE_PANEL_TITLE,
    RS_ROLE_KEY, RS_ROLE_VALUE, RS_ROLE_STATUS, RS_ROLE_STATUS_RUN, RS_ROLE_STATUS_PAUSE,
    RS_ROLE_STATUS_BAD, RS_ROLE_ERROR, RS_ROLE_BANNER, RS_ROLE_GOOD, RS_ROLE_BAD,
    RS_ROLE_LOSS, RS_ROLE_ACC, RS_ROLE_CHANCE, RS_ROLE_CURSOR, RS_ROLE_HELP,
    RS_ROLE_FOCUS,      /* compare mode: the border and title of the side the keys act on */
    RS_ROLE_LOSS_B,     /* compare mode: the right side's loss curve (the left's is RS_ROLE_LOSS) */
    RS_ROLE_POINT,      /* a lesson: what the step points at */
    RS_ROLE_COUNT
} rs_role;

typedef struct {
    short fg, bg;       /* −1 = the terminal's default */
    unsigned attr;      /* RS_A_* below, turned into curses attributes by term.c */
} rs_role_style;

enum { RS_A_BOLD = 1, RS_A_DIM = 2, RS_A_REVERSE = 4, RS_A_UNDERLINE = 8 };

extern const rs_role_style rs_role_styles[RS_SCHEME_COUNT][RS_ROLE_COUNT];

#endif
