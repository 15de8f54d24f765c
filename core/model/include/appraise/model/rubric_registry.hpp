// Every rubric available to a run, whichever way it arrived (native plugin or
// declarative file), plus what failed to load and why. The registry owns the
// loaded libraries for the whole run and never unloads one during it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

enum class rubric_kind { plugin, declarative };

[[nodiscard]] std::string_view to_string(rubric_kind kind);

struct rubric_entry {
    // First member, so destroyed last: the factory's code lives in the library.
    std::shared_ptr<void> library;  // keeps the plugin's code loaded while anything it made lives
    sdk::rubric_description description;
    sdk::rubric_factory factory;
    rubric_kind kind = rubric_kind::plugin;
    std::string origin;    // the file it was loaded from
    bool bundled = false;  // a plugin from the installation's own plugin folder
    std::string provider;  // "plugin-name version" for plugins
    int api_major = 0;     // the plugin API it was built against
    int api_minor = 0;
};

struct load_failure {
    std::string origin;  // file or directory
    std::string reason;
};

class rubric_registry {
public:
    // Adds a rubric; a second rubric with an id already taken is refused as a failure.
    void add(rubric_entry entry);
    void fail(std::string origin, std::string reason);

    [[nodiscard]] const rubric_entry* find(std::string_view id) const;
    [[nodiscard]] std::vector<std::string> ids() const;              // sorted
    [[nodiscard]] std::vector<const rubric_entry*> entries() const;  // sorted by id
    [[nodiscard]] const std::vector<load_failure>& failures() const { return failures_; }

private:
    std::vector<rubric_entry> entries_;
    std::vector<load_failure> failures_;
};

}  // namespace appraise
