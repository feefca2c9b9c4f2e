// Endpoints and reply objects (reference §8.1-8.2, §12.1-12.9). A blocked thread keeps its pc
// on the `ecall`: woken because its IPC completed it resumes after it; restarted (its IPC
// cancelled) it executes the syscall again.
#include <sel4/shared_types.h>

#include "arch.hpp"
#include "cspace.hpp"
#include "fault.hpp"
#include "ipc.hpp"
#include "sched_context.hpp"
#include "scheduler.hpp"
#include "thread.hpp"

namespace kernel {
namespace {

// A fault message: the words the kernel composed when the sender faulted.
void transfer_fault(Tcb &sender, Tcb &receiver, std::uint64_t badge)
{
    seL4_IPCBuffer *to = receiver.ipc_buffer_pointer();
    unsigned length = 0;
    for (; length < sender.fault_length; ++length) {
        if (length < 4) {
            receiver.context.set(arch::message_registers[length], sender.fault_message[length]);
        } else if (to != nullptr) {
            to->msg[length] = sender.fault_message[length];
        } else {
            break;
        }
    }
    receiver.context.set(arch::message_info_register,
                         seL4_MessageInfo_new(sender.fault_label, 0, 0, length).words[0]);
    receiver.context.set(arch::badge_register, badge);
}

// The empty slot the receiver named in its IPC buffer for a capability, or nullptr.
Slot *receive_slot(Tcb &receiver, const seL4_IPCBuffer &buffer)
{
    auto node = lookup_slot(receiver.cspace_root(), buffer.receiveCNode);
    if (!node.is_ok()) {
        return nullptr;
    }
    auto slot = lookup_slot_for_cnode_op(node.value()->cap, buffer.receiveIndex, buffer.receiveDepth);
    if (!slot.is_ok() || !slot.value()->cap.is_null()) {
        return nullptr;
    }
    return slot.value();
}

// Capability transfer (reference §8.3): in order, a capability to the endpoint the message goes
// through is unwrapped into its badge; any other is copied into the receiver's one receive
// slot. It stops at the first capability it cannot handle. Returns how many it handled.
unsigned transfer_caps(Tcb &sender, Tcb &receiver, unsigned count, const Endpoint *endpoint,
                       seL4_IPCBuffer &from, seL4_IPCBuffer &to, unsigned &unwrapped)
{
    Slot *dest = receive_slot(receiver, to);
    unsigned done = 0;
    for (; done < count; ++done) {
        auto found = lookup_slot(sender.cspace_root(), from.caps_or_badges[done]);
        if (!found.is_ok()) {
            break;
        }
        Slot &source = *found.value();
        const Capability &cap = source.cap;
        if (cap.type() == CapType::endpoint && endpoint != nullptr &&
            &endpoint_at(cap.paddr()) == endpoint) {
            to.caps_or_badges[done] = cap.badge();
            unwrapped |= 1u << done;
            continue;
        }
        Capability copy = dest != nullptr ? cdt::derive(source, cap) : Capability();
        if (copy.is_null()) {
            break;
        }
        cdt::insert(copy, source, *dest);
        dest = nullptr; // one receive slot
    }
    return done;
}

// Copies the message registers (a2..a5 always; the IPC buffer's msg[4..] only when both have
// one), the capabilities when the sender may grant, and delivers the label, length and badge
// (seL4's doNormalTransfer).
void transfer_message(Tcb &sender, Tcb &receiver, std::uint64_t badge, bool can_grant,
                      const Endpoint *endpoint)
{
    if (sender.fault_label != 0) {
        transfer_fault(sender, receiver, badge);
        return;
    }
    seL4_MessageInfo_t info{{sender.context.get(arch::message_info_register)}};
    unsigned length = static_cast<unsigned>(seL4_MessageInfo_get_length(info));
    length = length > unsigned{seL4_MsgMaxLength} ? unsigned{seL4_MsgMaxLength} : length;
    seL4_IPCBuffer *from = sender.ipc_buffer_pointer();
    seL4_IPCBuffer *to = receiver.ipc_buffer_pointer();
    if ((from == nullptr || to == nullptr) && length > 4) {
        length = 4;
    }
    for (unsigned i = 0; i < length && i < 4; ++i) {
        receiver.context.set(arch::message_registers[i],
                             sender.context.get(arch::message_registers[i]));
    }
    for (unsigned i = 4; i < length; ++i) {
        to->msg[i] = from->msg[i];
    }
    unsigned caps = 0, unwrapped = 0;
    unsigned count = static_cast<unsigned>(seL4_MessageInfo_get_extraCaps(info));
    if (can_grant && count > 0 && from != nullptr && to != nullptr) {
        caps = transfer_caps(sender, receiver, count, endpoint, *from, *to, unwrapped);
    }
    receiver.context.set(arch::message_info_register,
                         seL4_MessageInfo_new(seL4_MessageInfo_get_label(info), unwrapped, caps, length)
                             .words[0]);
    receiver.context.set(arch::badge_register, badge);
}

void block(Tcb &thread, ThreadState state, void *object)
{
    thread.state = state;
    thread.blocked_on = object;
    scheduler::dequeue(thread);
}

// A Call answered through @p reply: the caller waits for it, and a receiver without time of
// its own runs on the caller's (MCS donation) until it replies.
void link_call(Tcb &caller, Reply &reply, Tcb &receiver)
{
    reply.caller = &caller;
    caller.reply = &reply;
    block(caller, ThreadState::blocked_on_reply, &reply);
    SchedContext *sc = caller.sched_context;
    if (receiver.sched_context == nullptr && sc != nullptr) {
        caller.sched_context = nullptr;
        sc->tcb = &receiver;
        receiver.sched_context = sc;
        reply.lent = sc;
        scheduler::enqueue(receiver);
    }
}

// The Call's delivery is done: it waits for the answer, or (no reply possible) stops for good.
void finish_call(Tcb &caller, bool can_reply, Reply *reply, Tcb &receiver)
{
    if (can_reply && reply != nullptr) {
        link_call(caller, *reply, receiver);
    } else {
        caller.state = ThreadState::inactive;
        scheduler::dequeue(caller);
    }
}

// Gives the scheduling context lent through @p reply back to the caller.
void return_lent_time(Reply &reply, Tcb &caller)
{
    SchedContext *sc = reply.lent;
    if (sc == nullptr) {
        return;
    }
    if (Tcb *holder = sc->tcb; holder != nullptr && holder->sched_context == sc) {
        holder->sched_context = nullptr;
        scheduler::dequeue(*holder);
    }
    sc->tcb = &caller;
    caller.sched_context = sc;
    reply.lent = nullptr;
}

} // namespace


void ThreadQueue::insert(Tcb &thread)
{
    // From the tail: after the last thread of the same or a higher priority.
    Tcb *after = tail_;
    while (after != nullptr && after->priority < thread.priority) {
        after = after->wait_prev;
    }
    thread.wait_prev = after;
    thread.wait_next = after != nullptr ? after->wait_next : head();
    if (after != nullptr) {
        after->wait_next = &thread;
    } else {
        set_head(&thread);
    }
    (thread.wait_next != nullptr ? thread.wait_next->wait_prev : tail_) = &thread;
}

void send_ipc(Tcb &thread, Endpoint &endpoint, SendRights rights, bool blocking, bool is_call)
{
    bool can_reply = rights.can_grant || rights.can_grant_reply;
    if (endpoint.state() == Endpoint::State::receiving) {
        Tcb &receiver = *endpoint.queue.head();
        endpoint.queue.remove(receiver);
        receiver.blocked_on = nullptr;
        Reply *reply = receiver.reply;
        receiver.reply = nullptr;
        if (reply != nullptr) {
            reply->receiver = nullptr;
        }
        transfer_message(thread, receiver, rights.badge, rights.can_grant, &endpoint);
        complete_syscall(receiver);
        if (is_call) {
            finish_call(thread, can_reply, reply, receiver);
        }
        return;
    }
    if (!blocking) {
        return; // NBSend with no receiver: the message is dropped
    }
    thread.send_badge = rights.badge;
    thread.send_can_grant = rights.can_grant;
    thread.send_can_grant_reply = rights.can_grant_reply;
    thread.send_is_call = is_call;
    block(thread, ThreadState::blocked_on_send, &endpoint);
    endpoint.queue.insert(thread);
    endpoint.set_state(Endpoint::State::sending);
}

void receive_ipc(Tcb &thread, Endpoint &endpoint, Reply *reply, bool blocking)
{
    Notification *bound = thread.bound_notification;
    if (bound != nullptr && bound->active) {
        // A pending signal on the bound notification is delivered first (msginfo untouched).
        thread.context.set(arch::badge_register, bound->word);
        bound->word = 0;
        bound->active = false;
        return;
    }
    if (reply != nullptr) {
        clear_reply(*reply); // a caller never answered through it stops for good (§12.7)
    }
    if (endpoint.state() == Endpoint::State::sending) {
        Tcb &sender = *endpoint.queue.head();
        endpoint.queue.remove(sender);
        sender.blocked_on = nullptr;
        transfer_message(sender, thread, sender.send_badge, sender.send_can_grant, &endpoint);
        if (sender.send_is_call) {
            finish_call(sender, sender.send_can_grant || sender.send_can_grant_reply, reply, thread);
        } else {
            complete_syscall(sender);
        }
        return;
    }
    if (!blocking) {
        thread.context.set(arch::badge_register, 0); // NBRecv with no sender
        return;
    }
    thread.reply = reply;
    if (reply != nullptr) {
        reply->receiver = &thread;
    }
    block(thread, ThreadState::blocked_on_receive, &endpoint);
    endpoint.queue.insert(thread);
    endpoint.set_state(Endpoint::State::receiving);
}

void send_reply(Tcb &thread, Reply &reply, bool can_grant)
{
    Tcb *caller = reply.caller;
    if (caller == nullptr) {
        return; // nobody waits: a reply is then a no-op (§12.7)
    }
    bool faulted = caller->fault_label != 0;
    bool resume = true;
    if (faulted) {
        resume = apply_fault_reply(*caller, thread);
    } else {
        transfer_message(thread, *caller, 0, can_grant, nullptr);
    }
    return_lent_time(reply, *caller);
    reply.caller = nullptr;
    caller->reply = nullptr;
    caller->blocked_on = nullptr;
    if (!faulted) {
        complete_syscall(*caller);
    } else if (resume) {
        // A fault reply restarts the faulting instruction (or where the reply moved the pc).
        caller->state = ThreadState::restart;
        scheduler::enqueue(*caller);
    } else {
        caller->state = ThreadState::inactive;
    }
}

void clear_reply(Reply &reply)
{
    if (Tcb *caller = reply.caller) {
        return_lent_time(reply, *caller);
        reply.caller = nullptr;
        caller->reply = nullptr;
        caller->blocked_on = nullptr;
        caller->state = ThreadState::inactive;
        scheduler::dequeue(*caller);
    }
    if (Tcb *receiver = reply.receiver) {
        receiver->reply = nullptr;
        reply.receiver = nullptr;
    }
}

void cancel_ipc(Tcb &thread)
{
    switch (thread.state) {
    case ThreadState::blocked_on_send:
    case ThreadState::blocked_on_receive:
        static_cast<Endpoint *>(thread.blocked_on)->queue.remove(thread);
        if (thread.reply != nullptr) {
            thread.reply->receiver = nullptr;
            thread.reply = nullptr;
        }
        break;
    case ThreadState::blocked_on_notification:
        static_cast<Notification *>(thread.blocked_on)->queue.remove(thread);
        break;
    case ThreadState::blocked_on_reply:
        if (Reply *reply = thread.reply) {
            return_lent_time(*reply, thread);
            reply->caller = nullptr;
            thread.reply = nullptr;
        }
        break;
    case ThreadState::inactive:
    case ThreadState::running:
    case ThreadState::restart: break;
    }
    thread.blocked_on = nullptr;
}

void cancel_all_ipc(Endpoint &endpoint)
{
    while (Tcb *thread = endpoint.queue.head()) {
        restart_thread(*thread);
    }
}

void cancel_badged_sends(Endpoint &endpoint, std::uint64_t badge)
{
    if (endpoint.state() != Endpoint::State::sending) {
        return;
    }
    for (Tcb *thread = endpoint.queue.head(); thread != nullptr;) {
        Tcb *next = thread->wait_next;
        if (thread->send_badge == badge) {
            restart_thread(*thread);
        }
        thread = next;
    }
}

void reorder_in_endpoint_queue(Tcb &thread)
{
    if (thread.state == ThreadState::blocked_on_send || thread.state == ThreadState::blocked_on_receive) {
        auto &queue = static_cast<Endpoint *>(thread.blocked_on)->queue;
        queue.remove(thread);
        queue.insert(thread);
    } else if (thread.state == ThreadState::blocked_on_notification) {
        auto &queue = static_cast<Notification *>(thread.blocked_on)->queue;
        queue.remove(thread);
        queue.insert(thread);
    }
}

} // namespace kernel
