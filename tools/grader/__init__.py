"""Quokka's grader: builds a lab from a submission over the pristine tree, boots it in QEMU with
the trusted harness (labs/common), reads the harness's nonce-stamped result lines, scores and
reports. See docs/grading.md."""
