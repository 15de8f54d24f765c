// Where a report goes: stdout, or a file written atomically (a temporary file
// in the same folder, created exclusively under a random name and renamed into
// place on success), so a failed or interrupted run never leaves half a report
// or a temporary file behind (SIGINT, SIGTERM and SIGHUP remove it too).
#pragma once

#include <filesystem>
#include <fstream>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

namespace appraise {

class output_file {
public:
    // Empty path or "-": standard output. A path naming a device or pipe
    // (/dev/null, /dev/stdout) is written directly, never replaced.
    explicit output_file(const std::string& path);
    ~output_file();
    output_file(const output_file&) = delete;
    output_file& operator=(const output_file&) = delete;

    [[nodiscard]] std::ostream& stream();
    // Flushes and moves the temporary file into place; throws std::runtime_error on failure.
    void commit();

private:
    std::filesystem::path target_;
    std::filesystem::path temporary_;
    std::optional<std::ofstream> file_;     // a device or pipe, written directly
    std::unique_ptr<std::filebuf> buffer_;  // the temporary file (owns its descriptor)
    std::unique_ptr<std::ostream> stream_;
    int slot_ = -1;  // its entry in the interrupt clean-up list
    bool committed_ = false;
};

}  // namespace appraise
