/* Where the information lives in a sequence (issue 10, the task on screen):
 * the timesteps a task hides its answer in — the two marked numbers of the
 * adding problem, the A/B of the temporal order task, the symbols to copy,
 * the key word of `remember` — with what is there, and the target and the
 * model's answer for that sequence. "Does the gradient reach the marker?"
 * is then a column of the heat map and of the decay profile.
 *
 * Pure: a function of the task, the batch and the readout's outputs. */
#ifndef RS_VIEW_TASKMARKS_H
#define RS_VIEW_TASKMARKS_H

#include <stdbool.h>

#include "rnnscope/session.h"
#include "rnnscope/task.h"

#define RS_MARKS_MAX 16

typedef struct {
    int n;                              /* markers */
    int t[RS_MARKS_MAX];                /* their timesteps, 1-based, increasing */
    char label[RS_MARKS_MAX][24];       /* what is there: "0.42", "A", "3", "Maharashtra" */
    const char *what;                   /* "the two marked numbers", … ; "" for a task without markers */
    bool answer;                        /* target and model below are known */
    char target[96], model[96];         /* "1.29" / "1.02"; "BA" / "AB"; the copied symbols */
    bool right;                         /* the model's answer is the target (mse: within RS_MSE_TOLERANCE) */
} rs_task_marks;

/* The markers of sequence `row` of batch b for the task, and (outputs
 * non-NULL: the readout's y of that batch, (T_out, B, O)) the target and
 * the model's answer. A task without markers (text) has n = 0. */
void rs_task_marks_of(const rs_task_spec *spec, const rs_batch *b, const double *outputs, int row, rs_task_marks *m);

/* The same for a session's latest step (its batch and outputs; n = 0 and no
 * answer before the first step). */
void rs_task_marks_session(const rs_session *s, int row, rs_task_marks *m);

#endif
