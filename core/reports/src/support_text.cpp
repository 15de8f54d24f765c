#include "appraise/reports/support_text.hpp"

#include "appraise/reports/judgement_words.hpp"
#include "appraise/text/node_text.hpp"

namespace appraise {

std::string evidence_place(const sdk::value_evidence& evidence) {
    std::string text = evidence.at;
    if (!evidence.source.empty()) text += (text.empty() ? "" : ", ") + evidence.source;
    return text;
}

std::string evidence_brief(const sdk::value_evidence& evidence) {
    std::string text;
    if (!evidence.support.empty()) text = "\"" + evidence.support + "\"";
    const std::string place = evidence_place(evidence);
    if (!place.empty()) text += (text.empty() ? "" : ", ") + place;
    if (!evidence.resolved.empty()) {
        text += (text.empty() ? "" : "; ") + std::string("resolved: ") + evidence.resolved;
        if (!evidence.reason.empty()) text += ", " + evidence.reason;
    }
    return text.empty() ? text : "(" + text + ")";
}

std::string answer_name(const sdk::answer& answer) {
    return answer.outcome.empty() ? answer.id : answer.id + " [" + answer.outcome + "]";
}

std::string answer_brief(const sdk::answer& answer) {
    // A question the reviewer did not answer has no code to show: saying NI would invent one.
    if (answer.provenance == "not-assessed") return answer_name(answer) + " not assessed";
    std::string text = answer_name(answer) + " = " + (answer.value.empty() ? std::string("none") : answer.value);
    if (!answer.provenance.empty() && answer.provenance != "coded") text += ", " + answer.provenance;
    const std::string brief = evidence_brief(answer.evidence);
    if (!brief.empty()) text += " " + brief;
    return text;
}

std::vector<std::string> support_parts(const std::string& support, const std::vector<sdk::answer>& answers,
                                       const std::string& direction) {
    std::vector<std::string> parts;
    if (!support.empty()) parts.push_back(support);
    std::string listed;
    for (const auto& answer : answers) listed += (listed.empty() ? "" : "; ") + answer_brief(answer);
    if (!listed.empty()) parts.push_back(std::move(listed));
    if (!direction.empty()) parts.push_back("Direction: " + title_word(direction));
    return parts;
}

std::string judgement_label(const std::string& judgement, const std::string& not_assessed) {
    if (!not_assessed.empty()) return "Not assessed";
    return title_word(judgement);
}

std::string not_assessed_reason(const std::string& reason) {
    // Rubrics write their reasons as "not assessed: ...": a report says it once.
    constexpr std::string_view said = "not assessed: ";
    return reason.compare(0, said.size(), said) == 0 ? reason.substr(said.size()) : reason;
}

std::string not_assessed_text(const std::string& reason) {
    const std::string why = not_assessed_reason(reason);
    return why.empty() ? std::string("Not assessed") : "Not assessed: " + why;
}

std::string coding_value_text(const sdk::node& value) {
    if (value.type == sdk::node::kind::string) return value.text;
    if (value.type == sdk::node::kind::array) {
        std::string text;
        for (const auto& item : value.items) text += (text.empty() ? "" : ", ") + coding_value_text(item);
        return text;
    }
    return node_text(value);
}

}  // namespace appraise
