import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { heldOutScenes } from '../src/cli/commands/train-unet.js';
import { loadMnistRaw } from '../src/index.js';
import { readImage } from '../src/vision/image-io.js';
import { digitScenes } from '../src/vision/scenes/digit-scenes.js';
import { runCli } from './cli-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-cli-segmentation-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('train unet reports held-out pixel accuracy and mIoU and writes input | truth | prediction masks', async () => {
  const png = join(dir, 'masks.png');
  const out = join(dir, 'unet.safetensors');
  const tiny = [
    '--steps',
    '2',
    '--batch-size',
    '2',
    '--train-size',
    '16',
    '--size',
    '32',
    '--width',
    '4',
    '--depth',
    '2',
  ];
  const result = await runCli('train', 'unet', ...tiny, '--test-scenes', '5', '--png', png, '--out', out);
  assert.equal(result.code, 0, result.err);
  assert.match(
    result.out,
    /training a U-Net \([\d,]+ parameters, width 4, depth 2\) on fresh 16×16 MNIST scenes \(2–4 digits of 16–16 px, 11 classes\), 2 steps of 2/,
  );
  const scores =
    /held-out 5 32×32 scenes of test digits \(1–5 digits of 20–32 px\): pixel accuracy ([\d.]+)%, mIoU ([\d.]+)/.exec(
      result.out,
    );
  assert.ok(scores, result.out);
  assert.ok(Number(scores[1]) >= 0 && Number(scores[1]) <= 100);
  assert.ok(Number(scores[2]) >= 0 && Number(scores[2]) <= 1);
  assert.match(result.out, /IoU per class: background [\d.]+, 0 ([\d.]+|—), 1 /);
  // 5 scenes, three 32×32 tiles each (input, truth, prediction), 2-pixel padding, RGB
  assert.deepEqual(readImage(png).shape, [3, 5 * 34 + 2, 3 * 34 + 2]);
  assert.ok(existsSync(out));
});

test('train unet rejects a size the U-Net cannot halve depth times, and a negative Dice weight', async () => {
  const size = await runCli('train', 'unet', '--size', '40', '--depth', '4');
  assert.equal(size.code, 2);
  assert.match(size.err, /nabla train unet: --size \(40\) must be a multiple of 2\^depth \(16\)/);
  const trainSize = await runCli('train', 'unet', '--train-size', '24', '--depth', '4');
  assert.equal(trainSize.code, 2);
  assert.match(trainSize.err, /nabla train unet: --train-size \(24\) must be a multiple of 2\^depth \(16\)/);
  const dice = await runCli('train', 'unet', '--dice-weight', '-1');
  assert.equal(dice.code, 2);
  assert.match(dice.err, /--dice-weight must be a number ≥ 0, got '-1'/);
});

test("train unet's held-out scenes at 96×96 are the detector's scenes (digitScenes' defaults) with masks", () => {
  const source = loadMnistRaw('test');
  const held = heldOutScenes(source, 6, 96, 99);
  const detection = digitScenes(source, 6, { seed: 99 });
  assert.deepEqual(held.images.shape, [6, 1, 96, 96]);
  assert.deepEqual([...held.images.data()], [...detection.images.data()]);
  held.targets.forEach((t, i) => {
    assert.deepEqual(t.boxes.toArray(), detection.targets[i]!.boxes.toArray());
    // 1–5 digits whose longer side is 20–48 px
    assert.ok(t.labels.size >= 1 && t.labels.size <= 5);
    const sides = (t.boxes.toArray() as number[][]).map(([x1, y1, x2, y2]) => Math.max(x2! - x1!, y2! - y1!));
    assert.ok(
      sides.every((side) => side >= 20 && side <= 48),
      `${sides}`,
    );
  });
  assert.deepEqual(held.masks.shape, [6, 96, 96]);
});
