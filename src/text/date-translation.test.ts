import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, ValueError } from '../index.js';
import {
  type DateFormat,
  dateFormats,
  dateTranslationData,
  formatDate,
  isoDate,
  randomDate,
} from './date-translation.js';

test('formatDate writes one date in every format', () => {
  // 3 February 2001 was a Saturday.
  const date = { year: 2001, month: 2, day: 3 };
  const expected: Record<DateFormat, string> = {
    'd MMMM yyyy': '3 february 2001',
    'd MMM yyyy': '3 feb 2001',
    'dd MMM yyyy': '03 feb 2001',
    'EEEE dd MMM yyyy': 'saturday 03 feb 2001',
    'EEEE, MMMM d, yyyy': 'saturday, february 3, 2001',
    'MMMM d, yyyy': 'february 3, 2001',
    'MMM d yyyy': 'feb 3 2001',
    'd MMM yy': '3 feb 01',
    'M/d/yy': '2/3/01',
    'MM/dd/yyyy': '02/03/2001',
    'dd.MM.yy': '03.02.01',
  };
  assert.deepEqual(Object.keys(dateFormats), Object.keys(expected));
  for (const [format, text] of Object.entries(expected))
    assert.equal(formatDate(date, format as DateFormat), text);
  // The course's examples; 9 October 1993 was a Saturday.
  assert.equal(formatDate({ year: 1979, month: 5, day: 3 }, 'd MMMM yyyy'), '3 may 1979');
  assert.equal(formatDate({ year: 1979, month: 5, day: 3 }, 'M/d/yy'), '5/3/79');
  assert.equal(formatDate({ year: 1993, month: 10, day: 9 }, 'EEEE dd MMM yyyy'), 'saturday 09 oct 1993');
  assert.equal(isoDate({ year: 1979, month: 5, day: 3 }), '1979-05-03');
  assert.throws(() => formatDate(date, 'yyyy' as DateFormat), /formatDate: unknown format 'yyyy'/);
});

test('dateTranslationData is deterministic by seed, with ISO targets for hand-picked seeds', () => {
  assert.deepEqual(dateTranslationData(3, { seed: 1 }), [
    { human: '22 apr 76', iso: '1976-04-22', format: 'd MMM yy' },
    { human: '25 feb 2015', iso: '2015-02-25', format: 'dd MMM yyyy' },
    { human: '12/21/2018', iso: '2018-12-21', format: 'MM/dd/yyyy' },
  ]);
  // 12 May 2025 is a Monday.
  assert.deepEqual(dateTranslationData(1, { seed: 7 }), [
    { human: 'monday, may 12, 2025', iso: '2025-05-12', format: 'EEEE, MMMM d, yyyy' },
  ]);
  assert.deepEqual(dateTranslationData(50, { seed: 4 }), dateTranslationData(50, { seed: 4 }));
  assert.notDeepEqual(dateTranslationData(50, { seed: 4 }), dateTranslationData(50, { seed: 5 }));
  assert.deepEqual(dateTranslationData(0), []);
  assert.throws(() => dateTranslationData(-1), ValueError);
});

test('every generated pair names the same date on both sides, across all formats', () => {
  const examples = dateTranslationData(400, { seed: 0 });
  assert.equal(new Set(examples.map((e) => e.format)).size, Object.keys(dateFormats).length);
  for (const { human, iso, format } of examples) {
    const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
    assert.match(iso, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(year >= 1950 && year <= 2049, iso);
    // The ISO date is a real calendar day, and formatting it again gives the human text.
    const utc = new Date(Date.UTC(year, month - 1, day));
    assert.equal(utc.getUTCDate(), day, iso);
    assert.equal(formatDate({ year, month, day }, format), human);
  }
});

test('randomDate stays within 1950–2049', () => {
  const generator = new Generator(3);
  for (let i = 0; i < 1000; i++) {
    const { year, month, day } = randomDate(generator);
    assert.ok(year >= 1950 && year <= 2049 && month >= 1 && month <= 12 && day >= 1 && day <= 31);
  }
});
