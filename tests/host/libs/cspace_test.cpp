// libcspace's bookkeeping on the host, against the kernel core through the libsel4 stand-in:
// slots (never 0, reuse, exhaustion), free_slot keeping the cap, one- and two-level cspaces
// made and destroyed, growth through the callbacks, and bad input.
#include <catch2/catch.hpp>

#include <set>

#include "support/libsel4_host.hpp"

using libsel4_host::LibraryFixture;

namespace {
constexpr seL4_Uint32 tag_endpoint = 4, tag_cnode = 10;
}

TEST_CASE_METHOD(LibraryFixture, "cspace: alloc, free, alloc gives the same slot; free_slot leaves the cap",
                 "[libcspace]")
{
    seL4_CPtr a = cspace_alloc_slot(&root);
    CHECK(a == 3); // the lowest free slot
    cspace_free_slot(&root, a);
    CHECK(cspace_alloc_slot(&root) == a);
    ut_t *ut = ut_alloc(seL4_EndpointBits, &root);
    REQUIRE(ut != nullptr);
    seL4_CPtr ep = cspace_alloc_slot(&root);
    REQUIRE(cspace_untyped_retype(&root, ut->cap, ep, seL4_EndpointObject, 0) == seL4_NoError);
    CHECK(tag(ep) == tag_endpoint);
    cspace_free_slot(&root, ep);
    CHECK(tag(ep) == tag_endpoint); // not deleted
    CHECK(cspace_alloc_slot(&root) == ep);
    CHECK(cspace_untyped_retype(&root, ut->cap, ep, seL4_EndpointObject, 0) == seL4_DeleteFirst);
    CHECK(cspace_delete(&root, ep) == seL4_NoError);
    CHECK(tag(ep) == 0);
}

TEST_CASE_METHOD(LibraryFixture, "cspace: a one-level cspace gives 127 slots, never 0, then seL4_CapNull",
                 "[libcspace]")
{
    cspace_t space;
    REQUIRE(cspace_create_one_level(&root, &space) == CSPACE_NOERROR);
    CHECK(tag(space.root_cnode) == tag_cnode);
    std::set<seL4_CPtr> seen;
    for (int i = 0; i < 127; ++i) {
        seL4_CPtr slot = cspace_alloc_slot(&space);
        REQUIRE(slot != seL4_CapNull);
        CHECK(slot < 128);
        CHECK(seen.insert(slot).second);
    }
    CHECK(cspace_alloc_slot(&space) == seL4_CapNull);
    cspace_free_slot(&space, 0);
    cspace_free_slot(&space, 1000);
    CHECK(cspace_alloc_slot(&space) == seL4_CapNull);
    cspace_free_slot(&space, 64);
    CHECK(cspace_alloc_slot(&space) == 64);
    cspace_destroy(&space);
}

TEST_CASE_METHOD(LibraryFixture, "cspace: destroying a one-level cspace returns its page, slots and caps",
                 "[libcspace]")
{
    std::size_t free_bytes = ut_free_bytes();
    seL4_CPtr next = cspace_alloc_slot(&root);
    cspace_free_slot(&root, next);
    cspace_t space;
    REQUIRE(cspace_create_one_level(&root, &space) == CSPACE_NOERROR);
    CHECK(ut_free_bytes() == free_bytes - 4096);
    ut_t *ut = ut_alloc(seL4_PageBits, &root);
    seL4_CPtr there = cspace_alloc_slot(&space);
    REQUIRE(cspace_untyped_retype(&space, ut->cap, there, seL4_EndpointObject, 0) == seL4_NoError);
    seL4_CPtr back = cspace_alloc_slot(&root);
    REQUIRE(cspace_mint(&root, back, &space, there, seL4_CapRights_new(0, 0, 1, 1), 5) == seL4_NoError);
    CHECK(tag(back) == tag_endpoint);
    CHECK(cspace_delete(&root, back) == seL4_NoError);
    cspace_free_slot(&root, back);
    ut_t *root_ut = space.root_ut;
    cspace_destroy(&space);
    CHECK(space.root_cnode == seL4_CapNull);
    // Both untypeds are without children again: a page-sized object fits in each.
    seL4_CPtr probe = cspace_alloc_slot(&root);
    CHECK(cspace_untyped_retype(&root, ut->cap, probe, seL4_RISCV_4K_Page, 0) == seL4_NoError);
    CHECK(cspace_delete(&root, probe) == seL4_NoError);
    CHECK(cspace_untyped_retype(&root, root_ut->cap, probe, seL4_RISCV_4K_Page, 0) == seL4_NoError);
    CHECK(cspace_delete(&root, probe) == seL4_NoError);
    cspace_free_slot(&root, probe);
    ut_free(ut);
    CHECK(ut_free_bytes() == free_bytes);
    CHECK(cspace_alloc_slot(&root) == next);
}

TEST_CASE_METHOD(LibraryFixture, "cspace: a two-level cspace grows one node per 128 slots through the callbacks",
                 "[libcspace]")
{
    std::size_t free_bytes = ut_free_bytes();
    cspace_t space;
    REQUIRE(cspace_create_two_level(&root, &space, callbacks()) == CSPACE_NOERROR);
    CHECK(uts_lent == 0); // the top CNode comes from libut directly
    CHECK(ut_free_bytes() == free_bytes - 4096);
    seL4_CPtr first = cspace_alloc_slot(&space);
    CHECK(first == 1); // slot 0 is seL4_CapNull
    CHECK(frames_mapped == 1);
    CHECK(uts_lent == 2); // the bookkeeping frame and node 0
    std::set<seL4_CPtr> seen{first};
    for (int i = 1; i < 127 + 128; ++i) {
        seL4_CPtr slot = cspace_alloc_slot(&space);
        REQUIRE(slot != seL4_CapNull);
        CHECK(seen.insert(slot).second);
    }
    CHECK(uts_lent == 3); // node 1
    CHECK(*seen.rbegin() == 255);
    // A slot of node 1 is addressed through both levels at depth 64.
    ut_t *ut = ut_alloc(seL4_EndpointBits, &root);
    CHECK(cspace_untyped_retype(&space, ut->cap, 200, seL4_EndpointObject, 0) == seL4_NoError);
    seL4_CPtr back = cspace_alloc_slot(&root);
    CHECK(cspace_copy(&root, back, &space, 200, seL4_AllRights) == seL4_NoError);
    CHECK(tag(back) == tag_endpoint);
    CHECK(cspace_delete(&root, back) == seL4_NoError);
    cspace_free_slot(&root, back);
    cspace_destroy(&space);
    CHECK(uts_returned == 3);
    ut_free(ut); // its endpoint went with the cspace
    CHECK(ut_free_bytes() == free_bytes);
}

TEST_CASE_METHOD(LibraryFixture, "cspace: growing stops cleanly when the callbacks have no memory", "[libcspace]")
{
    cspace_t space;
    REQUIRE(cspace_create_two_level(&root, &space, callbacks()) == CSPACE_NOERROR);
    std::vector<ut_t *> pages;
    while (ut_t *ut = ut_alloc_4k_untyped(nullptr)) {
        pages.push_back(ut);
    }
    seL4_CPtr next = cspace_alloc_slot(&root);
    cspace_free_slot(&root, next);
    CHECK(cspace_alloc_slot(&space) == seL4_CapNull);
    CHECK(cspace_alloc_slot(&root) == next); // no slot of the bootstrap cspace was kept
    cspace_free_slot(&root, next);
    ut_free(pages.back());
    pages.pop_back();
    CHECK(cspace_alloc_slot(&space) == seL4_CapNull); // one page: the frame, but no node
    for (ut_t *ut : pages) {
        ut_free(ut);
    }
    CHECK(cspace_alloc_slot(&space) == 1);
    cspace_destroy(&space);
}

TEST_CASE_METHOD(LibraryFixture, "cspace: bad arguments are refused without a crash", "[libcspace]")
{
    cspace_t space;
    CHECK(cspace_create_one_level(nullptr, &space) == CSPACE_ERROR);
    CHECK(cspace_create_one_level(&root, nullptr) == CSPACE_ERROR);
    CHECK(cspace_create_two_level(&root, &space, cspace_alloc_t{}) == CSPACE_ERROR);
    CHECK(cspace_alloc_slot(nullptr) == seL4_CapNull);
    CHECK(cspace_alloc_slots(&root, 0) == seL4_CapNull);
    CHECK(cspace_alloc_slots(&root, 129) == seL4_CapNull);
    cspace_free_slot(nullptr, 5);
    CHECK(cspace_copy(nullptr, 3, &root, 2, seL4_AllRights) == seL4_InvalidArgument);
    CHECK(cspace_mint(&root, 3, nullptr, 2, seL4_AllRights, 0) == seL4_InvalidArgument);
    CHECK(cspace_move(nullptr, 3, &root, 2) == seL4_InvalidArgument);
    CHECK(cspace_mutate(&root, 3, nullptr, 2, 0) == seL4_InvalidArgument);
    CHECK(cspace_delete(nullptr, 3) == seL4_InvalidArgument);
    CHECK(cspace_revoke(nullptr, 3) == seL4_InvalidArgument);
    CHECK(cspace_untyped_retype(nullptr, 128, 3, seL4_EndpointObject, 0) == seL4_InvalidArgument);
    CHECK(cspace_irq_control_get(nullptr, 3, 4, 10, 0) == seL4_InvalidArgument);
    // Kernel errors come back as they are: a slot beyond the CNode is a RangeError.
    ut_t *ut = ut_alloc(seL4_EndpointBits, &root);
    CHECK(cspace_untyped_retype(&root, ut->cap, 300, seL4_EndpointObject, 0) == seL4_RangeError);
    cspace_destroy(&root); // no bootstrap: refused
    CHECK(root.root_cnode == cspace_test::root_cptr);
    ut_free(ut);
}
