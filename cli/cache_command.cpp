// `appraise cache clear DIR`: forget every result a --cache DIR kept.
#include <iostream>

#include "appraise/cache/result_cache.hpp"
#include "appraise/cache/result_codec.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "terminal.hpp"

namespace appraise::cli {

int cache_clear_command(const std::string& dir) {
    try {
        const bool removed = clear_cache(dir);
        std::cout << (removed ? "removed " : "no cache to remove: ")
                  << (std::filesystem::path(dir) / cache_file_name).generic_string() << '\n';
        return exit_ok;
    } catch (const cache_error& error) {
        print_diagnostics(
            {{severity::error, "usage/cache-dir", error.what(), {dir, 0, 0}, "name the folder given to --cache"}});
        return exit_input_error;
    }
}

command add_cache_command(CLI::App& app) {
    auto dir = std::make_shared<std::string>();
    auto* sub = app.add_subcommand("cache", "manage the results `run --cache DIR` keeps (docs/cache.md)");
    sub->require_subcommand(1);
    auto* clear = sub->add_subcommand(
        "clear", "remove DIR's cache file (appraise-cache.sqlite; nothing else in DIR): the next run reads every file");
    clear->add_option("dir", *dir, "the folder given to --cache")->required()->type_name("DIR");
    clear->footer(exit_code_text);
    return {sub, [dir] { return cache_clear_command(*dir); }};
}

}  // namespace appraise::cli
