#include "appraise/host/wire_format.hpp"

#include <cstdint>
#include <cstring>

namespace appraise::wire {
namespace {

// Trees deeper than this are refused rather than recursed into.
constexpr int max_depth = 256;

class writer {
public:
    void u8(std::uint8_t value) { out_.push_back(static_cast<char>(value)); }
    void u64(std::uint64_t value) { raw(&value, sizeof value); }
    void i64(std::int64_t value) { raw(&value, sizeof value); }
    void f64(double value) { raw(&value, sizeof value); }  // the bits, so the number is the same number
    void i32(int value) { raw(&value, sizeof value); }
    void text(std::string_view value) {
        u64(value.size());
        out_.append(value);
    }
    void where(const sdk::source_location& at) {
        text(at.file);
        i32(at.line);
        i32(at.column);
    }
    std::string take() { return std::move(out_); }

private:
    void raw(const void* data, std::size_t size) { out_.append(static_cast<const char*>(data), size); }
    std::string out_;
};

class reader {
public:
    explicit reader(std::string_view bytes) : in_(bytes) {}

    std::uint8_t u8() {
        std::uint8_t value = 0;
        raw(&value, sizeof value);
        return value;
    }
    std::uint64_t u64() {
        std::uint64_t value = 0;
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
    int i32() {
        int value = 0;
        raw(&value, sizeof value);
        return value;
    }
    std::string text() {
        const std::uint64_t size = u64();
        if (size > in_.size()) throw wire_error("a string runs past the end of the message");
        std::string value(in_.substr(0, size));
        in_.remove_prefix(size);
        return value;
    }
    // A place in the file the last place was in shares that place's name, as
    // the tree that was sent did.
    sdk::source_location where() {
        sdk::source_location at;
        std::string file = text();
        if (file != last_file_.str()) last_file_ = sdk::file_name(std::move(file));
        at.file = last_file_;
        at.line = i32();
        at.column = i32();
        return at;
    }
    // A count of items each at least `least` bytes long, checked against what is left.
    std::size_t count(std::size_t least) {
        const std::uint64_t n = u64();
        if (n > in_.size() / least) throw wire_error("a count larger than the message");
        return static_cast<std::size_t>(n);
    }
    void finish() const {
        if (!in_.empty()) throw wire_error("bytes left over after the message");
    }

private:
    void raw(void* data, std::size_t size) {
        if (in_.size() < size) throw wire_error("the message is truncated");
        std::memcpy(data, in_.data(), size);
        in_.remove_prefix(size);
    }
    std::string_view in_;
    sdk::file_name last_file_;
};

void put_evidence(writer& out, const sdk::value_evidence& evidence) {
    out.text(evidence.support);
    out.text(evidence.at);
    out.text(evidence.source);
    out.text(evidence.resolved);
    out.text(evidence.reason);
    out.where(evidence.where);
}

sdk::value_evidence get_evidence(reader& in) {
    sdk::value_evidence evidence;
    evidence.support = in.text();
    evidence.at = in.text();
    evidence.source = in.text();
    evidence.resolved = in.text();
    evidence.reason = in.text();
    evidence.where = in.where();
    return evidence;
}

void put_node(writer& out, const sdk::node& value) {
    out.u8(static_cast<std::uint8_t>(value.type));
    out.text(value.text);
    out.i64(value.integer);
    out.f64(value.number);
    out.u8(value.boolean ? 1 : 0);
    out.where(value.where);
    put_evidence(out, value.evidence);
    out.u64(value.members.size());
    for (const auto& member : value.members) {
        out.text(member.first);
        put_node(out, member.second);
    }
    out.u64(value.items.size());
    for (const auto& item : value.items) put_node(out, item);
}

sdk::node get_node(reader& in, int depth) {
    if (depth > max_depth) throw wire_error("a study tree nested too deeply");
    sdk::node value;
    const std::uint8_t type = in.u8();
    if (type > static_cast<std::uint8_t>(sdk::node::kind::boolean)) throw wire_error("an unknown node kind");
    value.type = static_cast<sdk::node::kind>(type);
    value.text = in.text();
    value.integer = in.i64();
    value.number = in.f64();
    value.boolean = in.u8() != 0;
    value.where = in.where();
    value.evidence = get_evidence(in);
    value.members.resize(in.count(9));
    for (auto& member : value.members) {
        member.first = in.text();
        member.second = get_node(in, depth + 1);
    }
    value.items.resize(in.count(9));
    for (auto& item : value.items) item = get_node(in, depth + 1);
    return value;
}

void put_appraisal(writer& out, const sdk::appraisal& a) {
    out.text(a.rubric);
    out.text(a.rubric_version);
    out.text(a.label);
    out.u8(a.overall ? 1 : 0);
    if (a.overall) out.text(*a.overall);
    out.u64(a.domains.size());
    for (const auto& d : a.domains) {
        out.text(d.id);
        out.text(d.name);
        out.text(d.judgement);
        out.u64(d.answers.size());
        for (const auto& answer : d.answers) {
            out.text(answer.id);
            out.text(answer.value);
            out.text(answer.provenance);
            put_evidence(out, answer.evidence);
            out.text(answer.outcome);
        }
        out.text(d.rationale);
        out.text(d.proposed);
        out.text(d.override_reason);
        out.text(d.not_assessed);
        out.text(d.support);
        out.text(d.direction);
        out.u64(d.alternatives.size());
        for (const auto& alternative : d.alternatives) {
            out.text(alternative.label);
            out.text(alternative.judgement);
        }
    }
    out.u64(a.findings.size());
    for (const auto& f : a.findings) {
        out.text(f.id);
        out.i32(static_cast<int>(f.level));  // any value the plugin set, checked by whoever reads it
        out.text(f.message);
        out.where(f.where);
        out.i32(static_cast<int>(f.concern));  // checked like the severity
    }
    out.text(a.overall_rationale);
    out.text(a.overall_proposed);
    out.text(a.overall_override_reason);
    out.text(a.overall_not_assessed);
    out.text(a.overall_support);
    out.text(a.overall_direction);
    out.text(a.notes);
    out.text(a.robvis_template);
}

sdk::appraisal get_appraisal(reader& in) {
    sdk::appraisal a;
    a.rubric = in.text();
    a.rubric_version = in.text();
    a.label = in.text();
    if (in.u8() != 0) a.overall = in.text();
    a.domains.resize(in.count(8));
    for (auto& d : a.domains) {
        d.id = in.text();
        d.name = in.text();
        d.judgement = in.text();
        d.answers.resize(in.count(24));
        for (auto& answer : d.answers) {
            answer.id = in.text();
            answer.value = in.text();
            answer.provenance = in.text();
            answer.evidence = get_evidence(in);
            answer.outcome = in.text();
        }
        d.rationale = in.text();
        d.proposed = in.text();
        d.override_reason = in.text();
        d.not_assessed = in.text();
        d.support = in.text();
        d.direction = in.text();
        d.alternatives.resize(in.count(16));
        for (auto& alternative : d.alternatives) {
            alternative.label = in.text();
            alternative.judgement = in.text();
        }
    }
    a.findings.resize(in.count(8));
    for (auto& f : a.findings) {
        f.id = in.text();
        f.level = static_cast<sdk::severity>(in.i32());
        f.message = in.text();
        f.where = in.where();
        f.concern = static_cast<sdk::finding_concern>(in.i32());
    }
    a.overall_rationale = in.text();
    a.overall_proposed = in.text();
    a.overall_override_reason = in.text();
    a.overall_not_assessed = in.text();
    a.overall_support = in.text();
    a.overall_direction = in.text();
    a.notes = in.text();
    a.robvis_template = in.text();
    return a;
}

}  // namespace

std::string encode_study(const sdk::study& study) {
    writer out;
    out.text(study.id);
    out.text(study.file);
    put_node(out, study.root);
    out.where(study.id_where);
    out.u64(study.table_headers.size());
    for (const auto& [name, at] : study.table_headers) {
        out.text(name);
        out.where(at);
    }
    out.u8(study.scope == sdk::appraisal_scope::coding ? 1 : 0);
    return out.take();
}

sdk::study decode_study(std::string_view bytes) {
    reader in(bytes);
    sdk::study study;
    study.id = in.text();
    study.file = in.text();
    study.root = get_node(in, 0);
    study.id_where = in.where();
    const std::size_t headers = in.count(8);
    for (std::size_t i = 0; i < headers; ++i) {
        std::string name = in.text();
        study.table_headers.emplace(std::move(name), in.where());
    }
    // Any other byte is the default: the isolated rubric then judges in full, which is never wrong.
    study.scope = in.u8() == 1 ? sdk::appraisal_scope::coding : sdk::appraisal_scope::full;
    in.finish();
    return study;
}

std::string encode_reply(const worker_reply& reply) {
    writer out;
    out.u8(static_cast<std::uint8_t>(reply.result));
    out.text(reply.written);
    out.u64(reply.written_total);
    out.text(reply.message);
    out.u64(reply.appraisals.size());
    for (const auto& a : reply.appraisals) put_appraisal(out, a);
    return out.take();
}

worker_reply decode_reply(std::string_view bytes) {
    reader in(bytes);
    worker_reply reply;
    const std::uint8_t outcome = in.u8();
    if (outcome > static_cast<std::uint8_t>(worker_reply::outcome::threw_unknown))
        throw wire_error("an unknown reply kind");
    reply.result = static_cast<worker_reply::outcome>(outcome);
    reply.written = in.text();
    reply.written_total = in.u64();
    reply.message = in.text();
    reply.appraisals.resize(in.count(8));
    for (auto& a : reply.appraisals) a = get_appraisal(in);
    in.finish();
    return reply;
}

}  // namespace appraise::wire
