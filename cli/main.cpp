#include <unistd.h>

#include <iostream>

#include "cli/app.h"

int main(int argc, char** argv) {
    const flexform::cli::Terminal terminal{::isatty(STDIN_FILENO) == 1, ::isatty(STDOUT_FILENO) == 1};
    return flexform::cli::run(argc, argv, std::cin, std::cout, std::cerr, terminal);
}
