// Capability deletion with zombies (see delete.hpp). A zombie's slot is off the derivation
// list, and its link words hold the stack link and a progress index (slot.hpp). A zombie
// outlives a preempted invocation, so users can meet one: it cannot be copied, moved or
// invoked, and deleting it continues the deletion.
#include "delete.hpp"

#include <span>

#include "arch.hpp"
#include "cspace.hpp"
#include "fastpath.hpp"
#include "fpu.hpp"
#include "ipc.hpp"
#include "irq.hpp"
#include "preemption.hpp"
#include "sched_context.hpp"
#include "scheduler.hpp"
#include "tcb.hpp"
#include "thread.hpp"
#include "vspace.hpp"

namespace kernel {
namespace {

// The dying objects, most recent on top. A preempted deletion leaves its zombies here; any
// later deletion (the restarted invocation or another) carries on with them first.
Slot *zombie_stack = nullptr;

enum class Mode : std::uint8_t { preemptible, to_completion };

// The capability slots of a dying object.
std::span<Slot> slots_of(const Capability &zombie)
{
    if (zombie.zombie_type() == CapType::thread) {
        return {tcb_at(zombie.paddr()).slots, tcb_slot_count};
    }
    return {cnode_slots(zombie.paddr()), std::size_t{1} << zombie.zombie_radix()};
}

// What must stop before a thread's memory can be reused.
void finalise_thread(Tcb &thread)
{
    suspend_thread(thread);
    unbind_notification(thread);
    if (SchedContext *sc = thread.sched_context; sc != nullptr && sc->owner == &thread) {
        unbind_sched_context(*sc);
    }
    fpu::forget(thread);
    scheduler::remove_thread(thread);
}

// Objects without slots: threads waiting on them are restarted (they re-execute their
// syscall and find the capability gone), links to them are cut.
void finalise_leaf(const Capability &cap)
{
    switch (cap.type()) {
    case CapType::endpoint: cancel_all_ipc(endpoint_at(cap.paddr())); break;
    case CapType::notification: cancel_all_signals(notification_at(cap.paddr())); break;
    case CapType::reply: clear_reply(reply_at(cap.paddr())); break;
    case CapType::sched_context:
        unbind_sched_context(*static_cast<SchedContext *>(arch::phys_to_virt(cap.paddr())));
        break;
    case CapType::asid_pool: forget_asid_pool(cap); break;
    case CapType::irq_handler: irq::release(static_cast<unsigned>(cap.irq())); break;
    case CapType::null:
    case CapType::frame:
    case CapType::untyped:
    case CapType::page_table:
    case CapType::cnode:
    case CapType::asid_control:
    case CapType::thread:
    case CapType::irq_control:
    case CapType::zombie:
    case CapType::domain:
    case CapType::sched_control: break;
    }
}

// Deletes the capability in one slot. The last capability to a CNode or TCB becomes a zombie
// pushed on the stack rather than deleting the object's slots here.
void delete_one(Slot &slot)
{
    Capability cap = slot.cap;
    if (cap.is_null() || cap.type() == CapType::zombie) {
        return; // a zombie lower on the stack is already taking care of it
    }
    bool holds_slots = cap.type() == CapType::cnode || cap.type() == CapType::thread;
    bool final = cdt::is_final(slot);
    if (cap.type() == CapType::frame || cap.type() == CapType::page_table) {
        unmap_for_deletion(cap, final); // each mapping belongs to one capability
    }
    if (!holds_slots || !final) {
        cdt::remove(slot);
        if (final) {
            finalise_leaf(cap);
        }
        return;
    }
    if (cap.type() == CapType::thread) {
        finalise_thread(tcb_at(cap.paddr()));
    }
    unsigned radix = cap.type() == CapType::cnode ? cap.radix() : 0;
    cdt::remove(slot);
    slot.cap = Capability::zombie(cap.paddr(), cap.type(), radix);
    invalidate_fastpath_views();
    slot.set_zombie_state(zombie_stack, 0);
    zombie_stack = &slot;
}

// Empties the objects on the zombie stack, one slot per step and one unit of work per step, so
// that even an empty CNode of a million slots is left at preemption points. A zombie's
// progress index is stored before the step, so a preempted reduction resumes after it. A
// zombie may itself live inside the object it destroys (a CNode holding its own last
// capability): it skips its own slot and is cleared last.
Progress reduce_zombies(Mode mode, const Slot *floor = nullptr)
{
    while (zombie_stack != nullptr && zombie_stack != floor) {
        Slot &zombie = *zombie_stack;
        std::span<Slot> slots = slots_of(zombie.cap);
        std::uint64_t index = zombie.zombie_progress();
        if (index == slots.size()) {
            zombie_stack = zombie.zombie_below();
            zombie.clear();
            invalidate_fastpath_views();
            continue;
        }
        zombie.set_zombie_state(zombie.zombie_below(), index + 1);
        Slot &slot = slots[index];
        if (!slot.cap.is_null() && slot.cap.type() != CapType::zombie) {
            delete_one(slot);
        }
        if (mode == Mode::preemptible && preemption::is_due()) {
            return Progress::preempted;
        }
    }
    return Progress::done;
}

} // namespace

Progress delete_capability(Slot &slot)
{
    delete_one(slot);
    return reduce_zombies(Mode::preemptible);
}

// Only the zombies this deletion makes are finished here: older ones may belong to a deletion
// in progress further up the call stack (an IRQ handler finalised inside a preemptible one),
// which must keep its preemption points.
void delete_capability_now(Slot &slot)
{
    Slot *floor = zombie_stack;
    delete_one(slot);
    (void)reduce_zombies(Mode::to_completion, floor);
}

Progress revoke_capability(Slot &slot)
{
    while (cdt::has_children(slot)) {
        if (delete_capability(*slot.next()) == Progress::preempted || preemption::is_due()) {
            return Progress::preempted;
        }
    }
    return Progress::done;
}

Progress finish_deletions() { return reduce_zombies(Mode::preemptible); }

bool has_unfinished_deletions() { return zombie_stack != nullptr; }

} // namespace kernel
