/* The grading harness: the root task of every grading boot (see grade.h and docs/grading.md).
   It runs the generated plan one test at a time and keeps each test's checks; each test gets a
   fresh student process (student_process.c), so nothing of one test's student survives into
   the next. */
#include <stdarg.h>
#include <string.h>

#include <bootstrap.h>
#include <grade.h>
#include <sel4runtime.h>
#include <stdio.h>

#include "harness.h"

cspace_t harness_cspace;
static grade_t current;

/* ---- checks ---------------------------------------------------------------------------- */

static void record_failure(grade_t *g, const char *fmt, va_list args)
{
    if (g->message[0] == '\0') {
        vsnprintf(g->message, sizeof g->message, fmt, args);
        if (g->message[0] == '\0') {
            snprintf(g->message, sizeof g->message, "check %lu failed", g->checks);
        }
    }
}

bool grade_check(grade_t *g, bool ok, const char *fmt, ...)
{
    g->checks++;
    if (ok) {
        g->passed++;
        return true;
    }
    va_list args;
    va_start(args, fmt);
    record_failure(g, fmt, args);
    va_end(args);
    return false;
}

void grade_fail(grade_t *g, const char *fmt, ...)
{
    g->checks++;
    g->ended = true;
    va_list args;
    va_start(args, fmt);
    record_failure(g, fmt, args);
    va_end(args);
}

cspace_t *grade_cspace(grade_t *g)
{
    (void)g;
    return &harness_cspace;
}

const char *grade_test_id(grade_t *g)
{
    return g->id;
}

/* ---- the plan ------------------------------------------------------------------------------- */

/* One protocol line; the message is kept on one line of printable characters. */
static void print_result(const grade_t *g)
{
    char message[MESSAGE_CHARS];
    const char *from = g->message[0] != '\0' ? g->message : "ok";
    size_t i = 0;
    for (; from[i] != '\0' && i + 1 < sizeof message; i++) {
        message[i] = from[i] >= ' ' && from[i] < 0x7f ? from[i] : '?';
    }
    message[i] = '\0';
    printf("\nQG %s result %s %lu %lu %s\n", grade_nonce, g->id, g->passed, g->checks, message);
}

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    if (root_task_bootstrap(bi, &harness_cspace) != CSPACE_NOERROR) {
        printf("\nharness: root_task_bootstrap failed: %s\n", root_task_bootstrap_failure());
        seL4_DebugHalt();
    }
    (void)seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, seL4_MaxPrio);
    for (unsigned long t = 0; t < grade_plan_count; t++) {
        grade_t *g = &current;
        memset(g, 0, sizeof *g);
        g->id = grade_plan[t].id;
        printf("\nQG %s start %s\n", grade_nonce, g->id);
        grade_plan[t].fn(g);
        student_stop(g);
        print_result(g);
    }
    printf("\nQG %s done\n", grade_nonce);
    seL4_DebugHalt();
    return 0;
}
