/* test-vspace-asid: ASID pools, new VSpaces with threads in them, and deleting a VSpace or a
   pool before the frames and tables in it (issue 5, points 1 and 2). */
#include "vspacetest.h"

int main(void)
{
    printf("vspace tests: ASID pools and address spaces\n");
    vspacetest_init();
    run_asid_tests();
    run_address_space_tests();
    report_alive("VSPACE0092", "address spaces");
    return 0;
}
