// The printf-compatible formatter: parses conversion specifications (C17 7.21.6.1) and emits
// text to a sink through a small staging buffer.
#include "format.hpp"

#include <cstdint>
#include <limits>
#include <type_traits>

namespace format {
namespace {

constexpr std::size_t staging_capacity = 128;
constexpr int int_max = std::numeric_limits<int>::max();
constexpr int int_min = std::numeric_limits<int>::min();

void copy_chars(char *destination, const char *source, std::size_t count)
{
    for (std::size_t i = 0; i < count; ++i)
        destination[i] = source[i];
}

std::size_t min_size(std::size_t a, std::size_t b) { return a < b ? a : b; }

/// Stages output and hands it to the sink in chunks, counting every character produced.
class Output final {
public:
    Output(Sink sink, void *context) : sink_(sink), context_(context) {}

    void write(const char *text, std::size_t length)
    {
        total_ += length;
        if (length >= staging_capacity) { // long runs go straight through, in order
            flush();
            sink_(context_, text, length);
            return;
        }
        while (length > 0) {
            std::size_t n = min_size(length, staging_capacity - used_);
            copy_chars(staged_ + used_, text, n);
            used_ += n;
            text += n;
            length -= n;
            if (used_ == staging_capacity)
                flush();
        }
    }

    void repeat(char c, std::size_t count)
    {
        total_ += count;
        while (count > 0) {
            std::size_t n = min_size(count, staging_capacity - used_);
            for (std::size_t i = 0; i < n; ++i)
                staged_[used_ + i] = c;
            used_ += n;
            count -= n;
            if (used_ == staging_capacity)
                flush();
        }
    }

    void flush()
    {
        if (used_ > 0)
            sink_(context_, staged_, used_);
        used_ = 0;
    }

    std::size_t total() const { return total_; }

private:
    Sink sink_;
    void *context_;
    char staged_[staging_capacity];
    std::size_t used_ = 0;
    std::size_t total_ = 0;
};

/// A va_list wrapped so helpers can take it by reference whatever the ABI's va_list type is
/// (an array on x86-64, so `va_list *` of a parameter would have the wrong type).
struct Arguments {
    va_list list;
};

enum class Length { none, hh, h, l, ll, z, j, t };

/// One parsed conversion specification: `%[flags][width][.precision][length]conversion`.
struct Spec {
    bool left = false;  // '-'
    bool zero = false;  // '0'
    bool plus = false;  // '+'
    bool space = false; // ' '
    bool alt = false;   // '#'
    std::size_t width = 0;
    int precision = -1; // -1 when absent
    Length length = Length::none;
};

// Reads a decimal field, saturating at INT_MAX rather than overflowing.
int parse_decimal(const char *&p)
{
    int value = 0;
    for (; *p >= '0' && *p <= '9'; ++p) {
        int digit = *p - '0';
        value = value > (int_max - digit) / 10 ? int_max : value * 10 + digit;
    }
    return value;
}

const char *parse_flags(const char *p, Spec &spec)
{
    for (;; ++p) {
        switch (*p) {
        case '-': spec.left = true; break;
        case '0': spec.zero = true; break;
        case '+': spec.plus = true; break;
        case ' ': spec.space = true; break;
        case '#': spec.alt = true; break;
        default: return p;
        }
    }
}

// A negative `*` width means the '-' flag plus its magnitude (C17 7.21.6.1p5).
const char *parse_width(const char *p, Spec &spec, Arguments &arguments)
{
    if (*p != '*') {
        spec.width = static_cast<std::size_t>(parse_decimal(p));
        return p;
    }
    int width = va_arg(arguments.list, int);
    if (width < 0) {
        spec.left = true;
        width = width == int_min ? int_max : -width;
    }
    spec.width = static_cast<std::size_t>(width);
    return p + 1;
}

// A negative `*` precision is taken as if the precision were omitted; a lone '.' means 0.
const char *parse_precision(const char *p, Spec &spec, Arguments &arguments)
{
    if (*p != '.')
        return p;
    ++p;
    if (*p == '*') {
        int precision = va_arg(arguments.list, int);
        spec.precision = precision < 0 ? -1 : precision;
        return p + 1;
    }
    spec.precision = parse_decimal(p);
    return p;
}

const char *parse_length(const char *p, Spec &spec)
{
    switch (*p) {
    case 'h':
        if (p[1] == 'h') {
            spec.length = Length::hh;
            return p + 2;
        }
        spec.length = Length::h;
        return p + 1;
    case 'l':
        if (p[1] == 'l') {
            spec.length = Length::ll;
            return p + 2;
        }
        spec.length = Length::l;
        return p + 1;
    case 'z': spec.length = Length::z; return p + 1;
    case 'j': spec.length = Length::j; return p + 1;
    case 't': spec.length = Length::t; return p + 1;
    default: return p;
    }
}

static_assert(sizeof(std::intmax_t) <= sizeof(long long), "intmax_t must fit long long");

// Arguments narrower than int arrive promoted to int; hh and h convert them back (7.21.6.1p7).
long long fetch_signed(Arguments &arguments, Length length)
{
    switch (length) {
    case Length::none: return va_arg(arguments.list, int);
    case Length::hh: return static_cast<signed char>(va_arg(arguments.list, int));
    case Length::h: return static_cast<short>(va_arg(arguments.list, int));
    case Length::l: return va_arg(arguments.list, long);
    case Length::ll: return va_arg(arguments.list, long long);
    case Length::z: return va_arg(arguments.list, std::make_signed_t<std::size_t>);
    case Length::j: return va_arg(arguments.list, std::intmax_t);
    case Length::t: return va_arg(arguments.list, std::ptrdiff_t);
    }
    return 0;
}

unsigned long long fetch_unsigned(Arguments &arguments, Length length)
{
    switch (length) {
    case Length::none: return va_arg(arguments.list, unsigned);
    case Length::hh: return static_cast<unsigned char>(va_arg(arguments.list, unsigned));
    case Length::h: return static_cast<unsigned short>(va_arg(arguments.list, unsigned));
    case Length::l: return va_arg(arguments.list, unsigned long);
    case Length::ll: return va_arg(arguments.list, unsigned long long);
    case Length::z: return va_arg(arguments.list, std::size_t);
    case Length::j: return va_arg(arguments.list, std::uintmax_t);
    case Length::t: return va_arg(arguments.list, std::make_unsigned_t<std::ptrdiff_t>);
    }
    return 0;
}

/// An integer ready to print: its magnitude, base and what goes before the digits.
struct Number {
    unsigned long long magnitude = 0;
    unsigned base = 10;
    bool uppercase = false;
    char sign = '\0';         // '-', '+', ' ' or none
    bool hex_prefix = false;  // "0x" / "0X"
};

// Layout: [spaces] [sign or 0x] [zeros] digits [spaces]. The precision is the minimum number of
// digits; the '0' flag pads with zeros only when no precision is given (7.21.6.1p6).
void put_number(Output &out, const Spec &spec, const Number &number)
{
    const char *alphabet = number.uppercase ? "0123456789ABCDEF" : "0123456789abcdef";
    char digits[24]; // 22 octal digits hold 64 bits
    char *end = digits + sizeof digits;
    char *first = end;
    for (unsigned long long v = number.magnitude; v != 0; v /= number.base)
        *--first = alphabet[v % number.base];
    if (number.magnitude == 0 && spec.precision != 0)
        *--first = '0'; // a zero value with precision 0 prints no digits at all
    std::size_t digit_count = static_cast<std::size_t>(end - first);

    std::size_t precision = spec.precision < 0 ? 0 : static_cast<std::size_t>(spec.precision);
    std::size_t zeros = precision > digit_count ? precision - digit_count : 0;
    // '#' with 'o' raises the precision just enough that the first digit is 0.
    if (spec.alt && number.base == 8 && zeros == 0 && (digit_count == 0 || *first != '0'))
        zeros = 1;

    char prefix[3];
    std::size_t prefix_length = 0;
    if (number.sign != '\0')
        prefix[prefix_length++] = number.sign;
    if (number.hex_prefix) {
        prefix[prefix_length++] = '0';
        prefix[prefix_length++] = number.uppercase ? 'X' : 'x';
    }

    std::size_t body = prefix_length + zeros + digit_count;
    std::size_t padding = spec.width > body ? spec.width - body : 0;
    if (!spec.left && spec.zero && spec.precision < 0) {
        zeros += padding;
        padding = 0;
    }
    if (!spec.left)
        out.repeat(' ', padding);
    out.write(prefix, prefix_length);
    out.repeat('0', zeros);
    out.write(first, digit_count);
    if (spec.left)
        out.repeat(' ', padding);
}

void put_text(Output &out, const Spec &spec, const char *text, std::size_t length)
{
    std::size_t padding = spec.width > length ? spec.width - length : 0;
    if (!spec.left)
        out.repeat(' ', padding);
    out.write(text, length);
    if (spec.left)
        out.repeat(' ', padding);
}

void put_signed(Output &out, const Spec &spec, long long value)
{
    Number number;
    // Negate in unsigned arithmetic so the most negative value does not overflow.
    number.magnitude = value < 0 ? 0ULL - static_cast<unsigned long long>(value)
                                 : static_cast<unsigned long long>(value);
    number.sign = value < 0 ? '-' : spec.plus ? '+' : spec.space ? ' ' : '\0';
    put_number(out, spec, number);
}

void put_unsigned(Output &out, const Spec &spec, unsigned long long value, char conversion)
{
    Number number;
    number.magnitude = value;
    number.base = conversion == 'o' ? 8 : conversion == 'u' ? 10 : 16;
    number.uppercase = conversion == 'X';
    number.hex_prefix = spec.alt && number.base == 16 && value != 0;
    put_number(out, spec, number);
}

void put_pointer(Output &out, const Spec &spec, const void *pointer)
{
    Number number;
    number.magnitude = reinterpret_cast<std::uintptr_t>(pointer);
    number.base = 16;
    number.hex_prefix = true;
    put_number(out, spec, number);
}

// %s reads at most `precision` bytes, so an unterminated array is fine when a precision is given.
void put_string(Output &out, const Spec &spec, const char *text)
{
    if (text == nullptr)
        text = "(null)";
    std::size_t length = 0;
    while ((spec.precision < 0 || length < static_cast<std::size_t>(spec.precision)) &&
           text[length] != '\0')
        ++length;
    put_text(out, spec, text, length);
}

/// Formats the conversion starting at the '%' at @p start; returns where ordinary text resumes.
const char *convert(Output &out, const char *start, Arguments &arguments)
{
    Spec spec;
    const char *p = parse_flags(start + 1, spec);
    p = parse_width(p, spec, arguments);
    p = parse_precision(p, spec, arguments);
    p = parse_length(p, spec);
    switch (*p) {
    case 'd':
    case 'i': put_signed(out, spec, fetch_signed(arguments, spec.length)); break;
    case 'u':
    case 'x':
    case 'X':
    case 'o': put_unsigned(out, spec, fetch_unsigned(arguments, spec.length), *p); break;
    case 'p': put_pointer(out, spec, va_arg(arguments.list, const void *)); break;
    case 's': put_string(out, spec, va_arg(arguments.list, const char *)); break;
    case 'c': {
        char c = static_cast<char>(va_arg(arguments.list, int));
        put_text(out, spec, &c, 1);
        break;
    }
    case '%': out.write("%", 1); break;
    case '\0': // the format ends inside a specification: copy what there is
        out.write(start, static_cast<std::size_t>(p - start));
        return p;
    default: // unsupported (floating point, %n, ...): copy the specification as written
        out.write(start, static_cast<std::size_t>(p + 1 - start));
        break;
    }
    return p + 1;
}

/// Where vformat_to() writes: a buffer of which at most `limit` characters are used.
struct BoundedBuffer {
    char *buffer;
    std::size_t limit;
    std::size_t used;
};

void append_bounded(void *context, const char *text, std::size_t length)
{
    auto *target = static_cast<BoundedBuffer *>(context);
    std::size_t n = min_size(length, target->limit - target->used);
    copy_chars(target->buffer + target->used, text, n);
    target->used += n;
}

} // namespace

std::size_t vformat(Sink sink, void *context, const char *fmt, va_list args)
{
    if (fmt == nullptr)
        return 0;
    Output out(sink, context);
    Arguments arguments;
    va_copy(arguments.list, args);
    const char *p = fmt;
    while (*p != '\0') {
        const char *run = p;
        while (*p != '\0' && *p != '%')
            ++p;
        out.write(run, static_cast<std::size_t>(p - run));
        if (*p == '%')
            p = convert(out, p, arguments);
    }
    va_end(arguments.list);
    out.flush();
    return out.total();
}

std::size_t vformat_to(char *buffer, std::size_t size, const char *fmt, va_list args)
{
    BoundedBuffer target{buffer, size > 0 ? size - 1 : 0, 0};
    std::size_t total = vformat(append_bounded, &target, fmt, args);
    if (size > 0)
        buffer[target.used] = '\0';
    return total;
}

std::size_t format_to(char *buffer, std::size_t size, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    std::size_t total = vformat_to(buffer, size, fmt, args);
    va_end(args);
    return total;
}

} // namespace format
