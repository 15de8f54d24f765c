// The HTML report and its SVG plots, read as text: self-contained, one plot
// of each kind per rubric, a symbol in every judged cell, palettes, the
// details of each study, and a layout that stays apart with 500 studies.
#include <regex>

#include "report_fixtures.hpp"

#include "appraise/model/version.hpp"
#include "appraise/reports/judgement_words.hpp"
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
    // Each rubric's key lists its own scale: rob2 3 words and the No information a result met outside it,
    // robins-i 5, design-weakness 4 (Not applicable has no symbol).
    CHECK(count(lights, "<circle") - (4 + 5 + 4) == 18 + 8 + 21);
    CHECK(count(lights, "<text class=\"sym\"") - (4 + 5 + 3) == 18 + 8 + 20);
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
    plot.key = judgement_key({"low", "some-concerns", "high"}, {});
    plot.columns = {"D1", "D2", "Overall"};
    const auto judged = [](std::size_t mark) {
        plot_cell c;
        c.mark = mark;
        return c;
    };
    for (int i = 0; i < 500; ++i) {
        plot.rows.push_back("study-" + std::to_string(i) +
                            (i == 7 ? " with a very long label that must be shown whole" : ""));
        plot.cells.push_back({judged(0), judged(2), plot_cell{}});
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
    // The long label is never cut: the label column is as wide as the longest label (the page scales the plot
    // down with max-width:100%), and the whole label is both the tooltip and the text shown.
    const std::string long_label = "study-7 with a very long label that must be shown whole";
    CHECK_THAT(svg, Catch::Contains("<title>" + long_label + "</title>" + long_label + "</text>"));
    CHECK_THAT(svg, !Catch::Contains("…"));
}

TEST_CASE("summary bars: shares per level add up to the bar", "[reports][html]") {
    summary_bars bars;
    bars.key = judgement_key({"low", "some-concerns", "high", "critical", "no-information", "not-applicable"}, {});
    bars.rows = {"Allocation", "Overall"};
    bars.totals = {{3, 0, 1, 0, 0, 0}, {0, 0, 0, 0, 2, 2}};
    const std::string svg = summary_bars_svg(bars, *find_palette("cochrane"));
    CHECK_THAT(svg, Catch::Contains("width=\"315\""));  // 75% of 420
    CHECK_THAT(svg, Catch::Contains("width=\"105\""));  // 25%
    CHECK_THAT(svg, Catch::Contains("+ 75%"));
    CHECK(count(svg, "width=\"210\"") == 2);  // 50% / 50%
}

// ---------------------------------------------------------------- format 1.1 evidence

namespace {

report_context rob2_only() {
    report_context context;
    context.rubrics = {rob2_description()};
    context.palette = "cochrane";
    return context;
}

// The text between `from` and the next `to` after it.
std::string between(const std::string& text, const std::string& from, const std::string& to) {
    const auto start = text.find(from);
    if (start == std::string::npos) return {};
    const auto end = text.find(to, start + from.size());
    return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

TEST_CASE("html: each answer shows its quote, place, source and provenance beside it", "[reports][html][evidence]") {
    const auto html = write_report("html", rob2_only(), {evidence_file()}).out;
    INFO(html);
    CHECK_THAT(html, Catch::Contains("<li><code>1.1</code> = PN <span class=\"prov prov-coded\">coded</span> "
                                     "<span class=\"evidence\"><q class=\"quote\">'randomly divided', no method "
                                     "given</q>, <span class=\"at\">p. 820</span>, <span "
                                     "class=\"src\">full-text</span></span></li>"));
    CHECK_THAT(html, Catch::Contains("<li><code>1.3</code> = N <span class=\"prov prov-derived\">derived</span></li>"));
    // Everything from the coding is escaped: markup in a quote stays text.
    CHECK_THAT(html, Catch::Contains("<q class=\"quote\">&lt;b&gt;blinded&lt;/b&gt; &amp; &quot;sealed&quot;</q>, "
                                     "<span class=\"at\">Methods</span>"));
    CHECK(html.find("<b>blinded") == std::string::npos);
    // A question the reviewer did not answer shows no code.
    CHECK_THAT(html, Catch::Contains("<li><code>3.1</code> = <em>not assessed</em> <span class=\"prov "
                                     "prov-not-assessed\">not-assessed</span></li>"));
}

TEST_CASE("html: the reviewer's support, direction, notes and coding record", "[reports][html][evidence]") {
    const auto html = write_report("html", rob2_only(), {evidence_file()}).out;
    INFO(html);
    CHECK_THAT(html, Catch::Contains("<tr><td>Randomisation process<p class=\"support\"><strong>Support:</strong> "
                                     "Allocation method not described; groups similar at baseline (Table 1).</p><p "
                                     "class=\"direction\"><strong>Direction of bias:</strong> Unpredictable</p></td>"));
    CHECK_THAT(html, Catch::Contains("<tr><th>Overall<p class=\"support\"><strong>Support:</strong> All five domains "
                                     "low.</p><p class=\"direction\"><strong>Direction of bias:</strong> Towards "
                                     "null</p></th>"));
    CHECK_THAT(html, Catch::Contains("<p class=\"notes\"><strong>Notes:</strong> Second coder checked D1 &amp; D2 | "
                                     "log kept</p>"));
    const auto study = between(html, "<section class=\"study\" id=\"study-liu-2020\">", "<details");
    CHECK_THAT(study, Catch::Contains("<dl class=\"coding\"><dt>Coder</dt><dd>A. Reviewer "
                                      "&lt;ar@example.org&gt;</dd><dt>Date</dt><dd>2026-11-30</dd><dt>Notes</dt><dd>"
                                      "coded from the PDF</dd><dt>Sources</dt><dd>full-text, protocol</dd></dl>"));
}

TEST_CASE("html: a domain or overall not assessed says so with its reason, never as a judgement",
          "[reports][html][evidence]") {
    const auto html = write_report("html", rob2_only(), {evidence_file()}).out;
    INFO(html);
    CHECK_THAT(html, Catch::Contains("<strong>rob2</strong> 2.0.0 — depression — overall <span class=\"chip "
                                     "not-assessed\">Not assessed</span></summary>"));
    const auto d3 = between(html, "<tr><td>Missing outcome data", "</tr>");
    CHECK_THAT(d3, Catch::Contains("<span class=\"chip not-assessed\">Not assessed</span><br><span "
                                   "class=\"na-reason\">question 3.1 is reached but was not answered</span>"));
    CHECK(d3.find("style=\"background") == std::string::npos);  // no risk colour
    const auto overall = between(html, "<tr><th>Overall", "</tr>");
    CHECK_THAT(overall, Catch::Contains("domain 3 (Missing outcome data) is not assessed"));
}

TEST_CASE("html plots: not assessed has its own ring and legend entry, no risk colour", "[reports][html][evidence]") {
    const auto html = write_report("html", rob2_only(), {evidence_file()}).out;
    const auto light = between(html, "<svg class=\"traffic-light\"", "</svg>");
    INFO(light);
    // Two results x (5 domains + overall): D3 and Overall of "depression" are rings, the other ten discs.
    CHECK(count(light, "<circle") == 12);
    CHECK(count(light, "<circle class=\"not-assessed\"") == 2);
    CHECK_THAT(light, Catch::Contains("liu-2020 (depression), D3: Not assessed: question 3.1 is reached but was not "
                                      "answered</title><circle class=\"not-assessed\""));
    // A ring has no risk colour and no symbol: ten symbols for ten judged cells.
    CHECK(count(light, "<text class=\"sym\"") == 10);
    const auto legend = between(html, "<ul class=\"legend\">", "</ul>");
    CHECK_THAT(legend, Catch::Contains("<li class=\"not-assessed\">"));
    CHECK_THAT(legend, Catch::Contains("</svg> Not assessed</li>"));
    const auto bars = between(html, "<svg class=\"summary-bars\"", "</svg>");
    INFO(bars);
    CHECK(count(bars, "<rect class=\"not-assessed\"") == 2);  // D3 and Overall
    CHECK_THAT(bars, Catch::Contains("Missing outcome data: Not assessed 50%"));
    CHECK_THAT(bars, Catch::Contains("Missing outcome data: Low 50%"));
    // Without any not-assessed result the legend stays as robvis draws it.
    const auto plain = write_report("html", html_context()).out;
    CHECK(plain.find("<li class=\"not-assessed\">") == std::string::npos);
    CHECK(plain.find("<circle class=\"not-assessed\"") == std::string::npos);
}

TEST_CASE("judgement words: kebab ids read as words, with the apostrophe a kebab id cannot hold", "[reports][html]") {
    CHECK(title_word("some-cant-tell") == "Some can't tell");  // MMAT's word, once shown "Some cant tell"
    CHECK(title_word("cant-tell") == "Can't tell");
    CHECK(title_word("some-concerns") == "Some concerns");
    CHECK(title_word("canter") == "Canter");  // whole words only
    CHECK(title_word("") == "");
}

TEST_CASE("summary bars and prevalence: long labels are shown whole, never cut", "[reports][html]") {
    const std::string long_label = "Bias arising from the timing of identification and recruitment of participants";
    summary_bars bars;
    bars.key = judgement_key({"low", "high"}, {});
    bars.rows = {long_label, "Overall"};
    bars.totals = {{1}, {1, 0}};
    const std::string svg = summary_bars_svg(bars, *find_palette("cochrane"));
    CHECK_THAT(svg, Catch::Contains(long_label + "</text>"));
    CHECK_THAT(svg, !Catch::Contains("…"));
}

TEST_CASE("html stylesheet: plots fit the page, symbols keep their fill", "[reports][html]") {
    const std::string css = report_css();
    CHECK_THAT(css, Catch::Contains("svg{max-width:100%;height:auto}"));
    // No rule may give every svg text a fill: that overrode the palette's symbol colour (white on High).
    CHECK_THAT(css, !Catch::Contains("svg text{font-family:system-ui,sans-serif;font-size:12px;fill"));
    CHECK_THAT(css, Catch::Contains("svg text:not([fill]){fill:#222}"));
    // The print rules live in print_css() (test_print_layout.cpp); the browser test measures them.
    CHECK_THAT(css, !Catch::Contains("@media print"));
}

// ---------------------------------------------------------------- each tool in its own words

namespace {

// The labels of the first legend of `section` (an HTML fragment), in order.
std::vector<std::string> legend_labels(const std::string& section) {
    const auto legend = between(section, "<ul class=\"legend\">", "</ul>");
    std::vector<std::string> labels;
    const std::regex label_re("</svg> ([^<]*)</li>");
    for (std::sregex_iterator l(legend.begin(), legend.end(), label_re), end; l != end; ++l) labels.push_back((*l)[1]);
    return labels;
}

std::string rubric_section(const std::string& html, const std::string& id) {
    return between(html, "<section class=\"rubric\" id=\"rubric-" + id + "\">", "</section>");
}

sdk::rubric_description scale_only(const std::string& id, std::vector<std::string> scale,
                                   std::vector<std::string> rungs = {}) {
    sdk::rubric_description d;
    d.id = id;
    d.name = id;
    d.version = "1.0.0";
    d.judgement_scale = std::move(scale);
    d.judgement_rungs = std::move(rungs);
    d.domains = {{"a", "First", ""}, {"b", "Second", ""}};
    return d;
}

}  // namespace

TEST_CASE("html legends: each tool in its own words, never one shared ladder", "[reports][html][words]") {
    const auto html = write_report("html", html_context()).out;
    // RoB 2: its three words (and No information, which a result met), never Critical.
    const auto rob2 = legend_labels(rubric_section(html, "rob2"));
    CHECK(rob2 == std::vector<std::string>{"Low", "Some concerns", "High", "No information"});
    // ROBINS-I: Moderate and Serious, not RoB 2's Some concerns and High.
    const auto robins = rubric_section(html, "robins-i");
    CHECK(legend_labels(robins) ==
          std::vector<std::string>{"Low", "Moderate", "Serious", "Critical", "No information"});
    CHECK_THAT(robins, Catch::Contains("lan-2009 (wellbeing), D1: Moderate</title>"));
    CHECK_THAT(robins, Catch::Contains("Confounding: Moderate 100%</title>"));
    CHECK_THAT(robins, !Catch::Contains("Some concerns"));
    // Chips in the study details use the same words and colours.
    CHECK_THAT(html,
               Catch::Contains("<span class=\"chip\" style=\"background:#E2DF07;color:#000000\">− Moderate</span>"));
}

TEST_CASE("judgement key: the scale's words best first, colours and symbols from the rung", "[reports][html][words]") {
    const auto& cochrane = *find_palette("cochrane");
    const judgement_key ephpp({"strong", "moderate", "weak"}, {});
    REQUIRE(ephpp.marks().size() == 3);
    CHECK(ephpp.marks()[0].label == "Strong");
    CHECK(mark_fill(ephpp.marks()[0], cochrane) == "#02C100");
    CHECK(std::string(level_symbol(ephpp.marks()[2].level)) == "×");
    // ROBINS-I V2: the best level beside Low is its own entry, a lighter green with the same symbol.
    const judgement_key v2({"low", "low-except-uncontrolled-confounding", "moderate", "serious", "critical"}, {});
    REQUIRE(v2.marks().size() == 5);
    CHECK(v2.marks()[1].label == "Low except for uncontrolled confounding");
    CHECK(v2.marks()[1].level == risk_level::low);
    CHECK(mark_fill(v2.marks()[1], cochrane) != mark_fill(v2.marks()[0], cochrane));
    CHECK(mark_fill(v2.marks()[1], cochrane) == "#74dd73");
    // Trustworthiness places its words itself: serious concerns on the critical rung.
    const judgement_key trust({"no-concerns", "some-concerns", "serious-concerns"}, {"low", "concerns", "critical"});
    CHECK(trust.marks()[2].label == "Serious concerns");
    CHECK(trust.marks()[2].level == risk_level::critical);
    // MMAT and JBI: their own words, the apostrophe restored.
    const judgement_key mmat({"all-met", "some-cant-tell", "some-not-met"}, {});
    CHECK(mmat.marks()[1].label == "Some can't tell");
    CHECK(mmat.marks()[2].level == risk_level::high);
    // Checklist items (JBI and CASP yes / no / unclear / not applicable, MMAT yes / no / can't tell) are not
    // written best first: each answer sits where its meaning puts it.
    const judgement_key jbi_items({"yes", "no", "unclear", "not-applicable"}, {});
    CHECK(jbi_items.marks()[0].level == risk_level::low);
    CHECK(jbi_items.marks()[1].level == risk_level::high);
    CHECK(jbi_items.marks()[2].level == risk_level::concerns);
    CHECK(jbi_items.marks()[3].level == risk_level::not_applicable);
    CHECK(jbi_items.marks()[3].label == "Not applicable");
    const judgement_key mmat_items({"yes", "no", "cant-tell"}, {});
    CHECK(mmat_items.marks()[2].label == "Can't tell");
    CHECK(mmat_items.marks()[2].level == risk_level::concerns);
    // A word outside the scale with a known meaning joins the key after the scale; an unknown word does not.
    judgement_key rob2({"low", "some-concerns", "high"}, {});
    CHECK(rob2.mark("no-information") == std::optional<std::size_t>(3));
    CHECK_FALSE(rob2.mark("sideways"));
    CHECK(rob2.marks().size() == 4);
}

TEST_CASE("html plots: EPHPP, MMAT and ROBINS-I V2 legends and tooltips in their words", "[reports][html][words]") {
    report_context context;
    const auto ephpp = scale_only("ephpp", {"strong", "moderate", "weak"});
    const auto mmat = scale_only("mmat-2018", {"all-met", "some-cant-tell", "some-not-met"});
    const auto v2 =
        scale_only("robins-i-v2", {"low", "low-except-uncontrolled-confounding", "moderate", "serious", "critical"});
    context.rubrics = {ephpp, mmat, v2};
    std::vector<file_result> files(1);
    files[0].path = "s.toml";
    files[0].studies.push_back(study_of("s", {appraisal_of(ephpp, "", {"strong", "weak"}, "weak"),
                                              appraisal_of(mmat, "", {"all-met", "some-cant-tell"}, std::nullopt),
                                              appraisal_of(v2, "", {"low-except-uncontrolled-confounding", "low"},
                                                           "low-except-uncontrolled-confounding")}));
    const auto html = write_report("html", context, files).out;
    CHECK(legend_labels(rubric_section(html, "ephpp")) == std::vector<std::string>{"Strong", "Moderate", "Weak"});
    CHECK_THAT(rubric_section(html, "ephpp"), Catch::Contains("s, D2: Weak</title>"));
    CHECK(legend_labels(rubric_section(html, "mmat-2018")) ==
          std::vector<std::string>{"All met", "Some can't tell", "Some not met"});
    const auto v2_section = rubric_section(html, "robins-i-v2");
    CHECK(legend_labels(v2_section) == std::vector<std::string>{"Low", "Low except for uncontrolled confounding",
                                                                "Moderate", "Serious", "Critical"});
    CHECK_THAT(v2_section, Catch::Contains("First: Low except for uncontrolled confounding 100%</title>"));
    CHECK_THAT(v2_section, Catch::Contains("fill=\"#74dd73\""));  // the lighter green, in the plot and the key
}

TEST_CASE("html plots: a disputed domain has its own marker, legend entry and tooltip", "[reports][html][words]") {
    report_context context;
    const auto v2 =
        scale_only("robins-i-v2", {"low", "low-except-uncontrolled-confounding", "moderate", "serious", "critical"});
    context.rubrics = {v2};
    auto a = appraisal_of(v2, "", {"moderate", "low"}, "moderate");
    a.domains[0].alternatives = {{"E1", "moderate"}, {"E2", "low-except-uncontrolled-confounding"}};
    a.domains[1].alternatives = {{"E1", "low"}, {"E2", "low"}};  // readings agree: not disputed
    std::vector<file_result> files(1);
    files[0].path = "s.toml";
    files[0].studies.push_back(study_of("s", {a}));
    const auto html = write_report("html", context, files).out;
    const auto section = rubric_section(html, "robins-i-v2");
    const auto light = between(section, "<svg class=\"traffic-light\"", "</svg>");
    INFO(light);
    CHECK(count(light, "<path class=\"disputed\"") == 1);
    CHECK_THAT(light, Catch::Contains("s, D1: Moderate; Readings differ: E1 Moderate, E2 Low except for uncontrolled "
                                      "confounding</title>"));
    CHECK(legend_labels(section).back() == "Disputed (readings differ)");
    CHECK_THAT(between(section, "<svg class=\"summary-bars\"", "</svg>"),
               Catch::Contains("First: Moderate 100%; 100% disputed (readings differ)</title>"));
    // Without a disputed domain the legend has no such entry.
    const auto plain = write_report("html", html_context()).out;
    CHECK_THAT(plain, !Catch::Contains("Disputed"));
}
