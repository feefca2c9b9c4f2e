/* Lab 7: your scheduling contexts and passive server. See README.md for the tasks; lab7.h says
   what each function must do. */
#include <sel4runtime.h>

#include "lab7.h"

seL4_Error lab7_sc_new(seL4_CPtr untyped, seL4_CPtr slot, seL4_Word budget_us, seL4_Word period_us)
{
    /* LAB TODO(7.1): retype the untyped into a scheduling context in `slot`, then give it its
       budget and period with seL4_SchedControl_ConfigureFlags. Pass any error on unchanged. */
    /* LAB SKELETON
    (void)untyped;
    (void)slot;
    (void)budget_us;
    (void)period_us;
    return seL4_IllegalOperation;
    */
    /* LAB BEGIN */
    seL4_Error error = seL4_Untyped_Retype(untyped, seL4_SchedContextObject, seL4_MinSchedContextBits,
                                           seL4_CapInitThreadCNode, 0, 0, slot, 1);
    if (error != seL4_NoError) {
        return error;
    }
    return seL4_SchedControl_ConfigureFlags(sel4runtime_bootinfo()->schedcontrol.start, slot, budget_us, period_us,
                                            0, 0, 0);
    /* LAB END */
}

void lab7_server(seL4_CPtr endpoint, seL4_CPtr reply)
{
    /* LAB TODO(7.2): wait for the first request with seL4_Recv, then answer each request and wait
       for the next one in a single seL4_ReplyRecv, for ever. */
    /* LAB SKELETON
    (void)endpoint;
    (void)reply;
    */
    /* LAB BEGIN */
    seL4_Word badge = 0;
    seL4_MessageInfo_t request = seL4_Recv(endpoint, &badge, reply);
    for (;;) {
        seL4_MessageInfo_t answer;
        switch (seL4_MessageInfo_get_label(request)) {
        case LAB7_PING:
            answer = seL4_MessageInfo_new(LAB7_PING, 0, 0, 0);
            break;
        case LAB7_WORK:
            if (seL4_MessageInfo_get_length(request) < 1) {
                answer = seL4_MessageInfo_new(LAB7_ERROR, 0, 0, 0);
                break;
            }
            seL4_SetMR(0, lab7_work(seL4_GetMR(0)));
            answer = seL4_MessageInfo_new(LAB7_WORK, 0, 0, 1);
            break;
        default:
            answer = seL4_MessageInfo_new(LAB7_ERROR, 0, 0, 0);
            break;
        }
        request = seL4_ReplyRecv(endpoint, answer, &badge, reply);
    }
    /* LAB END */
}

seL4_Error lab7_make_passive(seL4_CPtr endpoint, seL4_CPtr server_sc)
{
    /* LAB TODO(7.3): make sure the server is waiting in its Recv (how can you tell without a
       race?), then unbind its scheduling context. */
    /* LAB SKELETON
    (void)endpoint;
    (void)server_sc;
    return seL4_NoError;
    */
    /* LAB BEGIN */
    /* A Call returns only after the server answered, and its ReplyRecv answers and waits for the
       next request in one system call: when the answer arrives, the server is in its Recv. */
    seL4_MessageInfo_t answer = seL4_Call(endpoint, seL4_MessageInfo_new(LAB7_PING, 0, 0, 0));
    if (seL4_MessageInfo_get_label(answer) != LAB7_PING) {
        return seL4_IllegalOperation;
    }
    return seL4_SchedContext_Unbind(server_sc);
    /* LAB END */
}
