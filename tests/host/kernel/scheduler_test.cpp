// The scheduler: priority order, round robin, the O(1) bitmap across its words, idling and
// stopping when nothing can run.
#include <catch2/catch.hpp>

#include "support/kernel_fixture.hpp"

using kernel::ThreadState;
namespace scheduler = kernel::scheduler;

TEST_CASE("scheduler: the highest priority runnable thread is chosen", "[scheduler]")
{
    TestThread low("low", 10), high("high", 200), middle("middle", 100);
    CHECK(scheduler::choose() == &high.tcb());
    scheduler::dequeue(high.tcb());
    CHECK(scheduler::choose() == &middle.tcb());
}

TEST_CASE("scheduler: every priority from 0 to 255 is found, across bitmap words", "[scheduler]")
{
    for (unsigned priority : {0u, 1u, 63u, 64u, 127u, 128u, 191u, 192u, 254u, 255u}) {
        TestThread only("only", static_cast<std::uint8_t>(priority));
        CHECK(scheduler::choose() == &only.tcb());
    }
    CHECK(scheduler::choose() == nullptr);
}

TEST_CASE("scheduler: threads of one priority run round robin", "[scheduler]")
{
    TestThread a("a", 50), b("b", 50), c("c", 50);
    CHECK(scheduler::choose() == &a.tcb());
    scheduler::rotate(a.tcb());
    CHECK(scheduler::choose() == &b.tcb());
    scheduler::rotate(b.tcb());
    CHECK(scheduler::choose() == &c.tcb());
    scheduler::rotate(c.tcb());
    CHECK(scheduler::choose() == &a.tcb());
}

TEST_CASE("scheduler: dequeuing from the middle keeps the queue intact", "[scheduler]")
{
    TestThread a("a", 7), b("b", 7), c("c", 7);
    scheduler::dequeue(b.tcb());
    CHECK(scheduler::choose() == &a.tcb());
    scheduler::dequeue(a.tcb());
    CHECK(scheduler::choose() == &c.tcb());
    scheduler::dequeue(c.tcb());
    CHECK(scheduler::choose() == nullptr);
    scheduler::enqueue(b.tcb());
    scheduler::enqueue(b.tcb()); // twice is once
    CHECK(scheduler::choose() == &b.tcb());
    scheduler::dequeue(b.tcb());
    CHECK(scheduler::choose() == nullptr);
}

TEST_CASE("scheduler: a suspended thread is inactive and never chosen", "[scheduler]")
{
    TestThread a("a", 9);
    scheduler::suspend(a.tcb());
    CHECK(a.tcb().state == ThreadState::inactive);
    CHECK(scheduler::choose() == nullptr);
}

TEST_CASE("scheduler: run resumes the chosen thread in user mode", "[scheduler]")
{
    TestThread a("a", 3), b("b", 4);
    KernelExit exit = run_kernel([] { scheduler::run(); });
    REQUIRE(exit.kind == KernelExit::Kind::returned_to_user);
    CHECK(exit.context == &b.tcb().context);
    CHECK(scheduler::current() == &b.tcb());
}

TEST_CASE("scheduler: with every thread inactive the machine stops with status stalled",
          "[scheduler]")
{
    TestThread a("sleeper", 3, ThreadState::inactive);
    arch::host::console_output.clear();
    KernelExit exit = run_kernel([] { scheduler::run(); });
    REQUIRE(exit.kind == KernelExit::Kind::shut_down);
    CHECK(exit.status == arch::ExitStatus::stalled);
    CHECK(arch::host::console_output.find("no thread can run any more") != std::string::npos);
}

TEST_CASE("scheduler: a tick ends the running thread's time slice", "[scheduler]")
{
    TestThread a("a", 20), b("b", 20);
    REQUIRE(make_current(a.tcb()));
    std::uint64_t before = scheduler::tick_count();
    scheduler::tick();
    CHECK(scheduler::tick_count() == before + 1);
    CHECK(scheduler::choose() == &b.tcb());
}

TEST_CASE("scheduler: the dump lists every thread with state and priority", "[scheduler]")
{
    TestThread a("worker", 42), b("idle-one", 7, ThreadState::inactive);
    arch::host::console_output.clear();
    scheduler::dump();
    const std::string &out = arch::host::console_output;
    CHECK(out.find("worker") != std::string::npos);
    CHECK(out.find("idle-one") != std::string::npos);
    CHECK(out.find("inactive") != std::string::npos);
    CHECK(out.find("  42 ") != std::string::npos);
    CHECK(out.find("timer ticks:") != std::string::npos);
}
