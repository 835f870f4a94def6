import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { test } from 'node:test';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { freePort, startRedis, stopRedis, waitFor } from './fixtures/redis-server.js';
import { redisExecutor, redisSearchState } from './redis-search.js';
import { jobsFor } from './strategies.js';
import type { TrialRecord } from './trial.js';

function startWorker(url: string, name: string): ChildProcess {
  const script = new URL('./fixtures/redis-worker-script.ts', import.meta.url).pathname;
  return spawn(process.execPath, ['--import', 'tsx', script, url, name], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NABLA_NUM_THREADS: '1' },
  });
}

test('two Redis workers; one killed mid-trial; every trial finishes exactly once; the search resumes', async () => {
  const { url, server } = await startRedis();
  const workers: ChildProcess[] = [];
  // Closed in finally even when an assertion fails: an open client would keep this file's process alive.
  const clients: { close(): Promise<unknown> }[] = [];
  try {
    const name = 'kill-test';
    const [a, b] = [startWorker(url, name), startWorker(url, name)];
    workers.push(a!, b!);
    await Promise.all([waitFor(a!, /ready/), waitFor(b!, /ready/)]);
    // Kill worker a as soon as it starts a trial (its trial process dies with it).
    const killed = waitFor(a!, /start (\d+)/).then((m) => {
      a!.kill('SIGKILL');
      return Number(m[1]);
    });
    const jobs = jobsFor(
      [0.3, 0.1, 0.4, 0.2].map((x) => ({ x, epochs: 3, ms: 200 })),
      0,
    );
    const seen: number[] = [];
    const objective = { objective: 'score' };
    const records = await redisExecutor({ url, name }, objective, { pollMs: 50 })(jobs, (r) =>
      seen.push(r.id),
    );
    const lost = await killed;
    assert.deepEqual(
      records.map((r) => [r.id, r.status, r.metrics.score]),
      [
        [0, 'done', 2.3],
        [1, 'done', 2.1],
        [2, 'done', 2.4],
        [3, 'done', 2.2],
      ],
    );
    assert.deepEqual([...seen].sort(), [0, 1, 2, 3]);
    // The trial that was running on the killed worker was retried, and finished, on the other one.
    assert.equal(records[lost]!.worker!.split(':')[1], String(b!.pid));
    const state = await redisSearchState({ url, name });
    assert.deepEqual(
      [...state.finished.entries()].sort((x, y) => x[0] - y[0]),
      [
        [0, 1],
        [1, 1],
        [2, 1],
        [3, 1],
      ],
    );
    assert.equal(state.best!.id, 2);
    // A coordinator started again finds every result in Redis and runs nothing.
    const again: TrialRecord[] = await redisExecutor({ url, name }, objective)(jobs);
    assert.deepEqual(again, records);
    assert.deepEqual((await redisSearchState({ url, name })).finished.get(0), 1);
    await assert.rejects(
      redisExecutor({ url, name }, objective)(jobsFor([{ x: 9 }], 0)),
      /trial 0 of 'kill-test' was run with another config or seed/,
    );

    // A job the queue gives up on (here a processor that throws) ends the search as a failed trial.
    const connection = new Redis(url, { maxRetriesPerRequest: null });
    clients.push({ close: async () => connection.disconnect() });
    const broken = new Worker(
      'nabla-tune-fail-test',
      async () => {
        throw new Error('boom');
      },
      { connection },
    );
    clients.unshift(broken);
    const [failed] = await redisExecutor({ url, name: 'fail-test' }, objective, { pollMs: 50 })(
      jobsFor([{ x: 1 }], 0),
    );
    assert.equal(failed!.status, 'failed');
    assert.equal(failed!.error, 'the queue gave up on it: boom');
  } finally {
    for (const c of clients) await c.close();
    for (const w of workers) w.kill('SIGKILL');
    await stopRedis(server);
  }
});

test('an unreachable Redis is a ValueError naming the url, not a retry loop that never ends', async () => {
  const port = await freePort();
  await assert.rejects(
    redisSearchState({ url: `redis://127.0.0.1:${port}`, name: 'none' }),
    new RegExp(`ValueError: redis search: cannot reach Redis at redis://127.0.0.1:${port}: .*ECONNREFUSED`),
  );
});
