// A CSpace to test capabilities, CNodes and untyped memory through the kernel's real code: a
// thread whose root CNode (retyped from untyped memory) is addressed like seL4's initial one,
// an IPC buffer for long messages, an untyped to retype from, and invocations made the way the
// syscall path makes them (capabilities looked up from the thread's CSpace root).
#pragma once

#include <pthread.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <sel4/constants.h>
#include <sel4/errors.h>
#include <sel4/invocation.h>
#include <sel4/objecttype.h>

#include "arch.hpp"
#include "cspace.hpp"
#include "delete.hpp"
#include "invocation.hpp"
#include "slot.hpp"
#include "support/kernel_fixture.hpp"

// Failed checks print seL4's error names rather than numbers.
template <>
struct Catch::StringMaker<seL4_Error> {
    static std::string convert(seL4_Error error)
    {
        static const char *const names[] = {
            "seL4_NoError",       "seL4_InvalidArgument", "seL4_InvalidCapability", "seL4_IllegalOperation",
            "seL4_RangeError",    "seL4_AlignmentError",  "seL4_FailedLookup",      "seL4_TruncatedMessage",
            "seL4_DeleteFirst",   "seL4_RevokeFirst",     "seL4_NotEnoughMemory",   "(not invoked)",
        };
        return error <= seL4_NumErrors ? names[error] : std::to_string(static_cast<int>(error));
    }
};

namespace cspace_test {

// Simulated RAM used by these tests (the boot tests use 0x80100000-0x80200000).
inline constexpr std::uint64_t window_start = 0x80400000;
inline constexpr std::uint64_t window_end = 0x80c00000;

/// The untyped the tests retype from: 1 MiB, in root slot `untyped_cptr`.
inline constexpr std::uint64_t work_base = 0x80400000;
inline constexpr unsigned work_bits = 20;
/// The fixture's own untyped: the root CNode and the IPC buffer frame come from it.
inline constexpr std::uint64_t meta_base = 0x80500000;
inline constexpr unsigned meta_bits = 16;
/// A 4-slot CNode outside any untyped, holding the originals of the fixture's objects.
inline constexpr std::uint64_t boot_cnode_paddr = 0x80510000;
/// A frame outside any untyped: the IPC buffer while the fixture retypes the real one.
inline constexpr std::uint64_t scratch_frame_paddr = 0x80511000;
/// Free memory for tests: raw CNodes, a device untyped, a 4 MiB untyped.
inline constexpr std::uint64_t spare_base = 0x80600000;
inline constexpr std::uint64_t big_base = 0x80800000; // 2^22 bytes, naturally aligned

/// The root CNode: 2^8 slots and a 56-bit guard of 0, so cptr n names slot n at depth 64.
inline constexpr unsigned root_radix = 8;
inline constexpr unsigned root_guard_size = 64 - root_radix;
inline constexpr std::uint64_t root_slots = std::uint64_t{1} << root_radix;
/// Root slots the fixture fills (seL4's seL4_CapInitThreadCNode is 2).
inline constexpr std::uint64_t untyped_cptr = 1;
inline constexpr std::uint64_t root_cptr = 2;
/// The first root slot a test may use.
inline constexpr std::uint64_t first_free = 3;
/// The last root slot, kept empty: free_bytes() names it as its (never filled) destination.
inline constexpr std::uint64_t probe_slot = root_slots - 1;

inline constexpr std::uint64_t all_rights = 0xf;
inline constexpr std::uint64_t depth64 = 64;

/// seL4_CNode_CapData_new(guard, guard_size).
constexpr std::uint64_t cnode_data(std::uint64_t guard, unsigned guard_size)
{
    return guard << 6 | guard_size;
}

/// Clears the test window of simulated RAM.
inline void clear_window()
{
    std::memset(arch::phys_to_virt(window_start), 0, window_end - window_start);
}

/// The kernel-window view of physical memory at @p paddr.
inline std::uint8_t *bytes_at(std::uint64_t paddr)
{
    return static_cast<std::uint8_t *>(arch::phys_to_virt(paddr));
}

/// True when @p count bytes at @p paddr are all zero.
inline bool all_zero(std::uint64_t paddr, std::size_t count)
{
    const std::uint8_t *p = bytes_at(paddr);
    for (std::size_t i = 0; i < count; ++i) {
        if (p[i] != 0) {
            return false;
        }
    }
    return true;
}

/// A CNode capability for a CNode placed by hand (no untyped) at @p paddr in the test window.
inline kernel::Capability raw_cnode(std::uint64_t paddr, unsigned radix, std::uint64_t guard,
                                    unsigned guard_size)
{
    return kernel::Capability::cnode(paddr, radix, guard, guard_size);
}

/// Puts @p cap into slot @p index of the CNode @p node (a boot-time style capability).
inline kernel::Slot &place(const kernel::Capability &node, std::uint64_t index,
                           const kernel::Capability &cap)
{
    kernel::Slot &slot = kernel::cnode_slots(node.paddr())[index];
    kernel::cdt::insert_root(cap, slot);
    return slot;
}

/// How an invocation went: a capability that could not be looked up (a cap fault on the
/// syscall path), or the invocation's status and result words.
struct InvokeResult {
    std::optional<kernel::LookupFault> cap_fault;
    std::optional<kernel::InvocationStatus> status;
    std::uint64_t results[4] = {};
    unsigned result_count = 0;

    /// True when the invocation ran and succeeded.
    bool ok() const { return status.has_value() && status->is_ok(); }
    /// The error (seL4_NoError on success; seL4_NumErrors when it never ran).
    seL4_Error error() const
    {
        if (!status.has_value()) {
            return seL4_NumErrors;
        }
        return status->is_ok() ? seL4_NoError : status->error().type;
    }
    /// The error's detail words, as the reply's message registers carry them.
    std::vector<std::uint64_t> details() const
    {
        std::vector<std::uint64_t> words;
        if (status.has_value() && !status->is_ok()) {
            kernel::SyscallError e = status->error();
            words.assign(e.details, e.details + e.detail_count);
        }
        return words;
    }
};

/// The words of a lookup failure, as FailedLookup's MR1.. carry them.
inline std::vector<std::uint64_t> fault_words(const kernel::LookupFault &fault)
{
    std::vector<std::uint64_t> words;
    for (unsigned i = 0; i < fault.word_count(); ++i) {
        words.push_back(fault.word(i));
    }
    return words;
}

/// Runs @p body on a thread with a stack of only @p stack_bytes: kernel code that recursed per
/// level of a deep structure would overflow it.
template <typename Body>
void run_on_small_stack(Body body, std::size_t stack_bytes)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, stack_bytes);
    pthread_t worker;
    auto trampoline = [](void *arg) -> void * {
        (*static_cast<Body *>(arg))();
        return nullptr;
    };
    int created = pthread_create(&worker, &attr, trampoline, &body);
    pthread_attr_destroy(&attr);
    REQUIRE(created == 0);
    pthread_join(worker, nullptr);
}

/// A thread with a CSpace and an IPC buffer, and an untyped to make objects from.
class CSpaceFixture {
public:
    CSpaceFixture() : thread_("cspace-test", 10)
    {
        clear_window();
        kernel::Tcb &tcb = thread_.tcb();

        // Bootstrap: a scratch frame serves as IPC buffer while the fixture retypes its own
        // objects into a small CNode it holds outside the CSpace.
        kernel::cdt::insert_root(kernel::Capability::untyped(meta_base, meta_bits, false), meta_);
        kernel::cdt::insert_root(raw_cnode(boot_cnode_paddr, 2, 0, 0), boot_);
        kernel::Slot &ipc = tcb.slot(kernel::TcbSlot::ipc_buffer);
        kernel::cdt::insert_root(kernel::Capability::frame(scratch_frame_paddr, kernel::FrameSize::small,
                                                           kernel::Rights(all_rights), false),
                                 ipc);
        tcb.ipc_buffer = ipc_buffer_vaddr;
        tcb.update_ipc_buffer_pointer(); // as TCB_SetIPCBuffer does

        InvokeResult cnode = invoke_slot(meta_, UntypedRetype,
                                         {seL4_CapTableObject, root_radix, 0, 0, 0, 1}, {&boot_});
        REQUIRE(cnode.ok());
        InvokeResult frame = invoke_slot(meta_, UntypedRetype, {seL4_RISCV_4K_Page, 0, 0, 0, 1, 1},
                                         {&boot_});
        REQUIRE(frame.ok());
        kernel::Slot *boot = kernel::cnode_slots(boot_cnode_paddr);
        root_paddr_ = boot[0].cap.paddr();
        REQUIRE(root_paddr_ == meta_base);

        // The real IPC buffer replaces the scratch one (TCB_SetIPCBuffer's effect).
        kernel::cdt::remove(ipc);
        kernel::cdt::insert(boot[1].cap, boot[1], ipc);
        tcb.update_ipc_buffer_pointer();

        // The CSpace root, guarded like seL4's initial root CNode (TCB_SetSpace's effect with
        // guard data), and a copy of it in slot 2 so invocations can name it.
        kernel::Capability root = raw_cnode(root_paddr_, root_radix, 0, root_guard_size);
        kernel::cdt::insert(root, boot[0], tcb.slot(kernel::TcbSlot::cspace_root));
        kernel::cdt::insert(root, boot[0], slot(root_cptr));

        // The untyped to work with, as a copy of an original the fixture keeps (so teardown
        // reaches everything made from it wherever its capabilities went).
        add_untyped(untyped_cptr, work_base, work_bits, false);
    }

    ~CSpaceFixture()
    {
        arch::host::interrupt_pending = false; // teardown is never preempted
        for (unsigned i = extra_count_; i-- > 0;) {
            revoke_all(originals_[i]);
            kernel::delete_capability_now(originals_[i]);
        }
        revoke_all(meta_);
        kernel::delete_capability_now(meta_);
        kernel::delete_capability_now(boot_);
        for (kernel::Slot &s : thread_.tcb().slots) {
            kernel::delete_capability_now(s);
        }
    }

    static void revoke_all(kernel::Slot &slot)
    {
        while (kernel::revoke_capability(slot) == kernel::Progress::preempted) {
        }
    }

    CSpaceFixture(const CSpaceFixture &) = delete;
    CSpaceFixture &operator=(const CSpaceFixture &) = delete;

    /// The thread whose CSpace this is.
    kernel::Tcb &tcb() { return thread_.tcb(); }
    /// Physical address of the root CNode.
    std::uint64_t root_paddr() const { return root_paddr_; }
    /// The root CNode capability as the thread holds it.
    const kernel::Capability &root_cap() { return tcb().cspace_root(); }
    /// Slot @p index of the root CNode (named by cptr @p index at depth 64).
    kernel::Slot &slot(std::uint64_t index) { return kernel::cnode_slots(root_paddr_)[index]; }
    /// The capability in root slot @p index.
    const kernel::Capability &cap(std::uint64_t index) { return slot(index).cap; }
    /// The thread's IPC buffer.
    seL4_IPCBuffer &ipc_buffer() { return *tcb().ipc_buffer_pointer(); }

    /// Puts an untyped of 2^@p bits bytes at @p paddr in root slot @p index (as a copy of an
    /// original the fixture keeps and revokes at the end).
    void add_untyped(std::uint64_t index, std::uint64_t paddr, unsigned bits, bool device)
    {
        REQUIRE(extra_count_ < max_untypeds);
        kernel::Slot &original = originals_[extra_count_++];
        kernel::cdt::insert_root(kernel::Capability::untyped(paddr, bits, device), original);
        kernel::cdt::insert(original.cap, original, slot(index));
    }

    /// Writes @p words as the thread's message: registers for the first four, the IPC buffer
    /// beyond; everything past them is cleared.
    void set_message(std::initializer_list<std::uint64_t> words)
    {
        kernel::Tcb &t = tcb();
        for (arch::Register r : arch::message_registers) {
            t.context.set(r, 0);
        }
        seL4_IPCBuffer *buffer = t.ipc_buffer_pointer();
        std::memset(buffer->msg, 0, sizeof buffer->msg);
        unsigned i = 0;
        for (std::uint64_t word : words) {
            if (i < 4) {
                t.context.set(arch::message_registers[i], word);
            } else {
                buffer->msg[i] = word;
            }
            ++i;
        }
    }

    /// Invokes the capability at @p cptr with method @p label, message @p words and the extra
    /// capabilities at @p extra_cptrs, looked up as the syscall path looks them up.
    InvokeResult invoke(std::uint64_t label, std::uint64_t cptr, std::initializer_list<std::uint64_t> words,
                        std::initializer_list<std::uint64_t> extra_cptrs = {})
    {
        InvokeResult result;
        auto found = kernel::lookup_slot(tcb().cspace_root(), cptr);
        if (!found.is_ok()) {
            result.cap_fault = found.error();
            return result;
        }
        std::vector<kernel::Slot *> extras;
        for (std::uint64_t extra : extra_cptrs) {
            auto extra_found = kernel::lookup_slot(tcb().cspace_root(), extra);
            if (!extra_found.is_ok()) {
                result.cap_fault = extra_found.error();
                return result;
            }
            extras.push_back(extra_found.value());
        }
        return invoke_slots(*found.value(), label, words, extras, cptr);
    }

    /// Invokes the capability in @p slot directly (for slots a depth-64 cptr cannot reach).
    InvokeResult invoke_slot(kernel::Slot &slot, std::uint64_t label,
                             std::initializer_list<std::uint64_t> words,
                             std::initializer_list<kernel::Slot *> extras = {})
    {
        return invoke_slots(slot, label, words, std::vector<kernel::Slot *>(extras), 0);
    }

    // CNode methods on the root CNode, every slot named at depth 64.

    InvokeResult copy(std::uint64_t dest, std::uint64_t src, std::uint64_t rights = all_rights)
    {
        return invoke(CNodeCopy, root_cptr, {dest, depth64, src, depth64, rights}, {root_cptr});
    }
    InvokeResult mint(std::uint64_t dest, std::uint64_t src, std::uint64_t rights, std::uint64_t data)
    {
        return invoke(CNodeMint, root_cptr, {dest, depth64, src, depth64, rights, data}, {root_cptr});
    }
    InvokeResult move(std::uint64_t dest, std::uint64_t src)
    {
        return invoke(CNodeMove, root_cptr, {dest, depth64, src, depth64}, {root_cptr});
    }
    InvokeResult mutate(std::uint64_t dest, std::uint64_t src, std::uint64_t data)
    {
        return invoke(CNodeMutate, root_cptr, {dest, depth64, src, depth64, data}, {root_cptr});
    }
    /// Rotate: pivot -> dest (with @p dest_data), src -> pivot (with @p pivot_data).
    InvokeResult rotate(std::uint64_t dest, std::uint64_t dest_data, std::uint64_t pivot,
                        std::uint64_t pivot_data, std::uint64_t src)
    {
        return invoke(CNodeRotate, root_cptr,
                      {dest, depth64, dest_data, pivot, depth64, pivot_data, src, depth64},
                      {root_cptr, root_cptr});
    }
    InvokeResult remove(std::uint64_t index)
    {
        return invoke(CNodeDelete, root_cptr, {index, depth64});
    }
    InvokeResult revoke(std::uint64_t index)
    {
        return invoke(CNodeRevoke, root_cptr, {index, depth64});
    }
    InvokeResult cancel_badged_sends(std::uint64_t index)
    {
        return invoke(CNodeCancelBadgedSends, root_cptr, {index, depth64});
    }

    /// Untyped_Retype of the untyped at @p untyped into root slots offset.. (node depth 0).
    InvokeResult retype(std::uint64_t type, std::uint64_t size_bits, std::uint64_t offset,
                        std::uint64_t count = 1, std::uint64_t untyped = untyped_cptr)
    {
        return invoke(UntypedRetype, untyped, {type, size_bits, 0, 0, offset, count}, {root_cptr});
    }
    /// Untyped_Retype into the CNode whose capability is in root slot @p node_index.
    InvokeResult retype_into(std::uint64_t node_index, std::uint64_t type, std::uint64_t size_bits,
                             std::uint64_t offset, std::uint64_t count = 1,
                             std::uint64_t untyped = untyped_cptr)
    {
        return invoke(UntypedRetype, untyped, {type, size_bits, node_index, depth64, offset, count},
                      {root_cptr});
    }

    /// Bytes still free in the untyped at @p untyped, as NotEnoughMemory reports them (probed
    /// by asking for an object larger than any untyped here; nothing is created).
    std::uint64_t free_bytes(std::uint64_t untyped = untyped_cptr)
    {
        InvokeResult probe = retype(seL4_UntypedObject, 23, probe_slot, 1, untyped);
        REQUIRE(probe.error() == seL4_NotEnoughMemory);
        return probe.details().at(0);
    }

private:
    static constexpr unsigned max_untypeds = 4;
    static constexpr std::uint64_t ipc_buffer_vaddr = 0x20000400; // offset 0x400 in its frame

    InvokeResult invoke_slots(kernel::Slot &slot, std::uint64_t label,
                              std::initializer_list<std::uint64_t> words,
                              const std::vector<kernel::Slot *> &extras, std::uint64_t cptr)
    {
        set_message(words);
        kernel::Invocation inv{tcb(), slot, cptr, label, static_cast<unsigned>(words.size())};
        for (kernel::Slot *extra : extras) {
            inv.extra_caps[inv.extra_count++] = extra;
        }
        InvokeResult result;
        result.status = kernel::perform_invocation(inv);
        result.result_count = inv.result_count;
        for (unsigned i = 0; i < inv.result_count; ++i) {
            result.results[i] = inv.results[i];
        }
        return result;
    }

    TestThread thread_;
    kernel::Slot meta_;
    kernel::Slot boot_;
    kernel::Slot originals_[max_untypeds];
    unsigned extra_count_ = 0;
    std::uint64_t root_paddr_ = 0;
};

} // namespace cspace_test
