/* What the harness's two files share (harness.c: checks, the plan and main; student_process.c:
   the student's process and the calls to it). Private to labs/common. */
#pragma once

#include <stdbool.h>

#include <cspace.h>
#include <grade.h>
#include <runtime_process.h>
#include <ut.h>

#define MESSAGE_CHARS 200

struct grade {
    const char *id;
    unsigned long checks;          /* checks made */
    unsigned long passed;          /* checks passed */
    bool ended;                    /* grade_fail was called: no more interaction with the student */
    char message[MESSAGE_CHARS];   /* the first failed check's message */
    bool started;                  /* process, endpoint and reply object exist */
    bool waiting;                  /* the student is blocked in its Call; reply holds it */
    runtime_process_t process;
    seL4_CPtr endpoint;            /* receives the student's Calls and its threads' faults */
    ut_t *endpoint_ut;
    seL4_CPtr reply;
    ut_t *reply_ut;
    seL4_CPtr fault_endpoint;      /* badged copy of endpoint, the student's fault handler */
    ut_t *untypeds[GRADE_MAX_UNTYPEDS];
    size_t untyped_count;
    seL4_CPtr device_untyped;      /* the harness's device untyped a copy of which the student has */
    seL4_CPtr irq_handler;         /* the handler whose copy the student has */
};

/* The harness's cspace (root_task_bootstrap's). */
extern cspace_t harness_cspace;

/* Ends the running test's student process and everything it made from its untypeds (nothing if
   none is running). */
void student_stop(grade_t *g);
