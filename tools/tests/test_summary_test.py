#!/usr/bin/env python3
"""Tests of tools/test_summary.py on hand-written meson test logs; prints TAP."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

SUMMARY = Path(__file__).resolve().parent.parent / "test_summary.py"


def summarise(entries: list[dict], meson_status: int = 0) -> tuple[int, list[str]]:
    """Runs the summariser on a testlog.json holding entries; returns its status and lines."""
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "testlog.json"
        log.write_text("".join(json.dumps(entry) + "\n" for entry in entries))
        completed = subprocess.run([sys.executable, str(SUMMARY), str(log),
                                    "--meson-status", str(meson_status)],
                                   capture_output=True, text=True, timeout=30)
    return completed.returncode, completed.stdout.splitlines()


def entry(name: str, result: str, stdout: str = "", stderr: str = "") -> dict:
    return {"name": name, "result": result, "stdout": stdout, "stderr": stderr}


TAP_MIX = """TAP version 13
1..6
ok 1 - a
ok 2 - b # SKIP not here
not ok 3 - c # TODO later
ok 4 - d
  ---
  ok: this YAML line is not a test
  ...
not ok 5 - e # failed: wrong
ok 6 f
# BENCH boot_instructions=50006
"""

CASES = {
    "counts every TAP line of every test, with skips and TODO": (
        [entry("q / boot", "FAIL", TAP_MIX, "BENCH boot_instructions=50006\n"),
         entry("host / host", "OK", "ok 1 - x\nok 2 - y\n")],
        0, 1, ["Failed:", "  q / boot: e (failed: wrong)", "BENCH boot_instructions=50006",
               "6 passed, 1 failed, 1 skipped"]),
    "a failed meson test without a failing TAP line counts one failure": (
        [entry("q / crash", "ERROR", "TAP version 13\n1..2\nok 1 - a\n")],
        0, 1, ["Failed:", "  q / crash (ERROR, no failing TAP line)", "1 passed, 1 failed"]),
    "a test without TAP lines counts once by its result": (
        [entry("a", "OK", "hello\n"), entry("b", "SKIP", "1..0 # SKIP no image\n"),
         entry("c", "TIMEOUT", "")],
        0, 1, ["Failed:", "  c (TIMEOUT)", "1 passed, 1 failed, 1 skipped"]),
    "all passed exits 0 and prints the count last": (
        [entry("a", "OK", "ok 1 - a\n# BENCH x=1\n", "BENCH x=1\nBENCH y=2\n")],
        0, 0, ["BENCH x=1", "BENCH y=2", "1 passed, 0 failed"]),
    "meson failing without a failed test is one failure": (
        [entry("a", "OK", "ok 1 - a\n")],
        1, 1, ["Failed:", "  meson test exited with status 1", "1 passed, 1 failed"]),
}


def main() -> int:
    print("TAP version 13")
    print(f"1..{len(CASES) + 1}")
    failed = 0
    for number, (name, (entries, meson_status, want_status, want_lines)) in enumerate(CASES.items(), 1):
        status, lines = summarise(entries, meson_status)
        if (status, lines) == (want_status, want_lines):
            print(f"ok {number} - test_summary: {name}")
        else:
            failed += 1
            print(f"not ok {number} - test_summary: {name}")
            print(f"# wanted status {want_status}: {want_lines}")
            print(f"# got    status {status}: {lines}")
    completed = subprocess.run([sys.executable, str(SUMMARY), "/nonexistent/testlog.json"],
                               capture_output=True, text=True, timeout=30)
    last = completed.stdout.splitlines()[-1:] if completed.stdout else []
    if completed.returncode == 1 and last == ["0 passed, 1 failed"]:
        print(f"ok {len(CASES) + 1} - test_summary: a missing test log is one failure")
    else:
        failed += 1
        print(f"not ok {len(CASES) + 1} - test_summary: a missing test log is one failure")
        print(f"# got status {completed.returncode}: {completed.stdout!r}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
