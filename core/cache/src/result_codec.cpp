#include "appraise/cache/result_codec.hpp"

#include <cstdint>
#include <cstring>

namespace appraise {
namespace {

constexpr int max_depth = 128;  // the loader refuses documents deeper than 64

// Most places are in the file itself: its name is written once, and each
// such place says "the file" in four bytes (the name was most of the bytes).
constexpr std::uint32_t own_file = 0xFFFFFFFFU;

class writer {
public:
    explicit writer(std::string& out) : out_(out) {}
    void set_own_file(const std::string& path) { own_ = &path; }
    void u8(std::uint8_t value) { out_.push_back(static_cast<char>(value)); }
    void u32(std::uint32_t value) { raw(&value, sizeof value); }
    void i32(int value) { raw(&value, sizeof value); }
    void i64(std::int64_t value) { raw(&value, sizeof value); }
    void f64(double value) { raw(&value, sizeof value); }  // the bits: the same number back
    void count(std::size_t n) { u32(static_cast<std::uint32_t>(n)); }
    void text(std::string_view value) {
        count(value.size());
        out_.append(value);
    }
    void where(const sdk::source_location& at) {
        if (own_ != nullptr && !own_->empty() && at.file == *own_)
            u32(own_file);
        else
            text(at.file);
        i32(at.line);
        i32(at.column);
    }

private:
    void raw(const void* data, std::size_t size) { out_.append(static_cast<const char*>(data), size); }
    std::string& out_;
    const std::string* own_ = nullptr;
};

class reader {
public:
    explicit reader(std::string_view bytes) : in_(bytes) {}
    // Every place in the study's own file shares this one name.
    void set_own_file(const std::string& path) { own_ = sdk::file_name(path); }
    std::uint8_t u8() {
        std::uint8_t value = 0;
        raw(&value, sizeof value);
        return value;
    }
    std::uint32_t u32() {
        std::uint32_t value = 0;
        raw(&value, sizeof value);
        return value;
    }
    int i32() {
        int value = 0;
        raw(&value, sizeof value);
        return value;
    }
    std::int64_t i64() {
        std::int64_t value = 0;
        raw(&value, sizeof value);
        return value;
    }
    double f64() {
        double value = 0;
        raw(&value, sizeof value);
        return value;
    }
    bool flag() {
        const std::uint8_t value = u8();
        if (value > 1) throw cache_error("a flag that is neither 0 nor 1");
        return value == 1;
    }
    // A count of items each at least `least` bytes long, checked against what is left.
    std::size_t count(std::size_t least) {
        const std::uint32_t n = u32();
        if (n > in_.size() / least) throw cache_error("a count larger than what is left");
        return n;
    }
    // One bounds check for the length and the bytes; most texts are empty.
    std::string text() {
        const std::string_view bytes = text_bytes();
        return {bytes.data(), bytes.size()};
    }
    // Into a string in place (no temporary to move from), left as it is when empty.
    void text(std::string& into) {
        if (const std::string_view bytes = text_bytes(); !bytes.empty()) into.assign(bytes);
    }
    sdk::source_location where() {
        sdk::source_location at;
        std::uint32_t size = 0;
        if (in_.size() >= sizeof size) std::memcpy(&size, in_.data(), sizeof size);
        if (size == own_file && !own_.empty()) {
            in_.remove_prefix(sizeof size);
            at.file = own_;
        } else {
            at.file = text();
        }
        at.line = i32();
        at.column = i32();
        return at;
    }
    template <typename E>
    E choice(E last) {
        const std::uint8_t value = u8();
        if (value > static_cast<std::uint8_t>(last)) throw cache_error("an unknown enumerator");
        return static_cast<E>(value);
    }
    void finish() const {
        if (!in_.empty()) throw cache_error("bytes left over after the result");
    }

private:
    std::string_view text_bytes() {
        std::uint32_t size = 0;
        if (in_.size() < sizeof size) throw cache_error("the result is truncated");
        std::memcpy(&size, in_.data(), sizeof size);
        if (size > in_.size() - sizeof size) throw cache_error("a count larger than what is left");
        const std::string_view bytes = in_.substr(sizeof size, size);
        in_.remove_prefix(sizeof size + size);
        return bytes;
    }
    void raw(void* data, std::size_t size) {
        if (in_.size() < size) throw cache_error("the result is truncated");
        std::memcpy(data, in_.data(), size);
        in_.remove_prefix(size);
    }
    std::string_view in_;
    sdk::file_name own_;
};

constexpr std::size_t where_size = 12;  // an empty file name, line and column

void put(writer& out, const sdk::value_evidence& e) {
    out.text(e.support);
    out.text(e.at);
    out.text(e.source);
    out.text(e.resolved);
    out.text(e.reason);
    out.where(e.where);
}

sdk::value_evidence get_evidence(reader& in) {
    sdk::value_evidence e;
    e.support = in.text();
    e.at = in.text();
    e.source = in.text();
    e.resolved = in.text();
    e.reason = in.text();
    e.where = in.where();
    return e;
}

void put(writer& out, const sdk::node& value) {
    out.u8(static_cast<std::uint8_t>(value.type));
    out.text(value.text);
    out.i64(value.integer);
    out.f64(value.number);
    out.u8(value.boolean ? 1 : 0);
    out.where(value.where);
    put(out, value.evidence);
    out.count(value.members.size());
    for (const auto& member : value.members) {
        out.text(member.first);
        put(out, member.second);
    }
    out.count(value.items.size());
    for (const auto& item : value.items) put(out, item);
}

sdk::node get_node(reader& in, int depth) {
    if (depth > max_depth) throw cache_error("a coded table nested too deeply");
    sdk::node value;
    value.type = in.choice(sdk::node::kind::boolean);
    value.text = in.text();
    value.integer = in.i64();
    value.number = in.f64();
    value.boolean = in.flag();
    value.where = in.where();
    value.evidence = get_evidence(in);
    value.members.resize(in.count(8));
    for (auto& member : value.members) {
        member.first = in.text();
        member.second = get_node(in, depth + 1);
    }
    value.items.resize(in.count(8));
    for (auto& item : value.items) item = get_node(in, depth + 1);
    return value;
}

void put(writer& out, const diagnostic& d) {
    out.u8(static_cast<std::uint8_t>(d.level));
    out.text(d.code);
    out.text(d.message);
    out.where(d.where);
    out.text(d.hint);
}

diagnostic get_diagnostic(reader& in) {
    diagnostic d;
    d.level = in.choice(severity::error);
    d.code = in.text();
    d.message = in.text();
    d.where = in.where();
    d.hint = in.text();
    return d;
}

void put(writer& out, const diagnostics& list) {
    out.count(list.size());
    for (const auto& d : list) put(out, d);
}

diagnostics get_diagnostics(reader& in) {
    diagnostics list(in.count(where_size));
    for (auto& d : list) d = get_diagnostic(in);
    return list;
}

void put(writer& out, const sdk::appraisal& a) {
    out.text(a.rubric);
    out.text(a.rubric_version);
    out.text(a.label);
    out.u8(a.overall ? 1 : 0);
    if (a.overall) out.text(*a.overall);
    out.count(a.domains.size());
    for (const auto& d : a.domains) {
        out.text(d.id);
        out.text(d.name);
        out.text(d.judgement);
        out.count(d.answers.size());
        for (const auto& answer : d.answers) {
            out.text(answer.id);
            out.text(answer.value);
            out.text(answer.provenance);
            put(out, answer.evidence);
            out.text(answer.outcome);
        }
        out.text(d.rationale);
        out.text(d.proposed);
        out.text(d.override_reason);
        out.text(d.not_assessed);
        out.text(d.support);
        out.text(d.direction);
        out.count(d.alternatives.size());
        for (const auto& alternative : d.alternatives) {
            out.text(alternative.label);
            out.text(alternative.judgement);
        }
    }
    out.count(a.findings.size());
    for (const auto& f : a.findings) {
        out.text(f.id);
        out.u8(static_cast<std::uint8_t>(f.level));
        out.text(f.message);
        out.where(f.where);
        out.u8(static_cast<std::uint8_t>(f.concern));
    }
    out.text(a.overall_rationale);
    out.text(a.overall_proposed);
    out.text(a.overall_override_reason);
    out.text(a.overall_not_assessed);
    out.text(a.overall_support);
    out.text(a.overall_direction);
    out.text(a.notes);
    out.text(a.robvis_template);
    out.u8(a.weight ? 1 : 0);
    if (a.weight) out.f64(*a.weight);
}

// Into a default-constructed element of its vector (not a temporary moved
// there: a move of an appraisal or a study is a few dozen string moves).
void get_appraisal(reader& in, sdk::appraisal& a) {
    in.text(a.rubric);
    in.text(a.rubric_version);
    in.text(a.label);
    if (in.flag()) a.overall = in.text();
    a.domains.resize(in.count(8));
    for (auto& d : a.domains) {
        in.text(d.id);
        in.text(d.name);
        in.text(d.judgement);
        d.answers.resize(in.count(8));
        for (auto& answer : d.answers) {
            in.text(answer.id);
            in.text(answer.value);
            in.text(answer.provenance);
            answer.evidence = get_evidence(in);
            in.text(answer.outcome);
        }
        in.text(d.rationale);
        in.text(d.proposed);
        in.text(d.override_reason);
        in.text(d.not_assessed);
        in.text(d.support);
        in.text(d.direction);
        d.alternatives.resize(in.count(8));
        for (auto& alternative : d.alternatives) {
            in.text(alternative.label);
            in.text(alternative.judgement);
        }
    }
    a.findings.resize(in.count(where_size));
    for (auto& f : a.findings) {
        in.text(f.id);
        f.level = in.choice(severity::error);
        in.text(f.message);
        f.where = in.where();
        f.concern = in.choice(sdk::finding_concern::integrity);
    }
    in.text(a.overall_rationale);
    in.text(a.overall_proposed);
    in.text(a.overall_override_reason);
    in.text(a.overall_not_assessed);
    in.text(a.overall_support);
    in.text(a.overall_direction);
    in.text(a.notes);
    in.text(a.robvis_template);
    if (in.u8() != 0) a.weight = in.f64();
}

void put(writer& out, const study_result& s) {
    out.text(s.id);
    out.text(s.file);
    out.where(s.id_where);
    put(out, s.problems);
    out.u8(s.appraised ? 1 : 0);
    out.count(s.appraisals.size());
    for (const auto& a : s.appraisals) put(out, a);
    out.count(s.facets.size());
    for (const auto& [field, values] : s.facets) {
        out.text(field);
        out.count(values.size());
        for (const auto& value : values) out.text(value);
    }
    out.u8(s.coding ? 1 : 0);
    if (s.coding) put(out, *s.coding);
    out.count(s.facts.size());
    for (const auto& [field, value] : s.facts) {
        out.text(field);
        put(out, value);
    }
    out.count(s.evidence.size());
    for (const auto& [place, evidence] : s.evidence) {
        out.where(place);
        put(out, evidence);
    }
    out.u8(s.screened_out ? 1 : 0);
    if (s.screened_out) {
        out.text(s.screened_out->rubric);
        out.text(s.screened_out->judgement);
    }
    out.count(s.recorded.size());
    for (const auto& mark : s.recorded) {
        out.u32(static_cast<std::uint32_t>(mark.appraisal));
        out.text(mark.source.file);
        out.i32(mark.source.row);
        out.text(mark.source.tool);
        out.where(mark.where);
    }
}

void get_study(reader& in, study_result& s) {
    in.text(s.id);
    in.text(s.file);
    s.id_where = in.where();
    s.problems = get_diagnostics(in);
    s.appraised = in.flag();
    s.appraisals.resize(in.count(8));
    for (auto& a : s.appraisals) get_appraisal(in, a);
    const std::size_t facets = in.count(8);
    for (std::size_t i = 0; i < facets; ++i) {
        std::string field = in.text();
        std::vector<std::string> values(in.count(4));
        for (auto& value : values) value = in.text();
        if (!s.facets.emplace(std::move(field), std::move(values)).second) throw cache_error("a facet written twice");
    }
    if (in.flag()) s.coding = get_node(in, 0);
    s.facts.resize(in.count(8));
    for (auto& [field, value] : s.facts) {
        in.text(field);
        value = get_node(in, 0);
    }
    s.evidence.resize(in.count(where_size));
    for (auto& [place, evidence] : s.evidence) {
        place = in.where();
        evidence = get_evidence(in);
    }
    if (in.flag()) {
        screening_mark mark;
        in.text(mark.rubric);
        in.text(mark.judgement);
        s.screened_out = std::move(mark);
    }
    s.recorded.resize(in.count(4 + 4 + 4 + 4 + where_size));
    for (auto& mark : s.recorded) {
        mark.appraisal = in.u32();
        if (mark.appraisal >= s.appraisals.size()) throw cache_error("a recorded judgement of no appraisal");
        in.text(mark.source.file);
        mark.source.row = in.i32();
        in.text(mark.source.tool);
        mark.where = in.where();
    }
}

}  // namespace

std::string encode_file_result(const file_result& result) {
    std::string bytes;
    writer out(bytes);
    out.text(result.path);
    out.set_own_file(result.path);
    put(out, result.problems);
    out.count(result.studies.size());
    for (const auto& study : result.studies) put(out, study);
    return bytes;
}

file_result decode_file_result(std::string_view bytes) {
    if (bytes.size() > max_encoded_result) throw cache_error("a result larger than any file's results can be");
    reader in(bytes);
    file_result result;
    result.path = in.text();
    in.set_own_file(result.path);
    result.problems = get_diagnostics(in);
    result.studies.resize(in.count(16));
    for (auto& study : result.studies) get_study(in, study);
    in.finish();
    return result;
}

}  // namespace appraise
