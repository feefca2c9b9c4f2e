#!/usr/bin/env bash
# Tests of the tools/quokka command line: doctor, run (against fake_qemu.py and a fake
# programs.json), help, and an unknown command. Prints TAP.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
QUOKKA=$ROOT/tools/quokka
FAKE_QEMU=$ROOT/tools/tests/fake_qemu.py
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

number=0
failed=0
# check NAME COMMAND...: runs COMMAND; its status decides the test; its output is the diagnostics.
check() {
    local name=$1 output
    shift
    number=$((number + 1))
    if output=$("$@" 2>&1); then
        echo "ok $number - quokka: $name"
    else
        failed=$((failed + 1))
        echo "not ok $number - quokka: $name"
        sed 's/^/# /' <<<"$output"
        echo "quokka: $name failed:" >&2
        cat >&2 <<<"$output"
    fi
}

# A build directory with two fake images (fake_qemu scripts) and their programs.json.
mkdir -p "$WORK/build/images"
printf 'print hello from the fake root task\nexit 0\n' >"$WORK/build/images/hello.elf"
printf 'args\nexit 3\n' >"$WORK/build/images/other.elf"
cat >"$WORK/build/images/programs.json" <<EOF
{"default": "hello", "programs": {
  "hello": {"image": "$WORK/build/images/hello.elf", "program": "", "config": "debug"},
  "other": {"image": "$WORK/build/images/other.elf", "program": "", "config": "debug"}}}
EOF
fake_quokka() {
    QUOKKA_BUILD_DIR=$WORK/build QUOKKA_NO_BUILD=1 QUOKKA_QEMU=$FAKE_QEMU "$QUOKKA" "$@" </dev/null
}

doctor_reports_all_present() {
    local output
    output=$("$QUOKKA" doctor) || { echo "$output"; return 1; }
    grep -q "All present." <<<"$output" && ! grep -q MISSING <<<"$output"
}

doctor_names_the_missing_package() {
    local output status=0
    output=$(QUOKKA_QEMU=/nonexistent/qemu "$QUOKKA" doctor) || status=$?
    echo "$output"
    [ "$status" -ne 0 ] && grep -q "MISSING (package qemu-system-misc)" <<<"$output" &&
        grep -Eq "^  (sudo )?apt-get install qemu-system-misc$" <<<"$output"
}

run_boots_the_default_program() {
    local output
    output=$(fake_quokka run) || { echo "$output"; return 1; }
    grep -q "hello from the fake root task" <<<"$output"
}

run_passes_qemu_arguments_and_exit_status() {
    local output status=0
    output=$(fake_quokka run other -- -s) || status=$?
    echo "$output"
    [ "$status" -eq 3 ] && grep -q -- "-kernel $WORK/build/images/other.elf -no-reboot -nographic -s" <<<"$output"
}

run_lists_programs_for_an_unknown_name() {
    local output status=0
    output=$(fake_quokka run nosuch 2>&1) || status=$?
    echo "$output"
    [ "$status" -eq 2 ] && grep -q "Available: hello, other" <<<"$output"
}

help_and_unknown_command() {
    "$QUOKKA" help | grep -q "^usage: tools/quokka" && ! "$QUOKKA" frobnicate 2>/dev/null
}

echo "TAP version 13"
echo "1..6"
check "doctor reports every tool present" doctor_reports_all_present
check "doctor names a missing tool's package and the install line" doctor_names_the_missing_package
check "run boots the default program" run_boots_the_default_program
check "run passes QEMU arguments and returns QEMU's exit status" run_passes_qemu_arguments_and_exit_status
check "run lists the programs when the name is unknown" run_lists_programs_for_an_unknown_name
check "help prints usage; an unknown command fails" help_and_unknown_command
[ "$failed" -eq 0 ]
