#include "appraise/host/plugin_host.hpp"

#include <algorithm>
#include <string>
#include <vector>  // before Boost.DLL: its headers use std::vector without including it

#define BOOST_DLL_USE_STD_FS
#include <boost/dll/shared_library.hpp>

#include "appraise/input/directory_listing.hpp"
#include "appraise/model/log.hpp"

namespace appraise {
namespace {

std::string version_text(int major, int minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

// The host side of sdk::registrar: records what one plugin registers.
class plugin_registrar final : public sdk::registrar {
public:
    plugin_registrar(rubric_registry& registry, std::string origin, const sdk::plugin_info& info,
                     std::shared_ptr<void> library)
        : registry_(registry), origin_(std::move(origin)), info_(info), library_(std::move(library)) {}

    void add(sdk::rubric_description description, sdk::rubric_factory factory) override {
        rubric_entry entry;
        entry.description = std::move(description);
        entry.factory = std::move(factory);
        entry.kind = rubric_kind::plugin;
        entry.origin = origin_;
        entry.provider = std::string(info_.name) + " " + info_.version;
        entry.api_major = info_.api_major;
        entry.api_minor = info_.api_minor;
        entry.library = library_;
        registry_.add(std::move(entry));
    }

    void log(sdk::log_level level, std::string_view message) override {
        auto& logger = appraise::logger("plugin");
        switch (level) {
            case sdk::log_level::debug:
                logger.debug("{}: {}", info_.name, message);
                break;
            case sdk::log_level::info:
                logger.info("{}: {}", info_.name, message);
                break;
            case sdk::log_level::warn:
                logger.warn("{}: {}", info_.name, message);
                break;
            case sdk::log_level::error:
                logger.error("{}: {}", info_.name, message);
                break;
        }
    }

private:
    rubric_registry& registry_;
    std::string origin_;
    const sdk::plugin_info& info_;
    std::shared_ptr<void> library_;
};

}  // namespace

void load_plugin(const std::filesystem::path& file, rubric_registry& registry) {
    const std::string origin = file.lexically_normal().generic_string();
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
    const sdk::plugin_info* info = nullptr;
    try {
        info = library->get<sdk::plugin_info_fn>(sdk::info_symbol)();
    } catch (...) {
        registry.fail(origin, "the plugin's info function failed");
        return;
    }
    if (info == nullptr) {
        registry.fail(origin, "the plugin returned no info record");
        return;
    }
    // The API version is checked before any C++ type crosses the boundary.
    if (info->api_major != sdk::api_major || info->api_minor > sdk::api_minor) {
        registry.fail(origin, "built against plugin API " + version_text(info->api_major, info->api_minor) +
                                  ", but this appraise provides API " + version_text(sdk::api_major, sdk::api_minor) +
                                  " (same major and a minor no newer are needed): rebuild the plugin against this "
                                  "appraise");
        return;
    }
    const std::string fingerprint = info->fingerprint != nullptr ? info->fingerprint : "";
    if (fingerprint != sdk::build_fingerprint) {
        registry.fail(origin, "built with " + fingerprint + ", but this appraise was built with " +
                                  sdk::build_fingerprint +
                                  ": the C++ ABI differs; rebuild the plugin with the same compiler");
        return;
    }
    plugin_registrar registrar(registry, origin, *info, library);
    try {
        library->get<sdk::register_rubrics_fn>(sdk::register_symbol)(registrar);
    } catch (const std::exception& error) {
        registry.fail(origin, std::string("the plugin failed while registering its rubrics: ") + error.what());
    } catch (...) {
        registry.fail(origin, "the plugin failed while registering its rubrics (unknown exception)");
    }
}

void load_plugin_directory(const std::filesystem::path& directory, rubric_registry& registry) {
    std::error_code error;
    const auto files = list_files(directory, ".so", error);
    if (error) {
        registry.fail(directory.generic_string(), "cannot read the plugin directory: " + error.message());
        return;
    }
    for (const auto& file : files) {
        logger("host").debug("loading plugin {}", file.generic_string());
        load_plugin(file, registry);
    }
}

}  // namespace appraise
