import { cat, linear, nn, type Tensor, tanh, tensor, ValueError } from '../index.js';

/** A binary tree over tokens: a leaf is a token id, an inner node the pair of its children. */
export type Tree = number | readonly [Tree, Tree];

/**
 * A batch of trees as one int32 tensor [nodes, 3], children before parents: a leaf's row is
 * (token, −1, −1), an inner node's (−1, left row, right row). The roots are the last rows of each
 * tree, in the order given. Build it once per batch and pass it to {@link RecursiveNet.forward}.
 * @example
 * treeBatch([[1, [2, 3]]]); // => [[1, -1, -1], [2, -1, -1], [3, -1, -1], [-1, 1, 2], [-1, 0, 3]]
 */
export function treeBatch(trees: readonly Tree[]): Tensor {
  if (!Array.isArray(trees) || trees.length === 0)
    throw new ValueError('treeBatch: trees must be a non-empty array of trees');
  const rows: number[] = [];
  let count = 0;
  const visit = (t: Tree, where: string): number => {
    if (typeof t === 'number') {
      if (!Number.isSafeInteger(t) || t < 0)
        throw new ValueError(`treeBatch: a leaf must be a non-negative integer token, got ${t} at ${where}`);
      rows.push(t, -1, -1);
    } else if (Array.isArray(t) && t.length === 2) {
      const left = visit(t[0], `${where}[0]`);
      const right = visit(t[1], `${where}[1]`);
      rows.push(-1, left, right);
    } else {
      throw new ValueError(
        `treeBatch: a node must be a token or a pair [left, right], got ${JSON.stringify(t)} at ${where}`,
      );
    }
    return count++;
  };
  trees.forEach((t, i) => {
    visit(t, `trees[${i}]`);
  });
  return tensor(rows, { dtype: 'int32', shape: [count, 3] });
}

/**
 * The shared composition of a recursive network: p = tanh(W·[left; right] + b), for rows of child
 * vectors left and right [n, d], with W [d, 2d] and b [d].
 * @example
 * const p = composeChildren(randn([4, 3]), randn([4, 3]), randn([3, 6]), zeros([3]));
 * p.shape; // => [4, 3]
 */
export function composeChildren(left: Tensor, right: Tensor, weight: Tensor, bias: Tensor): Tensor {
  return tanh(linear(cat([left, right], -1), weight, bias));
}

/** The rows of a tree batch grouped by height (leaves 0), and which rows are roots. */
function schedule(nodes: Tensor): { levels: number[][]; roots: number[]; data: ArrayLike<number> } {
  if (nodes.dtype !== 'int32' || nodes.ndim !== 2 || nodes.shape[1] !== 3)
    throw new ValueError(
      `RecursiveNet: nodes must be an int32 [nodes, 3] tree batch (see treeBatch), got ${nodes.dtype} [${nodes.shape.join(', ')}]`,
    );
  const data = nodes.data();
  const n = nodes.shape[0]!;
  const height = new Array<number>(n);
  const isChild = new Array<boolean>(n).fill(false);
  const levels: number[][] = [];
  for (let i = 0; i < n; i++) {
    const [l, r] = [data[3 * i + 1]!, data[3 * i + 2]!];
    const leaf = l < 0;
    if (!leaf && !(l < i && r >= 0 && r < i))
      throw new ValueError(`RecursiveNet: node ${i}'s children must be earlier rows, got ${l} and ${r}`);
    height[i] = leaf ? 0 : 1 + Math.max(height[l]!, height[r]!);
    if (!leaf) {
      isChild[l] = true;
      isChild[r] = true;
    }
    if (levels.length === height[i]) levels.push([]);
    levels[height[i]!]!.push(i);
  }
  return { levels, roots: [...isChild.keys()].filter((i) => !isChild[i]), data };
}

/**
 * A recursive (tree-structured) neural network (Socher et al. 2011): leaves are token embeddings,
 * and every inner node is p = tanh(W·[left; right] + b) of its children with one W and b shared by
 * all nodes; a linear classifier reads the root. The nodes of a whole batch are computed height by
 * height, one matrix product per height. Input: a {@link treeBatch}; output: root logits
 * [trees, numClasses].
 * @see https://icml.cc/2011/papers/125_icmlpaper.pdf
 * @example
 * const net = new RecursiveNet({ vocabSize: 10, hidden: 8, numClasses: 2 });
 * net.forward(treeBatch([[1, [2, 3]], [[4, 5], 6]])).shape; // => [2, 2]
 */
export class RecursiveNet extends nn.Module {
  readonly embedding: nn.Embedding;
  readonly weight: nn.Parameter;
  readonly bias: nn.Parameter;
  readonly classifier: nn.Linear;

  constructor(readonly config: { vocabSize: number; hidden: number; numClasses: number }) {
    super();
    const { vocabSize, hidden, numClasses } = config;
    for (const [name, v] of Object.entries({ vocabSize, hidden, numClasses }))
      if (!Number.isSafeInteger(v) || v <= 0)
        throw new ValueError(`RecursiveNet: ${name} must be a positive integer, got ${v}`);
    this.embedding = new nn.Embedding(vocabSize, hidden);
    const k = 1 / Math.sqrt(2 * hidden);
    this.weight = nn.Parameter.uniform([hidden, 2 * hidden], -k, k);
    this.bias = nn.Parameter.uniform([hidden], -k, k);
    this.classifier = new nn.Linear(hidden, numClasses);
  }

  /**
   * The root vector of each tree [trees, hidden].
   * @example
   * const net = new RecursiveNet({ vocabSize: 3, hidden: 8, numClasses: 2 });
   * net.encode(treeBatch([[1, 2], 0])).shape; // => [2, 8]
   */
  encode(nodes: Tensor): Tensor {
    const { levels, roots, data } = schedule(nodes);
    const tokens = levels[0]!.map((i) => data[3 * i]!);
    const bad = tokens.find((t) => t >= this.config.vocabSize);
    if (bad !== undefined)
      throw new ValueError(
        `RecursiveNet: token ${bad} is outside the vocabulary of ${this.config.vocabSize}`,
      );
    // Vectors of the nodes computed so far, in `all`; where[i] is node i's row there.
    const where = new Array<number>(data.length / 3);
    levels[0]!.forEach((node, row) => {
      where[node] = row;
    });
    let all = this.embedding.forward(tensor(tokens, { dtype: 'int32' }));
    for (const level of levels.slice(1)) {
      const rows = (side: 1 | 2) =>
        tensor(
          level.map((i) => where[data[3 * i + side]!]!),
          { dtype: 'int32' },
        );
      const p = composeChildren(
        all.indexSelect(0, rows(1)),
        all.indexSelect(0, rows(2)),
        this.weight,
        this.bias,
      );
      level.forEach((node, k) => {
        where[node] = all.shape[0]! + k;
      });
      all = cat([all, p], 0);
    }
    return all.indexSelect(
      0,
      tensor(
        roots.map((i) => where[i]!),
        { dtype: 'int32' },
      ),
    );
  }

  forward(nodes: Tensor): Tensor {
    return this.classifier.forward(this.encode(nodes));
  }
}
