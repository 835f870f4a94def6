import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchReport } from './search-report.js';
import { choice, logUniform, oneMinusLogUniform } from './space.js';
import type { TrialRecord } from './trial.js';

test('searchReport plots the objective against each hyperparameter on its own axis', () => {
  const base = { seed: 0, history: [], seconds: 1 };
  const trials: TrialRecord[] = [
    { ...base, id: 0, status: 'done', config: { lr: 1e-4, beta: 0.9, opt: 'sgd' }, metrics: { acc: 0.5 } },
    { ...base, id: 1, status: 'done', config: { lr: 1e-2, beta: 0.999, opt: 'adam' }, metrics: { acc: 0.9 } },
    {
      ...base,
      id: 2,
      status: 'pruned',
      config: { lr: 1e-3, beta: 0.99, opt: 'adam' },
      metrics: { acc: 0.7 },
    },
    { ...base, id: 3, status: 'failed', config: { lr: 1, beta: 0.9, opt: 'sgd' }, metrics: {} },
  ];
  const space = {
    lr: logUniform(1e-4, 1),
    beta: oneMinusLogUniform(0.9, 0.999),
    opt: choice(['sgd', 'adam']),
  };
  const html = searchReport(trials, space, { objective: 'acc' });
  assert.match(html, /<h1>3 of 4 trials with acc<\/h1>\n<p>4 trials: 2 done, 1 pruned early, 1 failed<\/p>/);
  assert.equal(html.match(/<svg /g)!.length, 3);
  assert.match(html, /acc against lr \(log axis\)/);
  assert.match(html, /acc against beta \(oneMinusLog axis\)/);
  // lr 1e-4, 1e-3, 1e-2 sit evenly on the log axis: x = 34, 140, 246 in a 280-wide plot.
  const lrPlot = html.split('<figure>')[1]!;
  const xs = [...lrPlot.matchAll(/cx="([\d.]+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(
    xs.sort((a, b) => a - b),
    [34, 140, 246],
  );
  // The best (trial 1) is red, the pruned grey; the failed trial is not drawn.
  assert.match(lrPlot, /fill="#d00"><title>trial 1: 0.01 → 0.9<\/title>/);
  assert.match(lrPlot, /fill="#aaa"><title>trial 2/);
  assert.doesNotMatch(html, /trial 3/);
  // Categories are ticks of their own.
  assert.match(html, />sgd<\/text>.*>adam<\/text>/s);
});
