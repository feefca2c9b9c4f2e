/// @file
/// The student's side of the grading protocol (trusted code linked into the student's process).
///
/// A lab's student program (its main, in a file students do not edit) does the lab's set-up and
/// then calls student_serve, which answers the harness's requests (grade_student_call) with the
/// lab's handler. The process finds the untypeds the harness gave it and its free slots in
/// sel4runtime_bootinfo() (`untyped`, `untypedList`, `empty`), like a root task; its TCB, CNode and
/// VSpace are in seL4_CapInitThreadTCB, seL4_CapInitThreadCNode and seL4_CapInitThreadVSpace, the
/// SchedControl cap in bootinfo's `schedcontrol.start`. Its priority and MCP are
/// STUDENT_PRIORITY, below the harness's.
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include <sel4/sel4.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STUDENT_ENDPOINT 16  ///< Slot of the endpoint to the harness in the student's CSpace.
#define STUDENT_PRIORITY 100 ///< Priority and MCP of the student's first thread.

/// Handles one request of the harness.
/// @param label The request's label (the lab's protocol).
/// @param mrs In: the request's words; out: the answer's words (room for seL4_MsgMaxLength).
/// @param in_words Words of the request.
/// @return Words of the answer written into @p mrs (at most seL4_MsgMaxLength).
typedef size_t (*student_handler_t)(seL4_Word label, seL4_Word *mrs, size_t in_words);

/// Serves the harness's requests forever: tells the harness it is ready, then for each request
/// calls @p handler and sends its answer back.
/// @param handler The lab's handler.
void student_serve(student_handler_t handler) __attribute__((noreturn));

struct cspace; // cspace.h's cspace_t

/// Sets up libcspace and libut for the labs whose process uses them (2 to 4; needs the `cspace*`
/// and `ut*` archives). Describes the process's own CNode (seL4_CapInitThreadCNode: one level,
/// CSPACE_NODE_SLOTS slots) in @p own as a one-level cspace whose free slots are those of
/// bootinfo's `empty` range that are really empty (STUDENT_ENDPOINT sits in it), then initialises
/// libut over the RAM untypeds bootinfo lists: a 4 KiB one as it is, a larger one as 4 KiB
/// untypeds (up to 64) retyped into free slots of @p own. Call it once, before any other libut
/// or libcspace call.
/// @param own Filled in: the process's own cspace (a cspace_t the caller keeps for the program's
///        life).
/// @return false, after printing why, when libut's table cannot cover the untypeds (they span
///         more than 10 MiB); @p own is described all the same.
bool student_set_up_libs(struct cspace *own);

#ifdef __cplusplus
}
#endif
