#include "field_text.hpp"

#include "appraise/text/number_format.hpp"

namespace appraise::cli {

std::string type_name(field_type type) {
    switch (type) {
        case field_type::section:
            return "table";
        case field_type::section_array:
            return "array of tables";
        case field_type::free_section:
            return "table (free)";
        case field_type::string:
            return "string";
        case field_type::integer:
            return "integer";
        case field_type::number:
            return "number";
        case field_type::boolean:
            return "boolean";
        case field_type::enumeration:
            return "enum";
        case field_type::string_list:
            return "array of strings";
        case field_type::integer_list:
            return "array of integers";
        case field_type::enumeration_list:
            return "array of enums";
        case field_type::number_or_list:
            return "number, or array of numbers";
        case field_type::date:
            return "date";
    }
    return "value";
}

std::string range_words(const field_def& f) {
    if (f.min && f.max) return format_number(*f.min) + " to " + format_number(*f.max);
    if (f.min) return ">= " + format_number(*f.min);
    if (f.max) return "<= " + format_number(*f.max);
    return "";
}

}  // namespace appraise::cli
