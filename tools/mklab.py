#!/usr/bin/env python3
"""Makes the students' files in labs/ from the reference answers in solutions/ (one source).

Every file under solutions/LAB/ becomes labs/LAB/ with the same relative path. In a solution
file, these markers (each alone on its line, C comments) shape the skeleton:
    /* LAB TODO(2.1): what to write here */   kept, as /* TODO(2.1): ... */ (may span lines)
    /* LAB SKELETON                            the lines up to the next line holding only */
    return NULL;                               are written uncommented into the skeleton
    */
    /* LAB BEGIN */ ... /* LAB END */         the reference code, left out of the skeleton
Every other line is copied unchanged.

Command line:
    mklab.py [--root DIR] [--check] [LAB ...]   (default: every lab in solutions/)
--check writes nothing and exits 1 when a file in labs/ differs from what it would write.
Exit status 2 for a malformed marker (file and line are named) or an unknown lab.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

TODO = re.compile(r"^(\s*)/\*\s*LAB TODO\b")
SKELETON = re.compile(r"^\s*/\*\s*LAB SKELETON\s*$")
SKELETON_END = re.compile(r"^\s*\*/\s*$")
BEGIN = re.compile(r"^\s*/\*\s*LAB BEGIN\s*\*/\s*$")
END = re.compile(r"^\s*/\*\s*LAB END\s*\*/\s*$")
ANY_MARKER = re.compile(r"\bLAB (TODO|SKELETON|BEGIN|END)\b")


class MarkerError(Exception):
    """A malformed marker: the message names the file and line."""


def skeleton(text: str, name: str = "<text>") -> str:
    """The student's version of a solution file's text."""
    out: list[str] = []
    state = "copy"          # copy, skeleton (inside LAB SKELETON), answer (inside LAB BEGIN/END)
    opened_at = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        where = f"{name}:{number}"
        if state == "skeleton":
            if SKELETON_END.match(line):
                state = "copy"
            elif ANY_MARKER.search(line):
                raise MarkerError(f"{where}: marker inside a LAB SKELETON block (opened at line {opened_at})")
            else:
                out.append(line)
            continue
        if state == "answer":
            if END.match(line):
                state = "copy"
            elif ANY_MARKER.search(line):
                raise MarkerError(f"{where}: marker inside a LAB BEGIN region (opened at line {opened_at})")
            continue
        if SKELETON.match(line):
            state, opened_at = "skeleton", number
        elif BEGIN.match(line):
            state, opened_at = "answer", number
        elif END.match(line):
            raise MarkerError(f"{where}: LAB END without LAB BEGIN")
        elif TODO.match(line):
            out.append(line.replace("LAB TODO", "TODO", 1))
        elif ANY_MARKER.search(line):
            raise MarkerError(f"{where}: a LAB marker must be alone on its line: {line.strip()}")
        else:
            out.append(line)
    if state != "copy":
        kind = "LAB SKELETON" if state == "skeleton" else "LAB BEGIN"
        raise MarkerError(f"{name}:{opened_at}: {kind} is never closed")
    return "".join(out)


def lab_files(root: Path, lab: str) -> list[tuple[Path, Path]]:
    """(solution file, student file) pairs of one lab."""
    source = root / "solutions" / lab
    return [(path, root / "labs" / lab / path.relative_to(source))
            for path in sorted(source.rglob("*")) if path.is_file()]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Make labs/ from solutions/.")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--check", action="store_true", help="write nothing; fail if labs/ differs")
    parser.add_argument("labs", nargs="*")
    args = parser.parse_args(argv)
    solutions = args.root / "solutions"
    known = sorted(p.name for p in solutions.iterdir() if p.is_dir()) if solutions.is_dir() else []
    labs = args.labs or known
    unknown = [lab for lab in labs if lab not in known]
    if unknown:
        print(f"mklab: no such lab in {solutions}: {' '.join(unknown)} (labs: {' '.join(known)})",
              file=sys.stderr)
        return 2
    stale = []
    for lab in labs:
        for solution, student in lab_files(args.root, lab):
            try:
                wanted = skeleton(solution.read_text(), str(solution.relative_to(args.root)))
            except MarkerError as error:
                print(f"mklab: {error}", file=sys.stderr)
                return 2
            current = student.read_text() if student.is_file() else None
            if current == wanted:
                continue
            shown = student.relative_to(args.root)
            if args.check:
                stale.append(str(shown))
            else:
                student.parent.mkdir(parents=True, exist_ok=True)
                student.write_text(wanted)
                print(f"mklab: wrote {shown}")
    if stale:
        print("mklab: out of date with solutions/ (run tools/quokka mklab): " + " ".join(stale),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
