// Invocation dispatch by capability type, the errors' detail words, and the names used when a
// debug build explains a rejected invocation.
#include "invocation.hpp"

#include <sel4/constants.h>
#include <sel4/invocation.h>

#include "arch.hpp"
#include "irq.hpp"
#include "vspace.hpp"

namespace kernel {
namespace {

SyscallError make_error(seL4_Error type, const char *why, std::initializer_list<std::uint64_t> details)
{
    SyscallError error;
    error.type = type;
    error.why = why;
    for (std::uint64_t word : details) {
        error.details[error.detail_count++] = word;
    }
    return error;
}

} // namespace

SyscallError SyscallError::invalid_argument(unsigned index, const char *why)
{
    return make_error(seL4_InvalidArgument, why, {index});
}
SyscallError SyscallError::invalid_capability(unsigned index, const char *why)
{
    return make_error(seL4_InvalidCapability, why, {index});
}
SyscallError SyscallError::illegal_operation(const char *why)
{
    return make_error(seL4_IllegalOperation, why, {});
}
SyscallError SyscallError::range_error(std::uint64_t min, std::uint64_t max, const char *why)
{
    return make_error(seL4_RangeError, why, {min, max});
}
SyscallError SyscallError::alignment_error(const char *why)
{
    return make_error(seL4_AlignmentError, why, {});
}
SyscallError SyscallError::failed_lookup(bool source, const LookupFault &fault, const char *why)
{
    SyscallError error = make_error(seL4_FailedLookup, why, {source ? 1u : 0u});
    for (unsigned i = 0; i < fault.word_count(); ++i) {
        error.details[error.detail_count++] = fault.word(i);
    }
    return error;
}
SyscallError SyscallError::truncated_message(const char *why)
{
    return make_error(seL4_TruncatedMessage, why, {});
}
SyscallError SyscallError::delete_first(const char *why)
{
    return make_error(seL4_DeleteFirst, why, {});
}
SyscallError SyscallError::revoke_first(const char *why)
{
    return make_error(seL4_RevokeFirst, why, {});
}
SyscallError SyscallError::not_enough_memory(std::uint64_t free_bytes, const char *why)
{
    return make_error(seL4_NotEnoughMemory, why, {free_bytes});
}

SyscallError SyscallError::preemption()
{
    SyscallError preempted = make_error(seL4_NoError, "preempted", {});
    preempted.preempted = true;
    return preempted;
}

InvocationStatus status_of(Progress progress)
{
    return progress == Progress::done ? InvocationStatus::ok()
                                      : InvocationStatus::err(SyscallError::preemption());
}

std::uint64_t Invocation::arg(unsigned index) const
{
    if (index < 4) {
        return thread.context.get(arch::message_registers[index]);
    }
    seL4_IPCBuffer *buffer = thread.ipc_buffer_pointer();
    return buffer != nullptr ? buffer->msg[index] : 0;
}

Result<Slot *, SyscallError> lookup_target_slot(const Capability &root, std::uint64_t index,
                                                std::uint64_t depth, bool source, const char *what)
{
    using R = Result<Slot *, SyscallError>;
    auto found = lookup_slot_for_cnode_op(root, index, depth);
    if (found.is_ok()) {
        return R::ok(found.value());
    }
    if (found.error().error == seL4_RangeError) {
        return R::err(SyscallError::range_error(1, seL4_WordBits, "depth must be 1..64"));
    }
    return R::err(SyscallError::failed_lookup(source, found.error().fault, what));
}

Result<Slot *, SyscallError> lookup_empty_slot(const Capability &root, std::uint64_t index,
                                               std::uint64_t depth)
{
    auto found = lookup_target_slot(root, index, depth, false, "cannot find the destination slot");
    if (found.is_ok() && !found.value()->cap.is_null()) {
        return Result<Slot *, SyscallError>::err(
            SyscallError::delete_first("the destination slot is occupied"));
    }
    return found;
}

InvocationStatus perform_invocation(Invocation &invocation)
{
    switch (invocation.slot.cap.type()) {
    case CapType::null:
        return InvocationStatus::err(SyscallError::invalid_capability(0, "the slot is empty"));
    case CapType::cnode: return perform_cnode_invocation(invocation);
    case CapType::untyped: return perform_untyped_invocation(invocation);
    case CapType::thread: return perform_tcb_invocation(invocation);
    case CapType::sched_control: return perform_sched_control_invocation(invocation);
    case CapType::sched_context: return perform_sched_context_invocation(invocation);
    case CapType::frame: return perform_frame_invocation(invocation);
    case CapType::page_table: return perform_page_table_invocation(invocation);
    case CapType::asid_control: return perform_asid_control_invocation(invocation);
    case CapType::asid_pool: return perform_asid_pool_invocation(invocation);
    case CapType::irq_control: return irq::perform_control_invocation(invocation);
    case CapType::irq_handler: return irq::perform_handler_invocation(invocation);
    case CapType::endpoint:
    case CapType::notification:
    case CapType::reply:
    case CapType::zombie:
    case CapType::domain: break;
    }
    // Endpoints, notifications and replies never get here: sending to them is IPC. Zombies
    // exist only inside a deletion; the domain capability has no methods in a single-domain
    // kernel.
    return InvocationStatus::err(
        SyscallError::illegal_operation("no methods for this object type in this kernel"));
}

const char *invocation_name(std::uint64_t label)
{
    switch (label) {
    case UntypedRetype: return "Untyped_Retype";
    case CNodeRevoke: return "CNode_Revoke";
    case CNodeDelete: return "CNode_Delete";
    case CNodeCancelBadgedSends: return "CNode_CancelBadgedSends";
    case CNodeCopy: return "CNode_Copy";
    case CNodeMint: return "CNode_Mint";
    case CNodeMove: return "CNode_Move";
    case CNodeMutate: return "CNode_Mutate";
    case CNodeRotate: return "CNode_Rotate";
    default: return "invocation";
    }
}

} // namespace kernel
