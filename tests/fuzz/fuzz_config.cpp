// Fuzzes the project configuration (appraise.toml): parsing, validation, the
// trust rules, and the options it gives each bundled rubric.
#include "appraise/input/project_config.hpp"
#include "appraise/model/rubric_options.hpp"
#include "appraise/model/rubric_registry.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace appraise;
    diagnostics problems;
    project_config config = config_from_text(fuzz::as_text(data, size), "/nonexistent/appraise.toml", problems);
    apply_trust(config, user_settings{}, problems);
    for (const auto& [id, table] : config.options)
        if (const rubric_entry* entry = fuzz::bundled_registry().find(id))
            (void)resolve_options(entry->description, &table, problems);
    return 0;
}
