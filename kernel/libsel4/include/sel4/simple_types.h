/// @file
/// Fixed-width integer types, the machine word and the capability-pointer types of the seL4 ABI.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

typedef signed char seL4_Int8;          ///< Signed 8-bit integer.
typedef unsigned char seL4_Uint8;       ///< Unsigned 8-bit integer.
typedef signed short seL4_Int16;        ///< Signed 16-bit integer.
typedef unsigned short seL4_Uint16;     ///< Unsigned 16-bit integer.
typedef signed int seL4_Int32;          ///< Signed 32-bit integer.
typedef unsigned int seL4_Uint32;       ///< Unsigned 32-bit integer.
typedef signed long seL4_Int64;         ///< Signed 64-bit integer (LP64: `long` is 64 bits).
typedef unsigned long seL4_Uint64;      ///< Unsigned 64-bit integer.

typedef seL4_Int8 seL4_Bool;            ///< Boolean: seL4_False or seL4_True.
#define seL4_False 0                    ///< The false seL4_Bool.
#define seL4_True 1                     ///< The true seL4_Bool.

typedef seL4_Uint64 seL4_Word;          ///< A machine word: every register and message register.
typedef seL4_Word seL4_CPtr;            ///< A capability pointer: an address in a CSpace.
typedef seL4_Word seL4_NodeId;          ///< Index of a core (always 0 here).
typedef seL4_Word seL4_PAddr;           ///< A physical address.
typedef seL4_Word seL4_Domain;          ///< A scheduling-domain number.
typedef seL4_Uint64 seL4_Time;          ///< A time in microseconds (MCS budgets and periods).

/// @name Capability pointers named by the object they refer to (documentation only: all are seL4_CPtr).
/// @{
typedef seL4_CPtr seL4_CNode;           ///< Cap to a CNode.
typedef seL4_CPtr seL4_IRQHandler;      ///< Cap to an IRQ handler.
typedef seL4_CPtr seL4_IRQControl;      ///< The IRQ-control cap.
typedef seL4_CPtr seL4_TCB;             ///< Cap to a thread control block.
typedef seL4_CPtr seL4_Untyped;         ///< Cap to untyped memory.
typedef seL4_CPtr seL4_DomainSet;       ///< The domain-control cap.
typedef seL4_CPtr seL4_SchedContext;    ///< Cap to a scheduling context.
typedef seL4_CPtr seL4_SchedControl;    ///< Cap to a core's scheduling control.
typedef seL4_CPtr seL4_RISCV_Page;      ///< Cap to a frame (4 KiB, 2 MiB or 1 GiB).
typedef seL4_CPtr seL4_RISCV_PageTable; ///< Cap to a page table (also a VSpace root).
typedef seL4_CPtr seL4_RISCV_ASIDControl; ///< The ASID-control cap.
typedef seL4_CPtr seL4_RISCV_ASIDPool;  ///< Cap to an ASID pool.
/// @}

#ifdef __cplusplus
}
#endif

#ifdef __cplusplus
/// The null pointer, as libsel4 spells it.
#define seL4_Null nullptr
#else
/// The null pointer, as libsel4 spells it.
#define seL4_Null ((void *)0)
#endif

/// printf length modifier and conversion for a seL4_Word in decimal (signed view).
#define SEL4_PRId_word "ld"
/// printf conversion for a seL4_Word in decimal.
#define SEL4_PRIu_word "lu"
/// printf conversion for a seL4_Word in hexadecimal.
#define SEL4_PRIx_word "lx"
