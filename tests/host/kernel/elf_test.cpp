// Tests of ELF64 executable validation and segment iteration (kernel/src/elf.cpp).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "elf.hpp"
#include "support/elf_builder.hpp"

using namespace test_support;

namespace {

constexpr std::uint64_t user_top = 0x4000000000; // Sv39's lower half
constexpr std::uint64_t text_base = 0x10000;
constexpr std::uint64_t data_base = 0x11000;

std::vector<std::uint8_t> filled(std::size_t size, std::uint8_t first)
{
    std::vector<std::uint8_t> bytes(size);
    for (std::size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<std::uint8_t>(first + i);
    return bytes;
}

// A static program: text (R+X), a note, data with bss (R+W) and a TLS template inside it.
std::vector<ElfSegmentSpec> typical_segments()
{
    return {
        {pt_load, pf_r | pf_x, text_base, 0x40, filled(0x40, 0x10)},
        {pt_note, pf_r, 0, 8, filled(8, 0)},
        {pt_load, pf_r | pf_w, data_base, 0x100, filled(0x10, 0xa0)},
        {pt_tls, pf_r, data_base + 0x8, 0x20, filled(0x8, 0xa8)},
    };
}

std::vector<std::uint8_t> typical_image() { return build_elf(text_base + 4, typical_segments()); }

// Parses a copy in a buffer of exactly @p length bytes, so ASan reports any read past it.
// The copy is gone on return: use the result's status and error, not its segments' bytes.
Result<elf::Image, elf::Error> parse_prefix(const std::vector<std::uint8_t> &image,
                                            std::size_t length, std::uint64_t top = user_top)
{
    std::vector<std::uint8_t> copy(image.begin(), image.begin() + static_cast<long>(length));
    return elf::Image::parse(copy.data(), copy.size(), top);
}

elf::Error parse_error(const std::vector<std::uint8_t> &image, std::uint64_t top = user_top)
{
    auto result = parse_prefix(image, image.size(), top);
    REQUIRE_FALSE(result.is_ok());
    return result.error();
}

std::size_t phdr(std::size_t index)
{
    return elf_offset::header_size + index * elf_offset::phdr_size;
}

} // namespace

TEST_CASE("elf: parse accepts a static RISC-V executable and lists its PT_LOAD segments", "[elf]")
{
    auto image = typical_image();
    auto result = elf::Image::parse(image.data(), image.size(), user_top);
    REQUIRE(result.is_ok());
    const elf::Image &elf = result.value();
    CHECK(elf.entry() == text_base + 4);
    REQUIRE(elf.segment_count() == 2);

    elf::Segment text = elf.segment(0);
    CHECK(text.vaddr == text_base);
    CHECK(text.memsz == 0x40);
    CHECK(text.filesz == 0x40);
    CHECK(text.readable);
    CHECK_FALSE(text.writable);
    CHECK(text.executable);
    CHECK(elf.bytes(text)[0] == 0x10);
    CHECK(elf.bytes(text)[0x3f] == 0x4f);
    CHECK(elf.bytes(text) == image.data() + text.file_offset);

    elf::Segment data = elf.segment(1);
    CHECK(data.vaddr == data_base);
    CHECK(data.memsz == 0x100);
    CHECK(data.filesz == 0x10);
    CHECK(data.readable);
    CHECK(data.writable);
    CHECK_FALSE(data.executable);
    CHECK(elf.bytes(data)[0] == 0xa0);

    CHECK(elf.lowest_vaddr() == text_base);
    CHECK(elf.highest_vaddr() == data_base + 0x100);
}

TEST_CASE("elf: parse finds the PT_TLS template", "[elf]")
{
    auto image = typical_image();
    auto result = elf::Image::parse(image.data(), image.size(), user_top);
    REQUIRE(result.is_ok());
    REQUIRE(result.value().has_tls());
    elf::Segment tls = result.value().tls();
    CHECK(tls.vaddr == data_base + 8);
    CHECK(tls.filesz == 8);
    CHECK(tls.memsz == 0x20);
    CHECK(result.value().bytes(tls)[0] == 0xa8);

    auto plain = build_elf(text_base, {{pt_load, pf_r | pf_x, text_base, 0x10, filled(0x10, 0)}});
    auto without = elf::Image::parse(plain.data(), plain.size(), user_top);
    REQUIRE(without.is_ok());
    CHECK_FALSE(without.value().has_tls());
}

TEST_CASE("elf: segment extent covers segments in any order", "[elf]")
{
    auto image = build_elf(text_base, {
        {pt_load, pf_r | pf_w, 0x30000, 0x2000, {}},
        {pt_load, pf_r | pf_x, text_base, 0x10, filled(0x10, 0)},
        {pt_load, pf_r, 0x20000, 0x18000, filled(4, 0)},
    });
    auto result = elf::Image::parse(image.data(), image.size(), user_top);
    REQUIRE(result.is_ok());
    CHECK(result.value().segment_count() == 3);
    CHECK(result.value().lowest_vaddr() == text_base);
    CHECK(result.value().highest_vaddr() == 0x38000);
    CHECK(result.value().segment(0).filesz == 0); // pure bss
    CHECK(result.value().segment(3).memsz == 0);  // past the end: empty
}

TEST_CASE("elf: parse reads an image at any alignment", "[elf]")
{
    auto image = typical_image();
    std::vector<std::uint8_t> shifted(image.size() + 1);
    std::copy(image.begin(), image.end(), shifted.begin() + 1);
    auto result = elf::Image::parse(shifted.data() + 1, image.size(), user_top);
    REQUIRE(result.is_ok());
    CHECK(result.value().entry() == text_base + 4);
    CHECK(result.value().segment(1).vaddr == data_base);
}

TEST_CASE("elf: parse rejects images that are not RISC-V ELF64 executables", "[elf]")
{
    auto image = typical_image();
    SECTION("too small")
    {
        CHECK(parse_prefix(image, 63).error() == elf::Error::too_small);
        CHECK(elf::Image::parse(nullptr, 4096, user_top).error() == elf::Error::too_small);
    }
    SECTION("bad magic")
    {
        image[3] = 'G';
        CHECK(parse_error(image) == elf::Error::bad_magic);
    }
    SECTION("32-bit class")
    {
        image[elf_offset::ident_class] = 1;
        CHECK(parse_error(image) == elf::Error::not_64bit);
    }
    SECTION("big-endian data")
    {
        image[elf_offset::ident_data] = 2;
        CHECK(parse_error(image) == elf::Error::not_little_endian);
    }
    SECTION("x86-64 machine")
    {
        put_le(image, elf_offset::machine, 62, 2);
        CHECK(parse_error(image) == elf::Error::not_riscv);
    }
    SECTION("shared object")
    {
        put_le(image, elf_offset::type, 3, 2);
        CHECK(parse_error(image) == elf::Error::not_executable);
    }
}

TEST_CASE("elf: parse rejects a bad program header table", "[elf]")
{
    auto image = typical_image();
    SECTION("wrong e_phentsize")
    {
        put_le(image, elf_offset::phentsize, 32, 2);
    }
    SECTION("table past the end of the file")
    {
        put_le(image, elf_offset::phoff, image.size() - 8, 8);
    }
    SECTION("too many entries")
    {
        put_le(image, elf_offset::phnum, 0xffff, 2);
    }
    SECTION("offset that wraps around")
    {
        put_le(image, elf_offset::phoff, ~std::uint64_t{0} - 8, 8);
    }
    CHECK(parse_error(image) == elf::Error::bad_program_headers);
}

TEST_CASE("elf: parse rejects segments whose bytes are outside the file", "[elf]")
{
    auto image = typical_image();
    SECTION("filesz past the end")
    {
        put_le(image, phdr(2) + elf_offset::p_filesz, image.size(), 8);
        put_le(image, phdr(2) + elf_offset::p_memsz, image.size() * 2, 8);
    }
    SECTION("offset that wraps around")
    {
        put_le(image, phdr(0) + elf_offset::p_offset, ~std::uint64_t{0} - 0x10, 8);
    }
    SECTION("a TLS template past the end")
    {
        put_le(image, phdr(3) + elf_offset::p_offset, image.size() - 4, 8);
    }
    CHECK(parse_error(image) == elf::Error::segment_out_of_file);
}

TEST_CASE("elf: parse rejects segments that overflow", "[elf]")
{
    auto image = typical_image();
    SECTION("filesz larger than memsz")
    {
        put_le(image, phdr(2) + elf_offset::p_memsz, 0x8, 8);
    }
    SECTION("vaddr + memsz wraps around")
    {
        put_le(image, phdr(2) + elf_offset::p_vaddr, ~std::uint64_t{0} - 0x10, 8);
    }
    CHECK(parse_error(image) == elf::Error::segment_overflow);
}

TEST_CASE("elf: parse rejects segments above the user address limit", "[elf]")
{
    auto image = typical_image();
    CHECK(parse_error(image, data_base + 0x100 - 1) == elf::Error::segment_outside_user);
    CHECK(parse_prefix(image, image.size(), data_base + 0x100).is_ok()); // ends exactly at it
    put_le(image, phdr(2) + elf_offset::p_vaddr, user_top, 8);
    CHECK(parse_error(image) == elf::Error::segment_outside_user);
}

TEST_CASE("elf: parse requires a loadable segment", "[elf]")
{
    auto none = build_elf(0, {});
    CHECK(parse_error(none) == elf::Error::no_loadable_segment);
    auto notes_only = build_elf(0, {{pt_note, pf_r, 0, 8, filled(8, 0)}});
    CHECK(parse_error(notes_only) == elf::Error::no_loadable_segment);
}

TEST_CASE("elf: parse takes up to max_segments PT_LOAD segments", "[elf]")
{
    std::vector<ElfSegmentSpec> segments;
    for (std::uint64_t i = 0; i < elf::Image::max_segments; ++i)
        segments.push_back({pt_load, pf_r | pf_x, text_base + i * 0x1000, 0x10, filled(0x10, 0)});
    segments.push_back({pt_tls, pf_r, text_base, 0x8, {}}); // not a PT_LOAD: does not count
    auto image = build_elf(text_base, segments);
    auto result = elf::Image::parse(image.data(), image.size(), user_top);
    REQUIRE(result.is_ok());
    REQUIRE(result.value().segment_count() == elf::Image::max_segments);
    CHECK(result.value().segment(elf::Image::max_segments - 1).vaddr ==
          text_base + (elf::Image::max_segments - 1) * 0x1000);

    segments.push_back({pt_load, pf_r, 0x40000, 0x10, {}});
    CHECK(parse_error(build_elf(text_base, segments)) == elf::Error::too_many_segments);
}

TEST_CASE("elf: parse requires the entry point inside an executable segment", "[elf]")
{
    auto segments = typical_segments();
    CHECK(parse_error(build_elf(data_base, segments)) == elf::Error::not_executable);
    CHECK(parse_error(build_elf(text_base + 0x40, segments)) == elf::Error::not_executable);
    CHECK(parse_error(build_elf(0, segments)) == elf::Error::not_executable);
    auto last_byte = build_elf(text_base + 0x3f, segments);
    CHECK(parse_prefix(last_byte, last_byte.size()).is_ok());
}

TEST_CASE("elf: every truncation of a valid image is an error, never a crash", "[elf]")
{
    // The TLS template's bytes end the file, so every prefix cuts something off.
    auto image = typical_image();
    std::vector<std::size_t> accepted;
    for (std::size_t length = 0; length < image.size(); ++length)
        if (parse_prefix(image, length).is_ok())
            accepted.push_back(length);
    CHECK(accepted == std::vector<std::size_t>{});
    CHECK(parse_prefix(image, image.size()).is_ok());
}

TEST_CASE("elf: corrupting any header byte never reads out of bounds", "[elf]")
{
    auto image = typical_image();
    std::size_t headers_end = phdr(typical_segments().size());
    const std::uint8_t patterns[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
    std::vector<std::size_t> inconsistent; // bytes whose corruption was accepted wrongly
    for (std::size_t i = 0; i < headers_end; ++i) {
        for (std::uint8_t pattern : patterns) {
            auto damaged = image; // a copy of exactly image.size() bytes
            damaged[i] = pattern;
            auto result = elf::Image::parse(damaged.data(), damaged.size(), user_top);
            if (!result.is_ok())
                continue;
            // Whatever was accepted must describe bytes inside the image.
            const elf::Image &elf = result.value();
            for (std::size_t s = 0; s < elf.segment_count(); ++s) {
                elf::Segment segment = elf.segment(s);
                if (segment.file_offset + segment.filesz > damaged.size() ||
                    segment.filesz > segment.memsz || segment.vaddr + segment.memsz > user_top)
                    inconsistent.push_back(i);
                else if (segment.filesz > 0)
                    (void)*(elf.bytes(segment) + segment.filesz - 1); // ASan checks the read
            }
        }
    }
    CHECK(inconsistent == std::vector<std::size_t>{});
}

TEST_CASE("elf: describe explains every error", "[elf]")
{
    const elf::Error errors[] = {
        elf::Error::too_small,           elf::Error::bad_magic,
        elf::Error::not_64bit,           elf::Error::not_little_endian,
        elf::Error::not_riscv,           elf::Error::not_executable,
        elf::Error::bad_program_headers, elf::Error::segment_out_of_file,
        elf::Error::segment_overflow,    elf::Error::segment_outside_user,
        elf::Error::no_loadable_segment, elf::Error::too_many_segments,
    };
    std::vector<std::string> texts;
    for (elf::Error error : errors) {
        std::string text = elf::describe(error);
        CHECK(text.rfind("elf: ", 0) == 0);
        for (const std::string &other : texts)
            CHECK(other != text);
        texts.push_back(text);
    }
}
