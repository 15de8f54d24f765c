// The engine's one hook for results kept between runs (core/cache): asked on
// the worker before a file is read, told a file's result after it was
// appraised. The engine neither knows nor cares where results are kept.
#pragma once

#include <optional>
#include <string>

#include "appraise/input/corpus.hpp"
#include "appraise/model/study_result.hpp"

namespace appraise {

class file_memo {
public:
    file_memo() = default;
    file_memo(const file_memo&) = delete;
    file_memo& operator=(const file_memo&) = delete;
    virtual ~file_memo() = default;

    // On a worker, before `file` is read: the result an earlier run kept for
    // the same bytes under the same run identity, or nullopt. `ticket` is set
    // to what remember() needs for this file. Must be thread-safe.
    [[nodiscard]] virtual std::optional<file_result> recall(const corpus_file& file, std::string& ticket) = 0;
    // On a worker, after a miss: the file's result as the engine made it,
    // before the corpus-wide duplicate-id check. Must be thread-safe.
    virtual void remember(const std::string& ticket, const file_result& result) = 0;

protected:
    file_memo(file_memo&&) = default;
    file_memo& operator=(file_memo&&) = default;
};

}  // namespace appraise
