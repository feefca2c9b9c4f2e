// Endpoint and notification logic on the host: queues, delivery, replies, lending of
// scheduling contexts, cancellation.
#include <catch2/catch.hpp>

#include <sel4/shared_types.h>

#include "ipc.hpp"
#include "sched_context.hpp"
#include "support/kernel_fixture.hpp"
#include "thread.hpp"

using kernel::Endpoint;
using kernel::Notification;
using kernel::Reply;
using kernel::ThreadState;

namespace {

void set_message(kernel::Tcb &thread, std::uint64_t label, std::uint64_t length, std::uint64_t mr0)
{
    thread.context.set(arch::message_info_register, seL4_MessageInfo_new(label, 0, 0, length).words[0]);
    thread.context.set(arch::Register::a2, mr0);
}

std::uint64_t label_of(const kernel::Tcb &thread)
{
    return seL4_MessageInfo_get_label(seL4_MessageInfo_t{{thread.context.get(arch::message_info_register)}});
}

} // namespace

TEST_CASE("ipc: queues order waiters by priority, FIFO within a priority", "[ipc]")
{
    TestThread a("a", 10), b("b", 50), c("c", 10), d("d", 50);
    kernel::ThreadQueue queue;
    for (TestThread *t : {&a, &b, &c, &d}) {
        queue.insert(t->tcb());
    }
    CHECK(queue.head() == &b.tcb());
    queue.remove(b.tcb());
    CHECK(queue.head() == &d.tcb());
    queue.remove(d.tcb());
    CHECK(queue.head() == &a.tcb());
    queue.remove(a.tcb());
    CHECK(queue.head() == &c.tcb());
    queue.remove(c.tcb());
    CHECK(queue.empty());
}

TEST_CASE("ipc: a send to a waiting receiver delivers label, message and badge", "[ipc]")
{
    TestThread sender("sender", 10), receiver("receiver", 10);
    Endpoint endpoint;
    kernel::receive_ipc(receiver.tcb(), endpoint, nullptr, true);
    CHECK(receiver.tcb().state == ThreadState::blocked_on_receive);
    set_message(sender.tcb(), 0x77, 1, 0xabc);
    std::uint64_t pc = receiver.tcb().context.pc();
    kernel::send_ipc(sender.tcb(), endpoint, {0x55, false, false}, true, false);
    CHECK(receiver.tcb().state == ThreadState::running);
    CHECK(receiver.tcb().context.pc() == pc + 4); // its Recv completed
    CHECK(receiver.tcb().context.get(arch::Register::a0) == 0x55);
    CHECK(receiver.tcb().context.get(arch::Register::a2) == 0xabc);
    CHECK(label_of(receiver.tcb()) == 0x77);
    CHECK(endpoint.state() == Endpoint::State::idle);
}

TEST_CASE("ipc: NBSend with no receiver drops the message; Send blocks", "[ipc]")
{
    TestThread sender("sender", 10);
    Endpoint endpoint;
    kernel::send_ipc(sender.tcb(), endpoint, {0, false, false}, false, false);
    CHECK(sender.tcb().state == ThreadState::running);
    CHECK(endpoint.state() == Endpoint::State::idle);
    kernel::send_ipc(sender.tcb(), endpoint, {0, false, false}, true, false);
    CHECK(sender.tcb().state == ThreadState::blocked_on_send);
    CHECK(endpoint.state() == Endpoint::State::sending);
    kernel::cancel_all_ipc(endpoint); // deleting the endpoint restarts its waiters
    CHECK(sender.tcb().state == ThreadState::restart);
    CHECK(endpoint.state() == Endpoint::State::idle);
}

TEST_CASE("ipc: a Call lends its scheduling context to a passive server until the reply",
          "[ipc]")
{
    TestThread client("client", 10), server("server", 10);
    kernel::SchedContext *client_time = client.tcb().sched_context;
    server.tcb().sched_context = nullptr; // passive
    Endpoint endpoint;
    Reply reply;
    kernel::receive_ipc(server.tcb(), endpoint, &reply, true);
    set_message(client.tcb(), 1, 1, 42);
    kernel::send_ipc(client.tcb(), endpoint, {0, false, true}, true, true);
    CHECK(client.tcb().state == ThreadState::blocked_on_reply);
    CHECK(reply.caller == &client.tcb());
    CHECK(server.tcb().sched_context == client_time); // runs on the client's time
    CHECK(client.tcb().sched_context == nullptr);

    set_message(server.tcb(), 0, 1, 43);
    std::uint64_t pc = client.tcb().context.pc();
    kernel::send_reply(server.tcb(), reply, false);
    CHECK(client.tcb().state == ThreadState::running);
    CHECK(client.tcb().context.pc() == pc + 4);
    CHECK(client.tcb().context.get(arch::Register::a2) == 43);
    CHECK(client.tcb().context.get(arch::Register::a0) == 0); // replies carry badge 0
    CHECK(client.tcb().sched_context == client_time);         // time given back
    CHECK(server.tcb().sched_context == nullptr);
    CHECK(reply.caller == nullptr);
    kernel::send_reply(server.tcb(), reply, false); // a second reply finds no caller: no-op
    CHECK(client.tcb().state == ThreadState::running);
}

TEST_CASE("ipc: a Call through a capability without Grant or GrantReply gets no reply", "[ipc]")
{
    TestThread client("client", 10), server("server", 10);
    Endpoint endpoint;
    Reply reply;
    kernel::receive_ipc(server.tcb(), endpoint, &reply, true);
    kernel::send_ipc(client.tcb(), endpoint, {0, false, false}, true, true);
    CHECK(server.tcb().state == ThreadState::running); // the message was delivered
    CHECK(client.tcb().state == ThreadState::inactive);
    CHECK(reply.caller == nullptr);
}

TEST_CASE("ipc: receiving again on a reply whose caller was not answered stops that caller",
          "[ipc]")
{
    TestThread client("client", 10), server("server", 10);
    Endpoint endpoint;
    Reply reply;
    kernel::send_ipc(client.tcb(), endpoint, {0, false, true}, true, true); // client first
    kernel::receive_ipc(server.tcb(), endpoint, &reply, true);
    REQUIRE(client.tcb().state == ThreadState::blocked_on_reply);
    kernel::receive_ipc(server.tcb(), endpoint, &reply, true);
    CHECK(client.tcb().state == ThreadState::inactive);
    CHECK(reply.caller == nullptr);
    kernel::cancel_all_ipc(endpoint);
}

TEST_CASE("ipc: CancelBadgedSends restarts only the senders with that badge", "[ipc]")
{
    TestThread a("a", 10), b("b", 10), c("c", 10);
    Endpoint endpoint;
    kernel::send_ipc(a.tcb(), endpoint, {7, false, false}, true, false);
    kernel::send_ipc(b.tcb(), endpoint, {8, false, false}, true, false);
    kernel::send_ipc(c.tcb(), endpoint, {7, false, false}, true, false);
    kernel::cancel_badged_sends(endpoint, 7);
    CHECK(a.tcb().state == ThreadState::restart);
    CHECK(c.tcb().state == ThreadState::restart);
    CHECK(b.tcb().state == ThreadState::blocked_on_send);
    CHECK(endpoint.queue.head() == &b.tcb());
    kernel::cancel_all_ipc(endpoint);
}

TEST_CASE("notification: signals OR badges; a badge-0 signal still activates; Poll clears",
          "[ntfn]")
{
    TestThread t("t", 10);
    Notification notification;
    kernel::signal(notification, 0);
    kernel::wait(t.tcb(), notification, false);
    CHECK(t.tcb().state == ThreadState::running); // returned at once, with word 0
    CHECK(t.tcb().context.get(arch::Register::a0) == 0);
    CHECK_FALSE(notification.active);
    kernel::signal(notification, 0x1);
    kernel::signal(notification, 0x4);
    kernel::wait(t.tcb(), notification, true);
    CHECK(t.tcb().context.get(arch::Register::a0) == 0x5);
    kernel::wait(t.tcb(), notification, false); // nothing pending: Poll returns 0
    CHECK(t.tcb().context.get(arch::Register::a0) == 0);
}

TEST_CASE("notification: a signal wakes the first waiter with the badge", "[ntfn]")
{
    TestThread a("a", 10), b("b", 10);
    Notification notification;
    kernel::wait(a.tcb(), notification, true);
    kernel::wait(b.tcb(), notification, true);
    kernel::signal(notification, 0x10);
    CHECK(a.tcb().state == ThreadState::running);
    CHECK(a.tcb().context.get(arch::Register::a0) == 0x10);
    CHECK(b.tcb().state == ThreadState::blocked_on_notification);
    kernel::cancel_all_signals(notification);
    CHECK(b.tcb().state == ThreadState::restart);
}

TEST_CASE("notification: a bound notification reaches its thread blocked in Recv, and a "
          "pending one is taken before receiving",
          "[ntfn]")
{
    TestThread t("t", 10);
    Notification notification;
    Endpoint endpoint;
    kernel::bind_notification(notification, t.tcb());
    kernel::receive_ipc(t.tcb(), endpoint, nullptr, true);
    kernel::signal(notification, 0x3);
    CHECK(t.tcb().state == ThreadState::running);
    CHECK(t.tcb().context.get(arch::Register::a0) == 0x3);
    CHECK(endpoint.state() == Endpoint::State::idle); // its receive was cut short

    kernel::signal(notification, 0x8); // now pending: the next Recv returns it at once
    kernel::receive_ipc(t.tcb(), endpoint, nullptr, true);
    CHECK(t.tcb().state == ThreadState::running);
    CHECK(t.tcb().context.get(arch::Register::a0) == 0x8);
    kernel::unbind_notification(t.tcb());
    CHECK(notification.bound == nullptr);
}

TEST_CASE("thread: suspending a thread in the middle of a Call and resuming it restarts the "
          "Call", "[ipc]")
{
    TestThread client("client", 10), server("server", 10);
    Endpoint endpoint;
    Reply reply;
    client.tcb().context.set_pc(0x4000);
    kernel::send_ipc(client.tcb(), endpoint, {0, false, true}, true, true);
    kernel::receive_ipc(server.tcb(), endpoint, &reply, true);
    REQUIRE(client.tcb().state == ThreadState::blocked_on_reply);
    kernel::suspend_thread(client.tcb());
    CHECK(client.tcb().state == ThreadState::inactive);
    CHECK(reply.caller == nullptr);
    kernel::restart_thread(client.tcb());
    CHECK(client.tcb().state == ThreadState::restart);
    CHECK(client.tcb().context.pc() == 0x4000); // the ecall runs again
}
