/* test-objects-lifetime: deleting and revoking capabilities, cycles and long chains (issue 3). */
#include "objtest.h"

int main(void)
{
    printf("object tests: delete, revoke and object lifetime\n");
    objtest_init();
    run_delete_tests();
    run_revoke_tests();
    run_cycle_tests(); /* last: a kernel that recurses without bound dies here */
    report_alive("OBJECTS0003", "delete, revoke and lifetime");
    return 0;
}
