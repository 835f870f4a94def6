import { flip, ShapeError, type Tensor, ValueError } from '../../index.js';

/**
 * The eight symmetries of a square (the dihedral group D4): turns counter-clockwise on screen,
 * mirrors left–right (`flipX`) and upside down (`flipY`), and the mirrors about the diagonals
 * (`transpose` about the main one, `antiTranspose` about the other).
 */
export type SquareSymmetry =
  | 'identity'
  | 'rotate90'
  | 'rotate180'
  | 'rotate270'
  | 'flipX'
  | 'flipY'
  | 'transpose'
  | 'antiTranspose';

/** Every {@link SquareSymmetry}, identity first. */
export const SQUARE_SYMMETRIES: readonly SquareSymmetry[] = [
  'identity',
  'rotate90',
  'rotate180',
  'rotate270',
  'flipX',
  'flipY',
  'transpose',
  'antiTranspose',
];

/**
 * Applies a symmetry of the square to images [..., H, W] (the last two axes; the four that swap
 * rows and columns need H = W). Pixels move exactly: it is a permutation of them, built from
 * flips and a transpose, so gradients flow through it.
 * @example
 * const image = tensor([[1, 2], [3, 4]]);
 * squareSymmetry(image, 'rotate90'); // => [[2, 4], [1, 3]]
 */
export function squareSymmetry(images: Tensor, symmetry: SquareSymmetry): Tensor {
  if (!SQUARE_SYMMETRIES.includes(symmetry))
    throw new ValueError(
      `squareSymmetry: symmetry must be one of ${SQUARE_SYMMETRIES.join(', ')}, got '${String(symmetry)}'`,
    );
  if (images.ndim < 2)
    throw new ShapeError(`squareSymmetry: images must be [..., H, W], got [${images.shape.join(', ')}]`);
  const [h, w] = images.shape.slice(-2) as [number, number];
  const swaps = ['rotate90', 'rotate270', 'transpose', 'antiTranspose'].includes(symmetry);
  if (swaps && h !== w)
    throw new ShapeError(`squareSymmetry: '${symmetry}' needs square images, got ${h}×${w}`);
  const t = swaps ? images.transpose(-2, -1) : images;
  // Each is a flip of the image or of its transpose: rotate90 reads row h, column w from (w, W−1−h).
  const axes: Record<SquareSymmetry, number[]> = {
    identity: [],
    flipX: [-1],
    flipY: [-2],
    rotate180: [-2, -1],
    transpose: [],
    rotate90: [-2],
    rotate270: [-1],
    antiTranspose: [-2, -1],
  };
  const along = axes[symmetry];
  return along.length === 0 ? t : flip(t, along);
}
