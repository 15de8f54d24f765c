// One source, several plugins that misbehave on a study whose id contains
// "bad" (compile definitions choose how: see CMakeLists.txt): the faults
// --isolate must contain (tests/host/test_isolation.cpp). Every other study
// gets the same appraisal as from test-good.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <appraise/sdk/rubric_api.hpp>

namespace sdk = appraise::sdk;

namespace {

void misbehave() {
#if defined(TEST_FAULT_SEGV)
    // A real invalid access (a constant null would let the compiler emit a trap instead).
    volatile std::uintptr_t address = 8;
    *reinterpret_cast<volatile int*>(address) = 1;
#elif defined(TEST_FAULT_ABORT)
    std::abort();
#elif defined(TEST_FAULT_LOOP)
    volatile bool spinning = true;
    while (spinning) {
    }
#elif defined(TEST_FAULT_EXIT)
    std::exit(0);
#elif defined(TEST_FAULT_STDOUT)
    std::cout << "{\"injected\": \"by a plugin\"}\n";
    std::printf("printf from a plugin\n");
    const char raw[] = "write(2) from a plugin\n";
    (void)!::write(1, raw, sizeof raw - 1);
#elif defined(TEST_FAULT_THROW)
    throw 42;  // not a std::exception
#endif
}

class faulty_rubric final : public sdk::rubric {
public:
    [[nodiscard]] std::vector<sdk::appraisal> appraise(const sdk::study& study) const override {
        if (study.id.find("bad") != std::string::npos) misbehave();
        sdk::appraisal result;
        const sdk::node* year = study.find("year");
        const bool old = year != nullptr && year->integer < 2010;
        result.overall = old ? "high" : "low";
        result.domains.push_back({"age",
                                  "Age",
                                  result.overall.value(),
                                  {{"year", year ? std::to_string(year->integer) : "", year ? "coded" : "missing"}},
                                  old ? "High: year before 2010" : "Low: recent"});
        if (old)
            result.findings.push_back({std::string(TEST_RUBRIC_ID) + "/old-study", sdk::severity::warning,
                                       "published before 2010", study.locate("year")});
        return {result};
    }
};

void register_rubrics(sdk::registrar& host) {
#if defined(TEST_FAULT_STDOUT)
    std::cout << "registering, says a plugin\n";  // in the host's process, isolated or not
#endif
    sdk::rubric_description d;
    d.id = TEST_RUBRIC_ID;
    d.name = "Faulty test rubric";
    d.version = "0.0.1";
    d.summary = "a rubric that misbehaves on studies whose id contains \"bad\"";
    d.judgement_scale = {"low", "high"};
    d.domains = {{"age", "Age", "how old the study is"}};
    d.findings = {{"old-study", sdk::severity::warning, "study before 2010", {"year"}, "every design", "test"}};
    host.add(d, [](const sdk::option_values&) {
#if defined(TEST_FAULT_STDOUT)
        std::printf("creating, says a plugin\n");
#endif
        return std::make_unique<faulty_rubric>();
    });
}

}  // namespace

APPRAISE_PLUGIN(TEST_RUBRIC_ID, "0.0.1", register_rubrics)
