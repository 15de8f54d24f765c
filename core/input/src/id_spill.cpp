#include "appraise/input/id_spill.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <tuple>

#include "varint.hpp"

namespace appraise {
namespace {

// Ids per group: one group is what a lookup reads (about 7 KiB of 13-byte
// ids), and its index entry costs 24 bytes, under 0.1 byte an id.
constexpr std::size_t group_ids = 256;
// 16 Mbit, 6 probes: about one false "maybe" in a thousand at a million
// spilled ids, and every id is still found, only more slowly, far beyond.
constexpr std::size_t filter_bits = std::size_t{1} << 24;
constexpr unsigned filter_probes = 6;
// More runs than this are merged into one, so a lookup past a saturated
// filter reads a few groups, not one per spill.
constexpr std::size_t max_runs = 8;
constexpr std::size_t io_bytes = std::size_t{64} << 10;

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser: a second hash from the first
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

[[noreturn]] void fail(const char* what) {
    throw std::system_error(errno, std::generic_category(), std::string("the study id spill file: ") + what);
}

void write_all(int fd, const char* data, std::size_t size, std::uint64_t offset) {
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, data, size, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail("write failed");
        data += n;
        size -= static_cast<std::size_t>(n);
        offset += static_cast<std::uint64_t>(n);
    }
}

void read_all(int fd, char* data, std::size_t size, std::uint64_t offset) {
    while (size > 0) {
        const ssize_t n = ::pread(fd, data, size, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail("read failed");
        data += n;
        size -= static_cast<std::size_t>(n);
        offset += static_cast<std::uint64_t>(n);
    }
}

// One record as it lies in a run: hash (8 bytes, host order: the file never
// leaves this process), then id length, id, file, line and column as varints.
struct decoded {
    std::uint64_t hash = 0;
    std::string_view id;
    first_place place;
};

// Decodes the record at `in`; nullopt when [in, end) does not hold all of it.
std::optional<decoded> decode_record(const char*& in, const char* end) {
    if (end - in < 8) return std::nullopt;
    decoded out;
    std::memcpy(&out.hash, in, 8);
    const char* at = in + 8;
    std::uint64_t length = 0;
    std::uint64_t file = 0;
    std::uint64_t line = 0;
    std::uint64_t column = 0;
    if (!varint::get(at, end, length) || static_cast<std::uint64_t>(end - at) < length) return std::nullopt;
    out.id = std::string_view(at, static_cast<std::size_t>(length));
    at += length;
    if (!varint::get(at, end, file) || !varint::get(at, end, line) || !varint::get(at, end, column)) return std::nullopt;
    out.place = {static_cast<std::uint32_t>(file), static_cast<std::uint32_t>(line),
                 static_cast<std::uint32_t>(column)};
    in = at;
    return out;
}

}  // namespace

void id_spill::file_closer::operator()(std::FILE* file) const {
    if (file != nullptr) std::fclose(file);
}

// Appends records to the file from `offset`, through a buffer, cutting them
// into groups.
class id_spill::run_writer {
public:
    run_writer(int fd, std::uint64_t offset) : fd_(fd), start_(offset), at_(offset) { buffer_.reserve(io_bytes); }

    void add(std::uint64_t hash, std::string_view id, first_place place) {
        if (in_group_ == group_ids) close_group();
        if (in_group_ == 0) current_ = {hash, at_ + buffer_.size(), 0};
        char head[8 + 10];
        std::memcpy(head, &hash, 8);
        const std::size_t head_size = 8 + varint::put(head + 8, id.size());
        char tail[30];
        std::size_t tail_size = varint::put(tail, place.file);
        tail_size += varint::put(tail + tail_size, place.line);
        tail_size += varint::put(tail + tail_size, place.column);
        append(head, head_size);
        append(id.data(), id.size());
        append(tail, tail_size);
        ++in_group_;
    }

    // Writes what is buffered; the run as written.
    run finish() {
        if (in_group_ > 0) close_group();
        flush();
        return {start_, at_ - start_, std::move(groups_)};
    }

private:
    void append(const char* data, std::size_t size) {
        if (buffer_.size() + size > io_bytes) flush();
        if (size > io_bytes) {
            write_all(fd_, data, size, at_);
            at_ += size;
            return;
        }
        buffer_.append(data, size);
    }
    void flush() {
        write_all(fd_, buffer_.data(), buffer_.size(), at_);
        at_ += buffer_.size();
        buffer_.clear();
    }
    void close_group() {
        current_.bytes = static_cast<std::uint32_t>(at_ + buffer_.size() - current_.offset);
        groups_.push_back(current_);
        in_group_ = 0;
    }

    int fd_;
    std::uint64_t start_;
    std::uint64_t at_;
    std::string buffer_;
    std::vector<group> groups_;
    group current_;
    std::size_t in_group_ = 0;
};

// Reads a run's records in order, through a buffer (for merging).
class id_spill::run_reader {
public:
    run_reader(int fd, const run& source) : fd_(fd), next_(source.offset), end_(source.offset + source.bytes) {}

    // The next record, valid until the next call; nullopt at the run's end.
    std::optional<decoded> next() {
        for (;;) {
            const char* in = buffer_.data() + pos_;
            if (auto record = decode_record(in, buffer_.data() + buffer_.size())) {
                pos_ = static_cast<std::size_t>(in - buffer_.data());
                return record;
            }
            if (next_ == end_) {
                if (pos_ != buffer_.size()) throw std::runtime_error("the study id spill file: a run ends mid-record");
                return std::nullopt;
            }
            // Keep the partial record, read more (at least doubling for a record over the buffer).
            buffer_.erase(0, pos_);
            pos_ = 0;
            const std::size_t want = static_cast<std::size_t>(
                std::min<std::uint64_t>(end_ - next_, std::max(io_bytes, buffer_.size())));
            const std::size_t kept = buffer_.size();
            buffer_.resize(kept + want);
            read_all(fd_, buffer_.data() + kept, want, next_);
            next_ += want;
        }
    }

private:
    int fd_;
    std::uint64_t next_;
    std::uint64_t end_;
    std::string buffer_;
    std::size_t pos_ = 0;
};

std::unique_ptr<id_spill> id_spill::open() {
    temp_file file(std::tmpfile());  // unnamed: removed when closed, or when the process ends
    if (!file) return nullptr;
    return std::unique_ptr<id_spill>(new id_spill(std::move(file)));
}

id_spill::id_spill(temp_file file) : file_(std::move(file)), filter_(filter_bits / 64, 0) {}

id_spill::~id_spill() = default;

void id_spill::remember_hash(std::uint64_t hash) {
    const std::uint64_t step = mix(hash) | 1;
    for (unsigned i = 0; i < filter_probes; ++i) {
        const std::uint64_t bit = (hash + i * step) & (filter_bits - 1);
        filter_[bit >> 6] |= std::uint64_t{1} << (bit & 63);
    }
}

bool id_spill::may_hold(std::uint64_t hash) const {
    const std::uint64_t step = mix(hash) | 1;
    for (unsigned i = 0; i < filter_probes; ++i) {
        const std::uint64_t bit = (hash + i * step) & (filter_bits - 1);
        if ((filter_[bit >> 6] & (std::uint64_t{1} << (bit & 63))) == 0) return false;
    }
    return true;
}

void id_spill::add_run(std::size_t count, const spilled_id_at& id_at) {
    if (count == 0) return;
    run_writer writer(fileno(file_.get()), file_end_);
    for (std::size_t i = 0; i < count; ++i) {
        const spilled_id entry = id_at(i);
        writer.add(entry.hash, entry.id, entry.place);
        remember_hash(entry.hash);  // if the write fails, a bit too many only means a look in vain
    }
    run written = writer.finish();  // throws before the run is recorded: the caller keeps its ids
    file_end_ += written.bytes;
    runs_.push_back(std::move(written));
    size_ += count;
    if (runs_.size() > max_runs) merge_runs();
}

// Merges every run into one on a new file; on failure the old runs stay.
void id_spill::merge_runs() {
    temp_file merged_file(std::tmpfile());
    if (!merged_file) return;  // lookups stay correct, only slower
    try {
        std::vector<run_reader> readers;
        std::vector<std::optional<decoded>> heads;
        readers.reserve(runs_.size());
        for (const auto& r : runs_) readers.emplace_back(fileno(file_.get()), r);
        for (auto& reader : readers) heads.push_back(reader.next());
        run_writer writer(fileno(merged_file.get()), 0);
        for (;;) {
            std::size_t least = heads.size();
            for (std::size_t i = 0; i < heads.size(); ++i)
                if (heads[i] && (least == heads.size() || std::tie(heads[i]->hash, heads[i]->id) <
                                                              std::tie(heads[least]->hash, heads[least]->id)))
                    least = i;
            if (least == heads.size()) break;
            writer.add(heads[least]->hash, heads[least]->id, heads[least]->place);
            heads[least] = readers[least].next();
        }
        run merged = writer.finish();
        file_end_ = merged.bytes;
        runs_.clear();
        runs_.push_back(std::move(merged));
        file_ = std::move(merged_file);
    } catch (const std::exception&) {
        // The new file is dropped; the runs as they were still answer every lookup.
    }
}

std::optional<first_place> id_spill::find(std::uint64_t hash, std::string_view id) const {
    if (!may_hold(hash)) return std::nullopt;
    std::string buffer;
    for (const auto& r : runs_) {
        // Records of one hash may begin in the group before the first whose first hash is not less.
        auto at = std::lower_bound(r.groups.begin(), r.groups.end(), hash,
                                   [](const group& g, std::uint64_t h) { return g.first_hash < h; });
        if (at != r.groups.begin()) --at;
        for (; at != r.groups.end() && at->first_hash <= hash; ++at) {
            buffer.resize(at->bytes);
            read_all(fileno(file_.get()), buffer.data(), buffer.size(), at->offset);
            const char* in = buffer.data();
            const char* const end = in + buffer.size();
            while (in < end) {
                const auto record = decode_record(in, end);
                if (!record) throw std::runtime_error("the study id spill file: a group ends mid-record");
                if (record->hash == hash && record->id == id) return record->place;
                if (record->hash > hash) break;
            }
        }
    }
    return std::nullopt;
}

std::size_t id_spill::bytes_held() const {
    std::size_t bytes = filter_.capacity() * sizeof(std::uint64_t);
    for (const auto& r : runs_) bytes += r.groups.capacity() * sizeof(group);
    return bytes;
}

}  // namespace appraise
