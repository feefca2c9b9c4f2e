// The Catch2 entry point of the host tests; the TAP reporter lets meson read `-r tap` output.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#include <catch2/catch_reporter_tap.hpp>
