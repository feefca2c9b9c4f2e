/* test-objects: bootinfo, CNode invocations, CSpace lookup and wrong-type invocations (issue 3). */
#include "objtest.h"

int main(void)
{
    printf("object tests: bootinfo, CNode, lookup, invocation\n");
    objtest_init();
    run_bootinfo_tests(); /* first: BOOTINFO0001 checks that `empty` is still empty */
    run_cnode_copy_tests();
    run_cnode_move_tests();
    run_lookup_tests();
    run_lookup_chain_tests();
    run_invoke_tests();
    report_alive("OBJECTS0001", "bootinfo, CNode, lookup and invocation");
    return 0;
}
