/* Tests look at the student's capabilities through copies in the harness's own cspace. */
#include <grade.h>

seL4_CPtr grade_student_copy(grade_t *g, seL4_Word slot)
{
    if (grade_student_cnode(g) == seL4_CapNull || slot == seL4_CapNull || slot >= (1ul << GRADE_CNODE_BITS)) {
        return seL4_CapNull;
    }
    cspace_t *cs = grade_cspace(g);
    seL4_CPtr copy = cspace_alloc_slot(cs);
    if (copy != seL4_CapNull && seL4_CNode_Copy(cs->root_cnode, copy, seL4_WordBits, grade_student_cnode(g), slot,
                                                seL4_WordBits, seL4_AllRights) != seL4_NoError) {
        cspace_free_slot(cs, copy);
        copy = seL4_CapNull;
    }
    return copy;
}

void grade_copy_free(grade_t *g, seL4_CPtr copy)
{
    if (copy != seL4_CapNull) {
        (void)cspace_delete(grade_cspace(g), copy);
        cspace_free_slot(grade_cspace(g), copy);
    }
}
