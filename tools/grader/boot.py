"""Booting a lab image in QEMU and reading the harness's protocol lines (docs/grading.md):
per-test, boot and overall time limits, the output cap, and spoofed lines noted."""
from __future__ import annotations

import dataclasses
import os
import re
import selectors
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import qemu_runner  # noqa: E402  (the one source of the QEMU command line)

OUTPUT_CAP = 256 * 1024        # bytes of console output per boot
BOOT_TIMEOUT = 15.0            # seconds from QEMU's start to the first start line
GAP_TIMEOUT = 10.0             # seconds from a result line to the next start or done line
PROTOCOL = re.compile(r"^QG ([0-9a-f]{32}) (start|result|done)(?: (.*))?$")
LOOKS_LIKE_PROTOCOL = re.compile(r"QG\s+\S+\s+(start|result|done)\b")
MAX_TEST_OUTPUT = 4000         # characters of a test's console output kept for the report


@dataclasses.dataclass
class TestRun:
    """What one boot said about one test."""
    id: str
    finished: bool = False
    passed: int = 0
    checks: int = 0
    message: str = ""
    output: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0


@dataclasses.dataclass
class BootOutcome:
    runs: list[TestRun]
    done: bool
    end_reason: str            # why the boot ended before done ("" when done)
    spoofed: list[str]
    seconds: float
    console_tail: list[str]


def qemu_command(image: Path, memory: str, icount: bool = False) -> list[str]:
    return qemu_runner.qemu_command(image, memory, icount) + qemu_runner.CAPTURED_CONSOLE_ARGS


def boot(image: Path, nonce: str, plan: list[tuple[str, float]], memory: str, deadline: float,
         icount: bool = False) -> BootOutcome:
    """Boots `image` whose harness runs `plan` (id, per-test timeout) and reads its lines."""
    start = time.monotonic()
    process = subprocess.Popen(qemu_command(image, memory, icount), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    os.set_blocking(process.stdout.fileno(), False)
    runs: list[TestRun] = []
    spoofed: list[str] = []
    tail: list[str] = []
    timeouts = dict(plan)
    current: TestRun | None = None
    done = False
    reason = ""
    total = 0
    pending = b""
    line_deadline = start + BOOT_TIMEOUT
    what = "the harness did not start its first test within %g s" % BOOT_TIMEOUT

    def handle(line: str) -> None:
        nonlocal current, done, line_deadline, what
        line = line.rstrip("\r")
        tail.append(line)
        del tail[:-40]
        match = PROTOCOL.match(line)
        if match is None or match[1] != nonce:
            if LOOKS_LIKE_PROTOCOL.search(line):
                spoofed.append(line[:200])
            elif current is not None:
                current.output.append(line)
            return
        kind, rest = match[2], match[3] or ""
        now = time.monotonic()
        if kind == "start":
            test_id = rest.strip()
            current = TestRun(id=test_id, seconds=now)
            runs.append(current)
            line_deadline = now + timeouts.get(test_id, GAP_TIMEOUT)
            what = f"test {test_id} exceeded its time limit ({timeouts.get(test_id, GAP_TIMEOUT):g} s)"
        elif kind == "result" and current is not None:
            fields = rest.split(" ", 3)
            if len(fields) >= 3 and fields[0] == current.id and fields[1].isdigit() and fields[2].isdigit():
                current.finished = True
                current.passed, current.checks = int(fields[1]), int(fields[2])
                current.message = fields[3] if len(fields) > 3 else ""
                current.seconds = now - current.seconds
                current = None
                line_deadline = now + GAP_TIMEOUT
                what = f"the harness did not go on within {GAP_TIMEOUT:g} s after a result"
        elif kind == "done":
            done = True

    try:
        while not done:
            now = time.monotonic()
            limit = min(line_deadline, deadline)
            if now >= limit:
                reason = what if line_deadline <= deadline else "the lab's overall time limit was reached"
                break
            events = selector.select(timeout=limit - now)
            if not events:
                continue
            chunk = process.stdout.read(65536)
            if not chunk:
                process.wait()
                reason = _why_ended(tail)
                break
            total += len(chunk)
            if total > OUTPUT_CAP:
                chunk = chunk[:max(0, len(chunk) - (total - OUTPUT_CAP))]
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for raw in lines:
                handle(raw.decode("utf-8", "replace"))
                if done:
                    break
            if total > OUTPUT_CAP and not done:
                reason = f"the output limit ({OUTPUT_CAP // 1024} KiB per boot) was exceeded"
                break
    finally:
        selector.close()
        qemu_runner.kill_group(process)
    if current is not None:
        current.seconds = time.monotonic() - current.seconds
    return BootOutcome(runs=runs, done=done, end_reason=reason, spoofed=spoofed,
                       seconds=time.monotonic() - start, console_tail=tail)


def _why_ended(tail: list[str]) -> str:
    for line in reversed(tail[-10:]):
        if "panic" in line.lower():
            return f"the kernel panicked: {line.strip()[:160]}"
        if "halted" in line:
            return f"the machine halted before the harness finished: {line.strip()[:160]}"
    return "QEMU exited before the harness finished"
