// Runs the selected rubrics over a corpus: each file is read, its studies
// appraised, and the document dropped before results move on, so memory stays
// flat however large the corpus. Work is spread over threads; results reach
// the sink one at a time, in corpus order, whatever the thread count.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "appraise/host/rubric_loading.hpp"
#include "appraise/input/corpus.hpp"
#include "appraise/input/study_loader.hpp"
#include "appraise/model/study_result.hpp"

namespace appraise {

struct engine_options {
    unsigned threads = 0;                   // 0: one per core
    std::vector<std::string> facet_fields;  // study fields to copy into study_result::facets
    load_options loading;                   // value forms higher layers give meaning to (consensus marks)
    // Runs on the worker thread once a file is appraised (formatting output
    // there keeps the ordered writer from becoming the bottleneck); runs again
    // on the calling thread if the duplicate-id check changes the result.
    std::function<void(file_result&)> on_worker;
};

using result_sink = std::function<void(file_result&&)>;

// Appraises one loaded study with each rubric; a rubric that throws yields an
// error finding `<rubric>/rubric-failed` for this study, and the others go on.
[[nodiscard]] std::vector<sdk::appraisal> appraise_study(const sdk::study& study,
                                                         const std::vector<rubric_instance>& rubrics);

// With no rubrics this is a parse-and-check pass.
void run_engine(corpus_walker& corpus, const std::vector<rubric_instance>& rubrics, const engine_options& options,
                const result_sink& sink);

}  // namespace appraise
