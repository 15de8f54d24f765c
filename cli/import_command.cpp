// `appraise import`: bringing existing work in. `import sheet` turns a coding
// sheet (CSV or XLSX) into one coded study per row by a MAP
// (docs/import.md); the import is atomic: the studies are written into a
// temporary folder beside the target and renamed into place, so either every
// study is there or none (unless --keep-going, which writes the rows without
// an error). Other `import` subcommands add themselves under the parent
// add_import_command returns.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "appraise/import/csv_sheet.hpp"
#include "appraise/import/sheet_import.hpp"
#include "appraise/import/sheet_map.hpp"
#include "appraise/import/sheet_template.hpp"
#include "appraise/import/xlsx_sheet.hpp"
#include "appraise/text/escape.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "terminal.hpp"

namespace appraise::cli {
namespace {

namespace fs = std::filesystem;

// A new file holding `text`, created exclusively and synced before it is
// closed; false (errno set) on failure.
bool write_exclusive(const fs::path& file, const std::string& text) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) return false;
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int saved = errno;
            ::close(fd);
            errno = saved;
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    const int saved = errno;
    const bool closed = ::close(fd) == 0;
    if (!synced) errno = saved;
    return synced && closed;
}

// A folder's entries made durable (before the rename publishes them).
bool sync_folder(const fs::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    return synced;
}

struct import_sheet_options {
    std::string sheet_file;
    std::string map_file;
    std::string output;
    std::string sheet_name;
    std::string delimiter;
    bool keep_going = false;
    bool write_template = false;
};

diagnostic usage(std::string code, std::string message, std::string where, std::string hint) {
    return {severity::error, std::move(code), std::move(message), {std::move(where), 0, 0}, std::move(hint)};
}

bool xlsx_file(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".xlsx" || ext == ".xlsm") return true;
    if (ext == ".csv" || ext == ".tsv" || ext == ".txt") return false;
    std::ifstream in(path, std::ios::binary);
    std::string magic(4, '\0');
    in.read(magic.data(), 4);
    return in.gcount() == 4 && magic == std::string("PK\x03\x04", 4);
}

// Writes `files` into a new folder that then becomes `target` (which must
// not exist, or be empty): all files or none.
diagnostics write_folder(const std::string& target, const std::vector<std::pair<std::string, std::string>>& files) {
    diagnostics problems;
    const auto fail = [&](std::string code, std::string message, std::string hint) {
        problems.push_back(usage(std::move(code), std::move(message), target, std::move(hint)));
        return problems;
    };
    std::error_code error;
    fs::path dir = fs::path(target).lexically_normal();
    if (dir.filename().empty()) dir = dir.parent_path();
    if (fs::exists(fs::symlink_status(dir, error))) {
        if (!fs::is_directory(fs::symlink_status(dir, error)))
            return fail("import/output-exists", "the output exists and is not a folder", "name a new folder with -o");
        if (!fs::is_empty(dir, error) || error)
            return fail("import/output-exists", "the output folder is not empty: nothing is replaced",
                        "name a new or empty folder with -o");
    }
    const fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
    fs::create_directories(parent, error);
    if (error) return fail("import/write-failed", "cannot create " + parent.string() + ": " + error.message(), "");
    std::random_device seed;
    const fs::path temporary = parent / ("." + dir.filename().string() + ".import-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(seed()));
    if (!fs::create_directory(temporary, error) || error)
        return fail("import/write-failed", "cannot create a folder beside the output: " + error.message(),
                    "check the permissions of " + parent.string());
    const auto abandon = [&](const std::string& why) {
        std::error_code ignored;
        fs::remove_all(temporary, ignored);
        return fail("import/write-failed", why + "; nothing was written", "");
    };
    for (const auto& [name, text] : files) {
        // Exclusive: a second file of the same name (ids differing only in
        // case on a case-insensitive file system) fails rather than replaces.
        if (!write_exclusive(temporary / name, text))
            return abandon("cannot write " + (dir / name).string() + ": " + std::strerror(errno));
    }
    if (!sync_folder(temporary)) return abandon("cannot write " + dir.string() + ": " + std::strerror(errno));
    if (fs::exists(fs::symlink_status(dir, error))) fs::remove(dir, error);  // empty, checked above
    fs::rename(temporary, dir, error);
    if (error) return abandon("cannot move the studies into " + dir.string() + ": " + error.message());
    (void)sync_folder(parent);  // the rename itself; the studies are in place either way
    return problems;
}

int import_template(const import_sheet_options& options) {
    diagnostics problems;
    if (!options.sheet_file.empty() || !options.map_file.empty())
        problems.push_back(usage("import/usage", "--template writes a MAP and a sheet: it takes no SHEET or --map",
                                 "--template", "appraise import sheet --template -o DIR"));
    if (!problems.empty()) {
        print_diagnostics(problems);
        return exit_input_error;
    }
    problems =
        write_folder(options.output, {{"sheet-map.toml", sheet_template_map()}, {"sheet.csv", sheet_template_csv()}});
    print_diagnostics(problems);
    if (has_errors(problems)) return exit_input_error;
    std::cerr << "appraise: wrote " << terminal_text(options.output) << "/sheet-map.toml and "
              << terminal_text(options.output) << "/sheet.csv\n";
    return exit_ok;
}

int import_sheet_command(const import_sheet_options& options) {
    if (options.write_template) return import_template(options);
    diagnostics problems;
    if (options.sheet_file.empty())
        problems.push_back(usage("import/usage", "name the sheet to import", "SHEET",
                                 "appraise import sheet SHEET.csv|SHEET.xlsx --map MAP.toml -o DIR"));
    if (options.map_file.empty())
        problems.push_back(usage("import/usage", "name the MAP that says which column is which field", "--map",
                                 "`appraise import sheet --template -o DIR` writes one to start from"));
    char delimiter = 0;
    if (!options.delimiter.empty()) {
        if (options.delimiter == "," || options.delimiter == ";")
            delimiter = options.delimiter.front();
        else if (options.delimiter == "tab" || options.delimiter == "\\t" || options.delimiter == "\t")
            delimiter = '\t';
        else
            problems.push_back(usage("import/usage", "--delimiter is `,`, `;` or `tab`", "--delimiter", ""));
    }
    if (!problems.empty()) {
        print_diagnostics(problems);
        return exit_input_error;
    }

    const auto map_text = read_sheet_file(options.map_file, options.map_file, max_map_bytes, problems);
    std::optional<sheet_map> map;
    if (map_text) map = parse_sheet_map(*map_text, options.map_file, problems);

    const sheet_limits limits;
    std::optional<sheet_table> table;
    if (xlsx_file(options.sheet_file)) {
        if (!options.delimiter.empty())
            problems.push_back(usage("import/usage", "--delimiter is for a CSV sheet", "--delimiter", ""));
        else
            table = read_xlsx_sheet(options.sheet_file, options.sheet_file, options.sheet_name, limits, problems);
    } else if (!options.sheet_name.empty()) {
        problems.push_back(
            usage("import/usage", "--sheet names a sheet of an XLSX workbook; a CSV file has one", "--sheet", ""));
    } else {
        const auto text = read_sheet_file(options.sheet_file, options.sheet_file, limits.max_file_bytes, problems);
        if (text) table = parse_csv_sheet(*text, options.sheet_file, delimiter, limits, problems);
    }
    if (!map || !table) {
        print_diagnostics(problems);
        return exit_input_error;
    }

    sheet_import result = import_sheet(*table, *map);
    problems.insert(problems.end(), result.problems.begin(), result.problems.end());
    print_diagnostics(problems);
    const bool errors = has_errors(problems);
    if (errors && !options.keep_going) {
        if (result.rows_skipped > 0)
            std::cerr << "appraise: nothing written: " << result.rows_skipped << " of " << result.rows
                      << " row(s) have errors (--keep-going writes the others)\n";
        else
            std::cerr << "appraise: nothing written: the sheet could not be imported\n";
        return exit_input_error;
    }
    std::vector<std::pair<std::string, std::string>> files;
    for (auto& s : result.studies) files.emplace_back(s.file_name, std::move(s.text));
    const diagnostics written = write_folder(options.output, files);
    print_diagnostics(written);
    if (has_errors(written)) return exit_input_error;
    std::cerr << "appraise: imported " << files.size() << " stud" << (files.size() == 1 ? "y" : "ies") << " from "
              << terminal_text(options.sheet_file) << " into " << terminal_text(options.output);
    if (result.rows_skipped > 0) std::cerr << "; " << result.rows_skipped << " row(s) with errors not imported";
    std::cerr << '\n';
    return errors ? exit_input_error : exit_ok;
}

}  // namespace

CLI::App* add_import_command(CLI::App& app) {
    auto* import = app.add_subcommand(
        "import",
        "bring existing work in: coding sheets (CSV, XLSX) and judgement tables (robvis, RevMan, Covidence) as coded "
        "studies");
    import->require_subcommand(1);
    import->footer(exit_code_text);
    return import;
}

command add_import_sheet_command(CLI::App& import) {
    auto options = std::make_shared<import_sheet_options>();
    auto* sub = import.add_subcommand(
        "sheet",
        "one coded study per row of a coding sheet (CSV or XLSX), by a MAP of columns to fields (docs/import.md)");
    sub->add_option("sheet", options->sheet_file, "the sheet: .csv (RFC 4180, ',' or ';' or tab) or .xlsx")
        ->type_name("SHEET");
    sub->add_option("--map", options->map_file, "the MAP: which column is which field (TOML)")->type_name("MAP.toml");
    sub->add_option("-o,--output", options->output, "the folder to write, one <id>.toml per study (new or empty)")
        ->type_name("DIR")
        ->required();
    sub->add_option("--sheet", options->sheet_name, "the XLSX sheet to read (default: the first)")->type_name("NAME");
    sub->add_option("--delimiter", options->delimiter, "the CSV delimiter: `,`, `;` or `tab` (default: detected)")
        ->type_name("D");
    sub->add_flag("--keep-going", options->keep_going,
                  "write the rows without errors even when others have some (exit code 2 still)");
    sub->add_flag("--template", options->write_template,
                  "write DIR/sheet-map.toml and an empty DIR/sheet.csv with a column per field");
    sub->footer(
        "Exit codes: 0 every row imported; 2 usage error, or a bad cell (its row is not imported, and nothing "
        "is written without --keep-going).");
    return {sub, [options] { return import_sheet_command(*options); }};
}

}  // namespace appraise::cli
