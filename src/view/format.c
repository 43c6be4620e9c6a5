/* Numbers and sentences for the screen, the transcript and the figures (pure). */
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const superscript[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};

static void superscript_int(char *buf, size_t n, int e)
{
    char digits[16];
    snprintf(digits, sizeof digits, "%d", e < 0 ? -e : e);
    size_t used = 0;
    buf[0] = '\0';
    if (e < 0)
        used += (size_t)snprintf(buf, n, "⁻");
    for (const char *d = digits; *d && used < n; d++)
        used += (size_t)snprintf(buf + used, n - used, "%s", superscript[*d - '0']);
}

void rs_fmt_pow10(char *buf, size_t n, int e, bool utf8)
{
    if (e == 0) {
        snprintf(buf, n, "1");
    } else if (e == 1) {
        snprintf(buf, n, "10");
    } else if (!utf8) {
        snprintf(buf, n, "1e%d", e);
    } else {
        char sup[48];
        superscript_int(sup, sizeof sup, e);
        snprintf(buf, n, "10%s", sup);
    }
}

/* x (finite, not 0) as m·10ᵉ with `digits` significant digits of m: "1.2·10⁻⁴³"
 * ("1.2e-43" in ASCII). A mantissa that would round up to 10 moves to the
 * next power (9.96e-5 at 2 digits is 1·10⁻⁴, not 10·10⁻⁵). */
static void fmt_power(char *buf, size_t n, double x, int digits, bool utf8)
{
    int e = (int)floor(log10(fabs(x)));
    double m = x / pow(10.0, e);
    if (fabs(m) >= 10.0 - 0.5 * pow(10.0, 1 - digits)) {
        m /= 10.0;
        e++;
    }
    if (!utf8) {
        snprintf(buf, n, "%.*ge%d", digits, m, e);
        return;
    }
    char sup[48];
    superscript_int(sup, sizeof sup, e);
    snprintf(buf, n, "%.*g·10%s", digits, m, sup);
}

void rs_fmt_num(char *buf, size_t n, double x, bool utf8)
{
    if (isnan(x)) {
        snprintf(buf, n, "NaN");
        return;
    }
    if (isinf(x)) {
        snprintf(buf, n, "%sInf", x < 0 ? "-" : "");
        return;
    }
    if (x == 0.0) {
        snprintf(buf, n, "0");
        return;
    }
    const double a = fabs(x);
    if (a >= 1e-3 && a < 1e4) {
        /* %.3g writes 2730 as "2.73e+03": below 10⁴ a number keeps its digits. */
        snprintf(buf, n, a >= 999.5 ? "%.0f" : "%.3g", x);
        return;
    }
    fmt_power(buf, n, x, 2, utf8);
}

void rs_fmt_exact(char *buf, size_t n, double x, bool utf8)
{
    const double a = fabs(x);
    if (!isfinite(x) || x == 0.0 || (a >= 1e-3 && a < 1e4 && a < 999999.5)) {
        if (isfinite(x) && x != 0.0) {
            snprintf(buf, n, "%.6g", x);
            return;
        }
        rs_fmt_num(buf, n, x, utf8);
        return;
    }
    fmt_power(buf, n, x, 6, utf8);
}

void rs_theory_reading(char *buf, size_t n, double bound, bool utf8)
{
    char b[48];
    rs_fmt_num(b, sizeof b, bound, utf8);
    const char *name = utf8 ? "γ·σ_max" : "gamma*sigma_max";
    if (!isfinite(bound))
        snprintf(buf, n, "%s = %s: not a number - the weights are not finite", name, b);
    else if (bound < 1.0)
        snprintf(buf, n, "%s = %s < 1: the gradient must shrink at least %s%s per step", name, b, b,
                 utf8 ? "×" : "x");
    else
        snprintf(buf, n, "%s = %s %s 1: no guarantee %s gradients may explode", name, b, utf8 ? "≥" : ">=",
                 utf8 ? "—" : "-");
}

void rs_theory_short(char *buf, size_t n, double bound, bool utf8)
{
    char b[48];
    rs_fmt_num(b, sizeof b, bound, utf8);
    /* ASCII needs more letters for the name: it loses its "=" to stay in 34 columns. */
    const char *name = utf8 ? "γ·σ_max =" : "gamma*s_max";
    if (!isfinite(bound))
        snprintf(buf, n, "%s %s: weights not finite", name, b);
    else if (bound < 1.0)
        snprintf(buf, n, "%s %s < 1: must shrink", name, b);
    else
        snprintf(buf, n, "%s %s %s 1: may explode", name, b, utf8 ? "≥" : ">=");
}

void rs_bptt_sentence_short(char *buf, size_t n, int steps_back, double ratio, bool utf8)
{
    char r[48];
    rs_fmt_num(r, sizeof r, ratio, utf8);
    if (steps_back == 0)
        snprintf(buf, n, "t = T: the gradient starts here");
    else if (!isfinite(ratio))
        snprintf(buf, n, "%d step%s back: not finite (%s)", steps_back, steps_back == 1 ? "" : "s", r);
    else
        snprintf(buf, n, "%d step%s back: %s%s its size at t=T", steps_back, steps_back == 1 ? "" : "s", r,
                 utf8 ? "×" : "x");
}

void rs_bptt_sentence(char *buf, size_t n, int steps_back, double ratio, bool utf8)
{
    char r[48];
    rs_fmt_num(r, sizeof r, ratio, utf8);
    if (steps_back == 0)
        snprintf(buf, n, "at t = T the gradient starts: everything below is measured against it");
    else if (!isfinite(ratio))
        snprintf(buf, n, "after %d step%s back the gradient is no longer a finite number (%s)", steps_back,
                 steps_back == 1 ? "" : "s", r);
    else
        snprintf(buf, n, "after %d step%s back the gradient is %s of its size at the end", steps_back,
                 steps_back == 1 ? "" : "s", r);
}

