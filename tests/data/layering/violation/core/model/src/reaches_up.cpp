// A lower layer reaching up: must be reported.
#include "appraise/model/diagnostic.hpp"
#include "appraise/engine/engine.hpp"
