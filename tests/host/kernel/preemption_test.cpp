// Preemption points (kernel/src/preemption.cpp, delete.cpp, object/object_clearing.cpp): with an
// interrupt pending, Revoke, Delete of a CNode and Retype's clearing stop part way with their
// progress recorded, and running the same invocation again continues from there (seL4's
// restartable invocations).
#include <catch2/catch.hpp>

#include <cstring>

#include "config.hpp"
#include "support/cspace_fixture.hpp"

using namespace cspace_test;
using kernel::CapType;

namespace {

// Runs @p invoke with an interrupt pending until it completes; returns how often it stopped.
template <typename Invoke>
unsigned run_to_completion(Invoke invoke)
{
    unsigned stops = 0;
    arch::host::interrupt_pending = true;
    for (;;) {
        InvokeResult result = invoke();
        if (result.status.has_value() && !result.status->is_ok() && result.status->error().preempted) {
            ++stops;
            REQUIRE(stops < 100000);
            continue;
        }
        arch::host::interrupt_pending = false;
        REQUIRE(result.ok());
        return stops;
    }
}

bool is_preempted(const InvokeResult &result)
{
    return result.status.has_value() && !result.status->is_ok() && result.status->error().preempted;
}

} // namespace

TEST_CASE("preemption: a Revoke stopped part way keeps the rest of the children and finishes "
          "when run again", "[preemption]")
{
    CSpaceFixture cs;
    constexpr std::uint64_t count = 200;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, first_free, count).ok());
    arch::host::interrupt_pending = true;
    InvokeResult first = cs.revoke(untyped_cptr);
    arch::host::interrupt_pending = false;
    REQUIRE(is_preempted(first));
    unsigned left = 0;
    for (std::uint64_t i = first_free; i < first_free + count; ++i) {
        left += cs.cap(i).type() == CapType::endpoint ? 1 : 0;
    }
    CHECK(left > 0);
    CHECK(left < count);
    CHECK(left >= count - config::preemption_work_units);

    CHECK(run_to_completion([&] { return cs.revoke(untyped_cptr); }) >= 1);
    for (std::uint64_t i = first_free; i < first_free + count; ++i) {
        CHECK(cs.cap(i).is_null());
    }
    CHECK(cs.cap(untyped_cptr).type() == CapType::untyped);
    CHECK(cs.free_bytes() == std::uint64_t{1} << work_bits);
}

TEST_CASE("preemption: a CNode whose deletion stopped part way is a zombie that cannot be "
          "moved or copied, and deleting it again finishes the job", "[preemption]")
{
    CSpaceFixture cs;
    constexpr std::uint64_t node = first_free, spare = first_free + 1;
    REQUIRE(cs.retype(seL4_CapTableObject, 8, node).ok());
    for (std::uint64_t i = 0; i < 256; i += 64) {
        REQUIRE(cs.retype_into(node, seL4_NotificationObject, 0, i, 64).ok());
    }
    arch::host::interrupt_pending = true;
    InvokeResult first = cs.remove(node);
    arch::host::interrupt_pending = false;
    REQUIRE(is_preempted(first));
    CHECK(cs.cap(node).type() == CapType::zombie);
    CHECK(cs.move(spare, node).error() == seL4_IllegalOperation);
    CHECK(cs.copy(spare, node).error() == seL4_IllegalOperation);
    CHECK(cs.revoke(node).ok()); // a zombie has no children

    run_to_completion([&] { return cs.remove(node); });
    CHECK(cs.cap(node).is_null());
    CHECK(cs.cap(spare).is_null());
    CHECK(cs.free_bytes() == std::uint64_t{1} << work_bits);
}

TEST_CASE("preemption: a Retype stopped while clearing memory continues where it stopped and "
          "its objects are all zero", "[preemption]")
{
    CSpaceFixture cs;
    // Dirty the untyped's memory through frames, then free it again.
    REQUIRE(cs.retype(seL4_RISCV_4K_Page, 0, first_free, 64).ok());
    std::uint64_t base = cs.cap(first_free).paddr();
    std::memset(arch::phys_to_virt(base), 0xa5, 64 * 4096);
    REQUIRE(cs.revoke(untyped_cptr).ok());

    unsigned stops = run_to_completion([&] { return cs.retype(seL4_RISCV_4K_Page, 0, first_free, 64); });
    // 256 KiB in steps of 1 KiB, a look at the interrupt every preemption_work_units steps.
    CHECK(stops >= 256 / config::preemption_work_units - 1);
    CHECK(stops <= 256 / config::preemption_work_units);
    const auto *bytes = static_cast<const std::uint8_t *>(arch::phys_to_virt(base));
    std::uint64_t nonzero = 0;
    for (std::uint64_t i = 0; i < 64 * 4096; ++i) {
        nonzero += bytes[i] != 0 ? 1 : 0;
    }
    CHECK(nonzero == 0);
    CHECK(cs.cap(first_free + 63).type() == CapType::frame);
}

TEST_CASE("preemption: a preempted Retype's progress is not trusted once another object was "
          "made", "[preemption]")
{
    CSpaceFixture cs;
    arch::host::interrupt_pending = true;
    InvokeResult first = cs.retype(seL4_RISCV_4K_Page, 0, first_free, 64);
    arch::host::interrupt_pending = false;
    REQUIRE(is_preempted(first));
    // Another Retype makes an object at the same place, dirties it, and frees it again.
    REQUIRE(cs.retype(seL4_RISCV_4K_Page, 0, first_free + 100).ok());
    std::uint64_t base = cs.cap(first_free + 100).paddr();
    std::memset(arch::phys_to_virt(base), 0x5a, 4096);
    REQUIRE(cs.remove(first_free + 100).ok());

    run_to_completion([&] { return cs.retype(seL4_RISCV_4K_Page, 0, first_free, 64); });
    REQUIRE(cs.cap(first_free).paddr() == base);
    const auto *bytes = static_cast<const std::uint8_t *>(arch::phys_to_virt(base));
    std::uint64_t nonzero = 0;
    for (std::uint64_t i = 0; i < 4096; ++i) {
        nonzero += bytes[i] != 0 ? 1 : 0;
    }
    CHECK(nonzero == 0);
}

TEST_CASE("preemption: a deletion that cannot be restarted finishes only its own work, not a "
          "preempted deletion's zombie", "[preemption]")
{
    CSpaceFixture cs;
    constexpr std::uint64_t node = first_free, endpoint = first_free + 1;
    REQUIRE(cs.retype(seL4_CapTableObject, 8, node).ok());
    REQUIRE(cs.retype(seL4_EndpointObject, 0, endpoint).ok());
    for (std::uint64_t i = 0; i < 256; i += 64) {
        REQUIRE(cs.retype_into(node, seL4_NotificationObject, 0, i, 64).ok());
    }
    arch::host::interrupt_pending = true;
    REQUIRE(is_preempted(cs.remove(node)));
    arch::host::interrupt_pending = false;
    REQUIRE(kernel::has_unfinished_deletions());

    kernel::delete_capability_now(cs.slot(endpoint));
    CHECK(cs.cap(endpoint).is_null());
    CHECK(cs.cap(node).type() == CapType::zombie);

    REQUIRE(kernel::finish_deletions() == kernel::Progress::done);
    CHECK(cs.cap(node).is_null());
    CHECK_FALSE(kernel::has_unfinished_deletions());
}
