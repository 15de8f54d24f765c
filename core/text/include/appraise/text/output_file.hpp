// Where a report goes: stdout, or a file written atomically (a temporary file
// in the same folder, renamed into place on success), so a failed run never
// leaves half a report behind.
#pragma once

#include <filesystem>
#include <fstream>
#include <iosfwd>
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
    std::optional<std::ofstream> file_;
    bool committed_ = false;
};

}  // namespace appraise
