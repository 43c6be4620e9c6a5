/* Finding scenario files: bundled ones by name, the user's by path. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "rs_build_config.h"
#include "rnnscope/config.h"
#include "rnnscope/lesson.h"

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

int rs_cli_load_config(rs_config *cfg, const char *scenario, const char *const *sets, int nsets, const char *prog)
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
    return RS_EXIT_OK;
}

int rs_cmd_list(void)
{
    char names[256][64], path[4096], err[2048];
    size_t count = rs_scenario_names(names, 256);
    if (count == 0) {
        fprintf(stderr, "rnnscope list: no bundled scenarios found (looked in $RNNSCOPE_SCENARIO_DIR, %s, %s)\n",
                RS_INSTALLED_SCENARIOS, RS_SOURCE_SCENARIOS);
        return RS_EXIT_FAILURE;
    }
    printf("Bundled scenarios (%s):\n", rs_scenario_dir());
    static const struct { const char *group, *title; } groups[] = {
        {"vanishing", "Vanishing gradients"},
        {"exploding", "Exploding gradients"},
        {"cures", "Cures: clipping, initialisation, truncation"},
        {"memory", "Memory by design: LSTM, GRU, skip connections"},
        {"data", "Your own data"},
        {"lessons", "Lectures"},
        {"other", "Other"},
    };
    enum { NGROUPS = sizeof groups / sizeof groups[0], LINE = 2400 };
    /* Each file is read once: its line and its group, then printed by group. */
    rs_lesson *lesson = malloc(sizeof *lesson);
    char (*line)[LINE] = malloc(count * sizeof *line);
    size_t *group_of = malloc(count * sizeof *group_of);
    if (!lesson || !line || !group_of) {
        free(lesson);
        free(line);
        free(group_of);
        fprintf(stderr, "rnnscope list: out of memory\n");
        return RS_EXIT_FAILURE;
    }
    for (size_t i = 0; i < count; i++) {
        rs_config cfg;
        rs_config_defaults(&cfg);
        snprintf(path, sizeof path, "%s/%s.scn", rs_scenario_dir(), names[i]);
        const bool loads = rs_scenario_load(&cfg, lesson, path, err, sizeof err) == 0;
        /* A scenario that does not load is listed under Other, with the reason. */
        const char *group = loads ? cfg.scenario.group : "other";
        group_of[i] = NGROUPS - 1;
        for (size_t g = 0; g < NGROUPS; g++)
            if (strcmp(group, groups[g].group) == 0)
                group_of[i] = g;
        if (!loads)
            snprintf(line[i], LINE, "  %-24s (does not load: %s)", names[i], err);
        else
            snprintf(line[i], LINE, "  %-24s %s%s", names[i], cfg.scenario.title, lesson->nsteps ? "  [lesson]" : "");
    }
    for (size_t g = 0; g < NGROUPS; g++) {
        bool titled = false;
        for (size_t i = 0; i < count; i++) {
            if (group_of[i] != g)
                continue;
            if (!titled)
                printf("\n %s\n", groups[g].title);
            titled = true;
            printf("%s\n", line[i]);
        }
    }
    free(lesson);
    free(line);
    free(group_of);
    printf("\nWatch one: rnnscope NAME · headless: rnnscope run NAME --steps N · "
           "a [lesson]: rnnscope lesson NAME\n");
    return RS_EXIT_OK;
}

int rs_cmd_keys(void)
{
    char def[1100], allowed[1100];
    printf("%-24s %-12s %-40s %s\n", "key", "default", "allowed", "meaning");
    for (size_t i = 0; i < rs_nkeys; i++) {
        const rs_key *k = &rs_keys[i];
        if (strncmp(k->key, "scenario.", 9) == 0)
            continue;   /* title and summary describe a scenario, they set nothing */
        snprintf(def, sizeof def, "%s", k->def);
        rs_key_allowed(k, allowed, sizeof allowed);
        printf("%-24s %-12s %-40s %s\n", k->key, def, allowed, k->help);
    }
    printf("\nSet a key in a scenario file ([section] key = value) or with --set section.key=value.\n");
    return RS_EXIT_OK;
}
