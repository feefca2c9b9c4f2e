// Helpers for host tests of the generic kernel: threads that clean up after themselves, and
// running kernel code until it leaves the kernel (the host arch layer throws then).
#pragma once

#include <functional>
#include <memory>

#include "host_machine.hpp"
#include "sched_context.hpp"
#include "scheduler.hpp"
#include "tcb.hpp"

/// A thread known to the scheduler for the duration of a test.
class TestThread {
public:
    TestThread(const char *name, std::uint8_t priority,
               kernel::ThreadState state = kernel::ThreadState::running)
    {
        tcb_.set_name(name);
        tcb_.priority = priority;
        tcb_.mcp = priority;
        tcb_.state = state;
        sched_context_.budget_us = sched_context_.period_us = 1000;
        sched_context_.tcb = sched_context_.owner = &tcb_;
        tcb_.sched_context = &sched_context_;
        kernel::scheduler::add_thread(tcb_);
        if (tcb_.is_runnable()) {
            kernel::scheduler::enqueue(tcb_);
        }
    }
    ~TestThread()
    {
        kernel::scheduler::forget_sched_context(sched_context_);
        kernel::scheduler::remove_thread(tcb_);
    }
    TestThread(const TestThread &) = delete;
    TestThread &operator=(const TestThread &) = delete;

    kernel::Tcb &tcb() { return tcb_; }

private:
    kernel::Tcb tcb_{}; // value-initialised: zeroed registers, as a retyped TCB
    kernel::SchedContext sched_context_{};
};

/// How a call into the kernel ended.
struct KernelExit {
    enum class Kind { returned_to_user, shut_down, idled, returned } kind;
    arch::UserContext *context = nullptr;            ///< for returned_to_user
    arch::ExitStatus status = arch::ExitStatus::halted; ///< for shut_down
};

/// Runs @p body and reports how it left the kernel.
inline KernelExit run_kernel(const std::function<void()> &body)
{
    try {
        body();
    } catch (const arch::host::ReturnToUser &exit) {
        return {KernelExit::Kind::returned_to_user, exit.context};
    } catch (const arch::host::Shutdown &exit) {
        return {KernelExit::Kind::shut_down, nullptr, exit.status};
    } catch (const arch::host::Idle &) {
        return {KernelExit::Kind::idled};
    }
    return {KernelExit::Kind::returned};
}

/// Makes @p thread current, as a trap from it would find it: runs the scheduler, which must
/// pick it. Returns false if it picked another thread.
inline bool make_current(kernel::Tcb &thread)
{
    KernelExit exit = run_kernel([] { kernel::scheduler::run(); });
    return exit.kind == KernelExit::Kind::returned_to_user && exit.context == &thread.context;
}
