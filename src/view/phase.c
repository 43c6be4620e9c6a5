/* The phase diagram's grid and colours (phase.h). */
#include "phase.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rnnscope/engine.h"

double rs_phase_edge(const rs_config *cfg)
{
    const double H = (double)cfg->model.hidden;
    /* init.recurrent's choices follow rs_init (test_config holds them equal) */
    switch ((rs_init)rs_config_choice_index(cfg, "init.recurrent")) {
    case RS_INIT_GAUSSIAN: return 1.0 / sqrt(H);
    case RS_INIT_UNIFORM: return sqrt(3.0) / sqrt(H);
    case RS_INIT_HE: return 1.0 / sqrt(2.0);
    default: return 1.0;     /* xavier, orthogonal, identity */
    }
}

int rs_phase_axes(const rs_config *cfg, rs_axis *x, rs_axis *y, rs_error *e)
{
    const rs_key *scale = rs_config_recurrent_scale_key(cfg);
    const double edge = rs_phase_edge(cfg);
    /* a tenth to ten times the edge, within the key's range, log-spaced;
     * each value to 3 digits, as a lecturer would type it (0.0539, not
     * 0.053864…): the settings and messages then say what the grid says */
    const double lo = fmax(edge / 10.0, scale->max * 1e-6), hi = fmin(edge * 10.0, scale->max);
    char arg[64 + RS_PHASE_COLUMNS * 16];
    int used = snprintf(arg, sizeof arg, "%s=", scale->key);
    for (int i = 0; i < RS_PHASE_COLUMNS; i++) {
        const double u = (double)i / (RS_PHASE_COLUMNS - 1);
        used += snprintf(arg + used, sizeof arg - (size_t)used, "%s%.3g", i ? "," : "",
                         exp(log(lo) + u * (log(hi) - log(lo))));
    }
    if (rs_axis_parse(x, arg, e) != 0)
        return -1;
    x->log = true;
    const bool activation = rs_key_applies(rs_key_find("model.activation"), cfg);
    return rs_axis_parse(y, activation ? "model.activation=sigmoid,tanh,relu,leaky_relu" : "model.cell=rnn,lstm,gru,skip",
                         e);
}

int rs_phase_column(const rs_axis *a, double value)
{
    if (!a->numeric || a->count < 1 || !isfinite(value) || (a->log && value <= 0.0))
        return -1;
    const double v = a->log ? log(value) : value;
    int best = -1;
    double best_d = INFINITY;
    for (int i = 0; i < a->count; i++) {
        const double d = fabs((a->log ? log(a->number[i]) : a->number[i]) - v);
        if (d < best_d) {
            best_d = d;
            best = i;
        }
    }
    /* beyond the ends by more than half a spacing: not on the grid */
    const double first = a->log ? log(a->number[0]) : a->number[0];
    const double last = a->log ? log(a->number[a->count - 1]) : a->number[a->count - 1];
    const double half = a->count > 1 ? fabs(last - first) / (a->count - 1) / 2.0 : 0.0;
    const double tolerance = half > 0.0 ? half * (1.0 + 1e-9) : 1e-12 * fmax(1.0, fabs(first));
    return best_d <= tolerance ? best : -1;
}

void rs_phase_where(const rs_sweep *sw, const rs_config *cfg, int *i, int *j)
{
    const rs_axis *x = rs_sweep_x(sw), *y = rs_sweep_y(sw);
    *i = rs_phase_column(x, rs_config_get_real(cfg, rs_key_find(x->key)));
    *j = y ? rs_phase_row(y, rs_config_get_choice(cfg, rs_key_find(y->key))) : 0;
}

int rs_phase_row(const rs_axis *a, const char *value)
{
    for (int j = 0; value && j < a->count; j++)
        if (strcmp(a->value[j], value) == 0)
            return j;
    return -1;
}

rs_heat_class rs_phase_class(const rs_sweep_cell *c, double *x)
{
    *x = 0.0;
    if (c->diverged)
        return RS_HEAT_NONFINITE;
    if (!isfinite(c->decay))
        return RS_HEAT_ZERO;
    const rs_heat_class cls = rs_heat_classify(c->decay, 1.0, RS_SCALE_SLOPE, x);
    *x *= c->T > 1 ? c->T - 1 : 1;      /* per step → over the whole sequence */
    return cls;
}

void rs_phase_bounds(const rs_sweep *sw, double *v)
{
    const int nx = rs_sweep_nx(sw), ny = rs_sweep_ny(sw);
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            const rs_sweep_cell *c = rs_sweep_cell_at(sw, i, j);
            v[j * nx + i] = c ? c->bound : NAN;
        }
}

const char *rs_phase_junction(bool utf8, bool up, bool down, bool left, bool right)
{
    static const char *const box[16] = {
        " ", "╺", "╸", "━", "╻", "┏", "┓", "┳", "╹", "┗", "┛", "┻", "┃", "┣", "┫", "╋",
    };
    const int k = right | left << 1 | down << 2 | up << 3;
    if (utf8)
        return box[k];
    return k == 0 ? " " : (k & 3) == 0 ? "|" : (k & 12) == 0 ? "-" : "+";
}
