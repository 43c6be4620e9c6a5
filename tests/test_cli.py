#!/usr/bin/env python3
"""The headless command line as a user runs it: rnnscope run / list / keys /
bench / --help / --version, its files, its exit statuses and its messages.

    python3 tests/test_cli.py PATH/TO/rnnscope
"""
import csv
import io
import json
import math
import os
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1])
passed, failed = 0, 0


def rnnscope(*args, check_status=None):
    r = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=240)
    if check_status is not None and r.returncode != check_status:
        raise AssertionError(f"rnnscope {' '.join(args)}: exit {r.returncode}, wanted {check_status}\n"
                             f"stdout: {r.stdout}\nstderr: {r.stderr}")
    return r


def case(fn):
    global passed, failed
    try:
        fn()
        print(f"ok {fn.__name__}")
        passed += 1
    except AssertionError as e:
        print(f"FAIL {fn.__name__}: {e}")
        failed += 1
    return fn


def summary_field(out, name):
    for line in out.splitlines():
        if line.startswith(name + " "):
            return line[len(name):].strip()
    raise AssertionError(f"no '{name}' line in the summary:\n{out}")


tmp = tempfile.mkdtemp(prefix="rnnscope-cli-")


@case
def same_seeds_give_byte_identical_csv():
    a, b = os.path.join(tmp, "a.csv"), os.path.join(tmp, "b.csv")
    for path in (a, b):
        rnnscope("run", "vanishing-tanh", "--steps", "40", "--csv", path, "--set", "model.hidden=16",
                 check_status=0)
    da, db = open(a, "rb").read(), open(b, "rb").read()
    assert da == db, "two runs with the same seeds wrote different CSV"
    rows = list(csv.DictReader(io.StringIO(da.decode())))
    assert len(rows) == 40 and rows[-1]["step"] == "40"
    assert [k for k in rows[0] if k.startswith("g_h_")] == [f"g_h_{t}" for t in range(1, 51)]
    # another weight seed gives another run
    c = os.path.join(tmp, "c.csv")
    rnnscope("run", "vanishing-tanh", "--steps", "40", "--csv", c, "--set", "model.hidden=16",
             "--set", "train.seed=2", check_status=0)
    assert open(c, "rb").read() != da


@case
def vanishing_sigmoid_vanishes():
    jl = os.path.join(tmp, "v.jsonl")
    r = rnnscope("run", "vanishing-sigmoid", "--steps", "30", "--jsonl", jl, check_status=0)
    rows = [json.loads(line) for line in open(jl)]
    assert len(rows) == 30
    last = rows[-1]
    assert last["bound"] < 1, last["bound"]
    g_h = last["g_h"]
    assert g_h[0] < 1e-20 * g_h[-1], f"g_h[1]/g_h[T] = {g_h[0] / g_h[-1]}"
    assert last["reach"] < 15
    assert summary_field(r.stdout, "diverged") == "no"


@case
def exploding_relu_diverges_and_exits_0():
    jl = os.path.join(tmp, "e.jsonl")
    r = rnnscope("run", "exploding-relu", "--steps", "500", "--jsonl", jl, check_status=0)
    d = summary_field(r.stdout, "diverged")
    assert d.startswith("at step "), d
    step = int(d.split()[2].rstrip(":"))
    assert 1 < step < 500
    rows = [json.loads(line) for line in open(jl)]
    assert rows[-1]["diverged"] is True and rows[-1]["step"] == step
    assert not any(r["diverged"] for r in rows[:-1])
    # JSON never holds NaN: non-finite numbers are null
    text = open(jl).read()
    assert "nan" not in text.lower() and "inf" not in text.lower()
    assert rows[-1]["loss"] is None or rows[-1]["grad_norm"] is None


@case
def clipping_rescue_does_not_diverge():
    r = rnnscope("run", "clipping-rescue", "--steps", "300", check_status=0)
    assert summary_field(r.stdout, "diverged") == "no"


@case
def export_state_round_trips_the_loss():
    jl, st = os.path.join(tmp, "x.jsonl"), os.path.join(tmp, "state.json")
    rnnscope("run", "vanishing-sigmoid", "--steps", "3", "--jsonl", jl, "--export-state", st,
             "--set", "train.clip=norm", check_status=0)
    state = json.load(open(st))
    last = [json.loads(line) for line in open(jl)][-1]
    assert state["format"] == "rnnscope-state/1"
    assert state["step"] == 3 and state["value"]["loss"] == last["loss"]
    assert state["dL_dh"] == last["g_h"]
    sizes = state["sizes"]
    assert len(state["x"]) == sizes["batch"] and len(state["x"][0]) == sizes["steps"]
    assert state["clip"] == {"mode": "norm", "threshold": 1}
    assert set(state["grads"]) == set(state["params"]) == set(state["grads_clipped"])


@case
def bad_usage_exits_2_with_a_message():
    cases = [
        (["run", "--steps", "0"], "--steps '0': expected a whole number of steps"),
        (["run", "--stpes", "5"], "unknown option '--stpes'; allowed: --steps N"),
        (["run", "--set", "model.hidden=abc"], "--set model.hidden=abc: model.hidden: 'abc' is not a whole number; allowed: 1 … 1024"),
        (["run", "--set", "model.activaton=relu"], "model.activaton: unknown key; did you mean model.activation? allowed in [model]: cell, activation, leaky_slope, hidden"),
        (["run", "--set", "task.name=copy", "--set", "task.length=12"], "task.length: the copy task needs at least"),
        (["run", "no-such-scenario"], "no scenario named 'no-such-scenario'; bundled: clipping-rescue"),
        (["run", "/nonexistent/x.scn"], "/nonexistent/x.scn: cannot open: No such file or directory"),
        (["run", "a", "b"], "one scenario at a time"),
        (["run", "--csv"], "--csv needs a value"),
        (["--frobnicate"], "unknown option '--frobnicate'"),
        (["list", "extra"], "takes no arguments"),
    ]
    for args, message in cases:
        r = rnnscope(*args, check_status=2)
        assert message in r.stderr, f"{args}: {r.stderr!r} lacks {message!r}"
        assert r.stderr.count("\n") <= 2, f"{args}: not a short message: {r.stderr!r}"


@case
def bad_scenario_file_names_file_and_line():
    path = os.path.join(tmp, "typo.scn")
    with open(path, "w") as f:
        f.write("[model]\nactivation = tanh\nhiden = 8\n")
    r = rnnscope("run", path, check_status=2)
    assert f"{path}:3: model.hiden: unknown key" in r.stderr, r.stderr


@case
def unwritable_output_exits_1():
    r = rnnscope("run", "--steps", "2", "--csv", "/nonexistent/dir/out.csv", check_status=1)
    assert "/nonexistent/dir/out.csv: cannot write: No such file or directory" in r.stderr, r.stderr


@case
def list_keys_help_version():
    out = rnnscope("list", check_status=0).stdout
    scen_dir = os.environ.get("RNNSCOPE_SCENARIO_DIR", os.path.join(os.path.dirname(__file__), "..", "scenarios"))
    bundled = sorted(f[:-4] for f in os.listdir(scen_dir) if f.endswith(".scn"))
    listed = [line.split()[0] for line in out.splitlines() if line.startswith("  ")]
    assert sorted(listed) == bundled, f"every scenario exactly once: {listed}"
    # grouped: each scenario under a group title, the groups in teaching order
    titles = [line.strip() for line in out.splitlines() if line.startswith(" ") and not line.startswith("  ")]
    assert titles[:2] == ["Vanishing gradients", "Exploding gradients"], titles
    group_of = {}
    for line in out.splitlines():
        if line.startswith(" ") and not line.startswith("  "):
            group = line.strip()
        elif line.startswith("  "):
            group_of[line.split()[0]] = group
    assert group_of["vanishing-sigmoid"] == "Vanishing gradients" and group_of["lstm-remembers"].startswith("Memory")
    lessons = sorted(n for n in bundled if "[lesson]" in open(os.path.join(scen_dir, n + ".scn")).read())
    marked = sorted(line.split()[0] for line in out.splitlines() if line.endswith("[lesson]"))
    assert marked == lessons and "the-whole-story" in lessons, (marked, lessons)
    assert "Sigmoid forgets" in out
    keys = rnnscope("keys", check_status=0).stdout
    for key in ["model.activation", "init.recurrent", "train.clip_threshold", "train.tbptt", "task.seed"]:
        assert key in keys, key
    # The columns line up in display columns, also where "…" (3 bytes, 1 column) appears.
    # The table is what comes before the first blank line (then the notes).
    lines = keys.split("\n\n")[0].splitlines()
    meaning_col = lines[0].index("meaning")
    assert any("…" in l for l in lines), keys
    for l in lines[1:]:
        assert l[meaning_col - 1] == " " and l[meaning_col] != " ", f"misaligned: {l!r}"
    assert "usage: rnnscope" in rnnscope("--help", check_status=0).stdout
    v = rnnscope("--version", check_status=0).stdout
    assert v.startswith("rnnscope ") and "CBLAS" in v


@case
def no_terminal_for_the_interactive_view():
    # stdin/stdout are pipes here: the interactive view must refuse, not draw
    r = subprocess.run([BIN], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert r.returncode == 2 and "rnnscope run" in r.stderr and r.stdout == "", r


def csv_rows(path):
    return list(csv.DictReader(open(path)))


@case
def compare_run_equals_two_separate_runs():
    both = os.path.join(tmp, "both.csv")
    common = ["vanishing-tanh", "--steps", "30", "--set", "model.hidden=12"]
    r = rnnscope("run", *common, "--csv", both, "--compare", "model.activation=relu",
                 "--compare", "init.recurrent=orthogonal", check_status=0)
    assert "── left side" in r.stdout and "── right side: model.activation = relu, init.recurrent = orthogonal" \
        in r.stdout, r.stdout
    rows = csv_rows(both)
    assert [row["side"] for row in rows[:4]] == ["left", "right", "left", "right"], rows[:4]
    left, right = os.path.join(tmp, "left.csv"), os.path.join(tmp, "right.csv")
    rnnscope("run", *common, "--csv", left, check_status=0)
    rnnscope("run", *common, "--csv", right, "--set", "model.activation=relu", "--set", "init.recurrent=orthogonal",
             check_status=0)
    for side, path in (("left", left), ("right", right)):
        alone = csv_rows(path)
        paired = [{k: v for k, v in row.items() if k != "side"} for row in rows if row["side"] == side]
        assert paired == alone, f"the {side} side of a compare run differs from the run on its own"
    assert csv_rows(left)[-1]["loss"] != csv_rows(right)[-1]["loss"]


@case
def compare_keeps_going_when_one_side_diverges():
    both = os.path.join(tmp, "div.jsonl")
    # exploding-relu diverges within a few steps; with clipping the right side does not
    r = rnnscope("run", "exploding-relu", "--steps", "40", "--jsonl", both, "--compare", "train.clip=norm",
                 check_status=0)
    rows = [json.loads(line) for line in open(both)]
    left = [row for row in rows if row["side"] == "left"]
    right = [row for row in rows if row["side"] == "right"]
    assert left[-1]["diverged"] and len(left) < 40, left[-1]
    assert len(right) == 40 and not any(row["diverged"] for row in right)
    assert r.stdout.count("diverged    at step") == 1 and "diverged    no" in r.stdout, r.stdout


@case
def compare_bad_usage():
    r = rnnscope("run", "--compare", "task.length=30", check_status=2)
    assert "both sides of compare mode share it" in r.stderr, r.stderr
    r = rnnscope("run", "--compare", "model.activation=swish", check_status=2)
    assert r.stderr.strip() == ("rnnscope run: --compare model.activation=swish: model.activation: 'swish' is not "
                                "allowed; allowed: sigmoid, tanh, relu, leaky_relu"), r.stderr
    r = rnnscope("run", "--compare", "model.hidden=8", "--export-state", "-", check_status=2)
    assert "--export-state - writes one model" in r.stderr, r.stderr
    # with a file, each side is exported: FILE and FILE-right
    rnnscope("run", "--steps", "2", "--compare", "model.hidden=8", "--export-state", os.path.join(tmp, "x.json"),
             check_status=0)
    left, right = (json.load(open(os.path.join(tmp, n))) for n in ("x.json", "x-right.json"))
    assert left["sizes"]["hidden"] == 32 and right["sizes"]["hidden"] == 8, (left["sizes"], right["sizes"])


def luminance(hexcolour):
    r, g, b = (int(hexcolour[i:i + 2], 16) / 255.0 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@case
def svg_figure_is_valid_readable_in_grey_and_matches_the_numbers():
    import xml.etree.ElementTree as ET
    svg, jl = os.path.join(tmp, "fig.svg"), os.path.join(tmp, "fig.jsonl")
    rnnscope("run", "vanishing-sigmoid", "--steps", "30", "--svg", svg, "--jsonl", jl, "--set", "view.mode=g_x",
             check_status=0)
    r = subprocess.run(["xmllint", "--noout", svg], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    root = ET.parse(svg).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    texts = " ".join("".join(t.itertext()) for t in root.iter(ns + "text"))
    for words in ("Sigmoid forgets", "connectivity", "timestep t", "training step", "cell rnn, activation sigmoid",
                  "after 30 training steps", "as at t = T"):
        assert words in texts, f"'{words}' missing from the figure's text"
    for words in ("±32 decades", "NaN, Inf or past 10¹⁰⁰", "exactly 0", "no value (not computed)"):
        assert words in texts, f"'{words}' missing from the legend"
    # The legend's colour bar is the screen's diverging ramp, 16 steps a side
    # of white: each side darker step by step away from the middle, so the
    # figure reads in grey scale.
    bar = [e for e in root.iter(ns + "rect") if e.get("width") == "22" and e.get("fill", "").startswith("#")]
    bar.sort(key=lambda e: float(e.get("y")))
    lum = [luminance(e.get("fill")) for e in bar]
    assert len(lum) == 33 and lum.index(max(lum)) == 16, lum
    assert all(a < b for a, b in zip(lum[:17], lum[1:17])) and all(a > b for a, b in zip(lum[16:], lum[17:])), lum
    # Every cell is a colour of that ramp, the grey of exactly 0, or a mark's pattern.
    ramp = {e.get("fill") for e in bar} | {"#808080", "url(#nan)", "url(#novalue)"}
    cells = {r.get("fill") for g in root.iter(ns + "g") if g.get("shape-rendering") == "crispEdges"
             for r in g.iter(ns + "rect")}
    assert cells <= ramp and len(cells) > 2, cells - ramp
    # The CSV beside it holds exactly the g_x of every step.
    rows = csv_rows(os.path.join(tmp, "fig.csv"))
    steps = [json.loads(line) for line in open(jl)]
    assert len(rows) == len(steps) == 30
    for row, st in zip(rows, steps):
        assert int(row["step"]) == st["step"]
        assert [float(row[f"t_{t}"]) for t in range(1, 51)] == st["g_x"]


@case
def svg_in_compare_mode_and_bad_paths():
    svg = os.path.join(tmp, "cmp.svg")
    rnnscope("run", "vanishing-tanh", "--steps", "5", "--svg", svg, "--compare", "model.activation=relu",
             check_status=0)
    # One figure, both panels on one colour scale, each titled with its side;
    # the numbers of each side beside it.
    for name in ("cmp.svg", "cmp.csv", "cmp-right.csv"):
        assert os.path.getsize(os.path.join(tmp, name)) > 0, name
    assert not os.path.exists(os.path.join(tmp, "cmp-right.svg"))
    text = open(os.path.join(tmp, "cmp.svg")).read()
    for words in ("left: rnn tanh", "right: rnn relu", "one colour scale for both", "activation relu",
                  "activation tanh", "±32 decades"):
        assert words in text, words
    r = rnnscope("run", "--steps", "2", "--svg", "/nonexistent/dir/x.svg", check_status=1)
    # refused before training: the path is opened first
    assert r.stderr.strip() == ("rnnscope run: /nonexistent/dir/x.svg: cannot write: "
                                "No such file or directory"), r.stderr


@case
def text_task_on_a_users_file_and_bad_files():
    notes = os.path.join(tmp, "notes.txt")
    with open(notes, "w") as f:
        f.write("the cat sat on the mat. " * 40)
    r = rnnscope("run", "--steps", "300", "--set", "task.name=text", "--set", f"task.file={notes}",
                 "--set", "task.length=20", "--set", "train.optimizer=adam", "--set", "train.lr=0.01",
                 check_status=0)
    assert "task text, T = 20" in r.stdout, r.stdout
    chance = float(summary_field(r.stdout, "loss").split("chance ")[1].rstrip(")"))
    mean = float(summary_field(r.stdout, "loss").split("steps ")[1].split()[0])
    assert mean < 0.5 * chance, (mean, chance)      # a periodic text is easy to predict
    r = rnnscope("run", "--set", "task.name=text", "--set", "task.file=/nonexistent/notes.txt", check_status=2)
    assert r.stderr.strip() == "rnnscope run: task.file: /nonexistent/notes.txt: No such file or directory", r.stderr
    r = rnnscope("run", "--set", "task.name=text", check_status=2)
    assert "task.file: the text task needs a text file" in r.stderr, r.stderr
    binary = os.path.join(tmp, "b.bin")
    open(binary, "wb").write(bytes(range(256)))
    r = rnnscope("run", "--set", "task.name=text", "--set", f"task.file={binary}", check_status=2)
    assert "looks binary (a NUL byte at byte 0)" in r.stderr, r.stderr


@case
def scenario_text_file_is_relative_to_the_scenario():
    # your-own-text names texts/grew-up.txt; run from another folder it is still found
    r = subprocess.run([BIN, "run", "your-own-text", "--steps", "3"], capture_output=True, text=True, cwd=tmp,
                       timeout=60)
    assert r.returncode == 0 and "task text" in r.stdout, r


@case
def lstm_rows_carry_the_cell_state_gradient():
    jl, c = os.path.join(tmp, "lstm.jsonl"), os.path.join(tmp, "lstm.csv")
    r = rnnscope("run", "lstm-remembers", "--steps", "3", "--jsonl", jl, "--csv", c, check_status=0)
    row = json.loads(open(jl).readlines()[-1])
    assert len(row["g_c"]) == 60 and all(v > 0 for v in row["g_c"]), row["g_c"][:3]
    assert [k for k in csv_rows(c)[0] if k.startswith("g_c_")] == [f"g_c_{t}" for t in range(1, 61)]
    assert "does not apply" in summary_field(r.stdout, "decay") and "nan" not in r.stdout.lower()
    rnnscope("run", "--steps", "2", "--jsonl", jl, check_status=0)
    assert "g_c" not in json.loads(open(jl).readline()), "an rnn has no cell state"


@case
def lesson_command_usage():
    r = rnnscope("lesson", check_status=2)
    assert "which lesson?" in r.stderr, r.stderr
    r = rnnscope("lesson", "vanishing-tanh", "--headless", check_status=2)
    assert r.stderr.strip() == ("rnnscope lesson: vanishing-tanh has no [lesson] section; rnnscope list marks the "
                                "scenarios that do"), r.stderr
    r = rnnscope("lesson", "vanishing-sigmoid", "--autoplay", "soon", check_status=2)
    assert "--autoplay 'soon': expected seconds per step" in r.stderr, r.stderr
    r = rnnscope("lesson", "no-such-lesson", "--headless", check_status=2)
    assert "no-such-lesson" in r.stderr, r.stderr
    r = rnnscope("lesson", "vanishing-sigmoid", "--headless", check_status=0)
    assert r.stdout.count("\n── ") == 4 and "── 4/4  Chance level" in r.stdout, r.stdout


@case
def bound_only_where_it_bounds_g_h():
    """Pascanu's bound is a number in the CSV only for the rnn with its loss at
    the last step; the skip cell and every-step readouts leave it empty (null
    in JSON), and the summary says what holds instead."""
    for extra, applies, words in ((["--set", "model.cell=rnn"], True, None),
                                  (["--set", "model.cell=skip"], False, "skip path"),
                                  (["--set", "task.name=copy", "--set", "task.length=30"], False, "every step")):
        c, jl = os.path.join(tmp, "bound.csv"), os.path.join(tmp, "bound.jsonl")
        r = rnnscope("run", "--steps", "3", "--csv", c, "--jsonl", jl, *extra, check_status=0)
        rows = csv_rows(c)
        assert all((row["bound"] != "") == applies for row in rows), (extra, [row["bound"] for row in rows])
        assert all((json.loads(line)["bound"] is not None) == applies for line in open(jl)), extra
        if words:
            assert "no bound on g_h here" in summary_field(r.stdout, "decay"), r.stdout
            assert words in summary_field(r.stdout, "decay"), r.stdout
        else:
            assert "bound γ·σ_max =" in summary_field(r.stdout, "decay"), r.stdout

@case
def every_row_keeps_pascanus_bound():
    """Row by row: a row's σ_max and bound are of the weights its gradients
    came from (taken before the update), so every measured ratio
    g_h[t]/g_h[t+1] of an rnn with its loss at the last step is at most the
    row's bound (Pascanu, Mikolov & Bengio 2013) — while the weights move
    (lr high enough that σ_max changes step to step), for every activation."""
    checked = 0
    for extra in (["irnn-adding"], ["vanishing-sigmoid"], ["vanishing-tanh", "--set", "train.lr=0.3"],
                  ["vanishing-sigmoid", "--set", "model.activation=relu", "--set", "init.std=0.15"],
                  ["vanishing-sigmoid", "--set", "model.activation=leaky_relu", "--set", "train.optimizer=adam",
                   "--set", "train.lr=0.01"]):
        c = os.path.join(tmp, "pascanu.csv")
        rnnscope("run", *extra, "--steps", "60", "--csv", c, check_status=0)
        rows = csv_rows(c)
        sigmas = {row["sigma_max"] for row in rows}
        assert len(sigmas) > 30, f"{extra}: σ_max should change as the weights learn"
        for row in rows:
            if row["diverged"] == "1":
                continue
            bound = float(row["bound"])
            g = [float(row[f"g_h_{t}"]) for t in range(1, int(row["T"]) + 1)]
            for t in range(len(g) - 1):
                if g[t + 1] > 0:
                    assert g[t] <= bound * g[t + 1] * (1 + 1e-12), (extra, row["step"], t + 1, g[t] / g[t + 1], bound)
                    checked += 1
    assert checked > 10000, checked

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
