/* The key table (one place for keys, help and config panel). */
#include "keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "rnnscope/config.h"

const char *const rs_key_class_titles[RS_CLASS_COUNT] = {
    [RS_CLASS_LESSON] = "The lesson",
    [RS_CLASS_TRAIN] = "Training",
    [RS_CLASS_RESETS] = "Re-initialise the weights (same weight seed, back to step 0)",
    [RS_CLASS_CONTINUES] = "Continue training from the current weights",
    [RS_CLASS_VIEW] = "What the picture shows (training is not touched)",
    [RS_CLASS_COMPARE] = "Compare two models on the very same batches",
    [RS_CLASS_APP] = "Export, help and quit",
};

#define CTRL(c) ((c) & 0x1f)

const rs_tui_key rs_tui_keys[] = {
    {RS_ACT_LESSON_NEXT, {KEY_RIGHT, KEY_NPAGE}, "→ PgDn", RS_CLASS_LESSON, NULL, "next step of the lesson", NULL, NULL,
     RS_IN_LESSON},
    {RS_ACT_LESSON_PREV, {KEY_LEFT, KEY_PPAGE}, "← PgUp", RS_CLASS_LESSON, NULL,
     "previous step: replayed from the seeds, exactly as it was", NULL, NULL, RS_IN_LESSON},

    {RS_ACT_RUN, {' '}, "space", RS_CLASS_TRAIN, NULL, "run / pause training", NULL, NULL, RS_IN_ALL},
    {RS_ACT_STEP, {'n'}, "n", RS_CLASS_TRAIN, NULL, "one training step (pauses; finishes a step-through)", NULL, NULL,
     RS_IN_ALL},
    {RS_ACT_BPTT, {'b'}, "b", RS_CLASS_TRAIN, NULL, "step through BPTT: one timestep back per press", NULL, NULL,
     RS_IN_ALL},
    {RS_ACT_SLOWER, {'('}, "( )", RS_CLASS_TRAIN, NULL, "slower / faster: 1, 2, 5, 10, 30, 100 steps/s, max", NULL, NULL,
     RS_IN_ALL},
    {RS_ACT_FASTER, {')'}, NULL, RS_CLASS_TRAIN, NULL, "faster training", NULL, NULL, RS_IN_ALL},

    {RS_ACT_ACTIVATION, {'a'}, "a", RS_CLASS_RESETS, "model.activation", "activation: sigmoid, tanh, relu, leaky_relu",
     "activation", "", RS_IN_ALL},
    {RS_ACT_INIT, {'i'}, "i", RS_CLASS_RESETS, "init.recurrent", "W_hh init: gaussian, uniform, xavier, he, orthogonal, identity",
     "W_hh init", "", RS_IN_ALL},
    /* W_hh's scale is init.std, init.range or init.gain by its kind
     * (rs_config_recurrent_scale_key): on the W_hh init row, which shows it. */
    {RS_ACT_INIT_SCALE_DOWN, {'g'}, "g G", RS_CLASS_RESETS, "init.recurrent", "W_hh's scale (std, range, gain) ÷ or × 1.25",
     NULL, NULL, RS_IN_ALL},
    {RS_ACT_INIT_SCALE_UP, {'G'}, NULL, RS_CLASS_RESETS, "init.recurrent", "W_hh's scale × 1.25", NULL, NULL, RS_IN_ALL},
    {RS_ACT_CELL, {'C'}, "C", RS_CLASS_RESETS, "model.cell", "cell type: the next of the cells this build offers", "cell", "",
     RS_IN_ALL},
    {RS_ACT_HIDDEN_DOWN, {'u'}, "u U", RS_CLASS_RESETS, "model.hidden", "half / twice the hidden units H", "hidden units", "H",
     RS_IN_ALL},
    {RS_ACT_HIDDEN_UP, {'U'}, NULL, RS_CLASS_RESETS, "model.hidden", "twice the hidden units (H × 2)", NULL, NULL, RS_IN_ALL},
    {RS_ACT_SEED, {'s'}, "s", RS_CLASS_RESETS, "train.seed", "new weight seed (seed + 1)", "weight seed", "seed",
     RS_IN_ALL},
    {RS_ACT_RESET, {'r'}, "r", RS_CLASS_RESETS, NULL, "reset: weights from the seed, back to step 0", NULL, NULL,
     RS_IN_ALL},

    {RS_ACT_CLIP, {'c'}, "c", RS_CLASS_CONTINUES, "train.clip", "gradient clipping: none, norm, value", "clipping", "clip",
     RS_IN_ALL},
    {RS_ACT_CLIP_DOWN, {'{'}, "{ }", RS_CLASS_CONTINUES, "train.clip_threshold", "halve / double the clip threshold",
     "threshold", "clip at", RS_IN_ALL},
    {RS_ACT_CLIP_UP, {'}'}, NULL, RS_CLASS_CONTINUES, "train.clip_threshold", "double the clip threshold", NULL, NULL,
     RS_IN_ALL},
    {RS_ACT_TBPTT, {'t'}, "t", RS_CLASS_CONTINUES, "train.tbptt", "truncated BPTT window: full, 5, 10, 20, 40", "BPTT window",
     "BPTT", RS_IN_ALL},
    {RS_ACT_OPTIMIZER, {'o'}, "o", RS_CLASS_CONTINUES, "train.optimizer", "optimiser: sgd, momentum, adam (moments from 0)",
     "optimiser", "", RS_IN_ALL},
    {RS_ACT_LR_DOWN, {'-', '_'}, "- +", RS_CLASS_CONTINUES, "train.lr", "halve / double the learning rate", "learning rate",
     "lr", RS_IN_ALL},
    {RS_ACT_LR_UP, {'+', '='}, NULL, RS_CLASS_CONTINUES, "train.lr", "double the learning rate", NULL, NULL, RS_IN_ALL},
    {RS_ACT_LEN_DOWN, {'<', ','}, "< >", RS_CLASS_CONTINUES, "task.length", "shorter / longer sequences (T)", "length T", "T",
     RS_IN_ALL},
    {RS_ACT_LEN_UP, {'>', '.'}, NULL, RS_CLASS_CONTINUES, "task.length", "longer sequences (T)", NULL, NULL, RS_IN_ALL},

    /* The view settings are not in the compact summary: the heatmap's header
     * and legend name them. */
    {RS_ACT_VIEW, {'v'}, "v V", RS_CLASS_VIEW, "view.mode",
     "view: g_h, g_c (lstm), g_x, g_w, dact, sat, units, spectrum, itemized, phase (V: back)", "view", NULL, RS_IN_ALL},
    {RS_ACT_VIEW_PREV, {'V'}, NULL, RS_CLASS_VIEW, "view.mode", "the previous view", NULL, NULL, RS_IN_ALL},
    /* The phase view's two keys on one help line (view.phase_steps is named in
     * its header, so no settings row). */
    {RS_ACT_OPEN_CELL, {'\n', '\r', KEY_ENTER}, "Enter", RS_CLASS_VIEW, NULL,
     "phase view: open the inspected cell (re-initialises); p: 0, 100, 1000 steps a cell", NULL, NULL, RS_IN_ALL},
    {RS_ACT_PHASE_STEPS, {'p'}, NULL, RS_CLASS_VIEW, NULL, "phase view: steps each cell trains", NULL, NULL, RS_IN_ALL},
    {RS_ACT_SCALE, {'S'}, "S", RS_CLASS_VIEW, "view.scale", "scale: relative to t = T, or absolute", "scale", NULL,
     RS_IN_ALL},
    {RS_ACT_WORDS, {'w'}, "w", RS_CLASS_VIEW, NULL, "the input along the t axis: the task's markers, its words", "input row",
     NULL, RS_IN_ALL},
    /* The colour range (view.range): shown on the scale's row of the settings
     * panel and in the legend, so no row of its own. */
    {RS_ACT_RANGE_NARROW, {'['}, "[ ] f", RS_CLASS_VIEW, NULL,
     "colour range: narrower, wider (±8 … ±308 decades); f: fit to the values shown, and back", NULL, NULL,
     RS_IN_ALL},
    {RS_ACT_RANGE_WIDE, {']'}, NULL, RS_CLASS_VIEW, NULL, "wider colour range", NULL, NULL, RS_IN_ALL},
    {RS_ACT_RANGE_FIT, {'f'}, NULL, RS_CLASS_VIEW, NULL,
     "colour range: fit to the values shown, or back to the fixed range", NULL, NULL, RS_IN_ALL},
    {RS_ACT_LEFT, {KEY_LEFT, 'h'}, "arrows", RS_CLASS_VIEW, NULL, "inspect a cell (or click it): t, step, exact value", NULL,
     NULL, RS_IN_VIEW},
    {RS_ACT_RIGHT, {KEY_RIGHT, 'l'}, NULL, RS_CLASS_VIEW, NULL, "inspector one column right", NULL, NULL, RS_IN_VIEW},
    {RS_ACT_LEFT, {'h'}, "hjkl", RS_CLASS_VIEW, NULL, "inspect a cell (or click it): h l left, right, k j up, down", NULL,
     NULL, RS_IN_LESSON},
    {RS_ACT_RIGHT, {'l'}, NULL, RS_CLASS_VIEW, NULL, "inspector one column right", NULL, NULL, RS_IN_LESSON},
    {RS_ACT_UP, {KEY_UP, 'k'}, NULL, RS_CLASS_VIEW, NULL, "inspector one row up", NULL, NULL, RS_IN_ALL},
    {RS_ACT_DOWN, {KEY_DOWN, 'j'}, NULL, RS_CLASS_VIEW, NULL, "inspector one row down", NULL, NULL, RS_IN_ALL},
    {RS_ACT_CURSOR_OFF, {27 /* Esc */}, "Esc", RS_CLASS_VIEW, NULL, "hide the inspector (a mouse click shows it)", NULL, NULL,
     RS_IN_ALL},

    {RS_ACT_COMPARE, {'m'}, "m", RS_CLASS_COMPARE, NULL,
     "split: left as now, right a second model; m again keeps the left", NULL, NULL, RS_IN_VIEW},
    {RS_ACT_FOCUS, {'\t', KEY_BTAB}, "Tab", RS_CLASS_COMPARE, NULL,
     "focus the other side: setting keys act on it (< > r: both)", NULL, NULL, RS_IN_ALL},

    {RS_ACT_EXPORT, {'e'}, "e", RS_CLASS_APP, NULL,
     "write the heatmap as SVG + CSV into the current folder (never overwrites)", NULL, NULL, RS_IN_ALL},
    {RS_ACT_HELP, {'?', KEY_F(1)}, "? F1", RS_CLASS_APP, NULL, "this help (space: next page, if any; other keys close it)", NULL, NULL,
     RS_IN_ALL},
    {RS_ACT_QUIT, {'q', 'Q', CTRL('c')}, "q", RS_CLASS_APP, NULL, "quit (also Q, Ctrl-C)", NULL, NULL, RS_IN_ALL},
};
const size_t rs_tui_nkeys = sizeof rs_tui_keys / sizeof rs_tui_keys[0];

const rs_tui_key *rs_tui_key_find(int code, unsigned mode)
{
    if (code == 0)
        return NULL;
    for (size_t i = 0; i < rs_tui_nkeys; i++)
        for (int j = 0; j < RS_TUI_MAX_KEYCODES && rs_tui_keys[i].codes[j] && (rs_tui_keys[i].modes & mode); j++)
            if (rs_tui_keys[i].codes[j] == code)
                return &rs_tui_keys[i];
    return NULL;
}

rs_key_class rs_tui_key_class(const rs_tui_key *k)
{
    const rs_key *ck = k->cfg_key ? rs_key_find(k->cfg_key) : NULL;
    if (!ck)
        return k->cls;
    if (ck->flags & RS_KEY_VIEW)
        return RS_CLASS_VIEW;
    return ck->flags & RS_KEY_RESETS ? RS_CLASS_RESETS : RS_CLASS_CONTINUES;
}

const rs_tui_key *rs_tui_key_of(rs_action a)
{
    for (size_t i = 0; i < rs_tui_nkeys; i++)
        if (rs_tui_keys[i].action == a)
            return &rs_tui_keys[i];
    return NULL;
}

size_t rs_setting_rows(rs_setting_row *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < rs_tui_nkeys && n < max; i++) {
        const rs_tui_key *k = &rs_tui_keys[i];
        if (!k->setting)
            continue;
        rs_setting_row *row = &out[n++];
        row->key = k;
        row->labels[0] = '\0';
        /* Every key that changes the same config key (or just this one). */
        for (size_t j = i; j < rs_tui_nkeys; j++) {
            const rs_tui_key *o = &rs_tui_keys[j];
            const bool same = j == i || (k->cfg_key && o->cfg_key && strcmp(o->cfg_key, k->cfg_key) == 0);
            const size_t used = strlen(row->labels);
            if (same && o->label)
                snprintf(row->labels + used, sizeof row->labels - used, "%s%s", used ? " " : "", o->label);
        }
    }
    return n;
}

size_t rs_help_lines(rs_help_line *out, size_t max, unsigned mode)
{
    size_t n = 0;
    for (int c = 0; c < RS_CLASS_COUNT; c++) {
        bool titled = false;
        for (size_t i = 0; i < rs_tui_nkeys && n < max; i++) {
            const rs_tui_key *k = &rs_tui_keys[i];
            if ((int)rs_tui_key_class(k) != c || !k->label || !(k->modes & mode))
                continue;
            if (!titled) {
                out[n++] = (rs_help_line){true, NULL, rs_key_class_titles[c]};
                titled = true;
                if (n == max)
                    break;
            }
            out[n++] = (rs_help_line){false, k->label, k->help};
        }
    }
    return n;
}

const double rs_speed_ladder[] = {1, 2, 5, 10, 30, 100, 0};
const size_t rs_speed_ladder_n = sizeof rs_speed_ladder / sizeof rs_speed_ladder[0];

const long rs_tbptt_cycle[] = {0, 5, 10, 20, 40};
const size_t rs_tbptt_cycle_n = sizeof rs_tbptt_cycle / sizeof rs_tbptt_cycle[0];
const long rs_length_steps[] = {10, 20, 30, 50, 75, 100, 150, 200, 300, 500};
const size_t rs_length_steps_n = sizeof rs_length_steps / sizeof rs_length_steps[0];

long rs_tbptt_next(long cur)
{
    for (size_t i = 0; i < rs_tbptt_cycle_n; i++)
        if (rs_tbptt_cycle[i] > cur)
            return rs_tbptt_cycle[i];
    return rs_tbptt_cycle[0];
}

long rs_length_next(long cur, int dir, double min, double max)
{
    if (dir > 0) {
        for (size_t i = 0; i < rs_length_steps_n; i++)
            if (rs_length_steps[i] > cur && rs_length_steps[i] >= min && rs_length_steps[i] <= max)
                return rs_length_steps[i];
    } else {
        for (size_t i = rs_length_steps_n; i-- > 0;)
            if (rs_length_steps[i] < cur && rs_length_steps[i] >= min && rs_length_steps[i] <= max)
                return rs_length_steps[i];
    }
    return cur;
}
