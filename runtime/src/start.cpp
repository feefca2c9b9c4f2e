// Root task start-up: static TLS (so libsel4's __sel4_ipc_buffer works), the IPC buffer, main.
#include <sel4/sel4.h>
#include <sel4runtime.h>

#include <cstdint>
#include <cstring>

extern "C" {
extern char __tdata_start[];
extern char __tdata_end[];
extern char __tbss_end[];
int main(void);
}

// libsel4 keeps the IPC buffer pointer in thread-local storage.
__thread seL4_IPCBuffer *__sel4_ipc_buffer;

namespace {

seL4_BootInfo *boot_info;
seL4_Word start_instret;

// The root thread's TLS block. RISC-V uses TLS variant I with no TCB before the block: tp points
// straight at the copy of .tdata, followed by the zeroed .tbss.
constexpr std::size_t tls_capacity = 512;
alignas(64) char tls_block[tls_capacity];

std::size_t tls_total() { return static_cast<std::size_t>(__tbss_end - __tdata_start); }

// A copy of .tdata followed by a zeroed .tbss.
void copy_tls_template(char *block)
{
    std::size_t data_size = static_cast<std::size_t>(__tdata_end - __tdata_start);
    std::memcpy(block, __tdata_start, data_size);
    std::memset(block + data_size, 0, tls_total() - data_size);
}

void init_tls()
{
    if (tls_total() > tls_capacity) {
        for (const char *p = "runtime: TLS too large\n"; *p != '\0'; ++p) {
            seL4_DebugPutChar(*p);
        }
        seL4_DebugHalt();
    }
    copy_tls_template(tls_block);
    asm volatile("mv tp, %0" ::"r"(tls_block));
}

} // namespace

extern "C" [[noreturn]] void __quokka_start(seL4_BootInfo *bootinfo, seL4_Word instret)
{
    start_instret = instret;
    boot_info = bootinfo;
    init_tls();
    seL4_SetIPCBuffer(bootinfo->ipcBuffer);
    sel4runtime_exit(main());
}

extern "C" seL4_BootInfo *sel4runtime_bootinfo(void) { return boot_info; }

extern "C" seL4_Word sel4runtime_tls_size(void) { return tls_total() < 16 ? 16 : tls_total(); }

extern "C" seL4_Word sel4runtime_init_thread_tls(void *block, seL4_Word size, seL4_IPCBuffer *ipc_buffer)
{
    if (size < sel4runtime_tls_size()) {
        return 0;
    }
    char *new_block = static_cast<char *>(block);
    copy_tls_template(new_block);
    // The variable sits at the same offset from tp in every thread's block.
    char *own_tp;
    asm volatile("mv %0, tp" : "=r"(own_tp));
    std::ptrdiff_t offset = reinterpret_cast<char *>(&__sel4_ipc_buffer) - own_tp;
    *reinterpret_cast<seL4_IPCBuffer **>(new_block + offset) = ipc_buffer;
    return reinterpret_cast<seL4_Word>(new_block);
}
extern "C" seL4_Word sel4runtime_start_instret(void) { return start_instret; }

// The root task stops the machine; a child process (its bootinfo says numNodes 0, see
// runtime_process.h) only stops its own thread, whose TCB is in seL4_CapInitThreadTCB.
extern "C" void sel4runtime_exit(int)
{
    bool root_task = boot_info == nullptr || boot_info->numNodes != 0;
    for (;;) {
        if (root_task) {
            seL4_DebugHalt();
        } else {
            (void)seL4_TCB_Suspend(seL4_CapInitThreadTCB);
        }
    }
}
