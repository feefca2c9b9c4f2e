/* test-threads-faults: faults as IPC to a fault endpoint, and threads without one (issue 4). */
#include "threadtest.h"

int main(void)
{
    printf("thread tests: faults\n");
    objtest_init();
    threadtest_init();
    run_fault_tests();
    run_vmfault_tests();
    run_fault_handler_tests();
    report_alive("THREADS0006", "faults");
    return 0;
}
