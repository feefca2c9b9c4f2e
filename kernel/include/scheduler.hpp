/// @file
/// The scheduler: 256 priorities, round robin within a priority, the highest ready priority
/// found in O(1) through a bitmap.
#pragma once

#include <cstdint>

#include "sched_context.hpp"
#include "tcb.hpp"

namespace kernel::scheduler {

/// Number of priorities (seL4_MaxPrio + 1).
inline constexpr unsigned priority_count = 256;

/// Words in the bitmap of non-empty ready queues (bit p of word p / 64 for priority p).
inline constexpr unsigned ready_bitmap_words = priority_count / 64;

/// The scheduler's state that the IPC fastpath reads and writes directly (fastpath.cpp); all
/// other code goes through the functions below.
namespace detail {
/// The running thread (see current()).
extern Tcb *current_thread;
/// The highest priority with a queued thread, -1 when none is queued.
extern int highest_ready;
} // namespace detail

/// True when every queued thread's priority is below @p priority: a thread of that priority
/// made runnable now would be the scheduler's choice.
[[gnu::always_inline]] inline bool is_above_all_ready(unsigned priority)
{
    return static_cast<int>(priority) > detail::highest_ready;
}

/// Makes @p thread the running thread without a scheduling decision: the IPC fastpath, which
/// has checked that the scheduler would choose it, and which it keeps out of the ready queues.
inline void set_current(Tcb &thread) { detail::current_thread = &thread; }

/// Makes @p thread known to the scheduler (for dumps) without making it runnable.
void add_thread(Tcb &thread);
/// Forgets @p thread: dequeued and dropped from the list of threads (its TCB is going away).
void remove_thread(Tcb &thread);
/// Appends a schedulable @p thread to the tail of its priority's queue (no-op if queued, if
/// not schedulable, or for the running thread, which is in no queue while it runs).
void enqueue(Tcb &thread);
/// Removes @p thread from its queue (no-op if not queued).
void dequeue(Tcb &thread);
/// The highest-priority queued thread (head of its queue), or nullptr; the running thread is
/// not among the candidates.
Tcb *choose();
/// The thread that trapped into the kernel (or last ran).
Tcb *current();
/// Moves @p thread to the tail of its priority's queue (Yield, end of a time slice); the
/// running thread goes there too, behind its equals.
void rotate(Tcb &thread);
/// Gives @p thread a new priority; a queued or running thread goes to the tail of its new
/// priority's queue.
void set_priority(Tcb &thread, std::uint8_t priority);
/// Stops @p thread: made inactive and dequeued.
void suspend(Tcb &thread);
/// Counts a timer interrupt (the next one is armed when a thread is dispatched).
void tick();
/// @p sc is going away: it is neither charged nor refilled any more.
void forget_sched_context(SchedContext &sc);
/// Ticks counted since boot.
std::uint64_t tick_count();
/// Runs the highest-priority runnable thread; idles while none is runnable; stops the machine
/// when no thread can ever run again. Never returns.
[[noreturn]] void run();
/// Prints every thread with its state and priority (seL4_DebugDumpScheduler).
void dump();

} // namespace kernel::scheduler
