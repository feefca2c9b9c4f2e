/* Lab 5: your UART driver. See README.md for the tasks; lab5.h says what each function must do. */
#include "lab5.h"

seL4_CPtr uart_find_device(const seL4_BootInfo *bi, seL4_Word paddr)
{
    /* TODO(5.1): look through bootinfo's untypeds for a device one that holds paddr. */
    (void)bi;
    (void)paddr;
    return seL4_CapNull;
}

seL4_Error uart_map(seL4_CPtr device_untyped, seL4_CPtr slot, seL4_Word vaddr)
{
    /* TODO(5.2): retype a 4 KiB frame from the device untyped, check its physical address
       (seL4_RISCV_Page_GetAddress), map it read-write and never executable. */
    (void)device_untyped;
    (void)slot;
    (void)vaddr;
    return seL4_IllegalOperation;
}

seL4_Error uart_irq(seL4_CPtr handler, seL4_CPtr notification)
{
    /* TODO(5.3): have the handler signal the notification. */
    (void)handler;
    (void)notification;
    return seL4_IllegalOperation;
}

void uart_start(uart_t *uart)
{
    /* TODO(5.4): interrupts off while you program it; 8N1 with DLAB clear; FIFOs enabled and
       cleared; loopback (and OUT2); then the received-data interrupt only. */
    (void)uart;
}

size_t uart_transfer(uart_t *uart, const uint8_t *out, size_t count, uint8_t *in)
{
    /* TODO(5.5): send at most a FIFO's worth, then wait for the interrupt (seL4_Wait on the
       notification), read every byte that is ready, acknowledge (seL4_IRQHandler_Ack), and go on
       until everything sent has come back. */
    (void)uart;
    (void)out;
    (void)in;
    (void)count;
    return 0;
}

void uart_stop(uart_t *uart)
{
    /* TODO(5.6): the received-data interrupt off, loopback off. */
    (void)uart;
}
