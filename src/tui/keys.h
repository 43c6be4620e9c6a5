/* The key table: every key the interactive view understands, once (htop's
 * Action.c). The dispatcher, the help overlay and the config panel are all
 * read off this table. */
#ifndef RS_TUI_KEYS_H
#define RS_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    RS_ACT_NONE,
    RS_ACT_RUN, RS_ACT_STEP, RS_ACT_BPTT,
    RS_ACT_ACTIVATION, RS_ACT_INIT, RS_ACT_CELL, RS_ACT_SEED, RS_ACT_RESET,
    RS_ACT_CLIP, RS_ACT_CLIP_DOWN, RS_ACT_CLIP_UP, RS_ACT_TBPTT,
    RS_ACT_LR_DOWN, RS_ACT_LR_UP, RS_ACT_LEN_DOWN, RS_ACT_LEN_UP,
    RS_ACT_VIEW, RS_ACT_SCALE, RS_ACT_WORDS,
    RS_ACT_RANGE_NARROW, RS_ACT_RANGE_WIDE, RS_ACT_RANGE_FIT,
    RS_ACT_LEFT, RS_ACT_RIGHT, RS_ACT_UP, RS_ACT_DOWN, RS_ACT_CURSOR_OFF,
    RS_ACT_COMPARE, RS_ACT_FOCUS, RS_ACT_EXPORT,
    RS_ACT_LESSON_NEXT, RS_ACT_LESSON_PREV,
    RS_ACT_HELP, RS_ACT_QUIT,
    /* issue 10, part B: training speed, optimiser, hidden size, W_hh's scale */
    RS_ACT_SLOWER, RS_ACT_FASTER, RS_ACT_OPTIMIZER, RS_ACT_HIDDEN_DOWN, RS_ACT_HIDDEN_UP,
    RS_ACT_INIT_SCALE_DOWN, RS_ACT_INIT_SCALE_UP,
    RS_ACT_VIEW_PREV, RS_ACT_OPEN_CELL, RS_ACT_PHASE_STEPS,
    RS_ACT_COUNT
} rs_action;

/* What a key does to training, as the help overlay groups it. */
typedef enum {
    RS_CLASS_LESSON,     /* a lesson's pages */
    RS_CLASS_TRAIN,      /* run, pause, step, step through BPTT */
    RS_CLASS_RESETS,     /* re-initialises the weights (from the same weight seed) */
    RS_CLASS_CONTINUES,  /* changes a setting, training continues from the current weights */
    RS_CLASS_VIEW,       /* changes only the picture */
    RS_CLASS_COMPARE,    /* compare mode: split, focus */
    RS_CLASS_APP,        /* export, help, quit */
    RS_CLASS_COUNT
} rs_key_class;

extern const char *const rs_key_class_titles[RS_CLASS_COUNT];

#define RS_TUI_MAX_KEYCODES 4

/* Where a key works: the interactive view, a lesson, or both. In a lesson
 * ← and → turn the pages, so the inspector moves with h and l there. */
enum { RS_IN_VIEW = 1, RS_IN_LESSON = 2, RS_IN_ALL = RS_IN_VIEW | RS_IN_LESSON };

typedef struct {
    rs_action action;
    int codes[RS_TUI_MAX_KEYCODES];   /* curses key codes, 0-terminated */
    const char *label;                /* as shown: "space", "{"; NULL: covered by the line above in the help */
    rs_key_class cls;                 /* for a key with a cfg_key, what the config table says
                                         (rs_tui_key_class reads it; a test holds them equal) */
    const char *cfg_key;              /* the config key it changes, or NULL */
    const char *help;                 /* one line */
    const char *setting;              /* the first key of a setting: its name in the settings
                                         panel ("learning rate"); NULL otherwise */
    const char *brief;                /* its name in the compact summary ("lr"; "" = the value
                                         says it); NULL: not in the summary */
    unsigned modes;                   /* RS_IN_VIEW, RS_IN_LESSON or RS_IN_ALL */
} rs_tui_key;

extern const rs_tui_key rs_tui_keys[];
extern const size_t rs_tui_nkeys;

/* The entry for a key code in a mode (RS_IN_VIEW or RS_IN_LESSON); NULL
 * when the key does nothing there. */
const rs_tui_key *rs_tui_key_find(int code, unsigned mode);
/* What the key does to training, as the help and the settings panel say it:
 * for a key that changes a config key, read off the config table (re-
 * initialises, continues, or changes only the picture); else its cls. */
rs_key_class rs_tui_key_class(const rs_tui_key *k);

/* The entry for an action (its first), NULL if none. */
const rs_tui_key *rs_tui_key_of(rs_action a);

/* The settings panel, one row per setting in table order: the entry that
 * names it and the labels of every key that changes it ("- +"). Returns
 * the count (≤ max); RS_TUI_SETTING_ROWS in layout.h is that count. */
typedef struct {
    const rs_tui_key *key;
    char labels[16];
} rs_setting_row;

size_t rs_setting_rows(rs_setting_row *out, size_t max);

/* Lines of the help overlay, generated from the table: group titles (is_title)
 * and "label  help" lines. Returns the count (≤ max). */
typedef struct {
    bool is_title;
    const char *label;      /* NULL for a title */
    const char *text;
} rs_help_line;

size_t rs_help_lines(rs_help_line *out, size_t max, unsigned mode);

/* The training speeds ( and ) step along, in steps (compare mode: rounds)
 * per second; 0 is as fast as the machine goes, the default. */
extern const double rs_speed_ladder[];    /* 1, 2, 5, 10, 30, 100, 0 */
extern const size_t rs_speed_ladder_n;
/* The ladder's index of as fast as possible. */
#define RS_SPEED_MAX_INDEX (rs_speed_ladder_n - 1)

/* The cycles and ladders the keys step along. */
extern const long rs_tbptt_cycle[];       /* 0, 5, 10, 20, 40 */
extern const size_t rs_tbptt_cycle_n;
extern const long rs_length_steps[];      /* 10, 20, 30, 50, 75, 100, 150, 200, 300, 500 */
extern const size_t rs_length_steps_n;

/* Next truncation window after cur in the cycle (wrapping). */
long rs_tbptt_next(long cur);
/* The next length up (dir = +1) or down (−1) from cur within [min, max];
 * cur itself when there is none. */
long rs_length_next(long cur, int dir, double min, double max);

#endif
