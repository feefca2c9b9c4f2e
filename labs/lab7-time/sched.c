/* Lab 7: your scheduling contexts and passive server. See README.md for the tasks; lab7.h says
   what each function must do. */
#include <sel4runtime.h>

#include "lab7.h"

seL4_Error lab7_sc_new(seL4_CPtr untyped, seL4_CPtr slot, seL4_Word budget_us, seL4_Word period_us)
{
    /* TODO(7.1): retype the untyped into a scheduling context in `slot`, then give it its
       budget and period with seL4_SchedControl_ConfigureFlags. Pass any error on unchanged. */
    (void)untyped;
    (void)slot;
    (void)budget_us;
    (void)period_us;
    return seL4_IllegalOperation;
}

void lab7_server(seL4_CPtr endpoint, seL4_CPtr reply)
{
    /* TODO(7.2): wait for the first request with seL4_Recv, then answer each request and wait
       for the next one in a single seL4_ReplyRecv, for ever. */
    (void)endpoint;
    (void)reply;
}

seL4_Error lab7_make_passive(seL4_CPtr endpoint, seL4_CPtr server_sc)
{
    /* TODO(7.3): make sure the server is waiting in its Recv (how can you tell without a
       race?), then unbind its scheduling context. */
    (void)endpoint;
    (void)server_sc;
    return seL4_NoError;
}
