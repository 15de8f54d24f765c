#include "appraise/reports/json_catalogue.hpp"

#include <cstring>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <unordered_map>

#include "appraise/reports/json_convert.hpp"
#include "appraise/text/escape.hpp"

namespace appraise {

// A text a worker has keyed: hashing and escaping it once per thread, not
// once per use, is what keeps the catalogue as fast as inline text.
struct known_text {
    std::string text;
    std::string definition;  // "KEY":"text", the text escaped
    content_key key{};
    std::uint64_t study = 0;  // the last study of this thread that used it
};

namespace {

// Each worker thread's keyed texts, emptied between studies when over these
// bounds (the output never depends on what it holds).
constexpr std::size_t memo_texts = 4096;
constexpr std::size_t memo_bytes = std::size_t{1} << 20U;

struct text_memo {
    std::unordered_map<std::string_view, std::unique_ptr<known_text>> texts;  // keys view known_text::text
    std::size_t bytes = 0;
    std::uint64_t studies = 0;

    known_text& find(std::string_view text) {
        if (const auto at = texts.find(text); at != texts.end()) return *at->second;
        auto entry = std::make_unique<known_text>();
        entry->text = text;
        entry->key = content_key_of(text);
        entry->definition = '"' + content_key_text(entry->key) + "\":";
        append_json_string(entry->definition, text);
        bytes += entry->text.size() + entry->definition.size();
        known_text& added = *entry;
        texts.emplace(std::string_view(added.text), std::move(entry));
        return added;
    }
};

text_memo& thread_memo() {
    thread_local text_memo memo;
    return memo;
}

void append_size(std::string& frame, std::size_t size) {
    const std::uint64_t value = size;
    frame.append(reinterpret_cast<const char*>(&value), sizeof value);
}

std::uint64_t take_size(std::string_view& frame) {
    std::uint64_t value = 0;
    if (frame.size() < sizeof value) throw std::logic_error("catalogue frame cut short");
    std::memcpy(&value, frame.data(), sizeof value);
    frame.remove_prefix(sizeof value);
    return value;
}

std::string_view take(std::string_view& frame, std::uint64_t size) {
    if (frame.size() < size) throw std::logic_error("catalogue frame cut short");
    const std::string_view part = frame.substr(0, size);
    frame.remove_prefix(size);
    return part;
}

}  // namespace

void text_refs::field(json_text_writer& out, std::string_view name, std::string_view ref_name, std::string_view text) {
    if (text.size() <= catalogue_inline_bytes) {
        out.plain_key(name).value(text);
        return;
    }
    known_text& known = thread_memo().find(text);
    if (known.study != study_) {
        known.study = study_;
        used_.push_back(&known);
    }
    out.plain_key(ref_name).value(std::string_view(known.definition).substr(1, content_key_chars));
}

void append_catalogue_study(std::string& frame, const study_result& study) {
    text_memo& memo = thread_memo();
    if (memo.texts.size() > memo_texts || memo.bytes > memo_bytes) {
        memo.texts.clear();
        memo.bytes = 0;
    }
    text_refs refs(++memo.studies);
    const std::size_t size_at = frame.size();
    append_size(frame, 0);
    json_text_writer out(frame, 0, json_text_writer::layout::compact);
    write_json(out, study, &refs);
    const std::uint64_t json_size = frame.size() - size_at - sizeof json_size;
    std::memcpy(frame.data() + size_at, &json_size, sizeof json_size);
    append_size(frame, refs.used().size());
    for (const known_text* known : refs.used()) {
        frame.append(reinterpret_cast<const char*>(known->key.data()), known->key.size());
        append_size(frame, known->definition.size());
        frame += known->definition;
    }
}

catalogue_sink::catalogue_sink(std::size_t max_keys) : max_keys_(max_keys) {}

bool catalogue_sink::add(const content_key& key) {
    if (key == content_key{}) {
        if (has_zero_) return false;
        if (count_ < max_keys_) {
            has_zero_ = true;
            ++count_;
        }
        return true;
    }
    if (slots_.empty()) slots_.resize(1024);
    const std::size_t mask = slots_.size() - 1;
    std::uint64_t hash = 0;
    std::memcpy(&hash, key.data(), sizeof hash);  // the key is a hash already
    std::size_t at = static_cast<std::size_t>(hash) & mask;
    for (; slots_[at] != content_key{}; at = (at + 1) & mask)
        if (slots_[at] == key) return false;
    if (count_ >= max_keys_) return true;  // full: defined again where used
    slots_[at] = key;
    ++count_;
    if (count_ * 4 > slots_.size() * 3) {
        std::vector<content_key> old(slots_.size() * 2);
        old.swap(slots_);
        const std::size_t wider = slots_.size() - 1;
        for (const auto& kept : old) {
            if (kept == content_key{}) continue;
            std::memcpy(&hash, kept.data(), sizeof hash);
            std::size_t to = static_cast<std::size_t>(hash) & wider;
            while (slots_[to] != content_key{}) to = (to + 1) & wider;
            slots_[to] = kept;
        }
    }
    return true;
}

void catalogue_sink::write(std::ostream& out, std::string_view frame, bool& first) {
    while (!frame.empty()) {
        const std::string_view json = take(frame, take_size(frame));
        if (json.size() < 2 || json.front() != '{') throw std::logic_error("catalogue frame without a study");
        head_.clear();
        for (std::uint64_t defs = take_size(frame); defs > 0; --defs) {
            const std::string_view key_bytes = take(frame, sizeof(content_key));
            const std::string_view definition = take(frame, take_size(frame));
            content_key key{};
            std::memcpy(key.data(), key_bytes.data(), key.size());
            if (!add(key)) continue;
            head_ += head_.empty() ? "{\"catalogue\":{" : ",";
            head_ += definition;
        }
        out << (first ? "\n    " : ",\n    ");
        first = false;
        if (head_.empty()) {
            out << json;
        } else {
            head_ += "},";
            out << head_;
            out.write(json.data() + 1, static_cast<std::streamsize>(json.size() - 1));
        }
    }
}

}  // namespace appraise
