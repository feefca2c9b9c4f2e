/* HOSTILE: a replaced header (the grader must ignore it: it is not a student file). */
#error "the grader compiled a header from the submission"
