// Splits an expression into tokens (see lexer.hpp).
#include "lexer.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string_view>

#include "appraise/text/escape.hpp"
#include "appraise/text/utf8.hpp"

namespace appraise::declarative {

token lexer::next() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
    token t;
    t.offset = static_cast<int>(i_);
    if (i_ >= s_.size()) return t;
    const char c = s_[i_];
    if (std::isdigit(static_cast<unsigned char>(c))) {
        std::size_t j = i_;
        while (j < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[j])) || s_[j] == '.')) ++j;
        t.kind = tok::number;
        t.text = s_.substr(i_, j - i_);
        char* end = nullptr;
        t.number = std::strtod(t.text.c_str(), &end);
        if (end == nullptr || *end != '\0') return fail(t, "`" + t.text + "` is not a number");
        i_ = j;
        return t;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        std::size_t j = i_;
        while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_')) ++j;
        t.kind = tok::ident;
        t.text = s_.substr(i_, j - i_);
        i_ = j;
        return t;
    }
    if (c == '"' || c == '\'') {
        std::size_t j = i_ + 1;
        std::string text;
        while (j < s_.size() && s_[j] != c) {
            if (s_[j] == '\\' && j + 1 < s_.size()) ++j;
            text += s_[j++];
        }
        if (j >= s_.size()) return fail(t, "this string has no closing quote");
        t.kind = tok::string;
        t.text = std::move(text);
        i_ = j + 1;
        return t;
    }
    static const char* const two[] = {"==", "!=", "<=", ">=", "??"};
    for (const char* p : two) {
        if (s_.compare(i_, 2, p) == 0) {
            t.kind = tok::punct;
            t.text = p;
            i_ += 2;
            return t;
        }
    }
    if (std::string_view("()[],<>+-*/.").find(c) != std::string_view::npos) {
        t.kind = tok::punct;
        t.text = std::string(1, c);
        ++i_;
        return t;
    }
    if (c == '=') return fail(t, "`=` is not an operator here; compare with `==`");
    // The whole character, not its first byte: a message must stay UTF-8
    // (found by fuzzing: `é` gave a lone 0xC3 byte).
    const std::size_t length = std::max<std::size_t>(1, utf8_sequence_length(s_, i_));
    return fail(t, "unexpected character `" + terminal_text(s_.substr(i_, length)) + "`");
}

token lexer::fail(token t, std::string message) {
    errors_.push_back({t.offset, expression_problem::syntax, std::move(message)});
    t.kind = tok::error;
    i_ = s_.size();
    return t;
}

}  // namespace appraise::declarative
