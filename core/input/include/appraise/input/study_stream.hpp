// A multi-study file ([[study]] tables) read one study at a time, so a file
// of 100,000 studies costs memory for its text and one study's tree, not for
// the whole document. Each element is parsed on its own, with its lines
// counted from where it starts in the file, so every study, location and
// diagnostic is what loading the file whole gives.
//
// Only a plain multi-study file streams: comments and blank lines before the
// first [[study]], then [[study]] elements whose tables are all under
// `study.`. Anything else (another table, a key outside every study, a
// header the scan cannot be sure of) and any problem found while checking
// the elements leave the file to load_study_text, which says what is wrong.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/input/study_loader.hpp"

namespace appraise {

// Largest file read one study at a time: untrusted input keeps a bound.
inline constexpr std::size_t max_streamed_file_bytes = std::size_t{1} << 30;
// Most [[study]] elements in one streamed file: the element index costs 8
// bytes each, so a file of empty headers cannot cost more than its text.
inline constexpr std::size_t max_streamed_studies = 2'000'000;

// Why a file does not stream, for the message of a file too large to read
// whole: `reason` completes "here ..." ("line 12 holds a key outside every
// study"), `line` is where (0: the file), and `problems` the parse problems
// of the first element that does not parse on its own (its lines as in the file).
struct stream_refusal {
    std::string reason;
    int line = 0;
    diagnostics problems;
};

class study_stream {
public:
    struct element {
        std::uint32_t offset = 0;  // byte where its [[study]] line starts (a streamed file is under 4 GiB)
        std::uint32_t line = 1;    // that line's number in the file
    };

    // nullopt when `text` is not a plain multi-study file, or an element of
    // it does not parse cleanly (checked here, one element at a time, so
    // nothing is handed on from a file that would fail as a whole).
    [[nodiscard]] static std::optional<study_stream> open(std::string text, std::string display_path,
                                                          const load_options& options, stream_refusal* why = nullptr);

    // The next study, in file order; nullopt after the last.
    [[nodiscard]] std::optional<loaded_study> next();
    [[nodiscard]] std::size_t size() const { return starts_.size(); }

private:
    study_stream(std::string text, std::string display_path, const load_options& options, std::vector<element> starts);

    [[nodiscard]] std::string_view chunk(std::size_t k) const;

    std::string text_;
    std::string display_path_;
    const load_options* options_;
    std::vector<element> starts_;
    std::size_t next_ = 0;
};

}  // namespace appraise
