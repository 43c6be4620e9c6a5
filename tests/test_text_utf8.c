/* The text task's loader (src/engine/text.c) against issue 12: anything but
 * a regular file refused at once (a FIFO would block forever), and UTF-8
 * decoded exactly as a strict decoder does — Unicode's Table 3-7, checked
 * here case by case and against an independent decoder on random bytes. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "check_main.h"
#include "rnnscope/task.h"

static char path[64];

static const char *text_file(const char *bytes, size_t n)
{
    snprintf(path, sizeof path, "/tmp/rnnscope-utf8-XXXXXX");
    const int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, bytes, n), (ssize_t)n);
    ck_assert_int_eq(close(fd), 0);
    return path;
}

/* "ab" then the bytes: accepted or refused with "at byte 2: why". */
static const struct {
    const char *bytes;
    const char *why;    /* NULL: valid */
} table[] = {
    /* Valid: each row of Table 3-7 at its edges. */
    {"\x7f", NULL},
    {"\xc2\x80", NULL},                 /* U+0080 */
    {"\xdf\xbf", NULL},                 /* U+07FF */
    {"\xe0\xa0\x80", NULL},             /* U+0800 */
    {"\xe1\x80\x80", NULL},
    {"\xec\xbf\xbf", NULL},
    {"\xed\x80\x80", NULL},             /* U+D000 */
    {"\xed\x9f\xbf", NULL},             /* U+D7FF, just below the surrogates */
    {"\xee\x80\x80", NULL},             /* U+E000, just above them */
    {"\xef\xbf\xbf", NULL},             /* U+FFFF */
    {"\xf0\x90\x80\x80", NULL},         /* U+10000 */
    {"\xf1\x80\x80\x80", NULL},
    {"\xf3\xbf\xbf\xbf", NULL},
    {"\xf4\x80\x80\x80", NULL},         /* U+100000 */
    {"\xf4\x8f\xbf\xbf", NULL},         /* U+10FFFF, the last code point */
    {"\xe2\x82\xac\xc3\xa9", NULL},     /* € é */
    /* Overlong forms. */
    {"\xc0\x80", "an overlong form"},   /* NUL in two bytes */
    {"\xc0\xaf", "an overlong form"},   /* '/' in two bytes */
    {"\xc1\xbf", "an overlong form"},
    {"\xe0\x80\x80", "an overlong form"},
    {"\xe0\x9f\xbf", "an overlong form"},    /* U+07FF in three bytes */
    {"\xf0\x80\x80\x80", "an overlong form"},
    {"\xf0\x8f\xbf\xbf", "an overlong form"}, /* U+FFFF in four bytes */
    /* UTF-16 surrogates. */
    {"\xed\xa0\x80", "a UTF-16 surrogate"},  /* U+D800 */
    {"\xed\xad\xbf", "a UTF-16 surrogate"},  /* U+DB7F */
    {"\xed\xb0\x80", "a UTF-16 surrogate"},  /* U+DC00 */
    {"\xed\xbf\xbf", "a UTF-16 surrogate"},  /* U+DFFF */
    {"\xed\xa0\xbd\xed\xb2\xa9", "a UTF-16 surrogate"},   /* CESU-8's U+1F4A9 */
    /* Past U+10FFFF. */
    {"\xf4\x90\x80\x80", "a code point past U+10FFFF"},  /* U+110000 */
    {"\xf4\xbf\xbf\xbf", "a code point past U+10FFFF"},
    {"\xf5\x80\x80\x80", "a code point past U+10FFFF"},
    {"\xf7\xbf\xbf\xbf", "a code point past U+10FFFF"},
    /* Bytes that never occur, stray and cut-short sequences. */
    {"\xf8\x88\x80\x80\x80", "a byte that never occurs in UTF-8"},
    {"\xfc\x84\x80\x80\x80\x80", "a byte that never occurs in UTF-8"},
    {"\xfe", "a byte that never occurs in UTF-8"},
    {"\xff", "a byte that never occurs in UTF-8"},
    {"\x80", "a continuation byte without a lead byte"},
    {"\xbf", "a continuation byte without a lead byte"},
    {"\xc3", "a sequence cut short"},
    {"\xc3" "a", "a sequence cut short"},
    {"\xe2\x82", "a sequence cut short"},
    {"\xe2\x28\xa1", "a sequence cut short"},
    {"\xf0\x90\x80", "a sequence cut short"},
    {"\xf0\x90\x80" "a", "a sequence cut short"},
};

START_TEST(strict_utf8_table)
{
    char bytes[32] = "ab", err[512], want[600];
    const size_t n = strlen(table[_i].bytes);
    memcpy(bytes + 2, table[_i].bytes, n);
    const char *p = text_file(bytes, n + 2);
    rs_text text;
    const int rc = rs_text_load(&text, p, err, sizeof err);
    if (!table[_i].why) {
        ck_assert_msg(rc == 0, "case %d: %s", _i, err);
        rs_text_free(&text);
    } else {
        ck_assert_msg(rc == -1, "case %d was accepted", _i);
        snprintf(want, sizeof want, "task.file: %s: looks binary (invalid UTF-8 at byte 2: %s); "
                 "the text task reads plain UTF-8 text", p, table[_i].why);
        ck_assert_str_eq(err, want);
    }
    unlink(p);
}
END_TEST

/* An independent strict decoder: the code point, then its range. */
static bool valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned cp;
        size_t len;
        if (s[i] < 0x80) { cp = s[i]; len = 1; }
        else if ((s[i] & 0xE0) == 0xC0) { cp = s[i] & 0x1Fu; len = 2; }
        else if ((s[i] & 0xF0) == 0xE0) { cp = s[i] & 0x0Fu; len = 3; }
        else if ((s[i] & 0xF8) == 0xF0) { cp = s[i] & 0x07u; len = 4; }
        else return false;
        if (i + len > n)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3Fu);
        }
        static const unsigned min[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return false;
        i += len;
    }
    return true;
}

START_TEST(agrees_with_an_independent_decoder)
{
    /* Random short strings, mostly of bytes ≥ 0x80, never NUL: the loader
     * accepts exactly what the reference accepts. */
    unsigned seed = 12;
    unsigned char bytes[12];
    rs_text text;
    char err[512];
    int accepted = 0;
    for (int round = 0; round < 3000; round++) {
        size_t n = 2 + (size_t)(rand_r(&seed) % 9);
        bytes[0] = 'a';
        bytes[1] = 'b';
        for (size_t k = 2; k < n; k++) {
            const unsigned r = (unsigned)rand_r(&seed);
            bytes[k] = (unsigned char)(r % 4 == 0 ? 1 + r / 4 % 127 : 0x80 + r / 4 % 128);
        }
        const char *p = text_file((const char *)bytes, n);
        const int rc = rs_text_load(&text, p, err, sizeof err);
        const bool want = valid_utf8(bytes, n);
        ck_assert_msg((rc == 0) == want, "round %d: loader %s, reference %s (%s)", round,
                      rc == 0 ? "accepts" : "refuses", want ? "accepts" : "refuses", err);
        if (rc == 0) {
            accepted++;
            rs_text_free(&text);
        }
        unlink(p);
    }
    ck_assert_int_gt(accepted, 100);   /* both ways were tried */
    ck_assert_int_lt(accepted, 2900);
}
END_TEST

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "rs_text_load blocked on a FIFO\n";
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {}
    _exit(1);
}

START_TEST(not_a_regular_file_is_refused_at_once)
{
    char fifo[64], err[512], want[600];
    snprintf(fifo, sizeof fifo, "/tmp/rnnscope-fifo-%d", (int)getpid());
    unlink(fifo);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    signal(SIGALRM, on_alarm);
    alarm(5);      /* a loader that waits for a writer fails here */
    rs_text text;
    ck_assert_int_eq(rs_text_load(&text, fifo, err, sizeof err), -1);
    alarm(0);
    snprintf(want, sizeof want, "task.file: %s: not a regular file (a FIFO)", fifo);
    ck_assert_str_eq(err, want);
    unlink(fifo);

    alarm(5);
    ck_assert_int_eq(rs_text_load(&text, "/dev/zero", err, sizeof err), -1);
    ck_assert_str_eq(err, "task.file: /dev/zero: not a regular file (a device)");
    alarm(0);
}
END_TEST

static Suite *utf8_suite(void)
{
    Suite *s = suite_create("text-utf8");
    TCase *tc = tcase_create("utf8");
    tcase_add_loop_test(tc, strict_utf8_table, 0, (int)(sizeof table / sizeof table[0]));
    tcase_add_test(tc, agrees_with_an_independent_decoder);
    tcase_add_test(tc, not_a_regular_file_is_refused_at_once);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return rs_run_suite(utf8_suite());
}
