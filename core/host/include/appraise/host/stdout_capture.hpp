// Keeps plugin code from writing into a report: while a capture is active,
// file descriptor 1 points at an anonymous in-memory file, and what was
// written there can be taken out. Process-wide (it moves fd 1), so use it only
// where no other thread writes to stdout: in an isolated worker, or while the
// host is still single-threaded (loading plugins, creating rubrics).
#pragma once

#include <cstddef>
#include <string>

namespace appraise {

class stdout_capture {
public:
    // Flushes what the host had written, then redirects fd 1.
    stdout_capture();
    // Puts the original stdout back (what is still captured is dropped).
    ~stdout_capture();
    stdout_capture(const stdout_capture&) = delete;
    stdout_capture& operator=(const stdout_capture&) = delete;

    // What was written since the start or the last take(), at most `limit`
    // bytes of it (`total` says how much there was); the file is emptied.
    [[nodiscard]] std::string take(std::size_t limit, std::size_t* total = nullptr);

    // Whether fd 1 was redirected (false if no in-memory file could be made).
    [[nodiscard]] bool active() const { return saved_ >= 0; }

private:
    int saved_ = -1;  // the original fd 1
    int capture_ = -1;
};

// A short printable excerpt of bytes a plugin wrote, for a log line.
[[nodiscard]] std::string printable_excerpt(const std::string& bytes, std::size_t total);

}  // namespace appraise
