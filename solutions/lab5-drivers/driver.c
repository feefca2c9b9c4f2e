/* Lab 5: your UART driver. See README.md for the tasks; lab5.h says what each function must do. */
#include "lab5.h"

seL4_CPtr uart_find_device(const seL4_BootInfo *bi, seL4_Word paddr)
{
    /* LAB TODO(5.1): look through bootinfo's untypeds for a device one that holds paddr. */
    /* LAB SKELETON
    (void)bi;
    (void)paddr;
    return seL4_CapNull;
    */
    /* LAB BEGIN */
    for (seL4_CPtr slot = bi->untyped.start; slot < bi->untyped.end; slot++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[slot - bi->untyped.start];
        if (desc->isDevice && desc->sizeBits < seL4_WordBits && paddr >= desc->paddr &&
            paddr - desc->paddr < (1ul << desc->sizeBits)) {
            return slot;
        }
    }
    return seL4_CapNull;
    /* LAB END */
}

seL4_Error uart_map(seL4_CPtr device_untyped, seL4_CPtr slot, seL4_Word vaddr)
{
    /* LAB TODO(5.2): retype a 4 KiB frame from the device untyped, check its physical address
       (seL4_RISCV_Page_GetAddress), map it read-write and never executable. */
    /* LAB SKELETON
    (void)device_untyped;
    (void)slot;
    (void)vaddr;
    return seL4_IllegalOperation;
    */
    /* LAB BEGIN */
    seL4_Error error = seL4_Untyped_Retype(device_untyped, seL4_RISCV_4K_Page, 0, seL4_CapInitThreadCNode, 0, 0,
                                           slot, 1);
    if (error != seL4_NoError) {
        return error;
    }
    seL4_RISCV_Page_GetAddress_t address = seL4_RISCV_Page_GetAddress(slot);
    if (address.error != seL4_NoError || address.paddr != LAB5_UART_PADDR) {
        return seL4_InvalidArgument;
    }
    return seL4_RISCV_Page_Map(slot, seL4_CapInitThreadVSpace, vaddr, seL4_ReadWrite, seL4_RISCV_ExecuteNever);
    /* LAB END */
}

seL4_Error uart_irq(seL4_CPtr handler, seL4_CPtr notification)
{
    /* LAB TODO(5.3): have the handler signal the notification. */
    /* LAB SKELETON
    (void)handler;
    (void)notification;
    return seL4_IllegalOperation;
    */
    /* LAB BEGIN */
    return seL4_IRQHandler_SetNotification(handler, notification);
    /* LAB END */
}

void uart_start(uart_t *uart)
{
    /* LAB TODO(5.4): interrupts off while you program it; 8N1 with DLAB clear; FIFOs enabled and
       cleared; loopback (and OUT2); then the received-data interrupt only. */
    /* LAB SKELETON
    (void)uart;
    */
    /* LAB BEGIN */
    volatile uint8_t *regs = uart->regs;
    regs[UART_IER] = 0;
    regs[UART_LCR] = UART_LCR_8N1;
    regs[UART_FCR] = UART_FCR_ENABLE | UART_FCR_CLEAR;
    regs[UART_MCR] = UART_MCR_LOOP | UART_MCR_OUT2;
    while ((regs[UART_LSR] & UART_LSR_DR) != 0) {
        (void)regs[UART_RBR]; /* nothing old left to receive */
    }
    uart->interrupts = 0;
    regs[UART_IER] = UART_IER_RDA;
    /* LAB END */
}

size_t uart_transfer(uart_t *uart, const uint8_t *out, size_t count, uint8_t *in)
{
    /* LAB TODO(5.5): send at most a FIFO's worth, then wait for the interrupt (seL4_Wait on the
       notification), read every byte that is ready, acknowledge (seL4_IRQHandler_Ack), and go on
       until everything sent has come back. */
    /* LAB SKELETON
    (void)uart;
    (void)out;
    (void)in;
    (void)count;
    return 0;
    */
    /* LAB BEGIN */
    volatile uint8_t *regs = uart->regs;
    size_t sent = 0, received = 0;
    while (received < count) {
        /* In flight: sent - received; keep it within the receive FIFO. */
        while (sent < count && sent - received < LAB5_FIFO_BYTES) {
            while ((regs[UART_LSR] & UART_LSR_THRE) == 0) {
            }
            regs[UART_THR] = out[sent++];
        }
        seL4_Word badge = 0;
        seL4_Wait(uart->notification, &badge);
        uart->interrupts++;
        while ((regs[UART_LSR] & UART_LSR_DR) != 0 && received < count) {
            in[received++] = regs[UART_RBR];
        }
        (void)seL4_IRQHandler_Ack(uart->handler);
    }
    return received;
    /* LAB END */
}

void uart_stop(uart_t *uart)
{
    /* LAB TODO(5.6): the received-data interrupt off, loopback off. */
    /* LAB SKELETON
    (void)uart;
    */
    /* LAB BEGIN */
    uart->regs[UART_IER] = 0;
    uart->regs[UART_MCR] = UART_MCR_OUT2;
    /* LAB END */
}
