#include "appraise/cache/result_cache.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "appraise/cache/digest.hpp"
#include "appraise/cache/file_digests.hpp"
#include "appraise/cache/file_stat.hpp"
#include "appraise/cache/result_codec.hpp"
#include "appraise/model/version.hpp"

namespace appraise {
namespace {

constexpr const char* cache_format = "appraise-cache";
// 3: entries packed as zstd frames, a dictionary per identity (entry_packing.hpp).
// 4: a table of symbols, which an audit's entries (audit digests) name by number.
constexpr const char* cache_schema = "4";
// A study file is at most 8 MiB (the loader refuses more): a larger one is
// never cached, so its result always comes from reading it.
constexpr std::size_t max_cached_file = std::size_t{64} << 20;
// A file read one study at a time is at most 1 GiB (study_stream.hpp).
constexpr std::size_t max_cached_streamed_file = std::size_t{1} << 30;
constexpr std::size_t digest_size = 32;

// What remember() needs: the digest of the bytes read, the stat taken before
// reading them (a flag, then 40 bytes), then the file's path.
constexpr std::size_t ticket_head = digest_size + 1 + encoded_stat_size;

std::string make_ticket(std::string_view digest, const std::optional<file_stat>& stat,
                        const std::filesystem::path& path) {
    std::string ticket;
    ticket.reserve(ticket_head + path.native().size());
    ticket += digest;
    ticket += stat ? '\1' : '\0';
    ticket += encode_stat(stat.value_or(file_stat{}));
    ticket += path.string();
    return ticket;
}

// The stat as stored: empty when there was none (never matches).
std::string stat_of_ticket(std::string_view ticket) {
    if (ticket.size() < ticket_head || ticket[digest_size] != '\1') return {};
    return std::string(ticket.substr(digest_size + 1, encoded_stat_size));
}

std::string_view column_bytes(sqlite3_stmt* statement, int column) {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(statement, column));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement, column));
    return data == nullptr ? std::string_view{} : std::string_view(data, size);
}

// What the meta table holds of the symbols, so a table changed by anything
// but appraise is seen: their count and the SHA-256 of their texts.
std::string symbols_seal(const std::vector<std::string>& texts) {
    sha256 hash;
    for (const auto& text : texts) hash.field(text);
    return std::to_string(texts.size()) + " " + hash.hex();
}

std::string tool_text() {
    return std::string(tool_name) + " " + tool_version;
}

// A failure that another run may not repeat (a plugin that crashed or timed
// out, a file that could not be read) is never kept.
bool worth_keeping(const file_result& result) {
    const auto transient = [](const diagnostic& d) {
        return d.code == "coding/internal-error" || d.code == "coding/unreadable-file";
    };
    if (std::any_of(result.problems.begin(), result.problems.end(), transient)) return false;
    for (const auto& study : result.studies) {
        if (std::any_of(study.problems.begin(), study.problems.end(), transient)) return false;
        for (const auto& appraisal : study.appraisals)
            for (const auto& finding : appraisal.findings) {
                const std::string_view id = finding.id;
                for (const std::string_view failed : {"/rubric-failed", "/rubric-crashed", "/rubric-timeout"})
                    if (id.size() >= failed.size() && id.substr(id.size() - failed.size()) == failed) return false;
            }
    }
    return true;
}

class sqlite_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace

// One connection and its prepared statements; every call is under the cache's mutex.
struct result_cache::database {
    sqlite3* db = nullptr;
    sqlite3_stmt* select = nullptr;
    sqlite3_stmt* insert = nullptr;
    sqlite3_stmt* refresh = nullptr;
    sqlite3_stmt* drop = nullptr;
    // Files are looked up in corpus order, which is nearly the order of the
    // entries' index: a cursor that steps on to the next entry finds most
    // of them for less than a lookup from the top of the index (those
    // lookups were a fifth of a warm audit's instructions). One cursor a
    // thread's batch, more or less: each lookup takes the cursor just behind its path.
    struct scan {
        sqlite3_stmt* statement = nullptr;
        std::string at;   // the path of the entry the cursor is on
        bool on = false;  // it is on an entry (else: not started, or past the last)
        std::uint64_t used = 0;
    };
    std::array<scan, 4> scans{};
    std::uint64_t lookups = 0;

    database(const database&) = delete;
    database& operator=(const database&) = delete;
    database(database&&) = delete;
    database& operator=(database&&) = delete;

    explicit database(const std::filesystem::path& file) {
        const int rc = sqlite3_open_v2(file.c_str(), &db,
                                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
        if (rc != SQLITE_OK) {
            const std::string why = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
            sqlite3_close(db);
            db = nullptr;
            throw cache_error("cannot open " + file.string() + ": " + why);
        }
        sqlite3_busy_timeout(db, 2000);
    }
    ~database() {
        for (auto& cursor : scans) sqlite3_finalize(cursor.statement);
        sqlite3_finalize(select);
        sqlite3_finalize(insert);
        sqlite3_finalize(refresh);
        sqlite3_finalize(drop);
        sqlite3_close(db);
    }

    void exec(const char* sql) const {
        char* message = nullptr;
        if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
            const std::string why = message != nullptr ? message : sqlite3_errmsg(db);
            sqlite3_free(message);
            throw sqlite_error(why);
        }
    }
    [[nodiscard]] sqlite3_stmt* prepare(const char* sql) const {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) throw sqlite_error(sqlite3_errmsg(db));
        return statement;
    }
    void fail() const { throw sqlite_error(sqlite3_errmsg(db)); }

    // The value of `key` in meta, or nullopt when the row is missing.
    [[nodiscard]] std::optional<std::string> meta(const char* key) const {
        sqlite3_stmt* statement = prepare("SELECT value FROM meta WHERE key = ?1");
        sqlite3_bind_text(statement, 1, key, -1, SQLITE_STATIC);
        const int rc = sqlite3_step(statement);
        std::optional<std::string> value;
        if (rc == SQLITE_ROW) {
            const auto* text = sqlite3_column_text(statement, 0);
            value = text != nullptr ? reinterpret_cast<const char*>(text) : "";
        }
        sqlite3_finalize(statement);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail();
        return value;
    }

    // The dictionary kept for `identity`'s entries, or nullopt.
    [[nodiscard]] std::optional<std::string> dictionary(const std::string& identity) const {
        sqlite3_stmt* statement = prepare("SELECT dictionary FROM dictionaries WHERE identity = ?1");
        sqlite3_bind_text(statement, 1, identity.data(), static_cast<int>(identity.size()), SQLITE_STATIC);
        const int rc = sqlite3_step(statement);
        std::optional<std::string> bytes;
        if (rc == SQLITE_ROW) {
            const auto* data = static_cast<const char*>(sqlite3_column_blob(statement, 0));
            bytes.emplace(
                data == nullptr ? "" : std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(statement, 0))));
        }
        sqlite3_finalize(statement);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail();
        return bytes;
    }
    // The symbols kept, in number order: numbered 0, 1, 2... with nothing
    // missing, each text once and within symbol_table's bounds, else cache_error.
    [[nodiscard]] std::vector<std::string> symbols() const {
        sqlite3_stmt* statement = prepare("SELECT id, text FROM symbols ORDER BY id");
        std::vector<std::string> texts;
        std::size_t bytes = 0;
        int rc = SQLITE_OK;
        std::string why;
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
            const auto text = std::string(column_bytes(statement, 1));
            bytes += text.size();
            if (sqlite3_column_int64(statement, 0) != static_cast<std::int64_t>(texts.size()))
                why = "its symbols are not numbered in order";
            else if (texts.size() >= symbol_table::max_loaded_symbols || bytes > symbol_table::max_loaded_bytes)
                why = "it holds more symbols than any audit makes";
            if (!why.empty()) break;
            texts.push_back(text);
        }
        sqlite3_finalize(statement);
        if (!why.empty()) throw cache_error(why);
        if (rc != SQLITE_DONE) fail();
        return texts;
    }
    void set_meta(const char* key, const std::string& value) const {
        sqlite3_stmt* statement = prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)");
        sqlite3_bind_text(statement, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(statement, 2, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
        const int rc = sqlite3_step(statement);
        sqlite3_finalize(statement);
        if (rc != SQLITE_DONE) fail();
    }
    void keep_symbols(std::size_t first, const std::vector<std::string>& texts) const {
        sqlite3_stmt* statement = prepare("INSERT INTO symbols(id, text) VALUES (?1, ?2)");
        for (std::size_t i = 0; i < texts.size(); ++i) {
            sqlite3_bind_int64(statement, 1, static_cast<std::int64_t>(first + i));
            sqlite3_bind_blob(statement, 2, texts[i].data(), static_cast<int>(texts[i].size()), SQLITE_STATIC);
            const int rc = sqlite3_step(statement);
            sqlite3_reset(statement);
            if (rc != SQLITE_DONE) {
                sqlite3_finalize(statement);
                fail();
            }
        }
        sqlite3_finalize(statement);
    }
    void keep_dictionary(const std::string& identity, const std::string& bytes) const {
        sqlite3_stmt* statement = prepare("INSERT OR REPLACE INTO dictionaries(identity, dictionary) VALUES (?1, ?2)");
        sqlite3_bind_text(statement, 1, identity.data(), static_cast<int>(identity.size()), SQLITE_STATIC);
        sqlite3_bind_blob(statement, 2, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
        const int rc = sqlite3_step(statement);
        sqlite3_finalize(statement);
        if (rc != SQLITE_DONE) fail();
    }

    // An empty file: no table at all.
    [[nodiscard]] bool empty() const {
        sqlite3_stmt* statement = prepare("SELECT count(*) FROM sqlite_schema");
        const int rc = sqlite3_step(statement);
        const bool none = rc == SQLITE_ROW && sqlite3_column_int64(statement, 0) == 0;
        sqlite3_finalize(statement);
        if (rc != SQLITE_ROW) fail();
        return none;
    }

    void create() const {
        exec(
            "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "CREATE TABLE runs(identity TEXT PRIMARY KEY, used INTEGER NOT NULL);"
            "CREATE TABLE dictionaries(identity TEXT PRIMARY KEY, dictionary BLOB NOT NULL);"
            // Texts an audit's entries name by number (symbol_table.hpp), for every identity.
            "CREATE TABLE symbols(id INTEGER PRIMARY KEY, text BLOB NOT NULL);"
            // part 0 is a file's head: its digest, stat and either its
            // result (parts = 0) or its count of parts (rows 1..parts).
            "CREATE TABLE results(id INTEGER PRIMARY KEY, identity TEXT NOT NULL, path TEXT NOT NULL,"
            " part INTEGER NOT NULL, content BLOB NOT NULL, stat BLOB NOT NULL, stamp INTEGER NOT NULL,"
            " parts INTEGER NOT NULL, result BLOB NOT NULL, UNIQUE(identity, path, part));");
        sqlite3_stmt* statement = prepare("INSERT INTO meta(key, value) VALUES (?1, ?2)");
        const std::string tool = tool_text();
        for (const auto& [key, value] :
             {std::pair<const char*, std::string>{"format", cache_format}, {"schema", cache_schema}, {"tool", tool}}) {
            sqlite3_bind_text(statement, 1, key, -1, SQLITE_STATIC);
            sqlite3_bind_text(statement, 2, value.c_str(), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(statement) != SQLITE_DONE) {
                sqlite3_finalize(statement);
                fail();
            }
            sqlite3_reset(statement);
        }
        sqlite3_finalize(statement);
    }

    void prepare_statements() {
        select = prepare(
            "SELECT id, content, stat, stamp, parts, result FROM results"
            " WHERE identity = ?1 AND path = ?2 AND part = ?3");
        insert = prepare(
            "INSERT OR REPLACE INTO results(identity, path, part, content, stat, stamp, parts, result)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        refresh = prepare("UPDATE results SET stat = ?2, stamp = ?3 WHERE id = ?1");
        drop = prepare("DELETE FROM results WHERE id = ?1");
        for (auto& cursor : scans)
            cursor.statement = prepare(
                "SELECT id, content, stat, stamp, parts, result, path FROM results"
                " WHERE identity = ?1 AND path >= ?2 AND part = 0 ORDER BY path");
    }
    // Every cursor off its entry, so that nothing reads while the run's writes end.
    void stop_scans() {
        for (auto& cursor : scans) {
            sqlite3_reset(cursor.statement);
            cursor.on = false;
        }
    }
};

namespace {

void remove_cache_files(const std::filesystem::path& file) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
        std::error_code ignored;
        std::filesystem::remove(file.string() + suffix, ignored);
    }
}

}  // namespace

// One row as read, copied out of SQLite's buffers.
struct result_cache::kept_row {
    std::int64_t id = 0;
    std::string digest;
    std::string stat;
    std::int64_t stamp = 0;
    std::int64_t parts = 0;
    std::string result;
};

result_cache::result_cache(const std::filesystem::path& dir, std::string identity, diagnostics& notes)
    : file_(dir / cache_file_name), identity_(std::move(identity)), run_began_ns_(wall_clock_ns()) {
    std::error_code error;
    if (std::filesystem::exists(dir, error) && !std::filesystem::is_directory(dir, error))
        throw cache_error("`" + dir.string() + "` is not a folder");
    std::filesystem::create_directories(dir, error);
    if (error) throw cache_error("cannot create the cache folder `" + dir.string() + "`: " + error.message());
    if (std::filesystem::exists(file_, error) && !std::filesystem::is_regular_file(file_, error))
        throw cache_error("`" + file_.string() + "` is not a file");

    std::string why;
    try {
        db_ = std::make_unique<database>(file_);
        if (db_->empty()) {
            db_->create();
        } else {
            const auto format = db_->meta("format");
            const auto schema = db_->meta("schema");
            const auto tool = db_->meta("tool");
            if (format != cache_format)
                why = "it is not an appraise cache";
            else if (schema != cache_schema)
                why = "it has another schema (" + schema.value_or("none") + ")";
            else if (tool != tool_text())
                why = "it was written by " + tool.value_or("an unknown tool") + ", this is " + tool_text();
        }
    } catch (const sqlite_error& damaged) {
        why = std::string("SQLite cannot read it (") + damaged.what() + ")";
    } catch (const cache_error&) {
        throw;
    }
    if (!why.empty()) {
        db_.reset();
        open_fresh(notes, why);
        return;
    }
    try {
        db_->exec("BEGIN IMMEDIATE");
        db_->prepare_statements();
    } catch (const sqlite_error& busy) {
        usable_ = false;
        db_.reset();
        notes.push_back({severity::warning,
                         "cache/unavailable",
                         std::string("the cache cannot be used by this run (") + busy.what() +
                             "): every file is read, and nothing is kept",
                         {file_.string(), 0, 0},
                         "another run may be using it: wait for it, or give this run its own --cache"});
        return;
    }
    try {
        const auto kept = db_->dictionary(identity_);
        if (kept && !packer_.use_dictionary(*kept)) why = "the dictionary its entries were packed with is damaged";
    } catch (const sqlite_error& damaged) {
        why = std::string("SQLite cannot read it (") + damaged.what() + ")";
    }
    if (!why.empty()) open_fresh(notes, why);
}

result_cache::~result_cache() = default;

// Replaces the file by an empty cache; the caller holds the mutex or is the constructor.
void result_cache::open_fresh(diagnostics& notes, const std::string& why) {
    notes.push_back({severity::warning,
                     "cache/rebuilt",
                     "the cache " + file_.string() + " cannot be trusted: " + why + "; it is rebuilt from this run",
                     {file_.string(), 0, 0},
                     "nothing to do; every file is read this time"});
    db_.reset();
    seen_.clear();
    symbols_kept_ = 0;  // the new file holds none: all of the table is kept at commit
    remove_cache_files(file_);
    try {
        db_ = std::make_unique<database>(file_);
        db_->create();
        db_->exec("BEGIN IMMEDIATE");
        db_->prepare_statements();
        // Entries this run packs from now on name the dictionary in use.
        if (const std::string in_use = packer_.dictionary_bytes(); !in_use.empty())
            db_->keep_dictionary(identity_, in_use);
    } catch (const std::exception& failure) {
        usable_ = false;
        db_.reset();
        throw cache_error("cannot create the cache " + file_.string() + ": " + failure.what());
    }
}

// A damaged file met in the middle of a run: start again with an empty one.
void result_cache::note_damage(const std::string& why) {
    try {
        open_fresh(pending_notes_, why);
    } catch (const cache_error& failure) {
        pending_notes_.push_back({severity::warning,
                                  "cache/unavailable",
                                  std::string(failure.what()) + ": nothing more is kept by this run",
                                  {file_.string(), 0, 0},
                                  "check the cache folder"});
    }
}

// Under the mutex: the row a statement is on (id, content, stat, stamp, parts, result).
namespace {
template <typename Row>
Row read_row(sqlite3_stmt* select) {
    Row row;
    row.id = sqlite3_column_int64(select, 0);
    row.digest = column_bytes(select, 1);
    row.stat = column_bytes(select, 2);
    row.stamp = sqlite3_column_int64(select, 3);
    row.parts = sqlite3_column_int64(select, 4);
    const std::string_view result = column_bytes(select, 5);
    if (result.size() <= max_encoded_result) row.result = result;
    return row;
}

// Under the mutex: the row (identity, path, part), if any; throws sqlite_error.
template <typename Row>
std::optional<Row> fetch_row(sqlite3_stmt* select, const std::string& identity, const std::string& path,
                             std::size_t part) {
    sqlite3_bind_text(select, 1, identity.data(), static_cast<int>(identity.size()), SQLITE_STATIC);
    sqlite3_bind_text(select, 2, path.data(), static_cast<int>(path.size()), SQLITE_STATIC);
    sqlite3_bind_int64(select, 3, static_cast<sqlite3_int64>(part));
    const int rc = sqlite3_step(select);
    std::optional<Row> row;
    if (rc == SQLITE_ROW) row = read_row<Row>(select);
    sqlite3_reset(select);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw sqlite_error(sqlite3_errmsg(sqlite3_db_handle(select)));
    return row;
}

// One step of a cursor (database::scan); throws sqlite_error.
template <typename Scan>
void step(Scan& cursor) {
    const int rc = sqlite3_step(cursor.statement);
    if (rc == SQLITE_ROW) {
        cursor.at = column_bytes(cursor.statement, 6);
        cursor.on = true;
        return;
    }
    cursor.on = false;
    sqlite3_reset(cursor.statement);
    if (rc != SQLITE_DONE) throw sqlite_error(sqlite3_errmsg(sqlite3_db_handle(cursor.statement)));
}

// Under the mutex: the head row (part 0) of `path`, if any, found by the
// cursor just behind it (database::scan), which steps on to it; a cursor
// more than a few entries behind, or none behind, looks it up from the top.
// Throws sqlite_error.
template <typename Row, typename Database>
std::optional<Row> scan_row(Database& db, const std::string& identity, const std::string& path) {
    constexpr int most_steps = 16;
    typename Database::scan* cursor = nullptr;
    for (auto& candidate : db.scans)
        if (candidate.on && candidate.at <= path && (cursor == nullptr || cursor->at < candidate.at))
            cursor = &candidate;
    int steps = 0;
    if (cursor != nullptr)
        while (cursor->on && cursor->at < path && steps++ < most_steps) step(*cursor);
    if (cursor == nullptr || (cursor->on && cursor->at < path)) {
        if (cursor == nullptr)
            for (auto& candidate : db.scans)
                if (cursor == nullptr || candidate.used < cursor->used) cursor = &candidate;
        sqlite3_reset(cursor->statement);
        sqlite3_bind_text(cursor->statement, 1, identity.data(), static_cast<int>(identity.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(cursor->statement, 2, path.data(), static_cast<int>(path.size()), SQLITE_TRANSIENT);
        step(*cursor);
    }
    cursor->used = ++db.lookups;
    // Past it, or at the end: no entry of that path.
    if (!cursor->on || cursor->at != path) return std::nullopt;
    return read_row<Row>(cursor->statement);
}

void step_done(sqlite3_stmt* statement) {
    const int rc = sqlite3_step(statement);
    sqlite3_reset(statement);
    if (rc != SQLITE_DONE) throw sqlite_error(sqlite3_errmsg(sqlite3_db_handle(statement)));
}
}  // namespace

std::optional<result_cache::kept_row> result_cache::match(const corpus_file& file, std::string& ticket, bool streamed) {
    ticket.clear();
    // Before any byte is read: as the engine took the file on, or now.
    const std::optional<file_stat> now = file.taken_on ? stat_of(*file.taken_on) : stat_file(file.path);
    std::optional<kept_row> row;
    {
        std::lock_guard lock(mutex_);
        if (!usable_) return std::nullopt;
        try {
            row = scan_row<kept_row>(*db_, identity_, file.display);
        } catch (const sqlite_error& damaged) {
            note_damage(std::string("SQLite cannot read it (") + damaged.what() + ")");
            return std::nullopt;
        }
        if (row && ((row->parts > 0) != streamed || row->digest.size() != digest_size)) row.reset();
        if (row && now) {
            const auto kept_stat = decode_stat(row->stat);
            if (kept_stat && *kept_stat == *now && stat_is_settled(*kept_stat, row->stamp)) {
                // Unchanged since it was hashed, and settled then: not read.
                seen_.push_back(row->id);
                ++unread_;
                ticket = make_ticket(row->digest, now, file.path);
                return row;
            }
        }
    }
    const auto digest = sha256_of_file(file.path, streamed ? max_cached_streamed_file : max_cached_file);
    if (!digest) return std::nullopt;
    ticket = make_ticket(*digest, now, file.path);
    std::lock_guard lock(mutex_);
    if (!usable_ || !db_) return std::nullopt;
    try {
        if (row && row->digest == *digest) {
            seen_.push_back(row->id);
            // The same bytes: from now on their stat stands for them (once settled).
            const std::string stat = stat_of_ticket(ticket);
            sqlite3_bind_int64(db_->refresh, 1, row->id);
            sqlite3_bind_blob(db_->refresh, 2, stat.data(), static_cast<int>(stat.size()), SQLITE_TRANSIENT);
            sqlite3_bind_int64(db_->refresh, 3, run_began_ns_);
            step_done(db_->refresh);
            return row;
        }
        // A head of parts that no longer holds: gone before its parts are overwritten.
        if (streamed) {
            const auto old = fetch_row<kept_row>(db_->select, identity_, file.display, 0);
            if (old) {
                sqlite3_bind_int64(db_->drop, 1, old->id);
                step_done(db_->drop);
            }
        }
    } catch (const sqlite_error& damaged) {
        note_damage(std::string("SQLite cannot write it (") + damaged.what() + ")");
    }
    return std::nullopt;
}

std::optional<file_result> result_cache::decode_kept(const corpus_file& file, const std::string& blob) {
    try {
        if (blob.empty()) throw cache_error("an empty entry");
        const std::string encoded = packer_.unpack(blob);
        file_result result = kept_form_.decode ? kept_form_.decode(encoded) : decode_file_result(encoded);
        if (result.path != file.display) throw cache_error("an entry for another file");
        return result;
    } catch (const cache_error& damaged) {
        // Overwritten by remember() after this file is read.
        std::lock_guard lock(mutex_);
        pending_notes_.push_back({severity::warning,
                                  "cache/entry-refused",
                                  "the cached result of " + file.display + " does not decode (" + damaged.what() +
                                      "): the file is read again",
                                  {file_.string(), 0, 0},
                                  "nothing to do; if it recurs, `appraise cache clear` the folder"});
        return std::nullopt;
    }
}

void result_cache::set_kept_view(std::function<file_result(const file_result&)> view) {
    kept_form_.encode = [view = std::move(view)](const file_result& result) {
        return encode_file_result(view(result));
    };
    kept_form_.decode = [](std::string_view bytes) { return decode_file_result(bytes); };
}

void result_cache::keep_symbols(std::shared_ptr<symbol_table> symbols, diagnostics& notes) {
    std::lock_guard lock(mutex_);
    if (symbols->size() != 0) throw std::logic_error("result_cache::keep_symbols with a table already in use");
    symbols_ = std::move(symbols);
    symbols_kept_ = 0;
    if (!usable_ || !db_) return;
    std::string why;
    try {
        const std::vector<std::string> texts = db_->symbols();
        if (db_->meta("symbols").value_or(symbols_seal({})) != symbols_seal(texts))
            throw cache_error("its symbols are not the ones appraise kept");
        for (const auto& text : texts)
            if (symbols_->intern(text) != symbols_->size() - 1) throw cache_error("a symbol written twice");
        symbols_kept_ = texts.size();
    } catch (const sqlite_error& damaged) {
        why = std::string("SQLite cannot read it (") + damaged.what() + ")";
    } catch (const cache_error& damaged) {
        why = damaged.what();
    }
    // Numbers the table gave before the damage was seen name nothing in
    // the new file: all of the table is kept in it at commit.
    if (!why.empty()) open_fresh(notes, why);
}

std::optional<file_result> result_cache::recall(const corpus_file& file, std::string& ticket) {
    auto row = match(file, ticket, false);
    std::optional<file_result> result;
    if (row) result = decode_kept(file, row->result);
    if (result)
        ++hits_;
    else
        ++misses_;
    return result;
}

std::optional<std::size_t> result_cache::recall_parts(const corpus_file& file, std::string& ticket) {
    const auto row = match(file, ticket, true);
    if (!row) {
        ++misses_;
        return std::nullopt;
    }
    ++hits_;
    return static_cast<std::size_t>(row->parts);
}

std::optional<file_result> result_cache::recall_part(const corpus_file& file, std::size_t part) {
    std::optional<kept_row> row;
    {
        std::lock_guard lock(mutex_);
        if (!usable_ || !db_) return std::nullopt;
        try {
            row = fetch_row<kept_row>(db_->select, identity_, file.display, part + 1);
        } catch (const sqlite_error& damaged) {
            note_damage(std::string("SQLite cannot read it (") + damaged.what() + ")");
            return std::nullopt;
        }
        if (!row) return std::nullopt;
        seen_.push_back(row->id);
    }
    return decode_kept(file, row->result);
}

void result_cache::remember(const std::string& ticket, const file_result& result) {
    if (ticket.size() < ticket_head || !worth_keeping(result)) return;
    // The bytes read now must be the bytes hashed before: a file edited
    // while it was appraised is not kept under either version.
    const std::filesystem::path path = ticket.substr(ticket_head);
    const auto digest = sha256_of_file(path, max_cached_file);
    if (!digest || *digest != std::string_view(ticket).substr(0, digest_size)) return;
    const auto blob = pack(result);
    if (!blob) return;
    const std::string stat = stat_of_ticket(ticket);
    std::lock_guard lock(mutex_);
    if (!usable_ || !db_) return;
    insert_entry({result.path, 0, std::string_view(ticket).substr(0, digest_size), stat, run_began_ns_, 0, *blob});
}

bool result_cache::remember_part(const corpus_file& file, std::size_t part, const file_result& result) {
    if (!worth_keeping(result)) return false;
    const auto blob = pack(result);
    if (!blob) return false;
    std::lock_guard lock(mutex_);
    if (!usable_ || !db_) return false;
    return insert_entry({file.display, static_cast<std::int64_t>(part) + 1, {}, {}, 0, 0, *blob});
}

void result_cache::remember_parts(const std::string& ticket, const corpus_file& file, std::size_t count) {
    if (ticket.size() < ticket_head || count == 0) return;
    // Written last, and only for the bytes hashed before: the parts without
    // their head are never used.
    const auto digest = sha256_of_file(file.path, max_cached_streamed_file);
    if (!digest || *digest != std::string_view(ticket).substr(0, digest_size)) return;
    const std::string stat = stat_of_ticket(ticket);
    std::lock_guard lock(mutex_);
    if (!usable_ || !db_) return;
    insert_entry({file.display,
                  0,
                  std::string_view(ticket).substr(0, digest_size),
                  stat,
                  run_began_ns_,
                  static_cast<std::int64_t>(count),
                  {}});
}

std::optional<std::string> result_cache::pack(const file_result& result) {
    const std::string encoded = kept_form_.encode ? kept_form_.encode(result) : encode_file_result(result);
    if (encoded.size() > max_encoded_result) return std::nullopt;
    try {
        return packer_.pack(encoded);
    } catch (const cache_error&) {
        return std::nullopt;  // zstd refused it (out of memory): not kept
    }
}

// One row of the entries table; the caller holds the lock and has checked
// that the cache is usable. false: SQLite could not write it (noted).
bool result_cache::insert_entry(const entry_row& row) {
    try {
        // A dictionary trained on this run's first entries is kept before
        // the entries packed with it, in the same transaction.
        if (const auto trained = packer_.take_trained_dictionary()) db_->keep_dictionary(identity_, *trained);
        sqlite3_stmt* insert = db_->insert;
        const auto bind_text = [&](int column, std::string_view text) {
            sqlite3_bind_text(insert, column, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
        };
        // No bytes bind a zero-length blob, never NULL.
        const auto bind_blob = [&](int column, std::string_view bytes) {
            sqlite3_bind_blob(insert, column, bytes.empty() ? "" : bytes.data(), static_cast<int>(bytes.size()),
                              SQLITE_STATIC);
        };
        bind_text(1, identity_);
        bind_text(2, row.path);
        sqlite3_bind_int64(insert, 3, row.part);
        bind_blob(4, row.digest);
        bind_blob(5, row.stat);
        sqlite3_bind_int64(insert, 6, row.recorded_at_ns);
        sqlite3_bind_int64(insert, 7, row.parts);
        bind_blob(8, row.blob);
        step_done(insert);
        seen_.push_back(sqlite3_last_insert_rowid(db_->db));
        return true;
    } catch (const sqlite_error& damaged) {
        note_damage(std::string("SQLite cannot write it (") + damaged.what() + ")");
        return false;
    }
}

void result_cache::commit(diagnostics& notes) {
    std::lock_guard lock(mutex_);
    notes.insert(notes.end(), pending_notes_.begin(), pending_notes_.end());
    pending_notes_.clear();
    if (!usable_ || !db_) return;
    try {
        db_->stop_scans();
        sqlite3_stmt* used = db_->prepare(
            "INSERT OR REPLACE INTO runs(identity, used) VALUES (?1, (SELECT coalesce(max(used), 0) + 1 FROM runs))");
        sqlite3_bind_text(used, 1, identity_.data(), static_cast<int>(identity_.size()), SQLITE_STATIC);
        const int rc = sqlite3_step(used);
        sqlite3_finalize(used);
        if (rc != SQLITE_DONE) db_->fail();
        const std::string keep =
            "(SELECT identity FROM runs ORDER BY used DESC LIMIT " + std::to_string(cache_identities_kept) + ")";
        // The results of the identities dropped, found by the index (a
        // `NOT IN` over the results read the whole file: a second at a
        // million studies, every run).
        db_->exec(("DELETE FROM results WHERE identity IN (SELECT identity FROM runs WHERE identity NOT IN " + keep +
                   ");" + "DELETE FROM dictionaries WHERE identity NOT IN " + keep + ";" +
                   "DELETE FROM runs WHERE identity NOT IN " + keep + ";")
                      .c_str());
        // Files of this identity the run did not see were removed from the corpus.
        std::sort(seen_.begin(), seen_.end());
        seen_.erase(std::unique(seen_.begin(), seen_.end()), seen_.end());
        sqlite3_stmt* count = db_->prepare("SELECT count(*) FROM results WHERE identity = ?1");
        sqlite3_bind_text(count, 1, identity_.data(), static_cast<int>(identity_.size()), SQLITE_STATIC);
        const bool stale = sqlite3_step(count) == SQLITE_ROW &&
                           static_cast<std::size_t>(sqlite3_column_int64(count, 0)) > seen_.size();
        sqlite3_finalize(count);
        if (stale && forget_unseen_) {
            db_->exec("CREATE TEMP TABLE seen(id INTEGER PRIMARY KEY)");
            sqlite3_stmt* add = db_->prepare("INSERT INTO seen(id) VALUES (?1)");
            for (const auto id : seen_) {
                sqlite3_bind_int64(add, 1, id);
                sqlite3_step(add);
                sqlite3_reset(add);
            }
            sqlite3_finalize(add);
            sqlite3_stmt* drop =
                db_->prepare("DELETE FROM results WHERE identity = ?1 AND id NOT IN (SELECT id FROM seen)");
            sqlite3_bind_text(drop, 1, identity_.data(), static_cast<int>(identity_.size()), SQLITE_STATIC);
            const int dropped = sqlite3_step(drop);
            sqlite3_finalize(drop);
            if (dropped != SQLITE_DONE) db_->fail();
            db_->exec("DROP TABLE seen");
        }
        if (symbols_ && symbols_->size() > symbols_kept_) {
            db_->keep_symbols(symbols_kept_, symbols_->texts_from(symbols_kept_));
            db_->set_meta("symbols", symbols_seal(symbols_->texts_from(0)));
        }
        db_->exec("COMMIT");
    } catch (const sqlite_error& failure) {
        notes.push_back(
            {severity::warning,
             "cache/unavailable",
             std::string("the cache could not be written (") + failure.what() + "): the next run reads every file",
             {file_.string(), 0, 0},
             "check the cache folder's free space and permissions"});
    }
    db_.reset();
    usable_ = false;
}

bool clear_cache(const std::filesystem::path& dir) {
    const std::filesystem::path file = dir / cache_file_name;
    std::error_code error;
    const bool present = std::filesystem::exists(file, error);
    if (error) throw cache_error("cannot look in `" + dir.string() + "`: " + error.message());
    if (!present) return false;
    if (!std::filesystem::is_regular_file(file, error)) throw cache_error("`" + file.string() + "` is not a file");
    remove_cache_files(file);
    std::filesystem::remove(dir / file_digests_name, error);
    if (std::filesystem::exists(file, error)) throw cache_error("cannot remove " + file.string());
    return true;
}

}  // namespace appraise
