#include "appraise/agreement/agreement.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "appraise/agreement/consensus_marker.hpp"
#include "appraise/engine/engine.hpp"
#include "appraise/input/toml_writer.hpp"
#include "appraise/model/codebook.hpp"
#include "appraise/text/node_text.hpp"

namespace appraise {
namespace {

using kind = sdk::node::kind;

// Answer codes of the signalling-question tools (RoB 2, ROBINS-I): yes and
// probably yes above probably no and no; no information and not applicable
// are categories of their own, outside the order.
const std::vector<std::string> signalling_ordered = {"Y", "PY", "PN", "N"};
const std::vector<std::string> signalling_apart = {"NI", "NA"};

// Judgement words that are not a rating: outside the scale's order.
bool unrated_word(std::string_view word) {
    return word == "not-applicable" || word == "no-information" || word == "not-rated";
}

std::string join(const std::vector<std::string>& parts, std::size_t from) {
    std::string text;
    for (std::size_t i = from; i < parts.size(); ++i) {
        if (!text.empty()) text += '.';
        text += parts[i];
    }
    return text;
}

// One compared pair, before statistics.
struct pair_record {
    agreement_level level = agreement_level::facts;
    std::string rubric;
    std::string item;
    std::string study;
    std::string result;
    coded_value a;
    coded_value b;
    bool metadata = false;
    const sdk::value_evidence* evidence_a = nullptr;  // null when that coder did not code it
    const sdk::value_evidence* evidence_b = nullptr;
};

coded_value side_of(const sdk::node* value, const char* absent) {
    coded_value side;
    if (value == nullptr) {
        side.text = absent;
        return side;
    }
    side.present = true;
    side.text = display_value(*value);
    side.where = value->where;
    return side;
}

// Walks two coders' trees of one study in step and records every leaf either has.
class leaf_pairing {
public:
    leaf_pairing(std::string study, std::vector<pair_record>& out, const sdk::node& root_a, const sdk::node& root_b)
        : study_(std::move(study)), out_(out) {
        for (const sdk::node* root : {&root_a, &root_b})
            if (const sdk::node* outcomes = root->get("outcomes");
                outcomes != nullptr && outcomes->type == sdk::node::kind::array)
                for (const auto& outcome : outcomes->items)
                    if (const sdk::node* id = outcome.get("id"); id != nullptr && id->type == sdk::node::kind::string)
                        outcome_ids_.insert(id->text);
    }

    void walk(const sdk::node* a, const sdk::node* b, const std::string& result) {
        if (walk_one_answer_for_all(a, b, result)) return;
        const pair_shape shape = shape_of(a, b);
        if (shape == pair_shape::tables) {
            for_each_member_pair(a, b, [&](const std::string& key, const sdk::node* in_a, const sdk::node* in_b) {
                if (path_.empty() && key == "id") return;  // the pairing key itself
                // Recorded judgements are the run's results: compared once, under judgements.
                if (path_.empty() && key == "recorded") return;
                path_.push_back(key);
                walk(in_a, in_b, result);
                path_.pop_back();
            });
            return;
        }
        if (shape == pair_shape::table_arrays) {
            for_each_element_pair(a, b, element_key(path_),
                                  [&](const std::string& label, const sdk::node* in_a, const sdk::node* in_b) {
                                      walk(in_a, in_b, result.empty() ? label : result + "/" + label);
                                  });
            return;
        }
        if (a == nullptr && b == nullptr) return;
        pair_record record;
        record.study = study_;
        record.result = result;
        if (path_.front() == "appraisal") {
            record.level = agreement_level::answers;
            record.rubric = path_.size() > 1 ? path_[1] : "";
            record.item = path_.size() > 2 ? join(path_, 2) : "(value)";
        } else {
            record.level = agreement_level::facts;
            record.item = join(path_, 0);
        }
        record.a = side_of(a, not_coded_value);
        record.b = side_of(b, not_coded_value);
        record.metadata = record.level == agreement_level::facts && is_metadata_item(record.item);
        if (a != nullptr) record.evidence_a = &a->evidence.get();
        if (b != nullptr) record.evidence_b = &b->evidence.get();
        out_.push_back(std::move(record));
    }

private:
    // q8 = "yes" against q8 = { reading = "yes", math = "yes" }: one answer for
    // every outcome against one per outcome. Paired outcome by outcome, so
    // agreeing coders agree (instead of a text against a table).
    bool walk_one_answer_for_all(const sdk::node* a, const sdk::node* b, const std::string& result) {
        if (a == nullptr || b == nullptr || path_.size() < 3 || path_.front() != "appraisal") return false;
        const auto scalar = [](const sdk::node* n) {
            return n->type != sdk::node::kind::table && n->type != sdk::node::kind::array;
        };
        const auto per_outcome = [&](const sdk::node* n) {
            return n->type == sdk::node::kind::table && !n->members.empty() &&
                   std::all_of(n->members.begin(), n->members.end(),
                               [&](const sdk::node_member& m) { return outcome_ids_.count(m.first) == 1; });
        };
        const bool a_single = scalar(a) && per_outcome(b);
        if (!a_single && !(scalar(b) && per_outcome(a))) return false;
        const sdk::node* single = a_single ? a : b;
        const sdk::node& table = *(a_single ? b : a);
        // Every outcome of the study: one the per-outcome coder left out is a
        // pair with "(not coded)" on that side, never dropped.
        for (const auto& outcome : outcome_ids_) {
            const sdk::node* answer = table.get(outcome);
            path_.push_back(outcome);
            walk(a_single ? single : answer, a_single ? answer : single, result);
            path_.pop_back();
        }
        return true;
    }

    std::string study_;
    std::vector<pair_record>& out_;
    std::vector<std::string> path_;
    std::set<std::string> outcome_ids_;  // of either coder's [[outcomes]]
};

source_location judgement_place(const sdk::study& study, const std::string& rubric) {
    const auto header = study.table_headers.find("appraisal." + rubric);
    return header != study.table_headers.end() ? header->second : study.id_where;
}

// Judgement pairs of one study for one rubric, per-result appraisals matched by label.
void pair_judgements(const std::string& id, const sdk::rubric_description& rubric, const study_result* a,
                     const study_result* b, const sdk::study& study_a, const sdk::study& study_b,
                     std::vector<pair_record>& out) {
    const auto labelled = [&](const study_result* result) {
        std::vector<std::pair<std::string, const sdk::appraisal*>> list;
        if (result == nullptr) return list;
        std::map<std::string, int> seen;
        for (const auto& appraisal : result->appraisals) {
            if (appraisal.rubric != rubric.id) continue;
            std::string label = appraisal.label;
            const int count = ++seen[label];
            if (count > 1) label += "#" + std::to_string(count);
            list.emplace_back(label, &appraisal);
        }
        return list;
    };
    const auto in_a = labelled(a);
    const auto in_b = labelled(b);
    const auto find = [](const auto& list, const std::string& label) -> const sdk::appraisal* {
        for (const auto& [l, p] : list)
            if (l == label) return p;
        return nullptr;
    };
    std::vector<std::string> labels;
    for (const auto& [label, p] : in_a) labels.push_back(label);
    for (const auto& [label, p] : in_b)
        if (find(in_a, label) == nullptr) labels.push_back(label);

    const source_location where_a = judgement_place(study_a, rubric.id);
    const source_location where_b = judgement_place(study_b, rubric.id);
    const auto side = [](const sdk::appraisal* appraisal, const std::string* judgement, const source_location& where) {
        coded_value v;
        if (appraisal == nullptr || judgement == nullptr) {
            v.text = not_appraised_value;
            return v;
        }
        v.present = true;
        v.text = *judgement;
        v.where = where;
        return v;
    };
    for (const auto& label : labels) {
        const sdk::appraisal* pa = find(in_a, label);
        const sdk::appraisal* pb = find(in_b, label);
        std::vector<std::string> domains;
        for (const auto* p : {pa, pb})
            if (p != nullptr)
                for (const auto& d : p->domains)
                    if (std::find(domains.begin(), domains.end(), d.id) == domains.end()) domains.push_back(d.id);
        const auto judgement_of = [](const sdk::appraisal* p, const std::string& domain) -> const std::string* {
            if (p == nullptr) return nullptr;
            for (const auto& d : p->domains)
                if (d.id == domain) return &d.judgement;
            return nullptr;
        };
        // A recorded judgement points at its [[recorded.<id>]] element: where a reader sees it was imported.
        const auto place = [](const study_result* result, const sdk::appraisal* p, const source_location& fallback) {
            const recorded_mark* mark = result != nullptr && p != nullptr ? recorded_of(*result, *p) : nullptr;
            return mark != nullptr ? mark->where : fallback;
        };
        const source_location at_a = place(a, pa, where_a);
        const source_location at_b = place(b, pb, where_b);
        const auto record = [&](std::string item, const std::string* ja, const std::string* jb) {
            pair_record r;
            r.level = agreement_level::judgements;
            r.rubric = rubric.id;
            r.item = std::move(item);
            r.study = id;
            r.result = label;
            r.a = side(pa, ja, at_a);
            r.b = side(pb, jb, at_b);
            out.push_back(std::move(r));
        };
        for (const auto& domain : domains) record(domain, judgement_of(pa, domain), judgement_of(pb, domain));
        const std::string* overall_a = pa != nullptr && pa->overall ? &*pa->overall : nullptr;
        const std::string* overall_b = pb != nullptr && pb->overall ? &*pb->overall : nullptr;
        if (overall_a != nullptr || overall_b != nullptr) record("overall", overall_a, overall_b);
    }
}

rating_scale judgement_scale(const sdk::rubric_description* rubric) {
    rating_scale scale;
    if (rubric == nullptr || rubric->judgement_scale.empty()) {
        scale.name = "nominal (judgements as produced)";
        return scale;
    }
    for (const auto& word : rubric->judgement_scale)
        (unrated_word(word) ? scale.nominal : scale.ordered).push_back(word);
    std::string order;
    for (const auto& word : scale.ordered) order += (order.empty() ? "" : " > ") + word;
    scale.name = "judgement (" + order + (scale.nominal.empty() ? "" : "; others apart") + ")";
    return scale;
}

rating_scale item_scale(agreement_level level, const std::string& item, const std::vector<const pair_record*>& pairs,
                        const sdk::rubric_description* rubric) {
    rating_scale scale;
    if (level == agreement_level::judgements) return judgement_scale(rubric);
    if (level == agreement_level::facts) {
        if (const field_def* field = codebook::v1().find(item)) {
            if (field->type == field_type::boolean) {
                scale.name = "yes/no";
                scale.nominal = {"false", "true"};
                return scale;
            }
            if (field->type == field_type::enumeration) {
                scale.name = "nominal (the codebook's values)";
                scale.nominal = field->values;
                return scale;
            }
        }
        scale.name = "nominal (values as coded)";
        return scale;
    }
    bool signalling = !pairs.empty();
    bool uses_na = false;
    for (const auto* p : pairs)
        for (const coded_value* v : {&p->a, &p->b}) {
            if (!v->present) continue;
            const bool ordered =
                std::find(signalling_ordered.begin(), signalling_ordered.end(), v->text) != signalling_ordered.end();
            if (v->text == "NA") uses_na = true;
            if (!ordered && v->text != "NI" && v->text != "NA") signalling = false;
        }
    if (!signalling) {
        scale.name = "nominal (values as coded)";
        return scale;
    }
    scale.name = "signalling (Y > PY > PN > N; NI apart)";
    scale.ordered = signalling_ordered;
    scale.nominal = {"NI"};
    if (uses_na) scale.nominal.emplace_back("NA");
    return scale;
}

bool same_scale(const rating_scale& x, const rating_scale& y) {
    return x.ordered == y.ordered && x.nominal == y.nominal && x.name == y.name;
}

// Natural order for question ids: "2.1" before "10.1".
bool natural_less(const std::string& x, const std::string& y) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < x.size() && j < y.size()) {
        const bool dx = x[i] >= '0' && x[i] <= '9';
        const bool dy = y[j] >= '0' && y[j] <= '9';
        if (dx && dy) {
            std::size_t ei = i;
            std::size_t ej = j;
            while (ei < x.size() && x[ei] >= '0' && x[ei] <= '9') ++ei;
            while (ej < y.size() && y[ej] >= '0' && y[ej] <= '9') ++ej;
            const std::string_view nx(x.data() + i, ei - i);
            const std::string_view ny(y.data() + j, ej - j);
            if (nx.size() != ny.size()) return nx.size() < ny.size();
            if (nx != ny) return nx < ny;
            i = ei;
            j = ej;
            continue;
        }
        if (x[i] != y[j]) return x[i] < y[j];
        ++i;
        ++j;
    }
    return x.size() - i < y.size() - j;
}

std::size_t codebook_rank(const std::string& item) {
    const auto& fields = codebook::v1().fields();
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].path == item) return i;
    return fields.size();
}

class statistics_builder {
public:
    explicit statistics_builder(const std::vector<sdk::rubric_description>& rubrics) : rubrics_(rubrics) {}

    void add(const pair_record& record) {
        const auto key = std::tuple(record.level, record.rubric, record.item);
        auto found = groups_.find(key);
        if (found == groups_.end()) found = groups_.emplace(key, std::vector<const pair_record*>{}).first;
        found->second.push_back(&record);
    }

    std::vector<item_agreement> build(std::vector<std::string> rubric_order) {
        std::vector<item_agreement> rows;
        // Facts: in the codebook's order, other paths ([custom], unknown keys) after.
        std::vector<std::string> facts;
        for (const auto& [key, pairs] : groups_)
            if (std::get<0>(key) == agreement_level::facts) facts.push_back(std::get<2>(key));
        std::stable_sort(facts.begin(), facts.end(), [](const std::string& x, const std::string& y) {
            return std::pair(codebook_rank(x), x) < std::pair(codebook_rank(y), y);
        });
        pooled_input facts_pool;
        for (const auto& item : facts) emit(rows, agreement_level::facts, "", item, facts_pool);
        pool(rows, agreement_level::facts, "", "(all fields)", facts_pool);

        // Rubrics answered in the corpora but not run still have their answers compared.
        for (const auto& [key, pairs] : groups_)
            if (std::get<0>(key) != agreement_level::facts &&
                std::find(rubric_order.begin(), rubric_order.end(), std::get<1>(key)) == rubric_order.end())
                rubric_order.push_back(std::get<1>(key));
        std::sort(rubric_order.begin() + static_cast<std::ptrdiff_t>(rubrics_.size()), rubric_order.end());

        for (const agreement_level level : {agreement_level::answers, agreement_level::judgements}) {
            pooled_input level_pool;
            std::size_t rubrics_with_rows = 0;
            for (const auto& rubric : rubric_order) {
                std::vector<std::string> items;
                for (const auto& [key, pairs] : groups_)
                    if (std::get<0>(key) == level && std::get<1>(key) == rubric) items.push_back(std::get<2>(key));
                if (items.empty()) continue;
                ++rubrics_with_rows;
                if (level == agreement_level::answers) {
                    std::sort(items.begin(), items.end(), natural_less);
                } else {
                    const sdk::rubric_description* d = description(rubric);
                    const auto rank = [d](const std::string& item) {
                        if (item == "overall") return std::size_t{1} << 20;
                        if (d != nullptr)
                            for (std::size_t i = 0; i < d->domains.size(); ++i)
                                if (d->domains[i].id == item) return i;
                        return std::size_t{1} << 19;
                    };
                    std::stable_sort(items.begin(), items.end(), [&](const std::string& x, const std::string& y) {
                        return std::pair(rank(x), x) < std::pair(rank(y), y);
                    });
                }
                pooled_input rubric_pool;
                for (const auto& item : items) {
                    pooled_input* target = &rubric_pool;
                    if (level == agreement_level::judgements && item == "overall") target = nullptr;
                    emit(rows, level, rubric, item, target != nullptr ? *target : discard_);
                    if (level == agreement_level::judgements && item == "overall")
                        add_to(level_pool, rows.back(), rubric);
                }
                pool(rows, level, rubric, level == agreement_level::answers ? "(all questions)" : "(all domains)",
                     rubric_pool);
                merge_pool(level_pool, rubric_pool, rubric);
            }
            if (rubrics_with_rows > 1)
                pool(rows, level, "", level == agreement_level::answers ? "(all answers)" : "(all judgements)",
                     level_pool);
        }
        return rows;
    }

private:
    struct pooled_input {
        std::vector<const pair_record*> pairs;
        std::vector<rating_scale> scales;  // parallel to pairs
    };

    const sdk::rubric_description* description(const std::string& id) const {
        for (const auto& d : rubrics_)
            if (d.id == id) return &d;
        return nullptr;
    }

    void emit(std::vector<item_agreement>& rows, agreement_level level, const std::string& rubric,
              const std::string& item, pooled_input& into) {
        const auto& pairs = groups_.at(std::tuple(level, rubric, item));
        const rating_scale scale = item_scale(level, item, pairs, description(rubric));
        std::vector<rating_pair> values;
        for (const auto* p : pairs) {
            values.push_back({p->a.text, p->b.text});
            into.pairs.push_back(p);
            into.scales.push_back(scale);
        }
        item_agreement row;
        row.level = level;
        row.rubric = rubric;
        row.item = item;
        row.scale = scale.name;
        row.stats = compute_agreement(values, scale);
        rows.push_back(std::move(row));
    }

    void add_to(pooled_input& pool_input, const item_agreement& row, const std::string& rubric) {
        const auto& pairs = groups_.at(std::tuple(row.level, rubric, row.item));
        const rating_scale scale = judgement_scale(description(rubric));
        for (const auto* p : pairs) {
            pool_input.pairs.push_back(p);
            pool_input.scales.push_back(scale);
        }
    }

    static void merge_pool(pooled_input& into, const pooled_input& from, const std::string&) {
        into.pairs.insert(into.pairs.end(), from.pairs.begin(), from.pairs.end());
        into.scales.insert(into.scales.end(), from.scales.begin(), from.scales.end());
    }

    // Pooled rows: one scale when every item shares it; else each category is
    // qualified by its item ("design.unit: cluster"), so values of different
    // fields never count as agreeing.
    static void pool(std::vector<item_agreement>& rows, agreement_level level, const std::string& rubric,
                     const std::string& name, const pooled_input& input) {
        if (input.pairs.empty()) return;
        bool shared = true;
        for (const auto& s : input.scales) shared = shared && same_scale(s, input.scales.front());
        rating_scale scale;
        std::vector<rating_pair> values;
        if (shared) {
            scale = input.scales.front();
            for (const auto* p : input.pairs) values.push_back({p->a.text, p->b.text});
        } else {
            scale.name = "nominal (categories qualified by item)";
            std::set<std::string> declared;
            for (std::size_t i = 0; i < input.pairs.size(); ++i) {
                const auto* p = input.pairs[i];
                const std::string prefix = (p->rubric.empty() ? "" : p->rubric + " ") + p->item + ": ";
                values.push_back({prefix + p->a.text, prefix + p->b.text});
                for (const auto* list : {&input.scales[i].ordered, &input.scales[i].nominal})
                    for (const auto& c : *list) declared.insert(prefix + c);
            }
            scale.nominal.assign(declared.begin(), declared.end());
        }
        item_agreement row;
        row.level = level;
        row.rubric = rubric;
        row.item = name;
        row.pooled = true;
        row.scale = scale.name;
        row.stats = compute_agreement(values, scale);
        rows.push_back(std::move(row));
    }

    const std::vector<sdk::rubric_description>& rubrics_;
    std::map<std::tuple<agreement_level, std::string, std::string>, std::vector<const pair_record*>> groups_;
    pooled_input discard_;
};

int level_rank(agreement_level level) {
    return static_cast<int>(level);
}

bool same_evidence(const sdk::value_evidence& x, const sdk::value_evidence& y) {
    return x.support == y.support && x.at == y.at && x.source == y.source;
}

// The support, direction and notes texts of two coders' appraisals of one
// study, paired per rubric and per appraisal table (in the order written).
void pair_commentary(const std::string& id, const study_commentary& a, const study_commentary& b,
                     std::vector<support_difference>& out) {
    std::vector<std::string> rubrics;
    for (const auto& [rubric, list] : a) rubrics.push_back(rubric);
    for (const auto& [rubric, list] : b)
        if (a.find(rubric) == a.end()) rubrics.push_back(rubric);
    static const std::vector<appraisal_commentary> none;
    for (const auto& rubric : rubrics) {
        const auto in_a = a.find(rubric);
        const auto in_b = b.find(rubric);
        const auto& list_a = in_a == a.end() ? none : in_a->second;
        const auto& list_b = in_b == b.end() ? none : in_b->second;
        for (std::size_t i = 0; i < std::max(list_a.size(), list_b.size()); ++i) {
            const appraisal_commentary* ca = i < list_a.size() ? &list_a[i] : nullptr;
            const appraisal_commentary* cb = i < list_b.size() ? &list_b[i] : nullptr;
            const std::string result =
                std::max(list_a.size(), list_b.size()) > 1 ? "#" + std::to_string(i + 1) : std::string();
            const auto differ = [&](std::string item, const std::string& ta, const source_location& wa,
                                    const std::string& tb, const source_location& wb) {
                if (ta == tb) return;
                support_difference d;
                d.study = id;
                d.level = agreement_level::answers;
                d.rubric = rubric;
                d.item = std::move(item);
                d.result = result;
                d.a = ta.empty() ? "" : "\"" + ta + "\"";
                d.b = tb.empty() ? "" : "\"" + tb + "\"";
                d.a_where = wa;
                d.b_where = wb;
                out.push_back(std::move(d));
            };
            differ("notes", ca != nullptr ? ca->notes : "", ca != nullptr ? ca->notes_where : source_location{},
                   cb != nullptr ? cb->notes : "", cb != nullptr ? cb->notes_where : source_location{});
            for (const auto* kind_name : {"support", "direction"}) {
                const auto entries = [&](const appraisal_commentary* c) -> const std::vector<commentary_entry>* {
                    if (c == nullptr) return nullptr;
                    return std::string_view(kind_name) == "support" ? &c->support : &c->direction;
                };
                const auto* ea = entries(ca);
                const auto* eb = entries(cb);
                std::vector<std::string> keys;
                for (const auto* list : {ea, eb})
                    if (list != nullptr)
                        for (const auto& e : *list)
                            if (std::find(keys.begin(), keys.end(), e.key) == keys.end()) keys.push_back(e.key);
                const auto find = [](const std::vector<commentary_entry>* list,
                                     const std::string& key) -> const commentary_entry* {
                    if (list != nullptr)
                        for (const auto& e : *list)
                            if (e.key == key) return &e;
                    return nullptr;
                };
                for (const auto& key : keys) {
                    const auto* xa = find(ea, key);
                    const auto* xb = find(eb, key);
                    differ(std::string(kind_name) + " " + key, xa != nullptr ? xa->text : "",
                           xa != nullptr ? xa->where : source_location{}, xb != nullptr ? xb->text : "",
                           xb != nullptr ? xb->where : source_location{});
                }
            }
        }
    }
}

}  // namespace

std::string_view to_string(agreement_level level) {
    switch (level) {
        case agreement_level::facts:
            return "facts";
        case agreement_level::answers:
            return "answers";
        case agreement_level::judgements:
            return "judgements";
    }
    return "facts";
}

bool is_metadata_item(std::string_view path) {
    const auto under = [path](std::string_view section) {
        return path == section || (path.size() > section.size() && path.substr(0, section.size()) == section &&
                                   path[section.size()] == '.');
    };
    return path == "title" || path == "authors" || under("coding") || under("custom");
}

std::string evidence_text(const sdk::value_evidence& evidence) {
    std::string text;
    if (!evidence.support.empty()) text = "\"" + evidence.support + "\"";
    std::string place = evidence.at;
    if (!evidence.source.empty()) place += (place.empty() ? "" : "; ") + evidence.source;
    if (!place.empty()) text += (text.empty() ? "(" : " (") + place + ")";
    return text;
}

std::string display_value(const sdk::node& value) {
    // Tables and arrays as inline TOML, so ["a, b"] and ["a", "b"] stay two categories.
    return is_scalar(value) ? node_text(value) : toml_inline_value(value);
}

std::map<std::string, study_place, std::less<>> index_studies(const coded_corpus& corpus) {
    std::map<std::string, study_place, std::less<>> index;
    for (std::size_t f = 0; f < corpus.documents.size(); ++f)
        for (std::size_t s = 0; s < corpus.documents[f].studies.size(); ++s) {
            const auto& id = corpus.documents[f].studies[s].study.id;
            if (!id.empty()) index.emplace(id, study_place{f, s});  // the first of duplicates
        }
    return index;
}

coded_corpus load_coded_corpus(const std::vector<std::string>& paths, const std::vector<rubric_instance>& rubrics,
                               unsigned threads) {
    coded_corpus corpus;
    corpus.paths = paths;
    load_options loading;
    loading.screens = {consensus_screen()};
    loading.consensus_corpus = is_consensus_corpus(paths);
    corpus_walker walker(paths);
    while (auto item = walker.next()) {
        if (!item->file) continue;  // listing problems come back from the engine below
        corpus.documents.push_back(load_study_file(item->file->path, item->file->display, loading));
        corpus.files.push_back(std::move(*item->file));
    }
    corpus_walker again(paths);
    engine_options options;
    options.threads = threads;
    options.loading = loading;
    run_engine(again, rubrics, options, [&](file_result&& file) {
        corpus.problems.insert(corpus.problems.end(), file.problems.begin(), file.problems.end());
        for (const auto& study : file.studies)
            corpus.problems.insert(corpus.problems.end(), study.problems.begin(), study.problems.end());
        corpus.results.push_back(std::move(file));
    });
    // A file the engine streams (a large [[study]] file) is compared from the
    // tree loaded whole above: when that load refused it as too large, say
    // so, or its studies would drop out of the comparison in silence.
    for (const auto& document : corpus.documents)
        for (const auto& problem : document.problems) {
            if (problem.code != "coding/file-too-large") continue;
            const bool said = std::any_of(corpus.problems.begin(), corpus.problems.end(), [&](const diagnostic& p) {
                return p.code == problem.code && p.where.file == problem.where.file;
            });
            if (said) continue;
            diagnostic refused = problem;
            refused.message += "; `appraise agree` compares files read whole";
            refused.hint = "split the [[study]] tables across several files in the same directory, in both corpora";
            corpus.problems.push_back(std::move(refused));
        }
    return corpus;
}

agreement_report compare_corpora(const coded_corpus& a, const coded_corpus& b,
                                 const std::vector<sdk::rubric_description>& rubrics, const compare_options& options) {
    agreement_report report;
    report.metadata_counted = options.include_metadata;
    report.a_paths = a.paths;
    report.b_paths = b.paths;
    for (const auto& r : rubrics) report.rubrics.push_back(r.id);

    const auto index_a = index_studies(a);
    const auto index_b = index_studies(b);
    report.studies_a = index_a.size();
    report.studies_b = index_b.size();
    const auto results_of = [](const coded_corpus& corpus) {
        std::map<std::string, const study_result*, std::less<>> map;
        for (const auto& file : corpus.results)
            for (const auto& study : file.studies)
                if (!study.id.empty()) map.emplace(study.id, &study);
        return map;
    };
    const auto results_a = results_of(a);
    const auto results_b = results_of(b);
    const auto lookup = [](const auto& map, const std::string& id) -> const study_result* {
        const auto found = map.find(id);
        return found == map.end() ? nullptr : found->second;
    };

    std::vector<pair_record> records;
    std::vector<support_difference> commentary_differences;  // listed after the values' own
    std::set<std::string> seen;
    for (const auto& document : a.documents)
        for (const auto& loaded : document.studies) {
            const auto& id = loaded.study.id;
            if (id.empty() || !seen.insert(id).second) continue;
            const auto other = index_b.find(id);
            if (other == index_b.end()) {
                report.unpaired.push_back({id, 'A', loaded.study.id_where});
                continue;
            }
            report.paired.push_back(id);
            const sdk::study& study_b = b.documents[other->second.file].studies[other->second.study].study;
            leaf_pairing(id, records, loaded.study.root, study_b.root).walk(&loaded.study.root, &study_b.root, "");
            pair_commentary(id, loaded.commentary,
                            b.documents[other->second.file].studies[other->second.study].commentary,
                            commentary_differences);
            for (const auto& rubric : rubrics)
                pair_judgements(id, rubric, lookup(results_a, id), lookup(results_b, id), loaded.study, study_b,
                                records);
        }
    for (const auto& document : b.documents)
        for (const auto& loaded : document.studies)
            if (!loaded.study.id.empty() && index_a.find(loaded.study.id) == index_a.end() &&
                seen.insert(loaded.study.id).second)
                report.unpaired.push_back({loaded.study.id, 'B', loaded.study.id_where});

    statistics_builder builder(rubrics);
    for (const auto& record : records)
        if (!record.metadata || options.include_metadata) builder.add(record);
    report.items = builder.build(report.rubrics);

    // Disagreements: by study (A's order), then facts, answers, judgements.
    std::map<std::string, std::size_t> study_rank;
    for (std::size_t i = 0; i < report.paired.size(); ++i) study_rank.emplace(report.paired[i], i);
    for (const auto& record : records) {
        const bool values_agree = record.a.text == record.b.text && record.a.present == record.b.present;
        if (!values_agree)
            report.disagreements.push_back({record.study, record.level, record.rubric, record.item, record.result,
                                            record.a, record.b, record.metadata});
        static const sdk::value_evidence none;
        const sdk::value_evidence& ea = record.evidence_a != nullptr ? *record.evidence_a : none;
        const sdk::value_evidence& eb = record.evidence_b != nullptr ? *record.evidence_b : none;
        if (same_evidence(ea, eb)) continue;
        support_difference d;
        d.study = record.study;
        d.level = record.level;
        d.rubric = record.rubric;
        d.item = record.item;
        d.result = record.result;
        d.values_agree = values_agree;
        d.a = evidence_text(ea);
        d.b = evidence_text(eb);
        if (!d.a.empty()) d.a_where = ea.where;
        if (!d.b.empty()) d.b_where = eb.where;
        report.support_differences.push_back(std::move(d));
    }
    report.support_differences.insert(report.support_differences.end(), commentary_differences.begin(),
                                      commentary_differences.end());
    std::stable_sort(report.disagreements.begin(), report.disagreements.end(),
                     [&](const disagreement& x, const disagreement& y) {
                         return std::pair(study_rank.at(x.study), level_rank(x.level)) <
                                std::pair(study_rank.at(y.study), level_rank(y.level));
                     });
    std::stable_sort(report.support_differences.begin(), report.support_differences.end(),
                     [&](const support_difference& x, const support_difference& y) {
                         return std::pair(study_rank.at(x.study), level_rank(x.level)) <
                                std::pair(study_rank.at(y.study), level_rank(y.level));
                     });
    return report;
}

}  // namespace appraise
