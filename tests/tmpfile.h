/* A scenario (or any text) written to a fresh temporary file, for the tests
 * that read files. */
#ifndef RS_TEST_TMPFILE_H
#define RS_TEST_TMPFILE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <check.h>

/* Write text to a new /tmp file; returns its path (static: one at a time). */
static inline const char *test_temp_file(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "%s", "/tmp/rnnscope-test-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

#endif
