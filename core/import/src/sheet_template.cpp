#include "appraise/import/sheet_template.hpp"

#include <vector>

#include "appraise/import/sheet_map.hpp"
#include "appraise/input/toml_writer.hpp"
#include "appraise/model/codebook.hpp"
#include "appraise/model/version.hpp"
#include "appraise/text/escape.hpp"

namespace appraise {
namespace {

// The fields a template offers: every importable one, outcomes.* for the first outcome.
std::vector<const field_def*> template_fields() {
    std::vector<const field_def*> fields;
    for (const auto& f : codebook::v1().fields()) {
        const field_def* def = nullptr;
        if (importable_field(f.path, def)) fields.push_back(&f);
    }
    return fields;
}

bool list_field(const field_def& f) {
    return f.type == field_type::string_list || f.type == field_type::integer_list ||
           f.type == field_type::enumeration_list || f.type == field_type::number_or_list;
}

}  // namespace

std::string sheet_template_map() {
    std::string out =
        "# A MAP for `" + std::string(tool_name) + " import sheet` (docs/import.md), written by " + tool_name + " " +
        tool_version +
        ".\n"
        "# Each key of [columns] is a header of the sheet; its value the field it fills.\n"
        "# Rename a key to your sheet's header, delete the lines of fields you do not code.\n"
        "# A cell that is empty, \"NR\", \"n/a\" or \"-\" means \"not reported\"; add words here:\n"
        "missing = []\n"
        "# Rows above the first study (a second one joins its header to the one above: \"Group / Name\").\n"
        "header_rows = 1\n\n[columns]\n";
    for (const field_def* f : template_fields()) {
        out += "# " + f->meaning + ": " + describe_type(*f) + "\n";
        const std::string key = toml_key(f->path);
        std::string spec;
        append_toml_string(spec, f->path);
        if (list_field(*f)) {
            out += key + " = { field = " + spec + ", split = \";\"" +
                   (f->path.rfind("outcomes.", 0) == 0 ? ", outcome = 1" : "") + " }\n";
        } else if (f->path.rfind("outcomes.", 0) == 0) {
            out += key + " = { field = " + spec + ", outcome = 1 }\n";
        } else {
            out += key + " = " + spec + "\n";
        }
    }
    out += "# A column of quotes for a field's value: \"Allocation quote\" = { support_for = \"design.allocation\" }\n";
    return out;
}

std::string sheet_template_csv() {
    std::string out;
    for (const field_def* f : template_fields()) out += (out.empty() ? "" : ",") + csv_field(f->path);
    return out + "\r\n";
}

}  // namespace appraise
