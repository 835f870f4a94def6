import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { Asha, goesOn } from './asha.js';
import { startRedis, stopRedis } from './fixtures/redis-server.js';
import { formatTrials } from './format-trials.js';
import { RedisAsha } from './redis-asha.js';
import { redisExecutor, redisWorker } from './redis-search.js';
import { jobsFor } from './strategies.js';

test('RedisAsha: concurrent arrivals from two connections are decided as if one after another; a retried trial keeps its answer', async () => {
  const { url, server } = await startRedis();
  const connections = [new Redis(url), new Redis(url)];
  try {
    const options = { objective: 'acc', eta: 3 };
    const [a, b] = connections.map((redis) => new RedisAsha(redis, 'nabla:tune:atomic', options));
    // Twelve trials reach rung 1 at once, half through each connection; acc = 0.05·(i mod 7)
    // repeats values, so ties are in it too.
    const accs = Array.from({ length: 12 }, (_, i) => 0.05 * (i % 7));
    const arrivals = await Promise.all(
      accs.map((acc, i) => (i % 2 ? a! : b!).arrive(i, 1, new Asha(options).keyOf({ acc }))),
    );
    // Each arrival got its own number, 1 to 12.
    assert.deepEqual(
      arrivals.map((r) => r.n).sort((x, y) => x - y),
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    // Replayed in Redis's order, the local rule gives every answer Redis gave.
    const order = accs.map((acc, i) => ({ acc, ...arrivals[i]! })).sort((x, y) => x.n - y.n);
    for (const { acc, n, goesOn: went } of order) {
      const better = order.filter((o) => o.n <= n && o.acc > acc).length;
      assert.equal(went, goesOn(n, better, 3), `arrival ${n} (acc ${acc})`);
    }
    // A retried trial reports the rung again: the same answer, not counted twice.
    assert.deepEqual(await b!.arrive(5, 1, -0.99), arrivals[5]);
    assert.equal(await connections[0]!.zcard('nabla:tune:atomic:rung:1'), 12);
    // report() asks Redis only at rungs (1, 3, 9 epochs; 9 is the last, no rung), NaN is the worst.
    assert.equal(await a!.report(12, 1, { acc: 0 }), true); // 2 epochs: no rung, nothing recorded
    assert.equal(await a!.report(12, 0, { acc: Number.NaN }), false);
    assert.equal(await connections[0]!.zscore('nabla:tune:atomic:rung:1', '12'), 'inf');
    const last = new RedisAsha(connections[0]!, 'nabla:tune:atomic', { ...options, maxEpochs: 9 });
    assert.equal(await last.report(13, 8, { acc: 0 }), true);
    assert.equal(await connections[0]!.exists('nabla:tune:atomic:rung:9'), 0);
  } finally {
    for (const c of connections) c.disconnect();
    await stopRedis(server);
  }
});

test('a Redis search with ASHA: the worker asks at each rung, a poor trial is recorded as pruned with its partial history, a resumed search reruns nothing', async () => {
  const { url, server } = await startRedis();
  const closing: { close(): Promise<void> }[] = [];
  const reader = new Redis(url);
  try {
    const name = 'asha-test';
    const module = new URL('./fixtures/trials.ts', import.meta.url).href;
    // One trial at a time, so the arrivals (and so the answers) come in the queue's order.
    closing.push(await redisWorker({ url, name, module, concurrency: 1 }));
    // score = x + epoch. Rungs at 1 and 2 epochs (η = 2, 3 epochs a trial): at rung 1, 0.1 is
    // in the worse half of {0.5, 0.1}; 0.9 is the best of three; at rung 2, 1.9 beats 1.5.
    const jobs = jobsFor(
      [0.5, 0.1, 0.9].map((x) => ({ x, epochs: 3 })),
      0,
    );
    const objective = { objective: 'score' };
    const asha = { minEpochs: 1, eta: 2, maxEpochs: 3 };
    const records = await redisExecutor({ url, name }, objective, { pollMs: 50, asha })(jobs);
    assert.deepEqual(
      records.map((r) => [r.id, r.status, r.history.map((h) => h.score)]),
      [
        [0, 'done', [0.5, 1.5, 2.5]],
        [1, 'pruned', [0.1]],
        [2, 'done', [0.9, 1.9, 2.9]],
      ],
    );
    assert.equal(records[1]!.metrics.score, 0.1);
    // The rungs in Redis: trial → "goesOn:arrival".
    assert.deepEqual(await reader.hgetall(`nabla:tune:${name}:rung:1:decided`), {
      0: '1:1',
      1: '0:2',
      2: '1:3',
    });
    assert.deepEqual(await reader.hgetall(`nabla:tune:${name}:rung:2:decided`), { 0: '1:1', 2: '1:2' });
    assert.match(formatTrials(records, objective), /^3 trials: 2 done, 1 pruned early, 0 failed$/m);
    // Resumed, the search finds every record (the pruned one too) and runs nothing.
    const again = await redisExecutor({ url, name }, objective, { asha })(jobs);
    assert.deepEqual(again, records);
    await assert.rejects(
      async () => redisExecutor({ url, name }, objective, { asha: { eta: 1 } })(jobs),
      /Asha: eta must be at least 2, got 1/,
    );
  } finally {
    for (const c of closing) await c.close();
    reader.disconnect();
    await stopRedis(server);
  }
});
