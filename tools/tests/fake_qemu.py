#!/usr/bin/env python3
"""A stand-in for qemu-system-riscv64 that plays a script, for testing the tools without a kernel.

Use it as QUOKKA_QEMU. The script is the file given with -kernel (so each fake "image" is a
script), one command per line:
    print TEXT       print TEXT and a newline      write TEXT   print TEXT without a newline
    sleep SECONDS    wait                          exit N       stop with status N (default 0)
    echo-input       read one line of stdin and print `got: LINE`
    args             print `ARGS` and the command line it was given
    flood BYTES      print that many bytes of 'x' (in lines of 64)
    child PIDFILE    start `sleep 600` in the background and write its pid to PIDFILE
With $FAKE_QEMU_SCRIPT set, that file is the script instead (so -kernel can be a real ELF).
"""

import os
import subprocess
import sys
import time


def script_path(argv: list[str]) -> str:
    if os.environ.get("FAKE_QEMU_SCRIPT"):
        return os.environ["FAKE_QEMU_SCRIPT"]
    if "-kernel" not in argv:
        sys.exit("fake_qemu: no -kernel given")
    return argv[argv.index("-kernel") + 1]


def play(command: str, argument: str, argv: list[str]) -> None:
    if command == "print":
        print(argument, flush=True)
    elif command == "write":
        print(argument, end="", flush=True)
    elif command == "sleep":
        time.sleep(float(argument))
    elif command == "exit":
        sys.exit(int(argument or 0))
    elif command == "echo-input":
        print("got: " + sys.stdin.readline().rstrip("\n"), flush=True)
    elif command == "args":
        print("ARGS " + " ".join(argv[1:]), flush=True)
    elif command == "flood":
        count = int(argument)
        while count > 0:
            print("x" * min(63, count), flush=True)
            count -= 64
    elif command == "child":
        child = subprocess.Popen(["sleep", "600"])
        with open(argument, "w") as file:
            file.write(str(child.pid))
    else:
        sys.exit(f"fake_qemu: unknown command {command!r}")


def main() -> None:
    with open(script_path(sys.argv)) as file:
        for line in file:
            command, _, argument = line.rstrip("\n").partition(" ")
            if command and not command.startswith("#"):
                play(command, argument, sys.argv)
    sys.exit(0)


if __name__ == "__main__":
    main()
