#include "serve_api.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "appraise/agreement/consensus_marker.hpp"
#include "appraise/cache/digest.hpp"
#include "appraise/engine/engine.hpp"
#include "appraise/input/study_loader.hpp"
#include "appraise/input/toml_reader.hpp"
#include "appraise/input/toml_text_edit.hpp"
#include "appraise/input/toml_writer.hpp"
#include "appraise/model/codebook.hpp"
#include "appraise/reports/json_convert.hpp"
#include "appraise/reports/judgement_key.hpp"
#include "appraise/reports/study_labels.hpp"
#include "appraise/sdk/rubric_api.hpp"
#include "appraise/text/output_file.hpp"
#include "serve_security.hpp"

namespace appraise::cli {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

api_reply reply(int status, const json& body) {
    return {status, body.dump()};
}

api_reply refusal(int status, const std::string& message) {
    return reply(status, json{{"error", message}});
}

std::string hash_of(std::string_view text) {
    return sha256().add(text).hex();
}

// The parts of a request body; a body that is not a JSON object is a 400.
std::optional<json> parse_body(std::string_view body) {
    json parsed = json::parse(body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
    return parsed;
}

std::string text_member(const json& body, const char* key) {
    const auto at = body.find(key);
    return at != body.end() && at->is_string() ? at->get<std::string>() : std::string();
}

json node_json(const sdk::node& value) {
    switch (value.type) {
        case sdk::node::kind::string:
            return value.text;
        case sdk::node::kind::integer:
            return value.integer;
        case sdk::node::kind::number:
            return value.number;
        case sdk::node::kind::boolean:
            return value.boolean;
        case sdk::node::kind::array: {
            json items = json::array();
            for (const auto& item : value.items) items.push_back(node_json(item));
            return items;
        }
        case sdk::node::kind::table:
            break;
    }
    return json(toml_inline_value(value));
}

// One coder's side of a consensus mark: its value and the evidence that coder wrote.
json side_json(const sdk::node* side) {
    if (side == nullptr) return nullptr;
    const sdk::node* value = side;
    json out = json::object();
    if (side->type == sdk::node::kind::table && side->get("value") != nullptr) {
        value = side->get("value");
        for (const char* key : {"support", "at", "source"})
            if (const sdk::node* text = side->get(key); text != nullptr && text->type == sdk::node::kind::string)
                out[key] = text->text;
    } else {
        // The loader unwrapped the coder's wrapper: its evidence rides on the value.
        if (!side->evidence->support.empty()) out["support"] = side->evidence->support;
        if (!side->evidence->at.empty()) out["at"] = side->evidence->at;
        if (!side->evidence->source.empty()) out["source"] = side->evidence->source;
    }
    out["value"] = node_json(*value);
    out["toml"] = toml_inline_value(*value);
    return out;
}

json marker_json(const sdk::node& mark) {
    const auto from = [&](const char* key) {
        const sdk::node* text = mark.get(key);
        return text != nullptr && text->type == sdk::node::kind::string ? text->text : std::string();
    };
    return json{{"a", side_json(mark.get("a"))},
                {"b", side_json(mark.get("b"))},
                {"a_from", from("a_from")},
                {"b_from", from("b_from")}};
}

// Every value of a study as the form shows it: its key path, value, evidence and place.
void flatten(const sdk::node& table, std::vector<std::string>& path, json& out) {
    for (const auto& [key, value] : table.members) {
        path.push_back(key);
        const bool array_of_tables = value.type == sdk::node::kind::array && !value.items.empty() &&
                                     std::all_of(value.items.begin(), value.items.end(), [](const sdk::node& item) {
                                         return item.type == sdk::node::kind::table;
                                     });
        if (value.type == sdk::node::kind::table && value.evidence.empty() && !is_unresolved_marker(value)) {
            flatten(value, path, out);
        } else if (array_of_tables) {
            for (std::size_t i = 0; i < value.items.size(); ++i) {
                path.push_back("[" + std::to_string(i) + "]");
                flatten(value.items[i], path, out);
                path.pop_back();
            }
        } else {
            json field{{"path", path},
                       {"toml", toml_inline_value(value)},
                       {"line", value.where.line},
                       {"column", value.where.column}};
            field["value"] = is_unresolved_marker(value) ? json(nullptr) : node_json(value);
            if (is_unresolved_marker(value)) {
                field["unresolved"] = true;
                field["marker"] = marker_json(value);
            }
            if (!value.evidence->support.empty()) field["support"] = value.evidence->support;
            if (!value.evidence->at.empty()) field["at"] = value.evidence->at;
            if (!value.evidence->source.empty()) field["source"] = value.evidence->source;
            if (!value.evidence->resolved.empty()) field["resolved"] = value.evidence->resolved;
            if (!value.evidence->reason.empty()) field["reason"] = value.evidence->reason;
            out.push_back(std::move(field));
        }
        path.pop_back();
    }
}

// The TOML an edit writes: its `toml` text as given (a date), or its JSON
// value (and evidence) through the TOML writer. nullopt for a removal.
std::optional<std::string> edit_value(const json& edit, std::string& why) {
    if (const auto raw = edit.find("toml"); raw != edit.end() && raw->is_string()) {
        if (!is_single_toml_value(raw->get<std::string>())) {
            why = "`toml` is not one TOML value";
            return std::nullopt;
        }
        return raw->get<std::string>();
    }
    const auto value = edit.find("value");
    if (value == edit.end() || value->is_null()) return std::nullopt;
    const auto scalar = [&](const json& v, sdk::node& n) {
        if (v.is_string()) {
            n.type = sdk::node::kind::string;
            n.text = v.get<std::string>();
        } else if (v.is_boolean()) {
            n.type = sdk::node::kind::boolean;
            n.boolean = v.get<bool>();
        } else if (v.is_number_integer()) {
            n.type = sdk::node::kind::integer;
            n.integer = v.get<std::int64_t>();
            n.number = static_cast<double>(n.integer);
        } else if (v.is_number() && std::isfinite(v.get<double>())) {
            n.type = sdk::node::kind::number;
            n.number = v.get<double>();
        } else {
            return false;
        }
        return true;
    };
    sdk::node node;
    if (value->is_array()) {
        node.type = sdk::node::kind::array;
        for (const auto& item : *value) {
            sdk::node n;
            if (!scalar(item, n)) {
                why = "an array holds a value that is not a string, number or boolean";
                return std::nullopt;
            }
            node.items.push_back(std::move(n));
        }
    } else if (!scalar(*value, node)) {
        why = "the value is not a string, number, boolean or array";
        return std::nullopt;
    }
    sdk::value_evidence evidence;
    evidence.support = text_member(edit, "support");
    evidence.at = text_member(edit, "at");
    evidence.source = text_member(edit, "source");
    // How a disagreement of a consensus corpus was settled (the loader checks the words).
    evidence.resolved = text_member(edit, "resolved");
    evidence.reason = text_member(edit, "reason");
    node.evidence = std::move(evidence);  // held as none when every part is empty
    return toml_written_value(node);
}

json diagnostics_json(const diagnostics& problems) {
    json out = json::array();
    for (const auto& problem : problems) out.push_back(json::parse(json_text(problem)));
    return out;
}

// The state the corpus page shows: the worst of what `check` would say.
std::string state_of(const study_result& study) {
    bool errors = !study.appraised;
    bool warnings = false;
    for (const auto& problem : study.problems) {
        if (problem.code == "coding/unresolved-disagreement") return "unresolved";
        errors |= problem.level == severity::error;
        warnings |= problem.level == severity::warning;
    }
    bool judged = false;
    for (const auto& appraisal : study.appraisals) {
        for (const auto& finding : appraisal.findings) {
            if (!sdk::is_about_the_coding(finding)) continue;
            errors |= finding.level == severity::error;
            warnings |= finding.level == severity::warning;
        }
        judged |= appraisal.overall && !appraisal.overall->empty();
        for (const auto& domain : appraisal.domains) judged |= !domain.judgement.empty();
    }
    if (errors) return "errors";
    if (warnings) return "warnings";
    if (!judged) return "not-assessed";
    return "clean";
}

// Each rubric's overall judgement of the study in the rubric's own words.
json judgements_json(const study_result& study, const std::map<std::string, judgement_key>& keys) {
    json out = json::array();
    for (const auto& appraisal : study.appraisals) {
        json one{{"rubric", appraisal.rubric}, {"label", appraisal.label}};
        const std::string word = appraisal.overall ? *appraisal.overall : std::string();
        one["word"] = word;
        std::string text = word.empty() ? std::string(not_assessed_name) : word;
        if (const auto key = keys.find(appraisal.rubric); key != keys.end() && !word.empty())
            if (const auto mark = key->second.look(word)) text = mark->label;
        one["text"] = text;
        if (!appraisal.overall) one["text"] = "";  // the rubric has no overall judgement
        out.push_back(std::move(one));
    }
    return out;
}

// Which of a rubric's questions the form shows, given the appraisals of it
// that read them: those read (coded, or reached and not answered), never one
// its gates closed (derived NA). The gates are the rubric's: the page never
// evaluates them.
json shown_json(const sdk::rubric_description& d, const std::vector<const sdk::appraisal*>& appraisals) {
    std::set<std::string> read;
    std::set<std::string> closed;
    bool any = false;
    for (const auto* appraisal : appraisals)
        for (const auto& domain : appraisal->domains)
            for (const auto& answer : domain.answers) {
                any = true;
                if (answer.provenance == "derived" && answer.value == "NA")
                    closed.insert(answer.id);
                else
                    read.insert(answer.id);
            }
    json shown = json::array();
    for (const auto& q : d.questions) {
        // No answer read at all (the rubric did not reach its questions): those asked by default.
        const bool show = any ? read.count(q.id) > 0 && closed.count(q.id) == 0 : q.reached_by_default;
        if (show) shown.push_back(q.id);
    }
    return json{{"shown", shown}, {"closed", json(std::vector<std::string>(closed.begin(), closed.end()))}};
}

// Per rubric, the questions shown for the study as a whole, and for a rubric
// coded per result ([[appraisal.<id>]]) each element's own: the rubric
// appraises every element, its computed appraisals in element order (recorded
// judgements come after them, study_result::recorded). When their number is
// not the elements' (nothing answered yet: one "not assessed"), each element
// shows the questions asked by default and names no appraisal.
json applicable_json(const study_result& study, const std::vector<rubric_instance>& rubrics, const sdk::node* root) {
    json out = json::object();
    const sdk::node* appraisal = root != nullptr ? root->get("appraisal") : nullptr;
    for (const auto& instance : rubrics) {
        const auto& d = instance.entry->description;
        if (d.questions.empty()) continue;
        std::vector<const sdk::appraisal*> computed;
        std::vector<std::size_t> indices;
        for (std::size_t i = 0; i < study.appraisals.size(); ++i)
            if (study.appraisals[i].rubric == d.id && recorded_of(study, i) == nullptr) {
                computed.push_back(&study.appraisals[i]);
                indices.push_back(i);
            }
        json one = shown_json(d, computed);
        const sdk::node* coded =
            appraisal != nullptr && appraisal->type == sdk::node::kind::table ? appraisal->get(d.id) : nullptr;
        if (coded != nullptr && coded->type == sdk::node::kind::array) {
            json results = json::array();
            const bool paired = computed.size() == coded->items.size();
            for (std::size_t k = 0; k < coded->items.size(); ++k) {
                json result = shown_json(
                    d, paired ? std::vector<const sdk::appraisal*>{computed[k]} : std::vector<const sdk::appraisal*>{});
                result["appraisal"] = paired ? json(indices[k]) : json(nullptr);
                results.push_back(std::move(result));
            }
            one["results"] = std::move(results);
        }
        out[d.id] = std::move(one);
    }
    return out;
}

engine_options engine_for(bool consensus_corpus) {
    engine_options engine;
    engine.threads = 1;
    engine.loading.screens = {consensus_screen()};
    engine.loading.consensus_corpus = consensus_corpus;
    engine.facet_fields = label_fields();
    if (std::find(engine.facet_fields.begin(), engine.facet_fields.end(), "title") == engine.facet_fields.end())
        engine.facet_fields.emplace_back("title");
    return engine;
}

std::map<std::string, judgement_key> keys_of(const std::vector<rubric_instance>& rubrics) {
    std::map<std::string, judgement_key> keys;
    for (const auto& instance : rubrics)
        keys.emplace(instance.entry->description.id, judgement_key(instance.entry->description));
    return keys;
}

// The rubrics judged one result at a time (their `explain` text: one table
// per result, labelled "<outcome> (<effect>)"), and the words of their
// `effect` key: the form offers "Add a result" for them. Others take
// [[appraisal.<id>]] too, and the form shows such elements when written.
json per_result_json(const std::string& rubric) {
    if (rubric == "rob2" || rubric == "robins-i")
        return json{{"keys", {"outcome", "effect"}}, {"effects", {"assignment", "adhering"}}};
    if (rubric == "robins-i-v2") return json{{"keys", {"outcome"}}, {"effects", json::array()}};
    return nullptr;
}

std::optional<std::string> read_whole(const fs::path& file) {
    return read_bounded(file, max_study_file_bytes);
}

}  // namespace

serve_app::serve_app(std::unique_ptr<session> s, std::filesystem::path root)
    : session_(std::move(s)), root_(std::move(root)), consensus_corpus_(is_consensus_corpus({root_.string()})) {}

api_reply serve_app::corpus() {
    const std::lock_guard lock(mutex_);
    const auto keys = keys_of(session_->rubrics);
    json studies = json::array();
    json files = json::array();
    corpus_walker walker({root_.string()});
    // A large [[study]] file reaches the sink in parts (file_result::continued):
    // a study's index counts from the file's first study, not the part's.
    std::size_t first_of_part = 0;
    run_engine(walker, session_->rubrics, engine_for(consensus_corpus_), [&](file_result&& file) {
        const std::string relative = fs::path(file.path).lexically_relative(root_).generic_string();
        if (!file.continued) first_of_part = 0;
        if (!file.problems.empty())
            files.push_back(json{{"file", relative}, {"problems", diagnostics_json(file.problems)}});
        for (std::size_t k = 0; k < file.studies.size(); ++k) {
            const std::size_t i = first_of_part + k;
            const auto& study = file.studies[k];
            std::size_t errors = 0;
            std::size_t warnings = 0;
            for (const auto& problem : study.problems)
                (problem.level == severity::error ? errors : warnings) += problem.level == severity::info ? 0 : 1;
            const auto title = study.facets.find("title");
            studies.push_back(json{{"file", relative},
                                   {"index", i},
                                   {"id", study.id},
                                   {"label", base_label(study, label_style::author_year)},
                                   {"title", title != study.facets.end() && !title->second.empty() &&
                                                     title->second.front() != not_reported_label
                                                 ? title->second.front()
                                                 : std::string()},
                                   {"state", state_of(study)},
                                   {"errors", errors},
                                   {"warnings", warnings},
                                   {"judgements", judgements_json(study, keys)}});
        }
        first_of_part += file.studies.size();
    });
    return reply(200, json{{"root", root_.string()}, {"studies", studies}, {"files", files}});
}

api_reply serve_app::form() const {
    const std::lock_guard lock(mutex_);
    json sections = json::array();
    const auto& fields = codebook::v1().fields();
    const auto field_json = [](const field_def& f) {
        const auto dot = f.path.rfind('.');
        json out{{"path", f.path},
                 {"key", dot == std::string::npos ? f.path : f.path.substr(dot + 1)},
                 {"type", f.type == field_type::string             ? "string"
                          : f.type == field_type::integer          ? "integer"
                          : f.type == field_type::number           ? "number"
                          : f.type == field_type::boolean          ? "boolean"
                          : f.type == field_type::enumeration      ? "enumeration"
                          : f.type == field_type::string_list      ? "string-list"
                          : f.type == field_type::integer_list     ? "integer-list"
                          : f.type == field_type::enumeration_list ? "enumeration-list"
                          : f.type == field_type::number_or_list   ? "number-or-list"
                          : f.type == field_type::date             ? "date"
                                                                   : "other"},
                 {"values", f.values},
                 {"meaning", f.meaning},
                 {"described", describe_type(f)},
                 {"required", f.required}};
        if (f.min) out["min"] = *f.min;
        if (f.max) out["max"] = *f.max;
        return out;
    };
    json top = json::array();
    for (const auto& f : fields)
        if (f.path.find('.') == std::string::npos && f.type != field_type::section &&
            f.type != field_type::section_array && f.type != field_type::free_section)
            top.push_back(field_json(f));
    sections.push_back(json{{"path", ""}, {"meaning", "The study"}, {"many", false}, {"fields", top}});
    for (const auto& section : fields) {
        if (section.type != field_type::section && section.type != field_type::section_array) continue;
        json members = json::array();
        for (const auto& f : fields)
            if (f.path.rfind(section.path + ".", 0) == 0 &&
                f.path.find('.', section.path.size() + 1) == std::string::npos)
                members.push_back(field_json(f));
        sections.push_back(json{{"path", section.path},
                                {"meaning", section.meaning},
                                {"many", section.type == field_type::section_array},
                                {"fields", members}});
    }
    json rubrics = json::array();
    for (const auto& instance : session_->rubrics) {
        const auto& d = instance.entry->description;
        json scale = json::array();
        const judgement_key key(d);
        for (const auto& mark : key.marks()) scale.push_back(json{{"word", mark.word}, {"label", mark.label}});
        json domains = json::array();
        for (const auto& spec : d.domains)
            domains.push_back(json{{"id", spec.id}, {"name", spec.name}, {"description", spec.description}});
        json questions = json::array();
        for (const auto& q : d.questions)
            questions.push_back(json{{"id", q.id},
                                     {"domain", q.domain},
                                     {"prompt", q.prompt},
                                     {"answers", q.answers},
                                     {"reached_by_default", q.reached_by_default},
                                     {"variants", q.variants}});
        json variants = json::array();
        for (const auto& v : d.variants)
            variants.push_back(json{{"id", v.id},
                                    {"description", v.description},
                                    {"design_types", v.design_types},
                                    {"default", v.is_default}});
        rubrics.push_back(json{{"id", d.id},
                               {"name", d.name},
                               {"version", d.version},
                               {"summary", d.summary},
                               {"scale", scale},
                               {"domains", domains},
                               {"questions", questions},
                               {"variants", variants},
                               {"per_result", per_result_json(d.id)}});
    }
    return reply(200, json{{"consensus", consensus_corpus_},
                           {"resolutions", resolution_ways()},
                           {"sections", sections},
                           {"evidence", json{{"keys", wrapper_keys()}, {"sources", evidence_sources()}}},
                           {"directions", bias_directions()},
                           {"rubrics", rubrics}});
}

std::string serve_app::analyse(const std::string& relative, const std::string& text) const {
    const engine_options engine = engine_for(consensus_corpus_);
    const loaded_file loaded = load_study_text(text, relative, engine.loading);
    file_result result;
    try {
        result = appraise_file_text(text, relative, session_->rubrics, engine);
    } catch (const std::exception& error) {
        result.problems.push_back({severity::error,
                                   "serve/appraisal-failed",
                                   std::string("the appraisal failed: ") + error.what(),
                                   {relative, 0, 0},
                                   ""});
    }
    const auto keys = keys_of(session_->rubrics);
    json studies = json::array();
    const bool many = text.find("[[study]]") != std::string::npos;
    for (std::size_t i = 0; i < result.studies.size(); ++i) {
        const auto& study = result.studies[i];
        json values = json::array();
        if (i < loaded.studies.size()) {
            std::vector<std::string> path;
            flatten(loaded.studies[i].study.root, path, values);
        }
        json prefix = many ? json{"study", "[" + std::to_string(i) + "]"} : json::array();
        studies.push_back(
            json{{"index", i},
                 {"id", study.id},
                 {"prefix", prefix},
                 {"state", state_of(study)},
                 {"values", values},
                 {"result", json::parse(json_text(study))},
                 {"judgements", judgements_json(study, keys)},
                 {"questions", applicable_json(study, session_->rubrics,
                                               i < loaded.studies.size() ? &loaded.studies[i].study.root : nullptr)}});
    }
    return json{
        {"file", relative}, {"text", text}, {"problems", diagnostics_json(result.problems)}, {"studies", studies}}
        .dump();
}

api_reply serve_app::study(std::string_view file) {
    const std::lock_guard lock(mutex_);
    std::string why;
    const auto path = resolve_in_corpus(root_, file, why);
    if (!path) return refusal(403, why);
    const auto text = read_whole(path->absolute);
    if (!text) return refusal(413, "the file cannot be read, or is larger than a study file may be");
    json out = json::parse(analyse(path->relative, *text));
    out["hash"] = hash_of(*text);
    out["undo"] = undo_.count(path->relative) > 0;
    return reply(200, out);
}

api_reply serve_app::preview(std::string_view body) {
    const auto request = parse_body(body);
    if (!request) return refusal(400, "the body is not a JSON object");
    const std::lock_guard lock(mutex_);
    std::string why;
    const auto path = resolve_in_corpus(root_, text_member(*request, "file"), why);
    if (!path) return refusal(403, why);
    std::string text = text_member(*request, "text");
    if (text.size() > max_study_file_bytes) return refusal(413, "the text is larger than a study file may be");
    std::vector<toml_edit> edits;
    if (const auto list = request->find("edits"); list != request->end() && list->is_array()) {
        for (const auto& edit : *list) {
            const auto keys = edit.find("path");
            if (!edit.is_object() || keys == edit.end() || !keys->is_array())
                return refusal(400, "an edit has no path");
            toml_edit one;
            for (const auto& key : *keys) {
                if (!key.is_string()) return refusal(400, "an edit's path holds a key that is not text");
                one.path.push_back(key.get<std::string>());
            }
            one.value = edit_value(edit, why);
            if (!why.empty()) return refusal(400, why);
            edits.push_back(std::move(one));
        }
    }
    if (!edits.empty()) {
        auto edited = edit_toml_text(text, edits, path->relative);
        if (!edited.text)
            return reply(422, json{{"error", "the edit cannot be made in the text"},
                                   {"problems", diagnostics_json(edited.problems)}});
        text = std::move(*edited.text);
    }
    return {200, analyse(path->relative, text)};
}

api_reply serve_app::save(std::string_view body) {
    const auto request = parse_body(body);
    if (!request) return refusal(400, "the body is not a JSON object");
    const std::lock_guard lock(mutex_);
    std::string why;
    const auto path = resolve_in_corpus(root_, text_member(*request, "file"), why);
    if (!path) return refusal(403, why);
    const std::string text = text_member(*request, "text");
    if (text.size() > max_study_file_bytes) return refusal(413, "the text is larger than a study file may be");
    const auto disk = read_whole(path->absolute);
    if (!disk) return refusal(409, "the file can no longer be read");
    const std::string disk_hash = hash_of(*disk);
    // Someone (an editor, another browser) changed the file since this page loaded it: both versions go back.
    if (disk_hash != text_member(*request, "hash"))
        return reply(409, json{{"error", "the file changed on disk since it was loaded"},
                               {"conflict", true},
                               {"file", path->relative},
                               {"disk_text", *disk},
                               {"disk_hash", disk_hash},
                               {"your_text", text}});
    if (const auto document = parse_toml(text, path->relative); !document.root)
        return reply(422, json{{"error", "the text is not valid TOML: not saved"},
                               {"problems", diagnostics_json(document.problems)}});
    try {
        output_file out(path->absolute.string());
        out.stream() << text;
        out.commit();
    } catch (const std::exception& error) {
        return refusal(500, std::string("not saved: ") + error.what());
    }
    const std::string hash = hash_of(text);
    undo_[path->relative] = saved{*disk, hash};
    return reply(200, json{{"saved", true}, {"file", path->relative}, {"hash", hash}, {"undo", true}});
}

api_reply serve_app::undo(std::string_view body) {
    const auto request = parse_body(body);
    if (!request) return refusal(400, "the body is not a JSON object");
    const std::lock_guard lock(mutex_);
    std::string why;
    const auto path = resolve_in_corpus(root_, text_member(*request, "file"), why);
    if (!path) return refusal(403, why);
    const auto last = undo_.find(path->relative);
    if (last == undo_.end()) return refusal(404, "this server saved no version of the file to undo");
    const auto disk = read_whole(path->absolute);
    if (!disk || hash_of(*disk) != last->second.hash)
        return reply(409, json{{"error", "the file changed on disk after the save: undo would lose that change"},
                               {"conflict", true},
                               {"disk_text", disk ? *disk : std::string()},
                               {"disk_hash", disk ? hash_of(*disk) : std::string()},
                               {"your_text", last->second.previous}});
    try {
        output_file out(path->absolute.string());
        out.stream() << last->second.previous;
        out.commit();
    } catch (const std::exception& error) {
        return refusal(500, std::string("not undone: ") + error.what());
    }
    const std::string text = std::move(last->second.previous);
    undo_.erase(last);
    return reply(200, json{{"undone", true}, {"file", path->relative}, {"hash", hash_of(text)}, {"text", text}});
}

api_reply serve_app::create(std::string_view body) {
    const auto request = parse_body(body);
    if (!request) return refusal(400, "the body is not a JSON object");
    const std::lock_guard lock(mutex_);
    const std::string file = text_member(*request, "file");
    const std::string id = text_member(*request, "id");
    const fs::path given(file);
    // The folder must already be in the corpus; the file must not exist.
    if (given.filename().empty() || given.filename().string().front() == '.' ||
        given.filename().string().find('/') != std::string::npos)
        return refusal(403, "name the new file, e.g. studies/lee-2021.toml");
    if (id.empty() ||
        id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != std::string::npos)
        return refusal(400, "the id takes letters, digits, '.', '_' and '-'");
    const fs::path folder = given.parent_path();
    std::error_code error;
    const fs::path real_folder = fs::canonical(root_ / folder, error);
    if (error || given.is_absolute() || file.find("..") != std::string::npos || given.extension() != ".toml")
        return refusal(403, "the new file must be a .toml file in a folder of the corpus");
    const std::string inside = real_folder.lexically_relative(root_).generic_string();
    if (inside.empty() || inside.rfind("..", 0) == 0) return refusal(403, "the new file must be inside the corpus");
    const fs::path target = real_folder / given.filename();
    if (fs::exists(fs::symlink_status(target, error))) return refusal(409, "a file of that name exists");
    const std::string text = "id = \"" + id + "\"\n";
    {
        std::ofstream out(target, std::ios::binary);
        out << text;
        if (!out) return refusal(500, "the file cannot be written");
    }
    return reply(200, json{{"created", true},
                           {"file", (fs::path(inside == "." ? "" : inside) / given.filename()).generic_string()}});
}

}  // namespace appraise::cli
