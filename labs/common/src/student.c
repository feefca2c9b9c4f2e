/* student_serve: the student's side of the grading protocol (see protocol.h). */
#include <student.h>

#include "protocol.h"

void student_serve(student_handler_t handler)
{
    seL4_Word mrs[seL4_MsgMaxLength];
    seL4_MessageInfo_t message = seL4_MessageInfo_new(GRADE_LABEL_READY, 0, 0, 0);
    for (;;) {
        seL4_MessageInfo_t request = seL4_Call(STUDENT_ENDPOINT, message);
        size_t in_words = seL4_MessageInfo_get_length(request);
        for (size_t i = 0; i < in_words; i++) {
            mrs[i] = seL4_GetMR(i);
        }
        size_t out_words = handler(seL4_MessageInfo_get_label(request), mrs, in_words);
        if (out_words > seL4_MsgMaxLength) {
            out_words = seL4_MsgMaxLength;
        }
        for (size_t i = 0; i < out_words; i++) {
            seL4_SetMR(i, mrs[i]);
        }
        message = seL4_MessageInfo_new(GRADE_LABEL_ANSWER, 0, 0, out_words);
    }
}
