// CNode methods (kernel/src/object/cnode.cpp): Copy, Mint, Move, Mutate, Rotate, Delete, Revoke
// and CancelBadgedSends, with seL4's decode order, errors and detail words (reference §3.1,
// §5.2, §8.5, §12.5), and one failed Call through the syscall path to see the error reply.
#include <catch2/catch.hpp>

#include <sel4/syscall.h>

#include "events.hpp"
#include "support/cspace_fixture.hpp"

using namespace cspace_test;
using kernel::CapType;
using kernel::Slot;
namespace cdt = kernel::cdt;

namespace {

using Words = std::vector<std::uint64_t>;

} // namespace

TEST_CASE("cnode: Copy and Mint into an occupied slot are DeleteFirst and change nothing",
          "[cnode]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());
    REQUIRE(cs.retype(seL4_NotificationObject, 0, 11).ok());
    kernel::Capability before = cs.cap(11);

    InvokeResult copy = cs.copy(11, 10);
    CHECK(copy.error() == seL4_DeleteFirst);
    CHECK(copy.details().empty());
    InvokeResult mint = cs.mint(11, 10, all_rights, 9);
    CHECK(mint.error() == seL4_DeleteFirst);
    CHECK(cs.cap(11) == before);
    CHECK(cdt::is_final(cs.slot(10)));

    // The destination is checked before the source: an empty source still gets DeleteFirst.
    CHECK(cs.copy(11, 200).error() == seL4_DeleteFirst);
}

TEST_CASE("cnode: a source that cannot be found is FailedLookup with the source flag set",
          "[cnode]")
{
    CSpaceFixture cs;
    SECTION("an empty source slot: MissingCapability with the source depth")
    {
        InvokeResult r = cs.copy(10, 200);
        CHECK(r.error() == seL4_FailedLookup);
        CHECK(r.details() == Words{1, seL4_MissingCapability, 64});
        CHECK(cs.cap(10).is_null());
        CHECK(cs.move(10, 200).details() == Words{1, seL4_MissingCapability, 64});
        CHECK(cs.mint(10, 200, all_rights, 1).details() == Words{1, seL4_MissingCapability, 64});
        CHECK(cs.mutate(10, 200, 0).details() == Words{1, seL4_MissingCapability, 64});
    }
    SECTION("a source depth the root's guard does not fit: GuardMismatch")
    {
        InvokeResult r = cs.invoke(CNodeCopy, root_cptr, {10, 64, untyped_cptr, 8, all_rights},
                                   {root_cptr});
        CHECK(r.error() == seL4_FailedLookup);
        CHECK(r.details() == Words{1, seL4_GuardMismatch, 8, 0, 56});
    }
    SECTION("a destination that cannot be found clears the flag")
    {
        InvokeResult r = cs.invoke(CNodeCopy, root_cptr, {10, 8, untyped_cptr, 64, all_rights},
                                   {root_cptr});
        CHECK(r.error() == seL4_FailedLookup);
        CHECK(r.details() == Words{0, seL4_GuardMismatch, 8, 0, 56});
    }
}

TEST_CASE("cnode: Copy and Mint only ever remove rights", "[cnode]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());
    REQUIRE(cs.cap(10).rights().bits() == 0xf);

    REQUIRE(cs.copy(11, 10, 0x2).ok()); // read only
    CHECK(cs.cap(11).rights().bits() == 0x2);
    CHECK(cs.cap(11).paddr() == cs.cap(10).paddr());
    REQUIRE(cs.copy(12, 11, all_rights).ok()); // asking for all gives back nothing
    CHECK(cs.cap(12).rights().bits() == 0x2);
    REQUIRE(cs.mint(13, 11, all_rights, 3).ok());
    CHECK(cs.cap(13).rights().bits() == 0x2);
    CHECK(cs.cap(13).badge() == 3);
    REQUIRE(cs.mint(14, 10, 0x5, 4).ok()); // write + grant
    CHECK(cs.cap(14).rights().bits() == 0x5);
    REQUIRE(cs.copy(15, 10, 0xfffffff1).ok()); // bits above 3 mean nothing
    CHECK(cs.cap(15).rights().bits() == 0x1);

    REQUIRE(cs.retype(seL4_NotificationObject, 0, 20).ok());
    REQUIRE(cs.copy(21, 20, 0x1).ok());
    CHECK(cs.cap(21).rights().bits() == 0x1);
    REQUIRE(cs.copy(22, 21, 0x3).ok());
    CHECK(cs.cap(22).rights().bits() == 0x1);
}

TEST_CASE("cnode: Mint badges an unbadged endpoint or notification; Copy and Move keep badges",
          "[cnode]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());
    REQUIRE(cs.retype(seL4_NotificationObject, 0, 20).ok());

    REQUIRE(cs.mint(11, 10, all_rights, 0x42).ok());
    CHECK(cs.cap(11).type() == CapType::endpoint);
    CHECK(cs.cap(11).badge() == 0x42);
    CHECK(cs.cap(11).paddr() == cs.cap(10).paddr());
    CHECK(cs.cap(10).badge() == 0);
    REQUIRE(cs.mint(21, 20, all_rights, ~std::uint64_t{0}).ok()); // badges are 64 bits
    CHECK(cs.cap(21).badge() == ~std::uint64_t{0});

    REQUIRE(cs.copy(12, 11).ok());
    CHECK(cs.cap(12).badge() == 0x42);
    REQUIRE(cs.move(13, 12).ok());
    CHECK(cs.cap(13).badge() == 0x42);
}

TEST_CASE("cnode: Mint from an already badged capability is IllegalOperation, whatever the badge",
          "[cnode]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());
    REQUIRE(cs.mint(11, 10, all_rights, 5).ok());
    for (std::uint64_t badge : {0, 5, 6}) {
        InvokeResult r = cs.mint(12, 11, all_rights, badge);
        CHECK(r.error() == seL4_IllegalOperation);
        CHECK(r.details().empty());
        CHECK(cs.cap(12).is_null());
    }
    REQUIRE(cs.retype(seL4_NotificationObject, 0, 20).ok());
    REQUIRE(cs.mint(21, 20, all_rights, 1).ok());
    CHECK(cs.mint(22, 21, all_rights, 2).error() == seL4_IllegalOperation);
    CHECK(cs.cap(22).is_null());
}

TEST_CASE("cnode: Mutate and Rotate of endpoint and notification capabilities are "
          "IllegalOperation",
          "[cnode]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());
    REQUIRE(cs.retype(seL4_NotificationObject, 0, 11).ok());
    REQUIRE(cs.retype(seL4_RISCV_4K_Page, 0, 12).ok());

    for (std::uint64_t src : {10, 11}) {
        kernel::Capability before = cs.cap(src);
        InvokeResult r = cs.mutate(20, src, 0);
        CHECK(r.error() == seL4_IllegalOperation);
        CHECK(cs.cap(20).is_null());
        CHECK(cs.cap(src) == before);
    }
    // Rotate: the endpoint as source, then as pivot.
    CHECK(cs.rotate(20, 0, 12, 0, 10).error() == seL4_IllegalOperation);
    CHECK(cs.rotate(20, 0, 10, 0, 12).error() == seL4_IllegalOperation);
    CHECK(cs.cap(20).is_null());
    CHECK(cs.cap(10).type() == CapType::endpoint);
    CHECK(cs.cap(12).type() == CapType::frame);
}

TEST_CASE("cnode: Mint and Mutate set a CNode's guard; one wider than the node allows is "
          "IllegalOperation",
          "[cnode]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_CapTableObject, 8, 10).ok());
    CHECK(cs.cap(10).guard_size() == 0);

    // The guard keeps only guard_size bits of the data's guard field.
    REQUIRE(cs.mint(11, 10, all_rights, cnode_data(0xffff, 4)).ok());
    CHECK(cs.cap(11).guard() == 0xf);
    CHECK(cs.cap(11).guard_size() == 4);
    CHECK(cs.cap(11).radix() == 8);

    // 56 + 8 = 64 bits is the most: a minted cap then names slot n by (guard << 8 | n).
    REQUIRE(cs.mint(12, 10, all_rights, cnode_data(3, 56)).ok());
    CHECK(cs.cap(12).guard() == 3);
    CHECK(cs.cap(12).guard_size() == 56);
    auto found = kernel::lookup_slot(cs.cap(12), std::uint64_t{3} << 8 | 7);
    REQUIRE(found.is_ok());
    CHECK(found.value() == kernel::cnode_slots(cs.cap(10).paddr()) + 7);

    InvokeResult wide = cs.mint(13, 10, all_rights, cnode_data(0, 57));
    CHECK(wide.error() == seL4_IllegalOperation);
    CHECK(cs.cap(13).is_null());

    // Mutate moves the capability with the new guard; too wide leaves it where it was.
    CHECK(cs.mutate(13, 12, cnode_data(0, 57)).error() == seL4_IllegalOperation);
    CHECK(cs.cap(12).guard_size() == 56);
    Slot *prev = cs.slot(12).prev();
    REQUIRE(cs.mutate(13, 12, cnode_data(1, 2)).ok());
    CHECK(cs.cap(12).is_null());
    CHECK(cs.cap(13).guard() == 1);
    CHECK(cs.cap(13).guard_size() == 2);
    CHECK(cs.slot(13).prev() == prev); // it keeps its place in the derivation tree
}

TEST_CASE("cnode: Move keeps the capability's place in the derivation tree", "[cnode]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());
    REQUIRE(cs.copy(11, 10).ok());
    kernel::Capability ep = cs.cap(10);

    REQUIRE(cs.move(20, 10).ok());
    CHECK(cs.cap(10).is_null());
    CHECK(cs.cap(20) == ep);
    CHECK(cs.slot(20).revocable());
    CHECK(cs.slot(20).next() == &cs.slot(11));
    CHECK(cs.slot(11).prev() == &cs.slot(20));
    CHECK(cs.slot(untyped_cptr).next() == &cs.slot(20));
    CHECK(cdt::has_children(cs.slot(20)));

    REQUIRE(cs.revoke(20).ok());
    CHECK(cs.cap(11).is_null());

    // Moving onto an occupied slot, including itself, is DeleteFirst.
    REQUIRE(cs.retype(seL4_NotificationObject, 0, 21).ok());
    CHECK(cs.move(21, 20).error() == seL4_DeleteFirst);
    CHECK(cs.move(20, 20).error() == seL4_DeleteFirst);
    CHECK(cs.cap(20) == ep);
    CHECK(cs.cap(21).type() == CapType::notification);
}

TEST_CASE("cnode: Rotate moves the pivot to the destination and the source to the pivot",
          "[cnode]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_RISCV_4K_Page, 0, 20).ok()); // A
    REQUIRE(cs.retype(seL4_RISCV_4K_Page, 0, 21).ok()); // B; tree: untyped, B, A
    kernel::Capability a = cs.cap(20), b = cs.cap(21);

    REQUIRE(cs.rotate(30, 0, 21, 0, 20).ok());
    CHECK(cs.cap(30) == b);
    CHECK(cs.cap(21) == a);
    CHECK(cs.cap(20).is_null());
    // Both keep their places in the tree.
    CHECK(cs.slot(untyped_cptr).next() == &cs.slot(30));
    CHECK(cs.slot(30).next() == &cs.slot(21));
    CHECK(cs.slot(21).prev() == &cs.slot(30));
    CHECK(cs.slot(21).next() == nullptr);

    // The data words go with the capabilities: dest_badge to the old pivot's capability,
    // pivot_badge to the old source's.
    REQUIRE(cs.retype(seL4_CapTableObject, 4, 40).ok());
    REQUIRE(cs.retype(seL4_CapTableObject, 4, 41).ok());
    std::uint64_t p40 = cs.cap(40).paddr(), p41 = cs.cap(41).paddr();
    REQUIRE(cs.rotate(42, cnode_data(1, 3), 41, cnode_data(2, 5), 40).ok());
    CHECK(cs.cap(42).paddr() == p41);
    CHECK(cs.cap(42).guard() == 1);
    CHECK(cs.cap(42).guard_size() == 3);
    CHECK(cs.cap(41).paddr() == p40);
    CHECK(cs.cap(41).guard() == 2);
    CHECK(cs.cap(41).guard_size() == 5);
    CHECK(cs.cap(40).is_null());
}

TEST_CASE("cnode: Rotate with source equal to destination swaps two neighbours in the "
          "derivation tree",
          "[cnode]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_RISCV_4K_Page, 0, 20).ok());
    REQUIRE(cs.copy(21, 20, 0x2).ok()); // tree: untyped, 20 (original), 21 (read-only copy)
    kernel::Capability original = cs.cap(20), copy = cs.cap(21);

    REQUIRE(cs.rotate(20, 0, 21, 0, 20).ok());
    CHECK(cs.cap(20) == copy);
    CHECK(cs.cap(21) == original);
    CHECK(cs.slot(21).revocable());
    CHECK_FALSE(cs.slot(20).revocable());
    // The list is untyped, 21, 20 now, linked both ways.
    CHECK(cs.slot(untyped_cptr).next() == &cs.slot(21));
    CHECK(cs.slot(21).prev() == &cs.slot(untyped_cptr));
    CHECK(cs.slot(21).next() == &cs.slot(20));
    CHECK(cs.slot(20).prev() == &cs.slot(21));
    CHECK(cs.slot(20).next() == nullptr);

    // And back, with the pair the other way round in the list.
    REQUIRE(cs.rotate(20, 0, 21, 0, 20).ok());
    CHECK(cs.cap(20) == original);
    CHECK(cs.slot(untyped_cptr).next() == &cs.slot(20));
    CHECK(cs.slot(20).next() == &cs.slot(21));
    CHECK(cs.slot(21).prev() == &cs.slot(20));
    CHECK(cs.slot(21).next() == nullptr);

    REQUIRE(cs.revoke(20).ok());
    CHECK(cs.cap(21).is_null());
}

TEST_CASE("cnode: Rotate's errors: pivot equal to source or destination, occupied destination, "
          "empty source or pivot",
          "[cnode]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_RISCV_4K_Page, 0, 20).ok());
    REQUIRE(cs.retype(seL4_RISCV_4K_Page, 0, 21).ok());
    REQUIRE(cs.retype(seL4_RISCV_4K_Page, 0, 22).ok());
    kernel::Capability c20 = cs.cap(20), c21 = cs.cap(21), c22 = cs.cap(22);

    CHECK(cs.rotate(30, 0, 20, 0, 20).error() == seL4_IllegalOperation); // pivot == source
    CHECK(cs.rotate(21, 0, 21, 0, 20).error() == seL4_IllegalOperation); // pivot == dest
    // The pivot check comes before the occupied-destination check.
    CHECK(cs.rotate(22, 0, 20, 0, 20).error() == seL4_IllegalOperation);
    InvokeResult occupied = cs.rotate(22, 0, 21, 0, 20);
    CHECK(occupied.error() == seL4_DeleteFirst);
    CHECK(occupied.details().empty());

    InvokeResult no_source = cs.rotate(30, 0, 21, 0, 100);
    CHECK(no_source.error() == seL4_FailedLookup);
    CHECK(no_source.details() == Words{1, seL4_MissingCapability, 64});
    InvokeResult no_pivot = cs.rotate(30, 0, 100, 0, 20);
    CHECK(no_pivot.error() == seL4_FailedLookup);
    CHECK(no_pivot.details() == Words{0, seL4_MissingCapability, 64});

    InvokeResult one_root = cs.invoke(CNodeRotate, root_cptr, {30, 64, 0, 21, 64, 0, 20, 64},
                                      {root_cptr});
    CHECK(one_root.error() == seL4_TruncatedMessage);
    InvokeResult seven_words = cs.invoke(CNodeRotate, root_cptr, {30, 64, 0, 21, 64, 0, 20},
                                         {root_cptr, root_cptr});
    CHECK(seven_words.error() == seL4_TruncatedMessage);

    CHECK(cs.cap(20) == c20);
    CHECK(cs.cap(21) == c21);
    CHECK(cs.cap(22) == c22);
    CHECK(cs.cap(30).is_null());
}

TEST_CASE("cnode: Delete removes one capability; deleting an empty slot succeeds", "[cnode]")
{
    CSpaceFixture cs;
    CHECK(cs.remove(100).ok());

    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());
    REQUIRE(cs.copy(11, 10).ok());
    REQUIRE(cs.copy(12, 11).ok());
    REQUIRE(cs.remove(11).ok());
    CHECK(cs.cap(11).is_null());
    CHECK(cs.slot(11).next() == nullptr);
    CHECK(cs.slot(11).prev() == nullptr);
    CHECK(cs.slot(10).next() == &cs.slot(12));
    CHECK(cs.slot(12).prev() == &cs.slot(10));
    CHECK(cdt::has_children(cs.slot(10)));

    REQUIRE(cs.remove(10).ok());
    CHECK(cs.cap(10).is_null());
    CHECK(cs.cap(12).type() == CapType::endpoint);
    CHECK(cdt::is_final(cs.slot(12)));
}

TEST_CASE("cnode: CancelBadgedSends needs an endpoint capability with all four rights", "[cnode]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());
    REQUIRE(cs.mint(11, 10, all_rights, 5).ok());
    REQUIRE(cs.mint(12, 10, 0x7, 6).ok()); // no GrantReply
    REQUIRE(cs.mint(13, 10, 0xb, 7).ok()); // no Grant
    REQUIRE(cs.retype(seL4_NotificationObject, 0, 20).ok());

    CHECK(cs.cancel_badged_sends(10).ok()); // unbadged: a no-op
    CHECK(cs.cancel_badged_sends(11).ok());
    for (std::uint64_t index : {12, 13, 20, 100}) {
        InvokeResult r = cs.cancel_badged_sends(index);
        CHECK(r.error() == seL4_IllegalOperation);
        CHECK(r.details().empty());
    }
}

TEST_CASE("cnode: wrong methods and short messages fail in seL4's order", "[cnode]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());

    CHECK(cs.invoke(UntypedRetype, root_cptr, {0, 0, 0, 0, 10, 1}, {root_cptr}).error() ==
          seL4_IllegalOperation);
    CHECK(cs.invoke(CNodeRotate + 1, root_cptr, {10, 64}).error() == seL4_IllegalOperation);
    CHECK(cs.invoke(CNodeDelete, root_cptr, {10}).error() == seL4_TruncatedMessage);
    // Copy needs 4 words and the source root before anything else...
    CHECK(cs.invoke(CNodeCopy, root_cptr, {10, 64, 10, 64, all_rights}).error() ==
          seL4_TruncatedMessage);
    CHECK(cs.invoke(CNodeCopy, root_cptr, {11, 64, 10}, {root_cptr}).error() ==
          seL4_TruncatedMessage);
    // ...but its fifth word (rights) only after the slots are checked.
    CHECK(cs.invoke(CNodeCopy, root_cptr, {10, 64, 10, 64}, {root_cptr}).error() ==
          seL4_DeleteFirst);
    CHECK(cs.invoke(CNodeCopy, root_cptr, {11, 64, 12, 64}, {root_cptr}).error() ==
          seL4_FailedLookup);
    CHECK(cs.invoke(CNodeCopy, root_cptr, {11, 64, 10, 64}, {root_cptr}).error() ==
          seL4_TruncatedMessage);
    CHECK(cs.invoke(CNodeMint, root_cptr, {11, 64, 10, 64, all_rights}, {root_cptr}).error() ==
          seL4_TruncatedMessage);
    CHECK(cs.invoke(CNodeMutate, root_cptr, {11, 64, 10, 64}, {root_cptr}).error() ==
          seL4_TruncatedMessage);
    CHECK(cs.cap(11).is_null());
    // Move needs only the four.
    CHECK(cs.invoke(CNodeMove, root_cptr, {11, 64, 10, 64}, {root_cptr}).ok());
    CHECK(cs.cap(11).type() == CapType::endpoint);
}

TEST_CASE("cnode: an untyped with children cannot be copied (RevokeFirst)", "[cnode]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_UntypedObject, 12, 10).ok());
    REQUIRE(cs.copy(11, 10).ok()); // no children yet
    REQUIRE(cs.remove(11).ok());

    REQUIRE(cs.retype(seL4_EndpointObject, 0, 12, 1, 10).ok());
    InvokeResult r = cs.copy(11, 10);
    CHECK(r.error() == seL4_RevokeFirst);
    CHECK(r.details().empty());
    CHECK(cs.mint(11, 10, all_rights, 0).error() == seL4_RevokeFirst);
    CHECK(cs.cap(11).is_null());
    // Moving it is allowed: it takes its children with it.
    REQUIRE(cs.move(13, 10).ok());
    CHECK(cdt::has_children(cs.slot(13)));

    REQUIRE(cs.revoke(13).ok());
    CHECK(cs.copy(11, 13).ok());
}

TEST_CASE("cnode: a failed Call gets the error as label and the detail words as message "
          "registers",
          "[cnode]")
{
    CSpaceFixture cs;
    kernel::Tcb &t = cs.tcb();
    REQUIRE(make_current(t));
    // seL4_CNode_Copy(root, 10, 64, root, 200 (empty), 64, all rights), made with seL4_Call.
    t.context.set(arch::Register::a7, static_cast<std::uint64_t>(seL4_SysCall));
    t.context.set(arch::Register::a0, root_cptr);
    t.context.set(arch::Register::a1, seL4_MessageInfo_new(CNodeCopy, 0, 1, 5).words[0]);
    t.context.set(arch::Register::a2, 10);
    t.context.set(arch::Register::a3, 64);
    t.context.set(arch::Register::a4, 200);
    t.context.set(arch::Register::a5, 64);
    cs.ipc_buffer().msg[4] = all_rights;
    cs.ipc_buffer().caps_or_badges[0] = root_cptr;
    arch::host::console_output.clear();

    KernelExit exit = run_kernel([] { kernel::handle_syscall(); });
    REQUIRE(exit.kind == KernelExit::Kind::returned_to_user);
    seL4_MessageInfo_t info{{t.context.get(arch::Register::a1)}};
    CHECK(seL4_MessageInfo_get_label(info) == seL4_FailedLookup);
    CHECK(seL4_MessageInfo_get_length(info) == 3);
    CHECK(t.context.get(arch::Register::a0) == 0); // badge
    CHECK(t.context.get(arch::Register::a2) == 1);
    CHECK(t.context.get(arch::Register::a3) == seL4_MissingCapability);
    CHECK(t.context.get(arch::Register::a4) == 64);
    CHECK(arch::host::console_output.find("CNode_Copy") != std::string::npos);
    CHECK(arch::host::console_output.find("seL4_FailedLookup") != std::string::npos);
    CHECK(cs.cap(10).is_null());

    // The same Call from a slot that holds something succeeds with an empty reply.
    t.context.set(arch::Register::a7, static_cast<std::uint64_t>(seL4_SysCall));
    t.context.set(arch::Register::a0, root_cptr);
    t.context.set(arch::Register::a1, seL4_MessageInfo_new(CNodeCopy, 0, 1, 5).words[0]);
    t.context.set(arch::Register::a2, 10);
    t.context.set(arch::Register::a3, 64);
    t.context.set(arch::Register::a4, untyped_cptr);
    t.context.set(arch::Register::a5, 64);
    exit = run_kernel([] { kernel::handle_syscall(); });
    REQUIRE(exit.kind == KernelExit::Kind::returned_to_user);
    CHECK(t.context.get(arch::Register::a1) == 0);
    CHECK(cs.cap(10).type() == CapType::untyped);
}
