#include "appraise/engine.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "appraise/study_loader.hpp"

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

std::string facet_text(const sdk::node& value) {
    switch (value.type) {
        case sdk::node::kind::string: return value.text;
        case sdk::node::kind::integer: return std::to_string(value.integer);
        case sdk::node::kind::boolean: return value.boolean ? "true" : "false";
        case sdk::node::kind::number: {
            std::string text = std::to_string(value.number);
            text.erase(text.find_last_not_of('0') + 1);
            if (text.back() == '.') text.pop_back();
            return text;
        }
        default: return "(table)";
    }
}

std::vector<std::string> facet_values(const sdk::study& study, const std::string& field) {
    const sdk::node* value = study.find(field);
    if (value == nullptr) return {not_reported_label};
    if (value->type != sdk::node::kind::array) return {facet_text(*value)};
    std::vector<std::string> values;
    for (const auto& item : value->items) values.push_back(facet_text(item));
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    if (values.empty()) values.emplace_back(not_reported_label);
    return values;
}

file_result process_file(const corpus_file& file, const std::vector<rubric_instance>& rubrics,
                         const engine_options& options) {
    loaded_file loaded = load_study_file(file.path, file.display);
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

// Study ids are unique across the corpus; the later of two is refused.
class duplicate_guard {
public:
    void check(file_result& file) {
        for (auto& study : file.studies) {
            if (study.id.empty()) continue;
            const auto [first, inserted] = seen_.emplace(study.id, study.id_where);
            if (inserted) continue;
            study.problems.push_back({severity::error, "coding/duplicate-id",
                                      "duplicate study id \"" + study.id + "\": already used at " +
                                          format_location(first->second),
                                      study.id_where, "give each study its own id; ids are unique across the corpus"});
            study.appraised = false;
            study.appraisals.clear();
            study.facets.clear();
        }
    }

private:
    std::unordered_map<std::string, sdk::source_location> seen_;
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

void run_engine(const std::vector<corpus_file>& files, const std::vector<rubric_instance>& rubrics,
                const engine_options& options, const result_sink& sink) {
    duplicate_guard duplicates;
    const auto safe_process = [&](std::size_t index) {
        try {
            return process_file(files[index], rubrics, options);
        } catch (const std::exception& error) {
            file_result failed;
            failed.path = files[index].display;
            failed.problems.push_back({severity::error, "coding/internal-error",
                                       std::string("reading this file failed: ") + error.what(),
                                       {files[index].display, 0, 0}, "please report this as a bug"});
            return failed;
        }
    };
    unsigned threads = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(files.size(), 1)));
    if (threads <= 1) {
        for (std::size_t i = 0; i < files.size(); ++i) {
            file_result result = safe_process(i);
            duplicates.check(result);
            sink(std::move(result));
        }
        return;
    }

    // Workers claim files in order but never run more than `window` files
    // ahead of what the sink has taken: finished results wait in `ready`, and
    // memory stays bounded by the window, not by the corpus.
    const std::size_t window = static_cast<std::size_t>(threads) * 8;
    std::mutex mutex;
    std::condition_variable produced;
    std::condition_variable consumed;
    std::map<std::size_t, file_result> ready;
    std::size_t next_claim = 0;
    std::size_t next_emit = 0;
    bool stop = false;

    const auto worker = [&] {
        for (;;) {
            std::size_t index = 0;
            {
                std::unique_lock lock(mutex);
                consumed.wait(lock, [&] { return stop || next_claim >= files.size() || next_claim < next_emit + window; });
                if (stop || next_claim >= files.size()) return;
                index = next_claim++;
            }
            file_result result = safe_process(index);
            std::lock_guard lock(mutex);
            ready.emplace(index, std::move(result));
            produced.notify_all();
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned i = 0; i < threads; ++i) pool.emplace_back(worker);

    std::exception_ptr sink_failure;
    while (next_emit < files.size()) {
        file_result result;
        {
            std::unique_lock lock(mutex);
            produced.wait(lock, [&] { return ready.count(next_emit) != 0; });
            auto node = ready.extract(next_emit);
            result = std::move(node.mapped());
            ++next_emit;
        }
        consumed.notify_all();
        try {
            duplicates.check(result);
            sink(std::move(result));
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
}

}  // namespace appraise
