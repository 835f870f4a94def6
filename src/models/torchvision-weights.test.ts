// torchvision's weights load into the zoo with equal logits (NOTE(torchvision-names)). The
// fixtures were written once by scripts/fixtures/torchvision-weights.py with PyTorch 1.13 and
// torchvision 0.14: narrowed models with random weights, BatchNorm statistics from three training
// passes, some tensors stored as F16/BF16 and num_batches_tracked as I64 (absent for MobileNetV2).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  FileFormatError,
  fromRaw,
  loadSafetensors,
  loadWeights,
  nn,
  saveSafetensors,
  saveWeights,
  type Tensor,
  tensor,
  ValueError,
} from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import { alexnet } from './alexnet.js';
import { efficientnet } from './efficientnet.js';
import { torchvisionLogits } from './fixtures/torchvision/logits.js';
import { googlenet } from './googlenet.js';
import { lenet5 } from './lenet5.js';
import { mobilenetV2 } from './mobilenet-v2.js';
import { resnet18, resnet34, resnet50 } from './resnet.js';
import { vgg16 } from './vgg.js';

const fixture = (name: string) =>
  new URL(`./fixtures/torchvision/${name}.safetensors`, import.meta.url).pathname;
const folder = mkdtempSync(join(tmpdir(), 'nabla-torchvision-'));
after(() => rmSync(folder, { recursive: true, force: true }));

/** The generator's input: element [n, c, h, w] is (((n + 1)·h + (3 − n)·w + 5c) mod 16) / 8 − 1. */
function fixedInput([batch, channels, height, width]: [number, number, number, number]): Tensor {
  const rows = Array.from({ length: batch }, (_, n) =>
    Array.from({ length: channels }, (_, c) =>
      Array.from({ length: height }, (_, h) =>
        Array.from({ length: width }, (_, w) => (((n + 1) * h + (3 - n) * w + 5 * c) % 16) / 8 - 1),
      ),
    ),
  );
  return tensor(rows);
}

/** The fixture's tensors as a state dict, as a PyTorch user would pass them to loadStateDict. */
function torchvisionStateDict(name: string): Record<string, Tensor> {
  const { tensors } = loadSafetensors(fixture(name));
  return Object.fromEntries(Object.entries(tensors).map(([key, raw]) => [key, fromRaw(raw)]));
}

// The logits agree to float32 rounding: summation orders differ, nothing else. Measured: at most
// 1.7e-5 (EfficientNet) on logits of about 1, native and reference backends alike.
const tolerance = { rtol: 1e-4, atol: 5e-5 };

const zoo: [name: string, build: () => nn.Module, input: [number, number, number, number]][] = [
  ['lenet5', () => lenet5(), [2, 1, 28, 28]],
  ['resnet18', () => resnet18({ numClasses: 10, baseWidth: 4 }), [2, 3, 32, 32]],
  ['mobilenet_v2', () => mobilenetV2({ numClasses: 10, widthMultiplier: 0.25 }), [2, 3, 32, 32]],
  ['vgg16', () => vgg16({ numClasses: 10, baseWidth: 4, hiddenFeatures: 16 }), [2, 3, 32, 32]],
  [
    'efficientnet_b0',
    () => efficientnet(0, { numClasses: 10, scaling: { width: 0.25, depth: 1 } }),
    [2, 3, 32, 32],
  ],
  ['googlenet', () => googlenet({ numClasses: 10, widthMultiplier: 0.125 }), [2, 3, 64, 64]],
];

for (const [name, build, input] of zoo) {
  test(`${name}: loadWeights of torchvision's file gives torchvision's logits`, () => {
    const model = build();
    loadWeights(fixture(name), model);
    expectClose(model.eval().forward(fixedInput(input)), torchvisionLogits[name]!, tolerance);
  });

  test(`${name}: every torchvision name is an alias of exactly one own name`, () => {
    const model = build();
    const aliases = model.stateDictAliases();
    const own = Object.keys(model.stateDict());
    assert.equal(aliases.size, own.length);
    assert.deepEqual([...new Set(aliases.values())].sort(), [...own].sort());
    const fileKeys = Object.keys(loadSafetensors(fixture(name)).tensors).sort();
    // The MobileNetV2 file leaves num_batches_tracked out; every other file holds every name.
    const expected = [...aliases.keys()].filter(
      (k) => name !== 'mobilenet_v2' || !k.endsWith('num_batches_tracked'),
    );
    assert.deepEqual(fileKeys, expected.sort());
  });
}

test('loadStateDict takes the torchvision names directly; num_batches_tracked (I64) is loaded', () => {
  const model = resnet18({ numClasses: 10, baseWidth: 4 });
  const dict = torchvisionStateDict('resnet18');
  assert.equal(Object.keys(dict).length, 122);
  assert.equal(dict['bn1.num_batches_tracked']?.dtype, 'int32');
  model.loadStateDict(dict);
  // Three training passes in the generator.
  const bn = model.stem.layers[0] as unknown as { bn: nn.BatchNorm2d };
  assert.equal(bn.bn.numBatchesTracked?.item(), 3);
  expectClose(bn.bn.runningMean!, dict['bn1.running_mean']!);
  expectClose(model.eval().forward(fixedInput([2, 3, 32, 32])), torchvisionLogits.resnet18!, tolerance);
});

test('an absent num_batches_tracked is set to 0, as PyTorch does', () => {
  const model = mobilenetV2({ numClasses: 10, widthMultiplier: 0.25 });
  const counters = model.namedBuffers().filter(([k]) => k.endsWith('numBatchesTracked'));
  assert.equal(counters.length, 52);
  for (const [, b] of counters) b.data().fill(9);
  model.loadStateDict(torchvisionStateDict('mobilenet_v2'));
  assert.deepEqual(
    counters.map(([, b]) => b.item()),
    counters.map(() => 0),
  );
});

test("nabla's own names keep working: a loaded model's stateDict and its file round-trip", () => {
  const model = efficientnet(0, { numClasses: 10, scaling: { width: 0.25, depth: 1 } });
  loadWeights(fixture('efficientnet_b0'), model);
  const copy = efficientnet(0, { numClasses: 10, scaling: { width: 0.25, depth: 1 } });
  copy.loadStateDict(model.stateDict());
  const x = fixedInput([2, 3, 32, 32]);
  expectClose(copy.eval().forward(x), torchvisionLogits.efficientnet_b0!, tolerance);
  const path = join(folder, 'efficientnet.safetensors');
  saveWeights(path, model);
  const again = efficientnet(0, { numClasses: 10, scaling: { width: 0.25, depth: 1 } });
  loadWeights(path, again);
  expectClose(again.eval().forward(x), torchvisionLogits.efficientnet_b0!, tolerance);
});

test('a torchvision file for another width fails naming the file and torchvision’s key; nothing changes', () => {
  const model = resnet18({ numClasses: 10, baseWidth: 8 });
  const before = model.stateDict();
  const snapshot = Object.fromEntries(Object.entries(before).map(([k, t]) => [k, [...t.data()]]));
  assert.throws(
    () => loadWeights(fixture('resnet18'), model),
    (e: unknown) =>
      e instanceof FileFormatError &&
      e.file === fixture('resnet18') &&
      /conv1\.weight is float32 \[4, 3, 7, 7\], the model expects float32 \[8, 3, 7, 7\]/.test(e.message),
  );
  assert.throws(
    () => model.loadStateDict(torchvisionStateDict('resnet18')),
    /loadStateDict: 'conv1\.weight' \(own name 'stem\.layers\.0\.conv\.weight'\): expected a tensor of shape \[8, 3, 7, 7\], got \[4, 3, 7, 7\]/,
  );
  for (const [k, t] of Object.entries(model.stateDict())) assert.deepEqual([...t.data()], snapshot[k], k);
});

test('a name given both as torchvision’s and as nabla’s is a ValueError; a missing one is named both ways', () => {
  const model = lenet5();
  const dict = torchvisionStateDict('lenet5');
  assert.throws(
    () => model.loadStateDict({ ...dict, 'layers.0.bias': dict['conv1.bias']! }),
    (e: unknown) =>
      e instanceof ValueError &&
      /'conv1\.bias' and 'layers\.0\.bias' both give 'layers\.0\.bias'/.test(e.message),
  );
  const { tensors } = loadSafetensors(fixture('lenet5'));
  delete tensors['fc3.bias'];
  const path = join(folder, 'lenet-missing.safetensors');
  saveSafetensors(path, tensors);
  assert.throws(() => loadWeights(path, lenet5()), /missing fc3\.bias \(own name layers\.11\.bias\)/);
});

test('EfficientNet-B5 to B7 use BatchNorm eps 1e-3, as torchvision builds them; B0 to B4 1e-5', () => {
  const epsOf = (phi: number) => {
    const small = efficientnet(phi, { init: false, scaling: { width: 0.25, depth: 0.3 } });
    const norms = small.modules().filter((m): m is nn.BatchNorm2d => m instanceof nn.BatchNorm2d);
    return [...new Set(norms.map((m) => m.eps))];
  };
  assert.deepEqual([0, 4, 5, 7].map(epsOf), [[1e-5], [1e-5], [1e-3], [1e-3]]);
});

test("AlexNet and VGG-16 with batch norm answer to every name of torchvision's state dicts", () => {
  // list(torchvision.models.alexnet().state_dict()) (torchvision 0.14)
  const alexnetNames = [0, 3, 6, 8, 10]
    .flatMap((i) => [`features.${i}.weight`, `features.${i}.bias`])
    .concat([1, 4, 6].flatMap((i) => [`classifier.${i}.weight`, `classifier.${i}.bias`]));
  const alex = alexnet({ init: false });
  assert.deepEqual([...alex.stateDictAliases().keys()].sort(), alexnetNames.sort());
  // torchvision.models.vgg16_bn() has 97 names, from features.0.weight to features.1.num_batches_tracked.
  const vgg = vgg16({ batchNorm: true, init: false, hiddenFeatures: 8 });
  const names = [...vgg.stateDictAliases().keys()];
  assert.equal(names.length, 97);
  for (const name of ['features.0.weight', 'features.1.running_mean', 'features.1.num_batches_tracked']) {
    assert.ok(names.includes(name), name);
  }
});

test('deeper variants and GoogLeNet answer to all of torchvision’s names', () => {
  // Names do not depend on widths, so narrow models stand in. Expected: the count and SHA-256 of
  // '\n'.join(sorted(torchvision.models.<name>().state_dict())), torchvision 0.14.
  const digest = (model: nn.Module) => {
    const names = [...model.stateDictAliases().keys()].sort();
    return [names.length, createHash('sha256').update(names.join('\n')).digest('hex')];
  };
  assert.deepEqual(digest(resnet34({ baseWidth: 4, init: false })), [
    218,
    '11e446a2639455a0c527ad661385bf7c2c832a16ec8990347070e6c1bdd83c2b',
  ]);
  assert.deepEqual(digest(resnet50({ baseWidth: 4, init: false })), [
    320,
    '87b9390070d0ad8224a5827f034af978a55409192d3436de3c80f09833596aac',
  ]);
  // GoogLeNet(aux_logits=False) and (aux_logits=True), full width (its logits are checked above
  // on a 1/8-wide copy).
  assert.deepEqual(digest(googlenet({ init: false })), [
    344,
    '2bffca0e58a6444325ac6e1c21d65ccbf7514cc00f0a1e5f85f512948f0cda9d',
  ]);
  assert.deepEqual(digest(googlenet({ init: false, auxLogits: true })), [
    364,
    'b07c36d932c5d343754237c5f3d3f20840af4afb6f58adeaae0fa8631342ff82',
  ]);
  // B3's depth multiplier 1.4 gives stages of 2, 3, 3, 5, 5, 6, 2 blocks.
  assert.deepEqual(digest(efficientnet(3, { scaling: { width: 0.25, depth: 1.4 }, init: false })), [
    574,
    '052edcb09f535bb6ca4d56b1c45798d17ddb9e4a94e2a698e6c025315bdb50c7',
  ]);
});
