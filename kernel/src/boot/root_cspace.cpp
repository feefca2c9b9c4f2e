// The root task's initial capabilities (reference §7): seL4's fixed slots first, then the
// image's page tables and frames, the extra bootinfo frame, SchedControl, and the untypeds;
// the rest of the CNode is `empty`.
#include "root_cspace.hpp"

#include <sel4/bootinfo_types.h>
#include <sel4/constants.h>

#include "arch.hpp"
#include "boot_memory.hpp"
#include "console.hpp"
#include "cspace.hpp"
#include "slot.hpp"
#include "vspace.hpp"

namespace kernel::boot {
namespace {

// seL4 gives the root task's address space ASID 1 (ASID 0 is never used).
constexpr std::uint64_t root_asid = 1;

class RootCNodeFiller final {
public:
    RootCNodeFiller(std::uint64_t cnode_paddr, seL4_BootInfo &bootinfo)
        : slots_(cnode_slots(cnode_paddr)), bootinfo_(bootinfo)
    {
    }

    void put(seL4_Word index, const Capability &cap) { cdt::insert_root(cap, slots_[index]); }
    Slot &slot(seL4_Word index) { return slots_[index]; }
    seL4_SlotPos next() const { return next_; }

    // Appends a capability after the fixed slots; false when the CNode is full.
    bool append(const Capability &cap)
    {
        if (next_ >= (seL4_SlotPos{1} << root_cnode_radix)) {
            return false;
        }
        put(next_++, cap);
        return true;
    }

    seL4_SlotRegion region_since(seL4_SlotPos start) const { return {start, next_}; }

    // An untyped capability and its bootinfo descriptor.
    void add_untyped(std::uint64_t paddr, unsigned size_bits, bool device)
    {
        std::uint64_t index = next_ - bootinfo_.untyped.start;
        if (index >= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS ||
            !append(Capability::untyped(paddr, size_bits, device))) {
            print("boot: no room for the untyped at 0x%lx (2^%u bytes); it is left out\n", paddr,
                  size_bits);
            return;
        }
        seL4_UntypedDesc &desc = bootinfo_.untypedList[index];
        desc.paddr = paddr;
        desc.sizeBits = static_cast<seL4_Uint8>(size_bits);
        desc.isDevice = device ? 1 : 0;
    }

private:
    Slot *slots_;
    seL4_BootInfo &bootinfo_;
    seL4_SlotPos next_ = seL4_NumInitialCaps;
};

Capability mapped_frame(std::uint64_t paddr, std::uint64_t vaddr, Rights rights)
{
    Capability cap = Capability::frame(paddr, FrameSize::small, rights, false);
    cap.set_mapping(Capability::mapping_word(root_asid, vaddr));
    return cap;
}

void put_fixed_caps(RootCNodeFiller &cnode, const RootTask &task, std::uint64_t cnode_paddr,
                    std::uint64_t asid_pool)
{
    const RootTaskLayout &layout = task.layout;
    Rights read_write(Rights::read | Rights::write);
    Capability vspace = Capability::page_table(task.vspace_root);
    vspace.set_mapping(Capability::mapping_word(root_asid, 0, true));
    register_root_asid_pool(asid_pool, root_asid, task.vspace_root);
    cnode.put(seL4_CapInitThreadTCB, Capability::thread(arch::virt_to_phys(task.thread)));
    cnode.put(seL4_CapInitThreadCNode, Capability::cnode(cnode_paddr, root_cnode_radix, 0,
                                                         seL4_WordBits - root_cnode_radix));
    cnode.put(seL4_CapInitThreadVSpace, vspace);
    cnode.put(seL4_CapIRQControl, Capability::of_type(CapType::irq_control));
    cnode.put(seL4_CapASIDControl, Capability::of_type(CapType::asid_control));
    cnode.put(seL4_CapInitThreadASIDPool, Capability::asid_pool(asid_pool, 0));
    cnode.put(seL4_CapBootInfoFrame,
              mapped_frame(arch::lookup_user_page(task.vspace_root, layout.bootinfo), layout.bootinfo,
                           read_write));
    cnode.put(seL4_CapInitThreadIPCBuffer,
              mapped_frame(arch::lookup_user_page(task.vspace_root, layout.ipc_buffer),
                           layout.ipc_buffer, read_write));
    cnode.put(seL4_CapDomain, Capability::of_type(CapType::domain));
    cnode.put(seL4_CapInitThreadSC,
              Capability::sched_context(task.sched_context, seL4_MinSchedContextBits));
}

// The thread holds copies of its CSpace root, VSpace root and IPC buffer frame capabilities.
void give_thread_its_caps(RootCNodeFiller &cnode, Tcb &thread)
{
    cdt::insert(cnode.slot(seL4_CapInitThreadCNode).cap, cnode.slot(seL4_CapInitThreadCNode),
                thread.slot(TcbSlot::cspace_root));
    cdt::insert(cnode.slot(seL4_CapInitThreadVSpace).cap, cnode.slot(seL4_CapInitThreadVSpace),
                thread.slot(TcbSlot::vspace_root));
    Capability buffer = cnode.slot(seL4_CapInitThreadIPCBuffer).cap;
    buffer.set_mapping(0);
    cdt::insert(buffer, cnode.slot(seL4_CapInitThreadIPCBuffer), thread.slot(TcbSlot::ipc_buffer));
    thread.update_ipc_buffer_pointer();
}

void put_image_caps(RootCNodeFiller &cnode, const RootTask &task, seL4_BootInfo &bootinfo)
{
    seL4_SlotPos start = cnode.next();
    for (unsigned i = 0; i < task.page_table_count; ++i) {
        Capability table = Capability::page_table(task.page_tables[i]);
        table.set_mapping(Capability::mapping_word(root_asid, 0));
        cnode.append(table);
    }
    bootinfo.userImagePaging = cnode.region_since(start);

    start = cnode.next();
    Rights all(Rights::all);
    for (std::uint64_t page = task.layout.image_start; page < task.layout.image_end;
         page += arch::page_bytes) {
        if (std::uint64_t frame = arch::lookup_user_page(task.vspace_root, page)) {
            cnode.append(mapped_frame(frame, page, all));
        }
    }
    bootinfo.userImageFrames = cnode.region_since(start);

    start = cnode.next();
    cnode.append(mapped_frame(arch::lookup_user_page(task.vspace_root, task.layout.extra_bootinfo),
                              task.layout.extra_bootinfo, Rights(Rights::read | Rights::write)));
    bootinfo.extraBIPages = cnode.region_since(start);

    start = cnode.next();
    cnode.append(Capability::of_type(CapType::sched_control));
    bootinfo.schedcontrol = cnode.region_since(start);
}


// Device memory: the physical address space below RAM (where virt puts its MMIO) except the
// devices the kernel drives itself, the PLIC and the test finisher, as seL4 leaves out its own.
void put_device_untypeds(RootCNodeFiller &cnode, const fdt::Platform &platform)
{
    fdt::Region kernel_devices[] = {platform.plic, platform.test_device};
    if (kernel_devices[0].base > kernel_devices[1].base) {
        fdt::Region first = kernel_devices[1];
        kernel_devices[1] = kernel_devices[0];
        kernel_devices[0] = first;
    }
    std::uint64_t start = 0;
    auto add = [&](std::uint64_t base, unsigned bits) { cnode.add_untyped(base, bits, true); };
    for (const fdt::Region &reserved : kernel_devices) {
        if (reserved.size == 0) {
            continue;
        }
        for_each_aligned_block(start, arch::page_down(reserved.base), seL4_PageBits, seL4_MaxUntypedBits, add);
        start = arch::page_up(reserved.base + reserved.size);
    }
    for_each_aligned_block(start, platform.memory.base, seL4_PageBits, seL4_MaxUntypedBits, add);
}

// Free RAM after boot in largest aligned blocks, then device memory.
void put_untypeds(RootCNodeFiller &cnode, const fdt::Platform &platform, seL4_BootInfo &bootinfo)
{
    bootinfo.untyped.start = cnode.next();
    std::uint64_t ram_end = platform.memory.base + platform.memory.size;
    for_each_aligned_block(boot_memory().next_free(), ram_end, seL4_MinUntypedBits,
                           seL4_MaxUntypedBits, [&](std::uint64_t base, unsigned bits) {
                               cnode.add_untyped(base, bits, false);
                           });
    put_device_untypeds(cnode, platform);
    bootinfo.untyped.end = cnode.next();
}

} // namespace

std::uint64_t allocate_root_cnode()
{
    return boot_memory().allocate_aligned(std::uint64_t{1} << (root_cnode_radix + seL4_SlotBits));
}

void create_root_cspace(RootTask &task, std::uint64_t cnode_paddr, const fdt::Platform &platform)
{
    auto *bootinfo = static_cast<seL4_BootInfo *>(
        arch::phys_to_virt(arch::lookup_user_page(task.vspace_root, task.layout.bootinfo)));
    std::uint64_t asid_pool = boot_memory().allocate_page();
    RootCNodeFiller cnode(cnode_paddr, *bootinfo);
    put_fixed_caps(cnode, task, cnode_paddr, asid_pool);
    give_thread_its_caps(cnode, *task.thread);
    put_image_caps(cnode, task, *bootinfo);
    put_untypeds(cnode, platform, *bootinfo);
    bootinfo->initThreadCNodeSizeBits = root_cnode_radix;
    bootinfo->empty = {cnode.next(), seL4_SlotPos{1} << root_cnode_radix};
    debug_print("boot: root CNode 2^%u slots, %lu untypeds, first empty slot %lu\n",
                root_cnode_radix, bootinfo->untyped.end - bootinfo->untyped.start, cnode.next());
}

} // namespace kernel::boot
