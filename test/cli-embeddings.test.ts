import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UsageError } from '../src/cli/args.js';
import { trainGloveCommand, trainWord2vecCommand } from '../src/cli/commands/train-embeddings.js';
import { readRasterImage } from '../src/index.js';
import { readGlove, readWord2vec } from '../src/text/embeddings/vector-files.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-cli-embeddings-'));
const analogies = new URL('../bench/sotu-analogies.txt', import.meta.url).pathname;

/** Runs a command function in this process and returns its exit code and what it printed. */
function run(command: () => number): { code: number; out: string } {
  const out: string[] = [];
  const log = console.log;
  console.log = (...xs: unknown[]) => out.push(xs.join(' '));
  try {
    return { code: command(), out: out.join('\n') };
  } finally {
    console.log = log;
  }
}

// The first 20,000 words of the addresses, 16 dimensions, one epoch: a second or two.
const tiny = ['--limit-words', '20000', '--vector-size', '16', '--epochs', '1', '--min-count', '3'];

test('train word2vec reports the corpus, loss, speed, neighbours and analogies, and writes the vectors', () => {
  const out = join(dir, 'w2v.bin');
  const png = join(dir, 'words.png');
  const r = run(() => trainWord2vecCommand([...tiny, '--analogies', analogies, '--plot', png, '--out', out]));
  assert.equal(r.code, 0);
  assert.match(
    r.out,
    /training word2vec \(skip-gram, negative sampling, k=5, 16 dimensions, window 5\) on 19,9\d\d words/,
  );
  assert.match(r.out, /epoch 1\/1: loss \d\.\d{4}e\+\d/);
  assert.match(
    r.out,
    /vocabulary [\d,]+ words \(min count 3\); trained in [\d.]+ s, [\d,]+ words\/s on one thread/,
  );
  assert.match(r.out, /\n {2}war: \w+ [-\d.]+,/);
  assert.match(r.out, /analogies \(3CosAdd\): [\d.]+% \(\d+\/\d+, \d+ skipped\); gram-plural/);
  assert.match(r.out, /analogies \(3CosMul\)/);
  assert.match(r.out, /wrote a t-SNE map of 120 words \(frequency ranks 101–220\) to /);
  assert.equal(readRasterImage(png).width, 1200);
  const vectors = readWord2vec(out);
  assert.equal(vectors.dim, 16);
  assert.equal(vectors.words[0], 'the');
});

test('train word2vec with CBOW, hierarchical softmax and two workers, and train glove', () => {
  const w2v = run(() =>
    trainWord2vecCommand([
      ...tiny,
      '--architecture',
      'cbow',
      '--objective',
      'hs',
      '--workers',
      '2',
      '--out',
      join(dir, 'cbow.txt'),
    ]),
  );
  assert.match(w2v.out, /training word2vec \(cbow, hierarchical softmax, 16 dimensions/);
  // Two threads where the backend has them (native, NABLA_NUM_THREADS ≥ 2), else one.
  assert.match(w2v.out, /words\/s on (one thread|2 threads)\n/);
  const glove = run(() => trainGloveCommand([...tiny, '--out', join(dir, 'glove.txt')]));
  assert.equal(glove.code, 0);
  assert.match(glove.out, /vocabulary [\d,]+ words, [\d,]+ co-occurring pairs; trained in/);
  assert.match(glove.out, /epoch 1\/1: cost \d+\.\d{4}/);
  assert.equal(readGlove(join(dir, 'glove.txt')).dim, 16);
});

test('the embedding commands reject bad options with usage errors', () => {
  assert.throws(() => trainWord2vecCommand(['--architecture', 'glove']), UsageError);
  assert.throws(() => trainWord2vecCommand(['--objective', 'softmax']), /--objective must be ns or hs/);
  assert.throws(() => trainWord2vecCommand(['--sample=-1']), /--sample must be a number ≥ 0, got '-1'/);
  assert.throws(() => trainGloveCommand(['--epochs', '0']), /--epochs must be a positive integer/);
  assert.throws(() => trainWord2vecCommand(['--workers', '0']), /--workers must be a positive integer/);
});
