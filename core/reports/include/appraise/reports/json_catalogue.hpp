// `--messages catalogue`: the JSON report with each long repeated text (a
// finding's message, a domain's rationale or reason, an appraisal's overall
// rationale or reason) written once, where it first appears in corpus order,
// and named by its key (content_key.hpp) everywhere else. Opt-in: the default
// report keeps the fixed `message` and `rationale` fields of the stable shape
// (docs/study-format.md, "The text catalogue").
//
// Studies are rendered on worker threads in any order, so a worker cannot
// know whether a text is new: it writes the key (a hash of the text, the same
// on every thread) and hands the sink each study's JSON with the definitions
// of its texts. The sink, which sees studies in corpus order, keeps the keys
// defined so far and puts the new ones first in the study object,
// `"catalogue": {"KEY": "text", ...}`, so a reader meets every definition
// before its use. The set is bounded; past its bound a text not yet defined
// is defined again in each study that uses it (still complete and
// deterministic, only larger).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/model/study_result.hpp"
#include "appraise/reports/content_key.hpp"
#include "appraise/text/json_text_writer.hpp"

namespace appraise {

// A text as long as this or shorter stays inline under its own name: its
// reference (`"message_ref":"` + 22 characters) would be no shorter.
inline constexpr std::size_t catalogue_inline_bytes = 32;

// How many keys the sink remembers by default: 16 MiB of table at most.
inline constexpr std::size_t catalogue_default_keys = 786432;

struct known_text;

// Worker side: the texts one study's JSON names by key.
class text_refs {
public:
    explicit text_refs(std::uint64_t study) : study_(study) {}
    // `name: text` when the text is short, else `ref_name: KEY`, the text
    // remembered for the study's definitions. Both names are the report's
    // own members, which need no escaping.
    void field(json_text_writer& out, std::string_view name, std::string_view ref_name, std::string_view text);
    // The texts named by key, in first use, each once.
    [[nodiscard]] const std::vector<known_text*>& used() const { return used_; }

private:
    std::vector<known_text*> used_;
    std::uint64_t study_;  // which study of this thread these are (known_text::study)
};

// Appends `study`, rendered with references, and its texts' definitions to
// `frame`: what a worker hands catalogue_sink::write. The frame is private to
// the two (this process, this build).
void append_catalogue_study(std::string& frame, const study_result& study);

// Sink side: the keys defined so far in the report.
class catalogue_sink {
public:
    explicit catalogue_sink(std::size_t max_keys = catalogue_default_keys);
    // Writes each study of `frame` as an element of the "studies" array, the
    // first after "\n" when `first` (then cleared), the others after ",\n".
    void write(std::ostream& out, std::string_view frame, bool& first);
    [[nodiscard]] std::size_t keys() const { return count_; }

private:
    // False when the key was known; adds it while the set has room.
    bool add(const content_key& key);

    std::vector<content_key> slots_;  // open addressing; all-zero: empty (a zero key is kept in has_zero_)
    std::size_t count_ = 0;
    std::size_t max_keys_;
    bool has_zero_ = false;
    std::string head_;  // reused for each study's "catalogue" member
};

}  // namespace appraise
