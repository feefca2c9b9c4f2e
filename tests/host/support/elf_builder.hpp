// Builds small ELF64 images for host tests of the ELF loader logic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace test_support {

/// Byte offsets within an Elf64_Ehdr and an Elf64_Phdr (System V gABI).
namespace elf_offset {
constexpr std::size_t ident_class = 4, ident_data = 5, type = 16, machine = 18, entry = 24,
                      phoff = 32, phentsize = 54, phnum = 56;
constexpr std::size_t header_size = 64, phdr_size = 56;
constexpr std::size_t p_type = 0, p_flags = 4, p_offset = 8, p_vaddr = 16, p_filesz = 32,
                      p_memsz = 40;
} // namespace elf_offset

constexpr std::uint32_t pt_load = 1, pt_note = 4, pt_tls = 7;
constexpr std::uint32_t pf_x = 1, pf_w = 2, pf_r = 4;

/// One program header to emit; its file bytes are `contents` (filesz = contents.size()).
struct ElfSegmentSpec {
    std::uint32_t type = pt_load;
    std::uint32_t flags = pf_r;
    std::uint64_t vaddr = 0;
    std::uint64_t memsz = 0;
    std::vector<std::uint8_t> contents;
};

inline void put_le(std::vector<std::uint8_t> &image, std::size_t offset, std::uint64_t value,
                   std::size_t width)
{
    for (std::size_t i = 0; i < width; ++i)
        image.at(offset + i) = static_cast<std::uint8_t>(value >> (8 * i));
}

/// A RISC-V ET_EXEC image: the header, the program header table at offset 64, then each
/// segment's contents, 16-byte aligned, in order.
inline std::vector<std::uint8_t> build_elf(std::uint64_t entry,
                                           const std::vector<ElfSegmentSpec> &segments)
{
    using namespace elf_offset;
    std::vector<std::uint8_t> image(header_size + segments.size() * phdr_size, 0);
    const std::uint8_t ident[] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
    for (std::size_t i = 0; i < sizeof ident; ++i)
        image[i] = ident[i];
    put_le(image, type, 2, 2);      // ET_EXEC
    put_le(image, machine, 243, 2); // EM_RISCV
    put_le(image, 20, 1, 4);        // e_version
    put_le(image, elf_offset::entry, entry, 8);
    put_le(image, phoff, header_size, 8);
    put_le(image, 52, header_size, 2); // e_ehsize
    put_le(image, phentsize, phdr_size, 2);
    put_le(image, phnum, segments.size(), 2);
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const ElfSegmentSpec &segment = segments[i];
        while (image.size() % 16 != 0)
            image.push_back(0);
        std::size_t offset = image.size();
        image.insert(image.end(), segment.contents.begin(), segment.contents.end());
        std::size_t phdr = header_size + i * phdr_size;
        put_le(image, phdr + p_type, segment.type, 4);
        put_le(image, phdr + p_flags, segment.flags, 4);
        put_le(image, phdr + p_offset, offset, 8);
        put_le(image, phdr + p_vaddr, segment.vaddr, 8);
        put_le(image, phdr + 24, segment.vaddr, 8); // p_paddr
        put_le(image, phdr + p_filesz, segment.contents.size(), 8);
        put_le(image, phdr + p_memsz, segment.memsz, 8);
        put_le(image, phdr + 48, 0x1000, 8); // p_align
    }
    return image;
}

} // namespace test_support
