// The memory functions the compiler may call in a freestanding build (GCC requires memcpy,
// memmove, memset and memcmp even with -ffreestanding). The loops must not be turned back into
// calls to themselves, hence the optimisation attribute.
#include <cstddef>
#include <cstdint>

#define QUOKKA_NO_BUILTIN_LOOPS __attribute__((optimize("no-tree-loop-distribute-patterns")))

namespace {

// Clearing and copying pages is most of what these do at boot. rv64gc moves at most 8 bytes
// per instruction, so a block of 64 words per loop iteration leaves about one instruction in
// thirty for the loop itself (32 words: one in seventeen; 8 words: one in five).
constexpr std::size_t block_words = 64;
constexpr std::size_t block_bytes = block_words * 8;

} // namespace

extern "C" {

QUOKKA_NO_BUILTIN_LOOPS void *memset(void *destination, int value, std::size_t length)
{
    auto *d = static_cast<unsigned char *>(destination);
    auto byte = static_cast<unsigned char>(value);
    while (length > 0 && reinterpret_cast<std::uintptr_t>(d) % 8 != 0) {
        *d++ = byte;
        --length;
    }
    std::uint64_t word = 0x0101010101010101ull * byte;
    auto *w = reinterpret_cast<std::uint64_t *>(d);
    for (auto *end = w + length / block_bytes * block_words; w != end; w += block_words) {
#pragma GCC unroll 64
        for (std::size_t i = 0; i < block_words; ++i)
            w[i] = word;
    }
    for (length %= block_bytes; length >= 64; length -= 64, w += 8) { // a short rest
#pragma GCC unroll 8
        for (std::size_t i = 0; i < 8; ++i)
            w[i] = word;
    }
    for (; length >= 8; length -= 8) {
        *w++ = word;
    }
    d = reinterpret_cast<unsigned char *>(w);
    while (length-- > 0) {
        *d++ = byte;
    }
    return destination;
}

QUOKKA_NO_BUILTIN_LOOPS void *memcpy(void *destination, const void *source, std::size_t length)
{
    auto *d = static_cast<unsigned char *>(destination);
    const auto *s = static_cast<const unsigned char *>(source);
    if ((reinterpret_cast<std::uintptr_t>(d) | reinterpret_cast<std::uintptr_t>(s)) % 8 == 0) {
        auto *dw = reinterpret_cast<std::uint64_t *>(d);
        const auto *sw = reinterpret_cast<const std::uint64_t *>(s);
        for (auto *end = dw + length / block_bytes * block_words; dw != end;
             dw += block_words, sw += block_words) {
#pragma GCC unroll 64
            for (std::size_t i = 0; i < block_words; ++i)
                dw[i] = sw[i];
        }
        for (length %= block_bytes; length >= 64; length -= 64, dw += 8, sw += 8) {
#pragma GCC unroll 8
            for (std::size_t i = 0; i < 8; ++i)
                dw[i] = sw[i];
        }
        for (; length >= 8; length -= 8) {
            *dw++ = *sw++;
        }
        d = reinterpret_cast<unsigned char *>(dw);
        s = reinterpret_cast<const unsigned char *>(sw);
    }
    while (length-- > 0) {
        *d++ = *s++;
    }
    return destination;
}

QUOKKA_NO_BUILTIN_LOOPS void *memmove(void *destination, const void *source, std::size_t length)
{
    auto *d = static_cast<unsigned char *>(destination);
    const auto *s = static_cast<const unsigned char *>(source);
    if (d <= s || d >= s + length) {
        return memcpy(destination, source, length);
    }
    while (length-- > 0) {
        d[length] = s[length];
    }
    return destination;
}

QUOKKA_NO_BUILTIN_LOOPS int memcmp(const void *a, const void *b, std::size_t length)
{
    const auto *x = static_cast<const unsigned char *>(a);
    const auto *y = static_cast<const unsigned char *>(b);
    for (std::size_t i = 0; i < length; ++i) {
        if (x[i] != y[i]) {
            return x[i] < y[i] ? -1 : 1;
        }
    }
    return 0;
}

} // extern "C"
