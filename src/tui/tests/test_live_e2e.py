#!/usr/bin/env python3
"""End-to-end tests of the spectrum and itemized views through tmux (stdlib only).

The same harness as test_tui_e2e.py (imported from beside this file): key v
reaches both views; the spectrum shows braille eigenvalues in several colours
with ρ beside them and follows a training step; the itemized view of the
text task draws a triangle of coloured cells that widens from the first
prediction to the last, the inspected prediction's input characters on
coloured backgrounds, and ↑ moves the inspected row; 80×24 stays readable;
TERM=xterm gets colour; NO_COLOR with an ASCII locale gets neither braille
nor colour but the numbers. Exit 77 (skip) only when tmux is missing.
"""
import os
import re
import shutil
import sys

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


def main():
    if not shutil.which("tmux"):
        print("tmux not found: skipping")
        return 77
    if not e2e.EXE or not os.access(e2e.EXE, os.X_OK):
        print("usage: test_live_e2e.py path/to/rnnscope")
        return 2
    e2e.check("spectrum: braille, colours, ρ, follows a step", test_spectrum_view)
    e2e.check("itemized: triangle, coloured input, the inspector moves", test_itemized_view)
    e2e.check("80×24: both views readable", test_small_terminal)
    e2e.check("TERM=xterm: both views in colour", test_xterm_colours)
    e2e.check("NO_COLOR, LANG=C: ASCII spectrum", test_no_color_ascii)
    e2e.tmux("kill-server", check=False)
    if e2e.failures:
        print(f"{len(e2e.failures)} failed: {', '.join(e2e.failures)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
