/* Requests of the self-test lab (student_main.c answers them, tests.c sends them). */
#pragma once

#define SELFTEST_ECHO 1      /* answers each word plus one */
#define SELFTEST_UNTYPEDS 2  /* answers: untyped count, their total bytes, first free slot */
#define SELFTEST_RETYPE 3    /* makes an endpoint from its first untyped: error, slot */
#define SELFTEST_FAULT 4     /* writes to address 0x10 (unmapped): a VM fault */
