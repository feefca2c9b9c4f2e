/// @file
/// Interrupts to user level (seL4's IRQControl and IRQHandler): an IRQ handler capability
/// owns one interrupt; the notification set on it is signalled when the interrupt arrives, and
/// the interrupt stays masked until the handler is acknowledged.
#pragma once

#include "invocation.hpp"

namespace kernel::irq {

/// Highest IRQ number the kernel tracks (QEMU virt's PLIC has 95 sources).
inline constexpr unsigned max_irq = 127;

/// True when some interrupt could wake a thread (one has a notification set).
bool can_wake_a_thread();
/// The last capability to the handler of @p irq is gone: the interrupt is free again.
void release(unsigned irq);

/// IRQControl_Get and IRQControl_GetTrigger.
InvocationStatus perform_control_invocation(Invocation &invocation);
/// IRQHandler_SetNotification, IRQHandler_Ack, IRQHandler_Clear.
InvocationStatus perform_handler_invocation(Invocation &invocation);

} // namespace kernel::irq
