/* On-target test helpers: each test prints one machine-readable result line,
   `TEST <ID> pass` or `TEST <ID> fail <why>`, which tools/qemu_runner.py parses. */
#pragma once

#include <stdio.h>

/* Reports test `id` as passed when `condition` holds, else failed with `why`. */
#define QTEST_CHECK(id, condition, why)                                                        \
    do {                                                                                       \
        if (condition) {                                                                       \
            printf("TEST %s pass\n", id);                                                      \
        } else {                                                                               \
            printf("TEST %s fail %s (%s:%d)\n", id, why, __FILE__, __LINE__);                  \
        }                                                                                      \
    } while (0)
