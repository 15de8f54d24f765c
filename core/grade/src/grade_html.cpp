#include "appraise/grade/grade_html.hpp"

#include <set>

#include "appraise/text/escape.hpp"

namespace appraise {
namespace {

// Footnote marks run across the whole table (one outcome's "a" is not another's).
std::string table_mark(std::size_t index) {
    std::string mark;
    do {
        mark.insert(mark.begin(), static_cast<char>('a' + index % 26));
        index /= 26;
    } while (index-- > 0);
    return mark;
}

std::string rating_cell(const std::optional<reviewer_rating>& rating, const outcome_grade& g, const std::string& what,
                        std::size_t first_mark) {
    if (!rating) return "<td class=\"na\">not rated</td>";
    std::string marks;
    for (std::size_t i = 0; i < g.footnotes.size(); ++i)
        if (g.footnotes[i].text.rfind(what, 0) == 0) marks += (marks.empty() ? "" : ",") + table_mark(first_mark + i);
    const char* word = rating->rating == grade_rating::not_serious ? "not serious"
                       : rating->rating == grade_rating::serious   ? "serious"
                                                                   : "very serious";
    return "<td>" + std::string(word) + (marks.empty() ? "" : "<sup>" + xml_escape(marks) + "</sup>") + "</td>";
}

}  // namespace

std::string summary_of_findings_html(const std::vector<outcome_grade>& grades, const review_config& config) {
    if (grades.empty()) return {};
    std::string html =
        "<section id=\"summary-of-findings\">\n<h2>Summary of findings (GRADE)</h2>\n"
        "<p>Certainty from the reviewer's ratings in appraise.toml ([review.outcomes.grade]); the risk-of-bias "
        "proposal is computed from the judgements and is a proposal only (protocol settings: " +
        xml_escape(protocol_settings_text(config)) +
        ").</p>\n<table>\n<tr><th>Outcome</th><th>Studies</th>"
        "<th>Starting level</th><th>Risk of bias</th><th>Inconsistency</th><th>Indirectness</th><th>Imprecision</th>"
        "<th>Publication bias</th><th>Risk of bias, proposal</th><th>Certainty</th></tr>\n";
    static constexpr std::array<const char*, grade_domain_count> whats = {
        "risk of bias", "inconsistency", "indirectness", "imprecision", "publication bias"};
    std::string notes;
    std::size_t first_mark = 0;
    for (const auto& g : grades) {
        std::set<std::string> studies;
        for (const auto& r : g.results)
            if (r.excluded.empty()) studies.insert(r.study);
        html += "<tr><th>" + xml_escape(g.outcome.name.empty() ? g.outcome.id.text : g.outcome.name) + "</th><td>" +
                std::to_string(studies.size()) + "</td><td>" + (g.start == 0 ? "-" : certainty_name(g.start)) + "</td>";
        for (std::size_t i = 0; i < grade_domain_count; ++i)
            html += rating_cell(g.outcome.ratings[i], g, whats[i], first_mark);
        html += "<td>";
        html += !g.proposal.rating                                ? "-"
                : *g.proposal.rating == grade_rating::not_serious ? "not serious (proposal)"
                                                                  : "serious (proposal)";
        html += "</td><td>";
        if (g.certainty.level)
            html += "<span aria-hidden=\"true\">" + certainty_symbols(*g.certainty.level) + "</span> " +
                    certainty_name(*g.certainty.level);
        else
            html += "not rated";
        html += "</td></tr>\n";
        for (const auto& f : g.footnotes)
            notes += "<li>" + table_mark(first_mark++) + ". " + xml_escape(f.text) + "</li>\n";
    }
    html += "</table>\n";
    if (!notes.empty()) html += "<ul class=\"footnotes\">\n" + notes + "</ul>\n";
    html += "<p>The full profile per outcome: <code>appraise grade</code> (docs/grade.md).</p>\n</section>\n";
    return html;
}

}  // namespace appraise
