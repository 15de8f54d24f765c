// Rubric tests load the bundled plugins through the host, as a real run does;
// these helpers find a rubric there and create it with options written as TOML.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <string_view>

#include "appraise/input/toml_reader.hpp"
#include "appraise/model/rubric_options.hpp"
#include "test_support.hpp"

namespace appraise::test {

// The bundled plugins, loaded once per test program.
inline const rubric_registry& bundled_registry() {
    static const rubric_registry loaded = [] {
        rubric_registry registry;
        load_bundled(registry);
        return registry;
    }();
    return loaded;
}

inline const rubric_entry& bundled_rubric(std::string_view id) {
    const rubric_entry* found = bundled_registry().find(id);
    std::string failures;
    for (const auto& failure : bundled_registry().failures()) failures += failure.origin + ": " + failure.reason + "\n";
    INFO("plugin folder " << plugin_dir << "\n" << failures);
    REQUIRE(found != nullptr);
    return *found;
}

// Options as [options.<id>] would give them (`options_toml` holds the table's
// keys; empty: the defaults). Any problem fails the test.
inline sdk::option_values rubric_options(const rubric_entry& rubric, const std::string& options_toml = {}) {
    diagnostics problems;
    sdk::option_values values;
    if (options_toml.empty()) {
        values = resolve_options(rubric.description, nullptr, problems);
    } else {
        auto document = parse_toml(options_toml, "appraise.toml");
        REQUIRE(document.root);
        values = resolve_options(rubric.description, &*document.root, problems);
    }
    INFO(options_toml);
    REQUIRE(problems.empty());
    return values;
}

inline std::unique_ptr<sdk::rubric> make_bundled_rubric(std::string_view id, const std::string& options_toml = {}) {
    const rubric_entry& rubric = bundled_rubric(id);
    auto made = rubric.factory(rubric_options(rubric, options_toml));
    REQUIRE(made != nullptr);
    return made;
}

}  // namespace appraise::test
