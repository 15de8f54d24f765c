// Progress of long runs on stderr: only when stderr is a terminal, only once
// a run has taken more than a second, and at most a few updates a second, so
// short runs and redirected output stay quiet.
#pragma once

#include <chrono>
#include <cstddef>

namespace appraise::cli {

class progress_meter {
public:
    progress_meter();  // enabled when stderr is a terminal
    ~progress_meter() { finish(); }
    progress_meter(const progress_meter&) = delete;
    progress_meter& operator=(const progress_meter&) = delete;

    void update(std::size_t studies, std::size_t files);
    // Clears the line (if anything was shown).
    void finish();

private:
    bool enabled_ = false;
    bool shown_ = false;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_;
};

}  // namespace appraise::cli
