import { Generator, ValueError } from '../index.js';

/** A calendar date (month 1–12, day 1–31). */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** One pair of the date-translation task: a date as people write it, and its ISO 8601 form. */
export interface DateExample {
  human: string;
  iso: string;
  /** The format `human` was written in (a key of {@link dateFormats}). */
  format: DateFormat;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const pad2 = (n: number): string => String(n).padStart(2, '0');
const month = (d: CalendarDate): string => MONTHS[d.month - 1]!;
const mon = (d: CalendarDate): string => month(d).slice(0, 3);
const weekday = (d: CalendarDate): string =>
  WEEKDAYS[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()]!;
const yy = (d: CalendarDate): string => pad2(d.year % 100);

/**
 * The hand-written formats people write dates in (lower case, as the course's data is), named
 * by their pattern. Two-digit years are read as 1950–2049, the span {@link randomDate} draws
 * from, so every format names one date.
 */
export const dateFormats = {
  'd MMMM yyyy': (d: CalendarDate) => `${d.day} ${month(d)} ${d.year}`,
  'd MMM yyyy': (d: CalendarDate) => `${d.day} ${mon(d)} ${d.year}`,
  'dd MMM yyyy': (d: CalendarDate) => `${pad2(d.day)} ${mon(d)} ${d.year}`,
  'EEEE dd MMM yyyy': (d: CalendarDate) => `${weekday(d)} ${pad2(d.day)} ${mon(d)} ${d.year}`,
  'EEEE, MMMM d, yyyy': (d: CalendarDate) => `${weekday(d)}, ${month(d)} ${d.day}, ${d.year}`,
  'MMMM d, yyyy': (d: CalendarDate) => `${month(d)} ${d.day}, ${d.year}`,
  'MMM d yyyy': (d: CalendarDate) => `${mon(d)} ${d.day} ${d.year}`,
  'd MMM yy': (d: CalendarDate) => `${d.day} ${mon(d)} ${yy(d)}`,
  'M/d/yy': (d: CalendarDate) => `${d.month}/${d.day}/${yy(d)}`,
  'MM/dd/yyyy': (d: CalendarDate) => `${pad2(d.month)}/${pad2(d.day)}/${d.year}`,
  'dd.MM.yy': (d: CalendarDate) => `${pad2(d.day)}.${pad2(d.month)}.${yy(d)}`,
} as const satisfies Record<string, (d: CalendarDate) => string>;

/** The name of one of {@link dateFormats}. */
export type DateFormat = keyof typeof dateFormats;

const FORMAT_NAMES = Object.keys(dateFormats) as DateFormat[];

/**
 * A date as the course's target writes it: `yyyy-mm-dd`.
 * @example
 * isoDate({ year: 1979, month: 5, day: 3 }); // => '1979-05-03'
 */
export function isoDate(d: CalendarDate): string {
  return `${d.year}-${pad2(d.month)}-${pad2(d.day)}`;
}

/**
 * Writes `date` in one of the human formats.
 * @example
 * formatDate({ year: 1993, month: 10, day: 9 }, 'EEEE dd MMM yyyy'); // => 'saturday 09 oct 1993'
 */
export function formatDate(date: CalendarDate, format: DateFormat): string {
  const write = Object.hasOwn(dateFormats, format) ? dateFormats[format] : undefined;
  if (!write)
    throw new ValueError(`formatDate: unknown format '${format}' (known: ${FORMAT_NAMES.join(', ')})`);
  return write(date);
}

/**
 * A uniformly drawn day between 1 January 1950 and 31 December 2049.
 * @example
 * randomDate(new Generator(0)); // => { year: 2047, month: 7, day: 19 }
 */
export function randomDate(generator: Generator): CalendarDate {
  const first = Date.UTC(1950, 0, 1);
  const days = Math.round((Date.UTC(2050, 0, 1) - first) / 86_400_000);
  const d = new Date(first + generator.below(days) * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * `count` examples of the date-translation task (the course's neural machine translation
 * exercise): a random date in a random human format, and its ISO form. The same seed gives the
 * same examples.
 * @example
 * dateTranslationData(2, { seed: 0 })[1]; // => { human: '02/23/2043', iso: '2043-02-23', format: 'MM/dd/yyyy' }
 */
export function dateTranslationData(count: number, { seed = 0 }: { seed?: number } = {}): DateExample[] {
  if (!Number.isSafeInteger(count) || count < 0)
    throw new ValueError(`dateTranslationData: count must be a non-negative integer, got ${count}`);
  const generator = new Generator(seed);
  return Array.from({ length: count }, () => {
    const date = randomDate(generator);
    const format = FORMAT_NAMES[generator.below(FORMAT_NAMES.length)]!;
    return { human: formatDate(date, format), iso: isoDate(date), format };
  });
}
