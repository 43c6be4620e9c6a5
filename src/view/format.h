/* Numbers and sentences for the screen (pure): powers of ten with
 * superscripts, the theory reading, the step-through sentence. Every
 * function has an ASCII form for terminals whose locale is not UTF-8. */
#ifndef RS_VIEW_FORMAT_H
#define RS_VIEW_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

/* "10⁻²⁴" / "1e-24"; e = 0 gives "1", e = 1 "10". */
void rs_fmt_pow10(char *buf, size_t n, int e, bool utf8);

/* A number for people: "0.21", "1.7", "3·10⁻²⁵" ("3e-25"), "0", "NaN", "Inf". */
void rs_fmt_num(char *buf, size_t n, double x, bool utf8);

/* The same with 6 significant digits, for an exact value (the
 * inspector): "2730.56", "1.63456·10⁴" ("1.63456e4"), never "2.7e+03". */
void rs_fmt_exact(char *buf, size_t n, double x, bool utf8);

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

#endif
