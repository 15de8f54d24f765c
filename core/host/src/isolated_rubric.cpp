#include "appraise/host/isolated_rubric.hpp"

#include <memory>
#include <mutex>
#include <stdexcept>

#include "appraise/host/plugin_worker.hpp"
#include "appraise/host/stdout_capture.hpp"
#include "appraise/host/wire_format.hpp"
#include "appraise/model/log.hpp"

namespace appraise {
namespace {

// The idle workers of one rubric: an engine thread takes one per study (or
// starts one), so there are at most as many as threads appraise at once.
class worker_pool {
public:
    worker_pool(std::shared_ptr<worker_spawner> spawner, std::size_t index)
        : spawner_(std::move(spawner)), index_(index) {}
    ~worker_pool() {
        for (auto& worker : idle_) spawner_->stop(worker, true);
    }
    worker_pool(const worker_pool&) = delete;
    worker_pool& operator=(const worker_pool&) = delete;

    plugin_worker take() {
        {
            std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                plugin_worker worker = idle_.back();
                idle_.pop_back();
                return worker;
            }
        }
        return spawner_->spawn(index_);
    }
    void give_back(plugin_worker worker) {
        std::lock_guard lock(mutex_);
        idle_.push_back(worker);
    }
    // A worker that failed: stopped, reaped, and never handed out again.
    int discard(plugin_worker& worker) { return spawner_->stop(worker, true); }

private:
    std::shared_ptr<worker_spawner> spawner_;
    std::size_t index_;
    std::mutex mutex_;
    std::vector<plugin_worker> idle_;
};

class isolated_rubric final : public sdk::rubric {
public:
    isolated_rubric(std::unique_ptr<sdk::rubric> inner, const rubric_entry& entry, std::shared_ptr<worker_pool> pool,
                    std::chrono::milliseconds timeout)
        : inner_(std::move(inner)), entry_(entry), pool_(std::move(pool)), timeout_(timeout) {}

    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& study) const override {
        const std::string request = wire::encode_study(study);
        plugin_worker worker;
        try {
            worker = pool_->take();
        } catch (const std::exception& error) {
            return failed(study, "/rubric-crashed",
                          std::string("its plugin process could not be started: ") + error.what());
        }
        const auto deadline = timeout_.count() > 0 ? std::chrono::steady_clock::now() + timeout_
                                                   : std::chrono::steady_clock::time_point::max();
        std::string bytes;
        const exchange_result result = exchange(worker, request, bytes, deadline);
        if (result == exchange_result::timed_out) {
            pool_->discard(worker);
            return failed(study, "/rubric-timeout",
                          "the rubric did not finish this study within " + seconds() +
                              " (--plugin-timeout); its plugin process was stopped and replaced");
        }
        wire::worker_reply reply;
        bool decoded = false;
        if (result == exchange_result::replied) {
            try {
                reply = wire::decode_reply(bytes);
                decoded = true;
            } catch (const wire::wire_error&) {
            }
        }
        if (!decoded) {
            const int status = pool_->discard(worker);
            const std::string how =
                result == exchange_result::replied ? "sent a malformed reply" : describe_wait_status(status);
            return failed(study, "/rubric-crashed",
                          "the plugin process " + how + " while appraising this study; it was replaced");
        }
        pool_->give_back(worker);
        if (reply.written_total > 0)
            logger("plugin").warn(
                "rubric `{}` wrote {} bytes to standard output on study `{}`, kept out of the "
                "report: {}",
                entry_.description.id, reply.written_total, study.id,
                printable_excerpt(reply.written, reply.written_total));
        // Thrown again here, so the engine reports it exactly as in process.
        if (reply.result == wire::worker_reply::outcome::threw) throw std::runtime_error(reply.message);
        if (reply.result == wire::worker_reply::outcome::threw_unknown) throw unknown_exception{};
        return std::move(reply.appraisals);
    }

private:
    struct unknown_exception {};  // not a std::exception, as the plugin's was not

    std::string seconds() const {
        const double s = static_cast<double>(timeout_.count()) / 1000.0;
        std::string text = std::to_string(s);
        text.erase(text.find_last_not_of('0') + 1);
        if (text.back() == '.') text.pop_back();
        return text + (text == "1" ? " second" : " seconds");
    }

    // `code`: "/rubric-crashed" or "/rubric-timeout", after the rubric id.
    std::vector<sdk::appraisal> failed(const sdk::study& study, const std::string& code,
                                       const std::string& message) const {
        sdk::appraisal failed;
        failed.rubric = entry_.description.id;
        failed.rubric_version = entry_.description.version;
        failed.findings.push_back({failed.rubric + code, sdk::severity::error, message, study.id_where});
        logger("plugin").warn("rubric `{}` on study `{}`: {}", failed.rubric, study.id, message);
        return {failed};
    }

    std::unique_ptr<sdk::rubric> inner_;  // the in-process original, of which the workers hold copies
    const rubric_entry& entry_;
    std::shared_ptr<worker_pool> pool_;
    std::chrono::milliseconds timeout_;
};

}  // namespace

void isolate_plugin_rubrics(std::vector<rubric_instance>& rubrics, const isolation_options& options) {
    if (options.scope == isolation_scope::none) return;
    std::vector<rubric_instance*> native;
    std::vector<const sdk::rubric*> originals;
    for (auto& instance : rubrics) {
        if (instance.entry->kind != rubric_kind::plugin || instance.rubric == nullptr) continue;
        if (options.scope == isolation_scope::outside_plugins && instance.entry->bundled) continue;
        native.push_back(&instance);
        originals.push_back(instance.rubric.get());
        logger("plugin").info("isolated: {} ({}), in a worker process", instance.entry->description.id,
                              instance.entry->origin);
    }
    if (native.empty()) return;
    auto spawner = std::make_shared<worker_spawner>(originals);
    for (std::size_t i = 0; i < native.size(); ++i) {
        rubric_instance& instance = *native[i];
        auto pool = std::make_shared<worker_pool>(spawner, i);
        instance.rubric = std::make_unique<isolated_rubric>(std::move(instance.rubric), *instance.entry,
                                                            std::move(pool), options.timeout);
    }
}

}  // namespace appraise
