/* Lab 3's requests: what the tests (tests/tests.c, in the harness) ask the student's process
   (student.c) to do with libcspace, and how it answers. The process makes two cspaces with
   the student's slot allocator: a one-level one and a two-level one that grows through the
   callbacks. mrs[0] of every answer is a LAB3_* status. */
#pragma once

enum lab3_label {
    LAB3_INFO = 1,  /* out: status, the root CNode caps' slots (one level, two levels) in the
                       process's own CSpace (0: that cspace could not be made), 4 KiB untypeds free */
    LAB3_ALLOC = 2, /* in: which (LAB3_*_LEVEL), count. out: status, first CPtr
                       (count 1: cspace_alloc_slot, else cspace_alloc_slots) */
    LAB3_FREE = 3,  /* in: which, CPtr. out: status (cspace_free_slot) */
};

enum lab3_cspace {
    LAB3_ONE_LEVEL = 0,
    LAB3_TWO_LEVEL = 1,
};

enum lab3_status {
    LAB3_OK = 0,
    LAB3_NULL = 1,        /* the allocation returned seL4_CapNull */
    LAB3_NO_CSPACE = 2,   /* that cspace could not be made */
    LAB3_NO_SETUP = 3,    /* libut could not be set up (see the process's output) */
    LAB3_BAD_REQUEST = 4, /* an unknown label or cspace */
};

#define LAB3_PAGES 10 /* 4 KiB untypeds the tests give the student's process */
