// The codebook against the coded-study format document
// (design/study-format.md): every documented field, its type, its allowed
// values and its range.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "appraise/model/codebook.hpp"

using appraise::codebook;
using appraise::field_def;
using appraise::field_type;

namespace {

const field_def& field(const std::string& path) {
    const field_def* def = codebook::v1().find(path);
    INFO("field " << path);
    REQUIRE(def != nullptr);
    return *def;
}

struct documented {
    const char* path;
    field_type type;
};

// Every key of study-format.md, with the type written there.
const std::vector<documented>& documented_fields() {
    using t = field_type;
    static const std::vector<documented> fields = {
        // Top level.
        {"id", t::string},
        {"title", t::string},
        {"authors", t::string_list},
        {"year", t::integer},
        {"language", t::string},
        {"country", t::string},
        {"publication", t::enumeration},
        {"source", t::string},
        {"doi", t::string},
        {"tags", t::string_list},
        // [design]
        {"design", t::section},
        {"design.type", t::enumeration},
        {"design.allocation", t::enumeration},
        {"design.allocation_method", t::string},
        {"design.concealment", t::boolean},
        {"design.comparator", t::enumeration},
        {"design.unit", t::enumeration},
        {"design.clusters", t::integer},
        {"design.sites", t::integer},
        {"design.theory", t::string},
        {"design.registered", t::boolean},
        {"design.registration", t::string},
        {"design.protocol", t::boolean},
        // [sample]
        {"sample", t::section},
        {"sample.population", t::string},
        {"sample.age_min", t::number},
        {"sample.age_max", t::number},
        {"sample.sampling", t::enumeration},
        {"sample.representative", t::enumeration},
        {"sample.participation", t::number},
        {"sample.enrolled", t::integer},
        {"sample.arms", t::integer_list},
        {"sample.power_calculation", t::boolean},
        // [baseline]
        {"baseline", t::section},
        {"baseline.equivalent", t::boolean},
        {"baseline.differences", t::string},
        {"baseline.confounders_controlled", t::number},
        // [blinding]
        {"blinding", t::section},
        {"blinding.participants", t::boolean},
        {"blinding.providers", t::boolean},
        {"blinding.assessors", t::boolean},
        {"blinding.participants_know_question", t::boolean},
        // [attrition]
        {"attrition", t::section},
        {"attrition.analysed", t::integer},
        {"attrition.completion", t::number_or_list},
        {"attrition.reasons_reported", t::boolean},
        {"attrition.analysis", t::enumeration},
        // [followup]
        {"followup", t::section},
        {"followup.posttest", t::boolean},
        {"followup.weeks_after", t::number},
        {"followup.waves", t::integer},
        {"followup.points_before", t::integer},  // added for design-weakness short-time-series
        {"followup.points_after", t::integer},
        // [[outcomes]]
        {"outcomes", t::section_array},
        {"outcomes.id", t::string},
        {"outcomes.name", t::string},
        {"outcomes.instrument", t::string},
        {"outcomes.validated", t::boolean},
        {"outcomes.reliable", t::boolean},
        {"outcomes.self_report", t::boolean},
        {"outcomes.primary", t::boolean},
        {"outcomes.prespecified", t::boolean},
        // [intervention]
        {"intervention", t::section},
        {"intervention.name", t::string},
        {"intervention.rationale", t::string},
        {"intervention.materials", t::string},
        {"intervention.materials_available", t::boolean},
        {"intervention.procedures", t::string},
        {"intervention.provider", t::string},
        {"intervention.provider_training", t::string},
        {"intervention.disciplines", t::string_list},
        {"intervention.mode", t::enumeration_list},
        {"intervention.setting", t::string},
        {"intervention.sessions", t::integer},
        {"intervention.session_minutes", t::number},
        {"intervention.weeks", t::number},
        {"intervention.schedule", t::string},
        {"intervention.tailoring", t::string},
        {"intervention.modifications", t::string},
        {"intervention.tailored", t::boolean},
        {"intervention.modified", t::boolean},
        {"intervention.fidelity_planned", t::string},
        {"intervention.fidelity_assessed", t::string},
        {"intervention.manual", t::boolean},
        {"intervention.received", t::number},
        {"intervention.components", t::string_list},
        // [analysis]
        {"analysis", t::section},
        {"analysis.unit", t::enumeration},
        {"analysis.methods_appropriate", t::boolean},
        {"analysis.effect_sizes", t::boolean},
        {"analysis.cluster_adjusted", t::boolean},
        {"analysis.baseline_adjusted", t::boolean},
        {"analysis.multiplicity", t::boolean},
        // [reporting]
        {"reporting", t::section},
        {"reporting.data_available", t::boolean},
        {"reporting.code_available", t::boolean},
        {"reporting.conflicts_declared", t::boolean},
        {"reporting.funding", t::string},
        // Never checked.
        {"appraisal", t::free_section},
        {"custom", t::free_section},
    };
    return fields;
}

using strings = std::vector<std::string>;

}  // namespace

TEST_CASE("every field of the format document exists with its documented type", "[core][codebook]") {
    for (const auto& doc : documented_fields()) {
        INFO("field " << doc.path);
        const field_def* def = codebook::v1().find(doc.path);
        REQUIRE(def != nullptr);
        CHECK(def->path == doc.path);
        CHECK(def->type == doc.type);
        CHECK_FALSE(def->meaning.empty());
    }
}

TEST_CASE("only `id` and `outcomes.id` are required", "[core][codebook]") {
    for (const auto& def : codebook::v1().fields()) {
        INFO("field " << def.path);
        CHECK(def.required == (def.path == "id" || def.path == "outcomes.id"));
    }
}

TEST_CASE("codebook paths are unique and unknown paths are not found", "[core][codebook]") {
    strings paths;
    for (const auto& def : codebook::v1().fields()) paths.push_back(def.path);
    std::sort(paths.begin(), paths.end());
    CHECK(std::adjacent_find(paths.begin(), paths.end()) == paths.end());

    CHECK(codebook::v1().find("allocation") == nullptr);  // it lives in [design]
    CHECK(codebook::v1().find("design.alocation") == nullptr);
    CHECK(codebook::v1().find("") == nullptr);
    CHECK(codebook::v1().find("custom.anything") == nullptr);
}

TEST_CASE("enum values are exactly those of the format document", "[core][codebook]") {
    CHECK(field("design.type").values == strings{"rct", "cluster-rct", "crossover-rct", "non-randomised-controlled",
                                                 "controlled-before-after", "interrupted-time-series", "pre-post",
                                                 "cohort", "case-control", "cross-sectional", "case-series",
                                                 "qualitative", "mixed-methods"});
    CHECK(field("design.allocation").values == strings{"random", "quasi-random", "non-random", "none"});
    CHECK(field("design.comparator").values ==
          strings{"none", "no-intervention", "waitlist", "usual-care", "attention-control", "active"});
    CHECK(field("design.unit").values == strings{"individual", "cluster"});
    CHECK(field("attrition.analysis").values ==
          strings{"itt", "modified-itt", "per-protocol", "completers", "as-treated"});
    CHECK(field("intervention.mode").values ==
          strings{"face-to-face", "group", "individual", "online", "phone", "print"});
    CHECK(field("publication").values == strings{"journal", "thesis", "report", "conference", "preprint"});
    CHECK(field("sample.sampling").values ==
          strings{"random", "consecutive", "whole-population", "convenience", "purposive", "snowball"});
    CHECK(field("sample.representative").values ==
          strings{"very-likely", "somewhat-likely", "not-likely", "cannot-tell"});
    CHECK(field("analysis.unit").values == strings{"individual", "cluster"});
}

TEST_CASE("only enumerations carry allowed values", "[core][codebook]") {
    for (const auto& def : codebook::v1().fields()) {
        INFO("field " << def.path);
        const bool is_enum = def.type == field_type::enumeration || def.type == field_type::enumeration_list;
        CHECK(def.values.empty() == !is_enum);
    }
}

TEST_CASE("ranges are those of the format document", "[core][codebook]") {
    struct range {
        const char* path;
        std::optional<double> min;
        std::optional<double> max;
    };
    const std::vector<range> ranges = {
        {"year", 1900, 2100},
        {"sample.participation", 0, 1},
        {"attrition.completion", 0, 1},
        {"baseline.confounders_controlled", 0, 1},
        {"intervention.received", 0, 1},
        {"design.clusters", 1, std::nullopt},
        {"design.sites", 1, std::nullopt},
        {"followup.waves", 1, std::nullopt},
        {"followup.points_before", 0, std::nullopt},
        {"followup.points_after", 0, std::nullopt},
        {"sample.age_min", 0, std::nullopt},
        {"sample.age_max", 0, std::nullopt},
        {"sample.enrolled", 0, std::nullopt},
        {"sample.arms", 0, std::nullopt},
        {"attrition.analysed", 0, std::nullopt},
        {"followup.weeks_after", 0, std::nullopt},
        {"intervention.sessions", 0, std::nullopt},
        {"intervention.session_minutes", 0, std::nullopt},
        {"intervention.weeks", 0, std::nullopt},
        // Unbounded.
        {"id", std::nullopt, std::nullopt},
        {"design.allocation", std::nullopt, std::nullopt},
    };
    for (const auto& r : ranges) {
        INFO("field " << r.path);
        const field_def& def = field(r.path);
        CHECK(def.min == r.min);
        CHECK(def.max == r.max);
    }
}

TEST_CASE("keys_in lists the keys of one table", "[core][codebook]") {
    const auto& book = codebook::v1();
    CHECK(book.keys_in("design") == strings{"type", "allocation", "allocation_method", "concealment", "comparator",
                                            "unit", "clusters", "clusters_per_arm", "sites", "theory", "registered",
                                            "registration", "protocol", "icc", "joiners", "contamination",
                                            "developer_led", "comparator_details", "registration_date"});
    CHECK(book.keys_in("outcomes") == strings{"id", "name", "instrument", "validated", "reliable", "self_report",
                                              "primary", "prespecified", "researcher_developed", "means", "sds",
                                              "percents", "n", "items", "decimals"});
    CHECK(book.keys_in("blinding") == strings{"participants", "providers", "assessors", "participants_know_question"});

    const strings top = book.keys_in("");
    for (const char* key :
         {"id",       "title",        "authors",  "year",      "language",  "country",  "publication", "source",
          "doi",      "tags",         "design",   "sample",    "baseline",  "blinding", "attrition",   "followup",
          "outcomes", "intervention", "analysis", "reporting", "appraisal", "custom"}) {
        INFO("top-level key " << key);
        CHECK(std::find(top.begin(), top.end(), key) != top.end());
    }
    // Keys of a table are not top-level keys.
    CHECK(std::find(top.begin(), top.end(), "allocation") == top.end());
    CHECK(std::find(top.begin(), top.end(), "design.allocation") == top.end());
    CHECK(book.keys_in("custom").empty());
    CHECK(book.keys_in("no-such-table").empty());
}

TEST_CASE("describe_type says what a value must be", "[core][codebook]") {
    using appraise::describe_type;
    CHECK(describe_type(field("year")) == "an integer from 1900 to 2100");
    CHECK(describe_type(field("sample.participation")) == "a number from 0 to 1");
    CHECK(describe_type(field("design.clusters")) == "an integer >= 1");
    CHECK(describe_type(field("followup.weeks_after")) == "a number >= 0");
    CHECK(describe_type(field("title")) == "a string");
    CHECK(describe_type(field("design.concealment")) == "true or false");
    CHECK(describe_type(field("tags")) == "an array of strings");
    CHECK(describe_type(field("sample.arms")) == "an array of integers >= 0");
    CHECK(describe_type(field("design.allocation")) == R"(one of "random", "quasi-random", "non-random", "none")");
    CHECK(describe_type(field("intervention.mode")) ==
          R"(an array of "face-to-face", "group", "individual", "online", "phone", "print")");
    CHECK(describe_type(field("attrition.completion")) == "a number from 0 to 1, or an array of them per arm");
    CHECK(describe_type(field("design")) == "a table");
    CHECK(describe_type(field("outcomes")) == "an array of tables ([[...]])");

    // A fractional bound is written as written, without trailing zeros.
    const field_def half{"x", field_type::number, {}, 0.25, 2.5, "test", false};
    CHECK(describe_type(half) == "a number from 0.25 to 2.5");
    const field_def at_most{"x", field_type::integer, {}, std::nullopt, 10, "test", false};
    CHECK(describe_type(at_most) == "an integer <= 10");
}

TEST_CASE("every synonym names a field of the codebook, and none is itself a field", "[codebook][synonyms]") {
    for (const auto& s : appraise::field_synonyms()) {
        INFO("synonym " << s.word << " -> " << s.path);
        CHECK(codebook::v1().find(s.path) != nullptr);
        CHECK(codebook::v1().find(s.word) == nullptr);
    }
    for (const auto& s : appraise::wrapper_synonyms()) {
        INFO("wrapper synonym " << s.word << " -> " << s.path);
        const auto& keys = appraise::wrapper_keys();
        CHECK(std::find(keys.begin(), keys.end(), s.path) != keys.end());
        CHECK(std::find(keys.begin(), keys.end(), s.word) == keys.end());
    }
    REQUIRE(appraise::synonym_of("journal") != nullptr);
    CHECK(appraise::synonym_of("journal")->path == "source");
    CHECK(appraise::synonym_of("Coder")->path == "coding.coder");
    CHECK(appraise::synonym_of("n")->path == "sample.enrolled");
    CHECK(appraise::wrapper_synonym_of("pages")->path == "at");
    CHECK(appraise::synonym_of("allocation") == nullptr);
}
