// Standard output kept for the report alone. Plugin code runs in this process
// on many threads (unless --isolate), and anything it prints to stdout
// (printf, std::cout, write(1)) would land inside a JSON or CSV report. After
// reserve_report_stdout(), file descriptor 1 points at stderr, and only
// output_file writes to the original stdout, through a descriptor no plugin
// knows.
#pragma once

namespace appraise {

// Moves the original stdout to a private descriptor and points fd 1 at
// stderr. Call once, while the process is single-threaded; later calls do
// nothing. Flushes what was already written to stdout first.
void reserve_report_stdout();

// The descriptor the report goes to: the reserved original stdout, or 1 when
// nothing was reserved.
[[nodiscard]] int report_stdout_fd();

}  // namespace appraise
