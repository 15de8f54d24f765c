// `appraise list` and `appraise explain`: what rubrics there are, and what
// one of them checks, reads, and accepts as options.
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "appraise/model/codebook.hpp"
#include "appraise/model/rubric_options.hpp"
#include "appraise/model/suggest.hpp"
#include "appraise/reports/json_convert.hpp"
#include "appraise/reports/revman_columns.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "terminal.hpp"
#include "write_output.hpp"

namespace appraise::cli {

using json = nlohmann::ordered_json;
namespace {

std::string api_text(const rubric_entry& entry) {
    if (entry.kind != rubric_kind::plugin) return "-";
    return std::to_string(entry.api_major) + "." + std::to_string(entry.api_minor);
}

std::string option_type(const sdk::option_spec& spec) {
    std::string text;
    switch (spec.type) {
        case sdk::option_spec::kind::boolean:
            text = "boolean";
            break;
        case sdk::option_spec::kind::integer:
            text = "integer";
            break;
        case sdk::option_spec::kind::number:
            text = "number";
            break;
        case sdk::option_spec::kind::string:
            text = "string";
            break;
    }
    if (spec.min) text += ", min " + option_text(*spec.min);
    if (spec.max) text += ", max " + option_text(*spec.max);
    return text;
}

void write_list_text(std::ostream& out, const rubric_registry& registry) {
    const auto entries = registry.entries();
    std::size_t id_width = 2;
    std::size_t origin_width = 11;
    for (const auto* e : entries) {
        id_width = std::max(id_width, e->description.id.size());
        origin_width = std::max(origin_width, e->origin.size());
    }
    const auto w = [](std::size_t n) { return static_cast<int>(n); };
    out << std::left << std::setw(w(id_width)) << "id"
        << "  " << std::setw(9) << "version"
        << "  " << std::setw(11) << "kind"
        << "  " << std::setw(4) << "api"
        << "  " << std::setw(w(origin_width)) << "loaded from"
        << "  description\n";
    for (const auto* e : entries) {
        out << std::left << std::setw(w(id_width)) << e->description.id << "  " << std::setw(9)
            << e->description.version << "  " << std::setw(11) << to_string(e->kind) << "  " << std::setw(4)
            << api_text(*e) << "  " << std::setw(w(origin_width)) << e->origin << "  " << e->description.summary
            << '\n';
    }
    if (entries.empty()) out << "(no rubrics found)\n";
    if (!registry.failures().empty()) {
        out << "\nfailed to load:\n";
        for (const auto& failure : registry.failures()) out << "  " << failure.origin << ": " << failure.reason << '\n';
    }
}

void write_list_json(std::ostream& out, const rubric_registry& registry) {
    json rubrics = json::array();
    for (const auto* e : registry.entries()) {
        rubrics.push_back({{"id", e->description.id},
                           {"name", e->description.name},
                           {"version", e->description.version},
                           {"kind", std::string(to_string(e->kind))},
                           {"api", api_text(*e)},
                           {"origin", e->origin},
                           {"summary", e->description.summary}});
    }
    json failures = json::array();
    for (const auto& f : registry.failures()) failures.push_back({{"origin", f.origin}, {"reason", f.reason}});
    out << json{{"tool", json::parse(tool_json_text())}, {"rubrics", rubrics}, {"failures", failures}}.dump(2) << '\n';
}

void write_explain_text(std::ostream& out, const rubric_entry& entry, const sdk::option_values& configured) {
    const auto& d = entry.description;
    out << d.id << ' ' << d.version << ": " << d.name << '\n';
    out << "  " << to_string(entry.kind) << ", loaded from " << entry.origin;
    if (entry.kind == rubric_kind::plugin) out << " (plugin API " << api_text(entry) << ")";
    out << "\n\n" << d.summary << '\n';
    if (!d.details.empty()) out << '\n' << d.details << '\n';
    if (!d.judgement_scale.empty()) {
        out << "\nJudgement scale (best first):";
        for (std::size_t i = 0; i < d.judgement_scale.size(); ++i)
            out << ' ' << d.judgement_scale[i]
                << (i < d.judgement_rungs.size() ? " (drawn as " + d.judgement_rungs[i] + ")" : std::string());
        out << '\n';
    }
    if (!d.domains.empty()) {
        out << "\nDomains:\n";
        for (const auto& domain : d.domains)
            out << "  " << domain.id << ": " << domain.name << (domain.description.empty() ? "" : ": ")
                << domain.description << '\n';
    }
    if (!d.variants.empty()) {
        out << "\nVariants (appraise template --rubric " << d.id << " --variant ID lists one's questions):\n";
        for (const auto& v : d.variants) {
            std::string by;
            for (const auto& type : v.design_types) by += (by.empty() ? "design.type = " : " or ") + type;
            out << "  " << v.id << (v.is_default ? " (the default)" : "") << (by.empty() ? "" : ", selected by " + by)
                << ": " << v.description << '\n';
        }
    }
    if (!d.checklist.empty())
        out << "\nChecklist: Markdown and HTML reports give an item table, one column per item (" << d.checklist.size()
            << (d.checklist.size() == 1 ? " item" : " items") << "); run --table items writes it alone\n";
    // robvis's tool argument and column order, so the export can be drawn without guessing.
    out << "\nrobvis (--format robvis):";
    if (d.robvis_layouts.empty())
        out << " Generic, every domain in order\n";
    else {
        out << '\n';
        for (std::size_t i = 0; i < d.robvis_layouts.size(); ++i) {
            const auto& layout = d.robvis_layouts[i];
            out << "  " << layout.template_name << ':';
            for (const auto& id : layout.domains) out << ' ' << id;
            out << (i == 0 ? "  (default)" : "  (--robvis-template " + layout.template_name + ")") << '\n';
        }
    }
    if (d.id == "rob2") {
        // The RevMan columns are a guess until checked against RevMan's own template: say so where they are listed.
        out << "\nRevMan Web (--format revman): the \"Risk of bias 2 (one row per result)\" import, one row per "
               "result. The column names are UNVERIFIED (RevMan gives them only in the template a review "
               "downloads): check them against it, or pass it with --revman-template FILE, which takes its header "
               "row and fails on any column it cannot fill. Columns (* required in a template):\n";
        std::size_t width = 0;
        for (const auto& c : revman_columns) width = std::max(width, c.header.size());
        for (const auto& c : revman_columns)
            out << "  " << (c.required ? '*' : ' ') << ' ' << c.header << std::string(width - c.header.size() + 2, ' ')
                << c.holds << '\n';
        out << "  A result with a domain not assessed, a coding error, or a domain with no column (cluster 1b, "
               "crossover S) is left out, and stderr says which and why.\n";
    }
    if (!d.findings.empty()) {
        out << "\nFindings:\n";
        for (const auto& f : d.findings) {
            out << "\n  " << d.id << '/' << f.slug << "  [" << sdk::to_string(f.level) << "]\n";
            out << "    what:       " << f.title << '\n';
            out << "    concern:    " << sdk::to_string(f.concern) << '\n';
            out << "    reads:      ";
            for (std::size_t i = 0; i < f.reads.size(); ++i) {
                const field_def* field = codebook::v1().find(f.reads[i]);
                out << (i == 0 ? "" : "\n                ") << f.reads[i]
                    << (field ? " (" + describe_type(*field) + ")" : std::string(" (not in the codebook)"));
            }
            out << '\n';
            if (!f.applies_to.empty()) out << "    applies to: " << f.applies_to << '\n';
            out << "    why:        " << f.why << '\n';
            if (!f.source.empty()) out << "    source:     " << f.source << '\n';
        }
    }
    out << "\nOptions ([options." << d.id << "] in appraise.toml):";
    if (d.options.empty()) out << " none";
    out << '\n';
    for (const auto& o : d.options) {
        const auto value = configured.find(o.name);
        const std::string current = value == configured.end() ? o.default_value : option_text(value->second);
        out << "  " << o.name << " = " << o.default_value << "  (" << option_type(o) << ")";
        if (current != o.default_value) out << "  configured: " << current;
        out << "\n      " << o.description << '\n';
    }
}

}  // namespace

int list_command(const session_options& setup, const output_options& out_options) {
    std::unique_ptr<session> s = open_session(setup, false);
    if (!s) return exit_input_error;
    return write_output(out_options.output, [&](std::ostream& out) {
        if (out_options.format == "json")
            write_list_json(out, s->registry);
        else
            write_list_text(out, s->registry);
    });
}

int explain_command(const session_options& setup, const std::string& rubric_id, const output_options& out_options) {
    std::unique_ptr<session> s = open_session(setup, false);
    if (!s) return exit_input_error;
    const rubric_entry* entry = s->registry.find(rubric_id);
    if (entry == nullptr) {
        std::string message = "unknown rubric `" + rubric_id + "`";
        if (auto near = nearest(rubric_id, s->registry.ids())) message += "; did you mean `" + *near + "`?";
        print_diagnostics({{severity::error,
                            "usage/unknown-rubric",
                            message,
                            {"explain", 0, 0},
                            "`appraise list` shows the available rubrics"}});
        return exit_input_error;
    }
    diagnostics problems;
    const auto configured = s->config.options.find(rubric_id);
    const sdk::option_values values = resolve_options(
        entry->description, configured == s->config.options.end() ? nullptr : &configured->second, problems);
    print_diagnostics(problems);
    const int written =
        write_output(out_options.output, [&](std::ostream& out) { write_explain_text(out, *entry, values); });
    return written != exit_ok || has_errors(problems) ? exit_input_error : exit_ok;
}

}  // namespace appraise::cli
