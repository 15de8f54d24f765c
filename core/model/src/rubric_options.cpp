#include "appraise/model/rubric_options.hpp"

#include <charconv>

#include "appraise/model/suggest.hpp"
#include "appraise/text/number_format.hpp"

namespace appraise {
namespace {

using kind = sdk::option_spec::kind;

std::string type_name(kind k) {
    switch (k) {
        case kind::boolean:
            return "true or false";
        case kind::integer:
            return "an integer";
        case kind::number:
            return "a number";
        case kind::string:
            return "a string";
    }
    return "a value";
}

// Defaults are written in TOML syntax in the rubric's description.
sdk::option_value parse_default(const sdk::option_spec& spec) {
    const std::string& text = spec.default_value;
    switch (spec.type) {
        case kind::boolean:
            return text == "true";
        case kind::integer:
            return static_cast<std::int64_t>(std::stoll(text));
        case kind::number:
            return std::stod(text);
        case kind::string:
            if (text.size() >= 2 && text.front() == '"' && text.back() == '"') return text.substr(1, text.size() - 2);
            return text;
    }
    return text;
}

std::optional<sdk::option_value> from_node(const sdk::option_spec& spec, const sdk::node& value) {
    using nk = sdk::node::kind;
    switch (spec.type) {
        case kind::boolean:
            if (value.type == nk::boolean) return value.boolean;
            break;
        case kind::integer:
            if (value.type == nk::integer) return value.integer;
            break;
        case kind::number:
            if (value.is_number()) return value.number;
            break;
        case kind::string:
            if (value.type == nk::string) return value.text;
            break;
    }
    return std::nullopt;
}

double numeric(const sdk::option_value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    return 0;
}

}  // namespace

std::string option_text(const sdk::option_value& value) {
    return std::visit(
        [](const auto& v) -> std::string {
            using value_type = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<value_type, bool>)
                return v ? "true" : "false";
            else if constexpr (std::is_same_v<value_type, std::int64_t> || std::is_same_v<value_type, double>)
                return format_number(v);
            else
                return "\"" + v + "\"";
        },
        value);
}

sdk::option_values resolve_options(const sdk::rubric_description& rubric, const sdk::node* configured,
                                   diagnostics& problems) {
    sdk::option_values values;
    std::vector<std::string> names;
    for (const auto& spec : rubric.options) {
        values[spec.name] = parse_default(spec);
        names.push_back(spec.name);
    }
    if (configured == nullptr) return values;
    for (const auto& member : configured->members) {
        const auto& [name, value] = member;
        // The lambda reads `member.first`: clang 14 cannot capture a structured binding.
        const auto spec = std::find_if(rubric.options.begin(), rubric.options.end(),
                                       [&member](const sdk::option_spec& s) { return s.name == member.first; });
        if (spec == rubric.options.end()) {
            std::string message = "rubric `" + rubric.id + "` has no option `" + name + "`";
            if (auto near = nearest(name, names)) message += "; did you mean `" + *near + "`?";
            problems.push_back({severity::error, "config/unknown-option", message, value.where,
                                "`appraise explain " + rubric.id + "` lists its options"});
            continue;
        }
        auto parsed = from_node(*spec, value);
        if (!parsed) {
            problems.push_back({severity::error, "config/bad-option",
                                "option `" + name + "` of `" + rubric.id + "` must be " + type_name(spec->type),
                                value.where, "default: " + spec->default_value});
            continue;
        }
        if (spec->type == kind::integer || spec->type == kind::number) {
            const double n = numeric(*parsed);
            if ((spec->min && n < *spec->min) || (spec->max && n > *spec->max)) {
                problems.push_back({severity::error, "config/bad-option",
                                    "option `" + name + "` of `" + rubric.id + "` is out of range (" +
                                        (spec->min ? "min " + option_text(*spec->min) : std::string("no min")) + ", " +
                                        (spec->max ? "max " + option_text(*spec->max) : std::string("no max")) + ")",
                                    value.where, "default: " + spec->default_value});
                continue;
            }
        }
        values[name] = std::move(*parsed);
    }
    return values;
}

}  // namespace appraise
