/**
 * Builds bench/sotu-analogies.txt, the syntactic analogy set the word2vec comparison scores on.
 * How it is built is described in bench/sotu-analogies.md. Run: npx tsx bench/sotu-analogies.ts
 */
import { writeFileSync } from 'node:fs';
import { countWords } from '../src/text/embeddings/word2vec-vocabulary.js';
import { loadStateOfTheUnion } from '../src/text/state-of-the-union.js';
import { wordSentences } from '../src/text/word-sentences.js';

/** Hand-written candidate pairs (base form, inflected form), four families. */
const candidates: Record<string, string> = {
  'gram-plural': `nation nations state states year years law laws right rights power powers treaty treaties
    citizen citizens country countries war wars program programs school schools family families job jobs
    worker workers farmer farmers child children man men woman women city cities officer officers
    member members interest interests measure measures duty duties day days government governments
    problem problems policy policies ship ships vessel vessels claim claims bank banks tax taxes
    church churches friend friends enemy enemies union unions company companies territory territories`,
  'gram-past-tense': `increase increased make made take took give gave pass passed become became
    receive received begin began grow grew provide provided continue continued reduce reduced
    propose proposed create created establish established pay paid send sent find found know knew
    see saw say said ask asked fight fought build built win won lose lost spend spent bring brought
    leave left meet met show showed rise rose fall fell hold held adopt adopted approve approved
    enact enacted sign signed`,
  'gram-comparative': `great greater large larger small smaller high higher low lower strong stronger
    good better long longer wide wider early earlier easy easier hard harder cheap cheaper close closer
    safe safer old older young younger rich richer deep deeper fair fairer clear clearer weak weaker
    broad broader late later fast faster big bigger`,
  'gram-nationality-adjective': `america american britain british france french germany german
    spain spanish mexico mexican china chinese japan japanese russia russian italy italian cuba cuban
    canada canadian england english europe european africa african asia asian india indian
    israel israeli korea korean vietnam vietnamese iran iranian iraq iraqi poland polish greece greek
    egypt egyptian turkey turkish brazil brazilian chile chilean haiti haitian prussia prussian
    austria austrian portugal portuguese`,
};

/** Both words of a kept pair occur at least this often in the corpus. */
const MIN_COUNT = 20;
/** Each pair is asked against the next QUESTIONS_PER_PAIR pairs of its family (cyclically). */
const QUESTIONS_PER_PAIR = 8;

const sentences = loadStateOfTheUnion().flatMap((a) => wordSentences(a.text));
const { words, counts } = countWords(sentences, 1);
const countOf = new Map(words.map((w, i) => [w, counts[i]!]));
const lines: string[] = [];
const summary: string[] = [];
for (const [section, text] of Object.entries(candidates)) {
  const tokens = text.trim().split(/\s+/);
  const pairs: [string, string][] = [];
  const dropped: string[] = [];
  for (let i = 0; i < tokens.length; i += 2) {
    const [a, b] = [tokens[i]!, tokens[i + 1]!];
    if ((countOf.get(a) ?? 0) >= MIN_COUNT && (countOf.get(b) ?? 0) >= MIN_COUNT) pairs.push([a, b]);
    else dropped.push(`${a}/${b}`);
  }
  lines.push(`: ${section}`);
  let n = 0;
  for (let i = 0; i < pairs.length; i++)
    for (let k = 1; k <= Math.min(QUESTIONS_PER_PAIR, pairs.length - 1); k++) {
      const [a, b] = pairs[i]!;
      const [c, d] = pairs[(i + k) % pairs.length]!;
      lines.push(`${a} ${b} ${c} ${d}`);
      n++;
    }
  summary.push(
    `${section}: ${pairs.length} pairs, ${n} questions; dropped (rarer than ${MIN_COUNT}): ${dropped.join(' ') || 'none'}`,
  );
}
writeFileSync(new URL('./sotu-analogies.txt', import.meta.url), `${lines.join('\n')}\n`);
console.log(summary.join('\n'));
console.log(`${lines.length - Object.keys(candidates).length} questions in bench/sotu-analogies.txt`);
