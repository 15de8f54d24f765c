// `appraise serve` over HTTP: the token, the bind address, the security
// headers, the Host check, paths outside the corpus, the live preview, and
// saving (atomic, conflicts between two clients, undo, comments kept).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "serve_process.hpp"

using namespace appraise::test;
using json = nlohmann::json;

namespace {

const char* csp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'";

const std::string yang = "studies/yang-2020-education.toml";

// A copy of the example corpus to write in.
fs::path example_copy(const temp_dir& work) {
    const fs::path corpus = work.path() / "corpus";
    fs::copy(source_dir / "examples/left-behind-children", corpus, fs::copy_options::recursive);
    return corpus;
}

json body_of(const httplib::Result& result) {
    REQUIRE(result);
    return json::parse(result->body);
}

httplib::Result post(httplib::Client& client, const serve_process& server, const std::string& path, const json& body) {
    return client.Post(path.c_str(), server.with_token(), body.dump(), "application/json");
}

// The listening sockets of `port` in /proc/net/tcp or tcp6: local addresses as the kernel writes them.
std::vector<std::string> listening(const std::string& table, int port) {
    std::vector<std::string> found;
    char hex_port[8];
    std::snprintf(hex_port, sizeof hex_port, "%04X", port);
    std::istringstream lines(read_file(table));
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state;
        fields >> slot >> local >> remote >> state;
        const auto colon = local.rfind(':');
        if (colon != std::string::npos && local.substr(colon + 1) == hex_port && state == "0A")
            found.push_back(local.substr(0, colon));
    }
    return found;
}

}  // namespace

TEST_CASE("serve refuses every page and API without the token", "[serve]") {
    temp_dir work;
    serve_process server(example_copy(work));
    auto client = server.client();
    for (const char* path :
         {"/", "/assets/app.js", "/api/corpus", "/api/form", "/api/study?file=studies/yang-2020-education.toml"}) {
        INFO(path);
        const auto res = client.Get(path);
        REQUIRE(res);
        CHECK(res->status == 403);
        CHECK(res->body.find("yang") == std::string::npos);
        // A wrong token of the right length is refused too.
        const auto wrong = client.Get(path, {{"X-Appraise-Token", std::string(32, '0')}});
        REQUIRE(wrong);
        CHECK(wrong->status == 403);
        const auto cookie = client.Get(path, {{"Cookie", "appraise_token=" + std::string(32, 'a')}});
        REQUIRE(cookie);
        CHECK(cookie->status == 403);
    }
    const auto save = client.Post("/api/save", json{{"file", yang}, {"hash", ""}, {"text", "id = \"x\"\n"}}.dump(),
                                  "application/json");
    REQUIRE(save);
    CHECK(save->status == 403);
    CHECK(read_file(work.path() / "corpus" / yang).find("yang-2020-education") != std::string::npos);

    // The printed URL's token: a 128-bit hex token, turned into an HttpOnly SameSite=Strict cookie.
    CHECK(std::regex_match(server.token, std::regex("[0-9a-f]{32}")));
    const auto first = client.Get(("/?token=" + server.token).c_str());
    REQUIRE(first);
    CHECK(first->status == 303);
    const std::string set_cookie = first->get_header_value("Set-Cookie");
    CHECK(set_cookie == "appraise_token=" + server.token + "; HttpOnly; SameSite=Strict; Path=/");
    const auto page = client.Get("/", {{"Cookie", "appraise_token=" + server.token}});
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body.find("<script src=\"/assets/app.js\"") != std::string::npos);
    const auto api = client.Get("/api/corpus", server.with_token());
    REQUIRE(api);
    CHECK(api->status == 200);
    // Another server's token does not open this one.
    serve_process other(work.path() / "corpus");
    CHECK(other.token != server.token);
    const auto crossed = client.Get("/api/corpus", other.with_token());
    REQUIRE(crossed);
    CHECK(crossed->status == 403);
}

TEST_CASE("serve listens on 127.0.0.1 only", "[serve]") {
    temp_dir work;
    serve_process server(example_copy(work));
    CHECK(server.url.rfind("http://127.0.0.1:", 0) == 0);
    // The kernel's own table: one listening socket on the port, at 127.0.0.1 (0100007F), none on any address.
    const auto v4 = listening("/proc/net/tcp", server.port);
    REQUIRE(v4.size() == 1);
    CHECK(v4.front() == "0100007F");
    CHECK(listening("/proc/net/tcp6", server.port).empty());
}

TEST_CASE("serve sends its Content-Security-Policy and nosniff on pages, assets, the API and refusals", "[serve]") {
    temp_dir work;
    serve_process server(example_copy(work));
    auto client = server.client();
    for (const char* path : {"/", "/assets/app.js", "/assets/app.css", "/api/form", "/api/corpus", "/nothing-here"}) {
        INFO(path);
        for (const bool with_token : {true, false}) {
            const auto res = with_token ? client.Get(path, server.with_token()) : client.Get(path);
            REQUIRE(res);
            CHECK(res->get_header_value("Content-Security-Policy") == csp);
            CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
        }
    }
    // The page loads its script as a file: no inline script for the policy to allow.
    const auto page = client.Get("/", server.with_token());
    REQUIRE(page);
    CHECK(std::regex_search(page->body, std::regex("<script[^>]*>\\s*</script>")));
    CHECK_FALSE(std::regex_search(page->body, std::regex("<script(?![^>]*src=)[^>]*>")));
    CHECK(page->body.find("style=") == std::string::npos);
    CHECK(client.Get("/assets/app.js", server.with_token())
              ->get_header_value("Content-Type")
              .rfind("text/javascript", 0) == 0);
    CHECK(client.Get("/nothing-here", server.with_token())->status == 404);
}

TEST_CASE("serve refuses a Host other than 127.0.0.1 or localhost (DNS rebinding)", "[serve]") {
    temp_dir work;
    serve_process server(example_copy(work));
    auto client = server.client();
    const std::string port = std::to_string(server.port);
    for (const std::string& host :
         std::vector<std::string>{"evil.example", "evil.example:" + port, "127.0.0.2:" + port, "127.0.0.1:1",
                                  "localhost.evil.example:" + port, "0.0.0.0:" + port}) {
        INFO(host);
        httplib::Headers headers = server.with_token();
        headers.emplace("Host", host);
        const auto res = client.Get("/api/corpus", headers);
        REQUIRE(res);
        CHECK(res->status == 403);
        CHECK(res->body.find("yang") == std::string::npos);
    }
    for (const std::string& host : std::vector<std::string>{"127.0.0.1:" + port, "localhost:" + port}) {
        httplib::Headers headers = server.with_token();
        headers.emplace("Host", host);
        const auto res = client.Get("/api/form", headers);
        REQUIRE(res);
        CHECK(res->status == 200);
    }
    // A page of another origin posting to the API is refused by its Origin.
    httplib::Headers foreign = server.with_token();
    foreign.emplace("Origin", "http://evil.example");
    const auto posted =
        client.Post("/api/preview", foreign, json{{"file", yang}, {"text", ""}}.dump(), "application/json");
    REQUIRE(posted);
    CHECK(posted->status == 403);
}

TEST_CASE("serve refuses any path outside the corpus", "[serve]") {
    temp_dir work;
    const fs::path corpus = example_copy(work);
    work.write("outside.toml", "id = \"secret-outside\"\n");
    work.write("corpus-other/x.toml", "id = \"secret-sibling\"\n");
    fs::create_symlink(work.path() / "outside.toml", corpus / "studies" / "link-out.toml");
    fs::create_directory_symlink(work.path(), corpus / "dir-out");
    serve_process server(corpus);
    auto client = server.client();
    const std::string outside = (work.path() / "outside.toml").string();
    for (const std::string& file : std::vector<std::string>{
             "../outside.toml", "studies/../../outside.toml", "%2e%2e/outside.toml", "%2E%2E%2Foutside.toml",
             "studies%2f..%2f..%2foutside.toml", "..%5coutside.toml", outside, "studies/link-out.toml",
             "dir-out/outside.toml", "../corpus-other/x.toml", "appraise.toml%00.toml", "/etc/passwd",
             "studies/yang-2020-education.toml/../../outside.toml"}) {
        INFO(file);
        const auto res = client.Get(("/api/study?file=" + file).c_str(), server.with_token());
        REQUIRE(res);
        CHECK(res->status == 403);
        CHECK(res->body.find("secret") == std::string::npos);
        const auto save =
            post(client, server, "/api/save", json{{"file", file}, {"hash", ""}, {"text", "id = \"x\"\n"}});
        REQUIRE(save);
        CHECK(save->status == 403);
    }
    CHECK(read_file(work.path() / "outside.toml") == "id = \"secret-outside\"\n");
    // Paths of the URL itself: nothing but the page, its assets and the API.
    for (const char* path : {"/../outside.toml", "/assets/../../outside.toml", "/assets/%2e%2e/%2e%2e/outside.toml",
                             "/assets/app.js/../../appraise.toml", "/studies/yang-2020-education.toml"}) {
        INFO(path);
        const auto res = client.Get(path, server.with_token());
        REQUIRE(res);
        CHECK(res->status >= 400);
        CHECK(res->body.find("secret") == std::string::npos);
        CHECK(res->body.find("yang-2020") == std::string::npos);
    }
    // A creation outside is refused as well.
    for (const std::string& file :
         std::vector<std::string>{"../new.toml", "/tmp/new.toml", "dir-out/new.toml", "studies/../../new.toml"}) {
        INFO(file);
        const auto res = post(client, server, "/api/create", json{{"file", file}, {"id", "new"}});
        REQUIRE(res);
        CHECK(res->status == 403);
    }
    CHECK_FALSE(fs::exists(work.path() / "new.toml"));
    // The corpus's own file opens.
    const auto ok = client.Get(("/api/study?file=" + yang).c_str(), server.with_token());
    REQUIRE(ok);
    CHECK(ok->status == 200);
}

TEST_CASE("serve refuses a request larger than its limit", "[serve]") {
    temp_dir work;
    serve_process server(example_copy(work));
    auto client = server.client();
    const std::string huge(std::size_t{24} << 20, 'x');
    const auto res = client.Post("/api/preview", server.with_token(), huge, "application/json");
    // cpp-httplib answers 413 (or closes the connection) without reading it all.
    if (res) CHECK(res->status == 413);
    auto fresh = server.client();
    const auto after = fresh.Get("/api/form", server.with_token());
    REQUIRE(after);
    CHECK(after->status == 200);
}

TEST_CASE("serve previews edits with the rubrics' judgements and keeps the file's comments", "[serve]") {
    temp_dir work;
    const fs::path corpus = example_copy(work);
    serve_process server(corpus);
    auto client = server.client();
    const json study = body_of(client.Get(("/api/study?file=" + yang).c_str(), server.with_token()));
    const std::string original = study["text"];
    const auto d1_of = [](const json& analysis) {
        for (const auto& a : analysis["studies"][0]["result"]["appraisals"])
            if (a["rubric"] == "rob2") return a["domains"][0]["judgement"].get<std::string>();
        return std::string("(none)");
    };
    CHECK(d1_of(study) == "some-concerns");
    const json edits = json::array({json{{"path", {"appraisal", "rob2", "1a.2"}}, {"value", "Y"}},
                                    json{{"path", {"appraisal", "rob2", "1a.1"}}, {"value", "Y"}},
                                    json{{"path", {"sample", "power_calculation"}},
                                         {"value", true},
                                         {"support", "n = 50 per arm \"for 80% power\""},
                                         {"at", "p. 3"}},
                                    json{{"path", {"followup", "weeks_after"}}, {"value", nullptr}},
                                    json{{"path", {"coding", "date"}}, {"toml", "2026-12-01"}}});
    const json preview =
        body_of(post(client, server, "/api/preview", json{{"file", yang}, {"text", original}, {"edits", edits}}));
    CHECK(d1_of(preview) == "low");
    const std::string edited = preview["text"];
    // Every comment line and every untouched line is kept, in order; only the edited keys changed.
    std::istringstream before(original);
    std::string line;
    std::size_t comments = 0;
    while (std::getline(before, line)) {
        if (line.rfind("#", 0) == 0) {
            ++comments;
            CHECK(edited.find(line + "\n") != std::string::npos);
        }
    }
    CHECK(comments >= 20);
    CHECK(edited.find("\"1a.2\" = \"Y\"\n") != std::string::npos);
    CHECK(edited.find("power_calculation = { value = true, support = \"n = 50 per arm \\\"for 80% power\\\"\", at = "
                      "\"p. 3\" }") != std::string::npos);
    CHECK(edited.find("weeks_after") == std::string::npos);
    CHECK(edited.find("date = 2026-12-01\n") != std::string::npos);
    CHECK(edited.size() > original.size() - 200);
    // Nothing was saved.
    CHECK(read_file(corpus / yang) == original);
    // The study's values and its diagnostics come back for the form.
    bool found = false;
    for (const auto& v : preview["studies"][0]["values"])
        if (v["path"] == json{"sample", "power_calculation"}) {
            found = true;
            CHECK(v["value"] == true);
            CHECK(v["at"] == "p. 3");
        }
    CHECK(found);
    // A bad answer is a diagnostic at its line, with the rubric's own words.
    const json bad = body_of(post(client, server, "/api/preview",
                                  json{{"file", yang},
                                       {"text", original},
                                       {"edits", json::array({json{{"path", {"design", "typ"}}, {"value", "rct"}}})}}));
    CHECK(bad["studies"][0]["result"].dump().find("did you mean `type`") != std::string::npos);
    // An edit that would inject a key is refused.
    const auto injected = post(client, server, "/api/preview",
                               json{{"file", yang},
                                    {"text", original},
                                    {"edits", json::array({json{{"path", {"year"}}, {"toml", "1\n[x]"}}})}});
    REQUIRE(injected);
    CHECK(injected->status == 400);
}

TEST_CASE("serve adds a second RoB 2 result: the single table becomes an array of tables, each result judged",
          "[serve]") {
    temp_dir work;
    const fs::path corpus = example_copy(work);
    const std::string fang = "studies/fang-2022-parent.toml";
    serve_process server(corpus);
    auto client = server.client();
    const json loaded = body_of(client.Get(("/api/study?file=" + fang).c_str(), server.with_token()));
    const std::string original = loaded["text"];
    REQUIRE(original.find("\n[appraisal.rob2]\n") != std::string::npos);
    // One result: no per-result questions.
    CHECK_FALSE(loaded["studies"][0]["questions"]["rob2"].contains("results"));
    const auto element = [](std::vector<std::string> path) {
        path.insert(path.begin(), {"appraisal", "rob2", "[1]"});
        return path;
    };
    const json edits = json::array(
        {json{{"path", element({"outcome"})}, {"value", "depression"}},
         json{{"path", element({"effect"})}, {"value", "assignment"}}, json{{"path", element({"1.1"})}, {"value", "Y"}},
         json{{"path", element({"1.2"})}, {"value", "Y"}}, json{{"path", element({"1.3"})}, {"value", "N"}}});
    const json preview =
        body_of(post(client, server, "/api/preview", json{{"file", fang}, {"text", original}, {"edits", edits}}));
    const std::string text = preview["text"];
    // The first result's lines are as they were (its header's brackets doubled), comments kept; the second follows
    // its sub-tables.
    const auto rob2_at = original.find("[appraisal.rob2]\n");
    const auto coding_at = original.find("# Who coded this study");
    REQUIRE(coding_at != std::string::npos);
    CHECK(text.substr(0, rob2_at) == original.substr(0, rob2_at));
    CHECK(text.substr(rob2_at, text.find("# Who coded this study") - rob2_at) ==
          "[" + original.substr(rob2_at, coding_at - rob2_at).insert(16, "]") +
              "[[appraisal.rob2]]\noutcome = \"depression\"\neffect = \"assignment\"\n\"1.1\" = \"Y\"\n\"1.2\" = "
              "\"Y\"\n\"1.3\" = \"N\"\n\n");
    CHECK(text.substr(text.find("# Who coded this study")) == original.substr(coding_at));
    // Each result has its own appraisal and its own questions, gated by its own answers.
    const json& study = preview["studies"][0];
    const json& results = study["questions"]["rob2"]["results"];
    REQUIRE(results.size() == 2);
    const json& first = study["result"]["appraisals"][results[0]["appraisal"].get<std::size_t>()];
    const json& second = study["result"]["appraisals"][results[1]["appraisal"].get<std::size_t>()];
    CHECK(first["label"] == "loneliness (assignment)");
    CHECK(first["domains"][0]["judgement"] == "high");
    CHECK(second["label"] == "depression (assignment)");
    CHECK(second["domains"][0]["judgement"] == "low");
    INFO(second.dump());
    CHECK(second.value("overall", json()).is_null());  // domains 2 to 5 not answered: not assessed, never invented
    // 2.4 is closed for the first result (2.3 = NI leaves it unreached) and still asked for the second.
    const auto has = [](const json& list, const char* id) {
        return std::find(list.begin(), list.end(), json(id)) != list.end();
    };
    CHECK(has(results[0]["shown"], "1.1"));
    CHECK(has(results[1]["shown"], "1.1"));
    CHECK(has(results[0]["closed"], "2.4") != has(results[1]["closed"], "2.4"));
    // The values of each element come back under its index.
    bool outcome_shown = false;
    for (const auto& v : study["values"])
        outcome_shown |= v["path"] == json{"appraisal", "rob2", "[1]", "outcome"} && v["value"] == "depression";
    CHECK(outcome_shown);

    // Saved, then check and run read both results back.
    const json saved =
        body_of(post(client, server, "/api/save", json{{"file", fang}, {"hash", loaded["hash"]}, {"text", text}}));
    CHECK(saved["saved"] == true);
    CHECK(read_file(corpus / fang) == text);
    const auto check = run_appraise("check --rubric rob2 " + shell_quote(corpus / fang));
    INFO(check.out << check.err);
    CHECK(check.exit_code == 0);
    CHECK(check.out.find("1 valid, 0 with coding errors") != std::string::npos);
    const auto run = run_appraise("run --rubric rob2 --format json " + shell_quote(corpus / fang));
    REQUIRE(run.exit_code == 0);
    const json report = json::parse(run.out);
    std::vector<std::pair<std::string, std::string>> read_back;
    for (const auto& a : report["studies"][0]["appraisals"])
        if (a["rubric"] == "rob2")
            read_back.emplace_back(a["label"].get<std::string>(), a["domains"][0]["judgement"].get<std::string>());
    CHECK(read_back == std::vector<std::pair<std::string, std::string>>{{"loneliness (assignment)", "high"},
                                                                        {"depression (assignment)", "low"}});

    // A third result goes after the second; one whose table cannot become [[...]] is refused, nothing changed.
    const json third = body_of(post(
        client, server, "/api/preview",
        json{{"file", fang},
             {"text", text},
             {"edits", json::array({json{{"path", {"appraisal", "rob2", "[2]", "outcome"}}, {"value", "loneliness"}},
                                    json{{"path", {"appraisal", "rob2", "[2]", "effect"}}, {"value", "adhering"}}})}}));
    CHECK(third["studies"][0]["questions"]["rob2"]["results"].size() == 3);
    CHECK(third["text"].get<std::string>().find(
              "\"1.3\" = \"N\"\n\n[[appraisal.rob2]]\noutcome = \"loneliness\"\neffect = "
              "\"adhering\"\n\n# Who coded") != std::string::npos);
    const std::string implied = "id = \"x\"\n\n[appraisal.rob2.support]\nd1 = \"x\"\n";
    const auto refused =
        post(client, server, "/api/preview",
             json{{"file", fang},
                  {"text", implied},
                  {"edits",
                   json::array({json{{"path", {"appraisal", "rob2", "[1]", "outcome"}}, {"value", "depression"}}})}});
    REQUIRE(refused);
    CHECK(refused->status == 422);
    CHECK(json::parse(refused->body)["problems"][0]["code"] == "serve/edit-refused");
}

TEST_CASE("serve saves atomically, and a second client saving the same study gets the conflict, nothing lost",
          "[serve]") {
    temp_dir work;
    const fs::path corpus = example_copy(work);
    serve_process server(corpus);
    auto client = server.client();
    const json loaded = body_of(client.Get(("/api/study?file=" + yang).c_str(), server.with_token()));
    const std::string original = loaded["text"];
    const std::string hash = loaded["hash"];
    const std::string mine = original + "# client A's note\n";
    const std::string theirs = original + "# client B's note\n";

    // Both loaded the same version; A saves first and wins.
    const json saved = body_of(post(client, server, "/api/save", json{{"file", yang}, {"hash", hash}, {"text", mine}}));
    CHECK(saved["saved"] == true);
    CHECK(read_file(corpus / yang) == mine);
    // B's save is refused with both versions: what is on disk, and B's own.
    const auto refused = post(client, server, "/api/save", json{{"file", yang}, {"hash", hash}, {"text", theirs}});
    REQUIRE(refused);
    CHECK(refused->status == 409);
    const json conflict = json::parse(refused->body);
    CHECK(conflict["disk_text"] == mine);
    CHECK(conflict["your_text"] == theirs);
    CHECK(read_file(corpus / yang) == mine);
    // B chooses to keep its version, knowingly (the disk hash it was shown).
    const json kept = body_of(
        post(client, server, "/api/save", json{{"file", yang}, {"hash", conflict["disk_hash"]}, {"text", theirs}}));
    CHECK(kept["saved"] == true);
    CHECK(read_file(corpus / yang) == theirs);
    // Undo puts back the version before the last save.
    const json undone = body_of(post(client, server, "/api/undo", json{{"file", yang}}));
    CHECK(undone["undone"] == true);
    CHECK(read_file(corpus / yang) == mine);
    // No temporary file is left beside the study.
    for (const auto& entry : fs::directory_iterator(corpus / "studies"))
        CHECK(entry.path().filename().string().find(".tmp") == std::string::npos);
    // Text that is not TOML is never written.
    const std::string now = body_of(client.Get(("/api/study?file=" + yang).c_str(), server.with_token()))["hash"];
    const auto broken = post(client, server, "/api/save", json{{"file", yang}, {"hash", now}, {"text", "id = \n"}});
    REQUIRE(broken);
    CHECK(broken->status == 422);
    CHECK(read_file(corpus / yang) == mine);
}

TEST_CASE("serve: two clients saving the same study at once: one wins, the other gets 409", "[serve]") {
    temp_dir work;
    const fs::path corpus = example_copy(work);
    serve_process server(corpus);
    for (int round = 0; round < 5; ++round) {
        auto reader = server.client();
        const json loaded = body_of(reader.Get(("/api/study?file=" + yang).c_str(), server.with_token()));
        const std::string hash = loaded["hash"];
        const std::string base = loaded["text"];
        int statuses[2] = {0, 0};
        std::string texts[2] = {base + "# A " + std::to_string(round) + "\n",
                                base + "# B " + std::to_string(round) + "\n"};
        std::vector<std::thread> clients;
        for (int i = 0; i < 2; ++i)
            clients.emplace_back([&, i] {
                auto c = server.client();
                const auto res =
                    c.Post("/api/save", server.with_token(),
                           json{{"file", yang}, {"hash", hash}, {"text", texts[i]}}.dump(), "application/json");
                statuses[i] = res ? res->status : -1;
            });
        for (auto& t : clients) t.join();
        INFO("round " << round << ": " << statuses[0] << " " << statuses[1]);
        CHECK(((statuses[0] == 200 && statuses[1] == 409) || (statuses[0] == 409 && statuses[1] == 200)));
        const std::string disk = read_file(corpus / yang);
        CHECK(disk == texts[statuses[0] == 200 ? 0 : 1]);
    }
}

TEST_CASE("serve lists the corpus with states and judgements in each tool's words", "[serve]") {
    temp_dir work;
    const fs::path corpus = example_copy(work);
    work.write("corpus/studies/zz-broken.toml", "id = \"zz-broken\"\nyear = \"soon\"\n");
    serve_process server(corpus);
    auto client = server.client();
    const json list = body_of(client.Get("/api/corpus", server.with_token()));
    REQUIRE(list["studies"].size() == 19);  // 16 files of one study, one of two, and the broken one
    std::map<std::string, json> by_id;
    for (const auto& s : list["studies"]) by_id[s["id"]] = s;
    CHECK(by_id["zz-broken"]["state"] == "errors");
    CHECK(by_id["yang-2020-education"]["state"] == "warnings");  // trustworthiness questions not answered
    bool rob2 = false;
    for (const auto& j : by_id["yang-2020-education"]["judgements"])
        if (j["rubric"] == "rob2") {
            rob2 = true;
            CHECK(j["text"] == "High");  // RoB 2's own word, after the reviewer's override
        }
    CHECK(rob2);
    // The form: every codebook section and each rubric's questions.
    const json form = body_of(client.Get("/api/form", server.with_token()));
    bool design = false;
    for (const auto& section : form["sections"]) design |= section["path"] == "design";
    CHECK(design);
    bool question = false;
    for (const auto& r : form["rubrics"])
        if (r["id"] == "rob2")
            for (const auto& q : r["questions"]) question |= q["id"] == "1a.2";
    CHECK(question);
}

TEST_CASE("serve stops on SIGTERM", "[serve]") {
    temp_dir work;
    serve_process server(example_copy(work));
    CHECK(server.stop() == 0);
    auto client = server.client();
    CHECK_FALSE(client.Get("/"));
}

TEST_CASE("serve: a corpus that is not a folder, and a port in use, are usage errors", "[serve]") {
    temp_dir work;
    const auto missing = run_appraise("serve " + shell_quote(work.path() / "nowhere"));
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("usage/serve-corpus") != std::string::npos);
    CHECK(missing.out.empty());
    serve_process server(example_copy(work));
    const auto taken =
        run_appraise("serve " + shell_quote(work.path() / "corpus") + " --port " + std::to_string(server.port));
    CHECK(taken.exit_code == 2);
    CHECK(taken.err.find("usage/serve-port") != std::string::npos);
    CHECK(taken.out.empty());  // no URL for a server that is not there
}

TEST_CASE("serve resolves a disagreement of a consensus corpus: the mark is replaced by the value, how and why",
          "[serve][consensus]") {
    temp_dir work;
    const fs::path out = work.path() / "agreed";
    const auto agree = run_appraise(
        "agree examples/left-behind-children examples/left-behind-children-coder-b --consensus " + shell_quote(out));
    INFO(agree.err);
    REQUIRE(agree.exit_code == 0);
    serve_process server(out);
    auto client = server.client();
    const std::string file = "studies/deng-2011-counselling.toml";
    const json study = body_of(client.Get(("/api/study?file=" + file).c_str(), server.with_token()));
    const auto unresolved = [](const json& analysis) {
        std::size_t n = 0;
        for (const auto& e : analysis["studies"][0]["result"]["errors"])
            n += e["code"] == "coding/unresolved-disagreement";
        return n;
    };
    const std::size_t before = unresolved(study);
    REQUIRE(before > 0);
    const json* mark = nullptr;
    for (const auto& v : study["studies"][0]["values"])
        if (v.value("unresolved", false) && !v["marker"]["a"].is_null()) {
            mark = &v;
            break;
        }
    REQUIRE(mark != nullptr);
    const json& a = (*mark)["marker"]["a"];
    CHECK((*mark)["marker"]["a_from"].get<std::string>().find("examples/left-behind-children/") == 0);
    json edit{{"path", (*mark)["path"]}, {"value", a["value"]}, {"resolved", "a"}, {"reason", "A quoted the report"}};
    for (const char* k : {"support", "at", "source"})
        if (a.contains(k)) edit[k] = a[k];
    const json resolved = body_of(post(client, server, "/api/preview",
                                       json{{"file", file}, {"text", study["text"]}, {"edits", json::array({edit})}}));
    CHECK(unresolved(resolved) == before - 1);
    const std::string text = resolved["text"];
    const std::string key = (*mark)["path"].back();
    const auto line_at = text.find("\n" + key + " = ");
    REQUIRE(line_at != std::string::npos);
    const std::string line = text.substr(line_at + 1, text.find('\n', line_at + 1) - line_at - 1);
    CHECK(line.find("unresolved") == std::string::npos);
    CHECK(line.find("value = " + a["toml"].get<std::string>()) != std::string::npos);
    CHECK(line.find("resolved = \"a\", reason = \"A quoted the report\"") != std::string::npos);
    REQUIRE(a.contains("support"));  // coder A's quote, shown beside the value and kept with it
    CHECK(line.find(a["support"].get<std::string>()) != std::string::npos);
    // The way it was settled is one of the format's words: another is a diagnostic, not a silent value.
    edit["resolved"] = "coin-toss";
    const json wrong = body_of(post(client, server, "/api/preview",
                                    json{{"file", file}, {"text", study["text"]}, {"edits", json::array({edit})}}));
    CHECK(wrong["studies"][0]["result"].dump().find("coin-toss") != std::string::npos);
}

TEST_CASE("serve A --compare B serves their consensus, written once and come back to", "[serve][consensus]") {
    temp_dir work;
    const fs::path out = work.path() / "agreed";
    const std::vector<std::string> args{"--compare", (source_dir / "examples/left-behind-children-coder-b").string(),
                                        "--consensus", out.string()};
    {
        serve_process server(source_dir / "examples/left-behind-children", args);
        CHECK(fs::exists(out / "appraise-consensus.txt"));
        CHECK(server.log().find("consensus corpus written to") != std::string::npos);
        auto client = server.client();
        const json list = body_of(client.Get("/api/corpus", server.with_token()));
        std::size_t unresolved = 0;
        for (const auto& s : list["studies"]) unresolved += s["state"] == "unresolved";
        CHECK(unresolved > 0);
        CHECK(list["root"] == fs::canonical(out).string());
    }
    // The reviewers' work in OUT is kept: the next start serves it as it is.
    const fs::path file = out / "studies/deng-2011-counselling.toml";
    const std::string edited = read_file(file) + "# resolved so far\n";
    std::ofstream(file, std::ios::binary) << edited;
    serve_process again(source_dir / "examples/left-behind-children", args);
    CHECK(again.log().find("written earlier") != std::string::npos);
    CHECK(read_file(file) == edited);
}

TEST_CASE("serve's reports are the bytes run and figure write, under a policy with no script", "[serve][reports]") {
    temp_dir work;
    const fs::path corpus = example_copy(work);
    serve_process server(corpus);
    auto client = server.client();
    const std::string root = fs::canonical(corpus).string();
    const auto report = client.Get("/report.html", server.with_token());
    REQUIRE(report);
    REQUIRE(report->status == 200);
    const fs::path expected = work.path() / "expected.html";
    REQUIRE(run_appraise("run " + shell_quote(root) + " --format html -o " + shell_quote(expected)).exit_code == 0);
    CHECK(report->body == read_file(expected));
    CHECK(report->get_header_value_count("Content-Security-Policy") == 1);
    CHECK(report->get_header_value("Content-Security-Policy") ==
          "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'");
    CHECK(report->body.find("<script") == std::string::npos);
    const auto figure = client.Get("/figure/rob2/traffic-light.svg", server.with_token());
    REQUIRE(figure);
    REQUIRE(figure->status == 200);
    CHECK(figure->get_header_value("Content-Type") == "image/svg+xml");
    const fs::path svg = work.path() / "expected.svg";
    REQUIRE(run_appraise("figure " + shell_quote(root) + " --rubric rob2 --kind traffic-light --format svg -o " +
                         shell_quote(svg))
                .exit_code == 0);
    CHECK(figure->body == read_file(svg));
    // A rubric that is not there: refused without the child's words.
    const auto unknown = client.Get("/figure/no-such-rubric/summary.svg", server.with_token());
    REQUIRE(unknown);
    CHECK(unknown->status == 500);
    CHECK(client.Get("/report.html")->status == 403);
    CHECK(client.Get("/figure/rob2/summary.svg")->status == 403);
}

TEST_CASE("serve numbers the studies of a large [[study]] file from the file's first, across its parts", "[serve]") {
    // Over 1 MiB, a [[study]] file is appraised in parts of 64 studies; the
    // page opens study N of the file, so N must count from the file's start.
    temp_dir work;
    std::string text = "# a multi-study file\n";
    const std::string padding(9000, 'x');
    for (int k = 0; k < 130; ++k) {
        char id[16];
        std::snprintf(id, sizeof id, "s%03d", k);
        text += "[[study]]\nid = \"" + std::string(id) + "\"\n# " + padding + "\n\n";
    }
    REQUIRE(text.size() > (std::size_t{1} << 20));
    work.write("corpus/all.toml", text);
    serve_process server(work.path() / "corpus");
    auto client = server.client();
    const json list = body_of(client.Get("/api/corpus", server.with_token()));
    REQUIRE(list["studies"].size() == 130);
    for (const auto& s : list["studies"]) {
        const std::string id = s["id"];
        CHECK(s["index"] == std::stoi(id.substr(1)));
    }
}
