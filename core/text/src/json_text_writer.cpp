#include "appraise/text/json_text_writer.hpp"

#include <algorithm>
#include <charconv>

namespace appraise {

void json_text_writer::put_long(std::string_view text) {
    flush();
    if (text.size() > buffer_bytes) {
        out_.append(text);
        return;
    }
    std::memcpy(buffer_.data(), text.data(), text.size());
    used_ = text.size();
}

void json_text_writer::put_string(std::string_view text) {
    // Checked and copied in pieces that fit the buffer with the 16 bytes of
    // room copy_json_plain may write past them; most strings are one piece
    // with nothing to escape.
    constexpr std::size_t piece = buffer_bytes / 2;
    if (text.size() <= piece) {
        reserve(text.size() + 18);
        char* at = buffer_.data() + used_;
        *at = '"';
        const std::size_t plain = copy_json_plain(text, at + 1);
        if (plain == text.size()) {
            at[plain + 1] = '"';
            used_ += plain + 2;
            return;
        }
        used_ += plain + 1;
        put(json_escape(text[plain]));
        put_rest(text, plain + 1);
        return;
    }
    put('"');
    put_rest(text, 0);
}

void json_text_writer::put_rest(std::string_view text, std::size_t from) {
    constexpr std::size_t piece = buffer_bytes / 2;
    for (std::size_t at = from; at < text.size();) {
        const std::size_t size = std::min(text.size() - at, piece);
        reserve(size + 16);
        const std::size_t plain = copy_json_plain(std::string_view(text.data() + at, size), buffer_.data() + used_);
        used_ += plain;
        at += plain;
        if (plain < size) put(json_escape(text[at++]));
    }
    put('"');
}

void json_text_writer::newline(std::size_t depth) {
    if (!pretty_) return;
    put('\n');
    for (std::size_t spaces = static_cast<std::size_t>(indent_) + 2 * depth; spaces > 0;) {
        const std::size_t n = std::min(spaces, buffer_bytes);
        reserve(n);
        std::memset(buffer_.data() + used_, ' ', n);
        used_ += n;
        spaces -= n;
    }
}

void json_text_writer::before_pretty_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (has_items_.empty()) return;
    if (has_items_.back() != 0) put(',');
    has_items_.back() = 1;
    newline(has_items_.size());
}

json_text_writer& json_text_writer::open(char bracket) {
    before_value();
    put(bracket);
    has_items_.push_back(0);
    return *this;
}

json_text_writer& json_text_writer::close(char bracket) {
    const bool had_items = has_items_.back() != 0;
    has_items_.pop_back();
    if (had_items) newline(has_items_.size());
    put(bracket);
    after_value();
    return *this;
}

json_text_writer& json_text_writer::key(std::string_view name) {
    before_value();
    put_string(name);
    put(pretty_ ? std::string_view(": ") : std::string_view(":"));
    after_key_ = true;
    return *this;
}

json_text_writer& json_text_writer::plain_key(std::string_view name) {
    assert(!json_needs_escaping(name));
    before_value();
    put('"');
    put(name);
    put(pretty_ ? std::string_view("\": ") : std::string_view("\":"));
    after_key_ = true;
    return *this;
}

json_text_writer& json_text_writer::value(std::int64_t number) {
    before_value();
    // What format_number writes (fmt's "{}"), without a string.
    constexpr std::size_t longest = 20;  // "-9223372036854775808"
    reserve(longest);
    const auto written = std::to_chars(buffer_.data() + used_, buffer_.data() + used_ + longest, number);
    used_ = static_cast<std::size_t>(written.ptr - buffer_.data());
    after_value();
    return *this;
}

json_text_writer& json_text_writer::value(bool flag) {
    before_value();
    put(flag ? std::string_view("true") : std::string_view("false"));
    after_value();
    return *this;
}

json_text_writer& json_text_writer::null() {
    before_value();
    put(std::string_view("null"));
    after_value();
    return *this;
}

}  // namespace appraise
