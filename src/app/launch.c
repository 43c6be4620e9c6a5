/* What every front end does first: find the scenario (a bundled one by name,
 * the user's by path), load the config (defaults → scenario → --set →
 * --compare), and map what went wrong to an exit status. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "launch.h"
#include "rs_build_config.h"

static bool is_dir(const char *path)
{
    struct stat st;
    return path && *path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *rs_scenario_dir(void)
{
    const char *env = getenv("RNNSCOPE_SCENARIO_DIR");
    if (is_dir(env))
        return env;
    if (is_dir(RS_INSTALLED_SCENARIOS))
        return RS_INSTALLED_SCENARIOS;
    if (is_dir(RS_SOURCE_SCENARIOS))
        return RS_SOURCE_SCENARIOS;
    return NULL;
}

static int by_name(const void *a, const void *b) { return strcmp(a, b); }

size_t rs_scenario_names(char names[][64], size_t max)
{
    const char *dir = rs_scenario_dir();
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < max) {
        size_t len = strlen(e->d_name);
        if (len > 4 && len - 4 < 64 && strcmp(e->d_name + len - 4, ".scn") == 0) {
            memcpy(names[n], e->d_name, len - 4);
            names[n][len - 4] = '\0';
            n++;
        }
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    return n;
}

int rs_scenario_path(const char *arg, char *path, size_t n, char *err, size_t errlen)
{
    size_t len = strlen(arg);
    if (strchr(arg, '/') || (len > 4 && strcmp(arg + len - 4, ".scn") == 0)) {
        snprintf(path, n, "%s", arg);
        return 0;
    }
    const char *dir = rs_scenario_dir();
    char names[256][64];
    size_t count = rs_scenario_names(names, 256);
    for (size_t i = 0; i < count; i++)
        if (strcmp(names[i], arg) == 0) {
            snprintf(path, n, "%s/%s.scn", dir, arg);
            return 0;
        }
    int w = snprintf(err, errlen, "no scenario named '%s'; bundled: ", arg);
    for (size_t i = 0; i < count && w >= 0 && (size_t)w < errlen; i++)
        w += snprintf(err + w, errlen - (size_t)w, "%s%s", i ? ", " : "", names[i]);
    if (count == 0 && w >= 0 && (size_t)w < errlen)
        snprintf(err + w, errlen - (size_t)w, "none found (set RNNSCOPE_SCENARIO_DIR)");
    return -1;
}

int rs_launch_config(rs_config *cfg, const char *scenario, const char *const *sets, int nsets,
                     const char *const *compares, int ncompares, const char *prog)
{
    char path[4096], err[2048];
    rs_config_defaults(cfg);
    if (scenario) {
        if (rs_scenario_path(scenario, path, sizeof path, err, sizeof err) != 0 ||
            rs_config_load(cfg, path, err, sizeof err) != 0) {
            fprintf(stderr, "%s: %s\n", prog, err);
            return RS_EXIT_USAGE;
        }
    }
    for (int i = 0; i < nsets; i++)
        if (rs_config_set_arg(cfg, sets[i], err, sizeof err) != 0) {
            fprintf(stderr, "%s: %s\n", prog, err);
            return RS_EXIT_USAGE;
        }
    for (int i = 0; i < ncompares; i++)
        if (rs_compare_set_arg(cfg, compares[i], err, sizeof err) != 0) {
            fprintf(stderr, "%s: %s\n", prog, err);
            return RS_EXIT_USAGE;
        }
    return RS_EXIT_OK;
}

int rs_online_cores(void)
{
    const long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}

int rs_exit_status(rs_error_kind kind)
{
    return kind == RS_ERR_INPUT ? RS_EXIT_USAGE : RS_EXIT_FAILURE;
}

void rs_lesson_args_free(rs_lesson_args *args)
{
    free(args->lesson);
    args->lesson = NULL;
}

int rs_launch_lesson_args(int argc, char **argv, rs_lesson_args *args)
{
    *args = (rs_lesson_args){.autoplay = -1.0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--headless") == 0)
            args->headless = true;
        else if (strncmp(argv[i], "--autoplay", 10) == 0 && (argv[i][10] == '\0' || argv[i][10] == '=')) {
            const char *v = argv[i][10] == '=' ? argv[i] + 11 : (i + 1 < argc ? argv[++i] : NULL);
            char *end = NULL;
            errno = 0;
            args->autoplay = v ? strtod(v, &end) : -1.0;
            if (!v || *v == '\0' || *end != '\0' || errno || !(args->autoplay >= 0.0 && args->autoplay <= 3600.0)) {
                fprintf(stderr, "rnnscope lesson: --autoplay '%s': expected seconds per step, 0 … 3600\n",
                        v ? v : "");
                return RS_EXIT_USAGE;
            }
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "rnnscope lesson: unknown option '%s'; allowed: --autoplay SECONDS, --headless\n", argv[i]);
            return RS_EXIT_USAGE;
        } else if (args->name) {
            fprintf(stderr, "rnnscope lesson: one lesson at a time (got '%s' and '%s')\n", args->name, argv[i]);
            return RS_EXIT_USAGE;
        } else
            args->name = argv[i];
    }
    if (!args->name) {
        fprintf(stderr, "rnnscope lesson: which lesson? e.g. rnnscope lesson %s (rnnscope list marks the lessons)\n",
                RS_DEFAULT_LESSON);
        return RS_EXIT_USAGE;
    }
    char err[2048];
    rs_config_defaults(&args->cfg);
    args->lesson = calloc(1, sizeof *args->lesson);
    if (!args->lesson) {
        fprintf(stderr, "rnnscope lesson: out of memory\n");
        return RS_EXIT_FAILURE;
    }
    int status = RS_EXIT_OK;
    if (rs_scenario_path(args->name, args->path, sizeof args->path, err, sizeof err) != 0 ||
        rs_scenario_load(&args->cfg, args->lesson, args->path, err, sizeof err) != 0) {
        fprintf(stderr, "rnnscope lesson: %s\n", err);
        status = RS_EXIT_USAGE;
    } else if (args->lesson->nsteps == 0) {
        fprintf(stderr, "rnnscope lesson: %s has no [lesson] section; rnnscope list marks the scenarios that do\n",
                args->name);
        status = RS_EXIT_USAGE;
    }
    if (status != RS_EXIT_OK)
        rs_lesson_args_free(args);
    return status;
}
