// `run --format json --messages catalogue` (json_catalogue.hpp): resolving
// every reference through its definition gives the inline report exactly
// (same members, same order); the bytes are the same at any -j and through
// merge of shards; every key is defined once, before its first use; the
// default report is byte for byte what it was before the catalogue existed.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <set>

#include "appraise/model/version.hpp"
#include "appraise/reports/content_key.hpp"
#include "test_support.hpp"

using namespace appraise::test;
using ordered = nlohmann::ordered_json;

namespace {

const std::string example = "examples/left-behind-children";
const std::set<std::string> catalogued = {"message", "rationale", "reason", "overall_rationale", "overall_reason"};

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The inline document `doc` stands for: refs replaced in place by their
// texts, the "catalogue" members and the "messages" marker dropped. Checks
// each key is defined once and before any use (document order).
struct resolver {
    std::map<std::string, std::string> texts;
    std::size_t refs = 0;

    ordered resolve(const ordered& value) {
        if (value.is_array()) {
            ordered out = ordered::array();
            for (const auto& item : value) out.push_back(resolve(item));
            return out;
        }
        if (!value.is_object()) return value;
        ordered out = ordered::object();
        for (const auto& [name, member] : value.items()) {
            if (name == "catalogue") {
                for (const auto& [key, text] : member.items()) {
                    INFO(key);
                    CHECK(key.size() == appraise::content_key_chars);
                    CHECK(texts.count(key) == 0);  // defined once
                    CHECK(text.get<std::string>().size() > 32);
                    texts[key] = text.get<std::string>();
                }
                continue;
            }
            const auto cut = name.size() > 4 ? name.size() - 4 : 0;
            if (cut > 0 && name.substr(cut) == "_ref" && catalogued.count(name.substr(0, cut)) > 0) {
                const auto key = member.get<std::string>();
                INFO(key);
                REQUIRE(texts.count(key) == 1);  // defined before its use
                out[name.substr(0, cut)] = texts[key];
                ++refs;
                continue;
            }
            out[name] = resolve(member);
        }
        return out;
    }
};

ordered resolved(const std::string& catalogue_text, resolver& r) {
    ordered doc = ordered::parse(catalogue_text);
    REQUIRE(doc.at("messages") == "catalogue");
    doc.erase("messages");
    return r.resolve(doc);
}

void check_resolves(const std::string& paths) {
    for (const std::string jobs : {"1", "4"}) {
        INFO(paths << " -j " << jobs);
        const auto inline_run = run_appraise("run " + paths + " --format json -j " + jobs);
        const auto catalogue = run_appraise("run " + paths + " --format json --messages catalogue -j " + jobs);
        INFO(catalogue.err);
        CHECK(catalogue.exit_code == inline_run.exit_code);
        resolver r;
        CHECK(resolved(catalogue.out, r) == ordered::parse(inline_run.out));
        CHECK(r.refs > 0);
        CHECK(catalogue.out.size() < inline_run.out.size());
    }
}

}  // namespace

TEST_CASE("SHA-256 gives FIPS 180-4's digests and the key is its first 16 bytes in base64url", "[reports][catalogue]") {
    const auto hex = [](const auto& bytes) {
        std::string text;
        for (const auto byte : bytes) {
            static constexpr const char* digits = "0123456789abcdef";
            text += digits[byte >> 4U];
            text += digits[byte & 0xFU];
        }
        return text;
    };
    CHECK(hex(appraise::sha256_digest("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hex(appraise::sha256_digest("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hex(appraise::sha256_digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(hex(appraise::sha256_digest(std::string(1000000, 'a'))) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // 55, 56 and 64 bytes: the padding's edge cases (Python's hashlib).
    CHECK(hex(appraise::sha256_digest(std::string(55, 'x'))) ==
          "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
    CHECK(hex(appraise::sha256_digest(std::string(56, 'x'))) ==
          "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
    CHECK(hex(appraise::sha256_digest(std::string(64, 'x'))) ==
          "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
    CHECK(appraise::content_key_text(appraise::content_key_of("abc")) == "ungWv48Bz-pBQUDeXa4iIw");
}

TEST_CASE("the catalogue resolves to the inline report on the example corpus at -j 1 and -j 4",
          "[cli][reports][catalogue]") {
    check_resolves(example);
}

TEST_CASE("the catalogue resolves to the inline report on a generated corpus of 400 studies",
          "[cli][reports][catalogue]") {
#ifdef APPRAISE_STUDY_GENERATOR
    temp_dir dir;
    const auto made = run_shell(std::string("'") + APPRAISE_STUDY_GENERATOR + "' " + shell_quote(dir.path()) + " 400");
    REQUIRE(made.exit_code == 0);
    check_resolves(shell_quote(dir.path()));
    const auto one_file = run_shell(std::string("'") + APPRAISE_STUDY_GENERATOR + "' " +
                                    shell_quote(dir.path() / "one") + " 300 --one-file");
    REQUIRE(one_file.exit_code == 0);
    check_resolves(shell_quote(dir.path() / "one" / "studies.toml"));
#else
    WARN("built without the bench tools: only the example corpus is checked");
#endif
}

TEST_CASE("the catalogue is the same bytes at -j 1, 2 and 4 and each key is defined once",
          "[cli][reports][catalogue]") {
    const auto one = run_appraise("run " + example + " --format json --messages catalogue -j 1");
    CHECK(run_appraise("run " + example + " --format json --messages catalogue -j 2").out == one.out);
    CHECK(run_appraise("run " + example + " --format json --messages catalogue -j 4").out == one.out);
    // Defined once: as many "catalogue" entries as distinct keys used.
    resolver r;
    (void)resolved(one.out, r);
    std::set<std::string> used;
    const ordered doc = ordered::parse(one.out);
    const std::function<void(const ordered&)> walk = [&](const ordered& value) {
        if (value.is_structured())
            for (const auto& [name, member] : value.items()) {
                if (name.size() > 4 && name.substr(name.size() - 4) == "_ref" && member.is_string())
                    used.insert(member.get<std::string>());
                walk(member);
            }
    };
    walk(doc);
    CHECK(used.size() == r.texts.size());
    // check writes its JSON through the same writer.
    const auto check = run_appraise("check " + example + " --format json --messages catalogue -j 2");
    resolver c;
    CHECK(resolved(check.out, c) == ordered::parse(run_appraise("check " + example + " --format json").out));
}

TEST_CASE("the default JSON report is the bytes it was before the catalogue", "[cli][reports][catalogue]") {
    // Golden made by the commit before `--messages` (e1325b4), with the tool's
    // version replaced; regenerate it when a rubric's texts legitimately change:
    //   appraise run -j 1 --format json examples/left-behind-children/studies/li-2021-qualitative.toml
    //     examples/left-behind-children/studies/wang-2018-nutrition.toml  (one line)
    const std::string files =
        example + "/studies/li-2021-qualitative.toml " + example + "/studies/wang-2018-nutrition.toml";
    for (const std::string extra : {" -j 1", " -j 1 --messages inline", " -j 3"}) {
        INFO(extra);
        auto out = run_appraise("run --format json " + files + extra).out;
        const std::string version = std::string("\"version\":\"") + appraise::tool_version + "\"";
        const auto at = out.find(version);
        REQUIRE(at != std::string::npos);
        out.replace(at, version.size(), "\"version\":\"VERSION\"");
        CHECK(out == read_file(data_dir / "reports" / "json-default" / "two-studies.json"));
    }
}

TEST_CASE("four shards merged with --messages catalogue give the single run's bytes",
          "[cli][reports][catalogue][shard]") {
    temp_dir dir;
    std::string shards;
    for (int i = 1; i <= 4; ++i) {
        const fs::path shard = dir.path() / ("run-" + std::to_string(i) + ".json");
        const auto made =
            run_appraise("run " + example + " --shard " + std::to_string(i) + "/4 -o " + shell_quote(shard));
        CHECK((made.exit_code == 0 || made.exit_code == 2));
        shards += " " + shell_quote(shard);
    }
    const auto one = run_appraise("run " + example + " --format json --messages catalogue");
    const auto merged = run_appraise("merge" + shards + " --format json --messages catalogue");
    INFO(merged.err);
    CHECK(merged.exit_code == one.exit_code);
    CHECK(merged.out == one.out);
    CHECK(has(one.out, "\"catalogue\":{"));

    // Where it cannot apply: another format, a shard, an audit's shards.
    const auto text = run_appraise("run " + example + " --messages catalogue");
    CHECK(text.exit_code == 2);
    CHECK(has(text.err, "[usage/messages-format]"));
    const auto shard =
        run_appraise("run " + example + " --shard 1/4 --messages catalogue -o " + shell_quote(dir.path() / "x.json"));
    CHECK(shard.exit_code == 2);
    CHECK(has(shard.err, "[usage/shard-format]"));
    const fs::path audit_shard = dir.path() / "audit-1.json";
    REQUIRE(run_appraise("audit " + example + " --shard 1/1 -o " + shell_quote(audit_shard)).exit_code != -1);
    const auto audit = run_appraise("merge " + shell_quote(audit_shard) + " --format json --messages catalogue");
    CHECK(audit.exit_code == 2);
    CHECK(has(audit.err, "[usage/messages-format]"));
}
