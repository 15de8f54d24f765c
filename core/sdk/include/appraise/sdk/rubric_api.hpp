// The plugin boundary: the types and entry points host and plugins share.
//
// Everything here is standard C++ (no Boost, toml++, spdlog or fmt types), so a
// plugin built by the same compiler family against the same API major can be
// loaded by any host. The host checks `plugin_info` (a C-layout record) before
// it touches anything else the plugin exports. Only what crosses the boundary
// lives here; conveniences compiled into the plugin (option getters, did you
// mean, the override reader) are in helpers.hpp.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#if defined(__GNUC__)
#define APPRAISE_SDK_VISIBLE __attribute__((visibility("default")))
#else
#define APPRAISE_SDK_VISIBLE
#endif

namespace appraise::sdk {

// Semantic version of this interface. Major: breaking change. Minor: additions
// a host understands only if it is at least as new as the plugin. Adding a
// member to a struct below keeps plugin sources compiling but changes its
// layout, so for compiled plugins it is a MAJOR change (plugins/README.md,
// "The versioning promise").
inline constexpr int api_major = 1;
inline constexpr int api_minor = 0;

#define APPRAISE_SDK_STR2(x) #x
#define APPRAISE_SDK_STR(x) APPRAISE_SDK_STR2(x)
// The C++ ABI is not versioned: a plugin must come from the same compiler
// family and major, with the same libstdc++ string ABI.
#if defined(__clang__)
#define APPRAISE_SDK_COMPILER "clang-" APPRAISE_SDK_STR(__clang_major__)
#elif defined(__GNUC__)
#define APPRAISE_SDK_COMPILER "gcc-" APPRAISE_SDK_STR(__GNUC__)
#else
#define APPRAISE_SDK_COMPILER "unknown"
#endif
#if defined(_GLIBCXX_USE_CXX11_ABI)
#define APPRAISE_SDK_CXXABI "cxx11abi-" APPRAISE_SDK_STR(_GLIBCXX_USE_CXX11_ABI)
#else
#define APPRAISE_SDK_CXXABI "cxx11abi-none"
#endif
#define APPRAISE_SDK_FINGERPRINT APPRAISE_SDK_COMPILER ";" APPRAISE_SDK_CXXABI

inline constexpr const char* build_fingerprint = APPRAISE_SDK_FINGERPRINT;

// C layout on purpose: the host reads it before trusting the C++ ABI.
struct plugin_info {
    int api_major;
    int api_minor;
    const char* name;         // the plugin's name, e.g. "design-weakness"
    const char* version;      // the plugin's own version
    const char* fingerprint;  // APPRAISE_SDK_FINGERPRINT at build time
};

// ---------------------------------------------------------------- study model

struct source_location {
    std::string file;
    int line = 0;    // 1-based; 0 = unknown
    int column = 0;  // 1-based; 0 = unknown
};

// Optional members have default initialisers, so positional brace
// initialisation keeps compiling (and -Wextra quiet) as fields are added.

// One value of a coded study: a tree that mirrors the TOML document, where
// every node keeps the place it was written. An omitted key has no node.
struct node_member;

struct node {
    enum class kind { table, array, string, integer, number, boolean };
    kind type = kind::table;
    std::string text;          // kind::string
    std::int64_t integer = 0;  // kind::integer
    double number = 0;         // kind::number (integers are also mirrored here)
    bool boolean = false;      // kind::boolean
    // A named struct rather than std::pair: a pair of an incomplete type is
    // rejected by clang with libstdc++, a vector of one is fine (C++17).
    std::vector<node_member> members;  // kind::table, sorted by key
    std::vector<node> items;           // kind::array
    source_location where;

    // Member of a table by key, or nullptr when omitted.
    [[nodiscard]] const node* get(std::string_view key) const;
    // Dotted path from this table ("design.allocation"); nullptr when any part is omitted.
    [[nodiscard]] const node* find(std::string_view path) const;
    [[nodiscard]] bool is_number() const { return type == kind::integer || type == kind::number; }
};

// One key of a table and its value; `first`/`second` as in a map entry.
struct node_member {
    std::string first;
    node second;

    node_member() = default;
    node_member(std::string key, node value) : first(std::move(key)), second(std::move(value)) {}
};

inline const node* node::get(std::string_view key) const {
    for (const auto& [name, value] : members)
        if (name == key) return &value;
    return nullptr;
}

inline const node* node::find(std::string_view path) const {
    const node* at = this;
    while (at != nullptr && !path.empty()) {
        const auto dot = path.find('.');
        at = at->type == kind::table ? at->get(path.substr(0, dot)) : nullptr;
        path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    }
    return at;
}

// A coded study as rubrics see it.
struct study {
    std::string id;
    std::string file;
    node root;                 // the study's table (one file, or one [[study]] element)
    source_location id_where;  // where `id` is written
    // Header position of each table present ("design", "outcomes" for the first
    // [[outcomes]], ...). Used to point at an omitted key's table.
    std::map<std::string, source_location, std::less<>> table_headers;

    [[nodiscard]] const node* find(std::string_view path) const { return root.find(path); }

    // Where a finding about `path` should point: the value when present, else its
    // table's header, else the study's `id` line.
    [[nodiscard]] source_location locate(std::string_view path) const {
        if (const node* value = find(path)) return value->where;
        const auto dot = path.rfind('.');
        if (dot != std::string_view::npos) {
            const auto header = table_headers.find(path.substr(0, dot));
            if (header != table_headers.end()) return header->second;
        }
        return id_where;
    }
};

// ---------------------------------------------------------------- results

enum class severity { info, warning, error };

[[nodiscard]] inline constexpr std::string_view to_string(severity s) {
    switch (s) {
        case severity::info:
            return "info";
        case severity::warning:
            return "warning";
        case severity::error:
            return "error";
    }
    return "error";
}

struct finding {
    std::string id;  // "<rubric-id>/<slug>"
    severity level = severity::warning;
    std::string message;
    source_location where;
};

struct answer {
    std::string id;
    std::string value;
    std::string provenance;  // "coded" | "derived" | "missing"
};

struct domain_result {
    std::string id;
    std::string name;
    std::string judgement;  // kebab-case word of the rubric's scale (after any override)
    std::vector<answer> answers = {};
    std::string rationale = {};        // names the rule that fired and what it read
    std::string proposed = {};         // the algorithm's judgement when a reviewer overrode it, else empty
    std::string override_reason = {};  // the reviewer's written reason for the override, else empty
};

// One rubric's appraisal of one study (or of one result of it, for per-result tools).
struct appraisal {
    std::string rubric;
    std::string rubric_version;
    std::string label;                   // per-result label, empty when the study is appraised once
    std::optional<std::string> overall;  // nullopt: the rubric has no overall judgement
    std::vector<domain_result> domains;
    std::vector<finding> findings;
    std::string overall_rationale = {};        // the rule that gave the overall judgement
    std::string overall_proposed = {};         // the algorithm's overall when a reviewer overrode it, else empty
    std::string overall_override_reason = {};  // the reviewer's written reason, else empty
};

// ---------------------------------------------------------------- description

// An option a rubric accepts in appraise.toml ([options.<rubric-id>]). The host
// validates type and range before the rubric sees it.
struct option_spec {
    enum class kind { boolean, integer, number, string };
    std::string name;
    kind type = kind::number;
    std::string default_value;  // as it would be written in TOML
    std::optional<double> min;
    std::optional<double> max;
    std::string description;
};

using option_value = std::variant<bool, std::int64_t, double, std::string>;
using option_values = std::map<std::string, option_value, std::less<>>;

// One entry of a rubric's catalogue, shown by `appraise explain`.
struct finding_spec {
    std::string slug;  // finding id is "<rubric-id>/<slug>"
    severity level = severity::warning;
    std::string title;
    std::vector<std::string> reads;  // codebook paths it reads
    std::string applies_to;          // designs it applies to, in words
    std::string why;                 // why it threatens validity or replication
};

struct domain_spec {
    std::string id;
    std::string name;
    std::string description;
};

struct rubric_description {
    std::string id;  // stable kebab-case id
    std::string name;
    std::string version;
    std::string summary;                       // one line, for `appraise list`
    std::vector<std::string> judgement_scale;  // kebab-case, best first
    std::vector<domain_spec> domains;
    std::vector<finding_spec> findings;
    std::vector<option_spec> options;
    std::string details;  // free text for `appraise explain` (algorithm in words)
};

// ---------------------------------------------------------------- interfaces

class APPRAISE_SDK_VISIBLE rubric {
public:
    virtual ~rubric() = default;
    // Appraise one study. May return several appraisals (one per assessed result),
    // or none when the rubric does not apply. Exceptions are caught by the host
    // and reported as an error finding for this study and rubric.
    [[nodiscard]] virtual std::vector<appraisal> appraise(const study& coded) const = 0;
};

// Options arrive validated and completed with defaults.
using rubric_factory = std::function<std::unique_ptr<rubric>(const option_values&)>;

enum class log_level { debug, info, warn, error };

// Host services handed to a plugin's registration function.
class APPRAISE_SDK_VISIBLE registrar {
public:
    virtual ~registrar() = default;
    virtual void add(rubric_description description, rubric_factory factory) = 0;
    virtual void log(log_level level, std::string_view message) = 0;
};

// Signatures of the two exported entry points (exported with BOOST_DLL_ALIAS
// under these names by APPRAISE_PLUGIN below).
using plugin_info_fn = const plugin_info*();
using register_rubrics_fn = void(registrar&);
inline constexpr const char* info_symbol = "appraise_plugin_info";
inline constexpr const char* register_symbol = "appraise_register_rubrics";

}  // namespace appraise::sdk

// Exports the two entry points of a plugin. Use once per plugin, in one .cpp:
//   APPRAISE_PLUGIN("my-plugin", "1.0.0", register_my_rubrics)
// where `void register_my_rubrics(appraise::sdk::registrar&)`.
#define APPRAISE_PLUGIN(plugin_name, plugin_version, register_function)                                            \
    namespace appraise_plugin_entry {                                                                              \
    extern "C" __attribute__((visibility("default"))) const ::appraise::sdk::plugin_info* appraise_plugin_info() { \
        static const ::appraise::sdk::plugin_info info{::appraise::sdk::api_major, ::appraise::sdk::api_minor,     \
                                                       plugin_name, plugin_version, APPRAISE_SDK_FINGERPRINT};     \
        return &info;                                                                                              \
    }                                                                                                              \
    extern "C" __attribute__((visibility("default"))) void appraise_register_rubrics(                              \
        ::appraise::sdk::registrar& host) {                                                                        \
        register_function(host);                                                                                   \
    }                                                                                                              \
    }
