// docs/study-format.md against the codebook: every field path and every
// allowed value (of fields, of the wrapper's source and resolved, of
// direction) must appear in the document, in backticks.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "appraise/model/codebook.hpp"

namespace {

std::string document() {
    std::ifstream in(std::string(APPRAISE_SOURCE_DIR) + "/docs/study-format.md");
    REQUIRE(in.good());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool mentions(const std::string& text, const std::string& word) {
    return text.find("`" + word + "`") != std::string::npos;
}

}  // namespace

TEST_CASE("docs/study-format.md names every codebook field and allowed value", "[codebook][docs]") {
    const std::string text = document();
    for (const auto& field : appraise::codebook::v1().fields()) {
        INFO("field " << field.path);
        CHECK(mentions(text, field.path));
        for (const auto& value : field.values) {
            INFO("value " << value);
            CHECK(mentions(text, value));
        }
    }
    for (const auto* words : {&appraise::evidence_sources(), &appraise::bias_directions(), &appraise::resolution_ways(),
                              &appraise::wrapper_keys()})
        for (const auto& word : *words) {
            INFO("word " << word);
            CHECK(mentions(text, word));
        }
}

TEST_CASE("the document check fails on a missing field", "[codebook][docs]") {
    // The check above can fail: a made-up field is not in the document.
    CHECK_FALSE(mentions(document(), "design.no_such_field"));
}
