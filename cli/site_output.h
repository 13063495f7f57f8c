// Writing a generated static site (the dashboard) into its --out directory, and nowhere else: a symbolic link
// inside it is never followed, for writing or for removing a stale page.
#pragma once

#include <cstddef>
#include <map>
#include <string>

namespace flexform::cli {

struct SiteWritten {
    std::size_t bytes = 0;
    std::size_t removed = 0;  // pages of an earlier run (they carry `generator_mark`) whose customer is gone
};

// `files`: relative name -> content. Throws UsageError when a directory on the way is a symbolic link (or not a
// directory), std::runtime_error when a file cannot be written.
SiteWritten write_site(const std::string& out, const std::map<std::string, std::string>& files,
                       const std::string& generator_mark);

}  // namespace flexform::cli
