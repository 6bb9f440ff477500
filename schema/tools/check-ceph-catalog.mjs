#!/usr/bin/env node
// Cross-checks the hand-written schema/catalog/ceph-rgw.json against the research data it was
// written from (../shared/research/catalog/ceph-rgw.json next to the repository). Only names and
// counts are compared: action lists per release, the 33 operator keywords, the keys RGW sets.
//
//   node schema/tools/check-ceph-catalog.mjs [--research <ceph-rgw.json>]
//
// Exit codes: 0 consistent, 1 differences, 77 research data not available (nothing to compare).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const argv = process.argv.slice(2);
const researchPath = argv[0] === '--research' ? resolve(argv[1])
  : resolve(repo, '..', 'shared', 'research', 'catalog', 'ceph-rgw.json');
if (!existsSync(researchPath)) {
  console.error(`research data not found at ${researchPath}; nothing to compare`);
  process.exit(77);
}
const ours = JSON.parse(readFileSync(join(repo, 'schema', 'catalog', 'ceph-rgw.json'), 'utf8'));
const research = JSON.parse(readFileSync(researchPath, 'utf8'));

let problems = 0;
function compareSets(what, mine, theirs) {
  const a = new Set(mine);
  const b = new Set(theirs);
  const missing = [...b].filter((x) => !a.has(x));
  const extra = [...a].filter((x) => !b.has(x));
  if (mine.length !== a.size) { console.error(`${what}: duplicates in the catalog`); problems++; }
  if (missing.length || extra.length) {
    problems++;
    console.error(`${what}: missing ${JSON.stringify(missing)}, extra ${JSON.stringify(extra)}`);
  } else {
    console.log(`${what}: ${a.size} ok`);
  }
}

for (const release of ['pacific', 'reef', 'tentacle']) {
  const r = research.actions[release];
  const theirs = [...r.s3];
  for (const [svc, names] of Object.entries(r.other)) for (const n of names) theirs.push(`${svc}:${n}`);
  compareSets(`${release} actions`, ours.releases[release].actions, theirs);
  const counts = research.counts[release];
  const mine = ours.releases[release].actions;
  if (mine.filter((n) => n.startsWith('s3:')).length !== counts.s3Actions || mine.length !== counts.allActions) {
    problems++;
    console.error(`${release}: counts differ from research counts ${JSON.stringify(counts)}`);
  }
  const rgwOnly = ours.common.rgwOnlyActions.map((a) => a.name).filter((n) => mine.includes(n));
  compareSets(`${release} RGW-only s3 actions`, rgwOnly, research.actions.rgwOnlyNotInAws[release]);
}
if (ours.releases.squid.sameAs !== 'reef' || ours.releases.squid.verified !== false) {
  problems++;
  console.error('squid must stay an unverified copy of reef until someone verifies it');
}
compareSets('operators', ours.common.operators, research.conditionOperators.recognized);
const placeholder = (n) => n.replace(/\/.*$/, '/');
compareSets('keys RGW sets (pacific/reef)', ours.common.populatedKeys.map((k) => placeholder(k.name)),
  research.conditionKeys.populatedByRgw.pacific.map((k) => placeholder(k.name)).filter((n) => !n.startsWith('<')));
compareSets('keys added in tentacle', ours.releases.tentacle.addedPopulatedKeys.map((k) => k.name),
  research.conditionKeys.populatedByRgw.tentacle.added);
compareSets('partitions', ours.common.arn.partitions, research.resources.partition);
if (ours.common.maxPolicyBytes !== research.policySizeLimit.default) {
  problems++;
  console.error('maxPolicyBytes differs from the research notes');
}
process.exit(problems ? 1 : 0);
