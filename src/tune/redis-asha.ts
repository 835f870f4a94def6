/**
 * ASHA for a search whose trials run on many machines: the rungs live in Redis, and each arrival
 * at a rung is recorded and decided in one Lua script. Redis runs a script with nothing else in
 * between, so concurrent reports from many workers are decided exactly as if they came one after
 * another: two trials arriving together cannot both count themselves into the same ⌊n/η⌋ slots
 * (a read-then-write from two workers would let both in).
 */
import type { Redis } from 'ioredis';
import type { Logs } from '../index.js';
import { Asha, type AshaOptions, type AsyncPruner } from './asha.js';

// KEYS[1]: the rung's sorted set (trial id → key, lower better); KEYS[2]: the rung's decisions
// (trial id → "goesOn:n"). ARGV: trial id, key, η. Returns { goesOn (1/0), n (its arrival number) }.
// A trial that reports a rung again (retried after its worker died) gets its first answer and is
// not counted twice. The rule is `goesOn` in asha.ts.
const arrive = `
local earlier = redis.call('HGET', KEYS[2], ARGV[1])
if earlier then
  local go, n = string.match(earlier, '(%d+):(%d+)')
  return { tonumber(go), tonumber(n) }
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
local n = redis.call('ZCARD', KEYS[1])
local eta = tonumber(ARGV[3])
local better = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. ARGV[2])
local go = 0
if n < eta or better < math.floor(n / eta) then go = 1 end
redis.call('HSET', KEYS[2], ARGV[1], go .. ':' .. n)
return { go, n }`;

/** One trial's arrival at a rung: whether it goes on, and how many had arrived with it (it included). */
export interface RungArrival {
  goesOn: boolean;
  n: number;
}

/**
 * The ASHA pruner of a distributed search: the same rungs and rule as {@link Asha}, with the
 * rungs in Redis under `<prefix>:rung:<epochs>` (a sorted set of the trials' keys) and
 * `<prefix>:rung:<epochs>:decided`, shared by every worker of the search and kept when the
 * search is resumed. A Redis worker makes one per trial on its own connection.
 * @example
 * // `redis` is an ioredis client (new Redis(url)); nothing is sent until a trial reports a rung.
 * const redis = { eval: async () => [1, 1] } as unknown as ConstructorParameters<typeof RedisAsha>[0];
 * const asha = new RedisAsha(redis, 'nabla:tune:mlp', { objective: 'valAccuracy', eta: 3, maxEpochs: 9 });
 * // 2 epochs is no rung: Redis is not asked.
 * await asha.report(0, 1, { valAccuracy: 0.9 }); // => true
 */
export class RedisAsha implements AsyncPruner {
  readonly asha: Asha;

  constructor(
    private readonly redis: Pick<Redis, 'eval'>,
    readonly prefix: string,
    options: AshaOptions,
  ) {
    this.asha = new Asha(options);
  }

  async report(trialId: number, epoch: number, logs: Logs): Promise<boolean> {
    const rung = epoch + 1;
    if (!this.asha.isRung(rung)) return true;
    return (await this.arrive(trialId, rung, this.asha.keyOf(logs))).goesOn;
  }

  /**
   * Records that trial `trialId` reached the rung at `rung` epochs with `key` (lower is better)
   * and decides, atomically, whether it goes on.
   * @example
   * const redis = { eval: async () => [0, 4] } as unknown as ConstructorParameters<typeof RedisAsha>[0];
   * const asha = new RedisAsha(redis, 'nabla:tune:mlp', { objective: 'valLoss' });
   * await asha.arrive(7, 1, 0.42); // => { goesOn: false, n: 4 }
   */
  async arrive(trialId: number, rung: number, key: number): Promise<RungArrival> {
    const set = `${this.prefix}:rung:${rung}`;
    const score = key === Infinity ? '+inf' : String(key);
    const [go, n] = (await this.redis.eval(
      arrive,
      2,
      set,
      `${set}:decided`,
      String(trialId),
      score,
      String(this.asha.eta),
    )) as [number, number];
    return { goesOn: go === 1, n };
  }
}
