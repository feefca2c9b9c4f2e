// IRQControl and IRQHandler (reference §5.2, §8.4 "IRQs"). Each interrupt has a slot holding a
// copy of the notification capability set on it, so the notification lives while bound.
#include "irq.hpp"

#include <sel4/constants.h>
#include <sel4/invocation.h>

#include "arch.hpp"
#include "delete.hpp"
#include "events.hpp"
#include "ipc.hpp"
#include "scheduler.hpp"

namespace kernel::irq {
namespace {

using E = SyscallError;
using S = InvocationStatus;

struct Line {
    bool claimed = false; // an IRQ handler capability exists
    Slot notification;    // a copy of the notification capability, or empty
};
Line lines[max_irq + 1];

unsigned highest_irq() { return arch::irq_count() < max_irq ? arch::irq_count() : max_irq; }

S get_handler(Invocation &inv, unsigned words)
{
    if (inv.length < words || inv.extra_count < 1) {
        return S::err(E::truncated_message("needs the IRQ, the slot and a CNode"));
    }
    std::uint64_t irq = inv.arg(0);
    std::uint64_t index = inv.arg(words - 2), depth = inv.arg(words - 1);
    if (irq < 1 || irq > highest_irq()) {
        return S::err(E::range_error(1, highest_irq(), "no such interrupt"));
    }
    if (lines[irq].claimed) {
        return S::err(E::revoke_first("the interrupt already has a handler"));
    }
    auto dest = lookup_empty_slot(inv.extra_caps[0]->cap, index, depth);
    if (!dest.is_ok()) {
        return S::err(dest.error());
    }
    lines[irq].claimed = true;
    cdt::insert(Capability::irq_handler(irq), inv.slot, *dest.value());
    return S::ok();
}

} // namespace

bool can_wake_a_thread()
{
    for (const Line &line : lines) {
        if (!line.notification.cap.is_null()) {
            return true;
        }
    }
    return false;
}

void release(unsigned irq)
{
    if (irq > max_irq) {
        return;
    }
    arch::set_irq_enabled(irq, false);
    lines[irq].claimed = false;
    delete_capability_now(lines[irq].notification);
}

InvocationStatus perform_control_invocation(Invocation &inv)
{
    switch (inv.label) {
    case IRQIssueIRQHandler: return get_handler(inv, 3);
    case RISCVIRQIssueIRQHandlerTrigger: return get_handler(inv, 4); // the PLIC has no trigger mode
    default: return S::err(E::illegal_operation("not an IRQControl method"));
    }
}

InvocationStatus perform_handler_invocation(Invocation &inv)
{
    unsigned irq = static_cast<unsigned>(inv.slot.cap.irq());
    Line &line = lines[irq];
    switch (inv.label) {
    case IRQSetIRQHandler: {
        if (inv.extra_count < 1) {
            return S::err(E::truncated_message("SetNotification takes a notification"));
        }
        Slot &source = *inv.extra_caps[0];
        if (source.cap.type() != CapType::notification || !source.cap.rights().has(Rights::write)) {
            return S::err(E::invalid_capability(0, "needs a notification capability with Write"));
        }
        delete_capability_now(line.notification);
        cdt::insert(source.cap, source, line.notification);
        arch::set_irq_enabled(irq, true);
        return S::ok();
    }
    case IRQAckIRQ:
        arch::set_irq_enabled(irq, !line.notification.cap.is_null());
        return S::ok();
    case IRQClearIRQHandler:
        arch::set_irq_enabled(irq, false);
        delete_capability_now(line.notification);
        return S::ok();
    default: return S::err(E::illegal_operation("not an IRQHandler method"));
    }
}

} // namespace kernel::irq

namespace kernel {

void handle_irq(unsigned irq)
{
    // Masked until the driver acknowledges it, as seL4 does.
    arch::set_irq_enabled(irq, false);
    if (irq <= irq::max_irq) {
        const Capability &cap = irq::lines[irq].notification.cap;
        if (cap.type() == CapType::notification) {
            signal(notification_at(cap.paddr()), cap.badge());
        }
    }
}

void handle_interrupt_from_user() { scheduler::run(); }

} // namespace kernel
