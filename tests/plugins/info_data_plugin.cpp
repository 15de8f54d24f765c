// Exports `appraise_plugin_info` as data, not a function: calling it would
// jump into a data page. The host must refuse it from the symbol table.
#include <appraise/sdk/rubric_api.hpp>

extern "C" __attribute__((visibility("default"))) const int appraise_plugin_info[4] = {1, 2, 3, 4};

extern "C" __attribute__((visibility("default"))) void appraise_register_rubrics(appraise::sdk::registrar&) {}
