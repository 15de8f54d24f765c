// The subcommands. Each returns the process exit code (exit_codes.hpp).
#pragma once

#include <string>
#include <vector>

#include "session.hpp"

namespace appraise::cli {

struct output_options {
    std::string format = "text";
    std::string output;  // -o; empty: stdout
};

// --cache, --no-cache and --shard (run, check, audit).
struct incremental_options {
    std::string cache_dir;        // --cache DIR; empty: $APPRAISE_CACHE, else none
    bool no_cache = false;        // --no-cache: neither
    std::size_t shard_index = 0;  // --shard I/N, I from 1; 0: the whole corpus
    std::size_t shard_count = 0;
    std::string shard_text;     // as given
    bool format_given = false;  // --format was on the command line (refused with --shard)
};

struct run_options {
    session_options setup;
    incremental_options incremental;
    output_options out;
    unsigned threads = 0;
    std::string fail_on = "none";      // none | info | warning | error
    std::string weight_field;          // --weight (robvis, html)
    std::string robvis_template;       // --robvis-template (robvis)
    std::string outcome;               // --outcome (robvis)
    bool allow_unjudged = false;       // --allow-unjudged (robvis)
    std::string revman_template;       // --revman-template FILE (revman)
    std::string revman_template_text;  // its text, read by the command before any work
    std::string palette = "cochrane";  // --palette (html)
    bool finding_rows = false;         // --findings (csv)
    std::string label;                 // --label (html, markdown, robvis, text); empty: author-year
    std::string table;                 // --table (markdown, csv, html): only that table
    std::string messages = "inline";   // --messages (json): inline | catalogue
};

struct audit_options {
    session_options setup;
    incremental_options incremental;
    output_options out;
    unsigned threads = 0;
    std::string group_by = "design.type";
    std::string palette = "cochrane";  // --palette (html)
    bool all = false;                  // --all: also the rows hidden by default
    bool all_ids = false;              // --all-ids: every study id in the "which" lists
};

// `appraise merge SHARD...`: the report (or audit) of the shards' corpus.
struct merge_options {
    std::vector<std::string> shards;
    run_options report;  // format, output and the formats' options; the rest comes from the shards
    bool all = false;    // audit --all
};

[[nodiscard]] int run_command(const run_options& options);
[[nodiscard]] int merge_command(const merge_options& options);
[[nodiscard]] int cache_clear_command(const std::string& dir);
[[nodiscard]] int check_command(const run_options& options);
[[nodiscard]] int audit_command(const audit_options& options);
[[nodiscard]] int list_command(const session_options& setup, const output_options& out);
[[nodiscard]] int explain_command(const session_options& setup, const std::string& rubric_id,
                                  const output_options& out);

}  // namespace appraise::cli
