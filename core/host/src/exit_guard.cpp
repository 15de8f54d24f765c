#include "appraise/host/exit_guard.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>

namespace appraise {
namespace {

std::atomic<int> running_calls{0};

// Runs first among the exit handlers registered after it, i.e. before the
// host's own static objects are destroyed.
void on_exit() {
    if (running_calls.load() == 0) return;
    static constexpr char message[] =
        "appraise: error: a plugin called exit() while appraising a study; the run is incomplete "
        "(--isolate turns this into an error finding for that study)\n";
    (void)!::write(2, message, sizeof message - 1);
    ::_exit(plugin_exit_status);
}

class counted_rubric final : public sdk::rubric {
public:
    explicit counted_rubric(std::unique_ptr<sdk::rubric> inner) : inner_(std::move(inner)) {}

    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& study) const override {
        struct count {
            count() { ++running_calls; }
            ~count() { --running_calls; }
        } counting;
        return inner_->appraise(study);
    }

private:
    std::unique_ptr<sdk::rubric> inner_;
};

}  // namespace

void guard_plugin_exit(std::vector<rubric_instance>& rubrics) {
    static const bool registered = std::atexit(on_exit) == 0;
    (void)registered;
    for (auto& instance : rubrics)
        if (instance.entry->kind == rubric_kind::plugin && instance.rubric != nullptr)
            instance.rubric = std::make_unique<counted_rubric>(std::move(instance.rubric));
}

}  // namespace appraise
