/* Shared by the fuzz targets in tests/fuzz: each defines
 * LLVMFuzzerTestOneInput, which libFuzzer drives (clang, -fsanitize=fuzzer)
 * and replay.c drives over a corpus with any compiler. The targets use only
 * the public headers (include/rnnscope/), so moving the sources around does
 * not break them. A broken property calls fuzz_fail, which aborts: libFuzzer
 * keeps the input as a crash. */
#ifndef RS_FUZZ_H
#define RS_FUZZ_H

#define _GNU_SOURCE     /* memfd_create */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define fuzz_fail(...)                                         \
    do {                                                       \
        fprintf(stderr, "fuzz property broken: " __VA_ARGS__); \
        fputc('\n', stderr);                                   \
        abort();                                               \
    } while (0)

/* The input as a file in memory, named "/proc/self/fd/N" in path (the
 * loaders take paths); the descriptor to close afterwards, or −1. */
static inline int fuzz_memfile(const uint8_t *data, size_t size, char *path, size_t n)
{
    const int fd = memfd_create("rnnscope-fuzz", MFD_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < size) {
        const ssize_t w = write(fd, data + done, size - done);
        if (w <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)w;
    }
    snprintf(path, n, "/proc/self/fd/%d", fd);
    return fd;
}

/* The input as a NUL-terminated string (a NUL inside ends it early). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

/* No byte of s is a control character (C0, DEL) and no C1 control is
 * encoded in it: what the scenario loader promises for text people read. */
static inline int fuzz_clean_text(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0))
            return 0;
    return 1;
}

/* A strict UTF-8 decoder of its own (decode, then check the range), to hold
 * the project's against: the code points of s[0, n) into cp (n of them at
 * most); their count, or −1 when s is not UTF-8. cp may be NULL. */
static inline long fuzz_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t i = 0;
    long count = 0;
    while (i < n) {
        uint32_t c;
        size_t len;
        if (s[i] < 0x80) { c = s[i]; len = 1; }
        else if ((s[i] & 0xE0) == 0xC0) { c = s[i] & 0x1Fu; len = 2; }
        else if ((s[i] & 0xF0) == 0xE0) { c = s[i] & 0x0Fu; len = 3; }
        else if ((s[i] & 0xF8) == 0xF0) { c = s[i] & 0x07u; len = 4; }
        else return -1;
        if (i + len > n)
            return -1;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return -1;
            c = c << 6 | (s[i + k] & 0x3Fu);
        }
        static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (c < least[len] || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
            return -1;
        if (cp)
            cp[count] = c;
        count++;
        i += len;
    }
    return count;
}

#endif
