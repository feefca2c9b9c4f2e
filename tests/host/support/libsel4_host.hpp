// Running libsel4 calls (and so libut and libcspace) on the host against the kernel core: the
// thread whose registers a call uses, and a fixture that sets the libraries up on a CSpace
// made by the kernel (cspace_fixture.hpp).
#pragma once

#include <cstdlib>
#include <cstring>
#include <vector>

#include <cspace.h>
#include <sel4/sel4.h>
#include <ut.h>

#include "cspace_fixture.hpp"

namespace libsel4_host {

/// The thread whose system calls the stand-in makes (nullptr: none).
extern kernel::Tcb *current_thread;

/// The libraries on the kernel's CSpace fixture: 64 4 KiB untypeds from the fixture's 1 MiB
/// untyped, in root slots 128..191, registered with libut (region: that 1 MiB); `root` is a
/// one-level cspace_t over root slots 0..127 (slots 0..2 taken by the fixture).
class LibraryFixture : public cspace_test::CSpaceFixture {
public:
    static constexpr seL4_CPtr ut_first = 128;
    static constexpr std::size_t ut_pages = 64;
    static constexpr seL4_Word region_start = cspace_test::work_base;
    static constexpr seL4_Word region_end = cspace_test::work_base + (1ul << cspace_test::work_bits);

    LibraryFixture()
    {
        REQUIRE(make_current(tcb()));
        current_thread = &tcb();
        __sel4_ipc_buffer = &ipc_buffer();
        REQUIRE(retype(seL4_UntypedObject, seL4_PageBits, ut_first, ut_pages).ok());
        ut_region_t region = {region_start, region_end};
        table_ = std::aligned_alloc(4096, ut_pages_for_region(region) * 4096);
        std::memset(table_, 0, ut_pages_for_region(region) * 4096);
        ut_init(table_, region);
        ut_add_untyped_range(region_start, ut_first, ut_pages, false);
        std::memset(&root, 0, sizeof root);
        root.root_cnode = cspace_test::root_cptr;
        root.top_bits = CSPACE_NODE_BITS;
        root.bitmap[0] = 0x7; // null, the fixture's untyped, the root CNode cap
    }
    ~LibraryFixture()
    {
        ut_init(nullptr, ut_region_t{0, 0});
        std::free(table_);
        for (void *page : pages_) {
            std::free(page);
        }
        current_thread = nullptr;
        __sel4_ipc_buffer = nullptr;
    }

    /// Callbacks for cspace_create_two_level: libut's pages, and host memory standing in for
    /// the mapping of a bookkeeping frame. Counts every call.
    cspace_alloc_t callbacks()
    {
        return cspace_alloc_t{map_frame, alloc_4k_ut, free_4k_ut, this};
    }
    int frames_mapped = 0, uts_lent = 0, uts_returned = 0;

    /// The kernel's cap tag in root slot @p cptr (seL4_DebugCapIdentify).
    seL4_Uint32 tag(seL4_CPtr cptr) { return seL4_DebugCapIdentify(cptr); }

    cspace_t root{};

private:
    static void *map_frame(void *cookie, seL4_CPtr, seL4_CPtr *, seL4_Word *used)
    {
        auto *self = static_cast<LibraryFixture *>(cookie);
        *used = 0;
        self->frames_mapped++;
        self->pages_.push_back(std::aligned_alloc(4096, 4096));
        return self->pages_.back();
    }
    static seL4_CPtr alloc_4k_ut(void *cookie, seL4_Word *paddr)
    {
        uintptr_t address = 0;
        ut_t *ut = ut_alloc_4k_untyped(&address);
        *paddr = address;
        static_cast<LibraryFixture *>(cookie)->uts_lent += ut != nullptr;
        return ut != nullptr ? static_cast<seL4_CPtr>(ut->cap) : seL4_CPtr{seL4_CapNull};
    }
    static void free_4k_ut(void *cookie, seL4_Word paddr)
    {
        static_cast<LibraryFixture *>(cookie)->uts_returned++;
        ut_free(ut_4k_at(paddr));
    }

    void *table_ = nullptr;
    std::vector<void *> pages_;
};

} // namespace libsel4_host
