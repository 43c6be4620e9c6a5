#!/usr/bin/env python3
"""Runs rnnscope's fuzz targets (tests/fuzz/fuzz_*.c).

Replay — the seed corpus (made from scenarios/ by make_corpus.py) and the
saved regressions through a target built with any compiler (replay.c):

    python3 tests/fuzz/run_fuzz.py replay TARGET BUILD/tests/fuzz/fuzz-replay-TARGET SOURCE_DIR

Fuzz — libFuzzer with clang, ASan and UBSan, in a build of its own:

    python3 tests/fuzz/run_fuzz.py fuzz [--seconds 300] [--targets scenario,text] \\
        [--build build-fuzz] [--source .]

configures BUILD with clang (-Dfuzzing=true) the first time, builds the
targets, and runs each in turn for SECONDS, one process at a time, on a
corpus kept in BUILD/corpus/TARGET (it grows from run to run; the seeds are
read from BUILD/seeds). A crash, a leak, undefined behaviour or a broken
property fails the run; the input is saved as BUILD/artifacts/TARGET-crash-…
(add it to tests/fuzz/regressions/TARGET/ once fixed: replay runs it in every
build). Prints, per target: executions, edges covered (cov), features (ft),
corpus size.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = ["scenario", "set", "lesson", "text", "session"]


def fuzz_env():
    env = dict(os.environ)
    env["OPENBLAS_NUM_THREADS"] = "1"     # one core for the fuzzer, one for the others
    asan = env.get("ASAN_OPTIONS", "")
    env["ASAN_OPTIONS"] = ":".join(o for o in [asan, "detect_leaks=1"] if o)
    env["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"
    return env


def make_seeds(source, out):
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(HERE, "make_corpus.py"), os.path.join(source, "scenarios"), out],
                   check=True)


def replay(args):
    with tempfile.TemporaryDirectory(prefix="rnnscope-seeds-") as seeds:
        make_seeds(args.source, seeds)
        inputs = [os.path.join(seeds, args.target)]
        regressions = os.path.join(HERE, "regressions", args.target)
        if os.path.isdir(regressions):
            inputs.append(regressions)
        # meson test --setup valgrind names a wrapper (tests/valgrind.sh): the replay runs under it.
        wrapper = [os.environ["RNNSCOPE_TEST_WRAPPER"]] if os.environ.get("RNNSCOPE_TEST_WRAPPER") else []
        r = subprocess.run([*wrapper, args.binary, *inputs], env=fuzz_env())
        return r.returncode


def setup_clang_build(build, source):
    if os.path.exists(os.path.join(build, "build.ninja")):
        return
    env = dict(os.environ, CC="clang")
    for var in ("CFLAGS", "LDFLAGS"):
        env.pop(var, None)
    subprocess.run(["meson", "setup", build, source, "--buildtype=debugoptimized", "-Dfuzzing=true",
                    "-Db_sanitize=address,undefined", "-Db_lundef=false", "-Dwerror=false",
                    "-Dc_args=['-fsanitize=fuzzer-no-link','-fno-sanitize-recover=undefined']"],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def fuzz(args):
    build = os.path.abspath(args.build)
    source = os.path.abspath(args.source)
    targets = args.targets.split(",") if args.targets else TARGETS
    setup_clang_build(build, source)
    subprocess.run(["ninja", "-C", build] + [f"tests/fuzz/fuzz-{t}" for t in targets], check=True,
                   stdout=subprocess.DEVNULL)
    seeds = os.path.join(build, "seeds")
    make_seeds(source, seeds)
    artifacts = os.path.join(build, "artifacts")
    os.makedirs(artifacts, exist_ok=True)
    failed, rows = [], []
    for t in targets:
        corpus = os.path.join(build, "corpus", t)
        os.makedirs(corpus, exist_ok=True)
        inputs = [corpus, os.path.join(seeds, t)]
        regressions = os.path.join(HERE, "regressions", t)
        if os.path.isdir(regressions):
            inputs.append(regressions)
        cmd = [os.path.join(build, "tests", "fuzz", f"fuzz-{t}"), f"-max_total_time={args.seconds}",
               "-timeout=25", "-rss_limit_mb=2048", "-max_len=4096", "-print_final_stats=1",
               f"-artifact_prefix={artifacts}/{t}-", *inputs]
        print(f"fuzz-{t}: {args.seconds} s", flush=True)
        r = subprocess.run(cmd, env=fuzz_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           errors="replace")
        log = os.path.join(build, f"fuzz-{t}.log")
        with open(log, "w") as f:
            f.write(r.stdout)
        runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", r.stdout)
        status = re.findall(r"#\d+\s+(?:DONE|pulse|NEW|REDUCE|INITED)\s+cov: (\d+) ft: (\d+) corp: (\d+)", r.stdout)
        cov, ft, corp = status[-1] if status else ("?", "?", "?")
        rows.append((t, runs[-1] if runs else "?", cov, ft, corp, r.returncode))
        if r.returncode != 0:
            failed.append(t)
            print(r.stdout[-6000:])
            print(f"fuzz-{t}: FAILED (exit {r.returncode}); the whole log: {log}")
    print(f"\n{'target':10} {'executions':>12} {'cov':>6} {'ft':>7} {'corpus':>7}")
    for t, runs, cov, ft, corp, rc in rows:
        print(f"{t:10} {runs:>12} {cov:>6} {ft:>7} {corp:>7}{'  FAILED' if rc else ''}")
    print(f"{len(targets) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("replay")
    r.add_argument("target", choices=TARGETS)
    r.add_argument("binary")
    r.add_argument("source")
    f = sub.add_parser("fuzz")
    f.add_argument("--seconds", type=int, default=60)
    f.add_argument("--targets", default="")
    f.add_argument("--build", default="build-fuzz")
    f.add_argument("--source", default=os.path.dirname(os.path.dirname(HERE)))
    args = p.parse_args()
    return replay(args) if args.cmd == "replay" else fuzz(args)


if __name__ == "__main__":
    sys.exit(main())
