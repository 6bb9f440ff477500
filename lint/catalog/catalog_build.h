// How Catalog objects come to be (internal to the catalog, its generator and its tests):
//   schema/catalog/*.json --from_json--> Catalog --write_tables--> catalog_tables.cpp (build time)
//   catalog_tables.cpp --from_tables--> Catalog (catalog_for, at run time)
// The round trip is exact: tests compare write_tables() of both for every target.
#pragma once

#include <span>
#include <string>

#include "catalog/catalog.h"
#include "catalog/catalog_tables.h"

namespace s3policy {

struct CatalogBuilder {
  // catalog_json.cpp: parses the embedded JSON (embedded_catalogs()). The RGW catalogs derive from
  // AWS's, which is built first. A malformed file is a build defect: std::logic_error.
  static Catalog from_json(Target target);

  // catalog_tables_write.cpp: the C++ source of catalog_tables.cpp holding these catalogs.
  static std::string write_tables(std::span<const Catalog> catalogs);

  // catalog_load.cpp: the catalog of `row` (of the generated tables).
  static Catalog from_tables(const catalog_tables::CatalogRow& row);

  // Shared by both ways of building, once the vectors are final: the name indexes of the sorted
  // actions and keys and of the operators.
  static void index_actions(Catalog& c);

 private:
  // The nested helpers share the friendship of CatalogBuilder with Catalog.
  struct FromJson;  // catalog_json.cpp
  struct Writer;    // catalog_tables_write.cpp
};

}  // namespace s3policy
