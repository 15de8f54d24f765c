// `appraise new-plugin NAME [--dir DIR]`: writes a rubric plugin project that
// builds against this installation (find_package(appraise)): a CMakeLists.txt,
// one rubric source, fixture studies and a CTest test that passes as written.
// The files come from the templates in <prefix>/share/appraise/templates/
// new-plugin (the build tree mirrors it), with @NAME@-style placeholders
// filled in, so packagers and users can read and adapt them. The project
// appears whole or not at all: it is written into a hidden sibling folder and
// renamed into place.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>
#include <utility>
#include <vector>

#include "appraise/input/install_layout.hpp"
#include "appraise/model/version.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "terminal.hpp"

namespace appraise::cli {
namespace {

namespace fs = std::filesystem;

using replacements = std::vector<std::pair<std::string, std::string>>;

// Rubric ids are kebab-case: they name the plugin file, the CMake target and
// every finding ("<id>/<slug>").
bool valid_plugin_name(const std::string& name) {
    if (name.empty() || name.size() > 64 || name.front() < 'a' || name.front() > 'z') return false;
    if (name.back() == '-' || name.find("--") != std::string::npos) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::string identifier(std::string name) {
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

std::string title(std::string name) {
    std::replace(name.begin(), name.end(), '-', ' ');
    name.front() = static_cast<char>(name.front() - 'a' + 'A');
    return name;
}

std::string substitute(std::string text, const replacements& values) {
    for (const auto& [key, value] : values) {
        for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
            text.replace(at, key.size(), value);
    }
    return text;
}

std::string read_all(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.generic_string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_all(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << text;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + file.generic_string());
}

// Template files relative to the template folder, sorted so the listing is stable.
std::vector<fs::path> template_files(const fs::path& root) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_regular_file()) files.push_back(entry.path().lexically_relative(root));
    std::sort(files.begin(), files.end());
    return files;
}

int fail(const std::string& code, const std::string& message, const std::string& where, const std::string& hint) {
    print_diagnostics({{severity::error, code, message, {where, 0, 0}, hint}});
    return exit_input_error;
}

int new_plugin_command(const std::string& name, const std::string& dir_option) {
    if (!valid_plugin_name(name))
        return fail("usage/invalid-plugin-name",
                    "`" + name +
                        "` is not a valid rubric id: use lower-case letters, digits and single '-', "
                        "starting with a letter (at most 64 characters)",
                    "new-plugin", "for example `appraise new-plugin my-checklist`");
    const fs::path target = fs::absolute(dir_option.empty() ? fs::path(name) : fs::path(dir_option)).lexically_normal();
    const std::string shown = dir_option.empty() ? name : dir_option;
    std::error_code error;
    if (fs::exists(target, error) && !(fs::is_directory(target, error) && fs::is_empty(target, error)))
        return fail("usage/target-not-empty", "`" + shown + "` already exists and is not an empty folder", shown,
                    "choose another --dir, or remove it first; new-plugin never overwrites files");

    const fs::path templates = installed_data_dir() / "templates" / "new-plugin";
    if (templates.empty() || !fs::is_directory(templates, error))
        return fail("install/templates-missing", "the new-plugin templates are not installed",
                    templates.generic_string(),
                    "reinstall appraise (`cmake --install`) or rebuild it: the templates come from cli/templates/");

    const fs::path prefix = installed_prefix();
    const std::string version = tool_version;
    const replacements values = {
        {"@NAME@", name},
        {"@IDENT@", identifier(name)},
        {"@TITLE@", title(name)},
        {"@APPRAISE_VERSION@", version},
        {"@APPRAISE_VERSION_MAJOR_MINOR@", version.substr(0, version.rfind('.'))},
        {"@APPRAISE_PREFIX@", prefix.generic_string()},
    };

    // Hidden sibling of the target, so the final rename stays on one file system.
    const fs::path staging =
        target.parent_path() / ("." + target.filename().string() + ".new-plugin-" + std::to_string(::getpid()));
    std::vector<fs::path> written;
    try {
        fs::create_directories(target.parent_path());
        fs::remove_all(staging);
        for (const auto& file : template_files(templates)) {
            const fs::path relative = substitute(file.generic_string(), values);
            write_all(staging / relative, substitute(read_all(templates / file), values));
            written.push_back(relative);
        }
        // rename(2) replaces an empty folder, which the check above allowed.
        fs::rename(staging, target);
    } catch (const std::exception& failure) {
        fs::remove_all(staging, error);
        return fail("usage/cannot-write", std::string("could not create the project: ") + failure.what(), shown,
                    "check that the folder's parent is writable");
    }
    std::sort(written.begin(), written.end());

    std::cout << "created " << shown << ": the rubric plugin project `" << name << "` for appraise " << version << '\n';
    for (const auto& file : written) std::cout << "  " << (fs::path(shown) / file).generic_string() << '\n';
    const std::string build = (fs::path(shown) / "build").generic_string();
    std::cout << "\nbuild it and run its test:\n"
              << "  cmake -S " << shown << " -B " << build << " -DCMAKE_PREFIX_PATH=" << prefix.generic_string() << '\n'
              << "  cmake --build " << build << '\n'
              << "  ctest --test-dir " << build << " --output-on-failure\n";
    if (!fs::exists(installed_package_dir() / "appraiseConfig.cmake", error))
        std::cout << "\nthis appraise runs from a build tree, which has no CMake package: install it first\n"
                  << "(cmake --install <build> --prefix <prefix>) and use that prefix above\n";
    return exit_ok;
}

}  // namespace

command add_new_plugin_command(CLI::App& app) {
    auto name = std::make_shared<std::string>();
    auto dir = std::make_shared<std::string>();
    auto* sub = app.add_subcommand(
        "new-plugin", "create a rubric plugin project (builds against this appraise, with a passing test)");
    sub->add_option("name", *name, "the rubric id, kebab-case (e.g. my-checklist)")->required();
    sub->add_option("--dir", *dir, "folder to create (default: ./NAME); must not exist, or be empty")->type_name("DIR");
    sub->footer(
        "Exit codes: 0 the project was written; 2 a bad name, a folder in the way, missing templates or a "
        "write failure (nothing is written).");
    return {sub, [name, dir] { return new_plugin_command(*name, *dir); }};
}

}  // namespace appraise::cli
