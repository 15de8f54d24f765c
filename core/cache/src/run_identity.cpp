#include "appraise/cache/run_identity.hpp"

#include <cstdint>
#include <cstring>
#include <variant>

#include "appraise/cache/digest.hpp"
#include "appraise/cache/file_digests.hpp"
#include "appraise/model/version.hpp"

namespace appraise {
namespace {

// A rubric library or rubric file is at most this large; a larger one (or
// one that cannot be read) is named by its path alone.
constexpr std::size_t max_identity_file = std::size_t{1} << 30;

std::string digest_of_file(const std::filesystem::path& file, file_digests& digests) {
    auto digest = digests.digest(file, max_identity_file);
    if (!digest) return "unreadable:" + file.string();
    return std::move(*digest);
}

std::string option_text(const sdk::option_value& value) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>) {
                return v ? "b:true" : "b:false";
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return "i:" + std::to_string(v);
            } else if constexpr (std::is_same_v<T, double>) {
                std::uint64_t bits = 0;
                std::memcpy(&bits, &v, sizeof bits);
                return "d:" + std::to_string(bits);
            } else {
                return "s:" + v;
            }
        },
        value);
}

}  // namespace

std::string run_identity(const std::vector<rubric_instance>& rubrics, const project_config& config,
                         std::string_view purpose, file_digests* digests) {
    file_digests none;
    file_digests& files = digests != nullptr ? *digests : none;
    sha256 key;
    key.field("appraise run identity 2").field(tool_name).field(tool_version);
    key.field(digest_of_file("/proc/self/exe", files));
    key.field(purpose);
    key.field(config.file ? digest_of_file(*config.file, files) : "no configuration");
    key.field(std::to_string(rubrics.size()));
    for (const auto& rubric : rubrics) {
        const auto& entry = *rubric.entry;
        key.field(entry.description.id).field(entry.description.version).field(entry.provider).field(entry.origin);
        key.field(entry.origin.empty() ? "built in" : digest_of_file(entry.origin, files));
        key.field(std::to_string(rubric.options.size()));
        for (const auto& [name, value] : rubric.options) key.field(name).field(option_text(value));
    }
    return key.hex();
}

}  // namespace appraise
