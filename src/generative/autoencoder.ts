import { nn, type Tensor, ValueError } from '../index.js';

/**
 * An autoencoder: an encoder to a code (usually a narrow bottleneck) and a decoder back to the
 * input. `forward` reconstructs; `encode` gives the codes (for retrieval, plots, or a classifier).
 * @example
 * const ae = denseAutoencoder([784, 128, 2]);
 * const codes = ae.encode(rand([5, 784])); // [5, 2]
 */
export class Autoencoder extends nn.Module {
  constructor(
    readonly encoder: nn.Module,
    readonly decoder: nn.Module,
  ) {
    super();
  }

  /** The code of each input. */
  encode(x: Tensor): Tensor {
    return this.encoder.forward(x) as Tensor;
  }

  /** The reconstruction from a code. */
  decode(code: Tensor): Tensor {
    return this.decoder.forward(code) as Tensor;
  }

  forward(x: Tensor): Tensor {
    return this.decode(this.encode(x));
  }
}

export interface DenseAutoencoderOptions {
  /** The code's activation: 'linear' (default; suits 2-D plots), or 'sigmoid' (for a sparsity penalty). */
  codeActivation?: 'linear' | 'sigmoid';
  /** The output's activation: 'sigmoid' (default; pixels in [0, 1]) or 'linear'. */
  outputActivation?: 'sigmoid' | 'linear';
}

function checkSizes(sizes: readonly number[], op: string, min: number): void {
  if (sizes.length < min || !sizes.every((s) => Number.isSafeInteger(s) && s > 0)) {
    throw new ValueError(`${op}: sizes must be at least ${min} positive integers, got [${sizes.join(', ')}]`);
  }
}

/**
 * A fully connected autoencoder with layer widths `sizes` = [input, hidden…, code]: Linear+ReLU
 * down to the code, and the mirror image back up.
 * @see https://www.cs.toronto.edu/~hinton/absps/science.pdf (Hinton & Salakhutdinov, 2006)
 * @example
 * const ae = denseAutoencoder([784, 256, 32]); // 784 → 256 → 32 → 256 → 784
 */
export function denseAutoencoder(
  sizes: readonly number[],
  options: DenseAutoencoderOptions = {},
): Autoencoder {
  checkSizes(sizes, 'denseAutoencoder', 2);
  const { codeActivation = 'linear', outputActivation = 'sigmoid' } = options;
  const stack = (widths: readonly number[], last: nn.Module | null): nn.Sequential => {
    const layers: nn.Module[] = [];
    for (let i = 0; i + 1 < widths.length; i++) {
      layers.push(new nn.Linear(widths[i]!, widths[i + 1]!));
      if (i + 2 < widths.length) layers.push(new nn.ReLU());
      else if (last) layers.push(last);
    }
    return new nn.Sequential(...layers);
  };
  const encoder = stack(sizes, codeActivation === 'sigmoid' ? new nn.Sigmoid() : null);
  const decoder = stack([...sizes].reverse(), outputActivation === 'sigmoid' ? new nn.Sigmoid() : null);
  return new Autoencoder(encoder, decoder);
}

/**
 * A convolutional autoencoder for [batch, 1, 28, 28] images: two stride-2 convolutions
 * (28 → 14 → 7, 16 and 32 channels) and a Linear layer to a code of `codeSize`, mirrored by a
 * Linear layer and two stride-2 transposed convolutions, ending in a sigmoid.
 * @example
 * const ae = convAutoencoder(16);
 * ae.forward(zeros([2, 1, 28, 28])).shape; // [2, 1, 28, 28]
 */
export function convAutoencoder(codeSize: number): Autoencoder {
  checkSizes([codeSize], 'convAutoencoder', 1);
  const up = { stride: 2, padding: 1, outputPadding: 1 };
  const encoder = new nn.Sequential(
    new nn.Conv2d(1, 16, 3, { stride: 2, padding: 1 }),
    new nn.ReLU(),
    new nn.Conv2d(16, 32, 3, { stride: 2, padding: 1 }),
    new nn.ReLU(),
    new nn.Flatten(),
    new nn.Linear(32 * 7 * 7, codeSize),
  );
  const decoder = new nn.Sequential(
    new nn.Linear(codeSize, 32 * 7 * 7),
    new nn.ReLU(),
    new nn.Unflatten(1, [32, 7, 7]),
    new nn.ConvTranspose2d(32, 16, 3, up),
    new nn.ReLU(),
    new nn.ConvTranspose2d(16, 1, 3, up),
    new nn.Sigmoid(),
  );
  return new Autoencoder(encoder, decoder);
}
