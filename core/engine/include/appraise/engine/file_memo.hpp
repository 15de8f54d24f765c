// The engine's one hook for results kept between runs (core/cache): asked on
// the worker before a file is read, told a file's result after it was
// appraised. The engine neither knows nor cares where results are kept.
#pragma once

#include <cstddef>
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

    // A large file read one study at a time (engine_options::stream_file_bytes,
    // file_result::continued), the same way: how many parts an earlier run
    // kept for the same bytes, or nullopt (`ticket` set as by recall()); then
    // each part in order from recall_part (nullopt: refused, and the engine
    // reads the file from that part on). Thread-safe, like the others.
    [[nodiscard]] virtual std::optional<std::size_t> recall_parts(const corpus_file& /*file*/, std::string& ticket) {
        ticket.clear();
        return std::nullopt;
    }
    [[nodiscard]] virtual std::optional<file_result> recall_part(const corpus_file& /*file*/, std::size_t /*part*/) {
        return std::nullopt;
    }
    // After a miss: each part as the engine made it (false: not kept, and then
    // neither is the file), then, after the last, how many there were. Only
    // then is the file kept, and only if its bytes are still the ones hashed.
    virtual bool remember_part(const corpus_file& /*file*/, std::size_t /*part*/, const file_result& /*result*/) {
        return false;
    }
    virtual void remember_parts(const std::string& /*ticket*/, const corpus_file& /*file*/, std::size_t /*count*/) {}

protected:
    file_memo(file_memo&&) = default;
    file_memo& operator=(file_memo&&) = default;
};

}  // namespace appraise
