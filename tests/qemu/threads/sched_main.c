/* test-threads-sched: every priority, round robin, Yield, budgets, preemption (issue 4). */
#include "threadtest.h"

int main(void)
{
    printf("thread tests: scheduling\n");
    objtest_init();
    threadtest_init();
    run_sched_tests();
    report_alive("THREADS0002", "scheduling");
    return 0;
}
