/* Value → colour: the scale, the ramps and the marks (pure).
 *
 * The ramp is diverging around "as large as at t = T" (DESIGN §7): white in
 * the middle, cold (vanishing) to one side, hot (exploding) to the other,
 * each side darker step by step — CIE L* falls monotonically from the
 * middle to both ends (Moreland 2009, "Diverging Color Maps for Scientific
 * Visualization": a neutral middle and lightness that orders each side), so
 * it reads on a projector and in grey print. The hues follow ColorBrewer
 * (Brewer 2003): the cold side Blues through cyan (GnBu's path: light
 * colours that still carry hue), the hot side YlOrRd. */
#include "colour.h"

#include <math.h>
#include <string.h>

#include "rnnscope/session.h"

/* ---- classes and marks ---------------------------------------------------------- */

rs_heat_mark rs_heat_mark_of(int cls)
{
    switch (cls) {
    case RS_HEAT_VALUE: return RS_MARK_NONE;
    case RS_HEAT_NONFINITE: return RS_MARK_NAN;
    case RS_HEAT_ZERO: return RS_MARK_ZERO;
    default: return RS_MARK_NOVALUE;
    }
}

/* ---- the scale ------------------------------------------------------------------ */

const int rs_range_ladder[RS_RANGE_LADDER_N] = {8, 16, 32, 64, 128, 308};

int rs_range_next(int now, int dir)
{
    for (int i = 0; i < RS_RANGE_LADDER_N; i++) {
        const int r = rs_range_ladder[dir > 0 ? i : RS_RANGE_LADDER_N - 1 - i];
        if (dir > 0 ? r > now : r < now)
            return r;
    }
    return 0;
}

rs_heat_class rs_heat_classify(double v, double ref, rs_scale_kind kind, double *x)
{
    *x = 0.0;
    if (!isfinite(v) || fabs(v) > RS_DIVERGENCE_CEILING)
        return RS_HEAT_NONFINITE;
    if (kind == RS_SCALE_SHARE) {
        /* 0 is the normal state of a share (nothing saturated): neutral. */
        *x = -fabs(v);
        return RS_HEAT_VALUE;
    }
    if (v == 0.0)
        return RS_HEAT_ZERO;
    const double lv = log10(fabs(v));
    if (kind != RS_SCALE_RELATIVE) {
        *x = lv;
        return RS_HEAT_VALUE;
    }
    if (!isfinite(ref) || fabs(ref) > RS_DIVERGENCE_CEILING)
        return RS_HEAT_NONFINITE;
    if (ref == 0.0)
        return RS_HEAT_NOREF;
    *x = lv - log10(fabs(ref));
    return RS_HEAT_VALUE;
}

int rs_heat_level(double x, double range, int steps)
{
    if (isnan(x) || !(range > 0.0) || steps <= 0)
        return 0;
    const double l = round(x / range * steps);
    return l <= -steps ? -steps : l >= steps ? steps : (int)l;
}

double rs_heat_fit(const double *x, const unsigned char *cls, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        if (cls[i] == RS_HEAT_VALUE && fabs(x[i]) > m)
            m = fabs(x[i]);
    const double r = ceil(m - 1e-9);
    return r < 1.0 ? 1.0 : r;
}

/* ---- colour arithmetic ------------------------------------------------------------ */

int rs_xterm_rgb(int index)
{
    /* xterm's defaults for the 16 system colours. */
    static const int system[16] = {0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
                                   0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff};
    static const int level[6] = {0, 95, 135, 175, 215, 255};
    if (index < 0)
        return -1;
    if (index < 16)
        return system[index];
    if (index < 232) {
        const int i = index - 16;
        return level[i / 36] << 16 | level[i / 6 % 6] << 8 | level[i % 6];
    }
    const int v = 8 + 10 * (index - 232);
    return v << 16 | v << 8 | v;
}

/* sRGB (IEC 61966-2-1) ↔ CIELAB, D65 white. */
static double to_linear(int c)
{
    const double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static int from_linear(double v)
{
    v = v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1.0 / 2.4) - 0.055;
    const long c = lround(v * 255.0);
    return c < 0 ? 0 : c > 255 ? 255 : (int)c;
}

static double lab_f(double t) { return t > 216.0 / 24389.0 ? cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0; }
static double lab_finv(double f) { return f * f * f > 216.0 / 24389.0 ? f * f * f : (116.0 * f - 16.0) * 27.0 / 24389.0; }

static void rgb_to_lab(int rgb, double lab[3])
{
    const double r = to_linear(rgb >> 16 & 255), g = to_linear(rgb >> 8 & 255), b = to_linear(rgb & 255);
    const double X = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
    const double Y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    const double Z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
    const double fx = lab_f(X), fy = lab_f(Y), fz = lab_f(Z);
    lab[0] = 116.0 * fy - 16.0;
    lab[1] = 500.0 * (fx - fy);
    lab[2] = 200.0 * (fy - fz);
}

static int lab_to_rgb(const double lab[3])
{
    const double fy = (lab[0] + 16.0) / 116.0, fx = fy + lab[1] / 500.0, fz = fy - lab[2] / 200.0;
    const double X = lab_finv(fx) * 0.95047, Y = lab_finv(fy), Z = lab_finv(fz) * 1.08883;
    const double r = 3.2404542 * X - 1.5371385 * Y - 0.4985314 * Z;
    const double g = -0.9692660 * X + 1.8760108 * Y + 0.0415560 * Z;
    const double b = 0.0556434 * X - 0.2040259 * Y + 1.0572252 * Z;
    return from_linear(r) << 16 | from_linear(g) << 8 | from_linear(b);
}

double rs_lightness(int rgb)
{
    double lab[3];
    rgb_to_lab(rgb, lab);
    return lab[0];
}

/* ---- the ramps -------------------------------------------------------------------- */

/* 256 colours: 16 steps a side, xterm-256 indices, from the neutral outward.
 * The 6×6×6 cube has too few levels for 16 steps of one hue, so each side
 * walks its saturated path — white → cyan → blue → navy, white → yellow →
 * orange → red → dark red — through the tints on the way (pale cyan, pale
 * yellow first) and a few colours between the cube's corners. Two orders
 * hold at every step: L* falls (test-tui-pure checks it, so the ramp reads
 * in grey print), and colourfulness rises on the cold side (a pale step
 * after a vivid one reads as a step back towards white, whatever its L*).
 * CIEDE2000 between neighbours ≥ 4.3. L*:
 * cold 97 95 93 91 80 70 68 59 57 49 46 43 32 26 20 14,
 * hot  99 98 98 97 97 87 87 77 68 61 55 53 45 36 27 18, neutral white 100.
 * At ±32 decades the lstm's 5 decades on the adding task are pale cyan,
 * tanh's 13 azure, the sigmoid's 42 navy. */
enum { STEPS_256 = 16, STEPS_DIRECT = 64, STEPS_8 = 8, STEPS_MONO = 5 };
static const short neutral_256 = 231;
static const short cold_256[STEPS_256] = {195, 159, 123, 51, 45, 75, 39, 69, 33, 63, 27, 26, 21, 20, 19, 18};
static const short hot_256[STEPS_256] = {230, 229, 228, 227, 226, 221, 220, 214, 208, 202, 166, 196, 160, 124, 88, 52};

/* 24-bit colour: the saturated path of the 256 ramp (its anchors, at their
 * levels there), interpolated in CIELAB to 64 steps a side: the same colours
 * where the two meet, smooth between, L* monotone because every anchor is
 * darker than the one before. */
typedef struct { int level; short index; } anchor;
static const anchor cold_anchors[] = {{0, 231}, {2, 159}, {4, 51}, {5, 45}, {7, 39}, {9, 33},
                                      {11, 27}, {13, 21}, {14, 20}, {15, 19}, {16, 18}};
static const anchor hot_anchors[] = {{0, 231}, {1, 230}, {3, 228}, {5, 226}, {7, 220}, {8, 214}, {9, 208},
                                     {10, 202}, {12, 196}, {13, 160}, {14, 124}, {15, 88}, {16, 52}};

static int direct_colour(int level)
{
    const anchor *a = level < 0 ? cold_anchors : hot_anchors;
    const size_t n = level < 0 ? sizeof cold_anchors / sizeof *a : sizeof hot_anchors / sizeof *a;
    const double u = fabs((double)level) * STEPS_256 / STEPS_DIRECT;   /* in 256-ramp levels */
    size_t i = 0;
    while (i + 2 < n && a[i + 1].level < u)
        i++;
    const double w = (u - a[i].level) / (a[i + 1].level - a[i].level);
    double p[3], q[3], m[3];
    rgb_to_lab(rs_xterm_rgb(a[i].index), p);
    rgb_to_lab(rs_xterm_rgb(a[i + 1].index), q);
    for (int c = 0; c < 3; c++)
        m[c] = p[c] + (w < 0.0 ? 0.0 : w > 1.0 ? 1.0 : w) * (q[c] - p[c]);
    const int rgb = lab_to_rgb(m);
    /* xterm-direct turns colour numbers below 8 into the 8 ANSI colours. */
    return rgb < 8 ? 8 : rgb;
}

/* 8 colours (TERM=xterm, TERM=linux: 64 pairs): white, cyan, blue on the cold
 * side, white, yellow, red on the hot, and between two neighbours the shade
 * characters ░ ▒ ▓ (a quarter, a half, three quarters of the darker): 8
 * steps a side, one pair per step (the glyph carries the step, not half
 * blocks), 20 pairs in all. */
enum { C8_BLACK, C8_RED, C8_GREEN, C8_YELLOW, C8_BLUE, C8_MAGENTA, C8_CYAN, C8_WHITE };
static const char *const shade_utf8[4] = {" ", "░", "▒", "▓"};
static const char *const shade_ascii[4] = {" ", ".", ":", "#"};

static rs_swatch level_8(int level)
{
    const int side = level < 0 ? -1 : 1, n = abs(level);
    /* From the neutral: white → cyan|yellow (steps 1–4), → blue|red (5–8). */
    const int mid = side < 0 ? C8_CYAN : C8_YELLOW, end = side < 0 ? C8_BLUE : C8_RED;
    const int from = n <= 4 ? C8_WHITE : mid, to = n <= 4 ? mid : end, k = n <= 4 ? n : n - 4;
    rs_swatch s = {from, to, from, shade_utf8[k % 4], shade_ascii[k % 4], false, false};
    if (k == 4)
        s = (rs_swatch){to, C8_WHITE, to, " ", " ", false, false};
    if (n == 0)
        s = (rs_swatch){C8_WHITE, C8_CYAN, C8_WHITE, " ", " ", false, false};
    return s;
}

/* Monochrome: a character ramp, sparse for small, dense for large, "="
 * for as large as at t = T; the marks are X, 0 and blank. */
static const char *const mono_ramp[2 * STEPS_MONO + 1] = {".", ",", ":", ";", "-", "=", "+", "*", "#", "%", "@"};

/* ---- the schemes -------------------------------------------------------------------- */

const char *const rs_scheme_names[] = {"256 colours", "8 colours", "monochrome", "24-bit colour", NULL};

int rs_scheme_steps(rs_scheme_kind k)
{
    switch (k) {
    case RS_SCHEME_DIRECT: return STEPS_DIRECT;
    case RS_SCHEME_256: return STEPS_256;
    case RS_SCHEME_8: return STEPS_8;
    default: return STEPS_MONO;
    }
}

bool rs_scheme_half_blocks(rs_scheme_kind k) { return k == RS_SCHEME_256 || k == RS_SCHEME_DIRECT; }

int rs_scheme_swatch_count(rs_scheme_kind k) { return 2 * rs_scheme_steps(k) + 1 + RS_MARK_COUNT; }

/* The marks. NaN/Inf: a bold ✕ on magenta, a hue no ramp has; exactly 0: a
 * mid grey (L* 54), a colour without hue between the ramps' lightnesses;
 * no value: the terminal's own background, dotted when a whole cell has
 * none (nothing was measured there). */
static rs_swatch mark(rs_scheme_kind k, rs_heat_mark m)
{
    const bool direct = k == RS_SCHEME_DIRECT;
    switch (k) {
    case RS_SCHEME_MONO:
        return m == RS_MARK_NAN    ? (rs_swatch){-1, -1, -1, "X", "X", true, true}
             : m == RS_MARK_ZERO   ? (rs_swatch){-1, -1, -1, "0", "0", false, false}
                                   : (rs_swatch){-1, -1, -1, " ", " ", false, false};
    case RS_SCHEME_8:
        return m == RS_MARK_NAN    ? (rs_swatch){C8_MAGENTA, C8_WHITE, C8_MAGENTA, "✕", "X", true, false}
             : m == RS_MARK_ZERO   ? (rs_swatch){C8_BLACK, C8_WHITE, C8_BLACK, "0", "0", false, false}
                                   : (rs_swatch){-1, -1, -1, "·", ".", false, false};
    default:
        return m == RS_MARK_NAN    ? (rs_swatch){direct ? 0xff00ff : 201, direct ? 0xffffff : 231, direct ? 0xff00ff : 201,
                                                 "✕", "X", true, false}
             : m == RS_MARK_ZERO   ? (rs_swatch){direct ? 0x808080 : 244, direct ? 0x808080 : 244, direct ? 0x808080 : 244,
                                                 " ", " ", false, false}
                                   : (rs_swatch){-1, direct ? 0x585858 : 240, -1, "·", ".", false, false};
    }
}

rs_swatch rs_scheme_swatch(rs_scheme_kind k, int index)
{
    const int steps = rs_scheme_steps(k);
    if (index < 0 || index >= rs_scheme_swatch_count(k))
        index = steps;
    if (index > 2 * steps)
        return mark(k, (rs_heat_mark)(index - 2 * steps - 1));
    const int level = index - steps;
    int c;
    switch (k) {
    case RS_SCHEME_MONO: return (rs_swatch){-1, -1, -1, mono_ramp[index], mono_ramp[index], false, false};
    case RS_SCHEME_8: return level_8(level);
    case RS_SCHEME_DIRECT: c = level == 0 ? 0xffffff : direct_colour(level); break;
    default: c = level == 0 ? neutral_256 : level < 0 ? cold_256[-level - 1] : hot_256[level - 1];
    }
    return (rs_swatch){c, c, c, " ", " ", false, false};
}

int rs_scheme_pairs_needed(rs_scheme_kind k)
{
    if (k == RS_SCHEME_MONO)
        return 0;
    const int n = rs_scheme_swatch_count(k);
    /* Half blocks: every (upper, lower) colour, and the NaN and no-value
     * glyphs of a whole cell. */
    return rs_scheme_half_blocks(k) ? n * n + 2 + n : n;
}

int rs_scheme_text_fg(rs_scheme_kind k, int index)
{
    if (!rs_scheme_half_blocks(k))
        return -1;
    const rs_swatch sw = rs_scheme_swatch(k, index);
    const int rgb = rs_scheme_rgb(k, sw.colour);
    const bool direct = k == RS_SCHEME_DIRECT;
    if (rgb < 0)
        return -1;
    /* L* 55: the darker half of both ramps takes white (navy, dark red) */
    return rs_lightness(rgb) > 55.0 ? (direct ? 0x000001 : 16) : (direct ? 0xffffff : 231);
}

rs_scheme_kind rs_scheme_pick(bool has_colors, int colors, int pairs, const char *no_color)
{
    if (no_color && no_color[0] != '\0')
        return RS_SCHEME_MONO;
    if (!has_colors || colors < 8)
        return RS_SCHEME_MONO;
    /* Pair 0 is the terminal's and cannot be changed: pairs − 1 are ours. */
    const int ours = pairs - 1 - RS_ROLE_COUNT;
    if (colors >= 1 << 24 && ours >= rs_scheme_pairs_needed(RS_SCHEME_DIRECT))
        return RS_SCHEME_DIRECT;
    if (colors >= 256 && ours >= rs_scheme_pairs_needed(RS_SCHEME_256))
        return RS_SCHEME_256;
    if (ours >= rs_scheme_pairs_needed(RS_SCHEME_8))
        return RS_SCHEME_8;
    return RS_SCHEME_MONO;
}

int rs_scheme_rgb(rs_scheme_kind k, int colour)
{
    if (colour < 0)
        return -1;
    return k == RS_SCHEME_DIRECT ? colour : rs_xterm_rgb(colour);
}

const rs_role_style *rs_role_style_of(rs_scheme_kind k, rs_role role)
{
    return &rs_role_styles[k == RS_SCHEME_DIRECT ? RS_SCHEME_256 : k][role];
}

#define S(fg, bg, attr) {fg, bg, attr}
const rs_role_style rs_role_styles[RS_SCHEME_DIRECT][RS_ROLE_COUNT] = {
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
        [RS_ROLE_EIG] = S(51, -1, RS_A_BOLD),
        [RS_ROLE_EIG_SECOND] = S(213, -1, RS_A_BOLD),
        [RS_ROLE_UNIT_CIRCLE] = S(231, -1, RS_A_BOLD),
        [RS_ROLE_SIGMA] = S(196, -1, 0),
        [RS_ROLE_LAW] = S(68, -1, 0),
        [RS_ROLE_AXES] = S(240, -1, 0),
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
        [RS_ROLE_EIG] = S(6, -1, RS_A_BOLD),
        [RS_ROLE_EIG_SECOND] = S(5, -1, RS_A_BOLD),
        [RS_ROLE_UNIT_CIRCLE] = S(7, -1, RS_A_BOLD),
        [RS_ROLE_SIGMA] = S(1, -1, 0),
        [RS_ROLE_LAW] = S(4, -1, 0),
        [RS_ROLE_AXES] = S(-1, -1, RS_A_DIM),
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
        [RS_ROLE_EIG] = S(-1, -1, RS_A_BOLD),
        [RS_ROLE_EIG_SECOND] = S(-1, -1, RS_A_BOLD | RS_A_UNDERLINE),
        [RS_ROLE_UNIT_CIRCLE] = S(-1, -1, 0),
        [RS_ROLE_SIGMA] = S(-1, -1, 0),
        [RS_ROLE_LAW] = S(-1, -1, RS_A_DIM),
        [RS_ROLE_AXES] = S(-1, -1, RS_A_DIM),
    },
};
