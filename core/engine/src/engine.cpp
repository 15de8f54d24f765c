#include "appraise/engine/engine.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>

#include "appraise/engine/commentary.hpp"
#include "appraise/engine/duplicate_ids.hpp"
#include "appraise/engine/recorded_judgements.hpp"
#include "appraise/input/study_loader.hpp"
#include "appraise/model/log.hpp"
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
    // In document order (a label takes the first of the authors), each value once.
    std::vector<std::string> values;
    for (const auto& item : value->items)
        if (std::string text = node_text(item); std::find(values.begin(), values.end(), text) == values.end())
            values.push_back(std::move(text));
    if (values.empty()) values.emplace_back(not_reported_label);
    return values;
}

// Every wrapped value's evidence, by the value's place, in document order.
void collect_evidence(const sdk::node& value, std::vector<std::pair<sdk::source_location, sdk::value_evidence>>& out) {
    if (!value.evidence.empty()) out.emplace_back(value.where, value.evidence);
    for (const auto& member : value.members) collect_evidence(member.second, out);
    for (const auto& item : value.items) collect_evidence(item, out);
}

file_result process_loaded(loaded_file loaded, const std::vector<rubric_instance>& rubrics,
                           const engine_options& options) {
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
        if (const sdk::node* coding = study.study.find("coding")) out.coding = *coding;
        if (study.usable) {
            collect_evidence(study.study.root, out.evidence);
            // A rubric the study only records judgements for is not called (recorded_judgements.hpp).
            study_records records = read_recorded(study.study, rubrics, out.problems);
            out.appraisals = appraise_study(study.study, rubrics, records.recorded_only);
            attach_commentary(out.appraisals, study.study, study.commentary, rubrics, out.problems);
            merge_recorded(out.appraisals, std::move(records), rubrics, out.recorded);
            for (const auto& field : options.facet_fields) out.facets[field] = facet_values(study.study, field);
            for (const auto& field : options.fact_fields)
                if (const sdk::node* value = study.study.find(field)) out.facts.emplace_back(field, *value);
        }
        for (const auto& check : options.study_checks) check(out);
        result.studies.push_back(std::move(out));
    }
    return result;  // the parsed document dies here
}

file_result process_file(const corpus_file& file, const std::vector<rubric_instance>& rubrics,
                         const engine_options& options) {
    return process_loaded(load_study_file(file.path, file.display, options.loading), rubrics, options);
}

// The name of every file of the corpus, in order: listed again only when a
// duplicate id names a file other than its own (rare).
std::vector<std::string> corpus_file_names(const std::vector<std::string>& paths) {
    std::vector<std::string> files;
    corpus_walker walker(paths);
    while (auto item = walker.next())
        if (item->file) files.push_back(std::move(item->file->display));
    return files;
}

// What an exception says, whatever was thrown.
std::string what_of(const std::exception_ptr& failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const std::exception& error) {
        return error.what();
    } catch (...) {
        return "unknown exception (not a std::exception)";
    }
}

// The engine's part of one run: the work for one corpus item, and the
// ordered delivery, shared by the serial and the threaded pipeline.
class pipeline {
public:
    pipeline(corpus_walker& corpus, const std::vector<rubric_instance>& rubrics, const engine_options& options,
             const render_stage& render, const rendered_sink& sink)
        : rubrics_(rubrics), options_(options), render_(render), sink_(sink), duplicates_([paths = corpus.paths()] {
              return corpus_file_names(paths);
          }) {}

    // On a worker. Never throws for a reason of the file's: loading, a
    // rubric, a study check and the render stage are all caught here.
    rendered_file process(corpus_item item) const {
        rendered_file out;
        if (!item.file) {
            out.result.problems = std::move(item.problems);
        } else {
            try {
                out.result = recall_or_process(*item.file);
            } catch (...) {
                const std::string why = what_of(std::current_exception());
                out.result = file_result{};
                out.result.path = item.file->display;
                out.result.problems.push_back({severity::error,
                                               "coding/internal-error",
                                               "reading this file failed: " + why,
                                               {item.file->display, 0, 0},
                                               "please report this as a bug"});
            }
        }
        render_into(out);
        return out;
    }

    // On the calling thread, in corpus order.
    void deliver(rendered_file&& out) {
        if (options_.check_duplicate_ids && duplicates_.check(out.result)) render_into(out);
        sink_(std::move(out));
    }

private:
    // A file an earlier run kept (options.memo) is not read again.
    file_result recall_or_process(const corpus_file& file) const {
        if (options_.memo == nullptr) return process_file(file, rubrics_, options_);
        std::string ticket;
        if (auto kept = options_.memo->recall(file, ticket)) return std::move(*kept);
        file_result result = process_file(file, rubrics_, options_);
        options_.memo->remember(ticket, result);
        return result;
    }

    void render_into(rendered_file& out) const {
        if (!render_) return;
        try {
            out.rendered = render_(out.result);
            out.render_failed = false;
        } catch (...) {
            const std::string why = what_of(std::current_exception());
            out.rendered.clear();
            out.render_failed = true;
            const std::string message = "writing this file's part of the report failed: " + why;
            const bool known = std::any_of(out.result.problems.begin(), out.result.problems.end(),
                                           [&](const diagnostic& d) { return d.message == message; });
            if (!known)
                out.result.problems.push_back({severity::error,
                                               "report/render-failed",
                                               message,
                                               {out.result.path, 0, 0},
                                               "please report this as a bug"});
        }
    }

    const std::vector<rubric_instance>& rubrics_;
    const engine_options& options_;
    const render_stage& render_;
    const rendered_sink& sink_;
    duplicate_ids duplicates_;
};

std::thread start_worker(const engine_options& options, std::function<void()> work) {
    if (options.start_thread) return options.start_thread(std::move(work));
    return std::thread(std::move(work));
}

}  // namespace

std::vector<sdk::appraisal> appraise_study(const sdk::study& study, const std::vector<rubric_instance>& rubrics) {
    return appraise_study(study, rubrics, {});
}

std::vector<sdk::appraisal> appraise_study(const sdk::study& study, const std::vector<rubric_instance>& rubrics,
                                           const std::vector<bool>& skip) {
    std::vector<sdk::appraisal> appraisals;
    for (std::size_t r = 0; r < rubrics.size(); ++r) {
        if (r < skip.size() && skip[r]) continue;
        const auto& rubric = rubrics[r];
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

file_result appraise_file_text(std::string_view text, const std::string& display_path,
                               const std::vector<rubric_instance>& rubrics, const engine_options& options) {
    return process_loaded(load_study_text(text, display_path, options.loading), rubrics, options);
}

void run_engine(corpus_walker& corpus, const std::vector<rubric_instance>& rubrics, const engine_options& options,
                const result_sink& sink) {
    run_engine(corpus, rubrics, options, render_stage{}, [&](rendered_file&& out) { sink(std::move(out.result)); });
}

void run_engine(corpus_walker& corpus, const std::vector<rubric_instance>& rubrics, const engine_options& options,
                const render_stage& render, const rendered_sink& sink) {
    pipeline work(corpus, rubrics, options, render, sink);
    const unsigned wanted = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
    const unsigned threads = std::min(wanted, max_threads);
    const auto serial = [&] {
        while (auto item = corpus.next()) work.deliver(work.process(std::move(*item)));
    };
    if (threads <= 1) return serial();

    // Workers take items from the walker in order but never run more than
    // `window` items ahead of what the sink has taken. Finished results wait
    // in a ring of `window` slots (item i in slot i % window, free by then),
    // allocated up front: handing a result over cannot throw, so a worker
    // never loses one.
    const std::size_t window = static_cast<std::size_t>(threads) * 8;
    std::vector<std::optional<rendered_file>> slots(window);
    std::mutex mutex;
    std::condition_variable produced;
    std::condition_variable consumed;
    std::size_t next_claim = 0;
    std::size_t next_emit = 0;
    std::size_t total = SIZE_MAX;  // known once the walker is exhausted
    bool stop = false;
    std::exception_ptr walk_failure;    // the corpus walker threw
    std::exception_ptr engine_failure;  // the engine's own bookkeeping threw (out of memory)

    const auto worker = [&]() noexcept {
        try {
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
                rendered_file out = work.process(std::move(*item));
                bool awaited = false;
                {
                    std::lock_guard lock(mutex);
                    slots[index % window] = std::move(out);
                    awaited = index == next_emit;
                }
                // The sink waits for one item only: waking it for any other
                // was a context switch per file for nothing.
                if (awaited) produced.notify_all();
            }
        } catch (...) {
            // Not the file's fault (process() catches those): end the run.
            std::lock_guard lock(mutex);
            if (!engine_failure) engine_failure = std::current_exception();
            stop = true;
            produced.notify_all();
            consumed.notify_all();
        }
    };

    std::vector<std::thread> pool;
    pool.reserve(threads);
    // Every started thread is joined on every way out of this function.
    struct joiner {
        std::vector<std::thread>& pool;
        std::mutex& mutex;
        bool& stop;
        std::condition_variable& consumed;
        ~joiner() {
            {
                std::lock_guard lock(mutex);
                stop = true;
            }
            consumed.notify_all();
            for (auto& thread : pool)
                if (thread.joinable()) thread.join();
        }
    } join_all{pool, mutex, stop, consumed};
    for (unsigned i = 0; i < threads; ++i) {
        try {
            pool.push_back(start_worker(options, worker));
        } catch (const std::system_error& error) {
            logger("engine").warn("could not start worker thread {} of {} ({}); going on with {}", i + 1, threads,
                                  error.what(), i == 0 ? "the calling thread alone" : std::to_string(i));
            break;
        }
    }
    if (pool.empty()) return serial();

    std::exception_ptr sink_failure;
    try {
        for (;;) {
            rendered_file out;
            {
                std::unique_lock lock(mutex);
                auto& slot = slots[next_emit % window];
                produced.wait(lock, [&] { return stop || slot.has_value() || next_emit >= total; });
                if (stop || next_emit >= total) break;
                out = std::move(*slot);
                slot.reset();
                ++next_emit;
            }
            consumed.notify_all();
            work.deliver(std::move(out));
        }
    } catch (...) {
        sink_failure = std::current_exception();
    }
    {
        std::lock_guard lock(mutex);
        stop = true;
    }
    consumed.notify_all();
    for (auto& thread : pool) thread.join();
    if (sink_failure) std::rethrow_exception(sink_failure);
    if (engine_failure) std::rethrow_exception(engine_failure);
    if (walk_failure) std::rethrow_exception(walk_failure);
}

}  // namespace appraise
