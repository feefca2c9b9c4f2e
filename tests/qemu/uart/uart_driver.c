/* A user-level UART driver (issue 5's demonstration): the root task maps the ns16550a's page
   from its device untyped, takes the UART's interrupt as notifications, and echoes what arrives
   on QEMU's serial input through the UART itself, until it has seen a newline. The kernel's
   console (SBI, the same device underneath) keeps working meanwhile. */
#include <stdio.h>

#include <sel4/sel4.h>

#include "../objects/objtest.h"

#define UART_PADDR 0x10000000ul
#define UART_IRQ 10
#define UART_VADDR 0x200000ul /* a free 2 MiB region of the root task's address space */

/* ns16550a registers (byte offsets) and bits. */
#define RBR 0 /* receive buffer (read) / transmit holding (write) */
#define IER 1 /* interrupt enable: bit 0 = received data available */
#define LSR 5 /* line status: bit 0 = data ready, bit 5 = transmit holding empty */

static volatile unsigned char *const uart = (volatile unsigned char *)UART_VADDR;

static const char *setup(seL4_CPtr *notification, seL4_CPtr *handler)
{
    unsigned bits = 0;
    seL4_CPtr device = device_untyped_at(UART_PADDR, &bits);
    if (device == 0) {
        return "no device untyped covers the UART";
    }
    seL4_CPtr frame = new_object(device, seL4_RISCV_4K_Page, 0);
    seL4_CPtr ram = untyped_alloc(14);
    seL4_CPtr table = ram != 0 ? new_object(ram, seL4_RISCV_PageTableObject, 0) : 0;
    *notification = ram != 0 ? new_object(ram, seL4_NotificationObject, 0) : 0;
    if (frame == 0 || table == 0 || *notification == 0) {
        return "could not make the frame, page table and notification";
    }
    if (seL4_RISCV_Page_GetAddress(frame).paddr != UART_PADDR) {
        return "the device frame is not the UART's page";
    }
    if (seL4_RISCV_PageTable_Map(table, seL4_CapInitThreadVSpace, UART_VADDR,
                                 seL4_RISCV_Default_VMAttributes) != seL4_NoError ||
        seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, UART_VADDR, seL4_ReadWrite,
                            seL4_RISCV_ExecuteNever) != seL4_NoError) {
        return "could not map the UART";
    }
    *handler = slot_alloc();
    if (seL4_IRQControl_Get(seL4_CapIRQControl, UART_IRQ, seL4_CapInitThreadCNode, *handler, seL4_WordBits) !=
        seL4_NoError) {
        return "IRQControl_Get failed";
    }
    if (seL4_IRQControl_Get(seL4_CapIRQControl, UART_IRQ, seL4_CapInitThreadCNode, slot_alloc(),
                            seL4_WordBits) != seL4_RevokeFirst) {
        return "a second handler for the same interrupt was not refused";
    }
    if (seL4_IRQHandler_SetNotification(*handler, *notification) != seL4_NoError) {
        return "SetNotification failed";
    }
    uart[IER] = 1; /* interrupt when a character arrives */
    return NULL;
}

int main(void)
{
    objtest_init();
    seL4_CPtr notification = 0, handler = 0;
    const char *problem = setup(&notification, &handler);
    if (problem != NULL) {
        printf("TEST UART0001 fail %s\n", problem);
        return 1;
    }
    printf("TEST UART0001 pass\n");
    printf("uart driver: waiting for input\n");
    char line[64];
    unsigned length = 0, interrupts = 0;
    while (length < sizeof line - 1) {
        seL4_Word badge;
        seL4_Wait(notification, &badge);
        interrupts++;
        while ((uart[LSR] & 1) != 0 && length < sizeof line - 1) {
            char c = (char)uart[RBR];
            line[length++] = c;
            while ((uart[LSR] & 0x20) == 0) {
            }
            uart[RBR] = (unsigned char)c; /* echo through the device itself */
        }
        seL4_IRQHandler_Ack(handler);
        if (length > 0 && line[length - 1] == '\n') {
            break;
        }
    }
    line[length] = '\0';
    uart[IER] = 0;
    printf("\nuart driver: got \"%.*s\" in %u interrupts\n", (int)(length - 1), line, interrupts);
    printf("TEST UART0002 %s\n", length > 0 && interrupts > 0 ? "pass" : "fail no input arrived");
    return 0;
}
