import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UsageError } from '../src/cli/args.js';
import { trainCharLm } from '../src/cli/commands/train-char-lm.js';
import { trainSeq2seq } from '../src/cli/commands/train-seq2seq.js';
import { loadSafetensors } from '../src/index.js';
import { Vocabulary } from '../src/text/vocabulary.js';
import { readImage } from '../src/vision/image-io.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-cli-text-'));

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

// Tiny settings: 5,000 characters, short windows and batches, so each run takes a few seconds.
const tiny = ['--limit-chars', '5000', '--steps', '30', '--batch-size', '4', '--seq-length', '32'];

for (const architecture of ['char-lstm', 'char-transformer'] as const) {
  test(`train ${architecture} reports held-out loss, the unigram baseline and a sample, and saves the vocabulary`, () => {
    const out = join(dir, `${architecture}.safetensors`);
    const result = run(() => trainCharLm(architecture, [...tiny, '--seed', '1', '--out', out]));
    assert.equal(result.code, 0);
    assert.match(
      result.out,
      new RegExp(`training ${architecture} \\([\\d,]+ parameters\\) on 4,480 characters of Moby Dick`),
    );
    const loss = /held-out loss ([\d.]+) nats\/char = ([\d.]+) bits\/char \(perplexity [\d.]+\)/.exec(
      result.out,
    );
    const unigram = /unigram baseline ([\d.]+) nats\/char = ([\d.]+) bits\/char/.exec(result.out);
    assert.ok(loss && unigram, result.out);
    // bits = nats / ln 2
    assert.ok(Math.abs(Number(loss[2]) - Number(loss[1]) / Math.LN2) < 1e-3);
    const vocabulary = Vocabulary.fromJSON(loadSafetensors(out).metadata.vocabulary!);
    // Even 30 tiny steps beat guessing uniformly among the vocabulary's characters.
    assert.ok(Number(loss[1]) < Math.log(vocabulary.size), `loss ${loss[1]} vs ln ${vocabulary.size}`);
    const sample = result.out.split('sample (temperature 0.8):\n')[1]!.split('\nsaved the model')[0]!;
    // The primer and 300 drawn characters, none of them a special token.
    assert.equal(Array.from(sample).length, 301);
    assert.doesNotMatch(sample, /<UNK>|<PAD>|<BOS>|<EOS>/);
    assert.ok(existsSync(out));
  });
}

test('train seq2seq reports exact match (greedy and beam), examples, and writes a decodable attention PNG', () => {
  const png = join(dir, 'attention.png');
  const out = join(dir, 'seq2seq.safetensors');
  const args = [
    '--examples',
    '120',
    '--steps',
    '8',
    '--batch-size',
    '16',
    '--attention-map',
    png,
    '--out',
    out,
  ];
  const result = run(() => trainSeq2seq(args));
  assert.equal(result.code, 0);
  assert.match(result.out, /translate dates on \d+ examples, held out 12;/);
  assert.match(result.out, /held-out exact match \(greedy\): [\d.]+% \(\d+\/12\)/);
  assert.match(result.out, /held-out exact match \(beam search, B=3\): [\d.]+% \(\d+\/12\)/);
  assert.match(result.out, /examples:\n {2}\S.* → /);
  const shown = /wrote the attention map of '(.+)' → '(.*)' to /.exec(result.out);
  assert.ok(shown, result.out);
  // 16 pixels per weight: one row per decoded character (+ <EOS>, or cut at 12), one column per input character.
  const image = readImage(png, { channels: 1 });
  assert.equal(image.shape[2], 16 * Array.from(shown[1]!).length);
  assert.equal(image.shape[1]! % 16, 0);
  assert.ok(image.shape[1]! / 16 >= 1 && image.shape[1]! / 16 <= 12);
  const { metadata } = loadSafetensors(out);
  assert.equal(Vocabulary.fromJSON(metadata.targetVocabulary!).size, 4 + 11); // specials, 0–9 and '-'
});

test('the text commands reject bad options with usage errors', () => {
  assert.throws(() => trainCharLm('char-lstm', ['--steps', '0']), UsageError);
  assert.throws(
    () => trainCharLm('char-lstm', ['--steps', '0']),
    /nabla train: --steps must be a positive integer, got '0'/,
  );
  assert.throws(() => trainCharLm('char-transformer', ['--epochs', '2']), /unknown option '--epochs'/);
  assert.throws(() => trainCharLm('char-lstm', ['--temperature=-1']), /--temperature must be a number ≥ 0/);
  assert.throws(
    () => trainCharLm('char-lstm', ['--limit-chars', '100']),
    /nabla train: 100 characters leave no 65-character window for training or held out/,
  );
  assert.throws(() => trainSeq2seq(['--steps', '5', '--epochs', '1']), /give --steps or --epochs, not both/);
  assert.throws(() => trainSeq2seq(['--examples', '1']), /--examples must be at least 2/);
  assert.throws(() => trainSeq2seq(['--lr', 'fast']), /--lr must be a positive number, got 'fast'/);
});
