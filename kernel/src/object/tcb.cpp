// Thread control blocks.
#include "tcb.hpp"

#include "arch.hpp"
#include "sched_context.hpp"

namespace kernel {

void Tcb::set_name(const char *name)
{
    std::size_t i = 0;
    for (; name[i] != '\0' && i + 1 < name_capacity; ++i) {
        name_buffer[i] = name[i];
    }
    name_buffer[i] = '\0';
}

void Tcb::update_ipc_buffer_pointer()
{
    const Capability &frame = slot(TcbSlot::ipc_buffer).cap;
    if (frame.type() != CapType::frame || ipc_buffer == 0) {
        ipc_buffer_kernel = nullptr;
        return;
    }
    std::uint64_t offset = ipc_buffer & ((std::uint64_t{1} << frame.frame_size_bits()) - 1);
    ipc_buffer_kernel = reinterpret_cast<seL4_IPCBuffer *>(
        static_cast<std::uint8_t *>(arch::phys_to_virt(frame.paddr())) + offset);
}

bool Tcb::is_schedulable() const
{
    return is_runnable() && sched_context != nullptr && sched_context->has_budget();
}

Tcb &tcb_at(std::uint64_t paddr) { return *static_cast<Tcb *>(arch::phys_to_virt(paddr)); }

const char *describe(ThreadState state)
{
    switch (state) {
    case ThreadState::inactive: return "inactive";
    case ThreadState::running: return "running";
    case ThreadState::restart: return "restart";
    case ThreadState::blocked_on_receive: return "recv";
    case ThreadState::blocked_on_send: return "send";
    case ThreadState::blocked_on_reply: return "reply";
    case ThreadState::blocked_on_notification: return "wait";
    }
    return "?";
}

} // namespace kernel
