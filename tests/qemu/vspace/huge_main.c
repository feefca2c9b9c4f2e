/* test-vspace-huge: 1 GiB frames, on a machine with enough RAM for a spare 1 GiB untyped. */
#include "vspacetest.h"

int main(void)
{
    printf("vspace tests: 1 GiB frames\n");
    vspacetest_init();
    run_huge_page_tests();
    report_alive("VSPACE0093", "1 GiB frames");
    return 0;
}
