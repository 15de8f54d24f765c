// generate_studies: writes a deterministic corpus of synthetic, valid coded
// studies (format v1, see ../shared/design/study-format.md) for the benchmark.
//
//   generate_studies OUT_DIR N [--seed S]
//
// Study i (1-based) goes to OUT_DIR/sKKKKKK/study-IIIIIII.toml, 1000 studies per
// shard directory; names are zero-padded so sorted path order is numeric order.
// Each study is drawn from its own generator seeded from (S, i), so the first N
// studies of a larger corpus are byte-identical to a corpus of N studies with
// the same seed. Only std::mt19937_64 (whose output the standard fixes) and
// integer arithmetic written here are used, so the output is the same with
// every standard library and compiler.
#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;
using sv = std::string_view;

constexpr std::uint64_t default_seed = 20240601;
constexpr std::uint64_t studies_per_shard = 1000;

// ---------------------------------------------------------------- randomness

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

class random_source {
public:
    explicit random_source(std::uint64_t seed) : engine_(seed) {}

    // Uniform integer in [0, n), n > 0, by rejection (no modulo bias).
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
        for (;;) {
            const std::uint64_t x = engine_();
            if (x >= threshold) return x % n;
        }
    }
    // Uniform integer in [lo, hi].
    int range(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo) + 1)); }
    // True with probability percent/100.
    bool chance(int percent) { return below(100) < static_cast<std::uint64_t>(percent); }

    template <class T, std::size_t N>
    const T& pick(const std::array<T, N>& items) {
        return items[below(N)];
    }
    // Index drawn with the given integer weights.
    template <std::size_t N>
    std::size_t weighted(const std::array<int, N>& weights) {
        int total = 0;
        for (int w : weights) total += w;
        int x = static_cast<int>(below(static_cast<std::uint64_t>(total)));
        for (std::size_t i = 0; i < N; ++i) {
            if (x < weights[i]) return i;
            x -= weights[i];
        }
        return N - 1;
    }
    // k distinct indices from [0, n), in increasing order.
    std::vector<std::size_t> distinct(std::size_t n, std::size_t k) {
        std::vector<std::size_t> idx(n);
        for (std::size_t i = 0; i < n; ++i) idx[i] = i;
        for (std::size_t i = 0; i < k && i < n; ++i) {  // partial Fisher-Yates
            const std::size_t j = i + static_cast<std::size_t>(below(n - i));
            std::swap(idx[i], idx[j]);
        }
        idx.resize(std::min(k, n));
        std::sort(idx.begin(), idx.end());
        return idx;
    }

private:
    std::mt19937_64 engine_;
};

// ---------------------------------------------------------------- TOML output

std::string toml_string(sv s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                out += c;
        }
    }
    out += '"';
    return out;
}

// A fraction given in hundredths, printed as a TOML float: 85 -> 0.85.
std::string hundredths(int h) {
    std::string out = std::to_string(h / 100) + ".";
    const int frac = h % 100;
    if (frac < 10) out += '0';
    out += std::to_string(frac);
    return out;
}

std::string padded(std::uint64_t value, int width) {
    std::string digits = std::to_string(value);
    if (static_cast<int>(digits.size()) < width) digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
    return digits;
}

class toml_text {
public:
    void table(sv name) {
        if (!text_.empty()) text_ += '\n';
        text_ += '[';
        text_ += name;
        text_ += "]\n";
    }
    void array_table(sv name) {
        if (!text_.empty()) text_ += '\n';
        text_ += "[[";
        text_ += name;
        text_ += "]]\n";
    }
    void str(sv key, sv value) { line(key, toml_string(value)); }
    void integer(sv key, long long value) { line(key, std::to_string(value)); }
    void fraction(sv key, int h) { line(key, hundredths(h)); }
    void boolean(sv key, bool value) { line(key, value ? "true" : "false"); }
    void strings(sv key, const std::vector<std::string>& values) {
        std::string v = "[";
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i) v += ", ";
            v += toml_string(values[i]);
        }
        line(key, v + "]");
    }
    void integers(sv key, const std::vector<int>& values) {
        std::string v = "[";
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i) v += ", ";
            v += std::to_string(values[i]);
        }
        line(key, v + "]");
    }
    void fractions(sv key, const std::vector<int>& values) {
        std::string v = "[";
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i) v += ", ";
            v += hundredths(values[i]);
        }
        line(key, v + "]");
    }
    void comment(sv text) {
        text_ += "# ";
        text_ += text;
        text_ += '\n';
    }
    const std::string& text() const { return text_; }

private:
    void line(sv key, const std::string& value) {
        text_ += key;
        text_ += " = ";
        text_ += value;
        text_ += '\n';
    }
    std::string text_;
};

// ---------------------------------------------------------------- vocabulary

struct place_row {
    sv language;
    sv country;
    int weight;
};
constexpr std::array<place_row, 16> places{{
    {"en", "United Kingdom", 8},
    {"en", "United States", 10},
    {"en", "Australia", 5},
    {"en", "Canada", 4},
    {"zh", "China", 22},
    {"zh", "Taiwan", 4},
    {"de", "Germany", 5},
    {"es", "Spain", 4},
    {"pt", "Brazil", 5},
    {"fr", "France", 4},
    {"ja", "Japan", 4},
    {"ko", "South Korea", 4},
    {"nl", "Netherlands", 3},
    {"sv", "Sweden", 3},
    {"tr", "Turkey", 4},
    {"fa", "Iran", 4},
}};

constexpr std::array<sv, 24> surnames{"Wang",    "Li",     "Zhang",  "Liu",     "Chen",    "Smith",
                                      "Johnson", "Brown",  "Garcia", "Mueller", "Schmidt", "Rossi",
                                      "Silva",   "Santos", "Tanaka", "Suzuki",  "Kim",     "Park",
                                      "Yilmaz",  "Ahmadi", "Dubois", "Martin",  "Jansen",  "Lindqvist"};
constexpr std::array<sv, 26> initials{"A", "B", "C", "D", "E", "F", "G", "H", "J", "K",   "L",   "M",   "N",
                                      "P", "Q", "R", "S", "T", "W", "X", "Y", "Z", "H-Y", "J-L", "M-C", "X-F"};

struct population_row {
    sv text;
    int age_min;
    int age_max;
    sv setting;
    sv cluster_unit;  // what a cluster is for this population
};
constexpr std::array<population_row, 12> populations{{
    {"university students", 17, 25, "university campus", "class"},
    {"secondary school students", 12, 18, "secondary school", "school"},
    {"primary school children", 6, 12, "primary school", "school"},
    {"nursing students", 18, 30, "nursing college", "class"},
    {"older adults in residential care", 65, 95, "residential care home", "care home"},
    {"community-dwelling older adults", 60, 90, "community centre", "community"},
    {"adults with type 2 diabetes", 35, 75, "primary care clinic", "clinic"},
    {"patients after stroke", 40, 85, "rehabilitation ward", "ward"},
    {"pregnant women", 18, 42, "antenatal clinic", "clinic"},
    {"office workers", 22, 60, "workplace", "workplace"},
    {"children with overweight or obesity", 7, 14, "primary school", "school"},
    {"adolescents with depressive symptoms", 13, 19, "school counselling centre", "school"},
}};

// Modalities, as used in tags and intervention components.
constexpr std::array<sv, 5> modalities{"education", "sport", "nutrition", "nursing", "psychosocial"};
constexpr std::array<sv, 5> modality_means{"health education", "regular physical activity", "dietary change",
                                           "structured nursing care", "psychosocial support"};

struct programme_row {
    std::size_t modality;  // index into modalities
    sv name;
    sv materials;
    sv procedures;
    sv provider;
    sv discipline;  // one of the format's suggested disciplines
};
constexpr std::array<programme_row, 16> programmes{{
    {0, "health education programme", "slide decks and a printed workbook",
     "interactive lectures followed by small-group discussion", "trained health educators", "teacher"},
    {0, "mental health literacy course", "course handbook and short videos",
     "weekly lessons on recognising distress and seeking help", "class teachers", "teacher"},
    {0, "peer-led education", "peer leader manual and activity cards",
     "peer leaders run structured sessions with role play", "trained peer leaders", "volunteer"},
    {1, "aerobic exercise programme", "heart-rate monitors and an exercise log",
     "warm-up, 30 minutes of moderate aerobic exercise and cool-down", "physical education teachers", "coach"},
    {1, "tai chi training", "instruction video and posture charts", "24-form Yang-style tai chi practised in groups",
     "certified tai chi instructors", "coach"},
    {1, "basketball training", "balls, cones and a skills checklist", "skill drills and small-sided games",
     "sports coaches", "coach"},
    {1, "yoga classes", "mats and an illustrated pose booklet", "breathing exercises, postures and guided relaxation",
     "yoga teachers", "coach"},
    {2, "school meal programme", "menus and portion guides", "balanced school lunches with taste-testing lessons",
     "school catering staff and teachers", "teacher"},
    {2, "dietary counselling", "food diaries and a meal-planning booklet",
     "individual counselling on meal planning and portion size", "registered dietitians", "nurse"},
    {3, "nurse-led follow-up", "discharge booklet and a symptom diary",
     "structured telephone and home follow-up after discharge", "ward nurses", "nurse"},
    {3, "transitional care programme", "care plan template and education leaflets",
     "discharge planning, home visits and telephone support", "specialist nurses", "nurse"},
    {3, "continuous nursing care", "nursing pathway and self-management diary",
     "nurse-coordinated care from admission to home", "nurses and physicians", "physician"},
    {4, "group counselling", "session guide and worksheets",
     "structured group sessions on emotion regulation and problem solving", "school counsellors", "psychologist"},
    {4, "mindfulness-based stress reduction", "audio recordings and a home-practice log",
     "guided meditation, body scan and mindful movement", "certified mindfulness teachers", "psychologist"},
    {4, "cognitive behavioural group therapy", "therapist manual and homework sheets",
     "cognitive restructuring, behavioural activation and relapse prevention", "clinical psychologists",
     "psychologist"},
    {4, "peer support programme", "facilitator guide",
     "facilitated peer groups sharing experiences and coping strategies", "social workers and volunteers",
     "social-worker"},
}};

struct outcome_row {
    sv id;
    sv name;
    std::array<sv, 3> instruments;  // empty string = fewer choices
    bool self_report;
};
constexpr std::array<outcome_row, 12> outcomes{{
    {"depression",
     "depressive symptoms",
     {"Self-Rating Depression Scale (SDS)", "Patient Health Questionnaire-9", "Beck Depression Inventory-II"},
     true},
    {"anxiety",
     "anxiety",
     {"Self-Rating Anxiety Scale (SAS)", "Generalised Anxiety Disorder-7", "State-Trait Anxiety Inventory"},
     true},
    {"mental-health",
     "mental health",
     {"Symptom Checklist-90 (SCL-90)", "Mental Health Test", "General Health Questionnaire-12"},
     true},
    {"quality-of-life", "health-related quality of life", {"SF-36", "WHOQOL-BREF", "EQ-5D-5L"}, true},
    {"physical-fitness",
     "physical fitness",
     {"National Student Physical Fitness Standard", "6-minute walk test", "20 m shuttle run test"},
     false},
    {"self-efficacy", "self-efficacy", {"General Self-Efficacy Scale", "Self-Efficacy for Exercise Scale", ""}, true},
    {"bmi", "body mass index", {"measured height and weight", "", ""}, false},
    {"hba1c", "glycaemic control", {"HbA1c laboratory assay", "", ""}, false},
    {"loneliness", "loneliness", {"UCLA Loneliness Scale", "De Jong Gierveld Loneliness Scale", ""}, true},
    {"sleep-quality", "sleep quality", {"Pittsburgh Sleep Quality Index", "Insomnia Severity Index", ""}, true},
    {"knowledge", "health knowledge", {"study-specific knowledge questionnaire", "", ""}, true},
    {"resilience", "resilience", {"Connor-Davidson Resilience Scale", "Brief Resilience Scale", ""}, true},
}};

constexpr std::array<sv, 10> journals{"Journal of Advanced Nursing",
                                      "BMC Public Health",
                                      "Chinese Journal of School Health",
                                      "Journal of Affective Disorders",
                                      "International Journal of Nursing Studies",
                                      "Preventive Medicine",
                                      "Journal of Sport and Health Science",
                                      "Health Education Research",
                                      "Public Health Nutrition",
                                      "Psychology, Health and Medicine"};
constexpr std::array<sv, 6> institutions{"Peking University",         "University of Manchester",
                                         "University of Sao Paulo",   "Karolinska Institutet",
                                         "Seoul National University", "Tehran University of Medical Sciences"};
constexpr std::array<sv, 6> theories{"social cognitive theory", "self-determination theory",   "health belief model",
                                     "transtheoretical model",  "theory of planned behaviour", "PRECEDE-PROCEED model"};
constexpr std::array<sv, 5> random_methods{"computer-generated random numbers", "random number table",
                                           "block randomisation stratified by site",
                                           "sealed opaque envelopes drawn by an independent researcher", "coin toss"};
constexpr std::array<sv, 3> quasi_methods{"alternation by date of admission", "odd and even student numbers",
                                          "day of the week of enrolment"};
constexpr std::array<sv, 3> nonrandom_methods{"allocation by class", "participant preference",
                                              "allocation by site convenience"};
constexpr std::array<sv, 5> fundings{"national science foundation grant", "university research fund",
                                     "provincial health commission", "charitable foundation", "none reported"};
constexpr std::array<sv, 4> settings_extra{"", " and participants' homes", " sports hall", " meeting room"};

// ---------------------------------------------------------------- one study

enum class Design { rct, cluster_rct, nrc, pre_post, qualitative };

std::string make_study(std::uint64_t index, int id_width, std::uint64_t seed) {
    random_source rng(splitmix64(seed ^ splitmix64(index)));
    toml_text t;

    // --- what and where
    std::array<int, places.size()> place_weights{};
    for (std::size_t i = 0; i < places.size(); ++i) place_weights[i] = places[i].weight;
    const place_row& place = places[rng.weighted(place_weights)];
    const population_row& pop = rng.pick(populations);
    const programme_row& prog = rng.pick(programmes);
    const Design design = static_cast<Design>(rng.weighted(std::array<int, 5>{35, 20, 20, 15, 10}));
    const bool qualitative = design == Design::qualitative;
    const int year = rng.range(1995, 2024);

    // Outcomes: 1-3 distinct measures (one for qualitative studies).
    std::vector<std::size_t> outcome_idx;
    if (!qualitative) outcome_idx = rng.distinct(outcomes.size(), 1 + rng.weighted(std::array<int, 3>{45, 35, 20}));

    t.comment("synthetic study generated for the appraise benchmark; not a real publication");
    t.str("id", "synth-" + padded(index, id_width));
    {
        std::string title = rng.chance(50) ? "Effects of a " : "Effect of a ";
        title += prog.name;
        title += " on ";
        if (qualitative) {
            title += "wellbeing";
        } else {
            for (std::size_t i = 0; i < outcome_idx.size(); ++i) {
                if (i) title += (i + 1 == outcome_idx.size()) ? " and " : ", ";
                title += outcomes[outcome_idx[i]].name;
            }
        }
        title += " among ";
        title += pop.text;
        switch (design) {
            case Design::rct:
                title += ": a randomised controlled trial";
                break;
            case Design::cluster_rct:
                title += ": a cluster randomised trial";
                break;
            case Design::nrc:
                title += ": a controlled study";
                break;
            case Design::pre_post:
                title += ": a before-and-after study";
                break;
            case Design::qualitative:
                title = "Experiences of " + std::string(pop.text) + " in a " + std::string(prog.name) +
                        ": a qualitative study";
                break;
        }
        t.str("title", title);
    }
    if (rng.chance(95)) {
        std::vector<std::string> authors;
        const int n = rng.range(1, 6);
        for (int i = 0; i < n; ++i) {
            // One draw per statement: the order of operands of + is unspecified.
            std::string author{rng.pick(surnames)};
            author += ' ';
            author += rng.pick(initials);
            authors.push_back(std::move(author));
        }
        t.strings("authors", authors);
    }
    t.integer("year", year);
    if (rng.chance(97)) t.str("language", place.language);
    if (rng.chance(90)) t.str("country", place.country);
    const std::size_t pub = rng.weighted(std::array<int, 5>{70, 12, 6, 6, 6});
    constexpr std::array<sv, 5> pub_names{"journal", "thesis", "report", "conference", "preprint"};
    if (rng.chance(95)) t.str("publication", pub_names[pub]);
    if (pub == 1 || pub == 2) {
        if (rng.chance(85)) t.str("source", rng.pick(institutions));
    } else if (rng.chance(85)) {
        t.str("source", rng.pick(journals));
    }
    if (pub == 0 && rng.chance(70))
        t.str("doi", "10.5555/synth." + std::to_string(year) + "." + padded(index, id_width));
    {
        std::vector<std::string> tags{std::string(modalities[prog.modality])};
        if (rng.chance(30)) {
            const sv extra = rng.pick(modalities);
            if (extra != modalities[prog.modality]) tags.emplace_back(extra);
        }
        t.strings("tags", tags);
    }

    // --- design
    const bool cluster = design == Design::cluster_rct || (design == Design::nrc && rng.chance(50));
    const bool controlled = design == Design::rct || design == Design::cluster_rct || design == Design::nrc;
    int n_arms = 1;
    if (controlled) n_arms = rng.chance(15) ? 3 : 2;
    int clusters = 0;
    if (cluster) clusters = design == Design::cluster_rct ? rng.range(2, 20) * 2 : rng.range(2, 6);

    t.table("design");
    switch (design) {
        case Design::rct:
            t.str("type", "rct");
            break;
        case Design::cluster_rct:
            t.str("type", "cluster-rct");
            break;
        case Design::nrc:
            t.str("type", "non-randomised-controlled");
            break;
        case Design::pre_post:
            t.str("type", "pre-post");
            break;
        case Design::qualitative:
            t.str("type", "qualitative");
            break;
    }
    const bool randomised = design == Design::rct || design == Design::cluster_rct;
    if (randomised) {
        t.str("allocation", "random");
        if (rng.chance(65)) t.str("allocation_method", rng.pick(random_methods));
        if (rng.chance(60)) t.boolean("concealment", rng.chance(55));
    } else if (design == Design::nrc) {
        const bool quasi = rng.chance(25);
        if (rng.chance(90)) t.str("allocation", quasi ? "quasi-random" : "non-random");
        if (rng.chance(60)) t.str("allocation_method", quasi ? rng.pick(quasi_methods) : rng.pick(nonrandom_methods));
    } else {
        t.str("allocation", "none");
    }
    if (controlled) {
        constexpr std::array<sv, 5> comparators{"no-intervention", "waitlist", "usual-care", "attention-control",
                                                "active"};
        if (rng.chance(92)) t.str("comparator", comparators[rng.weighted(std::array<int, 5>{30, 15, 35, 10, 10})]);
    } else {
        t.str("comparator", "none");
    }
    if (controlled) {
        if (cluster || rng.chance(85)) t.str("unit", cluster ? "cluster" : "individual");
        if (cluster && rng.chance(90)) t.integer("clusters", clusters);
    }
    if (rng.chance(75)) t.integer("sites", cluster ? std::max(1, clusters / rng.range(1, 2)) : rng.range(1, 8));
    if (rng.chance(35)) t.str("theory", rng.pick(theories));
    const bool registered = randomised ? rng.chance(55) : rng.chance(15);
    if (rng.chance(85)) t.boolean("registered", registered);
    if (registered && rng.chance(80)) {
        if (place.language == "zh") {
            const int registered_year = std::clamp(year, 2007, 2024) - 2000 - rng.range(0, 1);
            const int serial = rng.range(0, 99999999);
            t.str("registration",
                  "ChiCTR" + std::to_string(registered_year) + padded(static_cast<std::uint64_t>(serial), 8));
        } else if (rng.chance(50)) {
            t.str("registration", "NCT" + padded(static_cast<std::uint64_t>(rng.range(0, 6999999)), 8));
        } else {
            t.str("registration", "ISRCTN" + padded(static_cast<std::uint64_t>(rng.range(10000000, 99999999)), 8));
        }
    }
    if (rng.chance(40)) t.boolean("protocol", registered && rng.chance(70));

    // --- sample
    std::vector<int> arms;
    if (qualitative) {
        arms.push_back(rng.range(8, 40));
    } else if (cluster) {
        for (int a = 0; a < n_arms; ++a) arms.push_back(rng.range(40, 400));
    } else {
        const int base = rng.range(20, 160);
        for (int a = 0; a < n_arms; ++a) arms.push_back(base + rng.range(-base / 8, base / 8));
    }
    int enrolled = 0;
    for (int a : arms) enrolled += a;

    t.table("sample");
    if (rng.chance(90)) t.str("population", pop.text);
    if (rng.chance(75)) {
        t.integer("age_min", pop.age_min + rng.range(0, 2));
        t.integer("age_max", pop.age_max - rng.range(0, 2));
    }
    constexpr std::array<sv, 6> samplings{"random",      "consecutive", "whole-population",
                                          "convenience", "purposive",   "snowball"};
    if (rng.chance(70))
        t.str("sampling", qualitative ? samplings[rng.weighted(std::array<int, 6>{0, 0, 0, 20, 65, 15})]
                                      : samplings[rng.weighted(std::array<int, 6>{15, 20, 15, 50, 0, 0})]);
    constexpr std::array<sv, 4> representative{"very-likely", "somewhat-likely", "not-likely", "cannot-tell"};
    if (rng.chance(50)) t.str("representative", rng.pick(representative));
    if (rng.chance(40)) t.fraction("participation", rng.range(45, 100));
    if (rng.chance(95)) t.integer("enrolled", enrolled);
    if (!qualitative && rng.chance(92)) t.integers("arms", arms);
    if (!qualitative && rng.chance(70)) t.boolean("power_calculation", rng.chance(randomised ? 60 : 25));

    // --- baseline
    if (controlled && rng.chance(85)) {
        t.table("baseline");
        const bool equivalent = rng.chance(75);
        t.boolean("equivalent", equivalent);
        if (!equivalent && rng.chance(80))
            t.str("differences",
                  rng.chance(50) ? "intervention group older on average" : "more girls in the comparison group");
        if (rng.chance(45)) t.fraction("confounders_controlled", rng.range(0, 20) * 5);
    }

    // --- blinding
    if (!qualitative && rng.chance(controlled ? 80 : 40)) {
        t.table("blinding");
        if (rng.chance(70)) t.boolean("participants", controlled && rng.chance(20));
        if (rng.chance(55)) t.boolean("providers", controlled && rng.chance(10));
        if (rng.chance(80)) t.boolean("assessors", controlled && rng.chance(45));
        if (rng.chance(45)) t.boolean("participants_know_question", rng.chance(70));
    }

    // --- attrition
    std::vector<int> completion;  // hundredths, per arm
    for (std::size_t a = 0; a < arms.size(); ++a) completion.push_back(rng.range(70, 100));
    int analysed = 0;
    for (std::size_t a = 0; a < arms.size(); ++a) analysed += (arms[a] * completion[a] + 50) / 100;
    if (!qualitative && rng.chance(88)) {
        t.table("attrition");
        const int pool = rng.range(0, 9);
        constexpr std::array<sv, 5> populations_analysed{"itt", "modified-itt", "per-protocol", "completers",
                                                         "as-treated"};
        if (rng.chance(80)) t.integer("analysed", analysed);
        if (arms.size() > 1 && rng.chance(50)) {
            t.fractions("completion", completion);
        } else if (rng.chance(85)) {
            t.fraction("completion", enrolled ? (analysed * 100 + enrolled / 2) / enrolled : 100);
        }
        if (rng.chance(75)) t.boolean("reasons_reported", rng.chance(55));
        if (rng.chance(75))
            t.str("analysis", controlled ? populations_analysed[static_cast<std::size_t>(pool % 5)] : "completers");
    }

    // --- follow-up
    if (rng.chance(90)) {
        t.table("followup");
        constexpr std::array<int, 7> weeks_after{0, 0, 0, 4, 8, 12, 24};
        int after = 0;
        if (!qualitative) {
            after = rng.pick(weeks_after);
            if (rng.chance(5)) after += 28;
        }
        if (rng.chance(90)) t.boolean("posttest", qualitative || rng.chance(95));
        if (rng.chance(85)) t.integer("weeks_after", after);
        if (rng.chance(60)) t.integer("waves", qualitative ? 1 : 2 + (after > 0 ? 1 : 0) + rng.range(0, 1));
    }

    // --- outcomes
    if (qualitative) {
        t.array_table("outcomes");
        t.str("id", "experiences");
        t.str("name", "participants' experiences of the programme");
        t.str("instrument", rng.chance(50) ? "semi-structured interviews" : "focus groups");
        t.boolean("self_report", true);
        t.boolean("primary", true);
    }
    for (std::size_t i = 0; i < outcome_idx.size(); ++i) {
        const outcome_row& o = outcomes[outcome_idx[i]];
        t.array_table("outcomes");
        t.str("id", o.id);
        if (rng.chance(85)) t.str("name", o.name);
        std::size_t n_instr = 1;
        while (n_instr < o.instruments.size() && !o.instruments[n_instr].empty()) ++n_instr;
        if (rng.chance(88)) t.str("instrument", o.instruments[rng.below(n_instr)]);
        if (rng.chance(70)) t.boolean("validated", o.id != "knowledge" && rng.chance(85));
        if (rng.chance(50)) t.boolean("reliable", o.id != "knowledge" && rng.chance(80));
        if (rng.chance(80)) t.boolean("self_report", o.self_report);
        if (rng.chance(70)) t.boolean("primary", i == 0);
        if (rng.chance(40)) t.boolean("prespecified", registered && rng.chance(80));
    }

    // --- intervention (TIDieR)
    const int weeks = rng.pick(std::array<int, 8>{4, 6, 8, 8, 10, 12, 16, 24});
    const int per_week = rng.range(1, 3);
    t.table("intervention");
    t.str("name", prog.name);
    if (rng.chance(70))
        t.str("rationale", "to improve " + std::string(qualitative ? "wellbeing" : outcomes[outcome_idx[0]].name) +
                               " through " + std::string(modality_means[prog.modality]));
    if (rng.chance(75)) t.str("materials", prog.materials);
    if (rng.chance(45)) t.boolean("materials_available", rng.chance(40));
    if (rng.chance(85)) t.str("procedures", prog.procedures);
    if (rng.chance(80)) t.str("provider", prog.provider);
    if (rng.chance(45))
        t.str("provider_training", rng.chance(50) ? "two-day workshop before the programme"
                                                  : "certified training and supervised practice sessions");
    if (rng.chance(70)) {
        std::vector<std::string> disciplines{std::string(prog.discipline)};
        if (rng.chance(25)) disciplines.emplace_back("researcher");
        t.strings("disciplines", disciplines);
    }
    if (rng.chance(85)) {
        constexpr std::array<sv, 6> modes{"face-to-face", "group", "individual", "online", "phone", "print"};
        std::vector<std::string> chosen;
        for (std::size_t m : rng.distinct(modes.size(), static_cast<std::size_t>(rng.range(1, 3))))
            chosen.emplace_back(modes[m]);
        t.strings("mode", chosen);
    }
    if (rng.chance(80)) t.str("setting", std::string(pop.setting) + std::string(rng.pick(settings_extra)));
    if (rng.chance(80)) t.integer("sessions", static_cast<std::int64_t>(weeks) * per_week);
    if (rng.chance(70)) t.integer("session_minutes", rng.pick(std::array<int, 6>{30, 40, 45, 60, 90, 120}));
    if (rng.chance(85)) t.integer("weeks", weeks);
    if (rng.chance(60))
        t.str("schedule", std::to_string(per_week) + (per_week == 1 ? " session" : " sessions") + " per week");
    if (rng.chance(30)) t.str("tailoring", "content adapted to participants' baseline level");
    if (rng.chance(20)) t.str("modifications", "two sessions moved online during school closures");
    if (rng.chance(35)) t.str("fidelity_planned", "attendance registers and session checklists");
    if (rng.chance(25)) t.str("fidelity_assessed", "mean attendance " + std::to_string(rng.range(60, 98)) + "%");
    if (rng.chance(50)) t.boolean("manual", rng.chance(60));
    if (rng.chance(40)) t.fraction("received", rng.range(60, 100));
    {
        std::vector<std::string> components{std::string(modalities[prog.modality])};
        if (rng.chance(35)) {
            const sv extra = rng.pick(modalities);
            if (extra != modalities[prog.modality]) components.emplace_back(extra);
        }
        if (rng.chance(80)) t.strings("components", components);
    }

    // --- analysis
    if (rng.chance(85)) {
        t.table("analysis");
        if (controlled && rng.chance(80))
            t.str("unit", cluster ? (rng.chance(55) ? "individual" : "cluster") : "individual");
        if (rng.chance(70)) t.boolean("methods_appropriate", rng.chance(75));
        if (!qualitative && rng.chance(75)) t.boolean("effect_sizes", rng.chance(45));
        if (cluster && rng.chance(80)) t.boolean("cluster_adjusted", rng.chance(45));
        if (controlled && rng.chance(60)) t.boolean("baseline_adjusted", rng.chance(55));
        if (outcome_idx.size() > 1 && rng.chance(50)) t.boolean("multiplicity", rng.chance(25));
    }

    // --- reporting
    if (rng.chance(80)) {
        t.table("reporting");
        if (rng.chance(60)) t.boolean("data_available", rng.chance(30));
        if (rng.chance(35)) t.boolean("code_available", rng.chance(15));
        if (rng.chance(75)) t.boolean("conflicts_declared", rng.chance(85));
        if (rng.chance(70)) t.str("funding", rng.pick(fundings));
    }

    // --- the coder's own fields, never checked
    if (rng.chance(10)) {
        t.table("custom");
        t.str("coder", rng.chance(50) ? "reviewer-a" : "reviewer-b");
        t.integer("screening_batch", rng.range(1, 40));
    }
    return t.text();
}

// ---------------------------------------------------------------- driver

int digits(std::uint64_t n) {
    int d = 1;
    while (n >= 10) {
        n /= 10;
        ++d;
    }
    return d;
}

bool parse_u64(sv text, std::uint64_t& out) {
    if (text.empty()) return false;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size();
}

int usage(const char* argv0) {
    std::cerr << "usage: " << argv0 << " OUT_DIR N [--seed S] [--one-file]\n"
              << "  writes N synthetic coded studies to OUT_DIR/sKKKKKK/study-IIIIIII.toml\n"
              << "  (1000 per shard; default seed " << default_seed << ");\n"
              << "  --one-file: the same studies as [[study]] tables of one file, OUT_DIR/studies.toml\n";
    return 2;
}

// One study's file as a [[study]] table of a multi-study file: every table
// header moves under `study.` (headers are the only lines starting with '[').
std::string as_study_element(const std::string& text) {
    std::string out = "[[study]]\n";
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        end = end == std::string::npos ? text.size() : end + 1;
        const sv line(text.data() + at, end - at);
        if (line.starts_with("[[")) {
            out += "[[study.";
            out += line.substr(2);
        } else if (line.starts_with("[")) {
            out += "[study.";
            out += line.substr(1);
        } else {
            out += line;
        }
        at = end;
    }
    return out;
}

bool write_file(const fs::path& path, const std::string& text) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<sv> positional;
    std::uint64_t seed = default_seed;
    bool one_file = false;
    for (int i = 1; i < argc; ++i) {
        const sv arg = argv[i];
        if (arg == "--seed") {
            if (i + 1 >= argc || !parse_u64(argv[i + 1], seed)) {
                std::cerr << "generate_studies: --seed needs a non-negative integer\n";
                return 2;
            }
            ++i;
        } else if (arg.starts_with("--seed=")) {
            if (!parse_u64(arg.substr(7), seed)) {
                std::cerr << "generate_studies: --seed needs a non-negative integer\n";
                return 2;
            }
        } else if (arg == "--one-file") {
            one_file = true;
        } else if (arg == "-h" || arg == "--help") {
            usage(argv[0]);
            return 0;
        } else if (arg.starts_with("-") && arg.size() > 1) {
            std::cerr << "generate_studies: unknown option " << arg << "\n";
            return usage(argv[0]);
        } else {
            positional.push_back(arg);
        }
    }
    std::uint64_t count = 0;
    if (positional.size() != 2 || !parse_u64(positional[1], count)) return usage(argv[0]);

    const fs::path out_dir{std::string(positional[0])};
    const int id_width = std::max(7, digits(count));
    const int shard_width = std::max(6, digits(count / studies_per_shard));

    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec) {
        std::cerr << "generate_studies: cannot create " << out_dir.string() << ": " << ec.message() << "\n";
        return 1;
    }
    if (one_file) {
        const fs::path file = out_dir / "studies.toml";
        std::FILE* f = std::fopen(file.c_str(), "wb");
        bool ok = f != nullptr;
        for (std::uint64_t i = 1; ok && i <= count; ++i) {
            const std::string element = (i > 1 ? "\n" : "") + as_study_element(make_study(i, id_width, seed));
            ok = std::fwrite(element.data(), 1, element.size(), f) == element.size();
        }
        if (f != nullptr && std::fclose(f) != 0) ok = false;
        if (!ok) {
            std::cerr << "generate_studies: cannot write " << file.string() << ": " << std::strerror(errno) << "\n";
            return 1;
        }
        return 0;
    }
    fs::path shard_dir;
    for (std::uint64_t i = 1; i <= count; ++i) {
        if ((i - 1) % studies_per_shard == 0) {
            shard_dir = out_dir / ("s" + padded((i - 1) / studies_per_shard, shard_width));
            fs::create_directories(shard_dir, ec);
            if (ec) {
                std::cerr << "generate_studies: cannot create " << shard_dir.string() << ": " << ec.message() << "\n";
                return 1;
            }
        }
        const fs::path file = shard_dir / ("study-" + padded(i, id_width) + ".toml");
        if (!write_file(file, make_study(i, id_width, seed))) {
            std::cerr << "generate_studies: cannot write " << file.string() << ": " << std::strerror(errno) << "\n";
            return 1;
        }
    }
    return 0;
}
