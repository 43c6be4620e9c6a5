/* An honest header (issue 10): how a run differs from its scenario, in a few
 * words — "activation tanh, lr 0.1" — so the title and the summary never
 * describe a run that is no longer on screen. Pure. */
#ifndef RS_VIEW_CHANGES_H
#define RS_VIEW_CHANGES_H

#include <stddef.h>

#include "rnnscope/config.h"

/* The settings in which `now` differs from `base` (the scenario's own
 * config), as "name value" items joined by ", " into buf, each whole or not
 * at all (a last " …" says more were left out). Only keys that train: not
 * the view's, not the scenario's texts, not a key that does not apply to
 * `now` (init.std of an orthogonal W_hh). Returns how many differ (0: buf
 * is ""). */
int rs_config_changes(const rs_config *now, const rs_config *base, char *buf, size_t n);

/* The same for one key, as the changes and messages name it: "activation",
 * "W_hh init", "lr", "BPTT window"; and its value in words ("full" for a
 * BPTT window of 0). */
const char *rs_key_short_name(const rs_key *k);
void rs_key_value_words(const rs_config *cfg, const rs_key *k, char *buf, size_t n);

#endif
