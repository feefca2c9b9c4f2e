// The work counter behind preemption points (see preemption.hpp). Reading sip costs one
// instruction but exits QEMU's translated code, so it is read once per batch of work units.
#include "preemption.hpp"

#include "arch.hpp"
#include "config.hpp"

namespace kernel::preemption {
namespace {

std::uint64_t work_units = 0;
std::uint64_t preemptions = 0;

} // namespace

bool is_due()
{
    if (++work_units < config::preemption_work_units) {
        return false;
    }
    work_units = 0;
    if (!arch::is_interrupt_pending()) {
        return false;
    }
    ++preemptions;
    return true;
}

std::uint64_t count() { return preemptions; }

} // namespace kernel::preemption
