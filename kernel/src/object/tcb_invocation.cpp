// TCB methods (seL4 manual §6, reference §5.2, MCS forms): spaces, IPC buffer, priorities,
// scheduling parameters, registers, Resume/Suspend, notification binding, TLS base.
#include <sel4/constants.h>
#include <sel4/invocation.h>

#include "arch.hpp"
#include "delete.hpp"
#include "invocation.hpp"
#include "ipc.hpp"
#include "sched_context.hpp"
#include "scheduler.hpp"
#include "thread.hpp"
#include "vspace.hpp"

namespace kernel {
namespace {

using E = SyscallError;
using S = InvocationStatus;

// A fault handler must be null or an endpoint a Call can go through (seL4's validFaultHandler).
bool is_valid_fault_handler(const Capability &cap)
{
    if (cap.is_null()) {
        return true;
    }
    return cap.type() == CapType::endpoint && cap.rights().has(Rights::write) &&
           (cap.rights().has(Rights::grant) || cap.rights().has(Rights::grant_reply));
}

// Replaces the capability in one of the thread's slots with a copy of @p source's.
void install(Tcb &thread, TcbSlot which, const Capability &cap, Slot *source)
{
    Slot &slot = thread.slot(which);
    delete_capability_now(slot);
    if (!cap.is_null() && source != nullptr && slot.cap.is_null()) {
        cdt::insert(cap, *source, slot);
    }
}

// The CSpace root with optional guard data applied, or a null capability when not a CNode.
Capability cspace_root_with_data(const Capability &cap, std::uint64_t data)
{
    if (cap.type() != CapType::cnode) {
        return Capability();
    }
    return data == 0 ? cap : cap.with_guard_data(data);
}

bool is_vspace_root(const Capability &cap) { return is_valid_vspace_root(cap); }

S check_buffer(std::uint64_t vaddr, const Capability &frame)
{
    if (vaddr == 0) {
        return S::ok();
    }
    if (vaddr % (std::uint64_t{1} << seL4_IPCBufferSizeBits) != 0) {
        return S::err(E::alignment_error("the IPC buffer must be 1 KiB aligned"));
    }
    if (frame.type() != CapType::frame) {
        return S::err(E::illegal_operation("the IPC buffer needs a frame capability"));
    }
    if (frame.is_device()) {
        return S::err(E::illegal_operation("the IPC buffer cannot be device memory"));
    }
    return S::ok();
}

void set_buffer(Tcb &thread, std::uint64_t vaddr, Slot *frame_slot)
{
    thread.ipc_buffer = vaddr;
    Capability frame = vaddr != 0 && frame_slot != nullptr ? frame_slot->cap : Capability();
    frame.set_mapping(0);
    install(thread, TcbSlot::ipc_buffer, frame, frame_slot);
    thread.update_ipc_buffer_pointer();
}

S configure(Invocation &inv, Tcb &thread)
{
    if (inv.length < 3 || inv.extra_count < 3) {
        return S::err(E::truncated_message("Configure takes 3 words and 3 capabilities"));
    }
    Capability cspace = cspace_root_with_data(inv.extra_caps[0]->cap, inv.arg(0));
    if (cspace.is_null()) {
        return S::err(E::illegal_operation("the CSpace root must be a CNode"));
    }
    if (!is_vspace_root(inv.extra_caps[1]->cap)) {
        return S::err(E::illegal_operation("the VSpace root must be a page table with an ASID"));
    }
    std::uint64_t buffer = inv.arg(2);
    if (auto checked = check_buffer(buffer, inv.extra_caps[2]->cap); !checked.is_ok()) {
        return checked;
    }
    install(thread, TcbSlot::cspace_root, cspace, inv.extra_caps[0]);
    install(thread, TcbSlot::vspace_root, inv.extra_caps[1]->cap, inv.extra_caps[1]);
    thread.vspace_root = inv.extra_caps[1]->cap.paddr();
    set_buffer(thread, buffer, inv.extra_caps[2]);
    return S::ok();
}

S set_space(Invocation &inv, Tcb &thread)
{
    if (inv.length < 2 || inv.extra_count < 3) {
        return S::err(E::truncated_message("SetSpace takes 2 words and 3 capabilities"));
    }
    if (!is_valid_fault_handler(inv.extra_caps[0]->cap)) {
        return S::err(E::invalid_capability(1, "the fault handler must be an endpoint with Write "
                                               "and Grant or GrantReply"));
    }
    Capability cspace = cspace_root_with_data(inv.extra_caps[1]->cap, inv.arg(0));
    if (cspace.is_null()) {
        return S::err(E::illegal_operation("the CSpace root must be a CNode"));
    }
    if (!is_vspace_root(inv.extra_caps[2]->cap)) {
        return S::err(E::illegal_operation("the VSpace root must be a page table with an ASID"));
    }
    install(thread, TcbSlot::fault_handler, inv.extra_caps[0]->cap, inv.extra_caps[0]);
    install(thread, TcbSlot::cspace_root, cspace, inv.extra_caps[1]);
    install(thread, TcbSlot::vspace_root, inv.extra_caps[2]->cap, inv.extra_caps[2]);
    thread.vspace_root = inv.extra_caps[2]->cap.paddr();
    return S::ok();
}

// The authority's MCP bounds the priority or MCP being given.
Result<Tcb *, SyscallError> authority(Invocation &inv, unsigned index, std::uint64_t value)
{
    using R = Result<Tcb *, SyscallError>;
    const Capability &cap = inv.extra_caps[index]->cap;
    if (cap.type() != CapType::thread) {
        return R::err(E::invalid_capability(index + 1, "the authority must be a TCB"));
    }
    Tcb &source = tcb_at(cap.paddr());
    if (value > source.mcp) {
        return R::err(E::range_error(0, source.mcp, "above the authority's maximum controlled priority"));
    }
    return R::ok(&source);
}

void set_priority(Tcb &thread, std::uint8_t priority)
{
    scheduler::set_priority(thread, priority);
    reorder_in_endpoint_queue(thread);
}

S set_priority_or_mcp(Invocation &inv, Tcb &thread, bool mcp)
{
    if (inv.length < 1 || inv.extra_count < 1) {
        return S::err(E::truncated_message("needs a priority and an authority TCB"));
    }
    std::uint64_t value = inv.arg(0);
    auto checked = authority(inv, 0, value);
    if (!checked.is_ok()) {
        return S::err(checked.error());
    }
    if (mcp) {
        thread.mcp = static_cast<std::uint8_t>(value);
    } else {
        set_priority(thread, static_cast<std::uint8_t>(value));
    }
    return S::ok();
}

S set_sched_params(Invocation &inv, Tcb &thread)
{
    if (inv.length < 2 || inv.extra_count < 3) {
        return S::err(E::truncated_message("SetSchedParams takes 2 words and 3 capabilities"));
    }
    std::uint64_t mcp = inv.arg(0), priority = inv.arg(1);
    auto checked = authority(inv, 0, mcp);
    if (!checked.is_ok()) {
        return S::err(checked.error());
    }
    if (priority > checked.value()->mcp) {
        return S::err(E::range_error(0, checked.value()->mcp, "priority above the authority's MCP"));
    }
    const Capability &sc_cap = inv.extra_caps[1]->cap;
    SchedContext *sc = nullptr;
    if (sc_cap.type() == CapType::sched_context) {
        sc = static_cast<SchedContext *>(arch::phys_to_virt(sc_cap.paddr()));
        if (sc->owner != nullptr && sc->owner != &thread) {
            return S::err(E::illegal_operation("the scheduling context is bound to another thread"));
        }
        if (thread.sched_context != nullptr && thread.sched_context != sc) {
            return S::err(E::illegal_operation("the thread already has a scheduling context"));
        }
    } else if (!sc_cap.is_null()) {
        return S::err(E::invalid_capability(2, "expected a scheduling context or a null capability"));
    }
    if (!is_valid_fault_handler(inv.extra_caps[2]->cap)) {
        return S::err(E::invalid_capability(3, "the fault handler must be an endpoint with Write "
                                               "and Grant or GrantReply"));
    }
    install(thread, TcbSlot::fault_handler, inv.extra_caps[2]->cap, inv.extra_caps[2]);
    thread.mcp = static_cast<std::uint8_t>(mcp);
    set_priority(thread, static_cast<std::uint8_t>(priority));
    if (sc != nullptr) {
        bind_sched_context(*sc, thread);
    } else if (thread.sched_context != nullptr && thread.sched_context->owner == &thread) {
        unbind_sched_context(*thread.sched_context);
    }
    return S::ok();
}

S read_registers(Invocation &inv, Tcb &thread)
{
    if (inv.length < 2) {
        return S::err(E::truncated_message("ReadRegisters takes 2 words"));
    }
    std::uint64_t flags = inv.arg(0), count = inv.arg(1);
    if (count < 1 || count > arch::user_context_words) {
        return S::err(E::range_error(1, arch::user_context_words, "1 to 32 registers"));
    }
    if (&thread == &inv.thread) {
        return S::err(E::illegal_operation("a thread cannot read its own registers"));
    }
    if ((flags & 1) != 0) {
        suspend_thread(thread);
    }
    for (unsigned i = 0; i < count; ++i) {
        inv.results[i] = arch::user_context_word(thread.context, i);
    }
    inv.result_count = static_cast<unsigned>(count);
    return S::ok();
}

S write_registers(Invocation &inv, Tcb &thread)
{
    if (inv.length < 2) {
        return S::err(E::truncated_message("WriteRegisters takes at least 2 words"));
    }
    std::uint64_t flags = inv.arg(0), count = inv.arg(1);
    if (inv.length - 2 < count) {
        return S::err(E::truncated_message("fewer register values than the count"));
    }
    if (&thread == &inv.thread) {
        return S::err(E::illegal_operation("a thread cannot write its own registers"));
    }
    for (unsigned i = 0; i < count && i < arch::user_context_words; ++i) {
        arch::set_user_context_word(thread.context, i, inv.arg(2 + i));
    }
    if ((flags & 1) != 0) {
        restart_thread(thread);
    }
    return S::ok();
}

S copy_registers(Invocation &inv, Tcb &thread)
{
    if (inv.length < 1 || inv.extra_count < 1) {
        return S::err(E::truncated_message("CopyRegisters takes 1 word and the source TCB"));
    }
    if (inv.extra_caps[0]->cap.type() != CapType::thread) {
        return S::err(E::invalid_capability(1, "the source must be a TCB"));
    }
    Tcb &source = tcb_at(inv.extra_caps[0]->cap.paddr());
    std::uint64_t flags = inv.arg(0);
    if ((flags & 1) != 0) {
        suspend_thread(source);
    }
    unsigned from = (flags & 4) != 0 ? 0 : arch::user_context_frame_words;
    unsigned to = (flags & 8) != 0 ? arch::user_context_words : arch::user_context_frame_words;
    for (unsigned i = from; i < to; ++i) {
        arch::set_user_context_word(thread.context, i, arch::user_context_word(source.context, i));
    }
    if ((flags & 2) != 0) {
        restart_thread(thread);
    }
    return S::ok();
}

S bind_notification(Invocation &inv, Tcb &thread)
{
    if (inv.extra_count < 1) {
        return S::err(E::truncated_message("BindNotification takes a notification"));
    }
    const Capability &cap = inv.extra_caps[0]->cap;
    if (cap.type() != CapType::notification) {
        return S::err(E::illegal_operation("expected a notification"));
    }
    Notification &notification = notification_at(cap.paddr());
    if (thread.bound_notification != nullptr) {
        return S::err(E::illegal_operation("the thread already has a bound notification"));
    }
    if (!cap.rights().has(Rights::read)) {
        return S::err(E::illegal_operation("binding needs a notification capability with Read"));
    }
    if (notification.bound_tcb() != nullptr || notification.has_waiters()) {
        return S::err(E::illegal_operation("the notification is bound or has waiters"));
    }
    bind_notification(notification, thread);
    return S::ok();
}

} // namespace

InvocationStatus perform_tcb_invocation(Invocation &inv)
{
    Tcb &thread = tcb_at(inv.slot.cap.paddr());
    switch (inv.label) {
    case TCBConfigure: return configure(inv, thread);
    case TCBSetSpace: return set_space(inv, thread);
    case TCBSetIPCBuffer: {
        if (inv.length < 1 || inv.extra_count < 1) {
            return S::err(E::truncated_message("SetIPCBuffer takes 1 word and a frame"));
        }
        if (auto checked = check_buffer(inv.arg(0), inv.extra_caps[0]->cap); !checked.is_ok()) {
            return checked;
        }
        set_buffer(thread, inv.arg(0), inv.extra_caps[0]);
        return S::ok();
    }
    case TCBSetPriority: return set_priority_or_mcp(inv, thread, false);
    case TCBSetMCPriority: return set_priority_or_mcp(inv, thread, true);
    case TCBSetSchedParams: return set_sched_params(inv, thread);
    case TCBReadRegisters: return read_registers(inv, thread);
    case TCBWriteRegisters: return write_registers(inv, thread);
    case TCBCopyRegisters: return copy_registers(inv, thread);
    case TCBSuspend: suspend_thread(thread); return S::ok();
    case TCBResume: restart_thread(thread); return S::ok();
    case TCBBindNotification: return bind_notification(inv, thread);
    case TCBUnbindNotification:
        if (thread.bound_notification == nullptr) {
            return S::err(E::illegal_operation("the thread has no bound notification"));
        }
        unbind_notification(thread);
        return S::ok();
    case TCBSetTLSBase:
        if (inv.length < 1) {
            return S::err(E::truncated_message("SetTLSBase takes 1 word"));
        }
        thread.context.set(arch::Register::tp, inv.arg(0));
        return S::ok();
    case TCBSetFlags:
        if (inv.length < 2) {
            return S::err(E::truncated_message("SetFlags takes 2 words"));
        }
        thread.flags = (thread.flags & ~inv.arg(0)) | (inv.arg(1) & seL4_TCBFlag_fpuDisabled);
        inv.results[0] = thread.flags;
        inv.result_count = 1;
        return S::ok();
    case TCBSetTimeoutEndpoint:
        if (inv.extra_count < 1) {
            return S::err(E::truncated_message("SetTimeoutEndpoint takes an endpoint"));
        }
        if (!is_valid_fault_handler(inv.extra_caps[0]->cap)) {
            return S::err(E::invalid_capability(1, "the timeout handler must be an endpoint with "
                                                   "Write and Grant or GrantReply"));
        }
        install(thread, TcbSlot::timeout_handler, inv.extra_caps[0]->cap, inv.extra_caps[0]);
        return S::ok();
    default: return S::err(E::illegal_operation("not a TCB method"));
    }
}

} // namespace kernel
