// Lazy FPU switching: the FPU's registers follow the thread that uses them.
#include <catch2/catch.hpp>

#include "fpu.hpp"
#include "support/kernel_fixture.hpp"

TEST_CASE("fpu: each thread finds its own FPU registers after another used the FPU", "[fpu]")
{
    TestThread a("a", 10), b("b", 10);
    arch::init_user_context(a.tcb().context, 0x1000, 0);
    arch::init_user_context(b.tcb().context, 0x2000, 0);
    CHECK(arch::is_fpu_off(a.tcb().context)); // threads start without the FPU

    REQUIRE(kernel::fpu::take_over(a.tcb()));
    CHECK_FALSE(arch::is_fpu_off(a.tcb().context));
    arch::host::fpu.f[1] = 111; // a computes

    REQUIRE(kernel::fpu::take_over(b.tcb()));
    CHECK(arch::is_fpu_off(a.tcb().context)); // a lost the FPU...
    CHECK(a.tcb().fpu_state.f[1] == 111);     // ...and its registers were saved
    CHECK(arch::host::fpu.f[1] == 0);         // b starts from its own (zero) registers
    arch::host::fpu.f[1] = 222;

    REQUIRE(kernel::fpu::take_over(a.tcb()));
    CHECK(arch::host::fpu.f[1] == 111);
    CHECK(b.tcb().fpu_state.f[1] == 222);
    kernel::fpu::forget(a.tcb());
}

TEST_CASE("fpu: an illegal instruction with the FPU already on is a real fault", "[fpu]")
{
    TestThread a("a", 10);
    arch::init_user_context(a.tcb().context, 0x1000, 0);
    REQUIRE(kernel::fpu::take_over(a.tcb()));
    CHECK_FALSE(kernel::fpu::take_over(a.tcb())); // the FPU is not the problem
    kernel::fpu::forget(a.tcb());
}

TEST_CASE("fpu: a thread with seL4_TCBFlag_fpuDisabled never gets the FPU", "[fpu]")
{
    TestThread a("a", 10);
    arch::init_user_context(a.tcb().context, 0x1000, 0);
    a.tcb().flags = seL4_TCBFlag_fpuDisabled;
    CHECK_FALSE(kernel::fpu::take_over(a.tcb()));
    CHECK(arch::is_fpu_off(a.tcb().context));
}
