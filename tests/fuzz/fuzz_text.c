/* Fuzz target: the text task's loader (rs_text_load) on any bytes, held
 * against a strict UTF-8 decoder of its own: the loader accepts exactly the
 * files that are UTF-8 without NUL (a byte order mark aside), hold at least
 * two characters and at most RS_TEXT_MAX_VOCAB distinct ones — and then its
 * symbols are those characters, in order. A text it accepts trains: a batch
 * is drawn from it. */
#include "fuzz.h"

#include <gsl/gsl_rng.h>

#include "rnnscope/task.h"

static int by_value(const void *a, const void *b)
{
    const uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    const int fd = fuzz_memfile(data, size, path, sizeof path);
    if (fd < 0)
        return 0;
    static rs_text text;
    char err[1024];
    const int rc = rs_text_load(&text, path, err, sizeof err);
    close(fd);

    /* What a strict decoder says. */
    const unsigned char *s = data;
    size_t n = size;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        n -= 3;
    }
    uint32_t *cp = malloc((n + 1) * sizeof *cp), *sorted = malloc((n + 1) * sizeof *sorted);
    if (!cp || !sorted)
        abort();
    const long count = fuzz_utf8_decode(s, n, cp);
    long distinct = 0;
    bool nul = false;
    if (count > 0) {
        memcpy(sorted, cp, (size_t)count * sizeof *cp);
        qsort(sorted, (size_t)count, sizeof *sorted, by_value);
        for (long i = 0; i < count; i++) {
            distinct += i == 0 || sorted[i] != sorted[i - 1];
            nul |= cp[i] == 0;
        }
    }
    const bool want = count >= 2 && !nul && distinct <= RS_TEXT_MAX_VOCAB;
    if ((rc == 0) != want)
        fuzz_fail("rs_text_load %s %zu bytes the reference %s (%s)", rc == 0 ? "accepts" : "refuses", size,
                  want ? "accepts" : "refuses", rc ? err : "");
    if (rc != 0) {
        if (text.symbols || strncmp(err, "task.file: ", 11) != 0)
            fuzz_fail("a refused text left symbols or an odd message: %s", err);
        free(cp);
        free(sorted);
        return 0;
    }
    if (text.length != count || text.vocab != distinct)
        fuzz_fail("%ld characters, %d distinct; the reference: %ld, %ld", text.length, text.vocab, count, distinct);
    /* Symbol k is the k-th distinct character in order of first appearance:
     * the same character, the same symbol, and a new one the next number. */
    long unique = 0;
    for (long i = 0; i < count; i++)
        if (i == 0 || sorted[i] != sorted[i - 1])
            sorted[unique++] = sorted[i];
    int *symbol_of = malloc((size_t)unique * sizeof *symbol_of);   /* by rank of the character */
    if (!symbol_of)
        abort();
    for (long u = 0; u < unique; u++)
        symbol_of[u] = -1;
    int next_symbol = 0;
    for (long i = 0; i < count; i++) {
        const uint32_t *at = bsearch(&cp[i], sorted, (size_t)unique, sizeof *sorted, by_value);
        int *sym = &symbol_of[at - sorted];
        if (*sym < 0)
            *sym = next_symbol++;
        if (text.symbols[i] != *sym)
            fuzz_fail("character %ld (U+%04X) is symbol %d, not %d", i, (unsigned)cp[i], text.symbols[i], *sym);
    }
    free(symbol_of);

    /* It trains: a batch of windows from it. */
    rs_task_spec spec = {.kind = RS_TASK_TEXT, .length = (int)(count - 1 < 8 ? count - 1 : 8), .text = &text};
    if (rs_task_check(&spec, err, sizeof err) == 0) {
        rs_batch *b = rs_batch_create(&spec, 2);
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        if (b && rng) {
            rs_task_generate(&spec, b, rng);
            for (int t = 0; t < spec.length; t++)
                if (b->token[t] >= 0 && !rs_task_token_name(&spec, b->token[t]))
                    fuzz_fail("token %d has no name", b->token[t]);
        }
        gsl_rng_free(rng);
        rs_batch_free(b);
    }
    rs_text_free(&text);
    free(cp);
    free(sorted);
    return 0;
}
