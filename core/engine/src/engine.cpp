#include "appraise/engine/engine.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "appraise/input/study_id_index.hpp"
#include "appraise/input/study_loader.hpp"
#include "appraise/text/node_text.hpp"

namespace appraise {
namespace {

bool finding_order(const sdk::finding& a, const sdk::finding& b) {
    return std::tie(a.where.file, a.where.line, a.where.column, a.id, a.message) <
           std::tie(b.where.file, b.where.line, b.where.column, b.id, b.message);
}

sdk::appraisal failed_appraisal(const rubric_instance& rubric, const sdk::study& study, const std::string& why) {
    sdk::appraisal failed;
    failed.rubric = rubric.entry->description.id;
    failed.rubric_version = rubric.entry->description.version;
    failed.findings.push_back({failed.rubric + "/rubric-failed", sdk::severity::error,
                               "the rubric failed on this study: " + why, study.id_where});
    return failed;
}

std::vector<std::string> facet_values(const sdk::study& study, const std::string& field) {
    const sdk::node* value = study.find(field);
    if (value == nullptr) return {not_reported_label};
    if (value->type != sdk::node::kind::array) return {node_text(*value)};
    std::vector<std::string> values;
    for (const auto& item : value->items) values.push_back(node_text(item));
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    if (values.empty()) values.emplace_back(not_reported_label);
    return values;
}

file_result process_file(const corpus_file& file, const std::vector<rubric_instance>& rubrics,
                         const engine_options& options) {
    loaded_file loaded = load_study_file(file.path, file.display, options.loading);
    file_result result;
    result.path = std::move(loaded.path);
    result.problems = std::move(loaded.problems);
    for (auto& study : loaded.studies) {
        study_result out;
        out.id = study.study.id;
        out.file = study.study.file;
        out.id_where = study.study.id_where;
        out.problems = std::move(study.problems);
        out.appraised = study.usable;
        if (study.usable) {
            out.appraisals = appraise_study(study.study, rubrics);
            for (const auto& field : options.facet_fields) out.facets[field] = facet_values(study.study, field);
        }
        result.studies.push_back(std::move(out));
    }
    return result;  // the parsed document dies here
}

// Study ids are unique across the corpus; the later of two is refused, and
// the message names where the first was written.
class duplicate_check {
public:
    explicit duplicate_check(std::vector<std::string> corpus_paths) : corpus_paths_(std::move(corpus_paths)) {}

    // Returns whether the file's results changed.
    bool check(file_result& file) {
        if (file.path.empty()) return false;  // problems of the listing, not a file
        const auto ordinal = static_cast<std::uint32_t>(files_seen_++);
        bool changed = false;
        for (auto& study : file.studies) {
            if (study.id.empty()) continue;
            const auto first_file = ids_.insert(study.id, ordinal);
            if (!first_file) continue;
            const source_location first =
                *first_file == ordinal ? first_in(file, study.id) : locate(*first_file, study.id);
            study.problems.push_back(
                {severity::error, "coding/duplicate-id",
                 "duplicate study id \"" + study.id + "\": already used at " + format_location(first), study.id_where,
                 "give each study its own id; ids are unique across the corpus"});
            study.appraised = false;
            study.appraisals.clear();
            study.facets.clear();
            changed = true;
        }
        return changed;
    }

private:
    static source_location first_in(const file_result& file, const std::string& id) {
        for (const auto& study : file.studies)
            if (study.id == id) return study.id_where;
        return {file.path, 0, 0};
    }

    // Rare (a duplicate): list the corpus once, then read the first file again.
    source_location locate(std::uint32_t ordinal, const std::string& id) {
        if (files_.empty()) {
            corpus_walker walker(corpus_paths_);
            while (auto item = walker.next())
                if (item->file) files_.push_back(std::move(*item->file));
        }
        if (ordinal >= files_.size()) return {};
        const loaded_file first = load_study_file(files_[ordinal].path, files_[ordinal].display);
        for (const auto& study : first.studies)
            if (study.study.id == id) return study.study.id_where;
        return {files_[ordinal].display, 0, 0};
    }

    std::vector<std::string> corpus_paths_;
    std::size_t files_seen_ = 0;
    study_id_index ids_;
    std::vector<corpus_file> files_;
};

}  // namespace

std::vector<sdk::appraisal> appraise_study(const sdk::study& study, const std::vector<rubric_instance>& rubrics) {
    std::vector<sdk::appraisal> appraisals;
    for (const auto& rubric : rubrics) {
        std::vector<sdk::appraisal> produced;
        try {
            produced = rubric.rubric->appraise(study);
        } catch (const std::exception& error) {
            produced = {failed_appraisal(rubric, study, error.what())};
        } catch (...) {
            produced = {failed_appraisal(rubric, study, "unknown exception")};
        }
        for (auto& appraisal : produced) {
            // The host, not the plugin, vouches for which rubric produced what.
            appraisal.rubric = rubric.entry->description.id;
            appraisal.rubric_version = rubric.entry->description.version;
            std::sort(appraisal.findings.begin(), appraisal.findings.end(), finding_order);
            appraisals.push_back(std::move(appraisal));
        }
    }
    return appraisals;
}

void run_engine(corpus_walker& corpus, const std::vector<rubric_instance>& rubrics, const engine_options& options,
                const result_sink& sink) {
    duplicate_check duplicates(corpus.paths());
    const auto process = [&](corpus_item item) {
        file_result result;
        if (!item.file) {
            result.problems = std::move(item.problems);
        } else {
            try {
                result = process_file(*item.file, rubrics, options);
            } catch (const std::exception& error) {
                result = file_result{};
                result.path = item.file->display;
                result.problems.push_back({severity::error,
                                           "coding/internal-error",
                                           std::string("reading this file failed: ") + error.what(),
                                           {item.file->display, 0, 0},
                                           "please report this as a bug"});
            }
        }
        if (options.on_worker) options.on_worker(result);
        return result;
    };
    const auto deliver = [&](file_result&& result) {
        if (duplicates.check(result) && options.on_worker) options.on_worker(result);
        sink(std::move(result));
    };

    const unsigned threads = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
    if (threads <= 1) {
        while (auto item = corpus.next()) deliver(process(std::move(*item)));
        return;
    }

    // Workers take items from the walker in order but never run more than
    // `window` items ahead of what the sink has taken: finished results wait
    // in `ready`, and memory stays bounded by the window, not by the corpus.
    const std::size_t window = static_cast<std::size_t>(threads) * 8;
    std::mutex mutex;
    std::condition_variable produced;
    std::condition_variable consumed;
    std::map<std::size_t, file_result> ready;
    std::size_t next_claim = 0;
    std::size_t next_emit = 0;
    std::size_t total = SIZE_MAX;  // known once the walker is exhausted
    bool stop = false;
    std::exception_ptr walk_failure;

    const auto worker = [&] {
        for (;;) {
            std::size_t index = 0;
            std::optional<corpus_item> item;
            {
                std::unique_lock lock(mutex);
                consumed.wait(lock, [&] { return stop || next_claim >= total || next_claim < next_emit + window; });
                if (stop || next_claim >= total) return;
                try {
                    item = corpus.next();
                } catch (...) {
                    walk_failure = std::current_exception();
                    item.reset();
                }
                if (!item) {
                    total = next_claim;
                    produced.notify_all();
                    return;
                }
                index = next_claim++;
            }
            file_result result = process(std::move(*item));
            std::lock_guard lock(mutex);
            ready.emplace(index, std::move(result));
            produced.notify_all();
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned i = 0; i < threads; ++i) pool.emplace_back(worker);

    std::exception_ptr sink_failure;
    for (;;) {
        file_result result;
        {
            std::unique_lock lock(mutex);
            produced.wait(lock, [&] { return ready.count(next_emit) != 0 || next_emit >= total; });
            if (next_emit >= total) break;
            auto node = ready.extract(next_emit);
            result = std::move(node.mapped());
            ++next_emit;
        }
        consumed.notify_all();
        try {
            deliver(std::move(result));
        } catch (...) {
            sink_failure = std::current_exception();
            break;
        }
    }
    {
        std::lock_guard lock(mutex);
        stop = true;
    }
    consumed.notify_all();
    for (auto& thread : pool) thread.join();
    if (sink_failure) std::rethrow_exception(sink_failure);
    if (walk_failure) std::rethrow_exception(walk_failure);
}

}  // namespace appraise
