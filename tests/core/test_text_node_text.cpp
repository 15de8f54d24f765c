// A coded value as text (core/text/node_text.hpp).
#include <catch2/catch.hpp>

#include "appraise/text/node_text.hpp"

using appraise::node_text;
using kind = appraise::sdk::node::kind;

namespace {
appraise::sdk::node make(kind type) {
    appraise::sdk::node n;
    n.type = type;
    return n;
}
}  // namespace

TEST_CASE("node_text: strings as they are, numbers as format_number", "[core][text]") {
    auto s = make(kind::string);
    s.text = "say \"hi\" | <b>";
    CHECK(node_text(s) == "say \"hi\" | <b>");
    auto i = make(kind::integer);
    i.integer = 1800;
    CHECK(node_text(i) == "1800");
    auto d = make(kind::number);
    d.number = 85.0;
    CHECK(node_text(d) == "85");
    d.number = -0.0;
    CHECK(node_text(d) == "0");
    d.number = 0.85;
    CHECK(node_text(d) == "0.85");
    auto b = make(kind::boolean);
    b.boolean = true;
    CHECK(node_text(b) == "true");
    CHECK(node_text(make(kind::table)) == "(table)");
    CHECK(node_text(make(kind::array)) == "(array)");
    CHECK(appraise::is_scalar(d));
    CHECK_FALSE(appraise::is_scalar(make(kind::array)));
}
