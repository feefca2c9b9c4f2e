/* The failure path of assert (runtime/include/assert.h). */
#include <assert.h>
#include <sel4runtime.h>
#include <stdio.h>

void __quokka_assert_fail(const char *expression, const char *file, int line, const char *function)
{
    printf("assertion failed: %s (%s:%d, %s)\n", expression, file, line, function);
    sel4runtime_exit(1);
}
