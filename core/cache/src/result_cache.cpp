#include "appraise/cache/result_cache.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <system_error>

#include "appraise/cache/digest.hpp"
#include "appraise/cache/result_codec.hpp"
#include "appraise/model/version.hpp"

namespace appraise {
namespace {

constexpr const char* cache_format = "appraise-cache";
constexpr const char* cache_schema = "1";
// A study file is at most 8 MiB (the loader refuses more): a larger one is
// never cached, so its result always comes from reading it.
constexpr std::size_t max_cached_file = std::size_t{64} << 20;
constexpr std::size_t digest_size = 32;

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
        sqlite3_finalize(select);
        sqlite3_finalize(insert);
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
            "CREATE TABLE results(id INTEGER PRIMARY KEY, identity TEXT NOT NULL, path TEXT NOT NULL,"
            " content BLOB NOT NULL, result BLOB NOT NULL, UNIQUE(identity, path));");
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
        select = prepare("SELECT id, content, result FROM results WHERE identity = ?1 AND path = ?2");
        insert = prepare("INSERT OR REPLACE INTO results(identity, path, content, result) VALUES (?1, ?2, ?3, ?4)");
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

result_cache::result_cache(const std::filesystem::path& dir, std::string identity, diagnostics& notes)
    : file_(dir / cache_file_name), identity_(std::move(identity)) {
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
    }
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
    remove_cache_files(file_);
    try {
        db_ = std::make_unique<database>(file_);
        db_->create();
        db_->exec("BEGIN IMMEDIATE");
        db_->prepare_statements();
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

std::optional<file_result> result_cache::recall(const corpus_file& file, std::string& ticket) {
    ticket.clear();
    const auto bytes = read_bounded(file.path, max_cached_file);
    if (!bytes) return std::nullopt;
    const std::string digest = sha256().add(*bytes).binary();
    ticket = digest + file.path.string();
    std::string blob;
    {
        std::lock_guard lock(mutex_);
        if (!usable_) return std::nullopt;
        try {
            sqlite3_stmt* select = db_->select;
            sqlite3_bind_text(select, 1, identity_.data(), static_cast<int>(identity_.size()), SQLITE_STATIC);
            sqlite3_bind_text(select, 2, file.display.data(), static_cast<int>(file.display.size()), SQLITE_STATIC);
            const int rc = sqlite3_step(select);
            if (rc == SQLITE_ROW) {
                const auto* content = static_cast<const char*>(sqlite3_column_blob(select, 1));
                const auto content_size = static_cast<std::size_t>(sqlite3_column_bytes(select, 1));
                if (content_size == digest_size && std::memcmp(content, digest.data(), digest_size) == 0) {
                    const auto* result = static_cast<const char*>(sqlite3_column_blob(select, 2));
                    const auto result_size = static_cast<std::size_t>(sqlite3_column_bytes(select, 2));
                    if (result != nullptr && result_size <= max_encoded_result) {
                        blob.assign(result, result_size);
                        seen_.push_back(sqlite3_column_int64(select, 0));
                    }
                }
            }
            sqlite3_reset(select);
            if (rc != SQLITE_ROW && rc != SQLITE_DONE) db_->fail();
        } catch (const sqlite_error& damaged) {
            note_damage(std::string("SQLite cannot read it (") + damaged.what() + ")");
            blob.clear();
        }
    }
    if (blob.empty()) {
        ++misses_;
        return std::nullopt;
    }
    try {
        file_result result = decode_file_result(blob);
        if (result.path != file.display) throw cache_error("an entry for another file");
        ++hits_;
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
        ++misses_;
        return std::nullopt;
    }
}

void result_cache::remember(const std::string& ticket, const file_result& result) {
    if (ticket.size() < digest_size || !worth_keeping(result)) return;
    // The bytes read now must be the bytes hashed before: a file edited
    // while it was appraised is not kept under either version.
    const std::filesystem::path path = ticket.substr(digest_size);
    const auto bytes = read_bounded(path, max_cached_file);
    if (!bytes || sha256().add(*bytes).binary() != std::string_view(ticket).substr(0, digest_size)) return;
    const std::string blob = encode_file_result(result);
    if (blob.size() > max_encoded_result) return;
    std::lock_guard lock(mutex_);
    if (!usable_) return;
    try {
        sqlite3_stmt* insert = db_->insert;
        sqlite3_bind_text(insert, 1, identity_.data(), static_cast<int>(identity_.size()), SQLITE_STATIC);
        sqlite3_bind_text(insert, 2, result.path.data(), static_cast<int>(result.path.size()), SQLITE_STATIC);
        sqlite3_bind_blob(insert, 3, ticket.data(), static_cast<int>(digest_size), SQLITE_STATIC);
        sqlite3_bind_blob(insert, 4, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
        const int rc = sqlite3_step(insert);
        sqlite3_reset(insert);
        if (rc != SQLITE_DONE) db_->fail();
        seen_.push_back(sqlite3_last_insert_rowid(db_->db));
    } catch (const sqlite_error& damaged) {
        note_damage(std::string("SQLite cannot write it (") + damaged.what() + ")");
    }
}

void result_cache::commit(diagnostics& notes) {
    std::lock_guard lock(mutex_);
    notes.insert(notes.end(), pending_notes_.begin(), pending_notes_.end());
    pending_notes_.clear();
    if (!usable_ || !db_) return;
    try {
        sqlite3_stmt* used = db_->prepare(
            "INSERT OR REPLACE INTO runs(identity, used) VALUES (?1, (SELECT coalesce(max(used), 0) + 1 FROM runs))");
        sqlite3_bind_text(used, 1, identity_.data(), static_cast<int>(identity_.size()), SQLITE_STATIC);
        const int rc = sqlite3_step(used);
        sqlite3_finalize(used);
        if (rc != SQLITE_DONE) db_->fail();
        const std::string keep =
            "(SELECT identity FROM runs ORDER BY used DESC LIMIT " + std::to_string(cache_identities_kept) + ")";
        db_->exec(("DELETE FROM results WHERE identity NOT IN " + keep + ";" +
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
    if (std::filesystem::exists(file, error)) throw cache_error("cannot remove " + file.string());
    return true;
}

}  // namespace appraise
