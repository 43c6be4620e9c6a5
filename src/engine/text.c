/* The text task's corpus: a UTF-8 file read into symbol indices (task.h).
 * Every way a file can be unfit for char-level training gets its own
 * message naming the file and what would be fine.
 *
 * The file is opened without blocking and checked before a byte is read: a
 * FIFO, a device or a directory is refused at once (a FIFO would wait for a
 * writer forever). UTF-8 is decoded as strictly as Unicode's Table 3-7 asks:
 * no overlong forms, no surrogates, nothing past U+10FFFF. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rnnscope/task.h"

static int fail(rs_text *text, char *err, size_t errlen, const char *path, const char *what)
{
    if (err && errlen)
        snprintf(err, errlen, "task.file: %s: %s", path, what);
    rs_text_free(text);
    return -1;
}

/* The length of the well-formed UTF-8 sequence at s (n bytes left), or 0;
 * then *why says what is wrong with it. The ranges are Unicode's Table 3-7. */
static int utf8_length(const unsigned char *s, long n, const char **why)
{
    int len;
    unsigned char lo = 0x80, hi = 0xBF;     /* the range of the second byte */
    if (s[0] < 0x80)
        return 1;
    if (s[0] < 0xC0) {
        *why = "a continuation byte without a lead byte";
        return 0;
    }
    if (s[0] < 0xC2) {
        *why = "an overlong form";
        return 0;
    }
    if (s[0] < 0xE0)
        len = 2;
    else if (s[0] < 0xF0) {
        len = 3;
        if (s[0] == 0xE0) lo = 0xA0;        /* below 0xA0: overlong */
        if (s[0] == 0xED) hi = 0x9F;        /* above 0x9F: U+D800 … U+DFFF, a surrogate */
    } else if (s[0] < 0xF5) {
        len = 4;
        if (s[0] == 0xF0) lo = 0x90;        /* below 0x90: overlong */
        if (s[0] == 0xF4) hi = 0x8F;        /* above 0x8F: past U+10FFFF */
    } else {
        *why = s[0] < 0xF8 ? "a code point past U+10FFFF" : "a byte that never occurs in UTF-8";
        return 0;
    }
    if (n < 2 || (s[1] & 0xC0) != 0x80) {
        *why = "a sequence cut short";
        return 0;
    }
    if (s[1] < lo || s[1] > hi) {
        *why = s[0] == 0xED ? "a UTF-16 surrogate" : s[0] == 0xF4 ? "a code point past U+10FFFF"
                                                              : "an overlong form";
        return 0;
    }
    for (int i = 2; i < len; i++)
        if (i >= n || (s[i] & 0xC0) != 0x80) {
            *why = "a sequence cut short";
            return 0;
        }
    return len;
}

/* How a character is shown on screen: the invisible ones get a symbol. */
static void display_name(char out[8], const unsigned char *s, int len)
{
    if (len == 1 && s[0] == ' ')
        snprintf(out, 8, "␣");
    else if (len == 1 && s[0] == '\n')
        snprintf(out, 8, "↵");
    else if (len == 1 && s[0] == '\t')
        snprintf(out, 8, "⇥");
    else if (len == 1 && s[0] < 0x20)
        snprintf(out, 8, "^%c", s[0] + '@');
    else {
        memcpy(out, s, (size_t)len);
        out[len] = '\0';
    }
}

int rs_text_load(rs_text *text, const char *path, char *err, size_t errlen)
{
    memset(text, 0, sizeof *text);
    char msg[256];
    /* O_NONBLOCK: opening a FIFO does not wait for a writer; the type is
     * checked before anything is read. */
    const int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return fail(text, err, errlen, path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        snprintf(msg, sizeof msg, "not a regular file (%s)",
                 S_ISDIR(st.st_mode) ? "a directory" : S_ISFIFO(st.st_mode) ? "a FIFO"
                 : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" : S_ISSOCK(st.st_mode) ? "a socket"
                 : "not a file");
        return fail(text, err, errlen, path, msg);
    }
    const long size = (long)st.st_size;
    if (size > RS_TEXT_MAX_BYTES) {
        close(fd);
        snprintf(msg, sizeof msg, "%.1f MiB is too large; at most %ld MiB of text", size / 1048576.0,
                 RS_TEXT_MAX_BYTES >> 20);
        return fail(text, err, errlen, path, msg);
    }
    unsigned char *bytes = malloc((size_t)size + 1);
    text->symbols = malloc(((size_t)size + 1) * sizeof *text->symbols);
    if (!bytes || !text->symbols) {
        free(bytes);
        close(fd);
        return fail(text, err, errlen, path, "out of memory");
    }
    /* Exactly the size fstat gave: a file that grows meanwhile is read up to
     * it, one that shrinks is an error. */
    long got = 0;
    int read_errno = 0;
    while (got < size) {
        const ssize_t r = read(fd, bytes + got, (size_t)(size - got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            read_errno = r < 0 ? errno : 0;
            break;
        }
        got += r;
    }
    close(fd);
    if (got != size) {
        free(bytes);
        snprintf(msg, sizeof msg, "cannot read it: %s", read_errno ? strerror(read_errno) : "it got shorter while read");
        return fail(text, err, errlen, path, msg);
    }
    if (size == 0) {
        free(bytes);
        return fail(text, err, errlen, path, "the file is empty; the text task needs some text to learn from");
    }

    /* Decode: each distinct character (UTF-8 sequence) becomes a symbol, in
     * order of first appearance. */
    long pos = 0;
    if (size >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;    /* a byte order mark is not text */
    long count[RS_TEXT_MAX_VOCAB] = {0};
    unsigned char seen[RS_TEXT_MAX_VOCAB][4];
    int seen_len[RS_TEXT_MAX_VOCAB];
    while (pos < size) {
        const unsigned char *c = bytes + pos;
        const char *why = "";
        const int len = c[0] == 0 ? 0 : utf8_length(c, size - pos, &why);
        if (len == 0) {
            if (c[0] == 0)
                snprintf(msg, sizeof msg, "looks binary (a NUL byte at byte %ld); the text task reads plain UTF-8 text",
                         pos);
            else
                snprintf(msg, sizeof msg, "looks binary (invalid UTF-8 at byte %ld: %s); "
                         "the text task reads plain UTF-8 text", pos, why);
            free(bytes);
            return fail(text, err, errlen, path, msg);
        }
        int sym = 0;
        while (sym < text->vocab && !(seen_len[sym] == len && memcmp(seen[sym], c, (size_t)len) == 0))
            sym++;
        if (sym == text->vocab) {
            if (text->vocab == RS_TEXT_MAX_VOCAB) {
                snprintf(msg, sizeof msg, "has more than %d distinct characters; at most %d "
                         "(the one-hot input grows with them)", RS_TEXT_MAX_VOCAB, RS_TEXT_MAX_VOCAB);
                free(bytes);
                return fail(text, err, errlen, path, msg);
            }
            memcpy(seen[sym], c, (size_t)len);
            seen_len[sym] = len;
            display_name(text->names[sym], c, len);
            text->vocab++;
        }
        count[sym]++;
        text->symbols[text->length++] = sym;
        pos += len;
    }
    free(bytes);
    if (text->length < 2)
        return fail(text, err, errlen, path, "holds a single character; the text task needs at least two");

    /* H = −Σ p log p over the character frequencies: the best a model that
     * remembers nothing can do, so the text task's "chance" line. */
    double entropy = 0.0;
    for (int i = 0; i < text->vocab; i++) {
        const double p = (double)count[i] / (double)text->length;
        entropy -= p * log(p);
    }
    text->unigram_entropy = entropy;
    return 0;
}

void rs_text_free(rs_text *text)
{
    free(text->symbols);
    text->symbols = NULL;
    text->length = 0;
    text->vocab = 0;
}
