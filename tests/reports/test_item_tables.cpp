// Item tables of checklist rubrics and the study-characteristics table, on
// hand-built results: one column per item, answers in the tool's words with
// their provenance, "Not assessed" for what nobody answered, a row per
// outcome, "not reported" for facts not coded, and CSV cells a spreadsheet
// cannot run as formulas.
#include "report_fixtures.hpp"

#include "appraise/reports/characteristics_table.hpp"
#include "appraise/reports/item_table.hpp"

using namespace appraise;
using namespace appraise::test;

namespace {

// A checklist of four items in two domains, the tool's order not the domains'
// (q3 belongs to the first domain, as JBI's q7 belongs to "administration").
sdk::rubric_description checklist_description() {
    sdk::rubric_description d;
    d.id = "check";
    d.name = "A checklist";
    d.version = "1.0.0";
    d.judgement_scale = {"met", "unclear", "not-met"};
    d.domains = {{"first", "First domain", ""}, {"second", "Second domain", ""}, {"other", "Other category", ""}};
    d.checklist = {{"q1", "first", "Was it randomised?"},
                   {"q2", "second", "Was follow-up complete?"},
                   {"q3", "first", "Were | assessors blind?"},
                   {"q4", "second", "Was the analysis per outcome right?"},
                   {"o1", "other", "Only for another category"}};
    return d;
}

sdk::domain_result domain(const std::string& id, std::vector<sdk::answer> answers) {
    sdk::domain_result d;
    d.id = id;
    d.name = id;
    d.judgement = "met";
    d.answers = std::move(answers);
    return d;
}

sdk::appraisal checklist_appraisal(std::string label, std::vector<sdk::domain_result> domains) {
    sdk::appraisal a;
    a.rubric = "check";
    a.rubric_version = "1.0.0";
    a.label = std::move(label);
    a.domains = std::move(domains);
    return a;
}

// Study one: q1 coded yes, q3 derived cant-tell, q2 missing (facts not
// reported), q4 answered per outcome (reading: proposed no; math: not
// assessed). Study two: q1 not assessed, q3 left out by the rubric, q2
// derived not-applicable, q4 coded yes for the whole study. Study three is
// appraised on the other category only.
std::vector<file_result> checklist_corpus() {
    std::vector<file_result> files(1);
    files[0].path = "studies/a.toml";
    files[0].studies.push_back(study_of(
        "one-2020", {checklist_appraisal("", {domain("first", {{"q1", "yes", "coded"}, {"q3", "cant-tell", "derived"}}),
                                              domain("second", {{"q2", "unclear", "missing"},
                                                                {"q4", "no", "proposed", {}, "reading"},
                                                                {"q4", "", "not-assessed", {}, "math"}})})}));
    files[0].studies.push_back(study_of(
        "two-2021",
        {checklist_appraisal("", {domain("first", {{"q1", "", "not-assessed"}}),
                                  domain("second", {{"q2", "not-applicable", "derived"}, {"q4", "yes", "coded"}})})}));
    files[0].studies.push_back(
        study_of("three-2022", {checklist_appraisal("", {domain("other", {{"o1", "yes", "coded"}})})}));
    files[0].studies[1].appraisals[0].domains[0].not_assessed = "not assessed: q1 is not answered";
    study_result skipped = study_of("bad-2010", {});
    skipped.appraised = false;
    files[0].studies.push_back(skipped);
    return files;
}

report_context checklist_context() {
    report_context context;
    context.rubrics = {rob2_description(), checklist_description()};
    return context;
}

sdk::node number_node(double n) {
    sdk::node v;
    v.type = sdk::node::kind::integer;
    v.integer = static_cast<std::int64_t>(n);
    v.number = n;
    return v;
}

sdk::node table_of(std::vector<std::pair<std::string, sdk::node>> members) {
    sdk::node t;
    t.type = sdk::node::kind::table;
    for (auto& [key, value] : members) t.members.emplace_back(key, std::move(value));
    return t;
}

}  // namespace

TEST_CASE("item table (markdown): one column per item in the tool's order, answers with their marks",
          "[reports][items]") {
    const auto md = write_report("markdown", checklist_context(), checklist_corpus()).out;
    // The first domain's items: q1, q2, q3, q4 in the checklist's order (not the domains'), no o1 column.
    CHECK_THAT(md, Catch::Contains("### Items\n\n#### First domain; Second domain\n\n| Study | q1 | q2 | q3 | q4 |\n"
                                   "| --- | --- | --- | --- | --- |\n"));
    // q4 is answered per outcome: a row per outcome, the study-level answers repeated.
    CHECK_THAT(md, Catch::Contains("| one-2020 \\[reading\\] | Yes | Unclear (nr) | Can't tell (d) | No (p) |\n"
                                   "| one-2020 \\[math\\] | Yes | Unclear (nr) | Can't tell (d) | Not assessed |\n"));
    // An unanswered item and an item the rubric left out both read Not assessed, never a guess.
    CHECK_THAT(md, Catch::Contains("| two-2021 | Not assessed | Not applicable (d) | Not assessed | Yes |\n"));
    // Results appraised on another category get their own table: no column is empty by design.
    CHECK_THAT(md, Catch::Contains("#### Other category\n\n| Study | o1 |\n| --- | --- |\n| three-2022 | Yes |\n"));
    // The key: item ids with their text as the rubric ships it (escaped); the legend names each mark used.
    CHECK_THAT(md, Catch::Contains("Items:\n- `q1`: Was it randomised?\n- `q2`: Was follow-up complete?\n"
                                   "- `q3`: Were \\| assessors blind?\n"));
    CHECK_THAT(md, Catch::Contains("Marks:\n- no mark: the reviewer's answer\n- (d): derived from the coded facts\n"
                                   "- (nr): derived, but the facts"));
    CHECK_THAT(md, Catch::Contains("- (p): a proposal derived from the coded facts, not yet confirmed by the reviewer\n"
                                   "- Not assessed: an item only the reviewer answers, not answered"));
    // A domain left unjudged is said under the table, so its listed answers are not read as an appraisal.
    CHECK_THAT(md, Catch::Contains("\nDomains not assessed (their answers are listed as given):\n"
                                   "- two-2021: first: q1 is not answered\n"));
    CHECK(md.find("bad-2010") == std::string::npos);  // skipped: no answers
    // rob2 gives no checklist: no item table in its section.
    CHECK(md.find("### Items") > md.find("## A checklist"));
}

TEST_CASE("item table (html): a cell per item with its provenance class, mark and meaning", "[reports][items]") {
    const auto html = write_report("html", checklist_context(), checklist_corpus()).out;
    // Cells carry no risk colour: the report's provenance chip classes (coloured) are not used on them.
    CHECK(html.find("<td class=\"ans prov-") == std::string::npos);
    CHECK_THAT(html, Catch::Contains("<h3>Items</h3>\n<h4>First domain; Second domain</h4>"));
    CHECK_THAT(html, Catch::Contains("<th scope=\"col\" title=\"Were | assessors blind?\">q3</th>"));
    CHECK_THAT(html, Catch::Contains("<tr><th scope=\"row\">one-2020 [reading]</th><td class=\"ans ans-coded\" "
                                     "title=\"the reviewer's answer\">Yes</td>"));
    CHECK_THAT(html, Catch::Contains("<td class=\"ans ans-missing\" title=\"derived, but the facts the item reads "
                                     "are not reported, so it takes the scale's no-information word\">Unclear<sup "
                                     "class=\"mark\">nr</sup></td>"));
    CHECK_THAT(html, Catch::Contains("<td class=\"ans ans-not-assessed\" title=\"an item only the reviewer "
                                     "answers, not answered: no answer is guessed\">Not assessed</td>"));
    CHECK_THAT(html, Catch::Contains("<dt>q1</dt><dd>Was it randomised?</dd>"));
    CHECK_THAT(html, Catch::Contains("table.items td.ans"));  // the stylesheet has the table's rules
    CHECK(html.find("<h3>Items</h3>") > html.find("id=\"rubric-check\""));
}

TEST_CASE("item table (csv): one row per answer, the tool's words and provenance in their own columns",
          "[reports][items][csv]") {
    auto context = checklist_context();
    context.table = "items";
    const auto csv = write_report("csv", context, checklist_corpus()).out;
    CHECK_THAT(csv, Catch::StartsWith("study,result,rubric,rubric_version,item,item_text,domain_id,outcome,answer,"
                                      "answer_code,provenance,tool\n"));
    CHECK_THAT(csv, Catch::Contains("one-2020,,check,1.0.0,q3,Were | assessors blind?,first,,Can't tell,cant-tell,"
                                    "derived,appraise "));
    // A per-outcome item has a row per outcome; a study-level item one row, with no outcome.
    CHECK_THAT(csv, Catch::Contains("one-2020,,check,1.0.0,q4,Was the analysis per outcome right?,second,reading,No,"
                                    "no,proposed,"));
    CHECK_THAT(csv, Catch::Contains("one-2020,,check,1.0.0,q4,Was the analysis per outcome right?,second,math,"
                                    "Not assessed,,not-assessed,"));
    CHECK_THAT(csv, Catch::Contains("two-2021,,check,1.0.0,q3,Were | assessors blind?,first,,Not assessed,,"
                                    "not-assessed,"));
    CHECK(csv.find("one-2020,,check,1.0.0,o1") == std::string::npos);  // not asked: another category
    std::size_t lines = 0;
    for (const char c : csv) lines += c == '\n' ? 1 : 0;
    CHECK(lines == 1 + 5 + 4 + 1);  // one-2020: q1-q3 and q4 twice; two-2021: q1-q4; three-2022: o1
}

TEST_CASE("item table (csv): a label or item text a spreadsheet would run is written as text",
          "[reports][items][csv]") {
    auto context = checklist_context();
    context.table = "items";
    context.rubrics[1].checklist[0].text = "=HYPERLINK(\"http://x\",\"click\")";
    auto files = checklist_corpus();
    files[0].studies[0].appraisals[0].label = "+cmd|' /C calc'!A0";
    const auto csv = write_report("csv", context, files).out;
    CHECK_THAT(csv, Catch::Contains("one-2020,'+cmd|' /C calc'!A0,check,1.0.0,q1,\"'=HYPERLINK(\"\"http://x\"\","
                                    "\"\"click\"\")\",first,,Yes,yes,coded,"));
    CHECK(csv.find(",=") == std::string::npos);
    CHECK(csv.find(",+") == std::string::npos);
}

TEST_CASE("item tables on their own: --table items in markdown and html, rubrics that are no checklist left out",
          "[reports][items]") {
    auto context = checklist_context();
    context.table = "items";
    const auto md = write_report("markdown", context, checklist_corpus()).out;
    CHECK_THAT(md, Catch::StartsWith("# Item tables\n\nMade by appraise "));
    CHECK_THAT(md, Catch::Contains("\n## A checklist (check 1.0.0)\n\n### Items\n"));
    CHECK(md.find("RoB 2") == std::string::npos);
    CHECK(md.find("Support for judgements") == std::string::npos);
    const auto html = write_report("html", context, checklist_corpus()).out;
    CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>"));
    CHECK_THAT(html, Catch::Contains("Content-Security-Policy"));
    CHECK_THAT(html, Catch::Contains("<section class=\"rubric\" id=\"items-check\">"));
    CHECK_THAT(html, Catch::EndsWith("</html>\n"));
    report_context none;
    none.rubrics = {rob2_description()};
    none.table = "items";
    CHECK_THAT(write_report("markdown", none, checklist_corpus()).out,
               Catch::Contains("No rubric of this run is a checklist"));
}

TEST_CASE("characteristics table: coded values, and not reported for every field not coded",
          "[reports][characteristics]") {
    std::vector<file_result> files(1);
    files[0].path = "studies/c.toml";
    auto full = study_of("chen-2017", {});
    full.facts.emplace_back("design.type", text_node("cluster-rct"));
    full.facts.emplace_back("country", text_node("China"));
    full.facts.emplace_back("intervention.setting", text_node("after school, on the school field"));
    sdk::node arms;
    arms.type = sdk::node::kind::array;
    arms.items = {number_node(64), number_node(60)};
    full.facts.emplace_back("sample.arms", arms);
    full.facts.emplace_back("intervention.name", text_node("=Sunshine sports hour"));
    full.facts.emplace_back("intervention.weeks", number_node(16));
    sdk::node outcomes;
    outcomes.type = sdk::node::kind::array;
    outcomes.items = {table_of({{"id", text_node("mental-health")},
                                {"instrument", text_node("MHT")},
                                {"name", text_node("Mental health problems")}}),
                      table_of({{"id", text_node("fitness")}})};
    full.facts.emplace_back("outcomes", outcomes);
    full.facts.emplace_back("followup.weeks_after", number_node(0));
    files[0].studies.push_back(full);
    auto bare = study_of("bare-2000", {});
    bare.facts.emplace_back("followup.weeks_after", number_node(12));
    files[0].studies.push_back(bare);
    study_result skipped = study_of("bad-2010", {});
    skipped.appraised = false;
    files[0].studies.push_back(skipped);

    report_context context;
    context.table = "characteristics";
    const auto md = write_report("markdown", context, files);
    CHECK_THAT(md.out, Catch::Contains("| Study | Design | Country | Setting | n per arm | Intervention | Duration | "
                                       "Outcomes | Follow-up |\n"));
    CHECK_THAT(md.out, Catch::Contains("| chen-2017 | Cluster RCT | China | after school, on the school field | "
                                       "64 / 60 | =Sunshine sports hour | 16 weeks | Mental health problems (MHT); "
                                       "fitness | post-test only |\n"));
    CHECK_THAT(md.out, Catch::Contains("| bare-2000 | not reported | not reported | not reported | not reported | "
                                       "not reported | not reported | not reported | 12 weeks after the "
                                       "intervention |\n"));
    CHECK_THAT(md.out, Catch::Contains("1 study is not listed: the coding has errors"));
    CHECK(md.out.find("| bad-2010") == std::string::npos);
    CHECK_THAT(md.out, Catch::Contains("- n per arm: sample.arms"));  // the key names each column's field

    const auto csv = write_report("csv", context, files);
    CHECK_THAT(csv.out, Catch::StartsWith("Study,Design,Country,Setting,n per arm,Intervention,Duration,Outcomes,"
                                          "Follow-up,tool\n"));
    // The coded "=..." is text in a spreadsheet, never a formula.
    CHECK_THAT(csv.out, Catch::Contains("chen-2017,Cluster RCT,China,\"after school, on the school field\",64 / 60,"
                                        "'=Sunshine sports hour,16 weeks,Mental health problems (MHT); fitness,"
                                        "post-test only,appraise "));
    CHECK_THAT(csv.notes, Catch::Contains("characteristics: 1 study is not listed"));

    const auto html = write_report("html", context, files).out;
    CHECK_THAT(html, Catch::Contains("<tr><th scope=\"row\">bare-2000</th><td class=\"nr\">not reported</td>"));
    CHECK_THAT(html, Catch::Contains("<td>=Sunshine sports hour</td>"));
    CHECK_THAT(html, Catch::EndsWith("</html>\n"));
}

TEST_CASE("table writers: markdown, csv or html only, and tables the registry names", "[reports][items]") {
    report_context context;
    context.table = "items";
    std::ostringstream out;
    CHECK_THROWS_WITH(make_report("json", out, context),
                      Catch::Contains("--table is written as markdown, csv or html, not json"));
    context.table = "nope";
    CHECK_THROWS_WITH(make_report("csv", out, context), Catch::Contains("unknown table format \"nope\""));
}
