import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { tensor } from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import { collapsePath, ctcGreedyDecode, ctcPrefixBeamSearch } from './ctc-decode.js';

test('collapsePath merges repeats, then drops blanks', () => {
  assert.deepEqual(collapsePath([1, 1, 0, 1, 2, 2]), [1, 1, 2]);
  assert.deepEqual(collapsePath([0, 0]), []);
  assert.deepEqual(collapsePath([2, 2, 1, 2], 2), [1]);
});

test('ctcGreedyDecode takes the best class per step', () => {
  // path 1, 1, 0 → [1]
  assert.deepEqual(
    ctcGreedyDecode([
      [0.1, 0.9],
      [0.2, 0.8],
      [0.9, 0.1],
    ]),
    [1],
  );
  // path 1, 0, 1 → [1, 1]; log-probabilities give the same argmax
  const logs = tensor(
    [
      [0.1, 0.9],
      [0.9, 0.1],
      [0.2, 0.8],
    ].map((r) => r.map(Math.log)),
  );
  assert.deepEqual(ctcGreedyDecode(logs), [1, 1]);
});

test('ctcPrefixBeamSearch finds the most probable labelling where greedy does not', () => {
  // Greedy reads blank, blank → [] with P = .6·.6 = .36.
  // [1] collects three paths: (1,1) .16 + (0,1) .24 + (1,0) .24 = .64.
  const probs = [
    [0.6, 0.4],
    [0.6, 0.4],
  ];
  assert.deepEqual(ctcGreedyDecode(probs), []);
  const beams = ctcPrefixBeamSearch(probs, { beamWidth: 4 });
  assert.deepEqual(
    beams.map((b) => b.labels),
    [[1], [], [1, 1]].slice(0, beams.length),
  );
  expectClose(
    beams.map((b) => Math.exp(b.logProb)),
    [0.64, 0.36],
    { rtol: 1e-12 },
  );
});

test('ctcPrefixBeamSearch with 3 classes: [1] beats greedy [2], and blank can be any class', () => {
  const probs = [
    [0.25, 0.35, 0.4],
    [0.5, 0.4, 0.1],
    [0.5, 0.4, 0.1],
  ];
  // Greedy path 2, 0, 0 → [2]. P([2]) = 200 .1 + 220 .02 + 222 .004 + 020 .0125 + 022 .0025 + 002 .0125 = .1515
  // P([1]) = 100 .0875 + 110 .07 + 111 .056 + 010 .05 + 011 .04 + 001 .05 = .3535
  assert.deepEqual(ctcGreedyDecode(probs), [2]);
  const exact = bruteForce(probs, 0);
  expectClose([exact.get('1')!, exact.get('2')!], [0.3535, 0.1515], { rtol: 1e-12 });
  const [wide] = ctcPrefixBeamSearch(probs, { beamWidth: 16 });
  assert.deepEqual(wide!.labels, [1]);
  expectClose([Math.exp(wide!.logProb)], [0.3535], { rtol: 1e-12 });
  // A narrow beam still ranks [1] first, but pruned prefixes take some of its paths with them.
  const [narrow] = ctcPrefixBeamSearch(probs, { beamWidth: 3 });
  assert.deepEqual(narrow!.labels, [1]);
  assert.ok(Math.exp(narrow!.logProb) < 0.3535);
  // The same with the blank moved to class 2 (columns swapped).
  const swapped = probs.map(([b, x, y]) => [y!, x!, b!]);
  assert.deepEqual(ctcPrefixBeamSearch(swapped, { beamWidth: 16, blank: 2 })[0]!.labels, [1]);
});

/** P(labelling) for every labelling, by summing over all C^T paths. */
function bruteForce(probs: number[][], blank: number): Map<string, number> {
  const out = new Map<string, number>();
  const classes = probs[0]!.length;
  const walk = (path: number[], p: number): void => {
    if (path.length === probs.length) {
      const key = collapsePath(path, blank).join(',');
      out.set(key, (out.get(key) ?? 0) + p);
      return;
    }
    for (let c = 0; c < classes; c++) walk([...path, c], p * probs[path.length]![c]!);
  };
  walk([], 1);
  return out;
}

test('property: an unpruned prefix beam search gives every labelling its exact probability', () => {
  const rows = fc.integer({ min: 2, max: 3 }).chain((classes) =>
    fc.array(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: classes, maxLength: classes }), {
      minLength: 1,
      maxLength: 4,
    }),
  );
  fc.assert(
    fc.property(rows, (weights) => {
      const probs = weights.map((r) => {
        const s = r.reduce((a, b) => a + b, 0);
        return r.map((v) => v / s);
      });
      const exact = bruteForce(probs, 0);
      // 3 classes, 4 steps: at most 1 + 2 + 4 + 8 + 16 labellings, all kept by a beam of 64.
      const beams = ctcPrefixBeamSearch(probs, { beamWidth: 64 });
      assert.equal(beams.length, exact.size);
      for (const b of beams)
        expectClose([Math.exp(b.logProb)], [exact.get(b.labels.join(','))!], { rtol: 1e-9 });
      // And the winner is the most probable labelling.
      assert.ok(Math.exp(beams[0]!.logProb) >= Math.max(...exact.values()) - 1e-12);
      // logInputs reads log-probabilities the same way.
      const fromLogs = ctcPrefixBeamSearch(
        probs.map((r) => r.map(Math.log)),
        { beamWidth: 64, logInputs: true },
      );
      assert.deepEqual(
        fromLogs.map((b) => b.labels),
        beams.map((b) => b.labels),
      );
    }),
    { numRuns: 200, seed: 3 },
  );
});

test('CTC decoders reject bad arguments with named errors', () => {
  assert.throws(
    () => ctcGreedyDecode([[0.5, 0.5]], { blank: 2 }),
    /ctcGreedyDecode: blank must be a class in \[0, 2\), got 2/,
  );
  assert.throws(
    () => ctcPrefixBeamSearch([[1]], { beamWidth: 0 }),
    /beamWidth must be a positive integer, got 0/,
  );
  assert.throws(() => ctcPrefixBeamSearch(tensor([1, 2])), /expected scores \[T, C\], got shape \[2\]/);
  assert.throws(() => ctcGreedyDecode([[1, 2], [1]]), /every step must score the same classes/);
});
