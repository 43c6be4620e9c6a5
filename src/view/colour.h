/* Value → colour: the heat map's colour scale and the colour schemes by
 * role (htop's CRT_colorSchemes). Pure data and functions, no terminal: the
 * screen (tui/term.c, panel_heat.c, panel_legend.c) and the SVG figures
 * (figure.c) read the same ramp, so a slide matches the live demo. */
#ifndef RS_TUI_COLOUR_H
#define RS_TUI_COLOUR_H

#include <stdbool.h>
#include <stddef.h>

/* ---- what a cell holds ------------------------------------------------------ */

typedef enum {
    RS_HEAT_EMPTY,      /* no value: not computed (yet), no such step */
    RS_HEAT_VALUE,      /* a number on the scale: x */
    RS_HEAT_ZERO,       /* exactly 0, measured (e.g. every unit a dead ReLU) */
    RS_HEAT_NONFINITE,  /* NaN, ±Inf, or past RS_DIVERGENCE_CEILING (the numbers mean nothing) */
    RS_HEAT_NOREF,      /* relative scale, but the row's value at t = T is 0: no ratio */
    RS_HEAT_CUT,        /* no value: beyond the truncation window (the gradient was cut, not measured) */
    RS_HEAT_BROKEN,     /* no value: computed after the backward pass broke (a diverged attempt) */
} rs_heat_class;

/* The three marks a cell can carry instead of a colour of the ramp. They
 * never look alike in any scheme (a test holds them apart). */
typedef enum { RS_MARK_NONE = -1, RS_MARK_NAN, RS_MARK_ZERO, RS_MARK_NOVALUE, RS_MARK_COUNT } rs_heat_mark;

/* The mark of a class: NONE for a value; NOREF, CUT, BROKEN and EMPTY are
 * all "no value" (the inspector says which). */
rs_heat_mark rs_heat_mark_of(int cls);

/* ---- the scale ----------------------------------------------------------------- */

/* What x is, per view (heat.c picks it):
 *  RELATIVE  log10 (v / v at t = T): 0 = as large as at the end (g_h, g_x, g_w, g_c, units)
 *  ABSOLUTE  log10 v: 0 = a value of 1
 *  SLOPE     log10 v on a fixed ±1 decade: dact, a per-step factor (1 = passes all)
 *  SHARE     −v for a share 0 … 1 (sat): 0 = none, −1 = all; on the cold side,
 *            because a saturated unit passes no gradient back */
typedef enum { RS_SCALE_RELATIVE, RS_SCALE_ABSOLUTE, RS_SCALE_SLOPE, RS_SCALE_SHARE } rs_scale_kind;

/* The colour range in decades, ±R, that the gradient views use: a ladder the
 * keys [ and ] walk, fixed so that a colour means the same size under every
 * toggle, on both sides of compare mode and in the SVG. The default ±32 at 16
 * steps a side (256 colours) makes one step 2 decades (100×): on the adding
 * task at T = 50 after 300 steps, log10 g_h[1]/g_h[T] is −42.4 for the sigmoid
 * rnn (the darkest step), −13.3 for tanh (step 7 of 16), −11.0 for the gru
 * (step 6), −4.9 for the lstm (step 2): three clearly different colours.
 * ±308 holds every double. */
#define RS_RANGE_LADDER_N 6
extern const int rs_range_ladder[RS_RANGE_LADDER_N];   /* 8, 16, 32, 64, 128, 308 */
#define RS_RANGE_DEFAULT 32

/* The rung of the ladder beyond `now` decades, wider (dir > 0) or narrower;
 * 0 when there is none. */
int rs_range_next(int now, int dir);

/* Classify a raw value v for a scale kind; x is its coordinate on the scale
 * (relative: log10 |v| − log10 |ref|, no overflow even for 1e-300 / 1e300).
 * A value past RS_DIVERGENCE_CEILING is NONFINITE: there the numbers mean
 * nothing (session.h). Negative values are measured by magnitude. */
rs_heat_class rs_heat_classify(double v, double ref, rs_scale_kind kind, double *x);

/* The level of x on a scale of ±range with steps levels a side: round(x /
 * range · steps), clamped to −steps … steps; 0 is neutral. NaN → 0. */
int rs_heat_level(double x, double range, int steps);

/* "Fit to data": the smallest whole number of decades ≥ 1 that holds every
 * value's |x| (marks do not count). */
double rs_heat_fit(const double *x, const unsigned char *cls, size_t n);

/* ---- colour schemes ------------------------------------------------------------ */

/* DIRECT: 24-bit colour (ncurses COLORS ≥ 2^24, e.g. TERM=xterm-direct),
 * 64 steps a side; 256: 16 steps a side; 8: 8 steps a side of two colours
 * mixed by shade characters, one data row per text line; MONO: a character
 * ramp. */
typedef enum { RS_SCHEME_256, RS_SCHEME_8, RS_SCHEME_MONO, RS_SCHEME_DIRECT, RS_SCHEME_COUNT } rs_scheme_kind;

extern const char *const rs_scheme_names[];   /* "256 colours", "8 colours", "monochrome", "24-bit colour" */

/* Levels on each side of neutral. */
int rs_scheme_steps(rs_scheme_kind k);
/* Whether a text line holds two data rows (▀ with fg = upper, bg = lower). */
bool rs_scheme_half_blocks(rs_scheme_kind k);

/* How one level or mark is drawn. A colour is an xterm-256 index (256, 8)
 * or 0xRRGGBB (DIRECT); −1 is the terminal's default.
 *  colour      half-block schemes: a half of this level or mark
 *  fg, bg      a whole text cell: the glyph's colours
 *  glyph       a whole text cell's glyph, UTF-8 (" ": the background only)
 *  ascii       the same without UTF-8
 *  bold, reverse  the glyph's attributes */
typedef struct {
    int colour;
    int fg, bg;
    const char *glyph, *ascii;
    bool bold, reverse;
} rs_swatch;

/* Swatch indices: level + steps for the levels (0 … 2·steps), then the marks. */
int rs_scheme_swatch_count(rs_scheme_kind k);
static inline int rs_swatch_of_level(rs_scheme_kind k, int level) { return level + rs_scheme_steps(k); }
static inline int rs_swatch_of_mark(rs_scheme_kind k, rs_heat_mark m) { return 2 * rs_scheme_steps(k) + 1 + (int)m; }
rs_swatch rs_scheme_swatch(rs_scheme_kind k, int index);

/* A text colour that reads on swatch index's colour (half-block schemes:
 * black on the light levels, white on the dark, by CIE L*), for text drawn
 * over the heat map's colours (the itemized view's input characters); −1
 * for the other schemes (their swatches carry a glyph colour already). */
int rs_scheme_text_fg(rs_scheme_kind k, int index);

/* The colour pairs a scheme's heat map needs beyond the roles': half
 * blocks, one per (upper, lower) colour of its swatches plus the marks'
 * whole-cell pairs plus one text-on-swatch pair per swatch; otherwise one
 * per swatch. */
int rs_scheme_pairs_needed(rs_scheme_kind k);

/* Which scheme: NO_COLOR set and non-empty → mono (https://no-color.org);
 * no colours → mono; 24-bit colour (colors ≥ 2^24) and the pairs → direct;
 * ≥ 256 colours and the pairs → 256; ≥ 8 colours and the pairs → 8. pairs
 * counts pair 0, which no one may change. */
rs_scheme_kind rs_scheme_pick(bool has_colors, int colors, int pairs, const char *no_color);

/* ---- colour arithmetic (for the schemes, the SVG and the tests) ---------------- */

/* The xterm-256 palette's RGB (the 16 system colours as xterm's defaults). */
int rs_xterm_rgb(int index);
/* CIE L* (D65) of an sRGB colour 0xRRGGBB: 0 black … 100 white. */
double rs_lightness(int rgb);
/* A swatch colour as 0xRRGGBB in a scheme (DIRECT: itself; 256, 8: the palette's). */
int rs_scheme_rgb(rs_scheme_kind k, int colour);

/* ---- UI roles (not the heatmap) -------------------------------------------------- */

typedef enum {
    RS_ROLE_TEXT, RS_ROLE_DIM, RS_ROLE_TITLE, RS_ROLE_BORDER, RS_ROLE_PANEL_TITLE,
    RS_ROLE_KEY, RS_ROLE_VALUE, RS_ROLE_STATUS, RS_ROLE_STATUS_RUN, RS_ROLE_STATUS_PAUSE,
    RS_ROLE_STATUS_BAD, RS_ROLE_ERROR, RS_ROLE_BANNER, RS_ROLE_GOOD, RS_ROLE_BAD,
    RS_ROLE_LOSS, RS_ROLE_ACC, RS_ROLE_CHANCE, RS_ROLE_CURSOR, RS_ROLE_HELP,
    RS_ROLE_FOCUS,      /* compare mode: the border and title of the side the keys act on */
    RS_ROLE_LOSS_B,     /* compare mode: the right side's loss curve (the left's is RS_ROLE_LOSS) */
    RS_ROLE_POINT,      /* a lesson: what the step points at */
    /* the spectrum panel's series (plots.h RS_SPECTRUM_ROLE_*) */
    RS_ROLE_EIG,        /* the eigenvalues (W_hh, or the step Jacobian): bright */
    RS_ROLE_EIG_SECOND, /* skip: W_sk's eigenvalues, another hue */
    RS_ROLE_UNIT_CIRCLE,/* |λ| = 1: white, bold */
    RS_ROLE_SIGMA,      /* the circle of radius σ_max: red */
    RS_ROLE_LAW,        /* the circle law's rim std·√H: dim blue */
    RS_ROLE_AXES,       /* Re and Im axes: dim */
    RS_ROLE_COUNT
} rs_role;

typedef struct {
    short fg, bg;       /* xterm-256 (8 colours: 0 … 7) indices; −1 = the terminal's default */
    unsigned attr;      /* RS_A_* below, turned into curses attributes by term.c */
} rs_role_style;

enum { RS_A_BOLD = 1, RS_A_DIM = 2, RS_A_REVERSE = 4, RS_A_UNDERLINE = 8 };

/* By scheme, DIRECT excepted: it uses the 256 styles (rs_role_style_of),
 * whose indices term.c turns into RGB. */
extern const rs_role_style rs_role_styles[RS_SCHEME_DIRECT][RS_ROLE_COUNT];
const rs_role_style *rs_role_style_of(rs_scheme_kind k, rs_role role);

#endif
