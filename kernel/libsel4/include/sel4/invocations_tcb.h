/// @file
/// Client stubs for thread and scheduling invocations (MCS): TCB, SchedControl and SchedContext.
///
/// Marshalling follows seL4's stub generator, as in sel4/invocations.h: the invoked cap goes in
/// a0, every other cap argument becomes an extra cap (in order), word arguments fill MR0, MR1, ...
/// in order, and adjacent sub-word arguments (seL4_Bool, seL4_Uint8) share one word. Each stub is
/// a Call whose reply label is the seL4_Error; on an error MR0..MR3 of the reply are left in the
/// IPC buffer for seL4_GetMR.
#pragma once

#include <sel4/errors.h>
#include <sel4/functions.h>
#include <sel4/invocation.h>
#include <sel4/invocations.h>
#include <sel4/macros.h>
#include <sel4/shared_types.h>
#include <sel4/simple_types.h>
#include <sel4/syscalls.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Result of seL4_SchedContext_Consumed (an unnamed struct: in C++ a tag named like the function
/// would be hidden by it).
typedef struct {
    int error;          ///< A seL4_Error.
    seL4_Time consumed; ///< Time consumed since the last report, in microseconds.
} seL4_SchedContext_Consumed_t;

/// Result of seL4_SchedContext_YieldTo.
typedef struct {
    int error;          ///< A seL4_Error.
    seL4_Time consumed; ///< Time consumed since the last report, in microseconds.
} seL4_SchedContext_YieldTo_t;

/// Result of seL4_TCB_SetFlags.
typedef struct {
    int error;       ///< A seL4_Error.
    seL4_Word flags; ///< The thread's flags after the change (seL4_TCBFlag bits).
} seL4_TCB_SetFlags_t;

/// Makes the Call of an invocation that returns words: like quokka_invoke, but on success the
/// reply's MR0..MR3 are also written to the IPC buffer (MR4 and up are there already).
/// @param service The invoked cap.
/// @param tag Label, number of extra caps and length.
/// @param mr0 MR0.
/// @param mr1 MR1.
/// @return The reply's message info (its label is the seL4_Error).
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t quokka_invoke_returning(seL4_CPtr service, seL4_MessageInfo_t tag, seL4_Word mr0,
                                                               seL4_Word mr1)
{
    seL4_Word mr2 = 0;
    seL4_Word mr3 = 0;
    seL4_MessageInfo_t reply = seL4_CallWithMRs(service, tag, &mr0, &mr1, &mr2, &mr3);
    seL4_SetMR(0, mr0);
    seL4_SetMR(1, mr1);
    seL4_SetMR(2, mr2);
    seL4_SetMR(3, mr3);
    return reply;
}

/// Reads registers of another thread, in seL4_UserContext order.
/// @param _service The TCB to read (not the caller's own).
/// @param suspend_source Suspend the thread first.
/// @param arch_flags Architecture flags (none on RISC-V; pass 0).
/// @param count Number of registers, 1..32, from the start of seL4_UserContext.
/// @param regs Gets the first `count` registers; the others are left as they were.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_ReadRegisters(seL4_TCB _service, seL4_Bool suspend_source,
                                                      seL4_Uint8 arch_flags, seL4_Word count,
                                                      seL4_UserContext *regs)
{
    seL4_Word flags = (SEL4_CAST(seL4_Word, suspend_source) & 1) | (SEL4_CAST(seL4_Word, arch_flags) << 8);
    seL4_MessageInfo_t reply =
        quokka_invoke_returning(_service, seL4_MessageInfo_new(TCBReadRegisters, 0, 0, 2), flags, count);
    seL4_Error result = SEL4_CAST(seL4_Error, seL4_MessageInfo_get_label(reply));
    if (result == seL4_NoError) {
        seL4_Word *words = SEL4_REINTERPRET_CAST(seL4_Word *, regs);
        seL4_Word length = seL4_MessageInfo_get_length(reply);
        for (seL4_Word i = 0; i < length && i < sizeof(seL4_UserContext) / sizeof(seL4_Word); i++) {
            words[i] = seL4_GetMR(SEL4_CAST(int, i));
        }
    }
    return result;
}

/// Writes registers of another thread, in seL4_UserContext order.
/// @param _service The TCB to write (not the caller's own).
/// @param resume_target Resume the thread afterwards.
/// @param arch_flags Architecture flags (none on RISC-V; pass 0).
/// @param count Number of registers to write from the start of seL4_UserContext (at most 32).
/// @param regs The values; all 32 are sent.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_WriteRegisters(seL4_TCB _service, seL4_Bool resume_target,
                                                       seL4_Uint8 arch_flags, seL4_Word count,
                                                       seL4_UserContext *regs)
{
    const seL4_Word *words = SEL4_REINTERPRET_CAST(const seL4_Word *, regs);
    for (int i = 2; i < 32; i++) {
        seL4_SetMR(i + 2, words[i]);
    }
    seL4_Word flags = (SEL4_CAST(seL4_Word, resume_target) & 1) | (SEL4_CAST(seL4_Word, arch_flags) << 8);
    return quokka_invoke(_service, seL4_MessageInfo_new(TCBWriteRegisters, 0, 0, 34), flags, count, words[0],
                         words[1]);
}

/// Copies registers from one thread to another.
/// @param _service The destination TCB.
/// @param source The source TCB.
/// @param suspend_source Suspend the source first.
/// @param resume_target Resume the destination.
/// @param transfer_frame Copy pc, ra, sp, gp and s0..s11.
/// @param transfer_integer Copy a0..a7, t0..t6 and tp.
/// @param arch_flags Architecture flags (none on RISC-V; pass 0).
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_CopyRegisters(seL4_TCB _service, seL4_TCB source, seL4_Bool suspend_source,
                                                      seL4_Bool resume_target, seL4_Bool transfer_frame,
                                                      seL4_Bool transfer_integer, seL4_Uint8 arch_flags)
{
    seL4_Word flags = (SEL4_CAST(seL4_Word, suspend_source) & 1) | (SEL4_CAST(seL4_Word, resume_target) & 1) << 1 |
                      (SEL4_CAST(seL4_Word, transfer_frame) & 1) << 2 |
                      (SEL4_CAST(seL4_Word, transfer_integer) & 1) << 3 | SEL4_CAST(seL4_Word, arch_flags) << 8;
    seL4_SetCap(0, source);
    return quokka_invoke(_service, seL4_MessageInfo_new(TCBCopyRegisters, 0, 1, 1), flags, 0, 0, 0);
}

/// Sets a thread's CSpace, VSpace and IPC buffer at once (MCS form: no fault endpoint).
/// @param _service The TCB.
/// @param cspace_root CNode cap of the new CSpace root.
/// @param cspace_root_data Guard data applied to the root cap if not 0 (seL4_CNode_CapData_new).
/// @param vspace_root Top-level page table of the new VSpace (assigned to an ASID).
/// @param vspace_root_data Must be 0 on RISC-V.
/// @param buffer Virtual address of the IPC buffer, 1024-aligned; 0 for none.
/// @param bufferFrame Cap of the frame holding the IPC buffer.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_Configure(seL4_TCB _service, seL4_CNode cspace_root,
                                                  seL4_Word cspace_root_data, seL4_CPtr vspace_root,
                                                  seL4_Word vspace_root_data, seL4_Word buffer,
                                                  seL4_CPtr bufferFrame)
{
    seL4_SetCap(0, cspace_root);
    seL4_SetCap(1, vspace_root);
    seL4_SetCap(2, bufferFrame);
    return quokka_invoke(_service, seL4_MessageInfo_new(TCBConfigure, 0, 3, 3), cspace_root_data, vspace_root_data,
                         buffer, 0);
}

/// Sets a thread's priority, at most the authority's maximum controlled priority.
/// @param _service The TCB.
/// @param authority TCB whose MCP bounds the new priority.
/// @param priority The new priority, 0..255.
/// @return seL4_NoError, or seL4_RangeError with MR0 = 0 and MR1 = the authority's MCP.
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetPriority(seL4_TCB _service, seL4_TCB authority, seL4_Word priority)
{
    seL4_SetCap(0, authority);
    return quokka_invoke(_service, seL4_MessageInfo_new(TCBSetPriority, 0, 1, 1), priority, 0, 0, 0);
}

/// Sets a thread's maximum controlled priority, at most the authority's own.
/// @param _service The TCB.
/// @param authority TCB whose MCP bounds the new MCP.
/// @param mcp The new maximum controlled priority, 0..255.
/// @return seL4_NoError, or seL4_RangeError with MR0 = 0 and MR1 = the authority's MCP.
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetMCPriority(seL4_TCB _service, seL4_TCB authority, seL4_Word mcp)
{
    seL4_SetCap(0, authority);
    return quokka_invoke(_service, seL4_MessageInfo_new(TCBSetMCPriority, 0, 1, 1), mcp, 0, 0, 0);
}

/// Sets MCP, priority, scheduling context and fault endpoint at once (MCS form).
/// @param _service The TCB.
/// @param authority TCB whose MCP bounds mcp and priority.
/// @param mcp The new maximum controlled priority.
/// @param priority The new priority.
/// @param sched_context Scheduling context to bind; a null cap unbinds the current one.
/// @param fault_ep Endpoint cap (Write and Grant or GrantReply) copied into the TCB as its fault
///                 handler, or a null cap for none.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetSchedParams(seL4_TCB _service, seL4_TCB authority, seL4_Word mcp,
                                                       seL4_Word priority, seL4_CPtr sched_context,
                                                       seL4_CPtr fault_ep)
{
    seL4_SetCap(0, authority);
    seL4_SetCap(1, sched_context);
    seL4_SetCap(2, fault_ep);
    return quokka_invoke(_service, seL4_MessageInfo_new(TCBSetSchedParams, 0, 3, 2), mcp, priority, 0, 0);
}

/// Sets the endpoint that receives a thread's timeout faults (MCS).
/// @param _service The TCB.
/// @param timeout_fault_ep Endpoint cap copied into the TCB, or a null cap for none.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetTimeoutEndpoint(seL4_TCB _service, seL4_CPtr timeout_fault_ep)
{
    seL4_SetCap(0, timeout_fault_ep);
    return quokka_invoke(_service, seL4_MessageInfo_new(TCBSetTimeoutEndpoint, 0, 1, 0), 0, 0, 0, 0);
}

/// Sets a thread's IPC buffer.
/// @param _service The TCB.
/// @param buffer Virtual address of the buffer, 1024-aligned; 0 for none.
/// @param bufferFrame Cap of the frame holding it.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetIPCBuffer(seL4_TCB _service, seL4_Word buffer, seL4_CPtr bufferFrame)
{
    seL4_SetCap(0, bufferFrame);
    return quokka_invoke(_service, seL4_MessageInfo_new(TCBSetIPCBuffer, 0, 1, 1), buffer, 0, 0, 0);
}

/// Sets a thread's fault endpoint, CSpace and VSpace (MCS form: the fault endpoint is a cap).
/// @param _service The TCB.
/// @param fault_ep Endpoint cap copied into the TCB as its fault handler, or a null cap.
/// @param cspace_root CNode cap of the new CSpace root.
/// @param cspace_root_data Guard data applied to the root cap if not 0.
/// @param vspace_root Top-level page table of the new VSpace.
/// @param vspace_root_data Must be 0 on RISC-V.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetSpace(seL4_TCB _service, seL4_CPtr fault_ep, seL4_CNode cspace_root,
                                                 seL4_Word cspace_root_data, seL4_CPtr vspace_root,
                                                 seL4_Word vspace_root_data)
{
    seL4_SetCap(0, fault_ep);
    seL4_SetCap(1, cspace_root);
    seL4_SetCap(2, vspace_root);
    return quokka_invoke(_service, seL4_MessageInfo_new(TCBSetSpace, 0, 3, 2), cspace_root_data, vspace_root_data,
                         0, 0);
}

/// Stops a thread: it leaves any IPC it was blocked in and does not run until resumed.
/// @param _service The TCB.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_Suspend(seL4_TCB _service)
{
    return quokka_invoke(_service, seL4_MessageInfo_new(TCBSuspend, 0, 0, 0), 0, 0, 0, 0);
}

/// Restarts a stopped thread at its restart pc (a no-op for a thread that is not stopped).
/// @param _service The TCB.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_Resume(seL4_TCB _service)
{
    return quokka_invoke(_service, seL4_MessageInfo_new(TCBResume, 0, 0, 0), 0, 0, 0, 0);
}

/// Binds a notification to a thread, so that signals reach it while it waits on an endpoint.
/// @param _service The TCB (must not have a bound notification).
/// @param notification Notification cap with Read; the notification must be unbound, no waiters.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_BindNotification(seL4_TCB _service, seL4_CPtr notification)
{
    seL4_SetCap(0, notification);
    return quokka_invoke(_service, seL4_MessageInfo_new(TCBBindNotification, 0, 1, 0), 0, 0, 0, 0);
}

/// Unbinds a thread's bound notification.
/// @param _service The TCB.
/// @return seL4_NoError, or seL4_IllegalOperation if none is bound.
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_UnbindNotification(seL4_TCB _service)
{
    return quokka_invoke(_service, seL4_MessageInfo_new(TCBUnbindNotification, 0, 0, 0), 0, 0, 0, 0);
}

/// Sets a thread's TLS base register (tp on RISC-V).
/// @param _service The TCB (may be the caller's own).
/// @param tls_base The new value of tp.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetTLSBase(seL4_TCB _service, seL4_Word tls_base)
{
    return quokka_invoke(_service, seL4_MessageInfo_new(TCBSetTLSBase, 0, 0, 1), tls_base, 0, 0, 0);
}

/// Clears and sets a thread's flags (seL4_TCBFlag bits).
/// @param _service The TCB.
/// @param clear Flags to clear.
/// @param set Flags to set (after clearing).
/// @return The error and the resulting flags.
LIBSEL4_INLINE_FUNC seL4_TCB_SetFlags_t seL4_TCB_SetFlags(seL4_TCB _service, seL4_Word clear, seL4_Word set)
{
    seL4_MessageInfo_t reply =
        quokka_invoke_returning(_service, seL4_MessageInfo_new(TCBSetFlags, 0, 0, 2), clear, set);
    seL4_TCB_SetFlags_t result = {SEL4_CAST(int, seL4_MessageInfo_get_label(reply)), seL4_GetMR(0)};
    return result;
}

/// Sets the budget and period of a scheduling context (MCS).
/// @param _service The SchedControl cap of the core (bootinfo's schedcontrol region).
/// @param schedcontext The scheduling context.
/// @param budget Time the context may run per period, in microseconds.
/// @param period The replenishment period in microseconds; budget == period is round robin.
/// @param extra_refills Extra refills for sporadic servers (at most seL4_MaxExtraRefills).
/// @param badge Badge reported in its timeout fault messages.
/// @param flags seL4_SchedContextFlag bits.
/// @return seL4_NoError or the reason for failure (seL4_RangeError for a budget above the period).
LIBSEL4_INLINE_FUNC seL4_Error seL4_SchedControl_ConfigureFlags(seL4_SchedControl _service,
                                                                seL4_SchedContext schedcontext, seL4_Time budget,
                                                                seL4_Time period, seL4_Word extra_refills,
                                                                seL4_Word badge, seL4_Word flags)
{
    seL4_SetCap(0, schedcontext);
    seL4_SetMR(4, flags);
    return quokka_invoke(_service, seL4_MessageInfo_new(SchedControlConfigureFlags, 0, 1, 5), budget, period,
                         extra_refills, badge);
}

/// seL4_SchedControl_ConfigureFlags with flags 0 (seL4's inline wrapper; no label of its own).
/// @param _service The SchedControl cap.
/// @param schedcontext The scheduling context.
/// @param budget Budget in microseconds.
/// @param period Period in microseconds.
/// @param extra_refills Extra refills.
/// @param badge Badge of its timeout faults.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_SchedControl_Configure(seL4_SchedControl _service, seL4_SchedContext schedcontext,
                                                           seL4_Time budget, seL4_Time period,
                                                           seL4_Word extra_refills, seL4_Word badge)
{
    return seL4_SchedControl_ConfigureFlags(_service, schedcontext, budget, period, extra_refills, badge,
                                            seL4_SchedContext_NoFlag);
}

/// Binds a scheduling context to a thread or a notification.
/// @param _service The scheduling context.
/// @param cap A TCB or notification cap.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_SchedContext_Bind(seL4_SchedContext _service, seL4_CPtr cap)
{
    seL4_SetCap(0, cap);
    return quokka_invoke(_service, seL4_MessageInfo_new(SchedContextBind, 0, 1, 0), 0, 0, 0, 0);
}

/// Unbinds a scheduling context from whatever thread and notification it is bound to.
/// @param _service The scheduling context.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_SchedContext_Unbind(seL4_SchedContext _service)
{
    return quokka_invoke(_service, seL4_MessageInfo_new(SchedContextUnbind, 0, 0, 0), 0, 0, 0, 0);
}

/// Unbinds a scheduling context from one thread or notification.
/// @param _service The scheduling context.
/// @param cap The TCB or notification to unbind it from.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_SchedContext_UnbindObject(seL4_SchedContext _service, seL4_CPtr cap)
{
    seL4_SetCap(0, cap);
    return quokka_invoke(_service, seL4_MessageInfo_new(SchedContextUnbindObject, 0, 1, 0), 0, 0, 0, 0);
}

/// Reads and resets the time a scheduling context consumed.
/// @param _service The scheduling context.
/// @return The error and the consumed time in microseconds.
LIBSEL4_INLINE_FUNC seL4_SchedContext_Consumed_t seL4_SchedContext_Consumed(seL4_SchedContext _service)
{
    seL4_MessageInfo_t reply =
        quokka_invoke_returning(_service, seL4_MessageInfo_new(SchedContextConsumed, 0, 0, 0), 0, 0);
    seL4_SchedContext_Consumed_t result = {SEL4_CAST(int, seL4_MessageInfo_get_label(reply)), seL4_GetMR(0)};
    return result;
}

/// Lets the thread bound to a scheduling context run now, if its priority allows.
/// @param _service The scheduling context.
/// @return The error and the consumed time in microseconds.
LIBSEL4_INLINE_FUNC seL4_SchedContext_YieldTo_t seL4_SchedContext_YieldTo(seL4_SchedContext _service)
{
    seL4_MessageInfo_t reply =
        quokka_invoke_returning(_service, seL4_MessageInfo_new(SchedContextYieldTo, 0, 0, 0), 0, 0);
    seL4_SchedContext_YieldTo_t result = {SEL4_CAST(int, seL4_MessageInfo_get_label(reply)), seL4_GetMR(0)};
    return result;
}

#ifdef __cplusplus
}
#endif
