#include "appraise/cache/shard_file.hpp"

#include <nlohmann/json.hpp>

#include <array>

#include "appraise/cache/result_codec.hpp"
#include "appraise/model/version.hpp"

namespace appraise {
namespace {

constexpr std::string_view base64_digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// The longest line a shard may hold: one item's results in base64, and its name.
constexpr std::size_t max_line = max_encoded_result / 3 * 4 + 65536;

std::string base64(std::string_view bytes) {
    std::string text;
    text.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const auto n = (std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16U) |
                       (std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8U) |
                       std::uint32_t{static_cast<unsigned char>(bytes[i + 2])};
        for (const unsigned shift : {18U, 12U, 6U, 0U}) text += base64_digits[(n >> shift) & 63U];
    }
    if (i < bytes.size()) {
        std::uint32_t n = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16U;
        if (i + 1 < bytes.size()) n |= std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8U;
        text += base64_digits[(n >> 18U) & 63U];
        text += base64_digits[(n >> 12U) & 63U];
        text += i + 1 < bytes.size() ? base64_digits[(n >> 6U) & 63U] : '=';
        text += '=';
    }
    return text;
}

std::optional<std::string> unbase64(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::array<int, 256> value{};
    value.fill(-1);
    for (std::size_t i = 0; i < base64_digits.size(); ++i)
        value[static_cast<unsigned char>(base64_digits[i])] = static_cast<int>(i);
    std::string bytes;
    bytes.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        std::uint32_t n = 0;
        int pad = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            const char c = text[i + j];
            if (c == '=' && i + 4 == text.size() && j >= 2) {
                ++pad;
                n <<= 6U;
                continue;
            }
            const int v = value[static_cast<unsigned char>(c)];
            if (v < 0 || pad > 0) return std::nullopt;
            n = (n << 6U) | static_cast<std::uint32_t>(v);
        }
        bytes += static_cast<char>((n >> 16U) & 0xFFU);
        if (pad < 2) bytes += static_cast<char>((n >> 8U) & 0xFFU);
        if (pad < 1) bytes += static_cast<char>(n & 0xFFU);
    }
    return bytes;
}

std::vector<std::string> strings(const nlohmann::json& value) {
    std::vector<std::string> list;
    for (const auto& item : value) list.push_back(item.get<std::string>());
    return list;
}

}  // namespace

shard_writer::shard_writer(std::ostream& out, const shard_header& header) : out_(out) {
    const nlohmann::ordered_json line = {
        {"format", shard_format},
        {"version", shard_format_version},
        {"tool", {{"name", tool_name}, {"version", tool_version}}},
        {"identity", header.identity},
        {"shard", {{"index", header.index}, {"count", header.count}}},
        {"command", header.command},
        {"purpose", header.purpose},
        {"weight", header.weight_field},
        {"by", header.group_by},
        {"paths", header.corpus_paths},
        {"config", header.config_file},
        {"plugin_dirs", header.plugin_dirs},
        {"rubric_dirs", header.rubric_dirs},
        {"rubrics", header.rubrics},
    };
    out_ << line.dump() << '\n';
}

void shard_writer::add(const file_result& item) {
    nlohmann::ordered_json line = {{"file", item.path}, {"result", base64(packer_.pack(encode_file_result(item)))}};
    if (item.continued) line["continued"] = true;  // a later part of a large file (file_result::continued)
    out_ << line.dump() << '\n';
    ++items_;
    // Trained on the items so far (this one included): the items after it use it.
    if (const auto trained = packer_.take_trained_dictionary())
        out_ << nlohmann::ordered_json{{"dictionary", base64(*trained)}}.dump() << '\n';
}

void shard_writer::finish() {
    out_ << nlohmann::ordered_json{{"end", items_}}.dump() << '\n';
}

shard_reader::shard_reader(const std::filesystem::path& file) : file_(file), in_(file, std::ios::binary) {
    if (!in_) throw cache_error("cannot read the shard file " + file.string());
    try {
        const auto head = nlohmann::json::parse(line());
        if (!head.is_object() || head.value("format", "") != shard_format)
            fail("not a shard file (`appraise run --shard I/N` writes them)");
        if (head.value("version", 0) != shard_format_version)
            fail("a shard file of another format version (" + head.value("version", nlohmann::json()).dump() + ")");
        const auto& tool = head.at("tool");
        if (tool.at("name").get<std::string>() != tool_name || tool.at("version").get<std::string>() != tool_version)
            fail("written by " + tool.at("name").get<std::string>() + " " + tool.at("version").get<std::string>() +
                 ", this is " + tool_name + " " + tool_version);
        header_.identity = head.at("identity").get<std::string>();
        header_.index = head.at("shard").at("index").get<std::size_t>();
        header_.count = head.at("shard").at("count").get<std::size_t>();
        if (header_.count == 0 || header_.index == 0 || header_.index > header_.count)
            fail("a shard number out of range");
        header_.command = head.at("command").get<std::string>();
        header_.purpose = head.at("purpose").get<std::string>();
        header_.weight_field = head.at("weight").get<std::string>();
        header_.group_by = head.at("by").get<std::string>();
        header_.corpus_paths = strings(head.at("paths"));
        header_.config_file = head.at("config").get<std::string>();
        header_.plugin_dirs = strings(head.at("plugin_dirs"));
        header_.rubric_dirs = strings(head.at("rubric_dirs"));
        header_.rubrics = strings(head.at("rubrics"));
    } catch (const nlohmann::json::exception&) {
        fail("a first line that is not a shard header");
    }
}

std::optional<file_result> shard_reader::next() {
    if (ended_) return std::nullopt;
    const std::string text = line();
    try {
        const auto item = nlohmann::json::parse(text);
        if (item.contains("dictionary")) {
            const auto bytes = unbase64(item.at("dictionary").get<std::string>());
            if (!bytes || packer_.dictionary_id() != 0 || !packer_.use_dictionary(*bytes))
                fail("a dictionary line that is not one, or a second one");
            return next();
        }
        if (item.contains("end")) {
            if (item.at("end").get<std::size_t>() != items_) fail("the end line counts another number of items");
            ended_ = true;
            return std::nullopt;
        }
        const auto bytes = unbase64(item.at("result").get<std::string>());
        if (!bytes) fail("a result that is not base64");
        file_result result = decode_file_result(packer_.unpack(*bytes));
        if (result.path != item.at("file").get<std::string>()) fail("a result for another file than it names");
        result.continued = item.value("continued", false);
        ++items_;
        return result;
    } catch (const nlohmann::json::exception&) {
        // Not the parser's text: it quotes the line, and the line is untrusted.
        fail("a line that is not a shard item (cut short, or edited?)");
    } catch (const cache_error& error) {
        if (std::string_view(error.what()).rfind(file_.string(), 0) == 0) throw;
        fail(std::string("a result that does not decode (") + error.what() + ")");
    }
}

std::string shard_reader::line() {
    std::string text;
    std::streambuf* buffer = in_.rdbuf();
    for (;;) {
        const int c = buffer->sbumpc();
        if (c == std::char_traits<char>::eof()) {
            if (text.empty()) fail("it ends before its end line (truncated?)");
            break;
        }
        if (c == '\n') break;
        if (text.size() == max_line) fail("a line longer than any shard writes");
        text += static_cast<char>(c);
    }
    ++line_;
    return text;
}

void shard_reader::fail(const std::string& why) const {
    throw cache_error(file_.string() + ":" + std::to_string(line_) + ": " + why);
}

}  // namespace appraise
