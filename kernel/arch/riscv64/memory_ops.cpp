// The memory functions the compiler may call in a freestanding build (GCC requires memcpy,
// memmove, memset and memcmp even with -ffreestanding). The loops must not be turned back into
// calls to themselves, hence the optimisation attribute.
#include <cstddef>
#include <cstdint>

#define QUOKKA_NO_BUILTIN_LOOPS __attribute__((optimize("no-tree-loop-distribute-patterns")))

extern "C" {

QUOKKA_NO_BUILTIN_LOOPS void *memset(void *destination, int value, std::size_t length)
{
    auto *d = static_cast<unsigned char *>(destination);
    auto byte = static_cast<unsigned char>(value);
    // Whole aligned words first: clearing pages is the common case at boot.
    while (length > 0 && reinterpret_cast<std::uintptr_t>(d) % 8 != 0) {
        *d++ = byte;
        --length;
    }
    std::uint64_t word = 0x0101010101010101ull * byte;
    auto *w = reinterpret_cast<std::uint64_t *>(d);
    for (; length >= 64; length -= 64, w += 8) {
        w[0] = word; w[1] = word; w[2] = word; w[3] = word;
        w[4] = word; w[5] = word; w[6] = word; w[7] = word;
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
        // Eight words per iteration: the root task's image is copied this way at boot.
        for (; length >= 64; length -= 64, dw += 8, sw += 8) {
            std::uint64_t w0 = sw[0], w1 = sw[1], w2 = sw[2], w3 = sw[3];
            std::uint64_t w4 = sw[4], w5 = sw[5], w6 = sw[6], w7 = sw[7];
            dw[0] = w0; dw[1] = w1; dw[2] = w2; dw[3] = w3;
            dw[4] = w4; dw[5] = w5; dw[6] = w6; dw[7] = w7;
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
