// GRADE's risk-of-bias step per review outcome (core/grade): the review
// configuration and its located errors, starting levels by design and rubric,
// exclusions, the proposal at each side of its threshold, and the certainty
// combination (each rating down and up). Corpora are built by hand: each
// study_result holds the appraisals a rubric would return.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "appraise/grade/grade_formats.hpp"
#include "appraise/grade/grade_outcome.hpp"
#include "appraise/input/project_config.hpp"
#include "test_support.hpp"

using namespace appraise;

namespace {

sdk::rubric_description rob2_like() {
    sdk::rubric_description d;
    d.id = "rob2";
    d.name = "RoB 2";
    d.judgement_scale = {"low", "some-concerns", "high"};
    d.domains = {{"d1", "Randomisation process", ""}, {"d2", "Deviations", ""}};
    d.robvis_layouts = {{"ROB2", {"d1", "d2"}}};
    return d;
}

sdk::rubric_description robins_like() {
    sdk::rubric_description d;
    d.id = "robins-i";
    d.name = "ROBINS-I";
    d.judgement_scale = {"low", "moderate", "serious", "critical", "no-information"};
    d.domains = {{"d1", "Confounding", ""}, {"d2", "Selection", ""}};
    d.robvis_layouts = {{"ROBINS-I", {"d1", "d2"}}};
    return d;
}

// A risk-of-bias tool for non-randomised studies that is not ROBINS-I.
sdk::rubric_description other_nrs_tool() {
    sdk::rubric_description d;
    d.id = "nrs-tool";
    d.name = "another tool";
    d.judgement_scale = {"low", "high"};
    d.domains = {{"d1", "Confounding", ""}};
    return d;
}

sdk::appraisal result(const std::string& rubric, const std::string& label, const std::string& overall,
                      std::vector<std::pair<std::string, std::string>> domains) {
    sdk::appraisal a;
    a.rubric = rubric;
    a.label = label;
    a.overall = overall;
    for (auto& [id, judgement] : domains) {
        sdk::domain_result d;
        d.id = id;
        d.judgement = judgement;
        a.domains.push_back(std::move(d));
    }
    return a;
}

study_result study(const std::string& id, const std::string& design, double enrolled,
                   std::vector<sdk::appraisal> appraisals) {
    study_result s;
    s.id = id;
    s.file = id + ".toml";
    s.appraised = true;
    s.appraisals = std::move(appraisals);
    s.facets["design.type"] = {design};
    s.facets["tags"] = {not_reported_label};
    std::ostringstream n;
    n << enrolled;
    s.facets["sample.enrolled"] = {n.str()};
    return s;
}

review_config config_of(const std::string& text, diagnostics& problems) {
    return config_from_text(text, "/review/appraise.toml", problems).review;
}

review_config simple_config(const std::string& extra = {}) {
    diagnostics problems;
    auto config = config_of("[review]\nweight = \"sample.enrolled\"\n" + extra +
                                "\n[[review.outcomes]]\nid = \"mh\"\noutcomes = [\"depression\"]\n",
                            problems);
    REQUIRE(problems.empty());
    return config;
}

outcome_grade grade_one(const review_config& config, std::vector<study_result> studies,
                        std::vector<sdk::rubric_description> rubrics = {rob2_like(), robins_like(), other_nrs_tool()}) {
    grade_collector collector(config, std::move(rubrics));
    file_result file;
    file.path = "corpus.toml";
    file.studies = std::move(studies);
    collector.add(file);
    auto grades = collector.finish();
    REQUIRE(grades.size() == 1);
    return grades.front();
}

std::string codes(const diagnostics& list) {
    std::string text;
    for (const auto& d : list) text += d.code + " " + format_location(d.where) + ": " + d.message + "\n";
    return text;
}

}  // namespace

TEST_CASE("review config: outcomes, weights, settings and the reviewer's ratings are read", "[grade]") {
    diagnostics problems;
    const auto review = config_of(R"([review]
rubrics = ["rob2", "robins-i"]
weight = "sample.enrolled"
concerns_count_as = "low"
serious_from = 0.5

[[review.outcomes]]
id = "mental-health"
name = "Mental health"
outcomes = ["depression", "anxiety"]
tags = ["psychosocial"]

[review.outcomes.grade]
risk_of_bias = { rating = "serious", reason = "weight at high risk" }
imprecision = { rating = "not-serious" }

[review.outcomes.grade.upgrades]
large_effect = { levels = 2, reason = "RR 0.2" }
)",
                                  problems);
    INFO(codes(problems));
    REQUIRE(problems.empty());
    CHECK(review.present);
    REQUIRE(review.rubrics.size() == 2);
    CHECK(review.weight->text == "sample.enrolled");
    CHECK(review.concerns == counts_as::low);
    CHECK(review.concerns_set);
    CHECK(review.serious_from == 0.5);
    REQUIRE(review.outcomes.size() == 1);
    const auto& o = review.outcomes.front();
    CHECK(o.id.text == "mental-health");
    CHECK(o.outcomes == std::vector<std::string>{"depression", "anxiety"});
    CHECK(o.tags == std::vector<std::string>{"psychosocial"});
    REQUIRE(o.ratings[0]);
    CHECK(o.ratings[0]->rating == grade_rating::serious);
    CHECK(o.ratings[0]->reason == "weight at high risk");
    CHECK(!o.ratings[1]);
    REQUIRE(o.ratings[3]);
    CHECK(o.ratings[3]->rating == grade_rating::not_serious);
    REQUIRE(o.upgrades[0]);
    CHECK(o.upgrades[0]->levels == 2);
}

TEST_CASE("review config: each error is located at its value, file:line:col", "[grade]") {
    struct bad_case {
        const char* text;
        int line;
        int column;
        const char* says;
    };
    const std::vector<bad_case> cases = {
        {"[review]\nserius_from = 0.3\n", 2, 15, "did you mean `serious_from`?"},
        {"[review]\nserious_from = 1.5\n", 2, 16, "above 0 and at most 1"},
        {"[review]\nconcerns_count_as = \"maybe\"\n", 2, 21, "\"low\" or \"high\""},
        {"[[review.outcomes]]\nname = \"x\"\noutcomes = [\"a\"]\n", 1, 1, "has no `id`"},
        {"[[review.outcomes]]\nid = \"has space\"\noutcomes = [\"a\"]\n", 2, 6, "must be an id"},
        {"[[review.outcomes]]\nid = \"a\"\n", 2, 6, "names no study outcome ids"},
        {"[[review.outcomes]]\nid = \"a\"\noutcomes = [\"a\"]\n[[review.outcomes]]\nid = \"a\"\noutcomes = [\"b\"]\n",
         5, 6, "used twice"},
        {"[[review.outcomes]]\nid = \"a\"\noutcomes = [\"a\"]\n[review.outcomes.grade]\nrisk_of_bias = { rating = "
         "\"serius\", reason = \"r\" }\n",
         5, 27, "did you mean \"serious\"?"},
        {"[[review.outcomes]]\nid = \"a\"\noutcomes = [\"a\"]\n[review.outcomes.grade]\nimprecision = { rating = "
         "\"serious\" }\n",
         5, 15, "without a `reason`"},
        {"[[review.outcomes]]\nid = \"a\"\noutcomes = [\"a\"]\n[review.outcomes.grade]\nrisk_of_bais = { rating = "
         "\"serious\" }\n",
         5, 16, "did you mean `risk_of_bias`?"},
        {"[[review.outcomes]]\nid = \"a\"\noutcomes = [\"a\"]\n[review.outcomes.grade.upgrades]\ndose_response = { "
         "levels = 2, reason = \"r\" }\n",
         5, 28, "from 0 to 1"},
        {"[review]\nweight = 3\n", 2, 10, "must name a study field"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        diagnostics problems;
        (void)config_of(c.text, problems);
        INFO(codes(problems));
        REQUIRE(problems.size() == 1);
        CHECK(problems.front().code == "config/invalid");
        CHECK(problems.front().level == severity::error);
        CHECK(problems.front().where.file == "/review/appraise.toml");
        CHECK(problems.front().where.line == c.line);
        CHECK(problems.front().where.column == c.column);
        CHECK(problems.front().message.find(c.says) != std::string::npos);
    }
}

TEST_CASE("review config: lists are bounded", "[grade]") {
    std::string ids;
    for (std::size_t i = 0; i <= max_review_list; ++i) ids += (i == 0 ? "\"o" : ", \"o") + std::to_string(i) + "\"";
    diagnostics problems;
    (void)config_of("[[review.outcomes]]\nid = \"a\"\noutcomes = [" + ids + "]\n", problems);
    REQUIRE(!problems.empty());
    CHECK(problems.front().message.find("at most 200") != std::string::npos);
}

TEST_CASE("grade: the proposal on each side of serious_from, with its rule", "[grade]") {
    // One trial at low risk (weight 75) and one at high risk (weight 25): a high share of 0.25.
    const auto corpus = [] {
        return std::vector<study_result>{
            study("low-trial", "rct", 75, {result("rob2", "depression (assignment)", "low", {{"d1", "low"}})}),
            study("high-trial", "rct", 25, {result("rob2", "depression (assignment)", "high", {{"d1", "high"}})})};
    };
    SECTION("at the threshold: serious") {
        const auto g = grade_one(simple_config("serious_from = 0.25"), corpus());
        CHECK(g.high_weight == Approx(25));
        CHECK(g.total_weight == Approx(100));
        REQUIRE(g.proposal.rating);
        CHECK(*g.proposal.rating == grade_rating::serious);
        CHECK(g.proposal.rule.find("0.25 >= 0.25") != std::string::npos);
        CHECK(g.proposal.rule.find("Table 12.2.d") != std::string::npos);
    }
    SECTION("just above the share: not serious") {
        const auto g = grade_one(simple_config("serious_from = 0.26"), corpus());
        REQUIRE(g.proposal.rating);
        CHECK(*g.proposal.rating == grade_rating::not_serious);
        CHECK(g.proposal.rule.find("0.25 < 0.26") != std::string::npos);
    }
    SECTION("below the share: serious; never very serious, even with all weight high") {
        auto studies = corpus();
        studies[0].appraisals[0].overall = "high";
        const auto g = grade_one(simple_config("serious_from = 0.1"), std::move(studies));
        REQUIRE(g.proposal.rating);
        CHECK(*g.proposal.rating == grade_rating::serious);
        CHECK(g.proposal.rule.find("Very serious is never proposed") != std::string::npos);
    }
    SECTION("the default threshold is 0.25 and printed as a default") {
        const auto config = simple_config();
        CHECK(config.serious_from == 0.25);
        CHECK(protocol_settings_text(config).find("serious_from = 0.25 (default)") != std::string::npos);
    }
}

TEST_CASE("grade: how some concerns / moderate count is the protocol's setting", "[grade]") {
    const auto corpus = [] {
        return std::vector<study_result>{
            study(
                "sc-trial", "rct", 50,
                {result("rob2", "depression (assignment)", "some-concerns", {{"d1", "some-concerns"}, {"d2", "low"}})}),
            study("low-trial", "rct", 50, {result("rob2", "depression (assignment)", "low", {{"d1", "low"}})})};
    };
    const auto high = grade_one(simple_config(), corpus());  // default: counts as high
    CHECK(high.high_weight == Approx(50));
    CHECK(*high.proposal.rating == grade_rating::serious);
    REQUIRE(high.drivers.size() == 1);
    CHECK(high.drivers[0].domain == "d1");
    CHECK(high.drivers[0].name == "Randomisation process");
    CHECK(high.drivers[0].share == Approx(0.5));
    const auto low = grade_one(simple_config("concerns_count_as = \"low\""), corpus());
    CHECK(low.high_weight == Approx(0));
    CHECK(low.level_weight[1] == Approx(50));
    CHECK(*low.proposal.rating == grade_rating::not_serious);
    CHECK(low.drivers.empty());
}

TEST_CASE("grade: starting levels by design and rubric", "[grade]") {
    const auto config = simple_config();
    SECTION("randomised: High") {
        const auto g =
            grade_one(config, {study("t", "rct", 10, {result("rob2", "depression (assignment)", "low", {})})});
        CHECK(g.start == 4);
        CHECK(g.results[0].start_reason == "randomised");
    }
    SECTION("design not coded (an imported table), appraised with RoB 2: a randomised trial, High") {
        const auto g =
            grade_one(config, {study("imp", "", 10, {result("rob2", "depression (assignment)", "low", {})})});
        CHECK(g.start == 4);
        CHECK(g.results[0].start_reason == "design not coded; appraised with RoB 2, a tool for randomised trials");
    }
    SECTION("non-randomised with ROBINS-I: High") {
        const auto g =
            grade_one(config, {study("n", "cohort", 10, {result("robins-i", "depression", "moderate", {})})});
        CHECK(g.start == 4);
        CHECK(g.results[0].start_reason == "non-randomised, with ROBINS-I");
    }
    SECTION("non-randomised with another tool: Low, and the body starts at its lowest") {
        // A tool without a RoB 2 or ROBINS-I layout is a risk-of-bias rubric only when [review] rubrics names it.
        const auto named = simple_config("rubrics = [\"rob2\", \"nrs-tool\"]");
        const auto g = grade_one(named, {study("t", "rct", 10, {result("rob2", "depression (assignment)", "low", {})}),
                                         study("n", "pre-post", 10, {result("nrs-tool", "depression", "low", {})})});
        REQUIRE(g.results.size() == 2);
        CHECK(g.results[1].start == 2);
        CHECK(g.start == 2);
        CHECK(g.start_text.find("1 randomised study") != std::string::npos);
        CHECK(g.start_text.find("1 non-randomised study, starting Low") != std::string::npos);
    }
    SECTION("robins_i names the rubrics that start High") {
        const auto named = simple_config("robins_i = [\"nrs-tool\"]");
        const auto g = grade_one(named, {study("n", "cohort", 10, {result("nrs-tool", "depression", "low", {})}),
                                         study("m", "cohort", 10, {result("robins-i", "depression", "low", {})})});
        REQUIRE(g.results.size() == 2);
        CHECK(g.results[0].start == 4);
        CHECK(g.results[1].start == 2);
    }
}

TEST_CASE("grade: exclusions are listed, never counted", "[grade]") {
    auto screened = study("screened", "rct", 100, {result("rob2", "depression (assignment)", "low", {})});
    screened.screened_out = screening_mark{"trustworthiness", "serious-concerns"};
    auto unassessed = study("unassessed", "rct", 100, {result("rob2", "depression (assignment)", "", {})});
    unassessed.appraisals[0].overall_not_assessed = "question 1.2 not answered";
    const auto g = grade_one(
        simple_config(),
        {std::move(screened), std::move(unassessed),
         study("critical", "cohort", 100, {result("robins-i", "depression", "critical", {{"d1", "critical"}})}),
         study("kept", "cohort", 10, {result("robins-i", "depression", "low", {})}),
         study("elsewhere", "rct", 10, {result("rob2", "reading (assignment)", "high", {})})});
    REQUIRE(g.results.size() == 4);  // the reading result belongs to no review outcome here
    CHECK(g.results[0].excluded == "excluded from synthesis pending review (trustworthiness: serious-concerns)");
    CHECK(g.results[1].excluded == "not assessed: question 1.2 not answered");
    CHECK(g.results[2].excluded == "critical risk of bias: excluded from synthesis");
    CHECK(g.results[3].excluded.empty());
    CHECK(g.total_weight == Approx(10));
    CHECK(*g.proposal.rating == grade_rating::not_serious);
}

TEST_CASE("grade: a missing weight is an error and the result is left out", "[grade]") {
    auto s = study("nw", "rct", 10, {result("rob2", "depression (assignment)", "high", {})});
    s.facets["sample.enrolled"] = {not_reported_label};
    grade_collector collector(simple_config(), {rob2_like()});
    file_result file;
    file.studies.push_back(std::move(s));
    collector.add(file);
    const auto grades = collector.finish();
    REQUIRE(collector.problems().size() == 1);
    CHECK(collector.problems()[0].code == "grade/weight-missing");
    CHECK(grades[0].results[0].excluded.find("no weight") == 0);
    CHECK(!grades[0].proposal.rating);
}

TEST_CASE("grade: a study's results share its weight, the first rubric in the order is used", "[grade]") {
    auto s =
        study("two", "rct", 100,
              {result("rob2", "depression (assignment)", "low", {}),
               result("rob2", "depression (adherence)", "high", {}), result("robins-i", "depression", "serious", {})});
    s.facets["appraisal.robins-i.outcome"] = {not_reported_label};
    const auto g = grade_one(simple_config("rubrics = [\"rob2\", \"robins-i\"]"), {std::move(s)});
    REQUIRE(g.results.size() == 2);
    CHECK(g.results[0].weight == Approx(50));
    CHECK(g.results[1].weight == Approx(50));
    REQUIRE(g.not_used.size() == 1);
    CHECK(g.not_used[0].find("robins-i") != std::string::npos);
}

TEST_CASE("grade: a result's own weight in its appraisal comes before the review's source", "[grade]") {
    SECTION("every result weighted in its appraisal: the study field is not needed") {
        auto low = result("rob2", "depression (assignment)", "low", {});
        low.weight = 80;
        auto high = result("rob2", "depression (adherence)", "high", {});
        high.weight = 20;
        auto s = study("own", "rct", 10, {low, high});
        s.facets["sample.enrolled"] = {not_reported_label};  // would be grade/weight-missing
        grade_collector collector(simple_config(), {rob2_like()});
        file_result file;
        file.studies.push_back(std::move(s));
        collector.add(file);
        const auto grades = collector.finish();
        CHECK(collector.problems().empty());
        const auto& g = grades.at(0);
        REQUIRE(g.results.size() == 2);
        CHECK(g.results[0].weight == Approx(80));
        CHECK(g.results[0].own_weight);
        CHECK(g.results[1].weight == Approx(20));
        CHECK(g.total_weight == Approx(100));
        CHECK(g.high_weight == Approx(20));
    }
    SECTION("one result weighted, the other shares the study's weight alone") {
        auto own = result("rob2", "depression (assignment)", "high", {});
        own.weight = 5;
        const auto g = grade_one(
            simple_config(), {study("mixed", "rct", 60, {own, result("rob2", "depression (adherence)", "low", {})})});
        REQUIRE(g.results.size() == 2);
        CHECK(g.results[0].weight == Approx(5));
        CHECK(g.results[1].weight == Approx(60));  // not 30: it is the study's only result without a weight
        CHECK(!g.results[1].own_weight);
        std::ostringstream text;
        write_grade("text", text, {g}, simple_config());
        CHECK_THAT(text.str(), Catch::Contains("1 of 2 included results weighted by the `weight` in their appraisal"));
        CHECK_THAT(text.str(), Catch::Contains("same scale"));
    }
}

TEST_CASE("grade: a study's one unlabelled result is matched by its `outcome` key, or by a tag", "[grade]") {
    auto by_key = study("key", "cohort", 10, {result("robins-i", "", "serious", {})});
    by_key.facets["appraisal.robins-i.outcome"] = {"depression"};
    auto other = study("other", "cohort", 10, {result("robins-i", "", "serious", {})});
    other.facets["appraisal.robins-i.outcome"] = {"reading"};
    auto tagged = study("tagged", "cohort", 10, {result("robins-i", "", "low", {})});
    tagged.facets["tags"] = {"psychosocial"};
    diagnostics problems;
    const auto config = config_of(
        "[[review.outcomes]]\nid = \"mh\"\noutcomes = [\"depression\"]\ntags = [\"psychosocial\"]\n", problems);
    REQUIRE(problems.empty());
    const auto g = grade_one(config, {std::move(by_key), std::move(other), std::move(tagged)});
    REQUIRE(g.results.size() == 2);
    CHECK(g.results[0].study == "key");
    CHECK(g.results[1].study == "tagged");
    CHECK(g.results[1].result == "(every outcome)");
    CHECK(g.weight_field.empty());
    CHECK(g.total_weight == Approx(2));  // no weight field: each study counts once
}

TEST_CASE("grade: the certainty combination, each rating down and up", "[grade]") {
    review_outcome o;
    const auto rate = [&](std::size_t domain, grade_rating r) { o.ratings[domain] = reviewer_rating{r, "why", {}}; };
    for (std::size_t i = 0; i < grade_domain_count; ++i) rate(i, grade_rating::not_serious);
    CHECK(*combine_certainty(4, o).level == 4);
    CHECK(*combine_certainty(2, o).level == 2);
    for (std::size_t i = 0; i < grade_domain_count; ++i) {
        INFO("domain " << grade_domain_keys[i]);
        rate(i, grade_rating::serious);
        CHECK(*combine_certainty(4, o).level == 3);
        rate(i, grade_rating::very_serious);
        CHECK(*combine_certainty(4, o).level == 2);
        rate(i, grade_rating::not_serious);
    }
    rate(0, grade_rating::very_serious);
    rate(3, grade_rating::very_serious);
    CHECK(*combine_certainty(4, o).level == 1);  // never below Very low
    for (std::size_t i = 0; i < grade_domain_count; ++i) rate(i, grade_rating::not_serious);
    for (std::size_t i = 0; i < grade_upgrade_count; ++i) {
        INFO("upgrade " << grade_upgrade_keys[i]);
        o.upgrades[i] = reviewer_upgrade{1, "why", {}};
        CHECK(*combine_certainty(2, o).level == 3);
        o.upgrades[i].reset();
    }
    o.upgrades[0] = reviewer_upgrade{2, "very large", {}};
    CHECK(*combine_certainty(2, o).level == 4);
    CHECK(*combine_certainty(4, o).level == 4);  // never above High
    o.ratings[2].reset();
    const auto missing = combine_certainty(4, o);
    CHECK(!missing.level);
    CHECK(missing.missing == std::vector<std::string>{"indirectness"});
    CHECK(certainty_symbols(3) == "\u2295\u2295\u2295\u25EF");
    CHECK(std::string(certainty_name(1)) == "Very low");
}

TEST_CASE("grade: footnotes for each rating down or up, the suggestion never reaches the certainty", "[grade]") {
    diagnostics problems;
    const auto config = config_of(R"([[review.outcomes]]
id = "mh"
outcomes = ["depression"]
[review.outcomes.grade]
risk_of_bias = { rating = "not-serious", reason = "reviewer: the high-risk trial agrees with the others" }
inconsistency = { rating = "serious", reason = "I2 = 70%" }
indirectness = { rating = "not-serious" }
imprecision = { rating = "very-serious", reason = "CI crosses both thresholds" }
publication_bias = { rating = "not-serious" }
)",
                                  problems);
    REQUIRE(problems.empty());
    const auto g = grade_one(config, {study("t", "rct", 10, {result("rob2", "depression (assignment)", "high", {})})});
    CHECK(*g.proposal.rating == grade_rating::serious);  // the proposal says serious...
    REQUIRE(g.certainty.level);
    CHECK(*g.certainty.level == 1);  // ...but the reviewer's not serious is what counts: 4 - 1 - 2
    REQUIRE(g.footnotes.size() == 2);
    CHECK(g.footnotes[0].mark == "a");
    CHECK(g.footnotes[0].text == "inconsistency (rated down 1 level): I2 = 70%");
    CHECK(g.footnotes[1].text == "imprecision (rated down 2 levels): CI crosses both thresholds");

    std::ostringstream csv;
    write_grade("csv", csv, {g}, config);
    std::string header;
    for (const auto& column : gradepro_columns()) header += (header.empty() ? "" : ",") + std::string(column.name);
    CHECK(csv.str().rfind(header + "\n", 0) == 0);
    CHECK(csv.str().find("very serious b") != std::string::npos);
    std::ostringstream text;
    write_grade("text", text, {g}, config);
    CHECK(text.str().find("proposal (computed, not a judgement): serious") != std::string::npos);
    CHECK(text.str().find("the reviewer's rating differs from the proposal") != std::string::npos);
}

TEST_CASE("review config: a weights CSV of study id and weight, its errors located", "[grade]") {
    test::temp_dir dir;
    const auto load = [&](const std::string& weights, const std::string& csv, diagnostics& problems) {
        if (!csv.empty()) dir.write("w/weights.csv", csv);
        const auto file = dir.write("appraise.toml",
                                    "[[review.outcomes]]\nid = \"mh\"\noutcomes = [\"depression\"]\n"
                                    "weights = \"" +
                                        weights + "\"\n");
        return load_config(file, problems).review;
    };
    SECTION("read, and used in place of the weight field") {
        diagnostics problems;
        // Excel's "CSV UTF-8" starts with a byte-order mark; quoted fields are RFC 4180's.
        const auto review = load("w/weights.csv", "\xEF\xBB\xBFstudy,weight\r\na,12.5\n\"b\", 3\n", problems);
        INFO(codes(problems));
        REQUIRE(problems.empty());
        const auto& weights = review.outcomes.at(0).csv_weights;
        REQUIRE(weights.size() == 2);
        CHECK(weights.at("a") == 12.5);
        CHECK(weights.at("b") == 3);
        grade_collector collector(review, {rob2_like()});
        file_result file;
        file.studies = {study("a", "rct", 1000, {result("rob2", "depression (assignment)", "high", {})}),
                        study("b", "rct", 1000, {result("rob2", "depression (assignment)", "low", {})}),
                        study("c", "rct", 1000, {result("rob2", "depression (assignment)", "low", {})})};
        collector.add(file);
        const auto g = collector.finish().at(0);
        CHECK(g.total_weight == Approx(15.5));  // c has no row: left out, and an error
        CHECK(g.high_weight == Approx(12.5));
        REQUIRE(collector.problems().size() == 1);
        CHECK(collector.problems()[0].code == "grade/weight-missing");
        CHECK(collector.problems()[0].message.find("no row in w/weights.csv") != std::string::npos);
    }
    struct bad_case {
        const char* weights;
        const char* csv;
        int line;
        int column;
        const char* says;
    };
    const std::vector<bad_case> cases = {
        {"w/weights.csv", "id,w\na,1\n", 1, 1, "header `study,weight`"},
        {"w/weights.csv", "study,weight\na,1\nb,-2\n", 3, 2, "is not a weight"},
        {"w/weights.csv", "study,weight\na,1e3\n", 2, 2, "is not a weight"},
        {"w/weights.csv", "study,weight\na,1\na,2\n", 3, 1, "has two weights"},
        {"w/weights.csv", "study,weight\na,1,2\n", 2, 1, "two fields"},
        {"../weights.csv", "", 4, 11, "in the configuration's folder"},
        {"/etc/passwd", "", 4, 11, "in the configuration's folder"},
    };
    for (const auto& c : cases) {
        INFO(c.weights << " " << c.csv);
        diagnostics problems;
        (void)load(c.weights, c.csv, problems);
        INFO(codes(problems));
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "config/invalid");
        CHECK(problems[0].where.line == c.line);
        CHECK(problems[0].where.column == c.column);
        CHECK(problems[0].message.find(c.says) != std::string::npos);
    }
}

TEST_CASE("grade: pooling estimates, checked by hand", "[grade][estimates]") {
    // Two studies at 0 and 1, each with se 1: both models give 0.5, se sqrt(1/2)
    // (Q = 0.5 < k - 1, so DerSimonian-Laird's tau^2 is 0).
    const std::vector<scaled_estimate> even = {{0, 1}, {1, 1}};
    for (const auto model : {pooling_model::fixed, pooling_model::random}) {
        const auto p = pool_estimates(even, model, effect_scale::difference);
        REQUIRE(p);
        CHECK(p->scaled == Approx(0.5));
        CHECK(p->se == Approx(std::sqrt(0.5)));
        CHECK(p->tau2 == Approx(0));
        CHECK(p->lower == Approx(0.5 - 1.959964 * std::sqrt(0.5)));
    }
    // se 0.1 each: w = 100, Q = 50, C = 200 - 20000/200 = 100, tau^2 = 49/100;
    // random weights 1/(0.01 + 0.49) = 2 each, se = sqrt(1/4) = 0.5.
    const std::vector<scaled_estimate> apart = {{0, 0.1}, {1, 0.1}};
    const auto random = pool_estimates(apart, pooling_model::random, effect_scale::difference);
    REQUIRE(random);
    CHECK(random->tau2 == Approx(0.49));
    CHECK(random->se == Approx(0.5));
    const auto fixed = pool_estimates(apart, pooling_model::fixed, effect_scale::difference);
    CHECK(fixed->se == Approx(std::sqrt(1.0 / 200)));
    CHECK(!pool_estimates({}, pooling_model::fixed, effect_scale::difference));
    // A ratio of 2 with its interval exp(log 2 +- 1.96 * 0.5): se 0.5 on the log scale, back to 2.
    const study_estimate ratio{2, 2 * std::exp(-1.959964 * 0.5), 2 * std::exp(1.959964 * 0.5), {}};
    const auto scaled = to_pooling_scale(ratio, effect_scale::ratio);
    REQUIRE(scaled);
    CHECK(scaled->value == Approx(std::log(2.0)));
    CHECK(scaled->se == Approx(0.5).epsilon(1e-6));
    CHECK(pool_estimates({*scaled}, pooling_model::fixed, effect_scale::ratio)->estimate == Approx(2));
    // The chi-square with one degree of freedom at its 5% point.
    CHECK(chi_square_1df_p(3.841459) == Approx(0.05).epsilon(1e-5));
    CHECK(chi_square_1df_p(0) == 1);
}

TEST_CASE("grade: the estimates of low- and high-risk studies decide a high share's proposal", "[grade][estimates]") {
    test::temp_dir dir;
    // a is at high risk (weight 50), b and c at low risk (25 each): a high share of 0.5.
    const auto grade_with = [&](const std::string& csv, const std::string& settings) {
        dir.write("estimates.csv", csv);
        const auto file = dir.write("appraise.toml", "[review]\nweight = \"sample.enrolled\"\n" + settings +
                                                         "\n[[review.outcomes]]\nid = \"mh\"\noutcomes = "
                                                         "[\"depression\"]\nestimates = \"estimates.csv\"\n");
        diagnostics problems;
        const auto review = load_config(file, problems).review;
        INFO(codes(problems));
        REQUIRE(problems.empty());
        return grade_one(review, {study("a", "rct", 50, {result("rob2", "depression (assignment)", "high", {})}),
                                  study("b", "rct", 25, {result("rob2", "depression (assignment)", "low", {})}),
                                  study("c", "rct", 25, {result("rob2", "depression (assignment)", "low", {})})});
    };
    SECTION("similar results: not serious, with the numbers in the rule") {
        const auto g = grade_with(
            "study,estimate,lower,upper\na,-0.30,-0.60,0.00\nb,-0.28,-0.60,0.04\n"
            "c,-0.32,-0.62,-0.02\n",
            "");
        REQUIRE(g.estimates);
        CHECK(g.estimates->comparable);
        CHECK(!g.estimates->differ);
        REQUIRE(g.proposal.rating);
        CHECK(*g.proposal.rating == grade_rating::not_serious);
        CHECK_THAT(g.proposal.rule, Catch::Contains("share of weight at high risk of bias 0.50 >= 0.25"));
        CHECK_THAT(g.proposal.rule, Catch::Contains("results similar"));
        CHECK_THAT(g.proposal.rule, Catch::Contains("like that of all -> not serious"));
        CHECK_THAT(g.proposal.rule, Catch::Contains("Core GRADE 4"));
    }
    SECTION("the high-risk study's effect is far larger: the results differ, serious") {
        const auto g = grade_with(
            "study,estimate,lower,upper\na,-1.20,-1.40,-1.00\nb,-0.10,-0.30,0.10\n"
            "c,-0.12,-0.32,0.08\n",
            "pooling = \"fixed\"\ndiffer_p = 0.05");
        REQUIRE(g.estimates);
        CHECK(g.estimates->differ);
        REQUIRE(g.estimates->difference_p);
        CHECK(*g.estimates->difference_p < 0.001);
        CHECK(!g.estimates->low_interval_holds_all);
        CHECK(*g.proposal.rating == grade_rating::serious);
        CHECK_THAT(g.proposal.rule, Catch::Contains("results of low- and high-risk studies differ -> serious"));
        CHECK_THAT(g.proposal.rule, Catch::Contains("fixed effect"));
    }
    SECTION("similar, but one included study has no estimate: the comparison does not cover the evidence, serious") {
        const auto g = grade_with("study,estimate,lower,upper\na,-0.30,-0.60,0.00\nb,-0.28,-0.60,0.04\n", "");
        REQUIRE(g.estimates);
        CHECK(g.estimates->comparable);
        CHECK(!g.estimates->differ);
        CHECK(g.estimates->without_estimate == std::vector<std::string>{"c"});
        CHECK(*g.proposal.rating == grade_rating::serious);
        CHECK_THAT(g.proposal.rule, Catch::Contains("1 included study has no estimate"));
    }
    SECTION("no low-risk study has an estimate: nothing shows the results are similar, serious") {
        const auto g = grade_with("study,estimate,lower,upper\na,-0.30,-0.60,0.00\n", "");
        REQUIRE(g.estimates);
        CHECK(!g.estimates->comparable);
        CHECK(g.estimates->without_estimate == std::vector<std::string>{"b", "c"});
        CHECK(*g.proposal.rating == grade_rating::serious);
        CHECK_THAT(g.proposal.rule, Catch::Contains("cannot show the results are similar"));
    }
}

TEST_CASE("review config: an estimates CSV's errors are located", "[grade][estimates]") {
    test::temp_dir dir;
    struct bad_case {
        const char* csv;
        const char* scale;
        int line;
        int column;
        const char* says;
    };
    const std::vector<bad_case> cases = {
        {"study,estimate,low,upper\n", "difference", 1, 1, "header `study,estimate,lower,upper`"},
        {"study,estimate,lower,upper\na,0.1,0.2,0.3\n", "difference", 2, 2, "must hold the estimate"},
        {"study,estimate,lower,upper\na,1,-0.5,2\n", "ratio", 2, 3, "above 0"},
        {"study,estimate,lower,upper\na,x,0,1\n", "difference", 2, 2, "not a number"},
        {"study,estimate,lower,upper\na,\"1,5\",0,2\n", "difference", 2, 2, "not a number"},
        {"study,estimate,lower,upper\na,\"1\n", "difference", 2, 2, "not closed"},
        {"study,estimate,lower,upper\na,1,0\n", "difference", 2, 1, "four fields"},
    };
    for (const auto& c : cases) {
        INFO(c.csv);
        dir.write("e.csv", c.csv);
        const auto file =
            dir.write("appraise.toml", std::string("[[review.outcomes]]\nid = \"mh\"\noutcomes = "
                                                   "[\"depression\"]\nestimates = \"e.csv\"\nscale = \"") +
                                           c.scale + "\"\n");
        diagnostics problems;
        (void)load_config(file, problems);
        INFO(codes(problems));
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].where.line == c.line);
        CHECK(problems[0].where.column == c.column);
        CHECK(problems[0].message.find(c.says) != std::string::npos);
    }
    diagnostics problems;
    (void)config_of("[review]\npooling = \"bayes\"\ndiffer_p = 2\n", problems);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].where.line + problems[1].where.line == 5);  // lines 2 and 3, in either order
    CHECK_THAT(codes(problems), Catch::Contains("`review.pooling` must be") && Catch::Contains("`review.differ_p`"));
}

TEST_CASE("grade: a study with results on both sides is pooled high and named, a lopsided interval is a warning",
          "[grade][estimates]") {
    test::temp_dir dir;
    dir.write("e.csv",
              "study,estimate,lower,upper\nboth,-0.30,-0.60,0.00\nlow,-0.28,-0.60,0.04\n"
              "odd,2.0,1.5,5.0\n");
    const auto file = dir.write("appraise.toml",
                                "[review]\nweight = \"sample.enrolled\"\n[[review.outcomes]]\nid = "
                                "\"mh\"\noutcomes = [\"depression\"]\nestimates = \"e.csv\"\n");
    diagnostics problems;
    const auto review = load_config(file, problems).review;
    REQUIRE(problems.empty());
    grade_collector collector(review, {rob2_like()});
    file_result corpus;
    corpus.studies = {study("both", "rct", 50,
                            {result("rob2", "depression (assignment)", "high", {}),
                             result("rob2", "depression (adherence)", "low", {})}),
                      study("low", "rct", 50, {result("rob2", "depression (assignment)", "low", {})})};
    collector.add(corpus);
    const auto g = collector.finish().at(0);
    REQUIRE(g.estimates);
    REQUIRE(g.estimates->high);
    CHECK(g.estimates->high->studies == 1);
    CHECK_THAT(g.estimates->text, Catch::Contains("pooled on the high side, having results on both: both"));
    // odd: 2.0 in (1.5, 5.0) is off centre on the difference scale (a ratio?): a warning at its row.
    REQUIRE(collector.problems().size() == 1);
    CHECK(collector.problems()[0].code == "grade/estimate-asymmetric");
    CHECK(collector.problems()[0].level == severity::warning);
    CHECK(collector.problems()[0].where.line == 4);
}
