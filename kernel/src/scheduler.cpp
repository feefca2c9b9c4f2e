// Ready queues: one doubly linked FIFO per priority, and a two-level bitmap (4 words of 64
// bits) so the highest non-empty priority is found with one count-leading-zeros per word.
// As in seL4, the running thread is not in a queue: a thread that blocks or wakes another in
// a syscall then costs no queue operations, which is what lets the IPC fastpath switch
// threads directly. It goes back to the head of its queue when preempted (it keeps its turn)
// and to the tail when it yields or its time slice ends.
#include "scheduler.hpp"

#include <array>
#include <bit>

#include "arch.hpp"
#include "budget.hpp"
#include "console.hpp"
#include "events.hpp"
#include "irq.hpp"
#include "vspace.hpp"

namespace kernel::scheduler {

namespace detail {
Tcb *current_thread = nullptr;
int highest_ready = -1;
} // namespace detail

namespace {

struct Queue {
    Tcb *head = nullptr;
    Tcb *tail = nullptr;
};

constexpr unsigned bitmap_words = ready_bitmap_words;

std::array<Queue, priority_count> queues;
std::uint64_t ready_bitmap[ready_bitmap_words];
using detail::highest_ready;
using detail::current_thread;
Tcb *all_threads = nullptr;
std::uint64_t ticks = 0;
SchedContext *running_sc = nullptr;      // charged for the time since dispatched_at_us
std::uint64_t dispatched_at_us = 0;
std::uint64_t programmed_deadline_us = ~std::uint64_t{0};

// Asks for a timer interrupt at @p deadline unless one is already due earlier (and not yet
// past @p now): an early interrupt only makes the scheduler look again, so a later deadline
// needs no SBI call.
void arm_timer(std::uint64_t deadline, std::uint64_t now)
{
    if (deadline < programmed_deadline_us || programmed_deadline_us <= now) {
        programmed_deadline_us = deadline;
        arch::set_timer_deadline(deadline);
    }
}

void push(Tcb &thread, bool at_head)
{
    Queue &q = queues[thread.priority];
    if (at_head) {
        thread.queue_prev = nullptr;
        thread.queue_next = q.head;
        (q.head != nullptr ? q.head->queue_prev : q.tail) = &thread;
        q.head = &thread;
    } else {
        thread.queue_next = nullptr;
        thread.queue_prev = q.tail;
        (q.tail != nullptr ? q.tail->queue_next : q.head) = &thread;
        q.tail = &thread;
    }
    thread.queued = true;
    ready_bitmap[thread.priority / 64] |= std::uint64_t{1} << (thread.priority % 64);
    if (thread.priority > highest_ready) {
        highest_ready = thread.priority;
    }
}

// The highest priority with a queued thread, or -1.
int highest_ready_priority()
{
    for (unsigned word = bitmap_words; word-- > 0;) {
        if (ready_bitmap[word] != 0) {
            return static_cast<int>(word * 64 + 63 - static_cast<unsigned>(std::countl_zero(ready_bitmap[word])));
        }
    }
    return -1;
}

// The running thread, when it may go on running: schedulable and not sent to its queue's tail.
bool current_may_continue()
{
    return current_thread != nullptr && !current_thread->queued && current_thread->is_schedulable();
}

void mark_empty(unsigned priority)
{
    ready_bitmap[priority / 64] &= ~(std::uint64_t{1} << (priority % 64));
    if (static_cast<int>(priority) == highest_ready) {
        highest_ready = highest_ready_priority();
    }
}

// With nothing schedulable, only an event from outside could make a thread runnable: a budget
// coming back at its next period, or an interrupt signalling a notification.
bool can_any_thread_run_again()
{
    return budget::next_release() != ~std::uint64_t{0} || irq::can_wake_a_thread();
}

} // namespace

void add_thread(Tcb &thread)
{
    thread.all_next = all_threads;
    all_threads = &thread;
}

void remove_thread(Tcb &thread)
{
    dequeue(thread);
    for (Tcb **link = &all_threads; *link != nullptr; link = &(*link)->all_next) {
        if (*link == &thread) {
            *link = thread.all_next;
            break;
        }
    }
    if (current_thread == &thread) {
        current_thread = nullptr;
    }
}

void enqueue(Tcb &thread)
{
    if (thread.queued || &thread == current_thread || !thread.is_schedulable()) {
        return;
    }
    push(thread, false);
}

void dequeue(Tcb &thread)
{
    if (!thread.queued) {
        return;
    }
    Queue &q = queues[thread.priority];
    (thread.queue_prev != nullptr ? thread.queue_prev->queue_next : q.head) = thread.queue_next;
    (thread.queue_next != nullptr ? thread.queue_next->queue_prev : q.tail) = thread.queue_prev;
    thread.queue_next = thread.queue_prev = nullptr;
    thread.queued = false;
    if (q.head == nullptr) {
        mark_empty(thread.priority);
    }
}

Tcb *choose()
{
    return highest_ready < 0 ? nullptr : queues[static_cast<unsigned>(highest_ready)].head;
}

Tcb *current() { return current_thread; }

void rotate(Tcb &thread)
{
    if (thread.queued) {
        dequeue(thread);
        push(thread, false);
    } else if (&thread == current_thread && thread.is_schedulable()) {
        push(thread, false);
    }
}

void set_priority(Tcb &thread, std::uint8_t priority)
{
    bool requeue = thread.queued || (&thread == current_thread && thread.is_schedulable());
    dequeue(thread);
    thread.priority = priority;
    if (requeue) {
        push(thread, false);
    }
}

void suspend(Tcb &thread)
{
    thread.state = ThreadState::inactive;
    dequeue(thread);
}

void tick()
{
    ++ticks;
    programmed_deadline_us = ~std::uint64_t{0}; // it fired
}

void forget_sched_context(SchedContext &sc)
{
    budget::forget(sc);
    if (running_sc == &sc) {
        running_sc = nullptr;
    }
}

std::uint64_t tick_count() { return ticks; }

void run()
{
    std::uint64_t now = arch::now_us();
    if (running_sc != nullptr) {
        budget::charge(*running_sc, now - dispatched_at_us, now);
        running_sc = nullptr;
    }
    for (;;) {
        budget::release_due(now);
        Tcb *next = current_thread;
        bool may_continue = current_may_continue();
        if (!may_continue || highest_ready > static_cast<int>(next->priority)) {
            if (may_continue) {
                push(*current_thread, true); // preempted: first of its priority again
            }
            next = choose();
            if (next != nullptr) {
                dequeue(*next);
            }
        }
        if (next != nullptr) {
            current_thread = next;
            running_sc = next->sched_context;
            dispatched_at_us = now;
            std::uint64_t end_of_budget = now + running_sc->remaining_us;
            std::uint64_t release = budget::next_release();
            arm_timer(end_of_budget < release ? end_of_budget : release, now);
            UsableVSpace vspace = usable_vspace(next->slot(TcbSlot::vspace_root).cap);
            arch::return_to_user(next->context, vspace.root, vspace.asid);
        }
        current_thread = nullptr;
        if (!can_any_thread_run_again()) {
            print("quokka: no thread can run any more (none is runnable and nothing can wake "
                  "one); shutting down\n");
            arch::shutdown(arch::ExitStatus::stalled);
        }
        arm_timer(budget::next_release(), now);
        arch::wait_for_interrupt();
        now = arch::now_us();
    }
}

void dump()
{
    print("%-24s %-10s %4s %4s %18s\n", "thread", "state", "prio", "mcp", "pc");
    for (Tcb *t = all_threads; t != nullptr; t = t->all_next) {
        print("%-24s %-10s %4u %4u 0x%016lx%s%s\n", t->name(), describe(t->state),
              static_cast<unsigned>(t->priority), static_cast<unsigned>(t->mcp),
              t->context.pc(), t->sched_context == nullptr ? "  (passive)" : "",
              t == current_thread ? "  (current)" : "");
    }
    print("timer ticks: %lu\n", ticks);
}

} // namespace kernel::scheduler

namespace kernel {

void handle_tick() { scheduler::tick(); }

void handle_tick_from_user()
{
    scheduler::tick();
    scheduler::run();
}

} // namespace kernel
