/* A fixed plan for the Meson-built self-test image (tools/quokka run grade-selftest); the grader
   generates its own plan.c with a fresh nonce for every boot. */
#include <grade.h>

const char grade_nonce[] = "00000000000000000000000000000000";
void selftest_echo(grade_t *g);
void selftest_untypeds(grade_t *g);
void selftest_fault(grade_t *g);
const grade_plan_entry_t grade_plan[] = {
    {"SELF-01", selftest_echo},
    {"SELF-02", selftest_untypeds},
    {"SELF-03", selftest_fault},
    {"SELF-04", selftest_echo},
};
const unsigned long grade_plan_count = sizeof grade_plan / sizeof grade_plan[0];
