import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

test("the README's PyTorch-weights snippet runs on a file under torchvision's names", async () => {
  const example = /## Weights from PyTorch[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)![1]!;
  const nabla = await import('../src/index.js');
  const { resnet18 } = await import('../src/models/index.js');
  // What safetensors.torch.save_file writes for torchvision's resnet18 (zeros will do), without
  // num_batches_tracked, which a file may leave out.
  const model = resnet18({ init: false });
  const own = model.stateDict();
  const tensors = Object.fromEntries(
    [...model.stateDictAliases()]
      .filter(([alias]) => !alias.endsWith('num_batches_tracked'))
      .map(([alias, name]) => [alias, nabla.toRaw(own[name]!)]),
  );
  const dir = mkdtempSync(join(tmpdir(), 'nabla-readme-weights-'));
  nabla.saveSafetensors(join(dir, 'resnet18.safetensors'), tensors);
  const source = example
    .replace("from 'nabla'", `from '${join(root, 'src/index.ts')}'`)
    .replace("from 'nabla/models'", `from '${join(root, 'src/models/index.ts')}'`)
    .replace("'resnet18.safetensors'", JSON.stringify(join(dir, 'resnet18.safetensors')))
    // The same network on a smaller image: the forward pass is not what this test checks.
    .replace('[1, 3, 224, 224]', '[1, 3, 64, 64]');
  const file = join(dir, 'example.mts');
  writeFileSync(file, source);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(source, /\[1, 3, 64, 64\]/);
  assert.match(run.stdout, /^\[ \d+ \]$/m);
  rmSync(dir, { recursive: true, force: true });
});
