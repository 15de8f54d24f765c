// The trustworthiness rubric, loaded through the plugin host as in a real run.
//
// Computable flags are tested on study fixtures in tests/data/trustworthiness/
// with the expectations written as comments (the design-weakness style):
//
//   # expect: <slug> @<line> "<substring>"   a finding trustworthiness/<slug> at that line
//   # expect-none: <slug>                    no finding trustworthiness/<slug>
//   # expect-answer: <slug> <value>          the flag's answer: flagged, consistent,
//                                            not-assessed, not-applicable
//
// <slug>.fires[-variant].toml raises the flag, <slug>.silent.toml stays
// silent; in these, every finding of the check under test must be expected.
// The fixtures run with max_recruitment_per_site_month = 100.
//
// The granularity checks are also held against an independent oracle: every
// mean and SD that integer data of a small n actually produce (enumerated)
// must pass, and GRIM must agree with exact integer arithmetic.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "appraise/input/study_loader.hpp"
#include "appraise/model/codebook.hpp"
#include "bundled_rubric.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace sdk = appraise::sdk;

constexpr const char* rubric_id = "trustworthiness";
const fs::path fixture_dir = appraise::test::data_dir / "trustworthiness";
const std::string fixture_options = "max_recruitment_per_site_month = 100\n";

// The computable flags, their domain and the INSPECT-SR check each informs (the spec).
struct flag_spec {
    std::string slug;
    std::string domain;
    std::string informs;
};
const std::vector<flag_spec> flags{
    {"registered-after-enrolment", "conduct", ""}, {"recruitment-rate", "conduct", "2.4"},
    {"single-cluster-arm", "conduct", ""},         {"flow-mismatch", "results", "4.6"},
    {"arms-total-mismatch", "results", "4.6"},     {"percent-impossible", "results", "4.8"},
    {"grim-inconsistent", "results", "4.8"},       {"grimmer-inconsistent", "results", "4.8"},
};
const std::vector<std::string> inspect_ids{"1.1", "1.2", "2.3", "2.4", "3.2", "4.1", "4.3", "4.6", "4.8", "4.9"};
const std::set<std::string> flag_answers{"flagged", "consistent", "not-assessed", "not-applicable"};

const sdk::rubric_description& description() {
    return appraise::test::bundled_rubric(rubric_id).description;
}

std::unique_ptr<sdk::rubric> make_rubric(const std::string& options_toml = {}) {
    return appraise::test::make_bundled_rubric(rubric_id, options_toml);
}

sdk::study only_study(appraise::loaded_file file) {
    std::string problems;
    for (const auto& p : file.problems) problems += p.message + "\n";
    for (const auto& s : file.studies)
        for (const auto& p : s.problems) problems += appraise::format_location(p.where) + ": " + p.message + "\n";
    INFO(problems);
    REQUIRE(file.problems.empty());
    REQUIRE(file.studies.size() == 1u);
    REQUIRE(file.studies.front().problems.empty());
    REQUIRE(file.studies.front().usable);
    return std::move(file.studies.front().study);
}

sdk::appraisal appraise_text(const sdk::rubric& rubric, const std::string& toml) {
    auto results = rubric.appraise(only_study(appraise::load_study_text(toml, "inline.toml")));
    REQUIRE(results.size() == 1u);
    return std::move(results.front());
}

std::string dump(const sdk::appraisal& a) {
    std::string text = "overall " + a.overall.value_or("(none)") + " (" + a.overall_rationale + a.overall_not_assessed +
                       ")\nfindings:\n";
    for (const auto& f : a.findings)
        text += "  " + f.id + " @" + std::to_string(f.where.line) + " [" + std::string(sdk::to_string(f.level)) + "] " +
                f.message + "\n";
    for (const auto& d : a.domains) {
        text += "  " + d.id + ": " + d.judgement + " (" + d.rationale + d.not_assessed + ")\n";
        for (const auto& ans : d.answers) text += "    " + ans.id + " = " + ans.value + " [" + ans.provenance + "]\n";
    }
    return text;
}

std::vector<const sdk::finding*> findings_of(const sdk::appraisal& a, const std::string& slug) {
    std::vector<const sdk::finding*> found;
    for (const auto& f : a.findings)
        if (f.id == std::string(rubric_id) + "/" + slug) found.push_back(&f);
    return found;
}

bool fires(const sdk::appraisal& a, const std::string& slug) {
    return !findings_of(a, slug).empty();
}

std::string answer(const sdk::appraisal& a, const std::string& id) {
    for (const auto& d : a.domains)
        for (const auto& ans : d.answers)
            if (ans.id == id) return ans.value;
    return "<no answer>";
}

std::string provenance(const sdk::appraisal& a, const std::string& id) {
    for (const auto& d : a.domains)
        for (const auto& ans : d.answers)
            if (ans.id == id) return ans.provenance;
    return "<no answer>";
}

const sdk::domain_result& domain(const sdk::appraisal& a, const std::string& id) {
    for (const auto& d : a.domains)
        if (d.id == id) return d;
    FAIL("no domain " << id);
    return a.domains.front();
}

const sdk::finding_spec* spec_of(const std::string& slug) {
    for (const auto& f : description().findings)
        if (f.slug == slug) return &f;
    return nullptr;
}

// Every finding is catalogued, of its row's severity, and an integrity concern.
void check_findings(const sdk::appraisal& a) {
    INFO(dump(a));
    for (const auto& f : a.findings) {
        INFO(f.id);
        REQUIRE(f.id.rfind(std::string(rubric_id) + "/", 0) == 0);
        const auto* spec = spec_of(f.id.substr(std::string(rubric_id).size() + 1));
        REQUIRE(spec != nullptr);
        CHECK(f.level == spec->level);
        CHECK(f.concern == sdk::finding_concern::integrity);
    }
}

// ---------------------------------------------------------------- fixtures

struct fixture {
    fs::path path;
    std::string name;
    std::string subject;
    struct expected {
        std::string slug;
        int line;
        std::string substring;
    };
    std::vector<expected> findings;
    std::vector<std::string> none;
    std::vector<std::pair<std::string, std::string>> answers;
    std::vector<std::string> errors;
};

fixture parse_fixture(const fs::path& path) {
    fixture f;
    f.path = path;
    f.name = path.filename().string();
    f.subject = f.name.substr(0, f.name.find('.'));
    static const std::regex expect(R"re(^#\s*expect:\s*([a-z0-9-]+)\s+@([0-9]+)\s+"([^"]*)"\s*$)re");
    static const std::regex none(R"(^#\s*expect-none:\s*([a-z0-9-]+)\s*$)");
    static const std::regex answer_line(R"(^#\s*expect-answer:\s*([a-z0-9.-]+)\s+([a-z-]+)\s*$)");
    std::istringstream text(appraise::test::read_file(path));
    std::string line;
    while (std::getline(text, line)) {
        if (line.find("expect") == std::string::npos) continue;
        std::smatch m;
        if (std::regex_match(line, m, expect))
            f.findings.push_back({m[1].str(), std::stoi(m[2].str()), m[3].str()});
        else if (std::regex_match(line, m, none))
            f.none.push_back(m[1].str());
        else if (std::regex_match(line, m, answer_line))
            f.answers.emplace_back(m[1].str(), m[2].str());
        else
            f.errors.push_back(f.name + ": malformed expectation: " + line);
    }
    return f;
}

std::vector<fixture> fixtures() {
    std::vector<fs::path> paths;
    for (const auto& item : fs::directory_iterator(fixture_dir))
        if (item.path().extension() == ".toml") paths.push_back(item.path());
    std::sort(paths.begin(), paths.end());
    std::vector<fixture> all;
    for (const auto& p : paths) all.push_back(parse_fixture(p));
    return all;
}

// A study with one outcome's summary statistics, for the oracle tests.
std::string statistics_study(const std::string& mean, const std::string& sd, int n, int decimals) {
    return "id = \"oracle\"\n[[outcomes]]\nid = \"score\"\nmeans = [" + mean + "]\n" +
           (sd.empty() ? std::string{} : "sds = [" + sd + "]\n") + "n = [" + std::to_string(n) +
           "]\nitems = 1\ndecimals = " + std::to_string(decimals) + "\n";
}

std::string fixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

const std::string all_no = R"(
[appraisal.trustworthiness]
"1.1" = "no"
"1.2" = "no"
"2.3" = "not-applicable"
"2.4" = "no"
"3.2" = "no"
"4.1" = "no"
"4.3" = "no"
"4.6" = "no"
"4.8" = "no"
"4.9" = "no"
)";

std::string with(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

const std::string flow_mismatch = R"(id = "flow"
[design]
type = "rct"
[sample]
arms = [64, 60]
arms_lost = [3, 2]
arms_analysed = [61, 55]
)";

}  // namespace

// ---------------------------------------------------------------- the catalogue

TEST_CASE("trustworthiness loads with its domains, scale, flags and INSPECT-SR questions", "[rubric:trustworthiness]") {
    const auto& d = description();
    CHECK(d.judgement_scale == std::vector<std::string>{"no-concerns", "some-concerns", "serious-concerns"});
    // Serious concerns sit on the ladder's top rung: the study is kept out of synthesis.
    CHECK(d.judgement_rungs == std::vector<std::string>{"low", "concerns", "critical"});
    std::vector<std::string> domains;
    for (const auto& dom : d.domains) domains.push_back(dom.id);
    CHECK(domains == std::vector<std::string>{"notices", "conduct", "text", "results"});
    for (const auto& flag : flags) {
        INFO(flag.slug);
        const auto* spec = spec_of(flag.slug);
        REQUIRE(spec != nullptr);
        CHECK(spec->concern == sdk::finding_concern::integrity);
        CHECK(spec->level == sdk::severity::warning);
        CHECK_FALSE(spec->source.empty());
        CHECK_FALSE(spec->reads.empty());
        for (const auto& path : spec->reads) {
            INFO("reads " << path);
            CHECK(appraise::codebook::v1().find(path) != nullptr);
        }
    }
    std::vector<std::string> questions;
    for (const auto& q : d.questions) {
        questions.push_back(q.id);
        CHECK(q.answers == std::vector<std::string>{"yes", "no", "not-applicable"});
    }
    CHECK(questions == inspect_ids);
    for (const auto& spec : d.findings) CHECK(spec.concern == sdk::finding_concern::integrity);
    // explain says there is no mechanical rule, what the proposal uses, and its sources.
    CHECK(d.details.find("no mechanical rule") != std::string::npos);
    CHECK(d.details.find("Cochrane") != std::string::npos);
    CHECK(d.details.find("bayesma") != std::string::npos);
    CHECK(d.details.find("serious_concerns_at") != std::string::npos);
}

TEST_CASE("trustworthiness flags: every fixture holds, and each flag has one that fires and one that is silent",
          "[rubric:trustworthiness]") {
    const auto rubric = make_rubric(fixture_options);
    const auto all = fixtures();
    for (const auto& flag : flags) {
        INFO(flag.slug);
        CHECK(
            std::any_of(all.begin(), all.end(), [&](const fixture& f) { return f.name == flag.slug + ".fires.toml"; }));
        CHECK(std::any_of(all.begin(), all.end(),
                          [&](const fixture& f) { return f.name == flag.slug + ".silent.toml"; }));
    }
    for (const auto& f : all) {
        INFO(f.name);
        for (const auto& e : f.errors) FAIL_CHECK(e);
        auto results = rubric->appraise(only_study(appraise::load_study_file(f.path, f.name)));
        REQUIRE(results.size() == 1u);
        const auto& a = results.front();
        INFO(dump(a));
        check_findings(a);
        for (const auto& e : f.findings) {
            INFO("expect " << e.slug << " @" << e.line << " \"" << e.substring << "\"");
            const auto found = findings_of(a, e.slug);
            CHECK(std::any_of(found.begin(), found.end(), [&](const sdk::finding* x) {
                return x->where.line == e.line && x->message.find(e.substring) != std::string::npos;
            }));
        }
        CHECK(findings_of(a, f.subject).size() ==
              static_cast<std::size_t>(std::count_if(f.findings.begin(), f.findings.end(),
                                                     [&](const auto& e) { return e.slug == f.subject; })));
        for (const auto& slug : f.none) CHECK_FALSE(fires(a, slug));
        for (const auto& [slug, value] : f.answers) {
            INFO("expect-answer " << slug << " " << value);
            CHECK(flag_answers.count(value) == 1u);
            CHECK(answer(a, slug) == value);
        }
    }
}

TEST_CASE("trustworthiness: a study with nothing coded is not assessed, and no flag is raised",
          "[rubric:trustworthiness]") {
    const auto a = appraise_text(*make_rubric(), "id = \"bare\"\n");
    INFO(dump(a));
    check_findings(a);
    for (const auto& flag : flags) {
        CHECK_FALSE(fires(a, flag.slug));
        // Only the cluster flag can tell from nothing that it does not apply.
        CHECK(answer(a, flag.slug) == (flag.slug == "single-cluster-arm" ? "not-applicable" : "not-assessed"));
    }
    for (const auto& id : inspect_ids) {
        CHECK(answer(a, id).empty());
        CHECK(provenance(a, id) == "not-assessed");
    }
    for (const auto& d : a.domains) {
        CHECK(d.judgement.empty());
        CHECK_FALSE(d.not_assessed.empty());
    }
    REQUIRE(a.overall.has_value());
    CHECK(a.overall->empty());
    CHECK_FALSE(a.overall_not_assessed.empty());
    REQUIRE(findings_of(a, "not-assessed").size() == 1u);
    CHECK(findings_of(a, "not-assessed").front()->message.find("1.1, 1.2, 2.3, 2.4, 3.2, 4.1, 4.3, 4.6, 4.8, 4.9") !=
          std::string::npos);
    CHECK_FALSE(fires(a, "proposal"));
}

TEST_CASE("trustworthiness: every check answered no proposes no concerns, labelled as a proposal",
          "[rubric:trustworthiness]") {
    const auto a = appraise_text(*make_rubric(), "id = \"clean\"\n" + all_no);
    INFO(dump(a));
    check_findings(a);
    for (const auto& d : a.domains) CHECK(d.judgement == "no-concerns");
    CHECK(a.overall == "no-concerns");
    CHECK(a.overall_rationale.rfind("Proposed", 0) == 0);
    CHECK(fires(a, "proposal"));
    CHECK_FALSE(fires(a, "not-assessed"));
    CHECK(provenance(a, "1.1") == "coded");
}

TEST_CASE("trustworthiness: a retraction alone proposes serious concerns, an expression of concern some",
          "[rubric:trustworthiness]") {
    const auto rubric = make_rubric();
    const auto retracted =
        appraise_text(*rubric, "id = \"r\"\n" + with(all_no, "\"1.1\" = \"no\"", "\"1.1\" = \"yes\""));
    INFO(dump(retracted));
    check_findings(retracted);
    CHECK(domain(retracted, "notices").judgement == "serious-concerns");
    CHECK(retracted.overall == "serious-concerns");
    CHECK(retracted.overall_rationale.find("excluded from synthesis pending review") != std::string::npos);
    REQUIRE(findings_of(retracted, "retracted").size() == 1u);
    CHECK(findings_of(retracted, "retracted").front()->where.line == 4);

    const auto notice = appraise_text(*rubric, "id = \"e\"\n" + with(all_no, "\"1.2\" = \"no\"", "\"1.2\" = \"yes\""));
    INFO(dump(notice));
    CHECK(domain(notice, "notices").judgement == "some-concerns");
    CHECK(notice.overall == "some-concerns");
    CHECK(fires(notice, "expression-of-concern"));
}

TEST_CASE("trustworthiness: a flow that does not add up answers 4.6 yes unless the reviewer says no",
          "[rubric:trustworthiness]") {
    const auto rubric = make_rubric();
    const auto derived = appraise_text(*rubric, flow_mismatch);
    INFO(dump(derived));
    CHECK(fires(derived, "flow-mismatch"));
    CHECK(answer(derived, "4.6") == "yes");
    CHECK(provenance(derived, "4.6") == "derived");
    // One concern, other checks unanswered: some concerns, "at least".
    CHECK(domain(derived, "results").judgement == "some-concerns");
    CHECK(domain(derived, "results").rationale.find("at least") != std::string::npos);
    CHECK(derived.overall == "some-concerns");

    const auto overruled = appraise_text(*rubric, flow_mismatch + all_no);
    INFO(dump(overruled));
    CHECK(fires(overruled, "flow-mismatch"));
    CHECK(fires(overruled, "flag-overruled"));
    CHECK(answer(overruled, "4.6") == "no");
    CHECK(provenance(overruled, "4.6") == "coded");
    CHECK(domain(overruled, "results").judgement == "no-concerns");
}

TEST_CASE("trustworthiness: serious_concerns_at concerns in one domain propose serious concerns",
          "[rubric:trustworthiness]") {
    // The flow does not add up (4.6) and a mean is impossible (4.8): two checks.
    const std::string two = flow_mismatch + "[[outcomes]]\nid = \"w\"\nmeans = [3.47]\nn = [25]\nitems = 1\n";
    const auto a = appraise_text(*make_rubric(), two);
    INFO(dump(a));
    CHECK(domain(a, "results").judgement == "serious-concerns");
    CHECK(a.overall == "serious-concerns");
    const auto b = appraise_text(*make_rubric("serious_concerns_at = 3\n"), two);
    CHECK(domain(b, "results").judgement == "some-concerns");
}

TEST_CASE("trustworthiness: flags that inform no INSPECT-SR check never make a domain serious",
          "[rubric:trustworthiness]") {
    const auto a = appraise_text(*make_rubric(), R"(id = "weak-governance"
[design]
type = "cluster-rct"
unit = "cluster"
clusters = 2
registration_date = 2019-06-01
[sample]
arms = [30, 30]
recruitment_start = 2019-01-01
)");
    INFO(dump(a));
    CHECK(fires(a, "registered-after-enrolment"));
    CHECK(fires(a, "single-cluster-arm"));
    CHECK(domain(a, "conduct").judgement == "some-concerns");
}

TEST_CASE("trustworthiness: the reviewer confirms or changes a proposal with a reason", "[rubric:trustworthiness]") {
    const auto rubric = make_rubric();
    const auto confirmed = appraise_text(
        *rubric, flow_mismatch + all_no +
                     "[appraisal.trustworthiness.override]\nresults = { judgement = \"some-concerns\", reason = \"the "
                     "flow diagram loses three children the text does not\" }\noverall = { judgement = "
                     "\"no-concerns\", reason = \"checked with the authors\" }\n");
    INFO(dump(confirmed));
    check_findings(confirmed);
    CHECK(domain(confirmed, "results").judgement == "some-concerns");
    CHECK(domain(confirmed, "results").proposed == "no-concerns");
    CHECK(domain(confirmed, "results").override_reason.find("flow diagram") != std::string::npos);
    CHECK(confirmed.overall == "no-concerns");
    CHECK(confirmed.overall_proposed == "some-concerns");
    CHECK(confirmed.overall_rationale.find("set by the reviewer") != std::string::npos);
    CHECK(findings_of(confirmed, "overridden").size() == 2u);
    CHECK_FALSE(fires(confirmed, "proposal"));

    const auto same = appraise_text(
        *rubric, "id = \"c\"\n" + all_no +
                     "[appraisal.trustworthiness.override]\noverall = { judgement = \"no-concerns\", reason = \"two "
                     "reviewers agree\" }\n");
    CHECK(same.overall_rationale.find("confirmed by the reviewer") != std::string::npos);

    const auto no_reason = appraise_text(
        *rubric, "id = \"n\"\n" + all_no +
                     "[appraisal.trustworthiness.override]\noverall = { judgement = \"serious-concerns\" }\n");
    INFO(dump(no_reason));
    CHECK(fires(no_reason, "invalid-override"));
    CHECK(no_reason.overall == "no-concerns");
}

TEST_CASE("trustworthiness: answers it does not take and keys it does not know are coding errors",
          "[rubric:trustworthiness]") {
    const auto a = appraise_text(*make_rubric(), R"(id = "typos"
[appraisal.trustworthiness]
"1.1" = "maybe"
"1.3" = "no"
)");
    INFO(dump(a));
    check_findings(a);
    REQUIRE(findings_of(a, "invalid-answer").size() == 1u);
    CHECK(findings_of(a, "invalid-answer").front()->level == sdk::severity::error);
    CHECK(answer(a, "1.1").empty());
    REQUIRE(findings_of(a, "unknown-key").size() == 1u);
    CHECK(findings_of(a, "unknown-key").front()->message.find("did you mean") != std::string::npos);
}

// ---------------------------------------------------------------- granularity against an oracle

TEST_CASE("GRIM agrees with exact integer arithmetic", "[rubric:trustworthiness][grim]") {
    const auto rubric = make_rubric();
    for (const int n : {3, 7, 12, 25, 40}) {
        for (int j = 100; j <= 400; j += 3) {  // means 1.00 to 4.00 in steps of 0.03
            // Some integer total T has T / n within half a unit of j / 100: |200 T - 2 j n| <= n.
            bool possible = false;
            for (int total = 0; total <= 5 * n && !possible; ++total) possible = std::abs(200 * total - 2 * j * n) <= n;
            const auto a = appraise_text(*rubric, statistics_study(fixed(j / 100.0, 2), "", n, 2));
            INFO("mean " << fixed(j / 100.0, 2) << " n " << n << "\n" << dump(a));
            CHECK(fires(a, "grim-inconsistent") == !possible);
        }
    }
}

TEST_CASE("GRIMMER passes every mean and SD that integer data really give", "[rubric:trustworthiness][grim]") {
    const auto rubric = make_rubric();
    std::set<std::pair<std::string, std::string>> seen;
    // Every multiset of n scores from 0..4 (sorted tuples), n = 2..5.
    for (int n = 2; n <= 5; ++n) {
        std::vector<int> scores(static_cast<std::size_t>(n), 0);
        for (;;) {
            double sum = 0;
            double squares = 0;
            for (const int s : scores) {
                sum += s;
                squares += s * s;
            }
            const double mean = sum / n;
            const double sd = std::sqrt((squares - sum * sum / n) / (n - 1));
            const auto pair = std::make_pair(fixed(mean, 2), fixed(sd, 2));
            if (seen.insert(pair).second) {
                const auto a = appraise_text(*rubric, statistics_study(pair.first, pair.second, n, 2));
                INFO("n " << n << " mean " << pair.first << " sd " << pair.second << "\n" << dump(a));
                CHECK_FALSE(fires(a, "grim-inconsistent"));
                CHECK_FALSE(fires(a, "grimmer-inconsistent"));
            }
            // Next non-decreasing tuple.
            int i = n - 1;
            while (i >= 0 && scores[static_cast<std::size_t>(i)] == 4) --i;
            if (i < 0) break;
            const int next = scores[static_cast<std::size_t>(i)] + 1;
            for (int k = i; k < n; ++k) scores[static_cast<std::size_t>(k)] = next;
        }
    }
    CHECK(seen.size() > 50u);
}
