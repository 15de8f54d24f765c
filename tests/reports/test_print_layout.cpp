// The HTML report's table of contents, print rules, page-sized plot panels
// and the notes that explain cells left empty on purpose, read as text. The
// browser test (test_html_browser.cpp) prints the example corpus to PDF and
// measures the pages.
#include "report_fixtures.hpp"

#include "appraise/reports/print_layout.hpp"
#include "appraise/reports/svg_plots.hpp"

using namespace appraise;
using namespace appraise::test;

namespace {

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
    return n;
}

report_context html_context() {
    report_context context;
    context.rubrics = {rob2_description(), robins_description(), weakness_description()};
    return context;
}

}  // namespace

TEST_CASE("html contents: a link to each section, rubric and study, and each target exists", "[reports][html][print]") {
    const std::string html = write_report("html", html_context()).out;
    const auto nav_begin = html.find("<nav class=\"toc\"");
    REQUIRE(nav_begin != std::string::npos);
    CHECK(nav_begin < html.find("<section id=\"summary\""));  // before the first section
    const std::string nav = html.substr(nav_begin, html.find("</nav>", nav_begin) - nav_begin);
    std::vector<std::string> anchors;
    for (auto at = nav.find("href=\"#"); at != std::string::npos; at = nav.find("href=\"#", at + 1))
        anchors.push_back(nav.substr(at + 7, nav.find('"', at + 7) - at - 7));
    const std::vector<std::string> expected{
        "summary", "rubric-rob2",     "rubric-robins-i", "rubric-design-weakness", "findings",
        "studies", "study-chen-2017", "study-lan-2009",  "study-bad-2010",         "study-zhou-2019"};
    CHECK(anchors == expected);  // in report order; studies in corpus order, skipped ones too
    for (const auto& anchor : anchors) {
        INFO(anchor);
        CHECK(count(html, "id=\"" + anchor + "\"") == 1);
    }
    CHECK_THAT(nav, Catch::Contains(">RoB 2 (rob2)</a>"));
}

TEST_CASE("print rules: A4 pages, a break before each section, nothing big kept whole", "[reports][html][print]") {
    const std::string css = print_css();
    CHECK_THAT(css, Catch::Contains("@page{size:A4;"));
    CHECK_THAT(css, Catch::Contains("section.rubric,section#findings,section#studies{break-before:page}"));
    CHECK_THAT(css, Catch::Contains("thead{display:table-header-group}"));  // a split table repeats its header
    CHECK_THAT(css, Catch::Contains("svg{break-inside:avoid;"));            // a panel is never split
    // A study may be longer than a page: kept whole, it would leave the page before it blank.
    CHECK_THAT(css, Catch::Contains("section.study{break-inside:auto"));
    CHECK_THAT(css, !Catch::Contains("section.study{break-inside:avoid"));
    // Collapsed details would hide judgements on paper.
    CHECK_THAT(css, !Catch::Contains("display:none}details"));
    const std::string html = write_report("html", html_context()).out;
    CHECK(html.find(css) != std::string::npos);
    CHECK(html.find(css) > html.find(report_css()));  // after the screen rules, so it overrides them
    CHECK_THAT(html, Catch::Contains("<table class=\"domains\"><thead><tr><th>Domain</th>"));
}

TEST_CASE("html traffic lights: page-sized panels, each with the column header", "[reports][html][print]") {
    const auto dw = weakness_description();
    std::vector<file_result> files(1);
    files[0].path = "studies/many.toml";
    const std::size_t studies = 2 * rows_per_page_panel + 5;
    for (std::size_t i = 0; i < studies; ++i)
        files[0].studies.push_back(study_of("s" + std::to_string(i),
                                            {appraisal_of(dw, "", {"low", "low", "low", "low", "low", "low"}, "low")}));
    report_context context;
    context.rubrics = {dw};
    const std::string html = write_report("html", context, files).out;
    CHECK(count(html, "<svg class=\"traffic-light\"") == 3);
    // Every panel starts with the headers D1..D6 and Overall.
    CHECK(count(html, "<text class=\"col\"") == 3 * 7);
    CHECK_THAT(html, Catch::Contains("studies 1 to 36\""));
    CHECK_THAT(html, Catch::Contains("studies 73 to 77\""));
    // 28px header + 36 rows of 24px + 8px: a panel fits the 1,030px of an A4 page's content.
    CHECK(28 + rows_per_page_panel * 24 + 8 <= 1030);
}

TEST_CASE("html plots: a cell empty on purpose is explained under the plot", "[reports][html][print]") {
    auto rubric = weakness_description();
    rubric.id = "checklist";
    rubric.name = "A checklist";
    std::vector<file_result> files(1);
    files[0].path = "studies/c.toml";
    // No overall at all, and the second result has no judgement for D2 and D5 (they do not apply).
    auto full = appraisal_of(rubric, "", {"low", "low", "low", "low", "low", "low"}, std::nullopt);
    auto part = appraisal_of(rubric, "", {"low", "low", "low", "low", "low", "low"}, std::nullopt);
    part.domains.erase(part.domains.begin() + 4);
    part.domains.erase(part.domains.begin() + 1);
    files[0].studies.push_back(study_of("a", {full}));
    files[0].studies.push_back(study_of("b", {part}));
    report_context context;
    context.rubrics = {rubric};
    const std::string html = write_report("html", context, files).out;
    CHECK_THAT(html, Catch::Contains("<p class=\"plot-note\">An empty cell in D2, D5 is a domain the rubric left out "
                                     "for that result because it does not apply there"));
    CHECK_THAT(html, Catch::Contains("<p class=\"plot-note\">A checklist gives no overall judgement, so the Overall "
                                     "column and the Overall bar are empty.</p>"));

    // One result of two without an overall: counted, not said of the rubric.
    files[0].studies[0].appraisals[0].overall = "low";
    const std::string some = write_report("html", context, files).out;
    CHECK_THAT(some, Catch::Contains("<p class=\"plot-note\">1 result has no overall judgement"));
    CHECK_THAT(some, !Catch::Contains("gives no overall judgement"));

    // Nothing empty: no note.
    const std::string none = write_report("html", html_context()).out;
    CHECK(none.find("plot-note\">") == std::string::npos);
}
