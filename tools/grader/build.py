"""Building a lab image from a submission, with build/labs/recipe.json (written by Meson) and no
Meson run: the trusted overlay, the student's process, the harness, and one kernel image per boot
(each boot has its own plan.c and nonce, compiled after the student's objects)."""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import time
from pathlib import Path

import qemu_runner  # kill_group
from grader.labspec import Lab, Test

MAX_STUDENT_FILE = 1 << 20         # bytes of one submitted file
MAX_COMPILER_MEMORY = 2 << 30      # address space of one compiler process
MAX_COMPILER_OUTPUT_FILE = 64 << 20
MAX_LOG = 8000                     # characters of compiler output kept for the report


class BuildError(Exception):
    """The submission did not build (the message is for the student)."""


class Recipe:
    """build/labs/recipe.json."""

    def __init__(self, path: Path):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError) as error:
            raise FileNotFoundError(f"{path}: {error}; run `ninja -C build grader-deps` first") from None
        self.path = path
        self.cc: list[str] = data["cc"]
        self.cxx: list[str] = data["cxx"]
        self.c_args: list[str] = data["c_args"]
        self.arch_args: list[str] = data["arch_args"]
        self.include_dirs: list[str] = data["include_dirs"]
        self.archives: dict[str, str] = data["archives"]
        self.program_link_args: list[str] = data["program_link_args"]
        self.image_link_args: list[str] = data["image_link_args"]
        self.libgcc: str = data["libgcc"]
        self.child_image_source: str = data["child_image_source"]
        self.root_image_source: str = data["root_image_source"]
        missing = [a for a in self.archives.values() if not Path(a).is_file()]
        if missing:
            raise FileNotFoundError(f"missing {', '.join(missing)}; run `ninja -C build grader-deps` first")

    def archive(self, name: str) -> str:
        if name not in self.archives:
            raise KeyError(f"unknown library {name!r} (known: {', '.join(sorted(self.archives))})")
        return self.archives[name]


def _limit_compiler() -> None:
    """In the compiler's process: its own process group, bounded memory and output files."""
    os.setsid()
    resource.setrlimit(resource.RLIMIT_AS, (MAX_COMPILER_MEMORY, MAX_COMPILER_MEMORY))
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_COMPILER_OUTPUT_FILE, MAX_COMPILER_OUTPUT_FILE))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class Builder:
    """Builds in `workdir` before `deadline` (time.monotonic())."""

    def __init__(self, recipe: Recipe, lab: Lab, workdir: Path, deadline: float):
        self.recipe = recipe
        self.lab = lab
        self.work = workdir
        self.deadline = deadline
        self.log: list[str] = []
        self.lab_dir = workdir / "lab"
        self.notes: list[str] = []       # for the report: files missing or refused
        self.harness_objects: list[Path] = []
        self.student_image: Path | None = None

    # ---- running the tools ------------------------------------------------------------------
    def run(self, command: list[str], what: str) -> None:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise BuildError(f"the build exceeded its time limit ({self.lab.build_timeout:g} s) before {what}")
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, cwd=self.work, preexec_fn=_limit_compiler)
        try:
            output, _ = process.communicate(timeout=remaining)
        except subprocess.TimeoutExpired:
            qemu_runner.kill_group(process)
            raise BuildError(f"the build exceeded its time limit ({self.lab.build_timeout:g} s) in {what}") from None
        # Paths in the compiler's messages as the student knows them (labN-topic/FILE).
        text = output.decode("utf-8", "replace").replace(str(self.lab_dir), self.lab.name)
        if text.strip():
            self.log.append(text)
        if process.returncode != 0:
            reason = f"killed by signal {-process.returncode}" if process.returncode < 0 else \
                f"exit status {process.returncode}"
            raise BuildError(f"{what} failed ({reason}):\n{_clip(text)}")

    def locate(self, message: str) -> str:
        """`message` with " in FUNCTION (labN-topic/FILE:LINE)" after each "pc 0x..." that is in
        the student's program, so a fault report points at the student's source."""
        elf = self.work / "student" / "student.elf"
        compiler = Path(self.recipe.cc[0]).name
        if not elf.is_file() or not compiler.endswith("gcc"):
            return message
        addr2line = shutil.which(compiler[:-len("gcc")] + "addr2line")
        if addr2line is None:
            return message

        def where(match: re.Match) -> str:
            try:
                found = subprocess.run([addr2line, "-f", "-e", str(elf), match.group(1)],
                                       capture_output=True, text=True, timeout=10).stdout.split("\n")
            except (OSError, subprocess.TimeoutExpired):
                return match.group(0)
            if len(found) < 2 or found[0] in ("", "??") or found[1].startswith("??"):
                return match.group(0)
            line = found[1].split(" ")[0].replace(str(self.lab_dir), self.lab.name)
            if line.startswith("/"):
                line = Path(line).name
            return f"{match.group(0)} in {found[0]} ({line})"

        return re.sub(r"pc (0x[0-9a-f]+)\)?", lambda m: where(m), message)

    def includes(self, *extra: Path) -> list[str]:
        return [f"-I{d}" for d in list(map(str, extra)) + self.recipe.include_dirs]

    # ---- the overlay ------------------------------------------------------------------------
    def overlay(self, submission: Path | None) -> None:
        """The pristine lab folder, with only the lab's student files taken from `submission`."""
        shutil.copytree(self.lab.folder, self.lab_dir, symlinks=False)
        if submission is None:
            return
        for name in self.lab.student_files:
            source = submission / name
            target = self.lab_dir / name
            if source.is_symlink():
                self.notes.append(f"{name}: a symbolic link in the submission; the skeleton is used")
            elif not source.is_file():
                self.notes.append(f"{name}: missing from the submission; the skeleton is used")
            elif source.stat().st_size > MAX_STUDENT_FILE:
                self.notes.append(f"{name}: larger than {MAX_STUDENT_FILE} bytes; the skeleton is used")
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(source.read_bytes())

    # ---- the student's process and the harness ---------------------------------------------
    def build_student(self) -> None:
        objects = []
        out = self.work / "student"
        out.mkdir()
        for index, source in enumerate(self.lab.student_sources):
            obj = out / f"{index}-{Path(source).stem}.o"
            self.run(self.recipe.cc + self.recipe.c_args + self.includes(self.lab_dir) +
                     ["-c", str(self.lab_dir / source), "-o", str(obj)], f"compiling {source}")
            objects.append(str(obj))
        libs = ["grade-student"] + self.lab.student_libs
        if not any(lib.startswith("cspace") for lib in libs):
            libs.append("cspace")
        if not any(lib.startswith("ut") for lib in libs):
            libs.append("ut")
        libs += ["runtime-aos", "runtime"]
        archives = [self.recipe.archive(lib) for lib in libs]
        elf = out / "student.elf"
        self.run(self.recipe.cc + self.recipe.program_link_args + objects +
                 ["-Wl,--start-group"] + archives + ["-Wl,--end-group", self.recipe.libgcc, "-o", str(elf)],
                 "linking the student's program")
        image = out / "student-image.o"
        self.run(self.recipe.cc + self.recipe.arch_args +
                 ["-c", f'-DCHILD_ELF="{elf}"', "-DCHILD_SYMBOL=grade_student_elf",
                  "-DCHILD_SYMBOL_END=grade_student_elf_end", self.recipe.child_image_source, "-o", str(image)],
                 "embedding the student's program")
        self.student_image = image

    def build_harness(self) -> None:
        out = self.work / "harness"
        out.mkdir()
        for index, source in enumerate(self.lab.harness_sources):
            obj = out / f"{index}-{source.stem}.o"
            self.run(self.recipe.cc + self.recipe.c_args + self.includes(source.parent, self.lab_dir) +
                     ["-c", str(source), "-o", str(obj)], f"compiling the harness's {source.name}")
            self.harness_objects.append(obj)

    def image(self, tests: list[Test], nonce: str, name: str) -> Path:
        """A kernel image whose harness runs `tests` with `nonce` (plan.c written now)."""
        out = self.work / name
        out.mkdir()
        plan = out / "plan.c"
        plan.write_text(plan_source(tests, nonce))
        self.run(self.recipe.cc + self.recipe.c_args + self.includes() + ["-c", str(plan), "-o", str(out / "plan.o")],
                 "compiling the plan")
        # The harness always runs on the reference libraries (ut-ref, cspace-ref), whatever
        # -Dlab_libs says.
        archives = [self.recipe.archive(lib)
                    for lib in ("grade-harness", "runtime-aos", "cspace-ref", "ut-ref", "runtime")]
        root = out / "harness.elf"
        self.run(self.recipe.cc + self.recipe.program_link_args + [str(o) for o in self.harness_objects] +
                 [str(out / "plan.o"), str(self.student_image), "-Wl,--start-group"] + archives +
                 ["-Wl,--end-group", self.recipe.libgcc, "-o", str(root)], "linking the harness")
        embedded = out / "rootimage.o"
        self.run(self.recipe.cc + self.recipe.arch_args + ["-c", f'-DROOT_TASK_ELF="{root}"',
                                                           self.recipe.root_image_source, "-o", str(embedded)],
                 "embedding the harness")
        image = out / "image.elf"
        self.run(self.recipe.cxx + self.recipe.image_link_args +
                 [str(embedded), "-Wl,--whole-archive", self.recipe.archive("kernel"), "-Wl,--no-whole-archive",
                  self.recipe.libgcc, "-o", str(image)], "linking the kernel image")
        return image


def plan_source(tests: list[Test], nonce: str) -> str:
    lines = ["/* Generated by the grader for one boot. */", "#include <grade.h>", "",
             f'const char grade_nonce[] = "{nonce}";']
    for function in dict.fromkeys(test.function for test in tests):
        lines.append(f"void {function}(grade_t *g);")
    lines.append("const grade_plan_entry_t grade_plan[] = {")
    lines += [f'    {{"{test.id}", {test.function}}},' for test in tests]
    lines += ["};", f"const unsigned long grade_plan_count = {len(tests)};", ""]
    return "\n".join(lines)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_LOG else text[:MAX_LOG] + "\n[... compiler output cut ...]\n"
