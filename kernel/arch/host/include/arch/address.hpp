/// @file
/// Address translation of the host build: "physical" memory is an array, and a translation
/// outside it aborts the test (host_machine.hpp).
#pragma once

#include <cstdint>

namespace arch {

/// Kernel pointer for physical address @p paddr (inside the simulated RAM).
void *phys_to_virt(std::uint64_t paddr);
/// Physical address of kernel pointer @p pointer (inside the simulated RAM).
std::uint64_t virt_to_phys(const void *pointer);

/// A token naming the address space rooted at @p root_paddr with ASID @p asid (host: recorded).
std::uint64_t address_space_token(std::uint64_t root_paddr, std::uint64_t asid);
/// Switches to the address space @p token names (host: remembered for tests).
void switch_address_space(std::uint64_t token);

} // namespace arch
