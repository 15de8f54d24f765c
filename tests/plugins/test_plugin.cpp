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
            result.findings.push_back({std::string(TEST_RUBRIC_ID) + "/old-study", sdk::severity::warning,
                                       "published before " + std::to_string(threshold_), study.locate("year")});
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
    d.id = TEST_RUBRIC_ID;
    d.name = "Test rubric";
    d.version = "0.0.1";
    d.summary = "a rubric for testing the host";
    d.judgement_scale = {"low", "high"};
    d.domains = {{"age", "Age", "how old the study is"}};
    d.findings = {
        {"old-study", sdk::severity::warning, "study older than threshold", {"year"}, "every design", "test"}};
    d.options = {{"threshold", sdk::option_spec::kind::integer, "2010", 1900, 2100, "year before which it fires"}};
    host.add(d, [](const sdk::option_values& options) {
        return std::make_unique<test_rubric>(sdk::option_integer(options, "threshold"));
    });
}

}  // namespace

extern "C" __attribute__((visibility("default"))) const sdk::plugin_info* appraise_plugin_info() {
    static const sdk::plugin_info info{TEST_PLUGIN_API_MAJOR, TEST_PLUGIN_API_MINOR, TEST_RUBRIC_ID, "0.0.1",
                                       TEST_PLUGIN_FINGERPRINT};
    return &info;
}

extern "C" __attribute__((visibility("default"))) void appraise_register_rubrics(sdk::registrar& host) {
    register_rubrics(host);
}
