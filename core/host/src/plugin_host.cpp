#include "appraise/host/plugin_host.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>  // before Boost.DLL: its headers use std::vector without including it

#define BOOST_DLL_USE_STD_FS
#include <boost/dll/shared_library.hpp>

#include "appraise/host/plugin_file_check.hpp"
#include "appraise/host/plugin_results.hpp"
#include "appraise/input/directory_listing.hpp"
#include "appraise/input/install_layout.hpp"
#include "appraise/model/log.hpp"

namespace appraise {
namespace {

std::string version_text(int major, int minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

std::string hex(std::uint64_t value) {
    char text[24];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
    return text;
}

// Whether `origin` lies in the installation's own plugin folder.
bool is_bundled(const std::string& origin) {
    const std::string bundled = installed_plugin_dir().lexically_normal().generic_string();
    return !bundled.empty() && origin.size() > bundled.size() && origin.compare(0, bundled.size(), bundled) == 0 &&
           origin[bundled.size()] == '/';
}

// The host side of sdk::registrar: checks and stages what one plugin
// registers; nothing reaches the registry unless registration returns.
class plugin_registrar final : public sdk::registrar {
public:
    plugin_registrar(std::string origin, std::string name, std::string version, const sdk::plugin_info& info,
                     std::shared_ptr<void> library)
        : origin_(std::move(origin)),
          name_(std::move(name)),
          version_(std::move(version)),
          api_major_(info.api_major),
          api_minor_(info.api_minor),
          library_(std::move(library)) {}

    void add(sdk::rubric_description description, sdk::rubric_factory factory) override {
        const std::string id = repair_utf8(description.id);
        if (auto why = check_description(description)) {
            refused_.push_back("plugin " + name_ + " registered rubric `" + id + "`, which is refused: " + *why +
                               "; the plugin's other rubrics load");
            return;
        }
        if (!factory) {
            refused_.push_back("plugin " + name_ + " registered rubric `" + id + "` without a factory; it is refused");
            return;
        }
        for (const auto& staged : staged_)
            if (staged.description.id == description.id) {
                refused_.push_back("plugin " + name_ + " registered rubric `" + id +
                                   "` twice; the first registration is kept");
                return;
            }
        rubric_entry entry;
        entry.description = std::move(description);
        entry.factory = std::move(factory);
        entry.kind = rubric_kind::plugin;
        entry.origin = origin_;
        entry.provider = name_ + " " + version_;
        entry.api_major = api_major_;
        entry.api_minor = api_minor_;
        entry.library = library_;
        staged_.push_back(std::move(entry));
    }

    void log(sdk::log_level level, std::string_view message) override {
        auto& logger = appraise::logger("plugin");
        const std::string text = repair_utf8(message);
        switch (level) {
            case sdk::log_level::debug:
                logger.debug("{}: {}", name_, text);
                break;
            case sdk::log_level::info:
                logger.info("{}: {}", name_, text);
                break;
            case sdk::log_level::warn:
                logger.warn("{}: {}", name_, text);
                break;
            case sdk::log_level::error:
                logger.error("{}: {}", name_, text);
                break;
            default:
                logger.warn("{}: {}", name_, text);
                break;
        }
    }

    // After registration returned: the accepted rubrics into the registry.
    void commit(rubric_registry& registry) {
        for (auto& reason : refused_) registry.fail(origin_, std::move(reason));
        const bool bundled = is_bundled(origin_);
        for (auto& entry : staged_) {
            if (const rubric_entry* existing = registry.find(entry.description.id);
                existing != nullptr && !bundled && is_bundled(existing->origin)) {
                registry.fail(origin_, "plugin " + name_ + " claims the rubric id `" + entry.description.id +
                                           "`, which the bundled " + existing->origin +
                                           " provides: a plugin from outside the installation cannot replace a "
                                           "bundled rubric; give yours its own id");
                continue;
            }
            entry.bundled = bundled;
            registry.add(std::move(entry));
        }
    }

private:
    std::string origin_;
    std::string name_;
    std::string version_;
    int api_major_;
    int api_minor_;
    std::shared_ptr<void> library_;
    std::vector<rubric_entry> staged_;
    std::vector<std::string> refused_;
};

const char* const rebuild = ": rebuild the plugin against this appraise";

// Reads and checks the info record the plugin returned, field by field and
// through read_memory, so a wild pointer is a refusal rather than a crash.
// Returns the reason for refusing it, or nullopt with `name` and `version` set.
std::optional<std::string> check_info(const sdk::plugin_info* address, sdk::plugin_info& info, std::string& name,
                                      std::string& version) {
    if (address == nullptr) return std::string("the plugin returned no info record");
    std::uint32_t head[2] = {0, 0};
    if (!read_memory(address, head, sizeof head))
        return "the plugin's info record is at " + hex(reinterpret_cast<std::uintptr_t>(address)) +
               ", which is not readable memory";
    if (head[0] != sdk::plugin_info_magic)
        return "the info record has no appraise magic number: it starts with " + hex(head[0]) + ", expected " +
               hex(sdk::plugin_info_magic) +
               (head[0] == 1 ? " (it looks like a plugin built against plugin API 1.x, before 2.0)" : "") + rebuild;
    if (head[1] != sizeof(sdk::plugin_info))
        return "the info record is " + std::to_string(head[1]) + " bytes, but this appraise's is " +
               std::to_string(sizeof(sdk::plugin_info)) + rebuild;
    if (!read_memory(address, &info, sizeof info)) return std::string("the plugin's info record is not readable");
    if (info.api_minor < 0 || info.api_major != sdk::api_major || info.api_minor > sdk::api_minor)
        return "built against plugin API " + version_text(info.api_major, info.api_minor) +
               ", but this appraise provides API " + version_text(sdk::api_major, sdk::api_minor) +
               " (same major and a minor from 0 to the host's are needed)" + rebuild;
    const auto fingerprint = read_c_string(info.fingerprint, 256);
    if (!fingerprint) return std::string("the info record's build fingerprint is not a readable string") + rebuild;
    if (*fingerprint != sdk::build_fingerprint)
        return "built with " + repair_utf8(*fingerprint) + ", but this appraise was built with " +
               sdk::build_fingerprint + ": the C++ ABI differs; rebuild the plugin with the same compiler";
    if (info.layout != sdk::layout_fingerprint)
        return "the plugin's boundary types have layout fingerprint " + hex(info.layout) +
               ", but this appraise's are " + hex(sdk::layout_fingerprint) +
               " (a changed SDK header without an API bump, or flags that change standard-library layouts)" + rebuild;
    if (info.name == nullptr) return std::string("the info record has no plugin name (null)");
    const auto plugin_name = read_c_string(info.name, 256);
    const auto plugin_version = read_c_string(info.version, 256);
    if (!plugin_name) return std::string("the info record's plugin name is not a readable string of at most 256 bytes");
    if (!plugin_version) return std::string("the info record's plugin version is not a readable string");
    if (plugin_name->empty() || !valid_utf8(*plugin_name) || !valid_utf8(*plugin_version))
        return "the info record's plugin name or version is empty or not UTF-8 (\"" + repair_utf8(*plugin_name) + "\")";
    name = *plugin_name;
    version = *plugin_version;
    return std::nullopt;
}

// Loads what check_plugin_file accepted; `report` is its result.
void load_checked_plugin(const std::filesystem::path& file, const std::string& origin, rubric_registry& registry) {
    std::shared_ptr<boost::dll::shared_library> library;
    try {
        // rtld_now: a plugin with an unresolved symbol fails here, not at its first call.
        library = std::make_shared<boost::dll::shared_library>(
            file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& error) {
        registry.fail(origin, std::string("not a loadable plugin: ") + error.what());
        return;
    }
    if (!library->has(sdk::info_symbol) || !library->has(sdk::register_symbol)) {
        registry.fail(origin, std::string("not an appraise plugin: it does not export `") + sdk::info_symbol +
                                  "` and `" + sdk::register_symbol + "` (see plugins/README.md)");
        return;
    }
    const sdk::plugin_info* address = nullptr;
    try {
        address = library->get<sdk::plugin_info_fn>(sdk::info_symbol)();
    } catch (...) {
        registry.fail(origin, "the plugin's info function failed");
        return;
    }
    // The record is checked before any C++ type crosses the boundary.
    sdk::plugin_info info{};
    std::string name;
    std::string version;
    if (auto why = check_info(address, info, name, version)) {
        registry.fail(origin, std::move(*why));
        return;
    }
    plugin_registrar registrar(origin, name, version, info, library);
    try {
        library->get<sdk::register_rubrics_fn>(sdk::register_symbol)(registrar);
    } catch (const std::exception& error) {
        registry.fail(origin, "the plugin failed while registering its rubrics: " + repair_utf8(error.what()) +
                                  "; none of its rubrics is loaded");
        return;
    } catch (...) {
        registry.fail(origin,
                      "the plugin failed while registering its rubrics (unknown exception); none of its rubrics is "
                      "loaded");
        return;
    }
    registrar.commit(registry);
}

}  // namespace

void load_plugin(const std::filesystem::path& file, rubric_registry& registry) {
    const std::string origin = file.lexically_normal().generic_string();
    // Before dlopen: a truncated file raises SIGBUS there, data called as code SIGSEGV.
    const plugin_file_report report = check_plugin_file(file);
    if (report.refusal) {
        registry.fail(origin, "not a loadable plugin: " + *report.refusal);
        return;
    }
    if (!report.exports_info || !report.exports_register) {
        registry.fail(origin, std::string("not an appraise plugin: its dynamic symbol table has no `") +
                                  sdk::info_symbol + "` and `" + sdk::register_symbol +
                                  "` (see plugins/README.md); it was not loaded");
        return;
    }
    if (!report.info_is_function) {
        registry.fail(origin, std::string("not an appraise plugin: it exports `") + sdk::info_symbol +
                                  "` as data, not as a function; it was not loaded");
        return;
    }
    load_checked_plugin(file, origin, registry);
}

void load_plugin_directory(const std::filesystem::path& directory, rubric_registry& registry) {
    std::error_code error;
    const auto files = list_files(directory, ".so", error);
    if (error) {
        registry.fail(directory.generic_string(), "cannot read the plugin directory: " + error.message());
        return;
    }
    // A folder such as /usr/lib/x86_64-linux-gnu: only files whose dynamic
    // symbol table exports the entry points are loaded; the first few others
    // are named, the rest counted.
    constexpr std::size_t named_limit = 5;
    std::size_t not_plugins = 0;
    for (const auto& file : files) {
        const plugin_file_report report = check_plugin_file(file);
        if (!report.refusal && (!report.exports_info || !report.exports_register) && ++not_plugins > named_limit)
            continue;
        logger("host").debug("loading plugin {}", file.generic_string());
        load_plugin(file, registry);
    }
    if (not_plugins > named_limit)
        registry.fail(directory.generic_string(),
                      std::to_string(not_plugins - named_limit) +
                          " more shared libraries here are not appraise plugins (no `" + sdk::info_symbol +
                          "` in their dynamic symbol table) and were not loaded: is this a plugin folder?");
}

}  // namespace appraise
