// Object lifetime (kernel/src/delete.cpp): deleting the last capability finalises the object (a
// thread leaves the scheduler, a CNode's or TCB's capabilities are deleted), without unbounded
// recursion and also for CNodes that hold capabilities to themselves or to each other
// (reference §8.7; seL4's cteDelete with zombies).
#include <catch2/catch.hpp>

#include <string>

#include "sched_context.hpp"
#include "scheduler.hpp"
#include "support/cspace_fixture.hpp"

using namespace cspace_test;
using kernel::CapType;
using kernel::Slot;
using kernel::ThreadState;
namespace cdt = kernel::cdt;
namespace scheduler = kernel::scheduler;

namespace {

kernel::Tcb &tcb_at(std::uint64_t paddr) { return *static_cast<kernel::Tcb *>(arch::phys_to_virt(paddr)); }

std::string scheduler_dump()
{
    arch::host::console_output.clear();
    scheduler::dump();
    return arch::host::console_output;
}

// MCS: only a thread with a configured scheduling context is ever in the scheduler.
void make_schedulable(kernel::Tcb &thread)
{
    static kernel::SchedContext contexts[16];
    static unsigned used = 0;
    kernel::SchedContext &sc = contexts[used++ % 16];
    sc = kernel::SchedContext{};
    sc.budget_us = sc.period_us = 1000;
    sc.tcb = sc.owner = &thread;
    thread.sched_context = &sc;
}

} // namespace

TEST_CASE("delete: deleting the last capability to a TCB takes the thread out of the scheduler",
          "[delete]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_TCBObject, 0, 10).ok());
    kernel::Tcb &thread = tcb_at(cs.cap(10).paddr());
    thread.set_name("victim");
    thread.priority = 200;
    thread.state = ThreadState::running;
    make_schedulable(thread);
    scheduler::enqueue(thread);
    REQUIRE(scheduler::choose() == &thread);
    CHECK(scheduler_dump().find("victim") != std::string::npos);

    REQUIRE(cs.copy(11, 10).ok());
    REQUIRE(cs.remove(10).ok());
    CHECK(scheduler::choose() == &thread); // a copy still names it
    CHECK(thread.state == ThreadState::running);

    REQUIRE(cs.remove(11).ok());
    CHECK(scheduler::choose() != &thread);
    CHECK(thread.state == ThreadState::inactive);
    CHECK(scheduler_dump().find("victim") == std::string::npos);
    CHECK(make_current(cs.tcb())); // the kernel goes on with the thread that is left
}

TEST_CASE("delete: deleting a TCB deletes the capabilities in its slots", "[delete]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_TCBObject, 0, 10).ok());
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 11).ok());
    REQUIRE(cs.retype(seL4_RISCV_4K_Page, 0, 12).ok());
    kernel::Tcb &thread = tcb_at(cs.cap(10).paddr());
    // What TCB_SetSpace and TCB_SetIPCBuffer would do: copies into the TCB's slots.
    cdt::insert(cs.cap(11), cs.slot(11), thread.slot(kernel::TcbSlot::fault_handler));
    cdt::insert(cs.cap(12), cs.slot(12), thread.slot(kernel::TcbSlot::ipc_buffer));
    cdt::insert(cs.root_cap(), cs.slot(root_cptr), thread.slot(kernel::TcbSlot::cspace_root));
    REQUIRE_FALSE(cdt::is_final(cs.slot(11)));

    REQUIRE(cs.remove(10).ok());
    for (const Slot &s : thread.slots) {
        CHECK(s.cap.is_null());
    }
    CHECK(cdt::is_final(cs.slot(11)));
    CHECK(cdt::is_final(cs.slot(12)));
    CHECK_FALSE(cdt::has_children(cs.slot(11)));
    CHECK(cs.cap(root_cptr).type() == CapType::cnode); // the CSpace root lives on
}

TEST_CASE("delete: a TCB holding the only capability to itself is reclaimed by revoking its "
          "untyped",
          "[delete]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_TCBObject, 0, 10).ok());
    kernel::Tcb &thread = tcb_at(cs.cap(10).paddr());
    thread.set_name("selfish");
    thread.priority = 200;
    thread.state = ThreadState::running;
    make_schedulable(thread);
    scheduler::enqueue(thread);
    cdt::insert(cs.cap(10), cs.slot(10), thread.slot(kernel::TcbSlot::timeout_handler));

    REQUIRE(cs.remove(10).ok());
    CHECK(scheduler::choose() == &thread); // still named by its own slot

    REQUIRE(cs.revoke(untyped_cptr).ok());
    CHECK(scheduler::choose() != &thread);
    CHECK(scheduler_dump().find("selfish") == std::string::npos);
    CHECK(thread.slot(kernel::TcbSlot::timeout_handler).cap.is_null());
    CHECK_FALSE(cdt::has_children(cs.slot(untyped_cptr)));
}

TEST_CASE("delete: deleting the last capability to a CNode deletes the capabilities inside it",
          "[delete]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_CapTableObject, 2, 10).ok());
    REQUIRE(cs.retype(seL4_UntypedObject, 12, 11).ok());
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 12).ok());
    Slot *inside = kernel::cnode_slots(cs.cap(10).paddr());
    // Copies into the CNode, named through its capability at depth 2 (its radix).
    REQUIRE(cs.invoke(CNodeCopy, 10, {0, 2, 11, 64, all_rights}, {root_cptr}).ok());
    REQUIRE(cs.invoke(CNodeCopy, 10, {1, 2, 12, 64, all_rights}, {root_cptr}).ok());
    REQUIRE(inside[0].cap.type() == CapType::untyped);
    REQUIRE(inside[1].cap.type() == CapType::endpoint);
    CHECK(cs.copy(13, 11).error() == seL4_RevokeFirst); // the untyped has a child now

    // Another capability to the CNode: deleting one of the two leaves the contents.
    REQUIRE(cs.copy(20, 10).ok());
    REQUIRE(cs.remove(10).ok());
    CHECK(inside[0].cap.type() == CapType::untyped);
    CHECK(inside[1].cap.type() == CapType::endpoint);
    CHECK_FALSE(cdt::is_final(cs.slot(12)));

    REQUIRE(cs.remove(20).ok());
    CHECK(inside[0].cap.is_null());
    CHECK(inside[1].cap.is_null());
    CHECK_FALSE(cdt::has_children(cs.slot(11)));
    CHECK(cdt::is_final(cs.slot(12)));
    CHECK(cs.copy(13, 11).ok());
}

TEST_CASE("delete: a CNode holding the only capability to itself is reclaimed by revoking its "
          "untyped",
          "[delete]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_CapTableObject, 1, 10).ok());
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 11).ok());
    Slot *inside = kernel::cnode_slots(cs.cap(10).paddr());
    REQUIRE(cs.invoke(CNodeCopy, 10, {1, 1, 11, 64, all_rights}, {root_cptr}).ok());

    SECTION("a copy of its capability inside, then the outside one deleted")
    {
        REQUIRE(cs.invoke(CNodeCopy, 10, {0, 1, 10, 64, all_rights}, {root_cptr}).ok());
        REQUIRE(cs.remove(10).ok());
    }
    SECTION("its only capability moved into itself")
    {
        REQUIRE(cs.invoke(CNodeMove, 10, {0, 1, 10, 64}, {root_cptr}).ok());
        CHECK(cs.cap(10).is_null());
    }
    // Unreachable now, and alive: the endpoint copy inside still counts.
    CHECK(inside[0].cap.type() == CapType::cnode);
    CHECK_FALSE(cdt::is_final(cs.slot(11)));

    REQUIRE(cs.revoke(untyped_cptr).ok());
    CHECK(inside[0].cap.is_null());
    CHECK(inside[1].cap.is_null());
    CHECK(cs.cap(11).is_null());
    CHECK_FALSE(cdt::has_children(cs.slot(untyped_cptr)));
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 12).ok());
    CHECK(cs.cap(12).paddr() == work_base);
}

TEST_CASE("delete: two CNodes holding each other's only capabilities are reclaimed by revoking "
          "their untyped",
          "[delete]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_CapTableObject, 1, 10).ok()); // A
    REQUIRE(cs.retype(seL4_CapTableObject, 1, 11).ok()); // B
    std::uint64_t a_paddr = cs.cap(10).paddr(), b_paddr = cs.cap(11).paddr();
    Slot *a = kernel::cnode_slots(a_paddr);
    Slot *b = kernel::cnode_slots(b_paddr);
    REQUIRE(cs.invoke(CNodeMove, 10, {0, 1, 11, 64}, {root_cptr}).ok()); // B's cap into A[0]
    // A's cap into B[0], invoking B through its slot inside A.
    REQUIRE(cs.invoke_slot(a[0], CNodeMove, {0, 1, 10, 64}, {&cs.slot(root_cptr)}).ok());
    CHECK(cs.cap(10).is_null());
    CHECK(cs.cap(11).is_null());
    CHECK(a[0].cap.paddr() == b_paddr);
    CHECK(b[0].cap.paddr() == a_paddr);

    REQUIRE(cs.revoke(untyped_cptr).ok());
    CHECK(a[0].cap.is_null());
    CHECK(b[0].cap.is_null());
    CHECK_FALSE(cdt::has_children(cs.slot(untyped_cptr)));
    CHECK(cs.free_bytes() == std::uint64_t{1} << work_bits);
}

TEST_CASE("delete: a chain of 4000 CNodes, each holding the only capability to the next, is "
          "deleted without recursion",
          "[delete]")
{
    constexpr std::uint64_t depth = 4000;
    constexpr std::uint64_t h_radix = 12;
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_CapTableObject, h_radix, 10).ok()); // H: 4096 slots to make them in
    Slot *h = kernel::cnode_slots(cs.cap(10).paddr());
    for (std::uint64_t offset = 0; offset < depth; offset += 256) {
        std::uint64_t count = depth - offset < 256 ? depth - offset : 256;
        REQUIRE(cs.retype_into(10, seL4_CapTableObject, 1, offset, count).ok());
    }
    std::vector<std::uint64_t> paddr(depth);
    for (std::uint64_t i = 0; i < depth; ++i) {
        paddr[i] = h[i].cap.paddr();
    }
    // Chain them: C(i+1)'s capability moves into C(i)'s slot 0, from the end backwards.
    for (std::uint64_t i = depth - 1; i-- > 0;) {
        InvokeResult moved = cs.invoke_slot(h[i], CNodeMove, {0, 1, i + 1, h_radix}, {&cs.slot(10)});
        REQUIRE(moved.ok());
    }
    Slot *link = &h[0];
    for (std::uint64_t i = 0; i < depth; ++i) {
        REQUIRE(link->cap.paddr() == paddr[i]);
        link = kernel::cnode_slots(paddr[i]);
    }
    CHECK(link->cap.is_null()); // the last one's slot 0

    // A kernel that recursed once per level, even with 16-byte frames, would overflow this
    // 32 KiB stack.
    InvokeResult deleted;
    run_on_small_stack([&] { deleted = cs.invoke(CNodeDelete, 10, {0, h_radix}); }, 32 * 1024);
    CHECK(deleted.ok());
    CHECK(h[0].cap.is_null());
    std::uint64_t left = 0;
    for (std::uint64_t i = 0; i < depth; ++i) {
        left += kernel::cnode_slots(paddr[i])[0].cap.is_null() ? 0 : 1;
    }
    CHECK(left == 0);
    REQUIRE(cs.slot(untyped_cptr).next() == &cs.slot(10)); // only H is left from the untyped
    REQUIRE(cs.remove(10).ok());
    CHECK_FALSE(cdt::has_children(cs.slot(untyped_cptr)));
}

TEST_CASE("delete: revoking an untyped with many children deletes them all and resets it",
          "[delete]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_CapTableObject, 8, 10).ok());
    REQUIRE(cs.retype(seL4_CapTableObject, 8, 11).ok());
    REQUIRE(cs.retype_into(10, seL4_EndpointObject, 0, 0, 256).ok());
    REQUIRE(cs.retype_into(11, seL4_NotificationObject, 0, 0, 256).ok());
    REQUIRE(cs.retype(seL4_TCBObject, 0, 20, 8).ok());
    for (std::uint64_t i = 20; i < 24; ++i) {
        kernel::Tcb &thread = tcb_at(cs.cap(i).paddr());
        thread.priority = static_cast<std::uint8_t>(200 + i);
        thread.state = ThreadState::running;
        make_schedulable(thread);
        scheduler::enqueue(thread);
    }
    REQUIRE(cs.retype(seL4_UntypedObject, 14, 30).ok());
    REQUIRE(cs.retype(seL4_RISCV_4K_Page, 0, 31, 4, 30).ok()); // grandchildren
    // Copies and badged copies in the root, from inside the CNodes.
    REQUIRE(cs.invoke(CNodeCopy, root_cptr, {40, 64, 0, 8, all_rights}, {10}).ok());
    REQUIRE(cs.invoke(CNodeMint, root_cptr, {41, 64, 5, 8, all_rights, 9}, {11}).ok());
    Slot *eps = kernel::cnode_slots(cs.cap(10).paddr());
    REQUIRE(scheduler::choose() != &cs.tcb());

    REQUIRE(cs.revoke(untyped_cptr).ok());
    for (std::uint64_t i = first_free; i < root_slots; ++i) {
        INFO("root slot " << i);
        CHECK(cs.cap(i).is_null());
    }
    for (unsigned i = 0; i < 256; ++i) {
        CHECK(eps[i].cap.is_null());
    }
    CHECK(scheduler::choose() == &cs.tcb());
    CHECK_FALSE(cdt::has_children(cs.slot(untyped_cptr)));
    CHECK(cs.free_bytes() == std::uint64_t{1} << work_bits);
    REQUIRE(cs.retype(seL4_CapTableObject, 8, 10).ok());
    CHECK(cs.cap(10).paddr() == work_base);
}
