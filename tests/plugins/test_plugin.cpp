// One source, several test plugins: compile definitions choose how this one
// misbehaves (see CMakeLists.txt). The entry points are written out by hand
// rather than with APPRAISE_PLUGIN so the info record can lie about versions.
#include <stdexcept>

#include <appraise/sdk/helpers.hpp>
#include <appraise/sdk/rubric_api.hpp>

namespace sdk = appraise::sdk;

#ifndef TEST_PLUGIN_API_MAJOR
#define TEST_PLUGIN_API_MAJOR ::appraise::sdk::api_major
#endif
#ifndef TEST_PLUGIN_API_MINOR
#define TEST_PLUGIN_API_MINOR ::appraise::sdk::api_minor
#endif
#ifndef TEST_PLUGIN_FINGERPRINT
#define TEST_PLUGIN_FINGERPRINT APPRAISE_SDK_FINGERPRINT
#endif
#ifndef TEST_PLUGIN_MAGIC
#define TEST_PLUGIN_MAGIC ::appraise::sdk::plugin_info_magic
#endif
#ifndef TEST_PLUGIN_INFO_SIZE
#define TEST_PLUGIN_INFO_SIZE sizeof(::appraise::sdk::plugin_info)
#endif
#ifndef TEST_PLUGIN_LAYOUT
#define TEST_PLUGIN_LAYOUT ::appraise::sdk::layout_fingerprint
#endif
#ifndef TEST_PLUGIN_NAME
#define TEST_PLUGIN_NAME TEST_RUBRIC_ID
#endif
// The rubric id it registers (a plugin may claim another's, e.g. rob2).
#ifndef TEST_PLUGIN_RUBRIC_ID
#define TEST_PLUGIN_RUBRIC_ID TEST_RUBRIC_ID
#endif

namespace {

// Emits one finding at the study's `year` (or id) and a one-domain judgement.
class test_rubric final : public sdk::rubric {
public:
    explicit test_rubric(std::int64_t threshold) : threshold_(threshold) {}

    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& study) const override {
#ifdef TEST_PLUGIN_THROWS
        if (study.id.find("boom") != std::string::npos) throw std::runtime_error("boom in " + study.id);
#endif
        sdk::appraisal result;
        const sdk::node* year = study.find("year");
        const bool old = year != nullptr && year->integer < threshold_;
        result.overall = old ? "high" : "low";
        result.domains.push_back({"age",
                                  "Age",
                                  result.overall.value(),
                                  {{"year", year ? std::to_string(year->integer) : "", year ? "coded" : "missing"}},
                                  old ? "High: year before threshold" : "Low: recent"});
        if (old)
            result.findings.push_back({std::string(TEST_PLUGIN_RUBRIC_ID) + "/old-study", sdk::severity::warning,
                                       "published before " + std::to_string(threshold_), study.locate("year")});
#if defined(TEST_PLUGIN_BAD_RESULTS)
        // Results that break the contract, each next to a good finding.
        result.findings.push_back({std::string(TEST_PLUGIN_RUBRIC_ID) + "/odd-severity", static_cast<sdk::severity>(7),
                                   "seven", study.id_where});
        result.findings.push_back({"no-prefix", sdk::severity::info, "an id without the rubric", study.id_where});
        result.findings.push_back({std::string(TEST_PLUGIN_RUBRIC_ID) + "/bad-text", sdk::severity::info,
                                   "bytes \xC3\x28 and \xFF", study.id_where});
        result.findings.push_back({std::string(TEST_PLUGIN_RUBRIC_ID) + "/elsewhere",
                                   sdk::severity::warning,
                                   "points at another file",
                                   {"/etc/passwd", 3, 1}});
        result.findings.push_back({std::string(TEST_PLUGIN_RUBRIC_ID) + "/bad-file",
                                   sdk::severity::info,
                                   "a file name that is not UTF-8",
                                   {"bad-\xFF.toml", 2, 1}});
        result.domains.front().rationale = "broken \xE2\x82";
        result.robvis_template = "ROB2-Cluster";  // a template its description does not declare
#endif
        return {result};
    }

private:
    std::int64_t threshold_;
};

void register_rubrics(sdk::registrar& host) {
#ifdef TEST_PLUGIN_REGISTER_THROWS
    throw std::runtime_error("registration exploded");
#endif
    host.log(sdk::log_level::debug, "registering");
    sdk::rubric_description d;
    d.id = TEST_PLUGIN_RUBRIC_ID;
    d.name = "Test rubric";
    d.version = "0.0.1";
    d.summary = "a rubric for testing the host";
    d.judgement_scale = {"low", "high"};
    d.domains = {{"age", "Age", "how old the study is"}};
    d.findings = {
        {"old-study", sdk::severity::warning, "study older than threshold", {"year"}, "every design", "test"}};
    d.options = {{"threshold", sdk::option_spec::kind::integer, "2010", 1900, 2100, "year before which it fires"}};
    const auto factory = [](const sdk::option_values& options) -> std::unique_ptr<sdk::rubric> {
        return std::make_unique<test_rubric>(sdk::option_integer(options, "threshold"));
    };
#ifdef TEST_PLUGIN_BAD_DEFAULT
    // A sibling whose default is no integer, one out of its range: both refused, this one kept.
    sdk::rubric_description ten = d;
    ten.id = d.id + "-ten";
    ten.options.front().default_value = "ten";
    host.add(ten, factory);
    sdk::rubric_description far = d;
    far.id = d.id + "-far";
    far.options.front().default_value = "3000";
    host.add(far, factory);
#endif
#ifdef TEST_PLUGIN_FACTORY_THROWS
    sdk::rubric_description broken = d;
    broken.id = d.id + "-broken";
    host.add(broken, [](const sdk::option_values&) -> std::unique_ptr<sdk::rubric> {
        throw std::runtime_error("factory exploded");
    });
#endif
    host.add(d, factory);
#ifdef TEST_PLUGIN_TWICE
    host.add(d, factory);
#endif
#ifdef TEST_PLUGIN_THROW_AFTER_ADD
    throw std::runtime_error("exploded after one rubric");
#endif
}

}  // namespace

extern "C" __attribute__((visibility("default"))) const sdk::plugin_info* appraise_plugin_info() {
    static const sdk::plugin_info info{TEST_PLUGIN_MAGIC,
                                       TEST_PLUGIN_INFO_SIZE,
                                       TEST_PLUGIN_API_MAJOR,
                                       TEST_PLUGIN_API_MINOR,
                                       TEST_PLUGIN_LAYOUT,
                                       TEST_PLUGIN_NAME,
                                       "0.0.1",
                                       TEST_PLUGIN_FINGERPRINT};
#ifdef TEST_PLUGIN_INFO_AT
    return reinterpret_cast<const sdk::plugin_info*>(TEST_PLUGIN_INFO_AT);  // NOLINT: a bad pointer on purpose
#endif
    return &info;
}

extern "C" __attribute__((visibility("default"))) void appraise_register_rubrics(sdk::registrar& host) {
    register_rubrics(host);
}
