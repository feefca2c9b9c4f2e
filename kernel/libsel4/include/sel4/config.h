/// @file
/// The seL4 configuration that Quokka's ABI is pinned to, under seL4's own `CONFIG_` names.
///
/// Quokka implements one configuration only: seL4 15.0.0, MCS, riscv64, Sv39, one core, with FPU.
/// Programs written for seL4 often test these names (`#ifdef CONFIG_KERNEL_MCS`), so they are
/// defined here. The debug options (`CONFIG_DEBUG_BUILD`, `CONFIG_PRINTING`) are left undefined:
/// they belong to a kernel build, not to the ABI, and the debug stubs are always declared.
#pragma once

#define CONFIG_KERNEL_MCS 1                      ///< Mixed-criticality (MCS) kernel API.
#define CONFIG_ARCH_RISCV 1                      ///< RISC-V architecture.
#define CONFIG_ARCH_RISCV64 1                    ///< 64-bit RISC-V.
#define CONFIG_WORD_SIZE 64                      ///< Bits in a machine word.
#define CONFIG_PT_LEVELS 3                       ///< Page-table levels: 3 is Sv39.
#define CONFIG_HAVE_FPU 1                        ///< The FPU exists, so a TCB is 2^11 bytes.
#define CONFIG_MAX_NUM_NODES 1                   ///< Single core.
#define CONFIG_NUM_PRIORITIES 256                ///< Priorities 0..255.
#define CONFIG_RETYPE_FAN_OUT_LIMIT 256          ///< Most objects one Untyped_Retype may create.
#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS 230 ///< Entries in seL4_BootInfo::untypedList.
