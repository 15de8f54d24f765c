#include "appraise/reports/print_layout.hpp"

#include "appraise/text/escape.hpp"

namespace appraise {

// Why each print rule is there:
// - sections start on a new page; nothing else forces a break, so no page is blank;
// - plot panels are no taller than a page (rows_per_page_panel) and never split: each
//   page of a long traffic-light plot starts with its column header;
// - tables may split between rows, never inside one, and repeat their <thead>;
// - study details stay open and complete (every judgement, answer and finding), but
//   answers run on in one line per domain and a finding is one paragraph: that, not
//   hiding anything, is what takes the 18-study example from 289 pages to under 100.
const char* print_css() {
    return R"(nav.toc ol{margin:.2em 0;padding-left:1.4em}nav.toc ol ol{columns:3 14em;font-size:.95em}
p.plot-note{color:#444;font-size:.9em;margin:.3em 0}h3 .study-id{font-weight:normal;color:#555;font-size:.8em;font-family:ui-monospace,monospace}
@page{size:A4;margin:12mm 11mm}
@media print{body{max-width:none;padding:0;font-size:9pt;line-height:1.25}
nav.toc{break-after:page}
section.rubric,section#findings,section#studies{break-before:page}
h2,h3,summary{break-after:avoid}h2{margin-top:0}
.plot-wrap{display:block;max-height:none;overflow:visible;border:0;padding:0}
.plot-wrap svg{display:block;margin:0 0 3mm}.plot-block{overflow:visible}
svg{break-inside:avoid;max-width:100%;height:auto}
table{break-inside:auto;max-width:100%}tr{break-inside:avoid}thead{display:table-header-group}
section#studies{font-size:8.5pt}section.study{break-inside:auto;padding-top:.1em}section.study h3{margin:.5em 0 .1em}
details{margin:.2em 0}details>summary{list-style:none}details>summary::-webkit-details-marker{display:none}
table.domains{width:100%}table.domains th,table.domains td{overflow-wrap:break-word;hyphens:auto}
table.domains th:nth-child(1){width:6.5em}
table.domains td:nth-child(4){font-size:.85em}td.answers code{font-family:inherit}.prov{font-size:.75em}
td.answers{min-width:0}td.answers ul{display:inline;padding:0;margin:0}td.answers li{display:inline}
td.answers li+li::before{content:" \00b7  "}
ul.findings{padding-left:0;margin:.2em 0}ul.findings li{list-style:none;margin:0 0 .2em}ul.findings br{display:none}
ul.findings .loc{margin-left:.4em}code.line{display:inline;border:0;background:none;padding:0 0 0 .4em;white-space:normal}
dl.coding{margin:.1em 0}dl.key{grid-template-columns:max-content 1fr max-content 1fr;font-size:.9em}
ul.legend{margin:.3em 0}h3{margin:.6em 0 .3em}})";
}

namespace {

void list_html(std::string& out, const std::vector<toc_entry>& entries) {
    out += "<ol>";
    for (const auto& entry : entries) {
        out += "<li><a href=\"#" + xml_escape(entry.anchor) + "\">" + xml_escape(entry.text) + "</a>";
        if (!entry.children.empty()) list_html(out, entry.children);
        out += "</li>";
    }
    out += "</ol>";
}

}  // namespace

std::string table_of_contents_html(const std::vector<toc_entry>& entries) {
    std::string out = "<nav class=\"toc\" id=\"contents\" aria-label=\"Contents\">\n<h2>Contents</h2>\n";
    list_html(out, entries);
    return out + "\n</nav>\n";
}

}  // namespace appraise
