// Scheduling contexts (MCS): SchedControl_ConfigureFlags gives one a budget and period;
// SchedContext_Bind/Unbind attach it to a thread. Budgets are enforced by budget.cpp.
#include <sel4/constants.h>
#include <sel4/invocation.h>

#include "arch.hpp"
#include "budget.hpp"
#include "invocation.hpp"
#include "ipc.hpp"
#include "sched_context.hpp"
#include "scheduler.hpp"

namespace kernel {
namespace {

using E = SyscallError;
using S = InvocationStatus;

// The kernel's bounds on budgets and periods, in microseconds (seL4's MIN_BUDGET_US is a few
// kernel entries; MAX_PERIOD_US an hour is plenty for a teaching kernel).
constexpr std::uint64_t min_budget_us = 10;
constexpr std::uint64_t max_period_us = 3600ull * 1000 * 1000;

SchedContext &sched_context_at(std::uint64_t paddr)
{
    return *static_cast<SchedContext *>(arch::phys_to_virt(paddr));
}

} // namespace

void bind_sched_context(SchedContext &sc, Tcb &thread)
{
    sc.owner = sc.tcb = &thread;
    thread.sched_context = &sc;
    scheduler::enqueue(thread);
}

void unbind_sched_context(SchedContext &sc)
{
    scheduler::forget_sched_context(sc);
    if (Tcb *thread = sc.tcb; thread != nullptr && thread->sched_context == &sc) {
        thread->sched_context = nullptr;
        scheduler::dequeue(*thread);
    }
    sc.owner = sc.tcb = nullptr;
}

InvocationStatus perform_sched_control_invocation(Invocation &inv)
{
    if (inv.label != SchedControlConfigureFlags) {
        return S::err(E::illegal_operation("SchedControl's only method is ConfigureFlags"));
    }
    if (inv.length < 5 || inv.extra_count < 1) {
        return S::err(E::truncated_message("ConfigureFlags takes 5 words and a scheduling context"));
    }
    const Capability &cap = inv.extra_caps[0]->cap;
    if (cap.type() != CapType::sched_context) {
        return S::err(E::invalid_capability(1, "expected a scheduling context"));
    }
    std::uint64_t budget = inv.arg(0), period = inv.arg(1), extra_refills = inv.arg(2);
    if (period < min_budget_us || period > max_period_us) {
        return S::err(E::range_error(min_budget_us, max_period_us, "period out of range"));
    }
    if (budget < min_budget_us || budget > period) {
        return S::err(E::range_error(min_budget_us, period, "the budget must not exceed the period"));
    }
    if (extra_refills > seL4_MaxExtraRefills(cap.size_bits())) {
        return S::err(E::range_error(0, seL4_MaxExtraRefills(cap.size_bits()),
                                     "too many extra refills for this size"));
    }
    SchedContext &sc = sched_context_at(cap.paddr());
    budget::configure(sc, budget, period, arch::now_us());
    sc.extra_refills = extra_refills;
    sc.badge = inv.arg(3);
    sc.flags = inv.arg(4);
    if (sc.tcb != nullptr) {
        scheduler::enqueue(*sc.tcb); // now schedulable if it is runnable
    }
    return S::ok();
}

InvocationStatus perform_sched_context_invocation(Invocation &inv)
{
    SchedContext &sc = sched_context_at(inv.slot.cap.paddr());
    switch (inv.label) {
    case SchedContextBind: {
        if (inv.extra_count < 1) {
            return S::err(E::truncated_message("Bind takes a TCB or notification"));
        }
        const Capability &target = inv.extra_caps[0]->cap;
        if (target.type() != CapType::thread) {
            return S::err(E::invalid_capability(1, "this kernel binds scheduling contexts to TCBs"));
        }
        Tcb &thread = tcb_at(target.paddr());
        if (sc.tcb != nullptr || thread.sched_context != nullptr) {
            return S::err(E::illegal_operation("already bound"));
        }
        bind_sched_context(sc, thread);
        return S::ok();
    }
    case SchedContextUnbind:
    case SchedContextUnbindObject:
        unbind_sched_context(sc);
        return S::ok();
    case SchedContextConsumed:
        inv.results[0] = sc.consumed_us;
        inv.result_count = 1;
        sc.consumed_us = 0;
        return S::ok();
    default: return S::err(E::illegal_operation("not a SchedContext method here"));
    }
}

} // namespace kernel
