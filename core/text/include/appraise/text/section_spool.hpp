// Report sections that fill up study by study but are printed one after the
// other (a table per rubric, then the findings): each section is spooled to an
// anonymous temporary file, so memory stays flat however large the corpus.
// A worker renders a file's part of every section into one string, sections
// separated by `separator`; `add` splits it into the spools.
#pragma once

#include <cstdio>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace appraise {

class section_spool {
public:
    static constexpr char separator = '\x1e';  // ASCII record separator: never in report text

    explicit section_spool(std::size_t sections);
    ~section_spool();
    section_spool(const section_spool&) = delete;
    section_spool& operator=(const section_spool&) = delete;

    // Appends each part of `rendered` (split at `separator`) to its section.
    void add(std::string_view rendered);
    [[nodiscard]] bool empty(std::size_t section) const { return sizes_.at(section) == 0; }
    // Copies a section's text to `out`.
    void copy(std::size_t section, std::ostream& out);

private:
    std::vector<std::FILE*> files_;
    std::vector<std::size_t> sizes_;
};

// Removes the separator from text that goes into a section.
[[nodiscard]] std::string without_separator(std::string_view text);

}  // namespace appraise
