// Fuzzes the declarative rubric language: the file's compiler (lexer, parser,
// type checker, constant decider, limits) and, for a rubric that compiles,
// its evaluation over every study of the example corpus.
#include "appraise/declarative/declarative_rubric.hpp"
#include "appraise/declarative/rubric_file.hpp"
#include "appraise/text/utf8.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace appraise;
    const auto compiled = declarative::compile_rubric(fuzz::as_text(data, size), "fuzz.toml");
    for (const auto& problem : compiled.problems) fuzz::require(valid_utf8(problem.message));
    if (!compiled.rubric) return 0;
    const declarative::declarative_rubric rubric(compiled.rubric);
    for (const auto& study : fuzz::example_studies())
        for (const auto& appraisal : rubric.appraise(study))
            for (const auto& finding : appraisal.findings) fuzz::require(valid_utf8(finding.message));
    return 0;
}
