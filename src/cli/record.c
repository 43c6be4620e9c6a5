/* rnnscope --record FILE.cast: the interactive view, recorded as an asciicast
 * v2 file (https://docs.asciinema.org/manual/asciicast/v2/) that `asciinema
 * play` replays.
 *
 * The view runs in a child on a pseudo-terminal; this process sits between
 * the real terminal and the child, as a terminal recorder does: keys go in,
 * the screen comes out to the terminal and, timestamped, to the file. So the
 * recording is exactly what the terminal showed, whatever ncurses wrote.
 *
 * The file is written beside its place and renamed there when the session
 * ends (src/app/outfile.h): an old recording survives a failed one. A file
 * that cannot be written is refused before the view starts; one that fails
 * later (a full disk) ends the session with a message. SIGINT, SIGQUIT,
 * SIGTERM, SIGHUP and SIGPIPE to this process end the view (it restores its
 * screen, which is recorded), finish the file, restore the terminal's modes
 * and then end this process by the same signal. */
#define _GNU_SOURCE     /* forkpty, cfmakeraw */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "../app/outfile.h"
#include "cli.h"

/* How long the view has to end after it was told to, before it is killed. */
#define STOP_GRACE_SECONDS 3.0

static volatile sig_atomic_t resized, stop_signal;
static struct termios saved_modes;      /* the terminal's modes before raw */
static volatile sig_atomic_t raw_on;    /* the terminal is raw now */

static void on_winch(int sig) { (void)sig; resized = 1; }

static void on_stop(int sig)
{
    if (!stop_signal)
        stop_signal = sig;
}

/* A crash of this process: the terminal's modes back, no temporary file
 * left (async-signal-safe calls only), and the same death. */
static void on_crash(int sig)
{
    if (raw_on)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
    rs_outfile_discard_temporaries();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void handle(int sig, void (*handler)(int), int flags)
{
    struct sigaction old, sa;
    if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
        return;     /* started ignored (nohup): stays so */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

/* Bytes of s[0, n) that form whole UTF-8 characters: a character split
 * across two reads waits for its rest (a JSON string must be valid UTF-8). */
static size_t whole_characters(const unsigned char *s, size_t n)
{
    size_t back = 0;
    while (back < n && back < 4 && (s[n - 1 - back] & 0xC0) == 0x80)
        back++;
    if (back == n)
        return n;   /* nothing but continuation bytes: not UTF-8; pass them on */
    const unsigned char lead = s[n - 1 - back];
    const size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return need > back + 1 ? n - back - 1 : n;
}

/* One output event: [time, "o", "data"] with the data as a JSON string. */
static void write_event(FILE *cast, double t, const unsigned char *s, size_t n)
{
    fprintf(cast, "[%.6f, \"o\", \"", t);
    for (size_t i = 0; i < n; i++) {
        const unsigned char c = s[i];
        if (c == '"' || c == '\\')
            fprintf(cast, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", cast);
        else if (c == '\r')
            fputs("\\r", cast);
        else if (c < 0x20 || c == 0x7F)
            fprintf(cast, "\\u%04x", c);
        else
            fputc(c, cast);
    }
    fputs("\"]\n", cast);
}

/* All of buf to fd; false when fd cannot take it (the terminal is gone). */
static bool write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

int rs_record(const char *path, int (*view)(int, char **), int argc, char **argv)
{
    struct winsize ws;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 ||
        tcgetattr(STDIN_FILENO, &saved_modes) != 0) {
        fprintf(stderr, "rnnscope: --record records the interactive view and needs a terminal; "
                        "headless runs write --csv or --jsonl instead\n");
        return RS_EXIT_USAGE;
    }
    /* A recording that cannot be written is refused now, not after the session. */
    char err[4400];
    rs_outfile *out = rs_outfile_open(path, err, sizeof err);
    if (!out) {
        fprintf(stderr, "rnnscope: --record: %s\n", err);
        return RS_EXIT_FAILURE;
    }
    FILE *cast = rs_outfile_stream(out);
    const char *term = getenv("TERM");
    fprintf(cast, "{\"version\": 2, \"width\": %d, \"height\": %d, \"timestamp\": %ld, "
                  "\"title\": \"rnnscope\", \"env\": {\"TERM\": \"%s\"}}\n",
            ws.ws_col, ws.ws_row, (long)time(NULL), term && !strpbrk(term, "\"\\") ? term : "xterm-256color");
    fflush(cast);
    if (!rs_outfile_ok(out)) {
        rs_outfile_commit(out, err, sizeof err);    /* fails, and says why */
        fprintf(stderr, "rnnscope: --record: %s\n", err);
        return RS_EXIT_FAILURE;
    }
    fflush(stdout);

    int master;
    pid_t child = forkpty(&master, NULL, &saved_modes, &ws);
    if (child < 0) {
        fprintf(stderr, "rnnscope: --record: cannot open a pseudo-terminal: %s\n", strerror(errno));
        rs_outfile_abort(out);
        return RS_EXIT_FAILURE;
    }
    if (child == 0)
        _exit(view(argc, argv));    /* _exit: the parent's buffered streams are the parent's */

    /* Raw input: every key goes to the view unchanged (Ctrl-C too: the view
     * quits on it and restores its terminal, and then we restore ours). */
    static const int stops[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE};
    static const int crashes[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++)
        handle(stops[i], on_stop, 0);
    for (size_t i = 0; i < sizeof crashes / sizeof crashes[0]; i++)
        handle(crashes[i], on_crash, SA_RESETHAND | SA_NODEFER);
    handle(SIGWINCH, on_winch, 0);
    /* Those signals arrive only while waiting in ppoll: none is missed
     * between looking at the flags and waiting. */
    sigset_t blocked, waiting;
    sigemptyset(&blocked);
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++)
        sigaddset(&blocked, stops[i]);
    sigaddset(&blocked, SIGWINCH);
    sigprocmask(SIG_BLOCK, &blocked, &waiting);
    struct termios raw = saved_modes;
    cfmakeraw(&raw);
    raw_on = 1;
    tcsetattr(STDIN_FILENO, TCSANOW, &raw);

    const double start = rs_now();
    double told_at = -1.0;      /* when the view was told to end */
    bool killed = false;
    bool terminal_gone = false; /* writing to the terminal failed: a hang-up */
    bool cast_failed = false;
    unsigned char buf[65536 + 4];
    size_t pending = 0;         /* bytes of a split character kept from the last read */
    bool input_open = true;
    for (;;) {
        if ((stop_signal || terminal_gone || cast_failed) && told_at < 0) {
            kill(child, SIGTERM);   /* the view restores its screen and ends */
            told_at = rs_now();
        }
        if (told_at >= 0 && !killed && rs_now() - told_at > STOP_GRACE_SECONDS) {
            kill(child, SIGKILL);
            killed = true;
        }
        if (resized) {
            resized = 0;
            if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
                ioctl(master, TIOCSWINSZ, &ws);
        }
        struct pollfd fds[2] = {{master, POLLIN, 0}, {STDIN_FILENO, input_open ? POLLIN : 0, 0}};
        const struct timespec tick = {0, 100 * 1000 * 1000};
        if (ppoll(fds, 2, told_at >= 0 ? &tick : NULL, &waiting) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = read(STDIN_FILENO, buf, 4096);
            if (n > 0)
                write_all(master, buf, (size_t)n);
            else if (n == 0 || (errno != EINTR && errno != EAGAIN))
                input_open = false;
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = read(master, buf + pending, 65536);
            if (n < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (n <= 0)
                break;      /* the view has exited (EIO on Linux) */
            if (!terminal_gone && !write_all(STDOUT_FILENO, buf + pending, (size_t)n))
                terminal_gone = true;
            const size_t total = pending + (size_t)n;
            const size_t whole = whole_characters(buf, total);
            if (!cast_failed) {
                write_event(cast, rs_now() - start, buf, whole);
                cast_failed = !rs_outfile_ok(out);
            }
            pending = total - whole;
            memmove(buf, buf + whole, pending);
        }
    }
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
    raw_on = 0;
    close(master);
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR)
        ;

    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status)
                                                                           : RS_EXIT_FAILURE;
    if (rs_outfile_commit(out, err, sizeof err) != 0) {
        fprintf(stderr, "rnnscope: --record: %s%s\n", err,
                cast_failed ? "; the view was ended (an older recording there is untouched)" : "");
        rc = RS_EXIT_FAILURE;
    }
    if (stop_signal) {
        /* Die of the signal that ended us, now that all is in order. */
        fflush(NULL);
        signal(stop_signal, SIG_DFL);
        raise(stop_signal);     /* pending until unblocked below */
    }
    sigprocmask(SIG_SETMASK, &waiting, NULL);
    return rc;
}
