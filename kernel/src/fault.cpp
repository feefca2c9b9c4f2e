// Faults as IPC (reference §8.6, §12.10-12.12), and the one-line report when a thread has no
// fault handler. The line names the thread, its pc, the cause and the address, which is what a
// student needs to find it.
#include "fault.hpp"

#include <sel4/constants.h>
#include <sel4/shared_types.h>

#include "console.hpp"
#include "fpu.hpp"
#include "ipc.hpp"
#include "scheduler.hpp"
#include "thread.hpp"

namespace kernel {
namespace {

void set_message(Tcb &thread, seL4_Fault_tag_t label, std::initializer_list<std::uint64_t> words)
{
    thread.fault_label = label;
    thread.fault_length = 0;
    for (std::uint64_t word : words) {
        thread.fault_message[thread.fault_length++] = word;
    }
}

// Sends the fault message in @p thread to a handler, as a Call through the handler capability
// held in the TCB (its fault handler, or for timeouts its timeout handler). False when there is
// no usable handler.
bool deliver(Tcb &thread, TcbSlot which = TcbSlot::fault_handler)
{
    const Capability &handler = thread.slot(which).cap;
    Rights rights = handler.rights();
    if (handler.type() != CapType::endpoint || !rights.has(Rights::write) ||
        !(rights.has(Rights::grant) || rights.has(Rights::grant_reply))) {
        thread.fault_label = 0;
        return false;
    }
    SendRights send{handler.badge(), rights.has(Rights::grant), rights.has(Rights::grant_reply)};
    send_ipc(thread, endpoint_at(handler.paddr()), send, true, true);
    return true;
}

std::uint64_t reg(const Tcb &thread, arch::Register r) { return thread.context.get(r); }

} // namespace

void raise_user_fault(Tcb &thread, const UserFault &fault)
{
    std::uint64_t pc = thread.context.pc();
    if (fault.kind == UserFault::Kind::vm_fault) {
        set_message(thread, seL4_Fault_VMFault,
                    {pc, fault.address, fault.instruction_fetch ? 1u : 0u, fault.status});
    } else {
        set_message(thread, seL4_Fault_UserException,
                    {pc, reg(thread, arch::Register::sp), fault.cause, 0});
    }
    if (deliver(thread)) {
        return;
    }
    print("quokka: fault in thread '%s': %s at pc 0x%016lx (cause %lu, address 0x%016lx); "
          "thread suspended\n",
          thread.name(), fault.description, pc, fault.cause, fault.address);
    suspend_thread(thread);
}

void raise_unknown_syscall(Tcb &thread, std::int64_t number)
{
    using arch::Register;
    set_message(thread, seL4_Fault_UnknownSyscall,
                {thread.context.pc(), reg(thread, Register::sp), reg(thread, Register::ra),
                 reg(thread, Register::a0), reg(thread, Register::a1), reg(thread, Register::a2),
                 reg(thread, Register::a3), reg(thread, Register::a4), reg(thread, Register::a5),
                 reg(thread, Register::a6), static_cast<std::uint64_t>(number)});
    if (deliver(thread)) {
        return;
    }
    print("quokka: fault in thread '%s': unknown syscall %ld at pc 0x%016lx; thread suspended\n",
          thread.name(), number, thread.context.pc());
    suspend_thread(thread);
}

void raise_cap_fault(Tcb &thread, std::uint64_t cptr, const LookupFault &fault, bool receive_phase)
{
    set_message(thread, seL4_Fault_CapFault, {thread.context.pc(), cptr, receive_phase ? 1u : 0u});
    for (unsigned i = 0; i < fault.word_count(); ++i) {
        thread.fault_message[thread.fault_length++] = fault.word(i);
    }
    if (deliver(thread)) {
        return;
    }
    print("quokka: fault in thread '%s': capability fault on cptr 0x%lx at pc 0x%016lx (%s, %lu "
          "bits left); thread suspended\n",
          thread.name(), cptr, thread.context.pc(), describe(fault.type), fault.bits_left);
    suspend_thread(thread);
}

bool raise_timeout_fault(Tcb &thread, std::uint64_t badge, std::uint64_t consumed_us)
{
    if (!thread.is_runnable() || thread.fault_label != 0) {
        return false; // blocked threads use no time; a fault already pending goes first
    }
    set_message(thread, seL4_Fault_Timeout, {badge, consumed_us});
    return deliver(thread, TcbSlot::timeout_handler);
}

bool apply_fault_reply(Tcb &thread, Tcb &replier)
{
    seL4_MessageInfo_t info{{replier.context.get(arch::message_info_register)}};
    std::uint64_t label = seL4_MessageInfo_get_label(info);
    unsigned length = static_cast<unsigned>(seL4_MessageInfo_get_length(info));
    seL4_IPCBuffer *buffer = replier.ipc_buffer_pointer();
    auto word = [&](unsigned i) {
        return i < 4 ? replier.context.get(arch::message_registers[i])
                     : (buffer != nullptr ? buffer->msg[i] : 0);
    };
    std::uint64_t fault = thread.fault_label;
    thread.fault_label = 0;
    switch (fault) {
    case seL4_Fault_UnknownSyscall: {
        if (label != 0) {
            return false;
        }
        // FaultIP, SP, RA, a0..a6, as many as the reply carries.
        using arch::Register;
        const Register order[] = {Register::sp, Register::ra, Register::a0, Register::a1,
                                  Register::a2, Register::a3, Register::a4, Register::a5,
                                  Register::a6};
        for (unsigned i = 0; i < length && i < 10; ++i) {
            if (i == 0) {
                thread.context.set_pc(word(0));
            } else {
                thread.context.set(order[i - 1], word(i));
            }
        }
        return true;
    }
    case seL4_Fault_UserException:
        if (label != 0) {
            return false;
        }
        if (length > 0) {
            thread.context.set_pc(word(0));
        }
        if (length > 1) {
            thread.context.set(arch::Register::sp, word(1));
        }
        return true;
    default: return true; // CapFault, VMFault: restart at the faulting instruction
    }
}

[[noreturn]] void handle_user_fault(const UserFault &fault)
{
    Tcb &thread = *scheduler::current();
    // An illegal instruction with the FPU off may be the thread's first FP instruction: it
    // gets the FPU and runs the instruction again (a truly illegal one traps once more).
    bool fpu_handed_over = fault.kind == UserFault::Kind::user_exception &&
                           fault.cause == arch::illegal_instruction_cause && fpu::take_over(thread);
    if (!fpu_handed_over) {
        raise_user_fault(thread, fault);
    }
    scheduler::run();
}

} // namespace kernel
