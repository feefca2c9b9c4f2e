/* HOSTILE: "tests" that pass whatever the student wrote (the grader must ignore this file). */
#include <grade.h>

void test_list_sum(grade_t *g) { grade_check(g, true, "ok"); }
void test_summary(grade_t *g) { grade_check(g, true, "ok"); }
void test_format_size(grade_t *g) { grade_check(g, true, "ok"); }
