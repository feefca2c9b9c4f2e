#!/usr/bin/env python3
"""Boots one Quokka image in QEMU with a time limit and reports its tests in TAP.

The pieces are separate so the course autograder can reuse them (with tools/ on sys.path):
  qemu_manifest.load_manifest()  reads a test manifest (TOML; the format is described there);
  qemu_command()   the QEMU command line every Quokka tool boots with;
  boot()           runs QEMU once, with a time and output limit, and returns the console;
  parse_console()  finds the machine-readable lines (TEST, BENCH, KERNEL PANIC) in a console;
  evaluate()       turns a manifest plus a boot into per-test outcomes;
  write_tap(), report_json(), keep_console_log() report them.

Console protocol (printed by on-target programs, one line each):
  TEST <ID> pass | TEST <ID> fail <message> | TEST <ID> skip <message>
  BENCH <name>=<integer>
  KERNEL PANIC: ...          (printed by the kernel; QEMU then exits with status 1)

Command line:
  qemu_runner.py --image IMG --manifest FILE.toml [--json OUT] [--log-dir DIR] [--input TEXT]
  qemu_runner.py --image IMG --print-command [--memory SIZE] [--icount]
The exit status is 0 when every test passed, 1 when one failed, 2 on a usage or manifest error.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shlex
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Optional, TextIO

from qemu_manifest import (DEFAULT_MEMORY, BenchSpec, BootSpec, Manifest, ManifestError, TestSpec,
                           load_manifest)

FIRMWARE = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
TAIL_LINES = 40                        # console lines shown as diagnostics on a failure
REPO_ROOT = Path(__file__).resolve().parent.parent

# Console options for a captured, non-interactive boot.
CAPTURED_CONSOLE_ARGS = ["-display", "none", "-serial", "stdio", "-monitor", "none"]


# ---------------------------------------------------------------------------------------------
# The QEMU command line

def qemu_binary() -> str:
    """The QEMU to run: $QUOKKA_QEMU (tests substitute a fake) or qemu-system-riscv64."""
    return os.environ.get("QUOKKA_QEMU") or "qemu-system-riscv64"


def qemu_command(image: str | os.PathLike, memory: str = DEFAULT_MEMORY, icount: bool = False,
                 extra: tuple[str, ...] | list[str] = ()) -> list[str]:
    """The machine Quokka runs on: QEMU virt, one RV64 hart, Debian's OpenSBI, the image as kernel.

    Console options are not included: callers add CAPTURED_CONSOLE_ARGS, -nographic or a gdb stub.
    """
    command = [qemu_binary(), "-machine", "virt", "-cpu", "rv64", "-smp", "1", "-m", memory,
               "-bios", FIRMWARE, "-kernel", str(image), "-no-reboot"]
    if icount:
        # Deterministic instruction counting: one instruction per virtual nanosecond.
        command += ["-icount", "shift=0"]
    return command + list(extra)


# ---------------------------------------------------------------------------------------------
# Booting

@dataclasses.dataclass
class BootResult:
    """What one QEMU run produced."""
    command: list[str]
    lines: list[str]           # console lines, without line ends
    line_times: list[float]    # seconds from start at which each line was complete
    exit_status: Optional[int] = None   # None when QEMU was stopped or could not start
    timed_out: bool = False
    output_limited: bool = False
    start_error: Optional[str] = None
    duration: float = 0.0

    @property
    def console(self) -> str:
        return "\n".join(self.lines)


class _ConsoleReader(threading.Thread):
    """Collects QEMU's output, timing each line, until end of file or the output limit."""

    def __init__(self, stream, limit: int, start: float):
        super().__init__(daemon=True)
        self.stream, self.limit, self.started_at = stream, limit, start
        self.data = bytearray()
        self.newline_times: list[float] = []
        self.over_limit = threading.Event()

    def run(self) -> None:
        fd = self.stream.fileno()
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            now = time.monotonic() - self.started_at
            self.newline_times += [now] * chunk.count(b"\n")
            self.data += chunk
            if len(self.data) > self.limit:
                self.over_limit.set()
                break


def kill_group(process: subprocess.Popen) -> None:
    """Stops a process started in a process group of its own (QEMU, the grader's compiler) and
    anything it started, and waits for it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def _feed_input(process: subprocess.Popen, data: bytes) -> None:
    try:
        process.stdin.write(data)
        process.stdin.flush()
        process.stdin.close()
    except (BrokenPipeError, OSError):
        pass


def boot(image: str | os.PathLike, spec: BootSpec, input_bytes: Optional[bytes] = None,
         extra_args: tuple[str, ...] = ()) -> BootResult:
    """Boots image once; never waits longer than spec.timeout (plus a moment to collect output)."""
    command = qemu_command(image, spec.memory, spec.icount, extra_args) + CAPTURED_CONSOLE_ARGS
    if not Path(image).is_file():
        return BootResult(command, [], [], start_error=f"image {image} not found")
    start = time.monotonic()
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   stdin=subprocess.PIPE if input_bytes else subprocess.DEVNULL,
                                   start_new_session=True)
    except OSError as error:
        return BootResult(command, [], [], start_error=f"cannot start {command[0]}: {error}")
    reader = _ConsoleReader(process.stdout, spec.max_output, start)
    reader.start()
    # Input waits for spec.input_after (a console regex) when given: a device may not be ready
    # for it at power-on (the firmware resets the UART's FIFO, for one).
    waiting_for = re.compile(spec.input_after.encode()) if input_bytes and spec.input_after else None
    if input_bytes and waiting_for is None:
        threading.Thread(target=_feed_input, args=(process, input_bytes), daemon=True).start()
    result = BootResult(command, [], [])
    deadline = start + spec.timeout
    while process.poll() is None:
        if waiting_for is not None and waiting_for.search(bytes(reader.data)):
            threading.Thread(target=_feed_input, args=(process, input_bytes), daemon=True).start()
            waiting_for = None
        if reader.over_limit.is_set():
            result.output_limited = True
            break
        if time.monotonic() >= deadline:
            result.timed_out = True
            break
        time.sleep(0.02)
    kill_group(process)   # stops QEMU on a timeout, and any stray child in every case
    reader.join(timeout=5)
    process.stdout.close()
    result.duration = time.monotonic() - start
    if not (result.timed_out or result.output_limited):
        result.exit_status = process.returncode
    _split_lines(result, bytes(reader.data), reader.newline_times)
    return result


def _split_lines(result: BootResult, data: bytes, newline_times: list[float]) -> None:
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    result.lines = [line.decode("utf-8", "replace").rstrip("\r") for line in raw_lines]
    # A last line without a newline completed when the output ended.
    result.line_times = (newline_times + [result.duration] * len(raw_lines))[:len(raw_lines)]


# ---------------------------------------------------------------------------------------------
# Parsing the console

TEST_LINE = re.compile(r"^\s*TEST ([A-Z0-9_]+) (pass|fail|skip)\b[ \t]*(.*)$")
BENCH_LINE = re.compile(r"^\s*BENCH ([A-Za-z0-9_.\-]+)=(-?[0-9]+)\s*$")
PANIC_TEXT = "KERNEL PANIC:"


@dataclasses.dataclass
class TestLine:
    status: str       # pass, fail or skip
    message: str
    line: int         # index into the console lines


@dataclasses.dataclass
class Console:
    """The machine-readable content of a console."""
    results: dict[str, list[TestLine]]   # by test id, in console order
    benches: dict[str, int]              # the last value printed for each name
    panic: Optional[str] = None          # the first KERNEL PANIC line


def parse_console(lines: list[str]) -> Console:
    console = Console(results={}, benches={})
    for index, line in enumerate(lines):
        if match := TEST_LINE.match(line):
            console.results.setdefault(match[1], []).append(
                TestLine(match[2], match[3].strip(), index))
        elif match := BENCH_LINE.match(line):
            console.benches[match[1]] = int(match[2])
        elif PANIC_TEXT in line and console.panic is None:
            console.panic = line[line.index(PANIC_TEXT):].strip()
    return console


# ---------------------------------------------------------------------------------------------
# Reading the image

def elf_section_size(path: str | os.PathLike, name: str) -> int:
    """Size in bytes of section `name` of a little-endian ELF64 file; raises ValueError."""
    data = Path(path).read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError(f"{path} is not a little-endian ELF64 file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)

    def header(index: int) -> tuple:
        # sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size
        return struct.unpack_from("<IIQQQQ", data, shoff + index * shentsize)

    names_offset = header(shstrndx)[4]
    for index in range(shnum):
        name_offset, _, _, _, _, size = header(index)
        start = names_offset + name_offset
        if data[start:data.index(b"\0", start)].decode() == name:
            return size
    raise ValueError(f"{path} has no section {name}")


# ---------------------------------------------------------------------------------------------
# Judging

@dataclasses.dataclass
class Outcome:
    """The result of one reported test (a manifest test, a bench, or the boot itself)."""
    id: str
    summary: str
    result: str                  # pass, fail or skip
    points: float = 0
    reason: str = ""
    value: Optional[int] = None  # for benches

    @property
    def passed(self) -> bool:
        return self.result != "fail"


@dataclasses.dataclass
class Report:
    manifest: Manifest
    boot: BootResult
    console: Console
    outcomes: list[Outcome]
    benches: dict[str, int]
    console_log: Optional[str] = None

    @property
    def passed(self) -> bool:
        return all(outcome.passed for outcome in self.outcomes)


def _why_missing(boot_result: BootResult, console: Console) -> str:
    """Explains a missing result by how the boot ended."""
    if boot_result.start_error:
        return f" ({boot_result.start_error})"
    if boot_result.timed_out:
        return f" (timed out after {boot_result.duration:.1f} s)"
    if boot_result.output_limited:
        return " (console output limit reached)"
    if console.panic:
        return f" ({console.panic})"
    return f" (QEMU exited with status {boot_result.exit_status})"


def _judge_expect(test: TestSpec, boot_result: BootResult) -> tuple[Optional[str], int]:
    """Matches the test's regexes in order; returns (failure or None, line of the last match)."""
    text, position, last_line = boot_result.console, 0, 0
    for pattern in test.expect:
        match = re.compile(pattern, re.MULTILINE).search(text, position)
        if match is None:
            return f"console never matched /{pattern}/", last_line
        position = match.end()
        last_line = text.count("\n", 0, max(match.start(), match.end() - 1))
    return None, last_line


def _judge_test(test: TestSpec, boot_result: BootResult, console: Console) -> Outcome:
    outcome = Outcome(test.id, test.summary, "pass", test.points)
    lines = console.results.get(test.id, [])
    failed = [line for line in lines if line.status == "fail"]
    if failed:
        outcome.result, outcome.reason = "fail", "failed: " + (failed[0].message or "no message")
        return outcome
    if test.expect:
        failure, line = _judge_expect(test, boot_result)
        if failure:
            outcome.result, outcome.reason = "fail", failure + _why_missing(boot_result, console)
            return outcome
    elif not lines:
        outcome.result = "fail"
        outcome.reason = f"no 'TEST {test.id}' line in the console" + _why_missing(boot_result, console)
        return outcome
    else:
        line = lines[-1].line
        if all(l.status == "skip" for l in lines):
            outcome.result, outcome.reason = "skip", lines[-1].message or "skipped by the program"
    if test.timeout is not None and line < len(boot_result.line_times):
        arrival = boot_result.line_times[line]
        if arrival > test.timeout:
            outcome.result = "fail"
            outcome.reason = f"result came after {arrival:.1f} s, limit {test.timeout:g} s"
    return outcome


def _judge_bench(bench: BenchSpec, image: str | os.PathLike, boot_result: BootResult,
                 console: Console) -> Outcome:
    outcome = Outcome(bench.name, "", "pass", bench.points)
    if bench.source.startswith("image-section:"):
        try:
            outcome.value = elf_section_size(image, bench.source.split(":", 1)[1])
        except (OSError, ValueError) as error:
            outcome.result, outcome.reason = "fail", f"cannot measure: {error}"
            return outcome
    elif bench.name in console.benches:
        outcome.value = console.benches[bench.name]
    else:
        outcome.result = "fail"
        outcome.reason = f"no 'BENCH {bench.name}=' line in the console" + _why_missing(boot_result, console)
        return outcome
    outcome.summary = f"= {outcome.value}"
    if bench.max is not None:
        outcome.summary += f" (at most {bench.max})"
        if outcome.value > bench.max:
            outcome.result, outcome.reason = "fail", f"{outcome.value} is above the limit {bench.max}"
    if bench.min is not None:
        outcome.summary += f" (at least {bench.min})"
        if outcome.value < bench.min:
            outcome.result, outcome.reason = "fail", f"{outcome.value} is below the limit {bench.min}"
    return outcome


def _judge_boot(manifest: Manifest, boot_result: BootResult, console: Console) -> Outcome:
    outcome = Outcome(f"{manifest.name}:boot", "ended cleanly", "pass", 0)
    expected = manifest.boot.exit_status
    if boot_result.start_error:
        outcome.reason = boot_result.start_error
    elif boot_result.timed_out:
        outcome.reason = f"timed out after {manifest.boot.timeout:g} s; QEMU was stopped"
    elif boot_result.output_limited:
        outcome.reason = f"console output above {manifest.boot.max_output} bytes; QEMU was stopped"
    elif console.panic and not manifest.boot.panic_expected:
        outcome.reason = console.panic
    elif boot_result.exit_status != expected:
        outcome.reason = f"QEMU exit status {boot_result.exit_status}, expected {expected}"
    if outcome.reason:
        outcome.result = "fail"
    return outcome


def _not_applicable(test: TestSpec, config: str) -> Outcome:
    outcome = Outcome(test.id, test.summary, "skip", test.points)
    outcome.reason = f"applies to the {' and '.join(test.configs or [])} kernel, not {config}"
    return outcome


def evaluate(manifest: Manifest, image: str | os.PathLike, boot_result: BootResult,
             config: Optional[str] = None) -> Report:
    """Judges every manifest test and bench, any unlisted TEST line, and the boot itself.
    With `config` (the image's kernel configuration), tests limited to other configurations
    are skipped."""
    console = parse_console(boot_result.lines)
    outcomes = [_not_applicable(test, config)
                if config and test.configs and config not in test.configs
                else _judge_test(test, boot_result, console) for test in manifest.tests]
    listed = {test.id for test in manifest.tests}
    for test_id in console.results:
        if test_id not in listed:
            # Reported but not in the manifest: count it (0 points), so a failure is not lost.
            spec = TestSpec(test_id, "(not in the manifest)", points=0)
            outcomes.append(_judge_test(spec, boot_result, console))
    bench_outcomes = [_judge_bench(b, image, boot_result, console) for b in manifest.benches]
    outcomes += bench_outcomes
    outcomes.append(_judge_boot(manifest, boot_result, console))
    benches = dict(console.benches)
    benches.update({o.id: o.value for o in bench_outcomes if o.value is not None})
    return Report(manifest, boot_result, console, outcomes, benches)


# ---------------------------------------------------------------------------------------------
# Reporting

def keep_console_log(report: Report, log_dir: str | os.PathLike, image: str | os.PathLike) -> str:
    """Writes the console of a run to log_dir and records its path in the report."""
    log_dir = Path(log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / f"{report.manifest.name}.{Path(image).stem}.console.log"
    boot_result = report.boot
    header = (f"# {shlex.join(boot_result.command)}\n"
              f"# exit status {boot_result.exit_status}, timed out {boot_result.timed_out}, "
              f"{boot_result.duration:.1f} s\n")
    path.write_text(header + boot_result.console + "\n", encoding="utf-8")
    report.console_log = str(path)
    return report.console_log


def _tap_line(text: str) -> str:
    """Text on one line, as TAP needs."""
    return " ".join(text.split())


def _tap_description(text: str) -> str:
    """A test description: one line, '#' escaped (a bare '#' would end it; TAP 13 escape)."""
    return _tap_line(text).replace("#", "\\#")


def write_tap(report: Report, out: Optional[TextIO] = None, err: Optional[TextIO] = None) -> None:
    """TAP 13 on out (stdout); BENCH lines and failure details also go plainly to err (stderr).

    `meson test` keeps both streams but shows only stderr for a failed TAP test, and a plain
    BENCH line on stdout would not be TAP, so the human-readable copy goes to stderr.
    """
    out, err = out or sys.stdout, err or sys.stderr
    boot_result = report.boot
    print("TAP version 13", file=out)
    print(f"1..{len(report.outcomes)}", file=out)
    print(f"# boot: {shlex.join(boot_result.command)}", file=out)
    for number, outcome in enumerate(report.outcomes, 1):
        name = _tap_description(f"{outcome.id} {outcome.summary}")
        if outcome.result == "skip":
            print(f"ok {number} - {name} # SKIP {_tap_line(outcome.reason)}", file=out)
        elif outcome.result == "pass":
            print(f"ok {number} - {name}", file=out)
        else:
            print(f"not ok {number} - {name} # {_tap_line(outcome.reason)}", file=out)
    for name, value in report.benches.items():
        print(f"# BENCH {name}={value}", file=out)
        print(f"BENCH {name}={value}", file=err)
    ending = ("timed out" if boot_result.timed_out else f"exit status {boot_result.exit_status}")
    print(f"# {ending} after {boot_result.duration:.1f} s", file=out)
    if not report.passed:
        _write_failure_details(report, out, prefix="# ", indent="#   ")
        _write_failure_details(report, err, prefix="", indent="  | ", with_reasons=True)
    out.flush()
    err.flush()


def _write_failure_details(report: Report, out: TextIO, prefix: str, indent: str,
                           with_reasons: bool = False) -> None:
    """The failed tests' reasons (optional), the console log's path and the console's tail."""
    if with_reasons:
        for outcome in report.outcomes:
            if not outcome.passed:
                print(f"{prefix}FAILED {outcome.id}: {outcome.reason}", file=out)
    if report.console_log:
        print(f"{prefix}console log: {report.console_log}", file=out)
    tail = report.boot.lines[-TAIL_LINES:]
    print(f"{prefix}last {len(tail)} console lines:", file=out)
    for line in tail:
        print(f"{indent}{line}", file=out)


def report_json(report: Report) -> dict:
    """The machine-readable report (the autograder's input)."""
    return {
        "manifest": report.manifest.name,
        "tests": [{"id": o.id, "summary": o.summary, "result": o.result, "points": o.points,
                   "reason": o.reason} for o in report.outcomes],
        "benches": report.benches,
        "exit_status": report.boot.exit_status,
        "timed_out": report.boot.timed_out,
        "duration": round(report.boot.duration, 3),
        "console_log": report.console_log,
    }


# ---------------------------------------------------------------------------------------------
# Command line

def run(image: str, manifest_path: str, log_dir: str, json_path: Optional[str] = None,
        input_text: Optional[str] = None, out: Optional[TextIO] = None,
        config: Optional[str] = None) -> Report:
    """Boots image against a manifest and reports: the whole job of one `meson test` entry."""
    manifest = load_manifest(manifest_path)
    image = os.path.abspath(image)
    input_text = input_text if input_text is not None else manifest.boot.input
    input_bytes = input_text.encode() if input_text else None
    boot_result = boot(image, manifest.boot, input_bytes)
    report = evaluate(manifest, image, boot_result, config)
    stale_log = Path(log_dir) / f"{manifest.name}.{Path(image).stem}.console.log"
    if report.passed:
        stale_log.unlink(missing_ok=True)
    else:
        keep_console_log(report, log_dir, image)
    write_tap(report, out)
    if json_path:
        Path(json_path).write_text(json.dumps(report_json(report), indent=2) + "\n")
    return report


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Boot a Quokka image in QEMU and report its tests in TAP.")
    parser.add_argument("--image", required=True, help="kernel image (ELF) to boot")
    parser.add_argument("--manifest", help="test manifest (TOML)")
    parser.add_argument("--json", help="also write a JSON report here")
    parser.add_argument("--log-dir", default=str(REPO_ROOT / "build" / "test-logs"),
                        help="where the console of a failed run is kept (default: build/test-logs)")
    parser.add_argument("--input", help="text fed to the serial console (overrides [boot] input)")
    parser.add_argument("--config", choices=("debug", "release"),
                        help="the image's kernel configuration (tests limited to others skip)")
    parser.add_argument("--print-command", action="store_true",
                        help="print the QEMU command (one argument per line) and exit")
    parser.add_argument("--memory", default=DEFAULT_MEMORY, help="RAM for --print-command")
    parser.add_argument("--icount", action="store_true", help="-icount shift=0 for --print-command")
    args = parser.parse_args(argv)
    if args.print_command:
        print("\n".join(qemu_command(args.image, args.memory, args.icount)))
        return 0
    if not args.manifest:
        parser.error("--manifest is required")
    try:
        report = run(args.image, args.manifest, args.log_dir, args.json, args.input,
                     config=args.config)
    except ManifestError as error:
        print(f"TAP version 13\n1..1\nnot ok 1 - {Path(args.manifest).stem}:manifest is readable"
              f" # {_tap_line(str(error))}")
        return 2
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
