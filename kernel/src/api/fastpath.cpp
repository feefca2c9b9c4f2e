// The IPC fastpath (seL4's idea, our conditions): a Call that finds a passive server waiting,
// and the ReplyRecv that answers it, with at most four message words and no capabilities, move
// the words register to register and switch threads directly: no scheduler pass, no budget
// accounting (the scheduling context travels with the message, as donation would move it), no
// ready-queue operations (the running thread is in no queue). Anything else goes to the general
// path, which then does what it always does; the state the fastpath leaves is the state the
// general path would leave, except that the new thread's a0..a5 and pc are loaded straight into
// its registers (its saved context catches up when it next enters the kernel).
//
// trap.S jumps to these with the user's a0..a6 still in registers, after saving all registers
// in the thread's context, so the general path can start over at any point before the first
// change. They run without a stack and leave by jumping (arch.hpp: fastpath_resume,
// fastpath_fallback, fastpath_refresh). docs/ipc.md has the design and the costs.
#include "fastpath.hpp"

// Off for the file; on, as an error, for the fastpath's two entry points (ARCH_STACKLESS_BEGIN).
#pragma GCC diagnostic ignored "-Wframe-larger-than="

#include <sel4/constants.h>

#include "arch.hpp"
#include "arch/stackless.hpp"
#include "cspace.hpp"
#include "events.hpp"
#include "ipc.hpp"
#include "sched_context.hpp"
#include "scheduler.hpp"
#include "vspace.hpp"

namespace kernel {

std::uint64_t fastpath_epoch = 1;

namespace {

// Message info fields (seL4_MessageInfo_t): length in bits 0..6, extraCaps in 7..8,
// capsUnwrapped in 9..11, label above. At most four words, no caps and no capsUnwrapped bits
// (an output field, which the kernel would clear) is one comparison of the low twelve bits,
// and the info then reaches the receiver as it came.
constexpr std::uint64_t info_low_bits = 0xfff;
constexpr std::uint64_t fast_message_words = 4;

// Capability word 0 from bit 55: the type (5 bits) above the rights (4 bits).
constexpr unsigned cap_rights_shift = 55;
constexpr std::uint64_t endpoint_tag = static_cast<std::uint64_t>(CapType::endpoint) << 4;
constexpr std::uint64_t reply_tag = static_cast<std::uint64_t>(CapType::reply) << 4;

const Slot lone_null_slot{};

// The objects of an empty cache entry (FastpathView): an endpoint nobody waits on, so a Call
// finds no receiver, and a reply object nobody waits on, so a ReplyRecv finds no caller. Both
// send the message the general way before anything is written; the fastpath never writes them.
Endpoint no_endpoint;
Reply no_reply;

} // namespace

// Decodes @p thread's CSpace root and VSpace for the fastpath (Tcb::fastpath) and empties its
// capability cache, then leaves this syscall to the general path: a stale view costs one slow
// message.
extern "C" void fastpath_refresh_view(Tcb &thread)
{
    FastpathView &view = thread.fastpath;
    const Capability &root = thread.cspace_root();
    if (root.type() == CapType::cnode && root.guard() == 0 &&
        root.radix() + root.guard_size() == seL4_WordBits) {
        view.slots = cnode_slots(root.paddr());
        view.radix = root.radix();
    } else {
        view.slots = &lone_null_slot; // only cptr 0 gets past the radix check, to a null cap
        view.radix = 0;
    }
    UsableVSpace vspace = usable_vspace(thread.slot(TcbSlot::vspace_root).cap);
    view.address_space = vspace.asid != 0 ? arch::address_space_token(vspace.root, vspace.asid) : 0;
    view.call_cptr = view.recv_cptr = view.reply_cptr = ~std::uint64_t{0};
    view.call_endpoint = view.recv_endpoint = &no_endpoint;
    view.call_badge = 0;
    view.reply = &no_reply;
    view.epoch = fastpath_epoch;
    handle_syscall();
}

namespace {

// The capability @p cptr names in a one-level CSpace, or nullptr (other CSpaces and cptrs
// that do not resolve there take the general path).
[[gnu::always_inline]] inline const Capability *lookup(const FastpathView &view, std::uint64_t cptr)
{
    return (cptr >> view.radix) == 0 ? &view.slots[cptr].cap : nullptr;
}

// The receiver's a2..a5 after a message of @p length words from @p sender: the words sent,
// then what it had. Only MR0 comes in a register; the others are read back from the sender's
// context (trap entry saved them there), which frees three registers in the fastpath.
struct MessageRegisters {
    std::uint64_t mr[4];
};

[[gnu::always_inline]] inline MessageRegisters received(const arch::UserContext &receiver,
                                                        const arch::UserContext &sender,
                                                        std::uint64_t length, std::uint64_t mr0)
{
    constexpr auto mr1 = arch::message_registers[1];
    constexpr auto mr2 = arch::message_registers[2];
    constexpr auto mr3 = arch::message_registers[3];
    if (length == 1) [[likely]] { // the usual case, one test
        return {{mr0, receiver.get(mr1), receiver.get(mr2), receiver.get(mr3)}};
    }
    return {{length > 0 ? mr0 : receiver.get(arch::message_registers[0]),
             (length > 1 ? sender : receiver).get(mr1), (length > 2 ? sender : receiver).get(mr2),
             (length > 3 ? sender : receiver).get(mr3)}};
}

// Runs @p next with the message in a0..a5. A plain jump, the fastpath's last action.
[[gnu::always_inline]] inline void switch_to(Tcb &next, std::uint64_t address_space,
                                             std::uint64_t badge, std::uint64_t info,
                                             const MessageRegisters &m)
{
    scheduler::set_current(next);
    arch::switch_address_space(address_space);
    return arch::fastpath_resume(badge, info, m.mr[0], m.mr[1], m.mr[2], m.mr[3], next.context,
                                 next.context.pc() + arch::syscall_instruction_bytes);
}

} // namespace

// Both paths end in a jump (arch::fastpath_resume, fastpath_fallback or fastpath_refresh, none
// of which returns), so they need no return address; and trap.S runs them without a stack (sp
// still points at the thread's context), which ARCH_STACKLESS_BEGIN makes the compiler check.
ARCH_STACKLESS_BEGIN

// Call: a0 endpoint cptr, a1 message info, a2..a5 MR0..MR3.
extern "C" [[gnu::optimize("omit-frame-pointer")]] void
fastpath_call(std::uint64_t cptr, std::uint64_t info, std::uint64_t mr0, std::uint64_t,
              std::uint64_t, std::uint64_t, Tcb &caller)
{
    const std::uint64_t length = info & info_low_bits;
    if (length > fast_message_words) {
        return arch::fastpath_fallback();
    }
    FastpathView &view = caller.fastpath;
    const std::uint64_t epoch = fastpath_epoch;
    if (view.epoch != epoch) [[unlikely]] {
        return arch::fastpath_refresh(&caller);
    }
    Endpoint *endpoint = view.call_endpoint;
    std::uint64_t badge = view.call_badge;
    if (cptr != view.call_cptr) [[unlikely]] {
        const Capability *cap = lookup(view, cptr);
        if (cap == nullptr) {
            return arch::fastpath_fallback();
        }
        // An endpoint with Write, and Grant or GrantReply (else the Call gets no reply).
        std::uint64_t tag = cap->word(0) >> cap_rights_shift;
        if ((tag >> 4) != (endpoint_tag >> 4) || (tag & Rights::write) == 0 ||
            (tag & (Rights::grant | Rights::grant_reply)) == 0) {
            return arch::fastpath_fallback();
        }
        endpoint = &endpoint_at(cap->paddr());
        badge = cap->badge();
        view.call_cptr = cptr;
        view.call_endpoint = endpoint;
        view.call_badge = badge;
    }
    Tcb *receiver = endpoint->queue.head_if_tagged(static_cast<unsigned>(Endpoint::State::receiving));
    if (receiver == nullptr) {
        return arch::fastpath_fallback();
    }
    Tcb &server = *receiver;
    Reply *reply = server.reply;
    // A passive server with a reply object, which the scheduler would pick next: above every
    // queued thread (a queued equal would run first), in a usable address space.
    if (server.sched_context != nullptr || reply == nullptr ||
        !scheduler::is_above_all_ready(server.priority)) {
        return arch::fastpath_fallback();
    }
    if (server.fastpath.epoch != epoch) [[unlikely]] {
        return arch::fastpath_refresh(&server);
    }
    std::uint64_t address_space = server.fastpath.address_space;
    if (address_space == 0) {
        return arch::fastpath_fallback(); // its address space is gone: it faults, the general way
    }

    endpoint->queue.pop_head();
    server.blocked_on = nullptr;
    server.reply = nullptr;
    reply->receiver = nullptr;
    server.state = ThreadState::running;

    reply->caller = &caller;
    caller.reply = reply;
    caller.state = ThreadState::blocked_on_reply;
    caller.blocked_on = reply;
    SchedContext *sc = caller.sched_context;
    caller.sched_context = nullptr;
    sc->tcb = &server;
    server.sched_context = sc;
    reply->lent = sc;
    return switch_to(server, address_space, badge, info,
                     received(server.context, caller.context, length, mr0));
}

// ReplyRecv: a0 endpoint cptr, a1 message info, a2..a5 MR0..MR3, a6 reply-object cptr.
extern "C" [[gnu::optimize("omit-frame-pointer")]] void
fastpath_reply_recv(std::uint64_t cptr, std::uint64_t info, std::uint64_t mr0, std::uint64_t,
                    std::uint64_t, std::uint64_t, std::uint64_t reply_cptr, Tcb &server)
{
    const std::uint64_t length = info & info_low_bits;
    if (length > fast_message_words) {
        return arch::fastpath_fallback();
    }
    FastpathView &view = server.fastpath;
    const std::uint64_t epoch = fastpath_epoch;
    if (view.epoch != epoch) [[unlikely]] {
        return arch::fastpath_refresh(&server);
    }
    Reply *reply_object = view.reply;
    Endpoint *endpoint = view.recv_endpoint;
    if (cptr != view.recv_cptr || reply_cptr != view.reply_cptr) [[unlikely]] {
        const Capability *reply_cap = lookup(view, reply_cptr);
        const Capability *ep_cap = lookup(view, cptr);
        // A reply object, and an endpoint with Read.
        if (reply_cap == nullptr || ep_cap == nullptr ||
            (reply_cap->word(0) >> (cap_rights_shift + 4)) != (reply_tag >> 4) ||
            ((ep_cap->word(0) >> cap_rights_shift) & ~std::uint64_t{0xd}) != (endpoint_tag | Rights::read)) {
            return arch::fastpath_fallback();
        }
        reply_object = &reply_at(reply_cap->paddr());
        endpoint = &endpoint_at(ep_cap->paddr());
        view.recv_cptr = cptr;
        view.reply_cptr = reply_cptr;
        view.reply = reply_object;
        view.recv_endpoint = endpoint;
    }
    Reply &reply = *reply_object;
    Tcb *caller = reply.caller;
    SchedContext *sc = reply.lent;
    // An ordinary answer (not to a fault) returning the time the caller lent, to a caller the
    // scheduler would pick next; nobody else holds the reply object for a receive.
    if (caller == nullptr || caller->fault_label != 0 || sc != server.sched_context ||
        sc == nullptr || reply.receiver != nullptr ||
        !scheduler::is_above_all_ready(caller->priority)) {
        return arch::fastpath_fallback();
    }
    Endpoint::State state = endpoint->state();
    Notification *bound = server.bound_notification;
    // Queued last without a search: the queue is empty or its tail is not below the server.
    if (state == Endpoint::State::sending || (bound != nullptr && bound->active) ||
        (state == Endpoint::State::receiving && !endpoint->queue.may_append(server))) {
        return arch::fastpath_fallback();
    }
    if (caller->fastpath.epoch != epoch) [[unlikely]] {
        return arch::fastpath_refresh(caller);
    }
    std::uint64_t address_space = caller->fastpath.address_space;
    if (address_space == 0) {
        return arch::fastpath_fallback();
    }

    caller->state = ThreadState::running;
    caller->reply = nullptr;
    caller->blocked_on = nullptr;
    server.sched_context = nullptr;
    sc->tcb = caller;
    caller->sched_context = sc;
    reply.lent = nullptr;
    reply.caller = nullptr;

    server.reply = &reply;
    reply.receiver = &server;
    server.state = ThreadState::blocked_on_receive;
    server.blocked_on = endpoint;
    endpoint->queue.append_and_tag(server, static_cast<unsigned>(Endpoint::State::receiving));
    return switch_to(*caller, address_space, 0, info,
                     received(caller->context, server.context, length, mr0));
}

ARCH_STACKLESS_END

} // namespace kernel
