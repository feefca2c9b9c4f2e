/// @file
/// Validation and segment iteration of a static RISC-V ELF64 executable (the root task image).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "result.hpp"

/// ELF64 executables as the kernel loads them: only what a static RV64 program needs.
namespace elf {

/// Why an image was rejected.
enum class Error {
    too_small,            ///< shorter than an ELF header (or no data at all)
    bad_magic,            ///< does not start with "\x7fELF"
    not_64bit,            ///< EI_CLASS is not ELFCLASS64
    not_little_endian,    ///< EI_DATA is not ELFDATA2LSB
    not_riscv,            ///< e_machine is not EM_RISCV
    not_executable,       ///< not ET_EXEC, or the entry point is not in an executable segment
    bad_program_headers,  ///< wrong e_phentsize, or the program header table is outside the file
    segment_out_of_file,  ///< a segment's file bytes are outside the file
    segment_overflow,     ///< filesz > memsz, or vaddr + memsz wraps around
    segment_outside_user, ///< a segment ends above the user address limit
    no_loadable_segment,  ///< there is no PT_LOAD segment
    too_many_segments,    ///< more PT_LOAD segments than Image::max_segments
};

/// A segment to load: memsz bytes at vaddr, of which the first filesz come from the file at
/// file_offset and the rest are zero.
struct Segment {
    std::uint64_t vaddr = 0;       ///< first virtual address
    std::uint64_t memsz = 0;       ///< bytes in memory
    std::uint64_t filesz = 0;      ///< bytes taken from the file (the rest are zero)
    std::uint64_t file_offset = 0; ///< where the file bytes start
    bool readable = false;         ///< PF_R
    bool writable = false;         ///< PF_W
    bool executable = false;       ///< PF_X
};

/// A validated executable. It refers to the caller's bytes, which must outlive it.
class Image final {
public:
    /// The most PT_LOAD segments an image may have (a static executable has two to four).
    static constexpr std::size_t max_segments = 8;

    /// Checks the image at @p data (@p size bytes); every loadable segment must end at or
    /// below @p user_top.
    static Result<Image, Error> parse(const void *data, std::size_t size, std::uint64_t user_top);

    /// The entry point (inside an executable PT_LOAD segment).
    std::uint64_t entry() const { return entry_; }

    /// The number of PT_LOAD segments.
    std::size_t segment_count() const { return load_count_; }

    /// The PT_LOAD segment @p index (in program header order), 0 <= index < segment_count();
    /// an empty segment past the end.
    Segment segment(std::size_t index) const
    {
        return index < load_count_ ? segments_[index] : Segment{};
    }

    /// The first byte of @p segment's file contents (segment.filesz bytes).
    const std::uint8_t *bytes(const Segment &segment) const;

    /// The lowest vaddr of all PT_LOAD segments.
    std::uint64_t lowest_vaddr() const { return lowest_vaddr_; }

    /// The end (exclusive) of the highest PT_LOAD segment.
    std::uint64_t highest_vaddr() const { return highest_vaddr_; }

    /// True when the image has a PT_TLS segment (the thread-local storage template).
    bool has_tls() const { return has_tls_; }

    /// The PT_TLS segment; only meaningful when has_tls().
    Segment tls() const { return tls_; }

private:
    friend class Result<Image, Error>;
    Image() = default;

    const std::uint8_t *data_ = nullptr;
    std::size_t size_ = 0;
    std::uint64_t entry_ = 0;
    std::size_t load_count_ = 0;
    std::array<Segment, max_segments> segments_; // the PT_LOAD segments, read once by parse()
    std::uint64_t lowest_vaddr_ = 0, highest_vaddr_ = 0;
    bool has_tls_ = false;
    Segment tls_;
};

/// A one-line explanation of @p error.
const char *describe(Error error);

} // namespace elf
