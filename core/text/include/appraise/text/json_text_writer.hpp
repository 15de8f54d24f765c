// A streaming JSON writer appending straight to a string, laid out like
// nlohmann's dump(2) or compact (no whitespace). The per-study report is the hot path of a run: building
// an nlohmann DOM for every study cost more than parsing the study (measured
// 70 us a study), so report shapes are written through this instead, and
// their DOM forms (json_convert.hpp) are parsed back from the same text.
//
// The bytes gather in a small buffer of the writer and reach the string
// whenever a top-level value is complete (and when the writer is
// destroyed): a report writes about 1,500 short pieces a study, and a
// std::string append for each was a third of the cost of rendering. Read
// the string once the value you wrote is closed.
#pragma once

#include <array>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/text/escape.hpp"

namespace appraise {

class json_text_writer {
public:
    enum class layout { pretty, compact };
    // `indent`: spaces before every line after the first (pretty layout only).
    explicit json_text_writer(std::string& out, int indent = 0, layout style = layout::pretty)
        : out_(out), indent_(indent), pretty_(style == layout::pretty) {}
    json_text_writer(const json_text_writer&) = delete;
    json_text_writer& operator=(const json_text_writer&) = delete;
    ~json_text_writer() { flush(); }

    json_text_writer& begin_object() { return open('{'); }
    json_text_writer& end_object() { return close('}'); }
    json_text_writer& begin_array() { return open('['); }
    json_text_writer& end_array() { return close(']'); }
    json_text_writer& key(std::string_view name);
    // A string literal names a member of the writer's own shape ("id",
    // "rationale"), which never needs escaping (debug builds check): its
    // comma, quotes and colon are written in one copy of known size. Keys
    // were a third of a report's bytes.
    template <std::size_t N>
    [[gnu::always_inline]] json_text_writer& key(const char (&name)[N]) {
        constexpr std::size_t size = N - 1;
        static_assert(size + 5 <= buffer_bytes, "a literal key longer than the writer's buffer");
        if (std::char_traits<char>::length(name) != size) return key(std::string_view(name));  // a char buffer
        assert(!json_needs_escaping(std::string_view(name, size)));
        if (pretty_) return plain_key(std::string_view(name, size));
        if (used_ + size + 4 > buffer_bytes) flush();
        char* at = buffer_.data() + used_;
        if (comma_before_value()) *at++ = ',';
        *at = '"';
        std::memcpy(at + 1, name, size);
        at[size + 1] = '"';
        at[size + 2] = ':';
        used_ = static_cast<std::size_t>(at + size + 3 - buffer_.data());
        after_key_ = true;
        return *this;
    }
    // A name the caller knows needs no escaping (debug builds check).
    json_text_writer& plain_key(std::string_view name);
    json_text_writer& value(std::string_view text) {
        before_value();
        put_string(text);
        after_value();
        return *this;
    }
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
    template <std::size_t N, typename T>
    [[gnu::always_inline]] json_text_writer& field(const char (&name)[N], const T& v) {
        key(name);
        return value(v);
    }

    // Moves the buffered bytes to the string (done by itself after each
    // top-level value and on destruction).
    void flush() {
        if (used_ == 0) return;
        out_.append(buffer_.data(), used_);
        used_ = 0;
    }

private:
    static constexpr std::size_t buffer_bytes = 1024;

    json_text_writer& open(char bracket);
    json_text_writer& close(char bracket);
    void before_value() {
        if (pretty_)
            before_pretty_value();
        else if (comma_before_value())
            put(',');
    }
    void before_pretty_value();
    void newline(std::size_t depth);
    // The end of a value: a top-level one goes to the string.
    void after_value() {
        if (has_items_.empty()) flush();
    }
    // Room for `n` (at most buffer_bytes) bytes at buffer_.data() + used_.
    void reserve(std::size_t n) {
        if (used_ + n > buffer_bytes) flush();
    }
    void put(char c) {
        reserve(1);
        buffer_[used_++] = c;
    }
    void put(std::string_view text) {
        if (used_ + text.size() > buffer_bytes) return put_long(text);
        std::memcpy(buffer_.data() + used_, text.data(), text.size());
        used_ += text.size();
    }
    void put_long(std::string_view text);                    // put() when the buffer lacks room
    void put_string(std::string_view text);                  // quoted and escaped
    void put_rest(std::string_view text, std::size_t from);  // text from `from` on, and the closing quote

    // The compact layout's before_value(): whether a comma goes first.
    bool comma_before_value() {
        if (after_key_) {
            after_key_ = false;
            return false;
        }
        if (has_items_.empty()) return false;
        const bool comma = has_items_.back() != 0;
        has_items_.back() = 1;
        return comma;
    }

    std::string& out_;
    int indent_;
    bool pretty_;
    std::vector<char> has_items_;  // one per open container (not vector<bool>: bit access was 4 % of a run)
    bool after_key_ = false;
    std::size_t used_ = 0;                   // bytes of buffer_ not yet in out_
    std::array<char, buffer_bytes> buffer_;  // not cleared: no byte is read before it is written
};

}  // namespace appraise
