#!/usr/bin/env python3
"""Finds a root-task program's bootable image in build/images/programs.json.

The build (images/meson.build) writes programs.json at configure time, in one of two shapes:
    {"hello": {"image": "/abs/hello.elf", "program": "/abs/hello", "config": "debug"}, ...}
    {"default": "hello", "programs": {"hello": {...}, ...}}
Command line:
    programs.py PROGRAMS_JSON [NAME]    print the image and the program path, one per line
                                        (NAME defaults to the default program, else "hello")
    programs.py PROGRAMS_JSON --list    print the program names
Exit status 2, with the available names on stderr, when NAME is not a program.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FALLBACK_DEFAULT = "hello"


def load_programs(path: str | Path) -> tuple[str, dict[str, dict]]:
    """The default program's name and the programs (name -> {image, program, config})."""
    data = json.loads(Path(path).read_text())
    if isinstance(data.get("programs"), dict):
        return data.get("default") or FALLBACK_DEFAULT, data["programs"]
    default = data.get("default") if isinstance(data.get("default"), str) else FALLBACK_DEFAULT
    return default, {name: entry for name, entry in data.items() if isinstance(entry, dict)}


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    default, programs = load_programs(argv[1])
    if argv[2:] == ["--list"]:
        print("\n".join(sorted(programs)))
        return 0
    name = argv[2] if len(argv) == 3 else default
    if name not in programs:
        print(f"quokka: no program named '{name}'. Available: {', '.join(sorted(programs)) or 'none'}",
              file=sys.stderr)
        return 2
    print(programs[name]["image"])
    print(programs[name].get("program", ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
