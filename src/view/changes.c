/* How a run differs from its scenario (pure). */
#include "changes.h"

#include <stdio.h>
#include <string.h>

/* Names people read on the title bar; a key not here is named by what
 * follows its section ("hidden", "momentum"). */
static const struct {
    const char *key, *name;
} short_names[] = {
    {"model.cell", "cell"},
    {"model.hidden", "H"},
    {"init.recurrent", "W_hh init"},
    {"init.std", "W_hh std"},
    {"init.range", "W_hh range"},
    {"init.gain", "W_hh gain"},
    {"init.input", "input init"},
    {"init.input_scale", "input scale"},
    {"task.length", "T"},
    {"task.seed", "data seed"},
    {"task.name", "task"},
    {"train.optimizer", "optimiser"},
    {"train.lr", "lr"},
    {"train.clip", "clipping"},
    {"train.clip_threshold", "clip at"},
    {"train.tbptt", "BPTT window"},
    {"train.seed", "weight seed"},
    {"train.batch", "batch"},
};

const char *rs_key_short_name(const rs_key *k)
{
    for (size_t i = 0; i < sizeof short_names / sizeof short_names[0]; i++)
        if (strcmp(short_names[i].key, k->key) == 0)
            return short_names[i].name;
    const char *dot = strchr(k->key, '.');
    return dot ? dot + 1 : k->key;
}

void rs_key_value_words(const rs_config *cfg, const rs_key *k, char *buf, size_t n)
{
    /* A window of 0 steps is no truncation at all: "full", as the settings panel says. */
    if (strcmp(k->key, "train.tbptt") == 0 && cfg->train.tbptt == 0) {
        snprintf(buf, n, "full");
        return;
    }
    rs_config_format(cfg, k, buf, n);
}

int rs_config_changes(const rs_config *now, const rs_config *base, char *buf, size_t n)
{
    if (n == 0)
        return 0;
    buf[0] = '\0';
    int count = 0;
    size_t used = 0;
    bool cut = false;
    for (size_t i = 0; i < rs_nkeys; i++) {
        const rs_key *k = &rs_keys[i];
        if ((k->flags & RS_KEY_VIEW) || strncmp(k->key, "scenario.", 9) == 0 || strncmp(k->key, "stats.", 6) == 0 ||
            !rs_key_applies(k, now))
            continue;
        char a[1100], b[1100];
        rs_config_format(now, k, a, sizeof a);
        rs_config_format(base, k, b, sizeof b);
        if (strcmp(a, b) == 0)
            continue;
        count++;
        char item[1200];
        rs_key_value_words(now, k, a, sizeof a);
        snprintf(item, sizeof item, "%s%s %s", used ? ", " : "", rs_key_short_name(k), a);
        /* Whole items only; room kept for " …". */
        if (!cut && used + strlen(item) + 5 < n) {
            memcpy(buf + used, item, strlen(item) + 1);
            used += strlen(item);
        } else if (!cut) {
            cut = true;
            snprintf(buf + used, n - used, "%s", used + 5 <= n ? " …" : "");
        }
    }
    return count;
}
