// Tests of the printf-compatible formatter (kernel/src/format.cpp), mostly against the host's
// snprintf.
#include <catch2/catch.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "format.hpp"

namespace {

// Formats with both the host's snprintf and format_to and compares text and length; the
// format string stays a literal so the compiler checks it against the arguments.
#define CHECK_LIKE_SNPRINTF(...)                                                                   \
    do {                                                                                           \
        char expected_[512];                                                                       \
        char actual_[512];                                                                         \
        int expected_length_ = std::snprintf(expected_, sizeof expected_, __VA_ARGS__);            \
        std::size_t actual_length_ = format::format_to(actual_, sizeof actual_, __VA_ARGS__);      \
        INFO("format_to(" #__VA_ARGS__ ")");                                                       \
        CHECK(std::string(actual_) == std::string(expected_));                                     \
        CHECK(actual_length_ == static_cast<std::size_t>(expected_length_));                       \
    } while (0)

// The same for a format string the compiler cannot see: for flag combinations that C defines
// but GCC's -Wformat flags as redundant (such as '0' with '-' or with a precision).
template <typename... Args>
void check_like_snprintf_at_runtime(const std::string &fmt, Args... args)
{
    char expected[512];
    char actual[512];
    int expected_length = std::snprintf(expected, sizeof expected, fmt.c_str(), args...);
    std::size_t actual_length = format::format_to(actual, sizeof actual, fmt.c_str(), args...);
    INFO("format_to(\"" << fmt << "\", ...)");
    CHECK(std::string(actual) == std::string(expected));
    CHECK(actual_length == static_cast<std::size_t>(expected_length));
}

// Formats through vformat_to without the printf format attribute, for formats the compiler
// would (rightly) warn about: unsupported conversions and broken specifications.
std::string render(const char *fmt, ...)
{
    char buffer[256];
    va_list args;
    va_start(args, fmt);
    std::size_t length = format::vformat_to(buffer, sizeof buffer, fmt, args);
    va_end(args);
    REQUIRE(length < sizeof buffer);
    return std::string(buffer, length);
}

/// A sink that records every chunk it receives.
struct Recorder {
    std::string text;
    std::vector<std::size_t> chunks;

    static void sink(void *context, const char *text, std::size_t length)
    {
        auto *self = static_cast<Recorder *>(context);
        self->text.append(text, length);
        self->chunks.push_back(length);
    }

    std::size_t print(const char *fmt, ...) __attribute__((format(printf, 2, 3)))
    {
        va_list args;
        va_start(args, fmt);
        std::size_t length = format::vformat(&Recorder::sink, this, fmt, args);
        va_end(args);
        return length;
    }
};

} // namespace

TEST_CASE("format: plain text and %% are copied", "[format]")
{
    CHECK_LIKE_SNPRINTF("hello, world");
    CHECK_LIKE_SNPRINTF("%s", "");
    CHECK_LIKE_SNPRINTF("100%% sure, %%d is %d", 5);
    CHECK_LIKE_SNPRINTF("%%%%");
    CHECK(render("") == "");
}

TEST_CASE("format: signed conversions match snprintf", "[format]")
{
    for (int value : {0, 1, -1, 7, -42, 1234567, INT_MAX, INT_MIN}) {
        CHECK_LIKE_SNPRINTF("%d|%i", value, value);
        CHECK_LIKE_SNPRINTF("[%5d][%-5d][%05d][%+d][% d][%+05d][%- 6d]", value, value, value,
                            value, value, value, value);
        CHECK_LIKE_SNPRINTF("[%.3d][%8.3d][%-8.3d][%.0d][%+.0d][%5.0d][%.12d][%20.15d]", value,
                            value, value, value, value, value, value, value);
        // '0' gives way to '-' and to a precision, and ' ' to '+' (C17 7.21.6.1p6).
        check_like_snprintf_at_runtime("[%08.3d][%+ d][% +d][%0-6d][%-06d]", value, value, value,
                                       value, value);
    }
}

TEST_CASE("format: unsigned conversions match snprintf", "[format]")
{
    for (unsigned value : {0u, 1u, 8u, 10u, 255u, 0xdeadbeefu, UINT_MAX}) {
        CHECK_LIKE_SNPRINTF("%u %x %X %o", value, value, value, value);
        CHECK_LIKE_SNPRINTF("[%#x][%#X][%#o][%#10x][%#-10x][%#010x][%#.0x][%#.0o]", value, value,
                            value, value, value, value, value, value);
        CHECK_LIKE_SNPRINTF("[%.0u][%.0x][%.0o][%.5o][%#.5o][%#5o][%012o][%-12X]", value, value,
                            value, value, value, value, value, value);
        CHECK_LIKE_SNPRINTF("[%8.4X][%-8.4u][%#.9o]", value, value, value);
        check_like_snprintf_at_runtime("[%08.4x][%#08.4x][%-#08o]", value, value, value);
    }
}

TEST_CASE("format: length modifiers take and convert arguments as C says", "[format]")
{
    CHECK_LIKE_SNPRINTF("%hhd %hhd %hhu %hhx", 300, -129, 511, 0x1ff);
    CHECK_LIKE_SNPRINTF("%hd %hd %hu %ho", 70000, -32769, 0x1ffff, 0x1ffff);
    CHECK_LIKE_SNPRINTF("%ld %ld %lu %lx", LONG_MIN, LONG_MAX, ULONG_MAX, 0x123456789abcdefUL);
    CHECK_LIKE_SNPRINTF("%lld %llu %llX %llo", LLONG_MIN, ULLONG_MAX, 0xfedcba9876543210ULL,
                        ULLONG_MAX);
    CHECK_LIKE_SNPRINTF("%zu %zx %zd", SIZE_MAX, static_cast<std::size_t>(4096),
                        static_cast<std::make_signed_t<std::size_t>>(-5));
    CHECK_LIKE_SNPRINTF("%jd %ju %jx", INTMAX_MIN, UINTMAX_MAX, UINTMAX_MAX);
    CHECK_LIKE_SNPRINTF("%td %tu", static_cast<std::ptrdiff_t>(-77),
                        static_cast<std::ptrdiff_t>(77));
    CHECK_LIKE_SNPRINTF("[%-+20lld][%020lld][%#30llo]", LLONG_MIN, LLONG_MIN, ULLONG_MAX);
}

TEST_CASE("format: * takes width and precision from the arguments", "[format]")
{
    CHECK_LIKE_SNPRINTF("[%*d][%-*d][%.*d][%*.*d]", 6, 42, 6, 42, 4, 42, 8, 5, -42);
    CHECK_LIKE_SNPRINTF("[%*d]", -6, 42);                 // negative width: left-justified
    // A negative precision counts as absent, so the '0' flag applies again.
    check_like_snprintf_at_runtime("[%.*d][%0*.*d]", -3, 7, 5, -1, 7);
    CHECK_LIKE_SNPRINTF("[%*s][%.*s][%-*.*s]", 8, "abc", 2, "abcdef", 7, 3, "abcdef");
    CHECK_LIKE_SNPRINTF("[%*c][%-*c]", 3, 'x', 3, 'y');
}

TEST_CASE("format: strings and characters match snprintf", "[format]")
{
    CHECK_LIKE_SNPRINTF("[%s][%10s][%-10s][%.2s][%.0s][%10.3s][%-10.3s]", "quokka", "quokka",
                        "quokka", "quokka", "quokka", "quokka", "quokka");
    CHECK_LIKE_SNPRINTF("[%c][%3c][%-3c][%c%c]", 'a', 'b', 'c', '\x7f', 'z');
    CHECK_LIKE_SNPRINTF("[%s][%.20s]", "exact", "short");
}

TEST_CASE("format: %s of a null pointer prints (null)", "[format]")
{
    const char *volatile null_text = nullptr;
    CHECK(render("[%s]", null_text) == "[(null)]");
    CHECK(render("[%8s]", null_text) == "[  (null)]");
    CHECK(render("[%.3s]", null_text) == "[(nu]");
}

TEST_CASE("format: %s with a precision reads no further than the precision", "[format]")
{
    const char unterminated[3] = {'a', 'b', 'c'};
    CHECK(render("%.3s|%.2s", unterminated, unterminated) == "abc|ab");
}

TEST_CASE("format: %p prints 0x and lowercase hex", "[format]")
{
    void *pointer = reinterpret_cast<void *>(0xabcdef12);
    CHECK_LIKE_SNPRINTF("[%p][%20p][%-20p]", pointer, pointer, pointer);
    check_like_snprintf_at_runtime("[%020p][%.10p]", pointer, pointer); // zeros after the 0x
    CHECK(render("%p", reinterpret_cast<void *>(UINTPTR_MAX)) == "0xffffffffffffffff");
    CHECK(render("%p", static_cast<void *>(nullptr)) == "0x0");
    CHECK(render("%5p", static_cast<void *>(nullptr)) == "  0x0");
}

TEST_CASE("format: unsupported conversions are copied as written", "[format]")
{
    CHECK(render("%f", 1.5) == "%f");
    CHECK(render("a%5.2fb", 1.5) == "a%5.2fb");
    CHECK(render("%Lf|%e|%g|%a|%n", 0) == "%Lf|%e|%g|%a|%n");
    CHECK(render("%q%d", 3) == "%q3");
    CHECK(render("%lld %f %d", 1LL, 2) == "1 %f 2"); // %f takes no integer argument
}

TEST_CASE("format: a format ending inside a specification copies the rest", "[format]")
{
    CHECK(render("abc%") == "abc%");
    CHECK(render("abc%-08") == "abc%-08");
    CHECK(render("%ll") == "%ll");
    CHECK(render("%.") == "%.");
}

TEST_CASE("format: vformat_to truncates and terminates like snprintf", "[format]")
{
    char buffer[8];
    std::fill(std::begin(buffer), std::end(buffer), 'X');
    CHECK(format::format_to(buffer, 5, "hello %s", "world") == 11);
    CHECK(std::string(buffer) == "hell");
    CHECK(buffer[5] == 'X');

    CHECK(format::format_to(buffer, 1, "%d", 12345) == 5);
    CHECK(buffer[0] == '\0');

    CHECK(format::format_to(nullptr, 0, "%d-%s", 12345, "abc") == 9);

    CHECK(format::format_to(buffer, 8, "1234567") == 7);
    CHECK(std::string(buffer) == "1234567");
    CHECK(format::format_to(buffer, 8, "12345678") == 8);
    CHECK(std::string(buffer) == "1234567");
}

TEST_CASE("format: vformat emits short output in one chunk", "[format]")
{
    Recorder recorder;
    CHECK(recorder.print("tcb %d: %s at %#lx\n", 3, "root", 0x80200000UL) == 26);
    CHECK(recorder.text == "tcb 3: root at 0x80200000\n");
    CHECK(recorder.chunks.size() == 1);
}

TEST_CASE("format: vformat emits long output in few, ordered chunks", "[format]")
{
    std::string long_text(1000, 'q');
    Recorder recorder;
    std::size_t length = recorder.print("<%s|%600d|%-300x>", long_text.c_str(), -1, 0xabcu);
    char expected[2048];
    int expected_length = std::snprintf(expected, sizeof expected, "<%s|%600d|%-300x>",
                                        long_text.c_str(), -1, 0xabcu);
    CHECK(recorder.text == expected);
    CHECK(length == static_cast<std::size_t>(expected_length));
    CHECK(recorder.chunks.size() <= 12); // 1904 bytes, never one call per character
}

TEST_CASE("format: vformat with no output calls no sink", "[format]")
{
    Recorder recorder;
    CHECK(recorder.print("%s", "") == 0);
    CHECK(recorder.chunks.empty());
}

TEST_CASE("format: random specifications match snprintf", "[format]")
{
    std::mt19937_64 random(20240521);
    const char conversions[] = "diuxXocsp";
    const char *const lengths[] = {"", "hh", "h", "l", "ll", "z", "j", "t"};
    const char *const strings[] = {"", "a", "quokka", "Rottnest Island"};
    std::vector<std::string> mismatches;
    for (int round = 0; round < 20000; ++round) {
        char conversion = conversions[random() % (sizeof conversions - 1)];
        std::string spec = "[%";
        bool text = conversion == 'c' || conversion == 's' || conversion == 'p';
        const char *flags = text ? "-" : "-0+ #";
        for (const char *flag = flags; *flag != '\0'; ++flag)
            if (random() % 4 == 0)
                spec += *flag;
        if (random() % 2 == 0)
            spec += std::to_string(random() % 25);
        if (conversion != 'c' && conversion != 'p' && random() % 2 == 0)
            spec += "." + std::to_string(random() % 25);
        bool integer = !text;
        if (integer)
            spec += lengths[random() % 8];
        spec += conversion;
        spec += "]";

        std::uint64_t bits = random();
        bits >>= random() % 64; // small values too
        const std::uint64_t extremes[] = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff,
                                          0x7fffffffffffffff, 0x8000000000000000, ~0ULL};
        if (random() % 8 == 0)
            bits = extremes[random() % 8];
        char expected[128], actual[128];
        int expected_length = 0;
        std::size_t actual_length = 0;
        // Integers travel as long long: that is at least as wide as every length modifier's
        // type and is what both functions read for l/ll/z/j/t; narrower ones read the low int.
        auto both = [&](auto argument) {
            expected_length = std::snprintf(expected, sizeof expected, spec.c_str(), argument);
            actual_length = format::format_to(actual, sizeof actual, spec.c_str(), argument);
        };
        if (conversion == 's')
            both(strings[bits % 4]);
        else if (conversion == 'c')
            both(static_cast<int>(' ' + bits % 95));
        else if (conversion == 'p')
            both(reinterpret_cast<void *>(bits | 1));
        else
            both(static_cast<long long>(bits));
        if (std::string(actual) != expected ||
            actual_length != static_cast<std::size_t>(expected_length))
            mismatches.push_back(spec + " of " + std::to_string(bits) + ": \"" + actual +
                                 "\" instead of \"" + expected + "\"");
    }
    CHECK(mismatches == std::vector<std::string>{});
}
