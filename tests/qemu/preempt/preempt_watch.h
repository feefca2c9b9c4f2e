/* A watcher for the preemption tests and benchmarks: a thread above the caller with a short
   periodic budget, so the timer wakes it every period even while the caller is inside a long
   invocation. Each time it wakes it probes the capability state and counts the wake-ups that saw
   the operation half done: those prove the kernel stopped the invocation part way and ran the
   watcher before finishing it. */
#pragma once

#include "../threads/threadtest.h"

#define WATCH_PERIOD_US 100 /* the watcher wakes every 100 us (100,000 instructions, -icount) */
#define WATCH_BUDGET_US 10 /* the smallest budget the kernel allows */

/* What the watcher looks at each time it wakes. */
enum watch_probe {
    PROBE_NONE,         /* only count wake-ups */
    PROBE_FIRST_GONE,   /* half done: slot `gone` already empty while slot `kept` still holds a cap */
    PROBE_ZOMBIE,       /* half done: slot `gone` holds a zombie; moving it must be refused */
    PROBE_STILL_EMPTY,  /* not done yet: slot `gone` (the Retype's destination) still empty */
};

struct watch {
    enum watch_probe probe;
    seL4_CPtr gone, kept, spare; /* spare: an empty slot for the move attempt */
    volatile seL4_Word in_operation; /* set by the caller around its invocation */
    volatile seL4_Word stop;
    volatile seL4_Word wakeups;   /* wake-ups while in_operation */
    volatile seL4_Word half_done; /* of those, how many saw the operation half done */
    volatile seL4_Word bad_moves; /* PROBE_ZOMBIE: moves of the zombie that were not refused */
    volatile seL4_CPtr suspend;   /* a TCB to suspend (once) when the operation is seen half done */
    volatile seL4_Error suspend_error;
};

/* Starts a watcher (priority LOW_PRIORITY + 50) for `w`, and drops the caller to LOW_PRIORITY so
   the watcher runs whenever its budget allows. NULL when it is running, else why not. */
const char *watch_start(struct watch *w);
/* Stops the watcher at its next wake-up. */
void watch_stop(struct watch *w);
