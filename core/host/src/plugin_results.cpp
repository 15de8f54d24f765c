#include "appraise/host/plugin_results.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "appraise/model/codebook.hpp"
#include "appraise/model/robvis_templates.hpp"
#include "appraise/text/number_format.hpp"
#include "appraise/text/utf8.hpp"

namespace appraise {
namespace {

bool kebab_case(std::string_view id) {
    if (id.empty() || id.size() > 64 || id.front() < 'a' || id.front() > 'z' || id.back() == '-') return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        const char c = id[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && id[i - 1] != '-');
        if (!ok) return false;
    }
    return true;
}

template <typename Word>
std::uint64_t load_bits(const char* at) {
    Word word = 0;
    std::memcpy(&word, at, sizeof word);
    return word;
}

// valid_utf8 with the common case inline: a text with no byte above 0x7F
// (nearly every text of every result, checked on every study) is ASCII.
// Words of 8 bytes, the last one overlapping the one before; a text under 8
// bytes in two overlapping loads of 4, 2 or 1 (most ids and words are short:
// a loop byte by byte cost more than the rest of the check).
bool utf8_ok(std::string_view text) {
    const char* at = text.data();
    const std::size_t size = text.size();
    std::uint64_t bits = 0;
    if (size >= 8) {
        for (std::size_t i = 0; i + 8 <= size; i += 8) bits |= load_bits<std::uint64_t>(at + i);
        bits |= load_bits<std::uint64_t>(at + size - 8);
    } else if (size >= 4) {
        bits = load_bits<std::uint32_t>(at) | load_bits<std::uint32_t>(at + size - 4);
    } else if (size >= 2) {
        bits = load_bits<std::uint16_t>(at) | load_bits<std::uint16_t>(at + size - 2);
    } else if (size == 1) {
        bits = static_cast<unsigned char>(*at);
    }
    return (bits & 0x8080808080808080ULL) == 0 || valid_utf8(text);
}

bool severity_ok(sdk::severity level) {
    const auto value = static_cast<int>(level);
    return value >= static_cast<int>(sdk::severity::info) && value <= static_cast<int>(sdk::severity::error);
}

bool concern_ok(sdk::finding_concern concern) {
    const auto value = static_cast<int>(concern);
    return value >= static_cast<int>(sdk::finding_concern::bias) &&
           value <= static_cast<int>(sdk::finding_concern::integrity);
}

// The rungs of the ladder reports share (judgement_words.hpp), as a plugin names them.
constexpr std::array<std::string_view, 6> rung_words{"low",      "concerns",       "high",
                                                     "critical", "no-information", "not-applicable"};

std::optional<std::string> check_rungs(const sdk::rubric_description& d) {
    if (d.judgement_rungs.empty()) return std::nullopt;
    if (d.judgement_rungs.size() != d.judgement_scale.size())
        return "judgement_rungs has " + std::to_string(d.judgement_rungs.size()) + " words for a judgement_scale of " +
               std::to_string(d.judgement_scale.size());
    for (std::size_t i = 0; i < d.judgement_rungs.size(); ++i)
        if (std::find(rung_words.begin(), rung_words.end(), d.judgement_rungs[i]) == rung_words.end())
            return "judgement_rungs places `" + d.judgement_scale[i] + "` on `" + d.judgement_rungs[i] +
                   "`, which is not low, concerns, high, critical, no-information or not-applicable";
    return std::nullopt;
}

std::optional<double> parse_number(std::string_view text, bool integer) {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
    const char* end = text.data() + text.size();
    if (integer) {
        std::int64_t value = 0;
        const auto [at, error] = std::from_chars(text.data(), end, value);
        if (error != std::errc{} || at != end) return std::nullopt;
        return static_cast<double>(value);
    }
    double value = 0;
    const auto [at, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc{} || at != end || !std::isfinite(value)) return std::nullopt;
    return value;
}

std::optional<std::string> check_option(const sdk::option_spec& option) {
    using kind = sdk::option_spec::kind;
    const std::string name = "option `" + option.name + "`";
    const std::string& text = option.default_value;
    switch (option.type) {
        case kind::boolean:
            if (text != "true" && text != "false")
                return name + " is boolean, but its default \"" + repair_utf8(text) + "\" is neither true nor false";
            return std::nullopt;
        case kind::string:
            return std::nullopt;
        case kind::integer:
        case kind::number: {
            const bool integer = option.type == kind::integer;
            const auto value = parse_number(text, integer);
            if (!value)
                return name + " is " + (integer ? "an integer" : "a number") + ", but its default \"" +
                       repair_utf8(text) + "\" is not one";
            if ((option.min && !std::isfinite(*option.min)) || (option.max && !std::isfinite(*option.max)) ||
                (option.min && option.max && *option.min > *option.max))
                return name + " has an empty or non-finite range";
            if ((option.min && *value < *option.min) || (option.max && *value > *option.max))
                return name + "'s default " + text + " is outside its range (" +
                       (option.min ? "min " + format_number(*option.min) : std::string("no min")) + ", " +
                       (option.max ? "max " + format_number(*option.max) : std::string("no max")) + ")";
            return std::nullopt;
        }
    }
    return name + " has an option kind outside the enum (" + std::to_string(static_cast<int>(option.type)) + ")";
}

// Every text of a description, with a name for the message.
template <typename F>
void each_text(const sdk::rubric_description& d, F&& visit) {
    visit("name", d.name);
    visit("version", d.version);
    visit("summary", d.summary);
    visit("details", d.details);
    for (const auto& word : d.judgement_scale) visit("judgement_scale", word);
    for (const auto& word : d.judgement_rungs) visit("judgement_rungs", word);
    for (const auto& domain : d.domains) {
        visit("domain id", domain.id);
        visit("domain name", domain.name);
        visit("domain description", domain.description);
    }
    for (const auto& finding : d.findings) {
        for (const auto* text : {&finding.slug, &finding.title, &finding.applies_to, &finding.why, &finding.source})
            visit("finding `" + repair_utf8(finding.slug) + "`", *text);
        for (const auto& path : finding.reads) visit("finding `" + repair_utf8(finding.slug) + "` reads", path);
    }
    for (const auto& option : d.options)
        for (const auto* text : {&option.name, &option.default_value, &option.description})
            visit("option `" + repair_utf8(option.name) + "`", *text);
    for (const auto& question : d.questions) {
        for (const auto* text : {&question.id, &question.domain, &question.prompt})
            visit("question `" + repair_utf8(question.id) + "`", *text);
        for (const auto& answer : question.answers)
            visit("question `" + repair_utf8(question.id) + "` answers", answer);
        for (const auto& variant : question.variants)
            visit("question `" + repair_utf8(question.id) + "` variants", variant);
    }
    for (const auto& variant : d.variants) {
        visit("variant id", variant.id);
        visit("variant `" + repair_utf8(variant.id) + "`", variant.description);
        for (const auto& type : variant.design_types)
            visit("variant `" + repair_utf8(variant.id) + "` design type", type);
    }
    for (const auto& item : d.checklist)
        for (const auto* text : {&item.id, &item.domain, &item.text})
            visit("checklist item `" + repair_utf8(item.id) + "`", *text);
    for (const auto& layout : d.robvis_layouts) {
        visit("robvis template", layout.template_name);
        for (const auto& id : layout.domains) visit("robvis layout domain", id);
    }
}

// Variants `appraise template --variant` can list: kebab-case ids, each once,
// exactly one default, design.type values of the codebook that select one
// variant each, and questions that name only declared variants.
std::optional<std::string> check_variants(const sdk::rubric_description& d) {
    const auto declared = [&](const std::string& id) {
        return std::any_of(d.variants.begin(), d.variants.end(),
                           [&](const sdk::variant_spec& v) { return v.id == id; });
    };
    const field_def* types = codebook::v1().find("design.type");
    std::size_t defaults = 0;
    for (std::size_t i = 0; i < d.variants.size(); ++i) {
        const auto& variant = d.variants[i];
        if (!kebab_case(variant.id)) return "variant id `" + variant.id + "` is not kebab-case";
        for (std::size_t j = 0; j < i; ++j) {
            if (d.variants[j].id == variant.id) return "variant `" + variant.id + "` is declared twice";
            for (const auto& type : variant.design_types)
                if (std::find(d.variants[j].design_types.begin(), d.variants[j].design_types.end(), type) !=
                    d.variants[j].design_types.end())
                    return "design.type `" + type + "` selects both variant `" + d.variants[j].id + "` and `" +
                           variant.id + "`";
        }
        for (const auto& type : variant.design_types)
            if (types != nullptr && std::find(types->values.begin(), types->values.end(), type) == types->values.end())
                return "variant `" + variant.id + "` is selected by design.type `" + type +
                       "`, which the codebook does not have";
        if (variant.is_default) ++defaults;
    }
    if (!d.variants.empty() && defaults != 1)
        return "the rubric declares " + std::to_string(d.variants.size()) + " variants and " +
               std::to_string(defaults) + " defaults; exactly one variant is the default";
    for (const auto& question : d.questions)
        for (const auto& id : question.variants)
            if (!declared(id))
                return "question `" + question.id + "` is asked by variant `" + id +
                       "`, which the rubric does not declare";
    return std::nullopt;
}

// A checklist the item tables can lay out: one column per id, each in a domain of the rubric.
std::optional<std::string> check_checklist(const sdk::rubric_description& d) {
    for (std::size_t i = 0; i < d.checklist.size(); ++i) {
        const auto& item = d.checklist[i];
        if (item.id.empty()) return "checklist item " + std::to_string(i + 1) + " has no id";
        for (std::size_t j = 0; j < i; ++j)
            if (d.checklist[j].id == item.id) return "checklist item `" + item.id + "` is listed twice";
        if (std::none_of(d.domains.begin(), d.domains.end(),
                         [&](const sdk::domain_spec& s) { return s.id == item.domain; }))
            return "checklist item `" + item.id + "` is in domain `" + item.domain +
                   "`, which the rubric does not have";
    }
    return std::nullopt;
}

std::string template_names() {
    std::string names;
    for (const auto& known : robvis_templates()) names += (names.empty() ? "" : ", ") + std::string(known.name);
    return names;
}

// A layout robvis can draw: a template it knows, the fixed number of domain
// columns, and domains the rubric has, each once.
std::optional<std::string> check_layout(const sdk::rubric_description& d, const sdk::robvis_layout& layout) {
    const auto* known = find_robvis_template(layout.template_name);
    const std::string name = "robvis layout `" + layout.template_name + "`";
    if (known == nullptr) return name + " names no robvis template (robvis knows: " + template_names() + ")";
    if (known->domain_columns != 0 && layout.domains.size() != known->domain_columns)
        return name + " has " + std::to_string(layout.domains.size()) + " domains, but robvis's template has " +
               std::to_string(known->domain_columns);
    if (layout.domains.empty()) return name + " lists no domain";
    for (std::size_t i = 0; i < layout.domains.size(); ++i) {
        const auto& id = layout.domains[i];
        if (std::none_of(d.domains.begin(), d.domains.end(), [&](const sdk::domain_spec& s) { return s.id == id; }))
            return name + " lists domain `" + id + "`, which the rubric does not have";
        if (std::find(layout.domains.begin(), layout.domains.begin() + static_cast<std::ptrdiff_t>(i), id) !=
            layout.domains.begin() + static_cast<std::ptrdiff_t>(i))
            return name + " lists domain `" + id + "` twice";
    }
    for (const auto& other : d.robvis_layouts)
        if (&other != &layout && other.template_name == layout.template_name) return name + " is declared twice";
    return std::nullopt;
}

class checked final : public sdk::rubric {
public:
    checked(std::unique_ptr<sdk::rubric> inner, std::string id, std::vector<sdk::robvis_layout> layouts)
        : inner_(std::move(inner)), id_(std::move(id)), layouts_(std::move(layouts)) {}

    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& study) const override {
        std::vector<sdk::appraisal> produced;
        try {
            produced = inner_->appraise(study);
        } catch (const std::exception& error) {
            // what() is plugin text like any other: it reaches reports.
            throw std::runtime_error(repair_utf8(error.what() != nullptr ? error.what() : ""));
        }
        check_results(id_, layouts_, study, produced);
        return produced;
    }

private:
    std::unique_ptr<sdk::rubric> inner_;
    std::string id_;
    std::vector<sdk::robvis_layout> layouts_;
};

}  // namespace

std::optional<std::string> check_description(const sdk::rubric_description& description) {
    if (!kebab_case(description.id))
        return "the rubric id `" + repair_utf8(description.id) +
               "` is not kebab-case (lower-case letters, digits, single `-`, starting with a letter, at most 64)";
    std::optional<std::string> bad_text;
    each_text(description, [&](const std::string& where, const std::string& text) {
        if (!bad_text && !valid_utf8(text)) bad_text = "its " + where + " is not valid UTF-8";
    });
    if (bad_text) return bad_text;
    for (const auto& finding : description.findings)
        if (!severity_ok(finding.level))
            return "finding `" + finding.slug + "` has a severity outside the enum (" +
                   std::to_string(static_cast<int>(finding.level)) + ")";
    for (const auto& finding : description.findings)
        if (!concern_ok(finding.concern))
            return "finding `" + finding.slug + "` has a concern outside the enum (" +
                   std::to_string(static_cast<int>(finding.concern)) + ")";
    if (auto why = check_rungs(description)) return why;
    if (auto why = check_variants(description)) return why;
    if (auto why = check_checklist(description)) return why;
    for (const auto& option : description.options)
        if (auto why = check_option(option)) return why;
    for (const auto& layout : description.robvis_layouts)
        if (auto why = check_layout(description, layout)) return why;
    return std::nullopt;
}

void check_results(const std::string& rubric_id, const std::vector<sdk::robvis_layout>& layouts,
                   const sdk::study& study, std::vector<sdk::appraisal>& produced) {
    // `<rubric>/...`, compared in place (a prefix string would be built for every study).
    const auto has_prefix = [&rubric_id](std::string_view id) {
        return id.size() > rubric_id.size() + 1 && id.compare(0, rubric_id.size(), rubric_id) == 0 &&
               id[rubric_id.size()] == '/';
    };
    for (auto& appraisal : produced) {
        bool repaired = false;
        // A text or a file name (sdk::file_name reads and assigns as text).
        const auto fix = [&](auto& text) {
            if (utf8_ok(text)) return;
            text = repair_utf8(text);
            repaired = true;
        };
        fix(appraisal.label);
        if (appraisal.overall) fix(*appraisal.overall);
        for (auto* text :
             {&appraisal.overall_rationale, &appraisal.overall_proposed, &appraisal.overall_override_reason,
              &appraisal.overall_not_assessed, &appraisal.overall_support, &appraisal.overall_direction,
              &appraisal.notes, &appraisal.robvis_template})
            fix(*text);
        for (auto& domain : appraisal.domains) {
            for (auto* text : {&domain.id, &domain.name, &domain.judgement, &domain.rationale, &domain.proposed,
                               &domain.override_reason, &domain.not_assessed, &domain.support, &domain.direction})
                fix(*text);
            for (auto& answer : domain.answers) {
                for (auto* text : {&answer.id, &answer.value, &answer.provenance, &answer.outcome}) fix(*text);
                if (answer.evidence.empty()) continue;  // (edit() would make one)
                auto& evidence = answer.evidence.edit();
                for (auto* text : {&evidence.support, &evidence.at, &evidence.source}) fix(*text);
            }
            for (auto& alternative : domain.alternatives)
                for (auto* text : {&alternative.label, &alternative.judgement}) fix(*text);
        }
        // A finding that breaks the contract is replaced, where it stood, by
        // one that says so; the findings are checked in place, none moved.
        const auto broken = [&](const std::string& why, const sdk::source_location& where) {
            return sdk::finding{rubric_id + "/rubric-invalid-result", sdk::severity::error,
                                "the rubric broke the plugin contract: " + why, where};
        };
        const auto invalid = [&](const std::string& why, const sdk::source_location& where) {
            appraisal.findings.push_back(broken(why, where));
        };
        for (auto& finding : appraisal.findings) {
            fix(finding.id);
            fix(finding.message);
            fix(finding.where.file);
            if (finding.where.file.empty()) finding.where.file = study.file;
            if (finding.where.file != study.file) {
                // Reports link locations; a plugin must not make them open another file.
                finding.message += " (the rubric pointed at " + finding.where.file + ":" +
                                   std::to_string(finding.where.line) + ", outside this study's file; shown here)";
                finding.where = study.id_where;
            }
            if (finding.where.line < 0) finding.where.line = 0;
            if (finding.where.column < 0) finding.where.column = 0;
            if (!severity_ok(finding.level)) {
                finding = broken("finding `" + finding.id + "` has severity " +
                                     std::to_string(static_cast<int>(finding.level)) +
                                     ", which is not info, warning or error; it is dropped",
                                 finding.where);
                continue;
            }
            if (!concern_ok(finding.concern)) {
                finding = broken("finding `" + finding.id + "` has concern " +
                                     std::to_string(static_cast<int>(finding.concern)) +
                                     ", which is not bias, precision, applicability, reporting or integrity; it is "
                                     "dropped",
                                 finding.where);
                continue;
            }
            if (!has_prefix(finding.id)) {
                finding =
                    broken("finding id `" + finding.id + "` does not start with `" + rubric_id + "/`; it is dropped",
                           finding.where);
                continue;
            }
        }
        if (repaired)
            invalid("it returned text that is not valid UTF-8; the bad bytes are shown as U+FFFD", study.id_where);
        // A reading a report cannot name, or names twice, says nothing a reader can check.
        for (auto& domain : appraisal.domains) {
            std::vector<sdk::alternative_judgement> named;
            for (auto& alternative : domain.alternatives) {
                const bool twice = std::any_of(named.begin(), named.end(), [&](const sdk::alternative_judgement& a) {
                    return a.label == alternative.label;
                });
                if (alternative.label.empty() || twice) {
                    invalid("domain `" + domain.id + "` gives " +
                                (twice ? "the alternative `" + alternative.label + "` twice"
                                       : std::string("an alternative with no label")) +
                                "; it is dropped",
                            study.id_where);
                    continue;
                }
                named.push_back(std::move(alternative));
            }
            domain.alternatives = std::move(named);
        }
        // robvis draws a result with one of the layouts the rubric declared
        // (none declared: Generic); any other name would pick columns it never checked.
        if (!appraisal.robvis_template.empty()) {
            std::string declared;
            bool known = layouts.empty() && appraisal.robvis_template == generic_robvis_template().name;
            for (const auto& layout : layouts) {
                declared += (declared.empty() ? "" : ", ") + layout.template_name;
                known = known || layout.template_name == appraisal.robvis_template;
            }
            if (!known) {
                invalid(
                    "its result names robvis template `" + appraisal.robvis_template +
                        "`, which its description does not declare (declared: " +
                        (declared.empty() ? std::string(generic_robvis_template().name) + ", the default" : declared) +
                        "); the template is dropped and the result drawn with the rubric's default layout",
                    study.id_where);
                appraisal.robvis_template.clear();
            }
        }
    }
}

std::unique_ptr<sdk::rubric> checked_rubric(std::unique_ptr<sdk::rubric> inner, std::string rubric_id,
                                            std::vector<sdk::robvis_layout> layouts) {
    if (inner == nullptr) return nullptr;
    return std::make_unique<checked>(std::move(inner), std::move(rubric_id), std::move(layouts));
}

}  // namespace appraise
