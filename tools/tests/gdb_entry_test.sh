#!/usr/bin/env bash
# Checks that `tools/quokka gdb` reaches the kernel's entry point: gdb-multiarch, attached to a
# halted QEMU booting the hello image, continues to its breakpoint and stops at _start, which the
# kernel links at 0x80200000. Prints TAP.
# usage: gdb_entry_test.sh BUILD_DIR [--skip REASON]
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${1:?usage: gdb_entry_test.sh BUILD_DIR [--skip REASON]}
NAME="gdb: tools/quokka gdb hello stops at the kernel entry _start = 0x80200000"
ENTRY=0x80200000

echo "TAP version 13"
if [ "${2:-}" = "--skip" ]; then
    echo "1..0 # SKIP ${3:-}"
    exit 0
fi
echo "1..1"

output=$(QUOKKA_BUILD_DIR=$BUILD QUOKKA_NO_BUILD=1 timeout 90 "$ROOT/tools/quokka" gdb hello \
    --batch -ex continue -ex 'printf "stopped at pc=%#lx\n", $pc' 2>&1)
status=$?

# The breakpoint is tools/quokka's `break *_start`: gdb reports where it put it, then the stop.
problem=""
if [ "$status" -ne 0 ]; then
    problem="tools/quokka gdb exited with status $status"
elif ! grep -q "^Breakpoint 1 at $ENTRY" <<<"$output"; then
    problem="_start is not at $ENTRY in the hello image"
elif ! grep -q "^Breakpoint 1, " <<<"$output" || ! grep -q "^stopped at pc=$ENTRY\$" <<<"$output"; then
    problem="gdb did not stop at the breakpoint on _start"
fi

if [ -z "$problem" ]; then
    echo "ok 1 - $NAME"
else
    echo "not ok 1 - $NAME # $problem"
    sed 's/^/# /' <<<"$output" | tail -n 60
    # meson shows only stderr for a failed TAP test
    { echo "$problem; the session:"; tail -n 60 <<<"$output"; } >&2
fi
