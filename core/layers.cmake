# The components of core and what each may use: the one statement of the
# layering. core/CMakeLists.txt links the targets from it (so a component's
# compiler sees only the headers of what it may use), and the include-direction
# test (tests/layering/check_includes.cmake) checks every #include against it.
#
#   sdk -> text -> model -> input -> declarative -> host -> engine -> cache
#                           reports (model, text) -> audit, agreement
#                                                 -> figures (the only one linking librsvg and cairo)
#                           input, reports -> grade
#                           input, reports -> import (spreadsheets and judgement tables in; the only one
#                             linking libzip and pugixml)
#
# Each entry: component, then the components it uses directly. What they use
# is allowed too (the closure), nothing else.
set(APPRAISE_LAYERS
  "sdk"
  "text sdk"
  "model text"
  "input model text"
  "declarative input"
  "host declarative"
  "engine host"
  "reports model text"
  "audit reports"
  "agreement engine reports"
  "figures reports"
  "grade input reports"
  "import input reports"
  "cache engine")
