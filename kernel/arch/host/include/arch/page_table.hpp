/// @file
/// Host builds use riscv64's page-table entries on simulated memory.
#pragma once
#include "../../../riscv64/include/arch/page_table.hpp"
