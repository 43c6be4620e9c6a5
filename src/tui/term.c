/* Terminal set-up and tear-down, signal handlers, colour pairs.
 *
 * A signal that ends the program restores the terminal from its handler with
 * async-signal-safe calls only (endwin() is not one: it may run inside a
 * curses call it interrupted): write() of the terminal's own reset strings,
 * read from terminfo at start, and tcsetattr() of the modes saved before
 * curses changed them; then the signal is raised again, so the shell sees
 * how the program died. */
#include "term.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "../app/outfile.h"

static volatile sig_atomic_t term_active;
static SCREEN *screen;

/* What the signal handler needs, prepared while it is safe to. */
static int tty_fd = -1;                 /* the terminal curses draws on */
static struct termios saved_modes;      /* its modes before curses */
static bool have_saved_modes;
static char reset[512];                 /* the terminal's strings that undo curses' set-up */
static size_t reset_len;

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

static void add_reset(const char *s)
{
    if (!s || s == (const char *)-1)
        return;
    const size_t n = strlen(s);
    if (reset_len + n < sizeof reset) {
        memcpy(reset + reset_len, s, n);
        reset_len += n;
    }
}

/* The reset string, from this terminal's terminfo entry (tigetstr), in
 * endwin()'s order: attributes off, mouse reports off, keypad back to
 * normal, the cursor shown, the alternate screen left. It starts with CAN,
 * which cancels an escape sequence curses may have been half-way through. */
static void prepare_reset(void)
{
    reset_len = 0;
    add_reset("\030");
    add_reset(tigetstr("sgr0"));
    add_reset(tigetstr("op"));
    if (tigetstr("kmous") && tigetstr("kmous") != (char *)-1)
        add_reset("\033[?1006l\033[?1002l\033[?1000l");
    add_reset(tigetstr("rmkx"));
    add_reset(tigetstr("cnorm"));
    add_reset(tigetstr("rmcup"));
}

/* Async-signal-safe: write() and tcsetattr() only. */
static void restore_from_signal(void)
{
    for (size_t done = 0; done < reset_len;) {
        const ssize_t w = write(tty_fd, reset + done, reset_len - done);
        if (w <= 0)
            break;      /* EINTR too: the terminal may be gone (a hang-up) */
        done += (size_t)w;
    }
    if (have_saved_modes)
        tcsetattr(tty_fd, TCSANOW, &saved_modes);
}

/* Restore the terminal, then die of the same signal (the shell sees it). */
static void on_fatal_signal(int sig)
{
    if (term_active) {
        term_active = 0;
        restore_from_signal();
    }
    rs_outfile_discard_temporaries();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Every signal whose default action ends the program; one the program was
 * started with ignored (nohup's SIGHUP) stays ignored. SIGTSTP and SIGWINCH
 * are curses' own. */
static void install_handlers(void)
{
    static const int sigs[] = {SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGUSR1,
                               SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGXCPU, SIGXFSZ, SIGVTALRM,
                               SIGPROF, SIGSYS};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
}

/* Pair numbers: 1 … RS_ROLE_COUNT for the roles, then the heat map's:
 * half blocks, one per (upper, lower) swatch and two for the marks' glyphs
 * (NaN ✕, no value ·); otherwise one per swatch (rs_scheme_pairs_needed). */
enum { ROLE_PAIR_BASE = 1, HEAT_PAIR_BASE = ROLE_PAIR_BASE + RS_ROLE_COUNT };

/* A colour of the scheme as curses takes it: −1 (the default) only where
 * use_default_colors() worked; DIRECT: the role styles' xterm indices as RGB. */
static int curses_colour(const rs_term *t, int c, bool bg, bool role)
{
    if (c < 0)
        return t->default_colors ? -1 : bg ? COLOR_BLACK : COLOR_WHITE;
    if (role && t->scheme == RS_SCHEME_DIRECT && c >= 8)
        return rs_xterm_rgb(c);
    return c;
}

static void make_pair(int pair, int fg, int bg)
{
#if defined(NCURSES_EXT_COLORS)
    init_extended_pair(pair, fg, bg);   /* DIRECT: colours up to 2^24 */
#else
    init_pair((short)pair, (short)fg, (short)bg);
#endif
}

bool rs_term_init(rs_term *t)
{
    memset(t, 0, sizeof *t);
    const char *cs = nl_langinfo(CODESET);
    t->utf8 = cs && strcmp(cs, "UTF-8") == 0;

    tty_fd = STDOUT_FILENO;     /* curses sets the modes of its output */
    have_saved_modes = tcgetattr(tty_fd, &saved_modes) == 0;
    screen = newterm(NULL, stdout, stdin);
    if (!screen)
        return false;
    set_term(screen);
    prepare_reset();
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
            const rs_role_style *st = rs_role_style_of(t->scheme, (rs_role)r);
            make_pair(ROLE_PAIR_BASE + r, curses_colour(t, st->fg, false, true), curses_colour(t, st->bg, true, true));
        }
        const int n = rs_scheme_swatch_count(t->scheme);
        if (rs_scheme_half_blocks(t->scheme)) {
            for (int u = 0; u < n; u++)
                for (int l = 0; l < n; l++)
                    make_pair(HEAT_PAIR_BASE + u * n + l,
                              curses_colour(t, rs_scheme_swatch(t->scheme, u).colour, false, false),
                              curses_colour(t, rs_scheme_swatch(t->scheme, l).colour, true, false));
            const rs_heat_mark glyphs[2] = {RS_MARK_NAN, RS_MARK_NOVALUE};
            for (int i = 0; i < 2; i++) {
                const rs_swatch sw = rs_scheme_swatch(t->scheme, rs_swatch_of_mark(t->scheme, glyphs[i]));
                make_pair(HEAT_PAIR_BASE + n * n + i, curses_colour(t, sw.fg, false, false),
                          curses_colour(t, sw.bg, true, false));
            }
            for (int i = 0; i < n; i++) {
                const rs_swatch sw = rs_scheme_swatch(t->scheme, i);
                const int fg = rs_scheme_text_fg(t->scheme, i);
                make_pair(HEAT_PAIR_BASE + n * n + 2 + i, curses_colour(t, fg, false, false),
                          curses_colour(t, sw.colour, true, false));
            }
        } else {
            for (int i = 0; i < n; i++) {
                const rs_swatch sw = rs_scheme_swatch(t->scheme, i);
                make_pair(HEAT_PAIR_BASE + i, curses_colour(t, sw.fg, false, false), curses_colour(t, sw.bg, true, false));
            }
        }
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
    *attr = curses_attr(rs_role_style_of(t->scheme, role)->attr);
    *pair = t->scheme == RS_SCHEME_MONO ? 0 : (short)(ROLE_PAIR_BASE + role);
}

void rs_term_set_role(WINDOW *w, const rs_term *t, rs_role role)
{
    attr_t a;
    short p;
    rs_term_role(t, role, &a, &p);
    wattr_set(w, a, p, NULL);
}

short rs_term_heat_pair(const rs_term *t, int upper, int lower)
{
    if (!rs_scheme_half_blocks(t->scheme))
        return rs_term_swatch_pair(t, lower);
    return (short)(HEAT_PAIR_BASE + upper * rs_scheme_swatch_count(t->scheme) + lower);
}

short rs_term_swatch_pair(const rs_term *t, int index)
{
    if (t->scheme == RS_SCHEME_MONO)
        return 0;
    const int n = rs_scheme_swatch_count(t->scheme);
    if (!rs_scheme_half_blocks(t->scheme))
        return (short)(HEAT_PAIR_BASE + index);
    if (index == rs_swatch_of_mark(t->scheme, RS_MARK_NAN))
        return (short)(HEAT_PAIR_BASE + n * n);
    if (index == rs_swatch_of_mark(t->scheme, RS_MARK_NOVALUE))
        return (short)(HEAT_PAIR_BASE + n * n + 1);
    return (short)(HEAT_PAIR_BASE + index * n + index);
}

void rs_term_text_on_swatch(WINDOW *w, const rs_term *t, int y, int x, int index, const char *text)
{
    const rs_swatch sw = rs_scheme_swatch(t->scheme, index);
    short pair = 0;
    attr_t a = A_NORMAL;
    if (t->scheme == RS_SCHEME_MONO)
        a = index >= rs_scheme_steps(t->scheme) && index <= 2 * rs_scheme_steps(t->scheme) ? A_BOLD : A_NORMAL;
    else if (rs_scheme_half_blocks(t->scheme)) {
        const int n = rs_scheme_swatch_count(t->scheme);
        pair = sw.colour < 0 ? 0 : (short)(HEAT_PAIR_BASE + n * n + 2 + index);
    }
    else
        pair = rs_term_swatch_pair(t, index);
    wattr_set(w, a, pair, NULL);
    mvwaddstr(w, y, x, text);
}

void rs_term_swatch(WINDOW *w, const rs_term *t, int y, int x, int index)
{
    const rs_swatch sw = rs_scheme_swatch(t->scheme, index);
    attr_t a = A_NORMAL;
    if (sw.bold) a |= A_BOLD;
    if (sw.reverse) a |= A_REVERSE;
    wattr_set(w, a, rs_term_swatch_pair(t, index), NULL);
    mvwaddstr(w, y, x, t->utf8 ? sw.glyph : sw.ascii);
}
