#!/usr/bin/env python3
"""Memory checks in every plain test run: rnnscope's headless commands and
the fuzz targets' seed corpus under valgrind's memcheck (tests/valgrind.sh):
no leak, no invalid read or write, no use of uninitialised memory. (The
whole suite under memcheck: meson test --setup valgrind.)

    python3 tests/memcheck.py BUILD_DIR SOURCE_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

build, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
wrapper = os.path.join(source, "tests", "valgrind.sh")
exe = os.path.join(build, "rnnscope")
tmp = tempfile.mkdtemp(prefix="rnnscope-memcheck-")
env = dict(os.environ, RNNSCOPE_SCENARIO_DIR=os.path.join(source, "scenarios"), OPENBLAS_NUM_THREADS="1")
failed, passed = [], 0


def memcheck(what, argv, expect=0, extra_env=None):
    global passed
    r = subprocess.run([wrapper, *argv], env=dict(env, **(extra_env or {})), capture_output=True, text=True,
                       errors="replace", timeout=600)
    ok = r.returncode == expect
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else f" (exit {r.returncode})"), flush=True)
    if ok:
        passed += 1
    else:
        failed.append(what)
        print(r.stdout[-3000:], r.stderr[-6000:], sep="\n")


def out(name):
    return os.path.join(tmp, name)


memcheck("run: the text task, every output", [exe, "run", "your-own-text", "--steps", "15", "--csv", out("a.csv"),
                                              "--jsonl", out("a.jsonl"), "--svg", out("figure.svg"), "--decay-svg", out("decay.svg"),
                                              "--export-state", out("s.json")])
memcheck("run: compare mode, an lstm", [exe, "run", "compare-rnn-lstm", "--steps", "5", "--set", "task.length=12",
                                        "--svg", out("c.svg"), "--export-state", out("c.json")])
memcheck("run: divergence", [exe, "run", "exploding-relu", "--steps", "8", "--jsonl", "-"])
memcheck("run: a bad setting", [exe, "run", "--set", "model.hidden=0"], expect=2)
memcheck("run: a device as task.file", [exe, "run", "--set", "task.name=text", "--set", "task.file=/dev/zero"], expect=2)
memcheck("list", [exe, "list"])
memcheck("keys", [exe, "keys"])
for t in ["scenario", "set", "lesson", "text", "session"]:
    seeds = os.path.join(tmp, "seeds")
    if not os.path.isdir(seeds):
        subprocess.run([sys.executable, os.path.join(source, "tests", "fuzz", "make_corpus.py"),
                        os.path.join(source, "scenarios"), seeds], check=True)
    inputs = [os.path.join(seeds, t)]
    regressions = os.path.join(source, "tests", "fuzz", "regressions", t)
    if os.path.isdir(regressions):
        inputs.append(regressions)
    memcheck(f"fuzz target {t}: the seed corpus", [os.path.join(build, "tests", "fuzz", f"fuzz-replay-{t}"), *inputs])
for t in ["outfile", "text-utf8"]:
    memcheck(f"test-{t}", [os.path.join(build, "tests", f"test-{t}")], extra_env={"CK_FORK": "no"})

shutil.rmtree(tmp, ignore_errors=True)
print(f"{passed} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
