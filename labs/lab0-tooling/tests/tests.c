/* Lab 0's tests (trusted: they run in the grading harness, see docs/grading.md). */
#include <string.h>

#include <grade.h>

#include "lab0.h"

/* TOOL-01: sums of lists of 1, 5 and 0 nodes; the empty list must not fault. */
void test_list_sum(grade_t *g)
{
    if (!grade_student_start(g, NULL)) {
        return;
    }
    static const seL4_Word lists[][6] = {{1, 42}, {5, 1, 2, 3, 4, 1000}, {0}};
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        seL4_Word mrs[GRADE_MSG_WORDS];
        seL4_Word count = lists[l][0], expected = 0;
        for (seL4_Word i = 0; i < count; i++) {
            mrs[i] = lists[l][1 + i];
            expected += mrs[i];
        }
        size_t words = 0;
        if (!grade_student_call(g, LAB0_LIST_SUM, mrs, count, &words)) {
            return; /* a fault: the reason is recorded */
        }
        grade_check(g, words == 1 && mrs[0] == expected, "the sum of a list of %lu nodes is %lu, not %lu",
                    (unsigned long)count, (unsigned long)mrs[0], (unsigned long)expected);
    }
}

/* The summary the student's process must compute, from the same bootinfo page. */
static void expected_summary(const seL4_BootInfo *bi, seL4_Word expected[6])
{
    expected[0] = bi->untyped.end - bi->untyped.start;
    expected[1] = expected[2] = expected[3] = 0;
    bool found = false;
    for (size_t i = 0; i < expected[0]; i++) {
        const seL4_UntypedDesc *ut = &bi->untypedList[i];
        if (!ut->isDevice) {
            expected[1] += 1ul << ut->sizeBits;
            expected[2] = ut->sizeBits > expected[2] ? ut->sizeBits : expected[2];
            expected[3] = !found || ut->paddr < expected[3] ? ut->paddr : expected[3];
            found = true;
        }
    }
    expected[4] = bi->untyped.start;
    expected[5] = bi->empty.end - bi->empty.start;
}

static void check_summary(grade_t *g, const grade_student_config_t *config)
{
    static const char *const fields[6] = {"count", "ram_bytes", "largest_bits", "lowest_paddr", "first_slot",
                                          "free_slots"};
    if (!grade_student_start(g, config)) {
        return;
    }
    seL4_Word expected[6];
    expected_summary(grade_student_bootinfo(g), expected);
    seL4_Word mrs[GRADE_MSG_WORDS];
    size_t words = 0;
    if (!grade_student_call(g, LAB0_SUMMARY, mrs, 0, &words)) {
        return;
    }
    for (size_t i = 0; i < 6; i++) {
        /* lowest_paddr (index 3) reads best in hex, the counts and sizes in decimal */
        const char *format = i == 3 ? "with %zu untypeds of 2^%zu bytes: %s is 0x%lx, not 0x%lx"
                                    : "with %zu untypeds of 2^%zu bytes: %s is %lu, not %lu";
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        grade_check(g, words == 6 && mrs[i] == expected[i], format, config->untyped_count, config->untyped_bits,
                    fields[i], (unsigned long)mrs[i], (unsigned long)expected[i]);
#pragma GCC diagnostic pop
    }
}

/* TOOL-02: the summary of two different sets of untypeds (12 checks, partial credit). */
void test_summary(grade_t *g)
{
    grade_student_config_t pages = {.untyped_count = 6, .untyped_bits = 12};
    check_summary(g, &pages);
    grade_student_config_t small = {.untyped_count = 3, .untyped_bits = 10};
    check_summary(g, &small);
}

/* TOOL-03: sizes printed with the right unit (partial credit). */
void test_format_size(grade_t *g)
{
    static const struct {
        seL4_Word bits;
        const char *text;
    } cases[] = {{4, "16 B"}, {10, "1 KiB"}, {12, "4 KiB"}, {21, "2 MiB"}, {30, "1 GiB"}, {39, "512 GiB"}};
    if (!grade_student_start(g, NULL)) {
        return;
    }
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        seL4_Word mrs[GRADE_MSG_WORDS] = {cases[i].bits};
        size_t words = 0;
        if (!grade_student_call(g, LAB0_FORMAT, mrs, 1, &words)) {
            return;
        }
        char text[LAB0_FORMAT_CHARS + 1];
        memcpy(text, &mrs[1], LAB0_FORMAT_CHARS);
        text[LAB0_FORMAT_CHARS] = '\0';
        bool ok = words == 1 + LAB0_FORMAT_CHARS / sizeof(seL4_Word) && strcmp(text, cases[i].text) == 0 &&
                  mrs[0] == strlen(cases[i].text);
        grade_check(g, ok, "2^%lu bytes printed as \"%s\" (returned %ld), not \"%s\"", (unsigned long)cases[i].bits,
                    text, (long)mrs[0], cases[i].text);
    }
}
