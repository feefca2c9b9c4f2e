/* Interrupt benchmarks on the release kernel under qemu -icount shift=0, where virtual time
   advances one nanosecond per instruction, so delays in time are delays in instructions.
   - preempt_latency_max_revoke_N: the longest delay, over one Revoke of N capabilities, from a
     timer deadline passing to the kernel starting to handle that timer interrupt. A watcher thread
     with a 10 us budget every 100 us puts a deadline in the Revoke every 100 us; the kernel logs
     the latency of each (interrupts.cpp) and seL4_BenchmarkFinalizeLog reads the maximum. With
     preemption points the figure stays the same whatever N; without, it is the whole Revoke.
   - irq_to_user: from the kernel beginning to handle a PLIC interrupt (the instret it logs) to
     the first instruction of the driver thread waiting for it; irq_device_to_user: from the
     user store that raises the UART's interrupt to the same instruction (the whole path). */
#include <stdio.h>

#include <sel4/sel4.h>

#include "../qemu/preempt/preempt_watch.h"

#define BATCH 256
#define UART_PADDR 0x10000000ul
#define UART_IRQ 10
#define UART_VADDR 0x200000ul
#define IER 1 /* ns16550a interrupt enable: bit 1 = transmit holding register empty */
#define IRQ_ROUNDS 100
#define DRIVER_PRIORITY 200

static volatile unsigned char *const uart = (volatile unsigned char *)UART_VADDR;

/* Revokes an untyped with 2^bits endpoint children, all in one CNode of 2^bits slots, and
   returns the largest timer latency the kernel logged during the Revoke (0 on failure). */
static seL4_Word revoke_latency(unsigned bits)
{
    seL4_CPtr ut = untyped_alloc(bits + seL4_EndpointBits), node_ut = untyped_alloc(bits + seL4_SlotBits);
    seL4_CPtr node = node_ut != 0 ? new_object(node_ut, seL4_CapTableObject, bits) : 0;
    if (ut == 0 || node == 0) {
        printf("preempt bench: could not set up: %s\n", setup_failure());
        return 0;
    }
    for (seL4_Word i = 0; i < BIT(bits); i += BATCH) {
        if (seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, node, ROOT_DEPTH, i, BATCH) != seL4_NoError) {
            printf("preempt bench: Retype %lu failed\n", i);
            return 0;
        }
    }
    seL4_Word preemptions = seL4_BenchmarkFinalizeLog_Figure(seL4_QuokkaPreemptions);
    seL4_BenchmarkResetLog();
    seL4_Word start = read_instret();
    seL4_Error error = cap_revoke(ut);
    seL4_Word took = read_instret() - start;
    seL4_Word latency = seL4_BenchmarkFinalizeLog_Figure(seL4_QuokkaTimerLatencyMax);
    seL4_Word timers = seL4_BenchmarkFinalizeLog_Figure(seL4_QuokkaTimerInterrupts);
    preemptions = seL4_BenchmarkFinalizeLog_Figure(seL4_QuokkaPreemptions) - preemptions;
    printf("preempt bench: Revoke of %lu caps (error %d): %lu instructions by the caller, %lu timer "
           "interrupts, %lu preemptions, longest latency %lu\n",
           BIT(bits), (int)error, took, timers, preemptions, latency);
    return error == seL4_NoError && seL4_DebugCapIdentify(node) == TAG_CNODE ? latency : 0;
}

static volatile seL4_Word raised_at, irq_sum, irq_device_sum, irq_max, irq_rounds;

/* The driver: waits for the UART's interrupt; its first instruction after the wait reads
   instret. Then it silences the device (IER = 0) and acknowledges the interrupt. */
static void driver(struct thread *self)
{
    seL4_CPtr ntfn = self->arg[0], handler = self->arg[1];
    for (;;) {
        seL4_Wait(ntfn, NULL);
        seL4_Word now = read_instret();
        seL4_Word entry = seL4_BenchmarkFinalizeLog_Figure(seL4_QuokkaIRQEntryInstret);
        irq_sum += now - entry;
        irq_max = now - entry > irq_max ? now - entry : irq_max;
        irq_device_sum += now - raised_at;
        irq_rounds++;
        uart[IER] = 0;
        seL4_IRQHandler_Ack(handler);
    }
}

static const char *map_uart(seL4_CPtr *ntfn, seL4_CPtr *handler)
{
    unsigned bits = 0;
    seL4_CPtr device = device_untyped_at(UART_PADDR, &bits), ram = untyped_alloc(14);
    EXPECT(device != 0 && ram != 0, "no UART device untyped or RAM");
    seL4_CPtr frame = new_object(device, seL4_RISCV_4K_Page, 0), table = new_object(ram, seL4_RISCV_PageTableObject, 0);
    *ntfn = new_object(ram, seL4_NotificationObject, 0);
    *handler = slot_alloc();
    EXPECT_SLOT(frame && table && *ntfn && *handler);
    EXPECT_OK(seL4_RISCV_PageTable_Map(table, seL4_CapInitThreadVSpace, UART_VADDR, seL4_RISCV_Default_VMAttributes));
    EXPECT_OK(seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, UART_VADDR, seL4_ReadWrite,
                                  seL4_RISCV_ExecuteNever));
    EXPECT_OK(seL4_IRQControl_Get(seL4_CapIRQControl, UART_IRQ, ROOT, *handler, ROOT_DEPTH));
    EXPECT_OK(seL4_IRQHandler_SetNotification(*handler, *ntfn));
    return NULL;
}

/* Raises the UART's transmit-empty interrupt IRQ_ROUNDS times from the root task; the driver,
   above it, runs as soon as the kernel delivers each. */
static const char *irq_to_user(void)
{
    seL4_CPtr ntfn = 0, handler = 0;
    TRY(map_uart(&ntfn, &handler));
    struct thread *t = thread_new("uart-driver", DRIVER_PRIORITY, driver);
    EXPECT_THREAD(t);
    t->arg[0] = ntfn;
    t->arg[1] = handler;
    EXPECT_OK(thread_resume(t));
    EXPECT_OK(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, LOW_PRIORITY));
    for (unsigned i = 0; i < IRQ_ROUNDS; i++) {
        raised_at = read_instret();
        uart[IER] = 2; /* the transmitter is idle: the interrupt is raised at once */
    }
    EXPECT(irq_rounds == IRQ_ROUNDS, "the driver saw %lu of %u interrupts", irq_rounds, IRQ_ROUNDS);
    printf("irq bench: %u interrupts, kernel entry to driver: mean %lu, max %lu\n", IRQ_ROUNDS,
           irq_sum / IRQ_ROUNDS, irq_max);
    printf("BENCH irq_to_user=%lu\n", irq_sum / IRQ_ROUNDS);
    printf("BENCH irq_device_to_user=%lu\n", irq_device_sum / IRQ_ROUNDS);
    return NULL;
}

static const char *preempt_latency(void)
{
    struct watch w = {.probe = PROBE_NONE};
    TRY(watch_start(&w));
    seL4_Word small = revoke_latency(16), large = revoke_latency(18);
    watch_stop(&w);
    EXPECT(small != 0 && large != 0, "a Revoke failed or logged no timer interrupt");
    printf("BENCH preempt_latency_max_revoke_65536=%lu\n", small);
    printf("BENCH preempt_latency_max_revoke_262144=%lu\n", large);
    return NULL;
}

int main(void)
{
    printf("interrupt benchmarks\n");
    objtest_init();
    threadtest_init();
    thread_test("BENCH_IRQ0001", irq_to_user);
    thread_test("BENCH_IRQ0002", preempt_latency);
    return 0;
}
