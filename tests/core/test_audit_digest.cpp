// The audit digest: a file's studies as the audit reads them, by symbol.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string>

#include "appraise/audit/audit_digest.hpp"
#include "appraise/audit/audit_formats.hpp"
#include "appraise/audit/corpus_audit.hpp"
#include "appraise/model/symbol_table.hpp"

using namespace appraise;

namespace {

sdk::finding finding(const std::string& id, severity level = severity::warning,
                     sdk::finding_concern concern = sdk::finding_concern::bias) {
    return {id, level, "message of " + id, {"x.toml", 1, 1}, concern};
}

// Two files: every part of a study the digest carries, a study not
// appraised, one with two groups, one with no value of the group field, and
// a coding error (an answer code the rubric does not allow).
std::vector<file_result> sample_files() {
    file_result one;
    one.path = "one.toml";
    study_result s;
    s.id = "s1";
    s.file = "one.toml";
    s.id_where = {"one.toml", 3, 6};
    s.appraised = true;
    s.facets = {{"design.type", {"rct"}}};
    s.screened_out = screening_mark{"trustworthiness", "serious-concerns"};
    sdk::appraisal a;
    a.rubric = "dw";
    a.rubric_version = "1.2.0";
    sdk::domain_result domain;
    domain.name = "Randomisation";
    domain.judgement = "high";
    domain.answers = {{"no-blinding", check_weakness, "derived"},
                      {"1.1", "Y", "coded", {}, ""},
                      {"baseline", check_fine, "derived"},
                      {"baseline", check_not_reported, "derived"}};  // the worst word counts
    a.domains.push_back(domain);
    sdk::domain_result open;
    open.name = "Missing data";
    open.not_assessed = "3.1 not answered";
    a.domains.push_back(open);
    a.overall = "high";
    a.findings = {finding("dw/no-blinding"),
                  finding("dw/small-sample", severity::info, sdk::finding_concern::precision),
                  finding("dw/bad-answer", severity::error)};
    s.appraisals.push_back(a);
    sdk::appraisal second;
    second.rubric = "rob2";
    second.rubric_version = "2019";
    second.overall_not_assessed = "domain 2 not answered";
    second.findings = {finding("rob2/rubric-failed", severity::error)};  // a host fault, not a coding error
    s.appraisals.push_back(second);
    one.studies.push_back(s);

    study_result skipped = s;
    skipped.id = "s0";
    skipped.appraised = false;
    one.studies.push_back(skipped);

    file_result two;
    two.path = "two.toml";
    study_result tagged = s;
    tagged.id = "s2";
    tagged.screened_out.reset();
    tagged.facets = {{"design.type", {"cluster-rct", "rct"}}};
    two.studies.push_back(tagged);
    study_result bare = s;
    bare.id = "a3";
    bare.facets.clear();
    bare.appraisals[0].findings.pop_back();
    two.studies.push_back(bare);
    return {one, two};
}

std::string text_of(const corpus_audit& audit) {
    std::ostringstream text, json;
    write_audit_text(text, audit);
    write_audit_json(json, audit);
    return text.str() + json.str();
}

}  // namespace

TEST_CASE("a symbol table numbers each text once and in order", "[core][audit]") {
    symbol_table table;
    CHECK(table.intern("rob2") == 0);
    CHECK(table.intern("dw/no-blinding") == 1);
    CHECK(table.intern("rob2") == 0);
    CHECK(table.intern("") == 2);
    CHECK(table.size() == 3);
    CHECK(table.text(1) == "dw/no-blinding");
    CHECK(table.texts_from(1) == std::vector<std::string>{"dw/no-blinding", ""});
    CHECK(table.texts_from(3).empty());
    CHECK_THROWS_AS(table.text(3), std::out_of_range);
    // Any text, however long (a group value is any text of the study).
    CHECK(table.intern(std::string(100000, 'x')) == 3);
    CHECK(table.text(3).size() == 100000);
    symbol_table::batch batch(table);
    CHECK(batch.intern("Overall") == 4);
    CHECK(batch.intern("rob2") == 0);
}

TEST_CASE("an audit of the files' heads and digests is the audit of the whole files", "[core][audit]") {
    for (const std::string group_field : {"design.type", "tags"}) {
        INFO(group_field);
        corpus_audit from_whole(group_field);
        corpus_audit from_digest(group_field);
        for (const auto& file : sample_files()) {
            from_whole.add(file);
            file_result heads = file;
            keep_audit_digest(heads, group_field, *from_digest.symbols());
            REQUIRE(heads.audit_digest);
            REQUIRE(heads.studies.size() == file.studies.size());
            for (std::size_t i = 0; i < heads.studies.size(); ++i) {
                CHECK(heads.studies[i].id == file.studies[i].id);
                CHECK(heads.studies[i].id_where.line == file.studies[i].id_where.line);
                CHECK(heads.studies[i].appraised == file.studies[i].appraised);
                CHECK(heads.studies[i].appraisals.empty());
                CHECK(heads.studies[i].facets.empty());
                CHECK_FALSE(heads.studies[i].screened_out);
            }
            check_audit_digest(*heads.audit_digest, heads.studies.size(), from_digest.symbols()->size());
            from_digest.add(heads);
        }
        CHECK(text_of(from_digest) == text_of(from_whole));
        // The coding errors of the appraised studies (s1, s2; not the host's fault, not a3's, not s0).
        CHECK(from_whole.coding_errors() == 2);
        CHECK(from_digest.coding_errors() == 2);
    }
    // What the digest must carry shows in the audit.
    corpus_audit audit("design.type");
    for (const auto& file : sample_files()) audit.add(file);
    const std::string shown = text_of(audit);
    CHECK(shown.find(screening_row_id) != std::string::npos);
    CHECK(shown.find(not_assessed_word) != std::string::npos);
    CHECK(shown.find("cluster-rct (1 study)") != std::string::npos);
    CHECK(shown.find("(not reported) (1 study)") != std::string::npos);
    CHECK(shown.find("\"version\": \"1.2.0\"") != std::string::npos);
    REQUIRE_FALSE(audit.rows().empty());
}

TEST_CASE("a digest cut short or naming a symbol the table lacks or with bytes left over is refused",
          "[core][audit][bad-input]") {
    symbol_table table;
    const file_result file = sample_files()[0];
    const std::string digest = make_audit_digest(file, "design.type", table);
    const std::size_t studies = file.studies.size();
    CHECK_NOTHROW(check_audit_digest(digest, studies, table.size()));
    CHECK_THROWS_AS(check_audit_digest(digest, studies, table.size() - 1), std::invalid_argument);
    CHECK_THROWS_AS(check_audit_digest(digest.substr(0, digest.size() - 1), studies, table.size()),
                    std::invalid_argument);
    CHECK_THROWS_AS(check_audit_digest(digest + '\0', studies, table.size()), std::invalid_argument);
    CHECK_THROWS_AS(check_audit_digest(digest, studies + 1, table.size()), std::invalid_argument);
    // A count larger than the bytes left, and a number of more than 32 bits.
    CHECK_THROWS_AS(check_audit_digest(std::string("\x7f", 1), 1, table.size()), std::invalid_argument);
    CHECK_THROWS_AS(check_audit_digest(std::string("\xff\xff\xff\xff\x7f", 5), 1, table.size()), std::invalid_argument);
    // An audit refuses a digest with bytes left over after its studies.
    file_result heads = file;
    keep_audit_digest(heads, "design.type", table);
    *heads.audit_digest += '\0';
    corpus_audit audit("design.type", std::shared_ptr<symbol_table>(&table, [](symbol_table*) {}));
    CHECK_THROWS_AS(audit.add(heads), std::invalid_argument);
}

TEST_CASE("the which lists hold the first ids in id order whatever order the studies come in", "[core][audit]") {
    // 60 studies in a shuffled order; the even ones carry tag "a" twice (a
    // tag written twice counts twice in the check's lists), the odd ones "b".
    std::vector<int> order(60);
    for (int i = 0; i < 60; ++i) order[static_cast<std::size_t>(i)] = (i * 37 + 11) % 60;
    corpus_audit audit("tags");
    std::vector<std::string> all, in_a_once, in_a_twice;
    for (const int n : order) {
        const std::string id = "study-" + std::to_string(1000 + n);
        file_result file;
        file.path = id + ".toml";
        study_result s;
        s.id = id;
        s.appraised = true;
        s.facets = {{"tags", n % 2 == 0 ? std::vector<std::string>{"a", "a"} : std::vector<std::string>{"b"}}};
        sdk::appraisal a;
        a.rubric = "dw";
        a.rubric_version = "1";
        a.findings = {finding("dw/x")};
        s.appraisals.push_back(a);
        file.studies.push_back(s);
        audit.add(file);
        all.push_back(id);
        if (n % 2 == 0) {
            in_a_once.push_back(id);
            in_a_twice.push_back(id);
            in_a_twice.push_back(id);
        }
    }
    // The oracle: sort every id the list was given and take the first ten.
    const auto first_ten = [](std::vector<std::string> ids) {
        std::sort(ids.begin(), ids.end());
        ids.resize(std::min<std::size_t>(ids.size(), listed_ids_limit));
        return ids;
    };
    const auto listed = [](const study_ids& ids) {
        return std::vector<std::string>(ids.listed().begin(), ids.listed().end());
    };
    REQUIRE(audit.rows().size() == 1);
    const audit_row& row = audit.rows()[0];
    CHECK(row.studies.size() == 60);
    CHECK(listed(row.studies) == first_ten(all));
    CHECK(listed(row.by_group.at("a")) == first_ten(in_a_once));
    CHECK(row.by_group.at("a").size() == 30);
    CHECK(listed(row.checks_by_group.at("a").applies) == first_ten(in_a_twice));
    CHECK(row.checks_by_group.at("a").applies.size() == 60);
    CHECK(listed(row.checks.applies) == first_ten(all));
}
