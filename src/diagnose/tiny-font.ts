/** A 3×5 pixel font for captions on image sheets: digits, capital letters, a few signs, and space. */
const glyphs: Record<string, readonly string[]> = {
  '0': ['111', '101', '101', '101', '111'],
  '1': ['010', '110', '010', '010', '111'],
  '2': ['111', '001', '111', '100', '111'],
  '3': ['111', '001', '011', '001', '111'],
  '4': ['101', '101', '111', '001', '001'],
  '5': ['111', '100', '111', '001', '111'],
  '6': ['111', '100', '111', '101', '111'],
  '7': ['111', '001', '010', '010', '010'],
  '8': ['111', '101', '111', '101', '111'],
  '9': ['111', '101', '111', '001', '111'],
  '>': ['100', '010', '001', '010', '100'],
  '%': ['101', '001', '010', '100', '101'],
  '.': ['000', '000', '000', '000', '010'],
  '-': ['000', '000', '111', '000', '000'],
  ' ': ['000', '000', '000', '000', '000'],
  A: ['010', '101', '111', '101', '101'],
  B: ['110', '101', '110', '101', '110'],
  C: ['011', '100', '100', '100', '011'],
  D: ['110', '101', '101', '101', '110'],
  E: ['111', '100', '110', '100', '111'],
  F: ['111', '100', '110', '100', '100'],
  G: ['011', '100', '101', '101', '011'],
  H: ['101', '101', '111', '101', '101'],
  I: ['111', '010', '010', '010', '111'],
  J: ['001', '001', '001', '101', '010'],
  K: ['101', '101', '110', '101', '101'],
  L: ['100', '100', '100', '100', '111'],
  M: ['101', '111', '111', '101', '101'],
  N: ['110', '101', '101', '101', '101'],
  O: ['010', '101', '101', '101', '010'],
  P: ['110', '101', '110', '100', '100'],
  Q: ['010', '101', '101', '110', '011'],
  R: ['110', '101', '110', '101', '101'],
  S: ['011', '100', '010', '001', '110'],
  T: ['111', '010', '010', '010', '010'],
  U: ['101', '101', '101', '101', '111'],
  V: ['101', '101', '101', '101', '010'],
  W: ['101', '101', '111', '111', '101'],
  X: ['101', '101', '010', '101', '101'],
  Y: ['101', '101', '010', '010', '010'],
  Z: ['111', '001', '010', '100', '111'],
};

/** Characters {@link drawText} can draw. */
export const fontCharacters = Object.keys(glyphs).join('');

/**
 * Draws `text` into an RGB byte image (`width` pixels per row, 3 bytes each) with its top-left
 * corner at (x, y), each font pixel a `scale` × `scale` square; pixels outside are clipped.
 * Small letters are drawn as capitals; characters the font lacks are drawn as spaces.
 * @example
 * const rgb = new Uint8Array(40 * 10 * 3);
 * drawText(rgb, 40, 10, '7>2 93%', 1, 1, [255, 0, 0], 1);
 */
export function drawText(
  rgb: Uint8Array,
  width: number,
  height: number,
  text: string,
  x: number,
  y: number,
  color: readonly [number, number, number],
  scale = 1,
): void {
  [...text].forEach((ch, k) => {
    const rows = glyphs[ch] ?? glyphs[ch.toUpperCase()] ?? glyphs[' ']!;
    rows.forEach((bits, r) => {
      for (let c = 0; c < 3; c++) {
        if (bits[c] !== '1') continue;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            const px = x + (k * 4 + c) * scale + dx;
            const py = y + r * scale + dy;
            if (px < 0 || py < 0 || px >= width || py >= height) continue;
            rgb.set(color, (py * width + px) * 3);
          }
        }
      }
    });
  });
}
