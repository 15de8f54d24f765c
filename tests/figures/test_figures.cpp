// `appraise figure`: every figure kind of every shipped rubric drawn from the
// example corpus, checked as SVG (the tool's own legend words, the domain
// key, the stamp) and as PNG (signature, the IHDR size the width and dpi
// give, more than one colour); PDF; pages and panels that never exceed a
// page; determinism; usage errors. The PNGs are kept in artefacts/figures
// (CI keeps them, .ci/run).
#include <cairo.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <set>

#include "../reports/report_fixtures.hpp"

#include "appraise/figures/figure.hpp"
#include "appraise/figures/svg_raster.hpp"

using namespace appraise;
using namespace appraise::test;

namespace {

const fs::path artefact_dir{APPRAISE_ARTEFACT_DIR};
const std::string corpus = "examples/left-behind-children";

// The legend words of each shipped rubric, written out by hand from the tools
// (not read from the rubrics): what a reader of that tool expects to see.
const std::map<std::string, std::vector<std::string>>& legend_words() {
    static const std::map<std::string, std::vector<std::string>> words{
        {"rob2", {"Low", "Some concerns", "High"}},
        {"robins-i", {"Low", "Moderate", "Serious", "Critical", "No information"}},
        {"robins-i-v2", {"Low", "Low except for uncontrolled confounding", "Moderate", "Serious", "Critical"}},
        {"ephpp", {"Strong", "Moderate", "Weak"}},
        {"trustworthiness", {"No concerns", "Some concerns", "Serious concerns"}},
        {"design-weakness", {"No concern", "Minor", "Major", "Critical", "Not reported", "Not applicable"}},
        {"jbi-qe-2017", {"Met", "Unclear", "Not met"}},
        {"jbi-qe-2024", {"Met", "Unclear", "Not met"}},
        {"jbi-rct-2017", {"Met", "Unclear", "Not met"}},
        {"jbi-rct-2023", {"Met", "Unclear", "Not met"}},
        {"jbi-qual", {"Met", "Unclear", "Not met"}},
        {"casp-qual", {"All yes", "Some can't tell", "Some no"}},
        {"mmat-2018", {"All met", "Some can't tell", "Some not met"}},
        {"replication-barriers", {"Complete", "Partial", "Incomplete"}},
    };
    return words;
}

std::uint32_t be32(const std::string& bytes, std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8U) | static_cast<unsigned char>(bytes[at + i]);
    return v;
}

struct png_info {
    bool signature = false;
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::size_t colours = 0;  // distinct pixel values
};

cairo_status_t read_from(void* closure, unsigned char* data, unsigned int length) {
    auto* source = static_cast<std::pair<const std::string*, std::size_t>*>(closure);
    if (source->second + length > source->first->size()) return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, source->first->data() + source->second, length);
    source->second += length;
    return CAIRO_STATUS_SUCCESS;
}

// The PNG as a reader sees it: the signature and IHDR size read from the
// bytes; the colours decoded by cairo.
png_info inspect_png(const std::string& png) {
    png_info info;
    info.signature = png.size() > 33 && png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0 && png.compare(12, 4, "IHDR") == 0;
    if (!info.signature) return info;
    info.width = be32(png, 16);
    info.height = be32(png, 20);
    std::pair<const std::string*, std::size_t> source{&png, 0};
    cairo_surface_t* image = cairo_image_surface_create_from_png_stream(read_from, &source);
    if (cairo_surface_status(image) == CAIRO_STATUS_SUCCESS) {
        cairo_surface_flush(image);
        const unsigned char* data = cairo_image_surface_get_data(image);
        const int stride = cairo_image_surface_get_stride(image);
        std::set<std::uint32_t> seen;
        for (int y = 0; y < cairo_image_surface_get_height(image) && seen.size() < 64; y += 3)
            for (int x = 0; x < cairo_image_surface_get_width(image); x += 3) {
                std::uint32_t pixel = 0;
                std::memcpy(&pixel, data + static_cast<std::ptrdiff_t>(y) * stride + x * 4, 4);
                seen.insert(pixel);
            }
        info.colours = seen.size();
    }
    cairo_surface_destroy(image);
    return info;
}

double svg_height_mm(const std::string& svg) {
    std::smatch m;
    const std::regex height_re("height=\"([0-9.]+)mm\"");
    REQUIRE(std::regex_search(svg, m, height_re));
    return std::stod(m[1]);
}

// The pixels a page of `mm` is at `dpi`.
std::uint32_t pixels(double mm, double dpi) {
    return static_cast<std::uint32_t>(std::lround(mm / 25.4 * dpi));
}

std::string stamped(const std::string& arguments) {
    return "SOURCE_DATE_EPOCH=1764633600 " + appraise_binary.string() + " " + arguments;
}

command_result figure(const std::string& arguments) {
    return run_shell("cd '" + source_dir.string() + "' && NO_COLOR=1 " + stamped("figure " + arguments));
}

}  // namespace

TEST_CASE("figure: every kind of every shipped rubric, as SVG in the tool's words and as PNG", "[figures][cli]") {
    temp_dir dir;
    fs::create_directories(artefact_dir / "figures");
    for (const auto& [rubric, words] : legend_words()) {
        for (const char* kind : {"traffic-light", "summary"}) {
            INFO(rubric << " " << kind);
            const fs::path svg_file = dir.path() / (rubric + "-" + kind + ".svg");
            const auto run =
                figure(corpus + " --rubric " + rubric + " --kind " + kind + " -o " + shell_quote(svg_file) + " -j 2");
            INFO(run.err);
            REQUIRE(run.exit_code == 0);
            const std::string svg = read_file(svg_file);
            CHECK_THAT(svg, Catch::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
            CHECK_THAT(svg, Catch::Contains("width=\"85mm\""));
            for (const auto& word : words) CHECK_THAT(svg, Catch::Contains(">" + word + "</text>"));
            if (rubric == "rob2") CHECK_THAT(svg, !Catch::Contains(">Critical</text>"));
            if (rubric == "robins-i") CHECK_THAT(svg, !Catch::Contains(">Some concerns</text>"));
            CHECK_THAT(svg, Catch::Contains("font-family=\"'DejaVu Sans', Verdana, sans-serif\""));
            CHECK_THAT(svg, Catch::Contains(" · " + rubric + " "));  // the stamp
            CHECK_THAT(svg, Catch::Contains(" · 2025-12-02</text>"));
            if (std::string(kind) == "traffic-light") CHECK_THAT(svg, Catch::Contains(">D1 = "));
            // No unexplained blanks: MMAT gives no overall, so neither plot has an Overall column or bar, and the
            // categories no study is in are named as not drawn.
            if (rubric == "mmat-2018") {
                CHECK_THAT(svg, !Catch::Contains(">Overall</text>"));
                CHECK_THAT(svg, Catch::Contains("Not drawn, no result judged there: D5"));
            }
            // The same SVG as librsvg draws it at 300 dpi.
            figure_page page;
            page.svg = svg;
            page.width_mm = 85;
            page.height_mm = svg_height_mm(svg);
            const std::string png = render_png(page, 300);
            const auto info = inspect_png(png);
            CHECK(info.signature);
            CHECK(info.width == 1004);  // 85 mm at 300 dpi
            CHECK(info.height == pixels(page.height_mm, 300));
            CHECK(info.colours >= 5);  // white, text, and the discs or bars
            std::ofstream(artefact_dir / "figures" / (rubric + "-" + kind + ".png"), std::ios::binary) << png;
        }
    }
}

TEST_CASE("figure: PNG and PDF through the command, sized by --width and --dpi, the same bytes each time",
          "[figures][cli]") {
    temp_dir dir;
    const fs::path png_file = dir.path() / "rob2.png";
    const auto png_run =
        figure(corpus + " --rubric rob2 --width double --dpi 150 --palette colourblind -o " + shell_quote(png_file));
    INFO(png_run.err);
    REQUIRE(png_run.exit_code == 0);
    const std::string png = read_file(png_file);
    const auto info = inspect_png(png);
    CHECK(info.signature);
    CHECK(info.width == pixels(175, 150));
    CHECK(info.colours >= 5);
    CHECK(png.compare(37, 4, "pHYs") == 0);  // the resolution, right after IHDR
    CHECK(be32(png, 41) == 5906);            // 150 dpi in pixels per metre

    const fs::path pdf_file = dir.path() / "ephpp.pdf";
    REQUIRE(figure(corpus + " --rubric ephpp --kind summary -o " + shell_quote(pdf_file)).exit_code == 0);
    const std::string pdf = read_file(pdf_file);
    CHECK_THAT(pdf, Catch::StartsWith("%PDF-"));
    CHECK_THAT(pdf, Catch::Contains("/CreationDate ("));   // cairo 1.16 writes it without the "D:" prefix
    CHECK_THAT(pdf, Catch::Contains("20251202000000Z)"));  // SOURCE_DATE_EPOCH's day, never the clock
    CHECK_THAT(pdf, Catch::Contains("DejaVuSans"));        // the font is embedded
    const fs::path again = dir.path() / "again.pdf";
    REQUIRE(figure(corpus + " --rubric ephpp --kind summary -j 1 -o " + shell_quote(again)).exit_code == 0);
    CHECK(read_file(again) == pdf);
    REQUIRE(figure(corpus + " --rubric ephpp --kind summary -o " + shell_quote(again) + " --format png").exit_code ==
            0);
    CHECK(inspect_png(read_file(again)).signature);  // --format wins over the extension

    const fs::path bare = dir.path() / "bare.svg";
    REQUIRE(figure(corpus + " --rubric rob2 --no-stamp -o " + shell_quote(bare)).exit_code == 0);
    CHECK_THAT(read_file(bare), !Catch::Contains("appraise 0"));
}

TEST_CASE("figure: rows named Author Year by default, by id on request, blank cells explained", "[figures][cli]") {
    temp_dir dir;
    const fs::path svg_file = dir.path() / "rob2.svg";
    REQUIRE(figure(corpus + " --rubric rob2 -o " + shell_quote(svg_file)).exit_code == 0);
    const std::string svg = read_file(svg_file);
    CHECK_THAT(svg, Catch::Contains(">Zhou 2019, loneliness (assignment)<"));
    CHECK_THAT(svg, !Catch::Contains("zhou-2019-cbt"));
    // RoB 2's cluster domain (D2) is left out for individually randomised trials: said in the key.
    CHECK_THAT(svg, Catch::Contains("A blank cell (D2): the domain does not apply to that"));
    REQUIRE(figure(corpus + " --rubric rob2 --label id -o " + shell_quote(svg_file)).exit_code == 0);
    CHECK_THAT(read_file(svg_file), Catch::Contains(">zhou-2019-cbt (loneliness (assignment))<"));
}

TEST_CASE("figure: usage errors exit 2 with what to do, --help lists the options", "[figures][cli]") {
    temp_dir dir;
    const std::string out = shell_quote(dir.path() / "f.png");
    const auto kind = figure(corpus + " --rubric rob2 --kind forest -o " + out);
    CHECK(kind.exit_code == 2);
    CHECK_THAT(kind.err, Catch::Contains("unknown figure kind `forest`: use --kind traffic-light or --kind summary"));
    const auto extension = figure(corpus + " --rubric rob2 -o " + shell_quote(dir.path() / "f.gif"));
    CHECK(extension.exit_code == 2);
    CHECK_THAT(extension.err, Catch::Contains("name the file .svg, .png or .pdf, or pass --format svg|png|pdf"));
    const auto rubric = figure(corpus + " --rubric rob3 -o " + out);
    CHECK(rubric.exit_code == 2);
    CHECK_THAT(rubric.err, Catch::Contains("rob3"));
    const auto width = figure(corpus + " --rubric rob2 --width narrow -o " + out);
    CHECK(width.exit_code == 2);
    CHECK_THAT(width.err, Catch::Contains("use single (85 mm), double (175 mm)"));
    const auto two = figure(corpus + " --rubric rob2 --rubric ephpp -o " + out);
    CHECK(two.exit_code == 2);
    CHECK_THAT(two.err, Catch::Contains("a figure draws one rubric"));
    const auto nothing = figure(corpus + " --rubric rob2 --outcome no-such-outcome -o " + out);
    CHECK(nothing.exit_code == 2);
    CHECK_THAT(nothing.err, Catch::Contains("no result of rob2 to draw"));
    CHECK_FALSE(fs::exists(dir.path() / "f.png"));
    const auto help = figure("--help");
    CHECK(help.exit_code == 0);
    for (const char* option : {"--kind", "--outcome", "--weight", "--palette", "--width", "--rows-per-panel",
                               "--no-stamp", "--dpi", "--format", "SOURCE_DATE_EPOCH"})
        CHECK_THAT(help.out, Catch::Contains(option));
}

namespace {

// `n` RoB 2 results, one per study.
rubric_plots many_results(std::size_t n) {
    const auto rob2 = rob2_description();
    rubric_plots plots(rob2);
    for (std::size_t i = 0; i < n; ++i)
        plots.add(study_of("study-" + std::to_string(i),
                           {appraisal_of(rob2, "", {"low", "some-concerns", "high", "low", "low"}, "high")}));
    return plots;
}

figure_options options_for(double width_mm, std::size_t rows_per_panel = 0) {
    figure_options options;
    options.width_mm = width_mm;
    options.rows_per_panel = rows_per_panel;
    options.stamp = "appraise test · rob2 2.0.0 · 2025-12-02";
    return options;
}

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
    return n;
}

}  // namespace

TEST_CASE("figure: many studies split into panels and pages, none taller than a page unless asked", "[figures]") {
    const auto& palette = *find_palette("cochrane");
    const auto plots = many_results(200);
    const auto pages = make_figure(plots, palette, options_for(single_column_mm));
    REQUIRE(pages.size() > 1);
    std::size_t rows = 0;
    for (const auto& page : pages) {
        CHECK(page.width_mm == Approx(85));
        CHECK(page.height_mm <= page_height_mm);
        if (&page != &pages.back()) CHECK(page.height_mm >= page_height_mm * 0.9);  // full pages, not strips
        rows += count(page.svg, "<text class=\"row\"");
        // Every page stands alone: title, legend, key and stamp.
        CHECK_THAT(page.svg, Catch::Contains(">RoB 2</text>"));
        CHECK_THAT(page.svg, Catch::Contains(">Some concerns</text>"));
        CHECK_THAT(page.svg, Catch::Contains(">D1 = Randomisation process</text>"));
        CHECK_THAT(page.svg, Catch::Contains("2025-12-02</text>"));
    }
    CHECK(rows == 200);  // every result once
    CHECK_THAT(pages[1].svg,
               Catch::Contains(">study-" + std::to_string(count(pages[0].svg, "<text class=\"row\"")) + "</text>"));

    // Panels of 20 rows side by side at double width: more panels than pages.
    const auto wide = make_figure(plots, palette, options_for(double_column_mm, 20));
    CHECK(wide.size() < 10);
    CHECK(count(wide[0].svg, "<g transform=\"translate(") >= 2);
    CHECK_THAT(wide[0].svg, Catch::Contains("<g transform=\"translate(8 "));
    for (const auto& page : wide) CHECK(page.height_mm <= page_height_mm);

    // Asked for: one panel of 200 rows, taller than a page.
    const auto tall = make_figure(plots, palette, options_for(single_column_mm, 200));
    REQUIRE(tall.size() == 1);
    CHECK(tall[0].height_mm > page_height_mm);

    // PDF: one page per figure page.
    const std::string pdf = render_pdf(pages, "appraise test", "2025-12-02");
    CHECK_THAT(pdf, Catch::StartsWith("%PDF-"));
    CHECK_THAT(pdf, Catch::Contains("/Count " + std::to_string(pages.size())));
}

TEST_CASE("figure: nothing to draw is an error, the stamp's date is SOURCE_DATE_EPOCH's", "[figures]") {
    const auto rob2 = rob2_description();
    const rubric_plots empty(rob2);
    CHECK_THROWS_WITH(make_figure(empty, *find_palette("cochrane"), options_for(85)),
                      Catch::Contains("no result of rob2 to draw"));
    ::setenv("SOURCE_DATE_EPOCH", "0", 1);
    CHECK(stamp_date() == "1970-01-01");
    ::setenv("SOURCE_DATE_EPOCH", "1764633600", 1);
    CHECK(stamp_date() == "2025-12-02");
    ::unsetenv("SOURCE_DATE_EPOCH");
    CHECK(stamp_date().size() == 10);
}
