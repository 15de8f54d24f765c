// How the HTML report reads on paper and finds its way on screen: the print
// stylesheet (A4 pages, a page break before each section, plot panels that
// fit one page with their column header, study details set compactly but in
// full), the page-sized panel height, and the table of contents.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace appraise {

// Traffic-light rows per <svg> panel: 28px header + 36 rows x 24px + 8px =
// 900px, under an A4 page's 1,030px of content at 12mm margins, so a panel
// moves whole to the next page and every page of a long plot has its header.
inline constexpr std::size_t rows_per_page_panel = 36;

// The print rules, after report_css() in the page (they override it).
[[nodiscard]] const char* print_css();

struct toc_entry {
    std::string anchor;  // id of the target element, without '#'
    std::string text;    // shown as written (escaped here)
    std::vector<toc_entry> children = {};
};

// <nav class="toc"> with one link per entry, children nested.
[[nodiscard]] std::string table_of_contents_html(const std::vector<toc_entry>& entries);

}  // namespace appraise
