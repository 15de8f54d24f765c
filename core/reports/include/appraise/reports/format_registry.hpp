// One shape for every list of output formats (`run`, `audit`, `agree`): each
// format is a name, a one-line description for --help, and a writer (a
// factory or a function, whatever the subcommand's writers take). The CLI
// takes the accepted names and the help text from the same registry the
// writer is looked up in, so the three can never drift apart.
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace appraise {

template <class Writer>
class format_registry {
public:
    struct format {
        std::string name;
        std::string description;
        Writer writer;
    };

    // `what` names the registry in errors ("report", "audit", "agreement").
    format_registry(std::string what, std::vector<format> formats)
        : what_(std::move(what)), formats_(std::move(formats)) {}

    [[nodiscard]] const std::vector<format>& formats() const { return formats_; }

    [[nodiscard]] std::vector<std::string> names() const {
        std::vector<std::string> names;
        for (const auto& f : formats_) names.push_back(f.name);
        return names;
    }

    [[nodiscard]] const format* find(std::string_view name) const {
        for (const auto& f : formats_)
            if (f.name == name) return &f;
        return nullptr;
    }

    // The writer of `name`; throws std::invalid_argument for a name not registered.
    [[nodiscard]] const Writer& writer(std::string_view name) const {
        if (const format* f = find(name)) return f->writer;
        throw std::invalid_argument("unknown " + what_ + " format \"" + std::string(name) + "\"");
    }

    // One line per format, "  name  description", names padded to one width.
    [[nodiscard]] std::string help() const {
        std::size_t width = 0;
        for (const auto& f : formats_) width = std::max(width, f.name.size());
        std::string text;
        for (const auto& f : formats_)
            text += "  " + f.name + std::string(width - f.name.size() + 2, ' ') + f.description + "\n";
        return text;
    }

private:
    std::string what_;
    std::vector<format> formats_;
};

}  // namespace appraise
