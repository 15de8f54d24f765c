#include "appraise/agreement/consensus.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "appraise/agreement/consensus_marker.hpp"
#include "appraise/agreement/tree_pairing.hpp"
#include "appraise/input/toml_reader.hpp"
#include "appraise/input/toml_writer.hpp"
#include "appraise/text/escape.hpp"
#include "appraise/text/output_file.hpp"

namespace appraise {
namespace {

namespace fs = std::filesystem;
using kind = sdk::node::kind;

constexpr std::size_t max_text_bytes = std::size_t{8} << 20;

// Walks the same pairing as agreement.cpp (tree_pairing.hpp), so every
// disagreement it counts is a mark here and every value both coded alike is
// kept as A wrote it.
// Where a comment goes: the writer's path below the study root (toml_writer.hpp).
using comment_map = std::map<std::vector<std::string>, std::string>;

std::string quoted(const std::string& text) {
    std::string out;
    append_toml_string(out, text);
    return out;
}

// Coder B's evidence as the comment beside A's value: "coder B: support = "...", at = "p. 3"".
std::string b_evidence_comment(const sdk::value_evidence& e) {
    std::string text;
    for (const auto& [key, value] :
         {std::pair{"support", &e.support}, std::pair{"at", &e.at}, std::pair{"source", &e.source}})
        if (!value->empty()) text += std::string(text.empty() ? "" : ", ") + key + " = " + quoted(*value);
    return text.empty() ? "coder B gave no support" : "coder B: " + text;
}

// The level a mark counts at in the marker file and in --resolutions: an
// override under [appraisal.<id>.override] settles a judgement.
std::size_t level_of(const std::vector<std::string>& path) {
    if (path.empty() || path.front() != "appraisal") return 0;
    for (const auto& part : path)
        if (part == "override") return 2;
    return 1;
}

class merger {
public:
    merger(std::size_t& marks, marks_per_level& levels, comment_map& comments)
        : marks_(marks), levels_(levels), comments_(comments) {}

    sdk::node merge(const sdk::node* a, const sdk::node* b) {
        const pair_shape shape = shape_of(a, b);
        if (shape == pair_shape::tables) {
            sdk::node table;
            table.type = kind::table;
            if (a != nullptr) table.where = a->where;  // a table only B has is new: line 0
            for_each_member_pair(a, b, [&](const std::string& key, const sdk::node* in_a, const sdk::node* in_b) {
                if (path_.empty() && key == "id" && in_a != nullptr) {
                    table.members.emplace_back(key, *in_a);
                    return;
                }
                path_.push_back(key);
                keys_.push_back(key);
                table.members.emplace_back(key, merge(in_a, in_b));
                keys_.pop_back();
                path_.pop_back();
            });
            return table;
        }
        if (shape == pair_shape::table_arrays) {
            sdk::node array;
            array.type = kind::array;
            if (a != nullptr) array.where = a->where;
            for_each_element_pair(a, b, element_key(path_),
                                  [&](const std::string&, const sdk::node* in_a, const sdk::node* in_b) {
                                      keys_.push_back("[" + std::to_string(array.items.size()) + "]");
                                      array.items.push_back(merge(in_a, in_b));
                                      keys_.pop_back();
                                  });
            return array;
        }
        if (a != nullptr && b != nullptr && display_value(*a) == display_value(*b)) {
            // Agreed: A's value, with A's support; B's support beside it when it differs.
            sdk::node kept = *a;
            if (kept.evidence.empty()) {
                kept.evidence = b->evidence;
            } else if (!b->evidence.empty() &&
                       (b->evidence->support != a->evidence->support || b->evidence->at != a->evidence->at ||
                        b->evidence->source != a->evidence->source)) {
                comments_[keys_] = b_evidence_comment(b->evidence);
            }
            return kept;
        }
        ++marks_;
        ++levels_[level_of(path_)];
        return make_unresolved_marker(a, a != nullptr ? format_location(a->where) : "", b,
                                      b != nullptr ? format_location(b->where) : "",
                                      a != nullptr ? a->where : source_location{});
    }

private:
    std::size_t& marks_;
    marks_per_level& levels_;
    comment_map& comments_;
    std::vector<std::string> path_;  // keys only, as tree_pairing labels them
    std::vector<std::string> keys_;  // the writer's path: keys and "[i]"
};

sdk::node* member(sdk::node& table, const std::string& key) {
    for (auto& [k, v] : table.members)
        if (k == key) return &v;
    return nullptr;
}

sdk::node string_node(const std::string& text, const source_location& where) {
    sdk::node n;
    n.type = sdk::node::kind::string;
    n.text = text;
    n.where = where;
    return n;
}

// Puts notes, support and direction (which the loader took out of each
// appraisal table) back into the merged study, A's where A wrote them, B's
// where only B has one, and B's differing text as a comment beside A's.
void restore_commentary(sdk::node& root, const loaded_study& a, const loaded_study* b, comment_map& comments) {
    sdk::node* appraisals = member(root, "appraisal");
    if (appraisals == nullptr || appraisals->type != kind::table) return;
    static const study_commentary none;
    const study_commentary& cb = b != nullptr ? b->commentary : none;
    for (auto& [rubric, value] : appraisals->members) {
        std::vector<sdk::node*> tables;
        if (value.type == kind::table) tables.push_back(&value);
        if (value.type == kind::array)
            for (auto& item : value.items)
                if (item.type == kind::table) tables.push_back(&item);
        const auto in_a = a.commentary.find(rubric);
        const auto in_b = cb.find(rubric);
        for (std::size_t i = 0; i < tables.size(); ++i) {
            const appraisal_commentary* ca =
                in_a != a.commentary.end() && i < in_a->second.size() ? &in_a->second[i] : nullptr;
            const appraisal_commentary* cbi = in_b != cb.end() && i < in_b->second.size() ? &in_b->second[i] : nullptr;
            if (ca == nullptr && cbi == nullptr) continue;
            std::vector<std::string> path = {"appraisal", rubric};
            if (value.type == kind::array) path.push_back("[" + std::to_string(i) + "]");
            sdk::node& table = *tables[i];
            const std::string na = ca != nullptr ? ca->notes : "";
            const std::string nb = cbi != nullptr ? cbi->notes : "";
            if (!na.empty() || !nb.empty()) {
                table.members.emplace_back(
                    "notes", string_node(na.empty() ? nb : na, na.empty() ? source_location{} : ca->notes_where));
                if (!na.empty() && !nb.empty() && na != nb) {
                    auto here = path;
                    here.push_back("notes");
                    comments[here] = "coder B: notes = " + quoted(nb);
                }
            }
            for (const char* section : {"support", "direction"}) {
                const bool support = std::string_view(section) == "support";
                const auto* ea = ca != nullptr ? (support ? &ca->support : &ca->direction) : nullptr;
                const auto* eb = cbi != nullptr ? (support ? &cbi->support : &cbi->direction) : nullptr;
                sdk::node entries;
                entries.type = kind::table;
                if (value.type == kind::table) {
                    const auto header = a.study.table_headers.find("appraisal." + rubric + "." + section);
                    if (header != a.study.table_headers.end()) entries.where = header->second;
                }
                auto here = path;
                here.push_back(section);
                if (ea != nullptr)
                    for (const auto& e : *ea) {
                        entries.members.emplace_back(e.key, string_node(e.text, e.where));
                        if (eb == nullptr) continue;
                        for (const auto& other : *eb)
                            if (other.key == e.key && other.text != e.text) {
                                auto at = here;
                                at.push_back(e.key);
                                comments[at] = "coder B: " + quoted(other.text);
                            }
                    }
                if (eb != nullptr)
                    for (const auto& e : *eb) {
                        bool a_has = false;
                        if (ea != nullptr)
                            for (const auto& mine : *ea) a_has = a_has || mine.key == e.key;
                        if (!a_has) {
                            entries.members.emplace_back(e.key, string_node(e.text, {}));
                            auto at = here;
                            at.push_back(e.key);
                            comments[at] = "coder B's; coder A wrote none";
                        }
                    }
                if (!entries.members.empty()) {
                    table.members.emplace_back(section, std::move(entries));
                }
            }
        }
    }
}

// A study one coder alone has: kept whole, its id marked so `check` asks
// whether it belongs in the consensus.
sdk::node mark_id(const sdk::node& root, bool coder_a, std::size_t& marks) {
    sdk::node copy = root;
    for (auto& [key, value] : copy.members) {
        if (key != "id") continue;
        const source_location where = coder_a ? value.where : source_location{value.where.file, 0, 0};
        const sdk::node original = value;
        value = coder_a ? make_unresolved_marker(&original, format_location(original.where), nullptr, "", where)
                        : make_unresolved_marker(nullptr, "", &original, format_location(original.where), where);
        if (!coder_a) value.where = original.where;  // B's own file: keep its place
        ++marks;
    }
    return copy;
}

// Where a corpus file goes below OUT: its path relative to the argument that named it.
fs::path relative_place(const corpus_file& file, const std::vector<std::string>& arguments) {
    const fs::path shown = fs::path(file.display).lexically_normal();
    for (const auto& argument : arguments) {
        const fs::path root = fs::path(argument).lexically_normal();
        std::error_code error;
        if (fs::is_directory(argument, error)) {
            fs::path relative = shown.lexically_relative(root);
            if (!relative.empty() && *relative.begin() != "..") return relative;
        } else if (shown == root) {
            return shown.filename();
        }
    }
    return shown.filename();
}

std::string banner(std::size_t marks) {
    if (marks == 0) return {};
    return "# appraise agree --consensus: " + std::to_string(marks) +
           (marks == 1 ? " disagreement" : " disagreements") +
           " to resolve here.\n"
           "# Replace each { unresolved = true, ... } with the agreed value (a = coder A's,\n"
           "# b = coder B's), or delete its line to leave the key not reported.\n";
}

bool write_text(const fs::path& file, const std::string& text, diagnostics& problems) {
    try {
        fs::create_directories(file.parent_path());
        output_file out(file.string());
        out.stream() << text;
        out.commit();
        return true;
    } catch (const std::exception& error) {
        problems.push_back({severity::error,
                            "usage/consensus-write-failed",
                            std::string("cannot write the consensus file: ") + error.what(),
                            {file.generic_string(), 0, 0},
                            "check that the folder is writable"});
        return false;
    }
}

// A's configuration, with folders made absolute so they still resolve from OUT.
std::optional<std::string> config_text(const fs::path& config, diagnostics& problems) {
    const std::string display = config.generic_string();
    auto text = read_text_file(config.string(), display, std::size_t{1} << 20, problems);
    if (!text) return std::nullopt;
    toml_document document = parse_toml(*text, display);
    if (!document.root) return text;  // `agree` already refused a broken configuration
    bool changed = false;
    for (auto& [key, value] : document.root->members) {
        if ((key != "plugin_dirs" && key != "rubric_dirs") || value.type != kind::array) continue;
        for (auto& item : value.items) {
            if (item.type != kind::string || fs::path(item.text).is_absolute()) continue;
            item.text = fs::weakly_canonical(fs::absolute(config.parent_path() / item.text)).generic_string();
            changed = true;
        }
    }
    if (!changed) return text;
    return write_toml_document(*document.root, *text);
}

// The files the review's outcomes read (`weights`, `estimates`: CSVs inside
// the configuration's folder), as (relative path, text), so the consensus
// corpus's copy of appraise.toml finds them beside it.
std::vector<std::pair<fs::path, std::string>> review_files(const fs::path& config, diagnostics& problems) {
    std::vector<std::pair<fs::path, std::string>> files;
    const std::string display = config.generic_string();
    diagnostics ignored;  // `agree` has read the configuration already
    const auto text = read_text_file(config.string(), display, std::size_t{1} << 20, ignored);
    if (!text) return files;
    const toml_document document = parse_toml(*text, display);
    const sdk::node* review = document.root ? document.root->get("review") : nullptr;
    const sdk::node* outcomes = review != nullptr ? review->get("outcomes") : nullptr;
    if (outcomes == nullptr || outcomes->type != kind::array) return files;
    for (const auto& outcome : outcomes->items)
        for (const char* key : {"weights", "estimates"}) {
            const sdk::node* name = outcome.type == kind::table ? outcome.get(key) : nullptr;
            if (name == nullptr || name->type != kind::string) continue;
            const fs::path relative(name->text);
            const bool inside = !relative.empty() && relative.is_relative() &&
                                std::none_of(relative.begin(), relative.end(), [](const auto& p) { return p == ".."; });
            if (!inside) continue;  // refused when the configuration is read
            const fs::path source = config.parent_path() / relative;
            if (auto content = read_text_file(source.string(), source.generic_string(), std::size_t{1} << 20, problems))
                files.emplace_back(relative.lexically_normal(), std::move(*content));
        }
    return files;
}

std::string marker_text(const std::vector<std::string>& a, const std::vector<std::string>& b,
                        const marks_per_level& marked) {
    const auto list = [](const std::vector<std::string>& paths) {
        std::string text = "[";
        for (std::size_t i = 0; i < paths.size(); ++i) text += (i == 0 ? "" : ", ") + quoted(paths[i]);
        return text + "]";
    };
    return "# This folder is a consensus corpus, written by `appraise agree --consensus`.\n"
           "# Keep this file: with it, a settled value may say how it was settled,\n"
           "#   concealment = { value = true, resolved = \"discussion\", reason = \"...\" }\n"
           "# (resolved: discussion, third-reviewer, a, b), and `appraise agree --resolutions`\n"
           "# counts the disagreements settled against those marked here.\n"
           "coder_a = " +
           list(a) + "\ncoder_b = " + list(b) + "\nmarked_facts = " + std::to_string(marked[0]) +
           "\nmarked_answers = " + std::to_string(marked[1]) + "\nmarked_judgements = " + std::to_string(marked[2]) +
           "\n";
}

}  // namespace

sdk::node merge_study(const sdk::node& a, const sdk::node* b, std::size_t& marks) {
    if (b == nullptr) return mark_id(a, true, marks);
    marks_per_level levels{};
    comment_map comments;
    merger m(marks, levels, comments);
    return m.merge(&a, b);
}

consensus_summary write_consensus(const coded_corpus& a, const coded_corpus& b, const fs::path& out,
                                  const std::optional<fs::path>& config, diagnostics& problems) {
    consensus_summary summary;
    std::error_code error;
    if (fs::exists(out, error) && (!fs::is_directory(out, error) || !fs::is_empty(out, error))) {
        problems.push_back({severity::error,
                            "usage/consensus-not-empty",
                            "the consensus folder already exists and is not empty: " + out.generic_string(),
                            {out.generic_string(), 0, 0},
                            "name a new folder: a consensus is never written over earlier work"});
        return summary;
    }
    const auto index_a = index_studies(a);
    const auto index_b = index_studies(b);

    // Everything is rendered first, then written, so a failure leaves no half corpus.
    std::vector<std::pair<fs::path, std::string>> outputs;
    std::set<fs::path> taken;
    for (std::size_t f = 0; f < a.files.size(); ++f) {
        diagnostics ignored;
        const auto text = read_text_file(a.files[f].path.string(), a.files[f].display, max_text_bytes, ignored);
        const fs::path place = relative_place(a.files[f], a.paths);
        taken.insert(place);
        if (!text) continue;
        toml_document document = parse_toml(*text, a.files[f].display);
        const auto& studies = a.documents[f].studies;
        if (!document.root || studies.empty()) {
            outputs.emplace_back(place, *text);  // unreadable as studies: copied for the reviewers to fix
            continue;
        }
        std::size_t marks = 0;
        comment_map comments;
        const auto merged = [&](const loaded_study& loaded, const std::vector<std::string>& prefix) {
            ++summary.studies;
            const auto other = index_b.find(loaded.study.id);
            const loaded_study* in_b =
                other == index_b.end() ? nullptr : &b.documents[other->second.file].studies[other->second.study];
            if (in_b == nullptr) {
                ++summary.marked[0];
                sdk::node root = mark_id(loaded.study.root, true, marks);
                restore_commentary(root, loaded, nullptr, comments);
                return root;
            }
            comment_map own;
            merger m(marks, summary.marked, own);
            sdk::node root = m.merge(&loaded.study.root, &in_b->study.root);
            restore_commentary(root, loaded, in_b, own);
            for (auto& [path, comment] : own) {
                std::vector<std::string> full = prefix;
                full.insert(full.end(), path.begin(), path.end());
                comments[full] = comment;
            }
            return root;
        };
        sdk::node& root = *document.root;
        if (sdk::node* many = const_cast<sdk::node*>(root.get("study")); many != nullptr && many->type == kind::array) {
            for (std::size_t i = 0; i < many->items.size() && i < studies.size(); ++i)
                many->items[i] = merged(studies[i], {"study", "[" + std::to_string(i) + "]"});
        } else {
            root = merged(studies.front(), {});
        }
        summary.marks += marks;
        const auto comment_of = [&comments](const std::vector<std::string>& path) {
            const auto found = comments.find(path);
            return found == comments.end() ? std::string() : found->second;
        };
        outputs.emplace_back(place, banner(marks) + write_toml_document(root, *text, comment_of));
    }

    // Studies only B coded, in B's files (renamed when A has a file of that name).
    std::map<std::size_t, std::vector<const loaded_study*>> only_b;
    for (std::size_t f = 0; f < b.documents.size(); ++f)
        for (const auto& loaded : b.documents[f].studies)
            if (!loaded.study.id.empty() && index_a.find(loaded.study.id) == index_a.end())
                only_b[f].push_back(&loaded);
    for (const auto& [f, studies] : only_b) {
        diagnostics ignored;
        const auto text = read_text_file(b.files[f].path.string(), b.files[f].display, max_text_bytes, ignored);
        fs::path place = relative_place(b.files[f], b.paths);
        if (taken.count(place) != 0) place.replace_filename(place.stem().string() + ".only-in-b.toml");
        taken.insert(place);
        std::size_t marks = 0;
        sdk::node root;
        if (studies.size() == 1) {
            root = mark_id(studies.front()->study.root, false, marks);
        } else {
            sdk::node list;
            list.type = kind::array;
            for (const auto* loaded : studies) list.items.push_back(mark_id(loaded->study.root, false, marks));
            root.members.emplace_back("study", std::move(list));
        }
        summary.studies += studies.size();
        summary.marked[0] += marks;
        summary.marks += marks;
        outputs.emplace_back(place, banner(marks) + write_toml_document(root, text ? *text : std::string()));
    }

    for (const auto& [place, text] : outputs) {
        const diagnostics invalid = validate_toml(text, place.generic_string());
        if (!invalid.empty()) {
            problems.push_back({severity::error, "usage/consensus-write-failed",
                                "internal error: the consensus text is not valid TOML: " + invalid.front().message,
                                invalid.front().where, "please report this as a bug"});
            return summary;
        }
    }
    if (config) {
        if (auto text = config_text(*config, problems)) outputs.emplace_back(config_file_name, *text);
        for (auto& file : review_files(*config, problems)) outputs.push_back(std::move(file));
    }
    outputs.emplace_back(consensus_marker_file, marker_text(a.paths, b.paths, summary.marked));
    for (const auto& [place, text] : outputs) {
        if (!write_text(out / place, text, problems)) return summary;
        summary.files.push_back(place.generic_string());
    }
    return summary;
}

}  // namespace appraise
