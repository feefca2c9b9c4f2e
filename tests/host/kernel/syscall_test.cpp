// Syscall dispatch and user faults with no handler, driven through the real generic code.
#include <catch2/catch.hpp>

#include <sel4/syscall.h>

#include "events.hpp"
#include "support/kernel_fixture.hpp"

namespace {

KernelExit syscall_from(kernel::Tcb &thread, long number, std::uint64_t a0 = 0)
{
    thread.context.set(arch::Register::a7, static_cast<std::uint64_t>(number));
    thread.context.set(arch::Register::a0, a0);
    return run_kernel([] { kernel::handle_syscall(); });
}

} // namespace

TEST_CASE("syscall: DebugPutChar prints the character in a0 and resumes after the ecall",
          "[syscall]")
{
    TestThread t("printer", 10);
    t.tcb().context.set_pc(0x10000);
    REQUIRE(make_current(t.tcb()));
    arch::host::console_output.clear();
    KernelExit exit = syscall_from(t.tcb(), seL4_SysDebugPutChar, 'Q');
    CHECK(exit.kind == KernelExit::Kind::returned_to_user);
    CHECK(arch::host::console_output == "Q");
    CHECK(t.tcb().context.pc() == 0x10004);
}

TEST_CASE("syscall: DebugHalt stops the machine with status 0", "[syscall]")
{
    TestThread t("halter", 10);
    REQUIRE(make_current(t.tcb()));
    KernelExit exit = syscall_from(t.tcb(), seL4_SysDebugHalt);
    REQUIRE(exit.kind == KernelExit::Kind::shut_down);
    CHECK(exit.status == arch::ExitStatus::halted);
}

TEST_CASE("syscall: Yield moves the caller behind its equals", "[syscall]")
{
    TestThread a("a", 10), b("b", 10);
    REQUIRE(make_current(a.tcb()));
    KernelExit exit = syscall_from(a.tcb(), seL4_SysYield);
    REQUIRE(exit.kind == KernelExit::Kind::returned_to_user);
    CHECK(exit.context == &b.tcb().context);
    CHECK(a.tcb().context.pc() == 4);
}

TEST_CASE("syscall: an unknown number suspends the caller with one clear line", "[syscall]")
{
    TestThread a("confused", 10), b("bystander", 5);
    a.tcb().context.set_pc(0x2000);
    REQUIRE(make_current(a.tcb()));
    arch::host::console_output.clear();
    KernelExit exit = syscall_from(a.tcb(), 1234);
    CHECK(arch::host::console_output ==
          "quokka: fault in thread 'confused': unknown syscall 1234 at pc 0x0000000000002000; "
          "thread suspended\n");
    CHECK(a.tcb().state == kernel::ThreadState::inactive);
    // The kernel keeps running: the other thread is resumed.
    REQUIRE(exit.kind == KernelExit::Kind::returned_to_user);
    CHECK(exit.context == &b.tcb().context);
}

TEST_CASE("syscall: a Recv on a capability that cannot be found is a cap fault", "[syscall]")
{
    TestThread a("caller", 10); // no CSpace root: every lookup fails with InvalidRoot
    a.tcb().context.set_pc(0x3000);
    REQUIRE(make_current(a.tcb()));
    arch::host::console_output.clear();
    KernelExit exit = syscall_from(a.tcb(), seL4_SysRecv, 7);
    CHECK(arch::host::console_output.starts_with(
        "quokka: fault in thread 'caller': capability fault on cptr 0x7 at pc 0x0000000000003000 "
        "(the CSpace root is not a CNode, 0 bits left); thread suspended\n"));
    CHECK(a.tcb().context.pc() == 0x3000); // a fault leaves the pc on the ecall
    CHECK(a.tcb().state == kernel::ThreadState::inactive);
    CHECK(exit.kind == KernelExit::Kind::shut_down);
    CHECK(exit.status == arch::ExitStatus::stalled);
}

TEST_CASE("fault: a user fault is reported with thread, pc, cause and address", "[fault]")
{
    TestThread a("faulter", 10), b("survivor", 10);
    a.tcb().context.set_pc(0x10036);
    REQUIRE(make_current(a.tcb()));
    arch::host::console_output.clear();
    kernel::UserFault fault{kernel::UserFault::Kind::vm_fault, 13, 0x40000000, false,
                            "load page fault"};
    KernelExit exit = run_kernel([&] { kernel::handle_user_fault(fault); });
    CHECK(arch::host::console_output ==
          "quokka: fault in thread 'faulter': load page fault at pc 0x0000000000010036 (cause "
          "13, address 0x0000000040000000); thread suspended\n");
    CHECK(a.tcb().state == kernel::ThreadState::inactive);
    REQUIRE(exit.kind == KernelExit::Kind::returned_to_user);
    CHECK(exit.context == &b.tcb().context);
}
