#include "serve_security.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace appraise::cli {

std::string random_token() {
    std::array<unsigned char, 16> bytes{};
    std::ifstream random("/dev/urandom", std::ios::binary);
    if (!random.read(reinterpret_cast<char*>(bytes.data()), bytes.size()))
        throw std::runtime_error("cannot read /dev/urandom for the access token");
    static constexpr char digits[] = "0123456789abcdef";
    std::string token;
    for (const unsigned char b : bytes) {
        token.push_back(digits[b >> 4U]);
        token.push_back(digits[b & 0xFU]);
    }
    return token;
}

bool same_token(std::string_view given, std::string_view token) {
    if (given.size() != token.size() || token.empty()) return false;
    unsigned difference = 0;
    for (std::size_t i = 0; i < token.size(); ++i)
        difference |=
            static_cast<unsigned>(static_cast<unsigned char>(given[i]) ^ static_cast<unsigned char>(token[i]));
    return difference == 0;
}

bool allowed_host(std::string_view host, int port) {
    const std::string with_port = ":" + std::to_string(port);
    for (const std::string_view name : {"127.0.0.1", "localhost"}) {
        if (host == name) return true;
        if (host.size() == name.size() + with_port.size() && host.substr(0, name.size()) == name &&
            host.substr(name.size()) == with_port)
            return true;
    }
    return false;
}

bool allowed_origin(std::string_view origin, int port) {
    if (origin.empty()) return true;
    const std::string_view scheme = "http://";
    if (origin.substr(0, scheme.size()) != scheme) return false;
    return allowed_host(origin.substr(scheme.size()), port);
}

std::string cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto end = header.find(';');
        std::string_view part = header.substr(0, end);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=')
            return std::string(part.substr(name.size() + 1));
        if (end == std::string_view::npos) break;
        header.remove_prefix(end + 1);
    }
    return {};
}

std::optional<corpus_path> resolve_in_corpus(const std::filesystem::path& root, std::string_view relative,
                                             std::string& why) {
    namespace fs = std::filesystem;
    if (relative.empty() || relative.find('\0') != std::string_view::npos) {
        why = "no file named";
        return std::nullopt;
    }
    const fs::path given{std::string(relative)};
    if (given.is_absolute() || given.has_root_name() || given.has_root_directory() || relative.front() == '/') {
        why = "an absolute path is refused: name the file relative to the corpus folder";
        return std::nullopt;
    }
    for (const auto& part : given)
        if (part == "..") {
            why = "a path with `..` is refused";
            return std::nullopt;
        }
    if (given.extension() != ".toml") {
        why = "only the corpus's .toml files are served";
        return std::nullopt;
    }
    std::error_code error;
    const fs::path real = fs::canonical(root / given, error);
    if (error || !fs::is_regular_file(real, error)) {
        why = "no such study file in the corpus";
        return std::nullopt;
    }
    // Component by component: /corpus-other is not inside /corpus.
    auto inside = real.begin();
    for (auto part = root.begin(); part != root.end(); ++part, ++inside)
        if (inside == real.end() || *inside != *part) {
            why = "the file lies outside the corpus folder (a symbolic link out of it?)";
            return std::nullopt;
        }
    return corpus_path{real, fs::relative(real, root, error).generic_string()};
}

}  // namespace appraise::cli
