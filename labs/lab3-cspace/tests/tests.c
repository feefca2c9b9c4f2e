/* Lab 3's tests: trusted code in the harness. The student's process makes a one-level and a
   two-level cspace with the student's slot allocator and hands out their slots on request.
   The harness copies each cspace's root CNode cap out of the student's CSpace and puts a copy
   of a notification of its own into every slot handed out: the kernel refuses when the slot is
   already full (handed out twice) or does not exist (a second-level node that was never made),
   so the slots are checked against the real CNodes, not against the allocator's word. */
#include <cspace.h>
#include <grade.h>

#include "../lab3.h"

#define CNODE_TAG 10 /* seL4_DebugCapIdentify of a CNode cap */
#define TOP_SLOT_DEPTH (seL4_WordBits - CSPACE_NODE_BITS)

/* One test's view of one of the student's cspaces. */
typedef struct {
    grade_t *g;
    enum lab3_cspace which;
    seL4_CPtr root;   /* copy of its root CNode cap, in the harness's cspace */
    seL4_CPtr ntfn;   /* the notification copied into the slots */
    ut_t *ntfn_ut;
} fixture_t;

static const char *const names[] = {"one-level", "two-level"};

_Static_assert(LAB3_OK == 0, "grade_student_ask takes status 0 for done");

/* One request; false when the interaction ended (the reason is recorded). */
static bool ask(grade_t *g, seL4_Word label, seL4_Word *mrs, size_t in_words, size_t out_words)
{
    return grade_student_ask(g, label, mrs, in_words, out_words, LAB3_NO_SETUP);
}

static void release(fixture_t *fx)
{
    cspace_t *cs = grade_cspace(fx->g);
    if (fx->ntfn != seL4_CapNull) {
        (void)cspace_revoke(cs, fx->ntfn); /* the copies in the student's cspaces */
        (void)cspace_delete(cs, fx->ntfn);
        cspace_free_slot(cs, fx->ntfn);
        ut_free(fx->ntfn_ut);
    }
    if (fx->root != seL4_CapNull) {
        (void)cspace_delete(cs, fx->root);
        cspace_free_slot(cs, fx->root);
    }
    fx->ntfn = fx->root = seL4_CapNull;
}

/* Starts the student's process and takes hold of one of its cspaces. */
static bool set_up(grade_t *g, enum lab3_cspace which, fixture_t *fx)
{
    *fx = (fixture_t){.g = g, .which = which};
    grade_student_config_t config = {.untyped_count = LAB3_PAGES, .untyped_bits = seL4_PageBits, .cnode_bits = 0};
    seL4_Word mrs[GRADE_MSG_WORDS] = {0};
    if (!grade_student_start(g, &config) || !ask(g, LAB3_INFO, mrs, 0, 4)) {
        return false;
    }
    seL4_CPtr student_root = mrs[1 + which];
    if (!grade_check(g, student_root != seL4_CapNull,
                     "the student's process could not make its %s cspace (cspace_create_%s failed: does "
                     "cspace_alloc_slot work on a one-level cspace?)",
                     names[which], which == LAB3_ONE_LEVEL ? "one_level" : "two_level")) {
        return false;
    }
    cspace_t *cs = grade_cspace(g);
    fx->root = cspace_alloc_slot(cs);
    fx->ntfn_ut = ut_alloc(seL4_NotificationBits, cs);
    fx->ntfn = cspace_alloc_slot(cs);
    if (fx->root == seL4_CapNull || fx->ntfn_ut == NULL || fx->ntfn == seL4_CapNull ||
        cspace_untyped_retype(cs, fx->ntfn_ut->cap, fx->ntfn, seL4_NotificationObject, seL4_NotificationBits) !=
            seL4_NoError ||
        seL4_CNode_Copy(cs->root_cnode, fx->root, seL4_WordBits, grade_student_cnode(g), student_root, seL4_WordBits,
                        seL4_AllRights) != seL4_NoError) {
        grade_fail(g, "harness: cannot inspect the student's %s cspace", names[which]);
        release(fx);
        return false;
    }
    return grade_check(g, seL4_DebugCapIdentify(fx->root) == CNODE_TAG, "the %s cspace's root is not a CNode",
                       names[which]);
}

/* cspace_alloc_slot (count 1) or cspace_alloc_slots: 1 with a slot, 0 for seL4_CapNull, -1 when
   the interaction ended. */
static int alloc(fixture_t *fx, seL4_Word count, seL4_CPtr *slot)
{
    seL4_Word mrs[GRADE_MSG_WORDS] = {fx->which, count};
    if (!ask(fx->g, LAB3_ALLOC, mrs, 2, 2)) {
        return -1;
    }
    if (mrs[0] == LAB3_NO_CSPACE) {
        grade_fail(fx->g, "the student's %s cspace does not exist", names[fx->which]);
        return -1;
    }
    *slot = mrs[1];
    return mrs[0] == LAB3_OK ? 1 : 0;
}

/* Empties the slot (the harness's copy goes) and asks the student to free it. */
static bool free_slot(fixture_t *fx, seL4_CPtr slot)
{
    (void)seL4_CNode_Delete(fx->root, slot, seL4_WordBits);
    seL4_Word mrs[GRADE_MSG_WORDS] = {fx->which, slot};
    return ask(fx->g, LAB3_FREE, mrs, 2, 1);
}

/* Puts the harness's notification into `count` slots from `first`: each must exist and be empty. */
static bool fill(fixture_t *fx, seL4_CPtr first, seL4_Word count)
{
    for (seL4_CPtr slot = first; slot < first + count; slot++) {
        seL4_Error error = seL4_CNode_Copy(fx->root, slot, seL4_WordBits, grade_cspace(fx->g)->root_cnode, fx->ntfn,
                                           seL4_WordBits, seL4_AllRights);
        if (!grade_check(fx->g, error == seL4_NoError, "slot %lu of the %s cspace: %s", slot, names[fx->which],
                         error == seL4_DeleteFirst ? "already holds a capability (handed out twice?)"
                                                   : "does not exist (its CNode was never made?)")) {
            return false;
        }
    }
    return true;
}

/* Allocates one slot and checks it: 1 ok, 0 NULL, -1 failed or ended. */
static int take(fixture_t *fx, seL4_CPtr *slot)
{
    int got = alloc(fx, 1, slot);
    if (got <= 0) {
        return got;
    }
    return grade_check(fx->g, *slot != seL4_CapNull, "slot 0 (seL4_CapNull) was handed out") && fill(fx, *slot, 1)
               ? 1
               : -1;
}

/* Allocates one slot that must be `expected`. */
static bool take_expected(fixture_t *fx, seL4_CPtr expected, const char *why)
{
    seL4_CPtr slot = 0;
    int got = take(fx, &slot);
    if (got < 0) {
        return false;
    }
    return grade_check(fx->g, got == 1 && slot == expected, "%s cspace, %s: got %s %lu, expected slot %lu",
                       names[fx->which], why, got == 1 ? "slot" : "NULL", got == 1 ? slot : 0, expected);
}

/* Takes `n` slots one by one; with `in_order`, they must be 1, 2, ..., n (lowest first). */
static bool take_many(fixture_t *fx, size_t n, bool in_order)
{
    for (size_t i = 0; i < n; i++) {
        seL4_CPtr slot = 0;
        int got = take(fx, &slot);
        if (got < 0 || !grade_check(fx->g, got == 1, "the %s cspace ran out after %lu slots", names[fx->which],
                                    (seL4_Word)i)) {
            return false;
        }
        if (in_order && !grade_check(fx->g, slot == i + 1, "allocation %lu of the %s cspace gave slot %lu, not the "
                                     "lowest free one (%lu)", (seL4_Word)i + 1, names[fx->which], slot,
                                     (seL4_Word)i + 1)) {
            return false;
        }
    }
    return true;
}

/* CS-01: one level: 127 slots, all distinct and real, never slot 0, then seL4_CapNull. */
void test_one_level_full(grade_t *g)
{
    fixture_t fx;
    if (!set_up(g, LAB3_ONE_LEVEL, &fx)) {
        return;
    }
    if (take_many(&fx, CSPACE_NODE_SLOTS - 1, false)) {
        seL4_CPtr slot = 0;
        int got = alloc(&fx, 1, &slot);
        if (got >= 0) {
            grade_check(g, got == 0, "a full one-level cspace handed out slot %lu", slot);
        }
    }
    release(&fx);
}

/* CS-02: one level: lowest free slot first; freed slots come back, lowest first; freeing slot 0
   or a slot outside the CNode changes nothing. */
void test_one_level_reuse(grade_t *g)
{
    fixture_t fx;
    if (!set_up(g, LAB3_ONE_LEVEL, &fx)) {
        return;
    }
    if (take_many(&fx, 10, true) && free_slot(&fx, 7) && free_slot(&fx, 3) &&
        take_expected(&fx, 3, "after freeing 7 and 3") && take_expected(&fx, 7, "next") &&
        take_expected(&fx, 11, "with 1..10 in use") && free_slot(&fx, seL4_CapNull) &&
        take_expected(&fx, 12, "after freeing slot 0") && free_slot(&fx, 300) &&
        take_expected(&fx, 13, "after freeing slot 300 (outside the CNode)")) {
        (void)free_slot(&fx, 5);
        (void)free_slot(&fx, 5); /* twice: still one free slot */
        if (take_expected(&fx, 5, "after freeing 5 twice")) {
            (void)take_expected(&fx, 14, "next");
        }
    }
    release(&fx);
}

/* CS-03: one level: runs of consecutive slots (cspace_alloc_slots) take the lowest run that
   fits, skip holes too small, and fail when no run fits. */
void test_one_level_runs(grade_t *g)
{
    fixture_t fx;
    seL4_CPtr first = 0;
    if (!set_up(g, LAB3_ONE_LEVEL, &fx)) {
        return;
    }
    int got = alloc(&fx, 5, &first);
    if (got < 0 || !grade_check(g, got == 1 && first == 1, "cspace_alloc_slots(5) on a new cspace gave %lu, "
                                "expected 1", got == 1 ? first : 0) || !fill(&fx, first, 5)) {
        goto out;
    }
    if (!take_expected(&fx, 6, "after a run of 5") || !free_slot(&fx, 3)) {
        goto out;
    }
    got = alloc(&fx, 2, &first);
    if (got < 0 || !grade_check(g, got == 1 && first == 7, "cspace_alloc_slots(2) with a 1-slot hole at 3 gave %lu, "
                                "expected 7", got == 1 ? first : 0) || !fill(&fx, first, 2)) {
        goto out;
    }
    got = alloc(&fx, 120, &first); /* 119 free from 9 up, and slot 3 */
    if (got < 0 || !grade_check(g, got == 0, "cspace_alloc_slots(120) gave %lu with only 119 slots in a row", first)) {
        goto out;
    }
    got = alloc(&fx, 119, &first);
    if (got < 0 || !grade_check(g, got == 1 && first == 9, "cspace_alloc_slots(119) gave %lu, expected 9",
                                got == 1 ? first : 0) || !fill(&fx, first, 119)) {
        goto out;
    }
    if (take_expected(&fx, 3, "the last free slot")) {
        got = alloc(&fx, 1, &first);
        if (got >= 0) {
            grade_check(g, got == 0, "a full one-level cspace handed out slot %lu", first);
        }
    }
out:
    release(&fx);
}

/* CS-04: two levels: 200 slots, lowest first, from node 0 (never slot 0) then node 1, which
   the allocator made through the callbacks: it is a real CNode in slot 1 of the top CNode. */
void test_two_level_growth(grade_t *g)
{
    fixture_t fx;
    seL4_Word mrs[GRADE_MSG_WORDS] = {0};
    if (!set_up(g, LAB3_TWO_LEVEL, &fx) || !ask(g, LAB3_INFO, mrs, 0, 4)) {
        goto out;
    }
    seL4_Word pages_before = mrs[3];
    if (!take_many(&fx, 200, true)) {
        goto out;
    }
    cspace_t *cs = grade_cspace(g);
    seL4_CPtr node = cspace_alloc_slot(cs);
    for (seL4_Word i = 0; i < 3; i++) {
        seL4_Error error = seL4_CNode_Copy(cs->root_cnode, node, seL4_WordBits, fx.root, i, TOP_SLOT_DEPTH,
                                           seL4_AllRights);
        bool is_cnode = error == seL4_NoError && seL4_DebugCapIdentify(node) == CNODE_TAG;
        (void)cspace_delete(cs, node);
        grade_check(g, is_cnode == (i < 2), "slot %lu of the top CNode %s a second-level CNode", i,
                    i < 2 ? "does not hold" : "already holds (made too early)");
    }
    cspace_free_slot(cs, node);
    if (ask(g, LAB3_INFO, mrs, 0, 4)) {
        grade_check(g, pages_before - mrs[3] >= 2, "two second-level nodes took %lu 4 KiB untypeds from the callbacks",
                    pages_before - mrs[3]);
    }
out:
    release(&fx);
}

/* CS-05: two levels: a freed slot in a full node comes back before any new slot; then slots
   continue where they were. */
void test_two_level_reuse(grade_t *g)
{
    fixture_t fx;
    if (!set_up(g, LAB3_TWO_LEVEL, &fx)) {
        return;
    }
    if (take_many(&fx, 200, true) && free_slot(&fx, 5) && take_expected(&fx, 5, "after freeing 5 (node 0 was full)") &&
        free_slot(&fx, 130) && take_expected(&fx, 130, "after freeing 130") && free_slot(&fx, 130) &&
        free_slot(&fx, 5) && take_expected(&fx, 5, "after freeing 130 and 5") && take_expected(&fx, 130, "next") &&
        take_expected(&fx, 201, "with 1..200 in use") && free_slot(&fx, seL4_CapNull)) {
        (void)take_expected(&fx, 202, "after freeing slot 0");
    }
    release(&fx);
}

/* CS-06: two levels: a run never crosses from one second-level node into the next. */
void test_two_level_runs(grade_t *g)
{
    fixture_t fx;
    seL4_CPtr first = 0;
    if (!set_up(g, LAB3_TWO_LEVEL, &fx)) {
        return;
    }
    static const seL4_Word runs[] = {100, 100, 128, 20};
    static const seL4_CPtr expected[] = {1, 128, 256, 101};
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        int got = alloc(&fx, runs[i], &first);
        if (got < 0 || !grade_check(g, got == 1 && first == expected[i], "cspace_alloc_slots(%lu) gave %lu, expected "
                                    "%lu (a run stays inside one node, lowest first)", runs[i],
                                    got == 1 ? first : 0, expected[i]) ||
            !fill(&fx, first, runs[i])) {
            break;
        }
    }
    release(&fx);
}
