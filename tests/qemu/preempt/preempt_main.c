/* test-preempt: preemption points in long invocations (issue 5). */
#include "preempt_watch.h"

void run_preempt_tests(void);

int main(void)
{
    printf("preemption tests: long invocations stop for interrupts and restart\n");
    objtest_init();
    threadtest_init();
    run_preempt_tests();
    report_alive("PREEMPT0099", "preemption");
    return 0;
}
