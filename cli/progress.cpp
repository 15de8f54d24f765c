#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace appraise::cli {

progress_meter::progress_meter()
    : enabled_(::isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()), last_(start_) {}

void progress_meter::update(std::size_t studies, std::size_t files) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr, "\rappraise: %zu studies in %zu files, %.0f studies/s", studies, files,
                 static_cast<double>(studies) / seconds);
    std::fflush(stderr);
    shown_ = true;
}

void progress_meter::finish() {
    if (!shown_) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    shown_ = false;
}

}  // namespace appraise::cli
