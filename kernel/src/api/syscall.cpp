// Syscall dispatch: the number in a7 picks the handler (seL4's MCS numbering, see libsel4's
// sel4/syscall.h). A completed syscall resumes after the `ecall`; a thread that must re-execute
// it (Restart) keeps its pc.
#include <sel4/syscall.h>

#include "arch.hpp"
#include "config.hpp"
#include "console.hpp"
#include "events.hpp"
#include "fault.hpp"
#include "invocation.hpp"
#include "scheduler.hpp"

namespace kernel {
namespace {

enum class SendKind : std::uint8_t { call, send, nb_send };

void complete_syscall(Tcb &thread)
{
    thread.context.set_pc(thread.context.pc() + arch::syscall_instruction_bytes);
}

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
                suspend_after_cap_fault(inv.thread, cptr, found.error());
            }
            return false;
        }
        inv.extra_caps[i] = found.value();
    }
    inv.extra_count = count;
    return true;
}

// Sending to an endpoint, notification or reply object (reference §8.1, §8.2, §12.1, §12.7).
// Without Write a Send is dropped and a Call gets InvalidCapability. A reply object with no
// waiting caller ignores a Send and answers a Call with an empty message; no reply object has a
// caller before IPC exists. Messages to endpoints and notifications arrive with IPC.
void send_to_ipc_object(Tcb &thread, const Capability &cap, SendKind kind)
{
    complete_syscall(thread);
    if (cap.type() == CapType::reply) {
        if (kind == SendKind::call) {
            reply(thread, 0, nullptr, 0);
        }
        return;
    }
    if (!cap.rights().has(Rights::write)) {
        if (kind == SendKind::call) {
            std::uint64_t cap_index = 0;
            reply(thread, seL4_InvalidCapability, &cap_index, 1);
        }
        return;
    }
    thread.context.set_pc(thread.context.pc() - arch::syscall_instruction_bytes);
    print("quokka: thread '%s' sent to an %s, and IPC is not in this kernel yet\n",
          thread.name(), describe(cap.type()));
    suspend_after_unknown_syscall(
        thread, static_cast<std::int64_t>(thread.context.get(arch::syscall_number_register)));
}

void send(Tcb &thread, SendKind kind)
{
    std::uint64_t cptr = thread.context.get(arch::cap_register);
    seL4_MessageInfo_t info{{thread.context.get(arch::message_info_register)}};
    auto found = lookup_slot(thread.cspace_root(), cptr);
    if (!found.is_ok()) {
        if (kind != SendKind::nb_send) {
            suspend_after_cap_fault(thread, cptr, found.error());
        } else {
            complete_syscall(thread);
        }
        return;
    }
    Slot &slot = *found.value();
    CapType type = slot.cap.type();
    if (type == CapType::endpoint || type == CapType::notification || type == CapType::reply) {
        send_to_ipc_object(thread, slot.cap, kind);
        return;
    }
    unsigned length = static_cast<unsigned>(seL4_MessageInfo_get_length(info));
    length = length > unsigned{seL4_MsgMaxLength} ? unsigned{seL4_MsgMaxLength} : length;
    if (thread.ipc_buffer_pointer() == nullptr && length > 4) {
        length = 4;
    }
    Invocation inv{thread, slot, cptr, seL4_MessageInfo_get_label(info), length};
    if (!lookup_extra_caps(inv, info, kind)) {
        if (kind == SendKind::nb_send) {
            complete_syscall(thread);
        }
        return;
    }
    complete_syscall(thread);
    InvocationStatus status = perform_invocation(inv);
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

const char *ipc_syscall_name(std::int64_t number)
{
    switch (number) {
    case seL4_SysReplyRecv: return "seL4_ReplyRecv";
    case seL4_SysNBSendRecv: return "seL4_NBSendRecv";
    case seL4_SysNBSendWait: return "seL4_NBSendWait";
    case seL4_SysRecv: return "seL4_Recv";
    case seL4_SysNBRecv: return "seL4_NBRecv";
    case seL4_SysWait: return "seL4_Wait";
    case seL4_SysNBWait: return "seL4_NBWait";
    default: return nullptr;
    }
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
    case seL4_SysYield: yield(thread); break;
    default:
        if (const char *name = ipc_syscall_name(number)) {
            // Receiving arrives with endpoints' IPC; until then say so plainly.
            print("quokka: thread '%s' called %s, which this kernel does not provide yet\n",
                  thread.name(), name);
        }
        suspend_after_unknown_syscall(thread, number);
        break;
    }
    scheduler::run();
}

} // namespace kernel
