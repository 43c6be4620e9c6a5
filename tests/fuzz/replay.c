/* Runs a fuzz target over files and folders of inputs with any compiler (no
 * libFuzzer): the seed corpus and saved crashes replay in the plain and the
 * sanitizer builds, and under valgrind.
 *
 *     fuzz-replay-scenario CORPUS_DIR|FILE...
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static long run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *data = malloc(cap);
    for (size_t got; data && (got = fread(data + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap)
            data = realloc(data, cap *= 2);
    }
    fclose(f);
    if (!data) {
        fprintf(stderr, "%s: out of memory\n", path);
        exit(2);
    }
    uint8_t *exact = malloc(n ? n : 1);     /* exactly n bytes: a read past the end is caught */
    memcpy(exact, data, n);
    free(data);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 1;
}

static long run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        exit(2);
    }
    if (!S_ISDIR(st.st_mode))
        return run_file(path);
    DIR *d = opendir(path);
    if (!d) {
        perror(path);
        exit(2);
    }
    char **names = NULL;
    size_t count = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        names = realloc(names, (count + 1) * sizeof *names);
        names[count] = malloc(strlen(path) + strlen(e->d_name) + 2);
        sprintf(names[count], "%s/%s", path, e->d_name);
        count++;
    }
    closedir(d);
    qsort(names, count, sizeof *names, by_name);
    long runs = 0;
    for (size_t i = 0; i < count; i++) {
        runs += run_path(names[i]);
        free(names[i]);
    }
    free(names);
    return runs;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR|FILE...\n", argv[0]);
        return 2;
    }
    long runs = 0;
    for (int i = 1; i < argc; i++)
        runs += run_path(argv[i]);
    printf("%s: %ld inputs replayed, no crash\n", argv[0], runs);
    return 0;
}
