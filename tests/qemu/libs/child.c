/* A child process for PROCESS0001 (process_test.c), started by runtime_process_start from its
   ELF file linked into test-libs: it calls its parent through the endpoint it was given, with
   a value from its initialised data and its zeroed bss, then sends the answer plus one. */
#include <stdio.h>

#include <runtime_process.h>
#include <sel4runtime.h>

static seL4_Word initialised = 41;
static seL4_Word zeroed;

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    printf("child: in my own address space, IPC buffer at %p, %lu free slots\n", (void *)bi->ipcBuffer,
           bi->empty.end - bi->empty.start);
    seL4_SetMR(0, initialised + 1 + zeroed);
    seL4_MessageInfo_t reply = seL4_Call(RUNTIME_CHILD_ENDPOINT, seL4_MessageInfo_new(9, 0, 0, 1));
    seL4_SetMR(0, seL4_GetMR(0) + seL4_MessageInfo_get_label(reply) + 1);
    seL4_Send(RUNTIME_CHILD_ENDPOINT, seL4_MessageInfo_new(10, 0, 0, 1));
    return 0; /* a child suspends itself */
}
