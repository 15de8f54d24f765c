// `appraise merge SHARD...`: the shards of `run --shard I/N` (or `check`,
// `audit`) put back together into the one report a single run writes. The
// shards' results are replayed in corpus order (item k from shard k mod N)
// through the same duplicate-id check and the same writers.
#include <algorithm>
#include <cstdint>
#include <iostream>
#include <optional>
#include <vector>

#include "appraise/audit/audit_formats.hpp"
#include "appraise/cache/result_codec.hpp"
#include "appraise/cache/run_identity.hpp"
#include "appraise/cache/shard_file.hpp"
#include "appraise/engine/duplicate_ids.hpp"
#include "appraise/reports/report_formats.hpp"
#include "appraise/text/output_file.hpp"
#include "appraise/text/report_stdout.hpp"
#include "command.hpp"
#include "corpus_output.hpp"
#include "exit_codes.hpp"
#include "terminal.hpp"

namespace appraise::cli {
namespace {

diagnostic merge_error(const std::string& code, const std::string& message, const std::string& where,
                       const std::string& hint) {
    return {severity::error, code, message, {where, 0, 0}, hint};
}

// The shards in shard order, checked to be the N shards of one run.
std::vector<std::unique_ptr<shard_reader>> open_shards(const std::vector<std::string>& files, diagnostics& problems) {
    std::vector<std::unique_ptr<shard_reader>> shards;
    for (const auto& file : files) {
        try {
            shards.push_back(std::make_unique<shard_reader>(file));
        } catch (const cache_error& error) {
            problems.push_back(
                merge_error("merge/not-a-shard", error.what(), file, "give the files `run --shard I/N -o FILE` wrote"));
        }
    }
    if (!problems.empty()) return {};
    const auto& first = shards.front()->header();
    for (const auto& shard : shards) {
        const auto& header = shard->header();
        if (header.identity != first.identity || header.count != first.count || header.command != first.command)
            problems.push_back(merge_error(
                "merge/mismatch",
                "this shard comes from another run than " + shards.front()->file().string() +
                    " (another command, N, rubrics, options, configuration or build of appraise)",
                shard->file().string(), "merge the N shards of one run, made with the same appraise and options"));
    }
    if (!problems.empty()) return {};
    std::sort(shards.begin(), shards.end(),
              [](const auto& a, const auto& b) { return a->header().index < b->header().index; });
    for (std::size_t i = 0; i < shards.size(); ++i) {
        const bool repeated = i > 0 && shards[i]->header().index == shards[i - 1]->header().index;
        if (repeated)
            problems.push_back(merge_error("merge/missing-shard",
                                           "shard " + std::to_string(shards[i]->header().index) + " is given twice",
                                           shards[i]->file().string(), "give each shard once"));
    }
    if (problems.empty() && shards.size() != first.count) {
        std::string missing;
        std::size_t expected = 1;
        for (const auto& shard : shards) {
            for (; expected < shard->header().index; ++expected) missing += " " + std::to_string(expected);
            expected = shard->header().index + 1;
        }
        for (; expected <= first.count; ++expected) missing += " " + std::to_string(expected);
        problems.push_back(merge_error("merge/missing-shard",
                                       "the run had " + std::to_string(first.count) + " shards; missing:" + missing,
                                       files.front(), "give every shard of the run"));
    }
    if (!problems.empty()) return {};
    return shards;
}

// Every item of the shards in corpus order: item k is item k / N of shard k mod N.
// A large file's later parts (file_result::continued) follow it in its shard.
class interleaved {
public:
    explicit interleaved(std::vector<std::unique_ptr<shard_reader>> shards)
        : shards_(std::move(shards)), ahead_(shards_.size()), has_ahead_(shards_.size(), false) {}

    std::optional<file_result> next() {
        if (last_ < shards_.size()) {
            auto part = take(last_);
            if (part && part->continued) return part;
            ahead_[last_] = std::move(part);
            has_ahead_[last_] = true;
            last_ = shards_.size();
        }
        const std::size_t shard = turn_++ % shards_.size();
        auto item = take(shard);
        if (!item) {
            ended_ = true;
            return std::nullopt;
        }
        if (ended_)
            throw cache_error(shards_[shard]->file().string() +
                              ": holds more items than an earlier shard allows: the shards do not fit together");
        last_ = shard;
        return item;
    }

    // After next() gave nullopt: every other shard must end in the same round.
    void check_ends() {
        for (std::size_t i = 0; i < shards_.size(); ++i)
            if (take(i))
                throw cache_error(shards_[i]->file().string() +
                                  ": holds more items than an earlier shard allows: the shards do not fit together");
    }

private:
    std::optional<file_result> take(std::size_t shard) {
        if (!has_ahead_[shard]) return shards_[shard]->next();
        has_ahead_[shard] = false;
        return std::move(ahead_[shard]);
    }

    std::vector<std::unique_ptr<shard_reader>> shards_;
    std::vector<std::optional<file_result>> ahead_;  // read to see whether it continues the item before
    std::vector<bool> has_ahead_;
    std::size_t turn_ = 0;
    std::size_t last_ = SIZE_MAX;  // the shard of the item just given, while its parts may follow
    bool ended_ = false;
};

std::vector<std::string> file_names(const std::vector<std::string>& files) {
    diagnostics ignored;
    interleaved all(open_shards(files, ignored));
    std::vector<std::string> names;
    while (auto item = all.next())
        if (!item->path.empty()) names.push_back(std::move(item->path));
    return names;
}

rendered_file render(const report_writer& writer, file_result&& result) {
    rendered_file out;
    out.result = std::move(result);
    try {
        out.rendered = writer.render(out.result);
    } catch (const std::exception& error) {
        out.render_failed = true;
        out.result.problems.push_back({severity::error,
                                       "report/render-failed",
                                       std::string("writing this file's part of the report failed: ") + error.what(),
                                       {out.result.path, 0, 0},
                                       "please report this as a bug"});
    }
    return out;
}

}  // namespace

int merge_command(const merge_options& options) {
    diagnostics problems;
    auto shards = open_shards(options.shards, problems);
    if (!problems.empty()) {
        print_diagnostics(problems);
        return exit_input_error;
    }
    const shard_header header = shards.front()->header();
    const bool audit = header.command == "audit";
    const std::vector<std::string> formats = audit ? audit_formats().names() : run_formats().names();
    if (std::find(formats.begin(), formats.end(), options.report.out.format) == formats.end()) {
        print_diagnostics({merge_error(
            "merge/format", "--format " + options.report.out.format + " is not a format of `" + header.command + "`",
            "--format", "`appraise " + header.command + " --help` lists its formats")});
        return exit_input_error;
    }
    if (!messages_fit(options.report, header.command, false)) return exit_input_error;
    reserve_report_stdout();  // plugins run in this process: their printf goes to stderr
    session_options setup = options.report.setup;
    setup.corpus_paths = header.corpus_paths;
    setup.config_file = header.config_file;
    setup.plugin_dirs = header.plugin_dirs;
    setup.rubric_dirs = header.rubric_dirs;
    setup.rubrics = header.rubrics;
    setup.config_plugins = header.command != "check";
    std::unique_ptr<session> s = open_session(setup, true);
    if (!s) return exit_input_error;
    if (run_identity(s->rubrics, s->config, header.purpose) != header.identity) {
        print_diagnostics({merge_error(
            "merge/mismatch",
            "the shards were made with other rubrics, options, configuration or build of appraise than this merge "
            "finds",
            options.shards.front(),
            "merge where the shards were made (same folder, same appraise), or make the shards again")});
        return exit_input_error;
    }
    try {
        interleaved items(std::move(shards));
        duplicate_ids duplicates([files = options.shards] { return file_names(files); });
        output_file out(options.report.out.output);
        int status = exit_ok;
        if (audit) {
            audit_options audit_setup;
            audit_setup.out = options.report.out;
            audit_setup.group_by = header.group_by;
            audit_setup.palette = options.report.palette;
            audit_setup.all = options.all;
            audit_output report(audit_setup, *s);
            while (auto item = items.next()) {
                duplicates.check(*item);
                report.take(std::move(*item));
            }
            items.check_ends();
            status = report.finish(out.stream());
        } else {
            run_options report_setup = options.report;
            report_setup.weight_field = header.weight_field;
            report_output report(report_setup, *s, header.command == "check", out.stream());
            while (auto item = items.next()) {
                duplicates.check(*item);
                report.take(render(report.writer(), std::move(*item)));
            }
            items.check_ends();
            status = report.finish();
        }
        out.commit();
        return status;
    } catch (const cache_error& error) {
        print_diagnostics({merge_error("merge/not-a-shard", error.what(), "merge",
                                       "make the shard again; a shard file is written whole or not at all")});
        return exit_input_error;
    } catch (const std::exception& error) {
        std::cerr << "appraise: error: " << error.what() << '\n';
        return exit_input_error;
    }
}

command add_merge_command(CLI::App& app) {
    auto options = std::make_shared<merge_options>();
    auto* sub = app.add_subcommand(
        "merge",
        "one report (or audit) from the shard files of `run --shard I/N` (or `check`, `audit`): the bytes a "
        "single run writes (docs/shards.md)");
    sub->add_option("shards", options->shards, "every shard file of one run, in any order")->required();
    // run's formats or audit's, checked against what the shards come from
    sub->add_option("--format", options->report.out.format, "output format")->capture_default_str();
    sub->add_option("-o,--output", options->report.out.output, "write to FILE (atomically) instead of stdout")
        ->type_name("FILE");
    sub->add_option("--palette", options->report.palette, "colours of the HTML plots")
        ->check(CLI::IsMember({"cochrane", "colourblind", "colorblind"}))
        ->capture_default_str();
    sub->add_option("--robvis-template", options->report.robvis_template, "as for run --format robvis")
        ->type_name("NAME");
    sub->add_option("--outcome", options->report.outcome, "as for run --format robvis")->type_name("ID");
    sub->add_flag("--allow-unjudged", options->report.allow_unjudged, "as for run --format robvis");
    sub->add_flag("--findings", options->report.finding_rows, "with --format csv: one row per finding");
    add_messages_option(*sub, options->report.messages);
    sub->add_flag("--all", options->all, "audit shards: also the rows hidden by default, as audit --all");
    sub->add_option("--fail-on", options->report.fail_on, "exit 1 when a finding is at or above this severity")
        ->check(CLI::IsMember({"none", "info", "warning", "error"}))
        ->capture_default_str();
    sub->footer(formats_footer(run_formats().help()) + "\nAudit shards take the formats of `appraise audit`.");
    return {sub, [options] { return merge_command(*options); }};
}

}  // namespace appraise::cli
