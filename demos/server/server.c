/* The lecture's stateful server: the root task sets up libcspace and libut, makes an endpoint,
   and hands each of three client threads its own badged copy of it. The server tells clients
   apart by badge, keeps a running total per client, and answers each Call through a reply
   object with seL4_ReplyRecv. The clients print what they got back. */
#include <assert.h>
#include <stdio.h>

#include <bootstrap.h>
#include <cspace.h>
#include <runtime_thread.h>
#include <sel4runtime.h>
#include <ut.h>

#define CLIENTS 3
#define REQUESTS 3
#define CLIENT_PRIORITY 100
#define CLIENT_BUDGET_US 20000 /* long enough to print a line without being preempted */
#define STACK_BYTES 8192
#define OP_ADD 1 /* label of a request: MR0 = the number to add to this client's total */

static cspace_t cspace;

struct client {
    seL4_CPtr ep;     /* its badged endpoint cap */
    seL4_Word id;     /* also its badge */
    runtime_thread_t thread;
    char stack[STACK_BYTES] __attribute__((aligned(16)));
};
static struct client clients[CLIENTS];

/* Per-client state, found by badge. */
struct account {
    seL4_Word total;
    seL4_Word requests;
};
static struct account accounts[CLIENTS + 1];

static void client_main(void *arg)
{
    struct client *self = arg;
    for (seL4_Word i = 1; i <= REQUESTS; i++) {
        seL4_Word amount = self->id * 10 + i;
        seL4_SetMR(0, amount);
        seL4_MessageInfo_t reply = seL4_Call(self->ep, seL4_MessageInfo_new(OP_ADD, 0, 0, 1));
        printf("client %lu: added %lu, server says my total is %lu after %lu requests (label %lu)\n", self->id,
               amount, seL4_GetMR(0), seL4_GetMR(1), seL4_MessageInfo_get_label(reply));
    }
}

/* An object of `type` (2^bits bytes) in a new slot, the usual libut + libcspace pattern. */
static seL4_CPtr new_object(seL4_Word type, size_t bits)
{
    ut_t *ut = ut_alloc(bits, &cspace);
    assert(ut != NULL);
    seL4_CPtr slot = cspace_alloc_slot(&cspace);
    assert(slot != seL4_CapNull);
    seL4_Error err = cspace_untyped_retype(&cspace, ut->cap, slot, type, bits);
    assert(err == seL4_NoError);
    return slot;
}

/* Answers every request until each client has made all of its own. */
static void serve(seL4_CPtr ep, seL4_CPtr reply)
{
    seL4_Word badge;
    seL4_MessageInfo_t msg = seL4_Recv(ep, &badge, reply);
    for (int served = 1;; served++) {
        seL4_Word label = seL4_MessageInfo_get_label(msg);
        seL4_MessageInfo_t response = seL4_MessageInfo_new(1, 0, 0, 0); /* label 1: refused */
        if (badge >= 1 && badge <= CLIENTS && label == OP_ADD) {
            struct account *account = &accounts[badge];
            account->total += seL4_GetMR(0);
            account->requests++;
            seL4_SetMR(0, account->total);
            seL4_SetMR(1, account->requests);
            response = seL4_MessageInfo_new(0, 0, 0, 2);
        }
        if (served == CLIENTS * REQUESTS) {
            seL4_NBSend(reply, response); /* the last answer: the clients are done */
            return;
        }
        msg = seL4_ReplyRecv(ep, response, &badge, reply);
    }
}

int main(void)
{
    if (root_task_bootstrap(sel4runtime_bootinfo(), &cspace) != CSPACE_NOERROR) {
        printf("server: bootstrap failed: %s\n", root_task_bootstrap_failure());
        return 1;
    }
    printf("server: %lu MiB of untyped memory in libut, CSpace of 2^%u slots\n", ut_size() >> 20,
           CSPACE_ROOT_TOP_BITS + CSPACE_NODE_BITS);
    seL4_CPtr ep = new_object(seL4_EndpointObject, seL4_EndpointBits);
    seL4_CPtr reply = new_object(seL4_ReplyObject, seL4_ReplyBits);
    for (int i = 0; i < CLIENTS; i++) {
        struct client *c = &clients[i];
        c->id = (seL4_Word)i + 1;
        c->ep = cspace_alloc_slot(&cspace);
        seL4_Error err = cspace_mint(&cspace, c->ep, &cspace, ep, seL4_AllRights, c->id);
        assert(err == seL4_NoError);
        char name[16];
        snprintf(name, sizeof name, "client%lu", c->id);
        err = runtime_thread_create(&c->thread, &cspace, name, CLIENT_PRIORITY, CLIENT_BUDGET_US, client_main, c, c->stack,
                                    sizeof c->stack);
        assert(err == seL4_NoError);
        printf("server: client %lu gets endpoint cap %lu with badge %lu\n", c->id, c->ep, c->id);
    }
    serve(ep, reply);
    /* Let the clients print their last answers: below their priority, the root task runs again
       once they have all finished (suspended). */
    (void)seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, CLIENT_PRIORITY - 1);
    (void)seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, seL4_MaxPrio);
    for (int id = 1; id <= CLIENTS; id++) {
        printf("server: client %d made %lu requests, total %lu\n", id, accounts[id].requests, accounts[id].total);
    }
    printf("server: done\n");
    return 0;
}
