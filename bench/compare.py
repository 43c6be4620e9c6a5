#!/usr/bin/python3
"""rnnscope against PyTorch, side by side: the ratio table of issue 13.

Runs `rnnscope bench --case C --json` and `bench/pytorch_peer.py --case C
--json` alternately (the order swaps every round), several rounds, and
prints per case the median ms per step of each, their spread (min–max over
the rounds) and the ratio PyTorch ms / rnnscope ms (of the medians, and its
range over the rounds' own ratios) — by the wall clock, and by each
process's CPU time (every thread: rnnscope's spectral thread counts), which
a machine loaded by other work disturbs far less.

    bench/compare.py [--rnnscope build-rel/rnnscope] [--rounds 5] [--seconds 1]
                     [--case rnn-128 ...] [--markdown]

Needs Debian's python3-torch (`apt-get install python3-torch`); run it with
/usr/bin/python3. Not part of the test suite. Use a release build
(`meson setup build-rel --buildtype=release && ninja -C build-rel`).
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# case: (label, goal) — the rows of issue 13's table
CASES = {
    "rnn-32": ("rnn tanh H=32 T=50 B=16", 8.0),
    "rnn-128": ("rnn tanh H=128 T=100 B=32", 1.6),
    "rnn-512": ("rnn tanh H=512 T=100 B=32, σ_max/ρ included", 1.2),
    "lstm-128": ("lstm H=128 T=100 B=32", 1.5),
    "gru-128": ("gru H=128 T=100 B=32", 1.7),
    "rnn-64-t1000": ("rnn tanh H=64 T=1000 B=16", 5.0),
}


def run_json(cmd):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def loadavg():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rnnscope", default=os.path.join(ROOT, "build-rel", "rnnscope"))
    ap.add_argument("--python", default="/usr/bin/python3", help="the Python that has torch")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=1.0, help="least time per measurement")
    ap.add_argument("--case", action="append", choices=sorted(CASES), help="repeatable; default: all")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = ap.parse_args()
    cases = args.case or list(CASES)
    peer = [args.python, os.path.join(HERE, "pytorch_peer.py")]
    ours = [args.rnnscope, "bench"]
    secs = ["--seconds", str(args.seconds)]

    version = subprocess.run([args.rnnscope, "--version"], capture_output=True, text=True).stdout.strip()
    load_start = loadavg()
    ms = {c: {"rnnscope": [], "torch": []} for c in cases}
    cpu = {c: {"rnnscope": [], "torch": []} for c in cases}
    torch_version = "?"
    for r in range(args.rounds):
        for c in cases:
            order = [("rnnscope", ours), ("torch", peer)]
            if r % 2:
                order.reverse()
            for who, cmd in order:
                res = run_json(cmd + ["--case", c, "--json"] + secs)
                ms[c][who].append(res["ms"])
                cpu[c][who].append(res.get("cpu_ms", float("nan")))
                torch_version = res.get("torch", torch_version)
            print(f"round {r + 1}/{args.rounds} {c}: rnnscope {ms[c]['rnnscope'][-1]:.3f} ms, "
                  f"torch {ms[c]['torch'][-1]:.3f} ms", file=sys.stderr, flush=True)
    load_end = loadavg()

    print(f"machine: {cpu_name()}, {os.cpu_count()} cores; load average {load_start:.2f} at start, "
          f"{load_end:.2f} at end")
    print(f"rnnscope: {version.splitlines()[-1] if version else '?'}")
    print(f"PyTorch {torch_version}, float64, 1 thread; {args.rounds} alternating rounds, "
          f"≥ {args.seconds:g} s each; ms per step: median (min–max)")
    short = 0
    for clock, data in (("wall clock", ms), ("CPU time", cpu)):
        print()
        print(f"by {clock}:")
        if args.markdown:
            print()
            print("| case | rnnscope ms | PyTorch ms | ratio (range) | goal | met |")
            print("|---|---|---|---|---|---|")
        else:
            print(f"{'case':46s} {'rnnscope ms':>24s} {'PyTorch ms':>24s} {'ratio':>6s} {'range':>11s} {'goal':>5s}")
        for c in cases:
            label, goal = CASES[c]
            a, b = data[c]["rnnscope"], data[c]["torch"]
            ma, mb = statistics.median(a), statistics.median(b)
            ratio = mb / ma
            per_round = [y / x for x, y in zip(a, b)]
            met = ratio >= goal
            if clock == "wall clock":
                short += not met
            sa = f"{ma:.3f} ({min(a):.3f}–{max(a):.3f})"
            sb = f"{mb:.3f} ({min(b):.3f}–{max(b):.3f})"
            rng = f"{min(per_round):.2f}–{max(per_round):.2f}"
            if args.markdown:
                print(f"| {label} | {sa} | {sb} | **{ratio:.2f}** ({rng}) | ≥ {goal:g} | {'yes' if met else 'no'} |")
            else:
                print(f"{label:46s} {sa:>24s} {sb:>24s} {ratio:6.2f} {rng:>11s} {goal:5g}{'' if met else '  short'}")
    return 0 if short == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
