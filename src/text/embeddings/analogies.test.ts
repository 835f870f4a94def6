import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileFormatError } from '../../index.js';
import { evaluateAnalogies, parseAnalogies } from './analogies.js';
import { KeyedVectors } from './keyed-vectors.js';

const folder = mkdtempSync(join(tmpdir(), 'nabla-analogies-'));
after(() => rmSync(folder, { recursive: true, force: true }));

// man (1, 0), woman (0, 1), king (0.6, 0.8), queen (−0.6, 0.8), princess (0, 1) after normalising:
// man:woman::king:? is princess under 3CosAdd and queen under 3CosMul (see keyed-vectors.test.ts).
const royals = new KeyedVectors(
  ['man', 'woman', 'king', 'queen', 'princess'],
  new Float32Array([1, 0, 0, 1, 3, 4, -0.6, 0.8, 0, 3]),
);

const text = `: royals
man woman king queen
Man Woman King Princess

: missing
man woman prince princess
: family
woman man queen king
`;

test('parseAnalogies reads sections and four-word questions', () => {
  const sections = parseAnalogies(text);
  assert.deepEqual(
    sections.map((s) => [s.name, s.questions.length]),
    [
      ['royals', 2],
      ['missing', 1],
      ['family', 1],
    ],
  );
  assert.deepEqual(sections[2]!.questions[0], { a: 'woman', b: 'man', c: 'queen', expected: 'king' });
});

test('evaluateAnalogies counts correct answers per section, skipping unknown words', () => {
  const file = join(folder, 'questions-words.txt');
  writeFileSync(file, text);
  const add = evaluateAnalogies(royals, file);
  // royals: 3CosAdd answers princess to both; only the second question expects it.
  // family: woman − ... : b − a + c = (1, 0) − (0, 1) + (−0.6, 0.8) = (0.4, −0.2) → man excluded,
  // cosines: king (0.24 − 0.16) / 0.447 = 0.179, princess −0.447 → king, correct.
  assert.deepEqual(
    add.sections.map((s) => [s.name, s.correct, s.total, s.skipped]),
    [
      ['royals', 1, 2, 0],
      ['missing', 0, 0, 1],
      ['family', 1, 1, 0],
    ],
  );
  assert.deepEqual(add.total, { name: 'total', correct: 2, total: 3, skipped: 1, accuracy: 2 / 3 });
  const mul = evaluateAnalogies(royals, file, { method: '3CosMul' });
  assert.deepEqual(
    mul.sections.map((s) => s.correct),
    [1, 0, 1],
  );
});

test('evaluateAnalogies with case sensitivity and a restricted vocabulary skips more', () => {
  const sections = parseAnalogies(text);
  assert.equal(evaluateAnalogies(royals, sections, { caseInsensitive: false }).total.skipped, 2);
  // Only man, woman, king, queen are searched: the royals answer becomes queen.
  const r = evaluateAnalogies(royals, sections, { restrictVocab: 4 });
  assert.deepEqual(
    r.sections.map((s) => [s.correct, s.total]),
    [
      [1, 1],
      [0, 0],
      [1, 1],
    ],
  );
});

test('parseAnalogies and evaluateAnalogies name the file and line of bad input', () => {
  assert.throws(
    () => parseAnalogies(': s\na b c\n', 'q.txt'),
    (e: unknown) =>
      e instanceof FileFormatError && e.message === "q.txt: line 2: expected four words, got 3 ('a b c')",
  );
  assert.throws(() => parseAnalogies('a b c d\n', 'q.txt'), /line 1: a question before the first/);
  assert.throws(() => parseAnalogies(':\n', 'q.txt'), /line 1: a section header needs a name/);
  assert.throws(() => evaluateAnalogies(royals, join(folder, 'nope.txt')), FileFormatError);
});
