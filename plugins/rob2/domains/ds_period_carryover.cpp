// Domain S of the crossover variant: bias arising from period and carryover
// effects. The domain exists and sits after randomisation (instruments-2.md
// section 2, verified), but its questions come in two conflicting unverified
// encodings (X1, remembered from the 2021 tool; X2, a reference claiming to be
// verbatim) and no official algorithm was read. So the questions are captured
// under both readings, none is required, and the judgement is the reviewer's
// (override ds with a reason) until the official document is confirmed. Once
// the reviewer names the encoding (option crossover_encoding), its gates and
// its question set are checked: X1's S.2 only when S.1 is N/PN/NI, and X1 has
// neither S.4 nor domain 5's 5.4 (under_encoding below).
#include "rob2_domain.hpp"

namespace rob2 {
namespace {

verdict judge(const answer_sheet& a, const algorithm_settings& settings) {
    std::string read;
    for (const std::string_view id : {"S.1", "S.2", "S.3", "S.4"})
        if (a.answered(id)) read += (read.empty() ? "" : ", ") + a.show(id);
    const std::string encoding = settings.crossover_encoding.empty()
                                     ? std::string("encoding not chosen (option crossover_encoding)")
                                     : "answers follow encoding " + settings.crossover_encoding;
    return {judgement::no_information,
            "not assessed: no automatic algorithm for domain S until the official crossover algorithm is "
            "confirmed; the judgement is the reviewer's (override ds with a reason); " +
                (read.empty() ? std::string("no S answers coded") : read) + "; " + encoding};
}

}  // namespace

std::optional<question> under_encoding(const question& q, std::string_view encoding) {
    if (encoding == "X1") {
        if (q.id == "S.4" || q.id == "5.4") return std::nullopt;
        if (q.id == "S.2") {
            question gated = q;
            gated.reached = when("S.1", no_or_ni);
            return gated;
        }
    }
    if (encoding == "X2" && q.id == "5.4") {
        // The reviewer chose the encoding that asks it: required where reached.
        question asked = q;
        asked.optional_answer = false;
        return asked;
    }
    return q;
}

domain_unit period_carryover_domain() {
    return {
        .id = "ds",
        .name = "Period and carryover effects",
        .summary =
            "crossover trials only: period effects, carry-over between periods, washout and the paired "
            "analysis (S.1-S.4, unverified; the judgement is the reviewer's)",
        .assignment =
            {
                .questions =
                    {
                        {"S.1",
                         "ds",
                         "X1: Were (about) as many participants allocated to each sequence? X2: Is carry-over "
                         "implausible given the interventions and the outcome?",
                         standard_or_na,
                         {},
                         false,
                         true},
                        {"S.2",
                         "ds",
                         "X1 (when S.1 is N/PN/NI): Did the analysis allow for period effects? X2: If carry-over is "
                         "possible, was the washout long enough?",
                         standard_or_na,
                         {},
                         false,
                         true},
                        {"S.3",
                         "ds",
                         "X1: Was there time enough for carry-over to fade before the second period's outcome was "
                         "assessed? X2: Are data free of carry-over available (unaffected periods, or an adjustment)?",
                         standard_or_na,
                         {},
                         false,
                         true},
                        {"S.4",
                         "ds",
                         "X2 only: Was the analysis a suitable paired (within-participant) one?",
                         standard_or_na,
                         {},
                         false,
                         true},
                    },
                .judge = judge,
                .algorithm_words =
                    "None automatic: the official crossover algorithm has not been confirmed, so domain S is not "
                    "assessed until the reviewer gives the judgement as override ds = { judgement, reason }. The "
                    "answers are recorded as coded (any of Y PY PN N NI NA; none required). With crossover_encoding "
                    "= \"X1\" the gate of X1 is checked (S.2 is reached only when S.1 is N/PN/NI, otherwise NA, as "
                    "any gate) and S.4 is an error (X2 only); with \"X2\" the questions have no gates; with no "
                    "encoding chosen no gate is checked. For reference only, X1's rule: S.3 N/PN High, S.3 NI Some "
                    "concerns, S.3 Y/PY Low if "
                    "S.1 or S.2 is Y/PY, else Some concerns; X2's rule: Low if S.1 and S.4 are Y/PY, High if S.1, "
                    "S.2 and S.3 are N/PN or S.4 is N/PN with S.1 not Y/PY, else Some concerns.",
            },
        .adhering = std::nullopt,
    };
}

}  // namespace rob2
