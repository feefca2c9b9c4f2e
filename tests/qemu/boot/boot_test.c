/* Boot tests: what the root task can rely on when its main() starts. */
#include <stdint.h>
#include <string.h>

#include <sel4/sel4.h>
#include <sel4runtime.h>

#include "../support/qtest.h"

extern char __program_end[];

static int initialised_data = 42;
static int zeroed_data;
static const char read_only_text[] = "read-only data";

static inline uint64_t read_cycle(void) { uint64_t v; __asm__ volatile("rdcycle %0" : "=r"(v)); return v; }
static inline uint64_t read_time(void) { uint64_t v; __asm__ volatile("rdtime %0" : "=r"(v)); return v; }
static inline uint64_t read_instret(void) { uint64_t v; __asm__ volatile("rdinstret %0" : "=r"(v)); return v; }

static int stack_is_usable(void)
{
    volatile char buffer[12 * 1024];
    for (unsigned i = 0; i < sizeof buffer; i += 512) {
        buffer[i] = (char)i;
    }
    for (unsigned i = 0; i < sizeof buffer; i += 512) {
        if (buffer[i] != (char)i) {
            return 0;
        }
    }
    return 1;
}

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    printf("boot test: hello from U-mode\n");
    QTEST_CHECK("BOOT0001", 1, "the root task runs and prints through seL4_DebugPutChar");

    uintptr_t image_end = (uintptr_t)__program_end;
    QTEST_CHECK("BOOT0002",
                bi->nodeID == 0 && bi->numNodes == 1 && (uintptr_t)bi->ipcBuffer == image_end &&
                    (uintptr_t)bi == image_end + 4096,
                "bootinfo: node 0 of 1, IPC buffer right after the image, bootinfo after it");

    seL4_IPCBuffer *ipc = seL4_GetIPCBuffer();
    ipc->msg[119] = 0x5a5a;
    seL4_SetMR(0, 77);
    QTEST_CHECK("BOOT0003", ipc == bi->ipcBuffer && ipc->msg[119] == 0x5a5a && seL4_GetMR(0) == 77,
                "the IPC buffer is mapped writable and reachable through libsel4's TLS pointer");

    seL4_BootInfoHeader *extra = (seL4_BootInfoHeader *)((uintptr_t)bi + 4096);
    seL4_QuokkaBootStats *stats = (seL4_QuokkaBootStats *)extra;
    QTEST_CHECK("BOOT0004",
                bi->extraLen == 4096 && extra->id == SEL4_BOOTINFO_HEADER_QUOKKA_BOOT_STATS &&
                    stats->entry_instret != 0 && stats->entry_instret < sel4runtime_start_instret(),
                "extra bootinfo holds the boot statistics chunk");

    uint64_t c0 = read_cycle(), t0 = read_time(), i0 = read_instret();
    for (volatile int i = 0; i < 1000; ++i) {
    }
    QTEST_CHECK("BOOT0005", read_cycle() > c0 && read_time() >= t0 && read_instret() > i0 + 1000,
                "cycle, time and instret are readable from U-mode and advance");

    QTEST_CHECK("BOOT0006", stack_is_usable(), "12 KiB of stack are usable");

    QTEST_CHECK("BOOT0007",
                initialised_data == 42 && zeroed_data == 0 &&
                    memcmp(read_only_text, "read-only data", sizeof read_only_text) == 0,
                "data is loaded from the image, bss is zero, rodata is readable");

    /* Spin for 50 ms of `time` (10 MHz on virt): several scheduler ticks must arrive. */
    uint64_t until = read_time() + 500000;
    while (read_time() < until) {
    }
    seL4_Yield();
    QTEST_CHECK("BOOT0008", 1, "seL4_Yield returns to the only runnable thread");

    /* The root task starts with the FPU off; its first FP instruction gets it handed over. */
    volatile double x = 1.5, y = 2.25;
    QTEST_CHECK("BOOT0011", x * y == 3.375 && (long)(x * 1000.0) == 1500,
                "floating point works in user mode");
    seL4_DebugDumpScheduler();
    return 0;
}
