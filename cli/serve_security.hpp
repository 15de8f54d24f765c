// What keeps `appraise serve` to its user and its corpus (docs/serve.md): the
// random token every request must carry, the Host header a DNS-rebinding page
// cannot forge, and paths that cannot leave the corpus folder. Pure
// functions of the request's parts, tested without a server.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace appraise::cli {

// 128 random bits from /dev/urandom as 32 lower-case hex digits; throws std::runtime_error.
[[nodiscard]] std::string random_token();

// Compares in time independent of where the texts differ.
[[nodiscard]] bool same_token(std::string_view given, std::string_view token);

// A Host header naming this server on the loopback interface: 127.0.0.1 or
// localhost, with this port or none. Anything else (a rebinding page's
// own name) is refused.
[[nodiscard]] bool allowed_host(std::string_view host, int port);

// An Origin header a page of this server sends (or none at all).
[[nodiscard]] bool allowed_origin(std::string_view origin, int port);

// The value of cookie `name` in a Cookie header; empty when absent.
[[nodiscard]] std::string cookie_value(std::string_view header, std::string_view name);

struct corpus_path {
    std::filesystem::path absolute;  // canonical, inside the corpus
    std::string relative;            // as the API names it: "studies/x.toml"
};

// A study file named relative to the corpus folder `root` (canonical): no
// absolute path, no `..`, a .toml file, and its canonical path (symbolic
// links followed) inside `root`. nullopt and `why` set otherwise.
[[nodiscard]] std::optional<corpus_path> resolve_in_corpus(const std::filesystem::path& root, std::string_view relative,
                                                           std::string& why);

}  // namespace appraise::cli
