/* Lab 4: the server's interface between student.c (not edited) and server.c (yours). */
#pragma once

#include <cspace.h>
#include <sel4/sel4.h>

/* The server's kernel objects; caps in the process's own cspace. */
typedef struct server {
    seL4_CPtr endpoint; /* clients Call this (through badged copies) */
    seL4_CPtr reply;    /* the reply object Recv and ReplyRecv use */
} server_t;

/* Makes the server's endpoint and reply object (ut_alloc, a slot, Retype). 0 on success, -1
   with nothing left allocated otherwise. */
int server_init(server_t *server, cspace_t *cspace);

/* Answers one request of the client with `badge`: the answer's words are set with seL4_SetMR,
   the answer's message info is returned (label: a LAB4_* status). */
seL4_MessageInfo_t server_handle(seL4_Word badge, seL4_MessageInfo_t request);

/* The server's loop: receives requests on the endpoint and answers each one through the reply
   object, forever. Runs in its own thread. */
void server_run(server_t *server);
