/* Lab 4's tests: trusted code in the harness, acting as the server's clients. The harness
   copies the server's endpoint cap out of the student's CSpace, mints one copy per client
   with the client's badge (plus an unbadged one and one with a badge the server does not
   serve), and Calls the server through them, checking every answer against the protocol in
   lab4.h. */
#include <cspace.h>
#include <grade.h>

#include "../lab4.h"

#define BADGE_UNKNOWN 99
#define PAGES 8

typedef struct {
    grade_t *g;
    seL4_CPtr ep;                             /* unbadged copy of the server's endpoint */
    seL4_CPtr clients[LAB4_MAX_CLIENTS + 1];  /* index: badge */
    seL4_CPtr unknown;                        /* badge BADGE_UNKNOWN */
    bool dead;                                /* the server stopped answering properly */
} fixture_t;

typedef struct {
    seL4_Word status;
    seL4_Word mr[2];
} answer_t;

static void release(fixture_t *fx)
{
    cspace_t *cs = grade_cspace(fx->g);
    seL4_CPtr *caps[] = {&fx->ep, &fx->unknown};
    for (size_t i = 0; i <= LAB4_MAX_CLIENTS + 2; i++) {
        seL4_CPtr *cap = i <= LAB4_MAX_CLIENTS ? &fx->clients[i] : caps[i - LAB4_MAX_CLIENTS - 1];
        if (*cap != seL4_CapNull) {
            (void)cspace_delete(cs, *cap);
            cspace_free_slot(cs, *cap);
            *cap = seL4_CapNull;
        }
    }
}

static seL4_CPtr mint(fixture_t *fx, seL4_Word badge)
{
    cspace_t *cs = grade_cspace(fx->g);
    seL4_CPtr slot = cspace_alloc_slot(cs);
    if (slot != seL4_CapNull && cspace_mint(cs, slot, cs, fx->ep, seL4_AllRights, badge) != seL4_NoError) {
        cspace_free_slot(cs, slot);
        slot = seL4_CapNull;
    }
    return slot;
}

/* Starts the student's process and takes hold of the server's endpoint. */
static bool set_up(grade_t *g, fixture_t *fx)
{
    *fx = (fixture_t){.g = g};
    grade_student_config_t config = {.untyped_count = PAGES, .untyped_bits = seL4_PageBits, .cnode_bits = 0};
    seL4_Word mrs[GRADE_MSG_WORDS] = {0};
    size_t out = 0;
    if (!grade_student_start(g, &config) || !grade_student_call(g, LAB4_INFO, mrs, 0, &out)) {
        return false;
    }
    if (!grade_check(g, out == 2 && mrs[0] == 0, "the student's process has no server: %s",
                     out != 2 ? "bad answer" : mrs[0] == 1 ? "server_init failed" : "its thread could not start "
                     "(or libut could not be set up)")) {
        return false;
    }
    cspace_t *cs = grade_cspace(g);
    fx->ep = cspace_alloc_slot(cs);
    bool ok = fx->ep != seL4_CapNull &&
              seL4_CNode_Copy(cs->root_cnode, fx->ep, seL4_WordBits, grade_student_cnode(g), mrs[1], seL4_WordBits,
                              seL4_AllRights) == seL4_NoError &&
              seL4_DebugCapIdentify(fx->ep) == 4 /* endpoint */;
    if (!ok) {
        cspace_free_slot(cs, fx->ep);
        fx->ep = seL4_CapNull;
        grade_fail(g, "server_init's endpoint (slot %lu) is not an endpoint", mrs[1]);
        return false;
    }
    for (seL4_Word badge = 1; badge <= LAB4_MAX_CLIENTS; badge++) {
        fx->clients[badge] = mint(fx, badge);
        ok = ok && fx->clients[badge] != seL4_CapNull;
    }
    fx->unknown = mint(fx, BADGE_UNKNOWN);
    if (!ok || fx->unknown == seL4_CapNull) {
        grade_fail(g, "harness: cannot mint the clients' caps");
        release(fx);
        return false;
    }
    return true;
}

/* One Call: `words` message words from `in`; false when the server is gone. */
static bool call(fixture_t *fx, seL4_CPtr cap, seL4_Word label, size_t words, const seL4_Word *in, answer_t *a)
{
    if (fx->dead) {
        return false;
    }
    for (size_t i = 0; i < words; i++) {
        seL4_SetMR(i, in[i]);
    }
    seL4_MessageInfo_t info = seL4_Call(cap, seL4_MessageInfo_new(label, 0, 0, words));
    a->status = seL4_MessageInfo_get_label(info);
    size_t length = seL4_MessageInfo_get_length(info);
    a->mr[0] = length > 0 ? seL4_GetMR(0) : ~0ul;
    a->mr[1] = length > 1 ? seL4_GetMR(1) : ~0ul;
    if (a->status == LAB4_RETURNED || a->status == LAB4_FAULTED) {
        fx->dead = true;
        grade_fail(fx->g, a->status == LAB4_RETURNED ? "server_run returned"
                                                     : "the server's thread faulted (its output says where)");
        return false;
    }
    return true;
}

/* A Call that must get `status` and (for LAB4_OK) the words `mr0`, `mr1` (~0: not checked). */
static bool expect(fixture_t *fx, seL4_Word badge_or_cap, bool is_cap, seL4_Word label, size_t words, seL4_Word arg,
                   seL4_Word status, seL4_Word mr0, seL4_Word mr1, const char *what)
{
    seL4_CPtr cap = is_cap ? badge_or_cap : fx->clients[badge_or_cap];
    answer_t a;
    seL4_Word in[1] = {arg};
    if (!call(fx, cap, label, words, in, &a)) {
        return false;
    }
    if (!grade_check(fx->g, a.status == status, "%s: the answer's status is %lu, expected %lu", what, a.status,
                     status)) {
        return false;
    }
    bool words_ok = (mr0 == ~0ul || a.mr[0] == mr0) && (mr1 == ~0ul || a.mr[1] == mr1);
    return grade_check(fx->g, status != LAB4_OK || words_ok, "%s: the answer's words are %ld, %ld, expected %ld, %ld "
                       "(-1: missing or not checked)", what, (long)a.mr[0], (long)a.mr[1], (long)mr0, (long)mr1);
}

#define ANY (~0ul)
#define CLIENT(fx, badge, label, words, arg, status, mr0, mr1, what) \
    expect(fx, badge, false, label, words, arg, status, mr0, mr1, what)

/* SV-01: one client's session: open, add, get, close; nothing without a session. */
void test_one_session(grade_t *g)
{
    fixture_t fx;
    if (!set_up(g, &fx)) {
        return;
    }
    (void)(CLIENT(&fx, 1, LAB4_OPEN, 0, 0, LAB4_OK, ANY, ANY, "OPEN") &&
           CLIENT(&fx, 1, LAB4_ADD, 1, 5, LAB4_OK, 5, 1, "ADD 5") &&
           CLIENT(&fx, 1, LAB4_ADD, 1, 7, LAB4_OK, 12, 2, "ADD 7") &&
           CLIENT(&fx, 1, LAB4_GET, 0, 0, LAB4_OK, 12, 3, "GET") &&
           CLIENT(&fx, 1, LAB4_CLOSE, 0, 0, LAB4_OK, 12, ANY, "CLOSE") &&
           CLIENT(&fx, 1, LAB4_ADD, 1, 1, LAB4_NO_SESSION, ANY, ANY, "ADD after CLOSE") &&
           CLIENT(&fx, 1, LAB4_GET, 0, 0, LAB4_NO_SESSION, ANY, ANY, "GET after CLOSE") &&
           CLIENT(&fx, 1, LAB4_CLOSE, 0, 0, LAB4_NO_SESSION, ANY, ANY, "CLOSE after CLOSE"));
    release(&fx);
}

/* SV-02: three clients, interleaved: each has its own state, found by its badge. */
void test_clients_apart(grade_t *g)
{
    fixture_t fx;
    if (!set_up(g, &fx)) {
        return;
    }
    bool ok = true;
    for (seL4_Word c = 1; c <= 3 && ok; c++) {
        ok = CLIENT(&fx, c, LAB4_OPEN, 0, 0, LAB4_OK, ANY, ANY, "OPEN");
    }
    for (seL4_Word i = 1; i <= 3 && ok; i++) {
        for (seL4_Word c = 1; c <= 3 && ok; c++) {
            seL4_Word total = 0;
            for (seL4_Word k = 1; k <= i; k++) {
                total += c * 10 + k;
            }
            ok = CLIENT(&fx, c, LAB4_ADD, 1, c * 10 + i, LAB4_OK, total, i, "interleaved ADD");
        }
    }
    for (seL4_Word c = 1; c <= 3 && ok; c++) {
        ok = CLIENT(&fx, c, LAB4_GET, 0, 0, LAB4_OK, 3 * c * 10 + 6, 4, "GET after three rounds");
    }
    if (ok) {
        (void)CLIENT(&fx, 4, LAB4_GET, 0, 0, LAB4_NO_SESSION, ANY, ANY, "GET of a client that never opened");
    }
    release(&fx);
}

/* SV-03: a second OPEN is refused and keeps the session; after CLOSE a new session starts at 0. */
void test_session_lifecycle(grade_t *g)
{
    fixture_t fx;
    if (!set_up(g, &fx)) {
        return;
    }
    (void)(CLIENT(&fx, 2, LAB4_OPEN, 0, 0, LAB4_OK, ANY, ANY, "OPEN") &&
           CLIENT(&fx, 2, LAB4_ADD, 1, 40, LAB4_OK, 40, 1, "ADD 40") &&
           CLIENT(&fx, 2, LAB4_OPEN, 0, 0, LAB4_BUSY, ANY, ANY, "OPEN with a session open") &&
           CLIENT(&fx, 2, LAB4_ADD, 1, 2, LAB4_OK, 42, 2, "ADD after the refused OPEN") &&
           CLIENT(&fx, 2, LAB4_CLOSE, 0, 0, LAB4_OK, 42, ANY, "CLOSE") &&
           CLIENT(&fx, 2, LAB4_OPEN, 0, 0, LAB4_OK, ANY, ANY, "OPEN again") &&
           CLIENT(&fx, 2, LAB4_GET, 0, 0, LAB4_OK, 0, 1, "GET of the new session"));
    release(&fx);
}

/* SV-04: misbehaving clients get errors and change nothing for the others: an unbadged cap, a
   badge the server does not serve, unknown labels, an ADD without its amount. */
void test_misbehaving_clients(grade_t *g)
{
    fixture_t fx;
    if (!set_up(g, &fx)) {
        return;
    }
    bool ok = CLIENT(&fx, 1, LAB4_OPEN, 0, 0, LAB4_OK, ANY, ANY, "OPEN") &&
              CLIENT(&fx, 1, LAB4_ADD, 1, 100, LAB4_OK, 100, 1, "ADD 100") &&
              CLIENT(&fx, 2, LAB4_OPEN, 0, 0, LAB4_OK, ANY, ANY, "OPEN (client 2)");
    for (seL4_Word label = LAB4_OPEN; label <= LAB4_CLOSE && ok; label++) {
        ok = expect(&fx, fx.ep, true, label, 1, 1, LAB4_BAD_CLIENT, ANY, ANY, "a request with badge 0") &&
             expect(&fx, fx.unknown, true, label, 1, 1, LAB4_BAD_CLIENT, ANY, ANY, "a request with badge 99");
    }
    ok = ok && CLIENT(&fx, 2, 77, 1, 1, LAB4_BAD_REQUEST, ANY, ANY, "label 77") &&
         CLIENT(&fx, 2, 0, 0, 0, LAB4_BAD_REQUEST, ANY, ANY, "label 0") &&
         CLIENT(&fx, 2, LAB4_ADD, 0, 0, LAB4_BAD_REQUEST, ANY, ANY, "ADD without its amount") &&
         CLIENT(&fx, 3, LAB4_CLOSE, 0, 0, LAB4_NO_SESSION, ANY, ANY, "CLOSE by a client without a session");
    if (ok) {
        (void)(CLIENT(&fx, 1, LAB4_GET, 0, 0, LAB4_OK, 100, 2, "client 1's GET after the others misbehaved") &&
               CLIENT(&fx, 2, LAB4_GET, 0, 0, LAB4_OK, 0, 1, "client 2's GET after its bad requests"));
    }
    release(&fx);
}

/* SV-05: a client that Sends instead of Calling expects no answer: its requests still count,
   and the server goes on answering the others. */
void test_send_without_call(grade_t *g)
{
    fixture_t fx;
    if (!set_up(g, &fx)) {
        return;
    }
    if (CLIENT(&fx, 2, LAB4_OPEN, 0, 0, LAB4_OK, ANY, ANY, "OPEN (client 2)")) {
        for (int i = 0; i < 3; i++) {
            seL4_SetMR(0, 5);
            seL4_Send(fx.clients[2], seL4_MessageInfo_new(LAB4_ADD, 0, 0, 1));
        }
        (void)(CLIENT(&fx, 1, LAB4_OPEN, 0, 0, LAB4_OK, ANY, ANY, "OPEN (client 1) after client 2's Sends") &&
               CLIENT(&fx, 1, LAB4_ADD, 1, 1, LAB4_OK, 1, 1, "ADD (client 1)") &&
               CLIENT(&fx, 2, LAB4_GET, 0, 0, LAB4_OK, 15, 4, "GET (client 2) after three sent ADDs of 5"));
    }
    release(&fx);
}

/* SV-06: 2000 requests from 8 clients in turn: every answer right (one reply object serves
   them all; nothing is allocated per request). */
void test_many_requests(grade_t *g)
{
    fixture_t fx;
    if (!set_up(g, &fx)) {
        return;
    }
    seL4_Word totals[LAB4_MAX_CLIENTS + 1] = {0};
    bool ok = true;
    for (seL4_Word c = 1; c <= LAB4_MAX_CLIENTS && ok; c++) {
        ok = CLIENT(&fx, c, LAB4_OPEN, 0, 0, LAB4_OK, ANY, ANY, "OPEN");
    }
    size_t wrong = 0;
    for (seL4_Word i = 0; i < 2000 && ok; i++) {
        seL4_Word c = 1 + i % LAB4_MAX_CLIENTS;
        totals[c] += i;
        answer_t a;
        seL4_Word in[1] = {i};
        ok = call(&fx, fx.clients[c], LAB4_ADD, 1, in, &a);
        wrong += ok && (a.status != LAB4_OK || a.mr[0] != totals[c] || a.mr[1] != i / LAB4_MAX_CLIENTS + 1);
    }
    if (ok && grade_check(g, wrong == 0, "%lu of 2000 answers were wrong", (seL4_Word)wrong)) {
        for (seL4_Word c = 1; c <= LAB4_MAX_CLIENTS && ok; c++) {
            ok = CLIENT(&fx, c, LAB4_CLOSE, 0, 0, LAB4_OK, totals[c], ANY, "CLOSE after 250 ADDs");
        }
    }
    release(&fx);
}
