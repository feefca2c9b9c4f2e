// The scheduler: priority order, round robin, the O(1) bitmap across its words, idling and
// stopping when nothing can run.
#include <catch2/catch.hpp>

#include <new>

#include <sel4/shared_types.h>

#include "budget.hpp"
#include "ipc.hpp"
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

TEST_CASE("scheduler: a full-budget scheduling context is a time slice among equals",
          "[scheduler][budget]")
{
    arch::host::time_us = 0;
    TestThread a("a", 20), b("b", 20); // 1000 us budget per 1000 us period each
    kernel::budget::configure(*a.tcb().sched_context, 1000, 1000, 0);
    kernel::budget::configure(*b.tcb().sched_context, 1000, 1000, 0);
    REQUIRE(make_current(a.tcb()));
    CHECK(arch::host::timer_deadline_us <= 1000); // the slice's end is armed
    arch::host::time_us = 400;
    CHECK(make_current(a.tcb())); // within its slice a keeps running
    arch::host::time_us = 1000;
    CHECK(make_current(b.tcb())); // slice used up: a goes behind b
    CHECK(a.tcb().sched_context->remaining_us == 1000); // and was refilled
}

TEST_CASE("scheduler: a thread that used its budget waits for its next period",
          "[scheduler][budget]")
{
    arch::host::time_us = 0;
    TestThread a("a", 30);
    kernel::budget::configure(*a.tcb().sched_context, 100, 1000, 0);
    REQUIRE(make_current(a.tcb()));
    arch::host::time_us = 100;
    KernelExit idle = run_kernel([] { kernel::scheduler::run(); });
    CHECK(idle.kind == KernelExit::Kind::idled); // nothing else to run: the kernel waits
    CHECK(a.tcb().sched_context->depleted);
    CHECK(arch::host::timer_deadline_us == 1000); // woken for the refill
    arch::host::time_us = 1000;
    CHECK(make_current(a.tcb())); // budget back
    CHECK(a.tcb().sched_context->remaining_us == 100);
}

TEST_CASE("scheduler: a thread with a tenth of its period as budget gets a tenth of the "
          "processor", "[scheduler][budget]")
{
    arch::host::time_us = 0;
    TestThread limited("limited", 50), background("background", 10);
    kernel::budget::configure(*limited.tcb().sched_context, 1000, 10000, 0);
    kernel::budget::configure(*background.tcb().sched_context, 5000, 5000, 0);
    std::uint64_t limited_us = 0, background_us = 0;
    constexpr std::uint64_t step = 50, total = 200000;
    for (std::uint64_t now = 0; now < total; now += step) {
        arch::host::time_us = now;
        KernelExit exit = run_kernel([] { kernel::scheduler::run(); });
        REQUIRE(exit.kind == KernelExit::Kind::returned_to_user);
        (exit.context == &limited.tcb().context ? limited_us : background_us) += step;
    }
    // The higher-priority thread would take everything; its budget holds it to 10%.
    CHECK(limited_us == total / 10);
    CHECK(background_us == total - total / 10);
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

TEST_CASE("scheduler: a thread whose budget runs out tells its timeout handler", "[budget]")
{
    arch::host::time_us = 0;
    TestThread worker("worker", 30), handler("handler", 20);
    kernel::budget::configure(*worker.tcb().sched_context, 100, 1000, 0);
    worker.tcb().sched_context->badge = 0x5c;
    // The timeout handler: an endpoint (in simulated RAM) the handler thread waits on.
    constexpr std::uint64_t endpoint_paddr = 0x80f00000;
    auto &endpoint = *new (arch::phys_to_virt(endpoint_paddr)) kernel::Endpoint();
    kernel::cdt::insert_root(kernel::Capability::endpoint(endpoint_paddr, 0x77, kernel::Rights(kernel::Rights::all)),
                             worker.tcb().slot(kernel::TcbSlot::timeout_handler));
    kernel::Reply reply;
    kernel::receive_ipc(handler.tcb(), endpoint, &reply, true);

    REQUIRE(make_current(worker.tcb()));
    arch::host::time_us = 100;
    KernelExit exit = run_kernel([] { kernel::scheduler::run(); });
    REQUIRE(exit.kind == KernelExit::Kind::returned_to_user);
    CHECK(exit.context == &handler.tcb().context); // the handler runs with the fault message
    auto info = seL4_MessageInfo_t{{handler.tcb().context.get(arch::message_info_register)}};
    CHECK(seL4_MessageInfo_get_label(info) == seL4_Fault_Timeout);
    CHECK(seL4_MessageInfo_get_length(info) == 2);
    CHECK(handler.tcb().context.get(arch::Register::a0) == 0x77);  // the handler cap's badge
    CHECK(handler.tcb().context.get(arch::Register::a2) == 0x5c);  // the context's badge
    CHECK(handler.tcb().context.get(arch::Register::a3) == 100);   // time consumed
    CHECK(worker.tcb().state == kernel::ThreadState::blocked_on_reply);
    kernel::cdt::remove(worker.tcb().slot(kernel::TcbSlot::timeout_handler));
    kernel::clear_reply(reply);
}
