/// @file
/// Host builds simulate a riscv64 user register file, so generic code sees the same layout.
#pragma once
#include "../../../riscv64/include/arch/registers.hpp"
