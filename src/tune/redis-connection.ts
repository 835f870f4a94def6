/** Connecting to Redis for the distributed search (see NOTE(redis-search) in redis-search.ts). */
import type * as BullMq from 'bullmq';
import type * as IoRedis from 'ioredis';
import type { Redis } from 'ioredis';
import { ValueError } from '../index.js';

/** The classes a Redis search uses. */
export interface RedisClients {
  Queue: typeof BullMq.Queue;
  Worker: typeof BullMq.Worker;
  Redis: typeof IoRedis.Redis;
}

/**
 * BullMQ's and ioredis's classes, loaded when a Redis search starts: the package does not depend
 * on them, and a user who wants distributed search installs them.
 * @example
 * // Loads the two packages (a ValueError saying to install them when they are missing); connects nothing.
 * const { Worker } = await clients();
 * typeof Worker; // => 'function'
 */
export async function clients(): Promise<RedisClients> {
  try {
    const [bull, io] = await Promise.all([import('bullmq'), import('ioredis')]);
    return { Queue: bull.Queue, Worker: bull.Worker, Redis: io.Redis };
  } catch (error) {
    throw new ValueError(
      `redis search: needs the npm packages bullmq and ioredis (npm install bullmq ioredis): ${(error as Error).message}`,
    );
  }
}

/**
 * A connected ioredis client for `url` (set up as BullMQ needs it), or a ValueError naming the
 * url when Redis cannot be reached, instead of a retry loop that never ends.
 * @example
 * // Connects when called.
 * async function ping(url: string): Promise<string> {
 *   const redis = await connect(url);
 *   try {
 *     return await redis.ping();
 *   } finally {
 *     redis.disconnect();
 *   }
 * }
 * typeof ping; // => 'function'
 */
export async function connect(url: string): Promise<Redis> {
  if (!/^rediss?:\/\//.test(url))
    throw new ValueError(`redis search: url must be redis://host:port, got '${url}'`);
  const { Redis } = await clients();
  // BullMQ's blocking connections need maxRetriesPerRequest null.
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
  // Once connected, a lost connection is retried quietly; commands wait for it.
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await redis.connect();
  } catch (error) {
    // An unreachable server is an error now, not a retry loop that never ends.
    redis.disconnect();
    const reason = (lastError ?? (error as Error)).message;
    throw new ValueError(`redis search: cannot reach Redis at ${url}: ${reason}`);
  }
  return redis;
}
