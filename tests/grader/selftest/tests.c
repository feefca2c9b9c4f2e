/* The self-test lab's tests: the harness's start, call, fault and CNode-inspection paths. */
#include <grade.h>

#include "selftest.h"

void selftest_echo(grade_t *g)
{
    if (!grade_student_start(g, NULL)) {
        return;
    }
    for (seL4_Word round = 0; round < 3; round++) {
        seL4_Word mrs[GRADE_MSG_WORDS] = {round, 10, 20, 30, 40, 50};
        size_t words = 0;
        if (!grade_student_call(g, SELFTEST_ECHO, mrs, 6, &words)) {
            return;
        }
        grade_check(g, words == 6, "echo answered %zu words, not 6", words);
        grade_check(g, mrs[0] == round + 1 && mrs[5] == 51, "echo answered %lu..%lu", mrs[0], mrs[5]);
    }
}

void selftest_untypeds(grade_t *g)
{
    grade_student_config_t config = {.untyped_count = 3, .untyped_bits = 12};
    if (!grade_student_start(g, &config)) {
        return;
    }
    seL4_Word mrs[GRADE_MSG_WORDS] = {0};
    if (!grade_student_call(g, SELFTEST_UNTYPEDS, mrs, 0, NULL)) {
        return;
    }
    grade_check(g, mrs[0] == 3, "bootinfo lists %lu untypeds, not 3", mrs[0]);
    grade_check(g, mrs[1] == 3 * 4096, "they hold %lu bytes, not 12288", mrs[1]);
    seL4_Word free_slot = mrs[2];
    if (!grade_student_call(g, SELFTEST_RETYPE, mrs, 0, NULL)) {
        return;
    }
    grade_check(g, mrs[0] == seL4_NoError && mrs[1] == free_slot, "retype failed: error %lu", mrs[0]);
    /* The harness sees the new endpoint in the student's CNode. */
    cspace_t *cs = grade_cspace(g);
    seL4_CPtr probe = cspace_alloc_slot(cs);
    seL4_Error error = seL4_CNode_Copy(seL4_CapInitThreadCNode, probe, 64, grade_student_cnode(g), free_slot, 64,
                                       seL4_AllRights);
    grade_check(g, error == seL4_NoError, "cannot copy the student's new cap (error %d)", (int)error);
    (void)cspace_delete(cs, probe);
    cspace_free_slot(cs, probe);
}

/* The student faults: the test fails with the fault's description, and the next test runs. */
void selftest_fault(grade_t *g)
{
    if (!grade_student_start(g, NULL)) {
        return;
    }
    seL4_Word mrs[GRADE_MSG_WORDS] = {0};
    grade_student_call(g, SELFTEST_FAULT, mrs, 0, NULL);
}
