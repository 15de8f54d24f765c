#include "appraise/figures/svg_raster.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <stdexcept>

namespace appraise {
namespace {

constexpr double points_per_inch = 72;

struct handle_deleter {
    void operator()(RsvgHandle* handle) const { g_object_unref(handle); }
};
struct surface_deleter {
    void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct context_deleter {
    void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
using handle_ptr = std::unique_ptr<RsvgHandle, handle_deleter>;
using surface_ptr = std::unique_ptr<cairo_surface_t, surface_deleter>;
using context_ptr = std::unique_ptr<cairo_t, context_deleter>;

handle_ptr read_svg(const std::string& svg) {
    GError* error = nullptr;
    RsvgHandle* handle = rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error);
    if (handle == nullptr) {
        const std::string why = error != nullptr ? error->message : "unknown error";
        if (error != nullptr) g_error_free(error);
        throw std::runtime_error("librsvg cannot read the figure: " + why);
    }
    return handle_ptr(handle);
}

// Draws the whole document into a width x height viewport of `cr`.
void draw(RsvgHandle* handle, cairo_t* cr, double width, double height) {
    const RsvgRectangle viewport{0, 0, width, height};
    GError* error = nullptr;
    if (rsvg_handle_render_document(handle, cr, &viewport, &error) == FALSE) {
        const std::string why = error != nullptr ? error->message : "unknown error";
        if (error != nullptr) g_error_free(error);
        throw std::runtime_error("librsvg cannot draw the figure: " + why);
    }
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

std::uint32_t crc32(const std::string& bytes) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1U) : c >> 1U;
            t[n] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFU;
    for (const char b : bytes) c = table[(c ^ static_cast<unsigned char>(b)) & 0xFFU] ^ (c >> 8U);
    return c ^ 0xFFFFFFFFU;
}

void put32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> static_cast<unsigned>(shift)) & 0xFFU);
}

// cairo writes no resolution: add the pHYs chunk after IHDR (signature 8 bytes, IHDR 25).
std::string with_resolution(std::string png, double dpi) {
    constexpr std::size_t after_ihdr = 8 + 25;
    if (png.size() < after_ihdr) return png;
    const auto per_metre = static_cast<std::uint32_t>(std::lround(dpi / mm_per_inch * 1000));
    std::string body = "pHYs";
    put32(body, per_metre);
    put32(body, per_metre);
    body += '\x01';  // unit: metre
    std::string chunk;
    put32(chunk, 9);
    chunk += body;
    put32(chunk, crc32(body));
    png.insert(after_ihdr, chunk);
    return png;
}

}  // namespace

std::string render_png(const figure_page& page, double dpi) {
    const auto handle = read_svg(page.svg);
    const int width = static_cast<int>(std::lround(page.width_mm / mm_per_inch * dpi));
    const int height = static_cast<int>(std::lround(page.height_mm / mm_per_inch * dpi));
    if (width <= 0 || height <= 0 || width > 32767 || height > 32767)
        throw std::runtime_error("a PNG of " + std::to_string(width) + " x " + std::to_string(height) +
                                 " pixels cannot be made: choose a lower --dpi");
    const surface_ptr surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
    {
        const context_ptr cr(cairo_create(surface.get()));
        draw(handle.get(), cr.get(), width, height);
    }
    std::string png;
    if (cairo_surface_write_to_png_stream(surface.get(), append, &png) != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error("cairo could not write the PNG");
    return with_resolution(std::move(png), dpi);
}

std::string render_pdf(const std::vector<figure_page>& pages, const std::string& creator, const std::string& created) {
    if (pages.empty()) throw std::runtime_error("no page to write");
    std::string pdf;
    const auto points = [](double mm) { return mm / mm_per_inch * points_per_inch; };
    {
        const surface_ptr surface(
            cairo_pdf_surface_create_for_stream(append, &pdf, points(pages[0].width_mm), points(pages[0].height_mm)));
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, creator.c_str());
        const std::string date = created + "T00:00:00Z";
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
        const context_ptr cr(cairo_create(surface.get()));
        for (const auto& page : pages) {
            cairo_pdf_surface_set_size(surface.get(), points(page.width_mm), points(page.height_mm));
            const auto handle = read_svg(page.svg);
            draw(handle.get(), cr.get(), points(page.width_mm), points(page.height_mm));
            cairo_show_page(cr.get());
        }
        cairo_surface_finish(surface.get());
        if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
            throw std::runtime_error(std::string("cairo could not write the PDF: ") +
                                     cairo_status_to_string(cairo_surface_status(surface.get())));
    }
    return pdf;
}

}  // namespace appraise
