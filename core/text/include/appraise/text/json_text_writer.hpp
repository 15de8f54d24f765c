// A streaming JSON writer appending straight to a string, laid out like
// nlohmann's dump(2) or compact (no whitespace). The per-study report is the hot path of a run: building
// an nlohmann DOM for every study cost more than parsing the study (measured
// 70 us a study), so report shapes are written through this instead, and
// their DOM forms (json_convert.hpp) are parsed back from the same text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace appraise {

class json_text_writer {
public:
    enum class layout { pretty, compact };
    // `indent`: spaces before every line after the first (pretty layout only).
    explicit json_text_writer(std::string& out, int indent = 0, layout style = layout::pretty)
        : out_(out), indent_(indent), pretty_(style == layout::pretty) {}

    json_text_writer& begin_object() { return open('{'); }
    json_text_writer& end_object() { return close('}'); }
    json_text_writer& begin_array() { return open('['); }
    json_text_writer& end_array() { return close(']'); }
    json_text_writer& key(std::string_view name);
    json_text_writer& value(std::string_view text);
    json_text_writer& value(const char* text) { return value(std::string_view(text)); }
    json_text_writer& value(std::int64_t number);
    json_text_writer& value(int number) { return value(static_cast<std::int64_t>(number)); }
    json_text_writer& value(std::size_t number) { return value(static_cast<std::int64_t>(number)); }
    json_text_writer& value(bool flag);
    json_text_writer& null();

    // `"name": value` in one call.
    template <typename T>
    json_text_writer& field(std::string_view name, const T& v) {
        key(name);
        return value(v);
    }

private:
    json_text_writer& open(char bracket);
    json_text_writer& close(char bracket);
    void before_value();
    void newline(std::size_t depth);

    std::string& out_;
    int indent_;
    bool pretty_;
    std::vector<char> has_items_;  // one per open container (not vector<bool>: bit access was 4 % of a run)
    bool after_key_ = false;
};

}  // namespace appraise
