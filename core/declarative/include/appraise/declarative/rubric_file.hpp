// A declarative rubric file (rubrics/*.toml) compiled into checked data:
// metadata, answer scales, named definitions, items with their derive
// expressions, domains with ordered judgement rules, an optional overall
// rule list, and findings. Every mistake in the file is a diagnostic with the
// file's line and column (inside expressions too). rubrics/README.md is the
// language's reference.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/declarative/expression.hpp"
#include "appraise/model/diagnostic.hpp"
#include "appraise/sdk/rubric_api.hpp"

namespace appraise::declarative {

struct answer_scale {
    std::string name;
    std::vector<std::string> values;
    std::string missing;         // the answer when neither coded nor derived
    std::string not_applicable;  // the answer when an item's `applies` is false; may be empty
};

struct rubric_item {
    std::string id;
    std::string prompt;
    std::string guidance;
    std::size_t scale = 0;           // index in compiled_rubric::scales
    expression derive;               // empty: coded only
    expression applies;              // empty: always applies
    std::vector<std::string> reads;  // fields the derive/applies expressions read, then `reads`
    // per_outcome = true: answered once per [[outcomes]] element, where
    // `outcomes.x` in derive and applies is that outcome's value.
    bool per_outcome = false;
    // proposal = true: the derived answer is only a proposal for the reviewer
    // to confirm (provenance "proposed"), e.g. an adequacy judgement guessed
    // from which facts are coded; domains and findings built on it say so.
    bool proposal = false;
    // Linked: the fixed parts of the not-answered warning, built once per
    // load rather than per study: "item `<id>` (<prompt>) is for the reviewer
    // to answer and is not answered", and " not assessed; add \"<id>\" = one
    // of <the scale's words>".
    std::string unanswered_head = {};
    std::string unanswered_add = {};
};

struct judgement_rule {
    expression when;  // empty: always matches
    std::string judgement;
    std::string because;  // the rule in words, for the rationale
    // Linked: "rule <n>: <why>", the rationale when this rule decides.
    std::string rationale = {};
};

struct rubric_domain {
    std::string id;
    std::string name;
    std::string description;
    std::vector<std::size_t> items;
    expression when;  // empty: always appraised
    // When true (it may read answers, e.g. screening questions), the domain is
    // not assessed for `stop_because`, and its unanswered items are not asked for.
    expression stop_when;
    std::string stop_because;
    std::vector<judgement_rule> rules;
    // Linked: judged once per outcome (a per-outcome item, or a rule reading
    // answer() of one); the items whose being unanswered keeps it from a
    // judgement, in the order they are named: its own, then each rule's
    // answer() items by id (with repeats).
    bool each_outcome = false;
    std::vector<std::size_t> unanswered_order = {};
};

struct message_part {
    std::string text;  // literal text, or a field path when `field` is set
    bool field = false;
    int slot = -1;  // linked: the field's index in compiled_rubric::fields
};

struct rubric_finding {
    std::string slug;
    sdk::severity level = sdk::severity::warning;
    sdk::finding_concern concern = sdk::finding_concern::bias;  // [[finding]] concern, else [rubric] concern
    expression when;
    std::string at;  // the field whose place the finding points at; empty: the study's id line
    std::vector<message_part> message;
    // Linked: the finding's id, "<rubric-id>/<slug>"; whether `when` reads
    // answer() of a per-outcome item; the items it names by answer(), by id.
    std::string id = {};
    bool reads_outcome_answer = false;
    std::vector<std::size_t> answer_items = {};
};

// A codebook path a rubric reads, split once when it loads. A field of
// [[outcomes]] ("outcomes.x") reads one value per outcome, or the one
// outcome's value in a per-outcome item.
struct field_path {
    std::string path;
    std::vector<std::string> keys;  // the path's dotted parts
    bool outcome_field = false;
    std::string outcome_key;  // after "outcomes."
};

// One overall rule a configuration may choose ([[overall.choice]]): its
// name, the source it follows, and its ordered rules.
struct overall_choice {
    std::string name;
    std::string source;
    std::vector<judgement_rule> rules;
};

struct compiled_rubric {
    sdk::rubric_description description;
    std::string file;
    std::vector<std::string> designs;  // design.type values it applies to; empty: all
    std::vector<answer_scale> scales;
    std::vector<definition> definitions;
    std::vector<rubric_item> items;
    std::vector<rubric_domain> domains;
    bool has_overall = false;
    std::vector<judgement_rule> overall;
    std::vector<rubric_finding> findings;
    // [overall] option = "<name>": no overall unless [options.<id>] <name>
    // names one of `overall_choices` (then has_overall and overall are that one's).
    std::string overall_option = {};
    std::vector<overall_choice> overall_choices = {};
    // Linked: every field any expression or message reads, each once.
    std::vector<field_path> fields = {};
    std::string appraisal_key = {};  // "appraisal.<id>"
    std::string under_table = {};    // linked: " under [appraisal.<id>]", the end of the not-answered warning
    // Linked, per item: whether `check`'s coding scope (sdk::appraisal_scope)
    // must derive its answer, because a domain's when or stop_when or a
    // finding about the coding reads it (only those may call answer()).
    // Every item when one of them reads a list of answers (conservative).
    std::vector<char> coding_derives = {};
};

// Resolves what evaluation would otherwise look up by name on every study
// (link.cpp): functions, fields, answer() and judgement() ids, rationales.
void link_rubric(compiled_rubric& rubric);

struct rubric_compile_result {
    std::shared_ptr<const compiled_rubric> rubric;  // null when the file has errors
    diagnostics problems;
};

// Compiles rubric text; `display_path` names the file in every location.
[[nodiscard]] rubric_compile_result compile_rubric(std::string_view text, const std::string& display_path);

// Reads and compiles a rubric file.
[[nodiscard]] rubric_compile_result compile_rubric_file(const std::string& path, const std::string& display_path);

}  // namespace appraise::declarative
