# A tree that breaks the layering, for the include-direction test's own test.
set(APPRAISE_LAYERS "sdk" "model sdk" "engine model")
