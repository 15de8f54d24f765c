#include "audit_cache_form.hpp"

#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "appraise/audit/audit_digest.hpp"
#include "appraise/cache/result_codec.hpp"

namespace appraise::cli {

// An entry: the length of the encoded heads (4 bytes), the heads, the digest.
result_cache::kept_form audit_cache_form(const std::shared_ptr<symbol_table>& symbols, const std::string& group_field) {
    result_cache::kept_form form;
    form.encode = [symbols, group_field](const file_result& result) {
        const std::string heads = encode_file_result(audit_heads(result));
        const auto length = static_cast<std::uint32_t>(heads.size());
        std::string entry(sizeof length, '\0');
        std::memcpy(entry.data(), &length, sizeof length);
        entry += heads;
        entry += result.audit_digest ? *result.audit_digest : make_audit_digest(result, group_field, *symbols);
        return entry;
    };
    form.decode = [symbols](std::string_view entry) {
        std::uint32_t length = 0;
        if (entry.size() < sizeof length) throw cache_error("an audit entry cut short");
        std::memcpy(&length, entry.data(), sizeof length);
        if (length > entry.size() - sizeof length) throw cache_error("an audit entry cut short");
        file_result result = decode_file_result(entry.substr(sizeof length, length));
        const std::string_view digest = entry.substr(sizeof length + length);
        try {
            check_audit_digest(digest, result.studies.size(), symbols->size());
        } catch (const std::invalid_argument& refused) {
            throw cache_error(refused.what());
        }
        for (const auto& study : result.studies)
            if (!study.appraisals.empty() || !study.facets.empty())
                throw cache_error("an audit entry of whole results");
        result.audit_digest = std::string(digest);
        return result;
    };
    return form;
}

}  // namespace appraise::cli
