// The JSON API of `appraise serve` (docs/serve.md), computed by the session
// `appraise run` uses: its configuration, rubrics and plugins, the engine's
// loading and appraisal of a file. Independent of the HTTP library: each call
// takes the request's parts and gives a status and a JSON body, so the server
// (serve_command.cpp) only routes. Calls are serialised: rubrics and the
// files of the corpus are used by one request at a time.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "session.hpp"

namespace appraise::cli {

struct api_reply {
    int status = 200;
    std::string body;  // JSON
};

class serve_app {
public:
    // `root`: the corpus folder, canonical.
    serve_app(std::unique_ptr<session> s, std::filesystem::path root);

    // GET /api/corpus: every study with its state and judgements.
    [[nodiscard]] api_reply corpus();
    // GET /api/form: the codebook and each chosen rubric's questions, for generating the form.
    [[nodiscard]] api_reply form() const;
    // GET /api/study?file=: the file's text, its hash, and each study's values, diagnostics and appraisals.
    [[nodiscard]] api_reply study(std::string_view file);
    // POST /api/preview {file, text, edits}: the edits applied to `text`, validated and appraised; nothing saved.
    [[nodiscard]] api_reply preview(std::string_view body);
    // POST /api/save {file, hash, text}: written atomically unless the file changed since `hash` (409).
    [[nodiscard]] api_reply save(std::string_view body);
    // POST /api/undo {file}: the version before this server's last save of the file, back in place.
    [[nodiscard]] api_reply undo(std::string_view body);
    // POST /api/create {file, id}: a new study file holding only its id.
    [[nodiscard]] api_reply create(std::string_view body);

private:
    struct saved {
        std::string previous;  // the file's text before the save
        std::string hash;      // the hash of what was saved
    };
    [[nodiscard]] std::string analyse(const std::string& relative, const std::string& text) const;

    std::unique_ptr<session> session_;
    std::filesystem::path root_;
    bool consensus_corpus_ = false;
    std::map<std::string, saved> undo_;
    mutable std::mutex mutex_;
};

}  // namespace appraise::cli
