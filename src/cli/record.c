/* rnnscope --record FILE.cast: the interactive view, recorded as an asciicast
 * v2 file (https://docs.asciinema.org/manual/asciicast/v2/) that `asciinema
 * play` replays.
 *
 * The view runs in a child on a pseudo-terminal; this process sits between
 * the real terminal and the child, as a terminal recorder does: keys go in,
 * the screen comes out to the terminal and, timestamped, to the file. So the
 * recording is exactly what the terminal showed, whatever ncurses wrote. */
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

#include "cli.h"

static volatile sig_atomic_t resized, stop;
static void on_winch(int sig) { (void)sig; resized = 1; }
static void on_stop(int sig) { (void)sig; stop = 1; }

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

static void write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

int rs_record(const char *path, int (*view)(int, char **), int argc, char **argv)
{
    struct winsize ws;
    struct termios saved;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 ||
        tcgetattr(STDIN_FILENO, &saved) != 0) {
        fprintf(stderr, "rnnscope: --record records the interactive view and needs a terminal; "
                        "headless runs write --csv or --jsonl instead\n");
        return RS_EXIT_USAGE;
    }
    FILE *cast = fopen(path, "w");
    if (!cast) {
        fprintf(stderr, "rnnscope: --record: cannot write '%s': %s\n", path, strerror(errno));
        return RS_EXIT_FAILURE;
    }
    const char *term = getenv("TERM");
    fprintf(cast, "{\"version\": 2, \"width\": %d, \"height\": %d, \"timestamp\": %ld, "
                  "\"title\": \"rnnscope\", \"env\": {\"TERM\": \"%s\"}}\n",
            ws.ws_col, ws.ws_row, (long)time(NULL), term && !strpbrk(term, "\"\\") ? term : "xterm-256color");
    fflush(cast);
    fflush(stdout);

    int master;
    pid_t child = forkpty(&master, NULL, &saved, &ws);
    if (child < 0) {
        fprintf(stderr, "rnnscope: --record: cannot open a pseudo-terminal: %s\n", strerror(errno));
        fclose(cast);
        remove(path);
        return RS_EXIT_FAILURE;
    }
    if (child == 0) {
        fclose(cast);
        _exit(view(argc, argv));
    }

    /* Raw input: every key goes to the view unchanged (Ctrl-C too: the view
     * quits on it and restores its terminal, and then we restore ours). */
    struct termios raw = saved;
    cfmakeraw(&raw);
    tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    struct sigaction sa = {0};
    sa.sa_handler = on_winch;
    sigaction(SIGWINCH, &sa, NULL);
    sa.sa_handler = on_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    const double start = rs_now();
    unsigned char buf[65536 + 4];
    size_t pending = 0;     /* bytes of a split character kept from the last read */
    bool input_open = true;
    for (;;) {
        if (stop) {
            kill(child, SIGTERM);
            stop = 0;
        }
        if (resized) {
            resized = 0;
            if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
                ioctl(master, TIOCSWINSZ, &ws);
        }
        struct pollfd fds[2] = {{master, POLLIN, 0}, {STDIN_FILENO, input_open ? POLLIN : 0, 0}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[1].revents & (POLLIN | POLLHUP)) {
            ssize_t n = read(STDIN_FILENO, buf, 4096);
            if (n > 0)
                write_all(master, buf, (size_t)n);
            else
                input_open = false;
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = read(master, buf + pending, 65536);
            if (n <= 0)
                break;      /* the view has exited (EIO on Linux) */
            write_all(STDOUT_FILENO, buf + pending, (size_t)n);
            const size_t total = pending + (size_t)n;
            const size_t whole = whole_characters(buf, total);
            write_event(cast, rs_now() - start, buf, whole);
            pending = total - whole;
            memmove(buf, buf + whole, pending);
        }
    }
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    close(master);
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR)
        ;
    const bool written = fflush(cast) == 0 && !ferror(cast);
    if (fclose(cast) != 0 || !written) {
        fprintf(stderr, "rnnscope: --record: cannot write '%s'\n", path);
        return RS_EXIT_FAILURE;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : RS_EXIT_FAILURE;
}
