"""Labs and their lab.toml (docs/grading.md): what a submission may change, how to build the
student's process and the harness, and the tests with their points and limits."""
from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
LABS_DIR = REPO_ROOT / "labs"
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
C_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class LabError(Exception):
    """A lab, or its lab.toml, that cannot be used."""


@dataclasses.dataclass
class Test:
    id: str
    function: str
    name: str
    points: float
    timeout: float
    partial: bool = False
    checks: int = 0             # checks the test makes when it runs to its end (partial credit)
    visibility: str = "visible"
    hidden: bool = False        # from --hidden


@dataclasses.dataclass
class Lab:
    name: str                   # folder name, e.g. lab0-tooling
    folder: Path                # the pristine lab folder
    title: str
    student_files: list[str]
    timeout: float
    build_timeout: float
    student_sources: list[str]
    student_libs: list[str]
    harness_sources: list[Path]  # absolute paths of trusted sources
    tests: list[Test]
    memory: str = "512M"
    icount: bool = False        # QEMU with -icount shift=0: time counts instructions (labs that measure time)

    @property
    def max_score(self) -> float:
        return sum(test.points for test in self.tests)


def find_lab(name: str) -> Path:
    """The lab folder for `name`: a path to a folder with lab.toml, `labN-topic`, `labN` or `N`."""
    path = Path(name)
    if (path / "lab.toml").is_file():
        return path.resolve()
    candidates = sorted(p for p in LABS_DIR.glob("lab*") if (p / "lab.toml").is_file())
    for candidate in candidates:
        number = candidate.name.split("-")[0]
        if name in (candidate.name, number, number[3:]):
            return candidate
    known = ", ".join(c.name for c in candidates) or "none"
    raise LabError(f"no lab called {name!r} (labs: {known})")


def _relative(value, where: str) -> str:
    if not isinstance(value, str) or not value or value.startswith("/") or ".." in Path(value).parts:
        raise LabError(f"{where}: {value!r} must be a relative path inside the lab folder")
    return value


def _tests(tables, where: str, hidden: bool) -> list[Test]:
    tests = []
    for table in tables:
        try:
            test = Test(id=str(table["id"]), function=str(table["function"]), name=str(table.get("name", table["id"])),
                        points=float(table.get("points", 1)), timeout=float(table.get("timeout", 10)),
                        partial=bool(table.get("partial", False)), checks=int(table.get("checks", 0)),
                        visibility=str(table.get("visibility", "visible")), hidden=hidden)
        except (KeyError, TypeError, ValueError) as error:
            raise LabError(f"{where}: a [[test]] table is incomplete or wrong: {error}") from None
        if not ID_PATTERN.match(test.id) or not C_NAME.match(test.function):
            raise LabError(f"{where}: bad test id {test.id!r} or function {test.function!r}")
        if test.visibility not in VISIBILITIES:
            raise LabError(f"{where}: test {test.id}: visibility must be one of {', '.join(VISIBILITIES)}")
        if test.points < 0 or test.timeout <= 0:
            raise LabError(f"{where}: test {test.id}: points must be >= 0 and timeout > 0")
        tests.append(test)
    return tests


def load_lab(folder: Path, hidden_dir: Path | None = None) -> Lab:
    """Reads folder/lab.toml, plus hidden_dir/<lab>/lab.toml when given."""
    path = folder / "lab.toml"
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise LabError(f"{path}: {error}") from None
    lab_table = data.get("lab", {})
    build = data.get("build", {})
    where = str(path)
    lab = Lab(
        name=folder.name, folder=folder, title=str(lab_table.get("title", folder.name)),
        student_files=[_relative(f, where) for f in lab_table.get("student_files", [])],
        timeout=float(lab_table.get("timeout", 120)),
        build_timeout=float(lab_table.get("build_timeout", 60)),
        student_sources=[_relative(f, where) for f in build.get("student_sources", [])],
        student_libs=[str(x) for x in build.get("student_libs", [])],
        harness_sources=[folder / _relative(f, where) for f in build.get("harness_sources", [])],
        tests=_tests(data.get("test", []), where, hidden=False),
        memory=str(lab_table.get("memory", "512M")),
        icount=bool(lab_table.get("icount", False)),
    )
    if not lab.student_sources:
        raise LabError(f"{where}: [build] student_sources is empty")
    if hidden_dir is not None:
        hidden_folder = hidden_dir / folder.name
        hidden_toml = hidden_folder / "lab.toml"
        if hidden_toml.is_file():
            try:
                hidden = tomllib.loads(hidden_toml.read_text())
            except tomllib.TOMLDecodeError as error:
                raise LabError(f"{hidden_toml}: {error}") from None
            lab.harness_sources += [hidden_folder / _relative(f, str(hidden_toml))
                                    for f in hidden.get("build", {}).get("harness_sources", [])]
            lab.tests += _tests(hidden.get("test", []), str(hidden_toml), hidden=True)
    ids = [test.id for test in lab.tests]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise LabError(f"{where}: duplicate test ids {', '.join(duplicates)}")
    return lab
