/* test-threads-ipc: endpoint messages of every length, badges, rights, queue order, deletion and
   CancelBadgedSends (issue 4). */
#include "threadtest.h"

int main(void)
{
    printf("thread tests: IPC messages, rights and queues\n");
    objtest_init();
    threadtest_init();
    run_ipc_message_tests();
    run_ipc_rights_tests();
    run_ipc_queue_tests();
    report_alive("THREADS0003", "IPC messages, rights and queues");
    return 0;
}
