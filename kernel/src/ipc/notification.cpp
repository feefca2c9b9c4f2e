// Notifications (reference §8.4, §12.4): a word that signals OR badges into, waiters, and the
// thread a notification is bound to.
#include "arch.hpp"
#include "ipc.hpp"
#include "scheduler.hpp"
#include "thread.hpp"

namespace kernel {

void signal(Notification &notification, std::uint64_t badge)
{
    if (Tcb *waiter = notification.queue.head()) {
        notification.queue.remove(*waiter);
        waiter->blocked_on = nullptr;
        waiter->context.set(arch::badge_register, badge);
        complete_syscall(*waiter);
        return;
    }
    Tcb *bound = notification.bound;
    if (bound != nullptr && bound->state == ThreadState::blocked_on_receive) {
        // The bound thread waits on an endpoint: its receive is cut short by the signal.
        cancel_ipc(*bound);
        bound->context.set(arch::badge_register, badge);
        complete_syscall(*bound);
        return;
    }
    notification.word = notification.active ? notification.word | badge : badge;
    notification.active = true; // even for badge 0 (§12.4)
}

void wait(Tcb &thread, Notification &notification, bool blocking)
{
    if (notification.active) {
        thread.context.set(arch::badge_register, notification.word);
        notification.word = 0;
        notification.active = false;
        return;
    }
    if (!blocking) {
        thread.context.set(arch::badge_register, 0); // Poll with nothing pending
        return;
    }
    thread.state = ThreadState::blocked_on_notification;
    thread.blocked_on = &notification;
    scheduler::dequeue(thread);
    notification.queue.insert(thread);
}

void cancel_all_signals(Notification &notification)
{
    while (Tcb *thread = notification.queue.head()) {
        restart_thread(*thread);
    }
    if (notification.bound != nullptr) {
        notification.bound->bound_notification = nullptr;
        notification.bound = nullptr;
    }
}

void bind_notification(Notification &notification, Tcb &thread)
{
    notification.bound = &thread;
    thread.bound_notification = &notification;
}

void unbind_notification(Tcb &thread)
{
    if (Notification *notification = thread.bound_notification) {
        notification->bound = nullptr;
        thread.bound_notification = nullptr;
    }
}

} // namespace kernel
