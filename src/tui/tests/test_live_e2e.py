#!/usr/bin/env python3
"""End-to-end tests of the spectrum, itemized and phase views through tmux (stdlib only).

The same harness as test_tui_e2e.py (imported from beside this file): key v
reaches both views; the spectrum shows braille eigenvalues in several colours
with ρ beside them and follows a training step; the itemized view of the
text task draws a triangle of coloured cells that widens from the first
prediction to the last, the inspected prediction's input characters on
coloured backgrounds, and ↑ moves the inspected row; 80×24 stays readable;
TERM=xterm gets colour; NO_COLOR with an ASCII locale gets neither braille
nor colour but the numbers. The phase view fills its grid from the sweep's
workers while the view is paused, in many colours with the γ·σ_max = 1
line and ◆ on the live run; Enter makes an inspected cell the live run, p
sweeps again at initialisation, e writes its CSV and SVG. Exit 77 (skip)
only when tmux is missing.
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_tui_e2e as e2e  # noqa: E402
from test_heat_e2e import cells, plain  # noqa: E402
from test_tui_e2e import keys, screen, settle, start, status_line, wait_exit, wait_for  # noqa: E402

BRAILLE = re.compile("[\u2801-\u28ff]")
HALF = ("▀", "▄")


def cycle_to(view, presses=12):
    """Press v until the view's header shows (each press waits for its message)."""
    for _ in range(presses):
        text = screen()
        if re.search(rf"\bv {view}\b", text):
            return text
        before = text.splitlines()[-1] if text.splitlines() else ""
        keys("v")
        wait_for(lambda t: (t.splitlines() or [""])[-1] != before and "view:" in (t.splitlines() or [""])[-1])
    return wait_for(re.compile(rf"\bv {view}\b"))


def panel_lines(escaped, title):
    """The escaped lines of the box whose top border holds title, up to its bottom border."""
    lines = escaped.splitlines()
    top = next(i for i, l in enumerate(lines) if title in plain(l))
    col = plain(lines[top]).index("╭") if "╭" in plain(lines[top]) else 0
    out = []
    for l in lines[top + 1:]:
        p = plain(l)
        if len(p) > col and p[col] == "╰":
            break
        out.append(l)
    return out


def left_box(line):
    """The cells of an escaped line inside the left box (up to its right border)."""
    cs = cells(line)
    chars = "".join(c[0] for c in cs)
    end = chars.find("│", 1)
    return cs[:end if end > 0 else len(cs)]


def braille_cells(escaped, title):
    return [c for l in panel_lines(escaped, title) for c in left_box(l) if BRAILLE.match(c[0])]


def test_spectrum_view():
    """edge-of-chaos at 120×40: v reaches the spectrum; braille eigenvalues
    and circles in at least three colours, ρ and σ_max beside them; one more
    training step (n) redraws it for that step."""
    start("edge-of-chaos", run=False)
    wait_for(lambda t: "paused" in status_line(t))
    cycle_to("spectrum")

    def drawn(e):
        dots = braille_cells(e, "Spectrum:")
        assert len(dots) >= 60, len(dots)
        colours = {c[1] for c in dots}
        assert len(colours) >= 3, colours
        text = plain(e)
        assert "ρ = max|λ| =" in text and "σ_max =" in text and "unit circle" in text, text
        assert "eigenvalues of W_hh after 1 training step" in text, text
        m = re.search(r"ρ = max\|λ\| = ([0-9.]+)", text)
        assert 0.2 < float(m.group(1)) < 0.7, m.group(1)     # std 0.05, H = 64: the disc of radius 0.4
    settle(drawn, escapes=True)
    keys("n")
    settle(lambda t: "eigenvalues of W_hh after 2 training steps" in t or (_ for _ in ()).throw(AssertionError(t)))
    keys("q")
    wait_exit(0)


def inspected(text):
    m = re.search(r"t′ = (\d+) predicts «(.+?)»", text)
    return (int(m.group(1)), m.group(2)) if m else None


def input_line(escaped):
    """The cells of the itemized panel's input line, after its label."""
    cs = next(cs for cs in map(left_box, panel_lines(escaped, "Itemized:")) if " input " in "".join(c[0] for c in cs))
    start_at = "".join(c[0] for c in cs).index(" input ") + len(" input ")
    return cs[start_at:]


def test_itemized_view():
    """your-own-text (T = 40) at 120×40: the triangle — rows of coloured half
    blocks, wider at the last prediction than at the first — the input
    characters on coloured backgrounds; ↑ moves the inspected prediction
    from t′ = 40 to 37 and the characters end earlier."""
    start("your-own-text", run=False)
    wait_for(lambda t: "paused" in status_line(t))
    keys("n", "n", "n")
    wait_for(lambda t: re.search(r"step 4\b", status_line(t)))
    cycle_to("itemized")

    def triangle(e):
        rows = []
        for l in panel_lines(e, "Itemized:"):
            cs = left_box(l)
            n = sum(1 for c in cs if c[0] in HALF or (c[0] == " " and c[2] is not None))
            if n:
                rows.append((n, cs))
        assert len(rows) >= 6, len(rows)
        assert rows[0][0] * 4 < rows[-1][0], [r[0] for r in rows]
        coloured = {c[2] for _, cs in rows for c in cs if c[0] in HALF} | \
                   {c[1] for _, cs in rows for c in cs if c[0] in HALF}
        assert len(coloured - {None}) >= 2, coloured
        assert inspected(plain(e)) and inspected(plain(e))[0] == 40, plain(e)
        chars = [c for c in input_line(e) if c[0].strip() and c[2] is not None]
        assert len(chars) >= 30, len(chars)
    first = settle(triangle, escapes=True)
    before = "".join(c[0] for c in input_line(first)).rstrip()
    keys("Up", "Up", "Up")

    def moved(e):
        assert inspected(plain(e))[0] == 37, inspected(plain(e))
        after = "".join(c[0] for c in input_line(e)).rstrip()
        assert after != before, (before, after)
        # the inspected row's label moved with it
        assert any("t′ 37▶" in plain(l) or "t′ 38▶" in plain(l) or "t′ 36▶" in plain(l)
                   for l in panel_lines(e, "Itemized:")), plain(e)
    settle(moved, escapes=True)
    keys("q")
    wait_exit(0)


def test_small_terminal():
    """80×24: both views draw something readable and nothing crashes."""
    start("your-own-text", width=80, height=24, run=False)
    wait_for(lambda t: "paused" in status_line(t))
    cycle_to("itemized")
    settle(lambda t: inspected(t) is not None or (_ for _ in ()).throw(AssertionError(t)))
    keys("Up")
    settle(lambda t: inspected(t)[0] == 39 or (_ for _ in ()).throw(AssertionError(t)))
    cycle_to("spectrum")
    settle(lambda t: len(BRAILLE.findall(t)) >= 30 and "ρ" in t or (_ for _ in ()).throw(AssertionError(t)))
    assert "EXITED" not in screen()
    keys("q")
    wait_exit(0)


def test_xterm_colours():
    """TERM=xterm (8 colours): the spectrum's dots in colour; the itemized
    triangle's cells and characters on coloured backgrounds."""
    start("edge-of-chaos", run=False, extra_env={"TERM": "xterm"})
    wait_for(lambda t: "paused" in status_line(t))
    cycle_to("spectrum")

    def spectrum(e):
        colours = {c[1] for c in braille_cells(e, "Spectrum:")}
        assert len(colours - {None}) >= 2, colours
    settle(spectrum, escapes=True)
    keys("q")
    wait_exit(0)
    start("your-own-text", run=False, extra_env={"TERM": "xterm"})
    wait_for(lambda t: "paused" in status_line(t))
    cycle_to("itemized")

    def itemized(e):
        backgrounds = {c[2] for l in panel_lines(e, "Itemized:") for c in left_box(l)}
        assert len(backgrounds - {None}) >= 1, backgrounds
        chars = [c for c in input_line(e) if c[0].strip() and c[2] is not None]
        assert len(chars) >= 20, len(chars)
    settle(itemized, escapes=True)
    keys("q")
    wait_exit(0)


def test_no_color_ascii():
    """NO_COLOR and LANG=C: the spectrum in ASCII dots, no colour, its numbers in words."""
    start("edge-of-chaos", run=False, lang="C", extra_env={"NO_COLOR": "1"})
    wait_for(lambda t: "paused" in status_line(t))
    cycle_to("spectrum")

    def ascii(e):
        text = plain(e)
        assert not BRAILLE.search(text)
        assert "rho = max|" in text, text
        box = "".join(c[0] for l in panel_lines(e, "Spectrum:") for c in left_box(l))
        assert box.count("o") + box.count(":") + box.count(".") >= 40, box
        assert not re.search(r"\x1b\[[0-9;]*3[0-7]m|\x1b\[38;", e), "colour under NO_COLOR"
    settle(ascii, escapes=True)
    keys("q")
    wait_exit(0)


PHASE_ROWS = ("sigmoid", "tanh", "relu", "leaky_relu")


def phase_rows(escaped):
    """{activation: the row's cells after its label} of the phase panel."""
    rows = {}
    for l in panel_lines(escaped, "Phase diagram:"):
        cs = left_box(l)
        text = "".join(c[0] for c in cs)
        m = re.match(r"[│ ]*[▶ ] (sigmoid|tanh|relu|leaky_relu)\b", text)
        if m:
            rows[m.group(1)] = cs[m.end():]
    return rows


def test_phase_view():
    """edge-of-chaos (H = 16, T = 20 to keep it quick): V from g_h reaches the
    phase view; paused, its 52 cells fill from the sweep's worker; the rows
    hold many background colours, ◆ on the tanh row (the live run), the
    γ·σ_max = 1 line; a click inspects a cell, Esc goes back to the live
    run's; → → → Enter makes the inspected cell the live run (W_hh
    σ changes, ◆ follows); p sweeps again at initialisation; e writes the
    CSV (52 cells) and the SVG."""
    folder = tempfile.mkdtemp(prefix="rnnscope-phase-")
    start(None, run=False, cwd=folder,
          args=["edge-of-chaos", "--set", "model.hidden=16", "--set", "task.length=20"])
    wait_for(lambda t: "paused" in status_line(t))
    keys("V")
    wait_for(re.compile(r"\bv phase\b"))

    def filled(e):
        text = plain(e)
        assert re.search(r"52 cells in [0-9.]+ s", text), text
        rows = phase_rows(e)
        assert set(rows) == set(PHASE_ROWS), rows.keys()
        backgrounds = {c[2] for cs in rows.values() for c in cs if c[2] is not None}
        assert len(backgrounds) >= 5, backgrounds
        assert "◆" in "".join(c[0] for c in rows["tanh"]), "".join(c[0] for c in rows["tanh"])
        assert "┃" in text or "━" in text, text
        assert re.search(r"◆ init\.std 0\.0\d+ · activation tanh: reach \d+ of 20", text), text
        return text
    shown = settle(filled, escapes=True, timeout=max(e2e.TIMEOUT, 120))
    # A click on the relu row's first cell inspects it (X10 mouse encoding, button 1 pressed).
    lines = plain(shown).splitlines()
    y = next(i for i, l in enumerate(lines) if re.match(r"│   relu ", l))
    x = lines[y].index("relu") + len("leaky_relu") + 2      # the first cell, past the labels
    assert x + 33 != ord(";"), x
    e2e.tmux("send-keys", "-t", e2e.SESSION, "-l", "\x1b[M" + chr(32) + chr(33 + x) + chr(33 + y))
    settle(lambda t: re.search(r"^│ init\.std 0\.025 · activation relu: ", t, re.M) or
           (_ for _ in ()).throw(AssertionError(t)))
    keys("Escape")      # the inspector back on the live run
    settle(lambda t: "◆ init.std" in t or (_ for _ in ()).throw(AssertionError(t)))
    keys("Right", "Right", "Right")
    settle(lambda t: re.search(r"^│ init\.std 0\.\d+ · activation tanh", t, re.M) or
           (_ for _ in ()).throw(AssertionError(t)))
    keys("Enter")

    def opened(t):
        assert "the live run is now the cell" in t, t
        m = re.search(r"the cell init\.std ([0-9.]+), activation tanh", t)
        assert m and re.search(rf"◆ init\.std {re.escape(m.group(1))}\b", t), t
        assert "gaussian σ 0.05 " not in t, t      # the settings panel shows the cell's σ
        assert "52 cells in" in t, t                # the grid stays: only the axes' keys changed
    settle(opened)
    keys("p", "p")      # 1000 steps (that sweep is cancelled at once), then 0
    settle(lambda t: ("each cell at initialisation" in t and "52 cells in" in t) or
           (_ for _ in ()).throw(AssertionError(t)), timeout=max(e2e.TIMEOUT, 120))
    keys("e")
    wait_for(lambda t: "wrote rnnscope-edge-of-chaos-phase-" in t)
    names = sorted(os.listdir(folder))
    csv = [n for n in names if n.endswith(".csv")]
    svg = [n for n in names if n.endswith(".svg")]
    assert len(csv) == 1 and len(svg) == 1, names
    with open(os.path.join(folder, csv[0]), encoding="utf-8") as f:
        lines = f.read().splitlines()
    assert lines[0].startswith("i,j,init.std,model.activation,steps,reach"), lines[0]
    assert len(lines) == 53, len(lines)
    assert all(l.split(",")[4] == "0" for l in lines[1:]), lines[1]     # at initialisation
    with open(os.path.join(folder, svg[0]), encoding="utf-8") as f:
        assert f.read().rstrip().endswith("</svg>")
    keys("q")
    wait_exit(0)
    shutil.rmtree(folder, ignore_errors=True)


def test_phase_small():
    """80×24: the phase view shows every other column, still in colour with ◆."""
    start(None, width=80, height=24, run=False,
          args=["edge-of-chaos", "--set", "model.hidden=16", "--set", "task.length=20", "--set",
                "view.phase_steps=0", "--set", "view.mode=phase"])

    def small(e):
        text = plain(e)
        assert "52 cells in" in text, text
        rows = phase_rows(e)
        assert len(rows) == 4, rows.keys()
        assert len({c[2] for c in rows["relu"] if c[2] is not None}) >= 3, rows["relu"]
        assert "◆" in text, text
    settle(small, escapes=True, timeout=max(e2e.TIMEOUT, 120))
    keys("q")
    wait_exit(0)


def test_phase_no_color():
    """NO_COLOR, LANG=C: the phase grid in the character ramp (cold '.' to hot
    '@'), x where a cell diverged, ASCII lines, no colour."""
    start(None, run=False, lang="C", extra_env={"NO_COLOR": "1"},
          args=["edge-of-chaos", "--set", "view.phase_steps=0", "--set", "view.mode=phase"])

    def ascii(e):
        text = plain(e)
        assert "52 cells in" in text, text
        rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| [ >] (sigmoid|tanh|relu|leaky_relu) +(.*?)\s*\|\|", text,
                                                             re.M)}
        assert len(rows) == 4, rows
        assert "." in rows["sigmoid"] and "x1" in rows["relu"], rows
        assert not re.search(r"[^\x00-\x7f]", text), "non-ASCII under LANG=C"
        assert not re.search(r"\x1b\[[0-9;]*(3[0-7]|4[0-7]|38;5;\d+|48;5;\d+)m", e), "colour under NO_COLOR"
    settle(ascii, escapes=True, timeout=max(e2e.TIMEOUT, 120))
    keys("q")
    wait_exit(0)


def main():
    return e2e.run_checks([
        ("spectrum: braille, colours, ρ, follows a step", test_spectrum_view),
        ("itemized: triangle, coloured input, the inspector moves", test_itemized_view),
        ("80×24: both views readable", test_small_terminal),
        ("TERM=xterm: both views in colour", test_xterm_colours),
        ("NO_COLOR, LANG=C: ASCII spectrum", test_no_color_ascii),
        ("phase: fills paused, colours, ◆, the line, Enter, p, e", test_phase_view),
        ("phase at 80×24", test_phase_small),
        ("phase: NO_COLOR, LANG=C", test_phase_no_color),
    ])


if __name__ == "__main__":
    sys.exit(main())
