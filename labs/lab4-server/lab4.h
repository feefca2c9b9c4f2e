/* Lab 4's session protocol: what a client sends the server (server.c) and what it answers. A
   client is known by the badge of its endpoint cap (1 .. LAB4_MAX_CLIENTS). The answer's label
   is a LAB4_* status; its words are listed per request. */
#pragma once

enum lab4_request {
    LAB4_OPEN = 1,  /* start a session (total 0). out: none */
    LAB4_ADD = 2,   /* in: MR0 the amount. out: MR0 the session's total, MR1 its requests so far */
    LAB4_GET = 3,   /* out: MR0 total, MR1 requests (the GET counts too) */
    LAB4_CLOSE = 4, /* end the session. out: MR0 its final total */
};

enum lab4_status {
    LAB4_OK = 0,
    LAB4_BAD_CLIENT = 1,  /* badge 0 or above LAB4_MAX_CLIENTS */
    LAB4_BAD_REQUEST = 2, /* unknown label, or too few words */
    LAB4_NO_SESSION = 3,  /* ADD, GET or CLOSE without an open session */
    LAB4_BUSY = 4,        /* OPEN with a session already open */
    LAB4_FAULTED = 98,    /* not the server's: its thread faulted, student.c answers instead */
    LAB4_RETURNED = 99,   /* not the server's: server_run returned, student.c answers instead */
};

#define LAB4_MAX_CLIENTS 8

/* The control requests of the tests to the student's process (student.c). */
enum lab4_control {
    LAB4_INFO = 1, /* out: 0 when server_init succeeded, the server's endpoint slot */
};
