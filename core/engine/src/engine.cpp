#include "appraise/engine/engine.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "appraise/engine/commentary.hpp"
#include "appraise/engine/duplicate_ids.hpp"
#include "appraise/engine/recorded_judgements.hpp"
#include "appraise/input/study_loader.hpp"
#include "appraise/input/study_stream.hpp"
#include "appraise/input/toml_reader.hpp"
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

// One rubric's appraisals of one study, added to `appraisals`; a rubric that
// throws gives its rubric-failed error instead.
void append_appraisals(const sdk::study& study, const rubric_instance& rubric,
                       std::vector<sdk::appraisal>& appraisals) {
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

// Before the rubrics: what a study's result carries of the study itself.
study_result begin_study(loaded_study& study, const std::vector<rubric_instance>& rubrics, study_records& records) {
    study_result out;
    out.id = study.study.id;
    out.file = study.study.file;
    out.id_where = study.study.id_where;
    out.problems = std::move(study.problems);
    out.appraised = study.usable;
    if (const sdk::node* coding = study.study.find("coding")) out.coding = *coding;
    if (study.usable) {
        // Most codings wrap no value: a walk of the cold tree for nothing.
        if (study.may_hold_evidence) collect_evidence(study.study.root, out.evidence);
        // A rubric the study only records judgements for is not called (recorded_judgements.hpp).
        records = read_recorded(study.study, rubrics, out.problems);
        out.appraisals.reserve(rubrics.size());
    }
    return out;
}

// After the rubrics.
void finish_study(study_result& out, loaded_study& study, const std::vector<rubric_instance>& rubrics,
                  study_records&& records, const engine_options& options) {
    if (study.usable) {
        attach_commentary(out.appraisals, study.study, study.commentary, rubrics, out.problems);
        merge_recorded(out.appraisals, std::move(records), rubrics, out.recorded);
        for (const auto& field : options.facet_fields) out.facets[field] = facet_values(study.study, field);
        for (const auto& field : options.fact_fields)
            if (const sdk::node* value = study.study.find(field)) out.facts.emplace_back(field, *value);
    }
    for (const auto& check : options.study_checks) check(out);
}

// Each study into its result (begun here), rubric by rubric: each rubric
// over every study, then the next. A study's appraisals and everything else
// about it are as if it were appraised alone; what changes is that one
// rubric's code and branch history stay warm across the studies (eleven
// rubrics one study after another overflowed the instruction cache: `check`
// ran 20 % faster on files of 200 studies than on one-study files).
void appraise_together(const std::vector<std::pair<loaded_study*, study_result*>>& work,
                       const std::vector<rubric_instance>& rubrics, const engine_options& options) {
    std::vector<study_records> records(work.size());
    for (std::size_t i = 0; i < work.size(); ++i) {
        work[i].first->study.scope = options.scope;
        *work[i].second = begin_study(*work[i].first, rubrics, records[i]);
    }
    for (std::size_t r = 0; r < rubrics.size(); ++r)
        for (std::size_t i = 0; i < work.size(); ++i) {
            if (!work[i].first->usable) continue;
            const auto& skip = records[i].recorded_only;
            if (r < skip.size() && skip[r]) continue;
            append_appraisals(work[i].first->study, rubrics[r], work[i].second->appraisals);
        }
    for (std::size_t i = 0; i < work.size(); ++i)
        finish_study(*work[i].second, *work[i].first, rubrics, std::move(records[i]), options);
}

// Several loaded files' studies appraised together (appraise_together).
std::vector<file_result> process_loaded_together(std::vector<loaded_file>& files,
                                                 const std::vector<rubric_instance>& rubrics,
                                                 const engine_options& options) {
    std::vector<file_result> results(files.size());
    std::vector<std::pair<loaded_study*, study_result*>> work;
    for (std::size_t f = 0; f < files.size(); ++f) {
        results[f].path = std::move(files[f].path);
        results[f].problems = std::move(files[f].problems);
        results[f].studies.resize(files[f].studies.size());  // sized first: the pointers below stay valid
        for (std::size_t i = 0; i < files[f].studies.size(); ++i)
            work.emplace_back(&files[f].studies[i], &results[f].studies[i]);
    }
    appraise_together(work, rubrics, options);
    return results;  // the parsed documents die with `files`
}

file_result process_loaded(loaded_file loaded, const std::vector<rubric_instance>& rubrics,
                           const engine_options& options) {
    std::vector<loaded_file> one;
    one.push_back(std::move(loaded));
    return std::move(process_loaded_together(one, rubrics, options).front());
}

file_result process_file(const corpus_file& file, const std::vector<rubric_instance>& rubrics,
                         const engine_options& options) {
    return process_loaded(load_study_file(file.path, file.display, options.loading), rubrics, options);
}

// Studies of a streamed file handed on together: few enough to keep memory
// flat, enough that the sink is not woken per study.
constexpr std::size_t part_studies = 64;

// A file's earlier parts, handed on in order before its last (which process returns).
// Takes a finished part of a large file; false when the run is stopping.
using part_sink = std::function<bool(rendered_file&&)>;

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

// An item's size on disk, as the window counts it (0 when it cannot be read:
// loading says why); its stat is kept with it (corpus_file::taken_on).
std::size_t item_bytes(corpus_item& item) {
    if (!item.file) return 0;
    struct stat st {};
    if (::stat(item.file->path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    item.file->taken_on = st;
    return static_cast<std::size_t>(st.st_size);
}

// The engine's part of one run: the work for one corpus item, and the
// ordered delivery, shared by the serial and the threaded pipeline.
class pipeline {
public:
    // `slim`: results are slimmed on the worker once rendered
    // (engine_options::slim_for_sink), as they wait in the threaded window.
    pipeline(corpus_walker& corpus, const std::vector<rubric_instance>& rubrics, const engine_options& options,
             const render_stage& render, const rendered_sink& sink, bool slim)
        : rubrics_(rubrics),
          options_(options),
          render_(render),
          sink_(sink),
          duplicates_([paths = corpus.paths()] { return corpus_file_names(paths); }),
          slim_(slim && options.slim_for_sink && render) {}

    // On a worker: `items` in order, each handed to done(i, result) in
    // order. Files too small to stream are appraised together, up to
    // options.group_files at a time (process_loaded_together; one the memo
    // kept takes its place already appraised); the others one by one, as
    // process() does, once the files before them are handed on (a streamed
    // file's parts wait for their turn).
    // `part_of(i, part)` takes item i's earlier parts (false: the run is
    // stopping). Never throws for a reason of a file's.
    void process_group(std::vector<corpus_item>& items, const std::vector<std::size_t>& bytes,
                       const std::function<bool(std::size_t, rendered_file&&)>& part_of,
                       const std::function<void(std::size_t, rendered_file&&)>& done) const {
        const auto alone = [&](std::size_t i) {
            return process(std::move(items[i]), [&](rendered_file&& part) { return part_of(i, std::move(part)); });
        };
        struct waiting {
            std::size_t item;
            std::optional<rendered_file> ready;  // kept in the memo, or failed to load
            std::size_t loaded = SIZE_MAX;       // else its index in `loaded`
            std::string ticket;
        };
        std::vector<waiting> group;
        std::vector<loaded_file> loaded;
        const auto flush = [&] {
            if (group.empty()) return;
            std::vector<file_result> results;
            bool together = true;
            try {
                if (!loaded.empty()) results = process_loaded_together(loaded, rubrics_, options_);
            } catch (...) {
                together = false;  // a study check threw (rubrics' throws are caught): each file alone says which
            }
            for (auto& w : group) {
                rendered_file out;
                if (w.ready) {
                    out = std::move(*w.ready);
                } else if (!together) {
                    done(w.item, alone(w.item));
                    continue;
                } else {
                    out.result = std::move(results[w.loaded]);
                    if (options_.memo != nullptr) options_.memo->remember(w.ticket, out.result);
                }
                render_into(out);
                slim(out, *items[w.item].file);
                done(w.item, std::move(out));
            }
            group.clear();
            loaded.clear();
        };
        for (std::size_t i = 0; i < items.size(); ++i) {
            corpus_item& item = items[i];
            if (!item.file || bytes[i] > options_.stream_file_bytes || options_.group_files <= 1) {
                flush();
                done(i, alone(i));
                continue;
            }
            waiting& w = group.emplace_back();
            w.item = i;
            try {
                if (options_.memo != nullptr) {
                    if (auto kept = options_.memo->recall(*item.file, w.ticket)) {
                        w.ready.emplace();
                        w.ready->result = std::move(*kept);
                    }
                }
                if (!w.ready) {
                    loaded.push_back(load_study_file(item.file->path, item.file->display, options_.loading));
                    w.loaded = loaded.size() - 1;
                }
            } catch (...) {
                w.ready.emplace();
                w.ready->result = internal_error(*item.file, std::current_exception(), false);
            }
            if (loaded.size() >= options_.group_files) flush();
        }
        flush();
    }

    // On a worker. Never throws for a reason of the file's: loading, a
    // rubric, a study check and the render stage are all caught here.
    rendered_file process(corpus_item item, const part_sink& earlier_parts) const {
        rendered_file out;
        bool whole_file = false;  // read whole, not streamed: the sink may read it again
        if (!item.file) {
            out.result.problems = std::move(item.problems);
        } else {
            bool parted = false;
            try {
                if (auto streamed = stream_file(*item.file, earlier_parts, parted)) {
                    out.result = std::move(*streamed);
                } else {
                    out.result = recall_or_process(*item.file);
                    whole_file = true;
                }
            } catch (...) {
                out.result = internal_error(*item.file, std::current_exception(), parted);
            }
        }
        render_into(out);
        if (whole_file) slim(out, *item.file);
        return out;
    }

    // On the calling thread, in corpus order. A file the duplicate-id check
    // changes is rendered again; if it was slimmed it is appraised again
    // first, whole, from its file (rare: a duplicate id).
    void deliver(rendered_file&& out) {
        if (options_.check_duplicate_ids) {
            auto verdicts = duplicates_.judge(out.result);
            if (!verdicts.empty()) {
                if (out.slimmed_from) remake_whole(out);
                duplicate_ids::apply(std::move(verdicts), out.result);
                render_into(out);
            }
        }
        sink_(std::move(out));
    }

private:
    // On a worker, once `out` is rendered: what the sink will not read is freed here.
    void slim(rendered_file& out, const corpus_file& file) const {
        if (!slim_ || out.render_failed || out.result.continued) return;
        options_.slim_for_sink(out.result);
        out.slimmed_from = file;
    }

    // The whole result of a slimmed file, made again as its worker made it
    // (not from the memo: the memo's copy of it is the one already kept).
    void remake_whole(rendered_file& out) const {
        const corpus_file file = std::move(*out.slimmed_from);
        out.slimmed_from.reset();
        try {
            out.result = process_file(file, rubrics_, options_);
        } catch (...) {
            out.result = internal_error(file, std::current_exception(), false);
        }
    }

    // A file that could not be read for a reason not its own (out of memory, a bug).
    static file_result internal_error(const corpus_file& file, const std::exception_ptr& failure, bool parted) {
        file_result result;
        result.path = file.display;
        result.problems.push_back({severity::error,
                                   "coding/internal-error",
                                   "reading this file failed: " + what_of(failure),
                                   {file.display, 0, 0},
                                   "please report this as a bug"});
        result.continued = parted;
        return result;
    }

    // A large plain [[study]] file (study_stream.hpp), appraised study by
    // study and handed on in parts of part_studies; nullopt: read it whole.
    // Kept in the memo part by part: its results never exist all at once.
    std::optional<file_result> stream_file(const corpus_file& file, const part_sink& earlier_parts,
                                           bool& parted) const {
        std::error_code size_error;
        const auto size = std::filesystem::file_size(file.path, size_error);
        if (size_error || size <= options_.stream_file_bytes) return std::nullopt;
        file_result part;
        part.path = file.display;
        // Parts an earlier run kept, handed on as the stream would; a part
        // refused leaves the rest to the stream, from the study after the
        // last one handed on (parts are whole, so they fall as before).
        std::string ticket;
        std::size_t part_index = 0;
        std::size_t studies_done = 0;
        if (options_.memo != nullptr) {
            if (const auto kept_parts = options_.memo->recall_parts(file, ticket)) {
                for (; part_index < *kept_parts; ++part_index) {
                    auto kept = options_.memo->recall_part(file, part_index);
                    if (!kept) break;
                    kept->continued = part_index > 0;
                    if (part_index + 1 == *kept_parts) return kept;  // the last: process() renders it
                    studies_done += kept->studies.size();
                    rendered_file out;
                    out.result = std::move(*kept);
                    render_into(out);
                    parted = true;
                    if (!earlier_parts(std::move(out))) {
                        part.continued = true;
                        return part;
                    }
                }
            }
        }
        part.continued = part_index > 0;
        bool keeping = options_.memo != nullptr && !ticket.empty();
        const auto hand_on = [&](file_result&& done) {
            if (keeping) keeping = options_.memo->remember_part(file, part_index, done);
            ++part_index;
            rendered_file out;
            out.result = std::move(done);
            render_into(out);
            parted = true;
            return earlier_parts(std::move(out));
        };
        std::optional<std::string> text =
            read_text_file(file.path.string(), file.display, max_streamed_file_bytes, part.problems);
        if (!text) return part;
        stream_refusal refusal;
        auto stream = study_stream::open(std::move(*text), file.display, options_.loading, &refusal);
        if (!stream) {
            // Its kept parts were handed on, so the bytes were the ones kept: it changed since.
            if (part_index > 0) throw std::runtime_error("it changed while it was read");
            if (size <= options_.loading.max_file_bytes) return std::nullopt;  // read whole: it says what is wrong
            const auto mib = [](std::size_t bytes) {
                return std::to_string((bytes + (std::size_t{1} << 20) - 1) >> 20);
            };
            part.problems.push_back(
                {severity::error,
                 "coding/file-too-large",
                 "the file is " + mib(size) + " MiB, over the " +
                     std::to_string(options_.loading.max_file_bytes >> 20) +
                     " MiB limit for a coding file read whole; a larger one is read one study at a time only when "
                     "it holds nothing but [[study]] tables that each parse cleanly, and here " +
                     refusal.reason,
                 {file.display, refusal.line, 0},
                 refusal.problems.empty()
                     ? "make the file a plain list of [[study]] tables, or split it across several "
                       "files in the same directory"
                     : "fix the problem reported at its line below, or split the file across "
                       "several files in the same directory"});
            part.problems.insert(part.problems.end(), refusal.problems.begin(), refusal.problems.end());
            return part;
        }
        if (part_index > 0) {
            for (std::size_t skipped = 0; skipped < studies_done; ++skipped)
                if (!stream->next()) break;
        }
        part.studies.reserve(std::min(part_studies, stream->size()));
        // Up to group_files studies read, then appraised together (appraise_together).
        std::vector<loaded_study> read;
        const std::size_t group = std::max<std::size_t>(1, std::min(options_.group_files, part_studies));
        read.reserve(group);
        std::vector<std::pair<loaded_study*, study_result*>> work;
        const auto appraise_read = [&] {
            const std::size_t first = part.studies.size();
            part.studies.resize(first + read.size());
            work.clear();
            for (std::size_t i = 0; i < read.size(); ++i) work.emplace_back(&read[i], &part.studies[first + i]);
            appraise_together(work, rubrics_, options_);
            read.clear();
        };
        while (auto study = stream->next()) {
            if (part.studies.size() + read.size() == part_studies) {
                appraise_read();
                const bool going_on = hand_on(std::move(part));
                part = file_result{};
                part.path = file.display;
                part.continued = true;
                if (!going_on) return part;  // the run is stopping: the rest is not wanted
                part.studies.reserve(part_studies);
            }
            read.push_back(std::move(*study));
            if (read.size() == group) appraise_read();
        }
        appraise_read();
        if (keeping && options_.memo->remember_part(file, part_index, part))
            options_.memo->remember_parts(ticket, file, part_index + 1);
        return part;
    }

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
    const bool slim_;
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
    // Most rubrics give one appraisal: reserved, none is moved again as the vector grows
    // (an appraisal is about 30 strings; growing by doubling moved each twice on average).
    appraisals.reserve(rubrics.size());
    for (std::size_t r = 0; r < rubrics.size(); ++r) {
        if (r < skip.size() && skip[r]) continue;
        append_appraisals(study, rubrics[r], appraisals);
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
    const unsigned wanted = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
    const unsigned threads = std::min(wanted, max_threads);
    // One thread hands each result on as it is made: nothing waits, so nothing is slimmed.
    pipeline work(corpus, rubrics, options, render, sink, threads > 1);
    const auto serial = [&] {
        const auto part_of = [&](std::size_t, rendered_file&& part) {
            work.deliver(std::move(part));
            return true;
        };
        const auto done = [&](std::size_t, rendered_file&& out) { work.deliver(std::move(out)); };
        const std::size_t group = std::max<std::size_t>(1, options.group_files);
        std::vector<corpus_item> items;
        std::vector<std::size_t> sizes;
        for (;;) {
            items.clear();
            sizes.clear();
            while (items.size() < group) {
                auto item = corpus.next();
                if (!item) break;
                sizes.push_back(item_bytes(*item));
                items.push_back(std::move(*item));
            }
            if (items.empty()) return;
            work.process_group(items, sizes, part_of, done);
        }
    };
    if (threads <= 1) return serial();

    // Workers take items from the walker in order but never run more than
    // `window` items ahead of what the sink has taken, nor hold more than
    // options.window_bytes in flight (input bytes of files being appraised,
    // rendered bytes of files waiting for the sink); the item the sink waits
    // for is always taken, so one file above the bound still runs. Finished
    // results wait in a ring of `window` slots (item i in slot i % window,
    // free by then), allocated up front: handing a result over cannot throw,
    // so a worker never loses one.
    //
    // Two locks: `claim_mutex` serialises the walk (listing a directory
    // happens under it alone, so the sink and finishing workers never wait
    // for it), `mutex` guards the window. A worker claims up to `batch`
    // items at a time and appraises them together (process_group): 64
    // items over the threads when results wait slimmed (32 each at -j 2:
    // 2.17 s of user time against 2.30 for 16, 5 MB more at 20,000
    // studies), half that when they wait whole; at least 4, never more than
    // options.group_files. The sink is woken once half a window is ready (see
    // sink_ready), and wakes workers only when one waits for room.
    const auto n = static_cast<std::size_t>(threads);
    const std::size_t spread = options.slim_for_sink && render ? 64 / n : 64 / (2 * n);
    const std::size_t batch = std::clamp<std::size_t>(spread, 4, std::max<std::size_t>(4, options.group_files));
    // Room for every thread's batch and one more: a worker that finished
    // claims again while the others still hold theirs. Every result in the
    // window is held in memory (about 150 KB a study with every rubric), so
    // no more than that.
    const std::size_t window = std::max(n * 8, (n + 1) * batch);
    const std::size_t window_bytes = options.window_bytes;
    std::vector<std::optional<rendered_file>> slots(window);
    std::vector<std::size_t> slot_bytes(window, 0);
    std::vector<char> slot_is_part(window, 0);     // an earlier part of a streamed file: its item is not done
    std::vector<unsigned> slot_worker(window, 0);  // which worker made the slot's result
    // Results the sink has written go back to the worker that made them, to be
    // freed there: freed on the sink they were cross-thread frees, the sink's
    // largest cost after writing, taken from the two cores the workers share.
    // Each list has room for a whole window, reserved here, so handing back
    // never allocates; a full list (its worker busy on one large file) is
    // freed by the sink as before.
    std::vector<std::vector<rendered_file>> spent(threads);
    for (auto& list : spent) list.reserve(window);
    std::mutex claim_mutex;
    std::mutex mutex;
    std::condition_variable produced;
    std::condition_variable consumed;
    std::condition_variable part_taken;  // a slot was emptied, or the sink moved on: a streamed file may go on
    std::size_t next_claim = 0;          // written under both locks
    std::size_t next_emit = 0;
    std::size_t total = SIZE_MAX;  // known once the walker is exhausted
    std::size_t bytes_in_flight = 0;
    std::size_t waiting_for_room = 0;
    std::size_t waiting_for_slot = 0;
    bool stop = false;
    std::exception_ptr walk_failure;    // the corpus walker threw
    std::exception_ptr engine_failure;  // the engine's own bookkeeping threw (out of memory)

    struct claimed {
        std::size_t index = 0;
        std::size_t bytes = 0;
        corpus_item item;
    };
    // Room for item `index` of `bytes`: a free slot, and the byte bound
    // unless it is the item the sink waits for.
    const auto room = [&](std::size_t index, std::size_t bytes) {
        return index < next_emit + window && (index == next_emit || bytes_in_flight + bytes <= window_bytes);
    };
    // A waiting worker goes on once a whole batch fits (or the sink waits for
    // the next item): woken per batch, not per file.
    const auto batch_fits = [&] { return next_claim == next_emit || room(next_claim + batch - 1, 0); };
    // The sink is woken per half window, not per file: when the item it
    // waits for is ready and so is item `wake_at` (half a window on), or a
    // worker waits on it (for room, or for a streamed part's slot), or the
    // corpus ends first. A wake-up per file was a futex wake and, on a
    // virtual machine, an inter-processor interrupt per file: 5,000 context
    // switches and a fifth more CPU time at -j 2 than at -j 1.
    std::size_t wake_at = 0;
    const auto sink_ready = [&] {
        if (stop || next_emit >= total) return true;
        if (!slots[next_emit % window]) return false;
        return wake_at <= next_emit || wake_at >= total || slots[wake_at % window].has_value() ||
               waiting_for_room > 0 || waiting_for_slot > 0;
    };

    // Puts a result (or a part of one) in the item's slot once the sink has
    // emptied it; a part also waits for its item's turn, as the sink takes
    // parts as they come. false: the run is stopping.
    const auto hand_over = [&](unsigned who, std::size_t index, rendered_file&& out, bool part) {
        const std::size_t at = index % window;
        std::unique_lock lock(mutex);
        const auto free_for_it = [&] { return stop || (!slots[at] && (!part || index == next_emit)); };
        if (!free_for_it()) {
            ++waiting_for_slot;
            if (sink_ready()) produced.notify_one();  // it may sleep until half a window is ready
            part_taken.wait(lock, free_for_it);
            --waiting_for_slot;
        }
        if (stop) return false;
        bytes_in_flight += out.rendered.size();
        slot_bytes[at] = out.rendered.size();
        slot_is_part[at] = part ? 1 : 0;
        slot_worker[at] = who;
        slots[at] = std::move(out);
        return sink_ready();
    };

    const auto worker = [&](unsigned who) noexcept {
        try {
            std::vector<claimed> work_list;
            work_list.reserve(batch);
            std::vector<corpus_item> items;
            std::vector<std::size_t> sizes;
            items.reserve(batch);
            sizes.reserve(batch);
            std::vector<rendered_file> to_free;
            to_free.reserve(window);
            for (;;) {
                work_list.clear();
                {
                    std::unique_lock walk(claim_mutex);
                    {
                        std::unique_lock lock(mutex);
                        const auto may_claim = [&] { return stop || next_claim >= total || batch_fits(); };
                        if (!may_claim()) {
                            ++waiting_for_room;
                            if (sink_ready()) produced.notify_one();  // the sink frees the room
                            consumed.wait(lock, may_claim);
                            --waiting_for_room;
                        }
                        to_free.swap(spent[who]);  // both have room for a window
                        if (stop || next_claim >= total) return;
                    }
                    while (work_list.size() < batch) {
                        std::optional<corpus_item> item;
                        try {
                            item = corpus.next();
                        } catch (...) {
                            walk_failure = std::current_exception();
                            item.reset();
                        }
                        if (!item) {
                            std::lock_guard lock(mutex);
                            total = next_claim;
                            produced.notify_all();
                            break;
                        }
                        const std::size_t counted = item_bytes(*item);
                        std::lock_guard lock(mutex);
                        bytes_in_flight += counted;
                        work_list.push_back({next_claim++, counted, std::move(*item)});
                        // More of the batch only while it fits without waiting.
                        if (stop || !room(next_claim, 0)) break;
                    }
                }
                to_free.clear();  // outside both locks
                if (work_list.empty()) return;
                items.clear();
                sizes.clear();
                for (auto& job : work_list) {
                    items.push_back(std::move(job.item));
                    sizes.push_back(job.bytes);
                }
                const auto part_of = [&](std::size_t i, rendered_file&& part) {
                    if (hand_over(who, work_list[i].index, std::move(part), true)) produced.notify_all();
                    {
                        const std::lock_guard lock(mutex);
                        if (stop) return false;
                        // The parts the sink has written, freed as the file goes on: kept
                        // until the next claim, a window of them was held at once.
                        to_free.swap(spent[who]);
                    }
                    to_free.clear();
                    return true;
                };
                const auto done = [&](std::size_t i, rendered_file&& out) {
                    {
                        // The input is released; what waits now is the rendered text.
                        std::lock_guard lock(mutex);
                        bytes_in_flight -= work_list[i].bytes;
                        // And what the sink has written since is freed now, not at the
                        // next claim: kept a whole batch, a window of results was held twice.
                        to_free.swap(spent[who]);
                    }
                    to_free.clear();
                    // Woken only when what it waits for is all there (sink_ready).
                    if (hand_over(who, work_list[i].index, std::move(out), false)) produced.notify_all();
                };
                work.process_group(items, sizes, part_of, done);
            }
        } catch (...) {
            // Not the file's fault (process() catches those): end the run.
            std::lock_guard lock(mutex);
            if (!engine_failure) engine_failure = std::current_exception();
            stop = true;
            produced.notify_all();
            consumed.notify_all();
            part_taken.notify_all();
        }
    };

    std::vector<std::thread> pool;
    pool.reserve(threads);
    // Every started thread is joined on every way out of this function.
    struct joiner {
        std::vector<std::thread>& pool;
        std::mutex& mutex;  // the window's
        bool& stop;
        std::condition_variable& consumed;
        std::condition_variable& part_taken;
        ~joiner() {
            {
                std::lock_guard lock(mutex);
                stop = true;
            }
            consumed.notify_all();
            part_taken.notify_all();
            for (auto& thread : pool)
                if (thread.joinable()) thread.join();
        }
    } join_all{pool, mutex, stop, consumed, part_taken};
    for (unsigned i = 0; i < threads; ++i) {
        try {
            pool.push_back(start_worker(options, [&worker, i] { worker(i); }));
        } catch (const std::system_error& error) {
            logger("engine").warn("could not start worker thread {} of {} ({}); going on with {}", i + 1, threads,
                                  error.what(), i == 0 ? "the calling thread alone" : std::to_string(i));
            break;
        }
    }
    if (pool.empty()) return serial();

    std::exception_ptr sink_failure;
    try {
        // Every ready item in a row is taken under one lock (a part ends the
        // row: the rest of its file comes to the same slot), delivered
        // outside it, and handed back to its worker under the next one.
        std::vector<rendered_file> taken;
        std::vector<unsigned> taken_by;
        taken.reserve(window);
        taken_by.reserve(window);
        for (;;) {
            bool wake = false;
            bool wake_parts = false;
            {
                std::unique_lock lock(mutex);
                for (std::size_t i = 0; i < taken.size(); ++i)
                    if (spent[taken_by[i]].size() < spent[taken_by[i]].capacity())
                        spent[taken_by[i]].push_back(std::move(taken[i]));
                taken.clear();  // a result whose worker's list was full is freed here
                taken_by.clear();
                // Ready now: take it; else sleep until half a window is.
                wake_at = slots[next_emit % window] ? next_emit : next_emit + window / 2 - 1;
                produced.wait(lock, sink_ready);
                if (stop || next_emit >= total) break;
                while (next_emit < total) {
                    const std::size_t at = next_emit % window;
                    if (!slots[at]) break;
                    taken.push_back(std::move(*slots[at]));
                    slots[at].reset();
                    taken_by.push_back(slot_worker[at]);
                    bytes_in_flight -= slot_bytes[at];
                    slot_bytes[at] = 0;
                    const bool part = slot_is_part[at] != 0;
                    slot_is_part[at] = 0;
                    if (part) break;
                    ++next_emit;
                }
                wake = waiting_for_room > 0 && batch_fits();
                wake_parts = waiting_for_slot > 0;
            }
            if (wake) consumed.notify_all();  // half a window freed: room for more than one batch
            if (wake_parts) part_taken.notify_all();
            // The sink reads what it is given (a result_sink may take the result itself).
            for (auto& out : taken) work.deliver(std::move(out));
        }
    } catch (...) {
        sink_failure = std::current_exception();
    }
    {
        std::lock_guard lock(mutex);
        stop = true;
    }
    consumed.notify_all();
    part_taken.notify_all();
    for (auto& thread : pool) thread.join();
    if (sink_failure) std::rethrow_exception(sink_failure);
    if (engine_failure) std::rethrow_exception(engine_failure);
    if (walk_failure) std::rethrow_exception(walk_failure);
}

}  // namespace appraise
