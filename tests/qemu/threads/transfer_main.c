/* test-threads-transfer: capability transfer through endpoints and replies (issue 4). */
#include "threadtest.h"

int main(void)
{
    printf("thread tests: capability transfer\n");
    objtest_init();
    threadtest_init();
    run_transfer_tests();
    report_alive("THREADS0007", "capability transfer");
    return 0;
}
