import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UsageError } from '../src/cli/args.js';
import { identitiesOf } from '../src/cli/commands/siamese-digits.js';
import { trainDetectorCommand } from '../src/cli/commands/train-detector.js';
import { trainLocalizerCommand } from '../src/cli/commands/train-localizer.js';
import { trainSiamese } from '../src/cli/commands/train-siamese.js';
import { Generator } from '../src/index.js';
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
  const args = ['--steps', '3', '--limit', '200', '--pairs', '100', '--per-identity', '4', '--out', out];
  const result = run(() => trainSiamese(args));
  assert.equal(result.code, 0);
  // The default recipe: part codes (conv 416 + 12,832; the whole map's head 1568→128→64 209,088;
  // each of the 6 stripes' 672→128→64 94,400), CosFace on the 546 identities of digits and joined halves
  // under the symmetries, warped training images of random stroke widths.
  assert.match(
    result.out,
    /training a siamese encoder \(788,736 parameters, part codes: 64-d unit codes of 3 horizontal and 3 vertical stripes of the feature map and of the whole, side by side\) with CosFace's softmax over the identities \(cosine margin 0.35, scale 16\) and random affine warps and stroke widths \(thicker or thinner, p 0.25 each\) on 200 MNIST digits 0–6 as 546 identities \(each digit, and the top half of one over the bottom half of another or left half beside right half, under 6 symmetries of the square: 42 whole digits\); batches of 24 identities × 4 images \(16 of them whole digits\)/,
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
  assert.match(
    result.out,
    /\(diagnosis only: the best threshold for these very pairs, [\d.]+, would give [\d.]+%\)/,
  );
  // Unseen pairs come in six kinds: three same (7–7, 8–8, 9–9) and three different.
  assert.match(
    result.out,
    /errors by the pair's digits: 7–7 [\d.]+% of \d+, 7–8 [\d.]+% of \d+, 7–9 [\d.]+% of \d+, 8–8 [\d.]+% of \d+, 8–9 [\d.]+% of \d+, 9–9 [\d.]+% of \d+/,
  );
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

test('train siamese --loss triplet --identities digits --no-augment is the course’s plain recipe', () => {
  const args = ['--steps', '2', '--limit', '200', '--pairs', '100', '--per-identity', '3'];
  const plain = ['--loss', 'triplet', '--identities', 'digits', '--no-augment', '--stripes', '0'];
  const result = run(() => trainSiamese([...args, ...plain, '--out', join(dir, 'plain.safetensors')]));
  assert.equal(result.code, 0);
  assert.match(
    result.out,
    /64-d unit codes\) with the triplet loss \(margin 0.2, semi-hard mining\) on 200 MNIST digits 0–6 as 7 identities; batches of 7 identities × 3 images/,
  );
});

test('train siamese --loss cosface and arcface train through a cosine head with their margins', () => {
  const args = ['--steps', '2', '--limit', '200', '--pairs', '100', '--per-identity', '3'];
  for (const [loss, expected] of [
    ['cosface', /with CosFace's softmax over the identities \(cosine margin 0.35, scale 16\)/],
    ['arcface', /with ArcFace's softmax over the identities \(angular margin 0.3 rad, scale 16\)/],
  ] as const) {
    const result = run(() =>
      trainSiamese([...args, '--loss', loss, '--out', join(dir, `${loss}.safetensors`)]),
    );
    assert.equal(result.code, 0);
    assert.match(result.out, expected);
    assert.match(result.out, /unseen digits 7–9 \(never trained on\): accuracy [\d.]+% on 100 pairs/);
  }
  const scaled = run(() =>
    trainSiamese([
      ...args,
      '--loss',
      'cosface',
      '--scale',
      '8',
      '--margin',
      '0.1',
      '--out',
      join(dir, 'scaled.safetensors'),
    ]),
  );
  assert.match(scaled.out, /\(cosine margin 0.1, scale 8\)/);
});

test('train siamese --tta averages the codes of each test image and its four 1-pixel shifts', () => {
  const args = ['--steps', '2', '--limit', '200', '--pairs', '100', '--per-identity', '3', '--tta'];
  const result = run(() => trainSiamese([...args, '--out', join(dir, 'tta.safetensors')]));
  assert.equal(result.code, 0);
  assert.match(
    result.out,
    /test-time augmentation: each code averages the image and its four 1-pixel shifts/,
  );
  assert.match(
    result.out,
    /one-shot recognition of unseen digits 7–9 from one image each: [\d.]+% of 200 test digits/,
  );
});

test('train siamese --identities symmetries makes 42 identities; --width and --dim size the encoder', () => {
  const args = ['--steps', '2', '--limit', '200', '--pairs', '100', '--identities', 'symmetries'];
  const more = ['--per-batch', '6', '--width', '2', '--dim', '16', '--stripes', '0'];
  const result = run(() => trainSiamese([...args, ...more, '--out', join(dir, 'symmetries.safetensors')]));
  assert.equal(result.code, 0);
  // conv 1→32 (5·5·32 + 32 = 832), 32→64 (51,264), linear 3136→256 (803,072), 256→16 (4,112)
  assert.match(
    result.out,
    /\(859,280 parameters, 16-d unit codes\) .* as 42 identities \(each digit under 6 symmetries of the square\); batches of 6 identities × 4 images/,
  );
});

test('train siamese --stripes: 0 to 7 stripes each way; triplets train on the part codes side by side', () => {
  const args = ['--steps', '2', '--limit', '200', '--pairs', '100', '--per-identity', '3'];
  assert.throws(
    () => trainSiamese([...args, '--stripes', '8']),
    /--stripes must be 0 to 7 \(the feature map is 7×7\), got '8'/,
  );
  const more = ['--stripes', '2', '--loss', 'triplet', '--out', join(dir, 'triplet-parts.safetensors')];
  const result = run(() => trainSiamese([...args, ...more]));
  assert.equal(result.code, 0);
  // conv 13,248; whole 209,088; each of 4 halves 896→128→64 123,072
  assert.match(
    result.out,
    /\(714,624 parameters, part codes: .* 2 horizontal and 2 vertical stripes .* with the triplet loss/,
  );
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

test('identitiesOf: P identities × K images, each image under its identity’s symmetry', () => {
  // Three images: digit 0 (pixel 0 is 1), digit 1 (pixel 27, the top-right corner, is 1), digit 0.
  const images = new Float32Array(3 * 784);
  images[0] = 1;
  images[784 + 27] = 1;
  images[2 * 784] = 1;
  const ids = identitiesOf({ images, labels: [0, 1, 0] }, [0, 1], ['identity', 'flipX']);
  assert.equal(ids.count, 4); // digit d under symmetry s is identity 2d + s
  const { images: batch, labels } = ids.batch(4, 2, new Generator(3));
  const l = [...labels.data()];
  assert.deepEqual([...new Set(l)].sort(), [0, 1, 2, 3]);
  // Each identity's two images sit together; where the lit pixel lands says digit and symmetry.
  for (let k = 0; k < 8; k++) {
    const lit = [...batch.select(0, k).data()].indexOf(1);
    const expected = [0, 27, 27, 0][l[k]!]; // 0 as is, 0 mirrored, 1 as is, 1 mirrored
    assert.equal(lit, expected, `image ${k} (identity ${l[k]})`);
    assert.equal(l[k], l[k - (k % 2)]);
  }
});

test('identitiesOf with halves: top over bottom and left beside right halves of two different digits', () => {
  // Digit 0 is all ink (1), digit 1 is blank (0): a joined image shows which half came from which.
  const images = new Float32Array(2 * 784);
  images.fill(1, 0, 784);
  const ids = identitiesOf({ images, labels: [0, 1] }, [0, 1], ['identity'], { halves: true });
  // 2 whole digits, then (rows: 0 over 1, 1 over 0), then (columns: 0 beside 1, 1 beside 0).
  assert.equal(ids.count, 6);
  assert.equal(ids.digitCount, 2);
  const { images: batch, labels } = ids.batch(6, 2, new Generator(0));
  const l = [...labels.data()];
  assert.deepEqual([...new Set(l)].sort(), [0, 1, 2, 3, 4, 5]);
  for (let k = 0; k < 12; k++) {
    const px = [...batch.select(0, k).data()];
    const ink = (r: number, c: number) => px[r * 28 + c];
    // [top-left, bottom-left, top-right] pixels of each identity
    const expected = [
      [1, 1, 1],
      [0, 0, 0],
      [1, 0, 1],
      [0, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ][l[k]!];
    assert.deepEqual([ink(0, 0), ink(27, 0), ink(0, 27)], expected, `image ${k} (identity ${l[k]})`);
  }
  // Only images of the seen digits are ever used: add a 7 (pixel 100 at 0.5) that must never show.
  const withSeven = new Float32Array(3 * 784);
  withSeven.set(images);
  withSeven[2 * 784 + 100] = 0.5;
  const sevenFree = identitiesOf({ images: withSeven, labels: [0, 1, 7] }, [0, 1], ['identity'], {
    halves: true,
  });
  const drawnImages = sevenFree.batch(6, 20, new Generator(1)).images;
  for (let k = 0; k < 120; k++)
    assert.notEqual(drawnImages.select(0, k).data()[100], 0.5, `image ${k} holds the 7's pixel`);
  // digitShare: that share of the P identities comes from the whole digits (here both of them).
  for (let seed = 0; seed < 5; seed++) {
    const some = ids.batch(3, 2, new Generator(seed), 0.67);
    const drawn = new Set(some.labels.data());
    assert.ok(drawn.has(0) && drawn.has(1), `seed ${seed}: ${[...drawn]}`);
  }
});

test('train siamese rejects bad options with usage errors', () => {
  assert.throws(() => trainSiamese(['--mining', 'easy']), UsageError);
  assert.throws(
    () => trainSiamese(['--loss', 'softmax']),
    /--loss must be cosface or triplet or arcface, got 'softmax'/,
  );
  assert.throws(() => trainSiamese(['--per-identity', '1']), /--per-identity must be at least 2/);
  assert.throws(
    () => trainSiamese(['--identities', 'digits', '--per-batch', '8']),
    /--per-batch must be 2 to 7 identities, got 8/,
  );
  assert.throws(
    () => trainSiamese(['--identities', 'symmetries', '--per-batch', '43']),
    /--per-batch must be 2 to 42 identities, got 43/,
  );
  assert.throws(
    () => trainSiamese(['--per-batch', '547']),
    /--per-batch must be 2 to 546 identities, got 547/,
  );
  assert.throws(() => trainSiamese(['--digit-share', '1.5']), /--digit-share must be in \[0, 1\], got 1.5/);
  assert.throws(
    () => trainSiamese(['--stroke-width', '0.6']),
    /--stroke-width must be in \[0, 0.5\], got 0.6/,
  );
  assert.throws(
    () => trainSiamese(['--identities', 'faces']),
    /--identities must be halves or symmetries or digits, got 'faces'/,
  );
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
