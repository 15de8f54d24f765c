// The HTML report in a real browser: headless Chromium (Debian's `chromium`)
// opens the example corpus's report from a file, through the DevTools
// protocol over a pipe. Fails on any console error, uncaught exception, log
// error or request for anything but the file itself; checks that the plots
// are there, sized, and that traffic-light labels never run into the discs.
// Prints the page to PDF as Chromium does and measures it under print media.
// Keeps a screenshot and the PDF as test artefacts in the build folder.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "cdp_pipe.hpp"
#include "test_support.hpp"

using namespace appraise::test;
using json = nlohmann::json;

namespace {

const fs::path artefact_dir{APPRAISE_ARTEFACT_DIR};

struct page_report {
    std::vector<std::string> problems;  // console errors, exceptions, log errors, outside requests
    json measures;
    json extra;              // what `extra_script` returned, when given
    std::string screenshot;  // PNG bytes
    std::string pdf;         // with print: the page printed by Page.printToPDF
};

// A4 (the print stylesheet's @page size) less its 11mm side margins: 188mm at 96px per inch.
constexpr int a4_content_width = 710;

// The page printed: laid out at the width of an A4 page's content under print
// media (the viewport a printed page has), then printed to PDF.
struct print_view {
    int width = a4_content_width;
};

// Under print media at the page's content width: every plot and table ends
// inside the page (its box, and the page's scroll width), and no row label of
// a plot is cut: drawn whole (as its tooltip) and inside its svg's viewBox and box.
const char* print_script = R"JS(
(() => {
  const page = document.documentElement.clientWidth;
  const outside = [];
  let boxes = 0;
  for (const e of document.querySelectorAll('svg.traffic-light, svg.summary-bars, svg.prevalence, table')) {
    const r = e.getBoundingClientRect();
    ++boxes;
    if (r.left < -0.5 || r.right > page + 0.5)
      outside.push(e.tagName + '.' + (e.getAttribute('class') || '') + ' ' + Math.round(r.left) + '..' +
                   Math.round(r.right));
  }
  const cut = [];
  let labels = 0;
  for (const svg of document.querySelectorAll('svg.traffic-light, svg.summary-bars, svg.prevalence')) {
    const view = svg.viewBox.baseVal;
    const drawn = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text.row')) {
      ++labels;
      const b = t.getBBox();
      const r = t.getBoundingClientRect();
      // The tooltip holds the whole label; the text drawn must be all of it, not a shortened "…" form.
      const title = t.querySelector('title');
      const shown = Array.from(t.childNodes).filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.data).join('');
      if ((title && shown !== title.textContent) || shown.endsWith('…') || b.x < view.x - 0.5 || b.x + b.width > view.x + view.width + 0.5 || r.left < drawn.left - 0.5 ||
          r.right > drawn.right + 0.5)
        cut.push(t.textContent);
    }
  }
  return JSON.stringify({page, boxes, outside: outside.slice(0, 5), outsideCount: outside.length,
                         scrollWidth: document.documentElement.scrollWidth, labels, cut: cut.slice(0, 5),
                         cutCount: cut.length, toc: document.querySelectorAll('nav.toc a').length,
                         print: matchMedia('print').matches});
})()
)JS";

// Pages of a PDF as Chromium (Skia) writes it: one "/Type /Page" object per page.
std::size_t pdf_pages(const std::string& pdf) {
    static const std::regex page_object(R"(/Type\s*/Page(?![s]))");
    return static_cast<std::size_t>(
        std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), page_object), std::sregex_iterator()));
}

// Where the reviewer's quote of answer 1.1 sits: in the same list item as
// the answer's code, starting on its line or the next (a narrow cell wraps),
// inside the item's box: never in another cell or a footnote.
const char* quote_script = R"JS(
(() => {
  const items = Array.from(document.querySelectorAll('td.answers li'))
    .filter(li => { const c = li.querySelector('code'); return c && c.textContent === '1a.1'; });
  return JSON.stringify(items.map(li => {
    const code = li.querySelector('code').getBoundingClientRect();
    const prov = li.querySelector('.prov');
    const q = li.querySelector('q.quote');
    const at = li.querySelector('.at');
    if (!q) return {quote: null, prov: prov ? prov.textContent : null};
    const r = q.getBoundingClientRect();
    const box = li.getBoundingClientRect();
    return {quote: q.textContent, at: at ? at.textContent : null, prov: prov ? prov.textContent : null,
            visible: r.width > 0 && r.height > 0,
            within_item: r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5 && r.left >= box.left - 0.5 &&
                         r.right <= box.right + 0.5,
            near_code: r.top - code.top < 2.5 * code.height,
            after_code: (li.querySelector('code').compareDocumentPosition(q) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
            in_item: li.contains(q)};
  }));
})()
)JS";

// What the page measures about itself once loaded.
// Each traffic-light symbol's computed fill, against the Cochrane palette's symbol colour for the circle's
// fill (the palette table in svg_plots.cpp, written out here by hand): a stylesheet rule must not override it.
const char* symbol_script = R"JS(
(() => {
  const want = {"rgb(2, 193, 0)": "rgb(0, 0, 0)", "rgb(226, 223, 7)": "rgb(0, 0, 0)",
                "rgb(191, 0, 0)": "rgb(255, 255, 255)", "rgb(130, 0, 0)": "rgb(255, 255, 255)",
                "rgb(78, 161, 247)": "rgb(0, 0, 0)"};
  let checked = 0, white = 0;
  const bad = [];
  for (const t of document.querySelectorAll('svg text.sym')) {
    const c = t.previousElementSibling;
    if (!c || c.tagName !== 'circle') continue;
    const bg = getComputedStyle(c).fill;
    const expected = want[bg];
    if (!expected) continue;
    ++checked;
    if (expected === 'rgb(255, 255, 255)') ++white;
    const got = getComputedStyle(t).fill;
    if (got !== expected) bad.push(t.textContent + ' on ' + bg + ': ' + got);
  }
  return JSON.stringify({checked, white, bad: bad.slice(0, 5)});
})()
)JS";

const char* measure_script = R"JS(
(() => {
  const plots = {};
  for (const cls of ['traffic-light', 'summary-bars', 'prevalence']) {
    plots[cls] = Array.from(document.querySelectorAll('svg.' + cls)).map(s => {
      const r = s.getBoundingClientRect();
      return {width: r.width, height: r.height};
    });
  }
  // A traffic-light label's box must end left of the first disc of its block,
  // and labels must not overlap each other vertically.
  let overlaps = 0, labels = 0;
  for (const svg of document.querySelectorAll('svg.traffic-light')) {
    const discs = Array.from(svg.querySelectorAll('circle')).map(c => c.getBBox().x);
    const left = discs.length ? Math.min(...discs) : Infinity;
    let previousBottom = -Infinity;
    for (const t of svg.querySelectorAll('text.row')) {
      const b = t.getBBox();
      labels++;
      if (b.x + b.width > left || b.y < previousBottom - 0.5) overlaps++;
      previousBottom = b.y + b.height;
    }
  }
  // Column headers side by side must not meet.
  for (const svg of document.querySelectorAll('svg.traffic-light')) {
    let previousRight = -Infinity;
    for (const t of svg.querySelectorAll('text.col')) {
      const b = t.getBBox();
      if (b.x < previousRight) overlaps++;
      previousRight = b.x + b.width;
    }
  }
  const studies = document.querySelectorAll('section.study').length;
  const codingLines = document.querySelectorAll('code.line').length;
  return JSON.stringify({plots, overlaps, labels, studies, codingLines,
                         height: document.documentElement.scrollHeight,
                         width: document.documentElement.scrollWidth});
})()
)JS";

page_report open_in_chromium(const fs::path& page, const fs::path& work, bool screenshot,
                             const char* extra_script = nullptr, const print_view* print = nullptr) {
    const std::string chromium = find_on_path("chromium");
    INFO("Debian's chromium is needed for this test: scripts/setup.sh --tests installs it");
    REQUIRE_FALSE(chromium.empty());
    fs::create_directories(work / "profile");
    page_report report;
    const std::string url = "file://" + fs::absolute(page).lexically_normal().string();
    cdp_browser browser(chromium, (work / "profile").string(), (work / "chromium.log").string());
    browser.on_event([&](const json& event) {
        const std::string method = event.value("method", "");
        const json& params = event.contains("params") ? event["params"] : json::object();
        if (method == "Runtime.consoleAPICalled" &&
            (params.value("type", "") == "error" || params.value("type", "") == "assert"))
            report.problems.push_back("console " + params.value("type", "") + ": " + params["args"].dump());
        else if (method == "Runtime.exceptionThrown")
            report.problems.push_back("exception: " + params["exceptionDetails"].dump());
        else if (method == "Log.entryAdded" && params["entry"].value("level", "") == "error")
            report.problems.push_back("log error: " + params["entry"].value("text", "") + " " +
                                      params["entry"].value("url", ""));
        else if (method == "Network.requestWillBeSent") {
            const std::string requested = params["request"].value("url", "");
            if (requested != url && requested.rfind("data:", 0) != 0)
                report.problems.push_back("request outside the file: " + requested);
        }
    });
    const json target = browser.call("Target.createTarget", {{"url", "about:blank"}});
    const std::string session =
        browser.call("Target.attachToTarget", {{"targetId", target["targetId"]}, {"flatten", true}})["sessionId"];
    for (const char* domain : {"Runtime.enable", "Log.enable", "Network.enable", "Page.enable"})
        browser.call(domain, json::object(), session);
    browser.call("Emulation.setDeviceMetricsOverride",
                 {{"width", print != nullptr ? print->width : 1280},
                  {"height", 900},
                  {"deviceScaleFactor", 1},
                  {"mobile", false}},
                 session);
    if (print != nullptr) browser.call("Emulation.setEmulatedMedia", {{"media", "print"}}, session);
    browser.call("Page.navigate", {{"url", url}}, session);
    const bool loaded =
        browser.wait_for([](const json& e) { return e.value("method", "") == "Page.loadEventFired"; }, 30000);
    REQUIRE(loaded);
    browser.wait_for([](const json&) { return false; }, 500);  // late console or network events
    const json value =
        browser.call("Runtime.evaluate", {{"expression", measure_script}, {"returnByValue", true}}, session);
    REQUIRE(value["result"]["type"] == "string");
    report.measures = json::parse(value["result"]["value"].get<std::string>());
    if (extra_script != nullptr) {
        const json extra =
            browser.call("Runtime.evaluate", {{"expression", extra_script}, {"returnByValue", true}}, session);
        REQUIRE(extra["result"]["type"] == "string");
        report.extra = json::parse(extra["result"]["value"].get<std::string>());
    }
    if (print != nullptr) {
        // The page's own @page size (A4) and margins, as a reader's "Save as PDF" gives.
        const json pdf = browser.call("Page.printToPDF",
                                      {{"preferCSSPageSize", true},
                                       {"printBackground", true},
                                       {"displayHeaderFooter", false},
                                       {"transferMode", "ReturnAsBase64"}},
                                      session, 120);
        report.pdf = base64_decode(pdf["data"].get<std::string>());
    }
    if (screenshot) {
        const double height = std::min(report.measures["height"].get<double>(), 6000.0);
        const json shot =
            browser.call("Page.captureScreenshot",
                         {{"format", "png"},
                          {"captureBeyondViewport", true},
                          {"clip", {{"x", 0}, {"y", 0}, {"width", 1280}, {"height", height}, {"scale", 1}}}},
                         session);
        report.screenshot = base64_decode(shot["data"].get<std::string>());
    }
    return report;
}

}  // namespace

TEST_CASE("the example corpus's HTML report loads cleanly in headless Chromium", "[reports][html][browser]") {
    fs::create_directories(artefact_dir);
    const fs::path page = artefact_dir / "left-behind-children.html";
    const auto run = run_appraise("run examples/left-behind-children --format html -o '" + page.string() + "'");
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    temp_dir work;
    const page_report report = open_in_chromium(page, work.path(), true, symbol_script);
    INFO(report.measures.dump());
    INFO(report.extra.dump());
    for (const auto& problem : report.problems) FAIL_CHECK(problem);
    CHECK(report.problems.empty());

    const auto& plots = report.measures["plots"];
    for (const char* kind : {"traffic-light", "summary-bars", "prevalence"}) {
        INFO(kind);
        REQUIRE(plots[kind].size() >= 1);
        for (const auto& plot : plots[kind]) {
            CHECK(plot["width"].get<double>() >= 100);
            CHECK(plot["height"].get<double>() >= 30);  // a one-row chart is 36px high
        }
    }
    // One traffic-light row per assessed result, as the JSON report counts them.
    const auto results = json::parse(run_appraise("run --format json examples/left-behind-children").out);
    std::size_t assessed = 0;
    for (const auto& study : results["studies"])
        for (const auto& appraisal : study["appraisals"])
            assessed += !appraisal["domains"].empty() || !appraisal["overall"].is_null() ? 1 : 0;
    CHECK(assessed >= 18);
    CHECK(report.measures["labels"] == assessed);
    CHECK(report.measures["overlaps"] == 0);
    CHECK(report.measures["studies"] == 18);
    CHECK(report.measures["codingLines"].get<int>() > 50);  // findings show their coding line

    // Text written for the terminal shows no stray backticks, and MMAT's word keeps its apostrophe.
    const std::string html = read_file(page);
    CHECK(html.find('`') == std::string::npos);
    CHECK(html.find("Some cant tell") == std::string::npos);
    CHECK(html.find("Some can't tell") != std::string::npos);

    // Symbols keep the palette's symbol colour (white on High and Critical), not the stylesheet's text colour.
    CHECK(report.extra["checked"].get<int>() > 50);
    CHECK(report.extra["white"].get<int>() >= 1);
    CHECK(report.extra["bad"].empty());

    // The screenshot is kept beside the report: a PNG of the page as rendered.
    REQUIRE(report.screenshot.size() > 10000);
    CHECK(report.screenshot.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
    std::ofstream(artefact_dir / "left-behind-children.png", std::ios::binary) << report.screenshot;
}

// The bound: the 18-study example corpus (162 appraisals, 2,274 answers, 422
// findings, every one printed) fits in 100 A4 pages; it printed 289 before the
// print stylesheet (print_layout.cpp), 88 with it.
constexpr std::size_t example_page_bound = 100;

TEST_CASE("the example corpus's HTML report prints on A4 within the bound, nothing outside the page",
          "[reports][html][browser][print]") {
    fs::create_directories(artefact_dir);
    const fs::path page = artefact_dir / "left-behind-children-print.html";
    const auto run = run_appraise("run examples/left-behind-children --format html -o '" + page.string() + "'");
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    temp_dir work;
    const print_view print;
    const page_report report = open_in_chromium(page, work.path(), false, print_script, &print);
    INFO(report.extra.dump());
    for (const auto& problem : report.problems) FAIL_CHECK(problem);
    REQUIRE(report.extra["print"] == true);
    CHECK(report.extra["page"] == a4_content_width);

    // Every plot and table inside the width of the page's content.
    CHECK(report.extra["boxes"].get<int>() > 150);  // 33 plots, the summary tables, one table per appraisal
    CHECK(report.extra["outsideCount"] == 0);
    CHECK(report.extra["scrollWidth"].get<int>() <= a4_content_width);
    // No label cut: every row label of every plot lies inside its svg.
    CHECK(report.extra["labels"].get<int>() >= 18);
    CHECK(report.extra["cutCount"] == 0);
    CHECK(report.extra["toc"].get<int>() >= 11 + 3 + 18);  // rubrics, corpus / findings / studies, each study

    // The PDF: a real one, of at most the bound's pages.
    REQUIRE(report.pdf.compare(0, 5, "%PDF-") == 0);
    const std::size_t pages = pdf_pages(report.pdf);
    INFO("pages: " << pages);
    CHECK(pages >= 20);  // a section per page at least: the count is of pages, not of something else
    CHECK(pages <= example_page_bound);
    std::ofstream(artefact_dir / "left-behind-children.pdf", std::ios::binary) << report.pdf;
}

TEST_CASE("a reviewer's support quote is shown beside its answer in the rendered page", "[reports][html][browser]") {
    // The example's RoB 2 study (a cluster trial: domain 1a) with 1a.1 written in a wrapper (format 1.1), through
    // the real CLI and rob2.
    temp_dir work;
    std::string study = read_file(source_dir / "examples/left-behind-children/studies/yang-2020-education.toml");
    const std::string wrapped =
        R"("1a.1" = { value = "NI", support = "'randomly assigned' <no method> given", at = "p. 820", source = "full-text" })";
    // The example writes 1a.1 in a wrapper of its own; this one's quote has markup to escape.
    study = std::regex_replace(study, std::regex(R"("1a\.1" = \{[^\n]*\})"), wrapped);
    REQUIRE(study.find("p. 820") != std::string::npos);
    fs::create_directories(work.path() / "corpus");
    std::ofstream(work.path() / "corpus" / "yang.toml", std::ios::binary) << study;
    const fs::path page = work.path() / "evidence.html";
    const auto run = run_appraise("run --rubric rob2 --format html -o " + shell_quote(page.string()) + " " +
                                  shell_quote((work.path() / "corpus").string()));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const page_report report = open_in_chromium(page, work.path(), false, quote_script);
    INFO(report.extra.dump());
    for (const auto& problem : report.problems) FAIL_CHECK(problem);
    REQUIRE(report.extra.is_array());
    REQUIRE(report.extra.size() == 1);  // one RoB 2 result in this study
    const json& item = report.extra[0];
    CHECK(item["quote"] == "'randomly assigned' <no method> given");  // escaped in the file, text in the page
    CHECK(item["at"] == "p. 820");
    CHECK(item["prov"] == "coded");
    CHECK(item["visible"] == true);
    CHECK(item["in_item"] == true);
    CHECK(item["within_item"] == true);
    CHECK(item["near_code"] == true);
    CHECK(item["after_code"] == true);
}

TEST_CASE("the browser check catches console errors and requests outside the file", "[reports][html][browser]") {
    // Proof that the harness would fail a report that broke the rules.
    temp_dir work;
    const fs::path page = work.write("bad.html",
                                     "<!DOCTYPE html><html><body><svg class=\"traffic-light\"></svg>"
                                     "<img src=\"http://appraise.invalid/x.png\">"
                                     "<script>console.error('broken')</script></body></html>");
    const page_report report = open_in_chromium(page, work.path(), false);
    std::string all;
    for (const auto& problem : report.problems) all += problem + "\n";
    INFO(all);
    CHECK_THAT(all, Catch::Contains("request outside the file: http://appraise.invalid/x.png"));
    CHECK_THAT(all, Catch::Contains("console error"));
}

TEST_CASE("a browser that never answers is started once more, then reported with its log", "[reports][html][browser]") {
    // A stand-in that reads the commands and never replies; it exits when the pipe closes.
    temp_dir work;
    const fs::path fake =
        work.write("silent-browser", "#!/bin/sh\necho 'silent browser started' >&2\ncat <&3 >/dev/null\n");
    fs::permissions(fake, fs::perms::owner_all);
    const fs::path log = work.path() / "browser.log";
    std::string message;
    try {
        cdp_browser browser(fake.string(), (work.path() / "profile").string(), log.string(), 1);
    } catch (const std::exception& error) {
        message = error.what();
    }
    CHECK_THAT(message, Catch::Contains("did not answer within 1 s, twice"));
    // Both starts wrote to the same log, and its tail is in the message.
    std::size_t starts = 0;
    for (auto at = message.find("silent browser started"); at != std::string::npos;
         at = message.find("silent browser started", at + 1))
        ++starts;
    CHECK(starts == 2);
}
