/// @file
/// Thread control blocks: a thread's saved registers, state, priority and address space.
#pragma once

#include <cstddef>
#include <cstdint>

#include <arch/registers.hpp>

#include <sel4/shared_types.h>

#include "slot.hpp"

namespace kernel {

/// What a thread is doing, as seL4 names the states.
enum class ThreadState : std::uint8_t {
    inactive, ///< suspended or never started: does not run until resumed
    running,  ///< runnable: resumes at its saved pc
    restart,  ///< runnable: re-executes the syscall at its saved pc
    blocked_on_receive,      ///< waiting in Recv on an endpoint
    blocked_on_send,         ///< waiting in Send or Call on an endpoint
    blocked_on_reply,        ///< waiting for the reply to a Call
    blocked_on_notification, ///< waiting in Wait on a notification
};

class SchedContext;
class Endpoint;
class Notification;
class Reply;

/// The capability slots inside a TCB (seL4 MCS's TCB CNode).
enum class TcbSlot : std::uint8_t {
    cspace_root = 0,     ///< the root CNode of the thread's CSpace
    vspace_root = 1,     ///< the root page table of its address space
    ipc_buffer = 2,      ///< the frame holding its IPC buffer
    fault_handler = 3,   ///< the endpoint its faults are sent to
    timeout_handler = 4, ///< the endpoint its timeout faults are sent to
};
/// Number of slots in a TCB.
inline constexpr unsigned tcb_slot_count = 5;

/// The IPC fastpath's decoded copy of a thread's CSpace root and VSpace (fastpath.hpp): valid
/// while `epoch` equals the kernel's fastpath_epoch, which every capability change advances.
/// With it, the capabilities the thread last used in the fastpath, already checked (type and
/// rights) and decoded: one entry for Call, one for ReplyRecv's endpoint and reply object pair.
/// An entry is valid with the view; a refresh empties it (its cptr ~0, its objects ones that
/// send every message the general way).
struct FastpathView {
    std::uint64_t epoch = 0;          ///< 0: never decoded
    const Slot *slots = nullptr;      ///< the root CNode's slots (a lone null slot if not one-level)
    std::uint64_t radix = 0;          ///< its radix; guard 0 and guard + radix = 64 bits
    std::uint64_t address_space = 0; ///< arch::address_space_token of its VSpace; 0 if unusable
    std::uint64_t call_cptr = ~std::uint64_t{0}; ///< Call: an endpoint with Write and Grant or GrantReply
    Endpoint *call_endpoint = nullptr;           ///< Call: that endpoint
    std::uint64_t call_badge = 0;                ///< Call: that capability's badge
    std::uint64_t recv_cptr = ~std::uint64_t{0}; ///< ReplyRecv: an endpoint with Read
    std::uint64_t reply_cptr = ~std::uint64_t{0}; ///< ReplyRecv: a reply object
    Endpoint *recv_endpoint = nullptr;           ///< ReplyRecv: that endpoint
    Reply *reply = nullptr;                      ///< ReplyRecv: that reply object
};

/// A Retype's clearing of new objects' memory, preempted part way (object_clearing.cpp): valid
/// only for the same untyped slot and range while no object has been made anywhere since.
struct RetypeClearing {
    const Slot *untyped = nullptr; ///< the invoked untyped's slot (compared, never followed)
    std::uint64_t start = 0;       ///< physical range being cleared: [start, end)
    std::uint64_t end = 0;         ///< end of the range
    std::uint64_t cleared_to = 0;  ///< [start, cleared_to) is zero
    std::uint64_t generation = 0;  ///< the count of object creations when it stopped
};

/// A thread. Created from untyped memory as a 2^11-byte object (seL4_TCBBits); the boot code
/// makes the root task's.
class Tcb final {
public:
    /// Saved user registers. Kept first: trap entry finds them through sscratch.
    arch::UserContext context;
    /// Physical address of the root page table of the thread's address space.
    std::uint64_t vspace_root = 0;
    /// User address of the thread's IPC buffer (0 when it has none).
    std::uint64_t ipc_buffer = 0;
    /// Scheduling priority, 0..255.
    std::uint8_t priority = 0;
    /// Maximum controlled priority: the highest priority this thread may give (seL4's MCP).
    std::uint8_t mcp = 0;
    /// The scheduling context it runs on (its own or one lent to it); nullptr when passive.
    SchedContext *sched_context = nullptr;
    /// The notification bound to it (delivered while it waits on an endpoint).
    Notification *bound_notification = nullptr;
    /// While blocked: the endpoint or notification it waits on.
    void *blocked_on = nullptr;
    /// While blocked on an endpoint or for a reply: the reply object of the exchange.
    Reply *reply = nullptr;
    /// While blocked in Send or Call: the badge of the capability it sends through.
    std::uint64_t send_badge = 0;
    /// While blocked in Send or Call: it may transfer capabilities (Grant).
    bool send_can_grant = false;
    /// While blocked in Call: the receiver may reply (Grant or GrantReply).
    bool send_can_grant_reply = false;
    /// While blocked in Send or Call: true for a Call.
    bool send_is_call = false;
    /// Links in an endpoint's or notification's queue.
    Tcb *wait_next = nullptr;
    /// Links in an endpoint's or notification's queue.
    Tcb *wait_prev = nullptr;
    /// seL4_TCBFlag bits (SetFlags).
    std::uint64_t flags = 0;
    /// The fault being delivered to the fault handler, or waiting for its reply: its label
    /// (seL4_Fault_tag; 0 = none), length and message words (reference §8.6).
    std::uint64_t fault_label = 0;
    /// Words in fault_message.
    unsigned fault_length = 0;
    /// The fault message.
    std::uint64_t fault_message[11] = {};
    /// The IPC buffer's kernel address, when ipc_buffer and its frame capability are set.
    seL4_IPCBuffer *ipc_buffer_kernel = nullptr;
    /// Its FPU registers while another thread owns the FPU (fpu.hpp).
    arch::FpuState fpu_state = {};
    /// Current state.
    ThreadState state = ThreadState::inactive;
    /// Links of the scheduler's ready queue for this priority.
    Tcb *queue_next = nullptr;
    /// Links of the scheduler's ready queue for this priority.
    Tcb *queue_prev = nullptr;
    /// True while in a ready queue.
    bool queued = false;
    /// Link in the list of every thread (for seL4_DebugDumpScheduler).
    Tcb *all_next = nullptr;
    /// Capabilities the thread holds on to (see TcbSlot).
    Slot slots[tcb_slot_count];
    /// What the IPC fastpath decoded from the CSpace and VSpace slots (fastpath.hpp).
    FastpathView fastpath;
    /// How far a preempted Retype of this thread got in clearing its new objects' memory
    /// (object_clearing.hpp).
    RetypeClearing retype_clearing;

    /// Longest thread name kept, including the terminating NUL.
    static constexpr std::size_t name_capacity = 32;
    /// log2 of the object's size in bytes (seL4_TCBBits).
    static constexpr unsigned size_bits = 11;

    /// Sets the thread's name for diagnostics (truncated to fit).
    void set_name(const char *name);
    /// The thread's name.
    const char *name() const { return name_buffer; }
    /// The slot @p which.
    Slot &slot(TcbSlot which) { return slots[static_cast<unsigned>(which)]; }
    /// The root CNode capability of the thread's CSpace (null if none).
    const Capability &cspace_root() { return slot(TcbSlot::cspace_root).cap; }
    /// The thread's IPC buffer in the kernel window, or nullptr when it has none. The pointer
    /// is computed when the buffer is set; it is used only while the TCB still holds the
    /// buffer's frame capability (deleting that capability takes the buffer away).
    seL4_IPCBuffer *ipc_buffer_pointer()
    {
        return slot(TcbSlot::ipc_buffer).cap.type() == CapType::frame ? ipc_buffer_kernel : nullptr;
    }
    /// Recomputes the IPC buffer's kernel address after the buffer or its frame changed.
    void update_ipc_buffer_pointer();
    /// True when the thread is not blocked or stopped.
    bool is_runnable() const
    {
        return state == ThreadState::running || state == ThreadState::restart;
    }
    /// True when the scheduler may run the thread: runnable and with a configured scheduling
    /// context (MCS: a passive thread runs only on time lent to it).
    bool is_schedulable() const;

    /// Storage of the name (public so the class stays standard-layout for the offset check).
    char name_buffer[name_capacity] = {};
};

// Slot keeps its links private, so Tcb is not standard-layout and offsetof is only
// conditionally supported; GCC supports it, and trap entry depends on this very offset.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
static_assert(offsetof(Tcb, context) == 0, "trap entry relies on the context being first");
#pragma GCC diagnostic pop
static_assert(sizeof(Tcb) <= (std::size_t{1} << Tcb::size_bits), "a TCB must fit its object");

/// Human-readable name of @p state.
const char *describe(ThreadState state);

/// The TCB object at physical address @p paddr.
Tcb &tcb_at(std::uint64_t paddr);

} // namespace kernel
