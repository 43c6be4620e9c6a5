#!/usr/bin/env python3
"""rnnscope against careless and hostile input (issue 12), end to end:

- a scenario that is one huge line (or a huge comment), through a pipe, is
  refused with bounded memory (the peak RSS of the process is measured) and
  what follows it is never silently dropped;
- a huge regular scenario file is refused unread; a NUL byte names its line;
- a FIFO as task.file is refused at once (it used to wait forever);
- control characters in a scenario's title never reach the terminal or the
  SVG (which stays valid XML); a title that is not UTF-8 is an error.

    python3 tests/test_robust.py PATH/TO/rnnscope
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

BIN = os.path.abspath(sys.argv[1])
tmp = tempfile.mkdtemp(prefix="rnnscope-robust-")
failed = []
passed = 0


def check(ok, what):
    global passed
    print(("ok   " if ok else "FAIL ") + what)
    if ok:
        passed += 1
    else:
        failed.append(what)


def run_fed(args, head, fill, tail=b"", timeout=120):
    """Run rnnscope with `head`, `fill` bytes of 'x' and `tail` on its
    standard input (written by a thread until the pipe closes). Returns the
    exit status, stderr, the peak RSS in MiB and the bytes that went in."""
    p = subprocess.Popen([BIN, *args], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    fed = [0]

    def feed():
        chunk = b"x" * (1 << 20)
        try:
            p.stdin.write(head)
            fed[0] += len(head)
            while fed[0] < fill:
                p.stdin.write(chunk)
                fed[0] += len(chunk)
            p.stdin.write(tail)
            p.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    err = []
    reader = threading.Thread(target=lambda: err.append(p.stderr.read()), daemon=True)
    reader.start()
    deadline = time.time() + timeout
    while time.time() < deadline:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.05)
    else:
        p.kill()
        pid, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    reader.join(10)
    return p.returncode, (err[0] if err else b"").decode(errors="replace"), usage.ru_maxrss / 1024.0, fed[0]


# One huge line: a title of 400 MiB through a pipe. The loader stops at the
# line limit: the process never holds the line (it held all of it before).
rc, err, rss, fed = run_fed(["run", "/dev/stdin", "--steps", "1"], b"[scenario]\ntitle = ", 400 << 20,
                            b"\n[task]\nlength = 5\n")
check(rc == 2 and "/dev/stdin:2: line too long; at most 198 characters" in err,
      f"a 400 MiB line is refused, exit 2 (exit {rc}: {err.strip()[:120]})")
check(rss < 150, f"... with bounded memory (peak RSS {rss:.0f} MiB, under 150)")
check(fed < (64 << 20), f"... and stops reading at once ({fed >> 20} MiB went into the pipe)")

# A huge comment, then a key: the key is never silently dropped — the file
# stops at its 1 MiB limit, an error.
rc, err, rss, fed = run_fed(["run", "/dev/stdin", "--steps", "1"], b"[model]\nhidden = 4\n# ", 400 << 20,
                            b"\n[task]\nlength = 5\n")
check(rc == 2 and "/dev/stdin:3: the file goes on past 1024 KiB" in err,
      f"a 400 MiB comment is refused, exit 2 (exit {rc}: {err.strip()[:120]})")
check(rss < 150, f"... with bounded memory (peak RSS {rss:.0f} MiB, under 150)")

# A huge regular file: refused by its size, unread (2 GiB, sparse).
huge = os.path.join(tmp, "huge.scn")
with open(huge, "wb") as f:
    f.write(b"[task]\nlength = 5\n# ")
    f.truncate(2 << 30)
start = time.time()
r = subprocess.run([BIN, "run", huge, "--steps", "1"], capture_output=True, text=True, errors="replace", timeout=60)
check(r.returncode == 2 and "too large (2048.0 MiB); a scenario is a short text file of at most 1024 KiB" in r.stderr
      and time.time() - start < 10, f"a 2 GiB scenario file is refused unread ({r.stderr.strip()[:120]})")
os.unlink(huge)

# A NUL byte: an error with the file, the line and the column.
nul = os.path.join(tmp, "nul.scn")
with open(nul, "wb") as f:
    f.write(b"[model]\nhidden = 8\n[task]\nleng\0th = 5\n")
r = subprocess.run([BIN, "run", nul, "--steps", "1"], capture_output=True, text=True, errors="replace", timeout=60)
check(r.returncode == 2 and f"{nul}:4: a NUL byte (column 5); a scenario is a text file" in r.stderr,
      f"a NUL byte is an error with its line ({r.stderr.strip()[:120]})")

# A FIFO as task.file: refused at once, no writer waited for.
fifo = os.path.join(tmp, "notes.fifo")
os.mkfifo(fifo)
try:
    r = subprocess.run([BIN, "run", "--set", "task.name=text", "--set", f"task.file={fifo}", "--steps", "1"],
                       capture_output=True, text=True, errors="replace", timeout=20)
    check(r.returncode == 2 and "not a regular file (a FIFO)" in r.stderr,
          f"a FIFO as task.file is refused at once ({r.stderr.strip()[:120]})")
except subprocess.TimeoutExpired:
    check(False, "a FIFO as task.file is refused at once (it hung)")

# Control characters in a title: gone before the terminal and the SVG.
ctl = os.path.join(tmp, "ctl.scn")
with open(ctl, "wb") as f:
    f.write(b"[scenario]\ntitle = Bell\x07 and \x1b[31mred\x1b[0m\ttab\x7f\xc2\x9b\n"
            b"summary = one\x01 two\n[task]\nlength = 5\n")
svg = os.path.join(tmp, "ctl.svg")
r = subprocess.run([BIN, "run", ctl, "--steps", "3", "--svg", svg], capture_output=True, timeout=120)
out = r.stdout + r.stderr
check(r.returncode == 0 and b"Bell and [31mred[0m tab" in r.stdout, f"a title with control characters runs (exit {r.returncode})")
check(not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", out),
      "no control character reaches the terminal")
xml = subprocess.run(["xmllint", "--noout", svg], capture_output=True, text=True)
check(xml.returncode == 0, f"the SVG is valid XML ({xml.stderr.strip()[:120]})")
check("<title>Bell and [31mred[0m tab</title>" in open(svg, encoding="utf-8").read(),
      "the SVG's title is the title without its control characters")

# A title that is not UTF-8 (Latin-1): an error naming the line.
latin = os.path.join(tmp, "latin.scn")
with open(latin, "wb") as f:
    f.write(b"[scenario]\ntitle = Caf\xe9\n")
r = subprocess.run([BIN, "run", latin, "--steps", "1"], capture_output=True, text=True, errors="replace", timeout=60)
check(r.returncode == 2 and f"{latin}:2: scenario.title: not UTF-8 text (the byte 0xE9)" in r.stderr,
      f"a title that is not UTF-8 is an error ({r.stderr.strip()[:120]})")

# ---- outputs that never destroy what was there -----------------------------------

def run(*args, **kw):
    return subprocess.run([BIN, *args], capture_output=True, text=True, errors="replace", timeout=120, cwd=tmp, **kw)


# Two outputs naming one file are refused before anything is written: the
# figure's companion CSV too, and two spellings of one path.
for args, what in ((["--csv", "same.csv", "--svg", "same.svg"], "the csv beside --svg same.svg"),
                   (["--csv", "x.csv", "--jsonl", "./x.csv"], "--jsonl ./x.csv"),
                   (["--jsonl", "-", "--csv", "-"], "--jsonl -"),
                   (["--spectrum", "x.csv", "--csv", "x.csv"], "--spectrum x.csv"),
                   (["--itemized", "i.csv", "--svg", "i.svg"], "the svg beside --itemized i.csv")):
    r = run("run", "--steps", "2", *args)
    check(r.returncode == 2 and "name the same file" in r.stderr and what in r.stderr,
          f"{' '.join(args)} is refused with exit 2 ({r.stderr.strip()[:120]})")
check(not os.path.exists(os.path.join(tmp, "same.csv")), "... and nothing was written")

# A write error on standard output is a failure, never exit 0.
for args in (["run", "--steps", "2"], ["run", "--steps", "2", "--csv", "-"], ["list"], ["keys"],
             ["lesson", "vanishing-sigmoid", "--headless"], ["--help"]):
    with open("/dev/full", "w") as full:
        r = subprocess.run([BIN, *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=300)
    check(r.returncode == 1 and "standard output: cannot write" in r.stderr,
          f"{' '.join(args)} > /dev/full exits 1 with a message ({r.returncode}: {r.stderr.strip()[:80]})")

# An existing output survives a failing write: a file-size limit makes the
# JSONL fail half-way (as a full disk would); the old file is untouched and no
# temporary file is left beside it.
old = os.path.join(tmp, "results.jsonl")
with open(old, "w") as f:
    f.write('{"kept": true}\n')
r = subprocess.run(["sh", "-c", 'ulimit -f 16; exec "$0" "$@"', BIN, "run", "--steps", "200", "--jsonl", old],
                   capture_output=True, text=True, timeout=120, cwd=tmp)
check(r.returncode == 1 and "results.jsonl: cannot write: File too large" in r.stderr,
      f"a write that fails half-way exits 1 and says why ({r.returncode}: {r.stderr.strip()[:100]})")
check(open(old).read() == '{"kept": true}\n', "... and the old file is untouched")
check(not [n for n in os.listdir(tmp) if n.startswith(".results.jsonl.")], "... and no temporary file is left")

# Ctrl-C and SIGTERM during a headless run: the step under way finishes, the
# summary is printed, every file is complete, exit 130 / 143.
for sig, status, word in ((2, 130, "Ctrl-C"), (15, 143, "SIGTERM")):
    jl, csv = os.path.join(tmp, f"stop{sig}.jsonl"), os.path.join(tmp, f"stop{sig}.csv")
    p = subprocess.Popen([BIN, "run", "--steps", "1000000", "--jsonl", jl, "--csv", csv], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, cwd=tmp)
    time.sleep(1.5)
    p.send_signal(sig)
    out, err = p.communicate(timeout=60)
    rows = open(jl).read().splitlines() if os.path.exists(jl) else []
    import json as _json
    try:
        parsed = [_json.loads(line) for line in rows]
        whole = len(parsed) > 0
    except ValueError:
        whole = False
    lines = open(csv).read().splitlines() if os.path.exists(csv) else []
    check(p.returncode == status and f"stopped     by {word}" in out and "diverged    no" in out,
          f"signal {sig}: exit {p.returncode} (want {status}) with the summary")
    check(whole and len(lines) == len(rows) + 1 and all(len(l.split(",")) == len(lines[0].split(",")) for l in lines),
          f"... every JSONL line and CSV row is whole ({len(rows)} rows)")

# ---- the memory budget -------------------------------------------------------------

# A config that would fill the machine is refused before it allocates: the
# message says how much it would need and which keys to lower, and the
# process stays small (peak RSS measured by the kernel for the child).
for args, keys in ((["--set", "model.hidden=1024", "--set", "task.length=1000", "--set", "train.batch=1024"],
                    "lower model.hidden, task.length or train.batch"),
                   (["--set", "model.cell=gru", "--set", "model.hidden=1024", "--set", "task.length=1000",
                     "--set", "train.batch=1024"], "lower model.hidden, task.length or train.batch"),
                   (["--set", "stats.memory_limit=64", "--set", "stats.history=100000", "--set", "task.length=1000"],
                    "lower stats.history or task.length"),
                   (["--set", "model.hidden=256", "--set", "task.length=1000", "--set", "train.batch=256",
                     "--set", "stats.memory_limit=6000", "--compare", "model.cell=lstm"], "both sides of compare mode")):
    p = subprocess.Popen([BIN, "run", "--steps", "1", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(p.pid, 0)      # this child's own peak RSS
    rc = os.waitstatus_to_exitcode(status)
    check(rc == 2 and "would need about" in err and "over the memory limit" in err and keys in err,
          f"{' '.join(args)} is refused ({rc}: {err.strip()[:160]})")
    check(usage.ru_maxrss < 200 * 1024, f"... and the process stayed small (peak RSS {usage.ru_maxrss // 1024} MiB)")
# rnnscope keys states the limit.
r = subprocess.run([BIN, "keys"], capture_output=True, text=True, timeout=60)
check("may use up to" in r.stdout and "stats.memory_limit" in r.stdout, "rnnscope keys states the memory limit")

shutil.rmtree(tmp, ignore_errors=True)
print(f"{passed} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
