// The page `appraise serve` gives the browser (cli/serve_assets/), compiled
// into the executable by cmake/embed_assets.cmake: no file is read at run
// time and nothing is fetched from outside the machine.
#pragma once

#include <string_view>
#include <vector>

namespace appraise::cli {

struct serve_asset {
    std::string_view name;          // "app.js", as requested under /assets/
    std::string_view content_type;  // "text/javascript; charset=utf-8"
    std::string_view bytes;
};

[[nodiscard]] const std::vector<serve_asset>& serve_assets();

}  // namespace appraise::cli
