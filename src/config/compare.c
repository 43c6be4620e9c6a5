/* Compare mode's configs: the right side is the left side's config with a
 * few keys overridden. Both sides must train on the very same batches, so
 * the keys that decide the batches are shared. */
#include <stdio.h>
#include <string.h>

#include "rnnscope/config.h"

int rs_compare_set(rs_config *cfg, const char *key, const char *value, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    /* The value is checked the way --set checks it, on a scratch copy. */
    rs_config scratch = *cfg;
    if (rs_config_set(&scratch, key, value, err, errlen) != 0)
        return -1;
    if (rs_key_shared(key)) {
        if (err && errlen)
            snprintf(err, errlen, "%s: both sides of compare mode share it (they train on the same batches); "
                     "compare keys of [model], [init] or [train] other than train.batch", key);
        return -1;
    }
    if (strlen(key) >= sizeof cfg->compare.key[0] || strlen(value) >= sizeof cfg->compare.value[0]) {
        if (err && errlen)
            snprintf(err, errlen, "%s: value too long (at most %zu characters)", key, sizeof cfg->compare.value[0] - 1);
        return -1;
    }
    int slot = 0;
    while (slot < cfg->compare.count && strcmp(cfg->compare.key[slot], key) != 0)
        slot++;
    if (slot == RS_COMPARE_MAX) {
        if (err && errlen)
            snprintf(err, errlen, "%s: at most %d keys can differ in compare mode", key, RS_COMPARE_MAX);
        return -1;
    }
    snprintf(cfg->compare.key[slot], sizeof cfg->compare.key[slot], "%s", key);
    snprintf(cfg->compare.value[slot], sizeof cfg->compare.value[slot], "%s", value);
    if (slot == cfg->compare.count)
        cfg->compare.count++;
    return 0;
}

int rs_compare_set_arg(rs_config *cfg, const char *arg, char *err, size_t errlen)
{
    char key[128], value[256], inner[1024];
    if (!rs_split_assignment(arg, key, sizeof key, value, sizeof value)) {
        if (err && errlen)
            snprintf(err, errlen, "--compare %s: expected key=value, e.g. --compare model.cell=lstm", arg ? arg : "");
        return -1;
    }
    if (rs_compare_set(cfg, key, value, inner, sizeof inner) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "--compare %s: %s", arg, inner);
        return -1;
    }
    return 0;
}

int rs_compare_config(const rs_config *left, rs_config *right, char *err, size_t errlen)
{
    *right = *left;
    right->compare.count = 0;
    for (int i = 0; i < left->compare.count; i++)
        if (rs_config_set(right, left->compare.key[i], left->compare.value[i], err, errlen) != 0)
            return -1;
    return 0;
}
