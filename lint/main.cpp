#include "cli/cli.h"

int main(int argc, char** argv) { return s3policy::cli::run(argc, argv); }
