// Untyped_Retype (kernel/src/object/untyped.cpp): every check in seL4's decode order with its
// detail words, object sizes and alignment at the watermark, the watermark kept while children
// live and reset once they are gone, device memory, and zeroed objects (reference §4, §5.2,
// §8.7, §12.13, §12.14).
#include <catch2/catch.hpp>

#include "support/cspace_fixture.hpp"

using namespace cspace_test;
using kernel::CapType;
using kernel::Slot;
namespace cdt = kernel::cdt;

namespace {

using Words = std::vector<std::uint64_t>;

// log2 of each object's size on riscv64 MCS (reference §4), independent of the kernel's table.
std::uint64_t size_of(std::uint64_t type, std::uint64_t size_bits)
{
    switch (type) {
    case seL4_UntypedObject: return size_bits;
    case seL4_TCBObject: return 11;
    case seL4_EndpointObject: return 4;
    case seL4_NotificationObject: return 6;
    case seL4_CapTableObject: return size_bits + 5;
    case seL4_SchedContextObject: return size_bits;
    case seL4_ReplyObject: return 5;
    case seL4_RISCV_Giga_Page: return 30;
    case seL4_RISCV_4K_Page: return 12;
    case seL4_RISCV_Mega_Page: return 21;
    case seL4_RISCV_PageTableObject: return 12;
    default: return 0;
    }
}

struct Expected {
    seL4_Error error;
    Words details;
};

// What seL4 answers for (type, size_bits) when the destination slot is occupied: the size
// error, the too-small error, or (both passed) DeleteFirst.
Expected expected_for(std::uint64_t type, std::uint64_t size_bits)
{
    if (size_bits >= 64 || size_of(type, size_bits) > 38) {
        return {seL4_RangeError, {0, 38}};
    }
    if ((type == seL4_CapTableObject && size_bits == 0) ||
        (type == seL4_UntypedObject && size_bits < 4) ||
        (type == seL4_SchedContextObject && size_bits < 7)) {
        return {seL4_InvalidArgument, {1}};
    }
    return {seL4_DeleteFirst, {}};
}

} // namespace

TEST_CASE("untyped: an unknown object type is InvalidArgument(0), before anything else",
          "[untyped]")
{
    CSpaceFixture cs;
    for (std::uint64_t type : {std::uint64_t{seL4_ObjectTypeCount}, std::uint64_t{12},
                               std::uint64_t{0xffffffff}, ~std::uint64_t{0}}) {
        // Bad size and occupied destination too: the type is checked first.
        InvokeResult r = cs.retype(type, 64, untyped_cptr);
        CHECK(r.error() == seL4_InvalidArgument);
        CHECK(r.details() == Words{0});
    }
    CHECK_FALSE(cdt::has_children(cs.slot(untyped_cptr)));
}

TEST_CASE("untyped: size_bits swept from 0 to 64 for every type gives seL4's RangeError or "
          "InvalidArgument",
          "[untyped]")
{
    CSpaceFixture cs;
    // The destination (the untyped's own slot) is occupied: sizes that pass get DeleteFirst,
    // so the sweep creates nothing.
    for (std::uint64_t type = 0; type < seL4_ObjectTypeCount; ++type) {
        for (std::uint64_t size_bits = 0; size_bits <= 64; ++size_bits) {
            INFO("type " << type << ", size_bits " << size_bits);
            Expected expected = expected_for(type, size_bits);
            InvokeResult r = cs.retype(type, size_bits, untyped_cptr);
            CHECK(r.error() == expected.error);
            CHECK(r.details() == expected.details);
        }
    }
    CHECK_FALSE(cdt::has_children(cs.slot(untyped_cptr)));
}

TEST_CASE("untyped: object counts 0, 257 and 2^31 are RangeError [1, 256]; 256 fit", "[untyped]")
{
    CSpaceFixture cs;
    // 512 slots: the window (up to 512) is not what limits the count.
    REQUIRE(cs.retype(seL4_CapTableObject, 9, 10).ok());
    for (std::uint64_t count : {std::uint64_t{0}, std::uint64_t{257}, std::uint64_t{1} << 31,
                                (std::uint64_t{1} << 32) + 1}) {
        InvokeResult r = cs.retype_into(10, seL4_EndpointObject, 0, 0, count);
        CHECK(r.error() == seL4_RangeError);
        CHECK(r.details() == Words{1, 256});
    }
    REQUIRE(cs.retype_into(10, seL4_EndpointObject, 0, 0, 256).ok());
    Slot *node = kernel::cnode_slots(cs.cap(10).paddr());
    std::uint64_t first = node[0].cap.paddr();
    for (std::uint64_t i = 0; i < 256; ++i) {
        INFO("slot " << i);
        CHECK(node[i].cap.type() == CapType::endpoint);
        CHECK(node[i].cap.paddr() == first + 16 * i);
    }
}

TEST_CASE("untyped: a destination offset or window past the CNode's end is RangeError with the "
          "allowed range",
          "[untyped]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_CapTableObject, 8, 10).ok()); // 256 slots
    REQUIRE(cs.retype(seL4_CapTableObject, 2, 11).ok()); // 4 slots

    for (std::uint64_t offset : {std::uint64_t{256}, std::uint64_t{1000}, ~std::uint64_t{0}}) {
        InvokeResult r = cs.retype_into(10, seL4_EndpointObject, 0, offset);
        CHECK(r.error() == seL4_RangeError);
        CHECK(r.details() == Words{0, 255});
    }
    InvokeResult small = cs.retype_into(11, seL4_EndpointObject, 0, 4);
    CHECK(small.details() == Words{0, 3});
    CHECK(cs.retype(seL4_EndpointObject, 0, 300).details() == Words{0, 255}); // the root

    InvokeResult overrun = cs.retype_into(10, seL4_EndpointObject, 0, 250, 7);
    CHECK(overrun.error() == seL4_RangeError);
    CHECK(overrun.details() == Words{1, 6});
    CHECK(cs.retype_into(11, seL4_EndpointObject, 0, 1, 4).details() == Words{1, 3});

    CHECK(cs.retype_into(10, seL4_EndpointObject, 0, 250, 6).ok());
    CHECK(cs.retype_into(11, seL4_EndpointObject, 0, 3, 1).ok());
}

TEST_CASE("untyped: the destination must be a CNode found at an exact depth", "[untyped]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());

    InvokeResult endpoint = cs.retype_into(10, seL4_EndpointObject, 0, 0);
    CHECK(endpoint.error() == seL4_FailedLookup);
    CHECK(endpoint.details() == Words{0, seL4_MissingCapability, 64});
    CHECK(cs.retype_into(100, seL4_EndpointObject, 0, 0).details() ==
          Words{0, seL4_MissingCapability, 64});

    InvokeResult deep = cs.invoke(UntypedRetype, untyped_cptr, {seL4_EndpointObject, 0, 10, 65, 0, 1},
                                  {root_cptr});
    CHECK(deep.error() == seL4_RangeError);
    CHECK(deep.details() == Words{1, 64});
    InvokeResult shallow = cs.invoke(UntypedRetype, untyped_cptr, {seL4_EndpointObject, 0, 10, 8, 0, 1},
                                     {root_cptr});
    CHECK(shallow.error() == seL4_FailedLookup);
    CHECK(shallow.details() == Words{0, seL4_GuardMismatch, 8, 0, 56});

    // The root argument itself is not a CNode: at depth 0 it is the destination...
    InvokeResult root_depth0 = cs.invoke(UntypedRetype, untyped_cptr, {seL4_EndpointObject, 0, 0, 0, 20, 1},
                                         {10});
    CHECK(root_depth0.error() == seL4_FailedLookup);
    CHECK(root_depth0.details() == Words{0, seL4_MissingCapability, 0});
    // ...otherwise the lookup starts from it.
    InvokeResult root_depth64 = cs.invoke(UntypedRetype, untyped_cptr,
                                          {seL4_EndpointObject, 0, 20, 64, 0, 1}, {10});
    CHECK(root_depth64.error() == seL4_FailedLookup);
    CHECK(root_depth64.details() == Words{0, seL4_InvalidRoot});

    CHECK(cs.cap(20).is_null());
}

TEST_CASE("untyped: an occupied slot anywhere in the window is DeleteFirst and nothing is made",
          "[untyped]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_NotificationObject, 0, 13).ok()); // at the base, watermark 64
    InvokeResult r = cs.retype(seL4_EndpointObject, 0, 10, 5);
    CHECK(r.error() == seL4_DeleteFirst);
    CHECK(r.details().empty());
    for (std::uint64_t i : {10, 11, 12, 14}) {
        CHECK(cs.cap(i).is_null());
    }
    CHECK(cs.cap(untyped_cptr).free_offset() == 64);
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 20).ok());
    CHECK(cs.cap(20).paddr() == work_base + 64);
}

TEST_CASE("untyped: NotEnoughMemory reports the bytes still free", "[untyped]")
{
    CSpaceFixture cs;
    CHECK(cs.free_bytes() == std::uint64_t{1} << work_bits);
    REQUIRE(cs.retype(seL4_UntypedObject, 12, 10).ok()); // 4 KiB
    REQUIRE(cs.retype(seL4_CapTableObject, 8, 20).ok());
    CHECK(cs.free_bytes() == (std::uint64_t{1} << work_bits) - 0x4000); // 4 KiB, then 8 KiB aligned
    CHECK(cs.free_bytes(10) == 4096);

    REQUIRE(cs.retype(seL4_EndpointObject, 0, 11, 3, 10).ok());
    InvokeResult frame = cs.retype(seL4_RISCV_4K_Page, 0, 14, 1, 10);
    CHECK(frame.error() == seL4_NotEnoughMemory);
    CHECK(frame.details() == Words{4096 - 48});

    InvokeResult too_many = cs.retype_into(20, seL4_EndpointObject, 0, 0, 254, 10);
    CHECK(too_many.error() == seL4_NotEnoughMemory);
    CHECK(too_many.details() == Words{4048});
    REQUIRE(cs.retype_into(20, seL4_EndpointObject, 0, 0, 253, 10).ok());
    InvokeResult full = cs.retype(seL4_EndpointObject, 0, 14, 1, 10);
    CHECK(full.error() == seL4_NotEnoughMemory);
    CHECK(full.details() == Words{0});
}

TEST_CASE("untyped: each object is placed at the watermark rounded up to its own size",
          "[untyped]")
{
    CSpaceFixture cs;
    struct Step {
        std::uint64_t type, size_bits, paddr_offset, watermark;
    };
    const Step steps[] = {
        {seL4_EndpointObject, 0, 0x0, 0x10},
        {seL4_TCBObject, 0, 0x800, 0x1000},
        {seL4_NotificationObject, 0, 0x1000, 0x1040},
        {seL4_RISCV_4K_Page, 0, 0x2000, 0x3000},
        {seL4_CapTableObject, 4, 0x3000, 0x3200},
        {seL4_ReplyObject, 0, 0x3200, 0x3220},
        {seL4_SchedContextObject, 8, 0x3300, 0x3400},
        {seL4_RISCV_PageTableObject, 0, 0x4000, 0x5000},
        {seL4_UntypedObject, 16, 0x10000, 0x20000},
        {seL4_EndpointObject, 0, 0x20000, 0x20010},
    };
    std::uint64_t index = 10;
    for (const Step &step : steps) {
        INFO("type " << step.type);
        REQUIRE(cs.retype(step.type, step.size_bits, index).ok());
        CHECK(cs.cap(index).paddr() == work_base + step.paddr_offset);
        CHECK(cs.cap(untyped_cptr).free_offset() == step.watermark);
        ++index;
    }
    // Several objects in one call lie back to back, the first one aligned.
    REQUIRE(cs.retype(seL4_TCBObject, 0, 30, 3).ok());
    CHECK(cs.cap(30).paddr() == work_base + 0x20800);
    CHECK(cs.cap(31).paddr() == work_base + 0x21000);
    CHECK(cs.cap(32).paddr() == work_base + 0x21800);

    // A 2 MiB frame from a 4 MiB untyped goes at its second half after a small object.
    cs.add_untyped(40, big_base, 22, false);
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 41, 1, 40).ok());
    REQUIRE(cs.retype(seL4_RISCV_Mega_Page, 0, 42, 1, 40).ok());
    CHECK(cs.cap(42).paddr() == big_base + 0x200000);
    CHECK(cs.cap(42).frame_size() == kernel::FrameSize::large);
    CHECK(cs.retype(seL4_EndpointObject, 0, 43, 1, 40).details() == Words{0});
}

TEST_CASE("untyped: freed memory is not reused while any child lives; with none left, "
          "allocation restarts at the base",
          "[untyped]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 10).ok());
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 11).ok());
    CHECK(cs.cap(10).paddr() == work_base);
    CHECK(cs.cap(11).paddr() == work_base + 16);

    REQUIRE(cs.remove(10).ok());
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 12).ok());
    CHECK(cs.cap(12).paddr() == work_base + 32); // not A's memory: B still lives
    // A copy elsewhere keeps an object (and so the watermark) alive too.
    REQUIRE(cs.copy(20, 12).ok());
    REQUIRE(cs.remove(11).ok());
    REQUIRE(cs.remove(12).ok());
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 13).ok());
    CHECK(cs.cap(13).paddr() == work_base + 48);

    REQUIRE(cs.remove(13).ok());
    REQUIRE(cs.remove(20).ok());
    CHECK_FALSE(cdt::has_children(cs.slot(untyped_cptr)));
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 14).ok());
    CHECK(cs.cap(14).paddr() == work_base);
    CHECK(cs.cap(untyped_cptr).free_offset() == 16);
}

TEST_CASE("untyped: retype until NotEnoughMemory, revoke, and all of it is free again",
          "[untyped]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_UntypedObject, 16, 10).ok());
    REQUIRE(cs.retype(seL4_CapTableObject, 8, 11).ok()); // room for the frames, from the parent
    CHECK(cs.free_bytes(10) == 0x10000);

    REQUIRE(cs.retype(seL4_TCBObject, 0, 12, 1, 10).ok());
    REQUIRE(cs.retype(seL4_CapTableObject, 4, 13, 1, 10).ok());
    CHECK(cs.free_bytes(10) == 0x10000 - 0xa00);
    std::uint64_t frames = 0;
    for (;;) {
        InvokeResult r = cs.retype_into(11, seL4_RISCV_4K_Page, 0, frames, 1, 10);
        if (!r.ok()) {
            CHECK(r.error() == seL4_NotEnoughMemory);
            CHECK(r.details() == Words{0});
            break;
        }
        ++frames;
        REQUIRE(frames <= 16);
    }
    CHECK(frames == 15);
    CHECK(cs.free_bytes(10) == 0);

    REQUIRE(cs.revoke(10).ok());
    CHECK(cs.free_bytes(10) == 0x10000);
    CHECK(cs.cap(12).is_null());
    CHECK(cs.cap(13).is_null());
    Slot *node = kernel::cnode_slots(cs.cap(11).paddr());
    for (std::uint64_t i = 0; i < 16; ++i) {
        CHECK(node[i].cap.is_null());
    }
    REQUIRE(cs.retype_into(11, seL4_RISCV_4K_Page, 0, 0, 16, 10).ok());
    CHECK(node[0].cap.paddr() == cs.cap(10).paddr());
    CHECK(cs.free_bytes(10) == 0);
}

TEST_CASE("untyped: new objects are zeroed, also where an earlier object was", "[untyped]")
{
    CSpaceFixture cs;
    std::memset(bytes_at(work_base), 0xa5, std::size_t{1} << work_bits);

    REQUIRE(cs.retype(seL4_RISCV_4K_Page, 0, 10).ok());
    CHECK(all_zero(cs.cap(10).paddr(), 4096));
    REQUIRE(cs.retype(seL4_CapTableObject, 4, 11).ok());
    CHECK(all_zero(cs.cap(11).paddr(), 512));
    Slot *node = kernel::cnode_slots(cs.cap(11).paddr());
    for (unsigned i = 0; i < 16; ++i) {
        CHECK(node[i].cap.is_null());
        CHECK(node[i].next() == nullptr);
    }
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 12).ok());
    CHECK(all_zero(cs.cap(12).paddr(), 16));
    REQUIRE(cs.retype(seL4_NotificationObject, 0, 13).ok());
    CHECK(all_zero(cs.cap(13).paddr(), 64));
    REQUIRE(cs.retype(seL4_ReplyObject, 0, 14).ok());
    CHECK(all_zero(cs.cap(14).paddr(), 32));
    REQUIRE(cs.retype(seL4_SchedContextObject, 8, 15).ok());
    CHECK(all_zero(cs.cap(15).paddr(), 256));
    REQUIRE(cs.retype(seL4_RISCV_PageTableObject, 0, 16).ok());
    CHECK(all_zero(cs.cap(16).paddr(), 4096));
    REQUIRE(cs.retype(seL4_TCBObject, 0, 17).ok());
    auto *tcb = static_cast<kernel::Tcb *>(arch::phys_to_virt(cs.cap(17).paddr()));
    CHECK(all_zero(cs.cap(17).paddr(), sizeof(arch::UserContext)));
    CHECK(tcb->state == kernel::ThreadState::inactive);
    CHECK(tcb->ipc_buffer == 0);
    for (const Slot &s : tcb->slots) {
        CHECK(s.cap.is_null());
    }

    // Reuse: garbage written into an object is gone when the memory is retyped again.
    REQUIRE(cs.revoke(untyped_cptr).ok());
    REQUIRE(cs.retype(seL4_RISCV_4K_Page, 0, 10).ok());
    std::memset(bytes_at(cs.cap(10).paddr()), 0x5a, 4096);
    REQUIRE(cs.remove(10).ok());
    REQUIRE(cs.retype(seL4_CapTableObject, 7, 10).ok()); // 4 KiB of slots at the same place
    CHECK(cs.cap(10).paddr() == work_base);
    CHECK(all_zero(work_base, 4096));
}

TEST_CASE("untyped: device untypeds make only frames and untypeds, and are not zeroed",
          "[untyped]")
{
    CSpaceFixture cs;
    cs.add_untyped(10, spare_base, 16, true);
    std::memset(bytes_at(spare_base), 0x5a, 0x10000);

    for (std::uint64_t type : {seL4_TCBObject, seL4_EndpointObject, seL4_NotificationObject,
                               seL4_CapTableObject, seL4_SchedContextObject, seL4_ReplyObject,
                               seL4_RISCV_PageTableObject}) {
        INFO("type " << type);
        InvokeResult r = cs.retype(type, type == seL4_SchedContextObject ? 8 : 4, 20, 1, 10);
        CHECK(r.error() == seL4_InvalidArgument);
        CHECK(r.details() == Words{1});
    }
    // Not enough memory is reported before the device check.
    InvokeResult big = cs.retype(seL4_TCBObject, 0, 20, 64, 10);
    CHECK(big.error() == seL4_NotEnoughMemory);
    CHECK(big.details() == Words{0x10000});
    CHECK_FALSE(cdt::has_children(cs.slot(10)));

    REQUIRE(cs.retype(seL4_RISCV_4K_Page, 0, 20, 1, 10).ok());
    CHECK(cs.cap(20).is_device());
    CHECK(bytes_at(cs.cap(20).paddr())[0] == 0x5a); // device memory keeps its contents
    CHECK(bytes_at(cs.cap(20).paddr())[4095] == 0x5a);

    REQUIRE(cs.retype(seL4_UntypedObject, 12, 21, 1, 10).ok());
    CHECK(cs.cap(21).is_device());
    CHECK(cs.retype(seL4_EndpointObject, 0, 22, 1, 21).details() == Words{1});
    REQUIRE(cs.retype(seL4_RISCV_4K_Page, 0, 22, 1, 21).ok());
    CHECK(cs.cap(22).is_device());
}

TEST_CASE("untyped: Retype's checks come in seL4's order", "[untyped]")
{
    CSpaceFixture cs;
    REQUIRE(cs.retype(seL4_CapTableObject, 8, 10).ok());
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 11).ok());
    auto retype = [&](std::initializer_list<std::uint64_t> words) {
        return cs.invoke(UntypedRetype, untyped_cptr, words, {root_cptr});
    };
    using T = std::uint64_t;

    CHECK(cs.invoke(CNodeCopy, untyped_cptr, {0, 0, 0, 0, 20, 1}, {root_cptr}).error() ==
          seL4_IllegalOperation);
    CHECK(retype({seL4_EndpointObject, 0, 0, 0, 20}).error() == seL4_TruncatedMessage);
    CHECK(cs.invoke(UntypedRetype, untyped_cptr, {seL4_EndpointObject, 0, 0, 0, 20, 1}).error() ==
          seL4_TruncatedMessage);
    // type, then size, then too small, then destination, offset, count, window, occupancy,
    // memory.
    CHECK(retype({T{99}, 64, 0, 65, 300, 0}).details() == Words{0});
    CHECK(retype({seL4_UntypedObject, 39, 0, 65, 300, 0}).details() == Words{0, 38});
    InvokeResult too_small = retype({seL4_UntypedObject, 3, 0, 65, 300, 0});
    CHECK(too_small.error() == seL4_InvalidArgument);
    CHECK(too_small.details() == Words{1});
    InvokeResult bad_depth = retype({seL4_EndpointObject, 0, 10, 65, 300, 0});
    CHECK(bad_depth.error() == seL4_RangeError);
    CHECK(bad_depth.details() == Words{1, 64});
    CHECK(retype({seL4_EndpointObject, 0, 11, 64, 300, 0}).error() == seL4_FailedLookup);
    CHECK(retype({seL4_EndpointObject, 0, 10, 64, 300, 0}).details() == Words{0, 255});
    CHECK(retype({seL4_EndpointObject, 0, 10, 64, 0, 0}).details() == Words{1, 256});
    CHECK(retype({seL4_EndpointObject, 0, 0, 0, 250, 7}).details() == Words{1, 6});
    CHECK(retype({seL4_CapTableObject, 30, 0, 0, 11, 1}).error() == seL4_DeleteFirst);
    InvokeResult memory = retype({seL4_CapTableObject, 30, 0, 0, 20, 1});
    CHECK(memory.error() == seL4_NotEnoughMemory);
    CHECK(memory.details() == Words{(T{1} << work_bits) - 0x2000 - 16});
}

TEST_CASE("untyped: a copy of an untyped leaves the original full, so the two never hand out "
          "the same memory",
          "[untyped]")
{
    // seL4's cteInsert calls setUntypedCapAsFull: copying an untyped (possible only without
    // children) sets the source's free index to the end, so only the copy allocates.
    CSpaceFixture cs;
    REQUIRE(cs.copy(10, untyped_cptr).ok());
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 11, 1, 10).ok());
    CHECK(cs.cap(11).paddr() == work_base);

    InvokeResult original = cs.retype(seL4_EndpointObject, 0, 12, 1, untyped_cptr);
    CHECK(original.error() == seL4_NotEnoughMemory);
    CHECK(original.details() == Words{0});
    if (original.ok()) {
        CHECK(cs.cap(12).paddr() != cs.cap(11).paddr()); // two live endpoints in one place
    }

    // Once the copy and its objects are gone the original has no children and starts again.
    REQUIRE(cs.remove(12).ok());
    REQUIRE(cs.remove(11).ok());
    REQUIRE(cs.remove(10).ok());
    REQUIRE(cs.retype(seL4_EndpointObject, 0, 13, 1, untyped_cptr).ok());
    CHECK(cs.cap(13).paddr() == work_base);
}
