/// @file
/// Kernel object types for Untyped_Retype, numbered as in seL4 15.0.0 MCS on riscv64 Sv39.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/// Object types. seL4 splits these into three enums (generic, "mode", arch); here they are one,
/// so C++ code can store any of them in a seL4_ObjectType. The counts keep seL4's values.
typedef enum api_object {
    seL4_UntypedObject = 0,          ///< Untyped memory of 2^size_bits bytes.
    seL4_TCBObject = 1,              ///< Thread control block.
    seL4_EndpointObject = 2,         ///< Endpoint.
    seL4_NotificationObject = 3,     ///< Notification.
    seL4_CapTableObject = 4,         ///< CNode of 2^size_bits slots.
    seL4_SchedContextObject = 5,     ///< Scheduling context of 2^size_bits bytes.
    seL4_ReplyObject = 6,            ///< Reply object.
    seL4_NonArchObjectTypeCount = 7, ///< Number of generic types; the next type has this number.
    seL4_RISCV_Giga_Page = 7,        ///< 1 GiB frame.
    seL4_ModeObjectTypeCount = 8,    ///< End of the riscv64 ("mode") types.
    seL4_RISCV_4K_Page = 8,          ///< 4 KiB frame.
    seL4_RISCV_Mega_Page = 9,        ///< 2 MiB frame.
    seL4_RISCV_PageTableObject = 10, ///< Page table; a top-level one is a VSpace root.
    seL4_ObjectTypeCount = 11        ///< Number of object types.
} seL4_ObjectType;

typedef seL4_ObjectType seL4_ModeObjectType; ///< seL4's name for the enum holding seL4_RISCV_Giga_Page.
typedef seL4_ObjectType seL4_ArchObjectType; ///< seL4's name for the enum holding the other RISC-V types.

/// 512 GiB frames exist only under Sv48; under Sv39 the name is an invalid type.
#define seL4_RISCV_Tera_Page 0xffffffff

#ifdef __cplusplus
}
#endif
