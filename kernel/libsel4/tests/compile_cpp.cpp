// Compile check: the whole libsel4 API as C++20, plus the pure helpers in constant expressions.
// Built, never linked or run.
#include "abi_checks.h"
#include "api_usage.h"

// Encodings of the reference (§2.1, §3.2), evaluated by the compiler.
static_assert(seL4_MessageInfo_new(0, 0, 0, 1).words[0] == 1);
static_assert(seL4_MessageInfo_new(UntypedRetype, 0, 1, 6).words[0] == ((1ul << 12) | (1 << 7) | 6));
static_assert(seL4_MessageInfo_get_label(seL4_MessageInfo_new(0xfffffffffffff, 7, 3, 127)) == 0xfffffffffffff);
static_assert(seL4_MessageInfo_get_capsUnwrapped(seL4_MessageInfo_new(0, 5, 0, 0)) == 5);
static_assert(seL4_MessageInfo_get_extraCaps(seL4_MessageInfo_set_extraCaps(seL4_MessageInfo_new(1, 0, 0, 0), 3)) == 3);
static_assert(seL4_MessageInfo_get_length(seL4_MessageInfo_set_length(seL4_MessageInfo_new(1, 0, 0, 0), 120)) == 120);
static_assert(seL4_MessageInfo_set_label(seL4_MessageInfo_new(0, 0, 0, 4), 9).words[0] == ((9ul << 12) | 4));
static_assert(seL4_MessageInfo_set_capsUnwrapped(seL4_MessageInfo_new(0, 0, 0, 0), 1).words[0] == (1 << 9));
static_assert(seL4_AllRights.words[0] == 0xf && seL4_ReadWrite.words[0] == 0x3 && seL4_CanRead.words[0] == 0x2);
static_assert(seL4_CanWrite.words[0] == 0x1 && seL4_CanGrant.words[0] == 0x4 && seL4_CanGrantReply.words[0] == 0x8);
static_assert(seL4_NoWrite.words[0] == 0xe && seL4_NoRead.words[0] == 0xd && seL4_NoRights.words[0] == 0);
static_assert(seL4_CapRights_get_capAllowGrantReply(seL4_CanGrantReply) == 1);
static_assert(seL4_CapRights_get_capAllowGrant(seL4_CanGrant) == 1);
static_assert(seL4_CapRights_get_capAllowRead(seL4_CanWrite) == 0);
static_assert(seL4_CapRights_get_capAllowWrite(seL4_CanWrite) == 1);
static_assert(seL4_CNode_CapData_new(0x5, 52).words[0] == ((0x5ul << 6) | 52));
static_assert(seL4_CNode_CapData_get_guard(seL4_CNode_CapData_new(0x5, 52)) == 5);
static_assert(seL4_CNode_CapData_get_guardSize(seL4_CNode_CapData_new(0x5, 52)) == 52);
static_assert(seL4_MaxExtraRefills(seL4_MinSchedContextBits) == 0 && seL4_MaxExtraRefills(10) == 56);
