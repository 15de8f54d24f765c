#include "appraise/model/diagnostic.hpp"

#include <algorithm>

namespace appraise {

bool has_errors(const diagnostics& list) {
    return std::any_of(list.begin(), list.end(), [](const diagnostic& d) { return d.level == severity::error; });
}

std::string format_location(const source_location& where) {
    std::string text = where.file;
    if (where.line > 0) {
        text += ':' + std::to_string(where.line);
        if (where.column > 0) text += ':' + std::to_string(where.column);
    }
    return text;
}

}  // namespace appraise
