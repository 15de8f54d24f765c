#include "write_output.hpp"

#include <exception>
#include <iostream>

#include "appraise/text/output_file.hpp"
#include "exit_codes.hpp"

namespace appraise::cli {

int write_output(const std::string& path, const std::function<void(std::ostream&)>& write) {
    try {
        output_file out(path);
        write(out.stream());
        out.commit();
    } catch (const std::exception& error) {
        std::cerr << "appraise: error: " << error.what() << '\n';
        return exit_input_error;
    }
    return exit_ok;
}

}  // namespace appraise::cli
