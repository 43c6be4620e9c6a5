/* rnnscope list and rnnscope keys: the bundled scenarios by group, and the
 * config table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../view/text.h"
#include "cli.h"
#include "rs_build_config.h"
#include "rnnscope/scenario.h"
#include "rnnscope/session.h"

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
    /* In the order of scenario.group's choices. */
    static const char *const group_titles[] = {
        "Vanishing gradients",
        "Exploding gradients",
        "Cures: clipping, initialisation, truncation",
        "Memory by design: LSTM, GRU, skip connections",
        "Your own data",
        "Lectures",
        "Other",
    };
    enum { NGROUPS = sizeof group_titles / sizeof group_titles[0], LINE = 2400 };
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
        const int group = loads ? rs_config_choice_index(&cfg, "scenario.group") : -1;
        group_of[i] = group >= 0 && group < NGROUPS ? (size_t)group : NGROUPS - 1;
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
                printf("\n %s\n", group_titles[g]);
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

/* s, then spaces up to `width` display columns: printf's %-40s counts bytes,
 * and "…" or "σ" are three and two bytes wide in one column. */
static void print_padded(const char *s, int width)
{
    fputs(s, stdout);
    for (int w = rs_text_width(s); w < width; w++)
        putchar(' ');
}

int rs_cmd_keys(void)
{
    char def[1100], allowed[1100];
    /* The allowed column as wide as its widest entry. */
    int allowed_w = rs_text_width("allowed");
    for (size_t i = 0; i < rs_nkeys; i++) {
        rs_key_allowed(&rs_keys[i], allowed, sizeof allowed);
        if (strncmp(rs_keys[i].key, "scenario.", 9) != 0 && rs_text_width(allowed) > allowed_w)
            allowed_w = rs_text_width(allowed);
    }
    print_padded("key", 25);
    print_padded("default", 13);
    print_padded("allowed", allowed_w + 1);
    printf("meaning\n");
    for (size_t i = 0; i < rs_nkeys; i++) {
        const rs_key *k = &rs_keys[i];
        if (strncmp(k->key, "scenario.", 9) == 0)
            continue;   /* title and summary describe a scenario, they set nothing */
        snprintf(def, sizeof def, "%s", k->def);
        rs_key_allowed(k, allowed, sizeof allowed);
        print_padded(k->key, 25);
        print_padded(def, 13);
        print_padded(allowed, allowed_w + 1);
        printf("%s\n", k->help);
    }
    printf("\nSet a key in a scenario file ([section] key = value) or with --set section.key=value.\n");
    /* The memory budget: a config that would need more is refused before it allocates. */
    rs_config cfg;
    rs_config_defaults(&cfg);
    char why[160];
    const double limit = (double)rs_memory_limit(&cfg, why, sizeof why);
    printf("Memory: a run (both sides of compare mode together) may use up to %.1f GiB:\n  %s.\n"
           "A config that would need more (model.hidden × task.length × train.batch, stats.history × task.length)\n"
           "is refused before anything is allocated.\n"
           "ρ and the eigenvalues (a dgeev, H³) run every stats.spectral_every steps or less often, so that they\n"
           "cost at most 5 %% of training at large H; σ_max and the bound are computed every step.\n",
           limit / (1 << 30), why);
    return RS_EXIT_OK;
}
