// How an audit's cache keeps each file (result_cache::kept_form): the
// studies' heads, encoded as any result (result_codec.hpp), then the audit
// digest of their appraisals (audit_digest.hpp), whose symbols the cache
// keeps once (result_cache::keep_symbols). A warm audit so decodes a few
// hundred bytes a file and counts by number.
#pragma once

#include <memory>
#include <string>

#include "appraise/cache/result_cache.hpp"
#include "appraise/model/symbol_table.hpp"

namespace appraise::cli {

[[nodiscard]] result_cache::kept_form audit_cache_form(const std::shared_ptr<symbol_table>& symbols,
                                                       const std::string& group_field);

}  // namespace appraise::cli
