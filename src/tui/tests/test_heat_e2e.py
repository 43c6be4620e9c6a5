#!/usr/bin/env python3
"""End-to-end tests of the heat map's colour scale through tmux (stdlib only).

The same harness as test_tui_e2e.py (imported from beside this file): the
legend's range does not move with the toggles, the sigmoid, tanh and lstm
land in different colours at t = 1 (in the order of how much they forget),
TERM=xterm gets a coloured heat map, and a diverged attempt's row shows the
NaN mark. Exit 77 (skip) only when tmux is missing.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_tui_e2e as e2e  # noqa: E402
from test_tui_e2e import keys, screen, settle, start, status_line, wait_exit, wait_for  # noqa: E402

SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def plain(line):
    return SGR.sub("", line)


def cells(line):
    """The cells of a captured line: (character, fg, bg) with the SGR state
    at each column; colours as the codes say them ("5;201", "2;r;g;b", "41")."""
    fg = bg = None
    out = []
    pos = 0
    for m in SGR.finditer(line + "\x1b[m"):
        for ch in line[pos:m.start()]:
            out.append((ch, fg, bg))
        pos = m.end()
        codes = [c for c in re.split("[;:]", m.group(1))] or ["0"]
        i = 0
        while i < len(codes):
            c = int(codes[i] or 0)
            if c == 0:
                fg = bg = None
            elif c in (38, 48):
                kind = codes[i + 1] if i + 1 < len(codes) else ""
                n = 3 if kind == "5" else 5 if kind == "2" else 1
                if kind == "2" and len(codes) > i + 5 and codes[i + 2] == "":
                    n = 6       # 38:2::r:g:b
                value = ";".join(x for x in codes[i + 1:i + n] if x != "")
                if c == 38:
                    fg = value
                else:
                    bg = value
                i += n - 1
            elif 30 <= c <= 37:
                fg = str(c)
            elif c == 39:
                fg = None
            elif 40 <= c <= 47:
                bg = str(c)
            elif c == 49:
                bg = None
            i += 1
    return out


def legend_line(text):
    """The colour bar's line, from its first tick to "× at t=T"."""
    line = next((l for l in text.splitlines() if "10⁻" in l and "t=T" in l), "")
    m = re.search(r"10⁻.*?× at t=T", line)
    return m.group(0) if m else ""


def newest_first_cell(escaped):
    """The colour of the newest row at t = 1: the grid's last line (above
    the t axis), its first column; the lower half of a ▀ (its background)."""
    lines = escaped.splitlines()
    texts = [plain(l) for l in lines]
    axis = next(i for i, l in enumerate(texts) if re.search(r"│\s+t [1▲][\s▲]", l))
    col = re.search(r"t [1▲]", texts[axis]).start() + 2     # a marker at t = 1 draws ▲ over the 1
    ch, fg, bg = cells(lines[axis - 1])[col]
    return (fg if ch == "▄" else bg), ch


def xterm_lightness(code):
    """CIE L* of an xterm-256 colour ("5;N")."""
    n = int(code.split(";")[1])
    if n < 16:
        return None
    if n < 232:
        n -= 16
        lv = [0, 95, 135, 175, 215, 255]
        rgb = (lv[n // 36], lv[n // 6 % 6], lv[n % 6])
    else:
        rgb = (8 + 10 * (n - 232),) * 3
    lin = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27


def steps_done(text):
    m = re.search(r"step (\d+)", status_line(text))
    return int(m.group(1)) if m else -1


# ---- the checks ---------------------------------------------------------------

def test_toggles_keep_the_range():
    """a and C re-initialise the model; the legend's range stays ±32 decades.
    [ ] walk the ladder, f fits to the data and back; m: both sides ±32."""
    start("vanishing-sigmoid")
    wait_for(lambda t: steps_done(t) > 20)
    keys("space")
    s = settle(lambda t: ("paused" in status_line(t) and "10⁻³²" in legend_line(t)) or e2e.fail(t))
    before = re.sub(r"\s+", " ", legend_line(s))
    assert re.search(r"10⁻³² .* 1 .* 10³² × at t=T", before), before
    assert re.search(r"scale\s+relative ±32", s), s
    for key, what in (("a", r"activation\s+tanh"), ("C", r"cell\s+lstm")):
        keys(key)
        wait_for(re.compile(what))
        keys("n", "n", "n")
        s = wait_for(lambda t: steps_done(t) >= 3 and "10⁻³²" in legend_line(t))
        assert re.sub(r"\s+", " ", legend_line(s)) == before, (before, legend_line(s))
    keys("]")
    s = wait_for(lambda t: "10⁻⁶⁴" in legend_line(t) and "±32 → ±64" in t)
    assert re.search(r"scale\s+relative ±64", s), s
    keys("[", "[")
    s = wait_for(lambda t: "10⁻¹⁶" in legend_line(t) and "10¹⁶ × at t=T" in legend_line(t))
    keys("f")
    s = wait_for(lambda t: "fit to the values shown" in t and re.search(r"scale\s+relative, fit", t))
    keys("f")
    s = wait_for(lambda t: "±16 decades, fixed" in t and "10¹⁶ × at t=T" in legend_line(t))
    keys("]")
    wait_for(lambda t: "10³² × at t=T" in legend_line(t))
    # Compare mode: both sides on the one range, whatever their models.
    keys("m")
    wait_for(lambda t: "compare: left" in t)
    settle(lambda t: any(l.count("10⁻³²") == 2 and l.count("10³² × at t=T") == 2 for l in t.splitlines())
           or e2e.fail(t))
    keys("q")
    wait_exit(0)


def first_colour(sets, least_steps=60):
    start("vanishing-sigmoid", args=["vanishing-sigmoid", "--run", *sum((["--set", x] for x in sets), [])])
    wait_for(lambda t: steps_done(t) >= least_steps, timeout=max(e2e.TIMEOUT, 120))
    keys("space")
    wait_for(lambda t: "paused" in status_line(t))
    e = settle(lambda t: newest_first_cell(t)[0] is not None or e2e.fail(t), escapes=True)
    colour, _ = newest_first_cell(e)
    keys("q")
    wait_exit(0)
    return colour


def test_three_cells_three_colours():
    """The adding task at T = 50: the sigmoid rnn, the tanh rnn and the lstm
    at t = 1 of the newest row — three colours, darker the more it forgets."""
    sigmoid = first_colour(["model.activation=sigmoid"])
    tanh = first_colour(["model.activation=tanh"])
    lstm = first_colour(["model.cell=lstm"], least_steps=30)
    assert len({sigmoid, tanh, lstm}) == 3, (sigmoid, tanh, lstm)
    if all(c.startswith("5;") for c in (sigmoid, tanh, lstm)):
        ls, lt, ll = (xterm_lightness(c) for c in (sigmoid, tanh, lstm))
        assert ls < lt < ll, (sigmoid, ls, tanh, lt, lstm, ll)


def test_xterm_eight_colours():
    """TERM=xterm (8 colours, 64 pairs): the heat map in colour, one row per line."""
    start("vanishing-sigmoid", extra_env={"TERM": "xterm"})
    wait_for(lambda t: steps_done(t) > 20)
    keys("space")
    wait_for(lambda t: "paused" in status_line(t))

    def coloured(e):
        lines = e.splitlines()
        texts = [plain(l) for l in lines]
        top = next((i for i, l in enumerate(texts) if "v g_h" in l), None)
        axis = next((i for i, l in enumerate(texts) if re.search(r"│\s+t [1▲][\s▲]", l)), None)
        assert top is not None and axis is not None, "no heat map with its t axis:\n" + "\n".join(texts)
        rows = [l for l in lines[top + 1:axis] if re.search(r"\x1b\[[0-9;]*4[0-7][;m]", l)]
        assert len(rows) >= 5, e
        assert "cyan/blue" in e and "▒" in e, e

    settle(lambda e: coloured(e) or True, escapes=True)
    keys("q")
    wait_exit(0)


def test_diverged_row_shows_the_nan_mark():
    """exploding-relu: the attempt that diverged is a row of its own whose
    cells past 10¹⁰⁰ carry the ✕ on magenta."""
    start("exploding-relu")
    s = wait_for("exploding gradients:", timeout=max(e2e.TIMEOUT, 120))
    at = re.search(r"at step (\d+)", s).group(1)

    def marked(e):
        texts = [plain(l) for l in e.splitlines()]
        row = next(i for i, l in enumerate(texts) if re.search(rf"│\s*✕{at} ", l))
        line = e.splitlines()[row]
        assert any(ch == "✕" and bg in ("5;201", "45", "105") for ch, fg, bg in cells(line)), line

    settle(lambda e: marked(e) or True, escapes=True)
    keys("q")
    wait_exit(0)


def main():
    return e2e.run_checks([
        ("a and C keep the legend's range; [ ] f; compare", test_toggles_keep_the_range),
        ("sigmoid, tanh, lstm: three colours at t = 1", test_three_cells_three_colours),
        ("TERM=xterm: a coloured heat map", test_xterm_eight_colours),
        ("exploding-relu: the NaN mark in the diverged row", test_diverged_row_shows_the_nan_mark),
    ])


if __name__ == "__main__":
    sys.exit(main())
