/* test-vspace-tables: page tables mapped and unmapped, and what deleting frames and tables does
   to the mappings below them (issue 5, points 1 and 2). */
#include "vspacetest.h"

int main(void)
{
    printf("vspace tests: page tables and unmapping\n");
    vspacetest_init();
    run_page_table_tests();
    run_unmap_tests();
    report_alive("VSPACE0091", "page tables");
    return 0;
}
