/* Lab 5's tests (trusted: they run in the grading harness, see docs/grading.md). The harness
   checks the student's frame cap with its own copy (its physical address), and the interrupt's
   binding by behaviour (student.c's probe, with the device programmed by trusted code).
   Every test ends with student.c's reset, so that the console works for the result line. */
#include <string.h>

#include <grade.h>

#include "lab5.h"

static bool start(grade_t *g)
{
    grade_student_config_t config = {.untyped_count = 2, .untyped_bits = 12, .device_paddr = LAB5_UART_PADDR,
                                     .irq = LAB5_UART_IRQ};
    return grade_student_start(g, &config);
}

static bool call(grade_t *g, seL4_Word label, seL4_Word *mrs, size_t in, size_t words)
{
    size_t got = 0;
    if (!grade_student_call(g, label, mrs, in, &got)) {
        return false;
    }
    if (got < words) {
        grade_fail(g, "the student's process answered request %lu with %zu words (first 0x%lx), not %zu: an earlier "
                   "step failed", (unsigned long)label, got, got > 0 ? (unsigned long)mrs[0] : 0ul, words);
        return false;
    }
    return true;
}

static void reset(grade_t *g)
{
    seL4_Word mrs[GRADE_MSG_WORDS];
    (void)grade_student_call(g, LAB5_RESET, mrs, 0, NULL);
}

/* Checks uart_map's answer (LAB5_MAP); false when it failed. */
static bool mapped(grade_t *g, const seL4_Word *mrs)
{
    if (mrs[0] == LAB5_ERROR) {
        return grade_check(g, false, "uart_find_device found no device untyped, so uart_map was not called");
    }
    return grade_check(g, mrs[0] == seL4_NoError, "uart_map failed (error %ld)", (long)mrs[0]);
}

/* The steps before a transfer: find, map, interrupt, start. False (recorded) when one failed. */
static bool bring_up(grade_t *g)
{
    seL4_Word mrs[GRADE_MSG_WORDS];
    if (!call(g, LAB5_FIND, mrs, 0, 1) || !call(g, LAB5_MAP, mrs, 0, 3)) {
        return false;
    }
    if (!mapped(g, mrs) ||
        !call(g, LAB5_IRQ, mrs, 0, 1) ||
        !grade_check(g, mrs[0] == seL4_NoError, "uart_irq failed (error %ld)", (long)mrs[0]) ||
        !call(g, LAB5_START, mrs, 0, 4)) {
        return false;
    }
    return true;
}

/* DRV-01: the device untyped is found, the frame made from it is the UART's page (checked with
   the harness's copy of the cap) and its registers read back through the mapping. */
void test_map(grade_t *g)
{
    if (!start(g)) {
        return;
    }
    const seL4_BootInfo *bi = grade_student_bootinfo(g);
    seL4_CPtr expected = bi->untyped.end - 1; /* the harness lists the device untyped last */
    seL4_Word mrs[GRADE_MSG_WORDS];
    if (!call(g, LAB5_FIND, mrs, 0, 1)) {
        return;
    }
    grade_check(g, mrs[0] == expected, "uart_find_device gave slot %lu, not %lu (the device untyped holding 0x%lx)",
                (unsigned long)mrs[0], (unsigned long)expected, LAB5_UART_PADDR);
    if (!call(g, LAB5_MAP, mrs, 0, 3)) {
        return;
    }
    seL4_CPtr copy = mrs[0] == seL4_NoError ? grade_student_copy(g, mrs[1]) : seL4_CapNull;
    seL4_RISCV_Page_GetAddress_t address = {.error = seL4_InvalidCapability};
    if (copy != seL4_CapNull) {
        address = seL4_RISCV_Page_GetAddress(copy);
    }
    grade_copy_free(g, copy);
    grade_check(g, address.error == seL4_NoError && address.paddr == LAB5_UART_PADDR,
                "uart_map returned %ld; slot %lu holds no frame of physical address 0x%lx", (long)mrs[0],
                (unsigned long)mrs[1], LAB5_UART_PADDR);
    grade_check(g, mrs[0] == seL4_NoError && (mrs[2] & (UART_LSR_THRE | UART_LSR_TEMT)) == (UART_LSR_THRE | UART_LSR_TEMT),
                "reading the line status register through the mapping gave 0x%lx, not an idle transmitter",
                (unsigned long)mrs[2]);
}

/* DRV-02: the handler the harness gave is bound to the notification: one byte through the
   loopback, with the device programmed by student.c itself, signals it. */
void test_irq(grade_t *g)
{
    if (!start(g)) {
        return;
    }
    seL4_Word mrs[GRADE_MSG_WORDS];
    if (!call(g, LAB5_FIND, mrs, 0, 1) || !call(g, LAB5_MAP, mrs, 0, 3) ||
        !mapped(g, mrs) ||
        !call(g, LAB5_IRQ, mrs, 0, 1)) {
        reset(g);
        return;
    }
    grade_check(g, mrs[0] == seL4_NoError, "uart_irq returned error %ld", (long)mrs[0]);
    if (!call(g, LAB5_PROBE, mrs, 0, 2)) {
        reset(g);
        return;
    }
    grade_check(g, mrs[0] == 1, "a byte received in loopback mode did not signal the notification");
    grade_check(g, mrs[1] == 0x5a, "the byte sent in loopback mode came back as 0x%lx", (unsigned long)mrs[1]);
}

/* DRV-03: uart_start programs the device: received-data interrupt only, 8N1 with DLAB clear,
   loopback, FIFOs on. */
void test_start(grade_t *g)
{
    if (!start(g)) {
        return;
    }
    seL4_Word mrs[GRADE_MSG_WORDS];
    if (!call(g, LAB5_FIND, mrs, 0, 1) || !call(g, LAB5_MAP, mrs, 0, 3) ||
        !mapped(g, mrs) ||
        !call(g, LAB5_START, mrs, 0, 4)) {
        reset(g);
        return;
    }
    reset(g);
    grade_check(g, mrs[0] == UART_IER_RDA, "IER is 0x%02lx after uart_start, not 0x%02x", (unsigned long)mrs[0],
                UART_IER_RDA);
    grade_check(g, mrs[1] == UART_LCR_8N1, "LCR is 0x%02lx after uart_start, not 0x%02x (8N1, DLAB clear)",
                (unsigned long)mrs[1], UART_LCR_8N1);
    grade_check(g, (mrs[2] & UART_MCR_LOOP) != 0, "MCR is 0x%02lx after uart_start: loopback is off",
                (unsigned long)mrs[2]);
    grade_check(g, (mrs[3] & 0xc0) == 0xc0, "IIR is 0x%02lx after uart_start: the FIFOs are off",
                (unsigned long)mrs[3]);
}

/* Sends `count` bytes of a pattern through the loopback; 3 checks. */
static void check_transfer(grade_t *g, size_t count, seL4_Word seed)
{
    seL4_Word mrs[GRADE_MSG_WORDS];
    uint8_t out[LAB5_MAX_BYTES], in[LAB5_MAX_BYTES];
    for (size_t i = 0; i < count; i++) {
        out[i] = (uint8_t)(seed + i * 37); /* every byte value appears, 0x00 and 0x0a included */
    }
    mrs[0] = count;
    memcpy(&mrs[1], out, count);
    if (!call(g, LAB5_TRANSFER, mrs, 1 + (count + 7) / 8, 3 + (count + 7) / 8)) {
        return;
    }
    memcpy(in, &mrs[3], count);
    grade_check(g, mrs[0] == count, "uart_transfer of %zu bytes received %lu", count, (unsigned long)mrs[0]);
    size_t first_wrong = 0;
    while (first_wrong < count && in[first_wrong] == out[first_wrong]) {
        first_wrong++;
    }
    grade_check(g, first_wrong == count && (mrs[2] & UART_LSR_OE) == 0,
                "uart_transfer of %zu bytes: byte %zu came back as 0x%02x, not 0x%02x (line status 0x%02lx%s)", count,
                first_wrong, first_wrong < count ? in[first_wrong] : 0, first_wrong < count ? out[first_wrong] : 0,
                (unsigned long)mrs[2], (mrs[2] & UART_LSR_OE) != 0 ? ", overrun: bytes were lost" : "");
    size_t least = (count + LAB5_FIFO_BYTES - 1) / LAB5_FIFO_BYTES;
    grade_check(g, mrs[1] >= least && mrs[1] <= 2 * count,
                "uart_transfer of %zu bytes counted %lu interrupts (at least %zu: a FIFO's worth each)", count,
                (unsigned long)mrs[1], least);
}

/* DRV-04: short and long transfers through the loopback, on interrupts (partial credit). */
void test_transfer(grade_t *g)
{
    if (!start(g)) {
        return;
    }
    if (bring_up(g)) {
        check_transfer(g, 5, 0x41);
        check_transfer(g, 200, 0x07);
    }
    reset(g);
}

/* DRV-05: uart_stop turns the interrupt and loopback off. */
void test_stop(grade_t *g)
{
    if (!start(g)) {
        return;
    }
    seL4_Word mrs[GRADE_MSG_WORDS];
    if (!bring_up(g) || !call(g, LAB5_STOP, mrs, 0, 2)) {
        reset(g);
        return;
    }
    reset(g);
    grade_check(g, mrs[0] == 0, "IER is 0x%02lx after uart_stop, not 0", (unsigned long)mrs[0]);
    grade_check(g, (mrs[1] & UART_MCR_LOOP) == 0, "MCR is 0x%02lx after uart_stop: still in loopback",
                (unsigned long)mrs[1]);
}
