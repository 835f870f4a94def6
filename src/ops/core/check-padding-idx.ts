import { ValueError } from '../../errors.js';

/**
 * `paddingIdx` as a row number in [0, rows), negative ones counted from the end.
 * @example
 * checkPaddingIdx(-1, 10, 'embedding'); // => 9
 */
export function checkPaddingIdx(
  paddingIdx: number | undefined,
  rows: number,
  op = 'embedding',
): number | undefined {
  if (paddingIdx === undefined) return undefined;
  if (!Number.isInteger(paddingIdx) || paddingIdx < -rows || paddingIdx >= rows)
    throw new ValueError(`${op}: paddingIdx must be in [-${rows}, ${rows}), got ${paddingIdx}`);
  return paddingIdx < 0 ? paddingIdx + rows : paddingIdx;
}
