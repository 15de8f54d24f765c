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
#include <compare>
#include <cstddef>
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
// 2.0: plugin_info carries magic, size and layout. 3.0: evidence on values
// and answers, support, direction and the not-assessed state on results.
// 4.0: robvis layouts on the description and a result's robvis template.
// 5.0: the outcome a per-outcome answer is for; a concern on every finding
// and catalogue row, a source on each row; the description's judgement_rungs
// (where each word of its scale sits on the shared ladder).
// 6.0: a rubric's variants and the variants that ask each question; other
// readings of a domain's algorithm beside its judgement (alternatives).
// 7.0: the description's checklist (every item of a checklist rubric, for
// the item tables of reports).
// 8.0: an appraisal's weight (filled by the host from the coding).
// 9.0: a place's file is a shared file_name, not a string of its own.
// 10.0: node::evidence and answer::evidence are an evidence_box (out of line).
// 11.0: the study's scope: what the host will read of its appraisal.
inline constexpr int api_major = 11;
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

// First member of every info record: tells an appraise record from anything
// else a symbol of that name could point at (and from a record before 2.0).
inline constexpr std::uint32_t plugin_info_magic = 0x41505052;  // "APPR"

// C layout on purpose: the host reads it before trusting the C++ ABI, in
// member order: magic, size, API version, then the layout and fingerprints.
struct plugin_info {
    std::uint32_t magic;  // plugin_info_magic
    std::uint32_t size;   // sizeof(plugin_info) as the plugin was compiled
    int api_major;
    int api_minor;
    std::uint64_t layout;     // sdk::layout_fingerprint as the plugin computed it
    const char* name;         // the plugin's name, e.g. "design-weakness"
    const char* version;      // the plugin's own version
    const char* fingerprint;  // APPRAISE_SDK_FINGERPRINT at build time
};

// ---------------------------------------------------------------- study model

// The name of the file a place is in. Every value of a study shares its
// file's one name: copying a file_name copies a reference, not the text
// (9.0; before, each value of the study tree held its own copy of the path,
// a heap allocation per value for any path past the small-string buffer).
// Reads as a const std::string&; an empty name holds nothing.
class file_name {
public:
    file_name() = default;
    file_name(std::string name)  // NOLINT(google-explicit-constructor): a name is given as text everywhere
        : name_(name.empty() ? nullptr : std::make_shared<const std::string>(std::move(name))) {}
    file_name(std::string_view name) : file_name(std::string(name)) {}  // NOLINT(google-explicit-constructor)
    file_name(const char* name) : file_name(std::string(name)) {}       // NOLINT(google-explicit-constructor)

    [[nodiscard]] const std::string& str() const { return name_ ? *name_ : none(); }
    operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
    operator std::string_view() const { return str(); }    // NOLINT(google-explicit-constructor)
    [[nodiscard]] bool empty() const { return !name_; }
    [[nodiscard]] std::size_t size() const { return str().size(); }
    [[nodiscard]] const char* c_str() const { return str().c_str(); }
    [[nodiscard]] const char* data() const { return str().data(); }

    friend bool operator==(const file_name& a, const file_name& b) { return a.name_ == b.name_ || a.str() == b.str(); }
    friend bool operator==(const file_name& a, std::string_view b) { return a.str() == b; }
    friend bool operator==(const file_name& a, const std::string& b) { return a.str() == b; }
    friend bool operator==(const file_name& a, const char* b) { return a.str() == b; }
    friend auto operator<=>(const file_name& a, const file_name& b) { return a.str() <=> b.str(); }
    friend std::string operator+(const file_name& a, std::string_view b) { return a.str() + std::string(b); }
    friend std::string operator+(std::string_view a, const file_name& b) { return std::string(a) + b.str(); }
    friend std::string operator+(const file_name& a, const char* b) { return a.str() + b; }
    friend std::string operator+(const char* a, const file_name& b) { return a + b.str(); }
    friend std::string operator+(const file_name& a, const std::string& b) { return a.str() + b; }
    friend std::string operator+(const std::string& a, const file_name& b) { return a + b.str(); }

private:
    static const std::string& none() {
        static const std::string empty;
        return empty;
    }
    std::shared_ptr<const std::string> name_;
};

struct source_location {
    file_name file;
    int line = 0;    // 1-based; 0 = unknown
    int column = 0;  // 1-based; 0 = unknown
};

// Optional members have default initialisers, so positional brace
// initialisation keeps compiling (and -Wextra quiet) as fields are added.

// What a reviewer wrote in support of one value (format v1.1): the wrapper
// `{ value = ..., support = "...", at = "p. 820", source = "full-text" }`.
// Empty strings: not given.
struct value_evidence {
    std::string support;    // the quote, or the reviewer's paraphrase
    std::string at;         // where in the source: page, table, section
    std::string source;     // full-text | abstract | protocol | registry | supplement | correspondence | other
    std::string resolved;   // in a consensus corpus: discussion | third-reviewer | a | b
    std::string reason;     // why it was settled so
    source_location where;  // the wrapper's place

    [[nodiscard]] bool empty() const {
        return support.empty() && at.empty() && source.empty() && resolved.empty() && reason.empty();
    }
};

// A value's or answer's evidence, held out of line (10.0): most values carry
// none, and inline it made every node and answer 176 bytes larger (five
// strings and a place), bytes each study's tree and results built, moved and
// destroyed for nothing. Reads as a value_evidence (an empty one when none is
// held: `e->support`, `*e`); `edit()` gives one to write into. Copies are deep.
// A value_evidence with no text and no place is held as none.
class evidence_box {
public:
    evidence_box() = default;
    evidence_box(value_evidence evidence)  // NOLINT(google-explicit-constructor): assigned as a value_evidence
        : held_(evidence.empty() && evidence.where.line == 0 && evidence.where.file.empty()
                    ? nullptr
                    : std::make_unique<value_evidence>(std::move(evidence))) {}
    evidence_box(const evidence_box& other)
        : held_(other.held_ ? std::make_unique<value_evidence>(*other.held_) : nullptr) {}
    evidence_box(evidence_box&&) noexcept = default;
    evidence_box& operator=(const evidence_box& other) {
        if (this != &other) held_ = other.held_ ? std::make_unique<value_evidence>(*other.held_) : nullptr;
        return *this;
    }
    evidence_box& operator=(evidence_box&&) noexcept = default;
    ~evidence_box() = default;

    [[nodiscard]] const value_evidence& get() const { return held_ ? *held_ : none(); }
    [[nodiscard]] const value_evidence& operator*() const { return get(); }
    [[nodiscard]] const value_evidence* operator->() const { return &get(); }
    operator const value_evidence&() const { return get(); }  // NOLINT(google-explicit-constructor)
    // The evidence to write into, made empty when none is held yet.
    value_evidence& edit() {
        if (!held_) held_ = std::make_unique<value_evidence>();
        return *held_;
    }
    // Nothing written (a held place with no text counts as empty, as before).
    [[nodiscard]] bool empty() const { return !held_ || held_->empty(); }

private:
    static const value_evidence& none() {
        static const value_evidence empty;
        return empty;
    }
    std::unique_ptr<value_evidence> held_;
};

// One value of a coded study: a tree that mirrors the TOML document, where
// every node keeps the place it was written. An omitted key has no node.
// A wrapped value is unwrapped by the loader: the node is the value, and the
// wrapper's evidence rides along, so a rubric reads it as the plain form.
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
    evidence_box evidence = {};  // empty unless the value was written in a wrapper

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

// What the host will read of a study's appraisal (study::scope).
//   full:   all of it (every command but a plain `check`).
//   coding: only what `appraise check` reports of the coding: the findings
//           about the coding (is_about_the_coding), each appraisal's rubric,
//           version, label and overall_not_assessed, its domains (the same
//           ones in the same order) with their id, name and not_assessed, and
//           the answers the reviewer coded (provenance "coded", for the quotes
//           of their support). A rubric may leave everything else out, so it
//           need not judge, derive or word rationales the host would drop.
// A rubric that ignores the scope is still correct, only slower.
enum class appraisal_scope { full, coding };

// A coded study as rubrics see it.
struct study {
    std::string id;
    std::string file;
    node root;                 // the study's table (one file, or one [[study]] element)
    source_location id_where;  // where `id` is written
    // Header position of each table present ("design", "outcomes" for the first
    // [[outcomes]], ...). Used to point at an omitted key's table.
    std::map<std::string, source_location, std::less<>> table_headers;
    appraisal_scope scope = appraisal_scope::full;  // what the host reads of the result (11.0)

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

// What a finding threatens: the estimate (bias), its precision, whether it
// carries to other settings (applicability), what a reader can know from the
// report (reporting), or whether the study can be trusted at all (integrity).
// Only bias findings should move a risk-of-bias judgement.
enum class finding_concern { bias, precision, applicability, reporting, integrity };

[[nodiscard]] inline constexpr std::string_view to_string(finding_concern c) {
    switch (c) {
        case finding_concern::bias:
            return "bias";
        case finding_concern::precision:
            return "precision";
        case finding_concern::applicability:
            return "applicability";
        case finding_concern::reporting:
            return "reporting";
        case finding_concern::integrity:
            return "integrity";
    }
    return "bias";
}

struct finding {
    std::string id;  // "<rubric-id>/<slug>"
    severity level = severity::warning;
    std::string message;
    source_location where;
    finding_concern concern = finding_concern::bias;
};

// A finding about the coding itself, what `appraise check` reports: every
// error, and the warnings that an item was left unanswered or not assessed
// (ids with "/unanswered", "/not-answered" or "not-assessed"). Not the
// judgements, nor the study's weaknesses.
[[nodiscard]] inline bool is_about_the_coding(severity level, std::string_view id) {
    if (level == severity::error) return true;
    if (level != severity::warning) return false;
    return id.find("/unanswered") != std::string_view::npos || id.find("/not-answered") != std::string_view::npos ||
           id.find("not-assessed") != std::string_view::npos;
}
[[nodiscard]] inline bool is_about_the_coding(const finding& f) {
    return is_about_the_coding(f.level, f.id);
}

struct answer {
    std::string id;
    std::string value;
    std::string provenance;      // "coded" | "derived" | "missing" | "not-assessed"
    evidence_box evidence = {};  // the reviewer's support for a coded answer (the host fills it)
    // The [[outcomes]] id a per-outcome answer is for (an item answered once
    // per result); empty: answered once for the study.
    std::string outcome = {};
};

// One reading of a domain's algorithm and the judgement it gives.
struct alternative_judgement {
    std::string label;      // which reading, as the rubric's `explain` names it: "E2"
    std::string judgement;  // a word of the rubric's scale; empty: that reading gives no judgement
};

struct domain_result {
    std::string id;
    std::string name;
    std::string judgement;  // kebab-case word of the rubric's scale (after any override)
    std::vector<answer> answers = {};
    std::string rationale = {};        // names the rule that fired and what it read
    std::string proposed = {};         // the algorithm's judgement when a reviewer overrode it, else empty
    std::string override_reason = {};  // the reviewer's written reason for the override, else empty
    // Not assessed: `judgement` is empty and this says why (a reached question
    // the reviewer did not answer). Never judged as if the answer were NI.
    std::string not_assessed = {};
    std::string support = {};    // [appraisal.<id>.support] for this domain (the host fills it)
    std::string direction = {};  // [appraisal.<id>.direction] for this domain (the host fills it)
    // What each reading of the domain's algorithm gives where the rubric
    // computed several (ROBINS-I V2's encodings E1-E3), the one reported
    // included; empty: one algorithm, or none ran. Readings that differ mark
    // the domain as disputed in reports.
    std::vector<alternative_judgement> alternatives = {};
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
    // Not assessed overall: `overall` holds an empty string and this says why.
    std::string overall_not_assessed = {};
    std::string overall_support = {};  // the host fills these three from the coding
    std::string overall_direction = {};
    std::string notes = {};
    // Which of the rubric's robvis layouts this result is drawn with (its
    // template name, e.g. "ROB2-Cluster"); empty: the rubric's first layout.
    std::string robvis_template = {};
    // The result's weight in the synthesis, from `weight` in its appraisal
    // table (the host fills it, as it does notes; a plugin leaves it empty).
    std::optional<double> weight = {};
};

// ---------------------------------------------------------------- description

// How robvis draws this rubric's results: one of robvis's templates ("ROB2",
// "ROB2-Cluster", "ROBINS-I", "ROBINS-E", "QUADAS-2", "QUIPS" or "Generic")
// and the rubric's domain ids in that template's column order. A named
// template fixes the number of columns and the words robvis reads; the host
// checks both when the plugin registers.
struct robvis_layout {
    std::string template_name;
    std::vector<std::string> domains;
};

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
    std::vector<std::string> reads;                   // codebook paths it reads
    std::string applies_to;                           // designs it applies to, in words
    std::string why;                                  // why it threatens validity or replication
    finding_concern concern = finding_concern::bias;  // what its findings threaten
    std::string source = {};                          // the standard or paper the rule follows; empty: none named
};

struct domain_spec {
    std::string id;
    std::string name;
    std::string description;
};

// One question a reviewer answers under [appraisal.<rubric-id>], for
// `appraise template` and `explain`: its key, domain, prompt (paraphrased)
// and the answers it allows.
struct question_spec {
    std::string id;                    // the key as written: "1.1"
    std::string domain;                // the id of the domain it belongs to
    std::string prompt;                // the question in the rubric's own words
    std::vector<std::string> answers;  // the codes it allows: "Y", "PY", "PN", "N", "NI"
    bool reached_by_default = true;    // false: only reached for some answers to earlier questions
    // The ids of the rubric's variants (rubric_description::variants) that
    // ask it; empty: every variant asks it.
    std::vector<std::string> variants = {};
};

// One form of a rubric for one kind of study (RoB 2 for cluster-randomised
// trials): its own set of questions. `appraise template --variant ID` lists
// the questions of one.
struct variant_spec {
    std::string id;                         // kebab-case: "cluster"
    std::string description;                // one line: which studies, which version of the tool
    std::vector<std::string> design_types;  // the design.type values that select it; may be empty
    bool is_default = false;                // exactly one variant is the default
};

// One item of a checklist (JBI, MMAT, CASP, TIDieR): reports publish one
// column per item, its answer and where the answer came from.
struct checklist_item {
    std::string id;      // the answer's id: "q1", "2.1"
    std::string domain;  // the id of the domain it belongs to
    std::string text;    // the item's short text as the rubric ships it (paraphrased), for the table's key
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
    std::string details;                        // free text for `appraise explain` (algorithm in words)
    std::vector<question_spec> questions = {};  // what a reviewer answers; empty when nothing
    // robvis layouts, the default first; empty: robvis Generic, every domain in order.
    std::vector<robvis_layout> robvis_layouts = {};
    // Where each word of judgement_scale sits on the ladder reports and plots
    // share, in the same order: "low", "concerns", "high", "critical",
    // "no-information" or "not-applicable". Empty: the host places the words
    // (known words by meaning, others by their position in the scale).
    std::vector<std::string> judgement_rungs = {};
    // The rubric's variants, the questions' `variants` name them; empty: the
    // rubric has one form.
    std::vector<variant_spec> variants = {};
    // Set by a rubric whose questions are a checklist, each item published
    // with its answer: every item in the tool's order, derived ones too.
    // Reports then give an item table (one column per item). Empty: not a checklist.
    std::vector<checklist_item> checklist = {};
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

// ---------------------------------------------------------------- layout

// A hash of the size, alignment and member offsets of every type that crosses
// the boundary, computed by the compiler of whoever includes this header: the
// host and a plugin compute it independently, and the host refuses a plugin
// whose value differs (a forgotten API bump, a different standard library
// layout, packing flags). FNV-1a over 64-bit values.
namespace layout_detail {
inline constexpr std::uint64_t mix(std::uint64_t hash, std::uint64_t value) {
    for (int byte = 0; byte < 8; ++byte) {
        hash ^= (value >> (8 * byte)) & 0xFFU;
        hash *= 0x100000001B3ULL;
    }
    return hash;
}
}  // namespace layout_detail

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"  // offsets of standard-library members are what we want
#endif
#define APPRAISE_SDK_TYPE(T) h = layout_detail::mix(layout_detail::mix(h, sizeof(T)), alignof(T))
#define APPRAISE_SDK_MEMBER(T, m) h = layout_detail::mix(h, offsetof(T, m))
inline constexpr std::uint64_t compute_layout_fingerprint() {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    APPRAISE_SDK_TYPE(plugin_info);
    APPRAISE_SDK_MEMBER(plugin_info, magic);
    APPRAISE_SDK_MEMBER(plugin_info, size);
    APPRAISE_SDK_MEMBER(plugin_info, api_major);
    APPRAISE_SDK_MEMBER(plugin_info, api_minor);
    APPRAISE_SDK_MEMBER(plugin_info, layout);
    APPRAISE_SDK_MEMBER(plugin_info, name);
    APPRAISE_SDK_MEMBER(plugin_info, version);
    APPRAISE_SDK_MEMBER(plugin_info, fingerprint);
    APPRAISE_SDK_TYPE(std::string);
    APPRAISE_SDK_TYPE(std::vector<std::string>);
    APPRAISE_SDK_TYPE(std::optional<std::string>);
    APPRAISE_SDK_TYPE(std::optional<double>);
    APPRAISE_SDK_TYPE(rubric_factory);
    APPRAISE_SDK_TYPE(option_value);
    APPRAISE_SDK_TYPE(option_values);
    APPRAISE_SDK_TYPE(file_name);
    APPRAISE_SDK_TYPE(source_location);
    APPRAISE_SDK_MEMBER(source_location, file);
    APPRAISE_SDK_MEMBER(source_location, line);
    APPRAISE_SDK_MEMBER(source_location, column);
    APPRAISE_SDK_TYPE(node);
    APPRAISE_SDK_MEMBER(node, type);
    APPRAISE_SDK_MEMBER(node, text);
    APPRAISE_SDK_MEMBER(node, integer);
    APPRAISE_SDK_MEMBER(node, number);
    APPRAISE_SDK_MEMBER(node, boolean);
    APPRAISE_SDK_MEMBER(node, members);
    APPRAISE_SDK_MEMBER(node, items);
    APPRAISE_SDK_MEMBER(node, where);
    APPRAISE_SDK_MEMBER(node, evidence);
    APPRAISE_SDK_TYPE(value_evidence);
    APPRAISE_SDK_TYPE(evidence_box);
    APPRAISE_SDK_MEMBER(value_evidence, support);
    APPRAISE_SDK_MEMBER(value_evidence, at);
    APPRAISE_SDK_MEMBER(value_evidence, source);
    APPRAISE_SDK_MEMBER(value_evidence, resolved);
    APPRAISE_SDK_MEMBER(value_evidence, reason);
    APPRAISE_SDK_MEMBER(value_evidence, where);
    APPRAISE_SDK_TYPE(node_member);
    APPRAISE_SDK_MEMBER(node_member, first);
    APPRAISE_SDK_MEMBER(node_member, second);
    APPRAISE_SDK_TYPE(study);
    APPRAISE_SDK_MEMBER(study, id);
    APPRAISE_SDK_MEMBER(study, file);
    APPRAISE_SDK_MEMBER(study, root);
    APPRAISE_SDK_MEMBER(study, id_where);
    APPRAISE_SDK_MEMBER(study, table_headers);
    APPRAISE_SDK_TYPE(appraisal_scope);
    APPRAISE_SDK_MEMBER(study, scope);
    APPRAISE_SDK_TYPE(severity);
    APPRAISE_SDK_TYPE(finding_concern);
    APPRAISE_SDK_TYPE(finding);
    APPRAISE_SDK_MEMBER(finding, id);
    APPRAISE_SDK_MEMBER(finding, level);
    APPRAISE_SDK_MEMBER(finding, message);
    APPRAISE_SDK_MEMBER(finding, where);
    APPRAISE_SDK_MEMBER(finding, concern);
    APPRAISE_SDK_TYPE(answer);
    APPRAISE_SDK_MEMBER(answer, id);
    APPRAISE_SDK_MEMBER(answer, value);
    APPRAISE_SDK_MEMBER(answer, provenance);
    APPRAISE_SDK_MEMBER(answer, evidence);
    APPRAISE_SDK_MEMBER(answer, outcome);
    APPRAISE_SDK_TYPE(domain_result);
    APPRAISE_SDK_MEMBER(domain_result, id);
    APPRAISE_SDK_MEMBER(domain_result, name);
    APPRAISE_SDK_MEMBER(domain_result, judgement);
    APPRAISE_SDK_MEMBER(domain_result, answers);
    APPRAISE_SDK_MEMBER(domain_result, rationale);
    APPRAISE_SDK_MEMBER(domain_result, proposed);
    APPRAISE_SDK_MEMBER(domain_result, override_reason);
    APPRAISE_SDK_MEMBER(domain_result, not_assessed);
    APPRAISE_SDK_MEMBER(domain_result, support);
    APPRAISE_SDK_MEMBER(domain_result, direction);
    APPRAISE_SDK_MEMBER(domain_result, alternatives);
    APPRAISE_SDK_TYPE(alternative_judgement);
    APPRAISE_SDK_MEMBER(alternative_judgement, label);
    APPRAISE_SDK_MEMBER(alternative_judgement, judgement);
    APPRAISE_SDK_TYPE(appraisal);
    APPRAISE_SDK_MEMBER(appraisal, rubric);
    APPRAISE_SDK_MEMBER(appraisal, rubric_version);
    APPRAISE_SDK_MEMBER(appraisal, label);
    APPRAISE_SDK_MEMBER(appraisal, overall);
    APPRAISE_SDK_MEMBER(appraisal, domains);
    APPRAISE_SDK_MEMBER(appraisal, findings);
    APPRAISE_SDK_MEMBER(appraisal, overall_rationale);
    APPRAISE_SDK_MEMBER(appraisal, overall_proposed);
    APPRAISE_SDK_MEMBER(appraisal, overall_override_reason);
    APPRAISE_SDK_MEMBER(appraisal, overall_not_assessed);
    APPRAISE_SDK_MEMBER(appraisal, overall_support);
    APPRAISE_SDK_MEMBER(appraisal, overall_direction);
    APPRAISE_SDK_MEMBER(appraisal, notes);
    APPRAISE_SDK_MEMBER(appraisal, robvis_template);
    APPRAISE_SDK_MEMBER(appraisal, weight);
    APPRAISE_SDK_TYPE(option_spec);
    APPRAISE_SDK_MEMBER(option_spec, name);
    APPRAISE_SDK_MEMBER(option_spec, type);
    APPRAISE_SDK_MEMBER(option_spec, default_value);
    APPRAISE_SDK_MEMBER(option_spec, min);
    APPRAISE_SDK_MEMBER(option_spec, max);
    APPRAISE_SDK_MEMBER(option_spec, description);
    APPRAISE_SDK_TYPE(finding_spec);
    APPRAISE_SDK_MEMBER(finding_spec, slug);
    APPRAISE_SDK_MEMBER(finding_spec, level);
    APPRAISE_SDK_MEMBER(finding_spec, title);
    APPRAISE_SDK_MEMBER(finding_spec, reads);
    APPRAISE_SDK_MEMBER(finding_spec, applies_to);
    APPRAISE_SDK_MEMBER(finding_spec, why);
    APPRAISE_SDK_MEMBER(finding_spec, concern);
    APPRAISE_SDK_MEMBER(finding_spec, source);
    APPRAISE_SDK_TYPE(domain_spec);
    APPRAISE_SDK_MEMBER(domain_spec, id);
    APPRAISE_SDK_MEMBER(domain_spec, name);
    APPRAISE_SDK_MEMBER(domain_spec, description);
    APPRAISE_SDK_TYPE(rubric_description);
    APPRAISE_SDK_MEMBER(rubric_description, id);
    APPRAISE_SDK_MEMBER(rubric_description, name);
    APPRAISE_SDK_MEMBER(rubric_description, version);
    APPRAISE_SDK_MEMBER(rubric_description, summary);
    APPRAISE_SDK_MEMBER(rubric_description, judgement_scale);
    APPRAISE_SDK_MEMBER(rubric_description, domains);
    APPRAISE_SDK_MEMBER(rubric_description, findings);
    APPRAISE_SDK_MEMBER(rubric_description, options);
    APPRAISE_SDK_MEMBER(rubric_description, details);
    APPRAISE_SDK_MEMBER(rubric_description, questions);
    APPRAISE_SDK_MEMBER(rubric_description, robvis_layouts);
    APPRAISE_SDK_MEMBER(rubric_description, judgement_rungs);
    APPRAISE_SDK_MEMBER(rubric_description, variants);
    APPRAISE_SDK_MEMBER(rubric_description, checklist);
    APPRAISE_SDK_TYPE(checklist_item);
    APPRAISE_SDK_MEMBER(checklist_item, id);
    APPRAISE_SDK_MEMBER(checklist_item, domain);
    APPRAISE_SDK_MEMBER(checklist_item, text);
    APPRAISE_SDK_TYPE(variant_spec);
    APPRAISE_SDK_MEMBER(variant_spec, id);
    APPRAISE_SDK_MEMBER(variant_spec, description);
    APPRAISE_SDK_MEMBER(variant_spec, design_types);
    APPRAISE_SDK_MEMBER(variant_spec, is_default);
    APPRAISE_SDK_TYPE(robvis_layout);
    APPRAISE_SDK_MEMBER(robvis_layout, template_name);
    APPRAISE_SDK_MEMBER(robvis_layout, domains);
    APPRAISE_SDK_TYPE(question_spec);
    APPRAISE_SDK_MEMBER(question_spec, id);
    APPRAISE_SDK_MEMBER(question_spec, domain);
    APPRAISE_SDK_MEMBER(question_spec, prompt);
    APPRAISE_SDK_MEMBER(question_spec, answers);
    APPRAISE_SDK_MEMBER(question_spec, reached_by_default);
    APPRAISE_SDK_MEMBER(question_spec, variants);
    APPRAISE_SDK_TYPE(rubric);
    APPRAISE_SDK_TYPE(registrar);
    return h;
}
#undef APPRAISE_SDK_MEMBER
#undef APPRAISE_SDK_TYPE
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

inline constexpr std::uint64_t layout_fingerprint = compute_layout_fingerprint();

}  // namespace appraise::sdk

// Exports the two entry points of a plugin. Use once per plugin, in one .cpp:
//   APPRAISE_PLUGIN("my-plugin", "1.0.0", register_my_rubrics)
// where `void register_my_rubrics(appraise::sdk::registrar&)`.
#define APPRAISE_PLUGIN(plugin_name, plugin_version, register_function)                                            \
    namespace appraise_plugin_entry {                                                                              \
    extern "C" __attribute__((visibility("default"))) const ::appraise::sdk::plugin_info* appraise_plugin_info() { \
        static const ::appraise::sdk::plugin_info info{::appraise::sdk::plugin_info_magic,                         \
                                                       sizeof(::appraise::sdk::plugin_info),                       \
                                                       ::appraise::sdk::api_major,                                 \
                                                       ::appraise::sdk::api_minor,                                 \
                                                       ::appraise::sdk::layout_fingerprint,                        \
                                                       plugin_name,                                                \
                                                       plugin_version,                                             \
                                                       APPRAISE_SDK_FINGERPRINT};                                  \
        return &info;                                                                                              \
    }                                                                                                              \
    extern "C" __attribute__((visibility("default"))) void appraise_register_rubrics(                              \
        ::appraise::sdk::registrar& host) {                                                                        \
        register_function(host);                                                                                   \
    }                                                                                                              \
    }
