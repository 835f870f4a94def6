import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UsageError } from '../src/cli/args.js';
import { trainDetectorCommand } from '../src/cli/commands/train-detector.js';
import { trainLocalizerCommand } from '../src/cli/commands/train-localizer.js';
import { trainSiamese } from '../src/cli/commands/train-siamese.js';
import { readImage } from '../src/vision/image-io.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-cli-vision-'));

/** Runs a command function in this process and returns its exit code and what it printed. */
function run(command: () => number): { code: number; out: string } {
  const out: string[] = [];
  const log = console.log;
  const write = process.stdout.write;
  console.log = (...xs: unknown[]) => out.push(xs.join(' '));
  process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  try {
    return { code: command(), out: out.join('\n') };
  } finally {
    console.log = log;
    process.stdout.write = write;
  }
}

test('train siamese reports seen and unseen verification with ROC AUC, and one-shot recognition', () => {
  const out = join(dir, 'siamese.safetensors');
  const args = ['--steps', '3', '--limit', '200', '--pairs', '100', '--per-digit', '4', '--out', out];
  const result = run(() => trainSiamese(args));
  assert.equal(result.code, 0);
  assert.match(
    result.out,
    /training a siamese encoder \([\d,]+ parameters, 64-d unit codes\) .* on 200 MNIST digits 0–6/,
  );
  assert.match(result.out, /threshold [\d.]+ chosen on 100 dev pairs of held-out training digits 0–6/);
  const seen = /seen digits 0–6 \(test images\): accuracy ([\d.]+)% on 100 pairs, ROC AUC ([\d.]+)/.exec(
    result.out,
  );
  const unseen =
    /unseen digits 7–9 \(never trained on\): accuracy ([\d.]+)% on 100 pairs, ROC AUC ([\d.]+)/.exec(
      result.out,
    );
  assert.ok(seen && unseen, result.out);
  for (const m of [seen, unseen]) {
    assert.ok(Number(m[1]) >= 0 && Number(m[1]) <= 100);
    assert.ok(Number(m[2]) >= 0 && Number(m[2]) <= 1);
  }
  assert.match(
    result.out,
    /one-shot recognition of unseen digits 7–9 from one image each: [\d.]+% of 200 test digits/,
  );
  assert.ok(existsSync(out));
});

test('train siamese --augment warps the training digits', () => {
  const args = ['--steps', '2', '--limit', '200', '--pairs', '100', '--per-digit', '3', '--augment'];
  const result = run(() => trainSiamese([...args, '--out', join(dir, 'augmented.safetensors')]));
  assert.equal(result.code, 0);
  assert.match(result.out, /\(margin 0.2, semi-hard mining, random affine warps\)/);
});

test('train localizer reports p_c accuracy, box IoU and class accuracy on held-out scenes', () => {
  const out = join(dir, 'localizer.safetensors');
  const result = run(() =>
    trainLocalizerCommand(['--steps', '2', '--test-scenes', '40', '--box-weight', '5', '--out', out]),
  );
  assert.equal(result.code, 0);
  assert.match(result.out, /outputs \[p_c, bx, by, bh, bw, c1..c10\], 'mixed' loss, box weight 5\)/);
  const m =
    /held-out 40 scenes of test digits \((\d+) with a digit\): p_c accuracy ([\d.]+)%; on the digits: mean IoU ([\d.]+), IoU ≥ 0.5 ([\d.]+)%, class accuracy ([\d.]+)%/.exec(
      result.out,
    );
  assert.ok(m, result.out);
  assert.ok(Number(m[1]) > 0 && Number(m[1]) < 40, 'about half the scenes hold a digit');
  assert.ok(Number(m[3]) >= 0 && Number(m[3]) <= 1);
  assert.ok(existsSync(out));
  assert.throws(() => trainLocalizerCommand(['--box-weight', '-1']), UsageError);
});

test('train siamese rejects bad options with usage errors', () => {
  assert.throws(() => trainSiamese(['--mining', 'easy']), UsageError);
  assert.throws(() => trainSiamese(['--per-digit', '1']), /--per-digit must be at least 2/);
});

test('train detector reports held-out mAP@0.5 and mAP@[.5:.95] and writes a PNG of detections', () => {
  const png = join(dir, 'detections.png');
  const out = join(dir, 'detector.safetensors');
  const args = ['--steps', '2', '--batch-size', '4', '--test-scenes', '8', '--png', png, '--out', out];
  const result = run(() => trainDetectorCommand(args));
  assert.equal(result.code, 0);
  assert.match(
    result.out,
    /training a YOLO detector \([\d,]+ parameters, 6×6 cells, 3 anchors \d+×\d+, \d+×\d+, \d+×\d+ from k-means, mean IoU 0\.\d+\)/,
  );
  const map =
    /held-out 8 scenes of test digits \(\d+ objects\): mAP@0.5 ([\d.]+), mAP@\[.5:.95\] ([\d.]+)/.exec(
      result.out,
    );
  assert.ok(map, result.out);
  assert.ok(Number(map[1]) >= 0 && Number(map[1]) <= 1 && Number(map[2]) <= Number(map[1]) + 1e-9);
  // 8 scenes of 96×96 in one row of a grid with 2-pixel padding, RGB
  assert.deepEqual(readImage(png).shape, [3, 100, 8 * 98 + 2]);
  assert.ok(existsSync(out));
});
