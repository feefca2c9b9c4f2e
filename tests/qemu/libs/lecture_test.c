/* The Advanced OS lecture's server fragment, verbatim (shared/DESIGN.md, "User level"), against
   the real kernel: a reply object and a badged endpoint cap made with libut and libcspace, a
   client's Call received with the badge, and the reply sent with NBSend on the reply object. */
#include <runtime_thread.h>

#include "libtest.h"

#define CLIENT_PRIORITY 100
#define CLIENT_LABEL 7
#define CLIENT_WORD 0x1ec7u

static seL4_CPtr client_cap; /* the badged cap the fragment will make (predicted, see below) */
static volatile seL4_Word client_label = ~0ul, client_length = ~0ul, client_word;
static runtime_thread_t client;
static char client_stack[8192] __attribute__((aligned(16)));

static void lecture_client(void *arg)
{
    (void)arg;
    seL4_SetMR(0, CLIENT_WORD);
    seL4_MessageInfo_t info = seL4_Call(client_cap, seL4_MessageInfo_new(CLIENT_LABEL, 0, 0, 1));
    client_word = seL4_GetMR(0);
    client_length = seL4_MessageInfo_get_length(info);
    client_label = seL4_MessageInfo_get_label(info);
}

/* The client runs only once the root task blocks in the fragment's Recv, and must know the
   badged cap that the fragment has not made yet. libcspace hands out the lowest free slot and
   libut the most recently freed block, so freeing a reply-sized block and the two lowest free
   slots just before makes the fragment's choices known: reply gets the first slot, badged_ep
   the second. The test checks afterwards that it was so. */
static seL4_CPtr predict_fragment(void)
{
    ut_t *block = ut_alloc(seL4_ReplyBits, &cspace);
    ut_free(block);
    seL4_CPtr first = cspace_alloc_slot(&cspace), second = cspace_alloc_slot(&cspace);
    cspace_free_slot(&cspace, second);
    cspace_free_slot(&cspace, first);
    return second;
}

static const char *lecture_fragment_runs(void)
{
    ut_t *ep_ut;
    seL4_CPtr ep = lib_object(seL4_EndpointObject, seL4_EndpointBits, &ep_ut);
    EXPECT(ep != seL4_CapNull, "no endpoint");
    EXPECT_OK(runtime_thread_create(&client, &cspace, "lecture-client", CLIENT_PRIORITY, 1000, lecture_client, NULL,
                                    client_stack, sizeof client_stack));
    client_cap = predict_fragment();
    seL4_Error err;

    /* ---- the lecture's fragment, verbatim ---- */
    ut_t *reply_ut = ut_alloc(seL4_ReplyBits, &cspace);
    seL4_CPtr reply = cspace_alloc_slot(&cspace);
    err = cspace_untyped_retype(&cspace, reply_ut->cap, reply, seL4_ReplyObject, seL4_ReplyBits);
    seL4_CPtr badged_ep = cspace_alloc_slot(&cspace);
    cspace_mint(&cspace, badged_ep, &cspace, ep, seL4_AllRights, 0xff);
    seL4_Word badge;
    seL4_MessageInfo_t msg = seL4_Recv(ep, &badge, reply);
    seL4_MessageInfo_t response = seL4_MessageInfo_new(0, 0, 0, 1);
    seL4_NBSend(reply, response);
    /* ---- end of the fragment ---- */

    EXPECT_OK(err);
    EXPECT(badged_ep == client_cap, "badged_ep is %lu, the client used %lu", badged_ep, client_cap);
    EXPECT(badge == 0xff, "received badge 0x%lx, expected 0xff", badge);
    EXPECT(seL4_MessageInfo_get_label(msg) == CLIENT_LABEL && seL4_MessageInfo_get_length(msg) == 1,
           "received label %lu length %lu", seL4_MessageInfo_get_label(msg), seL4_MessageInfo_get_length(msg));
    /* Let the client finish: below its priority, the root task runs again once it is done. */
    (void)seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, CLIENT_PRIORITY - 1);
    (void)seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, seL4_MaxPrio);
    EXPECT(client_label == 0 && client_length == 1 && client_word == CLIENT_WORD,
           "the client got label %lu, length %lu, MR0 0x%lx", client_label, client_length, client_word);
    runtime_thread_destroy(&client);
    lib_object_free(badged_ep, NULL);
    lib_object_free(reply, reply_ut);
    lib_object_free(ep, ep_ut);
    return NULL;
}

void run_lecture_tests(void)
{
    run_test("LECTURE0001", lecture_fragment_runs);
}
