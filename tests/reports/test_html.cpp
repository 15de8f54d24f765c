// The HTML report and its SVG plots, read as text: self-contained, one plot
// of each kind per rubric, a symbol in every judged cell, palettes, the
// details of each study, and a layout that stays apart with 500 studies.
#include <regex>

#include "report_fixtures.hpp"

#include "appraise/model/version.hpp"
#include "appraise/reports/svg_plots.hpp"

using namespace appraise;
using namespace appraise::test;

namespace {

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
    return n;
}

report_context html_context(const std::string& palette = "cochrane") {
    report_context context;
    context.rubrics = {rob2_description(), robins_description(), weakness_description()};
    context.palette = palette;
    return context;
}

}  // namespace

TEST_CASE("html: self-contained, a stamp, and the plots of every rubric", "[reports][html]") {
    const auto html = write_report("html", html_context()).out;
    CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>"));
    CHECK_THAT(html, Catch::Contains(std::string("appraise ") + tool_version));
    for (const char* external : {"<script", "<link", "src=", "url(", "@import", "https:"}) {
        INFO(external);
        CHECK(html.find(external) == std::string::npos);
    }
    CHECK(count(html, "<svg class=\"traffic-light\"") == 3);
    CHECK(count(html, "<svg class=\"summary-bars\"") == 3);
    CHECK(count(html, "<svg class=\"prevalence\"") == 2);  // rob2 and design-weakness have findings
    CHECK_THAT(html, Catch::Contains("#02C100"));
    CHECK_THAT(html, Catch::Contains("overridden; the algorithm gave Some concerns: assessors knew the allocation"));
    CHECK_THAT(html, Catch::Contains("<span class=\"prov prov-missing\">missing</span>"));
    CHECK_THAT(html, Catch::Contains("rule d4 fired"));
    CHECK_THAT(html, Catch::Contains("studies/more.toml:21:8"));  // the skipped study's error
    CHECK_THAT(html, Catch::Contains("2 clusters across 2 arms, &quot;1 per arm&quot;"));
    // Every judged cell carries a symbol as well as a colour: rob2 3x6, robins-i 1x8,
    // design-weakness 3x7 minus the one not-applicable cell (blank, as robvis draws it).
    const auto lights = html.substr(0, html.find("<section id=\"findings\""));
    const std::size_t legend = 6 * 3;  // each rubric's key: six discs, six symbols (one empty)
    CHECK(count(lights, "<circle") - legend == 18 + 8 + 21);
    CHECK(count(lights, "<text class=\"sym\"") - legend == 18 + 8 + 20);
}

TEST_CASE("html: findings show the coding line they point at", "[reports][html]") {
    temp_dir dir;
    const auto coding = dir.write("s.toml", "id = \"s\"\n[design]\nallocation = \"non-random\"\n");
    std::vector<file_result> files(1);
    files[0].path = coding.string();
    auto a = appraisal_of(weakness_description(), "", {"high"}, "high");
    a.findings.push_back({"design-weakness/non-random-allocation",
                          severity::warning,
                          "allocation was not random",
                          {coding.string(), 3, 14}});
    files[0].studies.push_back(study_of("s", {a}));
    const auto html = write_report("html", html_context(), files).out;
    CHECK_THAT(html, Catch::Contains("<code class=\"line\">3 | allocation = &quot;non-random&quot;</code>"));
}

TEST_CASE("html palettes: robvis's cochrane and colourblind colours", "[reports][html]") {
    const auto blind = write_report("html", html_context("colourblind")).out;
    CHECK_THAT(blind, Catch::Contains("#fed98e"));
    CHECK(blind.find("#02C100") == std::string::npos);
    CHECK_THROWS_WITH(write_report("html", html_context("rainbow")), Catch::Contains("unknown palette"));
    REQUIRE(find_palette("colorblind") == find_palette("colourblind"));
}

TEST_CASE("traffic light with 500 studies: blocks that wrap, rows that never overlap", "[reports][html]") {
    traffic_light plot;
    plot.columns = {"D1", "D2", "Overall"};
    for (int i = 0; i < 500; ++i) {
        plot.rows.push_back("study-" + std::to_string(i) +
                            (i == 7 ? " with a very long label that must be cut to fit the column" : ""));
        plot.cells.push_back({risk_level::low, risk_level::high, std::nullopt});
    }
    const std::string svg = traffic_light_svg(plot, *find_palette("cochrane"));
    CHECK(count(svg, "<svg class=\"traffic-light\"") == 10);
    CHECK_THAT(svg, Catch::StartsWith("<div class=\"plot-wrap\">"));
    // Within each block, label baselines are at least a cell apart.
    // Blocks are cut out with find, not one regex over the whole plot:
    // libstdc++'s regex recurses per character and overflows the stack here.
    const std::regex size_re("width=\"([0-9]+)\" height=\"([0-9]+)\"");
    const std::regex label_re("<text class=\"row\" x=\"([0-9]+)\" y=\"([0-9]+)\"");
    const std::sregex_iterator end;
    std::size_t blocks = 0;
    for (std::size_t at = svg.find("<svg class=\"traffic-light\""); at != std::string::npos;
         at = svg.find("<svg class=\"traffic-light\"", at + 1)) {
        ++blocks;
        const std::size_t close = svg.find("</svg>", at);
        REQUIRE(close != std::string::npos);
        const std::string block = svg.substr(at, close - at);
        const std::string tag = block.substr(0, block.find('>'));
        std::smatch size;
        REQUIRE(std::regex_search(tag, size, size_re));
        const int height = std::stoi(size[2]);
        int previous = -100;
        int labels = 0;
        for (std::sregex_iterator l(block.begin(), block.end(), label_re); l != end; ++l) {
            const int y = std::stoi((*l)[2]);
            CHECK(y - previous >= 24);
            CHECK(y < height);
            previous = y;
            ++labels;
        }
        CHECK(labels == 50);
    }
    CHECK(blocks == 10);
    // The long label is cut with an ellipsis and kept whole in its tooltip.
    CHECK_THAT(svg,
               Catch::Contains("<title>study-7 with a very long label that must be cut to fit the column</title>"));
    CHECK_THAT(svg, Catch::Contains("…</text>"));
}

TEST_CASE("summary bars: shares per level add up to the bar", "[reports][html]") {
    summary_bars bars;
    bars.rows = {"Allocation", "Overall"};
    bars.totals = {{3, 0, 1, 0, 0, 0}, {0, 0, 0, 0, 2, 2}};
    const std::string svg = summary_bars_svg(bars, *find_palette("cochrane"));
    CHECK_THAT(svg, Catch::Contains("width=\"315\""));  // 75% of 420
    CHECK_THAT(svg, Catch::Contains("width=\"105\""));  // 25%
    CHECK_THAT(svg, Catch::Contains("+ 75%"));
    CHECK(count(svg, "width=\"210\"") == 2);  // 50% / 50%
}
