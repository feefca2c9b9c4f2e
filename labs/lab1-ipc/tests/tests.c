/* Lab 1's tests (trusted: they run in the grading harness, see docs/grading.md). */
#include <grade.h>
#include <stdio.h>

#include "lab1.h"

#define TAG_ENDPOINT 4      /* seL4_DebugCapIdentify's tags (docs/object-model.md) */
#define TAG_NOTIFICATION 6
#define TAG_REPLY 8
#define TAG_THREAD 12
#define TAG_SCHED_CONTEXT 22

static const grade_student_config_t config = {.untyped_count = 16, .untyped_bits = 12};

/* The kind of cap in the student's slot, seen through a copy in the harness's cspace. */
static seL4_Uint32 student_cap_tag(grade_t *g, seL4_CPtr slot)
{
    seL4_CPtr copy = grade_student_copy(g, slot);
    seL4_Uint32 tag = copy != seL4_CapNull ? seL4_DebugCapIdentify(copy) : 0;
    grade_copy_free(g, copy);
    return tag;
}

/* IPC-01: objects of five kinds, each in its own new slot. */
void test_objects(grade_t *g)
{
    static const struct {
        seL4_Word type, size_bits;
        seL4_Uint32 tag;
        const char *name;
    } kinds[] = {
        {seL4_EndpointObject, 0, TAG_ENDPOINT, "endpoint"},
        {seL4_NotificationObject, 0, TAG_NOTIFICATION, "notification"},
        {seL4_ReplyObject, 0, TAG_REPLY, "reply object"},
        {seL4_TCBObject, 0, TAG_THREAD, "TCB"},
        {seL4_SchedContextObject, seL4_MinSchedContextBits, TAG_SCHED_CONTEXT, "scheduling context"},
        {seL4_EndpointObject, 0, TAG_ENDPOINT, "second endpoint"},
    };
    if (!grade_student_start(g, &config)) {
        return;
    }
    seL4_CPtr previous = seL4_CapNull;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        seL4_Word mrs[GRADE_MSG_WORDS] = {kinds[i].type, kinds[i].size_bits};
        if (!grade_student_call(g, LAB1_OBJECT, mrs, 2, NULL)) {
            return;
        }
        seL4_Uint32 tag = student_cap_tag(g, mrs[0]);
        grade_check(g, mrs[0] != seL4_CapNull && mrs[0] != previous && tag == kinds[i].tag,
                    "lab1_object for a %s gave slot %lu holding a cap of kind %u (expected kind %u in a new slot)",
                    kinds[i].name, (unsigned long)mrs[0], tag, kinds[i].tag);
        previous = mrs[0];
    }
}

/* Starts the student's server; false (test failed) if it could not. */
static bool start_server(grade_t *g, seL4_CPtr *ep)
{
    if (!grade_student_start(g, &config)) {
        return false;
    }
    seL4_Word mrs[GRADE_MSG_WORDS] = {0};
    size_t words = 0;
    if (!grade_student_call(g, LAB1_START_SERVER, mrs, 0, &words)) {
        return false;
    }
    if (!grade_check(g, words == 2 && mrs[0] == 1, "the server thread did not start (lab1_thread_start failed)")) {
        return false;
    }
    *ep = mrs[1];
    return true;
}

/* One echo through the student's process with `badge`; checks label, words and badge. */
static void echo(grade_t *g, seL4_Word badge, seL4_Word label, size_t count)
{
    seL4_Word mrs[GRADE_MSG_WORDS] = {badge, label};
    for (size_t i = 0; i < count; i++) {
        mrs[2 + i] = 0x1000 * (i + 1) + label;
    }
    size_t words = 0;
    if (!grade_student_call(g, LAB1_ECHO, mrs, 2 + count, &words)) {
        return;
    }
    bool same = words == count + 2 && mrs[0] == label;
    for (size_t i = 0; same && i < count; i++) {
        same = mrs[1 + i] == 0x1000 * (i + 1) + label;
    }
    grade_check(g, same, "echo of %zu words with label %lu: answer of %zu words, label %lu", count,
                (unsigned long)label, words > 0 ? words - 1 : 0, (unsigned long)mrs[0]);
    grade_check(g, words == count + 2 && mrs[1 + count] == badge, "echo through a cap badged %lu: the server saw badge %lu",
                (unsigned long)badge, (unsigned long)(words == count + 2 ? mrs[1 + count] : ~0ul));
}

/* IPC-02: a thread, an endpoint and the echo server: messages of 0, 3 and 10 words. The harness
   then calls the server itself, through a badged copy of its endpoint. */
void test_echo(grade_t *g)
{
    seL4_CPtr ep;
    if (!start_server(g, &ep)) {
        return;
    }
    echo(g, 0, 7, 0);
    echo(g, 0, 8, 3);
    echo(g, 0, 9, 10);
    cspace_t *cs = grade_cspace(g);
    seL4_CPtr mine = cspace_alloc_slot(cs);
    seL4_Error error = seL4_CNode_Mint(seL4_CapInitThreadCNode, mine, 64, grade_student_cnode(g), ep, 64,
                                       seL4_AllRights, 0x77);
    if (grade_check(g, error == seL4_NoError, "the server's endpoint slot %lu holds no endpoint", (unsigned long)ep)) {
        seL4_SetMR(0, 5);
        seL4_SetMR(1, 6);
        seL4_MessageInfo_t answer = seL4_Call(mine, seL4_MessageInfo_new(3, 0, 0, 2));
        grade_check(g, seL4_MessageInfo_get_label(answer) == 3 && seL4_MessageInfo_get_length(answer) == 3 &&
                           seL4_GetMR(0) == 5 && seL4_GetMR(1) == 6 && seL4_GetMR(2) == 0x77,
                    "the harness's own call with badge 0x77 got a wrong answer");
        (void)cspace_delete(cs, mine);
    }
    cspace_free_slot(cs, mine);
}

/* IPC-03: badged copies: the server tells clients apart. */
void test_badges(grade_t *g)
{
    seL4_CPtr ep;
    if (!start_server(g, &ep)) {
        return;
    }
    echo(g, 0x11, 1, 1);
    echo(g, 0x22, 2, 2);
    echo(g, 0xbad, 3, 1);
}

/* IPC-04: the student's count of a round trip's instructions. A real count is at least a few
   hundred instructions (two system calls and two context switches) and less than the harness
   counts around a whole request to the student's process that makes the same round trip (a
   request and answer of its own on top). */
void test_instructions(grade_t *g)
{
    seL4_CPtr ep;
    if (!start_server(g, &ep)) {
        return;
    }
    seL4_Word nested = ~0ul, counted = ~0ul;
    for (int i = 0; i < 5; i++) {
        seL4_Word mrs[GRADE_MSG_WORDS] = {0, 1, 42};
        seL4_Word before, after;
        __asm__ volatile("rdinstret %0" : "=r"(before));
        bool answered = grade_student_call(g, LAB1_ECHO, mrs, 3, NULL);
        __asm__ volatile("rdinstret %0" : "=r"(after));
        if (!answered) {
            return;
        }
        nested = after - before < nested ? after - before : nested;
        mrs[0] = 0;
        if (!grade_student_call(g, LAB1_INSTRUCTIONS, mrs, 0, NULL)) {
            return;
        }
        counted = mrs[0] < counted ? mrs[0] : counted;
    }
    printf("IPC-04: you counted %lu instructions for a round trip; a whole request took %lu\n",
           (unsigned long)counted, (unsigned long)nested);
    grade_check(g, counted >= 200, "a round trip counted as %lu instructions: too few to be real",
                (unsigned long)counted);
    grade_check(g, counted <= 2 * nested,
                "a round trip counted as %lu instructions, but a whole request that makes one costs only %lu",
                (unsigned long)counted, (unsigned long)nested);
}
