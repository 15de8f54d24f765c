#include "appraise/host/stdout_capture.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace appraise {
namespace {

void flush_stdout() {
    std::cout.flush();
    std::fflush(stdout);
}

}  // namespace

stdout_capture::stdout_capture() {
    flush_stdout();
    capture_ = ::memfd_create("appraise-plugin-stdout", MFD_CLOEXEC);
    if (capture_ < 0) return;
    saved_ = ::fcntl(1, F_DUPFD_CLOEXEC, 3);
    if (saved_ < 0 || ::dup2(capture_, 1) < 0) {
        if (saved_ >= 0) ::close(saved_);
        saved_ = -1;
        ::close(capture_);
        capture_ = -1;
    }
}

stdout_capture::~stdout_capture() {
    if (saved_ < 0) return;
    flush_stdout();
    ::dup2(saved_, 1);
    ::close(saved_);
    ::close(capture_);
}

std::string stdout_capture::take(std::size_t limit, std::size_t* total) {
    if (total != nullptr) *total = 0;
    if (saved_ < 0) return {};
    flush_stdout();
    struct stat info {};
    if (::fstat(capture_, &info) != 0 || info.st_size <= 0) return {};
    const auto size = static_cast<std::size_t>(info.st_size);
    if (total != nullptr) *total = size;
    std::string bytes(std::min(size, limit), '\0');
    std::size_t got = 0;
    while (got < bytes.size()) {
        const ssize_t n = ::pread(capture_, bytes.data() + got, bytes.size() - got, static_cast<off_t>(got));
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
    }
    bytes.resize(got);
    // Empty it and write from the start again (fd 1 shares the file offset).
    if (::ftruncate(capture_, 0) == 0) ::lseek(1, 0, SEEK_SET);
    return bytes;
}

std::string printable_excerpt(const std::string& bytes, std::size_t total) {
    constexpr std::size_t shown = 120;
    std::string text;
    for (std::size_t i = 0; i < bytes.size() && i < shown; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\n') {
            text += "\\n";
        } else if (c < 0x20 || c == 0x7f) {
            static constexpr char hex[] = "0123456789abcdef";
            text += "\\x";
            text += hex[c >> 4];
            text += hex[c & 15];
        } else {
            text += static_cast<char>(c);
        }
    }
    if (total > std::min(bytes.size(), shown)) text += "...";
    return "\"" + text + "\"";
}

}  // namespace appraise
