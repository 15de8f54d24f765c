// `appraise serve` in a real browser: headless Chromium (Debian's chromium)
// driven through the DevTools protocol over a pipe, as the HTML report's test
// does (tests/reports/cdp_pipe.hpp): no node, no WebSocket, no other port.
// Opens the corpus, opens a study, answers RoB 2 domain 1 and sees its
// judgement change, sees a gated question appear and go, saves and reads
// the file back with `appraise check`, then edits the file on disk while the
// form is open and gets the conflict. Fails on any console error, CSP
// violation, exception or request leaving the server. Screenshots are kept in
// artefacts/serve (.ci/run copies them).
#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

#include "cdp_pipe.hpp"
#include "serve_process.hpp"

using namespace appraise::test;
using json = nlohmann::json;

namespace {

const fs::path artefact_dir = fs::path(APPRAISE_ARTEFACT_DIR) / "serve";

class page {
public:
    page(cdp_browser& browser, std::string origin) : browser_(browser), origin_(std::move(origin)) {
        browser_.on_event([this](const json& event) { watch(event); });
        const json target = browser_.call("Target.createTarget", {{"url", "about:blank"}});
        session_ =
            browser_.call("Target.attachToTarget", {{"targetId", target["targetId"]}, {"flatten", true}})["sessionId"];
        for (const char* domain : {"Runtime.enable", "Log.enable", "Network.enable", "Page.enable"})
            browser_.call(domain, json::object(), session_);
        // The laptop screen the issue names.
        browser_.call("Emulation.setDeviceMetricsOverride",
                      {{"width", 1280}, {"height", 800}, {"deviceScaleFactor", 1}, {"mobile", false}}, session_);
    }

    void open(const std::string& url) {
        browser_.call("Page.navigate", {{"url", url}}, session_);
        REQUIRE(browser_.wait_for([](const json& e) { return e.value("method", "") == "Page.loadEventFired"; }, 30000));
    }

    json eval(const std::string& expression) {
        const json value =
            browser_.call("Runtime.evaluate",
                          {{"expression", expression}, {"returnByValue", true}, {"awaitPromise", true}}, session_);
        if (value.contains("exceptionDetails"))
            throw std::runtime_error("script failed: " + value["exceptionDetails"].dump());
        return value["result"].value("value", json());
    }

    // Polls `expression` until it is true (at most `seconds`).
    bool wait_until(const std::string& expression, int seconds = 20) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        while (std::chrono::steady_clock::now() < deadline) {
            if (eval("Boolean(" + expression + ")") == true) return true;
            browser_.wait_for([](const json&) { return false; }, 100);
        }
        return false;
    }

    // A key pressed as a reviewer presses it (focus moves as the browser moves it).
    void press(const std::string& key, int code, int modifiers = 0) {
        for (const char* type : {"keyDown", "keyUp"})
            browser_.call("Input.dispatchKeyEvent",
                          {{"type", type},
                           {"key", key},
                           {"code", key},
                           {"windowsVirtualKeyCode", code},
                           {"nativeVirtualKeyCode", code},
                           {"modifiers", modifiers}},
                          session_);
    }

    void screenshot(const std::string& name) {
        const json shot = browser_.call("Page.captureScreenshot", {{"format", "png"}}, session_);
        const std::string png = base64_decode(shot["data"].get<std::string>());
        CHECK(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
        fs::create_directories(artefact_dir);
        std::ofstream(artefact_dir / name, std::ios::binary) << png;
    }

    std::vector<std::string> problems;
    int conflicts = 0;

private:
    void watch(const json& event) {
        const std::string method = event.value("method", "");
        const json& params = event.contains("params") ? event["params"] : json::object();
        if (method == "Runtime.consoleAPICalled" &&
            (params.value("type", "") == "error" || params.value("type", "") == "assert"))
            problems.push_back("console " + params.value("type", "") + ": " + params["args"].dump());
        else if (method == "Runtime.exceptionThrown")
            problems.push_back("exception: " + params["exceptionDetails"].dump());
        else if (method == "Log.entryAdded" && params["entry"].value("level", "") == "error" &&
                 params["entry"].value("text", "").find("status of 409 (Conflict)") != std::string::npos)
            ++conflicts;  // the conflict the test provokes: Chromium logs every 4xx answer
        else if (method == "Log.entryAdded" && params["entry"].value("level", "") == "error")
            problems.push_back("log error: " + params["entry"].value("text", "") + " " +
                               params["entry"].value("url", ""));
        else if (method == "Network.requestWillBeSent") {
            const std::string url = params["request"].value("url", "");
            if (url.rfind(origin_, 0) != 0 && url.rfind("data:", 0) != 0)
                problems.push_back("request outside the server: " + url);
        }
    }

    cdp_browser& browser_;
    std::string origin_;
    std::string session_;
};

// Chooses `answer` for question `id` of rob2 as a reviewer does: the select changes and says so.
std::string choose(const std::string& id, const std::string& answer) {
    return "(() => { const s = document.querySelector('.question[data-rubric=\"rob2\"][data-question=\"" + id +
           "\"] select.answer'); s.focus(); s.value = '" + answer +
           "'; s.dispatchEvent(new Event('change')); return true; })()";
}

std::string judgement(const std::string& domain) {
    return "(document.querySelector('[data-judgement=\"rob2/" + domain + "\"]') || {}).textContent";
}

std::string hidden(const std::string& id) {
    // Not laid out at all (the attribute alone would not do: a stylesheet can still show the row).
    return "(document.querySelector('.question[data-rubric=\"rob2\"][data-question=\"" + id +
           "\"]').getClientRects().length === 0)";
}

// Every control of the page without a name a screen reader reads: its
// <label for>, aria-label or aria-labelledby (a button: its text).
const char* unnamed_controls =
    "[...document.querySelectorAll('#main input, #main select, #main textarea, #main button')].filter(c => {"
    "  if (c.getAttribute('aria-label')) return false;"
    "  const by = c.getAttribute('aria-labelledby');"
    "  if (by && by.split(' ').every(i => document.getElementById(i) && document.getElementById(i).textContent.trim()))"
    "    return false;"
    "  const label = c.id && document.querySelector('label[for=\"' + CSS.escape(c.id) + '\"]');"
    "  if (label && label.textContent.trim()) return false;"
    "  return !(c.tagName === 'BUTTON' && c.textContent.trim());"
    "}).map(c => c.outerHTML.slice(0, 120))";

// The answer of question `id` of result `result` of rob2 ([[appraisal.rob2]] element).
std::string answer_of(const std::string& id, int result) {
    return "document.querySelector('.question[data-rubric=\"rob2\"][data-result=\"" + std::to_string(result) +
           "\"][data-question=\"" + id + "\"] select.answer')";
}

std::string choose_in(const std::string& id, int result, const std::string& answer) {
    return "(() => { const s = " + answer_of(id, result) + "; s.focus(); s.value = '" + answer +
           "'; s.dispatchEvent(new Event('change')); return true; })()";
}

// Debian's chromium, or the test fails saying how to get it.
std::string chromium_or_fail() {
    std::string chromium = find_on_path("chromium");
    if (chromium.empty()) FAIL("Debian's chromium is needed for this test: scripts/setup.sh --tests installs it");
    return chromium;
}

// A copy of the example corpus to write in.
fs::path example_copy(const temp_dir& work) {
    const fs::path corpus = work.path() / "corpus";
    fs::copy(source_dir / "examples/left-behind-children", corpus, fs::copy_options::recursive);
    return corpus;
}

}  // namespace

TEST_CASE("serve in headless Chromium: corpus, coding form, live RoB 2 judgement, save, conflict", "[serve][browser]") {
    const std::string chromium = chromium_or_fail();
    temp_dir work;
    const fs::path corpus = example_copy(work);
    const fs::path study = corpus / "studies/yang-2020-education.toml";
    const std::string original = read_file(study);
    serve_process server(corpus);
    fs::create_directories(work.path() / "profile");
    cdp_browser browser(chromium, (work.path() / "profile").string(), (work.path() / "chromium.log").string());
    page p(browser, "http://127.0.0.1:" + std::to_string(server.port) + "/");

    // The corpus: every study, with its state and judgements; the search filters it.
    p.open(server.url);
    REQUIRE(p.wait_until("document.querySelectorAll('#corpus-table tbody tr').length > 0"));
    CHECK(p.eval("document.querySelectorAll('#corpus-table tbody tr').length") == 18);
    CHECK(p.eval("location.search") == "");  // the token left the address bar for a cookie
    CHECK(p.eval("document.querySelector('#corpus-table').textContent.includes('Some concerns')") == true);
    p.screenshot("corpus.png");
    p.eval(
        "(() => { const s = document.getElementById('corpus-search'); s.value = 'yang'; "
        "s.dispatchEvent(new Event('input')); return true; })()");
    CHECK(p.eval("[...document.querySelectorAll('#corpus-table tbody tr')].filter(r => !r.hidden).length") == 1);

    // The study's form, generated from the codebook and RoB 2's questions.
    p.eval("document.querySelector('a.study-link[href*=\"yang-2020\"]').click(), true");
    REQUIRE(p.wait_until(judgement("d1") + " === 'Some concerns'"));
    CHECK(p.eval("document.querySelectorAll('#coding-form fieldset').length").get<int>() > 10);
    // Every control has a label a screen reader reads, and is reachable by Tab.
    CHECK(p.eval("[...document.querySelectorAll('#coding-form select, #coding-form input')].filter(c => "
                 "!document.querySelector('label[for=\"' + CSS.escape(c.id) + '\"]') || c.tabIndex < 0).length") == 0);
    // The cluster variant's questions are asked, not the individually randomised trial's; 2.4 is gated off (2.3 = PN).
    CHECK(p.eval(hidden("1a.2")) == false);
    CHECK(p.eval(hidden("1.2")) == true);
    CHECK(p.eval(hidden("2.4")) == true);
    CHECK(p.eval("document.documentElement.scrollWidth <= 1280") == true);

    // Answering domain 1: concealed and random, the judgement becomes Low.
    p.eval(choose("1a.2", "Y"));
    p.eval(choose("1a.1", "Y"));
    const bool low = p.wait_until(judgement("d1") + " === 'Low'");
    if (!low) {
        for (const auto& problem : p.problems) UNSCOPED_INFO(problem);
        UNSCOPED_INFO("status: " << p.eval("document.getElementById('status').textContent").dump());
        UNSCOPED_INFO("d1: " << p.eval(judgement("d1")).dump());
        p.screenshot("failed.png");
    }
    REQUIRE(low);
    CHECK(p.eval("document.getElementById('dirty').textContent") == "Unsaved changes");
    p.screenshot("form-d1-low.png");
    // A gate opens and closes as the rubric says: 2.4 is reached when 2.3 is Y.
    p.eval(choose("2.3", "Y"));
    REQUIRE(p.wait_until(hidden("2.4") + " === false"));
    p.eval(choose("2.3", "PN"));
    REQUIRE(p.wait_until(hidden("2.4") + " === true"));
    REQUIRE(p.wait_until("document.getElementById('dirty').textContent === 'Unsaved changes'"));

    // Saving writes the file; `appraise check` reads it back clean.
    p.eval("document.getElementById('save').click(), true");
    REQUIRE(p.wait_until("document.getElementById('status').textContent.startsWith('Saved')"));
    const std::string saved = read_file(study);
    CHECK(saved.find("\"1a.1\" = { value = \"Y\", support = \"classes were 'randomly assigned'") != std::string::npos);
    CHECK(saved.find("\"1a.2\" = \"Y\"\n") != std::string::npos);
    CHECK(saved.find("# Domain 1b (cluster variant)") != std::string::npos);  // comments kept
    CHECK(saved.size() + 200 > original.size());
    const auto check = run_appraise("check --rubric rob2 " + shell_quote(study));
    INFO(check.out << check.err);
    CHECK(check.exit_code == 0);
    CHECK(check.out.find(": warning:") == std::string::npos);
    CHECK(check.out.find(": error:") == std::string::npos);
    CHECK(check.out.find("1 valid, 0 with coding errors") != std::string::npos);

    // Someone edits the file on disk while the form is open: saving shows both versions, writes nothing.
    std::ofstream(study, std::ios::app) << "# edited in another editor\n";
    const std::string theirs = read_file(study);
    p.eval(choose("1a.3", "PY"));
    REQUIRE(p.wait_until(judgement("d1") + " === 'Some concerns'"));
    p.eval("document.getElementById('save').click(), true");
    REQUIRE(p.wait_until("!document.getElementById('conflict').hidden"));
    CHECK(p.eval("document.getElementById('conflict-disk').textContent.includes('edited in another editor')") == true);
    CHECK(p.eval("document.getElementById('conflict-yours').textContent.includes('\"1a.3\" = \"PY\"')") == true);
    CHECK(p.eval("document.activeElement.id") == "conflict-keep-mine");
    p.screenshot("conflict.png");
    CHECK(read_file(study) == theirs);
    // The reviewer keeps theirs over it; the other version stays one undo away.
    p.eval("document.getElementById('conflict-keep-mine').click(), true");
    REQUIRE(p.wait_until("document.getElementById('status').textContent.startsWith('Saved')"));
    CHECK(read_file(study).find("\"1a.3\" = \"PY\"") != std::string::npos);
    p.eval("document.getElementById('undo').click(), true");
    REQUIRE(p.wait_until("document.getElementById('status').textContent === 'The last save was undone'"));
    CHECK(read_file(study) == theirs);

    // The HTML report of the corpus as it is now, one click from the corpus page, loads under its policy.
    p.eval("location.hash = '#/', true");
    REQUIRE(p.wait_until("document.getElementById('report-link') !== null"));
    p.open("http://127.0.0.1:" + std::to_string(server.port) + "/report.html");
    CHECK(p.eval("document.querySelectorAll('svg.traffic-light').length").get<int>() > 0);
    CHECK(p.eval("getComputedStyle(document.body).fontFamily").get<std::string>() != "");

    for (const auto& problem : p.problems) FAIL_CHECK(problem);
    CHECK(p.problems.empty());
    CHECK(p.conflicts == 1);
}

TEST_CASE("serve in headless Chromium: a disagreement of a consensus corpus resolved, the mark replaced",
          "[serve][browser][consensus]") {
    const std::string chromium = chromium_or_fail();
    temp_dir work;
    const fs::path out = work.path() / "agreed";
    REQUIRE(run_appraise("agree examples/left-behind-children examples/left-behind-children-coder-b --consensus " +
                         shell_quote(out))
                .exit_code == 0);
    const fs::path study = out / "studies/deng-2011-counselling.toml";
    const auto count_marks = [](const std::string& text) {
        std::size_t n = 0;
        for (auto at = text.find("= { unresolved = true"); at != std::string::npos;
             at = text.find("= { unresolved = true", at + 1))
            ++n;
        return n;
    };
    const std::size_t before = count_marks(read_file(study));
    REQUIRE(before > 0);
    serve_process server(out);
    fs::create_directories(work.path() / "profile");
    cdp_browser browser(chromium, (work.path() / "profile").string(), (work.path() / "chromium.log").string());
    page p(browser, "http://127.0.0.1:" + std::to_string(server.port) + "/");
    p.open(server.url);
    REQUIRE(p.wait_until("document.querySelectorAll('#corpus-table tbody tr').length > 0"));
    // The consensus corpus's studies wait for their disagreements.
    CHECK(p.eval("document.querySelectorAll('#corpus-table tr[data-state=\"unresolved\"]').length").get<int>() > 0);
    p.eval("location.hash = '#/study/' + encodeURIComponent('studies/deng-2011-counselling.toml') + '/0', true");
    REQUIRE(p.wait_until("document.querySelectorAll('#disagreements .disagreement').length > 0"));
    const int shown = p.eval("document.querySelectorAll('#disagreements .disagreement').length").get<int>();
    CHECK(shown == static_cast<int>(before));
    p.screenshot("disagreements.png");
    // Both coders' values and quotes side by side; take A's, with a reason.
    const std::string first =
        "[...document.querySelectorAll('#disagreements .disagreement')].find(d => "
        "!d.querySelector('button.take-a').disabled)";
    const std::string key = p.eval("JSON.parse(" + first + ".dataset.path).slice(-1)[0]").get<std::string>();
    CHECK(p.eval(first + ".querySelector('q.quote') !== null") == true);
    p.eval("(() => { const d = " + first +
           "; const r = d.querySelector('input[id$=\"-reason\"]'); r.value = 'A quotes the methods'; "
           "d.querySelector('button.take-a').click(); return true; })()");
    REQUIRE(p.wait_until("document.querySelectorAll('#disagreements .disagreement').length === " +
                         std::to_string(shown - 1)));
    p.eval("document.getElementById('save').click(), true");
    REQUIRE(p.wait_until("document.getElementById('status').textContent.startsWith('Saved')"));
    const std::string saved = read_file(study);
    CHECK(count_marks(saved) == before - 1);
    const auto line_at = saved.find("\n" + key + " = ");
    REQUIRE(line_at != std::string::npos);
    const std::string line = saved.substr(line_at + 1, saved.find('\n', line_at + 1) - line_at - 1);
    CHECK(line.find("resolved = \"a\", reason = \"A quotes the methods\"") != std::string::npos);
    CHECK(line.find("unresolved") == std::string::npos);
    // check lists one disagreement fewer.
    const auto check = run_appraise("check " + shell_quote(study));
    std::size_t listed = 0;
    for (auto at = check.out.find("coding/unresolved-disagreement"); at != std::string::npos;
         at = check.out.find("coding/unresolved-disagreement", at + 1))
        ++listed;
    CHECK(listed == before - 1);
    for (const auto& problem : p.problems) FAIL_CHECK(problem);
}

TEST_CASE("serve in headless Chromium: a new study coded from an empty form to a clean check", "[serve][browser]") {
    const std::string chromium = chromium_or_fail();
    temp_dir work;
    const fs::path corpus = example_copy(work);
    serve_process server(corpus);
    fs::create_directories(work.path() / "profile");
    cdp_browser browser(chromium, (work.path() / "profile").string(), (work.path() / "chromium.log").string());
    page p(browser, "http://127.0.0.1:" + std::to_string(server.port) + "/");
    p.open(server.url);
    REQUIRE(p.wait_until("document.getElementById('new-file') !== null"));
    p.eval(
        "(() => { document.getElementById('new-file').value = 'studies/new-2026.toml'; "
        "document.getElementById('new-id').value = 'new-2026'; "
        "document.querySelector('form.new-study button').click(); return true; })()");
    REQUIRE(p.wait_until("document.getElementById('f-year') !== null"));
    const fs::path file = corpus / "studies/new-2026.toml";
    CHECK(read_file(file) == "id = \"new-2026\"\n");
    // Typed as a reviewer types: the field's input event, then a select's change.
    p.eval(
        "(() => { const y = document.getElementById('f-year'); y.focus(); y.value = '2024'; "
        "y.dispatchEvent(new Event('input')); const t = document.getElementById('f-design-type'); "
        "t.value = 'rct'; t.dispatchEvent(new Event('change')); return true; })()");
    REQUIRE(p.wait_until("document.getElementById('dirty').textContent === 'Unsaved changes'"));
    // An unknown word is shown beside its field as the reviewer types, with the allowed ones.
    p.eval(
        "(() => { const c = document.getElementById('f-country'); c.value = 'China'; "
        "c.dispatchEvent(new Event('input')); const s = document.getElementById('f-sample-enrolled'); "
        "s.value = 'many'; s.dispatchEvent(new Event('input')); return true; })()");
    REQUIRE(p.wait_until("document.getElementById('f-sample-enrolled-diag').children.length > 0"));
    p.eval("document.getElementById('f-sample-enrolled').scrollIntoView({block: 'center'}), true");
    p.screenshot("new-study-diagnostic.png");
    p.eval(
        "(() => { const s = document.getElementById('f-sample-enrolled'); s.value = '120'; "
        "s.dispatchEvent(new Event('input')); return true; })()");
    REQUIRE(p.wait_until("document.getElementById('f-sample-enrolled-diag').children.length === 0"));
    // The page reloads (a browser crash): the unsaved changes come back from the browser's draft.
    REQUIRE(p.wait_until("document.getElementById('status').textContent.startsWith('Checked: 0 errors')"));
    p.open("http://127.0.0.1:" + std::to_string(server.port) + "/?again#/study/studies%2Fnew-2026.toml/0");
    REQUIRE(p.wait_until("document.querySelector('.banner button') !== null"));
    CHECK(p.eval("document.getElementById('f-year').value") == "");
    p.eval("document.querySelector('.banner button').click(), true");
    REQUIRE(p.wait_until("document.getElementById('f-year') && document.getElementById('f-year').value === '2024'"));
    CHECK(p.eval("document.getElementById('f-sample-enrolled').value") == "120");
    p.eval("document.getElementById('save').click(), true");
    REQUIRE(p.wait_until("document.getElementById('status').textContent.startsWith('Saved')"));
    CHECK(read_file(file) ==
          "id = \"new-2026\"\nyear = 2024\ncountry = \"China\"\n\n[design]\ntype = \"rct\"\n\n[sample]\nenrolled = "
          "120\n");
    const auto check = run_appraise("check --rubric rob2 " + shell_quote(file));
    INFO(check.out << check.err);
    CHECK(check.exit_code == 0);
    CHECK(check.out.find("1 valid, 0 with coding errors") != std::string::npos);
    CHECK(check.out.find(": warning:") == std::string::npos);
    for (const auto& problem : p.problems) FAIL_CHECK(problem);
}

TEST_CASE("serve in headless Chromium: a second RoB 2 result and an outcome added from the form, keyboard and labels",
          "[serve][browser]") {
    const std::string chromium = chromium_or_fail();
    temp_dir work;
    const fs::path corpus = example_copy(work);
    const fs::path study = corpus / "studies/fang-2022-parent.toml";
    const std::string original = read_file(study);
    REQUIRE(original.find("\n[appraisal.rob2]\n") != std::string::npos);
    serve_process server(corpus);
    fs::create_directories(work.path() / "profile");
    cdp_browser browser(chromium, (work.path() / "profile").string(), (work.path() / "chromium.log").string());
    page p(browser, "http://127.0.0.1:" + std::to_string(server.port) + "/");
    p.open(server.url);
    REQUIRE(p.wait_until("document.querySelectorAll('#corpus-table tbody tr').length > 0"));
    p.eval("location.hash = '#/study/' + encodeURIComponent('studies/fang-2022-parent.toml') + '/0', true");
    // One result so far: the single table's judgement (1.2 = N, not concealed: High).
    REQUIRE(p.wait_until(judgement("d1") + " === 'High'"));
    CHECK(p.eval("document.querySelectorAll('section.result').length") == 0);

    // Every control has a name a screen reader reads.
    CHECK(p.eval(unnamed_controls) == json::array());
    // Keyboard: Tab goes from one question's answer to the next question's (its evidence between), and
    // skips a question the gates closed (2.3 = NI: 2.4 and 2.5 are not reached, 2.6 is next).
    const auto tab_reaches = [&](const std::string& from, const std::string& to) {
        p.eval("(() => { const s = document.querySelector('.question[data-rubric=\"rob2\"][data-question=\"" + from +
               "\"] select.answer'); s.scrollIntoView({block: 'center'}); s.focus(); return true; })()");
        for (int presses = 0; presses < 3; ++presses) {
            p.press("Tab", 9);
            const json at = p.eval(
                "(() => { const q = document.activeElement.closest('.question'); "
                "return q && document.activeElement.classList.contains('answer') ? q.dataset.question : ''; })()");
            if (at == to) return true;
        }
        return false;
    };
    CHECK(tab_reaches("1.1", "1.2"));
    CHECK(tab_reaches("2.3", "2.6"));
    // Shift+Tab goes back the same way.
    p.eval(
        "document.querySelector('.question[data-rubric=\"rob2\"][data-question=\"1.2\"] select.answer').focus(), "
        "true");
    p.press("Tab", 9, 8);
    p.press("Tab", 9, 8);
    CHECK(p.eval("document.activeElement.closest('.question').dataset.question") == "1.1");

    // No layout jump while typing: the field typed in, and the page, stay where they were as the checks come back.
    const std::string name_field = "document.getElementById('f-outcomes-_1_-name')";
    REQUIRE(p.eval(name_field + " !== null") == true);
    p.eval(name_field + ".scrollIntoView({block: 'center'}), " + name_field + ".focus(), true");
    const json before = p.eval("[" + name_field + ".getBoundingClientRect().top, window.scrollY, " +
                               "document.querySelector('header.top').offsetHeight]");
    for (const char* typed : {"Depressive", "Depressive sympt", "Depressive symptoms (CDI)"}) {
        p.eval("(() => { const f = " + name_field + "; f.value = '" + typed +
               "'; f.dispatchEvent(new Event('input')); return true; })()");
        REQUIRE(p.wait_until("document.getElementById('dirty').textContent === 'Unsaved changes' && " + name_field +
                             ".value === '" + typed + "'"));
        REQUIRE(p.wait_until("document.getElementById('status').textContent.startsWith('Checked')"));
        CHECK(p.eval("[" + name_field + ".getBoundingClientRect().top, window.scrollY, " +
                     "document.querySelector('header.top').offsetHeight]") == before);
    }
    CHECK(p.eval("document.activeElement.id") == "f-outcomes-_1_-name");

    // Add a second result from the form: the single table becomes [[appraisal.rob2]], each result its own block.
    p.eval(
        "(() => { const row = document.querySelector('fieldset.rubric[data-rubric=\"rob2\"] .add-result-row'); "
        "const o = row.querySelector('select[id*=\"outcome\"]'); o.value = 'depression'; "
        "row.querySelector('select[id*=\"effect\"]').value = 'assignment'; "
        "row.querySelector('button.add-result').click(); return true; })()");
    REQUIRE(p.wait_until(answer_of("1.1", 1) + " !== null"));
    CHECK(p.eval("[...document.querySelectorAll('fieldset.rubric[data-rubric=\"rob2\"] h3.result-head')].map(h => "
                 "h.textContent)") ==
          json::array({"Result 1: loneliness (assignment)", "Result 2: depression (assignment)"}));
    CHECK(p.eval("document.activeElement.id") == "result-head-rob2-1");
    CHECK(p.eval(judgement("d1")) == json());  // no single table any more: its heads went with it
    REQUIRE(p.wait_until("(document.querySelector('[data-judgement=\"rob2[0]/d1\"]') || {}).textContent === 'High'"));
    // Its domain 1 answered: its own judgement, Low; the first result's stays High, and a screen reader hears it.
    p.eval(choose_in("1.1", 1, "Y"));
    p.eval(choose_in("1.2", 1, "Y"));
    p.eval(choose_in("1.3", 1, "N"));
    const bool low =
        p.wait_until("(document.querySelector('[data-judgement=\"rob2[1]/d1\"]') || {}).textContent === 'Low'");
    if (!low) {
        for (const auto& problem : p.problems) UNSCOPED_INFO(problem);
        UNSCOPED_INFO("status: " << p.eval("document.getElementById('status').textContent").dump());
        p.screenshot("second-result-failed.png");
    }
    REQUIRE(low);
    CHECK(p.eval("document.querySelector('[data-judgement=\"rob2[0]/d1\"]').textContent") == "High");
    CHECK(p.eval("document.getElementById('announce').textContent")
              .get<std::string>()
              .find("(depression (assignment)) d1: Low") != std::string::npos);
    // Each result's gates are its own: 2.4 is closed for the first (2.3 = NI), asked for the second (2.3 unanswered).
    CHECK(p.eval(answer_of("2.4", 0) + ".closest('.question').getClientRects().length") == 0);
    CHECK(p.eval(answer_of("2.4", 1) + ".closest('.question').getClientRects().length") == 1);
    CHECK(p.eval(unnamed_controls) == json::array());

    // Add an outcome: a new [[outcomes]] element, then offered for a new result.
    p.eval(
        "(() => { const row = document.querySelector('.add-element-row'); "
        "row.querySelector('input[id*=\"outcomes-id\"]').value = 'anxiety'; "
        "row.querySelector('input[id*=\"outcomes-name\"]').value = 'Anxiety'; "
        "row.querySelector('button.add-element').click(); return true; })()");
    REQUIRE(p.wait_until("document.getElementById('legend-outcomes-2') !== null"));
    CHECK(p.eval("document.getElementById('legend-outcomes-2').textContent") == "[[outcomes]] 3: anxiety");
    CHECK(p.eval("document.activeElement.id") == "legend-outcomes-2");
    CHECK(p.eval("document.getElementById('f-outcomes-_2_-name').value") == "Anxiety");
    CHECK(p.eval("[...document.querySelector('fieldset.rubric[data-rubric=\"rob2\"] .add-result-row select').options]"
                 ".map(o => o.value).includes('anxiety')") == true);
    p.eval("document.getElementById('result-head-rob2-1').scrollIntoView({block: 'start'}), true");
    CHECK(p.eval("document.documentElement.scrollWidth <= 1280") == true);
    CHECK(p.eval("window.innerWidth") == 1280);
    CHECK(p.eval("window.innerHeight") == 800);
    p.screenshot("form-second-result.png");

    // Saved: check and run read both results back, the outcome too; the first result's lines kept.
    p.eval("document.getElementById('save').click(), true");
    REQUIRE(p.wait_until("document.getElementById('status').textContent.startsWith('Saved')"));
    const std::string saved = read_file(study);
    CHECK(saved.find("\n[[appraisal.rob2]]\noutcome = \"loneliness\"\n") != std::string::npos);
    CHECK(saved.find("\n[[appraisal.rob2]]\noutcome = \"depression\"\neffect = \"assignment\"\n\"1.1\" = \"Y\"\n"
                     "\"1.2\" = \"Y\"\n\"1.3\" = \"N\"\n") != std::string::npos);
    CHECK(saved.find("\n[[outcomes]]\nid = \"anxiety\"\nname = \"Anxiety\"\n") != std::string::npos);
    CHECK(saved.find("# RoB 2 for the primary result") != std::string::npos);  // comments kept
    const auto check = run_appraise("check --rubric rob2 " + shell_quote(study));
    INFO(check.out << check.err);
    CHECK(check.exit_code == 0);
    CHECK(check.out.find("1 valid, 0 with coding errors") != std::string::npos);
    const auto run = run_appraise("run --rubric rob2 --format json " + shell_quote(study));
    REQUIRE(run.exit_code == 0);
    std::vector<std::string> labels;
    const json report = json::parse(run.out);  // kept: a loop over a temporary's member would dangle
    for (const auto& a : report["studies"][0]["appraisals"])
        if (a["rubric"] == "rob2")
            labels.push_back(a["label"].get<std::string>() + " d1 " + a["domains"][0]["judgement"].get<std::string>());
    CHECK(labels == std::vector<std::string>{"loneliness (assignment) d1 high", "depression (assignment) d1 low"});
    for (const auto& problem : p.problems) FAIL_CHECK(problem);
}

TEST_CASE("serve in headless Chromium: a single RoB 2 table without an outcome becomes result 1 of two",
          "[serve][browser]") {
    const std::string chromium = chromium_or_fail();
    temp_dir work;
    const fs::path corpus = example_copy(work);
    const fs::path file = corpus / "studies/qin-2020.toml";
    const std::string text =
        "id = \"qin-2020\"\n\n[design]\ntype = \"rct\"\n\n[[outcomes]]\nid = \"reading\"\n\n[[outcomes]]\nid = "
        "\"math\"\n\n# One result, coded before the second was found.\n[appraisal.rob2]  # reading\neffect = "
        "\"assignment\"\n\"1.1\" = \"Y\"\n";
    std::ofstream(file) << text;
    serve_process server(corpus);
    fs::create_directories(work.path() / "profile");
    cdp_browser browser(chromium, (work.path() / "profile").string(), (work.path() / "chromium.log").string());
    page p(browser, "http://127.0.0.1:" + std::to_string(server.port) + "/");
    p.open(server.url);
    REQUIRE(p.wait_until("document.querySelectorAll('#corpus-table tbody tr').length > 0"));
    p.eval("location.hash = '#/study/' + encodeURIComponent('studies/qin-2020.toml') + '/0', true");
    REQUIRE(p.wait_until("document.querySelector('fieldset.rubric[data-rubric=\"rob2\"] .add-result-row') !== null"));
    const std::string row = "document.querySelector('fieldset.rubric[data-rubric=\"rob2\"] .add-result-row')";
    // The coded table has no outcome: the form asks for it too, and adds nothing until it is chosen.
    REQUIRE(p.eval(row + ".querySelector('select[id*=\"first-outcome\"]') !== null") == true);
    p.eval("(() => { const r = " + row +
           "; r.querySelectorAll('select')[1].value = 'math'; "
           "r.querySelector('button.add-result').click(); return true; })()");
    CHECK(p.eval("document.activeElement.id.includes('first-outcome')") == true);
    p.eval("(() => { const r = " + row + "; r.querySelector('select[id*=\"first-outcome\"]').value = 'reading'; " +
           "r.querySelector('button.add-result').click(); return true; })()");
    REQUIRE(p.wait_until(answer_of("1.1", 1) + " !== null"));
    CHECK(p.eval("[...document.querySelectorAll('h3.result-head')].map(h => h.textContent)") ==
          json::array({"Result 1: reading (assignment)", "Result 2: math (assignment)"}));
    CHECK(p.eval(answer_of("1.1", 0) + ".value") == "Y");
    p.eval("document.getElementById('save').click(), true");
    REQUIRE(p.wait_until("document.getElementById('status').textContent.startsWith('Saved')"));
    CHECK(read_file(file) ==
          "id = \"qin-2020\"\n\n[design]\ntype = \"rct\"\n\n[[outcomes]]\nid = \"reading\"\n\n[[outcomes]]\nid = "
          "\"math\"\n\n# One result, coded before the second was found.\n[[appraisal.rob2]]  # reading\neffect = "
          "\"assignment\"\n\"1.1\" = \"Y\"\noutcome = \"reading\"\n\n[[appraisal.rob2]]\noutcome = \"math\"\neffect = "
          "\"assignment\"\n");
    const auto check = run_appraise("check --rubric rob2 " + shell_quote(file));
    INFO(check.out << check.err);
    CHECK(check.exit_code == 0);
    CHECK(check.out.find("rob2/missing-outcome") == std::string::npos);

    // The reviewer's own judgement of result 2's domain 1 (not assessed: no
    // answers), with its reason, and the support for result 1's overall:
    // new sub-tables of each element, written in that element.
    const std::string d1_of_2 = "document.querySelector('details.reviewer[data-reviewer=\"rob2[1]/d1\"]')";
    REQUIRE(p.eval(d1_of_2 + " !== null") == true);
    CHECK(p.eval("document.querySelector('[data-judgement=\"rob2[1]/d1\"]').textContent") == "Not assessed");
    p.eval("(() => { const b = " + d1_of_2 +
           "; b.open = true; const r = b.querySelector('input[id$=\"-reason\"]'); "
           "r.value = 'the report states concealment failed'; r.dispatchEvent(new Event('input')); "
           "const s = b.querySelector('select[id$=\"-override\"]'); s.value = 'high'; "
           "s.dispatchEvent(new Event('change')); return true; })()");
    REQUIRE(p.wait_until("document.querySelector('[data-judgement=\"rob2[1]/d1\"]').textContent === 'High'"));
    CHECK(p.eval("document.querySelector('[data-judgement=\"rob2[0]/d1\"]').textContent") != "High");
    p.eval(
        "(() => { const b = document.querySelector('details.reviewer[data-reviewer=\"rob2[0]/overall\"]'); "
        "const i = b.querySelector('input[id$=\"-support\"]'); i.value = 'D1 only partly reported'; "
        "i.dispatchEvent(new Event('input')); return true; })()");
    // Save flushes the edits still waiting for the preview.
    p.eval("document.getElementById('status').textContent = '', document.getElementById('save').click(), true");
    REQUIRE(p.wait_until("document.getElementById('status').textContent.startsWith('Saved')"));
    const std::string saved = read_file(file);
    CHECK(saved ==
          "id = \"qin-2020\"\n\n[design]\ntype = \"rct\"\n\n[[outcomes]]\nid = \"reading\"\n\n[[outcomes]]\nid = "
          "\"math\"\n\n# One result, coded before the second was found.\n[[appraisal.rob2]]  # reading\neffect = "
          "\"assignment\"\n\"1.1\" = \"Y\"\noutcome = \"reading\"\n\n[appraisal.rob2.support]\noverall = \"D1 only "
          "partly "
          "reported\"\n\n[[appraisal.rob2]]\noutcome = \"math\"\neffect = \"assignment\"\n\n[appraisal.rob2.override]\n"
          "d1 = { judgement = \"high\", reason = \"the report states concealment failed\" }\n");
    const auto json_run = run_appraise("run --rubric rob2 --format json " + shell_quote(file));
    CHECK(json_run.out.find("the report states concealment failed") != std::string::npos);
    CHECK(json_run.out.find("D1 only partly reported") != std::string::npos);
    for (const auto& problem : p.problems) FAIL_CHECK(problem);
}
