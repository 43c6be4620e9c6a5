/* UTF-8 text for the terminal (pure): transliteration to ASCII, display
 * width, word wrap. */
#include "text.h"

#include <stdio.h>
#include <string.h>

/* ---- UTF-8 → ASCII ----------------------------------------------------------- */

typedef enum { PLAIN, SUPER, SUB } script;

typedef struct {
    const char *utf8, *ascii;
    script kind;        /* a run of super- or subscripts gets one "^" or "_" */
} translit;

static const translit translits[] = {
    {"—", "-", PLAIN}, {"–", "-", PLAIN}, {"−", "-", PLAIN}, {"·", ".", PLAIN}, {"×", "x", PLAIN},
    {"≤", "<=", PLAIN}, {"≥", ">=", PLAIN}, {"≈", "~", PLAIN}, {"≠", "!=", PLAIN}, {"±", "+-", PLAIN},
    {"…", "...", PLAIN}, {"→", "->", PLAIN}, {"←", "<-", PLAIN}, {"↑", "^", PLAIN}, {"↓", "v", PLAIN},
    {"⇒", "=>", PLAIN}, {"‖", "|", PLAIN}, {"∂", "d", PLAIN}, {"∇", "grad ", PLAIN}, {"√", "sqrt", PLAIN},
    {"∞", "inf", PLAIN}, {"∑", "sum", PLAIN}, {"∏", "prod", PLAIN}, {"′", "'", PLAIN}, {"″", "''", PLAIN},
    {"‘", "'", PLAIN}, {"’", "'", PLAIN}, {"“", "\"", PLAIN}, {"”", "\"", PLAIN}, {"«", "\"", PLAIN},
    {"»", "\"", PLAIN}, {"¼", "1/4", PLAIN}, {"½", "1/2", PLAIN}, {"¾", "3/4", PLAIN}, {"°", " deg", PLAIN},
    {"\xc2\xa0", " ", PLAIN} /* no-break space */, {"ᵀ", "T", SUPER},
    {"α", "alpha", PLAIN}, {"β", "beta", PLAIN}, {"γ", "gamma", PLAIN}, {"δ", "delta", PLAIN},
    {"ε", "eps", PLAIN}, {"η", "eta", PLAIN}, {"θ", "theta", PLAIN}, {"λ", "lambda", PLAIN},
    {"μ", "mu", PLAIN}, {"π", "pi", PLAIN}, {"ρ", "rho", PLAIN}, {"σ", "sigma", PLAIN}, {"τ", "tau", PLAIN},
    {"φ", "phi", PLAIN}, {"ω", "omega", PLAIN}, {"Δ", "Delta", PLAIN}, {"Σ", "Sigma", PLAIN},
    {"⁰", "0", SUPER}, {"¹", "1", SUPER}, {"²", "2", SUPER}, {"³", "3", SUPER}, {"⁴", "4", SUPER},
    {"⁵", "5", SUPER}, {"⁶", "6", SUPER}, {"⁷", "7", SUPER}, {"⁸", "8", SUPER}, {"⁹", "9", SUPER},
    {"⁻", "-", SUPER}, {"⁺", "+", SUPER},
    {"₀", "0", SUB}, {"₁", "1", SUB}, {"₂", "2", SUB}, {"₃", "3", SUB}, {"₄", "4", SUB},
    {"₅", "5", SUB}, {"₆", "6", SUB}, {"₇", "7", SUB}, {"₈", "8", SUB}, {"₉", "9", SUB},
    {"₋", "-", SUB}, {"₊", "+", SUB},
    {"á", "a", PLAIN}, {"à", "a", PLAIN}, {"â", "a", PLAIN}, {"ä", "a", PLAIN}, {"é", "e", PLAIN},
    {"è", "e", PLAIN}, {"ê", "e", PLAIN}, {"ë", "e", PLAIN}, {"í", "i", PLAIN}, {"ï", "i", PLAIN},
    {"ó", "o", PLAIN}, {"ö", "o", PLAIN}, {"ú", "u", PLAIN}, {"ü", "u", PLAIN}, {"ç", "c", PLAIN},
    {"ñ", "n", PLAIN}, {"ß", "ss", PLAIN},
    /* The screen's own marks and lines. */
    {"▶", ">", PLAIN}, {"▸", ">", PLAIN}, {"◀", "<", PLAIN}, {"▲", "^", PLAIN}, {"▼", "v", PLAIN},
    {"⏸", "=", PLAIN}, {"✕", "X", PLAIN}, {"↺", "*", PLAIN}, {"┄", "-", PLAIN}, {"─", "-", PLAIN},
    {"│", "|", PLAIN}, {"╭", "+", PLAIN}, {"╮", "+", PLAIN}, {"╰", "+", PLAIN}, {"╯", "+", PLAIN},
    /* the task line's right and wrong, the plots' lines and marks */
    {"✓", "(right)", PLAIN}, {"✗", "(wrong)", PLAIN}, {"━", "-", PLAIN}, {"÷", "/", PLAIN},
};

/* Bytes of the UTF-8 character starting with byte c (1 for a stray byte). */
static size_t utf8_len(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* The list separator " · " (a middle dot between spaces) is " | " on
 * screen, as rs_wrap has it; a middle dot elsewhere is a product ("¼·σ"). */
static bool list_separator(const char *start, const char *s, size_t len)
{
    return len == strlen("·") && strncmp(s, "·", len) == 0 && s > start && s[-1] == ' ' && s[len] == ' ';
}

size_t rs_ascii(const char *s, char *out, size_t n)
{
    if (n == 0)
        return 0;
    const char *start = s;
    size_t used = 0;
    script prev = PLAIN;
    while (*s) {
        const char *rep;
        char one[2] = {*s, '\0'};
        script kind = PLAIN;
        size_t in = 1;
        if ((unsigned char)*s < 0x80) {
            rep = one;
        } else {
            rep = "?";
            in = utf8_len((unsigned char)*s);
            for (size_t i = 0; i < sizeof translits / sizeof translits[0]; i++) {
                const size_t len = strlen(translits[i].utf8);
                if (strncmp(s, translits[i].utf8, len) == 0) {
                    rep = list_separator(start, s, len) ? "|" : translits[i].ascii;
                    kind = translits[i].kind;
                    in = len;
                    break;
                }
            }
            /* A truncated sequence at the end of the string: stop at its NUL. */
            for (size_t i = 1; i < in; i++)
                if (!s[i])
                    in = i;
        }
        const char *mark = kind != PLAIN && kind != prev ? (kind == SUPER ? "^" : "_") : "";
        const size_t need = strlen(mark) + strlen(rep);
        if (used + need + 1 > n)
            break;
        used += (size_t)snprintf(out + used, n - used, "%s%s", mark, rep);
        prev = kind;
        s += in;
    }
    out[used] = '\0';
    return used;
}

const char *rs_ascii_glyph(const char *g)
{
    if ((unsigned char)g[0] < 0x80)
        return g;
    for (size_t i = 0; i < sizeof translits / sizeof translits[0]; i++)
        if (strcmp(g, translits[i].utf8) == 0)
            return translits[i].ascii;
    return "?";
}

int rs_text_width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

size_t rs_text_prefix(const char *s, int w)
{
    size_t i = 0;
    int cols = 0;
    while (s[i]) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (cols == w)
                break;
            cols++;
        }
        i++;
    }
    return i;
}

/* The separator of lists on screen, " · " (" | " in ASCII): a line never
 * starts or ends with it. */
static size_t separator_at(const char *p)
{
    if (strncmp(p, "· ", strlen("· ")) == 0)
        return strlen("· ");
    if (strncmp(p, "| ", 2) == 0)
        return 2;
    return 0;
}

int rs_wrap(const char *s, int width, char *buf, size_t bufn, const char **lines, int max)
{
    if (width < 1 || max < 1 || bufn == 0)
        return 0;
    size_t used = 0;
    int n = 0;
    const char *p = s;
    while (*p && n < max) {
        while (*p == ' ' || (n > 0 && separator_at(p)))
            p += *p == ' ' ? 1 : separator_at(p);
        if (!*p)
            break;
        size_t len;
        if (rs_text_width(p) <= width)
            len = strlen(p);
        else {
            /* Break at the last space within width columns, else cut hard. */
            const size_t cut = rs_text_prefix(p, width);
            size_t brk = 0;
            for (size_t q = 0; q <= cut && p[q]; q++)
                if (p[q] == ' ')
                    brk = q;
            len = brk > 0 ? brk : cut;
        }
        if (len == 0 || used + len + 1 > bufn)
            break;
        size_t keep = len;
        while (keep > 0 && p[keep - 1] == ' ')
            keep--;
        if (keep >= 3 && p[len] && strncmp(p + keep - 3, " ·", 3) == 0)
            keep -= 3;
        else if (keep >= 2 && p[len] && strncmp(p + keep - 2, " |", 2) == 0)
            keep -= 2;
        memcpy(buf + used, p, keep);
        buf[used + keep] = '\0';
        lines[n++] = buf + used;
        used += keep + 1;
        p += len;
    }
    return n;
}
