"""The test manifest: how to boot an image and which tests and benches it must report.

A manifest is a TOML file, read with tomllib:
    [boot]
    timeout = 20            # seconds; QEMU is stopped after it
    exit_status = 0         # expected QEMU exit status (1 = kernel panic: then a panic is expected)
    memory = "512M"         # optional
    icount = false          # optional: -icount shift=0, exact instruction counts (benchmarks)
    max_output = 4194304    # optional: console bytes kept before QEMU is stopped
    input = "text\n"        # optional: fed to the serial console (qemu_runner --input overrides)
    input_after = "regex"   # optional: feed the input once the console matches this
    [[test]]
    id = "BOOT0001"         # [A-Z0-9_]+, stable
    summary = "the root task prints from U-mode"
    expect = ['regex', ...] # optional: console regexes matched in this order; without it the
                            # program must print `TEST BOOT0001 pass`
    points = 1              # optional (the grader's weight)
    timeout = 5             # optional: seconds from boot start by which the result must appear
    configs = ["debug"]     # optional: kernel configurations the test applies to (default: all);
                            # in any other it is reported as skipped (qemu_runner --config)
    [[bench]]
    name = "boot_instructions"        # read from a `BENCH boot_instructions=N` console line
    max = 60000                       # optional bounds (max, min): the bench is then a test too
    source = "image-section:.text"    # optional: the size of that section of the image instead
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from pathlib import Path
from typing import Optional

DEFAULT_MEMORY = "512M"
DEFAULT_MAX_OUTPUT = 4 * 1024 * 1024   # bytes of console kept before QEMU is stopped
PANIC_EXIT_STATUS = 1                  # the kernel's exit status after a panic


class ManifestError(Exception):
    """A manifest that cannot be read or does not follow the format."""


@dataclasses.dataclass
class BootSpec:
    """How to boot: time limit, expected exit status, machine settings."""
    timeout: float = 20.0
    exit_status: int = 0
    memory: str = DEFAULT_MEMORY
    icount: bool = False
    max_output: int = DEFAULT_MAX_OUTPUT
    input: Optional[str] = None
    input_after: Optional[str] = None

    @property
    def panic_expected(self) -> bool:
        """A manifest that expects the panic exit status tolerates a KERNEL PANIC line."""
        return self.exit_status == PANIC_EXIT_STATUS


@dataclasses.dataclass
class TestSpec:
    """One test: judged by its TEST line, or by console regexes when `expect` is given."""
    id: str
    summary: str
    expect: list[str] = dataclasses.field(default_factory=list)
    points: float = 1
    timeout: Optional[float] = None   # seconds from boot start by which the result must appear
    configs: Optional[list[str]] = None  # kernel configurations it applies to; None = all


KERNEL_CONFIGS = ("debug", "release")


@dataclasses.dataclass
class BenchSpec:
    """One measured value: from a BENCH console line, or from the image (image-section:NAME)."""
    name: str
    source: str = "console"
    max: Optional[int] = None
    min: Optional[int] = None
    points: float = 0


@dataclasses.dataclass
class Manifest:
    name: str             # the manifest file's stem, used to name the boot test and the log
    boot: BootSpec
    tests: list[TestSpec]
    benches: list[BenchSpec]


TEST_ID = re.compile(r"[A-Z0-9_]+")
BENCH_NAME = re.compile(r"[A-Za-z0-9_.\-]+")


def _take(table: dict, key: str, kind, default, where: str):
    """table[key] checked against kind (a type or tuple of types), or default when absent."""
    if key not in table:
        return default
    value = table[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ManifestError(f"{where}: '{key}' has the wrong type ({type(value).__name__})")
    return value


def _check_keys(table: dict, allowed: set[str], where: str) -> None:
    unknown = set(table) - allowed
    if unknown:
        raise ManifestError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")


def _parse_boot(table: dict) -> BootSpec:
    _check_keys(table, {"timeout", "exit_status", "memory", "icount", "max_output", "input",
                        "input_after"}, "[boot]")
    spec = BootSpec(
        timeout=float(_take(table, "timeout", (int, float), 20, "[boot]")),
        exit_status=_take(table, "exit_status", int, 0, "[boot]"),
        memory=_take(table, "memory", str, DEFAULT_MEMORY, "[boot]"),
        icount=_take(table, "icount", bool, False, "[boot]"),
        max_output=_take(table, "max_output", int, DEFAULT_MAX_OUTPUT, "[boot]"),
        input=_take(table, "input", str, None, "[boot]"),
        input_after=_take(table, "input_after", str, None, "[boot]"))
    if spec.timeout <= 0:
        raise ManifestError("[boot]: 'timeout' must be positive")
    return spec


def _parse_test(table: dict, index: int) -> TestSpec:
    where = f"[[test]] #{index + 1}"
    _check_keys(table, {"id", "summary", "expect", "points", "timeout", "configs"}, where)
    test_id = _take(table, "id", str, None, where)
    if test_id is None or not TEST_ID.fullmatch(test_id):
        raise ManifestError(f"{where}: 'id' must be [A-Z0-9_]+")
    expect = _take(table, "expect", list, [], where)
    for pattern in expect:
        try:
            re.compile(pattern)
        except (re.error, TypeError) as error:
            raise ManifestError(f"{where} ({test_id}): bad regex {pattern!r}: {error}") from None
    timeout = _take(table, "timeout", (int, float), None, where)
    configs = _take(table, "configs", list, None, where)
    if configs is not None and (not configs or any(c not in KERNEL_CONFIGS for c in configs)):
        raise ManifestError(f"{where} ({test_id}): 'configs' lists some of {KERNEL_CONFIGS}")
    return TestSpec(id=test_id, summary=_take(table, "summary", str, "", where), expect=expect,
                    points=_take(table, "points", (int, float), 1, where),
                    timeout=None if timeout is None else float(timeout), configs=configs)


def _parse_bench(table: dict, index: int) -> BenchSpec:
    where = f"[[bench]] #{index + 1}"
    _check_keys(table, {"name", "source", "max", "min", "points"}, where)
    name = _take(table, "name", str, None, where)
    if name is None or not BENCH_NAME.fullmatch(name):
        raise ManifestError(f"{where}: 'name' must be [A-Za-z0-9_.-]+")
    source = _take(table, "source", str, "console", where)
    if source != "console" and not source.startswith("image-section:"):
        raise ManifestError(f"{where} ({name}): source must be 'console' or 'image-section:NAME'")
    return BenchSpec(name=name, source=source, max=_take(table, "max", int, None, where),
                     min=_take(table, "min", int, None, where),
                     points=_take(table, "points", (int, float), 0, where))


def load_manifest(path: str | os.PathLike) -> Manifest:
    """Reads and checks a manifest; raises ManifestError with the reason."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ManifestError(f"{path}: {error}") from None
    _check_keys(data, {"boot", "test", "bench"}, str(path))
    tests = [_parse_test(t, i) for i, t in enumerate(data.get("test", []))]
    ids = [t.id for t in tests]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ManifestError(f"{path}: duplicate test id(s) {', '.join(duplicates)}")
    return Manifest(name=path.stem, boot=_parse_boot(data.get("boot", {})), tests=tests,
                    benches=[_parse_bench(b, i) for i, b in enumerate(data.get("bench", []))])
