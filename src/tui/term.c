/* Terminal set-up and tear-down, signal handlers, colour pairs. */
#include "term.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t term_active;
static SCREEN *screen;

void rs_term_done(void)
{
    if (term_active) {
        term_active = 0;
        endwin();
    }
    if (screen) {
        delscreen(screen);
        screen = NULL;
    }
}

/* Restore the terminal, then die of the same signal (the shell sees it). */
static void on_fatal_signal(int sig)
{
    if (term_active) {
        term_active = 0;
        endwin();
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_handlers(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
}

/* Pair numbers: 1 … RS_ROLE_COUNT for the roles, then the heat pairs. */
enum { ROLE_PAIR_BASE = 1 };

static int heat_ncolours(const rs_term *t)
{
    return rs_heat_schemes[t->scheme].nbuckets + 4;
}

static short heat_colour(const rs_term *t, int index)
{
    const rs_heat_scheme *s = &rs_heat_schemes[t->scheme];
    const int n = s->nbuckets;
    short c = index < n ? s->heat[index]
            : index == n ? s->nan
            : index == n + 1 ? s->zero
            : index == n + 2 ? s->noref
            : s->empty;
    if (c < 0 && !t->default_colors)
        c = COLOR_BLACK;
    return c;
}

static short fix_default(const rs_term *t, short c, bool bg)
{
    if (c >= 0 || t->default_colors)
        return c;
    return bg ? COLOR_BLACK : COLOR_WHITE;
}

bool rs_term_init(rs_term *t)
{
    memset(t, 0, sizeof *t);
    const char *cs = nl_langinfo(CODESET);
    t->utf8 = cs && strcmp(cs, "UTF-8") == 0;

    screen = newterm(NULL, stdout, stdin);
    if (!screen)
        return false;
    set_term(screen);
    term_active = 1;
    install_handlers();
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    intrflush(stdscr, FALSE);
    curs_set(0);
    set_escdelay(25);
    mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
    mouseinterval(0);

    const char *no_color = getenv("NO_COLOR");
    bool colours = has_colors() && !(no_color && no_color[0]);
    if (colours && start_color() != OK)
        colours = false;
    if (colours)
        t->default_colors = use_default_colors() == OK;
    t->scheme = rs_scheme_pick(colours, colours ? COLORS : 0, colours ? COLOR_PAIRS : 0, no_color);
    if (t->scheme != RS_SCHEME_MONO) {
        for (int r = 0; r < RS_ROLE_COUNT; r++) {
            const rs_role_style *st = &rs_role_styles[t->scheme][r];
            init_pair((short)(ROLE_PAIR_BASE + r), fix_default(t, st->fg, false), fix_default(t, st->bg, true));
        }
        const int n = heat_ncolours(t);
        for (int fg = 0; fg < n; fg++)
            for (int bg = 0; bg < n; bg++)
                init_pair(rs_term_heat_pair(t, fg, bg), heat_colour(t, fg), heat_colour(t, bg));
    }
    return true;
}

static attr_t curses_attr(unsigned a)
{
    attr_t r = A_NORMAL;
    if (a & RS_A_BOLD) r |= A_BOLD;
    if (a & RS_A_DIM) r |= A_DIM;
    if (a & RS_A_REVERSE) r |= A_REVERSE;
    if (a & RS_A_UNDERLINE) r |= A_UNDERLINE;
    return r;
}

void rs_term_role(const rs_term *t, rs_role role, attr_t *attr, short *pair)
{
    *attr = curses_attr(rs_role_styles[t->scheme][role].attr);
    *pair = t->scheme == RS_SCHEME_MONO ? 0 : (short)(ROLE_PAIR_BASE + role);
}

void rs_term_set_role(WINDOW *w, const rs_term *t, rs_role role)
{
    attr_t a;
    short p;
    rs_term_role(t, role, &a, &p);
    wattr_set(w, a, p, NULL);
}

short rs_term_heat_pair(const rs_term *t, int fg, int bg)
{
    if (t->scheme == RS_SCHEME_MONO)
        return 0;
    return (short)(ROLE_PAIR_BASE + RS_ROLE_COUNT + fg * heat_ncolours(t) + bg);
}

int rs_term_heat_index(const rs_term *t, int cls, int bucket)
{
    const int n = rs_heat_schemes[t->scheme].nbuckets;
    switch (cls) {
    case RS_HEAT_VALUE: return bucket;
    case RS_HEAT_NONFINITE: return n;
    case RS_HEAT_ZERO: return n + 1;
    case RS_HEAT_NOREF: return n + 2;
    default: return n + 3;
    }
}
