#include "appraise/reports/study_labels.hpp"

#include <stdexcept>
#include <utility>

namespace appraise {
namespace {

constexpr char token_mark = '\x1d';  // ASCII group separator: never in report text

// The one value of a facet, or empty when not coded.
std::string facet(const study_result& study, const std::string& field) {
    const auto found = study.facets.find(field);
    if (found == study.facets.end() || found->second.empty() || found->second.front() == not_reported_label) return {};
    return found->second.front();
}

std::string family_name(const std::string& author) {
    const auto comma = author.find(',');
    std::string name = author.substr(0, comma);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
    return name;
}

// The letter of the n-th study (0-based) of a clash: a..z, then aa, ab, ...
std::string clash_letters(std::size_t n) {
    std::string letters;
    for (++n; n > 0; n = (n - 1) / 26) letters.insert(letters.begin(), static_cast<char>('a' + (n - 1) % 26));
    return letters;
}

}  // namespace

std::optional<label_style> parse_label_style(std::string_view word) {
    if (word == "author-year") return label_style::author_year;
    if (word == "id") return label_style::id;
    if (word == "title") return label_style::title;
    return std::nullopt;
}

label_style label_style_named(std::string_view word) {
    if (const auto style = parse_label_style(word)) return *style;
    throw std::invalid_argument("unknown label \"" + std::string(word) + "\": use author-year, id or title");
}

const std::vector<std::string>& label_fields() {
    static const std::vector<std::string> fields{"authors", "year", "title"};
    return fields;
}

std::string base_label(const study_result& study, label_style style) {
    if (style == label_style::title) {
        std::string title = facet(study, "title");
        return title.empty() ? study.id : title;
    }
    if (style == label_style::author_year) {
        const std::string author = family_name(facet(study, "authors"));
        const std::string year = facet(study, "year");
        if (!author.empty() && !year.empty()) return author + " " + year;
    }
    return study.id;
}

std::vector<std::string> labelled_results(const study_result& study, label_style style) {
    static constexpr std::string_view not_coded = " (effect not coded)";
    const bool by_id = base_label(study, style) == study.id;
    const std::string study_label = by_id ? study.id : label_token(study.id);
    std::vector<std::string> labels;
    std::map<std::pair<std::string, std::string>, int> seen;  // (rubric, label) -> times
    for (const auto& a : study.appraisals) {
        std::string result = a.label;
        if (!by_id && result.size() > not_coded.size() &&
            result.compare(result.size() - not_coded.size(), not_coded.size(), not_coded) == 0)
            result.resize(result.size() - not_coded.size());
        std::string label = result.empty() ? study_label
                            : by_id        ? study_label + " (" + result + ")"
                                           : study_label + ", " + result;
        const int n = ++seen[{a.rubric, label}];
        if (n > 1) label += " #" + std::to_string(n);
        labels.push_back(std::move(label));
    }
    return labels;
}

void study_labeller::add(const study_result& study) {
    if (study.id.empty() || id_to_base_.count(study.id) > 0) return;
    std::string base = base_label(study, style_);
    studies_.emplace_back(study.id, base);
    ++clashes_[base];
    id_to_base_.emplace(study.id, std::move(base));
}

std::string study_labeller::label(const std::string& id) const {
    const auto found = id_to_base_.find(id);
    if (found == id_to_base_.end()) return id;
    const std::string& base = found->second;
    // Ids are unique; a base label that is an id needs no letter.
    if (base == id || clashes_.at(base) < 2) return base;
    std::size_t n = 0;
    for (const auto& [other, other_base] : studies_) {
        if (other == id) break;
        if (other_base == base) ++n;
    }
    return style_ == label_style::title ? base + " (" + clash_letters(n) + ")" : base + clash_letters(n);
}

std::string label_token(const std::string& id) {
    return std::string(1, token_mark) + id + token_mark;
}

std::string with_labels(std::string_view text, const study_labeller& labels) {
    std::string out;
    while (!text.empty()) {
        const auto open = text.find(token_mark);
        const auto close = open == std::string_view::npos ? open : text.find(token_mark, open + 1);
        if (close == std::string_view::npos) {
            out += text;
            break;
        }
        out += text.substr(0, open);
        out += labels.label(std::string(text.substr(open + 1, close - open - 1)));
        text.remove_prefix(close + 1);
    }
    return out;
}

std::string escaped_keeping_tokens(std::string_view text, std::string (*escape)(std::string_view)) {
    std::string out;
    while (!text.empty()) {
        const auto open = text.find(token_mark);
        const auto close = open == std::string_view::npos ? open : text.find(token_mark, open + 1);
        if (close == std::string_view::npos) {
            out += escape(text);
            break;
        }
        out += escape(text.substr(0, open));
        out += text.substr(open, close - open + 1);
        text.remove_prefix(close + 1);
    }
    return out;
}

label_filter::int_type label_filter::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    if (ch == token_mark) {
        if (in_token_) out_ << escape_(labels_.label(id_));
        in_token_ = !in_token_;
        id_.clear();
    } else if (in_token_) {
        id_ += ch;
    } else {
        out_.put(ch);
    }
    return c;
}

}  // namespace appraise
