#!/usr/bin/env python3
"""Tests of tools/qemu_runner.py against a fake QEMU (fake_qemu.py); prints TAP.

Each case writes a fake image (a script for fake_qemu) and a manifest, runs the runner's command
line, and checks its exit status, its TAP, its JSON report and the kept console log.
"""

import json
import os
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNNER = HERE.parent / "qemu_runner.py"
FAKE_QEMU = HERE / "fake_qemu.py"


class Run:
    """One run of the runner: its exit status, stdout, stderr, JSON report and log directory."""

    def __init__(self, workdir: Path, script: str, manifest: str, name: str = "suite",
                 extra: tuple = (), image: Path | None = None):
        self.workdir = workdir
        self.log_dir = workdir / "logs"
        image = image or workdir / "image.elf"
        if image.suffix != ".bin":
            image.write_text(script)
        else:
            (workdir / "script").write_text(script)
        manifest_path = workdir / f"{name}.toml"
        manifest_path.write_text(manifest)
        json_path = workdir / "report.json"
        env = dict(os.environ, QUOKKA_QEMU=str(FAKE_QEMU))
        if image.suffix == ".bin":
            env["FAKE_QEMU_SCRIPT"] = str(workdir / "script")
        started = time.monotonic()
        completed = subprocess.run(
            [sys.executable, str(RUNNER), "--image", str(image), "--manifest", str(manifest_path),
             "--json", str(json_path), "--log-dir", str(self.log_dir), *extra],
            capture_output=True, text=True, env=env, timeout=60)
        self.seconds = time.monotonic() - started
        self.status, self.out, self.err = completed.returncode, completed.stdout, completed.stderr
        self.report = json.loads(json_path.read_text()) if json_path.exists() else None

    def result(self, test_id: str) -> dict:
        return next(t for t in self.report["tests"] if t["id"] == test_id)

    def logs(self) -> list[Path]:
        return sorted(self.log_dir.glob("*.log")) if self.log_dir.exists() else []


BOOT = "[boot]\ntimeout = 10\n"
TWO_TESTS = BOOT + """
[[test]]
id = "BOOT0001"
summary = "first"
[[test]]
id = "BOOT0002"
summary = "second"
"""


def case_all_pass(tmp: Path) -> list[str]:
    run = Run(tmp, "print OpenSBI\nprint TEST BOOT0001 pass\nprint TEST BOOT0002 pass\nexit 0\n", TWO_TESTS)
    problems = []
    if run.status != 0:
        problems.append(f"exit status {run.status}")
    for expected in ["TAP version 13", "1..3", "ok 1 - BOOT0001 first", "ok 2 - BOOT0002 second",
                     "ok 3 - suite:boot ended cleanly"]:
        if expected not in run.out:
            problems.append(f"missing {expected!r}")
    if run.logs():
        problems.append("kept a log although everything passed")
    if [t["result"] for t in run.report["tests"]] != ["pass"] * 3 or run.report["exit_status"] != 0:
        problems.append(f"json: {run.report}")
    return problems


def case_fail_line_and_missing_line(tmp: Path) -> list[str]:
    run = Run(tmp, "print TEST BOOT0001 fail wrong value 3\nexit 0\n", TWO_TESTS)
    problems = []
    if run.status != 1:
        problems.append(f"exit status {run.status}")
    if "not ok 1 - BOOT0001 first # failed: wrong value 3" not in run.out:
        problems.append("fail line not reported")
    if "not ok 2 - BOOT0002 second # no 'TEST BOOT0002' line" not in run.out:
        problems.append("missing line not reported")
    if "ok 3 - suite:boot ended cleanly" not in run.out:
        problems.append("a clean boot was not ok")
    logs = run.logs()
    if len(logs) != 1 or f"# console log: {logs[0]}" not in run.out:
        problems.append("console log not kept or not named")
    elif run.report["console_log"] != str(logs[0]):
        problems.append("json has no console_log")
    if "#   TEST BOOT0001 fail wrong value 3" not in run.out:
        problems.append("console tail not shown")
    return problems


def case_skip(tmp: Path) -> list[str]:
    run = Run(tmp, "print TEST BOOT0001 skip no PLIC here\nprint TEST BOOT0002 pass\n", TWO_TESTS)
    if run.status == 0 and "ok 1 - BOOT0001 first # SKIP no PLIC here" in run.out:
        return []
    return [f"status {run.status}, out:\n{run.out}"]


def case_panic(tmp: Path) -> list[str]:
    run = Run(tmp, "print TEST BOOT0001 pass\nprint KERNEL PANIC: trap: scause 0xd\nexit 1\n", TWO_TESTS)
    problems = []
    if run.status != 1:
        problems.append(f"exit status {run.status}")
    if "not ok 2 - BOOT0002 second # no 'TEST BOOT0002' line in the console (KERNEL PANIC: trap: scause 0xd)" not in run.out:
        problems.append("missing line not blamed on the panic")
    if "not ok 3 - suite:boot ended cleanly # KERNEL PANIC: trap: scause 0xd" not in run.out:
        problems.append("boot not failed by the panic")
    return problems


def case_expected_panic(tmp: Path) -> list[str]:
    manifest = ("[boot]\ntimeout = 10\nexit_status = 1\n[[test]]\nid = \"PANIC0001\"\n"
                "summary = \"a panic stops QEMU with status 1\"\nexpect = ['KERNEL PANIC: .*deliberate']\n")
    run = Run(tmp, "print KERNEL PANIC: deliberate\nexit 1\n", manifest, name="panic")
    if run.status == 0 and "ok 2 - panic:boot ended cleanly" in run.out:
        return []
    return [f"status {run.status}, out:\n{run.out}"]


def case_exit_status(tmp: Path) -> list[str]:
    run = Run(tmp, "print TEST BOOT0001 pass\nprint TEST BOOT0002 pass\nexit 3\n", TWO_TESTS)
    if run.status == 1 and "not ok 3 - suite:boot ended cleanly # QEMU exit status 3, expected 0" in run.out:
        return []
    return [f"status {run.status}, out:\n{run.out}"]


def case_timeout_kills_the_group(tmp: Path) -> list[str]:
    pidfile = tmp / "child.pid"
    manifest = "[boot]\ntimeout = 1\n[[test]]\nid = \"BOOT0001\"\nsummary = \"first\"\n"
    run = Run(tmp, f"print started\nchild {pidfile}\nsleep 600\n", manifest)
    problems = []
    if run.seconds > 8:
        problems.append(f"took {run.seconds:.1f} s")
    if run.status != 1 or not run.report["timed_out"] or run.report["exit_status"] is not None:
        problems.append(f"status {run.status}, json {run.report}")
    if "not ok 2 - suite:boot ended cleanly # timed out after 1 s" not in run.out:
        problems.append("timeout not reported")
    if "(timed out after" not in run.result("BOOT0001")["reason"]:
        problems.append("missing line not blamed on the timeout")
    time.sleep(0.2)
    if pidfile.exists() and Path(f"/proc/{pidfile.read_text()}").exists():
        state = Path(f"/proc/{pidfile.read_text()}/stat").read_text().split()[2]
        if state != "Z":
            problems.append("QEMU's child survived the timeout")
    return problems


def case_expect_in_order(tmp: Path) -> list[str]:
    manifest = BOOT + """
[[test]]
id = "BOOT0001"
summary = "banners in order"
expect = ['^OpenSBI', 'Quokka [0-9.]+', 'hello from U-mode']
[[test]]
id = "BOOT0002"
summary = "wrong order"
expect = ['hello from U-mode', 'Quokka']
"""
    run = Run(tmp, "print OpenSBI v1.1\nprint Quokka 0.1.0\nprint hello from U-mode\n", manifest)
    problems = []
    if "ok 1 - BOOT0001 banners in order" not in run.out:
        problems.append("in-order regexes not matched")
    if "not ok 2 - BOOT0002 wrong order # console never matched /Quokka/" not in run.out:
        problems.append("out-of-order regexes matched")
    return problems


def case_benches(tmp: Path) -> list[str]:
    manifest = BOOT + """
[[bench]]
name = "boot_instructions"
max = 60000
[[bench]]
name = "ipc_call"
max = 100
[[bench]]
name = "absent"
"""
    run = Run(tmp, "print BENCH boot_instructions=41234\nprint BENCH ipc_call=321\n", manifest)
    problems = []
    for expected in ["ok 1 - boot_instructions = 41234 (at most 60000)",
                     "not ok 2 - ipc_call = 321 (at most 100) # 321 is above the limit 100",
                     "not ok 3 - absent # no 'BENCH absent=' line", "# BENCH boot_instructions=41234"]:
        if expected not in run.out:
            problems.append(f"missing {expected!r}")
    if "BENCH boot_instructions=41234\n" not in run.err or "BENCH ipc_call=321" not in run.err:
        problems.append("plain BENCH lines missing on stderr")
    if run.report["benches"] != {"boot_instructions": 41234, "ipc_call": 321}:
        problems.append(f"json benches {run.report['benches']}")
    return problems


def tiny_elf(text_size: int) -> bytes:
    """An ELF64 header plus a section table: null, .text (text_size bytes), .shstrtab."""
    names = b"\0.text\0.shstrtab\0"
    shoff = 64 + len(names)
    header = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    header += struct.pack("<HHIQQQIHHHHHH", 2, 243, 1, 0x80200000, 0, shoff, 0, 64, 0, 0, 64, 3, 2)
    sections = bytes(64)
    sections += struct.pack("<IIQQQQIIQQ", 1, 1, 6, 0x80200000, 0, text_size, 0, 0, 4, 0)
    sections += struct.pack("<IIQQQQIIQQ", 7, 3, 0, 0, 64, len(names), 0, 0, 1, 0)
    return header + names + sections


def case_image_section(tmp: Path) -> list[str]:
    image = tmp / "kernel.bin"
    image.write_bytes(tiny_elf(48123))
    manifest = BOOT + """
[[bench]]
name = "kernel_text_bytes"
source = "image-section:.text"
max = 50000
[[bench]]
name = "no_such_section"
source = "image-section:.nothing"
"""
    run = Run(tmp, "exit 0\n", manifest, image=image)
    problems = []
    if "ok 1 - kernel_text_bytes = 48123 (at most 50000)" not in run.out:
        problems.append("section size not read")
    if "not ok 2 - no_such_section # cannot measure:" not in run.out:
        problems.append("missing section not failed")
    return problems


def case_unlisted_test(tmp: Path) -> list[str]:
    run = Run(tmp, "print TEST BOOT0001 pass\nprint TEST BOOT0002 pass\nprint TEST EXTRA0001 fail oops\n", TWO_TESTS)
    if run.status == 1 and "not ok 3 - EXTRA0001 (not in the manifest) # failed: oops" in run.out:
        return []
    return [f"status {run.status}, out:\n{run.out}"]


def case_output_limit(tmp: Path) -> list[str]:
    manifest = "[boot]\ntimeout = 20\nmax_output = 10000\n"
    run = Run(tmp, "flood 100000\nsleep 600\n", manifest)
    if run.status == 1 and run.seconds < 10 and "console output above 10000 bytes" in run.out:
        return []
    return [f"status {run.status} after {run.seconds:.1f} s, out:\n{run.out[-500:]}"]


def case_input_and_command(tmp: Path) -> list[str]:
    manifest = BOOT + "[[test]]\nid = \"UART0001\"\nsummary = \"input\"\nexpect = ['got: ping']\n"
    run = Run(tmp, "args\necho-input\n", manifest, extra=("--input", "ping\n"))
    problems = []
    if "ok 1 - UART0001 input" not in run.out:
        problems.append("input not fed")
    if run.status != 0:
        problems.append(f"exit status {run.status}")
    firmware = "-bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
    for part in ["-machine virt -cpu rv64 -smp 1 -m 512M", firmware, "-no-reboot",
                 "-display none -serial stdio -monitor none"]:
        if part not in run.out:
            problems.append(f"command lacks {part!r}")
    return problems


def case_input_from_the_manifest(tmp: Path) -> list[str]:
    manifest = ("[boot]\ntimeout = 10\ninput = \"pong\\n\"\n"
                "[[test]]\nid = \"UART0002\"\nsummary = \"input\"\nexpect = ['got: pong']\n")
    run = Run(tmp, "echo-input\n", manifest)
    if run.status == 0 and "ok 1 - UART0002 input" in run.out:
        return []
    return [f"status {run.status}, out:\n{run.out}"]


def case_input_after_a_console_line(tmp: Path) -> list[str]:
    problems = []
    manifest = ("[boot]\ntimeout = 3\ninput = \"pong\\n\"\ninput_after = \"{after}\"\n"
                "[[test]]\nid = \"UART0002\"\nsummary = \"input\"\nexpect = ['got: pong']\n")
    ready = Run(tmp, "print ready\necho-input\n", manifest.format(after="rea+dy"))
    if ready.status != 0 or "ok 1 - UART0002 input" not in ready.out:
        problems.append(f"fed after the line: status {ready.status}, out:\n{ready.out}")
    withheld = Run(tmp, "print ready\necho-input\n", manifest.format(after="never printed"))
    if withheld.status == 0 or "not ok 1 - UART0002 input" not in withheld.out:
        problems.append(f"input was fed although the line never came: {withheld.out}")
    return problems


def case_per_test_timeout(tmp: Path) -> list[str]:
    manifest = BOOT + """
[[test]]
id = "FAST0001"
summary = "in time"
timeout = 5
[[test]]
id = "SLOW0001"
summary = "too late"
timeout = 0.5
"""
    run = Run(tmp, "print TEST FAST0001 pass\nsleep 1\nprint TEST SLOW0001 pass\n", manifest)
    problems = []
    if "ok 1 - FAST0001 in time" not in run.out:
        problems.append("a timely result failed")
    if "not ok 2 - SLOW0001 too late # result came after 1." not in run.out:
        problems.append("a late result passed")
    return problems


def case_icount_and_memory(tmp: Path) -> list[str]:
    manifest = "[boot]\ntimeout = 10\nmemory = \"3072M\"\nicount = true\n"
    run = Run(tmp, "args\n", manifest)
    if "-m 3072M" in run.out and "-icount shift=0" in run.out:
        return []
    return [f"out:\n{run.out}"]


def case_bad_manifest(tmp: Path) -> list[str]:
    run = Run(tmp, "exit 0\n", "[boot]\ntimeout = 'soon'\n")
    if run.status == 2 and "not ok 1 - suite:manifest is readable #" in run.out:
        return []
    return [f"status {run.status}, out:\n{run.out}"]


def case_missing_qemu(tmp: Path) -> list[str]:
    image = tmp / "image.elf"
    image.write_text("exit 0\n")
    (tmp / "suite.toml").write_text(TWO_TESTS)
    env = dict(os.environ, QUOKKA_QEMU=str(tmp / "no-such-qemu"))
    completed = subprocess.run([sys.executable, str(RUNNER), "--image", str(image), "--manifest",
                                str(tmp / "suite.toml"), "--log-dir", str(tmp / "logs")],
                               capture_output=True, text=True, env=env, timeout=30)
    if completed.returncode == 1 and "cannot start" in completed.stdout:
        return []
    return [f"status {completed.returncode}, out:\n{completed.stdout}"]


def case_configs(tmp: Path) -> list[str]:
    manifest = BOOT + """
[[test]]
id = "BANNER"
summary = "debug only"
expect = ['Quokka banner']
configs = ["debug"]
[[test]]
id = "BOOT0001"
summary = "everywhere"
"""
    problems = []
    release = Run(tmp, "print TEST BOOT0001 pass\nexit 0\n", manifest, extra=("--config", "release"))
    if release.status != 0 or "ok 1 - BANNER debug only # SKIP applies to the debug kernel, not release" not in release.out:
        problems.append(f"release: not skipped: {release.out}")
    debug = Run(tmp, "print TEST BOOT0001 pass\nexit 0\n", manifest, extra=("--config", "debug"))
    if debug.status != 1 or "not ok 1 - BANNER debug only" not in debug.out:
        problems.append(f"debug: a missing banner was not a failure: {debug.out}")
    return problems


CASES = [case_all_pass, case_configs, case_input_after_a_console_line, case_fail_line_and_missing_line, case_skip, case_panic, case_expected_panic,
         case_exit_status, case_timeout_kills_the_group, case_expect_in_order, case_benches,
         case_image_section, case_unlisted_test, case_output_limit, case_input_and_command,
         case_input_from_the_manifest, case_per_test_timeout, case_icount_and_memory,
         case_bad_manifest, case_missing_qemu]


def main() -> int:
    print("TAP version 13")
    print(f"1..{len(CASES)}")
    failed = 0
    for number, case in enumerate(CASES, 1):
        name = "qemu_runner: " + case.__name__.removeprefix("case_").replace("_", " ")
        with tempfile.TemporaryDirectory(prefix="quokka-runner-test-") as tmp:
            try:
                problems = case(Path(tmp))
            except Exception as error:   # a crash in a case is that case's failure
                problems = [f"{type(error).__name__}: {error}"]
        if problems:
            failed += 1
            print(f"not ok {number} - {name}")
            for problem in problems:
                for line in str(problem).splitlines():
                    print(f"# {line}")
        else:
            print(f"ok {number} - {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
