// Raises one documented and one undocumented code.
const char* a = "coding/syntax-error";
const char* b = "coding/not-in-the-catalogue";
