// CSpace addressing (kernel/src/cspace.cpp): guards and radix bits taken from the top of an
// address, implicit and explicit-depth lookups, and the lookup failures with the words seL4
// reports for them (reference §3.1, §6; seL4's resolveAddressBits).
#include <catch2/catch.hpp>

#include "support/cspace_fixture.hpp"

using namespace cspace_test;
using kernel::Capability;
using kernel::LookupFault;
using kernel::Rights;
using kernel::Slot;

namespace {

using Words = std::vector<std::uint64_t>;

// Four levels spanning exactly 64 bits: 8 + 10 + 8 + 38.
struct FourLevels {
    Capability l1 = raw_cnode(spare_base, 4, 0x5, 4);
    Capability l2 = raw_cnode(spare_base + 0x1000, 4, 0x2a, 6);
    Capability l3 = raw_cnode(spare_base + 0x2000, 8, 0, 0);
    Capability l4 = raw_cnode(spare_base + 0x4000, 6, 0xdeadbeef, 32);
    Capability ep = Capability::endpoint(spare_base + 0x8000, 0, Rights(Rights::all));

    FourLevels()
    {
        clear_window();
        place(l1, 3, l2);
        place(l2, 9, l3);
        place(l3, 0xc4, l4);
        place(l4, 0x21, ep);
        place(l3, 0xc5, ep); // a non-CNode capability half way down
    }

    // The address of l4's slot `index` (and of l3's slot `l3_index` with the rest below it).
    static std::uint64_t address(std::uint64_t l3_index, std::uint64_t rest)
    {
        return std::uint64_t{0x5} << 60 | std::uint64_t{3} << 56 | std::uint64_t{0x2a} << 50 |
               std::uint64_t{9} << 46 | l3_index << 38 | rest;
    }
    static std::uint64_t full_address(std::uint64_t index)
    {
        return address(0xc4, std::uint64_t{0xdeadbeef} << 6 | index);
    }
    static Slot *slots(const Capability &node) { return kernel::cnode_slots(node.paddr()); }
};

} // namespace

TEST_CASE("cspace: a guarded root CNode names slot n by cptr n at depth 64", "[cspace]")
{
    CSpaceFixture cs;
    for (std::uint64_t n : {0, 1, 2, 77, 255}) {
        auto found = kernel::lookup_slot(cs.root_cap(), n);
        REQUIRE(found.is_ok());
        CHECK(found.value() == &cs.slot(n));
        auto resolved = kernel::resolve_address(cs.root_cap(), n, 64);
        REQUIRE(resolved.is_ok());
        CHECK(resolved.value().bits_remaining == 0);
    }
    auto explicit_found = kernel::lookup_slot_for_cnode_op(cs.root_cap(), 77, 64);
    REQUIRE(explicit_found.is_ok());
    CHECK(explicit_found.value() == &cs.slot(77));

    // A set bit in the 56 guard bits does not match the guard of 0.
    auto past_end = kernel::lookup_slot(cs.root_cap(), 256 + 5);
    REQUIRE_FALSE(past_end.is_ok());
    CHECK(past_end.error().type == seL4_GuardMismatch);
    CHECK(past_end.error().bits_left == 64);
    CHECK(past_end.error().bits_found == 56);

    // Depth = radix on such a root is a guard mismatch, not a depth mismatch (reference §12.6).
    auto by_radix = kernel::lookup_slot_for_cnode_op(cs.root_cap(), 5, root_radix);
    REQUIRE_FALSE(by_radix.is_ok());
    CHECK(by_radix.error().error == seL4_FailedLookup);
    CHECK(by_radix.error().fault.type == seL4_GuardMismatch);
    CHECK(by_radix.error().fault.bits_left == 8);
    CHECK(by_radix.error().fault.bits_found == 56);
}

TEST_CASE("cspace: lookup takes guard then radix bits at each of several levels", "[cspace]")
{
    FourLevels t;
    Slot *target = &FourLevels::slots(t.l4)[0x21];
    std::uint64_t addr = FourLevels::full_address(0x21);

    auto implicit = kernel::lookup_slot(t.l1, addr);
    REQUIRE(implicit.is_ok());
    CHECK(implicit.value() == target);
    CHECK(implicit.value()->cap == t.ep);

    auto exact = kernel::lookup_slot_for_cnode_op(t.l1, addr, 64);
    REQUIRE(exact.is_ok());
    CHECK(exact.value() == target);

    // A shorter depth names a slot higher up: the top bits, right-aligned.
    auto three_levels = kernel::lookup_slot_for_cnode_op(t.l1, addr >> 38, 26);
    REQUIRE(three_levels.is_ok());
    CHECK(three_levels.value() == &FourLevels::slots(t.l3)[0xc4]);
    auto two_levels = kernel::lookup_slot_for_cnode_op(t.l1, addr >> 46, 18);
    REQUIRE(two_levels.is_ok());
    CHECK(two_levels.value() == &FourLevels::slots(t.l2)[9]);
    auto one_level = kernel::lookup_slot_for_cnode_op(t.l1, addr >> 56, 8);
    REQUIRE(one_level.is_ok());
    CHECK(one_level.value() == &FourLevels::slots(t.l1)[3]);

    // Every index bit counts: a neighbouring index names the neighbouring slot.
    auto neighbour = kernel::lookup_slot(t.l1, FourLevels::full_address(0x20));
    REQUIRE(neighbour.is_ok());
    CHECK(neighbour.value() == &FourLevels::slots(t.l4)[0x20]);
}

TEST_CASE("cspace: an implicit lookup stops at the first capability that is not a CNode",
          "[cspace]")
{
    FourLevels t;
    // l3's slot 0xc5 holds an endpoint: the 38 bits below it are ignored, whatever they are.
    for (std::uint64_t rest : {std::uint64_t{0}, std::uint64_t{0x3fffffffff}, std::uint64_t{0x123456789}}) {
        std::uint64_t addr = FourLevels::address(0xc5, rest);
        auto found = kernel::lookup_slot(t.l1, addr);
        REQUIRE(found.is_ok());
        CHECK(found.value() == &FourLevels::slots(t.l3)[0xc5]);
        auto resolved = kernel::resolve_address(t.l1, addr, 64);
        REQUIRE(resolved.is_ok());
        CHECK(resolved.value().bits_remaining == 38);
    }
    // An empty slot ends the walk too (the invocation then finds a null capability).
    auto empty = kernel::lookup_slot(t.l1, FourLevels::address(0xc6, 0x1234));
    REQUIRE(empty.is_ok());
    CHECK(empty.value() == &FourLevels::slots(t.l3)[0xc6]);
    CHECK(empty.value()->cap.is_null());

    // An explicit lookup must use its depth exactly: DepthMismatch, 38 bits left, 0 found.
    auto explicit_lookup = kernel::lookup_slot_for_cnode_op(t.l1, FourLevels::address(0xc5, 7), 64);
    REQUIRE_FALSE(explicit_lookup.is_ok());
    CHECK(explicit_lookup.error().error == seL4_FailedLookup);
    CHECK(fault_words(explicit_lookup.error().fault) == Words{seL4_DepthMismatch, 38, 0});
}

TEST_CASE("cspace: a guard mismatch reports bits left, the CNode's guard and the guard size",
          "[cspace]")
{
    // seL4's resolveAddressBits reports lookup_fault_guard_mismatch_new(capGuard, n_bits,
    // guardBits): guardFound is the guard of the CNode capability where the walk failed.
    FourLevels t;
    SECTION("at the first level")
    {
        std::uint64_t addr = FourLevels::full_address(0x21) ^ (std::uint64_t{0x3} << 60); // 0x6
        auto found = kernel::lookup_slot(t.l1, addr);
        REQUIRE_FALSE(found.is_ok());
        CHECK(fault_words(found.error()) == Words{seL4_GuardMismatch, 64, 0x5, 4});
    }
    SECTION("at the second level, with the bits the first level used subtracted")
    {
        std::uint64_t addr = FourLevels::full_address(0x21) ^ (std::uint64_t{0x3f} << 50); // 0x15
        auto found = kernel::lookup_slot(t.l1, addr);
        REQUIRE_FALSE(found.is_ok());
        CHECK(fault_words(found.error()) == Words{seL4_GuardMismatch, 56, 0x2a, 6});
    }
    SECTION("when the guard is longer than the bits left")
    {
        auto found = kernel::lookup_slot_for_cnode_op(t.l1, 1, 2);
        REQUIRE_FALSE(found.is_ok());
        CHECK(found.error().error == seL4_FailedLookup);
        CHECK(fault_words(found.error().fault) == Words{seL4_GuardMismatch, 2, 0x5, 4});
    }
}

TEST_CASE("cspace: a depth mismatch reports bits left and the bits the level needed", "[cspace]")
{
    FourLevels t;
    // An unguarded 8-bit CNode cannot resolve 4 bits.
    auto short_depth = kernel::resolve_address(t.l3, 5, 4);
    REQUIRE_FALSE(short_depth.is_ok());
    CHECK(fault_words(short_depth.error()) == Words{seL4_DepthMismatch, 4, 8});

    // 14 bits: the first level takes 8, the second's guard matches the 6 left, but its level
    // needs 10.
    std::uint64_t addr = std::uint64_t{0x5} << 10 | std::uint64_t{3} << 6 | 0x2a;
    auto second_level = kernel::lookup_slot_for_cnode_op(t.l1, addr, 14);
    REQUIRE_FALSE(second_level.is_ok());
    CHECK(second_level.error().error == seL4_FailedLookup);
    CHECK(fault_words(second_level.error().fault) == Words{seL4_DepthMismatch, 6, 10});
}

TEST_CASE("cspace: a root that is not a CNode is InvalidRoot, before the depth is checked",
          "[cspace]")
{
    clear_window();
    Capability ep = Capability::endpoint(spare_base, 0, Rights(Rights::all));
    for (const Capability &root : {Capability(), ep}) {
        auto resolved = kernel::resolve_address(root, 0, 64);
        REQUIRE_FALSE(resolved.is_ok());
        CHECK(fault_words(resolved.error()) == Words{seL4_InvalidRoot});
        auto implicit = kernel::lookup_slot(root, 5);
        REQUIRE_FALSE(implicit.is_ok());
        CHECK(implicit.error().type == seL4_InvalidRoot);
        for (std::uint64_t depth : {0, 64, 65}) {
            auto explicit_lookup = kernel::lookup_slot_for_cnode_op(root, 0, depth);
            REQUIRE_FALSE(explicit_lookup.is_ok());
            CHECK(explicit_lookup.error().error == seL4_FailedLookup);
            CHECK(fault_words(explicit_lookup.error().fault) == Words{seL4_InvalidRoot});
        }
    }

    // Through an invocation: a source root that is an untyped, not a CNode.
    CSpaceFixture cs;
    InvokeResult r = cs.invoke(CNodeCopy, root_cptr, {10, 64, 1, 64, all_rights}, {untyped_cptr});
    CHECK(r.error() == seL4_FailedLookup);
    CHECK(r.details() == Words{1, seL4_InvalidRoot});
    CHECK(cs.cap(10).is_null());
}

TEST_CASE("cspace: 64 levels of one-bit CNodes resolve an address at depth 64", "[cspace]")
{
    clear_window();
    constexpr std::uint64_t addr = 0xa5c30f961e2db478;
    std::vector<Capability> nodes;
    for (unsigned i = 0; i < 64; ++i) {
        nodes.push_back(raw_cnode(spare_base + i * 64, 1, 0, 0)); // two 32-byte slots each
    }
    // Level i consumes address bit 63 - i.
    auto bit = [](std::uint64_t a, unsigned level) { return (a >> (63 - level)) & 1; };
    for (unsigned i = 0; i < 63; ++i) {
        place(nodes[i], bit(addr, i), nodes[i + 1]);
    }
    Capability ep = Capability::endpoint(spare_base + 0x10000, 0, Rights(Rights::all));
    Slot &target = place(nodes[63], bit(addr, 63), ep);

    auto exact = kernel::lookup_slot_for_cnode_op(nodes[0], addr, 64);
    REQUIRE(exact.is_ok());
    CHECK(exact.value() == &target);
    auto implicit = kernel::lookup_slot(nodes[0], addr);
    REQUIRE(implicit.is_ok());
    CHECK(implicit.value() == &target);

    // Depth 63 names the slot of the last level's CNode capability.
    auto depth63 = kernel::lookup_slot_for_cnode_op(nodes[0], addr >> 1, 63);
    REQUIRE(depth63.is_ok());
    CHECK(depth63.value()->cap == nodes[63]);

    // Bit 40 flipped: level 23 takes the other, empty, slot with 40 bits still to go.
    std::uint64_t wrong = addr ^ (std::uint64_t{1} << 40);
    auto resolved = kernel::resolve_address(nodes[0], wrong, 64);
    REQUIRE(resolved.is_ok());
    CHECK(resolved.value().slot == kernel::cnode_slots(nodes[23].paddr()) + bit(wrong, 23));
    CHECK(resolved.value().bits_remaining == 40);
    auto wrong_exact = kernel::lookup_slot_for_cnode_op(nodes[0], wrong, 64);
    REQUIRE_FALSE(wrong_exact.is_ok());
    CHECK(fault_words(wrong_exact.error().fault) == Words{seL4_DepthMismatch, 40, 0});

    auto too_deep = kernel::lookup_slot_for_cnode_op(nodes[0], addr, 65);
    REQUIRE_FALSE(too_deep.is_ok());
    CHECK(too_deep.error().error == seL4_RangeError);
}

TEST_CASE("cspace: an explicit depth of 0 or more than 64 is RangeError [1, 64]", "[cspace]")
{
    CSpaceFixture cs;
    for (std::uint64_t depth : {std::uint64_t{0}, std::uint64_t{65}, std::uint64_t{255},
                                (std::uint64_t{1} << 32) + 64}) {
        auto found = kernel::lookup_slot_for_cnode_op(cs.root_cap(), 5, depth);
        REQUIRE_FALSE(found.is_ok());
        CHECK(found.error().error == seL4_RangeError);

        // The destination of a CNode method...
        InvokeResult del = cs.invoke(CNodeDelete, root_cptr, {untyped_cptr, depth});
        CHECK(del.error() == seL4_RangeError);
        CHECK(del.details() == Words{1, 64});
        // ...and its source.
        InvokeResult copy = cs.invoke(CNodeCopy, root_cptr, {10, 64, untyped_cptr, depth, all_rights},
                                      {root_cptr});
        CHECK(copy.error() == seL4_RangeError);
        CHECK(copy.details() == Words{1, 64});
    }
    CHECK(cs.cap(untyped_cptr).type() == kernel::CapType::untyped);
    CHECK(cs.cap(10).is_null());
}

TEST_CASE("cspace: invoking an empty slot is InvalidCapability(0); an unresolvable cptr is a "
          "cap fault",
          "[cspace]")
{
    CSpaceFixture cs;
    InvokeResult empty = cs.invoke(CNodeCopy, 100, {10, 64, 1, 64, all_rights}, {root_cptr});
    REQUIRE_FALSE(empty.cap_fault.has_value());
    CHECK(empty.error() == seL4_InvalidCapability);
    CHECK(empty.details() == Words{0});

    InvokeResult unresolvable = cs.invoke(CNodeCopy, std::uint64_t{1} << 63, {10, 64, 1, 64, all_rights},
                                          {root_cptr});
    REQUIRE(unresolvable.cap_fault.has_value());
    CHECK(unresolvable.cap_fault->type == seL4_GuardMismatch);
    CHECK_FALSE(unresolvable.status.has_value());
}
