"""Grading one submission of one lab: overlay, build, boot (again after an early end), score."""
from __future__ import annotations

import dataclasses
import secrets
import tempfile
import time
from pathlib import Path

from grader import boot as booting
from grader.build import Builder, BuildError, Recipe
from grader.labspec import Lab, Test


@dataclasses.dataclass
class TestResult:
    test: Test
    score: float = 0.0
    status: str = "failed"       # passed, failed
    passed: int = 0
    checks: int = 0
    message: str = "not run"
    output: str = ""
    seconds: float = 0.0


@dataclasses.dataclass
class Result:
    lab: Lab
    submission: str
    tests: list[TestResult]
    build_ok: bool = False
    build_log: str = ""
    notes: list[str] = dataclasses.field(default_factory=list)
    spoofed: list[str] = dataclasses.field(default_factory=list)
    boots: int = 0
    seconds: float = 0.0
    error: str = ""              # the grader itself failed (not the student's fault)

    @property
    def score(self) -> float:
        return round(sum(t.score for t in self.tests), 4)

    @property
    def max_score(self) -> float:
        return self.lab.max_score


def score_test(test: Test, passed: int, checks: int) -> float:
    """All or nothing, or with partial credit points * passed / checks (at least the declared checks)."""
    if checks <= 0 or passed < 0 or passed > checks:
        return 0.0
    if test.partial:
        return round(test.points * passed / max(checks, test.checks), 4)
    return test.points if passed == checks and checks >= test.checks else 0.0


def find_submission(path: Path | None, lab: Lab) -> Path | None:
    """The folder holding the lab's student files: path/<lab name>/ if it exists, else path."""
    if path is None:
        return None
    return path / lab.name if (path / lab.name).is_dir() else path


def grade(lab: Lab, recipe: Recipe, submission: Path | None, keep: Path | None = None) -> Result:
    started = time.monotonic()
    deadline = started + lab.timeout
    folder = find_submission(submission, lab)
    result = Result(lab=lab, submission=str(folder) if folder else "(pristine lab folder)",
                    tests=[TestResult(test=t) for t in lab.tests])
    with tempfile.TemporaryDirectory(prefix="quokka-grade-") as temp:
        work = Path(keep) if keep else Path(temp)
        work.mkdir(parents=True, exist_ok=True)
        builder = Builder(recipe, lab, work, min(deadline, started + lab.build_timeout))
        try:
            builder.overlay(folder)
            result.notes += builder.notes
            builder.build_student()
            builder.build_harness()
            result.build_ok = True
        except KeyError as error:  # lab.toml names a library the recipe does not have
            result.error = f"{lab.folder / 'lab.toml'}: {error.args[0]}"
            for test_result in result.tests:
                test_result.message = "the grader could not build the lab (see the report)"
            result.seconds = time.monotonic() - started
            return result
        except BuildError as error:
            result.build_log = str(error)
            for test_result in result.tests:
                test_result.message = "the submission did not build"
            result.seconds = time.monotonic() - started
            return result
        result.build_log = "".join(builder.log)
        by_id = {t.test.id: t for t in result.tests}
        remaining = list(lab.tests)
        while remaining and time.monotonic() < deadline and result.boots <= len(lab.tests):
            nonce = secrets.token_hex(16)
            builder.deadline = deadline
            try:
                image = builder.image(remaining, nonce, f"boot{result.boots}")
            except BuildError as error:
                result.error = f"could not link the harness: {error}"
                for test in remaining:
                    by_id[test.id].message = "the grader could not link the harness (see the report)"
                break
            result.boots += 1
            outcome = booting.boot(image, nonce, [(t.id, t.timeout) for t in remaining], lab.memory, deadline,
                                  lab.icount)
            result.spoofed += outcome.spoofed
            ran = set()
            for run in outcome.runs:
                test_result = by_id.get(run.id)
                if test_result is None or run.id in ran:
                    continue
                ran.add(run.id)
                test_result.output = "\n".join(run.output)[-booting.MAX_TEST_OUTPUT:]
                test_result.seconds = run.seconds
                if run.finished:
                    test_result.passed, test_result.checks = run.passed, run.checks
                    test_result.score = score_test(test_result.test, run.passed, run.checks)
                    test_result.status = "passed" if test_result.score >= test_result.test.points else "failed"
                    test_result.message = builder.locate(run.message) if run.message else "ok"
                    if test_result.test.partial and 0 < test_result.score < test_result.test.points:
                        test_result.message = f"partial credit: {run.passed} of " \
                            f"{max(run.checks, test_result.test.checks)} checks passed; {run.message}"
                else:
                    test_result.message = outcome.end_reason or "the test did not finish"
            remaining = [t for t in remaining if t.id not in ran]
            if outcome.done:
                for test in remaining:
                    by_id[test.id].message = "the harness did not run this test"
                break
            if not outcome.runs:
                # No progress: the boot itself fails; the remaining tests fail with its reason.
                for test in remaining:
                    by_id[test.id].message = f"the boot failed: {outcome.end_reason}"
                break
        if remaining and time.monotonic() >= deadline:
            for test in remaining:
                if by_id[test.id].message == "not run":
                    by_id[test.id].message = f"the lab's time limit ({lab.timeout:g} s) was reached"
    result.seconds = time.monotonic() - started
    return result
