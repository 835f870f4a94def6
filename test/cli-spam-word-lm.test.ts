import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UsageError } from '../src/cli/args.js';
import { trainSpam } from '../src/cli/commands/train-spam.js';
import { trainWordLm } from '../src/cli/commands/train-word-lm.js';
import { loadSafetensors } from '../src/index.js';
import { KeyedVectors } from '../src/text/embeddings/keyed-vectors.js';
import { writeGlove } from '../src/text/embeddings/vector-files.js';
import { Vocabulary } from '../src/text/vocabulary.js';
import { runCli } from './cli-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-cli-spam-word-lm-'));

// 300 mails cut to 30 words, 8-dimensional vectors, one epoch of each form: a few seconds.
const tinySpam = [
  '--limit',
  '300',
  '--epochs',
  '1',
  '--lstm-epochs',
  '1',
  '--max-words',
  '30',
  '--vector-size',
  '8',
  '--hidden-size',
  '8',
];

test('train spam splits the mails, trains word2vec and both classifiers, reports the four scores and saves', async () => {
  const out = join(dir, 'spam.safetensors');
  const r = await runCli('train', 'spam', ...tinySpam, '--seed', '3', '--out', out);
  assert.equal(r.code, 0, r.err);
  // 300 mails, a fifth of each class held out.
  assert.match(
    r.out,
    /SpamAssassin, 240 training and 60 held-out mails \(seed 3, [\d.]+% spam\), the subject and body's first 30 words/,
  );
  assert.match(r.out, /word2vec \(CBOW, 8 dimensions\) on the [\d,]+ training words/);
  assert.match(r.out, /[\d,]+ embedding rows from the vectors, \d+ random; embedding fine-tuned/);
  for (const form of ['average', 'lstm'])
    assert.match(
      r.out,
      new RegExp(
        `${form} held out: accuracy [\\d.]+%, precision [\\d.]+%, recall [\\d.]+%, F1 [\\d.]+ \\(trained in`,
      ),
    );
  const file = loadSafetensors(out);
  assert.equal(file.metadata.forms, 'average,lstm');
  assert.deepEqual(
    file.tensors['average.embedding.weight']!.shape,
    file.tensors['lstm.embedding.weight']!.shape,
  );
  const vocabulary = Vocabulary.fromJSON(file.metadata.vocabulary!);
  assert.equal(vocabulary.tokenOf(0), '<PAD>');
});

test('train spam reads given vectors (a GloVe file) and freezes the embedding', () => {
  const vectors = join(dir, 'glove.txt');
  writeGlove(new KeyedVectors(['the', 'money', 'free'], new Float32Array([1, 0, 0, 1, 0.5, 0.5])), vectors);
  const out: string[] = [];
  const log = console.log;
  console.log = (...xs: unknown[]) => out.push(xs.join(' '));
  try {
    const code = trainSpam([
      ...tinySpam,
      '--forms',
      'average',
      '--vectors',
      vectors,
      '--freeze',
      '--out',
      join(dir, 'frozen.safetensors'),
    ]);
    assert.equal(code, 0);
  } finally {
    console.log = log;
  }
  const text = out.join('\n');
  assert.match(text, /read 3 vectors of 2 dimensions from /);
  assert.match(text, /3 embedding rows from the vectors, [\d,]+ random; embedding frozen/);
  // Frozen: the embedding rows stay what the file gave ('the' is the most frequent word, id 2).
  const weight = loadSafetensors(join(dir, 'frozen.safetensors')).tensors['average.embedding.weight']!;
  assert.deepEqual(Array.from(weight.data.subarray(4, 6)), [1, 0]);
});

test('train word-lm splits by address, reports perplexity against the unigram baseline, and saves', async () => {
  const out = join(dir, 'lm.safetensors');
  const r = await runCli(
    'train',
    'word-lm',
    '--limit-addresses',
    '10',
    '--steps',
    '3',
    '--vocab-size',
    '300',
    '--embed-dim',
    '8',
    '--hidden-size',
    '16',
    '--out',
    out,
  );
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.out,
    /State of the Union, 9 training addresses \([\d,]+ words with <eos>\), 1 held-out addresses/,
  );
  assert.match(r.out, /vocabulary 300/);
  assert.match(r.out, /embedding from the vectors: [\d,]+ words, \d+ random \(fine-tuned\)/);
  const m =
    /held-out perplexity ([\d.]+) \(([\d.]+) nats\/word\) on [\d,]+ words; unigram baseline ([\d.]+) \(([\d.]+) nats\/word\)/.exec(
      r.out,
    );
  assert.ok(m, r.out);
  // perplexity = e^(nats per word), for both
  assert.ok(Math.abs(Number(m[1]) - Math.exp(Number(m[2]))) < (0.1 * Number(m[1])) / 100 + 0.05);
  assert.ok(Math.abs(Number(m[3]) - Math.exp(Number(m[4]))) < 0.05 + Number(m[3]) * 1e-3);
  // Three steps leave the model near uniform over the 300 words (perplexity ≤ ~300).
  assert.ok(Number(m[1]) < 400, r.out);
  assert.equal(Vocabulary.fromJSON(loadSafetensors(out).metadata.vocabulary!).size, 300);
});

test('the two commands reject bad options with usage errors', () => {
  assert.throws(() => trainSpam(['--forms', 'cnn']), /--forms lists average and\/or lstm, got 'cnn'/);
  assert.throws(() => trainSpam(['--held-out', '1']), /--held-out must be below 1/);
  assert.throws(() => trainSpam(['--out', join(dir, 'no-such-folder', 'x.safetensors')]), UsageError);
  assert.throws(
    () => trainWordLm(['--no-word2vec', '--freeze']),
    /--no-word2vec starts the embedding at random/,
  );
  assert.throws(() => trainWordLm(['--vocab-size', '2']), /--vocab-size must be at least 3/);
  assert.throws(() => trainWordLm(['--seed', 'x']), /--seed must be an integer/);
});
