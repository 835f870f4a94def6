import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { babysitMlpTrial, trial } from '../src/cli/commands/mlp-trial.js';
import { readGrayImage, readRasterImage } from '../src/io/image.js';
import { inProcess, type TrialRecord } from '../src/tune/index.js';
import { runCli as run } from './cli-capture.js';

test('tune mlp: trials in two worker processes, a table sorted by dev accuracy, the best config; a rerun resumes', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'nabla-tune-')), 'search');
  const args = [
    'tune',
    'mlp',
    '--trials',
    '3',
    '--epochs',
    '1',
    '--limit',
    '600',
    '--parallel',
    '2',
    '--dir',
    dir,
  ];
  const first = await run(...args);
  assert.equal(first.code, 0, first.err);
  assert.match(
    first.out,
    /random search over the MNIST MLP, 3 trials of 1 epochs on 600 digits \(dev set 50\), 2 at a time/,
  );
  assert.match(first.out, /^rank {2}trial {2}status {2}valAccuracy +lr {2}batchSize {2}hidden/m);
  // Trial 0 is the default config: lr 1e-3, batch 128, hidden 512.
  assert.match(first.out, /^ +\d +0 +done +[\d.]+ +1\.00e-3 +128 +512 /m);
  const best = JSON.parse(first.out.trim().split('\n').at(-1)!) as Record<string, number>;
  assert.deepEqual(Object.keys(best), [
    'lr',
    'batchSize',
    'hidden',
    'l2',
    'dropout',
    'beta1',
    'epochs',
    'limit',
  ]);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'best.json'), 'utf8')), best);
  assert.equal(readFileSync(join(dir, 'report.html'), 'utf8').match(/<svg /g)!.length, 6); // one plot per hyperparameter
  for (const id of [0, 1, 2]) assert.ok(existsSync(join(dir, 'trials', `${id}.json`)));
  const saved = JSON.parse(readFileSync(join(dir, 'trials', '0.json'), 'utf8'));
  assert.equal(saved.history.length, 1);
  assert.ok(saved.metrics.valAccuracy > 0.3, `default config dev accuracy ${saved.metrics.valAccuracy}`);

  // Everything is saved, so a rerun trains nothing and prints the same best.
  const again = await run(...args);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /resuming the search in .* \(3 trials saved\)/);
  assert.doesNotMatch(again.out, /^trial \d/m);
  assert.equal(again.out.trim().split('\n').at(-1), first.out.trim().split('\n').at(-1));

  // Satisficing: the most accurate trial within a latency budget; an impossible budget finds none.
  const fast = await run(...args, '--max-latency-ms', '1000');
  assert.match(fast.out, /^best within 1000 ms a digit: trial \d, dev accuracy [\d.]+%, [\d.]+ ms a digit/m);
  const none = await run(...args, '--max-latency-ms', '1e-9');
  assert.equal(none.code, 1);
  assert.match(none.out, /no finished trial classifies a digit within 1e-9 ms/);
  assert.ok(saved.metrics.latencyMs > 0, `latency ${saved.metrics.latencyMs}`);

  const bad = await run('tune', 'mlp', '--strategy', 'grid');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--strategy must be random or coarse-to-fine, got 'grid'/);
});

test('diagnose rebuilds the split a model was trained on; errors tabulates, draws and exports the errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nabla-diagnose-'));
  const model = join(dir, 'mlp.safetensors');
  const args = ['--epochs', '1', '--limit', '1200', '--hidden', '32', '--seed', '3', '--out', model];
  const trained = await run('train', 'mlp', ...args, '--train-dev', '100');
  assert.equal(trained.code, 0, trained.err);
  const d = await run('diagnose', model, '--human-error', '0.2');
  assert.equal(d.code, 0, d.err);
  const rate = (name: string) => Number(new RegExp(`^  ${name} +([\\d.]+)%`, 'm').exec(d.out)![1]);
  assert.match(d.out, /^ {2}train +[\d.]+% {2}on 1,000 digits$/m); // 1,200 − 100 dev − 100 train-dev
  assert.match(d.out, /^ {2}train-dev +[\d.]+% {2}on 100 digits$/m);
  assert.match(d.out, /^ {2}dev +[\d.]+% {2}on 100 digits$/m);
  assert.match(d.out, /^ {2}test +[\d.]+% {2}on 200 digits$/m);
  // The gaps are the differences of the printed rates (rounded to 2 decimals there).
  const gap = (name: string) => Number(new RegExp(`^${name} +(-?[\\d.]+)$`, 'm').exec(d.out)![1]);
  assert.ok(Math.abs(gap('avoidable bias') - (rate('train') - 0.2)) < 0.011);
  assert.ok(Math.abs(gap('variance') - (rate('train-dev') - rate('train'))) < 0.011);
  assert.ok(Math.abs(gap('data mismatch') - (rate('dev') - rate('train-dev'))) < 0.011);
  assert.match(d.out, /^biggest: (avoidable bias|variance|data mismatch|dev-set overfitting); try:$/m);
  // Trained the same way, the train split's error is the same: the split is reproduced from the file.
  const again = await run('diagnose', model, '--human-error', '0.2');
  assert.equal(again.out, d.out);

  // Correcting a test label (the first test digit is a 7; call it a 3) moves the test error by 0 or 1 in 200.
  const fixes = join(dir, 'corrections.csv');
  writeFileSync(fixes, 'set,index,label\ntest,0,3\n');
  const c = await run('diagnose', model, '--corrections', fixes);
  assert.equal(c.code, 0, c.err);
  const m =
    /^after correcting 0 dev and 1 test labels: dev ([\d.]+)% \(was ([\d.]+)%\), test ([\d.]+)% \(was ([\d.]+)%\)$/m.exec(
      c.out,
    )!;
  assert.equal(m[1], m[2]);
  assert.ok([0, 0.5].includes(Math.round(Math.abs(Number(m[3]) - Number(m[4])) * 100) / 100), m[0]);

  // Error analysis of the same model on 300 test digits: the table, the sheet, the CSV to tag.
  const png = join(dir, 'errors.png');
  const csv = join(dir, 'errors.csv');
  const confusion = join(dir, 'confusion.png');
  const e = await run(
    'errors',
    model,
    '--limit',
    '300',
    '--out',
    png,
    '--csv',
    csv,
    '--max',
    '12',
    '--confusion-png',
    confusion,
  );
  assert.equal(e.code, 0, e.err);
  assert.match(e.out, /^wrote .*confusion\.png \(confusion matrix: rows true digit, columns predicted\)$/m);
  // 10 classes in 38-pixel cells after a 36-pixel label column and 30 pixels of titles; the
  // darkest cell (the most digits) is on the diagonal.
  const heat = readRasterImage(confusion, 3);
  assert.deepEqual([heat.width, heat.height], [36 + 380 + 2, 30 + 380 + 2]);
  const corner = (i: number, j: number) =>
    [...heat.data.subarray(((30 + 38 * i + 1) * heat.width + 36 + 38 * j + 1) * heat.channels)]
      .slice(0, 3)
      .join();
  const darkest: number[] = [];
  for (let i = 0; i < 10; i++)
    for (let j = 0; j < 10; j++) if (corner(i, j) === '8,48,107') darkest.push(i - j);
  assert.ok(darkest.length > 0 && darkest.every((d) => d === 0), String(darkest));
  const errors = Number(/^(\d+) errors in 300 examples/m.exec(e.out)![1]);
  assert.match(e.out, /^category +errors {2}% of errors {2}error if solved$/m);
  for (const c of ['low ink', 'thin strokes', 'off-centre'])
    assert.match(e.out, new RegExp(`^${c} +\\d+ `, 'm'));
  const sheet = readGrayImage(png);
  // 12 errors, 10 a row of (56 + 12)-pixel cells, rows of 56 + 14 + 2 pixels.
  assert.deepEqual([sheet.width, sheet.height], [680, 144]);
  const rows = readFileSync(csv, 'utf8').trim().split('\n');
  assert.equal(rows[0], 'index,label,predicted,confidence,low ink,thin strokes,off-centre,comments');
  assert.equal(rows.length, errors + 1);
  // A person tags the first error as a "dog"; the table gains that category.
  const tagged = join(dir, 'tags.csv');
  writeFileSync(tagged, `index,dog\n${rows[1]!.split(',')[0]},x\n`);
  const t = await run('errors', model, '--limit', '300', '--out', png, '--csv', csv, '--tags', tagged);
  assert.match(t.out, /^dog +1 +[\d.]+% +[\d.]+%$/m);

  const bad = await run('diagnose', model, '--human-error=-1');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--human-error must be a percentage, got '-1'/);
});

test('tune babysit: a trial resumed from its checkpoint at a new learning rate keeps its history; both segments show their lr', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'nabla-babysit-')), 'search');
  const search = await run(
    ...['tune', 'mlp', '--trials', '1', '--epochs', '1', '--limit', '600', '--parallel', '1', '--dir', dir],
  );
  assert.equal(search.code, 0, search.err);
  assert.ok(existsSync(join(dir, 'trials', '0.checkpoint.safetensors')));
  const babysit = await run(
    'tune',
    'babysit',
    '--dir',
    dir,
    '--trial',
    '0',
    '--lr',
    '0.0003',
    '--epochs',
    '2',
  );
  assert.equal(babysit.code, 0, babysit.err);
  // The epoch before the change (the default lr 1e-3), then two at 3e-4.
  assert.match(
    babysit.out,
    /^ +1 +1\.00e-3 +[\d.]+ +[\d.]+ +[\d.]+%\n--- lr 0\.0003 from epoch 2\n +2 +3\.00e-4 .*\n +3 +3\.00e-4 /m,
  );
  const saved = JSON.parse(readFileSync(join(dir, 'trials', '0.json'), 'utf8')) as TrialRecord;
  assert.deepEqual(
    saved.history.map((h) => h.lr),
    [0.001, 0.0003, 0.0003],
  );
  assert.deepEqual(saved.babysat, [{ epoch: 1, lr: 0.0003 }]);
  assert.equal(saved.metrics.valAccuracy, saved.history[2]!.valAccuracy);
  // Babysat again, it goes on from there.
  const again = await run('tune', 'babysit', '--dir', dir, '--trial', '0', '--lr', '1e-4');
  assert.equal(again.code, 0, again.err);
  const twice = JSON.parse(readFileSync(join(dir, 'trials', '0.json'), 'utf8')) as TrialRecord;
  assert.deepEqual(
    twice.history.map((h) => h.lr),
    [0.001, 0.0003, 0.0003, 0.0001],
  );
  assert.deepEqual(twice.history.slice(0, 3), saved.history);

  const missing = await run('tune', 'babysit', '--dir', dir, '--trial', '4', '--lr', '1e-4');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no trial 4 in .*trials \(saved: 0\)/);
  const noLr = await run('tune', 'babysit', '--dir', dir, '--trial', '0');
  assert.match(noLr.err, /--trial and --lr are required/);
});

test('babysitting continues the run exactly: one epoch plus one babysat at the schedule lr equals two epochs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nabla-babysit-exact-'));
  // Dropout, so the restored generators matter too; the seed drives weights and shuffle.
  const config = { limit: 240, hidden: 16, batchSize: 32, dropout: 0.2 };
  const [two] = await inProcess(trial)([{ id: 0, seed: 5, config: { ...config, epochs: 2 } }]);
  const checkpoint = join(dir, 'one.safetensors');
  const [one] = await inProcess(trial)([{ id: 0, seed: 5, config: { ...config, epochs: 1 }, checkpoint }]);
  // Cosine annealing over 2 epochs trains the second at lr/2; babysit at exactly that rate.
  const lr = two!.history[1]!.lr!;
  assert.ok(Math.abs(lr - 0.0005) < 1e-12, String(lr));
  const babysat = babysitMlpTrial(one!, checkpoint, { lr, epochs: 1 });
  assert.deepEqual(babysat.history, two!.history);
});
