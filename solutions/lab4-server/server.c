/* Lab 4: the lecture's stateful server. Clients are told apart by the badges of their endpoint
   caps; each has its own session state; one reply object answers every request, in a
   ReplyRecv loop. Whatever a client sends, the server answers it (or, for a Send, drops the
   answer) and goes on: one client cannot stop the others. */
#include <ut.h>

#include "lab4.h"
#include "server.h"

/* The state of one client's session, found by badge. */
struct session {
    bool open;
    seL4_Word total;
    seL4_Word requests;
};

static struct session sessions[LAB4_MAX_CLIENTS + 1]; /* index: badge; 0 is nobody */

/* One object of `type` (2^bits bytes) in a new slot; seL4_CapNull with nothing kept on failure. */
static seL4_CPtr new_object(cspace_t *cspace, seL4_Word type, size_t bits)
{
    /* LAB TODO(4.1): the AOS pattern: an untyped from ut_alloc, a slot from cspace_alloc_slot, then cspace_untyped_retype. */
    /* LAB SKELETON
    (void)cspace;
    (void)type;
    (void)bits;
    return seL4_CapNull;
    */
    /* LAB BEGIN */
    ut_t *ut = ut_alloc(bits, cspace);
    seL4_CPtr slot = ut != NULL ? cspace_alloc_slot(cspace) : seL4_CapNull;
    if (slot != seL4_CapNull && cspace_untyped_retype(cspace, ut->cap, slot, type, bits) == seL4_NoError) {
        return slot;
    }
    cspace_free_slot(cspace, slot);
    ut_free(ut);
    return seL4_CapNull;
    /* LAB END */
}

int server_init(server_t *server, cspace_t *cspace)
{
    server->endpoint = new_object(cspace, seL4_EndpointObject, seL4_EndpointBits);
    server->reply = new_object(cspace, seL4_ReplyObject, seL4_ReplyBits);
    return server->endpoint != seL4_CapNull && server->reply != seL4_CapNull ? 0 : -1;
}

static seL4_MessageInfo_t answer(seL4_Word status, seL4_Word words)
{
    return seL4_MessageInfo_new(status, 0, 0, words);
}

seL4_MessageInfo_t server_handle(seL4_Word badge, seL4_MessageInfo_t request)
{
    seL4_Word label = seL4_MessageInfo_get_label(request);
    seL4_Word length = seL4_MessageInfo_get_length(request);
    /* LAB TODO(4.4): refuse what no client may send: an unknown badge, an unknown label, an ADD without its amount. */
    /* LAB SKELETON
    (void)badge;
    (void)label;
    (void)length;
    */
    /* LAB BEGIN */
    if (badge == 0 || badge > LAB4_MAX_CLIENTS) {
        return answer(LAB4_BAD_CLIENT, 0);
    }
    if (label < LAB4_OPEN || label > LAB4_CLOSE || (label == LAB4_ADD && length < 1)) {
        return answer(LAB4_BAD_REQUEST, 0);
    }
    /* LAB END */
    /* LAB TODO(4.3): the session protocol (lab4.h) on the caller's own state, found by its badge. */
    /* LAB SKELETON
    (void)sessions;
    return answer(LAB4_BAD_REQUEST, 0);
    */
    /* LAB BEGIN */
    struct session *session = &sessions[badge];
    if (label == LAB4_OPEN) {
        if (session->open) {
            return answer(LAB4_BUSY, 0);
        }
        *session = (struct session){.open = true};
        return answer(LAB4_OK, 0);
    }
    if (!session->open) {
        return answer(LAB4_NO_SESSION, 0);
    }
    session->requests++;
    if (label == LAB4_CLOSE) {
        seL4_SetMR(0, session->total);
        *session = (struct session){0};
        return answer(LAB4_OK, 1);
    }
    if (label == LAB4_ADD) {
        session->total += seL4_GetMR(0);
    }
    seL4_SetMR(0, session->total);
    seL4_SetMR(1, session->requests);
    return answer(LAB4_OK, 2);
    /* LAB END */
}

void server_run(server_t *server)
{
    /* LAB TODO(4.2): Recv once, then answer each request and wait for the next in one seL4_ReplyRecv, forever. */
    /* LAB SKELETON
    (void)server;
    */
    /* LAB BEGIN */
    seL4_Word badge = 0;
    seL4_MessageInfo_t request = seL4_Recv(server->endpoint, &badge, server->reply);
    for (;;) {
        seL4_MessageInfo_t response = server_handle(badge, request);
        request = seL4_ReplyRecv(server->endpoint, response, &badge, server->reply);
    }
    /* LAB END */
}
