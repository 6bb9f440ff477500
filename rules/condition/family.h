#pragma once
#include "rules/registry.h"
namespace s3policy::rules {
const Rule* unknown_condition_operator();        // S3P501
const Rule* unknown_condition_key();             // S3P502
const Rule* condition_key_not_set_by_target();   // S3P503
const Rule* condition_value_type();              // S3P504
const Rule* operator_key_type_mismatch();        // S3P505
const Rule* json_literal_in_condition();         // S3P506
const Rule* set_operator_on_single_valued_key(); // S3P507
const Rule* wildcard_without_like_operator();    // S3P508
const Rule* null_operator_misuse();              // S3P509
const Rule* negated_operator_multi_value();      // S3P510
const Rule* arn_operator_ineffective();          // S3P511
const Rule* condition_key_not_applicable();      // S3P512
const Rule* source_ip_suspicious();              // S3P513
const Rule* tls_guard_inverted();                // S3P514
const Rule* condition_variable_unsupported_by_target();  // S3P515
}  // namespace s3policy::rules
