/* The itemized view's numbers for a session (session.h, engine.h
 * rs_itemized): per-prediction gradients of one sequence of the last
 * step's batch, with the weights that step ran with. */
#include "session_private.h"

int rs_session_itemized(const rs_session *s, int b, rs_itemized **it, rs_error *e)
{
    if (!s->have_last && !s->bptt_active) {
        rs_error_set(e, RS_ERR_INPUT, "itemized: nothing to differentiate yet: train a step first");
        return -1;
    }
    const rs_workspace *ws = s->d.ws;
    if (b < 0 || b >= ws->B) {
        rs_error_set(e, RS_ERR_INPUT, "itemized: sequence %d: the batch has sequences 0 … %d", b, ws->B - 1);
        return -1;
    }
    if (!*it || !rs_itemized_fits(*it, &s->set.model, ws->T)) {
        rs_itemized_free(*it);
        *it = rs_itemized_create(&s->set.model, ws->T);
        if (!*it) {
            rs_error_set(e, RS_ERR_MEMORY, "itemized: out of memory (model.hidden = %d, task.length = %d)",
                         ws->H, ws->T);
            return -1;
        }
    }
    /* A finished step's weights were saved before its update; a step-through
     * under way still runs on the current ones. */
    const double *params = s->bptt_active ? s->m.model->param_block : s->m.params_before;
    if (rs_itemized_compute(*it, params, s->d.batch, b, s->set.tbptt) != 0) {
        rs_error_set(e, RS_ERR_INPUT, "itemized: the batch does not fit the model");
        return -1;
    }
    return 0;
}
