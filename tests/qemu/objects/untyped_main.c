/* test-objects-untyped: Untyped_Retype's checks, placement and memory accounting (issue 3). */
#include "objtest.h"

int main(void)
{
    printf("object tests: untyped memory and retype\n");
    objtest_init();
    run_untyped_tests();
    run_untyped_memory_tests();
    run_retype_sweep_tests();
    report_alive("OBJECTS0002", "untyped and retype");
    return 0;
}
