// appraise.toml: the rubrics a corpus is appraised with, where plugins and
// declarative rubrics live, and each rubric's options. Found by walking up
// from the corpus paths, or named with --config.
//
// A discovered configuration is data that came with the corpus: it may choose
// rubrics and options, but its plugin_dirs and rubric_dirs are honoured only
// when nobody but the invoking user (or root) could have written the file and
// each folder it names, as git does for repositories (docs/trust.md).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/input/review_config.hpp"
#include "appraise/model/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise {

struct named_value {
    std::string name;
    sdk::source_location where;
};

// How the configuration was chosen: named with --config (the user chose it,
// so it is trusted) or found by walking up from the corpus.
enum class config_source { named, discovered };

struct project_config {
    std::optional<std::filesystem::path> file;       // nullopt: no appraise.toml found
    config_source source = config_source::named;     // set by whoever found the file
    std::vector<named_value> rubrics;                // `rubrics = [...]`, with where each id is written
    std::vector<std::filesystem::path> plugin_dirs;  // resolved against the config file's folder
    std::vector<std::filesystem::path> rubric_dirs;
    std::vector<sdk::source_location> plugin_dirs_where;  // where each plugin_dirs entry is written
    std::vector<sdk::source_location> rubric_dirs_where;
    std::map<std::string, sdk::node, std::less<>> options;  // [options.<rubric-id>] tables
    // `screening = "<rubric-id>"`: the rubric run before the others, whose
    // overall on the ladder's top rung marks a study excluded from synthesis
    // pending review (study_result::screened_out).
    std::optional<named_value> screening;
    review_config review;  // [review] and [[review.outcomes]]: what `appraise grade` reads
};

// The nearest appraise.toml in the folder of the first path or any folder
// above it. The walk stops at $HOME (the last folder looked in) and at a
// filesystem boundary (a parent on another device is not looked in).
[[nodiscard]] std::optional<std::filesystem::path> find_config(const std::vector<std::string>& corpus_paths);

// Reads and validates a configuration; problems are configuration errors.
[[nodiscard]] project_config load_config(const std::filesystem::path& file, diagnostics& problems);
// The same for text already read, as if from `file` (relative folders are
// resolved against its folder; its name is in every location).
[[nodiscard]] project_config config_from_text(std::string_view text, const std::filesystem::path& file,
                                              diagnostics& problems);

// The user's own settings, from $XDG_CONFIG_HOME/appraise/config.toml
// (~/.config/appraise/config.toml when XDG_CONFIG_HOME is unset):
//   trusted = ["/srv/reviews/shared", "~/team"]   # folders trusted whoever owns them
struct user_settings {
    std::optional<std::filesystem::path> file;   // the file read, nullopt when there is none
    std::vector<std::filesystem::path> trusted;  // absolute; each trusts itself and everything below it
    bool trust_all = false;                      // trusted = ["*"]: no ownership checks at all
};

// Where the user's settings file is; empty when neither XDG_CONFIG_HOME nor HOME is set.
[[nodiscard]] std::filesystem::path user_config_path();

// Reads user_config_path() (or `file`); a missing file is no settings and no problem.
[[nodiscard]] user_settings load_user_settings(diagnostics& problems);
[[nodiscard]] user_settings load_user_settings(const std::filesystem::path& file, diagnostics& problems);

// Why nobody but the invoking user could have written `path` is not so, or
// nullopt when it is: owned by the effective user or root, and not writable
// by group or others. `sticky_folder_ok`: a folder writable by others with
// the sticky bit (/tmp) is accepted, since nobody else can replace what the
// user owns in it.
[[nodiscard]] std::optional<std::string> untrusted_reason(const std::filesystem::path& path,
                                                          bool sticky_folder_ok = false);

// For a discovered configuration, drops each plugin_dirs and rubric_dirs
// entry that is not trusted (the file or its folder could have been written
// by someone else, or the named folder could), with one `config/untrusted-dir`
// warning per entry saying how to trust it. A named configuration is left as it is.
void apply_trust(project_config& config, const user_settings& user, diagnostics& problems);

}  // namespace appraise
