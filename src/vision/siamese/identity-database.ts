import { cdist, noGrad, ShapeError, stack, type Tensor, ValueError } from '../../index.js';

/** The encoder f: a batch of inputs [N, ...] to encodings [N, D]. */
export type Encoder = (x: Tensor) => Tensor;

export interface Recognition {
  /** The nearest identity's name, or null when even it is `threshold` or farther ("not in the database"). */
  identity: string | null;
  /** The distance to the nearest stored encoding. */
  distance: number;
}

/**
 * One-shot recognition as the course builds it: a person is added from a single image (its
 * encoding is stored), and an image is recognised as the identity with the nearest stored
 * encoding, or as nobody when that distance is not below the threshold. Encodings are computed
 * without recording gradients.
 * @example
 * const encoder = (x: Tensor) => x.reshape([x.shape[0]!, -1]);
 * const db = new IdentityDatabase(encoder, { threshold: 1 });
 * db.add('ada', tensor([0, 0]));
 * db.add('bob', tensor([5, 5]));
 * db.recognize(tensor([[0.1, 0.2], [9, 9]])).map((r) => r.identity); // ['ada', null]
 */
export class IdentityDatabase {
  readonly threshold: number;
  private readonly names: string[] = [];
  private readonly encodings: Tensor[] = [];

  constructor(
    private readonly encoder: Encoder,
    { threshold }: { threshold: number },
  ) {
    if (!(threshold > 0))
      throw new ValueError(`IdentityDatabase: threshold must be positive, got ${threshold}`);
    this.threshold = threshold;
  }

  /** The identities stored, in the order they were added. */
  get identities(): readonly string[] {
    return this.names;
  }

  /** Stores `name` from one example `image` (no batch axis); a name added again is replaced. */
  add(name: string, image: Tensor): void {
    const encoding = noGrad(() => this.encoder(image.unsqueeze(0)));
    if (encoding.ndim !== 2 || encoding.shape[0] !== 1)
      throw new ShapeError(
        `IdentityDatabase.add: the encoder must return [1, D], got [${encoding.shape.join(', ')}]`,
      );
    const at = this.names.indexOf(name);
    if (at >= 0) this.encodings[at] = encoding.select(0, 0);
    else {
      this.names.push(name);
      this.encodings.push(encoding.select(0, 0));
    }
  }

  /** Recognises each image of a batch [N, ...]. */
  recognize(images: Tensor): Recognition[] {
    if (this.names.length === 0) throw new ValueError('IdentityDatabase.recognize: the database is empty');
    const encodings = noGrad(() => this.encoder(images));
    const d = noGrad(() => cdist(encodings, stack(this.encodings))).data();
    const m = this.names.length;
    return Array.from({ length: images.shape[0]! }, (_, i) => {
      let best = 0;
      for (let j = 1; j < m; j++) if (d[i * m + j]! < d[i * m + best]!) best = j;
      const distance = d[i * m + best]!;
      return { identity: distance < this.threshold ? this.names[best]! : null, distance };
    });
  }
}
