/* test-threads-reply: Call and reply with reply objects, ReplyRecv, passive servers and
   reply-object lifetimes (issue 4). */
#include "threadtest.h"

int main(void)
{
    printf("thread tests: Call and reply\n");
    objtest_init();
    threadtest_init();
    run_reply_tests();
    run_reply_lifetime_tests();
    report_alive("THREADS0004", "Call and reply");
    return 0;
}
