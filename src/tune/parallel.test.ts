import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Asha, type AsyncPruner } from './asha.js';
import { parallel } from './parallel.js';
import { loadTrials, resumable } from './resumable.js';
import { jobsFor } from './strategies.js';
import type { Executor } from './trial.js';

const module = new URL('./fixtures/trials.ts', import.meta.url).href;

test('parallel runs trials in worker processes; a crash is reported and the search goes on', async () => {
  const jobs = jobsFor(
    [
      { x: 0.2, crash: 0 },
      { x: 0.3, throw: 0 },
      { x: 0.1, epochs: 2 },
    ],
    5,
  );
  const pids = new Set<number>();
  const records = await parallel({ module, workers: 2, onStart: (_, pid) => pids.add(pid) })(jobs);
  assert.equal(pids.size, 3);
  assert.ok(!pids.has(process.pid));
  assert.deepEqual(
    records.map((r) => [r.id, r.status]),
    [
      [0, 'failed'],
      [1, 'failed'],
      [2, 'done'],
    ],
  );
  assert.deepEqual(records[2]!.metrics, { score: 1.1, seed: jobs[2]!.seed });
  assert.deepEqual(records[2]!.history, [
    { score: 0.1, seed: jobs[2]!.seed },
    { score: 1.1, seed: jobs[2]!.seed },
  ]);
  assert.equal(records[0]!.error, 'its process exited (code 3)');
  assert.equal(records[1]!.error, 'RangeError: bad config');
});

test('a trial waits for the pruner after each epoch: a pruned one stops at its rung, however fast it runs', async () => {
  const asha = new Asha({ objective: 'score', eta: 2 });
  // Epochs of 0 ms: without waiting for the answer, the trial would finish before it came.
  const jobs = jobsFor(
    [0.5, 0.1].map((x) => ({ x, epochs: 3, ms: 0 })),
    0,
  );
  const slow: AsyncPruner = {
    report: async (id, epoch, logs) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return asha.report(id, epoch, logs);
    },
  };
  const failing: AsyncPruner = { report: async () => Promise.reject(new Error('Redis went away')) };
  const [records, [failed]] = await Promise.all([
    parallel({ module, workers: 1, pruner: slow })(jobs),
    parallel({ module, workers: 1, pruner: failing })(jobs.slice(0, 1)),
  ]);
  assert.deepEqual(
    records.map((r) => [r.status, r.history.length]),
    [
      ['done', 3],
      ['pruned', 1], // 0.1 < 0.5 at rung 1 (epoch index 0): in the worse half
    ],
  );
  // The trial was told to stop, returned what it had, and that is its record.
  assert.deepEqual(records[1]!.metrics, { score: 0.1, seed: jobs[1]!.seed });
  assert.deepEqual([failed!.status, failed!.error], ['failed', 'the pruner failed: Redis went away']);
});

test('a search killed midway resumes from its directory, running only the unsaved trials', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nabla-resume-'));
  const script = new URL('./fixtures/search-script.ts', import.meta.url).pathname;
  const search = spawn(process.execPath, ['--import', 'tsx', script, dir], { stdio: 'ignore' });
  // Kill the search (and so its running trial) once the first trial is saved.
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (existsSync(join(dir, 'trials', '0.json'))) {
        clearInterval(poll);
        search.kill('SIGKILL');
        resolve();
      }
    }, 20);
  });
  await new Promise((resolve) => search.once('exit', resolve));
  const before = loadTrials(dir);
  assert.ok(before.size >= 1 && before.size < 3, `${before.size} trials saved before the kill`);
  const ran: number[] = [];
  const counting =
    (inner: Executor): Executor =>
    async (jobs, onRecord) => {
      ran.push(...jobs.map((j) => j.id));
      return inner(jobs, onRecord);
    };
  const jobs = jobsFor(
    [0.1, 0.2, 0.3].map((x) => ({ x, ms: 80, epochs: 2 })),
    0,
  );
  const records = await resumable(counting(parallel({ module, workers: 2 })), dir)(jobs);
  assert.deepEqual(
    ran,
    [0, 1, 2].filter((id) => !before.has(id)),
  );
  assert.deepEqual(
    records.map((r) => [r.id, r.status, r.metrics.score]),
    [
      [0, 'done', 1.1],
      [1, 'done', 1.2],
      [2, 'done', 1.3],
    ],
  );
  assert.equal(loadTrials(dir).size, 3);
  // A different search in the same directory is refused.
  await assert.rejects(
    resumable(parallel({ module }), dir)(jobsFor([{ x: 9 }], 0)),
    /trial 0 in .* was run with another config or seed/,
  );
});
