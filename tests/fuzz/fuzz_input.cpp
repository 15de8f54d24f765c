#include "fuzz_input.hpp"

#include "appraise/declarative/declarative_rubric.hpp"
#include "appraise/host/plugin_host.hpp"
#include "appraise/input/corpus.hpp"
#include "appraise/input/study_loader.hpp"
#include "appraise/model/rubric_options.hpp"

namespace appraise::fuzz {

const rubric_registry& bundled_registry() {
    static const auto registry = [] {
        rubric_registry loaded;
        load_plugin_directory(APPRAISE_PLUGIN_DIR, loaded);
        declarative::load_rubric_directory(std::filesystem::path(APPRAISE_SOURCE_DIR) / "rubrics", loaded);
        return loaded;
    }();
    return registry;
}

const std::vector<std::unique_ptr<sdk::rubric>>& bundled_rubrics() {
    static const auto rubrics = [] {
        std::vector<std::unique_ptr<sdk::rubric>> made;
        for (const rubric_entry* entry : bundled_registry().entries()) {
            diagnostics ignored;
            if (auto rubric = entry->factory(resolve_options(entry->description, nullptr, ignored)))
                made.push_back(std::move(rubric));
        }
        return made;
    }();
    return rubrics;
}

const std::vector<sdk::study>& example_studies() {
    static const auto studies = [] {
        std::vector<sdk::study> loaded;
        const auto listing = list_corpus({std::string(APPRAISE_SOURCE_DIR) + "/examples/left-behind-children"});
        for (const auto& file : listing.files)
            for (auto& study : load_study_file(file.path, file.display).studies)
                if (study.usable) loaded.push_back(std::move(study.study));
        return loaded;
    }();
    return studies;
}

}  // namespace appraise::fuzz
