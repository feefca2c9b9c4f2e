// The capability derivation tree (kernel/src/cdt.cpp) as CNode invocations shape it: where a
// copy goes, which capabilities are children (seL4's isMDBParentOf), badge families, and when
// a capability is the last one to its object.
#include <catch2/catch.hpp>

#include "support/cspace_fixture.hpp"

using namespace cspace_test;
using kernel::Slot;
namespace cdt = kernel::cdt;

TEST_CASE("cdt: a copy goes right after its source and is a child of a revocable original",
          "[cdt]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());
    REQUIRE(cs.slot(10).revocable()); // a new object's capability is its original

    REQUIRE(cs.copy(11, 10).ok());
    CHECK(cs.slot(10).next() == &cs.slot(11));
    CHECK(cs.slot(11).prev() == &cs.slot(10));
    CHECK_FALSE(cs.slot(11).revocable());
    CHECK(cdt::is_parent_of(cs.slot(10), cs.slot(11)));
    CHECK(cdt::has_children(cs.slot(10)));

    // A copy of the copy goes after the copy, and a plain copy has no children.
    REQUIRE(cs.copy(12, 11).ok());
    CHECK(cs.slot(11).next() == &cs.slot(12));
    CHECK(cs.slot(12).prev() == &cs.slot(11));
    CHECK_FALSE(cdt::has_children(cs.slot(11)));

    // Revoking the copy deletes nothing; revoking the original deletes both copies.
    REQUIRE(cs.revoke(11).ok());
    CHECK_FALSE(cs.cap(12).is_null());
    REQUIRE(cs.revoke(10).ok());
    CHECK(cs.cap(11).is_null());
    CHECK(cs.cap(12).is_null());
    CHECK(cs.cap(10).type() == kernel::CapType::endpoint);
    CHECK_FALSE(cdt::has_children(cs.slot(10)));
}

TEST_CASE("cdt: a capability is final only when no other capability names its object", "[cdt]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 20).ok()); // another endpoint, next to it in the tree
    CHECK(cdt::is_final(cs.slot(10)));
    CHECK(cdt::is_final(cs.slot(20)));

    REQUIRE(cs.copy(11, 10).ok());
    CHECK_FALSE(cdt::is_final(cs.slot(10)));
    CHECK_FALSE(cdt::is_final(cs.slot(11)));
    REQUIRE(cs.copy(12, 11).ok());
    for (std::uint64_t i : {10, 11, 12}) {
        CHECK_FALSE(cdt::is_final(cs.slot(i)));
    }
    CHECK(cdt::is_final(cs.slot(20)));

    REQUIRE(cs.remove(11).ok());
    CHECK_FALSE(cdt::is_final(cs.slot(10)));
    CHECK_FALSE(cdt::is_final(cs.slot(12)));
    REQUIRE(cs.remove(10).ok());
    CHECK(cdt::is_final(cs.slot(12)));

    // The untyped before an object's capability does not count as naming it.
    REQUIRE(cs.retype(seL4_NotificationObject, 0, 30).ok());
    CHECK(cs.slot(untyped_cptr).next() == &cs.slot(30));
    CHECK(cdt::is_final(cs.slot(30)));
}

TEST_CASE("cdt: Mint of a badge starts a badge family; copies of it join the family", "[cdt]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());
    REQUIRE(cs.mint(11, 10, all_rights, 5).ok());
    CHECK(cs.slot(11).revocable());
    CHECK(cs.slot(11).first_badged());
    CHECK(cdt::is_parent_of(cs.slot(10), cs.slot(11)));

    REQUIRE(cs.copy(12, 11).ok());
    CHECK(cs.cap(12).badge() == 5);
    CHECK_FALSE(cs.slot(12).revocable());
    CHECK_FALSE(cs.slot(12).first_badged());
    CHECK(cdt::is_parent_of(cs.slot(11), cs.slot(12)));

    // Minting badge 0 from an unbadged capability is only a copy.
    REQUIRE(cs.mint(13, 10, all_rights, 0).ok());
    CHECK_FALSE(cs.slot(13).revocable());
    CHECK_FALSE(cs.slot(13).first_badged());

    // Another badge: a family of its own, not a child of badge 5.
    REQUIRE(cs.mint(14, 10, all_rights, 7).ok());
    CHECK(cs.slot(14).first_badged());
    CHECK(cs.slot(10).next() == &cs.slot(14));
    CHECK_FALSE(cdt::is_parent_of(cs.slot(14), cs.slot(11)));
    CHECK_FALSE(cdt::is_parent_of(cs.slot(11), cs.slot(14)));
}

TEST_CASE("cdt: revoking an unbadged endpoint deletes every badged child and their copies",
          "[cdt]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());
    REQUIRE(cs.mint(11, 10, all_rights, 5).ok());
    REQUIRE(cs.copy(12, 11).ok());
    REQUIRE(cs.mint(13, 10, all_rights, 7).ok());
    REQUIRE(cs.copy(14, 13).ok());
    REQUIRE(cs.copy(15, 10).ok()); // unbadged copy

    // An unbadged copy is not revocable: revoking it deletes nothing.
    REQUIRE(cs.revoke(15).ok());
    for (std::uint64_t i = 11; i <= 15; ++i) {
        CHECK_FALSE(cs.cap(i).is_null());
    }

    REQUIRE(cs.revoke(10).ok());
    for (std::uint64_t i = 11; i <= 15; ++i) {
        CHECK(cs.cap(i).is_null());
    }
    CHECK(cs.cap(10).type() == kernel::CapType::endpoint);
    CHECK(cdt::is_final(cs.slot(10)));
}

TEST_CASE("cdt: revoking a badged endpoint deletes only its own badge family", "[cdt]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());
    REQUIRE(cs.mint(11, 10, all_rights, 5).ok());
    REQUIRE(cs.copy(12, 11).ok());
    REQUIRE(cs.mint(13, 10, all_rights, 7).ok());
    REQUIRE(cs.copy(14, 13).ok());
    REQUIRE(cs.copy(15, 10).ok());

    REQUIRE(cs.revoke(11).ok());
    CHECK(cs.cap(12).is_null());
    CHECK(cs.cap(11).badge() == 5); // Revoke keeps the capability itself
    for (std::uint64_t i : {10, 13, 14, 15}) {
        CHECK_FALSE(cs.cap(i).is_null());
    }

    // A copy of a badged capability is not revocable and has no children.
    REQUIRE(cs.revoke(14).ok());
    CHECK_FALSE(cs.cap(13).is_null());
    REQUIRE(cs.revoke(13).ok());
    CHECK(cs.cap(14).is_null());
    CHECK_FALSE(cs.cap(11).is_null());
}

TEST_CASE("cdt: when a family's first capability is deleted, its copies stay out of another "
          "family with the same badge",
          "[cdt]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());
    REQUIRE(cs.mint(11, 10, all_rights, 5).ok()); // family A
    REQUIRE(cs.copy(12, 11).ok());
    REQUIRE(cs.mint(13, 10, all_rights, 5).ok()); // family B, same badge, placed before A
    REQUIRE(cs.slot(13).next() == &cs.slot(11));

    CHECK_FALSE(cdt::is_parent_of(cs.slot(13), cs.slot(11)));
    REQUIRE(cs.remove(11).ok());
    // 12 heads family A now (seL4's emptySlot passes mdbFirstBadged on).
    CHECK(cs.slot(12).first_badged());
    REQUIRE(cs.slot(13).next() == &cs.slot(12));
    CHECK_FALSE(cdt::is_parent_of(cs.slot(13), cs.slot(12)));
    REQUIRE(cs.revoke(13).ok());
    CHECK_FALSE(cs.cap(12).is_null());

    // The unbadged original still reaches it.
    REQUIRE(cs.revoke(10).ok());
    CHECK(cs.cap(12).is_null());
    CHECK(cs.cap(13).is_null());
}

TEST_CASE("cdt: everything made from an untyped is its child, including copies and "
          "sub-untypeds' objects",
          "[cdt]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_UntypedObject, 12, 10).ok());
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 11, 1, 10).ok()); // from the child untyped
    REQUIRE(cs.copy(12, 11).ok());
    REQUIRE(cs.retype(seL4_RISCV_4K_Page, 0, 13).ok());

    CHECK(cdt::has_children(cs.slot(untyped_cptr)));
    CHECK(cdt::has_children(cs.slot(10)));
    CHECK(cs.slot(10).next() == &cs.slot(11));

    // Revoking the child untyped deletes its objects only.
    REQUIRE(cs.revoke(10).ok());
    CHECK(cs.cap(11).is_null());
    CHECK(cs.cap(12).is_null());
    CHECK_FALSE(cs.cap(13).is_null());

    REQUIRE(cs.retype(seL4_EndpointObject, 0, 11, 1, 10).ok());
    REQUIRE(cs.revoke(untyped_cptr).ok());
    for (std::uint64_t i : {10, 11, 13}) {
        CHECK(cs.cap(i).is_null());
    }
    CHECK_FALSE(cdt::has_children(cs.slot(untyped_cptr)));
}
