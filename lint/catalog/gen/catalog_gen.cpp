// s3policy_catalog_gen OUTPUT.cpp: builds every target's catalog from schema/catalog/*.json (as
// embedded into this generator) and writes them as the C++ tables the linter is built with.
#include <exception>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "catalog/catalog_build.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: s3policy_catalog_gen OUTPUT.cpp\n";
    return 2;
  }
  const std::string output = argv[1];
  std::string source;
  try {
    std::vector<s3policy::Catalog> catalogs;
    for (const auto& info : s3policy::kTargets) catalogs.push_back(s3policy::CatalogBuilder::from_json(info.target));
    source = s3policy::CatalogBuilder::write_tables(catalogs);
  } catch (const std::exception& e) {
    std::cerr << "s3policy_catalog_gen: " << e.what() << '\n';
    return 1;
  }
  std::ofstream out(output, std::ios::binary | std::ios::trunc);
  out << source;
  out.flush();
  if (!out) {
    std::cerr << "s3policy_catalog_gen: cannot write " << output << '\n';
    return 1;
  }
  return 0;
}
