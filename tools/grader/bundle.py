"""--gradescope-bundle: autograder.zip for Gradescope. Gradescope unzips it into /autograder/source,
runs setup.sh once when building the image, and run_autograder for every submission (the
student's files are in /autograder/submission; results go to /autograder/results/results.json)."""
from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from grader.labspec import REPO_ROOT, Lab

PACKAGES = "qemu-system-misc opensbi g++-riscv64-linux-gnu meson ninja-build python3"

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu 24.04 or
# Debian 12 and later: Python 3.11 or later and Meson 1.0 or later are needed).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends {packages}
cd /autograder/source/quokka
meson setup build --cross-file tools/cross/riscv64.ini
ninja -C build grader-deps
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission; the grader writes results.json in Gradescope's format.
set -uo pipefail
mkdir -p /autograder/results
cd /autograder/source/quokka
python3 tools/grader {lab} --no-build --submission /autograder/submission {hidden}\\
    --format gradescope --out /autograder/results/results.json
"""


def _repository_files() -> list[str]:
    """The pristine tree: what git tracks (the build folder and untracked files stay out)."""
    listing = subprocess.run(["git", "-C", str(REPO_ROOT), "ls-files", "-z"], capture_output=True, check=True)
    return [name for name in listing.stdout.decode().split("\0") if name]


def write(path: Path, lab: Lab, hidden: Path | None) -> None:
    hidden_arg = "--hidden /autograder/source/hidden " if hidden is not None else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("setup.sh", SETUP.format(packages=PACKAGES)),
                           ("run_autograder", RUN.format(lab=lab.name, hidden=hidden_arg))):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o100755 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
        for name in _repository_files():
            file = REPO_ROOT / name
            if file.is_file():
                archive.write(file, f"quokka/{name}")
        if hidden is not None:
            lab_hidden = hidden / lab.name
            for file in sorted(lab_hidden.rglob("*")):
                if file.is_file():
                    archive.write(file, f"hidden/{lab.name}/{file.relative_to(lab_hidden)}")
