// The cache's and shard files' form of one file's results: lossless, and
// every damaged encoding refused with cache_error (never a crash or a
// silently wrong result), since both files are untrusted input.
#include <catch2/catch.hpp>

#include <string>

#include "appraise/cache/result_codec.hpp"

namespace {

using namespace appraise;

file_result full_result() {
    file_result file;
    file.path = "studies/a.toml";
    file.problems.push_back({severity::warning, "coding/unknown-key", "unknown key", {"studies/a.toml", 3, 1}, "hint"});
    study_result study;
    study.id = "a-2020";
    study.file = file.path;
    study.id_where = {file.path, 1, 6};
    study.problems.push_back({severity::error, "coding/wrong-type", "wrong", {file.path, 4, 2}, ""});
    study.appraised = true;
    sdk::appraisal a;
    a.rubric = "r";
    a.rubric_version = "1.0.0";
    a.label = "outcome x";
    a.overall = "high";
    sdk::domain_result d;
    d.id = "d1";
    d.name = "Domain";
    d.judgement = "low";
    d.answers.push_back(
        {"1.1", "yes", "coded", sdk::value_evidence{"quote", "p. 2", "full-text", "", "", {file.path, 9, 3}}, "o1"});
    d.rationale = "because";
    d.alternatives.push_back({"E1", "low"});
    d.alternatives.push_back({"E2", ""});
    a.domains.push_back(d);
    a.findings.push_back({"r/x", severity::info, "message", {file.path, 5, 1}, sdk::finding_concern::reporting});
    a.overall_not_assessed = "";
    a.notes = "notes";
    a.robvis_template = "ROB2";
    a.weight = 18.25;
    study.appraisals.push_back(a);
    study.facets["design.type"] = {"rct"};
    sdk::node coding;
    coding.members.emplace_back("coder", sdk::node{});
    coding.members.back().second.type = sdk::node::kind::string;
    coding.members.back().second.text = "MW";
    sdk::node number;
    number.type = sdk::node::kind::number;
    number.number = 0.1;
    coding.members.emplace_back("share", number);
    study.coding = coding;
    study.evidence.emplace_back(sdk::source_location{file.path, 7, 1},
                                sdk::value_evidence{"s", "p. 3", "abstract", "a", "why", {file.path, 7, 1}});
    study.screened_out = screening_mark{"trustworthiness", "serious-concerns"};
    study.recorded.push_back({0, {"robvis.csv", 4, "robvis"}, {file.path, 12, 1}});
    file.studies.push_back(study);
    file.studies.push_back(study_result{});
    return file;
}

}  // namespace

TEST_CASE("a file's results survive encoding unchanged", "[cache][codec]") {
    const file_result file = full_result();
    const std::string bytes = encode_file_result(file);
    const file_result back = decode_file_result(bytes);
    CHECK(encode_file_result(back) == bytes);
    REQUIRE(back.studies.size() == 2);
    const auto& study = back.studies.front();
    CHECK(study.id == "a-2020");
    CHECK(study.appraisals.at(0).domains.at(0).answers.at(0).evidence->at == "p. 2");
    CHECK(study.appraisals.at(0).domains.at(0).alternatives.at(1).label == "E2");
    CHECK(study.appraisals.at(0).findings.at(0).concern == sdk::finding_concern::reporting);
    CHECK(study.coding->members.at(1).second.number == 0.1);
    CHECK(study.screened_out->judgement == "serious-concerns");
    CHECK(study.appraisals.at(0).weight == 18.25);
    CHECK(study.facets.at("design.type") == std::vector<std::string>{"rct"});
    // A recorded judgement stays one (issue 18): which appraisal, its source and place.
    REQUIRE(study.recorded.size() == 1);
    CHECK(study.recorded[0].appraisal == 0);
    CHECK(study.recorded[0].source.file == "robvis.csv");
    CHECK(study.recorded[0].source.row == 4);
    CHECK(study.recorded[0].source.tool == "robvis");
    CHECK(study.recorded[0].where.line == 12);
    CHECK(study.recorded[0].where.file == "studies/a.toml");
    CHECK(back.studies[1].recorded.empty());
}

TEST_CASE("a recorded judgement of no appraisal is refused", "[cache][codec]") {
    file_result file = full_result();
    file.studies.front().recorded.front().appraisal = 1;  // the study has one appraisal
    CHECK_THROWS_AS(decode_file_result(encode_file_result(file)), cache_error);
}

TEST_CASE("every damaged encoding is refused", "[cache][codec]") {
    const std::string bytes = encode_file_result(full_result());
    for (std::size_t size = 0; size < bytes.size(); ++size) {
        INFO("cut to " << size << " of " << bytes.size() << " bytes");
        CHECK_THROWS_AS(decode_file_result(bytes.substr(0, size)), cache_error);
    }
    CHECK_THROWS_AS(decode_file_result(bytes + "x"), cache_error);
    // A count far larger than the bytes left (the first string's length).
    std::string huge = bytes;
    huge[3] = '\x7f';
    CHECK_THROWS_AS(decode_file_result(huge), cache_error);
    // Every single byte changed: decodes to something, or refused, never a crash.
    for (std::size_t at = 0; at < bytes.size(); ++at) {
        std::string flipped = bytes;
        flipped[at] = static_cast<char>(flipped[at] ^ 0xFF);
        try {
            (void)decode_file_result(flipped);
        } catch (const cache_error&) {
        }
    }
}
