/* test-threads: creating, configuring, resuming and suspending threads; priorities, MCP, TLS,
   names; registers (issue 4). */
#include "threadtest.h"

int main(void)
{
    printf("thread tests: TCB and registers\n");
    objtest_init();
    threadtest_init();
    run_tcb_tests();
    run_register_tests();
    report_alive("THREADS0001", "TCB and registers");
    return 0;
}
