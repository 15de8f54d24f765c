// Fuzzes the study loader (toml++ behind the screen, the study tree, the
// codebook checks) and then every bundled rubric on what loads.
#include "appraise/engine/engine.hpp"
#include "appraise/input/study_loader.hpp"
#include "appraise/text/utf8.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace appraise;
    const loaded_file file = load_study_text(fuzz::as_text(data, size), "fuzz.toml");
    // Whatever the input, every message can go into a JSON or HTML report.
    for (const auto& problem : file.problems) fuzz::require(valid_utf8(problem.message));
    for (const auto& study : file.studies) {
        for (const auto& problem : study.problems) fuzz::require(valid_utf8(problem.message));
        if (!study.usable) continue;
        for (const auto& rubric : fuzz::bundled_rubrics()) {
            try {
                (void)rubric->appraise(study.study);
            } catch (const std::invalid_argument&) {
                // A rubric may refuse a study it cannot read (sdk/helpers.hpp getters);
                // the engine turns that into a finding. Anything else is a bug.
            }
        }
    }
    return 0;
}
