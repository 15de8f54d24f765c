#include "appraise/agreement/resolutions.hpp"

#include <nlohmann/json.hpp>
#include <ostream>

#include "appraise/agreement/consensus_marker.hpp"
#include "appraise/input/corpus.hpp"
#include "appraise/input/study_loader.hpp"
#include "appraise/input/toml_reader.hpp"
#include "appraise/model/codebook.hpp"
#include "appraise/reports/json_convert.hpp"
#include "appraise/text/escape.hpp"

namespace appraise {

using json = nlohmann::ordered_json;
namespace {

using kind = sdk::node::kind;

const std::array<const char*, 3> level_names = {"facts", "answers", "judgements"};
const std::array<const char*, 4> way_phrases = {"by discussion", "by a third reviewer", "in favour of coder A",
                                                "in favour of coder B"};

// As the consensus writer counts its marks: an override settles a judgement.
std::size_t level_of(const std::vector<std::string>& path) {
    if (path.empty() || path.front() != "appraisal") return 0;
    for (const auto& part : path)
        if (part == "override") return 2;
    return 1;
}

void walk(const sdk::node& value, std::vector<std::string>& path, resolution_report& report) {
    if (is_unresolved_marker(value)) {
        ++report.levels[level_of(path)].unresolved;
        return;
    }
    if (!value.evidence->resolved.empty()) {
        const auto& ways = resolution_ways();
        for (std::size_t i = 0; i < ways.size() && i < 4; ++i)
            if (ways[i] == value.evidence->resolved) ++report.levels[level_of(path)].by_way[i];
    }
    for (const auto& [key, member] : value.members) {
        path.push_back(key);
        walk(member, path, report);
        path.pop_back();
    }
    for (const auto& item : value.items) walk(item, path, report);
}

std::string count(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

level_resolutions total(const resolution_report& report) {
    level_resolutions sum;
    bool known = true;
    std::size_t marked = 0;
    for (const auto& level : report.levels) {
        for (std::size_t i = 0; i < 4; ++i) sum.by_way[i] += level.by_way[i];
        sum.unresolved += level.unresolved;
        known = known && level.marked.has_value();
        marked += level.marked.value_or(0);
    }
    if (known) sum.marked = marked;
    return sum;
}

// Settled without a recorded way: the mark replaced by a plain value.
std::optional<std::size_t> unrecorded(const level_resolutions& level) {
    if (!level.marked) return std::nullopt;
    const std::size_t accounted = level.settled() + level.unresolved;
    return *level.marked > accounted ? *level.marked - accounted : 0;
}

void resolutions_text(std::ostream& out, const resolution_report& report) {
    out << terminal_text(resolution_sentence(report)) << "\n\n";
    out << "level       marked  discussion  third-reviewer  A  B  not recorded  unresolved\n";
    const auto row = [&out](const std::string& name, const level_resolutions& l) {
        std::string text = name;
        text.resize(10, ' ');
        const auto cell = [](const std::string& v, std::size_t width) {
            return std::string(width > v.size() ? width - v.size() : 0, ' ') + v;
        };
        const auto opt = [](const std::optional<std::size_t>& v) { return v ? std::to_string(*v) : "?"; };
        out << text << cell(opt(l.marked), 8) << cell(std::to_string(l.by_way[0]), 12)
            << cell(std::to_string(l.by_way[1]), 16) << cell(std::to_string(l.by_way[2]), 3)
            << cell(std::to_string(l.by_way[3]), 3) << cell(opt(unrecorded(l)), 14)
            << cell(std::to_string(l.unresolved), 12) << '\n';
    };
    for (std::size_t i = 0; i < 3; ++i) row(level_names[i], report.levels[i]);
    row("total", total(report));
}

json level_json(const level_resolutions& l) {
    json out = json::object();
    out["marked"] = l.marked ? json(*l.marked) : json(nullptr);
    out["discussion"] = l.by_way[0];
    out["third-reviewer"] = l.by_way[1];
    out["a"] = l.by_way[2];
    out["b"] = l.by_way[3];
    const auto missing = unrecorded(l);
    out["not_recorded"] = missing ? json(*missing) : json(nullptr);
    out["unresolved"] = l.unresolved;
    return out;
}

void resolutions_json(std::ostream& out, const resolution_report& report) {
    json doc = json::object();
    doc["tool"] = json::parse(tool_json_text());
    doc["consensus"] = report.path;
    doc["studies"] = report.studies;
    doc["sentence"] = resolution_sentence(report);
    json levels = json::object();
    for (std::size_t i = 0; i < 3; ++i) levels[level_names[i]] = level_json(report.levels[i]);
    levels["total"] = level_json(total(report));
    doc["levels"] = levels;
    out << doc.dump(2) << '\n';
}

void resolutions_markdown(std::ostream& out, const resolution_report& report) {
    out << "## Resolution of disagreements\n\n" << markdown_cell(resolution_sentence(report)) << "\n\n";
    out << "| Level | Marked | Discussion | Third reviewer | Coder A | Coder B | Not recorded | Unresolved |\n"
           "|---|---:|---:|---:|---:|---:|---:|---:|\n";
    const auto row = [&out](const std::string& name, const level_resolutions& l) {
        const auto opt = [](const std::optional<std::size_t>& v) { return v ? std::to_string(*v) : "?"; };
        out << "| " << name << " | " << opt(l.marked) << " | " << l.by_way[0] << " | " << l.by_way[1] << " | "
            << l.by_way[2] << " | " << l.by_way[3] << " | " << opt(unrecorded(l)) << " | " << l.unresolved << " |\n";
    };
    for (std::size_t i = 0; i < 3; ++i) row(level_names[i], report.levels[i]);
    row("**total**", total(report));
}

}  // namespace

resolution_report count_resolutions(const std::string& path, diagnostics& problems) {
    resolution_report report;
    report.path = path;
    const auto root = consensus_root(path);
    report.consensus = !root.empty();
    if (!report.consensus) {
        problems.push_back({severity::error,
                            "usage/not-a-consensus",
                            "not a consensus corpus (no " + std::string(consensus_marker_file) + "): " + path,
                            {path, 0, 0},
                            "name the folder `appraise agree --consensus` wrote; its marker file must be kept"});
        return report;
    }
    const auto marker = root / consensus_marker_file;
    diagnostics ignored;
    if (auto text = read_text_file(marker.string(), marker.generic_string(), std::size_t{1} << 16, ignored)) {
        const toml_document document = parse_toml(*text, marker.generic_string());
        if (document.root)
            for (std::size_t i = 0; i < 3; ++i)
                if (const sdk::node* n = document.root->get(std::string("marked_") + level_names[i]);
                    n != nullptr && n->type == kind::integer && n->integer >= 0)
                    report.levels[i].marked = static_cast<std::size_t>(n->integer);
    }
    load_options options;
    options.screens = {consensus_screen()};
    options.consensus_corpus = true;
    corpus_walker walker({path});
    while (auto item = walker.next()) {
        problems.insert(problems.end(), item->problems.begin(), item->problems.end());
        if (!item->file) continue;
        const loaded_file file = load_study_file(item->file->path, item->file->display, options);
        problems.insert(problems.end(), file.problems.begin(), file.problems.end());
        for (const auto& study : file.studies) {
            ++report.studies;
            std::vector<std::string> where;
            walk(study.study.root, where, report);
        }
    }
    return report;
}

std::string resolution_sentence(const resolution_report& report) {
    const level_resolutions sum = total(report);
    std::string text;
    if (sum.marked) {
        text = "Of " + count(*sum.marked, "disagreement", "disagreements") + " between the two coders (" +
               std::to_string(*report.levels[0].marked) + " in coded facts, " +
               std::to_string(*report.levels[1].marked) + " in reviewer answers, " +
               std::to_string(*report.levels[2].marked) + " in judgement overrides), ";
    } else {
        text = "Of the disagreements between the two coders (how many were marked is not recorded), ";
    }
    text += std::to_string(sum.settled()) + (sum.settled() == 1 ? " was" : " were") + " settled with a recorded way";
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < 4; ++i)
        if (sum.by_way[i] > 0) parts.push_back(std::to_string(sum.by_way[i]) + " " + way_phrases[i]);
    for (std::size_t i = 0; i < parts.size(); ++i)
        text += (i == 0 ? ": " : i + 1 == parts.size() ? " and " : ", ") + parts[i];
    text += "; ";
    if (const auto missing = unrecorded(sum); missing && *missing > 0)
        text += count(*missing, "was", "were") + " settled without saying how; ";
    text += count(sum.unresolved, "remains", "remain") + " unresolved.";
    return text;
}

const format_registry<resolution_writer>& resolution_formats() {
    static const format_registry<resolution_writer> formats(
        "resolutions", {
                           {"text", "the sentence and the table, for the terminal", resolutions_text},
                           {"json", "the same counts as one JSON document", resolutions_json},
                           {"markdown", "the sentence and the table, for a review's methods", resolutions_markdown},
                       });
    return formats;
}

}  // namespace appraise
