/// @file
/// IPC objects and message passing with seL4 MCS semantics (reference §8.1-8.4): endpoints with
/// priority-ordered queues, reply objects linking a caller to the thread that answers it (and
/// lending it the caller's scheduling context when it has none), and notifications.
#pragma once

#include <cstdint>

#include <sel4/constants.h>

#include <arch/address.hpp>

#include "tcb.hpp"

namespace kernel {

class SchedContext;

/// A queue of threads waiting on an endpoint or notification, ordered by priority, FIFO
/// within a priority (seL4 MCS). Two words; the head's low bits (TCBs are 32-byte aligned) carry
/// a small tag for the owner, so an endpoint fits its 16 bytes.
class ThreadQueue final {
public:
    /// The first thread, or nullptr.
    Tcb *head() const { return reinterpret_cast<Tcb *>(head_ & ~tag_mask); }
    /// True when no thread waits.
    bool empty() const { return head() == nullptr; }
    /// Inserts @p thread behind every thread of its priority or higher.
    void insert(Tcb &thread);
    /// Removes @p thread (which must be in this queue).
    void remove(Tcb &thread)
    {
        if (thread.wait_prev != nullptr) {
            thread.wait_prev->wait_next = thread.wait_next;
        } else {
            set_head(thread.wait_next);
        }
        (thread.wait_next != nullptr ? thread.wait_next->wait_prev : tail_) = thread.wait_prev;
        thread.wait_next = thread.wait_prev = nullptr;
    }
    /// Removes and returns the first thread (the queue must not be empty). Written for the IPC
    /// fastpath, whose usual queue holds that one thread.
    Tcb &pop_head()
    {
        Tcb &first = *head();
        Tcb *next = first.wait_next;
        if (next == nullptr) [[likely]] {
            head_ = 0;
            tail_ = nullptr;
        } else {
            set_head(next);
            next->wait_prev = nullptr;
            first.wait_next = nullptr;
        }
        return first;
    }
    /// True when insert() would put @p thread last: no queued thread is below its priority.
    bool may_append(const Tcb &thread) const { return tail_ == nullptr || tail_->priority >= thread.priority; }
    /// Puts @p thread last and gives the queue the tag @p tag (callers check may_append() to
    /// keep the priority order). Written for the IPC fastpath, whose usual queue is empty.
    void append_and_tag(Tcb &thread, unsigned tag)
    {
        thread.wait_next = nullptr;
        thread.wait_prev = tail_;
        if (tail_ == nullptr) [[likely]] {
            head_ = reinterpret_cast<std::uintptr_t>(&thread) | (tag & tag_mask);
        } else {
            tail_->wait_next = &thread;
            set_tag(tag);
        }
        tail_ = &thread;
    }
    /// The first thread when the queue's tag is @p tag (a tagged queue is never empty), else
    /// nullptr.
    Tcb *head_if_tagged(unsigned tag) const
    {
        // head_ - tag is the untagged pointer exactly when the tag is @p tag (one test).
        std::uintptr_t untagged = head_ - tag;
        return (untagged & tag_mask) == 0 ? reinterpret_cast<Tcb *>(untagged) : nullptr;
    }
    /// The owner's tag (0..3).
    unsigned tag() const { return static_cast<unsigned>(head_ & tag_mask); }
    /// Sets the owner's tag (0..3).
    void set_tag(unsigned tag) { head_ = (head_ & ~tag_mask) | (tag & tag_mask); }

private:
    static constexpr std::uintptr_t tag_mask = 3;
    // An empty queue has no tag: a tag is only ever seen with a thread.
    void set_head(Tcb *thread)
    {
        head_ = thread == nullptr ? 0 : reinterpret_cast<std::uintptr_t>(thread) | (head_ & tag_mask);
    }
    std::uintptr_t head_ = 0;
    Tcb *tail_ = nullptr;
};

/// An endpoint (2^seL4_EndpointBits bytes): the threads waiting to send or to receive.
class Endpoint final {
public:
    /// Which direction the waiting threads go (all wait in the same one).
    enum class State : std::uint8_t { idle, sending, receiving };
    ThreadQueue queue; ///< the waiting threads; its tag holds the direction
    /// Direction of the waiting threads; idle when none wait.
    State state() const { return queue.empty() ? State::idle : static_cast<State>(queue.tag()); }
    /// Records the direction of the waiting threads.
    void set_state(State state) { queue.set_tag(static_cast<unsigned>(state)); }
};
static_assert(sizeof(Endpoint) <= (std::size_t{1} << seL4_EndpointBits), "an endpoint fits its object");

/// A notification (2^seL4_NotificationBits bytes): a word of badges and waiting threads.
class Notification final {
public:
    ThreadQueue queue;         ///< threads blocked in Wait
    std::uint64_t word = 0;    ///< badges signalled and not yet collected
    bool active = false;       ///< a signal is pending (even with word 0)
    Tcb *bound = nullptr;      ///< the thread it is bound to
    /// The thread it is bound to, or nullptr.
    Tcb *bound_tcb() const { return bound; }
    /// True when threads wait on it.
    bool has_waiters() const { return !queue.empty(); }
};
static_assert(sizeof(Notification) <= (std::size_t{1} << seL4_NotificationBits),
              "a notification fits its object");

/// A reply object (2^seL4_ReplyBits bytes): the caller waiting for an answer, and the scheduling
/// context it lent the receiver, if any.
class Reply final {
public:
    Tcb *caller = nullptr;          ///< the thread blocked on this reply
    SchedContext *lent = nullptr;   ///< the caller's scheduling context, lent to the receiver
    Tcb *receiver = nullptr;        ///< the thread waiting in Recv with this reply object
};
static_assert(sizeof(Reply) <= (std::size_t{1} << seL4_ReplyBits), "a reply fits its object");

/// The endpoint at physical address @p paddr.
inline Endpoint &endpoint_at(std::uint64_t paddr) { return *static_cast<Endpoint *>(arch::phys_to_virt(paddr)); }
/// The notification at physical address @p paddr.
inline Notification &notification_at(std::uint64_t paddr)
{
    return *static_cast<Notification *>(arch::phys_to_virt(paddr));
}
/// The reply object at physical address @p paddr.
inline Reply &reply_at(std::uint64_t paddr) { return *static_cast<Reply *>(arch::phys_to_virt(paddr)); }

/// What a sender's capability allows.
struct SendRights {
    std::uint64_t badge;    ///< delivered to the receiver
    bool can_grant;         ///< capabilities may go with the message
    bool can_grant_reply;   ///< a Call may be answered
};

/// Sends @p thread's message to @p endpoint (Send, NBSend, Call). With no receiver waiting, a
/// blocking send queues the thread and NBSend drops the message.
void send_ipc(Tcb &thread, Endpoint &endpoint, SendRights rights, bool blocking, bool is_call);
/// Receives on @p endpoint into @p thread (Recv, NBRecv), with @p reply (may be null) for a Call.
void receive_ipc(Tcb &thread, Endpoint &endpoint, Reply *reply, bool blocking);
/// Sends @p thread's message as the answer through @p reply (with capabilities when
/// @p can_grant, the reply capability's Grant right); no caller means nothing happens.
void send_reply(Tcb &thread, Reply &reply, bool can_grant);
/// Signals @p notification with @p badge.
void signal(Notification &notification, std::uint64_t badge);
/// Waits on (or polls, unless @p blocking) @p notification.
void wait(Tcb &thread, Notification &notification, bool blocking);

/// Takes @p thread out of any IPC it is blocked in (its state is left to the caller).
void cancel_ipc(Tcb &thread);
/// Restarts every thread queued on @p endpoint (the endpoint is being deleted).
void cancel_all_ipc(Endpoint &endpoint);
/// Restarts the threads queued to send on @p endpoint with @p badge (CancelBadgedSends).
void cancel_badged_sends(Endpoint &endpoint, std::uint64_t badge);
/// Restarts every thread waiting on @p notification and unbinds it (it is being deleted).
void cancel_all_signals(Notification &notification);
/// Detaches @p reply from its caller (which becomes inactive) and receiver (being deleted or
/// reused).
void clear_reply(Reply &reply);
/// Moves @p thread to its new priority's place in the queue it waits in, if any.
void reorder_in_endpoint_queue(Tcb &thread);

/// Binds @p notification to @p thread.
void bind_notification(Notification &notification, Tcb &thread);
/// Unbinds the notification bound to @p thread.
void unbind_notification(Tcb &thread);

/// Gives @p thread @p sc as its own scheduling context.
void bind_sched_context(SchedContext &sc, Tcb &thread);
/// Takes @p sc away from its thread.
void unbind_sched_context(SchedContext &sc);

} // namespace kernel
