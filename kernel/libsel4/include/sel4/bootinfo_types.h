/// @file
/// What the kernel tells the root task at boot: initial cap slots, seL4_BootInfo and its extra chunks.
#pragma once

#include <sel4/config.h>
#include <sel4/macros.h>
#include <sel4/shared_types.h>
#include <sel4/simple_types.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Slots of the root task's CNode that hold fixed capabilities (seL4 13.0+ numbering).
enum seL4_RootCNodeCapSlots {
    seL4_CapNull = 0,                ///< Always empty.
    seL4_CapInitThreadTCB = 1,       ///< The root task's TCB.
    seL4_CapInitThreadCNode = 2,     ///< The root task's CNode (this CNode).
    seL4_CapInitThreadVSpace = 3,    ///< The root task's top-level page table.
    seL4_CapIRQControl = 4,          ///< IRQ control.
    seL4_CapASIDControl = 5,         ///< ASID control.
    seL4_CapInitThreadASIDPool = 6,  ///< The ASID pool of the root task's VSpace.
    seL4_CapIOPortControl = 7,       ///< x86 only: empty.
    seL4_CapIOSpace = 8,             ///< IOMMU only: empty.
    seL4_CapBootInfoFrame = 9,       ///< The frame holding seL4_BootInfo.
    seL4_CapInitThreadIPCBuffer = 10, ///< The root task's IPC buffer frame.
    seL4_CapDomain = 11,             ///< Domain control.
    seL4_CapSMMUSIDControl = 12,     ///< Arm SMMU only: empty.
    seL4_CapSMMUCBControl = 13,      ///< Arm SMMU only: empty.
    seL4_CapInitThreadSC = 14,       ///< The root task's scheduling context (MCS).
    seL4_CapSMC = 15,                ///< Arm SMC only: empty.
    seL4_NumInitialCaps = 16         ///< First slot after the fixed ones.
};

/// Older name of seL4_CapInitThreadVSpace, from when the VSpace root was a page directory.
#define seL4_CapInitThreadPD seL4_CapInitThreadVSpace

typedef seL4_Word seL4_SlotPos; ///< A slot index in the root CNode.

/// A range of root-CNode slots: start..end-1.
typedef struct seL4_SlotRegion {
    seL4_SlotPos start; ///< First slot of the region.
    seL4_SlotPos end;   ///< First slot after the region.
} seL4_SlotRegion;

/// Describes one untyped capability given to the root task.
typedef struct seL4_UntypedDesc {
    seL4_Word paddr;      ///< Physical address of the memory.
    seL4_Uint8 sizeBits;  ///< Its size is 2^sizeBits bytes.
    seL4_Uint8 isDevice;  ///< 1 for device memory (frames and untypeds only, never zeroed).
    seL4_Uint8 padding[sizeof(seL4_Word) - 2 * sizeof(seL4_Uint8)]; ///< Unused.
} seL4_UntypedDesc;

/// Boot information, at the address the root task receives in a0 (MCS layout, byte offsets beside fields).
typedef struct seL4_BootInfo {
    seL4_Word extraLen;              ///< 0: bytes of extra chunks that start 4 KiB after this struct.
    seL4_NodeId nodeID;              ///< 8: this core (0).
    seL4_Word numNodes;              ///< 16: number of cores (1).
    seL4_Word numIOPTLevels;         ///< 24: IOMMU page-table levels (0).
    seL4_IPCBuffer *ipcBuffer;       ///< 32: the root task's IPC buffer.
    seL4_SlotRegion empty;           ///< 40: empty slots.
    seL4_SlotRegion sharedFrames;    ///< 56: frames shared between cores (none).
    seL4_SlotRegion userImageFrames; ///< 72: frames of the root task's image.
    seL4_SlotRegion userImagePaging; ///< 88: page tables of the root task's image.
    seL4_SlotRegion ioSpaceCaps;     ///< 104: IOSpace caps (none).
    seL4_SlotRegion extraBIPages;    ///< 120: frames holding the extra chunks.
    seL4_Word initThreadCNodeSizeBits; ///< 136: the root CNode has 2^this slots.
    seL4_Domain initThreadDomain;    ///< 144: the root task's domain.
    seL4_SlotRegion schedcontrol;    ///< 152: scheduling-control caps, one per core (MCS).
    seL4_SlotRegion untyped;         ///< 168: untyped caps; untypedList[i] describes slot untyped.start + i.
    seL4_UntypedDesc untypedList[CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS]; ///< 184: the untypeds.
} seL4_BootInfo;

/// Identifiers of the extra chunks that follow seL4_BootInfo.
typedef enum {
    SEL4_BOOTINFO_HEADER_PADDING = 0,         ///< Padding: skip.
    SEL4_BOOTINFO_HEADER_X86_VBE = 1,         ///< x86 only.
    SEL4_BOOTINFO_HEADER_X86_MBMMAP = 2,      ///< x86 only.
    SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP = 3,   ///< x86 only.
    SEL4_BOOTINFO_HEADER_X86_FRAMEBUFFER = 4, ///< x86 only.
    SEL4_BOOTINFO_HEADER_X86_TSC_FREQ = 5,    ///< x86 only.
    SEL4_BOOTINFO_HEADER_FDT = 6,             ///< The flattened device tree.
    SEL4_BOOTINFO_HEADER_NUM = 7,             ///< Number of seL4's identifiers.
    /// Quokka's own chunk, not in seL4: boot statistics (a seL4_QuokkaBootStats). The number is
    /// far from seL4's so that ids seL4 adds later cannot clash with it.
    SEL4_BOOTINFO_HEADER_QUOKKA_BOOT_STATS = 0x5100
} seL4_BootInfoID;

/// Header of an extra bootinfo chunk.
typedef struct seL4_BootInfoHeader {
    seL4_Word id;  ///< A seL4_BootInfoID.
    seL4_Word len; ///< Bytes in the chunk, this header included.
} seL4_BootInfoHeader;

/// Quokka's boot-statistics chunk (not in seL4), the first extra chunk, 4 KiB after seL4_BootInfo.
typedef struct seL4_QuokkaBootStats {
    seL4_BootInfoHeader header; ///< id SEL4_BOOTINFO_HEADER_QUOKKA_BOOT_STATS, len sizeof(seL4_QuokkaBootStats).
    seL4_Word entry_instret;    ///< `instret` at the kernel's first instruction, for boot benchmarks.
    seL4_Word config;           ///< How the kernel was built: seL4_QuokkaConfig bits.
} seL4_QuokkaBootStats;

/// Bits of seL4_QuokkaBootStats.config.
typedef enum seL4_QuokkaConfig {
    seL4_QuokkaConfig_Debug = 1 << 0,    ///< The debug kernel (diagnostics printed).
    seL4_QuokkaConfig_Fastpath = 1 << 1, ///< The IPC fastpath is built in.
} seL4_QuokkaConfig;

/// @cond
SEL4_STATIC_ASSERT(sizeof(seL4_SlotRegion) == 16, "slot region is two words");
SEL4_STATIC_ASSERT(sizeof(seL4_UntypedDesc) == 16, "untyped descriptor is 16 bytes");
SEL4_STATIC_ASSERT(sizeof(seL4_BootInfoHeader) == 16, "bootinfo header is two words");
SEL4_STATIC_ASSERT(sizeof(seL4_QuokkaBootStats) == 32, "boot statistics are four words");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_UntypedDesc, sizeBits) == 8, "untyped sizeBits offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_UntypedDesc, isDevice) == 9, "untyped isDevice offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, extraLen) == 0, "bootinfo extraLen offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, nodeID) == 8, "bootinfo nodeID offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, numNodes) == 16, "bootinfo numNodes offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, numIOPTLevels) == 24, "bootinfo numIOPTLevels offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, ipcBuffer) == 32, "bootinfo ipcBuffer offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, empty) == 40, "bootinfo empty offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, sharedFrames) == 56, "bootinfo sharedFrames offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, userImageFrames) == 72, "bootinfo userImageFrames offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, userImagePaging) == 88, "bootinfo userImagePaging offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, ioSpaceCaps) == 104, "bootinfo ioSpaceCaps offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, extraBIPages) == 120, "bootinfo extraBIPages offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, initThreadCNodeSizeBits) == 136, "bootinfo CNode size offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, initThreadDomain) == 144, "bootinfo initThreadDomain offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, schedcontrol) == 152, "bootinfo schedcontrol offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, untyped) == 168, "bootinfo untyped offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_BootInfo, untypedList) == 184, "bootinfo untypedList offset");
SEL4_STATIC_ASSERT(sizeof(seL4_BootInfo) <= seL4_BootInfoFrameSize, "bootinfo fits in its 4 KiB frame");
/// @endcond

#ifdef __cplusplus
}
#endif
