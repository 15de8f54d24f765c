#include "appraise/text/section_spool.hpp"

#include <array>
#include <ostream>
#include <stdexcept>

namespace appraise {

section_spool::section_spool(std::size_t sections) : sizes_(sections, 0) {
    for (std::size_t i = 0; i < sections; ++i) {
        std::FILE* file = std::tmpfile();
        if (file == nullptr) {
            for (std::FILE* open : files_) std::fclose(open);
            throw std::runtime_error("cannot create a temporary file for the report");
        }
        files_.push_back(file);
    }
}

section_spool::~section_spool() {
    for (std::FILE* file : files_) std::fclose(file);
}

void section_spool::add(std::string_view rendered) {
    std::size_t section = 0;
    while (section < files_.size()) {
        const auto end = rendered.find(separator);
        const std::string_view part = rendered.substr(0, end);
        if (!part.empty()) {
            if (std::fwrite(part.data(), 1, part.size(), files_[section]) != part.size())
                throw std::runtime_error("cannot write the report's temporary file");
            sizes_[section] += part.size();
        }
        if (end == std::string_view::npos) break;
        rendered.remove_prefix(end + 1);
        ++section;
    }
}

void section_spool::copy(std::size_t section, std::ostream& out) {
    std::FILE* file = files_.at(section);
    std::rewind(file);
    std::array<char, 65536> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), file)) > 0)
        out.write(buffer.data(), static_cast<std::streamsize>(n));
    std::fseek(file, 0, SEEK_END);
}

std::string without_separator(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c == section_spool::separator) c = ' ';
    return out;
}

}  // namespace appraise
