// `appraise fields [PREFIX]`: every field of the study format, from the
// codebook (the same data the loader checks against), so a reviewer learns the
// format from the program itself. docs/study-format.md says the same in prose.
#include <iostream>

#include "appraise/model/codebook.hpp"
#include "appraise/model/suggest.hpp"
#include "appraise/text/escape.hpp"
#include "appraise/text/markdown_text.hpp"
#include "appraise/text/number_format.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "field_text.hpp"
#include "terminal.hpp"
#include "write_output.hpp"

namespace appraise::cli {
namespace {

struct fields_options {
    std::string prefix;
    output_options out;
};

// `design` selects design and design.*; `design.type` selects that field.
bool under(const field_def& field, const std::string& prefix) {
    if (prefix.empty() || field.path == prefix) return true;
    return field.path.size() > prefix.size() && field.path.compare(0, prefix.size(), prefix) == 0 &&
           field.path[prefix.size()] == '.';
}

void write_text(std::ostream& out, const std::vector<const field_def*>& fields) {
    for (const auto* f : fields) {
        out << f->path << (f->required ? " (required)" : "") << ": " << describe_type(*f) << '\n';
        out << "    " << f->meaning << '\n';
    }
    out << "\nAny value may carry its evidence: { value = ..., support = \"quote\", at = \"p. 3\", source = \"...\" "
           "}.\n"
           "An omitted field means \"not reported in the study\". docs/study-format.md describes the whole format.\n";
}

void write_markdown(std::ostream& out, const std::vector<const field_def*>& fields) {
    out << markdown_row({"field", "type", "allowed values", "range", "meaning"});
    out << "|---|---|---|---|---|\n";
    for (const auto* f : fields) {
        std::string values;
        for (const auto& v : f->values) values += (values.empty() ? "" : ", ") + markdown_code(v);
        out << markdown_row({markdown_code(f->path) + (f->required ? " (required)" : ""), type_name(f->type), values,
                             range_words(*f), markdown_cell(f->meaning)});
    }
}

int fields_command(const fields_options& options) {
    std::vector<const field_def*> chosen;
    for (const auto& f : codebook::v1().fields())
        if (under(f, options.prefix)) chosen.push_back(&f);
    if (chosen.empty()) {
        std::vector<std::string> paths;
        for (const auto& f : codebook::v1().fields()) paths.push_back(f.path);
        std::string message = "no field of the study format is named `" + terminal_text(options.prefix) + "`";
        if (auto near = nearest(options.prefix, paths)) message += "; did you mean `" + *near + "`?";
        if (const field_synonym* meant = synonym_of(options.prefix))
            message += "; `" + options.prefix + "` is written `" + meant->path + "` in the format";
        print_diagnostics({{severity::error,
                            "usage/unknown-field",
                            message,
                            {"fields", 0, 0},
                            "`appraise fields` with no prefix lists them all"}});
        return exit_input_error;
    }
    return write_output(options.out.output, [&](std::ostream& out) {
        if (options.out.format == "markdown")
            write_markdown(out, chosen);
        else
            write_text(out, chosen);
    });
}

}  // namespace

command add_fields_command(CLI::App& app) {
    auto options = std::make_shared<fields_options>();
    auto* sub = app.add_subcommand("fields", "list the fields of the study format: type, allowed values, meaning");
    sub->add_option("prefix", options->prefix, "only the fields under this path, e.g. design or sample.arms");
    add_output_options(*sub, options->out, {"text", "markdown"});
    sub->footer(exit_code_text);
    return {sub, [options] { return fields_command(*options); }};
}

}  // namespace appraise::cli
