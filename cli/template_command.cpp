// `appraise template [--rubric ID]... [--variant ID]`: a blank study to fill
// in. Every field of the codebook is there, commented out, with its type and
// meaning; for each chosen rubric the questions reached by default, with
// their allowed answers: of the chosen variant for a rubric with variants
// (RoB 2 for cluster trials), else of its default variant.
// Each commented value is "", which no typed field accepts: a line
// uncommented and left blank is an error `check` reports, never a fact
// recorded by accident.
#include <algorithm>
#include <iostream>
#include <sstream>

#include "appraise/input/toml_writer.hpp"
#include "appraise/model/codebook.hpp"
#include "appraise/model/suggest.hpp"
#include "appraise/model/version.hpp"
#include "appraise/text/utf8.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "terminal.hpp"
#include "write_output.hpp"

namespace appraise::cli {
namespace {

struct template_options {
    session_options setup;
    std::string variant;  // empty: each rubric's default variant
    std::string output;
};

// Text from a rubric on one comment line: a line break in it would end the
// comment and write TOML, so control characters become spaces.
std::string comment_text(std::string_view text) {
    std::string line = repair_utf8(text);
    for (char& c : line)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    return line;
}

std::string leaf(const std::string& path) {
    const auto dot = path.rfind('.');
    return dot == std::string::npos ? path : path.substr(dot + 1);
}

void write_field(std::ostream& out, const field_def& f, const char* indent) {
    out << indent << "# " << f.meaning << ": " << describe_type(f) << '\n';
    out << indent << "# " << leaf(f.path) << " = \"\"\n";
}

void write_facts(std::ostream& out) {
    const auto& fields = codebook::v1().fields();
    out << "# the study's id in reports (required): letters, digits, '.', '_' and '-'\n"
        << "id = \"\"\n";
    for (const auto& f : fields)
        if (f.path.find('.') == std::string::npos && f.path != "id" && f.type != field_type::section &&
            f.type != field_type::section_array && f.type != field_type::free_section) {
            out << '\n';
            write_field(out, f, "");
        }
    for (const auto& section : fields) {
        if (section.type != field_type::section && section.type != field_type::section_array) continue;
        const bool many = section.type == field_type::section_array;
        // A table header stays, so an uncommented key lands in its table; an
        // [[outcomes]] header would add an outcome without an id, so it is commented too.
        out << "\n# " << section.meaning << '\n'
            << (many ? "# [[" + section.path + "]]  (one per outcome: uncomment this line with the keys)\n"
                     : "[" + section.path + "]\n");
        for (const auto& f : fields)
            if (f.path.rfind(section.path + ".", 0) == 0) {
                out << '\n';
                write_field(out, f, "");
            }
    }
    out << "\n# your own fields, never checked\n# [custom]\n";
}

// "design.type = "cluster-rct"", or "" when no design.type selects it.
std::string selected_by(const sdk::variant_spec& v) {
    std::string types;
    for (const auto& type : v.design_types)
        types += (types.empty() ? "design.type = \"" : " or \"") + comment_text(type) + "\"";
    return types;
}

// Which variant's questions follow, and how to ask for the others.
void write_variant(std::ostream& out, const sdk::rubric_description& d, const sdk::variant_spec& chosen) {
    const std::string by = selected_by(chosen);
    out << "# Variant " << comment_text(chosen.id) << (chosen.is_default ? " (the default)" : "")
        << (by.empty() ? "" : ", selected by " + by) << ": " << comment_text(chosen.description) << '\n';
    std::string others;
    for (const auto& v : d.variants) {
        if (v.id == chosen.id) continue;
        std::string about = selected_by(v);
        if (v.is_default) about = "the default" + std::string(about.empty() ? "" : "; ") + about;
        others += (others.empty() ? "" : ", ") + comment_text(v.id) + (about.empty() ? "" : " (" + about + ")");
    }
    if (!others.empty())
        out << "# Other variants: " << others << ". For their questions: appraise template --rubric "
            << comment_text(d.id) << " --variant ID\n";
}

bool asks(const sdk::question_spec& q, const std::string& variant) {
    return variant.empty() || q.variants.empty() ||
           std::find(q.variants.begin(), q.variants.end(), variant) != q.variants.end();
}

const sdk::variant_spec* default_variant(const sdk::rubric_description& d) {
    for (const auto& v : d.variants)
        if (v.is_default) return &v;
    return d.variants.empty() ? nullptr : &d.variants.front();
}

const sdk::variant_spec* find_variant(const sdk::rubric_description& d, const std::string& id) {
    for (const auto& v : d.variants)
        if (v.id == id) return &v;
    return nullptr;
}

// `variant` empty: the rubric has one form, or its default is used.
void write_rubric(std::ostream& out, const sdk::rubric_description& d, const std::string& variant) {
    const std::string id = toml_key(d.id);
    out << "\n# ---- " << comment_text(d.id) << ' ' << comment_text(d.version) << ": " << comment_text(d.name)
        << "\n# Uncomment the header and the answers you give. `appraise explain " << comment_text(d.id)
        << "` lists its other keys.\n"
        << "# [appraisal." << id << "]\n"
        << "# your notes on this appraisal, printed by every report\n# notes = \"\"\n";
    const sdk::variant_spec* chosen = variant.empty() ? default_variant(d) : find_variant(d, variant);
    if (chosen != nullptr) write_variant(out, d, *chosen);
    std::size_t reached = 0;
    std::string domain;
    for (const auto& q : d.questions) {
        if (!q.reached_by_default || !asks(q, chosen == nullptr ? std::string() : chosen->id)) continue;
        ++reached;
        if (q.domain != domain) {
            domain = q.domain;
            std::string name;
            for (const auto& spec : d.domains)
                if (spec.id == domain) name = spec.name;
            out << "\n# " << comment_text(domain) << (name.empty() ? "" : ": " + comment_text(name)) << '\n';
        }
        std::string answers;
        for (const auto& a : q.answers) answers += (answers.empty() ? "" : " | ") + comment_text(a);
        out << "# " << comment_text(q.prompt) << (answers.empty() ? "" : " (" + answers + ")") << '\n'
            << "# " << toml_key(q.id) << " = \"\"\n";
    }
    if (reached == 0) out << "# (this rubric lists no questions a reviewer answers by default)\n";
    if (!d.domains.empty()) {
        out << "\n# the support for each judgement, in your words or a quote\n# [appraisal." << id << ".support]\n";
        for (const auto& spec : d.domains) out << "# " << toml_key(spec.id) << " = \"\"\n";
        out << "# overall = \"\"\n";
        std::string words;
        for (const auto& w : bias_directions()) words += (words.empty() ? "" : " | ") + w;
        out << "\n# the predicted direction of bias, per domain or overall: " << words << "\n# [appraisal." << id
            << ".direction]\n# overall = \"\"\n";
    }
}

// --variant names a variant of every chosen rubric that has variants; a
// rubric of one form is written whole. No chosen rubric with variants is a
// usage error too: the flag would silently do nothing.
void check_variant(const std::string& variant, const std::vector<const rubric_entry*>& chosen, diagnostics& problems) {
    const auto problem = [&](std::string message, std::string hint) {
        problems.push_back(
            {severity::error, "usage/unknown-variant", std::move(message), {"--variant", 0, 0}, std::move(hint)});
    };
    bool any = false;
    for (const auto* entry : chosen) {
        const auto& d = entry->description;
        if (d.variants.empty()) continue;
        any = true;
        if (find_variant(d, variant) != nullptr) continue;
        std::vector<std::string> ids;
        std::string known;
        for (const auto& v : d.variants) {
            ids.push_back(v.id);
            known += (known.empty() ? "" : ", ") + v.id + (v.is_default ? " (the default)" : "");
        }
        std::string message = "rubric `" + d.id + "` has no variant `" + variant + "`; its variants: " + known;
        if (auto near = nearest(variant, ids)) message += "; did you mean `" + *near + "`?";
        problem(std::move(message), "`appraise explain " + d.id + "` describes each variant");
    }
    if (!any)
        problem("--variant " + variant + ": " +
                    (chosen.empty() ? std::string("no rubric is chosen (add --rubric ID)")
                                    : std::string("none of the chosen rubrics has variants")),
                "`appraise explain ID` lists a rubric's variants, when it has any");
}

int template_command(const template_options& options) {
    std::unique_ptr<session> s = open_session(options.setup, false);
    if (!s) return exit_input_error;
    std::vector<const rubric_entry*> chosen;
    diagnostics problems;
    for (const auto& id : options.setup.rubrics) {
        const rubric_entry* entry = s->registry.find(id);
        if (entry == nullptr) {
            std::string message = "unknown rubric `" + id + "`";
            if (auto near = nearest(id, s->registry.ids())) message += "; did you mean `" + *near + "`?";
            problems.push_back({severity::error,
                                "usage/unknown-rubric",
                                message,
                                {"--rubric", 0, 0},
                                "`appraise list` shows the available rubrics"});
        } else if (std::find(chosen.begin(), chosen.end(), entry) == chosen.end()) {
            chosen.push_back(entry);
        }
    }
    if (!options.variant.empty() && problems.empty()) check_variant(options.variant, chosen, problems);
    if (!problems.empty()) {
        print_diagnostics(problems);
        return exit_input_error;
    }
    std::ostringstream text;
    text << "# A blank coded study (study format 1.1), written by " << tool_name << ' ' << tool_version << ".\n"
         << "# Fill in `id`. For each fact the study reports, remove the \"# \" before its key and write its\n"
         << "# value in place of \"\"; a field left out means \"not reported in the study\".\n"
         << "# Any value may carry its evidence: { value = ..., support = \"quote\", at = \"p. 3\", source = "
            "\"full-text\" }.\n"
         << "# `appraise fields` lists every field; docs/study-format.md describes the format.\n\n";
    write_facts(text);
    for (const auto* entry : chosen)
        write_rubric(text, entry->description, entry->description.variants.empty() ? std::string() : options.variant);
    return write_output(options.output, [&](std::ostream& out) { out << text.str(); });
}

}  // namespace

command add_template_command(CLI::App& app) {
    auto options = std::make_shared<template_options>();
    auto* sub = app.add_subcommand("template",
                                   "write a blank study to fill in: every field, commented out, and "
                                   "the questions of the chosen rubrics");
    add_setup_options(*sub, options->setup, false);
    sub->add_option("-r,--rubric", options->setup.rubrics, "add this rubric's questions (repeatable)");
    sub->add_option("--variant", options->variant,
                    "the questions of this variant of the chosen rubrics (e.g. rob2's cluster or crossover; "
                    "default: each rubric's default variant; `appraise explain ID` lists them)")
        ->type_name("ID");
    sub->add_option("-o,--output", options->output, "write to FILE (atomically) instead of stdout")->type_name("FILE");
    sub->footer(exit_code_text);
    return {sub, [options] { return template_command(*options); }};
}

}  // namespace appraise::cli
