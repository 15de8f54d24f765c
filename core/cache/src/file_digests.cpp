#include "appraise/cache/file_digests.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include "appraise/cache/digest.hpp"

namespace appraise {
namespace {

constexpr std::string_view magic = "appraise-file-digests 1\n";
constexpr std::size_t max_memo = std::size_t{1} << 20;
constexpr std::size_t max_entries = 4096;
constexpr std::size_t hex_size = 64;

void put_u64(std::string& out, std::uint64_t value) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFU));
}

bool take_u64(std::string_view& in, std::uint64_t& value) {
    if (in.size() < 8) return false;
    value = 0;
    for (std::size_t i = 0; i < 8; ++i) value |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[i])) << (8 * i);
    in.remove_prefix(8);
    return true;
}

bool is_hex(std::string_view text) {
    for (const char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace

std::string file_digests::encode(const std::map<std::string, entry>& entries) {
    std::string out(magic);
    put_u64(out, entries.size());
    for (const auto& [path, e] : entries) {
        put_u64(out, path.size());
        out += path;
        out += encode_stat(e.stat);
        put_u64(out, static_cast<std::uint64_t>(e.hashed_at_ns));
        out += e.digest;
    }
    return out;
}

std::optional<std::map<std::string, file_digests::entry>> file_digests::decode(std::string_view in) {
    if (in.size() > max_memo || in.substr(0, magic.size()) != magic) return std::nullopt;
    in.remove_prefix(magic.size());
    std::uint64_t count = 0;
    if (!take_u64(in, count) || count > max_entries) return std::nullopt;
    std::map<std::string, entry> entries;
    for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t size = 0;
        if (!take_u64(in, size) || size > in.size()) return std::nullopt;
        std::string path(in.substr(0, size));
        in.remove_prefix(size);
        if (in.size() < encoded_stat_size) return std::nullopt;
        const auto stat = decode_stat(in.substr(0, encoded_stat_size));
        in.remove_prefix(encoded_stat_size);
        std::uint64_t at = 0;
        if (!stat || !take_u64(in, at) || in.size() < hex_size) return std::nullopt;
        entry e{*stat, static_cast<std::int64_t>(at), std::string(in.substr(0, hex_size))};
        in.remove_prefix(hex_size);
        if (!is_hex(e.digest) || !entries.emplace(std::move(path), std::move(e)).second) return std::nullopt;
    }
    if (!in.empty()) return std::nullopt;
    return entries;
}

file_digests::file_digests(std::filesystem::path memo) : memo_(std::move(memo)) {
    const auto bytes = read_bounded(memo_, max_memo);
    if (!bytes) return;
    if (auto entries = decode(*bytes)) kept_ = std::move(*entries);
}

std::optional<std::string> file_digests::digest(const std::filesystem::path& file, std::size_t limit) {
    const std::string key = file.string();
    const std::int64_t began = wall_clock_ns();  // before the stat and the bytes
    // The stat and the bytes of one open file (/proc/self/exe is the running
    // image even when its path has been replaced since).
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    struct stat st {};
    std::optional<file_stat> now;
    if (::fstat(fd, &st) == 0) now = stat_of(st);
    if (now) {
        const auto kept = kept_.find(key);
        if (kept != kept_.end() && kept->second.stat == *now &&
            stat_is_settled(kept->second.stat, kept->second.hashed_at_ns)) {
            ::close(fd);
            ++reused_;
            used_[key] = kept->second;
            return kept->second.digest;
        }
    }
    sha256 hash;
    std::size_t total = 0;
    std::array<char, 65536> buffer{};
    bool failed = false;
    for (;;) {
        const ssize_t got = ::read(fd, buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) failed = true;
        if (got <= 0) break;
        total += static_cast<std::size_t>(got);
        if (total > limit) {
            failed = true;
            break;
        }
        hash.add({buffer.data(), static_cast<std::size_t>(got)});
    }
    ::close(fd);
    if (failed) return std::nullopt;
    std::string hex = hash.hex();
    if (now && !memo_.empty() && used_.size() < max_entries) {
        used_[key] = entry{*now, began, hex};
        changed_ = true;
    }
    return hex;
}

void file_digests::save() const {
    if (!changed_ || memo_.empty()) return;
    std::error_code error;
    if (!std::filesystem::is_directory(memo_.parent_path().empty() ? "." : memo_.parent_path(), error)) return;
    const std::filesystem::path temporary = memo_.string() + ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) return;
        const std::string bytes = encode(used_);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) {
            std::filesystem::remove(temporary, error);
            return;
        }
    }
    std::filesystem::rename(temporary, memo_, error);
    if (error) std::filesystem::remove(temporary, error);
}

}  // namespace appraise
