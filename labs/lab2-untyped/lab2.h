/* Lab 2's requests: what the tests (tests/tests.c, in the harness) ask the student's process
   (student.c) to do with libut, and how it answers. mrs[0] of every answer is a LAB2_* status;
   CPtrs are slots of the student's own CSpace, which the tests inspect through their cap to it. */
#pragma once

enum lab2_label {
    LAB2_ALLOC = 1,      /* in: bits. out: status, cap, ut->size_bits, handle */
    LAB2_FREE = 2,       /* in: handle. out: status (ut_free of that block) */
    LAB2_STATE = 3,      /* in: bits. out: status, ut_free_count(bits), ut_free_bytes(), free slots */
    LAB2_FILL_SLOTS = 4, /* in: k. out: status, free slots (all but k free slots are taken) */
    LAB2_RELEASE = 5,    /* out: status, free slots (the slots FILL_SLOTS took are free again) */
};

enum lab2_status {
    LAB2_OK = 0,
    LAB2_NULL = 1,         /* ut_alloc returned NULL */
    LAB2_BAD_HANDLE = 2,   /* no block is lent out under that handle */
    LAB2_NO_SETUP = 3,     /* the process could not set up libut (see its console output) */
    LAB2_TOO_MANY = 4,     /* more blocks lent out than the process can record */
    LAB2_BAD_REQUEST = 5,  /* an unknown label */
};

#define LAB2_PAGES 8        /* 4 KiB untypeds the tests give the student's process */
#define LAB2_MAX_LENT 256   /* blocks the process records at once */
