/* Reading a scenario file whatever it holds (issue 12): bounded memory for a
 * huge line or a huge file (also through a pipe, whose size nobody knows), a
 * NUL byte named with its line, every allocation failure an error (never a
 * file silently read in part), and text for people — titles, summaries,
 * lesson steps and captions — without control characters. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>

#include "check_main.h"
#include "rnnscope/config.h"
#include "rnnscope/lesson.h"

/* ---- allocation failures, injected (linked with --wrap=malloc …) ---------- */

static long fail_at;        /* the allocation that fails (1-based), 0: none */
static long allocations;    /* counted while fail_at is armed */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);

static bool fail_now(void)
{
    return fail_at > 0 && ++allocations == fail_at;
}

void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t size) { return fail_now() ? NULL : __real_calloc(n, size); }
void *__wrap_realloc(void *p, size_t n) { return fail_now() ? NULL : __real_realloc(p, n); }

/* ---- helpers ------------------------------------------------------------------ */

static char path[64];

static const char *write_bytes(const char *bytes, size_t n)
{
    snprintf(path, sizeof path, "/tmp/rnnscope-scn-XXXXXX");
    const int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, bytes, n), (ssize_t)n);
    ck_assert_int_eq(close(fd), 0);
    return path;
}

static const char *write_text(const char *text) { return write_bytes(text, strlen(text)); }

/* Load path; the message after "path:" (or the whole message) into msg. */
static int load(const char *p, rs_config *cfg, rs_lesson *lesson, char *msg, size_t n)
{
    char err[2048];
    rs_config_defaults(cfg);
    int rc = rs_scenario_load(cfg, lesson, p, err, sizeof err);
    const size_t plen = strlen(p);
    snprintf(msg, n, "%s", strncmp(err, p, plen) == 0 && err[plen] == ':' ? err + plen + 1 : err);
    return rc;
}

/* ---- a NUL byte ------------------------------------------------------------- */

START_TEST(nul_byte_is_an_error_with_its_line)
{
    static const char text[] = "[model]\nhidden = 8\n[task]\nleng\0th = 5\n";
    const char *p = write_bytes(text, sizeof text - 1);
    rs_config cfg;
    char msg[2048];
    ck_assert_int_eq(load(p, &cfg, NULL, msg, sizeof msg), -1);
    ck_assert_str_eq(msg, "4: a NUL byte (column 5); a scenario is a text file");
    unlink(p);

    /* In a long comment too (which is otherwise skipped unread). */
    char big[600] = "[model]\n# ";
    size_t n = strlen(big);
    memset(big + n, 'c', 300);
    n += 300;
    big[n++] = '\0';
    memcpy(big + n, "\nhidden = 8\n", 12);
    n += 12;
    p = write_bytes(big, n);
    ck_assert_int_eq(load(p, &cfg, NULL, msg, sizeof msg), -1);
    ck_assert_str_eq(msg, "2: a NUL byte (column 303); a scenario is a text file");
    unlink(p);
}
END_TEST

/* ---- huge lines and files -------------------------------------------------- */

START_TEST(huge_regular_file_is_refused_unread)
{
    /* 2 GiB, sparse: refused by its size, before a byte is read. */
    const char *p = write_text("[task]\nlength = 5\n# ");
    ck_assert_int_eq(truncate(p, 2L << 30), 0);
    rs_config cfg;
    char msg[2048];
    ck_assert_int_eq(load(p, &cfg, NULL, msg, sizeof msg), -1);
    ck_assert_str_eq(msg, " too large (2048.0 MiB); a scenario is a short text file of at most 1024 KiB");
    unlink(p);
}
END_TEST

/* Feed `head`, then `fill` bytes of 'x' (then "\n[task]\nlength = 5\n") through
 * a pipe to the loader, as `rnnscope run /dev/stdin` would. Returns how many
 * bytes the writer got into the pipe before the loader stopped reading. */
static long load_from_pipe(const char *head, long fill, char *msg, size_t n, int *rc)
{
    int fds[2], counts[2];
    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(pipe(counts), 0);
    fflush(NULL);
    const pid_t writer = fork();
    ck_assert_int_ge(writer, 0);
    if (writer == 0) {
        close(fds[0]);
        close(counts[0]);
        signal(SIGPIPE, SIG_IGN);
        long written = 0;
        char chunk[65536];
        memset(chunk, 'x', sizeof chunk);
        bool ok = write(fds[1], head, strlen(head)) == (ssize_t)strlen(head);
        written += (long)strlen(head);
        while (ok && written < (long)strlen(head) + fill) {
            const ssize_t w = write(fds[1], chunk, sizeof chunk);
            ok = w > 0;
            if (ok)
                written += w;
        }
        if (ok)
            ok = write(fds[1], "\n[task]\nlength = 5\n", 19) == 19;
        if (write(counts[1], &written, sizeof written) != sizeof written)
            _exit(2);
        _exit(0);
    }
    close(fds[1]);
    close(counts[1]);
    char dev[64];
    snprintf(dev, sizeof dev, "/dev/fd/%d", fds[0]);
    rs_config cfg;
    char err[2048];
    rs_config_defaults(&cfg);
    *rc = rs_scenario_load(&cfg, NULL, dev, err, sizeof err);
    if (*rc == 0)
        snprintf(msg, n, "loaded, task.length = %ld", cfg.task.length);
    else
        snprintf(msg, n, "%s", strchr(err, ':') ? strchr(err, ':') + 1 : err);
    close(fds[0]);  /* the writer's next write fails: it stops */
    long written = -1;
    ck_assert_int_eq(read(counts[0], &written, sizeof written), (ssize_t)sizeof written);
    close(counts[0]);
    int status;
    ck_assert_int_eq(waitpid(writer, &status, 0), writer);
    return written;
}

START_TEST(huge_key_line_stops_at_the_limit)
{
    /* 256 MiB on one line: refused at its 199th character, the rest unread
     * (the writer gets no further than the pipe's buffer). */
    char msg[2048];
    int rc;
    long written = load_from_pipe("[scenario]\ntitle = ", 256L << 20, msg, sizeof msg, &rc);
    ck_assert_int_eq(rc, -1);
    ck_assert_str_eq(msg, "2: line too long; at most 198 characters (continue a long text on indented lines)");
    ck_assert_int_lt(written, 2L << 20);
}
END_TEST

START_TEST(huge_comment_stops_at_the_file_limit)
{
    /* A comment may be long, but the file stops at 1 MiB: what follows the
     * comment is never taken for the whole file. */
    char msg[2048];
    int rc;
    long written = load_from_pipe("[model]\nhidden = 4\n# ", 256L << 20, msg, sizeof msg, &rc);
    ck_assert_int_eq(rc, -1);
    ck_assert_str_eq(msg, "3: the file goes on past 1024 KiB; a scenario is a short text file");
    ck_assert_int_lt(written, 3L << 20);

    /* A comment of 100 KiB is fine, and the file goes on after it. */
    written = load_from_pipe("[model]\nhidden = 4\n# ", 100L << 10, msg, sizeof msg, &rc);
    ck_assert_msg(rc == 0, "%s", msg);
    ck_assert_str_eq(msg, "loaded, task.length = 5");
}
END_TEST

/* ---- allocation failures ---------------------------------------------------- */

START_TEST(allocation_failure_is_an_error)
{
    const char *dir = getenv("RNNSCOPE_SCENARIO_DIR");
    ck_assert_ptr_nonnull(dir);
    char p[1024];
    snprintf(p, sizeof p, "%s/the-whole-story.scn", dir);
    rs_config full;
    rs_lesson *whole = calloc(1, sizeof *whole), *lesson = calloc(1, sizeof *lesson);
    char msg[2048];
    ck_assert_int_eq(load(p, &full, whole, msg, sizeof msg), 0);
    ck_assert_int_gt(whole->nsteps, 10);

    /* Fail the 1st, 2nd, … allocation of a load until one needs none of them:
     * each load either reads everything or is an error that says so. */
    long n;
    for (n = 1;; n++) {
        rs_config cfg;
        rs_config_defaults(&cfg);
        fail_at = n;
        allocations = 0;
        const int rc = rs_scenario_load(&cfg, lesson, p, msg, sizeof msg);
        const long made = allocations;
        fail_at = 0;
        if (rc == 0) {
            /* (An allocation whose failure does not matter — a scratch
             * config's — may fail: then everything was still read.) */
            ck_assert_msg(memcmp(&cfg, &full, sizeof cfg) == 0, "allocation %ld failed: the config differs", n);
            ck_assert_int_eq(lesson->nsteps, whole->nsteps);
            ck_assert_msg(memcmp(lesson, whole, sizeof *lesson) == 0, "allocation %ld failed: the lesson differs", n);
        } else
            ck_assert_msg(strstr(msg, "out of memory") != NULL, "allocation %ld: %s", n, msg);
        if (made < n)
            break;  /* no allocation failed: all were tried */
    }
    ck_assert_int_gt(n, 1);
    free(whole);
    free(lesson);
}
END_TEST

/* ---- text for people -------------------------------------------------------- */

START_TEST(control_characters_leave_titles_and_captions)
{
    const char *p = write_text(
        "[scenario]\n"
        "title = Bell\a and \033[31mred\033[0m\ttab\x7f \xc2\x9b" "C1 \xc3\xa9t\xc3\xa9\n"
        "summary = one\x01\n"
        "  two\ttabs\x1b\n"
        "[task]\n"
        "length = 5\n"
        "[lesson]\n"
        "step = A\x1b]0;hijack\x07 step\n"
        "caption = Caption \x08with\tcontrols\n"
        "  and more\x7f\n"
        "do = train\t3\n");
    rs_config cfg;
    rs_lesson *lesson = calloc(1, sizeof *lesson);
    char msg[2048];
    ck_assert_msg(load(p, &cfg, lesson, msg, sizeof msg) == 0, "%s", msg);
    ck_assert_str_eq(cfg.scenario.title, "Bell and [31mred[0m tab C1 \xc3\xa9t\xc3\xa9");
    ck_assert_str_eq(cfg.scenario.summary, "one two tabs");
    ck_assert_int_eq(lesson->nsteps, 1);
    ck_assert_str_eq(lesson->step[0].title, "A]0;hijack step");
    ck_assert_str_eq(lesson->step[0].caption, "Caption with controls and more");
    ck_assert_int_eq(lesson->step[0].nactions, 1);
    ck_assert_int_eq(lesson->step[0].action[0].n, 3);
    free(lesson);
    unlink(p);
}
END_TEST

static const struct {
    const char *text;
    const char *message;    /* after "path:" */
} text_errors[] = {
    {"[scenario]\ntitle = Caf\xe9\n", "2: scenario.title: not UTF-8 text (the byte 0xE9); save the file as UTF-8"},
    {"[scenario]\nsummary = ok\n  \xed\xa0\x80 surrogate\n",
     "3: scenario.summary: not UTF-8 text (the byte 0xED); save the file as UTF-8"},
    {"[lesson]\nstep = \xc0\xaf overlong\n", "2: [lesson] step: not UTF-8 text (the byte 0xC0); save the file as UTF-8"},
    {"[lesson]\nstep = s\ncaption = \xf4\x90\x80\x80\n",
     "3: [lesson] caption: not UTF-8 text (the byte 0xF4); save the file as UTF-8"},
    /* A control character quoted in a message is shown as '?'. */
    {"[model]\nhid\033[2Jden = 3\n", "2: model.hid?[2Jden: unknown key; allowed in [model]: cell, activation, leaky_slope, "
                                     "hidden, skip"},
    {"[model]\nhidden = 3\a\n", "2: model.hidden: '3?' is not a whole number; allowed: 1 … 1024"},
    {NULL, NULL},
};

START_TEST(bad_text_is_an_error)
{
    const char *p = write_text(text_errors[_i].text);
    rs_config cfg;
    char msg[2048];
    ck_assert_int_eq(load(p, &cfg, NULL, msg, sizeof msg), -1);
    ck_assert_str_eq(msg, text_errors[_i].message);
    unlink(p);
}
END_TEST

static Suite *scenario_io_suite(void)
{
    Suite *s = suite_create("scenario-io");
    TCase *tc = tcase_create("read");
    tcase_add_test(tc, nul_byte_is_an_error_with_its_line);
    tcase_add_test(tc, huge_regular_file_is_refused_unread);
    tcase_add_test(tc, huge_key_line_stops_at_the_limit);
    tcase_add_test(tc, huge_comment_stops_at_the_file_limit);
    tcase_add_test(tc, allocation_failure_is_an_error);
    suite_add_tcase(s, tc);
    tc = tcase_create("text");
    tcase_add_test(tc, control_characters_leave_titles_and_captions);
    int n = 0;
    while (text_errors[n].text)
        n++;
    tcase_add_loop_test(tc, bad_text_is_an_error, 0, n);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return rs_run_suite(scenario_io_suite());
}
