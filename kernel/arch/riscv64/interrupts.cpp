// The timer, polling for pending interrupts (idle loop and preemption points), and the log of
// interrupt latencies that benchmarks read. Interrupts never trap into the kernel itself
// (sstatus.SIE stays clear in S-mode): they are taken on the way to user mode, or polled in sip.
#include <arch/csr.hpp>
#include <arch/machine.hpp>
#include <sbi/sbi.hpp>

#include "arch.hpp"
#include "events.hpp"

namespace arch {
namespace {

constexpr std::uint64_t never = ~std::uint64_t{0};

std::uint64_t ticks_per_us = 10;           // `time` ticks per microsecond
std::uint64_t nanoseconds_per_tick = 100;  // one `time` tick, in ns of virtual time
std::uint64_t armed_at_tick = never;       // when the armed timer interrupt became due
InterruptLog log = {};

std::uint64_t read_time() { return QUOKKA_CSR_READ(time); }

// The kernel reacts to a deadline when it handles its interrupt, or when a scheduler pass that
// found the time past it arms the next one (the interrupt is then never taken): either ends
// the deadline's latency. Under -icount shift=0 virtual time advances 1 ns per instruction (and
// jumps only while the hart sleeps in wfi, where the latency is 0 anyway).
void log_deadline_reached(std::uint64_t now)
{
    if (armed_at_tick != never && now >= armed_at_tick) {
        std::uint64_t latency = (now - armed_at_tick) * nanoseconds_per_tick;
        log.timer_latency_max = latency > log.timer_latency_max ? latency : log.timer_latency_max;
        armed_at_tick = never;
    }
}

} // namespace

void init_timer(std::uint64_t timebase_frequency)
{
    ticks_per_us = timebase_frequency >= 1000000 ? timebase_frequency / 1000000 : 1;
    nanoseconds_per_tick = timebase_frequency <= 1000000000 ? 1000000000 / timebase_frequency : 1;
}

std::uint64_t now_us() { return read_time() / ticks_per_us; }

void set_timer_deadline(std::uint64_t deadline_us)
{
    std::uint64_t deadline = deadline_us * ticks_per_us;
    std::uint64_t now = read_time();
    log_deadline_reached(now);
    // A deadline already past is due now, not when it was.
    armed_at_tick = deadline > now ? deadline : now;
    QUOKKA_CSR_SET(sie, csr::interrupt_timer);
    sbi::timer::set_timer(deadline);
}

void handle_timer_interrupt()
{
    // Clears the pending interrupt; the scheduler sets the next deadline.
    sbi::timer::set_timer(never);
    log_deadline_reached(read_time());
    armed_at_tick = never;
    ++log.timer_interrupts;
    kernel::handle_tick();
}

void note_external_interrupt_entry() { log.irq_entry_instret = read_instret(); }

bool is_interrupt_pending()
{
    std::uint64_t wanted = csr::interrupt_timer | csr::interrupt_external;
    return (QUOKKA_CSR_READ(sip) & QUOKKA_CSR_READ(sie) & wanted) != 0;
}

void handle_pending_interrupts()
{
    std::uint64_t pending = QUOKKA_CSR_READ(sip);
    if ((pending & csr::interrupt_timer) != 0) {
        handle_timer_interrupt();
    }
    if ((pending & csr::interrupt_external) != 0) {
        handle_external_interrupts();
    }
}

void wait_for_interrupt()
{
    // wfi wakes for any pending interrupt enabled in sie, even with sstatus.SIE clear, so the
    // kernel polls sip afterwards instead of taking a trap in S-mode.
    asm volatile("wfi");
    handle_pending_interrupts();
}

InterruptLog interrupt_log() { return log; }

void reset_interrupt_log() { log = {}; }

} // namespace arch
