// `appraise serve [CORPUS_DIR] [--port N]`: the coding form and corpus page
// in the browser (docs/serve.md). cpp-httplib serves on 127.0.0.1 only; every
// request carries the printed token (in the URL once, then a cookie), names a
// Host of this machine, and gets a Content-Security-Policy that forbids any
// request to another origin. The API is serve_api.cpp; the page is compiled in.
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "appraise/agreement/agreement.hpp"
#include "appraise/agreement/consensus.hpp"
#include "appraise/agreement/consensus_marker.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "serve_api.hpp"
#include "serve_assets.hpp"
#include "serve_reports.hpp"
#include "serve_security.hpp"
#include "terminal.hpp"

namespace appraise::cli {
namespace {

struct serve_options {
    session_options setup;
    std::string corpus = ".";
    int port = 0;           // 0: a free port
    std::string compare;    // --compare B: coder B's corpus; the page serves their consensus
    std::string consensus;  // --consensus OUT: where that consensus is (default CORPUS-consensus)
};

// --compare B: the consensus corpus of A and B, written as `agree --consensus`
// writes it unless OUT already is one (the reviewers come back to it). Returns
// the folder to serve, or nullopt after printing why not.
std::optional<std::string> consensus_for(const serve_options& options) {
    namespace fs = std::filesystem;
    std::string out = options.consensus;
    if (out.empty()) {
        std::string a = options.corpus;
        while (a.size() > 1 && a.back() == '/') a.pop_back();
        out = a + "-consensus";
    }
    std::error_code error;
    if (fs::exists(fs::path(out) / consensus_marker_file, error)) {
        std::cerr << "appraise serve: serving the consensus corpus " << out
                  << " written earlier (move it away to compare the two corpora afresh)\n";
        return out;
    }
    session_options setup = options.setup;
    setup.corpus_paths = {options.corpus};  // the configuration is coder A's, as for agree
    std::unique_ptr<session> s = open_session(setup, true);
    if (!s) return std::nullopt;
    try {
        const coded_corpus a = load_coded_corpus({options.corpus}, s->rubrics, 0);
        const coded_corpus b = load_coded_corpus({options.compare}, s->rubrics, 0);
        print_diagnostics(a.problems);
        print_diagnostics(b.problems);
        diagnostics problems;
        const consensus_summary summary = write_consensus(a, b, out, s->config.file, problems);
        print_diagnostics(problems);
        if (has_errors(problems)) return std::nullopt;
        std::cerr << "appraise serve: consensus corpus written to " << out << ": " << summary.studies
                  << (summary.studies == 1 ? " study, " : " studies, ") << summary.marks
                  << (summary.marks == 1 ? " disagreement" : " disagreements") << " to resolve\n";
    } catch (const std::exception& failure) {
        std::cerr << "appraise: error: " << failure.what() << '\n';
        return std::nullopt;
    }
    return out;
}

constexpr const char* cookie_name = "appraise_token";
constexpr const char* token_header = "X-Appraise-Token";
// A study file is at most 8 MiB (study_loader.hpp); its JSON-escaped text and the edits fit in this.
constexpr std::size_t max_request_bytes = std::size_t{20} << 20;

// A report or figure made by `run` and `figure`: inline styles (they are
// self-contained files), no script at all, nothing from anywhere.
constexpr const char* report_security_policy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'";

constexpr const char* content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'";

void refuse(httplib::Response& res, int status, const std::string& why) {
    res.status = status;
    res.set_content("{\"error\":\"" + why + "\"}", "application/json");
}

void send(httplib::Response& res, const api_reply& reply) {
    res.status = reply.status;
    res.set_content(reply.body, "application/json");
}

const serve_asset* find_asset(std::string_view name) {
    for (const auto& asset : serve_assets())
        if (asset.name == name) return &asset;
    return nullptr;
}

int serve_command(const serve_options& given) {
    namespace fs = std::filesystem;
    serve_options options = given;
    if (!options.compare.empty()) {
        auto out = consensus_for(options);
        if (!out) return exit_input_error;
        options.corpus = *out;
    }
    std::error_code error;
    const fs::path root = fs::canonical(options.corpus, error);
    if (error || !fs::is_directory(root, error)) {
        print_diagnostics({{severity::error,
                            "usage/serve-corpus",
                            "`" + options.corpus + "` is not a folder",
                            {options.corpus, 0, 0},
                            "name the corpus folder: appraise serve CORPUS_DIR"}});
        return exit_input_error;
    }
    session_options setup = options.setup;
    setup.corpus_paths = {root.string()};
    std::unique_ptr<session> s = open_session(setup, true);
    if (!s) return exit_input_error;
    warn_load_failures(s->registry);
    serve_app app(std::move(s), root);
    const std::string token = random_token();

    // SIGINT and SIGTERM stop the server from a thread of their own (the
    // server's threads inherit the blocked mask); SIGUSR1 wakes that thread
    // when the server ended on its own.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    httplib::Server server;
    int port = 0;
    server.new_task_queue = [] { return new httplib::ThreadPool(4); };
    server.set_payload_max_length(max_request_bytes);
    server.set_read_timeout(10);
    server.set_write_timeout(10);
    server.set_keep_alive_timeout(5);
    // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, which would
    // let a second server share a port already in use instead of failing.
    server.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server.set_default_headers({{"Content-Security-Policy", content_security_policy},
                                {"X-Content-Type-Options", "nosniff"},
                                {"X-Frame-Options", "DENY"},
                                {"Referrer-Policy", "no-referrer"},
                                {"Cache-Control", "no-store"},
                                {"Cross-Origin-Resource-Policy", "same-origin"}});
    server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
        // A page that rebinds its own name to 127.0.0.1 still sends that name.
        if (!allowed_host(req.get_header_value("Host"), port)) {
            refuse(res, 403, "this server answers only to 127.0.0.1 and localhost");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (!allowed_origin(req.get_header_value("Origin"), port)) {
            refuse(res, 403, "requests from other origins are refused");
            return httplib::Server::HandlerResponse::Handled;
        }
        const bool by_query = same_token(req.get_param_value("token"), token);
        const bool by_cookie = same_token(cookie_value(req.get_header_value("Cookie"), cookie_name), token);
        const bool by_header = same_token(req.get_header_value(token_header), token);
        if (!by_query && !by_cookie && !by_header) {
            refuse(res, 403, "no valid token: open the URL appraise serve printed");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (req.method == "POST" && req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
            refuse(res, 415, "the API takes application/json");
            return httplib::Server::HandlerResponse::Handled;
        }
        // The token in the URL becomes a cookie only this origin sends, and leaves the address bar.
        if (by_query && req.method == "GET" && req.path == "/") {
            res.set_header("Set-Cookie",
                           std::string(cookie_name) + "=" + token + "; HttpOnly; SameSite=Strict; Path=/");
            res.set_redirect("/", 303);
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    server.Get("/", [](const httplib::Request&, httplib::Response& res) {
        const serve_asset* page = find_asset("index.html");
        res.set_content(std::string(page->bytes), std::string(page->content_type));
    });
    server.Get(R"(/assets/([a-z]+\.(js|css)))", [](const httplib::Request& req, httplib::Response& res) {
        const serve_asset* asset = find_asset(req.matches[1].str());
        if (asset == nullptr) return refuse(res, 404, "no such asset");
        res.set_content(std::string(asset->bytes), std::string(asset->content_type));
    });
    server.Get("/api/corpus", [&](const httplib::Request&, httplib::Response& res) { send(res, app.corpus()); });
    server.Get("/api/form", [&](const httplib::Request&, httplib::Response& res) { send(res, app.form()); });
    server.Get("/api/study", [&](const httplib::Request& req, httplib::Response& res) {
        send(res, app.study(req.get_param_value("file")));
    });
    server.Post("/api/preview",
                [&](const httplib::Request& req, httplib::Response& res) { send(res, app.preview(req.body)); });
    server.Post("/api/save",
                [&](const httplib::Request& req, httplib::Response& res) { send(res, app.save(req.body)); });
    server.Post("/api/undo",
                [&](const httplib::Request& req, httplib::Response& res) { send(res, app.undo(req.body)); });
    server.Post("/api/create",
                [&](const httplib::Request& req, httplib::Response& res) { send(res, app.create(req.body)); });
    // The reports of the corpus as it is now (at most one being made at a time).
    std::mutex report_mutex;
    const auto serve_report = [&](httplib::Response& res, const std::vector<std::string>& args, const std::string& name,
                                  const std::string& type) {
        const std::lock_guard lock(report_mutex);
        std::string why;
        const auto bytes = run_self(args, name, 300, why);
        if (!bytes) return refuse(res, 500, "the report could not be made");
        res.set_content(*bytes, type);
        res.headers.erase("Content-Security-Policy");  // the page's policy is replaced, not added to
        res.set_header("Content-Security-Policy", report_security_policy);
    };
    server.Get("/report.html", [&](const httplib::Request&, httplib::Response& res) {
        std::vector<std::string> args{"run", root.string(), "--format", "html"};
        const auto setup_args = setup_arguments(options.setup, true);
        args.insert(args.end(), setup_args.begin(), setup_args.end());
        serve_report(res, args, "report.html", "text/html; charset=utf-8");
    });
    server.Get(R"(/figure/([a-z0-9-]+)/(traffic-light|summary)\.svg)",
               [&](const httplib::Request& req, httplib::Response& res) {
                   std::vector<std::string> args{"figure", root.string(),        "--rubric", req.matches[1].str(),
                                                 "--kind", req.matches[2].str(), "--format", "svg"};
                   const auto setup_args = setup_arguments(options.setup, false);
                   args.insert(args.end(), setup_args.begin(), setup_args.end());
                   serve_report(res, args, "figure.svg", "image/svg+xml");
               });
    server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty()) res.set_content("{\"error\":\"" + std::to_string(res.status) + "\"}", "application/json");
    });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
        refuse(res, 500, "the request failed");
    });

    // The loopback interface only: nothing on any other.
    port = options.port == 0 ? server.bind_to_any_port("127.0.0.1")
                             : (server.bind_to_port("127.0.0.1", options.port) ? options.port : -1);
    if (port <= 0) {
        print_diagnostics({{severity::error,
                            "usage/serve-port",
                            "cannot listen on 127.0.0.1:" + std::to_string(options.port),
                            {"--port", 0, 0},
                            "choose another port, or --port 0 for a free one"}});
        return exit_input_error;
    }
    const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/?token=" + token;
    std::cout << url << std::endl;
    std::cerr << "appraise serve: serving " << root.string() << " on 127.0.0.1:" << port
              << " (only this machine); open the URL above. Ctrl-C stops.\n";
    // A signal may come before the server listens (stop() then does nothing):
    // the stopper asks until the server has ended.
    std::atomic<bool> ended{false};
    std::thread stopper([&server, &ended, stop_signals] {
        int signal_number = 0;
        sigwait(&stop_signals, &signal_number);
        while (!ended) {
            server.stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    const bool served = server.listen_after_bind();
    ended = true;
    pthread_kill(stopper.native_handle(), SIGUSR1);
    stopper.join();
    return served ? exit_ok : exit_input_error;
}

}  // namespace

command add_serve_command(CLI::App& app) {
    auto options = std::make_shared<serve_options>();
    auto* sub = app.add_subcommand("serve",
                                   "code studies in the browser: a local web page with the corpus, a form generated "
                                   "from the codebook and the rubrics, live validation and judgements (docs/serve.md)");
    sub->add_option("corpus", options->corpus, "the corpus folder (default: the current folder)")->type_name("DIR");
    sub->add_option("--port", options->port, "port on 127.0.0.1 (default 0: a free one, printed)")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    sub->add_option("--compare", options->compare,
                    "coder B's corpus: serve the consensus of CORPUS_DIR (coder A) and B, each disagreement to "
                    "resolve side by side (written as `agree --consensus` does, unless OUT already holds one)")
        ->type_name("B");
    sub->add_option("--consensus", options->consensus,
                    "with --compare: the consensus folder (default: CORPUS_DIR-consensus)")
        ->type_name("OUT");
    add_setup_options(*sub, options->setup, true);
    sub->footer(
        "Prints http://127.0.0.1:PORT/?token=TOKEN: open it in a browser on this machine. "
        "Exit codes: 0 stopped (Ctrl-C); 2 usage or configuration error.");
    return {sub, [options] { return serve_command(*options); }};
}

}  // namespace appraise::cli
