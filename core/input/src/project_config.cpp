#include "appraise/input/project_config.hpp"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "appraise/input/corpus.hpp"
#include "appraise/input/toml_reader.hpp"
#include "appraise/model/suggest.hpp"
#include "appraise/text/excerpt.hpp"

namespace appraise {

namespace fs = std::filesystem;

namespace {

// $HOME as an absolute folder, or empty when unset or relative.
fs::path home_dir() {
    const char* home = std::getenv("HOME");
    if (home == nullptr || *home == '\0') return {};
    const fs::path path(home);
    return path.is_absolute() ? path.lexically_normal() : fs::path{};
}

bool same_file(const struct stat& a, const struct stat& b) {
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace

std::optional<fs::path> find_config(const std::vector<std::string>& corpus_paths) {
    if (corpus_paths.empty()) return std::nullopt;
    std::error_code error;
    fs::path at = fs::absolute(corpus_paths.front(), error);
    if (error) return std::nullopt;
    // The folders that really hold the corpus, not those a symlink was reached through.
    if (fs::path real = fs::canonical(at, error); !error) at = std::move(real);
    if (!fs::is_directory(at, error)) at = at.parent_path();
    struct stat start {};
    if (::stat(at.c_str(), &start) != 0) return std::nullopt;
    struct stat home {};
    const fs::path home_path = home_dir();
    const bool have_home = !home_path.empty() && ::stat(home_path.c_str(), &home) == 0;
    for (;;) {
        const fs::path candidate = at / config_file_name;
        if (fs::is_regular_file(candidate, error)) return candidate;
        struct stat here {};
        if (::stat(at.c_str(), &here) != 0) return std::nullopt;
        if (have_home && same_file(here, home)) return std::nullopt;  // $HOME is the last folder looked in
        if (!at.has_parent_path() || at.parent_path() == at) return std::nullopt;
        struct stat up {};
        if (::stat(at.parent_path().c_str(), &up) != 0 || up.st_dev != start.st_dev)
            return std::nullopt;  // a filesystem boundary, as git's discovery stops at one
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
    const std::string display = file.lexically_normal().generic_string();
    const auto text = read_text_file(file.string(), display, std::size_t{1} << 20, problems);
    if (!text) {
        project_config config;
        config.file = file;
        return config;
    }
    return config_from_text(*text, file, problems);
}

project_config config_from_text(std::string_view text, const fs::path& file, diagnostics& problems) {
    project_config config;
    config.file = file;
    const std::string display = file.lexically_normal().generic_string();
    toml_document document = parse_toml(text, display);
    for (auto& problem : document.problems) {
        problem.code = "config/syntax-error";
        problems.push_back(std::move(problem));
    }
    if (!document.root) return config;

    const fs::path base = file.parent_path();
    const std::vector<std::string> known = {"rubrics", "plugin_dirs", "rubric_dirs", "options", "screening", "review"};
    for (const auto& [key, value] : document.root->members) {
        if (key == "rubrics") {
            config.rubrics = string_list(value, key, problems);
        } else if (key == "plugin_dirs" || key == "rubric_dirs") {
            auto& dirs = key == "plugin_dirs" ? config.plugin_dirs : config.rubric_dirs;
            auto& where = key == "plugin_dirs" ? config.plugin_dirs_where : config.rubric_dirs_where;
            for (const auto& dir : string_list(value, key, problems)) {
                dirs.push_back(base / dir.name);
                where.push_back(dir.where);
            }
        } else if (key == "screening") {
            if (value.type != sdk::node::kind::string)
                config_error(problems, "`screening` must be the id of one rubric, as a string", value.where,
                             "for example screening = \"trustworthiness\"");
            else
                config.screening = named_value{value.text, value.where};
        } else if (key == "review") {
            config.review = read_review_config(value, base, problems);
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
            std::string message = "unknown configuration key `" + excerpt(key) + "`";
            if (auto near = nearest(key, known)) message += "; did you mean `" + *near + "`?";
            config_error(problems, message, value.where,
                         "known keys: rubrics, plugin_dirs, rubric_dirs, options, screening, review");
        }
    }
    return config;
}

fs::path user_config_path() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0' && fs::path(xdg).is_absolute())
        return fs::path(xdg) / "appraise" / "config.toml";
    const fs::path home = home_dir();
    return home.empty() ? fs::path{} : home / ".config" / "appraise" / "config.toml";
}

user_settings load_user_settings(diagnostics& problems) {
    const fs::path file = user_config_path();
    if (file.empty()) return {};
    return load_user_settings(file, problems);
}

user_settings load_user_settings(const fs::path& file, diagnostics& problems) {
    user_settings settings;
    std::error_code error;
    if (!fs::exists(file, error)) return settings;
    settings.file = file;
    const std::string display = file.lexically_normal().generic_string();
    const auto text = read_text_file(file.string(), display, std::size_t{1} << 20, problems);
    if (!text) return settings;
    toml_document document = parse_toml(*text, display);
    for (auto& problem : document.problems) {
        problem.code = "config/syntax-error";
        problems.push_back(std::move(problem));
    }
    if (!document.root) return settings;
    const std::vector<std::string> known = {"trusted"};
    for (const auto& [key, value] : document.root->members) {
        if (key != "trusted") {
            std::string message = "unknown key `" + excerpt(key) + "` in the user configuration";
            if (auto near = nearest(key, known)) message += "; did you mean `" + *near + "`?";
            config_error(problems, message, value.where, "known keys: trusted (see docs/trust.md)");
            continue;
        }
        for (const auto& entry : string_list(value, key, problems)) {
            if (entry.name == "*") {
                settings.trust_all = true;
                continue;
            }
            fs::path folder(entry.name);
            if (entry.name.rfind("~/", 0) == 0 && !home_dir().empty()) folder = home_dir() / entry.name.substr(2);
            if (!folder.is_absolute()) {
                config_error(problems, "`trusted` entries must be absolute folders, not `" + entry.name + "`",
                             entry.where, "write the full path, e.g. \"/srv/reviews/shared\" or \"~/reviews\"");
                continue;
            }
            settings.trusted.push_back(fs::weakly_canonical(folder, error).lexically_normal());
            if (error) settings.trusted.back() = folder.lexically_normal();
        }
    }
    return settings;
}

std::optional<std::string> untrusted_reason(const fs::path& path, bool sticky_folder_ok) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return std::string("cannot be examined: ") + std::strerror(errno);
    const uid_t me = ::geteuid();
    if (info.st_uid != me && info.st_uid != 0) {
        std::string owner = "uid " + std::to_string(info.st_uid);
        if (const struct passwd* user = ::getpwuid(info.st_uid); user != nullptr && user->pw_name != nullptr)
            owner = std::string(user->pw_name) + " (" + owner + ")";
        return "is owned by " + owner + ", not by you or root";
    }
    const bool group = (info.st_mode & S_IWGRP) != 0;
    const bool others = (info.st_mode & S_IWOTH) != 0;
    if (!group && !others) return std::nullopt;
    if (sticky_folder_ok && S_ISDIR(info.st_mode) && (info.st_mode & S_ISVTX) != 0) return std::nullopt;
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    return std::string("is writable by ") +
           (group && others ? "its group and others"
            : group         ? "its group"
                            : "others") +
           " (mode " + mode + ")";
}

namespace {

// Whether `path` is a trusted folder of the user's list or inside one.
bool listed(const fs::path& path, const user_settings& user) {
    if (user.trust_all) return true;
    for (const auto& folder : user.trusted) {
        auto [end, at] = std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
        if (end == folder.end() || (std::next(end) == folder.end() && end->empty())) return true;
    }
    return false;
}

fs::path real_path(const fs::path& path) {
    std::error_code error;
    fs::path real = fs::weakly_canonical(path, error);
    return error ? path.lexically_normal() : real.lexically_normal();
}

// Why the configuration file may not name code to load, or nullopt.
std::optional<std::string> untrusted_config(const fs::path& file, const user_settings& user) {
    const fs::path real = real_path(file);
    if (listed(real.parent_path(), user)) return std::nullopt;
    if (auto why = untrusted_reason(real)) return real.generic_string() + " " + *why;
    if (auto why = untrusted_reason(real.parent_path(), true))
        return "its folder " + real.parent_path().generic_string() + " " + *why;
    return std::nullopt;
}

}  // namespace

void apply_trust(project_config& config, const user_settings& user, diagnostics& problems) {
    if (config.source != config_source::discovered || !config.file) return;
    const std::string shown = config.file->lexically_normal().generic_string();
    const std::optional<std::string> config_reason = untrusted_config(*config.file, user);
    const fs::path trust_folder = real_path(*config.file).parent_path();
    const fs::path user_file = user.file ? *user.file : user_config_path();
    const std::string settings =
        user_file.empty() ? std::string("$XDG_CONFIG_HOME/appraise/config.toml") : user_file.generic_string();
    const auto screen = [&](std::vector<fs::path>& dirs, std::vector<sdk::source_location>& where, const char* key,
                            bool plugins) {
        std::vector<fs::path> kept;
        std::vector<sdk::source_location> kept_where;
        for (std::size_t i = 0; i < dirs.size(); ++i) {
            const sdk::source_location at = i < where.size() ? where[i] : sdk::source_location{shown, 0, 0};
            const fs::path real = real_path(dirs[i]);
            std::optional<std::string> why;
            fs::path to_list = trust_folder;
            if (config_reason) {
                why = shown + " was found by walking up from the corpus and " + *config_reason +
                      ", so someone else could have written it";
            } else if (std::error_code error; fs::exists(real, error) && !listed(real, user)) {
                if (auto reason = untrusted_reason(real)) {
                    why = "the folder " + real.generic_string() + " " + *reason +
                          ", so someone else could have put code in it";
                    to_list = real;
                }
            }
            if (!why) {
                kept.push_back(dirs[i]);
                kept_where.push_back(at);
                continue;
            }
            const std::string folder = real.generic_string();
            problems.push_back({severity::warning, "config/untrusted-dir",
                                std::string("ignored ") + key + " entry " + folder + ": " + *why, at,
                                std::string("to use it anyway, pass ") + (plugins ? "--plugin-dir " : "--rubric-dir ") +
                                    folder + ", add it to " +
                                    (plugins ? "APPRAISE_PLUGIN_PATH" : "APPRAISE_RUBRIC_PATH") + ", or add \"" +
                                    to_list.generic_string() + "\" to `trusted` in " + settings + " (docs/trust.md)"});
        }
        dirs = std::move(kept);
        where = std::move(kept_where);
    };
    screen(config.plugin_dirs, config.plugin_dirs_where, "plugin_dirs", true);
    screen(config.rubric_dirs, config.rubric_dirs_where, "rubric_dirs", false);
}

}  // namespace appraise
