/* The wire protocol between the harness (harness.c) and student_serve (student.c): the student
   Calls the harness's endpoint with a READY message first, then with each ANSWER; the reply to
   each Call is the next request. Faults of the student's threads arrive on the same endpoint
   with the fault badge. Internal to labs/common. */
#pragma once

#define GRADE_LABEL_READY 0x5152u  /* the student's first message */
#define GRADE_LABEL_ANSWER 0x5141u /* an answer to the last request */
#define GRADE_BADGE_STUDENT 0x51u  /* badge of the student's endpoint cap */
#define GRADE_BADGE_FAULT 0xfau    /* badge of the fault endpoint of the student's threads */
