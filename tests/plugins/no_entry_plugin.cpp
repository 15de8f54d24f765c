// A valid shared library that is not an appraise plugin: it exports nothing
// the host looks for.
extern "C" __attribute__((visibility("default"))) int some_other_function() {
    return 42;
}
