/* The smallest Quokka root task: greets from U-mode, shows what the kernel handed over in
   bootinfo, and stops the machine. */
#include <stdio.h>

#include <sel4/sel4.h>
#include <sel4runtime.h>

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    printf("Hello from the root task, running in U-mode!\n");
    printf("bootinfo at %p: node %lu of %lu, IPC buffer at %p, %lu untyped caps\n", (void *)bi,
           (unsigned long)bi->nodeID, (unsigned long)bi->numNodes, (void *)bi->ipcBuffer,
           (unsigned long)(bi->untyped.end - bi->untyped.start));
    printf("Goodbye: halting the machine with seL4_DebugHalt.\n");
    return 0;
}
