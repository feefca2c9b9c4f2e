// libut's bookkeeping on the host, against the kernel core through the libsel4 stand-in:
// size classes, splitting, no merging, running out (of memory and of spare entries), devices.
#include <catch2/catch.hpp>

#include "support/libsel4_host.hpp"

using libsel4_host::LibraryFixture;

TEST_CASE_METHOD(LibraryFixture, "ut: the registered pages are the free memory; 4 KiB blocks come and go LIFO",
                 "[libut]")
{
    CHECK(ut_size() == ut_pages * 4096);
    CHECK(ut_free_bytes() == ut_size());
    CHECK(ut_free_count(seL4_PageBits) == ut_pages);
    uintptr_t paddr = 0;
    ut_t *a = ut_alloc_4k_untyped(&paddr);
    REQUIRE(a != nullptr);
    CHECK(paddr >= region_start);
    CHECK(ut_4k_at(paddr) == a);
    CHECK(a->cap >= ut_first);
    CHECK(a->cap < ut_first + ut_pages);
    ut_free(a);
    CHECK(ut_alloc_4k_untyped(nullptr) == a); // alloc, free, alloc: the same block
    ut_free(a);
    CHECK(ut_free_bytes() == ut_size());
}

TEST_CASE_METHOD(LibraryFixture, "ut: a 16-byte request splits a page into one free block of every smaller size",
                 "[libut]")
{
    ut_t *a = ut_alloc(seL4_EndpointBits, &root);
    REQUIRE(a != nullptr);
    CHECK(a->size_bits == seL4_EndpointBits);
    CHECK(ut_free_count(seL4_PageBits) == ut_pages - 1);
    for (size_t bits = seL4_EndpointBits; bits < seL4_PageBits; ++bits) {
        CHECK(ut_free_count(bits) == 1);
    }
    CHECK(ut_free_bytes() == ut_size() - 16);
    // Eight splits of two untypeds each, all in the kernel: the halves are real untypeds.
    CHECK(tag(a->cap) == 2);
    ut_t *b = ut_alloc(seL4_EndpointBits, &root); // the free half: no new split
    REQUIRE(b != nullptr);
    CHECK(ut_free_count(seL4_EndpointBits) == 0);
    CHECK(ut_free_count(seL4_PageBits) == ut_pages - 1);
    ut_free(a);
    ut_free(b);
    CHECK(ut_free_count(seL4_EndpointBits) == 2);     // never merged...
    CHECK(ut_free_count(seL4_EndpointBits + 1) == 1); // ...into a 32-byte block
    ut_t *c = ut_alloc(seL4_EndpointBits + 1, &root);
    CHECK(ut_free_count(seL4_EndpointBits) == 2);
    CHECK(ut_free_count(seL4_EndpointBits + 1) == 0);
    ut_free(c);
    CHECK(ut_free_bytes() == ut_size() - 4096 + 4096); // everything free, one page as pieces
}

TEST_CASE_METHOD(LibraryFixture, "ut: out of memory and sizes out of range give NULL, bad frees change nothing",
                 "[libut]")
{
    std::vector<ut_t *> pages;
    while (ut_t *ut = ut_alloc_4k_untyped(nullptr)) {
        pages.push_back(ut);
    }
    CHECK(pages.size() == ut_pages);
    CHECK(ut_alloc(seL4_PageBits, &root) == nullptr);
    CHECK(ut_alloc(seL4_EndpointBits, &root) == nullptr);
    CHECK(ut_free_bytes() == 0);
    for (ut_t *ut : pages) {
        ut_free(ut);
    }
    CHECK(ut_alloc(seL4_EndpointBits - 1, &root) == nullptr);
    CHECK(ut_alloc(seL4_PageBits + 1, &root) == nullptr);
    CHECK(ut_alloc(seL4_EndpointBits, nullptr) == nullptr); // a split needs a cspace
    ut_free(nullptr);
    ut_free(pages[0]);
    ut_free(pages[0]); // double free
    ut_t fake{};
    fake.valid = fake.in_use = 1;
    ut_free(&fake);
    CHECK(ut_free_bytes() == ut_size());
    CHECK(ut_free_count(seL4_PageBits) == ut_pages);
}

TEST_CASE_METHOD(LibraryFixture, "ut: when the spare entries run out a split fails cleanly", "[libut]")
{
    seL4_CPtr first_free = cspace_alloc_slot(&root);
    cspace_free_slot(&root, first_free);
    std::vector<ut_t *> taken;
    while (ut_t *ut = ut_alloc(seL4_EndpointBits, &root)) {
        taken.push_back(ut);
        REQUIRE(taken.size() < ut_pages * 256);
    }
    CHECK(ut_free_count(seL4_PageBits) > 0); // memory was left: the pool of entries ran out
    std::size_t free_bytes = ut_free_bytes();
    seL4_CPtr slot = cspace_alloc_slot(&root);
    cspace_free_slot(&root, slot);
    CHECK(ut_alloc(seL4_EndpointBits, &root) == nullptr); // and fails again the same way
    CHECK(ut_free_bytes() == free_bytes);
    seL4_CPtr again = cspace_alloc_slot(&root);
    CHECK(again == slot); // the failed split kept no slot
    cspace_free_slot(&root, again);
    for (ut_t *ut : taken) {
        ut_free(ut);
    }
    CHECK(first_free != seL4_CapNull);
}

TEST_CASE_METHOD(LibraryFixture, "ut: device pages are recorded, never handed out by ut_alloc", "[libut]")
{
    const seL4_Word device = region_start + ut_pages * 4096; // pages above the RAM ones
    ut_add_untyped_range(device, 200, 4, true);
    CHECK(ut_size() == ut_pages * 4096);
    std::vector<ut_t *> pages;
    while (ut_t *ut = ut_alloc_4k_untyped(nullptr)) {
        CHECK_FALSE(ut->device);
        pages.push_back(ut);
    }
    CHECK(pages.size() == ut_pages);
    ut_t *d = ut_alloc_4k_device(device + 4096);
    REQUIRE(d != nullptr);
    CHECK(d->cap == 201);
    CHECK(d->device);
    CHECK(ut_alloc_4k_device(device + 4096) == nullptr); // lent out
    CHECK(ut_alloc_4k_device(device + 5) == nullptr);    // not page aligned
    CHECK(ut_alloc_4k_device(region_start) == nullptr);  // RAM
    CHECK(ut_alloc_4k_device(region_end + 4096) == nullptr);
    ut_free(d);
    CHECK(ut_alloc_4k_untyped(nullptr) == nullptr); // a freed device page is not RAM
    CHECK(ut_alloc_4k_device(device + 4096) == d);
    ut_add_untyped_range(device, 300, 1, false); // already registered: ignored
    CHECK(ut_4k_at(device)->cap == 200);
    for (ut_t *ut : pages) {
        ut_free(ut);
    }
}
