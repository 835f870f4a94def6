#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ on Node's test runner through tsx.
// Node 20's --test does not expand globs, so the files are found here.
// Arguments narrow the run: `npm test -- src/ops` runs only the tests below src/ops.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'test'];

function find(dir) {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return dir.endsWith('.test.ts') ? [dir] : [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => (name === 'node_modules' ? [] : find(join(dir, name))));
}

const files = roots.flatMap((r) => find(join(root, r))).map((f) => relative(root, f));
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--expose-gc',
    '--test',
    // One file per core (Node's default leaves one core idle): most files spend their time
    // loading, one thread each.
    `--test-concurrency=${availableParallelism()}`,
    // No single test may hang the run: CI has a hard cap, and a timeout names the test.
    '--test-timeout=300000',
    '--test-reporter=./test/reporter.mjs',
    '--test-reporter-destination=stdout',
    ...files,
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
