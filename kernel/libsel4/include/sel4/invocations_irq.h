/// @file
/// Client stubs for interrupts at user level: IRQControl hands out IRQ handler capabilities; a
/// handler delivers its interrupt to a notification and is acknowledged after each one.
#pragma once

#include <sel4/invocations.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Creates the handler capability for an interrupt.
/// @param _service The IRQControl cap (seL4_CapIRQControl).
/// @param irq The interrupt number (a PLIC source, 1..the number of sources).
/// @param root CNode in which index is looked up.
/// @param index Slot for the new handler cap.
/// @param depth Bits of index to resolve.
/// @return seL4_NoError, or RangeError for no such interrupt, RevokeFirst when it has a handler.
LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQControl_Get(seL4_IRQControl _service, seL4_Word irq, seL4_CNode root,
                                                   seL4_Word index, seL4_Uint8 depth)
{
    seL4_SetCap(0, root);
    return quokka_invoke(_service, seL4_MessageInfo_new(IRQIssueIRQHandler, 0, 1, 3), irq, index, depth, 0);
}

/// As seL4_IRQControl_Get, with a trigger mode (the RISC-V PLIC has none; the value is ignored).
/// @param _service The IRQControl cap.
/// @param irq The interrupt number.
/// @param trigger Level (0) or edge (1).
/// @param root CNode in which index is looked up.
/// @param index Slot for the new handler cap.
/// @param depth Bits of index to resolve.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQControl_GetTrigger(seL4_IRQControl _service, seL4_Word irq, seL4_Word trigger,
                                                          seL4_CNode root, seL4_Word index, seL4_Uint8 depth)
{
    seL4_SetCap(0, root);
    return quokka_invoke(_service, seL4_MessageInfo_new(RISCVIRQIssueIRQHandlerTrigger, 0, 1, 4), irq, trigger,
                         index, depth);
}

/// Lets the handler's interrupt be delivered again (it is masked after each delivery).
/// @param _service The IRQ handler cap.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQHandler_Ack(seL4_IRQHandler _service)
{
    return quokka_invoke(_service, seL4_MessageInfo_new(IRQAckIRQ, 0, 0, 0), 0, 0, 0, 0);
}

/// Sets the notification the interrupt is signalled to (with that cap's badge).
/// @param _service The IRQ handler cap.
/// @param notification A notification cap with Write.
/// @return seL4_NoError, or InvalidCapability (MR0 = 0) for a cap that is not such a notification.
LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQHandler_SetNotification(seL4_IRQHandler _service, seL4_CPtr notification)
{
    seL4_SetCap(0, notification);
    return quokka_invoke(_service, seL4_MessageInfo_new(IRQSetIRQHandler, 0, 1, 0), 0, 0, 0, 0);
}

/// Stops delivering the interrupt to its notification.
/// @param _service The IRQ handler cap.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQHandler_Clear(seL4_IRQHandler _service)
{
    return quokka_invoke(_service, seL4_MessageInfo_new(IRQClearIRQHandler, 0, 0, 0), 0, 0, 0, 0);
}

#ifdef __cplusplus
}
#endif
