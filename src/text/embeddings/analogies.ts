/**
 * Analogy test sets in the "questions-words" format of the original word2vec release: a line
 * `: section-name` opens a section, every other line holds four words "a b c d" (a is to b as c is
 * to d).
 */
import { readFileSync } from 'node:fs';
import { FileFormatError, ValueError } from '../../index.js';
import type { AnalogyMethod, KeyedVectors } from './keyed-vectors.js';

/** One question: a is to b as c is to `expected`. */
export interface AnalogyQuestion {
  a: string;
  b: string;
  c: string;
  expected: string;
}

/** A named group of questions (`: capital-common-countries`, `: gram2-opposite`, ...). */
export interface AnalogySection {
  name: string;
  questions: AnalogyQuestion[];
}

/** Correct answers in one section (or in total). Questions with an unknown word are skipped. */
export interface AnalogyScore {
  name: string;
  correct: number;
  /** Questions answered (all four words known). */
  total: number;
  skipped: number;
  /** correct / total (0 when nothing was answered). */
  accuracy: number;
}

/** What `evaluateAnalogies` returns: one score per section and the total. */
export interface AnalogyEvaluation {
  sections: AnalogyScore[];
  total: AnalogyScore;
}

/** Options of `evaluateAnalogies`. */
export interface EvaluateAnalogiesOptions {
  /** 3CosAdd (default) or 3CosMul. */
  method?: AnalogyMethod;
  /** Answer only among the first `restrictVocab` words (default all), as gensim does. */
  restrictVocab?: number;
  /** Match the questions' words without regard to case (default true). */
  caseInsensitive?: boolean;
}

/**
 * Parses questions-words text; `file` names it in errors. Blank lines are skipped; a line that is
 * neither a section header nor four words is a FileFormatError naming the line.
 * @example
 * parseAnalogies(': family\nboy girl brother sister\n', 'q.txt');
 * // [{ name: 'family', questions: [{ a: 'boy', b: 'girl', c: 'brother', expected: 'sister' }] }]
 */
export function parseAnalogies(text: string, file = '<analogies>'): AnalogySection[] {
  const sections: AnalogySection[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith(':')) {
      const name = line.slice(1).trim();
      if (name === '') throw new FileFormatError(file, `line ${i + 1}: a section header needs a name`);
      sections.push({ name, questions: [] });
      return;
    }
    const words = line.split(/\s+/);
    if (words.length !== 4)
      throw new FileFormatError(file, `line ${i + 1}: expected four words, got ${words.length} ('${line}')`);
    if (sections.length === 0)
      throw new FileFormatError(file, `line ${i + 1}: a question before the first ': section' line`);
    const [a, b, c, expected] = words as [string, string, string, string];
    sections[sections.length - 1]!.questions.push({ a, b, c, expected });
  });
  return sections;
}

/**
 * Answers every question of a questions-words file (or parsed sections) with `kv.analogy` and
 * counts the correct ones per section. A question with a word outside the (restricted)
 * vocabulary is skipped, as gensim's `evaluate_word_analogies` does.
 * @example
 * const kv = new KeyedVectors(['man', 'woman', 'king', 'queen'],
 *   new Float32Array([1, 0, 0, 1, 1, 0.2, 0, 1.2]), 2);
 * const sections = parseAnalogies(': royals\nman woman king queen\n');
 * evaluateAnalogies(kv, sections).total.accuracy; // 1
 */
export function evaluateAnalogies(
  kv: KeyedVectors,
  source: string | readonly AnalogySection[],
  options: EvaluateAnalogiesOptions = {},
): AnalogyEvaluation {
  const { method = '3CosAdd', caseInsensitive = true } = options;
  const restrictVocab = Math.min(options.restrictVocab ?? kv.count, kv.count);
  if (!Number.isSafeInteger(restrictVocab) || restrictVocab < 0)
    throw new ValueError(
      `evaluateAnalogies: restrictVocab must be an integer ≥ 0, got ${options.restrictVocab}`,
    );
  const sections = typeof source === 'string' ? parseAnalogies(readText(source), source) : source;
  // The first (most frequent) spelling of a word within the restricted vocabulary answers for it.
  const known = new Map<string, string>();
  for (let i = 0; i < restrictVocab; i++) {
    const word = kv.words[i]!;
    const key = caseInsensitive ? word.toLowerCase() : word;
    if (!known.has(key)) known.set(key, word);
  }
  const lookup = (w: string): string | undefined => known.get(caseInsensitive ? w.toLowerCase() : w);
  const scores = sections.map((section) => {
    let correct = 0;
    let total = 0;
    for (const q of section.questions) {
      const [a, b, c, d] = [q.a, q.b, q.c, q.expected].map(lookup);
      if (a === undefined || b === undefined || c === undefined || d === undefined) continue;
      total++;
      const [answer] = kv.analogy(a, b, c, { method, k: 1, restrictVocab });
      if (answer?.word === d) correct++;
    }
    return score(section.name, correct, total, section.questions.length - total);
  });
  const sum = (key: 'correct' | 'total' | 'skipped'): number => scores.reduce((s, x) => s + x[key], 0);
  return { sections: scores, total: score('total', sum('correct'), sum('total'), sum('skipped')) };
}

function score(name: string, correct: number, total: number, skipped: number): AnalogyScore {
  return { name, correct, total, skipped, accuracy: total === 0 ? 0 : correct / total };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new FileFormatError(file, `cannot be read (${(e as Error).message})`);
  }
}
