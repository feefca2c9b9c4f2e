/* test-vspace: frames mapped into the root task's VSpace, the rules of Page_Map and
   PageTable_Map, and mapping rights and attributes (issue 5, points 1-3). */
#include "vspacetest.h"

int main(void)
{
    printf("vspace tests: mapping frames\n");
    vspacetest_init();
    run_map_tests();
    run_map_rule_tests();
    run_rights_tests();
    report_alive("VSPACE0090", "mapping");
    return 0;
}
