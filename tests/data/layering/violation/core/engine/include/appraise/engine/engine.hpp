#pragma once
#include "appraise/model/diagnostic.hpp"
