#!/usr/bin/env python3
"""Every signal restores the terminal (issue 12), in a real terminal (tmux):

- the interactive view killed by SIGPIPE, SIGINT, SIGQUIT, SIGHUP, SIGTERM;
- the --record parent killed by the same: the view ends, the .cast file is
  finished (every line a JSON event, the last one the view restoring its
  screen) and the terminal is restored;
- a recording that cannot be written is refused before the view starts, and
  an older recording survives one that fails mid-way (a file-size limit).

"Restored" means: `stty -a` afterwards prints exactly what it printed before
the program started, and tmux reports the main screen, a visible cursor, no
mouse reporting and the keypad in normal mode (asked while the pane's shell
is still alive: a dead pane reports no cursor). Each program dies of the
signal it got (the shell sees 128 + n).

    python3 src/tui/tests/test_signals.py PATH/TO/rnnscope
"""
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

EXE = os.path.abspath(sys.argv[1])
SOCKET = f"rnnscope-signals-{os.getpid()}"
TIMEOUT = float(os.environ.get("RS_E2E_TIMEOUT", "60"))
tmp = tempfile.mkdtemp(prefix="rnnscope-signals-")
failed = []
passed = 0


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCKET, "-f", "/dev/null", *args], capture_output=True, text=True)


def terminal_type():
    for term in ("tmux-256color", "screen-256color", "xterm-256color"):
        if subprocess.run(["infocmp", term], capture_output=True).returncode == 0:
            return term
    return "screen"


TERM = terminal_type()


def check(ok, what):
    global passed
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if ok:
        passed += 1
    else:
        failed.append(what)


session = None


def start(name, args, limit=""):
    """rnnscope ARGS in a fresh session (one tmux server for all): `stty -a`
    before and after it, its exit status in a file. `limit`: shell commands
    run first (ulimit)."""
    global session
    previous, session = session, name
    env = {"LANG": "C.UTF-8", "TERM": TERM,
           "RNNSCOPE_SCENARIO_DIR": os.environ.get("RNNSCOPE_SCENARIO_DIR", ""),
           "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", ""),
           "UBSAN_OPTIONS": os.environ.get("UBSAN_OPTIONS", "")}
    assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    if os.path.exists(os.path.join(d, "status")):
        os.unlink(os.path.join(d, "status"))
    inner = (f"cd {shlex.quote(d)}; ulimit -c 0; {limit} stty -a > before; "
             f"env -u NO_COLOR -u LC_ALL -u LC_CTYPE {assignments} {shlex.quote(EXE)} "
             f"{' '.join(shlex.quote(a) for a in args)} 2> stderr; "
             "echo $? > status.tmp; stty -a > after; mv status.tmp status; sleep 300")
    tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", "sh -c " + shlex.quote(inner))
    if previous:    # after the new one starts: the server stays up (it leaves with its last session)
        tmux("kill-session", "-t", previous)
    return d


def screen():
    return tmux("capture-pane", "-p", "-t", session).stdout


def wait_for(predicate, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def child_of_pane():
    """The pid of the program the pane's shell started (ours, by parentage)."""
    shell = tmux("display-message", "-p", "-t", session, "#{pane_pid}").stdout.strip()
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{p}/cmdline", "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if fields[1] == shell and EXE.encode() in cmd:
            return int(p)
    return None


def finished(d):
    path = os.path.join(d, "status")
    if not wait_for(lambda: os.path.exists(path)):
        return None
    return int(open(path).read().strip())


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return f"(no {os.path.basename(path)})"


def terminal_restored(d, what):
    before = read(os.path.join(d, "before"))
    after = read(os.path.join(d, "after"))
    def flags():
        return tmux("display-message", "-p", "-t", session,
                    "#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{keypad_cursor_flag}").stdout.split()
    wait_for(lambda: flags() == ["0", "1", "0", "0"], timeout=3)   # tmux may still be reading the last bytes
    flags = flags()
    check(before == after, f"{what}: stty -a afterwards is what it was before"
          + ("" if before == after else f"\n--- before\n{before}--- after\n{after}"))
    check(flags == ["0", "1", "0", "0"],
          f"{what}: main screen, cursor visible, no mouse reports, keypad normal (tmux: {' '.join(flags)})")


def view_is_up():
    return "Sigmoid forgets" in screen() and child_of_pane() is not None


SIGNALS = [("SIGPIPE", signal.SIGPIPE), ("SIGINT", signal.SIGINT), ("SIGQUIT", signal.SIGQUIT),
           ("SIGHUP", signal.SIGHUP), ("SIGTERM", signal.SIGTERM)]

# ---- the interactive view -----------------------------------------------------
for name, sig in SIGNALS:
    d = start(f"view-{name}", ["vanishing-sigmoid"])
    if not wait_for(view_is_up):
        check(False, f"view, {name}: the view starts ({screen()[:200]})")
        continue
    time.sleep(0.3)     # training and drawing: the signal lands mid-frame
    os.kill(child_of_pane(), sig)
    status = finished(d)
    check(status == 128 + sig, f"view, {name}: dies of it (status {status}, want {128 + sig})")
    terminal_restored(d, f"view, {name}")


# ---- the --record parent -------------------------------------------------------
def cast_is_complete(path, what):
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
        header = json.loads(lines[0])
        events = [json.loads(line) for line in lines[1:]]
        ok = (header.get("version") == 2 and len(events) > 2
              and all(isinstance(e, list) and len(e) == 3 and e[1] == "o" for e in events))
        restored = "\x1b[?1049l" in "".join(e[2] for e in events[-3:])
        check(ok, f"{what}: the .cast is whole: a header and {len(events)} events, each a JSON line")
        check(restored, f"{what}: the .cast ends with the view restoring its screen")
    except (OSError, IndexError, ValueError) as e:
        check(False, f"{what}: the .cast parses ({e})")


for name, sig in SIGNALS:
    d = start(f"record-{name}", ["--record", "demo.cast", "vanishing-sigmoid"])
    if not wait_for(view_is_up):
        check(False, f"--record, {name}: the view starts under the recorder ({screen()[:200]})")
        continue
    time.sleep(0.3)
    os.kill(child_of_pane(), sig)      # the recorder, not the view (its grandchild)
    status = finished(d)
    check(status == 128 + sig, f"--record, {name}: the recorder dies of it (status {status}, want {128 + sig})")
    terminal_restored(d, f"--record, {name}")
    cast_is_complete(os.path.join(d, "demo.cast"), f"--record, {name}")
    check(sorted(os.listdir(d)) == ["after", "before", "demo.cast", "status", "stderr"],
          f"--record, {name}: no temporary file left ({sorted(os.listdir(d))})")

# A recording that cannot be written is refused before the view starts.
for target, reason in (("/dev/full", "No space left on device"),
                       (os.path.join(tmp, "no", "such", "demo.cast"), "No such file or directory")):
    d = start(f"record-refused-{os.path.basename(target)}", ["--record", target, "vanishing-sigmoid"])
    status = finished(d)
    err = read(os.path.join(d, "stderr"))
    check(status == 1 and f"--record: {target}: cannot write: {reason}" in err,
          f"--record {target}: refused at start, exit 1 (status {status}: {err.strip()})")
    check("Sigmoid forgets" not in tmux("capture-pane", "-p", "-S", "-", "-t", session).stdout,
          f"--record {target}: the view never started")
    terminal_restored(d, f"--record {target}")

# A recording that fails mid-way (a file-size limit of 20 KiB, as a full
# disk) ends the session with a message; the older recording is untouched.
d = os.path.join(tmp, "record-limit")
os.makedirs(d, exist_ok=True)
with open(os.path.join(d, "demo.cast"), "w") as f:
    f.write("an older recording\n")
d = start("record-limit", ["--record", "demo.cast", "vanishing-sigmoid", "--run"], limit="ulimit -f 40;")
status = finished(d)
err = read(os.path.join(d, "stderr"))
check(status == 1 and "demo.cast: cannot write: File too large" in err,
      f"a recording that fails mid-way ends with a message, exit 1 (status {status}: {err.strip()[:160]})")
check(read(os.path.join(d, "demo.cast")) == "an older recording\n", "the older recording is untouched")
check(sorted(os.listdir(d)) == ["after", "before", "demo.cast", "status", "stderr"],
      f"no temporary file left ({sorted(os.listdir(d))})")
terminal_restored(d, "a failed recording")

tmux("kill-server")
shutil.rmtree(tmp, ignore_errors=True)
print(f"{passed} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
