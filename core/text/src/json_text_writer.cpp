#include "appraise/text/json_text_writer.hpp"

#include "appraise/text/escape.hpp"
#include "appraise/text/number_format.hpp"

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
    if (has_items_.back() != 0) out_ += ',';
    has_items_.back() = 1;
    newline(has_items_.size());
}

json_text_writer& json_text_writer::open(char bracket) {
    before_value();
    out_ += bracket;
    has_items_.push_back(0);
    return *this;
}

json_text_writer& json_text_writer::close(char bracket) {
    const bool had_items = has_items_.back() != 0;
    has_items_.pop_back();
    if (had_items) newline(has_items_.size());
    out_ += bracket;
    return *this;
}

json_text_writer& json_text_writer::key(std::string_view name) {
    before_value();
    append_json_string(out_, name);
    out_ += pretty_ ? ": " : ":";
    after_key_ = true;
    return *this;
}

json_text_writer& json_text_writer::value(std::string_view text) {
    before_value();
    append_json_string(out_, text);
    return *this;
}

json_text_writer& json_text_writer::value(std::int64_t number) {
    before_value();
    out_ += format_number(number);
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

}  // namespace appraise
