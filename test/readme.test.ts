import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = new URL('..', import.meta.url).pathname;
const readme = readFileSync(join(root, 'README.md'), 'utf8');

test('the README names the two commands: install-and-train, and the test command', () => {
  assert.match(readme, /npm install && npx nabla train mlp/);
  assert.match(readme, /^npm test$/m);
});

test("the README's training example runs as written and learns", () => {
  const example = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
  // The example imports the published package; here it runs against the source.
  const source = example.replace("from 'nabla'", `from '${join(root, 'src/index.ts')}'`);
  const file = join(mkdtempSync(join(tmpdir(), 'nabla-readme-')), 'example.mts');
  writeFileSync(file, source);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const accuracy = Number(/training accuracy ([\d.]+)/.exec(run.stdout)?.[1]);
  assert.ok(accuracy > 0.95, `accuracy ${accuracy}: ${run.stdout}`);
});

test('the README mentions the API docs command', () => {
  assert.match(readme, /`npm run docs`/);
});
