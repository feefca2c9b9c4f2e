/// @file
/// Compiler helpers that let every libsel4 header compile as C (gnu11) and as C++20.
#pragma once

/// Marks a function defined in a header: each translation unit gets a private copy.
#define LIBSEL4_INLINE_FUNC static inline
/// seL4's other spelling of LIBSEL4_INLINE_FUNC, kept for source compatibility.
#define LIBSEL4_INLINE static inline
/// Marks a variable or parameter that may be unused, without a warning.
#define LIBSEL4_UNUSED __attribute__((__unused__))
/// Storage class of per-thread variables (`__thread` works in C and C++ and needs no TLS wrapper).
#define LIBSEL4_THREAD_LOCAL __thread
/// A word with only bit `n` set.
#define LIBSEL4_BIT(n) (1ul << (n))
/// Byte offset of `field` in `type`, usable in constant expressions in C and C++.
#define SEL4_OFFSETOF(type, field) __builtin_offsetof(type, field)

#ifdef __cplusplus
// In C++ the side-effect-free header functions are also constexpr, so the kernel can use them in
// constant expressions, and casts take the C++ forms, so -Wold-style-cast stays quiet.
/// Marks a header function without side effects (`static inline`, and `constexpr` in C++).
#define LIBSEL4_CONSTEXPR_FUNC static inline constexpr
/// Converts `value` to the arithmetic or enumeration type `type` (`static_cast` in C++).
#define SEL4_CAST(type, value) (static_cast<type>(value))
/// Reinterprets the pointer `value` as the pointer type `type` (`reinterpret_cast` in C++).
#define SEL4_REINTERPRET_CAST(type, value) (reinterpret_cast<type>(value))
/// Checks `condition` at compile time (`_Static_assert` in C, `static_assert` in C++).
#define SEL4_STATIC_ASSERT(condition, message) static_assert(condition, message)
#else
/// Marks a header function without side effects (`static inline`, and `constexpr` in C++).
#define LIBSEL4_CONSTEXPR_FUNC static inline
/// Converts `value` to the arithmetic or enumeration type `type` (`static_cast` in C++).
#define SEL4_CAST(type, value) ((type)(value))
/// Reinterprets the pointer `value` as the pointer type `type` (`reinterpret_cast` in C++).
#define SEL4_REINTERPRET_CAST(type, value) ((type)(value))
/// Checks `condition` at compile time (`_Static_assert` in C, `static_assert` in C++).
#define SEL4_STATIC_ASSERT(condition, message) _Static_assert(condition, message)
#endif

/// seL4's compile-time assertion, kept for source compatibility; `name` only documents the check.
#define SEL4_COMPILE_ASSERT(name, condition) SEL4_STATIC_ASSERT(condition, #name);
