/* The text task's corpus: a UTF-8 file read into symbol indices (task.h).
 * Every way a file can be unfit for char-level training gets its own
 * message naming the file and what would be fine. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rnnscope/task.h"

static int fail(rs_text *text, char *err, size_t errlen, const char *path, const char *what)
{
    if (err && errlen)
        snprintf(err, errlen, "task.file: %s: %s", path, what);
    rs_text_free(text);
    return -1;
}

/* Length of the UTF-8 sequence at s (n bytes left), or 0 when invalid. */
static int utf8_length(const unsigned char *s, long n)
{
    int len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || len > n || (len == 2 && s[0] < 0xC2))
        return 0;   /* a stray continuation byte, a truncated or an overlong sequence */
    for (int i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
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
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(text, err, errlen, path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return fail(text, err, errlen, path, "not a regular file");
    }
    const long size = (long)st.st_size;
    if (size > RS_TEXT_MAX_BYTES) {
        fclose(f);
        snprintf(msg, sizeof msg, "%.1f MiB is too large; at most %ld MiB of text", size / 1048576.0,
                 RS_TEXT_MAX_BYTES >> 20);
        return fail(text, err, errlen, path, msg);
    }
    unsigned char *bytes = malloc((size_t)size + 1);
    text->symbols = malloc(((size_t)size + 1) * sizeof *text->symbols);
    if (!bytes || !text->symbols) {
        free(bytes);
        fclose(f);
        return fail(text, err, errlen, path, "out of memory");
    }
    const size_t got = fread(bytes, 1, (size_t)size, f);
    const bool read_error = ferror(f);
    fclose(f);
    if (read_error || got != (size_t)size) {
        free(bytes);
        return fail(text, err, errlen, path, "cannot read it");
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
        const int len = utf8_length(c, size - pos);
        if (c[0] == 0 || len == 0) {
            snprintf(msg, sizeof msg, "looks binary (%s at byte %ld); the text task reads plain UTF-8 text",
                     c[0] == 0 ? "a NUL byte" : "invalid UTF-8", pos);
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
