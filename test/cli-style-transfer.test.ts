import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { vggFeatures } from '../src/cli/commands/style-transfer.js';
import { rand, saveSafetensors, type Tensor, tensor } from '../src/index.js';
import { expectClose } from '../src/testing/expect-close.js';
import { readImage, writeImage } from '../src/vision/image-io.js';
import { contentCost } from '../src/vision/style/content-cost.js';
import { featureExtractor } from '../src/vision/style/feature-extractor.js';
import { styleCost } from '../src/vision/style/style-cost.js';
import { runCli as run } from './cli-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-cli-style-'));
const content = join(dir, 'content.png');
const style = join(dir, 'style.png');
writeImage(content, rand([3, 12, 20]));
writeImage(style, rand([3, 16, 16]));
// float32 activations against PyTorch's: summation orders differ, nothing else.
const tolerance = { rtol: 1e-5, atol: 1e-6 };

test('style-transfer on random features prints the cost curve and writes the result at the content size', async () => {
  const out = join(dir, 'result.png');
  const r = await run('style-transfer', content, style, '--size', '20', '--steps', '2', '--out', out);
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.out,
    /with random multi-scale features \(seed 0\): content layers.8, style layers.0, layers.2, layers.5, layers.8, layers.11/,
  );
  const costs = [
    ...r.out.matchAll(/step (\d): content cost ([\d.e-]+), style cost ([\d.e-]+), total ([\d.e-]+)/g),
  ];
  assert.deepEqual(
    costs.map((m) => m[1]),
    ['1', '2'],
  );
  // The content image is 20×12 (longest side 20 already).
  assert.deepEqual(readImage(out).shape, [3, 12, 20]);
});

test('style-transfer --optimizer lbfgs runs L-BFGS iterations, lr 1 by default, and lowers the cost', async () => {
  const out = join(dir, 'result-lbfgs.png');
  const r = await run(
    'style-transfer',
    content,
    style,
    '--size',
    '20',
    '--steps',
    '3',
    '--optimizer',
    'lbfgs',
    '--out',
    out,
  );
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /3 L-BFGS iterations, lr 1\b/);
  const totals = [...r.out.matchAll(/step \d: .*total ([\d.e+-]+)/g)].map((m) => Number(m[1]));
  assert.equal(totals.length, 3);
  assert.ok(totals[2]! < totals[0]!, `total ${totals[0]} → ${totals[2]}`);
  assert.deepEqual(readImage(out).shape, [3, 12, 20]);
});

// A 1/16-wide VGG-16 in torchvision's names with random weights (some F16/BF16), written by
// scripts/fixtures/torchvision-weights.py: 170 KB where the full VGG-16's features take 59 MB.
const narrowVgg = new URL('../src/models/fixtures/torchvision/vgg16.safetensors', import.meta.url).pathname;

test('style-transfer reads VGG-16 weights in torchvision names with --weights, widths from the file', async () => {
  const r = await run(
    'style-transfer',
    content,
    style,
    '--size',
    '32',
    '--steps',
    '1',
    '--weights',
    narrowVgg,
    '--out',
    join(dir, 'vgg.png'),
  );
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.out,
    /with VGG-16 \(base width 4\) from .*vgg16.safetensors: content features.layers.22, style features.layers.1, features.layers.6, features.layers.11, features.layers.18, features.layers.25/,
  );
  assert.match(r.out, /step 1: content cost [\d.e-]+, style cost [\d.e-]+/);
  // --size 32: the 20×12 content image scaled to 32×19.
  assert.deepEqual(readImage(join(dir, 'vgg.png')).shape, [3, 19, 32]);
});

test("nabla's VGG-16 features and costs equal torchvision's (scripts/fixtures/vgg-style-features.py)", () => {
  const net = vggFeatures(narrowVgg);
  const layers = [...net.styleLayers, net.contentLayer];
  const extract = featureExtractor(net.model, layers);
  // Channel c, row h, column w of each 16×16 image, as the script draws them.
  const image = (f: (c: number, h: number, w: number) => number) =>
    tensor(
      Array.from({ length: 3 }, (_, c) =>
        Array.from({ length: 16 }, (_, h) => Array.from({ length: 16 }, (_, w) => f(c, h, w))),
      ),
    ).unsqueeze(0);
  const aC = extract(image((c, h, w) => ((h + 2 * w + 5 * c) % 16) / 15));
  const aS = extract(image((c, h, w) => ((3 * h + w + 7 * c) % 11) / 10));
  const aG = extract(image((c, h, w) => ((2 * h + 3 * w + c) % 13) / 12));
  // torchvision's activations of G: shape, sum, sum of squares, elements k·n/8 of the flattened.
  const expected: [string, number[], number, number, number[]][] = [
    [
      'features.layers.1',
      [1, 4, 16, 16],
      819.9555760920048,
      1749.0884612888835,
      [
        0.371370792388916, 2.128995656967163, 0, 0, 1.8597629070281982, 0.2589152455329895,
        0.5273004174232483, 1.3278486728668213,
      ],
    ],
    [
      'features.layers.6',
      [1, 8, 8, 8],
      1119.5116635411978,
      5314.047070030197,
      [
        0.33364078402519226, 2.973850965499878, 0, 1.4889779090881348, 0, 0, 6.089452743530273,
        3.898019552230835,
      ],
    ],
    [
      'features.layers.11',
      [1, 16, 4, 4],
      183.8029692377895,
      596.754655685949,
      [0, 0, 0, 0, 0, 0, 4.8982391357421875, 0],
    ],
    [
      'features.layers.18',
      [1, 32, 2, 2],
      71.70700878370553,
      118.89839881369323,
      [0, 0, 0, 0.9360925555229187, 0, 0, 0, 0.7132226228713989],
    ],
    [
      'features.layers.25',
      [1, 32, 1, 1],
      4.885480539873242,
      2.696854777171909,
      [
        0.8687931895256042, 0, 0, 0.2912144958972931, 0.8495080471038818, 0, 0.11807829886674881,
        0.4395517408847809,
      ],
    ],
    [
      'features.layers.22',
      [1, 32, 2, 2],
      31.24130818247795,
      24.704478652045665,
      [0, 0.7059110999107361, 0.21835337579250336, 0, 0, 0, 0.7864338159561157, 0.7414711117744446],
    ],
  ];
  for (const [name, shape, sum, squares, elements] of expected) {
    const a = aG[name]!;
    assert.deepEqual(a.shape, shape, name);
    const values = [...a.data()];
    const n = values.length;
    expectClose([values.reduce((s, v) => s + v, 0)], [sum], { rtol: 1e-5 });
    expectClose([values.reduce((s, v) => s + v * v, 0)], [squares], { rtol: 1e-5 });
    expectClose(
      Array.from({ length: 8 }, (_, k) => values[Math.floor((k * n) / 8)]!),
      elements,
      tolerance,
    );
  }
  // 1/(4·nH·nW·nC) Σ(aC − aG)² at relu4_2; Σₗ ⅕ · 1/(4·nC²·(nH·nW)²) Σ(GS − GG)² over the five.
  expectClose(contentCost(aC[net.contentLayer]!, aG[net.contentLayer]!), [0.004343779951747112], tolerance);
  const style5 = (a: Record<string, Tensor>) => net.styleLayers.map((l) => a[l]!);
  expectClose(styleCost(style5(aS), style5(aG)), [1.078247997216914], { rtol: 1e-5 });
});

test('style-transfer --weights names a file without VGG features', () => {
  const other = join(dir, 'other.safetensors');
  saveSafetensors(other, { 'fc.weight': { dtype: 'float32', shape: [2, 2], data: new Float32Array(4) } });
  assert.throws(
    () => vggFeatures(other),
    /holds no VGG-16 features \(no features.0.weight of shape \[width, 3, 3, 3\]\)/,
  );
});

test('style-transfer names what is wrong in one line', async () => {
  const one = await run('style-transfer', content);
  assert.equal(one.code, 2);
  assert.match(one.err, /give a content and a style image, or neither; got 1/);
  const missing = await run('style-transfer', content, join(dir, 'nope.png'));
  assert.match(missing.err, /no file at '.*nope.png'/);
  const weights = await run('style-transfer', content, style, '--weights', join(dir, 'none.safetensors'));
  assert.match(weights.err, /--weights: no file at/);
  const optimizer = await run('style-transfer', content, style, '--optimizer', 'sgd');
  assert.equal(optimizer.code, 2);
  assert.match(optimizer.err, /nabla style-transfer: --optimizer must be 'adam' or 'lbfgs', got 'sgd'/);
});
