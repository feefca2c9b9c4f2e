// The host stand-in for libsel4's trap (support/libsel4_host/sel4/arch/ecall.h): a "system call"
// loads the current thread's registers as the RISC-V trap would, runs the kernel's real syscall
// path (kernel::handle_syscall), and reads the registers back when the kernel returns to that
// thread. Only the calls the libraries make are needed: Call (every invocation) and the
// one-argument debug calls; the others stop the test.
#include "support/libsel4_host.hpp"

#include <cstdio>
#include <cstdlib>

#include "events.hpp"
#include "support/kernel_fixture.hpp"

LIBSEL4_THREAD_LOCAL seL4_IPCBuffer *__sel4_ipc_buffer;

namespace libsel4_host {

kernel::Tcb *current_thread = nullptr;

namespace {

[[noreturn]] void stop(const char *why)
{
    std::fprintf(stderr, "libsel4_host: %s\n", why);
    std::abort();
}

// Runs the syscall whose registers are set and checks the kernel came back to the caller.
void trap()
{
    if (current_thread == nullptr) {
        stop("no current thread (use libsel4_host::Session)");
    }
    KernelExit exit = run_kernel([] { kernel::handle_syscall(); });
    if (exit.kind != KernelExit::Kind::returned_to_user || exit.context != &current_thread->context) {
        stop("the kernel did not return to the calling thread");
    }
}

} // namespace
} // namespace libsel4_host

using arch::Register;
using libsel4_host::current_thread;

extern "C" seL4_Word quokka_ecall_short(seL4_Syscall_ID sys, seL4_Word arg0, seL4_Word arg1)
{
    arch::UserContext &context = current_thread->context;
    context.set(Register::a7, static_cast<seL4_Word>(sys));
    context.set(Register::a0, arg0);
    context.set(Register::a1, arg1);
    libsel4_host::trap();
    return context.get(Register::a0);
}

extern "C" seL4_MessageInfo_t quokka_ecall_call(seL4_Word dest, seL4_Word info, seL4_Word mr[4])
{
    arch::UserContext &context = current_thread->context;
    context.set(Register::a7, static_cast<seL4_Word>(seL4_SysCall));
    context.set(Register::a0, dest);
    context.set(Register::a1, info);
    for (unsigned i = 0; i < 4; ++i) {
        context.set(arch::message_registers[i], mr[i]);
    }
    libsel4_host::trap();
    for (unsigned i = 0; i < 4; ++i) {
        mr[i] = context.get(arch::message_registers[i]);
    }
    return seL4_MessageInfo_t{{context.get(Register::a1)}};
}

extern "C" void quokka_ecall_null(seL4_Syscall_ID) { libsel4_host::stop("this syscall is not simulated"); }
extern "C" void quokka_ecall_send(seL4_Syscall_ID, seL4_Word, seL4_Word, const seL4_Word *)
{
    libsel4_host::stop("Send is not simulated");
}
extern "C" seL4_MessageInfo_t quokka_ecall_recv(seL4_Syscall_ID, seL4_Word, seL4_Word, seL4_Word *, seL4_Word *)
{
    libsel4_host::stop("Recv is not simulated");
}
extern "C" seL4_MessageInfo_t quokka_ecall_reply_recv(seL4_Word, seL4_Word, seL4_Word, seL4_Word *, seL4_Word *)
{
    libsel4_host::stop("ReplyRecv is not simulated");
}
extern "C" seL4_MessageInfo_t quokka_ecall_nbsend_recv(seL4_Syscall_ID, seL4_Word, seL4_Word, seL4_Word, seL4_Word,
                                                       seL4_Word *, seL4_Word *)
{
    libsel4_host::stop("NBSendRecv is not simulated");
}
