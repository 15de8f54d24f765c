#include "appraise/input/project_config.hpp"

#include "appraise/input/corpus.hpp"
#include "appraise/input/toml_reader.hpp"
#include "appraise/model/suggest.hpp"

namespace appraise {

namespace fs = std::filesystem;

std::optional<fs::path> find_config(const std::vector<std::string>& corpus_paths) {
    if (corpus_paths.empty()) return std::nullopt;
    std::error_code error;
    fs::path at = fs::absolute(corpus_paths.front(), error);
    if (error) return std::nullopt;
    if (!fs::is_directory(at, error)) at = at.parent_path();
    for (;;) {
        const fs::path candidate = at / config_file_name;
        if (fs::is_regular_file(candidate, error)) return candidate;
        if (!at.has_parent_path() || at.parent_path() == at) return std::nullopt;
        at = at.parent_path();
    }
}

namespace {

void config_error(diagnostics& problems, std::string message, const sdk::source_location& where,
                  std::string hint = {}) {
    problems.push_back({severity::error, "config/invalid", std::move(message), where, std::move(hint)});
}

std::vector<named_value> string_list(const sdk::node& value, const std::string& key, diagnostics& problems) {
    std::vector<named_value> names;
    if (value.type != sdk::node::kind::array) {
        config_error(problems, "`" + key + "` must be an array of strings", value.where,
                     "for example " + key + " = [\"design-weakness\"]");
        return names;
    }
    for (const auto& item : value.items) {
        if (item.type != sdk::node::kind::string)
            config_error(problems, "`" + key + "` must hold strings only", item.where);
        else
            names.push_back({item.text, item.where});
    }
    return names;
}

}  // namespace

project_config load_config(const fs::path& file, diagnostics& problems) {
    project_config config;
    config.file = file;
    const std::string display = file.lexically_normal().generic_string();
    const auto text = read_text_file(file.string(), display, std::size_t{1} << 20, problems);
    if (!text) return config;
    toml_document document = parse_toml(*text, display);
    for (auto& problem : document.problems) {
        problem.code = "config/syntax-error";
        problems.push_back(std::move(problem));
    }
    if (!document.root) return config;

    const fs::path base = file.parent_path();
    const std::vector<std::string> known = {"rubrics", "plugin_dirs", "rubric_dirs", "options"};
    for (const auto& [key, value] : document.root->members) {
        if (key == "rubrics") {
            config.rubrics = string_list(value, key, problems);
        } else if (key == "plugin_dirs" || key == "rubric_dirs") {
            auto& dirs = key == "plugin_dirs" ? config.plugin_dirs : config.rubric_dirs;
            for (const auto& dir : string_list(value, key, problems)) dirs.push_back(base / dir.name);
        } else if (key == "options") {
            if (value.type != sdk::node::kind::table) {
                config_error(problems, "`options` must be a table of tables, one per rubric", value.where,
                             "write [options.design-weakness] followed by its options");
                continue;
            }
            for (const auto& [rubric, table] : value.members) {
                if (table.type != sdk::node::kind::table)
                    config_error(problems, "`options." + rubric + "` must be a table", table.where);
                else
                    config.options.emplace(rubric, table);
            }
        } else {
            std::string message = "unknown configuration key `" + key + "`";
            if (auto near = nearest(key, known)) message += "; did you mean `" + *near + "`?";
            config_error(problems, message, value.where, "known keys: rubrics, plugin_dirs, rubric_dirs, options");
        }
    }
    return config;
}

}  // namespace appraise
