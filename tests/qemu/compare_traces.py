#!/usr/bin/env python3
"""Boots two kernel images of the same root task and requires their `TRACE name digest` lines to
be identical (TAP output). Used to check that the IPC fastpath changes nothing a program sees:
the same test program linked with the kernel with and without the fastpath.

  compare_traces.py RUNNER IMAGE_A IMAGE_B [--timeout SECONDS]
"""
import argparse
import subprocess
import sys


def traces(runner: str, image: str, timeout: float) -> tuple[list[str], str]:
    command = subprocess.run([sys.executable, runner, "--image", image, "--print-command", "--icount"],
                             capture_output=True, text=True, check=True).stdout.split()
    try:
        run = subprocess.run(command + ["-display", "none", "-serial", "stdio", "-monitor", "none"], capture_output=True,
                             timeout=timeout, stdin=subprocess.DEVNULL)
        output = run.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as expired:
        output = (expired.stdout or b"").decode(errors="replace") + "\n(timed out)\n"
    return [line.strip() for line in output.splitlines() if line.startswith("TRACE ")], output


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("runner")
    parser.add_argument("image_a")
    parser.add_argument("image_b")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    a, output_a = traces(args.runner, args.image_a, args.timeout)
    b, output_b = traces(args.runner, args.image_b, args.timeout)
    print("TAP version 13\n1..1")
    if a and a == b:
        print(f"ok 1 - FASTPATH_SAME the {len(a)} traces of both kernels are identical")
        return 0
    print("not ok 1 - FASTPATH_SAME the kernels' traces differ (or are missing)")
    for name, lines, output in (("A", a, output_a), ("B", b, output_b)):
        print(f"# {name}: {args.image_a if name == 'A' else args.image_b}")
        for line in lines or output.splitlines()[-20:]:
            print(f"#   {line}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
