#!/usr/bin/env python3
"""Summarises a `meson test` run: every individual test of every suite, then one count line.

Reads build/meson-logs/testlog.json (one JSON object per meson test, with its stdout and stderr).
Every suite speaks TAP, so each `ok` / `not ok` line of a test's stdout is one test (`# SKIP`
makes it a skip, `# TODO` an expected result). A meson test that failed without a failing TAP
line adds one failure; a meson test with no TAP line counts once, by its meson result.

Prints the failed tests, every BENCH line found (TAP diagnostics `# BENCH n=v` or plain lines),
and last `N passed, N failed` (plus `, N skipped` when any). Exit status 0 only if none failed.

usage: test_summary.py TESTLOG_JSON [--meson-status N]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from pathlib import Path

TAP_TEST = re.compile(r"^(not ok|ok)\b\s*(?:\d+\b)?\s*(?:-\s*)?([^#]*?)\s*(?:#\s*(.*))?$")
TAP_YAML_START = re.compile(r"^\s+---")
TAP_YAML_END = re.compile(r"^\s+\.\.\.\s*$")
BENCH = re.compile(r"^(?:#\s*)?BENCH ([A-Za-z0-9_.\-]+)=(-?[0-9]+)\s*$")
GOOD_RESULTS = {"OK", "EXPECTEDFAIL"}
SKIP_RESULTS = {"SKIP"}


@dataclasses.dataclass
class Counts:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[str] = dataclasses.field(default_factory=list)
    benches: list[str] = dataclasses.field(default_factory=list)

    def line(self) -> str:
        text = f"{self.passed} passed, {self.failed} failed"
        return text + (f", {self.skipped} skipped" if self.skipped else "")


def tap_results(stdout: str) -> list[tuple[str, str]]:
    """(result, text) for each TAP test line: result is pass, fail or skip; text is the
    description, with the reason after it (the text after `#`) for a failure."""
    results, in_yaml = [], False
    for line in stdout.splitlines():
        if in_yaml:
            in_yaml = not TAP_YAML_END.match(line)
            continue
        if TAP_YAML_START.match(line) and results:
            in_yaml = True
            continue
        match = TAP_TEST.match(line.rstrip())
        if not match:
            continue
        ok, description, directive = match[1] == "ok", match[2], (match[3] or "").lower()
        if not ok and match[3]:
            description += f" ({match[3]})"
        if directive.startswith("skip"):
            results.append(("skip" if ok else "fail", description))
        elif directive.startswith("todo"):
            results.append(("fail" if ok else "pass", description))   # TODO inverts the meaning
        else:
            results.append(("pass" if ok else "fail", description))
    return results


def count_test(entry: dict, counts: Counts) -> None:
    """Adds one meson test's individual results to counts."""
    name, meson_result = entry.get("name", "?"), entry.get("result", "ERROR")
    results = tap_results(entry.get("stdout") or "")
    for result, description in results:
        if result == "pass":
            counts.passed += 1
        elif result == "skip":
            counts.skipped += 1
        else:
            counts.failed += 1
            counts.failures.append(f"{name}: {description}")
    if not results:
        if meson_result in GOOD_RESULTS:
            counts.passed += 1
        elif meson_result in SKIP_RESULTS:
            counts.skipped += 1
        else:
            counts.failed += 1
            counts.failures.append(f"{name} ({meson_result})")
    elif meson_result not in GOOD_RESULTS | SKIP_RESULTS and all(r != "fail" for r, _ in results):
        counts.failed += 1
        counts.failures.append(f"{name} ({meson_result}, no failing TAP line)")


def collect_benches(entry: dict, counts: Counts) -> None:
    seen = set()
    for stream in ("stdout", "stderr"):
        for line in (entry.get(stream) or "").splitlines():
            match = BENCH.match(line.strip())
            if match and match.groups() not in seen:
                seen.add(match.groups())
                counts.benches.append(f"BENCH {match[1]}={match[2]}")


def summarise(testlog: Path, meson_status: int = 0) -> Counts:
    counts = Counts()
    if not testlog.is_file():
        counts.failed += 1
        counts.failures.append(f"no test log at {testlog} (meson test did not run?)")
        return counts
    for line in testlog.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.strip():
            entry = json.loads(line)
            count_test(entry, counts)
            collect_benches(entry, counts)
    if meson_status != 0 and counts.failed == 0:
        counts.failed += 1
        counts.failures.append(f"meson test exited with status {meson_status}")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Count every test of a meson test run.")
    parser.add_argument("testlog", type=Path, help="build/meson-logs/testlog.json")
    parser.add_argument("--meson-status", type=int, default=0, help="meson test's exit status")
    args = parser.parse_args(argv)
    counts = summarise(args.testlog, args.meson_status)
    if counts.failures:
        print("Failed:")
        for failure in counts.failures:
            print(f"  {failure}")
    for bench in counts.benches:
        print(bench)
    print(counts.line())
    return 1 if counts.failed else 0


if __name__ == "__main__":
    sys.exit(main())
