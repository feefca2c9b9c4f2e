#!/usr/bin/env python3
"""Runs Doxygen (docs/Doxyfile) over Quokka's public headers, with warnings as errors.

    docs.py --out DIR          HTML into DIR/html; prints the warnings and the index path
    docs.py --out DIR --tap    the same as a one-test TAP report (the `doxygen` meson test)
Exit status 0 only if Doxygen ran without a warning.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOXYFILE = ROOT / "docs" / "Doxyfile"
# The public headers (STYLE.md: libsel4, sbi, the kernel's module headers, the user libraries).
# Folders that do not exist yet are left out: Doxygen would warn about them.
HEADER_DIRS = ["kernel/libsel4/include", "sbi/include", "kernel/include", "runtime/include",
               "libut/include", "libcspace/include", "labs/common/include"]
TEST_NAME = "doxygen: public headers documented, no warnings"


def existing_header_dirs() -> list[str]:
    return [d for d in HEADER_DIRS if (ROOT / d).is_dir()]


def run_doxygen(out: Path, inputs: list[str]) -> tuple[int, list[str]]:
    """Runs Doxygen from the repository root; returns its exit status and its warning lines."""
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, QUOKKA_DOCS_OUT=str(out), QUOKKA_DOCS_INPUT=shlex.join(inputs),
               QUOKKA_VERSION=project_version())
    completed = subprocess.run(["doxygen", str(DOXYFILE)], cwd=ROOT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    warnings = [line for line in (completed.stderr + completed.stdout).splitlines() if line.strip()]
    return completed.returncode, warnings


def project_version() -> str:
    """The version in the root meson.build's project() call."""
    for line in (ROOT / "meson.build").read_text().splitlines():
        fields = line.strip().split("'")
        if fields[0].startswith("version:") and len(fields) > 1:
            return fields[1]
    return ""


def report_tap(status: int, warnings: list[str], index: Path) -> None:
    print("TAP version 13\n1..1")
    if status == 0 and not warnings:
        print(f"ok 1 - {TEST_NAME}")
        print(f"# {index}")
    else:
        print(f"not ok 1 - {TEST_NAME} # doxygen exit status {status}, {len(warnings)} warning lines")
        for line in warnings:
            print(f"# {line}")
            print(line, file=sys.stderr)   # meson shows only stderr for a failed TAP test


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Doxygen HTML of Quokka's public headers.")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "docs",
                        help="output directory (HTML goes to OUT/html)")
    parser.add_argument("--tap", action="store_true", help="report as TAP (for meson test)")
    args = parser.parse_args(argv)
    out, index = args.out.resolve(), args.out.resolve() / "html" / "index.html"
    inputs = existing_header_dirs()
    if shutil.which("doxygen") is None:
        status, warnings = 127, ["doxygen is not installed: sudo apt-get install doxygen graphviz"]
    elif not inputs:
        status, warnings = 1, ["none of the public header folders exists: " + " ".join(HEADER_DIRS)]
    else:
        status, warnings = run_doxygen(out, inputs)
    if args.tap:
        report_tap(status, warnings, index)
    else:
        for line in warnings:
            print(line, file=sys.stderr)
        print(index)
    return 0 if status == 0 and not warnings else 1


if __name__ == "__main__":
    sys.exit(main())
