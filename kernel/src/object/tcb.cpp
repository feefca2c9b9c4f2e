// Thread control blocks.
#include "tcb.hpp"

namespace kernel {

void Tcb::set_name(const char *name)
{
    std::size_t i = 0;
    for (; name[i] != '\0' && i + 1 < name_capacity; ++i) {
        name_buffer[i] = name[i];
    }
    name_buffer[i] = '\0';
}

const char *describe(ThreadState state)
{
    switch (state) {
    case ThreadState::inactive: return "inactive";
    case ThreadState::running: return "running";
    case ThreadState::restart: return "restart";
    }
    return "?";
}

} // namespace kernel
