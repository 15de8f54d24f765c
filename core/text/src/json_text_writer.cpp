#include "appraise/text/json_text_writer.hpp"

#include <array>

namespace appraise {

void json_text_writer::newline(std::size_t depth) {
    if (!pretty_) return;
    out_ += '\n';
    out_.append(static_cast<std::size_t>(indent_) + 2 * depth, ' ');
}

void json_text_writer::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (has_items_.empty()) return;
    if (has_items_.back()) out_ += ',';
    has_items_.back() = true;
    newline(has_items_.size());
}

json_text_writer& json_text_writer::open(char bracket) {
    before_value();
    out_ += bracket;
    has_items_.push_back(false);
    return *this;
}

json_text_writer& json_text_writer::close(char bracket) {
    const bool had_items = has_items_.back();
    has_items_.pop_back();
    if (had_items) newline(has_items_.size());
    out_ += bracket;
    return *this;
}

json_text_writer& json_text_writer::key(std::string_view name) {
    before_value();
    append_escaped(name);
    out_ += pretty_ ? ": " : ":";
    after_key_ = true;
    return *this;
}

json_text_writer& json_text_writer::value(std::string_view text) {
    before_value();
    append_escaped(text);
    return *this;
}

json_text_writer& json_text_writer::value(std::int64_t number) {
    before_value();
    out_ += std::to_string(number);
    return *this;
}

json_text_writer& json_text_writer::value(bool flag) {
    before_value();
    out_ += flag ? "true" : "false";
    return *this;
}

json_text_writer& json_text_writer::null() {
    before_value();
    out_ += "null";
    return *this;
}

namespace {
constexpr auto needs_escape = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 0x20; ++c) table[static_cast<std::size_t>(c)] = true;
    table['"'] = table['\\'] = true;
    return table;
}();
}  // namespace

void json_text_writer::append_escaped(std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out_ += '"';
    std::size_t run = 0;  // start of the characters that need no escaping
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (!needs_escape[c]) continue;
        out_.append(text, run, i - run);
        run = i + 1;
        switch (c) {
            case '"':
                out_ += "\\\"";
                break;
            case '\\':
                out_ += "\\\\";
                break;
            case '\b':
                out_ += "\\b";
                break;
            case '\f':
                out_ += "\\f";
                break;
            case '\n':
                out_ += "\\n";
                break;
            case '\r':
                out_ += "\\r";
                break;
            case '\t':
                out_ += "\\t";
                break;
            default:
                out_ += "\\u00";
                out_ += hex[(c >> 4) & 0xF];
                out_ += hex[c & 0xF];
        }
    }
    out_.append(text, run);
    out_ += '"';
}

}  // namespace appraise
