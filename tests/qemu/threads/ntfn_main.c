/* test-threads-ntfn: notifications and bound notifications (issue 4). */
#include "threadtest.h"

int main(void)
{
    printf("thread tests: notifications\n");
    objtest_init();
    threadtest_init();
    run_ntfn_tests();
    run_bound_tests();
    report_alive("THREADS0005", "notifications");
    return 0;
}
