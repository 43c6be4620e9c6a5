#!/usr/bin/env python3
"""The fuzz targets' seed corpus, made from the bundled scenarios (so it
grows with them):

    python3 tests/fuzz/make_corpus.py SCENARIO_DIR OUT_DIR

writes OUT_DIR/scenario (the .scn files and a few edge cases), OUT_DIR/set
(their keys as --set / --compare lines), OUT_DIR/lesson (their lessons' `do`
lines, a '>' opening each step), OUT_DIR/text (the bundled texts and UTF-8
edge cases) and OUT_DIR/session (operation scripts).
"""
import os
import random
import re
import sys


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def entries(text):
    """(section, key, value, is_continuation) for each key line of an INI text."""
    section, key = "", None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped[0] in ";#":
            continue
        if line[0] in " \t" and key:
            yield section, key, re.sub(r"\s;.*", "", stripped), True
            continue
        m = re.match(r"\[(.*)\]", stripped)
        if m:
            section, key = m.group(1).strip(), None
            continue
        m = re.match(r"([^=:]+)[=:](.*)", stripped)
        if m:
            key = m.group(1).strip()
            yield section, key, re.sub(r"\s;.*", "", m.group(2)).strip(), False


def main():
    scenarios, out = sys.argv[1], sys.argv[2]
    names = sorted(n for n in os.listdir(scenarios) if n.endswith(".scn"))
    for n in names:
        text = open(os.path.join(scenarios, n), encoding="utf-8").read()
        stem = n[:-4]
        write(f"{out}/scenario", n, text)

        sets, lesson = [], []
        for section, key, value, more in entries(text):
            if section == "lesson":
                if key == "step" and not more:
                    lesson.append(">")              # the step's first `do` line follows the '>'
                elif key == "do" and more:
                    lesson[-1] += ", " + value      # an indented line continues the `do` above
                elif key == "do":
                    if lesson and lesson[-1] == ">":
                        lesson[-1] += value
                    else:
                        lesson.append(value)
            elif section == "compare" and not more:
                sets.append(f"c {key}={value}")
            elif section not in ("scenario",) and not more:
                sets.append(f"s {section}.{key}={value}")
        write(f"{out}/set", stem, "\n".join(sets) + "\n")
        if lesson:
            write(f"{out}/lesson", stem, "\n".join(lesson) + "\n")

    # Scenario edge cases the bundled ones do not show.
    write(f"{out}/scenario", "empty", b"")
    write(f"{out}/scenario", "continued", "[scenario]\ntitle = t\nsummary = one\n  two\n\tthree ; c\n[model]\nhidden=3\n")
    write(f"{out}/scenario", "bom-crlf", b"\xef\xbb\xbf[model]\r\nhidden = 12\r\n[task]\r\nlength = 9\r\n")
    write(f"{out}/scenario", "controls", b"[scenario]\ntitle = a\x1b[31m\tb\x07\xc2\x9b\n[lesson]\nstep = s\x01\n"
                                         b"caption = c\x7f\ndo = train 2\n")
    write(f"{out}/set", "edges", "s model.hidden=1\ns train.lr=1e-300\nc model.cell=lstm\nc init.std=0\n"
                                 "s view.mode=g_c\ns task.name=text\ns nonsense\n=\ns a.b=c\n")

    # Texts: the bundled ones and UTF-8 at its edges.
    texts = os.path.join(scenarios, "texts")
    for n in sorted(os.listdir(texts)) if os.path.isdir(texts) else []:
        write(f"{out}/text", n, open(os.path.join(texts, n), "rb").read()[:4096])
    for i, t in enumerate([b"ab", b"hello, world\n", "h\u00e9llo \u20ac \U0001d11e\n".encode(),
                           b"\xef\xbb\xbfbom text", b"\xed\x9f\xbf\xee\x80\x80", b"\xf4\x8f\xbf\xbfz",
                           b"\xed\xa0\x80x", b"\xc0\xafx", b"\xf4\x90\x80\x80x", b"ab\0cd"]):
        write(f"{out}/text", f"edge-{i}", t)

    # Sessions: scripts of operations (see fuzz_session.c), reproducible.
    for i in range(16):
        rng = random.Random(i)
        write(f"{out}/session", f"script-{i}", bytes(rng.randrange(256) for _ in range(48)))


if __name__ == "__main__":
    main()
