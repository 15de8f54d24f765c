#include "robins_i_override.hpp"

namespace robins_i {

namespace sdk = appraise::sdk;

namespace {

void invalid(std::vector<sdk::finding>& findings, const std::string& message, const sdk::source_location& where) {
    findings.push_back({"robins-i/invalid-override", sdk::severity::error, message, where});
}

std::string scale_words() {
    std::string text;
    for (const level l : all_levels()) text += (text.empty() ? "" : ", ") + std::string(level_word(l));
    return text;
}

}  // namespace

std::map<std::string, judgement_override, std::less<>> read_overrides(const sdk::node* table,
                                                                      std::vector<sdk::finding>& findings) {
    std::map<std::string, judgement_override, std::less<>> result;
    if (table == nullptr) return result;
    if (table->type != sdk::node::kind::table) {
        invalid(findings, "`override` must be a table: [appraisal.robins-i.override]", table->where);
        return result;
    }
    for (const auto& [key, value] : table->members) {
        const bool known = key == "overall" || (key.size() == 2 && key[0] == 'd' && key[1] >= '1' && key[1] <= '7');
        if (!known) {
            invalid(findings, "override names `" + key + "`, which is neither `overall` nor a domain d1..d7",
                    value.where);
            continue;
        }
        if (value.type != sdk::node::kind::table) {
            invalid(findings, "override of " + key + " must be { judgement = \"...\", reason = \"...\" }", value.where);
            continue;
        }
        const sdk::node* judgement = value.get("judgement");
        const sdk::node* reason = value.get("reason");
        if (judgement == nullptr || judgement->type != sdk::node::kind::string) {
            invalid(findings, "override of " + key + " needs `judgement`, one of: " + scale_words(),
                    judgement != nullptr ? judgement->where : value.where);
            continue;
        }
        const auto parsed = parse_level(judgement->text);
        if (!parsed) {
            invalid(findings,
                    "override of " + key + ": \"" + judgement->text +
                        "\" is not a ROBINS-I level; use one of: " + scale_words(),
                    judgement->where);
            continue;
        }
        if (reason == nullptr || reason->type != sdk::node::kind::string || reason->text.empty()) {
            invalid(findings, "override of " + key + " needs a written `reason`: reports keep it beside the judgement",
                    reason != nullptr ? reason->where : value.where);
            continue;
        }
        result[key] = {*parsed, reason->text, value.where};
    }
    return result;
}

}  // namespace robins_i
