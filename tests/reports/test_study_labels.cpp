// Study labels (`run --label`): "Author Year" from the coded authors and
// year, letters for clashes in corpus order, title and id, and the same
// labels in the HTML, Markdown and robvis writers.
#include <sstream>

#include "report_fixtures.hpp"

#include "appraise/reports/study_labels.hpp"
#include "appraise/text/escape.hpp"

using namespace appraise;
using namespace appraise::test;

namespace {

study_result cited(const std::string& id, const std::string& authors, const std::string& year,
                   std::vector<sdk::appraisal> appraisals = {}) {
    std::map<std::string, std::vector<std::string>> facets;
    if (!authors.empty()) facets["authors"] = {authors, "Second, B."};
    facets["year"] = {year.empty() ? not_reported_label : year};
    facets["title"] = {"Sport and mental health of " + id};
    return study_of(id, std::move(appraisals), facets);
}

// Three files: two "Lan 2009" (one in file 1, one in file 3), one Zhou 2019, one without authors.
std::vector<file_result> clashing_corpus() {
    const auto rob2 = rob2_description();
    const auto result = [&](const std::string& label) {
        return appraisal_of(rob2, label, {"low", "low", "low", "low", "low"}, "low");
    };
    std::vector<file_result> files(3);
    files[0].path = "a.toml";
    files[0].studies.push_back(cited("lan-2009-sport", "Lan, X.", "2009", {result("depression (assignment)")}));
    files[1].path = "b.toml";
    files[1].studies.push_back(cited("zhou-2019", "Zhou, L.", "2019", {result("loneliness (effect not coded)")}));
    files[1].studies.push_back(cited("anon-2010", "", "2010", {result("")}));
    files[2].path = "c.toml";
    files[2].studies.push_back(cited("lan-2009-dance", "Lan, Y.", "2009", {result("")}));
    return files;
}

report_context rob2_context(const std::string& label = "author-year") {
    report_context context;
    context.rubrics = {rob2_description()};
    context.label = label;
    return context;
}

}  // namespace

TEST_CASE("study labels: first author's family name and year, else the id", "[reports][labels]") {
    CHECK(base_label(cited("lan-2009", "Lan, X.", "2009"), label_style::author_year) == "Lan 2009");
    CHECK(base_label(cited("x", "van der Berg, A.", "2011"), label_style::author_year) == "van der Berg 2011");
    CHECK(base_label(cited("x", "WHO", "2016"), label_style::author_year) == "WHO 2016");  // no comma: as written
    CHECK(base_label(cited("no-year", "Lan, X.", ""), label_style::author_year) == "no-year");
    CHECK(base_label(cited("no-author", "", "2009"), label_style::author_year) == "no-author");
    CHECK(base_label(cited("lan-2009", "Lan, X.", "2009"), label_style::id) == "lan-2009");
    CHECK(base_label(cited("lan-2009", "Lan, X.", "2009"), label_style::title) ==
          "Sport and mental health of lan-2009");
    CHECK(base_label(study_of("untitled", {}), label_style::title) == "untitled");
    CHECK(parse_label_style("author-year") == label_style::author_year);
    CHECK_FALSE(parse_label_style("Author-Year").has_value());
    CHECK_THROWS_AS(label_style_named("year"), std::invalid_argument);
}

TEST_CASE("study labels: a clash is lettered a, b in corpus order, whatever came between", "[reports][labels]") {
    study_labeller labels(label_style::author_year);
    for (const auto& file : clashing_corpus())
        for (const auto& study : file.studies) labels.add(study);
    CHECK(labels.label("lan-2009-sport") == "Lan 2009a");
    CHECK(labels.label("lan-2009-dance") == "Lan 2009b");
    CHECK(labels.label("zhou-2019") == "Zhou 2019");
    CHECK(labels.label("anon-2010") == "anon-2010");
    CHECK(labels.label("never-added") == "never-added");

    study_labeller titles(label_style::title);
    titles.add(cited("a", "A, A.", "2000"));
    auto same = cited("b", "B, B.", "2001");
    same.facets["title"] = {"Sport and mental health of a"};
    titles.add(same);
    CHECK(titles.label("a") == "Sport and mental health of a (a)");
    CHECK(titles.label("b") == "Sport and mental health of a (b)");
}

TEST_CASE("study labels: tokens replaced on the way out, escaped for the format", "[reports][labels]") {
    study_labeller labels(label_style::author_year);
    labels.add(cited("obrien-2010", "O*Brien <K.>, K.", "2010"));
    std::ostringstream out;
    label_filter filter(out, labels, markdown_cell);
    std::ostream through(&filter);
    const std::string text = "| " + label_token("obrien-2010") + " | x |\n";
    for (const char c : text) through.put(c);  // a token split over many writes
    through.flush();
    CHECK(out.str() == "| O\\*Brien &lt;K.&gt; 2010 | x |\n");
    CHECK(with_labels("[" + label_token("obrien-2010") + "]", labels) == "[O*Brien <K.> 2010]");
    CHECK(escaped_keeping_tokens("a<" + label_token("x") + ">b", xml_escape) == "a&lt;" + label_token("x") + "&gt;b");
}

TEST_CASE("result labels: the study's label, then the outcome compactly, ids keep their old form",
          "[reports][labels]") {
    const auto files = clashing_corpus();
    const auto& zhou = files[1].studies[0];
    CHECK(labelled_results(zhou, label_style::author_year) ==
          std::vector<std::string>{label_token("zhou-2019") + ", loneliness"});
    CHECK(labelled_results(zhou, label_style::id) ==
          std::vector<std::string>{"zhou-2019 (loneliness (effect not coded))"});
    CHECK(labelled_results(files[1].studies[1], label_style::author_year) == std::vector<std::string>{"anon-2010"});
}

TEST_CASE("markdown, robvis and html show the author-year labels with their letters", "[reports][labels]") {
    const std::string markdown = write_report("markdown", rob2_context(), clashing_corpus()).out;
    CHECK_THAT(markdown, Catch::Contains("\n| Lan 2009a, depression (assignment) | Low |"));
    CHECK_THAT(markdown, Catch::Contains("\n| Zhou 2019, loneliness | Low |"));
    CHECK_THAT(markdown, Catch::Contains("\n| anon-2010 | Low |"));
    CHECK_THAT(markdown, Catch::Contains("\n| Lan 2009b | Low |"));
    CHECK(markdown.find('\x1d') == std::string::npos);

    const auto robvis = write_report("robvis", rob2_context(), clashing_corpus());
    CHECK(robvis.out ==
          "Study,D1,D2,D3,D4,D5,Overall\n"
          "\"Lan 2009a, depression (assignment)\",Low,Low,Low,Low,Low,Low\n"
          "\"Zhou 2019, loneliness\",Low,Low,Low,Low,Low,Low\n"
          "anon-2010,Low,Low,Low,Low,Low,Low\n"
          "Lan 2009b,Low,Low,Low,Low,Low,Low\n");
    CHECK(robvis.notes.find('\x1d') == std::string::npos);

    const std::string html = write_report("html", rob2_context(), clashing_corpus()).out;
    CHECK_THAT(html, Catch::Contains("<title>Lan 2009b</title>Lan 2009b</text>"));  // the traffic-light row
    CHECK_THAT(html, Catch::Contains("<h3>Lan 2009a <span class=\"study-id\">lan-2009-sport</span></h3>"));
    CHECK_THAT(html, Catch::Contains("<h3>anon-2010</h3>"));
    CHECK_THAT(html, Catch::Contains("<a href=\"#study-lan-2009-dance\">Lan 2009b</a>"));
    CHECK(html.find('\x1d') == std::string::npos);

    // --label id: the ids, as before.
    const std::string by_id = write_report("robvis", rob2_context("id"), clashing_corpus()).out;
    CHECK_THAT(by_id, Catch::Contains("\nlan-2009-sport (depression (assignment)),Low"));
    CHECK_THAT(by_id, Catch::Contains("\nlan-2009-dance,Low"));
}
