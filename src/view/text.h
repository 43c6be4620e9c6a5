/* UTF-8 text for the terminal (pure): every function works on UTF-8 and
 * counts display columns. */
#ifndef RS_VIEW_TEXT_H
#define RS_VIEW_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Transliterate UTF-8 text to ASCII for a terminal whose locale is not
 * UTF-8 (scenario titles and summaries are written in UTF-8): "—" → "-",
 * "×" → "x", "≤" → "<=", "σ" → "sigma", "10⁻²" → "10^-2", "h₀" → "h_0",
 * "‖∂L/∂h‖" → "|dL/dh|", the list separator " · " → " | ", the screen's
 * marks and lines ("▶" → ">", "─" → "-"); a character it does not know
 * becomes "?". The output is cut at a whole character and always
 * terminated. Returns its length. */
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
