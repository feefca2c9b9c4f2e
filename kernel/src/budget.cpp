// MCS budgets (see budget.hpp). The depleted contexts wait on a list sorted by refill time.
#include "budget.hpp"

#include "fault.hpp"
#include "scheduler.hpp"
#include "tcb.hpp"

namespace kernel::budget {
namespace {

SchedContext *depleted_list = nullptr;

void insert_sorted(SchedContext &sc)
{
    SchedContext **link = &depleted_list;
    while (*link != nullptr && (*link)->release_at_us <= sc.release_at_us) {
        link = &(*link)->next_depleted;
    }
    sc.next_depleted = *link;
    *link = &sc;
}

} // namespace

void configure(SchedContext &sc, std::uint64_t budget_us, std::uint64_t period_us,
               std::uint64_t now_us)
{
    forget(sc);
    sc.budget_us = budget_us;
    sc.period_us = period_us;
    sc.remaining_us = budget_us;
    sc.period_start_us = now_us;
}

void charge(SchedContext &sc, std::uint64_t used_us, std::uint64_t now_us)
{
    sc.consumed_us += used_us;
    if (!sc.is_configured() || sc.depleted) {
        return;
    }
    if (sc.remaining_us > used_us) {
        sc.remaining_us -= used_us;
        return;
    }
    if (sc.budget_us == sc.period_us) {
        // A full budget is a time slice: refill now, and let the thread's equals run first.
        sc.remaining_us = sc.budget_us;
        sc.period_start_us = now_us;
        if (sc.tcb != nullptr) {
            scheduler::rotate(*sc.tcb);
        }
        return;
    }
    sc.remaining_us = 0;
    sc.depleted = true;
    sc.release_at_us = sc.period_start_us + sc.period_us;
    insert_sorted(sc);
    if (sc.tcb != nullptr) {
        scheduler::dequeue(*sc.tcb);
        // MCS: a thread with a timeout handler tells it (round-robin contexts never do).
        if (raise_timeout_fault(*sc.tcb, sc.badge, sc.consumed_us)) {
            sc.consumed_us = 0;
        }
    }
}

void release_due(std::uint64_t now_us)
{
    while (depleted_list != nullptr && depleted_list->release_at_us <= now_us) {
        SchedContext &sc = *depleted_list;
        depleted_list = sc.next_depleted;
        sc.next_depleted = nullptr;
        sc.depleted = false;
        sc.remaining_us = sc.budget_us;
        // A period missed entirely (nothing ran) restarts from now rather than catching up.
        sc.period_start_us = now_us - sc.release_at_us >= sc.period_us ? now_us : sc.release_at_us;
        if (sc.tcb != nullptr) {
            scheduler::enqueue(*sc.tcb);
        }
    }
}

std::uint64_t next_release()
{
    return depleted_list != nullptr ? depleted_list->release_at_us : ~std::uint64_t{0};
}

void forget(SchedContext &sc)
{
    for (SchedContext **link = &depleted_list; *link != nullptr; link = &(*link)->next_depleted) {
        if (*link == &sc) {
            *link = sc.next_depleted;
            break;
        }
    }
    sc.next_depleted = nullptr;
    sc.depleted = false;
}

} // namespace kernel::budget
