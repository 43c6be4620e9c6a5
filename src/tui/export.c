/* Key e: what the focused side shows, written as SVG + CSV into the current
 * folder — the heat map's view, the spectrum, the itemized gradients, or
 * the finished phase diagram — under names claimed with O_EXCL, so nothing
 * is ever overwritten, each file put in place only when complete. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../app/outfile.h"
#include "../view/figure.h"
#include "../view/figures.h"
#include "../view/views.h"
#include "app.h"

#define say rs_app_say

static bool comparing(const rs_app *a) { return a->nsides == 2; }
static const char *prefix(const rs_app *a, int k) { return rs_app_prefix(a, k); }

/* The scenario's name for a file name: the basename without .scn, only
 * letters, digits, '-', '_' and '.'. */
static void scenario_stem(const char *scenario, char *out, size_t n)
{
    const char *base = strrchr(scenario, '/');
    base = base ? base + 1 : scenario;
    size_t len = strlen(base);
    if (len > 4 && strcmp(base + len - 4, ".scn") == 0)
        len -= 4;
    size_t j = 0;
    for (size_t i = 0; i < len && j + 1 < n; i++) {
        const char c = base[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.';
        out[j++] = ok ? c : '_';
    }
    out[j] = '\0';
    if (j == 0)
        snprintf(out, n, "scenario");
}

/* What key e writes, for rs_outfile_write's writers. */
typedef struct {
    const rs_session *s;
    int view;
    rs_heat_opts scale;
} figure_job;

/* What key e writes in the spectrum, itemized and phase views: the numbers shown. */
typedef struct {
    const rs_session *s;
    int view;
    const rs_spectrum *sp;
    const rs_itemized *it;
    const rs_sweep *sw;
} live_job;

static int write_svg(FILE *f, const void *arg)
{
    const figure_job *j = arg;
    char err[256];
    const rs_session *ses[1] = {j->s};
    return rs_figure_svg(f, ses, 1, j->view, &j->scale, err, sizeof err);
}

static int write_csv(FILE *f, const void *arg)
{
    const figure_job *j = arg;
    char err[256];
    return rs_figure_csv(f, j->s, j->view, err, sizeof err);
}

/* Create path, failing if it exists: 0, −1 with errno (EEXIST: taken). */
static int create_new(const char *path)
{
    const int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

static int write_live_svg(FILE *f, const void *arg)
{
    const live_job *j = arg;
    if (j->view == RS_VIEW_PHASE)
        return rs_phase_svg(f, j->sw);
    if (j->view == RS_VIEW_SPECTRUM) {
        const rs_spectrum *snaps[1] = {j->sp};
        return rs_spectrum_svg(f, snaps, 1, j->s);
    }
    return rs_itemized_svg(f, j->it, j->s);
}

static int write_live_csv(FILE *f, const void *arg)
{
    const live_job *j = arg;
    if (j->view == RS_VIEW_PHASE)
        return rs_sweep_csv(f, j->sw);
    if (j->view == RS_VIEW_SPECTRUM) {
        const rs_spectrum *snaps[1] = {j->sp};
        return rs_spectrum_csv(f, snaps, 1);
    }
    return rs_itemized_csv(f, j->it);
}

/* The phase diagram is written when every cell has finished: 0, or −1 with a message. */
static int phase_ready(rs_app *a, const rs_side *f)
{
    const rs_sweep *sw = f->live.ph.sweep;
    if (!sw || f->live.ph.msg[0]) {
        say(a, true, "%snothing to export yet: %s", prefix(a, a->focus),
            f->live.ph.msg[0] ? f->live.ph.msg : "the phase diagram has not started");
        return -1;
    }
    const int n = rs_sweep_nx(sw) * rs_sweep_ny(sw), done = rs_sweep_done(sw);
    if (!rs_sweep_finished(sw) || done < n) {
        say(a, true, "%sthe phase diagram is still filling (%d of %d cells): e writes it once every cell is done",
            prefix(a, a->focus), done, n);
        return -1;
    }
    return 0;
}

/* e: the focused side's view as SVG + CSV in the current directory,
 * rnnscope-<scenario>[-<side>]-<view>-step<N>[-2, -3 …].svg and .csv. The
 * names are claimed with O_EXCL first, so nothing is ever overwritten. */
void rs_app_export(rs_app *a)
{
    rs_side *f = &a->side[a->focus];
    const rs_config *c = rs_session_config(f->s);
    char cwd[1024];
    if (!getcwd(cwd, sizeof cwd))
        snprintf(cwd, sizeof cwd, "the current folder");
    if (!rs_view_applies(a->view, rs_session_settings(f->s)->model.cell)) {
        say(a, true, "%snothing to export: the %s has no cell state, g_c is the lstm's (v: another view)",
            prefix(a, a->focus), c->model.cell);
        return;
    }
    if (a->view == RS_VIEW_PHASE && phase_ready(a, f) != 0)
        return;
    if (a->view != RS_VIEW_PHASE && !rs_session_last(f->s)) {
        say(a, true, "%snothing to export yet: train a step first (n or space)", prefix(a, a->focus));
        return;
    }
    const rs_live *live = &f->live;
    if (a->view == RS_VIEW_SPECTRUM || a->view == RS_VIEW_ITEMIZED) {
        /* the numbers of this very step, however the throttle held them */
        rs_live_update(&f->live, f->s, a->view, RS_LIVE_SEQUENCE, false);
        const rs_live_key *lk = a->view == RS_VIEW_SPECTRUM ? &live->sk : &live->ik;
        if (!lk->have || lk->rc != 0 || (a->view == RS_VIEW_SPECTRUM ? live->sp.nsets == 0 : !live->it)) {
            say(a, true, "%snothing to export yet: %s", prefix(a, a->focus),
                lk->have && lk->rc ? lk->msg : "train a step first (n or space)");
            return;
        }
    }
    char stem[128], base[300], svg[360], csv[360], err[1024];
    scenario_stem(a->scenario, stem, sizeof stem);
    snprintf(base, sizeof base, "rnnscope-%s%s%s-%s-step%ld", stem, comparing(a) ? "-" : "",
             comparing(a) ? rs_pair_side_names[a->focus] : "", rs_view_names[a->view], rs_session_steps(f->s));
    bool claimed = false;
    for (int n = 1; n <= 999 && !claimed; n++) {
        char suffix[16] = "";
        if (n > 1)
            snprintf(suffix, sizeof suffix, "-%d", n);
        snprintf(svg, sizeof svg, "%s%s.svg", base, suffix);
        snprintf(csv, sizeof csv, "%s%s.csv", base, suffix);
        if (create_new(svg) != 0) {
            if (errno == EEXIST)
                continue;
            say(a, true, "cannot write %s in %s: %s", svg, cwd, strerror(errno));
            return;
        }
        if (create_new(csv) != 0) {
            const int e = errno;
            unlink(svg);
            if (e == EEXIST)
                continue;
            say(a, true, "cannot write %s in %s: %s", csv, cwd, strerror(e));
            return;
        }
        claimed = true;
    }
    if (!claimed) {
        say(a, true, "cannot export: %s.svg and 998 numbered ones exist already in %s", base, cwd);
        return;
    }
    /* Each written beside its claimed name and put in place when complete. */
    figure_job job = {f->s, a->view, {a->relative, a->range}};
    live_job lj = {f->s, a->view, &live->sp, live->it, live->ph.sweep};
    const bool heat = rs_view_is_heat(a->view);
    if (rs_outfile_write(svg, heat ? write_svg : write_live_svg, heat ? (const void *)&job : &lj, err, sizeof err) != 0 ||
        rs_outfile_write(csv, heat ? write_csv : write_live_csv, heat ? (const void *)&job : &lj, err, sizeof err) != 0) {
        unlink(svg);
        unlink(csv);
        say(a, true, "export failed: %s", err);
        return;
    }
    say(a, false, "%swrote %s and %s in %s", prefix(a, a->focus), svg, csv, cwd);
}

