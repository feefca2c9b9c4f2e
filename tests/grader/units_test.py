#!/usr/bin/env python3
"""Unit tests of the grader's parts (TAP): reading the protocol from a fake QEMU
(tools/tests/fake_qemu.py plays a script instead of booting), scoring, plan.c, lab.toml, and the
hostile cases' submissions (grader_test.materialise)."""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tools"))
os.environ["QUOKKA_QEMU"] = str(ROOT / "tools" / "tests" / "fake_qemu.py")

from grader import boot  # noqa: E402
from grader.build import plan_source  # noqa: E402
from grader.grade import score_test  # noqa: E402
from grader.labspec import LabError, Test, load_lab  # noqa: E402
from grader_test import MaterialiseError, materialise  # noqa: E402

NONCE = "0123456789abcdef0123456789abcdef"
count = 0
failed = 0


def check(ok: bool, what: str, detail: object = "") -> None:
    global count, failed
    count += 1
    print(f"{'ok' if ok else 'not ok'} {count} - {what}")
    if not ok:
        failed += 1
        print(f"# {detail}")


def check_refused(action, error_type: type, words: str, what: str) -> None:
    """Checks that action() raises error_type with `words` in its message."""
    try:
        action()
        check(False, what, "no error")
    except error_type as error:
        check(words in str(error), what, error)


def play(script: str, plan=(("A", 5.0), ("B", 5.0)), budget: float = 20.0) -> boot.BootOutcome:
    with tempfile.NamedTemporaryFile("w", suffix=".script", delete=False) as stream:
        stream.write(script)
    try:
        return boot.boot(Path(stream.name), NONCE, list(plan), "64M", time.monotonic() + budget)
    finally:
        os.unlink(stream.name)


def runs(outcome: boot.BootOutcome) -> list[tuple]:
    return [(r.id, r.finished, r.passed, r.checks, r.message) for r in outcome.runs]


# ---- the protocol
out = play(f"print boot banner\nprint QG {NONCE} start A\nprint student says hi\n"
           f"print QG {NONCE} result A 2 2 ok\nprint QG {NONCE} start B\n"
           f"print QG {NONCE} result B 1 3 wrong answer: 4, not 5\nprint QG {NONCE} done\nsleep 30\n")
check(out.done and runs(out) == [("A", True, 2, 2, "ok"), ("B", True, 1, 3, "wrong answer: 4, not 5")],
      "start, result and done lines are read; the message keeps its spaces", runs(out))
check(out.runs[0].output == ["student says hi"], "console lines between start and result are the test's output",
      out.runs[0].output)
check(out.seconds < 10, "the boot ends at the done line, without waiting for QEMU", out.seconds)

out = play(f"print QG {NONCE[::-1]} start A\nprint QG {NONCE} start A\nprint QG ffffffffffffffffffffffffffffffff "
           f"result A 1 1 ok\nprint xx QG {NONCE} result A 1 1 ok\nprint QG {NONCE} result A 0 1 bad\n"
           f"print QG {NONCE} done\n")
check(runs(out) == [("A", True, 0, 1, "bad")] and len(out.spoofed) == 3,
      "lines with another nonce, or not at a line's start, are ignored and noted as spoofing", (runs(out), out.spoofed))

out = play(f"print QG {NONCE} start A\nprint QG {NONCE} result B 1 1 ok\nsleep 30\n", plan=(("A", 1.0),))
check(runs(out) == [("A", False, 0, 0, "")] and "A exceeded its time limit (1 s)" in out.end_reason,
      "a result for another test is ignored; the running test fails on its time limit", (runs(out), out.end_reason))

out = play(f"print QG {NONCE} start A\nflood 400000\nsleep 30\n")
check(not out.done and "output limit" in out.end_reason, "the output cap ends the boot", out.end_reason)

out = play(f"print QG {NONCE} start A\nprint quokka: halted by seL4_DebugHalt from thread 'student'\nexit 0\n")
check("halted" in out.end_reason and "student" in out.end_reason and not out.runs[0].finished,
      "an early halt ends the boot with the kernel's line as the reason", out.end_reason)

saved = boot.BOOT_TIMEOUT
boot.BOOT_TIMEOUT = 1.0
out = play("print nothing from the harness\nsleep 30\n")
boot.BOOT_TIMEOUT = saved
check(not out.runs and "did not start its first test" in out.end_reason, "the boot time limit", out.end_reason)

out = play(f"print QG {NONCE} start A\nsleep 30\n", plan=(("A", 30.0),), budget=1.0)
check("overall time limit" in out.end_reason, "the lab's overall time limit stops a boot", out.end_reason)

# ---- scoring
all_or_nothing = Test("T", "f", "t", points=4, timeout=1)
partial = Test("P", "f", "p", points=3, timeout=1, partial=True, checks=6)
check(score_test(all_or_nothing, 5, 5) == 4 and score_test(all_or_nothing, 4, 5) == 0 and
      score_test(all_or_nothing, 0, 0) == 0, "all or nothing; a test without checks scores 0")
check(score_test(partial, 4, 6) == 2 and score_test(partial, 2, 2) == 1 and score_test(partial, 6, 6) == 3,
      "partial credit divides by at least the declared checks")
check(score_test(partial, 7, 6) == 0, "more checks passed than made scores 0")

# ---- plan.c
text = plan_source([Test("UT-01", "test_a", "a", 1, 1), Test("UT-02", "test_a", "b", 1, 1)], NONCE)
check(f'const char grade_nonce[] = "{NONCE}";' in text and text.count("void test_a(grade_t *g);") == 1 and
      '{"UT-02", test_a},' in text and "grade_plan_count = 2;" in text, "plan.c: nonce, declarations, entries", text)

# ---- lab.toml
with tempfile.TemporaryDirectory() as temp:
    folder = Path(temp) / "lab9-test"
    folder.mkdir()
    base = '[lab]\nstudent_files = ["a.c"]\n[build]\nstudent_sources = ["a.c"]\n'
    for text, words, what in (
            (base + '[[test]]\nid = "X-1"\nfunction = "f"\n[[test]]\nid = "X-1"\nfunction = "g"\n', "duplicate",
             "duplicate test ids are refused"),
            (base + '[[test]]\nid = "X-1"\nfunction = "f"\nvisibility = "secret"\n', "visibility",
             "an unknown visibility is refused"),
            ('[lab]\nstudent_files = ["../../etc/passwd"]\n[build]\nstudent_sources = ["a.c"]\n', "relative path",
             "student files outside the lab folder are refused")):
        (folder / "lab.toml").write_text(text)
        check_refused(lambda: load_lab(folder), LabError, words, what)

# ---- hostile cases: each derives its submission from today's tracked files; an edit that no
# longer matches exactly once is an error
with tempfile.TemporaryDirectory() as temp:
    for case in sorted((ROOT / "tests" / "grader" / "hostile").iterdir()):
        try:
            materialise(case, Path(temp) / case.name)
            check((Path(temp) / case.name / "lab0.c").is_file(), f"hostile/{case.name}: the submission is materialised")
        except MaterialiseError as error:
            check(False, f"hostile/{case.name}: the submission is materialised", error)
    case = Path(temp) / "case"
    case.mkdir()
    spec = '[[file]]\npath = "lab0.c"\nfrom = "solutions/lab0-tooling/lab0.c"\n[[file.edit]]\n'
    for edit, why, what in (('find = "no such text"\nreplace = ""\n', "matches 0 times", "matches nowhere"),
                            ('find = "summary->"\nreplace = ""\n', "matches 13 times", "matches more than once"),
                            ('find = "lab0"\n', "an edit is", "has no replacement")):
        (case / "submission.toml").write_text(spec + edit)
        check_refused(lambda: materialise(case, Path(temp) / "out"), MaterialiseError, why,
                      f"materialise refuses an edit that {what}")
    (case / "submission.toml").write_text(spec + 'append = "/* appended */\\n"\n')
    materialise(case, Path(temp) / "appended")
    check((Path(temp) / "appended" / "lab0.c").read_text().endswith("}\n/* appended */\n") and
          not (Path(temp) / "appended" / "submission.toml").exists(),
          "materialise appends, and leaves the case's own toml files out")

print(f"1..{count}")
sys.exit(1 if failed else 0)
