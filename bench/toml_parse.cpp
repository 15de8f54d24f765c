// toml_parse: the floor any TOML-based appraisal can reach. Parses every
// `*.toml` file below the given paths with toml++ (the parser appraise uses)
// and visits every value, doing nothing else: no study tree, no checks, no
// output but one line of totals, so the compiler cannot drop the work.
//
//   toml_parse [-j N] PATH...
//
// Files are listed first, in sorted order, then parsed by N threads (default
// 1), each taking the next file. Exit 1 if a file cannot be parsed.
#include <toml++/toml.h>
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct totals {
    std::uint64_t values = 0;
    std::uint64_t bytes = 0;  // of strings and keys, so every value is read
};

void visit(const toml::node& node, totals& t) {
    ++t.values;
    if (const auto* table = node.as_table()) {
        for (const auto& [key, value] : *table) {
            t.bytes += key.str().size();
            visit(value, t);
        }
    } else if (const auto* array = node.as_array()) {
        for (const auto& item : *array) visit(item, t);
    } else if (const auto* text = node.as_string()) {
        t.bytes += text->get().size();
    } else if (const auto* integer = node.as_integer()) {
        t.bytes += static_cast<std::uint64_t>(integer->get()) & 1U;
    } else if (const auto* real = node.as_floating_point()) {
        t.bytes += real->get() > 0 ? 1 : 0;
    } else if (const auto* flag = node.as_boolean()) {
        t.bytes += flag->get() ? 1 : 0;
    }
    t.bytes += static_cast<std::uint64_t>(node.source().begin.line & 1U);
}

std::vector<fs::path> list(int argc, char** argv, int first) {
    std::vector<fs::path> files;
    for (int i = first; i < argc; ++i) {
        const fs::path root = argv[i];
        if (fs::is_directory(root)) {
            for (const auto& entry : fs::recursive_directory_iterator(root))
                if (entry.is_regular_file() && entry.path().extension() == ".toml" &&
                    entry.path().filename() != "appraise.toml")
                    files.push_back(entry.path());
        } else {
            files.push_back(root);
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

int main(int argc, char** argv) {
    unsigned threads = 1;
    int first = 1;
    if (argc > 2 && std::string_view(argv[1]) == "-j") {
        threads = static_cast<unsigned>(std::max(1, std::atoi(argv[2])));
        first = 3;
    }
    if (first >= argc) {
        std::fprintf(stderr, "usage: toml_parse [-j N] PATH...\n");
        return 2;
    }
    const std::vector<fs::path> files = list(argc, argv, first);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::vector<totals> per_thread(threads);
    const auto work = [&](totals& t) {
        for (std::size_t i = next++; i < files.size(); i = next++) {
            try {
                const toml::table doc = toml::parse_file(files[i].string());
                visit(doc, t);
            } catch (const toml::parse_error& error) {
                std::fprintf(stderr, "%s: %s\n", files[i].string().c_str(), std::string(error.description()).c_str());
                failed = true;
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i) pool.emplace_back(work, std::ref(per_thread[i]));
    work(per_thread[0]);
    for (auto& thread : pool) thread.join();
    totals all;
    for (const auto& t : per_thread) {
        all.values += t.values;
        all.bytes += t.bytes;
    }
    std::printf("%zu files, %llu values, %llu bytes\n", files.size(), static_cast<unsigned long long>(all.values),
                static_cast<unsigned long long>(all.bytes));
    return failed ? 1 : 0;
}
