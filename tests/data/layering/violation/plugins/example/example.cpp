// A plugin may include only the SDK.
#include "appraise/sdk/rubric_api.hpp"
#include "appraise/model/diagnostic.hpp"
#include "appraise/old_flat_header.hpp"
