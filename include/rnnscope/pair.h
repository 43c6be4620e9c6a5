/* rnnscope compare pair: one session, or two side by side on the very same
 * batches (compare mode). The right side is built from the left's config with
 * the [compare] overrides applied; the keys that decide the batches (task.*,
 * train.batch: rs_key_shared) are the same on both, and both draw their
 * batches from the same data seed, so batch k is the same at step k on both
 * sides. The live view, `run --compare` and the lesson player all train
 * through this one object.
 *
 * Training goes in rounds: every side that is not halted trains one step. A
 * side that diverges halts alone (the other goes on) until it is given
 * another try (rs_pair_retry: after a cure, its failed batch again). */
#ifndef RNNSCOPE_PAIR_H
#define RNNSCOPE_PAIR_H

#include <stdbool.h>

#include "rnnscope/config.h"
#include "rnnscope/session.h"

typedef struct rs_pair rs_pair;

/* The sides' names, as the screen, the CSV's side column and the messages say them. */
extern const char *const rs_pair_side_names[2];     /* "left", "right" */

/* One side; two when cfg holds compare overrides. NULL and e when a side
 * cannot be built (the right side's message starts "compare: "). */
rs_pair *rs_pair_create(const rs_config *cfg, rs_error *e);
void rs_pair_free(rs_pair *p);

int rs_pair_count(const rs_pair *p);                /* 1, or 2 in compare mode */
rs_session *rs_pair_session(const rs_pair *p, int k);   /* side k (0 left, 1 right); NULL beyond count */

/* Split into compare mode: side 1 built from right (which must share the
 * left's shared keys), and both sides back to step 0 from their seeds so
 * they train in lockstep. −1 and e when the right side cannot be built
 * (nothing changes). */
int rs_pair_split(rs_pair *p, const rs_config *right, rs_error *e);
/* Leave compare mode: keep the left side as it is. */
void rs_pair_join(rs_pair *p);

/* Configure the left side with cfg and, in compare mode, the right side
 * with cfg's overrides applied to it (the lesson player's way: one config
 * that carries its [compare]). */
int rs_pair_configure(rs_pair *p, const rs_config *cfg, rs_error *e);

/* Change one key of side k (as a key press does): on both sides when the
 * key is shared. −1, e and *failed (the side that could not take it; may be
 * NULL) on error; a side changed before it keeps the change. */
int rs_pair_set(rs_pair *p, int k, const char *key, const char *value, int *failed, rs_error *e);

/* What one round did to a side. */
typedef enum {
    RS_ROUND_IDLE,          /* halted: not trained */
    RS_ROUND_OK,            /* trained a step */
    RS_ROUND_DIVERGED,      /* the step diverged: the side halts */
    RS_ROUND_AGAIN,         /* a retry diverged again */
    RS_ROUND_RECOVERED,     /* a retry trained with finite numbers */
} rs_round;

/* Every side that is not halted trains one step (a step-through under way
 * is finished). Returns whether any side trained. */
bool rs_pair_round(rs_pair *p, rs_round result[2]);

/* Diverged sides get another try at the next round (after a cure). */
void rs_pair_retry(rs_pair *p);
/* Side k asks for another try (it is the side whose step-through finishes). */
void rs_pair_retry_side(rs_pair *p, int k);

bool rs_pair_halted(const rs_pair *p, int k);       /* diverged and not given another try */
bool rs_pair_all_diverged(const rs_pair *p);

/* Both sides back to step 0 from their seeds. */
void rs_pair_reset(rs_pair *p);

#endif
