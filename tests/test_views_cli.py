#!/usr/bin/env python3
"""Issue 14's views headless, as a user runs them: run --spectrum, run
--itemized and rnnscope sweep — their files, numbers, exit statuses and
messages; a sweep cell equal to a single `run` with the same settings and
seeds; the same CSV with 1 and 2 workers.

    python3 tests/test_views_cli.py PATH/TO/rnnscope
"""
import csv
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1])
passed, failed = 0, 0
tmp = tempfile.mkdtemp(prefix="rnnscope-views-")
SMALL = ["--set", "model.hidden=16", "--set", "task.length=20", "--set", "train.batch=8"]


def rnnscope(*args, status=0):
    r = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=240)
    if status is not None and r.returncode != status:
        raise AssertionError(f"rnnscope {' '.join(args)}: exit {r.returncode}, wanted {status}\n"
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


def path(name):
    return os.path.join(tmp, name)


def rows_of(name):
    return list(csv.DictReader(open(path(name))))


def valid_svg(name):
    text = open(path(name)).read()
    assert text.startswith("<?xml") and text.rstrip().endswith("</svg>"), name
    if shutil.which("xmllint"):
        r = subprocess.run(["xmllint", "--noout", path(name)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
    return text


def jsonl(name):
    return [json.loads(line) for line in open(path(name))]


# ---- run --spectrum -----------------------------------------------------------------

@case
def spectrum_at_the_start_and_the_end():
    rnnscope("run", "vanishing-tanh", "--steps", "20", "--spectrum", path("s.csv"), "--jsonl", path("s.jsonl"),
             "--set", "stats.spectral_every=1", *SMALL)
    rows = rows_of("s.csv")
    assert list(rows[0]) == ["step", "set", "re", "im"], list(rows[0])
    assert [r["step"] for r in rows] == ["0"] * 16 + ["20"] * 16
    assert {r["set"] for r in rows} == {"W_hh"}
    # max |λ| of the initial W_hh is the engine's spectral radius of the same
    # weights: step 1's row (its statistics are of the weights it trained with)
    first = jsonl("s.jsonl")[0]
    rho = max(math.hypot(float(r["re"]), float(r["im"])) for r in rows if r["step"] == "0")
    assert abs(rho - first["radius"]) <= 1e-12 * first["radius"], (rho, first["radius"])
    svg = valid_svg("s.svg")
    assert "unit circle" in svg and "circle law" in svg and "σ_max" in svg


@case
def spectrum_of_skip_and_of_a_gated_cell():
    rnnscope("run", "vanishing-tanh", "--steps", "5", "--spectrum", path("k"), "--set", "model.cell=skip", *SMALL)
    rows = rows_of("k.csv")        # no .csv given: FILE.csv and FILE.svg
    assert {(r["step"], r["set"]) for r in rows} == {("0", "W_hh"), ("0", "W_sk"), ("5", "W_hh"), ("5", "W_sk")}
    valid_svg("k.svg")
    # lstm: the step Jacobian of (h, c), 2H eigenvalues, after the first and the last step
    rnnscope("run", "vanishing-tanh", "--steps", "5", "--spectrum", path("l.csv"), "--set", "model.cell=lstm", *SMALL)
    rows = rows_of("l.csv")
    assert [r["step"] for r in rows] == ["1"] * 32 + ["5"] * 32 and {r["set"] for r in rows} == {"jacobian"}
    svg = valid_svg("l.svg")
    assert "circle law" not in svg and "c_T" in svg


@case
def spectrum_in_compare_mode_writes_both_sides():
    rnnscope("run", "vanishing-tanh", "--steps", "3", "--spectrum", path("c.csv"), "--compare", "init.std=0.3",
             *SMALL)
    left, right = rows_of("c.csv"), rows_of("c-right.csv")
    rho = lambda rows: max(math.hypot(float(r["re"]), float(r["im"])) for r in rows if r["step"] == "0")
    assert rho(right) > 2 * rho(left), (rho(left), rho(right))
    valid_svg("c-right.svg")


# ---- run --itemized ---------------------------------------------------------------------

@case
def itemized_rows_are_the_predictions():
    r = rnnscope("run", "copy-memory", "--steps", "3", "--itemized", path("i.csv"), "--set", "model.hidden=16",
                 "--set", "task.copy_length=3", "--set", "task.length=15")
    rows = rows_of("i.csv")
    assert list(rows[0])[:3] == ["quantity", "t_prime", "s_1"] and len(rows[0]) == 17
    # copy: the last copy_length steps predict; g_h rows first, then g_x
    assert [(x["quantity"], x["t_prime"]) for x in rows] == [(q, str(t)) for q in ("g_h", "g_x") for t in (13, 14, 15)]
    for x in rows:
        tp = int(x["t_prime"])
        for s in range(1, 16):
            v = x[f"s_{s}"]
            assert (v == "") == (s > tp), (tp, s, v)     # a prediction does not depend on later steps
            if s <= tp:
                assert float(v) > 0
    assert "itemized    3 predictions of sequence 1: 3 backward passes in" in r.stdout, r.stdout
    svg = valid_svg("i.svg")
    assert "∂L_{t′}/∂h_s" in svg and "depends on" in svg


@case
def itemized_of_a_last_readout_is_one_row():
    rnnscope("run", "vanishing-tanh", "--steps", "2", "--itemized", path("one.csv"), *SMALL)
    rows = rows_of("one.csv")
    assert [(x["quantity"], x["t_prime"]) for x in rows] == [("g_h", "20"), ("g_x", "20")]
    valid_svg("one.svg")


@case
def itemized_and_spectrum_leave_the_run_as_it_was():
    rnnscope("run", "copy-memory", "--steps", "15", "--csv", path("plain.csv"), "--set", "task.copy_length=3",
             "--set", "task.length=15", "--set", "model.hidden=16")
    rnnscope("run", "copy-memory", "--steps", "15", "--csv", path("views.csv"), "--set", "task.copy_length=3",
             "--set", "task.length=15", "--set", "model.hidden=16", "--itemized", path("x.csv"),
             "--spectrum", path("y.csv"))
    assert open(path("plain.csv"), "rb").read() == open(path("views.csv"), "rb").read()


# ---- sweep ---------------------------------------------------------------------------------

def sweep_rows(name):
    return rows_of(name)


@case
def sweep_cells_equal_single_runs():
    """A cell is `run` with the cell's settings and the same seeds: reach and decay of
    the last step that trained (after a divergence, the update that led there is undone
    and its step is the failed one, as run's summary says), the mean loss of the last
    min(100, N) of those steps, and where it diverged."""
    rnnscope("sweep", "vanishing-tanh", "--x", "init.std=0.05,0.4,3", "--y", "model.activation=tanh,relu",
             "--steps", "30", "--csv", path("g.csv"), "--set", "train.lr=0.5", *SMALL)
    grid = sweep_rows("g.csv")
    assert len(grid) == 6
    diverged = 0
    for cell in grid:
        r = rnnscope("run", "vanishing-tanh", "--steps", "30", "--jsonl", path("one.jsonl"), "--set", "train.lr=0.5",
                     *SMALL, "--set", f"init.std={cell['init.std']}",
                     "--set", f"model.activation={cell['model.activation']}")
        rows = jsonl("one.jsonl")
        steps = int(cell["steps"])
        trained = [x for x in rows if not x["diverged"] and x["step"] <= steps]
        assert len(trained) == steps, (cell, len(trained))
        assert int(cell["reach"]) == (trained[-1]["reach"] if trained else 0), (cell, trained[-1:])
        if trained:
            want = trained[-1]["decay"]     # null in JSON when undefined (no two positive g_h in a row)
            assert (cell["decay"] == "nan") if want is None else float(cell["decay"]) == want, (cell["decay"], want)
            window = [x["loss"] for x in trained][-100:]
            mean = sum(window) / len(window)
            assert abs(float(cell["loss"]) - mean) <= 1e-15 * abs(mean), (cell["loss"], mean)
            assert f"mean of the last {len(window)} steps" in r.stdout
        assert cell["diverged"] == ("1" if rows[-1]["diverged"] else "0"), (cell, rows[-1])
        if rows[-1]["diverged"]:
            # the failed step is the one the next attempt redoes: the steps trained are the ones before it
            assert int(cell["diverged_at"]) == rows[-1]["step"] and steps == rows[-1]["step"] - 1, cell
            assert f"diverged    at step {cell['diverged_at']}:" in r.stdout
            diverged += 1
        else:
            assert steps == 30
    assert diverged >= 1, "relu at std 3 with lr 0.5 should diverge"


@case
def sweep_at_initialisation_is_the_first_step():
    rnnscope("sweep", "vanishing-tanh", "--x", "init.std=0.1,0.5", "--steps", "0", "--csv", path("z.csv"), *SMALL)
    for cell in sweep_rows("z.csv"):
        rnnscope("run", "vanishing-tanh", "--steps", "1", "--jsonl", path("z.jsonl"), *SMALL,
                 "--set", f"init.std={cell['init.std']}")
        first = jsonl("z.jsonl")[0]
        assert cell["steps"] == "0" and int(cell["reach"]) == first["reach"], (cell, first)
        assert float(cell["decay"]) == first["decay"] and float(cell["loss"]) == first["loss"], (cell, first)


@case
def sweep_output_does_not_depend_on_the_workers():
    outs = []
    for jobs in ("1", "2"):
        r = rnnscope("sweep", "vanishing-tanh", "--x", "init.std=0.02:1:log:6", "--y", "model.cell=rnn,lstm",
                     "--steps", "8", "--jobs", jobs, "--csv", path(f"w{jobs}.csv"), "--svg", path(f"w{jobs}.svg"),
                     *SMALL)
        outs.append(open(path(f"w{jobs}.csv"), "rb").read())
        assert f"with {jobs} worker" in r.stdout, r.stdout
    assert outs[0] == outs[1], "the CSV differs between 1 and 2 workers"
    grid = list(csv.DictReader(io.StringIO(outs[0].decode())))
    assert [c["bound"] for c in grid if c["model.cell"] == "lstm"] == ["nan"] * 6   # the bound does not apply
    svg = valid_svg("w2.svg")
    assert "γ·σ_max = 1" in svg


@case
def sweep_draws_the_grid_and_the_contour():
    r = rnnscope("sweep", "vanishing-tanh", "--x", "init.std=0.02:0.5:log:6", "--y",
                 "model.activation=sigmoid,tanh", "--steps", "0", *SMALL)
    lines = r.stdout.splitlines()
    assert lines[0].split()[0] == "model.activation" and "init.std (log)" in lines[0], lines[0]
    tanh = [x for x in lines if x.strip().startswith("tanh")][0]
    assert ("┃" in tanh or "|" in tanh), f"tanh crosses γ·σ_max = 1 within 0.02 … 0.5:\n{r.stdout}"
    assert "cells/s with" in r.stdout and "decay per step back" in r.stdout
    assert "\033[" not in r.stdout, "no colour escapes when stdout is not a terminal"
    # A relu net thrown off by sgd at lr 1 diverges; a saturated tanh has no decay to measure: words, never "nan"
    r = rnnscope("sweep", "exploding-relu", "--x", "init.std=0.05,0.5", "--y", "model.activation=tanh,relu",
                 "--steps", "5", *SMALL)
    relu = [x for x in r.stdout.splitlines() if x.strip().startswith("relu")]
    assert re.search(r"div@\d", relu[0]) and "div" in relu[1].split() and "nan" not in r.stdout.lower(), r.stdout
    decays = [x.split()[1:] for x in r.stdout.split("decay per step back")[1].splitlines()[1:3]]
    assert all(len(d) == 2 for d in decays), r.stdout      # every number whole in its column
    r = rnnscope("sweep", "vanishing-tanh", "--x", "init.std=0.1,0.2", "--steps", "0", "--scaling", "--jobs", "2",
                 *SMALL)
    assert "with 1 worker" in r.stdout and "the grids are identical" in r.stdout, r.stdout


@case
def sweep_csv_to_stdout():
    r = rnnscope("sweep", "vanishing-tanh", "--x", "train.lr=0.01,0.1", "--steps", "2", "--csv", "-", *SMALL)
    grid = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [c["train.lr"] for c in grid] == ["0.01", "0.10000000000000001"], r.stdout
    assert "cells/s" in r.stderr


@case
def sweep_without_axes_draws_the_phase_views_grid():
    """Without --x the sweep spans the live phase view's grid: W_hh's scale from a
    tenth of its edge (1/√H for a gaussian: 0.25 at H = 16) to ten times it, 13
    columns to 3 digits, × the four activations; --y alone replaces the rows; an
    orthogonal W_hh sweeps init.gain around 1, an lstm's rows are the cells."""
    r = rnnscope("sweep", "vanishing-tanh", "--steps", "0", "--csv", "-", *SMALL)
    grid = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(grid) == 52, len(grid)
    stds = sorted({float(c["init.std"]) for c in grid})
    assert len(stds) == 13 and stds[0] == 0.025 and stds[6] == 0.25 and stds[12] == 2.5, stds
    assert [float(f"{v:.3g}") for v in stds] == stds, stds      # 3 digits
    assert {c["model.activation"] for c in grid} == {"sigmoid", "tanh", "relu", "leaky_relu"}
    # the circle law: ρ at initialisation grows with the scale, near 1 at the edge
    tanh = [c for c in grid if c["model.activation"] == "tanh"]
    assert 0.6 < float(tanh[6]["radius"]) < 1.4, tanh[6]
    assert float(tanh[0]["radius"]) < 0.2 < 5 < float(tanh[12]["radius"]), (tanh[0], tanh[12])
    r = rnnscope("sweep", "vanishing-tanh", "--steps", "0", "--y", "task.length=10,20", "--csv", "-", *SMALL)
    assert len(list(csv.DictReader(io.StringIO(r.stdout)))) == 26
    r = rnnscope("sweep", "vanishing-tanh", "--steps", "0", "--set", "init.recurrent=orthogonal", "--set",
                 "model.cell=lstm", "--csv", "-", *SMALL)
    grid = list(csv.DictReader(io.StringIO(r.stdout)))
    assert r.stdout.startswith("i,j,init.gain,model.cell,"), r.stdout[:80]
    assert {c["model.cell"] for c in grid} == {"rnn", "lstm", "gru", "skip"}
    assert sorted({float(c["init.gain"]) for c in grid})[6] == 1.0


@case
def sweep_usage_errors_exit_2():
    cases = [
        (["sweep", "--x", "init.std=0.1:1:log"], "a range is"),
        (["sweep", "--x", "nope=1,2"], "unknown key"),
        (["sweep", "--x", "task.file=a,b"], "changes training"),
        (["sweep", "--x", "init.std=0:1:log:3"], "above 0"),
        (["sweep", "--x", "init.std=0.1,99"], "init.std"),
        (["sweep", "--x", "init.std=0.1,0.2", "--y", "init.std=0.3"], "two different keys"),
        (["sweep", "--x", "init.std=0.1,0.2", "--set", "init.recurrent=orthogonal"], "does not matter"),
        (["sweep", "--x", "init.std=0.1", "--steps", "-1"], "--steps"),
        (["sweep", "--x", "init.std=0.1", "--jobs", "0"], "--jobs"),
        (["sweep", "--x", "init.std=0.1", "--frobnicate"], "unknown option"),
        (["sweep", "--x", "task.length=30,12", "--set", "task.name=copy", "--steps", "1"], "cell task.length = 12"),
    ]
    for args, says in cases:
        r = rnnscope(*args, status=2)
        assert says in r.stderr, (args, r.stderr)
    r = rnnscope("run", "--spectrum", status=2)
    assert "needs a value" in r.stderr
    r = rnnscope("run", "--itemize", "x.csv", status=2)
    assert "--itemized FILE.csv" in r.stderr


@case
def sweep_stops_cleanly_on_a_signal():
    import signal
    import time
    p = subprocess.Popen([BIN, "sweep", "vanishing-tanh", "--x", "init.std=0.02:0.5:log:8", "--steps", "100000",
                          "--jobs", "2", *SMALL], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.0)      # the handler is in place long before (a cell takes minutes)
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=60)
    assert p.returncode == -signal.SIGTERM, (p.returncode, err)
    assert "interrupted: cancelled after 0 of 8 cells" in err, err


@case
def help_names_the_new_commands():
    r = rnnscope("--help")
    for word in ("rnnscope sweep", "--spectrum", "--itemized", "--scaling"):
        assert word in r.stdout, word


print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
