import {
  type Autoencoder,
  type Corruption,
  convAutoencoder,
  corrupt,
  denseAutoencoder,
  forEachBatch,
  klSparsityPenalty,
  nearestNeighbors,
  VAE,
  vaeLoss,
} from '../../generative/index.js';
import {
  binaryCrossEntropy,
  cat,
  Generator,
  getBackend,
  getNumThreads,
  loadMnist,
  manualSeed,
  noGrad,
  optim,
  type Tensor,
} from '../../index.js';
import { saveGrid } from '../../vision/visualize.js';
import { checkOutput, numberOption, outputOption, parseCommand, seedOption, UsageError } from '../args.js';
import { writeCodePlot } from './code-plot.js';

const kinds = ['dense', 'conv', 'denoising', 'sparse', 'vae'] as const;
type Kind = (typeof kinds)[number];
const noises: Record<string, Corruption> = {
  masking: 'masking',
  gaussian: 'gaussian',
  'salt-and-pepper': 'saltAndPepper',
};

export const trainAutoencoderUsage = `nabla train autoencoder [--kind ${kinds.join('|')}] [--code 32] [--epochs 10] [--batch-size 128]
                [--lr 0.001] [--noise masking|gaussian|salt-and-pepper] [--noise-level 0.3] [--seed 0] [--limit N] [--out autoencoder.png]`;

interface Model {
  /** The training loss of a (possibly corrupted) batch against the clean batch. */
  loss(input: Tensor, clean: Tensor): Tensor;
  reconstruct(x: Tensor): Tensor;
  encode(x: Tensor): Tensor;
  parameters(): Tensor[];
  train(mode?: boolean): unknown;
}

function build(kind: Kind, code: number): { model: Model; describe: string } {
  if (kind === 'vae') {
    const vae = new VAE(784, 400, code);
    const model: Model = {
      loss: (input, clean) => vaeLoss(vae.reconstruct(input), clean),
      reconstruct: (x) => vae.forward(x).sigmoid(),
      encode: (x) => vae.encode(x).mu,
      parameters: () => vae.parameters(),
      train: (mode) => vae.train(mode),
    };
    return { model, describe: `a VAE 784-400-${code} (latent)-400-784` };
  }
  const sparse = kind === 'sparse';
  const ae: Autoencoder =
    kind === 'conv'
      ? convAutoencoder(code)
      : denseAutoencoder([784, 256, code], { codeActivation: sparse ? 'sigmoid' : 'linear' });
  const model: Model = {
    loss: (input, clean) => {
      const h = ae.encode(input);
      const loss = binaryCrossEntropy(ae.decode(h), clean);
      // ρ = 0.05, β = 0.1 (per pixel-averaged BCE): each code unit active ~5% of the time
      return sparse ? loss.add(klSparsityPenalty(h, 0.05, 0.1 / 784)) : loss;
    },
    reconstruct: (x) => ae.forward(x),
    encode: (x) => ae.encode(x),
    parameters: () => ae.parameters(),
    train: (mode) => ae.train(mode),
  };
  const shape = kind === 'conv' ? `conv 1×28×28 → 16×14×14 → 32×7×7 → ${code}` : `784-256-${code}-256-784`;
  return { model, describe: `a ${kind} autoencoder (${shape})` };
}

/** Where a 2-D code's scatter plot goes, beside the reconstructions. */
function codesPlotPath(out: string): string {
  return `${out.replace(/\.png$/, '')}-codes.png`;
}

/** Mean over rows of f(batch), in batches of 1000, without gradients. */
function batched(x: Tensor, f: (batch: Tensor) => Tensor): Tensor {
  return noGrad(() => {
    const parts: Tensor[] = [];
    for (let s = 0; s < x.shape[0]!; s += 1000)
      parts.push(f(x.narrow(0, s, Math.min(1000, x.shape[0]! - s))));
    return cat(parts, 0);
  });
}

/** Trains an autoencoder on MNIST's training digits and scores it on the 10,000 test digits. */
export function trainAutoencoder(args: string[]): number {
  const names = [
    'kind',
    'code',
    'epochs',
    'batch-size',
    'lr',
    'noise',
    'noise-level',
    'seed',
    'limit',
    'out',
  ];
  const { values } = parseCommand('train autoencoder', args, names);
  const kind = (values.kind ?? 'dense') as Kind;
  if (!kinds.includes(kind))
    throw new UsageError(`nabla train autoencoder: --kind must be one of ${kinds.join(', ')}, got '${kind}'`);
  const code = numberOption('train autoencoder', 'code', values.code, kind === 'vae' ? 2 : 32, {
    integer: true,
  });
  const epochs = numberOption('train autoencoder', 'epochs', values.epochs, 10, { integer: true });
  const batchSize = numberOption('train autoencoder', 'batch-size', values['batch-size'], 128, {
    integer: true,
  });
  const lr = numberOption('train autoencoder', 'lr', values.lr, 1e-3);
  const limit =
    values.limit === undefined
      ? undefined
      : numberOption('train autoencoder', 'limit', values.limit, 0, { integer: true });
  const noiseName = values.noise ?? 'masking';
  const noise = Object.hasOwn(noises, noiseName) ? noises[noiseName] : undefined;
  if (!noise)
    throw new UsageError(
      `nabla train autoencoder: --noise must be masking, gaussian or salt-and-pepper, got '${noiseName}'`,
    );
  const level = numberOption('train autoencoder', 'noise-level', values['noise-level'], 0.3);
  const seed = seedOption('train autoencoder', values.seed);
  const out = outputOption('train autoencoder', 'out', values.out, 'autoencoder.png');
  if (code === 2) checkOutput('train autoencoder', 'out', codesPlotPath(out));

  manualSeed(seed);
  const shape = kind === 'conv' ? 'image' : 'flat';
  const [trainX, trainY] = loadMnist('train', { limit, shape }).tensors as [Tensor, Tensor];
  const testSet = loadMnist('test', {
    limit: limit === undefined ? undefined : Math.max(100, Math.round(limit / 6)),
    shape,
  });
  const [testX, testY] = testSet.tensors as [Tensor, Tensor];
  const { model, describe } = build(kind, code);
  const denoising = kind === 'denoising';
  const generator = new Generator(seed + 1);
  const threads = getNumThreads();
  console.log(
    `nabla: training ${describe} on ${trainX.shape[0]!.toLocaleString('en-US')} MNIST digits${denoising ? ` corrupted by ${noiseName} noise (level ${level})` : ''}; ` +
      `Adam lr ${lr}, batch ${batchSize}, ${epochs} epochs; backend ${getBackend().name} (${threads} thread${threads === 1 ? '' : 's'})`,
  );
  const opt = new optim.Adam(model.parameters(), { lr });
  const started = performance.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.train();
    let sum = 0;
    let batches = 0;
    forEachBatch(trainX, batchSize, generator, (batch) => {
      const input = denoising ? corrupt(batch, noise, level, { generator }) : batch;
      const loss = model.loss(input, batch);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      sum += loss.item();
      batches += 1;
    });
    console.log(`epoch ${epoch}/${epochs}: training loss ${(sum / batches).toFixed(4)}`);
  }
  const seconds = (performance.now() - started) / 1000;
  model.train(false);
  const testInput = denoising ? corrupt(testX, noise, level, { generator: new Generator(seed + 2) }) : testX;
  const reconstruction = batched(testInput, model.reconstruct);
  const mse = noGrad(() => reconstruction.sub(testX).square().mean().item());
  const bce = noGrad(() => binaryCrossEntropy(reconstruction.clamp(1e-7, 1 - 1e-7), testX).item() * 784);
  console.log(
    `test reconstruction error on ${testX.shape[0]!.toLocaleString('en-US')} held-out digits${denoising ? ' (from corrupted inputs)' : ''}: ` +
      `mean squared error ${mse.toFixed(5)} per pixel, binary cross-entropy ${bce.toFixed(2)} per image (after ${seconds.toFixed(1)} s of training)`,
  );
  report(model, kind, [trainX, trainY], [testX, testY], testInput, reconstruction, code, out);
  return 0;
}

function report(
  model: Model,
  kind: Kind,
  [trainX, trainY]: [Tensor, Tensor],
  [testX, testY]: [Tensor, Tensor],
  testInput: Tensor,
  reconstruction: Tensor,
  code: number,
  out: string,
): void {
  const shown = 16;
  const rows = [testX.narrow(0, 0, shown)];
  if (kind === 'denoising') rows.push(testInput.narrow(0, 0, shown));
  rows.push(reconstruction.narrow(0, 0, shown));
  saveGrid(out, cat(rows, 0).reshape([-1, 1, 28, 28]), { nrow: shown, upscale: 2 });
  console.log(
    `wrote originals${kind === 'denoising' ? ', corrupted inputs' : ''} and reconstructions (one row each) to ${out}`,
  );
  // Retrieval on the codes: how many of each test digit's 10 nearest training codes share its label.
  const bank = trainX.narrow(0, 0, Math.min(10000, trainX.shape[0]!));
  const bankLabels = trainY.data();
  const queries = Math.min(500, testX.shape[0]!);
  const codes = batched(bank, model.encode);
  const queryCodes = batched(testX.narrow(0, 0, queries), model.encode);
  const { indices } = nearestNeighbors(codes, queryCodes, 10, { metric: 'euclidean' });
  const labels = testY.data();
  const hits = indices.reduce((s, row, q) => s + row.filter((i) => bankLabels[i] === labels[q]).length, 0);
  console.log(
    `retrieval on the ${code}-d codes: ${((100 * hits) / (10 * queries)).toFixed(1)}% of the 10 nearest of ${bank.shape[0]!.toLocaleString('en-US')} training codes share the test digit's label (${queries} test queries)`,
  );
  if (code === 2) {
    const plot = codesPlotPath(out);
    const all = batched(testX, model.encode);
    writeCodePlot(plot, all.data(), labels);
    console.log(
      `wrote the 2-D codes of the ${testX.shape[0]!.toLocaleString('en-US')} test digits, coloured by label, to ${plot}`,
    );
  }
}
