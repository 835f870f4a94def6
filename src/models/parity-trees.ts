import { Generator, ValueError } from '../index.js';
import type { Tree } from './recursive-net.js';

export interface ParityTreesOptions {
  /** The fewest and the most leaves of a tree (default [2, 8]). */
  leaves?: readonly [number, number];
  generator?: Generator;
}

/**
 * The balanced binary tree over `tokens`: the left half and the right half (the longer one when
 * the count is odd), split again until single tokens remain.
 * @example
 * balancedTree([1, 2, 3]); // => [1, [2, 3]]
 */
export function balancedTree(tokens: readonly number[]): Tree {
  if (tokens.length === 0) throw new ValueError('balancedTree: tokens must not be empty');
  if (tokens.length === 1) return tokens[0]!;
  const half = Math.floor(tokens.length / 2);
  return [balancedTree(tokens.slice(0, half)), balancedTree(tokens.slice(half))];
}

/**
 * A synthetic task for tree-structured networks, no download: random strings of digits 0–9 split
 * into balanced binary trees, each labelled with the parity of its digits' sum (0 even, 1 odd).
 * The label flips with every odd digit anywhere in the tree, so a node must combine its children
 * (an exclusive or) rather than add up evidence as a bag of words could.
 * @example
 * const { trees, labels } = parityTrees(3, { leaves: [2, 4], generator: new Generator(1) });
 * trees.length; // => 3
 * labels.length; // => 3
 */
export function parityTrees(
  count: number,
  options: ParityTreesOptions = {},
): { trees: Tree[]; labels: number[] } {
  const [low, high] = options.leaves ?? [2, 8];
  if (!Number.isSafeInteger(count) || count < 0)
    throw new ValueError(`parityTrees: count must be a non-negative integer, got ${count}`);
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || low < 1 || high < low)
    throw new ValueError(`parityTrees: leaves must be integers 1 ≤ min ≤ max, got [${low}, ${high}]`);
  const generator = options.generator ?? new Generator(0);
  const draw = (n: number) => Math.floor(generator.uniform() * n);
  const trees: Tree[] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const digits = Array.from({ length: low + draw(high - low + 1) }, () => draw(10));
    trees.push(balancedTree(digits));
    labels.push(digits.reduce((a, b) => a + b, 0) % 2);
  }
  return { trees, labels };
}
