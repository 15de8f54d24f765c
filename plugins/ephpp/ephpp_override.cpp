#include "ephpp_override.hpp"

namespace ephpp {

namespace sdk = appraise::sdk;

namespace {
void invalid(std::vector<sdk::finding>& findings, const std::string& message, const sdk::source_location& where) {
    findings.push_back({"ephpp/invalid-override", sdk::severity::error, message, where});
}
}  // namespace

std::map<std::string, rating_override, std::less<>> read_overrides(const sdk::node* table,
                                                                   std::vector<sdk::finding>& findings) {
    std::map<std::string, rating_override, std::less<>> result;
    if (table == nullptr) return result;
    if (table->type != sdk::node::kind::table) {
        invalid(findings, "`override` must be a table: [appraisal.ephpp.override]", table->where);
        return result;
    }
    for (const auto& [key, value] : table->members) {
        if (key != "overall" && !(key.size() == 1 && key[0] >= 'a' && key[0] <= 'f')) {
            invalid(findings, "override names `" + key + "`, which is neither `overall` nor a rated component a..f",
                    value.where);
            continue;
        }
        if (value.type != sdk::node::kind::table) {
            invalid(findings, "override of " + key + " must be { judgement = \"...\", reason = \"...\" }", value.where);
            continue;
        }
        const sdk::node* judgement = value.get("judgement");
        const sdk::node* reason = value.get("reason");
        if (judgement == nullptr || judgement->type != sdk::node::kind::string ||
            (judgement->text != "strong" && judgement->text != "moderate" && judgement->text != "weak")) {
            invalid(findings, "override of " + key + " needs `judgement` = \"strong\", \"moderate\" or \"weak\"",
                    judgement != nullptr ? judgement->where : value.where);
            continue;
        }
        if (reason == nullptr || reason->type != sdk::node::kind::string || reason->text.empty()) {
            invalid(findings, "override of " + key + " needs a written `reason`: reports keep it beside the rating",
                    reason != nullptr ? reason->where : value.where);
            continue;
        }
        result[key] = {judgement->text, reason->text, value.where};
    }
    return result;
}

}  // namespace ephpp
