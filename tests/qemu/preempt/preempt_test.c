/* PREEMPT: long invocations stop at preemption points when an interrupt is pending and restart
   (issue 5). A watcher thread above the caller, woken by the timer every 100 us, must find each
   operation half done at least twice while the single invocation is in progress, and the result
   must be exactly that of an uninterrupted one. The kernel's own count of preemptions
   (seL4_QuokkaPreemptions) must agree. */
#include "preempt_watch.h"

#define BATCH 256 /* objects per Retype (seL4_UntypedRetypeMaxObjects) */

/* `count` endpoints from `ut` into the CNode in root slot `node`, from its slot 0. */
static const char *fill_node(seL4_CPtr ut, seL4_CPtr node, seL4_Word count)
{
    for (seL4_Word i = 0; i < count; i += BATCH) {
        EXPECT_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, node, ROOT_DEPTH, i, BATCH));
    }
    return NULL;
}

static seL4_Word preemptions(void)
{
    return seL4_BenchmarkFinalizeLog_Figure(seL4_QuokkaPreemptions);
}

/* Starts the watcher and notes the kernel's preemption count; the caller then makes its one
   long invocation and passes its result to watched_finish at once. */
static const char *watched_start(struct watch *w, seL4_Word *before)
{
    TRY(watch_start(w));
    *before = preemptions();
    w->in_operation = 1;
    return NULL;
}

/* Stops the watcher; the invocation succeeded, and both the watcher (it saw the operation half
   done) and the kernel (its count) found it preempted at least twice. */
static const char *watched_finish(struct watch *w, seL4_Word before, seL4_Error error, const char *what)
{
    watch_stop(w);
    seL4_Word preempted = preemptions() - before;
    EXPECT(error == seL4_NoError, "%s failed with error %d", what, (int)error);
    printf("%s: the watcher woke %lu times during it and saw it half done %lu times; %lu preemptions\n",
           what, w->wakeups, w->half_done, preempted);
    EXPECT(w->half_done >= 2, "%s: the watcher woke %lu times during it but saw it half done only %lu times",
           what, w->wakeups, w->half_done);
    EXPECT(preempted >= 2, "%s: the kernel counted %lu preemptions", what, preempted);
    return NULL;
}

/* Revoke of an untyped with 8,224 endpoint children (8,192 of them in a CNode of 2^13 slots):
   preempted at least twice (children are deleted newest first, so the watcher sees the last 16
   gone while the first 16 remain); afterwards every child is gone, the untyped cap stays, all
   its memory is free, and the same 8,192 endpoints can be made again in the emptied CNode. */
static const char *revoke_is_preempted(void)
{
    seL4_CPtr ut = untyped_alloc(18), node_ut = untyped_alloc(18);
    seL4_CPtr early = slots_alloc(16), late = slots_alloc(16);
    EXPECT_SLOT(ut && node_ut && early && late);
    seL4_CPtr node = new_object(node_ut, seL4_CapTableObject, 13);
    EXPECT_SLOT(node);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, early, 16));
    TRY(fill_node(ut, node, BIT(13)));
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, late, 16));

    struct watch w = {.probe = PROBE_FIRST_GONE, .gone = late, .kept = early};
    seL4_Word before;
    TRY(watched_start(&w, &before));
    TRY(watched_finish(&w, before, cap_revoke(ut), "Revoke"));

    EXPECT_TAG(ut, TAG_UNTYPED);
    EXPECT_TAG(node, TAG_CNODE);
    for (seL4_Word i = 0; i < 16; i++) {
        EXPECT_TAG(early + i, TAG_NULL);
        EXPECT_TAG(late + i, TAG_NULL);
    }
    EXPECT(free_bytes(ut, 18) == BIT(18), "the revoked untyped has %lu bytes free", free_bytes(ut, 18));
    TRY(fill_node(ut, node, BIT(13)));
    return NULL;
}

/* Delete of the only cap to a CNode of 2^14 slots full of endpoints: preempted at least twice,
   the watcher each time finding the slot holding a zombie that cannot be moved; afterwards the
   slot is empty, every endpoint is gone (its untyped has no children left), and the CNode's
   memory can be retyped again. */
static const char *delete_cnode_is_preempted(void)
{
    seL4_CPtr ut = untyped_alloc(18), node_ut = untyped_alloc(19), spare = slot_alloc();
    EXPECT_SLOT(ut && node_ut && spare);
    seL4_CPtr node = new_object(node_ut, seL4_CapTableObject, 14);
    EXPECT_SLOT(node);
    TRY(fill_node(ut, node, BIT(14)));

    struct watch w = {.probe = PROBE_ZOMBIE, .gone = node, .spare = spare};
    seL4_Word before;
    TRY(watched_start(&w, &before));
    TRY(watched_finish(&w, before, cap_delete(node), "Delete"));
    EXPECT(w.bad_moves == 0, "%lu moves of the zombie were not refused with IllegalOperation", w.bad_moves);

    EXPECT_TAG(node, TAG_NULL);
    EXPECT_TAG(spare, TAG_NULL);
    EXPECT(free_bytes(ut, 18) == BIT(18), "the endpoints' untyped has %lu bytes free", free_bytes(ut, 18));
    EXPECT(free_bytes(node_ut, 19) == BIT(19), "the CNode's untyped has %lu bytes free", free_bytes(node_ut, 19));
    seL4_CPtr again = new_object(node_ut, seL4_CapTableObject, 14);
    EXPECT_SLOT(again);
    EXPECT_TAG(again, TAG_CNODE);
    return NULL;
}

#define MEGA_VADDR 0x40000000ul  /* a free 1 GiB region of the root task's address space */
#define SMALL_VADDR 0x80000000ul /* another */
#define MEGA_PAGES 8

static const char *map_at(seL4_CPtr frame, seL4_Word vaddr)
{
    EXPECT_OK(seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, vaddr, seL4_ReadWrite,
                                  seL4_RISCV_ExecuteNever));
    return NULL;
}

/* Retype of eight 2 MiB frames (16 MiB to clear) from an untyped whose memory earlier frames
   filled with ones: preempted at least twice (the watcher finds the destination still empty at
   least three times, at most one of which can be before the call), and every word of the eight
   new frames reads zero. */
static const char *retype_clearing_is_preempted(void)
{
    seL4_CPtr ut = untyped_alloc(24), pt_ut = untyped_alloc(12), frames = slots_alloc(MEGA_PAGES);
    EXPECT_SLOT(ut && pt_ut && frames);
    seL4_CPtr table = new_object(pt_ut, seL4_RISCV_PageTableObject, 0);
    EXPECT_SLOT(table);
    EXPECT_OK(seL4_RISCV_PageTable_Map(table, seL4_CapInitThreadVSpace, MEGA_VADDR, seL4_RISCV_Default_VMAttributes));
    volatile seL4_Word *words = (volatile seL4_Word *)MEGA_VADDR;
    seL4_Word per_frame = BIT(seL4_LargePageBits) / sizeof(seL4_Word);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_RISCV_Mega_Page, 0, ROOT, 0, 0, frames, MEGA_PAGES));
    for (seL4_Word f = 0; f < MEGA_PAGES; f++) {
        TRY(map_at(frames + f, MEGA_VADDR));
        for (seL4_Word i = 0; i < per_frame; i++) {
            words[i] = ~0ul;
        }
        EXPECT_OK(seL4_RISCV_Page_Unmap(frames + f));
    }
    EXPECT_OK(cap_revoke(ut));

    struct watch w = {.probe = PROBE_STILL_EMPTY, .gone = frames + MEGA_PAGES - 1};
    seL4_Word before;
    TRY(watched_start(&w, &before));
    TRY(watched_finish(&w, before, seL4_Untyped_Retype(ut, seL4_RISCV_Mega_Page, 0, ROOT, 0, 0, frames, MEGA_PAGES),
                       "Retype"));
    EXPECT(w.half_done >= 3, "Retype: the watcher saw it unfinished only %lu times", w.half_done);
    for (seL4_Word f = 0; f < MEGA_PAGES; f++) {
        TRY(map_at(frames + f, MEGA_VADDR));
        for (seL4_Word i = 0; i < per_frame; i++) {
            EXPECT(words[i] == 0, "frame %lu word %lu reads %#lx after the Retype", f, i, words[i]);
        }
        EXPECT_OK(seL4_RISCV_Page_Unmap(frames + f));
    }
    return NULL;
}

#define MAPPED_COPIES 2048 /* 8 MiB of mappings: four 4 KiB-level page tables */

/* Revoke of a frame with 2,048 mapped copies (each at its own page of an 8 MiB region):
   preempted at least twice (copies are deleted newest first: the watcher sees the last copy gone
   and the first still there); afterwards every copy is gone and every page of the region is
   unmapped, so another frame maps at each. */
static const char *unmap_is_preempted(void)
{
    seL4_CPtr ut = untyped_alloc(16), copies = slots_alloc(MAPPED_COPIES), tables = slots_alloc(5);
    EXPECT_SLOT(ut && copies && tables);
    seL4_CPtr frame = new_object(ut, seL4_RISCV_4K_Page, 0), other = new_object(ut, seL4_RISCV_4K_Page, 0);
    EXPECT_SLOT(frame && other);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_RISCV_PageTableObject, 0, ROOT, 0, 0, tables, 5));
    EXPECT_OK(seL4_RISCV_PageTable_Map(tables, seL4_CapInitThreadVSpace, SMALL_VADDR, seL4_RISCV_Default_VMAttributes));
    for (seL4_Word t = 1; t < 5; t++) {
        EXPECT_OK(seL4_RISCV_PageTable_Map(tables + t, seL4_CapInitThreadVSpace,
                                           SMALL_VADDR + (t - 1) * BIT(seL4_LargePageBits),
                                           seL4_RISCV_Default_VMAttributes));
    }
    for (seL4_Word i = 0; i < MAPPED_COPIES; i++) {
        EXPECT_OK(cap_copy(copies + i, frame, seL4_AllRights));
        TRY(map_at(copies + i, SMALL_VADDR + i * BIT(seL4_PageBits)));
    }

    struct watch w = {.probe = PROBE_FIRST_GONE, .gone = copies + MAPPED_COPIES - 1, .kept = copies};
    seL4_Word before;
    TRY(watched_start(&w, &before));
    TRY(watched_finish(&w, before, cap_revoke(frame), "Revoke of mapped frames"));
    EXPECT_TAG(frame, TAG_FRAME);
    for (seL4_Word i = 0; i < MAPPED_COPIES; i++) {
        EXPECT_TAG(copies + i, TAG_NULL);
        TRY(map_at(other, SMALL_VADDR + i * BIT(seL4_PageBits)));
        EXPECT_OK(seL4_RISCV_Page_Unmap(other));
    }
    return NULL;
}

static void delete_node(struct thread *self)
{
    self->out[0] = (seL4_Word)cap_delete(self->arg[0]);
    self->out[1] = 1;
}

/* A Delete of a 16,384-slot CNode whose thread is suspended half way (the watcher suspends it
   the first time it finds the zombie) stays a zombie; the CNode's untyped has no children, but
   the next Retype from it first finishes the deletion (the slot is empty afterwards, every
   endpoint gone) before it makes a new CNode in the same memory. */
static const char *retype_finishes_a_stopped_delete(void)
{
    seL4_CPtr ut = untyped_alloc(18), node_ut = untyped_alloc(19), spare = slot_alloc(), again = slot_alloc();
    EXPECT_SLOT(ut && node_ut && spare && again);
    seL4_CPtr node = new_object(node_ut, seL4_CapTableObject, 14);
    EXPECT_SLOT(node);
    TRY(fill_node(ut, node, BIT(14)));
    struct thread *deleter = thread_new("deleter", LOW_PRIORITY + 20, delete_node);
    EXPECT_THREAD(deleter);
    deleter->arg[0] = node;

    struct watch w = {.probe = PROBE_ZOMBIE, .gone = node, .spare = spare, .suspend = deleter->tcb};
    TRY(watch_start(&w));
    w.in_operation = 1;
    EXPECT_OK(thread_resume(deleter));
    /* The root runs below the deleter: only once it is suspended (or done). */
    watch_stop(&w);
    EXPECT(w.suspend == 0 && w.suspend_error == seL4_NoError, "the watcher did not suspend the deleter");
    EXPECT(deleter->out[1] == 0, "the Delete finished before the watcher saw it half done");
    EXPECT_TAG(node, TAG_ZOMBIE);

    EXPECT_OK(seL4_Untyped_Retype(node_ut, seL4_CapTableObject, 14, ROOT, 0, 0, again, 1));
    EXPECT_TAG(node, TAG_NULL);
    EXPECT(free_bytes(ut, 18) == BIT(18), "the endpoints' untyped has %lu bytes free", free_bytes(ut, 18));
    EXPECT_TAG(again, TAG_CNODE);
    TRY(fill_node(ut, again, BIT(14))); /* every slot of the new CNode is empty */
    return NULL;
}

void run_preempt_tests(void)
{
    thread_test("PREEMPT0001", revoke_is_preempted);
    thread_test("PREEMPT0002", delete_cnode_is_preempted);
    thread_test("PREEMPT0003", retype_clearing_is_preempted);
    thread_test("PREEMPT0004", unmap_is_preempted);
    thread_test("PREEMPT0005", retype_finishes_a_stopped_delete);
}
