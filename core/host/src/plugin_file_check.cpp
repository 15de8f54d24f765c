#include "appraise/host/plugin_file_check.hpp"

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "appraise/sdk/rubric_api.hpp"

namespace appraise {
namespace {

class file_handle {
public:
    explicit file_handle(const std::filesystem::path& file) : fd_(::open(file.c_str(), O_RDONLY | O_CLOEXEC)) {}
    ~file_handle() {
        if (fd_ >= 0) ::close(fd_);
    }
    file_handle(const file_handle&) = delete;
    file_handle& operator=(const file_handle&) = delete;
    [[nodiscard]] int fd() const { return fd_; }

    // Reads exactly `size` bytes at `offset`.
    [[nodiscard]] bool read(std::uint64_t offset, void* out, std::size_t size) const {
        auto* to = static_cast<char*>(out);
        while (size > 0) {
            const ssize_t n = ::pread(fd_, to, size, static_cast<off_t>(offset));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            to += n;
            offset += static_cast<std::uint64_t>(n);
            size -= static_cast<std::size_t>(n);
        }
        return true;
    }

private:
    int fd_;
};

// offset + count * size, or nullopt on overflow.
std::optional<std::uint64_t> extent(std::uint64_t offset, std::uint64_t count, std::uint64_t size) {
    if (size != 0 && count > (UINT64_MAX - offset) / size) return std::nullopt;
    return offset + count * size;
}

std::string truncated(std::uint64_t have, std::uint64_t need, const char* what) {
    return "the file is truncated: it has " + std::to_string(have) + " bytes, but its " + what + " end at byte " +
           std::to_string(need) + " (an interrupted copy or build? rebuild or copy it again)";
}

}  // namespace

plugin_file_report check_plugin_file(const std::filesystem::path& file) {
    plugin_file_report report;
    const file_handle in(file);
    if (in.fd() < 0) {
        report.refusal = std::string("cannot be opened: ") + std::strerror(errno);
        return report;
    }
    struct stat info {};
    if (::fstat(in.fd(), &info) != 0 || !S_ISREG(info.st_mode)) {
        report.refusal = "not a regular file";
        return report;
    }
    const auto size = static_cast<std::uint64_t>(info.st_size);
    Elf64_Ehdr header{};
    unsigned char ident[EI_NIDENT] = {};
    if (size < EI_NIDENT || !in.read(0, ident, EI_NIDENT) || std::memcmp(ident, ELFMAG, SELFMAG) != 0) {
        report.refusal = "not an ELF shared library";
        return report;
    }
    if (ident[EI_CLASS] != ELFCLASS64) {
        report.refusal = "a 32-bit ELF library; this appraise loads 64-bit ones";
        return report;
    }
    const unsigned char order = std::endian::native == std::endian::little ? ELFDATA2LSB : ELFDATA2MSB;
    if (ident[EI_DATA] != order) {
        report.refusal = "an ELF library of the other byte order";
        return report;
    }
    if (size < sizeof header || !in.read(0, &header, sizeof header)) {
        report.refusal = truncated(size, sizeof header, "ELF header would");
        return report;
    }
    if (header.e_type != ET_DYN) {
        report.refusal = "an ELF file but not a shared library (type " + std::to_string(header.e_type) + ")";
        return report;
    }
    if ((header.e_phnum > 0 && header.e_phentsize != sizeof(Elf64_Phdr)) ||
        (header.e_shnum > 0 && header.e_shentsize != sizeof(Elf64_Shdr))) {
        report.refusal = "malformed ELF headers (unexpected header entry sizes)";
        return report;
    }
    const auto program_end = extent(header.e_phoff, header.e_phnum, header.e_phentsize);
    const auto section_end = extent(header.e_shoff, header.e_shnum, header.e_shentsize);
    if (!program_end || *program_end > size) {
        report.refusal = truncated(size, program_end.value_or(UINT64_MAX), "program headers");
        return report;
    }
    if (!section_end || *section_end > size) {
        report.refusal = truncated(size, section_end.value_or(UINT64_MAX), "section headers");
        return report;
    }
    std::vector<Elf64_Phdr> segments(header.e_phnum);
    if (!segments.empty() && !in.read(header.e_phoff, segments.data(), segments.size() * sizeof(Elf64_Phdr))) {
        report.refusal = "the program headers cannot be read";
        return report;
    }
    for (const auto& segment : segments) {
        const auto end = extent(segment.p_offset, 1, segment.p_filesz);
        if (!end || *end > size) {
            report.refusal = truncated(size, end.value_or(UINT64_MAX), "segments");
            return report;
        }
    }
    std::vector<Elf64_Shdr> sections(header.e_shnum);
    if (!sections.empty() && !in.read(header.e_shoff, sections.data(), sections.size() * sizeof(Elf64_Shdr))) {
        report.refusal = "the section headers cannot be read";
        return report;
    }
    for (const auto& section : sections) {
        if (section.sh_type == SHT_NOBITS) continue;
        const auto end = extent(section.sh_offset, 1, section.sh_size);
        if (!end || *end > size) {
            report.refusal = truncated(size, end.value_or(UINT64_MAX), "sections");
            return report;
        }
    }
    // The dynamic symbol table survives `strip`: it is what dlsym reads.
    for (const auto& section : sections) {
        if (section.sh_type != SHT_DYNSYM || section.sh_entsize != sizeof(Elf64_Sym)) continue;
        if (section.sh_link >= sections.size()) break;
        const Elf64_Shdr& strings_section = sections[section.sh_link];
        if (strings_section.sh_type != SHT_STRTAB || section.sh_size > (std::uint64_t{64} << 20) ||
            strings_section.sh_size > (std::uint64_t{64} << 20))
            break;
        std::vector<Elf64_Sym> symbols(section.sh_size / sizeof(Elf64_Sym));
        std::string names(strings_section.sh_size, '\0');
        if ((!symbols.empty() && !in.read(section.sh_offset, symbols.data(), symbols.size() * sizeof(Elf64_Sym))) ||
            (!names.empty() && !in.read(strings_section.sh_offset, names.data(), names.size())))
            break;
        for (const auto& symbol : symbols) {
            if (symbol.st_shndx == SHN_UNDEF || symbol.st_name >= names.size()) continue;
            const char* name = names.c_str() + symbol.st_name;
            if (std::strcmp(name, sdk::info_symbol) == 0) {
                report.exports_info = true;
                report.info_is_function = ELF64_ST_TYPE(symbol.st_info) == STT_FUNC;
            } else if (std::strcmp(name, sdk::register_symbol) == 0) {
                report.exports_register = true;
            }
        }
        break;
    }
    return report;
}

bool read_memory(const void* address, void* out, std::size_t size) {
    if (address == nullptr) return false;
    int pipe_ends[2];
    if (::pipe2(pipe_ends, O_CLOEXEC) != 0) return false;
    bool ok = true;
    const auto* from = static_cast<const char*>(address);
    auto* to = static_cast<char*>(out);
    while (ok && size > 0) {
        const std::size_t chunk = size < 4096 ? size : 4096;  // below the pipe's capacity
        // The kernel copies from our memory and answers EFAULT where it is not
        // readable. The raw system call, not libc's write(): AddressSanitizer
        // intercepts write() and would report this deliberate probe (which may
        // read past the end of a string literal, to the end of its page) as an
        // overflow.
        const auto written = ::syscall(SYS_write, pipe_ends[1], from, chunk);
        ok = written == static_cast<long>(chunk) && ::read(pipe_ends[0], to, chunk) == written;
        from += chunk;
        to += chunk;
        size -= chunk;
    }
    ::close(pipe_ends[0]);
    ::close(pipe_ends[1]);
    return ok;
}

std::optional<std::string> read_c_string(const char* address, std::size_t limit) {
    if (address == nullptr) return std::nullopt;
    std::string text;
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    auto at = reinterpret_cast<std::uintptr_t>(address);
    while (text.size() <= limit) {
        // Up to the end of the page: a readable byte's page is readable to its end.
        const std::size_t chunk = static_cast<std::size_t>(page - at % page);
        std::string piece(chunk, '\0');
        // An address the plugin gave as a number; read through a pipe, so a bad one fails cleanly.
        if (!read_memory(reinterpret_cast<const void*>(at), piece.data(), chunk))  // NOLINT(performance-no-int-to-ptr)
            return std::nullopt;
        const auto nul = piece.find('\0');
        if (nul != std::string::npos) {
            text.append(piece, 0, nul);
            return text.size() <= limit ? std::optional<std::string>(text) : std::nullopt;
        }
        text += piece;
        at += chunk;
    }
    return std::nullopt;
}

}  // namespace appraise
