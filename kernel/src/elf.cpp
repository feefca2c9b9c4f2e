// ELF64 executable validation: the header and program header checks the root task loader relies
// on. Field layouts follow the System V gABI ("ELF-64 Object File Format", version 1.5).
#include "elf.hpp"

#include <array>
#include <bit>

namespace elf {
namespace {

// The image is read in place: fields are little-endian (ELFDATA2LSB, checked) and the kernel
// and its host build are little-endian too.
static_assert(std::endian::native == std::endian::little, "ELF fields are read natively");

/// Elf64_Ehdr.
struct FileHeader {
    std::uint8_t ident[16];
    std::uint16_t type;
    std::uint16_t machine;
    std::uint32_t version;
    std::uint64_t entry;
    std::uint64_t phoff;
    std::uint64_t shoff;
    std::uint32_t flags;
    std::uint16_t ehsize;
    std::uint16_t phentsize;
    std::uint16_t phnum;
    std::uint16_t shentsize;
    std::uint16_t shnum;
    std::uint16_t shstrndx;
};
static_assert(sizeof(FileHeader) == 64);

/// Elf64_Phdr.
struct ProgramHeader {
    std::uint32_t type;
    std::uint32_t flags;
    std::uint64_t offset;
    std::uint64_t vaddr;
    std::uint64_t paddr;
    std::uint64_t filesz;
    std::uint64_t memsz;
    std::uint64_t align;
};
static_assert(sizeof(ProgramHeader) == 56);

constexpr std::uint8_t elf_magic[4] = {0x7f, 'E', 'L', 'F'};
constexpr std::size_t ei_class = 4, ei_data = 5;
constexpr std::uint8_t elfclass64 = 2, elfdata2lsb = 1;
constexpr std::uint16_t et_exec = 2;
constexpr std::uint16_t em_riscv = 243;
constexpr std::uint32_t pt_load = 1, pt_tls = 7;
constexpr std::uint32_t pf_x = 1, pf_w = 2, pf_r = 4;

// The image may sit at any alignment (it is embedded in the kernel), so the bytes are copied
// out: a word at a time when they are aligned for T (the usual case), else byte by byte.
template <typename T>
T load(const std::uint8_t *bytes)
{
    T value;
    if (reinterpret_cast<std::uintptr_t>(bytes) % alignof(T) == 0) {
        __builtin_memcpy(&value, __builtin_assume_aligned(bytes, alignof(T)), sizeof(T));
        return value;
    }
    std::array<std::uint8_t, sizeof(T)> raw;
    for (std::size_t i = 0; i < sizeof(T); ++i)
        raw[i] = bytes[i];
    return std::bit_cast<T>(raw);
}

// The segment a program header describes.
Segment segment_of(const ProgramHeader &header)
{
    Segment segment;
    segment.vaddr = header.vaddr;
    segment.memsz = header.memsz;
    segment.filesz = header.filesz;
    segment.file_offset = header.offset;
    segment.readable = (header.flags & pf_r) != 0;
    segment.writable = (header.flags & pf_w) != 0;
    segment.executable = (header.flags & pf_x) != 0;
    return segment;
}

// True when [offset, offset + length) lies within a file of @p size bytes, without overflowing.
bool fits(std::uint64_t offset, std::uint64_t length, std::uint64_t size)
{
    return offset <= size && length <= size - offset;
}

/// Checks one PT_LOAD or PT_TLS segment against the file and the user address limit.
Status<Error> check_segment(const Segment &segment, std::size_t file_size, std::uint64_t user_top)
{
    if (!fits(segment.file_offset, segment.filesz, file_size))
        return Status<Error>::err(Error::segment_out_of_file);
    if (segment.filesz > segment.memsz || segment.vaddr + segment.memsz < segment.vaddr)
        return Status<Error>::err(Error::segment_overflow);
    if (segment.vaddr + segment.memsz > user_top)
        return Status<Error>::err(Error::segment_outside_user);
    return Status<Error>::ok();
}

/// Checks the ELF identification and file header; the program headers come next.
Status<Error> check_header(const FileHeader &header, std::size_t size)
{
    for (std::size_t i = 0; i < sizeof elf_magic; ++i)
        if (header.ident[i] != elf_magic[i])
            return Status<Error>::err(Error::bad_magic);
    if (header.ident[ei_class] != elfclass64)
        return Status<Error>::err(Error::not_64bit);
    if (header.ident[ei_data] != elfdata2lsb)
        return Status<Error>::err(Error::not_little_endian);
    if (header.machine != em_riscv)
        return Status<Error>::err(Error::not_riscv);
    if (header.type != et_exec)
        return Status<Error>::err(Error::not_executable);
    std::uint64_t table_size = std::uint64_t{header.phnum} * sizeof(ProgramHeader);
    if (header.phentsize != sizeof(ProgramHeader) || !fits(header.phoff, table_size, size))
        return Status<Error>::err(Error::bad_program_headers);
    return Status<Error>::ok();
}

} // namespace

Result<Image, Error> Image::parse(const void *data, std::size_t size, std::uint64_t user_top)
{
    using R = Result<Image, Error>;
    const auto *bytes = static_cast<const std::uint8_t *>(data);
    if (bytes == nullptr || size < sizeof(FileHeader))
        return R::err(Error::too_small);
    auto header = load<FileHeader>(bytes);
    if (auto checked = check_header(header, size); !checked.is_ok())
        return R::err(checked.error());

    Image image;
    image.data_ = bytes;
    image.size_ = size;
    image.entry_ = header.entry;
    bool entry_is_executable = false;
    for (std::size_t i = 0; i < header.phnum; ++i) {
        auto program_header = load<ProgramHeader>(bytes + header.phoff + i * sizeof(ProgramHeader));
        if (program_header.type != pt_load && program_header.type != pt_tls)
            continue;
        Segment segment = segment_of(program_header);
        if (auto checked = check_segment(segment, size, user_top); !checked.is_ok())
            return R::err(checked.error());
        if (program_header.type == pt_tls) {
            if (!image.has_tls_)
                image.tls_ = segment;
            image.has_tls_ = true;
            continue;
        }
        if (image.load_count_ == max_segments)
            return R::err(Error::too_many_segments);
        std::uint64_t end = segment.vaddr + segment.memsz;
        if (image.load_count_ == 0 || segment.vaddr < image.lowest_vaddr_)
            image.lowest_vaddr_ = segment.vaddr;
        if (image.load_count_ == 0 || end > image.highest_vaddr_)
            image.highest_vaddr_ = end;
        image.segments_[image.load_count_++] = segment;
        if (segment.executable && header.entry >= segment.vaddr && header.entry < end)
            entry_is_executable = true;
    }
    if (image.load_count_ == 0)
        return R::err(Error::no_loadable_segment);
    if (!entry_is_executable)
        return R::err(Error::not_executable);
    return R::ok(image);
}

const std::uint8_t *Image::bytes(const Segment &segment) const
{
    return data_ + segment.file_offset;
}

const char *describe(Error error)
{
    switch (error) {
    case Error::too_small: return "elf: image smaller than an ELF header";
    case Error::bad_magic: return "elf: bad magic (not an ELF file)";
    case Error::not_64bit: return "elf: not ELFCLASS64";
    case Error::not_little_endian: return "elf: not little-endian";
    case Error::not_riscv: return "elf: not a RISC-V image";
    case Error::not_executable: return "elf: not an executable, or entry outside executable code";
    case Error::bad_program_headers: return "elf: bad program header table";
    case Error::segment_out_of_file: return "elf: segment contents outside the file";
    case Error::segment_overflow: return "elf: segment filesz > memsz or address overflow";
    case Error::segment_outside_user: return "elf: segment above the user address limit";
    case Error::no_loadable_segment: return "elf: no PT_LOAD segment";
    case Error::too_many_segments: return "elf: more PT_LOAD segments than the loader takes";
    }
    return "elf: unknown error";
}

} // namespace elf
