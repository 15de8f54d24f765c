#include "appraise/text/number_format.hpp"

#include <fmt/format.h>

#include <cmath>

namespace appraise {
namespace {

// "-0", "-0.0", "-0.000": a zero (or what rounds to one) is written without a sign.
std::string without_negative_zero(std::string text) {
    if (text.size() > 1 && text.front() == '-' && text.find_first_not_of("0.", 1) == std::string::npos)
        text.erase(0, 1);
    return text;
}

}  // namespace

std::string format_number(double value) {
    // fmt's default for a double is the shortest round-trip form, and it
    // writes a whole number without a point (up to 1e16, then 1e+16).
    return without_negative_zero(fmt::format("{}", value));
}

std::string format_number(std::int64_t value) {
    return fmt::format("{}", value);
}

std::string format_fixed(double value, int decimals) {
    return without_negative_zero(fmt::format("{:.{}f}", value, decimals));
}

std::string format_trimmed(double value, int decimals) {
    std::string text = format_fixed(value, decimals);
    if (text.find('.') == std::string::npos) return text;
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
    return without_negative_zero(std::move(text));
}

std::string format_significant(double value, int digits) {
    if (value == std::floor(value) && std::fabs(value) < 1e15) return format_number(value);
    return fmt::format("{:.{}g}", value, digits);
}

std::string format_percent(std::size_t part, std::size_t whole) {
    if (whole == 0) return "0%";
    return fmt::format("{}%", (part * 100 + whole / 2) / whole);
}

}  // namespace appraise
