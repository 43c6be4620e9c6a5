/* What the headless commands share when reading their arguments and naming
 * their files. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char *rs_option_value(const char *opt, int argc, char **argv, int *i, bool *missing)
{
    size_t n = strlen(opt);
    if (strncmp(argv[*i], opt, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

void rs_output_path(char *out, size_t n, const char *path, const char *ext, const char *suffix, const char *new_ext)
{
    const size_t len = strlen(path), elen = strlen(ext);
    const size_t stem = len > elen + 1 && path[len - elen - 1] == '.' && strcmp(path + len - elen, ext) == 0
                            ? len - elen - 1 : len;
    snprintf(out, n, "%.*s%s.%s", (int)stem, path, suffix, new_ext);
}
