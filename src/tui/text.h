/* Numbers and sentences for the screen (pure): powers of ten with
 * superscripts, the theory reading, the step-through sentence. Every
 * function has an ASCII form for terminals whose locale is not UTF-8. */
#ifndef RS_TUI_TEXT_H
#define RS_TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* "10⁻²⁴" / "1e-24"; e = 0 gives "1", e = 1 "10". */
void rs_fmt_pow10(char *buf, size_t n, int e, bool utf8);

/* A number for people: "0.21", "1.7", "3·10⁻²⁵" ("3e-25"), "0", "NaN", "Inf". */
void rs_fmt_num(char *buf, size_t n, double x, bool utf8);

/* The theory line of Pascanu, Mikolov & Bengio (2013):
 * "γ·σ_max = 0.21 < 1: the gradient must shrink at least 0.21× per step" or
 * "γ·σ_max = 1.7 ≥ 1: no guarantee — gradients may explode". */
void rs_theory_reading(char *buf, size_t n, double bound, bool utf8);

/* The same in one short line for narrow panels:
 * "γ·σ_max = 0.21 < 1: must shrink", "γ·σ_max = 1.7 ≥ 1: may explode". */
void rs_theory_short(char *buf, size_t n, double bound, bool utf8);

/* "after 37 steps back the gradient is 3·10⁻²⁵ of its size at the end". */
void rs_bptt_sentence(char *buf, size_t n, int steps_back, double ratio, bool utf8);

/* The same in a short line: "37 steps back: 3·10⁻²⁵× its size at t=T". */
void rs_bptt_sentence_short(char *buf, size_t n, int steps_back, double ratio, bool utf8);

/* Transliterate UTF-8 text to ASCII for a terminal whose locale is not
 * UTF-8 (scenario titles and summaries are written in UTF-8): "—" → "-",
 * "×" → "x", "≤" → "<=", "σ" → "sigma", "10⁻²" → "10^-2", "h₀" → "h_0",
 * "‖∂L/∂h‖" → "|dL/dh|", the list separator " · " → " | ", the screen's
 * marks and lines ("▶" → ">", "─" → "-"); a character it does not know
 * becomes "?". The
 * output is cut at a whole character and always terminated. Returns its
 * length. */
size_t rs_ascii(const char *s, char *out, size_t n);

/* The ASCII form of one character from the same table, for a glyph drawn
 * on its own (a box's corner "╭" → "+"): g itself when it is ASCII, "?"
 * when the table does not know it. */
const char *rs_ascii_glyph(const char *g);

/* Display columns of a UTF-8 string (every glyph rnnscope prints is one
 * column wide), and the bytes of its longest prefix of at most w columns. */
int rs_text_width(const char *s);
size_t rs_text_prefix(const char *s, int w);

/* Split s into at most max lines of at most width columns, at spaces (a word
 * longer than a line is cut); lines[i] point into buf. Returns the count. */
int rs_wrap(const char *s, int width, char *buf, size_t bufn, const char **lines, int max);

#endif
