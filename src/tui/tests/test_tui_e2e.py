#!/usr/bin/env python3
"""End-to-end test of the interactive view through tmux (stdlib only).

Starts `rnnscope` in a detached tmux session on a private socket, sends keys,
captures the screen and asserts on it, polling with bounded timeouts (the
binary may run under ASan+UBSan, slowly). Exit 77 (skip) only when tmux is
missing.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

EXE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else None
SOCKET = f"rnnscope-test-{os.getpid()}"
SESSION = "rs"
TIMEOUT = float(os.environ.get("RS_E2E_TIMEOUT", "60"))
failures = []


def tmux(*args, check=True):
    return subprocess.run(["tmux", "-L", SOCKET, "-f", "/dev/null", *args],
                          capture_output=True, text=True, check=check)


def terminal_type():
    for term in ("tmux-256color", "screen-256color", "xterm-256color"):
        if subprocess.run(["infocmp", term], capture_output=True).returncode == 0:
            return term
    return "screen"


TERM = terminal_type()


def start(scenario, width=120, height=40, lang="C.UTF-8", extra_env=None, cwd=None, args=None, run=True):
    """Run rnnscope in a fresh session (in cwd; args instead of the
    scenario, e.g. ["lesson", NAME]); the pane stays after it exits.
    run: with --run, training at once (the view itself starts paused after
    the first step, issue 10)."""
    tmux("kill-server", check=False)
    env = {
        "LANG": lang,
        "TERM": TERM,
        "RNNSCOPE_SCENARIO_DIR": os.environ.get("RNNSCOPE_SCENARIO_DIR", ""),
        "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", ""),
        "UBSAN_OPTIONS": os.environ.get("UBSAN_OPTIONS", ""),
    }
    env.update(extra_env or {})
    assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    unset = "" if "NO_COLOR" in env else "-u NO_COLOR "
    # The shell traps SIGINT (so it survives Ctrl-C and reports the status);
    # a trapped signal is back to its default in rnnscope.
    argv = " ".join(shlex.quote(a) for a in (args if args is not None else [scenario] + (["--run"] if run else [])))
    inner = (f"trap : INT; env {unset}-u LC_ALL -u LC_CTYPE {assignments} {shlex.quote(EXE)} {argv}; "
             "echo EXITED $?")
    where = ["-c", cwd] if cwd else []
    tmux("new-session", "-d", "-s", SESSION, "-x", str(width), "-y", str(height), *where,
         "sh -c " + shlex.quote(inner), ";", "set-option", "-t", SESSION, "remain-on-exit", "on")


def screen(escapes=False):
    args = ["capture-pane", "-p", "-t", SESSION]
    if escapes:
        args.insert(2, "-e")
    return tmux(*args, check=False).stdout


def history():
    """The whole pane, scrollback included, wrapped lines joined."""
    return tmux("capture-pane", "-p", "-J", "-S", "-", "-t", SESSION, check=False).stdout


def wait_exit(code, timeout=TIMEOUT):
    """Wait for the shell's 'EXITED code' line (it may have scrolled)."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = history()
        if f"EXITED {code}" in text:
            return text
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for EXITED {code}; pane:\n{text}")


def sequence_length(text):
    return int(re.search(r"T=(\d+)", text).group(1))


def wait_for(what, timeout=TIMEOUT, escapes=False):
    """Poll the screen until `what` (a string, a regex or a predicate) holds."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = screen(escapes)
        if callable(what):
            if what(text):
                return text
        elif isinstance(what, re.Pattern):
            if what.search(text):
                return text
        elif what in text:
            return text
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what!r}; screen:\n{text}")


def settle(check, timeout=TIMEOUT, escapes=False):
    """Poll until check(screen) passes its assertions, and return that screen:
    a capture can catch a frame half redrawn, so a screen is judged only once
    it has had the time to become whole. The last failure is raised."""
    deadline = time.monotonic() + timeout
    while True:
        text = screen(escapes)
        try:
            check(text)
            return text
        except (AssertionError, StopIteration, ValueError, AttributeError):
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)


def keys(*k):
    tmux("send-keys", "-t", SESSION, *k)


def step_number(text):
    m = re.search(r"step (\d+)", text.splitlines()[-2] if text.splitlines() else "")
    return int(m.group(1)) if m else -1


def status_line(text):
    lines = [l for l in text.splitlines() if l.strip()]
    for l in reversed(lines):
        if "quit" in l:
            return l
    return ""


def alternate_on():
    return tmux("display-message", "-p", "-t", SESSION, "#{alternate_on}", check=False).stdout.strip()


def check(name, fn):
    try:
        fn()
        print(f"ok   {name}")
    except Exception as e:  # noqa: BLE001 — report and go on with the next check
        failures.append(name)
        print(f"FAIL {name}: {e}")
    finally:
        tmux("kill-server", check=False)


# ---- the checks ---------------------------------------------------------------

def test_main_screen_and_toggles():
    start("vanishing-sigmoid")
    s = wait_for("Sigmoid forgets")
    for part in ("Through time", "Settings", "Training curves", "Decay", "Theory", "space pause", "? help", "q quit"):
        assert part in s, f"{part!r} missing:\n{s}"
    wait_for(lambda t: "running" in status_line(t))
    s = wait_for(re.compile(r"^│\s+t [1▲][\s▲]", re.M))       # the t axis
    assert "blue = gradient smaller than at t=T (vanishing)" in s, s
    # The legend: the fixed range's decades at its ticks, the three marks named.
    assert re.search(r"10⁻³² .* 10⁻¹⁶ .* 1 .* 10¹⁶ .* 10³² × at t=T", s), s
    assert "✕✕ NaN/Inf" in s and "exactly 0" in s and "no value" in s, s
    # It trains: the step number grows.
    first = int(re.search(r"step (\d+)", status_line(s)).group(1))
    wait_for(lambda t: int(re.search(r"step (\d+)", status_line(t)).group(1)) > first + 20)

    keys("space")
    wait_for(lambda t: "paused" in status_line(t))
    # a, i re-initialise; c, <, > continue; each shows in the config panel.
    # (Waiting for the whole change: a capture may catch a screen half redrawn.)
    keys("a")
    wait_for(lambda t: re.search(r"activation\s+tanh", t) and "weights re-initialised" in t and
             re.search(r"‖ paused\s+step 0\b", status_line(t)))
    keys("n")
    wait_for(lambda t: re.search(r"step 1\b", status_line(t)))
    keys("i")
    wait_for(re.compile(r"W_hh init\s+uniform"))
    keys("n", "n", "n")
    wait_for(lambda t: re.search(r"step 3\b", status_line(t)))
    keys("c")
    wait_for(lambda t: re.search(r"clipping\s+norm", t) and "training continues from step 3" in t and
             re.search(r"step 3\b", status_line(t)))
    keys(">")
    wait_for(re.compile(r"length T\s+75"))
    keys("<", "<")
    wait_for(re.compile(r"length T\s+30"))
    keys("-")
    wait_for(re.compile(r"learning rate\s+0\.025"))
    keys("t")
    wait_for(re.compile(r"BPTT window\s+5 steps"))
    # C cycles model.cell: rnn → lstm; v then offers the lstm's g_c first.
    keys("C")
    wait_for(lambda t: re.search(r"cell: rnn → lstm", t) and re.search(r"│ C\s+cell\s+lstm\s", t))
    keys("v")
    wait_for("g_c ‖∂L/∂c_t‖")
    keys("v")
    wait_for("g_x ‖∂L/∂x_t‖")
    keys("S")
    wait_for(re.compile(r"scale\s+absolute"))
    # Help opens and any key closes it.
    keys("?")
    s = wait_for("Keys (any key closes this help)")
    assert "Re-initialise the weights" in s and "Continue training from the current weights" in s, s
    keys("x")
    wait_for(lambda t: "Keys (any key closes this help)" not in t)
    keys("F1")
    wait_for("Keys (any key closes this help)")
    keys("Escape")
    wait_for(lambda t: "Keys (any key closes this help)" not in t)
    # A key that does nothing says so and breaks nothing.
    keys("Z")
    wait_for("the key 'Z' does nothing here")
    keys("q")
    wait_exit(0)
    assert alternate_on() == "0", "still in the alternate screen"


def test_bptt_step_through():
    start("vanishing-sigmoid")
    wait_for(lambda t: "running" in status_line(t))
    keys("space")
    wait_for(lambda t: "paused" in status_line(t))
    keys("b")
    s = wait_for("BPTT step-through")
    T = sequence_length(s)
    assert f"t = {T} of {T}" in s, s
    assert "stepping BPTT" in status_line(s), status_line(s)
    keys("b")
    s = wait_for("after 1 step back the gradient is")
    # The product of the factors' norms is said to be a bound, not the ratio.
    assert f"t = {T - 1} of {T}" in s and "local factor" in s and "(a bound)" in s, s
    for _ in range(9):
        keys("b")
    wait_for("after 10 steps back the gradient is")
    keys("n")
    s = wait_for(lambda t: "BPTT step-through" not in t)
    assert "paused" in status_line(s), status_line(s)
    # The inspector: arrow keys show a cell's t, step and exact value.
    keys("Left")
    s = wait_for(re.compile(rf"▲ t = {T} · step \d+ · g_h = \S+"))
    keys("Left", "Up")
    wait_for(re.compile(rf"▲ t = {T - 1} · step \d+"))
    keys("q")
    wait_exit(0)


def test_mouse_click_inspects():
    start("vanishing-sigmoid")
    # Enough steps for rows all the way up the grid (a slow build pauses early
    # otherwise, and the click lands above the first row).
    wait_for(lambda t: "running" in status_line(t) and step_number(t) > 100, timeout=max(TIMEOUT, 120))
    keys("space")
    s = wait_for(lambda t: "paused" in status_line(t))
    # An SGR mouse click (button 1 press + release) at the middle of the heatmap.
    rows = s.splitlines()
    axis = next(i for i, l in enumerate(rows) if re.match(r"^│\s+t [1▲][\s▲]", l))
    # A cell in the grid whose X10 coordinate bytes are plain digits and
    # letters (tmux's command parser would take a trailing ';' as a separator).
    y, x = 8, 40
    assert 4 < y < axis, s
    # X10 mouse encoding (what ncurses asks for with kmous=\E[M): button 1 pressed.
    press = "\x1b[M" + chr(32 + 0) + chr(33 + x) + chr(33 + y)
    tmux("send-keys", "-t", SESSION, "-l", press)
    wait_for(re.compile(r"▲ t = \d+ · step \d+ · g_h ="), timeout=15)
    keys("q")
    wait_exit(0)


def test_divergence_banner():
    start("exploding-relu")
    s = wait_for("exploding gradients:", timeout=max(TIMEOUT, 120))
    assert re.search(r"exploding gradients: the [\w ]+ (became (NaN|Inf)|passed 10¹⁰⁰) at step \d+|"
                     r"exploding gradients: the update overflowed", s), s
    assert "cures: c clipping" in s and "- learning rate" in s and "i init" in s, s
    assert "diverged" in status_line(s), status_line(s)
    stuck = int(re.search(r"at step (\d+)", status_line(s)).group(1))
    # The cure: clipping on, then the failed step redone from the last finite weights.
    keys("c")
    wait_for(re.compile(r"clipping\s+norm"))
    keys("n")
    s = wait_for(lambda t: re.search(r"step (\d+)", status_line(t)) and "diverged" not in status_line(t) and
                 int(re.search(r"step (\d+)", status_line(t)).group(1)) == stuck)
    assert f"recovered: step {stuck} trained" in " ".join(s.split()), s
    keys("q")
    wait_exit(0)


def test_gated_cells():
    """C cycles the cell; the views and the theory say what applies to each."""
    start("vanishing-sigmoid")
    wait_for(lambda t: "running" in status_line(t))
    keys("space")
    wait_for(lambda t: "paused" in status_line(t))
    keys("C")

    def lstm(s):
        assert re.search(r"│ C\s+cell\s+lstm\s", s) and "cell: rnn → lstm" in s, s
        assert re.search(r"activation\s+n/a: σ, tanh", s), s
        assert not re.search(r"NaN(?!/Inf)", s), s          # the legend's "NaN/Inf" aside
        assert "Pascanu's" in s and "does not apply" in s, s      # wrapped in the theory box
        assert re.search(r"mean f = \S+ · σ_max\(W_hh\) = \S+", s), s

    settle(lstm)
    keys("n")
    settle(lambda s: (re.search(r"step 1\b", status_line(s)) and not re.search(r"NaN(?!/Inf)", s) and
                      re.search(r"mean f = 0\.\d+", s)) or fail(s))
    keys("v")
    settle(lambda s: "v g_c ‖∂L/∂c_t‖: the cell-state path, the constant error carousel" in s or fail(s))
    for _ in range(3):
        keys("v")
    settle(lambda s: "v dact mean f_t: mean forget gate f" in s or fail(s))
    # a has nothing to choose on a gated cell, and says so.
    keys("a")
    settle(lambda s: "the lstm has no activation to choose" in s or fail(s))
    keys("C")

    def gru(s):
        assert re.search(r"│ C\s+cell\s+gru\s", s) and "cell: lstm → gru" in s, s
        assert "v dact mean (1 − z_t): mean 1 − z" in s, s
        assert not re.search(r"NaN(?!/Inf)", s) and "multiplied by z" in s, s

    settle(gru)
    keys("v", "v", "v", "v", "v", "v", "v")  # sat, units, spectrum, itemized, phase, g_h, then g_x: no g_c for the gru
    settle(lambda s: "v g_x " in s or fail(s))
    keys("C")

    def skip(s):
        assert re.search(r"│ C\s+cell\s+skip\s", s) and "cell: gru → skip" in s, s
        # Pascanu's bound does not cover the skip path: γ·σ_max is shown, not as a bound.
        assert re.search(r"γ·σ_max = \S+ × \S+ = \S+", s) and "bound γ·σ_max" not in s, s
        assert "skip path (k = " in s and "no bound on g_h" in s, s

    settle(skip)
    keys("C")
    settle(lambda s: (re.search(r"│ C\s+cell\s+rnn\s", s) and "cell: skip → rnn" in s) or fail(s))
    # The step-through of a gated cell names the Jacobian of its whole state.
    keys("C", "n", "b", "b")
    settle(lambda s: re.search(r"local factor ‖∂\(h,c\)_\d+/∂\(h,c\)_\d+‖₂ = \S+", s) or fail(s))
    keys("q")
    wait_exit(0)


def side_steps(text):
    """Compare mode's status line: the step of the left and of the right side."""
    st = status_line(text)
    left = re.search(r"left: (?:✕ diverged at )?step (\d+)", st)
    right = re.search(r"right: (?:✕ diverged at )?step (\d+)", st)
    return (int(left.group(1)) if left else -1, int(right.group(1)) if right else -1)


def config_row(text, name):
    """The settings panel's row of a setting, from its name to the panel's border."""
    for line in text.splitlines():
        m = re.search(rf"│ (?:\S \S|\S) +{re.escape(name)}\s+(.*?)\s*[↺]?\s*│", line)
        if m:
            return m.group(1)
    return None


def focus_border_coloured(escaped, label):
    """Whether the box whose title holds label has its corner in the focus colour."""
    for line in escaped.splitlines():
        plain = re.sub(r"\x1b\[[0-9;]*m", "", line)
        if label not in plain or "╭" not in plain:
            continue
        at = line.index(label)
        corner = line.rfind("╭", 0, at)
        codes = re.findall(r"\x1b\[([0-9;]*)m", line[:corner])
        return any("38;5;226" in c or re.search(r"(^|;)33(;|$)", c) for c in codes[-3:])
    return False


def test_compare_mode():
    start("vanishing-sigmoid")
    wait_for(lambda t: "running" in status_line(t))
    keys("space")
    wait_for(lambda t: "paused" in status_line(t))
    keys("m")

    def split(s):
        # two heatmaps, both cells named, the focus on the left
        assert "▶ left: rnn sigmoid ◀ keys act here" in s, s
        assert "right: lstm (Tab focuses)" in s, s
        assert len(re.findall(r"v g_h ‖∂L/∂h_t‖", s)) == 2, s
        assert len(re.findall(r"^│\s+t [1▲][\s▲]|││\s+t [1▲][\s▲]", s, re.M)) >= 1 and len(re.findall(r" t [1▲][ ▲]", s)) >= 2, s
        assert "left rnn sigmoid | right lstm" in s.splitlines()[0], s
        assert side_steps(s) == (0, 0), status_line(s)
        assert "on the very same batches from step 0" in s, s
        row = config_row(s, "cell")
        assert row and re.match(r"rnn\s+lstm$", row), row
        assert "Training curves of both sides" in s and "Theory vs measurement" in s and "Decay" in s, s
        assert re.search(r"left: rnn sigmoid\s", s) and re.search(r"right: lstm\s", s), s

    settle(split)
    settle(lambda e: focus_border_coloured(e, "▶ left: rnn sigmoid") or fail(e), escapes=True)
    keys("n", "n")
    settle(lambda s: side_steps(s) == (2, 2) or fail(status_line(s)))
    # Tab moves the focus, visibly.
    keys("Tab")

    def right_focus(s):
        assert "▶ right: lstm ◀ keys act here" in s and "left: rnn sigmoid (Tab focuses)" in s, s
        assert "focus: the right side" in s, s

    settle(right_focus)
    settle(lambda e: focus_border_coloured(e, "▶ right: lstm") or fail(e), escapes=True)
    # C acts on the focused side: lstm → gru → skip (the skip cell has an activation).
    keys("C")
    settle(lambda s: ("right: cell: lstm → gru" in s and re.match(r"rnn\s+gru$", config_row(s, "cell") or "")) or fail(s))
    keys("C")
    settle(lambda s: (re.match(r"rnn\s+skip$", config_row(s, "cell") or "") and side_steps(s) == (2, 0)) or fail(s))
    # a on the left changes only the left's activation.
    keys("Tab")
    settle(lambda s: "▶ left: rnn sigmoid ◀" in s or fail(s))
    keys("a")

    def left_tanh(s):
        assert re.match(r"tanh\s+sigmoid$", config_row(s, "activation") or ""), config_row(s, "activation")
        assert "left: activation: sigmoid → tanh" in s and "(the right goes on)" in s, s
        assert side_steps(s) == (0, 0), status_line(s)

    settle(left_tanh)
    # < > change the task: both sides, they share the batches.
    keys(">")
    settle(lambda s: ("both sides: length T: 50 → 75" in s and config_row(s, "length T") == "75") or fail(s))
    keys("n")
    settle(lambda s: side_steps(s) == (1, 1) or fail(status_line(s)))
    # m again: one model, the left kept.
    keys("m")
    settle(lambda s: ("compare off: kept the left side (rnn tanh" in s and "Through time" in s and
                      re.search(r"step 1\b", status_line(s))) or fail(s))
    keys("m")
    settle(lambda s: "left rnn tanh | right lstm" in s or fail(s))
    keys("q")
    wait_exit(0)
    assert alternate_on() == "0", "still in the alternate screen"


def scenario_file(text):
    path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"rnnscope-e2e-{os.getpid()}-{abs(hash(text))}.scn")
    with open(path, "w") as f:
        f.write(text)
    return path


def test_compare_scenario_divergence():
    """A [compare] scenario opens split; one side diverges, the other trains on."""
    path = scenario_file("[scenario]\ntitle = Clip or not\n"
                         "[model]\ncell = rnn\nactivation = relu\nhidden = 32\n"
                         "[init]\nrecurrent = gaussian\nstd = 0.2\n"
                         "[task]\nname = adding\nlength = 50\n"
                         "[train]\noptimizer = sgd\nlr = 0.1\nbatch = 16\nclip = none\nseed = 1\n"
                         "[compare]\ntrain.clip = norm\ntrain.clip_threshold = 1\n")
    try:
        start(path)
        s = wait_for(lambda t: "left: ✕ diverged at step" in status_line(t),
                     timeout=max(TIMEOUT, 120))
        assert "left rnn relu clip none | right rnn relu clip norm" in s.splitlines()[0], s

        def halted(s):
            assert re.search(r"left: ✕ diverged at step \d+", status_line(s)), status_line(s)
            assert "right: step" in status_line(s) and "running" in status_line(s), status_line(s)
            # the banner on the left side only
            where = [m.start() for l in s.splitlines()
                     for m in re.finditer(r"exploding gradients|the (loss|gradient) became|the update overflowed", l)]
            assert where and all(x < 60 for x in where), s

        s = settle(halted)
        stuck, right = side_steps(s)
        wait_for(lambda t: side_steps(t)[1] > right + 20 and side_steps(t)[0] == stuck)   # the right trains on
        keys("space")
        s = wait_for(lambda t: "paused" in status_line(t))
        stuck, right = side_steps(s)
        # The cure on the left (it has the focus); the right is not touched.
        keys("c")
        settle(lambda s: ("left: clipping: none → norm" in s and re.match(r"norm\s+norm$", config_row(s, "clipping") or ""))
               or fail(s))
        keys("n")
        # The failed step is redone: the left counts it now, the right trained one more.
        settle(lambda s: (side_steps(s) == (stuck, right + 1) and "recovered" in s) or fail(s))
        keys("q")
        wait_exit(0)
    finally:
        os.unlink(path)


def test_compare_compact():
    """Compare mode at 80×24 (side by side, compact) and 60×20 (one side at a time)."""
    start("lstm-remembers", width=80, height=24)
    wait_for(lambda t: "running" in status_line(t))
    keys("m")

    def split(s):
        assert longest_line(s) <= 80, s
        assert re.search(r"─ ▶ left: lstm\s+─ v g_h", s) and re.search(r"│─ right: rnn tanh ─ v g_h", s), s
        lines = s.splitlines()
        assert sum(1 for l in lines if len(l) > 39 and l[39] == "│") >= 10, s     # the divider
        assert re.search(r"▸L \d+ \S+ │ R \d+ \S+", status_line(s)), status_line(s)
        assert "right: rnn tanh" in s and "Loss of" not in s, s

    settle(split)
    keys("Tab")
    settle(lambda s: (re.search(r"│─ ▶ right: rnn tanh\s+─", s) and re.search(r"─ left: lstm ─ v", s)) or fail(s))
    tmux("set-option", "-t", SESSION, "window-size", "manual", check=False)
    tmux("resize-window", "-t", SESSION, "-x", "60", "-y", "20")

    def one(s):
        assert longest_line(s) <= 60, s
        assert "compare: right (Tab: left)" in s.splitlines()[0], s
        assert re.search(r"─ ▶ right: rnn tanh\s+─", s) and "left: lstm" not in s.split("\n", 1)[1].rsplit("\n", 3)[0], s

    settle(one)
    keys("Tab")
    settle(lambda s: ("compare: left (Tab: right)" in s and re.search(r"─ ▶ left: lstm\s+─", s)) or fail(s))
    keys("q")
    wait_exit(0)
    assert alternate_on() == "0"


def test_export_figure():
    """e writes the heatmap as SVG and CSV into the session's folder, never over a file."""
    folder = tempfile.mkdtemp(prefix="rnnscope-e2e-export-")
    try:
        start("vanishing-sigmoid", cwd=folder)
        wait_for(lambda t: "running" in status_line(t))
        keys("space")
        s = wait_for(lambda t: "paused" in status_line(t))
        step = int(re.search(r"step (\d+)", status_line(s)).group(1))
        keys("e")
        base = f"rnnscope-vanishing-sigmoid-g_h-step{step}"
        s = settle(lambda t: f"wrote {base}.svg and {base}.csv in /" in t or fail(t))      # the folder, maybe cut
        svg, csv = os.path.join(folder, base + ".svg"), os.path.join(folder, base + ".csv")
        assert os.path.getsize(svg) > 1000 and os.path.getsize(csv) > 100, os.listdir(folder)
        if shutil.which("xmllint"):
            r = subprocess.run(["xmllint", "--noout", svg], capture_output=True, text=True)
            assert r.returncode == 0, r.stderr
        else:
            import xml.dom.minidom
            xml.dom.minidom.parse(svg)
        with open(csv) as f:
            header, first = f.readline(), f.readline()
        assert header.startswith("step,t_1,t_2,") and header.rstrip().endswith(",t_50"), header
        assert re.match(r"\d+,[0-9.e+-]+,", first), first
        # Again: a second pair beside the first, the first untouched.
        before = os.path.getmtime(svg), os.path.getsize(svg)
        keys("e")
        settle(lambda t: f"wrote {base}-2.svg and {base}-2.csv" in t or fail(t))
        assert os.path.exists(os.path.join(folder, base + "-2.csv"))
        assert (os.path.getmtime(svg), os.path.getsize(svg)) == before
        # A folder that cannot be written (gone): the message line says so.
        for name in os.listdir(folder):
            os.unlink(os.path.join(folder, name))
        os.rmdir(folder)
        keys("e")
        settle(lambda t: re.search(r"cannot write rnnscope-\S+\.svg in .*No such file or directory", " ".join(t.split()))
               or fail(t))
        keys("q")
        wait_exit(0)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_lesson_player():
    """rnnscope lesson: captions, → and ←, the same state when going back, q."""
    start(None, args=["lesson", "vanishing-sigmoid"])

    def step1(s):
        assert "Lesson 1/4 · Where the gradient goes" in s, s
        assert "Each column is a timestep t of the sequence" in s, s
        assert re.search(r"‖ paused\s+step 200\b", status_line(s)), status_line(s)
        assert "→ or PgDn: next step" in s, s

    first = settle(step1, timeout=max(TIMEOUT, 120))
    first_status = re.search(r"step \d+\s+loss \S+", status_line(first)).group(0)
    keys("Right")

    def step2(s):
        assert "Lesson 2/4 · A product of small factors" in s and "Going back one step multiplies" in s, s
        assert "step 201, going back at t = 38" in status_line(s), status_line(s)
        assert re.search(r"t = 39 of 50", s) and "▲t=38" in s, s       # the step-through, and t=38 pointed at

    settle(step2, timeout=max(TIMEOUT, 120))
    keys("Left")

    def back(s):
        step1(s)
        # replayed from the seeds: exactly the numbers of the first time
        assert re.search(r"step \d+\s+loss \S+", status_line(s)).group(0) == first_status, (status_line(s), first_status)

    settle(back, timeout=max(TIMEOUT, 120))
    keys("Left")
    settle(lambda s: "this is the first step" in s or fail(s))
    # A key that changes the session: the next page is replayed, still exact.
    keys("n")
    settle(lambda s: re.search(r"step 201\b", status_line(s)) or fail(s))
    keys("PageDown")
    settle(step2, timeout=max(TIMEOUT, 120))
    keys("?")
    s = wait_for("The lesson")
    assert "→ PgDn" in s and "next step of the lesson" in s and "hjkl" in s, s
    keys("x")
    wait_for(lambda t: "next step of the lesson" not in t)
    keys("q")
    wait_exit(0)
    assert alternate_on() == "0"


def test_lesson_autoplay_and_compact():
    """--autoplay turns the pages by itself and stays on the last; the caption fits 80×24."""
    start(None, args=["lesson", "exploding-relu", "--autoplay", "1"], width=80, height=24)
    # Judge the order of the pages seen, not the moment: a loaded machine
    # may poll a page too late to see it.
    seen = []
    deadline = time.monotonic() + max(TIMEOUT, 120) * 2
    while time.monotonic() < deadline:
        s = screen()
        m = re.search(r"Lesson (\d)/5 · ", s)
        if m and (not seen or seen[-1] != int(m.group(1))):
            assert longest_line(s) <= 80, s
            seen.append(int(m.group(1)))
        if seen and seen[-1] == 5:
            break
        time.sleep(0.1)
    assert seen and seen[-1] == 5 and len(seen) >= 2 and seen == sorted(seen), seen
    time.sleep(2.5)
    s = screen()
    assert "Lesson 5/5 · " in s, s                  # the last step stays
    keys("q")
    wait_exit(0)

def fail(text):
    raise AssertionError(text)


def longest_line(text):
    return max((len(l) for l in text.splitlines()), default=0)


def heat_rows_coloured(text_with_escapes):
    """Lines between the compact heatmap's header rule and its t axis that
    carry a background colour (a heatmap cell)."""
    lines = text_with_escapes.splitlines()
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", l) for l in lines]
    top = next(i for i, l in enumerate(plain) if re.match(r"^─ v \w+ ", l))
    axis = next(i for i, l in enumerate(plain) if re.match(r"^\s+t [1▲][\s▲]", l))
    return sum(1 for l in lines[top + 1:axis] if re.search(r"\x1b\[[0-9;]*(48;5;\d+|4[0-7])[;m]", l))


def test_resize():
    start("vanishing-sigmoid")
    wait_for("Sigmoid forgets")
    tmux("set-option", "-t", SESSION, "window-size", "manual", check=False)
    tmux("resize-window", "-t", SESSION, "-x", "100", "-y", "30")
    s = wait_for(lambda t: max(len(l) for l in t.splitlines()) <= 100 and "Sigmoid forgets" in t and
                 re.search(r"╯\s*$", t.splitlines()[27] if len(t.splitlines()) > 27 else ""))
    assert "Settings" in s and "q quit" in s, s

    # 60×20: the compact layout, not the enlarge message.
    tmux("resize-window", "-t", SESSION, "-x", "60", "-y", "20")

    def compact(s):
        assert longest_line(s) <= 60 and "Settings" not in s, s
        assert "enlarge to 80×24" in s and "enlarge the terminal" not in s, s
        assert s.splitlines()[0].startswith(" rnnscope · Sigmoid forgets"), s
        assert re.search(r"^─ v g_h ‖∂L/∂h_t‖: how much the loss", s, re.M), s          # the view, its meaning
        assert re.search(r"^\s+t [1▲][\s▲].*\b50$", s, re.M), s                            # the t axis, 1 … T
        assert "× at t=T" in s and "vanishing" in s and "NaN/Inf" in s, s            # legend, caption
        for part in ("C rnn", "a sigmoid", "i g G gaussian σ 0.1", "c clip none", "- + lr 0.05", "< > T 50"):
            assert part in s, f"{part!r} missing from the settings summary:\n{s}"
        assert re.search(r"^─ Inspector ─", s, re.M), s
        status = status_line(s)
        assert re.search(r"▶ running\s+step \d+\s+loss \S+", status) and "q quit" in status, status
        assert "Loss and" not in s and "Theory" not in s, s

    s = settle(compact)
    settle(lambda e: heat_rows_coloured(e) >= 3 or fail(e), escapes=True)
    # It still trains, and the keys still work.
    first = step_number(s)
    wait_for(lambda t: step_number(t) > first + 20)
    keys("c")
    settle(lambda t: ("c clip norm" in t and "clipping: none → norm" in t) or fail(t))
    # The help fits: pages, each within the screen.
    keys("?")
    s = wait_for(re.compile(r"Keys 1/\d · space: more · other keys close"))
    pages = int(re.search(r"Keys 1/(\d)", s).group(1))
    assert longest_line(s) <= 60 and len(s.splitlines()) <= 20, s
    assert "Training" in s and "run / pause training" in s, s
    for page in range(2, pages + 1):
        keys("space")
        # judged once the page is whole: a capture may catch it half drawn while training runs
        last = page == pages
        s = settle(lambda t, page=page, last=last: (f"Keys {page}/{pages} · " in t and longest_line(t) <= 60 and
                                                   (not last or "quit (also Q, Ctrl-C)" in t)) or fail(t))
    assert "any key closes" in s and "quit (also Q, Ctrl-C)" in s, s
    keys("x")
    wait_for(lambda t: f"Keys {pages}/{pages}" not in t and "enlarge to 80×24" not in t)   # the message says what c did

    # 20×8: the enlarge message, wrapped to fit.
    tmux("resize-window", "-t", SESSION, "-x", "20", "-y", "8")
    s = wait_for(lambda t: "(now 20×8)" in " ".join(l.strip() for l in t.splitlines()))
    joined = " ".join(l.strip() for l in s.splitlines() if l.strip())
    assert "enlarge the terminal to at least 44×14 (now 20×8) q quit" in joined, s
    assert all(len(l) <= 20 for l in s.splitlines()), s
    # Back to 120×40: the full layout.
    tmux("resize-window", "-t", SESSION, "-x", "120", "-y", "40")

    def full(s):
        assert "Sigmoid forgets" in s and "Through time" in s and "enlarge" not in s, s
        for part in ("Settings", "Training curves", "Theory vs measurement", "Inspector", "Decay"):
            assert part in s, f"{part!r} missing after the resize:\n{s}"

    settle(full)
    keys("q")
    wait_exit(0)
    assert alternate_on() == "0"


def test_compact_divergence_and_bptt():
    start("exploding-relu", width=60, height=20)
    wait_for("Diverged: exploding gradients", timeout=max(TIMEOUT, 120))

    def banner(s):
        assert longest_line(s) <= 60, s
        # The banner, readable: what happened, the cures, how to go on.
        assert re.search(r"✕ the (loss|gradient|gradient norm) (became (NaN|Inf)|passed 10¹⁰⁰) at step \d+|"
                         r"✕ the update overflowed", s), s
        assert "cures: c clipping · - lr · i init" in s, s
        assert re.search(r"then n (redoes|retries) step \d+ · r restarts", s), s
        assert "diverged" in status_line(s), status_line(s)
        # The few rows of the heatmap say what they are.
        assert re.search(r"one row per step; ✕\d+: the attempt that diverged", s), s

    s = settle(banner)
    stuck = step_number(s)
    keys("c")
    wait_for("c clip norm")
    keys("n")
    # The failed step, redone: one number before and after.
    settle(lambda t: (step_number(t) == stuck and "recovered" in t and "diverged" not in status_line(t)) or fail(t))
    # The step-through's caption in the compact info lines.
    keys("b")
    wait_for("─ BPTT step-through ─")
    keys("b")

    def caption(s):
        assert re.search(r"t = 49 of 50 · ‖∂L/∂h_t‖ = \S+", s), s
        assert "1 step back: " in s and "its size at t=T" in s, s
        assert "stepping BPTT" in status_line(s), status_line(s)
        assert "b: one step further back · n: finish the step" in s, s      # the message line says what next

    settle(caption)
    keys("q")
    wait_exit(0)
    assert alternate_on() == "0"


def test_settings_at_80x24():
    """From 30 lines every setting has its row with its key; at 80×24 the
    settings are a summary beside the heat map, decay profile and curves."""
    start("vanishing-sigmoid", width=80, height=30, run=False)
    wait_for(lambda t: "paused" in status_line(t))

    def settings(s):
        want = [("a", "activation"), ("i g G", "W_hh init"), ("C", "cell"), ("u U", "hidden units"), ("s", "weight seed"),
                ("c", "clipping"), ("{ }", "threshold"), ("t", "BPTT window"), ("o", "optimiser"), ("- +", "learning rate"),
                ("< >", "length T"), ("v V", "view"), ("S", "scale"), ("w", "input row")]
        for key, name in want:
            assert re.search(rf"│ {re.escape(key)}\s+{re.escape(name)}\s+\S", s), f"{key} {name} missing:\n{s}"
        assert "↺ = re-initialises" in s, s
        # The theory's two short lines close the loss box.
        assert "Training curves and theory" in s and re.search(r"γ·σ_max = \S+ < 1: must shrink", s), s
        assert re.search(r"measured \S+× per step back", s), s
        assert longest_line(s) <= 80, s

    settle(settings)
    tmux("set-option", "-t", SESSION, "window-size", "manual", check=False)
    tmux("resize-window", "-t", SESSION, "-x", "80", "-y", "24")

    def ruled(s):
        assert longest_line(s) <= 80 and len(s.splitlines()) <= 24, s
        for part in ("Settings · ↺ re-initialises", "C rnn", "a sigmoid", "i g G gaussian σ 0.1", "- + lr 0.05",
                     "Training curves", "Theory vs measurement", "Decay", "Inspector"):
            assert part in s, f"{part!r} missing at 80x24:\n{s}"

    settle(ruled)
    keys("q")
    wait_exit(0)


def test_no_color():
    start("vanishing-sigmoid", extra_env={"NO_COLOR": "1"})
    wait_for(lambda t: "running" in status_line(t))
    keys("space")
    s = wait_for(lambda t: "paused" in status_line(t))
    assert "XX NaN/Inf" in s and "00 exactly 0" in s and "blank no value" in s, s
    assert "..,, 10⁻¹⁶ ::;;-- 1 ==++** 10¹⁶ ##%%@@ 10³²" in s, "no character ramp in the legend:\n" + s
    e = screen(escapes=True)
    assert not re.search(r"\x1b\[[0-9;]*(3[0-7]|4[0-7]|38;5;\d+|48;5;\d+)m", e), "colours despite NO_COLOR"
    keys("q")
    wait_exit(0)


def test_not_utf8():
    start("vanishing-sigmoid", lang="C")
    wait_for(lambda t: "running" in status_line(t))
    keys("space")
    s = wait_for(lambda t: "paused" in status_line(t))
    assert "╭" not in s and "▀" not in s and "─" not in s, s
    assert "+-" in s and "XX NaN/Inf" in s and "1e-32" in s, s
    assert "1e-" in s, s                     # powers of ten without superscripts
    # The scenario's summary is UTF-8: transliterated, never raw bytes.
    assert "sigma' <= 1/4" in s and "1/4.sigma_max(W_hh)" in s, s
    assert "M-" not in s, s
    keys("?")
    wait_for("Keys (any key closes this help)")
    keys("q")                                # closes the help
    wait_for(lambda t: "Keys (any key" not in t)
    keys("q")
    wait_exit(0)


def test_signals_restore_terminal():
    start("vanishing-sigmoid")
    wait_for(lambda t: "running" in status_line(t))
    keys("C-c")
    wait_exit(130)
    assert alternate_on() == "0", "Ctrl-C left the alternate screen on"

    start("vanishing-sigmoid")
    wait_for(lambda t: "running" in status_line(t))
    shell = tmux("display-message", "-p", "-t", SESSION, "#{pane_pid}").stdout.strip()
    pid = None
    deadline = time.monotonic() + TIMEOUT
    while pid is None and time.monotonic() < deadline:
        for p in os.listdir("/proc"):
            if p.isdigit():
                try:
                    with open(f"/proc/{p}/stat") as f:
                        fields = f.read().rsplit(")", 1)[1].split()
                    with open(f"/proc/{p}/cmdline", "rb") as f:
                        cmd = f.read()
                except OSError:
                    continue
                if fields[1] == shell and b"rnnscope" in cmd:
                    pid = int(p)
        time.sleep(0.1)
    assert pid, "rnnscope process not found"
    os.kill(pid, 15)
    wait_exit(143)
    assert alternate_on() == "0", "SIGTERM left the alternate screen on"


def test_headless_and_bad_config():
    env = dict(os.environ)
    r = subprocess.run([EXE, "vanishing-sigmoid"], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       env=env, timeout=TIMEOUT)
    assert r.returncode == 2, r
    assert "the interactive view needs a terminal; use `rnnscope run` for headless training" in r.stderr, r.stderr
    r = subprocess.run([EXE, "no-such-scenario"], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       env=env, timeout=TIMEOUT)
    assert r.returncode == 2 and "no-such-scenario" in r.stderr and r.stdout == "", r
    # A bad scenario file in a terminal: the message, exit 2, the screen untouched.
    bad = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"rnnscope-bad-{os.getpid()}.scn")
    with open(bad, "w") as f:
        f.write("[model]\nactivation = softsign\n")
    try:
        start(bad)
        s = wait_exit(2)
        assert "model.activation" in s and "softsign" in s, s
        assert alternate_on() == "0"
    finally:
        os.unlink(bad)


# ---- issue 10, part B ---------------------------------------------------------

def test_default_start_paused():
    """The view starts paused after the first step, drawn (a heat-map row, the
    decay profile), with "space: train"; space trains; --run trains at once."""
    start("vanishing-sigmoid", run=False)

    def first(s):
        st = status_line(s)
        assert "paused" in st and re.search(r"step 1\b", st) and "space: train" in st, st
        assert "space trains" in s, s
        assert re.search(r"^│\s+1 \S", s, re.M), s                    # the first row, labelled 1
        assert "Decay ‖∂L/∂h_t‖/‖∂L/∂h_T‖ of step 1" in s, s
        assert "no step yet" not in s, s

    settle(first)
    time.sleep(1.5)
    assert re.search(r"step 1\b", status_line(screen())), "it trained without a key"
    keys("space")
    wait_for(lambda t: "running" in status_line(t) and step_number(t) > 5)
    keys("q")
    wait_exit(0)
    start("vanishing-sigmoid")          # --run
    wait_for(lambda t: "running" in status_line(t) and step_number(t) > 5)
    keys("q")
    wait_exit(0)


def test_speed_keys():
    """( and ) walk the speed ladder, the status line shows it, and the rate follows."""
    start("vanishing-sigmoid", run=False)
    wait_for(lambda t: "paused" in status_line(t) and "speed max" in status_line(t))
    for _ in range(6):
        keys("(")
    s = wait_for(lambda t: "speed 1/s" in status_line(t))
    assert "training speed: 1 step/s" in s, s
    keys("(")
    wait_for("1 step/s is the slowest")
    keys(")")
    wait_for(lambda t: "speed 2/s" in status_line(t))
    keys("space")
    wait_for(lambda t: "running" in status_line(t))
    start_step = step_number(screen())
    t0 = time.monotonic()
    time.sleep(3.0)
    s = screen()
    grown = step_number(s) - start_step
    elapsed = time.monotonic() - t0
    # 2 steps a second (a loaded machine may lag, never run ahead)
    assert 2 <= grown <= 2 * elapsed + 2, (grown, elapsed, status_line(s))
    assert re.search(r"speed 2/s\s+·\s+\d+ steps/s", status_line(s)), status_line(s)
    for _ in range(5):
        keys(")")
    s = wait_for(lambda t: "speed max" in status_line(t))
    first = step_number(s)
    wait_for(lambda t: step_number(t) > first + 30)
    keys("q")
    wait_exit(0)


def test_divergence_one_number():
    """exploding-relu: the banner, the status line and the heat map's row
    label name the same failed step; the loss curve marks it ✕."""
    start("exploding-relu")

    def one_number(s):
        banner = re.search(r"exploding gradients: .* at step (\d+) — training halted", s)
        status = re.search(r"✕ diverged\s+at step (\d+)", status_line(s))
        row = re.search(r"✕(\d+) ", s)
        redo = re.search(r"then space or n redoes step (\d+)", s)
        assert banner and status and row and redo, s
        n = {banner.group(1), status.group(1), row.group(1), redo.group(1)}
        assert len(n) == 1, (n, s)
        assert "recovered" not in s, s

    s = settle(one_number, timeout=max(TIMEOUT, 120))
    assert "Training curves" in s and "✕" in s.split("Training curves", 1)[1], s
    keys("q")
    wait_exit(0)


def test_header_marks_a_changed_scenario():
    """Once a setting differs from the scenario's, the title and the summary say how."""
    start("vanishing-sigmoid", run=False)
    s = wait_for(lambda t: "paused" in status_line(t))
    assert "changed" not in s.splitlines()[0], s.splitlines()[0]
    keys("a")

    def changed(s):
        assert "Sigmoid forgets — changed: activation tanh" in s.splitlines()[0], s.splitlines()[0]
        assert "Changed from the scenario: activation tanh." in " ".join(s.split()), s

    settle(changed)
    # back to the scenario's own: nothing to say
    keys("a", "a", "a")
    settle(lambda s: ("changed" not in s.splitlines()[0] and re.search(r"activation\s+sigmoid", s)) or fail(s))
    keys("q")
    wait_exit(0)
    # a run made with --set is not the scenario either
    start(None, args=["vanishing-sigmoid", "--set", "train.lr=0.1", "--set", "model.hidden=64"])
    settle(lambda s: "Sigmoid forgets — changed: H 64, lr 0.1" in s.splitlines()[0] or fail(s))
    keys("q")
    wait_exit(0)


def test_live_keys():
    """o cycles the optimiser (training continues), u U the hidden size and
    g G W_hh's scale (both re-initialise), as the settings panel shows."""
    start("vanishing-sigmoid", run=False)
    wait_for(lambda t: "paused" in status_line(t))
    keys("o")
    settle(lambda s: (re.search(r"optimiser\s+momentum 0\.9", s) and "optimiser: sgd → momentum" in s and
                      "training continues from step 1" in s) or fail(s))
    keys("U")
    settle(lambda s: (re.search(r"hidden units\s+64", s) and "hidden units H: 32 → 64" in s and
                      "weights re-initialised" in s and re.search(r"step 0\b", status_line(s))) or fail(s))
    keys("g")
    settle(lambda s: (re.search(r"W_hh init\s+gaussian σ 0\.08", s) and "W_hh std: 0.1 → 0.08" in s) or fail(s))
    # the message names a setting as the settings panel does: a window of 0 is "full"
    keys("t")
    settle(lambda s: ("BPTT window: full → 5" in s and re.search(r"BPTT window\s+5 steps", s)) or fail(s))
    keys("?")
    s = wait_for("Keys")
    for k in ("o      optimiser", "u U    half / twice the hidden units", "g G    W_hh's scale", "( )    slower / faster"):
        assert k in s, f"{k!r} not in the help:\n{s}"
    keys("x")
    keys("q")
    wait_exit(0)


def panel_lines(text, title, stop):
    """The lines of a panel's column from the line under its title (a
    regex) to the first that matches stop, in the columns of the title's box."""
    lines = text.splitlines()
    for i, l in enumerate(lines):
        m = re.search(title, l)
        if not m:
            continue
        x0 = l.rfind("╭", 0, m.start())
        x0 = x0 if x0 >= 0 else max(l.rfind("─", 0, m.start()) - 1, 0)
        out = []
        for l2 in lines[i + 1:]:
            part = l2[x0:]
            if re.search(stop, part):
                return out
            out.append(part)
        return out
    raise AssertionError(f"no {title!r}:\n{text}")


def test_layouts():
    """At 80×24, 100×30, 120×40 and 200×60: the heat map, the decay profile
    and the loss curve keep 5 rows or more, nothing runs off the screen."""
    for cols, rows in ((80, 24), (100, 30), (120, 40), (200, 60)):
        start("vanishing-sigmoid", width=cols, height=rows)
        wait_for(lambda t: "running" in status_line(t) and step_number(t) > 100, timeout=max(TIMEOUT, 120))
        keys("space")

        def rows_ok(s, cols=cols, rows=rows):
            assert "paused" in status_line(s), status_line(s)
            assert longest_line(s) <= cols and len(s.splitlines()) <= rows, s
            heat = panel_lines(s, r"v g_h ‖∂L/∂h_t‖", r"^\W*t [1▲][\s▲]")
            decay = panel_lines(s, r"Decay", r"^\W*t [1▲][\s▲]")
            loss = panel_lines(s, r"Training curves", r"‖g‖| step ")
            assert len(heat) >= 5, (cols, rows, "heat", heat)
            assert len(decay) >= 5, (cols, rows, "decay", decay)
            assert len(loss) - 1 >= 5, (cols, rows, "loss", loss)      # less the numbers line
            assert "chance" in "".join(loss), loss
            assert "Theory vs measurement" in s or "Training curves and theory" in s, s

        settle(rows_ok)
        keys("q")
        wait_exit(0)


def run_checks(checks):
    """Run (title, test) pairs as one test program: 77 (skip) without tmux, 2
    without the binary, 1 when any failed, else 0."""
    if shutil.which("tmux") is None:
        print("tmux not found: skipping")
        return 77
    if not EXE or not os.access(EXE, os.X_OK):
        print(f"usage: {sys.argv[0]} path/to/rnnscope")
        return 2
    for title, test in checks:
        check(title, test)
    tmux("kill-server", check=False)
    if failures:
        print(f"{len(failures)} failed: {', '.join(failures)}")
        return 1
    return 0


def main():
    return run_checks([
        ("main screen, toggles, help, quit", test_main_screen_and_toggles),
        ("BPTT step-through and inspector", test_bptt_step_through),
        ("mouse click inspects a cell", test_mouse_click_inspects),
        ("divergence banner and cure", test_divergence_banner),
        ("gated cells: C, views, theory, step-through", test_gated_cells),
        ("compare mode: split, focus, keys per side, shared keys, quit", test_compare_mode),
        ("compare scenario: opens split, one side diverges and is cured", test_compare_scenario_divergence),
        ("compare mode at 80x24 and 60x20", test_compare_compact),
        ("e exports the heatmap as SVG and CSV", test_export_figure),
        ("lesson: captions, → ←, the same state going back, q", test_lesson_player),
        ("lesson: autoplay at 80x24", test_lesson_autoplay_and_compact),
        ("resize: compact, too small, full again", test_resize),
        ("compact divergence banner and step-through", test_compact_divergence_and_bptt),
        ("every setting at 80x24", test_settings_at_80x24),
        ("NO_COLOR monochrome", test_no_color),
        ("non-UTF-8 ASCII fallback", test_not_utf8),
        ("Ctrl-C and SIGTERM restore the terminal", test_signals_restore_terminal),
        ("no terminal, bad scenario", test_headless_and_bad_config),
        ("starts paused after the first step; --run trains", test_default_start_paused),
        ("speed keys set the steps per second", test_speed_keys),
        ("exploding-relu: one step number everywhere", test_divergence_one_number),
        ("the header marks a changed scenario", test_header_marks_a_changed_scenario),
        ("live keys: optimiser, hidden size, W_hh scale", test_live_keys),
        ("layouts at 80x24, 100x30, 120x40, 200x60", test_layouts),
    ])


if __name__ == "__main__":
    sys.exit(main())
