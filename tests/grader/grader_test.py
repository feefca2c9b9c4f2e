#!/usr/bin/env python3
"""The grader's tests (meson suite 'grader'), in TAP. Each mode grades with tools/grader, as
`tools/quokka grade` does, against the build in $QUOKKA_BUILD_DIR:

  grader_test.py hostile DIR        a hostile submission gets the verdict in DIR/verdict.toml; the
                                    submission is DIR's files plus those DIR/submission.toml derives
                                    from tracked files (see materialise)
  grader_test.py solution LAB       solutions/ scores full marks; prints BENCH grade_seconds_labN
  grader_test.py skeleton LAB       the untouched labs/ skeleton builds, finishes in its limits,
                                    scores below full marks
  grader_test.py run                `tools/quokka run labN` boots graded images (-icount as lab.toml says)
  grader_test.py formats            the self-test lab in every output format (JSON parsed, JUnit
                                    XML well-formed, Gradescope and PrairieLearn fields), hidden
                                    tests, --batch with -j 2, --gradescope-bundle
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
GRADER = ROOT / "tools" / "grader"


class Tap:
    def __init__(self) -> None:
        self.count = 0
        self.failed = 0

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        self.count += 1
        print(f"{'ok' if ok else 'not ok'} {self.count} - {what}")
        if not ok:
            self.failed += 1
            for line in (detail or "").splitlines()[:40]:
                print(f"# {line}")
        return ok

    def finish(self) -> int:
        print(f"1..{self.count}")
        return 1 if self.failed else 0


def grade(lab: str, *args: str, timeout: float = 300) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    process = subprocess.run([sys.executable, str(GRADER), lab, "--no-build", *args], capture_output=True, text=True,
                             timeout=timeout)
    return process, time.monotonic() - start


def grade_json(tap: Tap, lab: str, *args: str) -> tuple[dict | None, float]:
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "result.json"
        process, seconds = grade(lab, *args, "--format", "json", "--out", str(out))
        if not tap.check(process.returncode == 0 and out.is_file(), f"grading {lab} {' '.join(args)} ran",
                         process.stderr + process.stdout):
            return None, seconds
        return json.loads(out.read_text()), seconds


def describe(result: dict) -> str:
    lines = [f"score {result['score']}/{result['max_score']}, build ok {result['build']['ok']}"]
    if not result["build"]["ok"]:
        lines.append(result["build"]["log"][:1500])
    lines += [f"{t['id']}: {t['status']} {t['score']}/{t['max_score']}: {t['message']}" for t in result["tests"]]
    return "\n".join(lines)


class MaterialiseError(Exception):
    """A hostile case's submission.toml does not describe a submission (an edit that no longer matches)."""


CASE_FILES = ("verdict.toml", "submission.toml")


def apply_edit(text: str, edit: dict, where: str) -> str:
    """`text` with one edit: {find, replace} (find must occur exactly once) or {append}."""
    if set(edit) == {"append"}:
        return text + edit["append"]
    if set(edit) != {"find", "replace"}:
        raise MaterialiseError(f"{where}: an edit is {{find, replace}} or {{append}}, not {sorted(edit)}")
    found = text.count(edit["find"])
    if found != 1:
        raise MaterialiseError(f"{where}: `find` matches {found} times, not once: {edit['find']!r}")
    return text.replace(edit["find"], edit["replace"])


def materialise(case: Path, dest: Path) -> None:
    """Writes hostile case `case`'s submission into `dest`: the case's own files (but verdict.toml
    and submission.toml), then each [[file]] of submission.toml: `path` in the submission, made from
    the tracked file `from` (relative to the repository) by its [[file.edit]]s, in order. Raises
    MaterialiseError when an edit does not apply, so a change to the file it derives from fails the
    case loudly instead of grading something else."""
    shutil.copytree(case, dest, ignore=lambda _, names: [n for n in names if n in CASE_FILES], dirs_exist_ok=True)
    spec_path = case / "submission.toml"
    spec = tomllib.loads(spec_path.read_text()) if spec_path.is_file() else {}
    for entry in spec.get("file", []):
        where = f"{spec_path}: {entry.get('path')}"
        source = ROOT / entry["from"]
        if not source.is_file():
            raise MaterialiseError(f"{where}: no file {entry['from']}")
        text = source.read_text()
        for number, edit in enumerate(entry.get("edit", []), 1):
            text = apply_edit(text, edit, f"{where}, edit {number}")
        target = dest / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def hostile(tap: Tap, folder: Path) -> None:
    verdict = tomllib.loads((folder / "verdict.toml").read_text())
    name = folder.name
    with tempfile.TemporaryDirectory() as temp:
        submission = Path(temp) / name
        try:
            materialise(folder, submission)
        except (MaterialiseError, OSError, KeyError, tomllib.TOMLDecodeError) as error:
            tap.check(False, f"{name}: the submission is materialised", f"{type(error).__name__}: {error}")
            return
        hostile_verdict(tap, name, verdict, submission)


def hostile_verdict(tap: Tap, name: str, verdict: dict, submission: Path) -> None:
    result, seconds = grade_json(tap, verdict["lab"], "--submission", str(submission), *verdict.get("grade_args", []))
    if result is None:
        return
    detail = describe(result)
    tap.check(result["build"]["ok"] == verdict["build_ok"], f"{name}: build ok is {verdict['build_ok']}", detail)
    if "score" in verdict:
        tap.check(result["score"] == verdict["score"], f"{name}: scores {verdict['score']}", detail)
    if "max_score" in verdict:
        tap.check(result["max_score"] == verdict["max_score"], f"{name}: out of {verdict['max_score']}", detail)
    if "spoofed" in verdict:
        tap.check(bool(result["spoofed_lines"]) == verdict["spoofed"], f"{name}: spoofed lines noted", detail)
    if "build_log" in verdict:
        tap.check(verdict["build_log"] in result["build"]["log"], f"{name}: build log says {verdict['build_log']!r}",
                  detail)
    tap.check(seconds <= verdict.get("seconds_max", 60), f"{name}: graded in {seconds:.1f} s "
              f"(at most {verdict.get('seconds_max', 60)})", detail)
    tests = {t["id"]: t for t in result["tests"]}
    for test_id, expect in verdict.get("tests", {}).items():
        test = tests.get(test_id)
        if not tap.check(test is not None, f"{name}: {test_id} graded", detail):
            continue
        ok = test["status"] == expect["status"] and expect.get("message", "") in test["message"] and \
            expect.get("output", "") in test["output"]
        tap.check(ok, f"{name}: {test_id} {expect['status']}"
                  + (f" ({expect['message']!r})" if "message" in expect else ""), detail)


def lab_number(lab: str) -> str:
    return lab.split("-")[0][3:]


def solution(tap: Tap, lab: str) -> None:
    result, seconds = grade_json(tap, lab, "--submission", str(ROOT / "solutions"))
    if result is None:
        return
    tap.check(result["build"]["ok"], f"{lab}: the solution builds", describe(result))
    tap.check(result["max_score"] > 0 and result["score"] == result["max_score"],
              f"{lab}: the solution scores full marks ({result['score']}/{result['max_score']})", describe(result))
    tap.check(not result["spoofed_lines"], f"{lab}: no spoofed lines", describe(result))
    print(f"# BENCH grade_seconds_lab{lab_number(lab)}={round(seconds)}")
    tap.check(seconds <= 60, f"{lab}: graded in {seconds:.1f} s (target 20 s)")


def skeleton(tap: Tap, lab: str) -> None:
    result, seconds = grade_json(tap, lab, "--submission", str(ROOT / "labs"))
    if result is None:
        return
    detail = describe(result)
    tap.check(result["build"]["ok"], f"{lab}: the skeleton builds", detail)
    tap.check(result["score"] < result["max_score"], f"{lab}: the skeleton scores below full marks "
              f"({result['score']}/{result['max_score']})", detail)
    # A fault report names the function and source line of the pc in the student's program.
    unplaced = [t["message"] for t in result["tests"]
                if re.search(r"pc 0x[0-9a-f]+\)? in \w+ \(\S+:\d+\)", t["message"]) is None
                and re.search(r"pc 0x[0-9a-f]+", t["message"])]
    tap.check(not unplaced, f"{lab}: fault reports of the skeleton name a function and line", "\n".join(unplaced))
    limit = tomllib.loads((ROOT / "labs" / lab / "lab.toml").read_text()).get("lab", {}).get("timeout", 120)
    tap.check(seconds < limit and not any("overall time limit" in t["message"] or "lab's time limit" in t["message"]
                                          for t in result["tests"]),
              f"{lab}: the skeleton is graded within the lab's limit ({seconds:.1f} s < {limit} s)", detail)


def formats(tap: Tap) -> None:
    selftest = str(HERE / "selftest")
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        outputs = {}
        for form in ("text", "json", "junit", "gradescope", "prairielearn"):
            out = temp / f"result.{form}"
            process, _ = grade(selftest, "--submission", selftest, "--format", form, "--out", str(out))
            if tap.check(process.returncode == 0 and out.is_file(), f"--format {form} writes --out",
                         process.stderr):
                outputs[form] = out.read_text()
        if "text" in outputs:
            tap.check("Score: 6/7" in outputs["text"], "text: the self-test scores 6/7", outputs["text"])
        if "json" in outputs:
            data = json.loads(outputs["json"])
            tests = {t["id"]: t for t in data["tests"]}
            tap.check(data["score"] == 6 and data["max_score"] == 7, "json: score 6 of 7", outputs["json"])
            tap.check(tests["SELF-03"]["status"] == "failed" and "page fault at address 0x10" in
                      tests["SELF-03"]["message"], "json: the student's fault fails SELF-03 with its address")
            tap.check(all(tests[i]["status"] == "passed" for i in ("SELF-01", "SELF-02", "SELF-04")),
                      "json: the tests around the fault pass")
        if "junit" in outputs:
            try:
                tree = ET.fromstring(outputs["junit"])
                cases = tree.findall("./testsuite/testcase")
                failures = [c for c in cases if c.find("failure") is not None]
                tap.check(len(cases) == 4 and len(failures) == 1, "junit: well-formed, 4 testcases, 1 failure")
            except ET.ParseError as error:
                tap.check(False, "junit: well-formed", str(error))
        if "gradescope" in outputs:
            data = json.loads(outputs["gradescope"])
            ok = isinstance(data.get("score"), (int, float)) and data.get("max_score") == 7 and len(data["tests"]) == 4
            for test in data.get("tests", []):
                ok = ok and set(test) >= {"name", "score", "max_score", "output", "visibility", "status"}
                ok = ok and test["visibility"] in ("visible", "hidden", "after_due_date", "after_published")
                ok = ok and test["status"] in ("passed", "failed")
            tap.check(ok, "gradescope: score, max_score, tests[name, score, max_score, output, visibility, status]",
                      outputs["gradescope"])
            tap.check(data["tests"][3]["visibility"] == "after_due_date", "gradescope: visibility from lab.toml")
        if "prairielearn" in outputs:
            data = json.loads(outputs["prairielearn"])
            ok = data.get("gradable") is True and 0 <= data.get("score", -1) <= 1 and data.get("max_points") == 7
            ok = ok and abs(data["score"] - 6 / 7) < 1e-4 and data.get("points") == 6
            ok = ok and all(set(t) >= {"name", "points", "max_points", "message", "output"} for t in data["tests"])
            tap.check(ok, "prairielearn: gradable, score 0..1, points, max_points, tests", outputs["prairielearn"])
        hidden_tests(tap, temp)
        batch(tap, temp)
        bundle(tap, temp)


def hidden_tests(tap: Tap, temp: Path) -> None:
    hidden = temp / "hidden"
    shutil.copytree(HERE / "hidden", hidden)
    result, _ = grade_json(tap, "lab0", "--submission", str(ROOT / "solutions"), "--hidden", str(hidden))
    if result is None:
        return
    tests = {t["id"]: t for t in result["tests"]}
    tap.check("TOOL-H1" in tests and tests["TOOL-H1"]["hidden"] and tests["TOOL-H1"]["status"] == "passed" and
              tests["TOOL-H1"]["visibility"] == "after_due_date" and result["max_score"] == 11,
              "--hidden: the hidden test runs, passes on the solution and counts", describe(result))


def batch(tap: Tap, temp: Path) -> None:
    submissions = temp / "submissions"
    shutil.copytree(ROOT / "solutions" / "lab0-tooling", submissions / "alice")
    shutil.copytree(ROOT / "labs" / "lab0-tooling", submissions / "bob")
    materialise(HERE / "hostile" / "infinite-loop", submissions / "carol")
    out = temp / "grades"
    process, seconds = grade("lab0", "--batch", str(submissions), "-j", "2", "--format", "gradescope",
                             "--out", str(out))
    if not tap.check(process.returncode == 0 and (out / "scores.csv").is_file(), "--batch -j 2 writes scores.csv",
                     process.stderr):
        return
    rows = {row["student"]: row for row in csv.DictReader((out / "scores.csv").open())}
    tap.check(rows.get("alice", {}).get("score") == "10" and rows.get("bob", {}).get("score") == "0" and
              rows.get("carol", {}).get("score") == "7" and rows["carol"].get("TOOL-01") == "0",
              "--batch: scores and per-test columns", (out / "scores.csv").read_text())
    tap.check(all((out / f"{name}.json").is_file() for name in ("alice", "bob", "carol")),
              "--batch: one result file per student")


def bundle(tap: Tap, temp: Path) -> None:
    path = temp / "autograder.zip"
    process, _ = grade("lab0", "--gradescope-bundle", "--out", str(path))
    if not tap.check(process.returncode == 0 and path.is_file(), "--gradescope-bundle writes the zip",
                     process.stderr):
        return
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        run = archive.read("run_autograder").decode() if "run_autograder" in names else ""
        setup = archive.read("setup.sh").decode() if "setup.sh" in names else ""
        modes = {name: archive.getinfo(name).external_attr >> 16 for name in ("setup.sh", "run_autograder")
                 if name in names}
    tap.check({"setup.sh", "run_autograder", "quokka/tools/grader/cli.py", "quokka/labs/lab0-tooling/lab.toml"}
              <= names, "bundle: setup.sh, run_autograder and the repository")
    tap.check(all(mode & 0o111 for mode in modes.values()) and len(modes) == 2, "bundle: scripts are executable")
    tap.check("/autograder/submission" in run and "/autograder/results/results.json" in run and
              "--format gradescope" in run, "bundle: run_autograder grades /autograder/submission into results.json")
    tap.check("apt-get install" in setup and "qemu-system-misc" in setup and "grader-deps" in setup,
              "bundle: setup.sh installs the Debian packages and builds the grader's dependencies")


def run_labs(tap: Tap) -> None:
    """`tools/quokka run labN` boots the lab's graded image, under -icount when lab.toml asks."""
    with tempfile.TemporaryDirectory() as temp:
        qemu = Path(temp) / "qemu"
        qemu.write_text("#!/bin/sh\necho \"fake qemu: $*\"\n")
        qemu.chmod(0o755)
        env = dict(os.environ, QUOKKA_QEMU=str(qemu), QUOKKA_NO_BUILD="1")
        for lab, icount in (("lab7", True), ("lab1", False)):
            process = subprocess.run([str(ROOT / "tools" / "quokka"), "run", lab], capture_output=True, text=True,
                                     env=env, stdin=subprocess.DEVNULL, timeout=120)
            line = next((l for l in process.stdout.splitlines() if l.startswith("fake qemu: ")), "")
            tap.check(process.returncode == 0 and f"{lab}-graded.elf" in line and
                      ("-icount shift=0" in line) == icount,
                      f"run {lab}: boots its graded image{' under -icount' if icount else ', no -icount'}",
                      process.stdout + process.stderr)


def main() -> int:
    tap = Tap()
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "hostile":
        hostile(tap, Path(sys.argv[2]))
    elif mode == "solution":
        solution(tap, sys.argv[2])
    elif mode == "skeleton":
        skeleton(tap, sys.argv[2])
    elif mode == "formats":
        formats(tap)
    elif mode == "run":
        run_labs(tap)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
