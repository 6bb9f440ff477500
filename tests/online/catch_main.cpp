// Catch2 v2's main(), compiled once for both online test executables.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
