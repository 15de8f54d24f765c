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

struct run_options {
    session_options setup;
    output_options out;
    unsigned threads = 0;
    std::string fail_on = "none";      // none | info | warning | error
    std::string weight_field;          // --weight (robvis, html)
    std::string robvis_template;       // --robvis-template (robvis)
    std::string outcome;               // --outcome (robvis)
    bool allow_unjudged = false;       // --allow-unjudged (robvis)
    std::string revman_template;       // --revman-template FILE (revman)
    std::string palette = "cochrane";  // --palette (html)
    bool finding_rows = false;         // --findings (csv)
    std::string label;                 // --label (html, markdown, robvis, text); empty: author-year
    std::string table;                 // --table (markdown, csv, html): only that table
};

struct audit_options {
    session_options setup;
    output_options out;
    unsigned threads = 0;
    std::string group_by = "design.type";
    std::string palette = "cochrane";  // --palette (html)
    bool all = false;                  // --all: also the rows hidden by default
    bool all_ids = false;              // --all-ids: every study id in the "which" lists
};

[[nodiscard]] int run_command(const run_options& options);
[[nodiscard]] int check_command(const run_options& options);
[[nodiscard]] int audit_command(const audit_options& options);
[[nodiscard]] int list_command(const session_options& setup, const output_options& out);
[[nodiscard]] int explain_command(const session_options& setup, const std::string& rubric_id,
                                  const output_options& out);

}  // namespace appraise::cli
