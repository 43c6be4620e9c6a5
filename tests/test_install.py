#!/usr/bin/env python3
"""`meson install` puts rnnscope in place: the binary, the scenarios with their
texts, and a man page that documents every config key and renders cleanly.

    python3 tests/test_install.py BUILD_DIR SOURCE_DIR
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

build, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
dest = tempfile.mkdtemp(prefix="rnnscope-install-")
failed = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failed.append(what)


r = subprocess.run(["meson", "install", "-C", build, "--destdir", dest, "--no-rebuild", "--quiet"],
                   capture_output=True, text=True, timeout=300)
check(r.returncode == 0, f"meson install --destdir ({r.stderr.strip()[-300:]})")

installed = {os.path.relpath(os.path.join(d, f), dest) for d, _, fs in os.walk(dest) for f in fs}
binary = [p for p in installed if p.endswith("bin/rnnscope")]
check(len(binary) == 1, f"the binary is installed ({binary})")
man = [p for p in installed if p.endswith("man1/rnnscope.1")]
check(len(man) == 1, f"the man page is installed ({man})")
bundled = sorted(f for f in os.listdir(os.path.join(source, "scenarios")) if f.endswith(".scn"))
got = sorted(os.path.basename(p) for p in installed if "/rnnscope/scenarios/" in p and p.endswith(".scn"))
check(got == bundled, f"every scenario is installed ({len(got)} of {len(bundled)})")
check(any(p.endswith("rnnscope/scenarios/texts/grew-up.txt") for p in installed), "the scenarios' texts are installed")

if binary and man:
    exe = os.path.join(dest, binary[0])
    scen = os.path.join(dest, os.path.dirname(got and [p for p in installed if p.endswith(".scn")][0] or ""))
    env = dict(os.environ, RNNSCOPE_SCENARIO_DIR=scen)
    r = subprocess.run([exe, "run", "your-own-text", "--steps", "2"], capture_output=True, text=True, env=env)
    check(r.returncode == 0, f"the installed binary runs an installed scenario with its text ({r.stderr.strip()})")
    page = open(os.path.join(dest, man[0])).read()
    keys = subprocess.run([exe, "keys"], capture_output=True, text=True).stdout.splitlines()[1:]
    keys = [line.split()[0] for line in keys if re.match(r"^[a-z]+\.[a-z_]+ ", line)]
    missing = [k for k in keys if f".B {k}\n" not in page]
    check(len(keys) > 20 and not missing, f"the man page documents every config key (missing: {missing})")
    if shutil.which("groff"):
        r = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", os.path.join(dest, man[0])],
                           capture_output=True, text=True)
        check(r.returncode == 0 and r.stderr == "", f"the man page renders without warnings ({r.stderr.strip()})")

shutil.rmtree(dest, ignore_errors=True)
print(f"{len(failed)} failed")
sys.exit(1 if failed else 0)
