#!/usr/bin/env python3
"""rnnscope --record FILE.cast, as a user records a demo: in a real terminal
(tmux), keys sent, quit; then the file is checked line by line against the
asciicast v2 format and replayed with asciinema in another terminal.

    python3 tests/test_record.py PATH/TO/rnnscope
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(sys.argv[1])
tmp = tempfile.mkdtemp(prefix="rnnscope-record-")
sock = os.path.join(tmp, "tmux.sock")
failed = []


def tmux(*args):
    return subprocess.run(["tmux", "-S", sock, *args], capture_output=True, text=True, timeout=30)


def screen(name):
    return tmux("capture-pane", "-p", "-t", name).stdout


def wait_for(name, text, seconds=20):
    end = time.time() + seconds
    while time.time() < end:
        if text in screen(name):
            return True
        time.sleep(0.1)
    return False


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failed.append(what)


cast = os.path.join(tmp, "demo.cast")
done = os.path.join(tmp, "done")
env = "env -u NO_COLOR LANG=C.UTF-8"
tmux("new-session", "-d", "-s", "rec", "-x", "100", "-y", "30",
     f"{env} {BIN} --record {cast} vanishing-sigmoid; echo $? > {done}; sleep 60")
check(wait_for("rec", "Sigmoid forgets"), "the view runs under the recorder")
time.sleep(2)    # the replay below shows this screen for as long as it stood here
tmux("send-keys", "-t", "rec", "n")    # one step, and pause
check(wait_for("rec", "paused"), "keys reach the view through the recorder")
time.sleep(2)
tmux("send-keys", "-t", "rec", "q")
end = time.time() + 20
while not os.path.exists(done) and time.time() < end:
    time.sleep(0.1)
time.sleep(0.2)
check(os.path.exists(done) and open(done).read().strip() == "0", "q quits with status 0")

lines = open(cast, encoding="utf-8").read().splitlines() if os.path.exists(cast) else []
try:
    header = json.loads(lines[0])
    check(header.get("version") == 2 and header.get("width") == 100 and header.get("height") == 30
          and isinstance(header.get("timestamp"), int), f"first line is an asciicast v2 header ({lines[0][:80]})")
    events = [json.loads(line) for line in lines[1:]]
    times = [e[0] for e in events]
    check(len(events) > 5 and all(isinstance(e, list) and len(e) == 3 and isinstance(e[0], float) and e[1] == "o"
                                  and isinstance(e[2], str) for e in events),
          f"every later line is an output event [time, \"o\", data] ({len(events)} events)")
    check(times == sorted(times) and times[0] >= 0, "event times never go back")
    text = "".join(e[2] for e in events)
    check("Sigmoid forgets" in text and "\x1b[?1049l" in text,
          "the events hold the screen, up to the terminal being restored")
except (IndexError, ValueError) as e:
    check(False, f"the cast parses as JSON lines ({e})")

# Replay it as a viewer would, in another terminal, fast.
if shutil.which("asciinema"):
    tmux("new-session", "-d", "-s", "play", "-x", "100", "-y", "30", f"asciinema play -i 2 {cast}; sleep 60")
    check(wait_for("play", "Sigmoid forgets", 30), "asciinema play replays the recording")

# The view takes --set like run does: here the text task on a file of the user's.
notes = os.path.join(tmp, "notes.txt")
with open(notes, "w") as f:
    f.write("the cat sat on the mat. " * 30)
tmux("new-session", "-d", "-s", "text", "-x", "120", "-y", "40",
     f"{env} {BIN} --set task.name=text --set task.file={notes} --set task.length=20; sleep 60")
check(wait_for("text", "text task, T=20"), "the view trains the text task on the user's file (--set)")
tmux("send-keys", "-t", "text", "q")

r = subprocess.run([BIN, "--record", cast, "run", "--steps", "1"], capture_output=True, text=True)
check(r.returncode == 2 and "--record records the interactive view" in r.stderr, "--record with run is refused")
r = subprocess.run([BIN, "--record", cast], capture_output=True, text=True, stdin=subprocess.DEVNULL)
check(r.returncode == 2 and "needs a terminal" in r.stderr, "--record without a terminal says so")
tmux("kill-server")
shutil.rmtree(tmp, ignore_errors=True)
print(f"{len(failed)} failed")
sys.exit(1 if failed else 0)
