"""tools/quokka grade LAB [--submission DIR] [--hidden DIR] [--format F] [--out FILE]
                         [--batch DIR -j N] [--gradescope-bundle]"""
from __future__ import annotations

import argparse
import concurrent.futures
import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from grader import bundle, formats
from grader.build import Recipe
from grader.grade import Result, grade
from grader.labspec import REPO_ROOT, LabError, find_lab, load_lab


def build_dir() -> Path:
    return Path(os.environ.get("QUOKKA_BUILD_DIR") or REPO_ROOT / "build")


def _inside_repo(path: Path) -> bool:
    try:
        path.resolve().relative_to(REPO_ROOT)
        return True
    except ValueError:
        return False


def _write(text: str, out: str | None) -> None:
    if out in (None, "-"):
        sys.stdout.write(text)
    else:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text)


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", name) or "_"


def batch(lab, recipe: Recipe, folder: Path, jobs: int, form: str, out: Path) -> int:
    students = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, Result] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(grade, lab, recipe, student): student.name for student in students}
        for future in concurrent.futures.as_completed(futures):
            name = futures[future]
            try:
                result = future.result()
            except Exception as error:  # a grader bug must not lose the other students' grades
                print(f"{name}: the grader failed: {error!r}", file=sys.stderr)
                result = Result(lab=lab, submission=str(folder / name), tests=[], error=repr(error))
            results[name] = result
            (out / f"{_safe_name(name)}.{formats.EXTENSIONS[form]}").write_text(formats.render(result, form))
            print(f"{name}: {result.score:g}/{result.max_score:g} ({result.seconds:.1f} s)", file=sys.stderr)
    with open(out / "scores.csv", "w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["student", "score", "max_score", "build_ok", "seconds"] + [t.id for t in lab.tests] +
                        ["grader_error"])
        for name in sorted(results):
            result = results[name]
            scores = {t.test.id: f"{t.score:g}" for t in result.tests}
            writer.writerow([name, f"{result.score:g}", f"{result.max_score:g}", result.build_ok,
                             f"{result.seconds:.1f}"] + [scores.get(t.id, "") for t in lab.tests] + [result.error])
    print(f"graded {len(results)} submission(s): {out / 'scores.csv'}", file=sys.stderr)
    return 0


def build_image(lab, recipe: Recipe, submission: Path, target: Path) -> int:
    import secrets
    import tempfile
    import time

    from grader.build import Builder, BuildError
    from grader.grade import find_submission
    with tempfile.TemporaryDirectory(prefix="quokka-image-") as temp:
        builder = Builder(recipe, lab, Path(temp), time.monotonic() + lab.build_timeout)
        try:
            builder.overlay(find_submission(submission, lab))
            builder.build_student()
            builder.build_harness()
            image = builder.image(lab.tests, secrets.token_hex(16), "image")
        except BuildError as error:
            print(f"quokka grade: {error}", file=sys.stderr)
            return 1
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(image, target)
    print(f"quokka grade: built {target}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/quokka grade", description="Grade a lab (see docs/grading.md).")
    parser.add_argument("lab", help="the lab: labN-topic, labN, N, or a folder holding lab.toml")
    parser.add_argument("--submission", help="a folder with the student's files, or a tree holding labN-topic/ "
                                             "(default: the working tree's labs/)")
    parser.add_argument("--hidden", help="hidden tests: DIR/labN-topic/lab.toml (keep DIR outside the repository)")
    parser.add_argument("--format", choices=formats.FORMATS, default="text")
    parser.add_argument("--out", help="write the report here (default: standard output); with --batch a folder, "
                                      "with --gradescope-bundle the zip file")
    parser.add_argument("--batch", help="grade every sub-folder of DIR (one per student)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="submissions graded in parallel with --batch")
    parser.add_argument("--gradescope-bundle", action="store_true",
                        help="write autograder.zip (setup.sh, run_autograder and this repository) for Gradescope")
    parser.add_argument("--build-timeout", type=float, help="seconds for building a submission (default: the "
                                                              "lab's build_timeout, 60)")
    parser.add_argument("--build-image", metavar="FILE",
                        help="only build the kernel image that runs all of the lab's tests (for `tools/quokka run "
                             "labN`) into FILE")
    parser.add_argument("--no-build", action="store_true", help="do not run `ninja grader-deps` first")
    parser.add_argument("--keep", help="build in this folder and keep it (debugging the grader)")
    args = parser.parse_args(argv)

    hidden = Path(args.hidden).resolve() if args.hidden else None
    if hidden is not None:
        if not hidden.is_dir():
            parser.error(f"--hidden {args.hidden}: not a folder")
        if _inside_repo(hidden):
            print(f"quokka grade: warning: hidden tests in {hidden} are inside the repository, where students "
                  "can read them", file=sys.stderr)
    try:
        lab = load_lab(find_lab(args.lab), hidden)
    except LabError as error:
        print(f"quokka grade: {error}", file=sys.stderr)
        return 2
    if args.build_timeout:
        lab.build_timeout = args.build_timeout
    if args.gradescope_bundle:
        path = Path(args.out or "autograder.zip")
        bundle.write(path, lab, hidden)
        print(f"quokka grade: wrote {path}", file=sys.stderr)
        return 0
    build = build_dir()
    if not args.no_build:
        status = subprocess.run(["ninja", "-C", str(build), "grader-deps"], stdout=subprocess.DEVNULL).returncode
        if status != 0:
            print(f"quokka grade: `ninja -C {build} grader-deps` failed", file=sys.stderr)
            return 2
    try:
        recipe = Recipe(build / "labs" / "recipe.json")
    except FileNotFoundError as error:
        print(f"quokka grade: {error}", file=sys.stderr)
        return 2
    if args.build_image:
        return build_image(lab, recipe, Path(args.submission) if args.submission else REPO_ROOT / "labs",
                           Path(args.build_image))
    if args.batch:
        return batch(lab, recipe, Path(args.batch), args.jobs, args.format, Path(args.out or "grades"))
    submission = Path(args.submission) if args.submission else REPO_ROOT / "labs"
    if not submission.is_dir():
        parser.error(f"--submission {args.submission}: not a folder")
    keep = Path(args.keep) if args.keep else None
    if keep is not None and keep.exists() and any(keep.iterdir()):
        parser.error(f"--keep {args.keep}: the folder exists and is not empty")
    result = grade(lab, recipe, submission, keep)
    _write(formats.render(result, args.format), args.out)
    if args.out and args.format != "text":
        print(f"{lab.name}: {result.score:g}/{result.max_score:g}", file=sys.stderr)
    return 0 if not result.error else 1
