#include "appraise/text/node_text.hpp"

#include "appraise/text/number_format.hpp"

namespace appraise {

std::string node_text(const sdk::node& value) {
    using kind = sdk::node::kind;
    switch (value.type) {
        case kind::string:
            return value.text;
        case kind::boolean:
            return value.boolean ? "true" : "false";
        case kind::integer:
            return format_number(value.integer);
        case kind::number:
            return format_number(value.number);
        case kind::table:
            return "(table)";
        case kind::array:
            return "(array)";
    }
    return "";
}

bool is_scalar(const sdk::node& value) {
    return value.type != sdk::node::kind::table && value.type != sdk::node::kind::array;
}

}  // namespace appraise
