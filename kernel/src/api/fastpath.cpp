// The IPC fastpath (seL4's idea, our conditions): a Call that finds a passive server waiting,
// and the ReplyRecv that answers it, with at most four message words and no capabilities, move
// the words register to register and switch threads directly: no scheduler pass, no budget
// accounting (the scheduling context travels with the message, as donation would move it), no
// ready-queue operations (the running thread is in no queue). Anything else goes to the general
// path, which then does what it always does; the state the fastpath leaves is the state the
// general path would leave, except that the new thread's a0..a5 and pc are loaded straight into
// its registers (its saved context catches up when it next enters the kernel).
//
// trap.S calls these with the user's a0..a6 still in registers, after saving all registers in
// the thread's context, so the general path can start over at any point before the first change.
#include "fastpath.hpp"

#include <sel4/constants.h>

#include "arch.hpp"
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
// capsUnwrapped in 9..11, label above. Length <= 4 and no caps is one comparison.
constexpr std::uint64_t info_length_and_caps = 0x1ff;
constexpr std::uint64_t info_length = 0x7f;
constexpr std::uint64_t info_unwrapped = 0xe00;
constexpr unsigned fast_message_words = 4;

// Capability word 0 from bit 55: the type (5 bits) above the rights (4 bits).
constexpr unsigned cap_rights_shift = 55;
constexpr std::uint64_t endpoint_tag = static_cast<std::uint64_t>(CapType::endpoint) << 4;
constexpr std::uint64_t reply_tag = static_cast<std::uint64_t>(CapType::reply) << 4;

const Slot lone_null_slot{};

// Decodes @p thread's CSpace root and VSpace for the fastpath (Tcb::fastpath), then leaves
// this syscall to the general path: a stale view costs one slow message, and the fastpath keeps
// no registers across a call.
[[noreturn, gnu::noinline, gnu::cold]] void refresh_view(Tcb &thread)
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
    view.epoch = fastpath_epoch;
    handle_syscall();
}

[[gnu::always_inline]] inline const FastpathView &view_of(Tcb &thread)
{
    if (thread.fastpath.epoch != fastpath_epoch) [[unlikely]] {
        refresh_view(thread);
    }
    return thread.fastpath;
}

// Word 0 of the capability @p cptr names in a one-level CSpace; other CSpaces and cptrs that
// do not resolve there take the general path.
[[gnu::always_inline]] inline const Capability &lookup(const FastpathView &view, std::uint64_t cptr)
{
    if ((cptr >> view.radix) != 0) {
        handle_syscall();
    }
    return view.slots[cptr].cap;
}

// The receiver's a2..a5 after a message of @p length words: the words sent, then what it had.
struct MessageRegisters {
    std::uint64_t mr[4];
};

[[gnu::always_inline]] inline MessageRegisters received(const arch::UserContext &receiver,
                                                        std::uint64_t length, std::uint64_t mr0,
                                                        std::uint64_t mr1, std::uint64_t mr2,
                                                        std::uint64_t mr3)
{
    return {{length > 0 ? mr0 : receiver.get(arch::message_registers[0]),
             length > 1 ? mr1 : receiver.get(arch::message_registers[1]),
             length > 2 ? mr2 : receiver.get(arch::message_registers[2]),
             length > 3 ? mr3 : receiver.get(arch::message_registers[3])}};
}

[[noreturn, gnu::always_inline]] inline void switch_to(Tcb &next, std::uint64_t address_space,
                                                       std::uint64_t badge, std::uint64_t info,
                                                       const MessageRegisters &m)
{
    scheduler::set_current(next);
    arch::switch_address_space(address_space);
    arch::resume_with_message(badge, info & ~info_unwrapped, m.mr[0], m.mr[1], m.mr[2], m.mr[3],
                              next.context, next.context.pc() + arch::syscall_instruction_bytes);
}

} // namespace

// Call: a0 endpoint cptr, a1 message info, a2..a5 MR0..MR3.
extern "C" [[noreturn, gnu::optimize("omit-frame-pointer")]] void
fastpath_call(std::uint64_t cptr, std::uint64_t info, std::uint64_t mr0, std::uint64_t mr1,
              std::uint64_t mr2, std::uint64_t mr3, Tcb &caller)
{
    if ((info & info_length_and_caps) > fast_message_words) {
        handle_syscall();
    }
    const Capability &cap = lookup(view_of(caller), cptr);
    // An endpoint with Write, and Grant or GrantReply (else the Call gets no reply).
    std::uint64_t tag = cap.word(0) >> cap_rights_shift;
    if ((tag >> 4) != (endpoint_tag >> 4) || (tag & Rights::write) == 0 ||
        (tag & (Rights::grant | Rights::grant_reply)) == 0) {
        handle_syscall();
    }
    Endpoint &endpoint = endpoint_at(cap.paddr());
    Tcb *receiver = endpoint.queue.head_if_tagged(static_cast<unsigned>(Endpoint::State::receiving));
    if (receiver == nullptr) {
        handle_syscall();
    }
    Tcb &server = *receiver;
    Reply *reply = server.reply;
    // A passive server with a reply object, which the scheduler would pick next: above every
    // queued thread (a queued equal would run first), in a usable address space.
    if (server.sched_context != nullptr || reply == nullptr ||
        !scheduler::is_above_all_ready(server.priority)) {
        handle_syscall();
    }
    std::uint64_t address_space = view_of(server).address_space;
    if (address_space == 0) {
        handle_syscall(); // its address space is gone: it faults, the general way
    }

    endpoint.queue.pop_head();
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
    switch_to(server, address_space, cap.badge(), info,
              received(server.context, info & info_length, mr0, mr1, mr2, mr3));
}

// ReplyRecv: a0 endpoint cptr, a1 message info, a2..a5 MR0..MR3, a6 reply-object cptr.
extern "C" [[noreturn, gnu::optimize("omit-frame-pointer")]] void
fastpath_reply_recv(std::uint64_t cptr, std::uint64_t info, std::uint64_t mr0, std::uint64_t mr1,
                    std::uint64_t mr2, std::uint64_t mr3, std::uint64_t reply_cptr, Tcb &server)
{
    if ((info & info_length_and_caps) > fast_message_words) {
        handle_syscall();
    }
    const FastpathView &view = view_of(server);
    const Capability &reply_cap = lookup(view, reply_cptr);
    const Capability &ep_cap = lookup(view, cptr);
    if ((reply_cap.word(0) >> (cap_rights_shift + 4)) != (reply_tag >> 4) ||
        ((ep_cap.word(0) >> cap_rights_shift) & ~std::uint64_t{0xd}) != (endpoint_tag | Rights::read)) {
        handle_syscall();
    }
    Reply &reply = reply_at(reply_cap.paddr());
    Tcb *caller = reply.caller;
    // An ordinary answer (not to a fault) returning the time the caller lent, to a caller the
    // scheduler would pick next; nobody else holds the reply object for a receive.
    if (caller == nullptr || caller->fault_label != 0 || reply.lent != server.sched_context ||
        reply.lent == nullptr || reply.receiver != nullptr ||
        !scheduler::is_above_all_ready(caller->priority)) {
        handle_syscall();
    }
    Endpoint &endpoint = endpoint_at(ep_cap.paddr());
    Endpoint::State state = endpoint.state();
    Notification *bound = server.bound_notification;
    // Queued last without a search: the queue is empty or its tail is not below the server.
    if (state == Endpoint::State::sending || (bound != nullptr && bound->active) ||
        (state == Endpoint::State::receiving && !endpoint.queue.may_append(server))) {
        handle_syscall();
    }
    std::uint64_t address_space = view_of(*caller).address_space;
    if (address_space == 0) {
        handle_syscall();
    }

    caller->state = ThreadState::running;
    caller->reply = nullptr;
    caller->blocked_on = nullptr;
    SchedContext *sc = reply.lent;
    server.sched_context = nullptr;
    sc->tcb = caller;
    caller->sched_context = sc;
    reply.lent = nullptr;
    reply.caller = nullptr;

    server.reply = &reply;
    reply.receiver = &server;
    server.state = ThreadState::blocked_on_receive;
    server.blocked_on = &endpoint;
    endpoint.queue.append(server);
    endpoint.set_state(Endpoint::State::receiving);
    switch_to(*caller, address_space, 0, info,
              received(caller->context, info & info_length, mr0, mr1, mr2, mr3));
}

} // namespace kernel
