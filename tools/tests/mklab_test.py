#!/usr/bin/env python3
"""Tests of tools/mklab.py (skeletons from solutions, the --check mode, marker errors); prints TAP."""

import subprocess
import sys
import tempfile
from pathlib import Path

MKLAB = Path(__file__).resolve().parent.parent / "mklab.py"
sys.path.insert(0, str(MKLAB.parent))
import mklab  # noqa: E402

SOLUTION = """#include <ut.h>
ut_t *pick(int bits)
{
    /* LAB TODO(2.1): take a block of size `bits`
       from its free list. */
    /* LAB SKELETON
    (void)bits;
    return NULL;
    */
    /* LAB BEGIN */
    return lists[bits];
    /* LAB END */
}
"""

SKELETON = """#include <ut.h>
ut_t *pick(int bits)
{
    /* TODO(2.1): take a block of size `bits`
       from its free list. */
    (void)bits;
    return NULL;
}
"""

results = []


def check(name, ok, detail=""):
    results.append((name, ok, detail))


def run(root, *args):
    return subprocess.run([sys.executable, str(MKLAB), "--root", str(root), *args],
                          capture_output=True, text=True, timeout=30)


check("skeleton drops the answer, keeps the TODO, uncomments the skeleton lines",
      mklab.skeleton(SOLUTION) == SKELETON, mklab.skeleton(SOLUTION))
check("a file without markers is copied unchanged", mklab.skeleton("int x;\n") == "int x;\n")

for bad, expected in [
    ("/* LAB BEGIN */\nint x;\n", "never closed"),
    ("/* LAB END */\n", "without LAB BEGIN"),
    ("/* LAB SKELETON\nreturn 0;\n", "never closed"),
    ("/* LAB BEGIN */\n/* LAB BEGIN */\n/* LAB END */\n", "inside a LAB BEGIN"),
    ("x = 1; /* LAB BEGIN */\n", "alone on its line"),
]:
    try:
        mklab.skeleton(bad, "f.c")
        check(f"malformed markers are refused: {expected}", False, "no error")
    except mklab.MarkerError as error:
        check(f"malformed markers are refused: {expected}", expected in str(error) and "f.c:" in str(error),
              str(error))

with tempfile.TemporaryDirectory() as tmp:
    root = Path(tmp)
    (root / "solutions/lab9-demo/sub").mkdir(parents=True)
    (root / "solutions/lab9-demo/sub/pick.c").write_text(SOLUTION)
    first = run(root, "--check")
    check("--check fails while labs/ lacks a file", first.returncode == 1 and "sub/pick.c" in first.stderr,
          first.stderr)
    made = run(root)
    written = root / "labs/lab9-demo/sub/pick.c"
    check("mklab writes the skeleton at the same relative path",
          made.returncode == 0 and written.is_file() and written.read_text() == SKELETON, made.stderr)
    check("--check passes once labs/ is in sync", run(root, "--check").returncode == 0)
    written.write_text(SKELETON + "/* edited */\n")
    check("--check fails when a skeleton was edited by hand", run(root, "--check").returncode == 1)
    check("--check names an unknown lab with status 2", run(root, "--check", "lab0-nope").returncode == 2)

print("TAP version 13")
print(f"1..{len(results)}")
for number, (name, ok, detail) in enumerate(results, start=1):
    print(f"{'ok' if ok else 'not ok'} {number} - {name}")
    if not ok and detail:
        for line in detail.splitlines():
            print(f"# {line}")
