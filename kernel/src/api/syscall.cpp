// Syscall dispatch: the number in a7 picks the handler (seL4's MCS numbering, see libsel4's
// sel4/syscall.h). A completed syscall resumes after the `ecall`; a thread that must re-execute
// it (Restart, or an invocation stopped at a preemption point) keeps its pc.
#include <sel4/syscall.h>

#include "arch.hpp"
#include "config.hpp"
#include "console.hpp"
#include "events.hpp"
#include "fault.hpp"
#include "invocation.hpp"
#include "ipc.hpp"
#include "preemption.hpp"
#include "thread.hpp"
#include "scheduler.hpp"

namespace kernel {
namespace {

enum class SendKind : std::uint8_t { call, send, nb_send };

void debug_put_char(Tcb &thread)
{
    char c = static_cast<char>(thread.context.get(arch::Register::a0));
    arch::console_write(&c, 1);
    complete_syscall(thread);
}

[[noreturn]] void debug_halt(Tcb &thread)
{
    debug_print("quokka: halted by seL4_DebugHalt from thread '%s'\n", thread.name());
    arch::shutdown(arch::ExitStatus::halted);
}

void yield(Tcb &thread)
{
    complete_syscall(thread);
    scheduler::rotate(thread);
}

// The answer to a Call: label (0 or the error), badge 0, and the message words.
void reply(Tcb &thread, std::uint64_t label, const std::uint64_t *words, unsigned count)
{
    seL4_IPCBuffer *buffer = thread.ipc_buffer_pointer();
    unsigned written = 0;
    for (; written < count; ++written) {
        if (written < 4) {
            thread.context.set(arch::message_registers[written], words[written]);
        } else if (buffer != nullptr) {
            buffer->msg[written] = words[written];
        } else {
            break;
        }
    }
    thread.context.set(arch::badge_register, 0);
    thread.context.set(arch::message_info_register,
                       seL4_MessageInfo_new(label, 0, 0, written).words[0]);
}

const char *error_name(seL4_Error error)
{
    static const char *const names[] = {
        "seL4_NoError",       "seL4_InvalidArgument", "seL4_InvalidCapability", "seL4_IllegalOperation",
        "seL4_RangeError",    "seL4_AlignmentError",  "seL4_FailedLookup",      "seL4_TruncatedMessage",
        "seL4_DeleteFirst",   "seL4_RevokeFirst",     "seL4_NotEnoughMemory",
    };
    return error < seL4_NumErrors ? names[error] : "?";
}

void explain(const Invocation &inv, const SyscallError &error)
{
    debug_print("quokka: thread '%s': %s on cptr 0x%lx (%s) failed with %s: %s\n",
                inv.thread.name(), invocation_name(inv.label), inv.cptr,
                describe(inv.slot.cap.type()), error_name(error.type), error.why);
}

// Looks up the extra capabilities named in the IPC buffer. False (after a cap fault for a
// blocking send) when one cannot be resolved.
bool lookup_extra_caps(Invocation &inv, seL4_MessageInfo_t info, SendKind kind)
{
    seL4_IPCBuffer *buffer = inv.thread.ipc_buffer_pointer();
    if (buffer == nullptr) {
        return true;
    }
    unsigned count = static_cast<unsigned>(seL4_MessageInfo_get_extraCaps(info));
    for (unsigned i = 0; i < count; ++i) {
        std::uint64_t cptr = buffer->caps_or_badges[i];
        auto found = lookup_slot(inv.thread.cspace_root(), cptr);
        if (!found.is_ok()) {
            if (kind != SendKind::nb_send) {
                raise_cap_fault(inv.thread, cptr, found.error(), false);
            }
            return false;
        }
        inv.extra_caps[i] = found.value();
    }
    inv.extra_count = count;
    return true;
}

// A syscall that did not block (or stop the thread) is done: resume after the ecall.
void complete_if_runnable(Tcb &thread)
{
    if (thread.is_runnable()) {
        complete_syscall(thread);
    }
}

// Sending to an endpoint, notification or reply object (reference §8.1-8.4, §12.1, §12.7).
// Without Write a Send is dropped and a Call gets InvalidCapability. A reply object with no
// waiting caller ignores a Send and answers a Call with an empty message; so does a
// notification after it is signalled.
void send_to_ipc_object(Tcb &thread, const Capability &cap, SendKind kind)
{
    bool call = kind == SendKind::call;
    if (cap.type() == CapType::reply) {
        send_reply(thread, reply_at(cap.paddr()), cap.reply_can_grant());
        if (call) {
            reply(thread, 0, nullptr, 0);
        }
        complete_if_runnable(thread);
        return;
    }
    if (!cap.rights().has(Rights::write)) {
        if (call) {
            std::uint64_t cap_index = 0;
            reply(thread, seL4_InvalidCapability, &cap_index, 1);
        }
        complete_syscall(thread);
        return;
    }
    if (cap.type() == CapType::notification) {
        signal(notification_at(cap.paddr()), cap.badge());
        if (call) {
            reply(thread, 0, nullptr, 0);
        }
        complete_if_runnable(thread);
        return;
    }
    SendRights rights{cap.badge(), cap.rights().has(Rights::grant), cap.rights().has(Rights::grant_reply)};
    send_ipc(thread, endpoint_at(cap.paddr()), rights, kind != SendKind::nb_send, call);
    complete_if_runnable(thread);
}


// The reply object named in a6 for Recv and ReplyRecv: none for a null capability, a cap
// fault for anything else that is not a reply (§12.2).
Result<Reply *, LookupFault> lookup_reply(Tcb &thread)
{
    using R = Result<Reply *, LookupFault>;
    auto found = lookup_slot(thread.cspace_root(), thread.context.get(arch::reply_register));
    if (!found.is_ok()) {
        return R::err(found.error());
    }
    const Capability &cap = found.value()->cap;
    if (cap.is_null()) {
        return R::ok(nullptr);
    }
    if (cap.type() != CapType::reply) {
        return R::err({seL4_MissingCapability, 0});
    }
    return R::ok(&reply_at(cap.paddr()));
}

enum class ReceiveKind : std::uint8_t { recv, nb_recv, wait, nb_wait };

// Recv, NBRecv, Wait and NBWait on the capability in a0. A cptr that does not resolve, a
// capability without Read, a notification bound to another thread or a bad reply argument is
// a cap fault in the receive phase (§8.1, §12.2).
void receive(Tcb &thread, ReceiveKind kind)
{
    std::uint64_t cptr = thread.context.get(arch::cap_register);
    auto found = lookup_slot(thread.cspace_root(), cptr);
    if (!found.is_ok()) {
        raise_cap_fault(thread, cptr, found.error(), true);
        return;
    }
    const Capability &cap = found.value()->cap;
    bool blocking = kind == ReceiveKind::recv || kind == ReceiveKind::wait;
    if (!cap.rights().has(Rights::read) ||
        (cap.type() != CapType::endpoint && cap.type() != CapType::notification)) {
        raise_cap_fault(thread, cptr, {seL4_MissingCapability, 0}, true);
        return;
    }
    if (cap.type() == CapType::notification) {
        Notification &notification = notification_at(cap.paddr());
        if (notification.bound != nullptr && notification.bound != &thread) {
            raise_cap_fault(thread, cptr, {seL4_MissingCapability, 0}, true);
            return;
        }
        wait(thread, notification, blocking);
        complete_if_runnable(thread);
        return;
    }
    Reply *reply = nullptr;
    if (kind == ReceiveKind::recv || kind == ReceiveKind::nb_recv) {
        auto looked_up = lookup_reply(thread);
        if (!looked_up.is_ok()) {
            raise_cap_fault(thread, thread.context.get(arch::reply_register), looked_up.error(), true);
            return;
        }
        reply = looked_up.value();
    }
    receive_ipc(thread, endpoint_at(cap.paddr()), reply, blocking);
    complete_if_runnable(thread);
}

// The send half of ReplyRecv, NBSendRecv and NBSendWait: never blocks, errors are dropped.
void send_phase(Tcb &thread, std::uint64_t cptr)
{
    auto found = lookup_slot(thread.cspace_root(), cptr);
    if (!found.is_ok()) {
        return;
    }
    const Capability &cap = found.value()->cap;
    if (cap.type() == CapType::reply) {
        send_reply(thread, reply_at(cap.paddr()), cap.reply_can_grant());
    } else if (cap.type() == CapType::notification && cap.rights().has(Rights::write)) {
        signal(notification_at(cap.paddr()), cap.badge());
    } else if (cap.type() == CapType::endpoint && cap.rights().has(Rights::write)) {
        SendRights rights{cap.badge(), cap.rights().has(Rights::grant), cap.rights().has(Rights::grant_reply)};
        send_ipc(thread, endpoint_at(cap.paddr()), rights, false, false);
    }
}

// ReplyRecv (a6 reply, then Recv on a0), NBSendRecv (t0 destination, then Recv on a0 with a6),
// NBSendWait (a6 destination, then Wait on a0).
void send_then_receive(Tcb &thread, std::int64_t number)
{
    switch (number) {
    case seL4_SysReplyRecv: send_phase(thread, thread.context.get(arch::reply_register)); break;
    case seL4_SysNBSendRecv: send_phase(thread, thread.context.get(arch::Register::t0)); break;
    default: send_phase(thread, thread.context.get(arch::reply_register)); break;
    }
    if (!thread.is_runnable()) {
        return;
    }
    receive(thread, number == seL4_SysNBSendWait ? ReceiveKind::wait : ReceiveKind::recv);
}

void send(Tcb &thread, SendKind kind)
{
    std::uint64_t cptr = thread.context.get(arch::cap_register);
    seL4_MessageInfo_t info{{thread.context.get(arch::message_info_register)}};
    auto found = lookup_slot(thread.cspace_root(), cptr);
    if (!found.is_ok()) {
        if (kind != SendKind::nb_send) {
            raise_cap_fault(thread, cptr, found.error(), false);
        } else {
            complete_syscall(thread);
        }
        return;
    }
    Slot &slot = *found.value();
    unsigned length = static_cast<unsigned>(seL4_MessageInfo_get_length(info));
    length = length > unsigned{seL4_MsgMaxLength} ? unsigned{seL4_MsgMaxLength} : length;
    if (thread.ipc_buffer_pointer() == nullptr && length > 4) {
        length = 4;
    }
    Invocation inv{thread, slot, cptr, seL4_MessageInfo_get_label(info), length};
    // As seL4, the extra capabilities are looked up first, whatever the object.
    if (!lookup_extra_caps(inv, info, kind)) {
        if (kind == SendKind::nb_send) {
            complete_syscall(thread);
        }
        return;
    }
    CapType type = slot.cap.type();
    if (type == CapType::endpoint || type == CapType::notification || type == CapType::reply) {
        send_to_ipc_object(thread, slot.cap, kind);
        return;
    }
    complete_syscall(thread);
    InvocationStatus status = perform_invocation(inv);
    if (!status.is_ok() && status.error().preempted) {
        // seL4's restart: the same invocation runs again once the interrupt is handled, and
        // goes on from the progress recorded in the objects.
        restart_syscall(thread);
        arch::handle_pending_interrupts();
        return;
    }
    if (!status.is_ok()) {
        explain(inv, status.error());
        if (kind == SendKind::call) {
            reply(thread, status.error().type, status.error().details, status.error().detail_count);
        }
    } else if (kind == SendKind::call) {
        reply(thread, 0, inv.results, inv.result_count);
    }
}

void debug_cap_identify(Tcb &thread)
{
    auto found = lookup_slot(thread.cspace_root(), thread.context.get(arch::cap_register));
    std::uint64_t tag = found.is_ok() ? static_cast<std::uint64_t>(found.value()->cap.type()) : 0;
    thread.context.set(arch::badge_register, tag);
    complete_syscall(thread);
}

// The name is a NUL-terminated string in the caller's IPC buffer, from msg[0].
void debug_name_thread(Tcb &thread)
{
    complete_syscall(thread);
    auto found = lookup_slot(thread.cspace_root(), thread.context.get(arch::cap_register));
    seL4_IPCBuffer *buffer = thread.ipc_buffer_pointer();
    if (!found.is_ok() || found.value()->cap.type() != CapType::thread || buffer == nullptr) {
        print("quokka: seL4_DebugNameThread from '%s' ignored: needs a TCB capability and an "
              "IPC buffer\n", thread.name());
        return;
    }
    auto *target = static_cast<Tcb *>(arch::phys_to_virt(found.value()->cap.paddr()));
    char name[Tcb::name_capacity];
    const auto *text = reinterpret_cast<const char *>(&buffer->msg[0]);
    std::size_t i = 0;
    for (; i + 1 < sizeof name && text[i] != '\0'; ++i) {
        name[i] = text[i];
    }
    name[i] = '\0';
    target->set_name(name);
}

// seL4_BenchmarkResetLog clears the kernel's interrupt log; seL4_BenchmarkFinalizeLog answers
// one of its figures, chosen by a0 (a seL4_QuokkaBenchmarkFigure), in a0.
void benchmark_log(Tcb &thread, std::int64_t number)
{
    if (number == seL4_SysBenchmarkResetLog) {
        arch::reset_interrupt_log();
        thread.context.set(arch::badge_register, 0);
    } else {
        arch::InterruptLog log = arch::interrupt_log();
        std::uint64_t figure = 0;
        switch (thread.context.get(arch::cap_register)) {
        case seL4_QuokkaTimerLatencyMax: figure = log.timer_latency_max; break;
        case seL4_QuokkaTimerInterrupts: figure = log.timer_interrupts; break;
        case seL4_QuokkaIRQEntryInstret: figure = log.irq_entry_instret; break;
        case seL4_QuokkaPreemptions: figure = preemption::count(); break;
        default: break;
        }
        thread.context.set(arch::badge_register, figure);
    }
    complete_syscall(thread);
}

} // namespace

void handle_syscall()
{
    Tcb &thread = *scheduler::current();
    auto number = static_cast<std::int64_t>(thread.context.get(arch::syscall_number_register));
    switch (number) {
    case seL4_SysCall: send(thread, SendKind::call); break;
    case seL4_SysSend: send(thread, SendKind::send); break;
    case seL4_SysNBSend: send(thread, SendKind::nb_send); break;
    case seL4_SysDebugPutChar: debug_put_char(thread); break;
    case seL4_SysDebugHalt: debug_halt(thread);
    case seL4_SysDebugDumpScheduler:
        scheduler::dump();
        complete_syscall(thread);
        break;
    case seL4_SysDebugCapIdentify: debug_cap_identify(thread); break;
    case seL4_SysDebugNameThread: debug_name_thread(thread); break;
    case seL4_SysRecv: receive(thread, ReceiveKind::recv); break;
    case seL4_SysNBRecv: receive(thread, ReceiveKind::nb_recv); break;
    case seL4_SysWait: receive(thread, ReceiveKind::wait); break;
    case seL4_SysNBWait: receive(thread, ReceiveKind::nb_wait); break;
    case seL4_SysReplyRecv:
    case seL4_SysNBSendRecv:
    case seL4_SysNBSendWait: send_then_receive(thread, number); break;
    case seL4_SysYield: yield(thread); break;
    case seL4_SysBenchmarkResetLog:
    case seL4_SysBenchmarkFinalizeLog: benchmark_log(thread, number); break;
    default: raise_unknown_syscall(thread, number); break;
    }
    scheduler::run();
}

} // namespace kernel
