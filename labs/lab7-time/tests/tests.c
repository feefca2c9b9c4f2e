/* Lab 7's tests (trusted: they run in the grading harness, see docs/grading.md). Shares are
   measured twice: in work units the student's threads count, and in the time the kernel charged
   to each scheduling context, which the harness reads itself (seL4_SchedContext_Consumed on a
   copy of the student's cap). */
#include <grade.h>

#include "lab7.h"

#define UNTYPEDS 24
#define TICKS_PER_US 10 /* `time` counts at 10 MHz */

static bool start(grade_t *g)
{
    grade_student_config_t config = {.untyped_count = UNTYPEDS, .untyped_bits = 12};
    return grade_student_start(g, &config);
}

static bool call(grade_t *g, seL4_Word label, const seL4_Word *args, size_t in, seL4_Word *mrs, size_t words)
{
    for (size_t i = 0; i < in; i++) {
        mrs[i] = args[i];
    }
    size_t got = 0;
    if (!grade_student_call(g, label, mrs, in, &got)) {
        return false;
    }
    if (got != words) {
        grade_fail(g, "the student's process answered request %lu with %zu words (status %lu), not %zu",
                   (unsigned long)label, got, got > 0 ? (unsigned long)mrs[0] : 0ul, words);
        return false;
    }
    return true;
}

/* Microseconds the kernel charged to the scheduling context in the student's `slot` since the
   last report, or -1 when the slot holds none. */
static long consumed(grade_t *g, seL4_Word slot)
{
    seL4_CPtr copy = grade_student_copy(g, slot);
    long result = -1;
    if (copy != seL4_CapNull) {
        seL4_SchedContext_Consumed_t report = seL4_SchedContext_Consumed(copy);
        result = report.error == seL4_NoError ? (long)report.consumed : -1;
    }
    grade_copy_free(g, copy);
    return result;
}

static const char *status_text(seL4_Word status)
{
    switch (status) {
    case LAB7_OK: return "ok";
    case LAB7_NO_SC: return "lab7_sc_new made no scheduling context";
    case LAB7_TIMEOUT: return "the threads did not finish within a second of the window";
    case LAB7_NO_SERVER: return "the server was not set up";
    default: return "a bad request";
    }
}

/* One LAB7_SHARE run: A at budget/period against B; A's share in units and in charged time
   must lie in [low, high] percent. Two checks. */
static void check_share(grade_t *g, seL4_Word budget, seL4_Word period, seL4_Word window_ms, unsigned low,
                        unsigned high)
{
    if (!start(g)) {
        return;
    }
    const seL4_Word args[3] = {budget, period, window_ms};
    seL4_Word mrs[GRADE_MSG_WORDS];
    if (!call(g, LAB7_SHARE, args, 3, mrs, 6)) {
        return;
    }
    if (!grade_check(g, mrs[0] == LAB7_OK, "A at %lu us every %lu us against B: %s", (unsigned long)budget,
                     (unsigned long)period, status_text(mrs[0]))) {
        return;
    }
    seL4_Word total = mrs[1] + mrs[2], percent = total != 0 ? 100 * mrs[1] / total : 0;
    grade_check(g, percent >= low && percent <= high,
                "A at %lu us every %lu us, above B, did %lu%% of the work (%lu of %lu units), not %u..%u%%",
                (unsigned long)budget, (unsigned long)period, (unsigned long)percent, (unsigned long)mrs[1],
                (unsigned long)total, low, high);
    long used_a = consumed(g, mrs[3]), window_us = (long)(mrs[5] / TICKS_PER_US);
    long time_percent = used_a >= 0 && window_us > 0 ? 100 * used_a / window_us : -1;
    grade_check(g, time_percent >= (long)low && time_percent <= (long)high,
                "the kernel charged A's scheduling context %ld us in a %ld us window (%ld%%), not %u..%u%%", used_a,
                window_us, time_percent, low, high);
}

/* TIME-01: scheduling contexts: errors passed on; 10% and 30% budgets give those shares above
   a thread with a full budget, in work and in the time the kernel charged. */
void test_budgets(grade_t *g)
{
    if (!start(g)) {
        return;
    }
    const seL4_Word bad[2] = {20000, 10000};
    seL4_Word mrs[GRADE_MSG_WORDS];
    if (!call(g, LAB7_SC_NEW, bad, 2, mrs, 2)) {
        return;
    }
    grade_check(g, mrs[0] == seL4_RangeError, "lab7_sc_new with a budget above its period returned error %lu, not "
                "seL4_RangeError (%d)", (unsigned long)mrs[0], seL4_RangeError);
    const seL4_Word good[2] = {3000, 7000};
    if (!call(g, LAB7_SC_NEW, good, 2, mrs, 2)) {
        return;
    }
    grade_check(g, mrs[0] == seL4_NoError && consumed(g, mrs[1]) >= 0,
                "lab7_sc_new(3 ms every 7 ms) returned error %lu and left no scheduling context in slot %lu",
                (unsigned long)mrs[0], (unsigned long)mrs[1]);
    check_share(g, 1000, 10000, 100, 8, 12);
    check_share(g, 3000, 10000, 100, 27, 33);
}

/* Sets up the passive server; false when it is not. */
static bool server(grade_t *g, seL4_Word *server_sc)
{
    seL4_Word mrs[GRADE_MSG_WORDS];
    if (!call(g, LAB7_SERVER, NULL, 0, mrs, 4)) {
        return false;
    }
    *server_sc = mrs[2];
    return grade_check(g, mrs[0] == LAB7_OK && mrs[1] == seL4_NoError && mrs[3] == LAB7_PING,
                       "setting up the server: %s, lab7_make_passive returned %lu, the server answered a PING "
                       "with label %lu",
                       status_text(mrs[0]), (unsigned long)mrs[1], (unsigned long)mrs[3]);
}

/* TIME-02: a passive server answers on its callers' time: 20 calls of real work are all
   answered right, its own scheduling context is charged nothing, and the caller's is charged
   the work. */
void test_passive_server(grade_t *g)
{
    enum { CALLS = 20, UNITS = 300 };
    seL4_Word server_sc = 0;
    if (!start(g) || !server(g, &server_sc)) {
        return;
    }
    long before = consumed(g, server_sc); /* resets its count */
    const seL4_Word args[4] = {2000, 10000, CALLS, UNITS};
    seL4_Word mrs[GRADE_MSG_WORDS];
    if (!call(g, LAB7_CALLS, args, 4, mrs, 4)) {
        return;
    }
    grade_check(g, mrs[0] == LAB7_OK && mrs[1] == CALLS, "client A's %d calls to the server: %s, %lu answered right",
                CALLS, status_text(mrs[0]), (unsigned long)mrs[1]);
    long server_used = consumed(g, server_sc), a_used = consumed(g, mrs[2]);
    long work_us = (long)(CALLS * mrs[3] / TICKS_PER_US);
    grade_check(g, before >= 0 && server_used >= 0 && server_used < 1000,
                "the server's own scheduling context was charged %ld us during the calls: the server is not "
                "passive", server_used);
    grade_check(g, a_used >= work_us * 9 / 10, "client A's scheduling context was charged %ld us for calls whose work "
                "takes about %ld us: the server did not run on A's time", a_used, work_us);
}

/* TIME-03: temporal isolation: a 10% client that keeps the passive server busy cannot take more
   than its share from a lower-priority client, and still gets its share. */
void test_isolation(grade_t *g)
{
    seL4_Word server_sc = 0;
    if (!start(g) || !server(g, &server_sc)) {
        return;
    }
    const seL4_Word args[4] = {1000, 10000, 100, 50};
    seL4_Word mrs[GRADE_MSG_WORDS];
    if (!call(g, LAB7_ISOLATION, args, 4, mrs, 4)) {
        return;
    }
    if (!grade_check(g, mrs[0] == LAB7_OK && mrs[1] > 0, "client A calling the server while B counts: %s, %lu calls",
                     status_text(mrs[0]), (unsigned long)mrs[1])) {
        return;
    }
    seL4_Word total = mrs[2] + mrs[3], percent = total != 0 ? 100 * mrs[2] / total : 100;
    grade_check(g, percent <= 12, "the server, working for a 10%% client above B, took %lu%% of the work (%lu of %lu "
                "units): B was starved", (unsigned long)percent, (unsigned long)mrs[2], (unsigned long)total);
    grade_check(g, percent >= 8, "the server, working for a 10%% client, did only %lu%% of the work (%lu of %lu "
                "units)", (unsigned long)percent, (unsigned long)mrs[2], (unsigned long)total);
}
