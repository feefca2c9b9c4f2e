/* The runtime's ELF loader against the real kernel: a child process from an image linked into
   this root task runs in its own address space and cspace, talks to its parent through the
   badged endpoint it was given, and everything it used comes back when it is destroyed. */
#include <runtime_process.h>
#include <string.h>

#include "libtest.h"

#define CHILD_PRIORITY 100

extern const char libs_child_elf[], libs_child_elf_end[];

/* Lets the child run until it blocks or ends (the root task waits below its priority). */
static void let_child_run(void)
{
    (void)seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, CHILD_PRIORITY - 1);
    (void)seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, seL4_MaxPrio);
}

static const char *child_process_runs_and_goes(void)
{
    ut_t *ep_ut, *reply_ut;
    seL4_CPtr ep = lib_object(seL4_EndpointObject, seL4_EndpointBits, &ep_ut);
    seL4_CPtr reply = lib_object(seL4_ReplyObject, seL4_ReplyBits, &reply_ut);
    EXPECT(ep != seL4_CapNull && reply != seL4_CapNull, "no endpoint or reply object");
    size_t free_bytes = ut_free_bytes();
    seL4_CPtr slot = next_free_slot(&cspace);
    static runtime_process_t child;
    EXPECT_OK(runtime_process_start(&child, &cspace, "child", libs_child_elf,
                                    (size_t)(libs_child_elf_end - libs_child_elf), CHILD_PRIORITY, ep, 0x77));
    let_child_run();
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_NBRecv(ep, &badge, reply);
    EXPECT(badge == 0x77, "no Call with the child's badge (badge 0x%lx)", badge);
    EXPECT(seL4_MessageInfo_get_label(info) == 9 && seL4_GetMR(0) == 42, "child sent label %lu, MR0 %lu",
           seL4_MessageInfo_get_label(info), seL4_GetMR(0));
    seL4_SetMR(0, 100);
    seL4_NBSend(reply, seL4_MessageInfo_new(5, 0, 0, 1));
    let_child_run();
    info = seL4_NBRecv(ep, &badge, reply);
    EXPECT(badge == 0x77 && seL4_MessageInfo_get_label(info) == 10 && seL4_GetMR(0) == 106,
           "second message: badge 0x%lx, label %lu, MR0 %lu", badge, seL4_MessageInfo_get_label(info),
           seL4_GetMR(0));
    let_child_run(); /* main returns: the child suspends itself, the machine runs on */
    runtime_process_destroy(&child);
    EXPECT(ut_free_bytes() == free_bytes, "free bytes %lu after destroy, expected %lu", ut_free_bytes(), free_bytes);
    EXPECT(next_free_slot(&cspace) == slot, "next slot %lu, expected %lu", next_free_slot(&cspace), slot);
    lib_object_free(reply, reply_ut);
    /* The child's badged copy went with its cspace: the endpoint's untyped is empty again. */
    EXPECT_OK(cspace_delete(&cspace, ep));
    EXPECT(ut_free_bytes_in_kernel(ep_ut) == 16, "the endpoint outlived the child's cspace");
    lib_object_free(ep, ep_ut);
    return NULL;
}

/* Images that are not RISC-V ELF64 executables are refused with nothing allocated. */
static const char *bad_images_are_refused(void)
{
    static runtime_process_t child;
    static char image[256];
    size_t free_bytes = ut_free_bytes();
    EXPECT_ERR(runtime_process_start(&child, &cspace, "x", image, sizeof image, 1, 0, 0), seL4_InvalidArgument);
    memcpy(image, libs_child_elf, sizeof image);
    image[18] = 62; /* e_machine: x86-64 */
    EXPECT_ERR(runtime_process_start(&child, &cspace, "x", image, sizeof image, 1, 0, 0), seL4_InvalidArgument);
    EXPECT_ERR(runtime_process_start(&child, &cspace, "x", libs_child_elf, 40, 1, 0, 0), seL4_InvalidArgument);
    EXPECT_ERR(runtime_process_start(&child, NULL, "x", libs_child_elf, 4096, 1, 0, 0), seL4_InvalidArgument);
    EXPECT(ut_free_bytes() == free_bytes, "a refused image kept memory");
    return NULL;
}

void run_process_tests(void)
{
    run_test("PROCESS0001", child_process_runs_and_goes);
    run_test("PROCESS0002", bad_images_are_refused);
}
