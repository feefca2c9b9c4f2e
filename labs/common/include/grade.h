/// @file
/// The grading harness's API for a lab's tests (trusted code running in the root task).
///
/// The harness (labs/common/src/harness.c) is the root task of every grading boot. For each entry
/// of the plan the grader generated (plan.c, see docs/grading.md) it prints a start line, runs the
/// test function with a fresh grade_t, prints the result line (the checks passed, the checks made
/// and the first failed check's message) and destroys the student's process; after the last entry
/// it prints the done line and halts.
///
/// A test starts the student's process with grade_student_start, talks to it with
/// grade_student_call and checks what it gets with grade_check. The student's process is a child
/// with its own VSpace and CSpace, a priority and MCP below the harness's, and the harness as its
/// fault handler: a fault of the student ends the running test (failed) and nothing else.
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include <cspace.h>
#include <sel4/sel4.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One running test (opaque; the harness owns it for the test's duration).
typedef struct grade grade_t;

/// A test: trusted code that checks the student's work through @p g.
typedef void (*grade_test_fn)(grade_t *g);

/// One entry of the plan the grader generates (plan.c): a test's id and its function.
typedef struct {
    const char *id;   ///< the test's id from lab.toml (e.g. "UT-01")
    grade_test_fn fn; ///< the test function
} grade_plan_entry_t;

/// The plan (defined in the generated plan.c): the tests of this boot, in order.
extern const grade_plan_entry_t grade_plan[];
/// Number of entries of grade_plan (defined in plan.c).
extern const unsigned long grade_plan_count;
/// The boot's nonce, 32 lowercase hex digits (defined in plan.c; never given to the student).
extern const char grade_nonce[];

/// How the student's process is set up by grade_student_start.
typedef struct {
    size_t untyped_count; ///< untypeds handed to the student's process (listed in its bootinfo)
    size_t untyped_bits;  ///< size of each, 2^untyped_bits bytes, 4..12 (0: 12)
    size_t cnode_bits;    ///< size of its one-level CSpace: 0 or GRADE_CNODE_BITS (the only size)
    /// Nonzero: a copy of the harness's device untyped that holds this physical address is
    /// handed over too, listed after the RAM untypeds (isDevice set; e.g. a device driver lab).
    seL4_Word device_paddr;
    /// Nonzero: the handler cap of this interrupt (made by the harness with IRQControl_Get, not
    /// yet bound to a notification) in slot GRADE_STUDENT_IRQ_HANDLER; released after the test.
    seL4_Word irq;
} grade_student_config_t;

#define GRADE_CNODE_BITS CSPACE_NODE_BITS  ///< Index bits of the student's CNode (128 slots).
#define GRADE_MAX_UNTYPEDS 64              ///< Most untypeds one student process gets.
#define GRADE_MSG_WORDS seL4_MsgMaxLength  ///< Room grade_student_call needs in its @c mrs array.
#define GRADE_STUDENT_PRIORITY 100         ///< Priority and MCP of the student's thread.
#define GRADE_STUDENT_ENDPOINT 16          ///< Slot of the student's endpoint to the harness.
#define GRADE_STUDENT_SCHED_CONTROL 4      ///< Slot of the student's SchedControl cap (bootinfo's schedcontrol).
#define GRADE_STUDENT_IRQ_HANDLER 5        ///< Slot of the student's IRQ handler cap (config irq).

/// Counts one check of the running test. The first failed check's message becomes the test's
/// result message.
/// @param g The running test.
/// @param ok Whether the check passed.
/// @param fmt printf-style description of the failure (used only when @p ok is false).
/// @return @p ok.
bool grade_check(grade_t *g, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/// Counts a failed check and ends the test's interaction with the student: later
/// grade_student_call calls fail at once without counting a check.
/// @param g The running test.
/// @param fmt printf-style reason.
void grade_fail(grade_t *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/// Starts a fresh process running the lab's student program (an earlier one of this test is
/// destroyed first). Its CSpace holds its TCB (seL4_CapInitThreadTCB), its CNode
/// (seL4_CapInitThreadCNode), its VSpace (seL4_CapInitThreadVSpace), the SchedControl cap
/// (GRADE_STUDENT_SCHED_CONTROL, listed in bootinfo's schedcontrol), a badged endpoint to the
/// harness (GRADE_STUDENT_ENDPOINT, Write and GrantReply rights only) and the
/// untypeds bootinfo lists in `untyped` and `untypedList` (paddr is 0 for untypeds below 4 KiB);
/// `empty` lists its free slots. The process does not run until the harness waits for it.
/// @param g The running test.
/// @param config Its untypeds and CSpace (NULL: no untypeds, default CSpace).
/// @return true; false when the process could not be made (a failed check records why).
bool grade_student_start(grade_t *g, const grade_student_config_t *config);

/// Sends a request to the student's process (student_serve) and waits for its answer.
/// @param g The running test, with a started student.
/// @param label The request's label (the lab's protocol).
/// @param mrs In: the request's words; out: the answer's words. Room for GRADE_MSG_WORDS words.
/// @param in_words Words of the request (at most GRADE_MSG_WORDS).
/// @param out_words Out: words of the answer (may be NULL).
/// @return true with the answer; false (a failed check records why, and the test's interaction
///         with the student ends) when the student faulted, is not started, or sent something
///         that is not an answer. A student that never answers is stopped by the grader's
///         per-test time limit.
bool grade_student_call(grade_t *g, seL4_Word label, seL4_Word *mrs, size_t in_words, size_t *out_words);

/// grade_student_call for a lab whose answers start with a status word, 0 meaning done (labs 2
/// and 3), and whose process answers @p no_setup when student_set_up_libs failed.
/// @param g The running test, with a started student.
/// @param label The request's label.
/// @param mrs In: the request's words; out: the answer's words (room for GRADE_MSG_WORDS).
/// @param in_words Words of the request.
/// @param out_words Words an answer with status 0 must have at least.
/// @param no_setup The lab's status for "could not set up libut".
/// @return true with the answer; false (a failed check records why, and the test's interaction
///         with the student ends) when grade_student_call fails, the answer is empty or says
///         @p no_setup, or status 0 comes with fewer than @p out_words words.
bool grade_student_ask(grade_t *g, seL4_Word label, seL4_Word *mrs, size_t in_words, size_t out_words,
                       seL4_Word no_setup);

/// The harness's cap to the student's root CNode, to inspect the student's slots (for example
/// CNode_Copy a slot out of it into the harness's cspace), or seL4_CapNull before
/// grade_student_start.
/// @param g The running test.
/// @return A CPtr in grade_cspace(g).
seL4_CPtr grade_student_cnode(grade_t *g);

/// Copies the cap in one of the student's slots into a new slot of the harness's cspace, where
/// a test can identify or invoke it with the harness's own authority.
/// @param g The running test, with a started student.
/// @param slot The student's slot (a CPtr in its one-level CSpace).
/// @return The copy's CPtr in grade_cspace(g); seL4_CapNull when the slot is empty or out of
///         range, no student is running, or the harness has no free slot.
seL4_CPtr grade_student_copy(grade_t *g, seL4_Word slot);

/// Deletes a copy made by grade_student_copy and frees its slot.
/// @param g The running test.
/// @param copy The copy; seL4_CapNull is ignored.
void grade_copy_free(grade_t *g, seL4_CPtr copy);

/// The student's bootinfo page as the harness sees it (read-only use: what the student's
/// process finds in sel4runtime_bootinfo()), or NULL before grade_student_start.
/// @param g The running test.
/// @return The page, in the harness's address space.
const seL4_BootInfo *grade_student_bootinfo(grade_t *g);

/// The harness's own cspace (built by root_task_bootstrap, with the reference libut and
/// libcspace): tests allocate slots and objects from it.
/// @param g The running test.
/// @return The cspace; owned by the harness.
cspace_t *grade_cspace(grade_t *g);

/// The id of the running test (from the plan).
/// @param g The running test.
/// @return A string owned by the plan.
const char *grade_test_id(grade_t *g);

#ifdef __cplusplus
}
#endif
