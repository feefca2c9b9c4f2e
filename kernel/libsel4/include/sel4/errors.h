/// @file
/// Error codes that invocations return, and the kinds of capability-lookup failure.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/// Result of an invocation: the label of the kernel's reply to a Call.
typedef enum {
    seL4_NoError = 0,           ///< Success.
    seL4_InvalidArgument = 1,   ///< MR0 = index of the bad argument.
    seL4_InvalidCapability = 2, ///< MR0 = which cap: 0 the invoked one, n the extra cap n-1.
    seL4_IllegalOperation = 3,  ///< The operation is not allowed on this object or cap.
    seL4_RangeError = 4,        ///< MR0 = smallest, MR1 = largest allowed value.
    seL4_AlignmentError = 5,    ///< An address or size is misaligned.
    seL4_FailedLookup = 6,      ///< MR0 = 1 if the source lookup failed; MR1.. = the failure.
    seL4_TruncatedMessage = 7,  ///< The message is too short for the invocation.
    seL4_DeleteFirst = 8,       ///< The destination slot or mapping is occupied.
    seL4_RevokeFirst = 9,       ///< The object still has children or references.
    seL4_NotEnoughMemory = 10,  ///< MR0 = bytes still free in the untyped.
    seL4_NumErrors = 11         ///< Number of error codes.
} seL4_Error;

/// Why a capability lookup failed (CapFault MR3, FailedLookup MR1).
typedef enum {
    seL4_NoFailure = 0,         ///< No failure.
    seL4_InvalidRoot = 1,       ///< The root is not a CNode.
    seL4_MissingCapability = 2, ///< A slot on the way is empty or not a CNode; then bitsLeft.
    seL4_DepthMismatch = 3,     ///< The depth did not end on a level boundary; then bitsLeft, bitsFound.
    seL4_GuardMismatch = 4      ///< A guard did not match; then bitsLeft, guardFound, bitsFound.
} seL4_LookupFailureType;

#ifdef __cplusplus
}
#endif
