#!/usr/bin/env node
// Evaluates a batch of (bucket policy, request) pairs with @cloud-copilot/iam-simulate, the
// reference for `s3policy simulate --target aws` in the differential test. Test-time only.
//
// usage: node iam_simulate_batch.js PAIRS.json   (NODE_PATH must reach the npm test tools)
// PAIRS.json: [{"id", "policy", "principal" ("anonymous" or an ARN), "action", "resource",
//               "account" (the bucket's account), "context": {KEY: VALUE or [VALUES]}}]
// Prints [{"id", "result": "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | "error",
//          "resource_result", "error"}] on stdout.
//
// Every authenticated principal belongs to an account other than the bucket's and gets an
// identity policy that allows everything: a cross-account request then needs an Allow in the
// bucket policy and fails on any Deny there, so the bucket policy alone decides, which is what
// s3policy evaluates. Anonymous requests have no identity policy at all.
'use strict';

const fs = require('fs');
const { runSimulation, anonymousPrincipal } = require('@cloud-copilot/iam-simulate');

const ALLOW_EVERYTHING = {
  name: 'allow-everything',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
};

async function evaluate(pair) {
  const anonymous = pair.principal === 'anonymous';
  const simulation = {
    request: {
      principal: anonymous ? anonymousPrincipal : pair.principal,
      action: pair.action,
      resource: { resource: pair.resource, accountId: pair.account },
      contextVariables: pair.context
    },
    identityPolicies: anonymous ? [] : [ALLOW_EVERYTHING],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: pair.policy
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') {
    return { id: pair.id, result: 'error', error: JSON.stringify(response.errors) };
  }
  if (response.resultType !== 'single') {
    return { id: pair.id, result: 'error', error: 'unexpected result type ' + response.resultType };
  }
  const out = {
    id: pair.id,
    result: response.overallResult,
    resource_result: response.result.analysis.resourceAnalysis?.result
  };
  const ignored = response.result.ignoredContextKeys || [];
  if (ignored.length > 0) out.ignored_context_keys = ignored;
  return out;
}

async function main() {
  if (process.argv.length !== 3) {
    process.stderr.write('usage: iam_simulate_batch.js PAIRS.json\n');
    process.exit(2);
  }
  const pairs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const results = [];
  for (const pair of pairs) {
    try {
      results.push(await evaluate(pair));
    } catch (e) {
      results.push({ id: pair.id, result: 'error', error: String(e && e.stack ? e.stack : e) });
    }
  }
  process.stdout.write(JSON.stringify(results) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
