#include "appraise/text/output_file.hpp"

#include <unistd.h>

#include <cstring>
#include <iostream>
#include <stdexcept>

namespace appraise {

namespace fs = std::filesystem;

output_file::output_file(const std::string& path) {
    if (path.empty() || path == "-") return;
    target_ = path;
    std::error_code error;
    const auto status = fs::status(target_, error);
    const bool special = !error && fs::exists(status) && !fs::is_regular_file(status);
    if (special) {
        file_.emplace(target_, std::ios::binary);
    } else {
        temporary_ = target_;
        temporary_ += ".tmp-" + std::to_string(::getpid());
        file_.emplace(temporary_, std::ios::binary | std::ios::trunc);
    }
    if (!*file_)
        throw std::runtime_error("cannot write " + (temporary_.empty() ? target_ : temporary_).generic_string() + ": " +
                                 std::strerror(errno));
}

output_file::~output_file() {
    if (!committed_ && !temporary_.empty()) {
        file_.reset();
        std::error_code ignored;
        fs::remove(temporary_, ignored);
    }
}

std::ostream& output_file::stream() {
    return file_ ? static_cast<std::ostream&>(*file_) : std::cout;
}

void output_file::commit() {
    stream().flush();
    if (!stream()) throw std::runtime_error("writing " + target_.generic_string() + " failed");
    if (file_) file_->close();
    if (!temporary_.empty()) {
        std::error_code error;
        fs::rename(temporary_, target_, error);
        if (error)
            throw std::runtime_error("cannot move the report into " + target_.generic_string() + ": " +
                                     error.message());
    }
    committed_ = true;
}

}  // namespace appraise
