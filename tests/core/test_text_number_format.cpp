// The one number formatter (core/text/number_format.hpp).
#include <catch2/catch.hpp>
#include <clocale>
#include <cstdlib>
#include <cmath>
#include <limits>

#include "appraise/text/number_format.hpp"

using appraise::format_fixed;
using appraise::format_number;
using appraise::format_percent;
using appraise::format_significant;
using appraise::format_trimmed;

TEST_CASE("format_number: shortest round-trip text, whole numbers without a point", "[core][text]") {
    CHECK(format_number(85.0) == "85");
    CHECK(format_number(-0.0) == "0");
    CHECK(format_number(0.0) == "0");
    CHECK(format_number(0.85) == "0.85");
    CHECK(format_number(-2.5) == "-2.5");
    CHECK(format_number(0.1 + 0.2) == "0.30000000000000004");
    CHECK(format_number(1.0 / 3) == "0.3333333333333333");
    CHECK(format_number(1e-7) == "1e-07");
    CHECK(format_number(1e14) == "100000000000000");
    CHECK(format_number(1e300) == "1e+300");
    CHECK(format_number(std::numeric_limits<double>::infinity()) == "inf");
    CHECK(format_number(std::nan("")) == "nan");
    CHECK(format_number(std::int64_t{-42}) == "-42");
    CHECK(format_number(std::numeric_limits<std::int64_t>::max()) == "9223372036854775807");
    for (const double v : {0.1, 1.0 / 7, 123456.789, 5e-324, 1.7976931348623157e308})
        CHECK(std::strtod(format_number(v).c_str(), nullptr) == v);
}

TEST_CASE("format_number ignores the C locale's decimal comma", "[core][text]") {
    const char* chosen = std::setlocale(LC_ALL, "de_DE.UTF-8");
    if (chosen == nullptr) chosen = std::setlocale(LC_ALL, "fr_FR.UTF-8");
    CHECK(format_number(0.5) == "0.5");
    CHECK(format_fixed(0.5, 3) == "0.500");
    std::setlocale(LC_ALL, "C");
}

TEST_CASE("format_fixed and format_trimmed round for display", "[core][text]") {
    CHECK(format_fixed(0.5, 3) == "0.500");
    CHECK(format_fixed(2.0 / 3, 3) == "0.667");
    CHECK(format_fixed(-0.0004, 3) == "0.000");
    CHECK(format_fixed(-0.5, 1) == "-0.5");
    CHECK(format_fixed(12.0, 0) == "12");
    CHECK(format_trimmed(12.0, 1) == "12");
    CHECK(format_trimmed(12.5, 1) == "12.5");
    CHECK(format_trimmed(12.96, 1) == "13");
    CHECK(format_trimmed(0.25, 3) == "0.25");
    CHECK(format_trimmed(-0.01, 1) == "0");
    CHECK(format_trimmed(120.0, 1) == "120");
}

TEST_CASE("format_significant: whole numbers whole, others to a few digits as %g", "[core][text]") {
    CHECK(format_significant(3.0, 3) == "3");
    CHECK(format_significant(1200.0, 3) == "1200");
    CHECK(format_significant(1.0 / 3, 3) == "0.333");
    CHECK(format_significant(12345.6, 3) == "1.23e+04");
    CHECK(format_significant(0.000123456, 3) == "0.000123");
    CHECK(format_significant(2.5, 3) == "2.5");
}

TEST_CASE("format_percent: whole percent, rounded half up", "[core][text]") {
    CHECK(format_percent(2, 3) == "67%");
    CHECK(format_percent(1, 3) == "33%");
    CHECK(format_percent(1, 8) == "13%");
    CHECK(format_percent(0, 5) == "0%");
    CHECK(format_percent(5, 5) == "100%");
    CHECK(format_percent(1, 0) == "0%");
}
