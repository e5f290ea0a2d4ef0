/**
 * `--shard I/N`: which files one of N parallel audits lints. A file belongs to shard `hash(path) mod N + 1`, where
 * the path is relative to the report root with `/` separators: the same file always lands in the same shard, whatever
 * order the files were found in and whatever other files exist (adding a file never moves another one).
 */
import { createHash } from 'node:crypto';
import { UsageError } from './files.js';

/** One shard of a sharded audit: `index` is 1-based, `1 <= index <= total`. */
export interface Shard {
  readonly index: number;
  readonly total: number;
}

/** The largest N `--shard I/N` accepts (a GitHub Actions matrix holds at most 256 jobs). */
export const MAX_SHARDS = 256;

/**
 * Parses `I/N`.
 * @param text the option value, e.g. `2/3`
 * @throws UsageError unless `I` and `N` are integers with `1 <= I <= N <= MAX_SHARDS`
 */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/u.exec(text);
  if (!match) throw new UsageError(`--shard '${text}': expected I/N, e.g. --shard 1/3`);
  const index = Number(match[1]);
  const total = Number(match[2]);
  if (total < 1 || total > MAX_SHARDS) throw new UsageError(`--shard '${text}': N must be between 1 and ${MAX_SHARDS}`);
  if (index < 1 || index > total) throw new UsageError(`--shard '${text}': I must be between 1 and ${total}`);
  return { index, total };
}

/**
 * True when the file belongs to the shard.
 * @param displayPath the file's path relative to the report root, `/`-separated
 * @param shard the shard
 */
export function isInShard(displayPath: string, shard: Shard): boolean {
  const digest = createHash('sha256').update(displayPath).digest();
  return (digest.readUInt32BE(0) % shard.total) + 1 === shard.index;
}
