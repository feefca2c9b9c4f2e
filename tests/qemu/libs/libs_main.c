/* Library tests (issue 6): root_task_bootstrap, then libut, libcspace, create/destroy of
   cspaces, long alloc/free cycles and the lecture's fragment, against the real kernel. */
#include <runtime_objects.h>

#include "libtest.h"

cspace_t cspace;

seL4_CPtr lib_object(seL4_Word type, size_t bits, ut_t **ut)
{
    return runtime_object_new(&cspace, type, bits, bits, ut);
}

void lib_object_free(seL4_CPtr slot, ut_t *ut)
{
    runtime_object_free(&cspace, slot, ut);
}

seL4_CPtr next_free_slot(cspace_t *space)
{
    seL4_CPtr slot = cspace_alloc_slot(space);
    cspace_free_slot(space, slot);
    return slot;
}

seL4_Word ut_free_bytes_in_kernel(ut_t *ut)
{
    seL4_CPtr probe = cspace_alloc_slot(&cspace);
    seL4_Error error = cspace_untyped_retype(&cspace, ut->cap, probe, seL4_UntypedObject, ut->size_bits + 1);
    seL4_Word free = error == seL4_NotEnoughMemory ? seL4_GetMR(0) : ~0ul;
    cspace_free_slot(&cspace, probe);
    return free;
}

/* The caps bootinfo lists keep their CPtrs in the new CSpace. */
static const char *bootinfo_caps_keep_their_cptrs(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    EXPECT_TAG(seL4_CapInitThreadTCB, TAG_THREAD);
    EXPECT_TAG(seL4_CapInitThreadCNode, TAG_CNODE);
    EXPECT_TAG(seL4_CapInitThreadVSpace, TAG_PAGE_TABLE);
    EXPECT_TAG(seL4_CapIRQControl, TAG_IRQ_CONTROL);
    EXPECT_TAG(seL4_CapASIDControl, TAG_ASID_CONTROL);
    EXPECT_TAG(seL4_CapInitThreadIPCBuffer, TAG_FRAME);
    EXPECT_TAG(bi->schedcontrol.start, TAG_SCHED_CONTROL);
    for (seL4_CPtr cap = bi->untyped.start; cap < bi->untyped.end; cap++) {
        EXPECT_TAG(cap, TAG_UNTYPED);
    }
    for (seL4_CPtr cap = bi->userImageFrames.start; cap < bi->userImageFrames.end; cap++) {
        EXPECT_TAG(cap, TAG_FRAME);
    }
    /* seL4_CapInitThreadCNode is the new root: a slot far beyond the initial CNode's 4096
       (the last 4 KiB untyped registered) resolves through it at depth 64. */
    seL4_CPtr far = cspace_alloc_slot(&cspace);
    ut_t *ut = ut_alloc_4k_untyped(NULL);
    EXPECT(ut != NULL && ut->cap >= 4096, "no 4 KiB untyped beyond slot 4096");
    EXPECT_OK(seL4_CNode_Copy(seL4_CapInitThreadCNode, far, seL4_WordBits, seL4_CapInitThreadCNode, ut->cap,
                              seL4_WordBits, seL4_AllRights));
    EXPECT_TAG(far, TAG_UNTYPED);
    EXPECT_OK(seL4_CNode_Delete(seL4_CapInitThreadCNode, far, seL4_WordBits));
    cspace_free_slot(&cspace, far);
    ut_free(ut);
    return NULL;
}

/* Nearly all RAM is in libut, as 4 KiB untypeds. */
static const char *ram_is_registered(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    seL4_Word ram = 0;
    for (seL4_CPtr cap = bi->untyped.start; cap < bi->untyped.end; cap++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[cap - bi->untyped.start];
        ram += desc->isDevice ? 0 : 1ul << desc->sizeBits;
    }
    EXPECT(ut_size() % 4096 == 0 && ut_size() <= ram && ut_size() >= ram - ram / 50,
           "ut_size %lu for %lu bytes of RAM untyped (bookkeeping may take at most 2%%)", ut_size(), ram);
    EXPECT(ut_free_bytes() <= ut_size(), "%lu bytes free of %lu", ut_free_bytes(), ut_size());
    uintptr_t paddr = 0;
    ut_t *ut = ut_alloc_4k_untyped(&paddr);
    EXPECT(ut != NULL && ut->size_bits == seL4_PageBits && ut->valid && !ut->device, "no 4 KiB untyped");
    EXPECT(ut_4k_at(paddr) == ut, "the entry at 0x%lx is not the one handed out", (seL4_Word)paddr);
    EXPECT_TAG(ut->cap, TAG_UNTYPED);
    EXPECT(ut_free_bytes_in_kernel(ut) == 4096, "the untyped has %lu bytes free", ut_free_bytes_in_kernel(ut));
    ut_free(ut);
    return NULL;
}

/* After everything, the kernel and the libraries still work together. */
static const char *kernel_still_serves(void)
{
    ut_t *ut;
    seL4_CPtr ep = lib_object(seL4_EndpointObject, seL4_EndpointBits, &ut);
    EXPECT(ep != seL4_CapNull, "no endpoint");
    EXPECT_TAG(ep, TAG_ENDPOINT);
    lib_object_free(ep, ut);
    return NULL;
}

int main(void)
{
    if (root_task_bootstrap(sel4runtime_bootinfo(), &cspace) != CSPACE_NOERROR) {
        printf("root_task_bootstrap failed: %s\n", root_task_bootstrap_failure());
        return 1;
    }
    run_test("BOOTSTRAP0001", bootinfo_caps_keep_their_cptrs);
    run_test("BOOTSTRAP0002", ram_is_registered);
    run_ut_tests();
    run_cspace_tests();
    run_cspace_create_tests();
    run_cycle_tests();
    run_lecture_tests();
    run_process_tests();
    printf("library tests finished\n");
    run_test("LIBS0001", kernel_still_serves);
    return 0;
}
