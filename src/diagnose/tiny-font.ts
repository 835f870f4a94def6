/** A 3×5 pixel font for captions on image sheets: digits, a few signs, and space. */
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
};

/** Characters {@link drawText} can draw. */
export const fontCharacters = Object.keys(glyphs).join('');

/**
 * Draws `text` into an RGB byte image (`width` pixels per row, 3 bytes each) with its top-left
 * corner at (x, y), each font pixel a `scale` × `scale` square; pixels outside are clipped.
 * Characters the font lacks are drawn as spaces.
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
    const rows = glyphs[ch] ?? glyphs[' ']!;
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
