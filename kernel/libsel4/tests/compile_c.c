// Compile check: the whole libsel4 API as C (gnu11, pedantic). Built, never linked or run.
#include "abi_checks.h"
#include "api_usage.h"
